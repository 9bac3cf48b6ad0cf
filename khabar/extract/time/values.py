"""Honest time values: a reference date that may be partial, and resolution against it.

A relative expression is a function of the reference day.  When the reference is an
exact day it is applied once.  When the reference is partial (a Monday between two
bounds) it is applied to every day the reference could be, and the results are
merged: the same value everywhere -> that value; else an interval with only the fields
that never change (a weekday, a month) -> 'XXXX-XX-XX'-style values.  Never a guessed year.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from khabar.model import TimeValue

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?")
# Sample days for a reference with no usable bounds: every weekday, month and
# month-day position, two different years (ordinary and leap).
_SAMPLES = tuple(date(2001, 1, 1) + timedelta(days=37 * i) for i in range(22)) + tuple(
    date(2004, 2, 10) + timedelta(days=41 * i) for i in range(9)
)
MAX_SPAN_DAYS = 800  # bounds wider than this are treated as open


@dataclass(slots=True)
class Ref:
    """What relative expressions are resolved against."""

    day: date | None = None  # the exact day, when known
    lo: date | None = None
    hi: date | None = None
    weekday: int | None = None  # ISO 1..7, when that is all we know
    weekday_mask: int = 0  # bit w set for each ISO weekday the day may be (0: any)
    hour: int | None = None
    minute: int | None = None
    tz: str | None = None
    certainty: str = "exact"  # of the reference itself
    text: str = ""

    @property
    def known(self) -> bool:
        return self.day is not None

    def candidates(self) -> tuple[list[date], bool]:
        """Days the reference could be, and whether they are real (False: samples)."""
        if self.day is not None:
            return [self.day], True
        if self.lo and self.hi and 0 <= (self.hi - self.lo).days <= MAX_SPAN_DAYS:
            out = []
            d = self.lo
            while d <= self.hi:
                if (self.weekday is None or d.isoweekday() == self.weekday) and (
                        not self.weekday_mask or self.weekday_mask >> d.isoweekday() & 1):
                    out.append(d)
                d += timedelta(days=1)
            if out:
                return out, True
        samples = list(_SAMPLES)
        if self.weekday is not None:
            samples = [s + timedelta(days=(self.weekday - s.isoweekday()) % 7) for s in samples]
        return samples, False

    @classmethod
    def parse(cls, ref: Any) -> Ref:
        """From an ISO string, a TimeValue (or its dict), a date, or None."""
        if ref is None or ref == "":
            return cls(certainty="unknown")
        if isinstance(ref, Ref):
            return ref
        if isinstance(ref, date):
            return cls(day=ref, lo=ref, hi=ref, weekday=ref.isoweekday(), text=ref.isoformat())
        if isinstance(ref, dict):
            ref = TimeValue.from_dict(ref)
        if isinstance(ref, TimeValue):
            m = _ISO.match(ref.value or "")
            if m and not ref.value.startswith("XXXX"):
                r = cls.parse(ref.value)
                r.certainty = ref.certainty or "inferred"
                return r
            lo = _to_date(ref.earliest)
            hi = _to_date(ref.latest)
            wd = (ref.fields or {}).get("weekday")
            if lo and hi and lo == hi:
                return cls(day=lo, lo=lo, hi=hi, weekday=lo.isoweekday(), certainty=ref.certainty, text=ref.value)
            mask = int((ref.fields or {}).get("weekday_mask") or 0)
            return cls(lo=lo, hi=hi, weekday=wd, weekday_mask=mask, certainty="partial", text=ref.value)
        s = str(ref).strip()
        m = _ISO.match(s)
        if m:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            r = cls(day=d, lo=d, hi=d, weekday=d.isoweekday(), text=s)
            if m.group(4):
                r.hour, r.minute = int(m.group(4)), int(m.group(5))
                r.tz = m.group(6)
            return r
        m = re.match(r"^(\d{4})-(\d{2})$", s)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            return cls(lo=date(y, mo, 1), hi=month_end(y, mo), certainty="partial", text=s)
        m = re.match(r"^(\d{4})$", s)
        if m:
            y = int(m.group(1))
            return cls(lo=date(y, 1, 1), hi=date(y, 12, 31), certainty="partial", text=s)
        import email.utils  # an RSS/e-mail date ('Fri, 04 May 2018 11:47:16 +0400')

        try:
            dt = email.utils.parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            raise ValueError(f"cannot read reference date {ref!r}") from None
        return cls.parse(dt.date())


def _to_date(s: str | None) -> date | None:
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.match(r"^(\d{4})-(\d{2})$", s)
    if m:
        return date(int(m.group(1)), int(m.group(2)), 1)
    m = re.match(r"^(\d{4})$", s)
    if m:
        return date(int(m.group(1)), 1, 1)
    return None


# date.isoformat() and f'{n:02d}' go through the C library's printf, a few thousand
# instructions each; the days news speaks of are few, so each is written once
_ISO_OF: dict[date, str] = {}
_TWO = tuple(f"{i:02d}" for i in range(100))


def iso(d: date) -> str:
    """= d.isoformat()."""
    got = _ISO_OF.get(d)
    if got is None:
        if len(_ISO_OF) > 100_000:
            _ISO_OF.clear()
        got = _ISO_OF[d] = d.isoformat()
    return got


def two(n: int) -> str:
    """= f'{n:02d}'."""
    return _TWO[n] if 0 <= n < 100 else f"{n:02d}"


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_days(y: int, m: int) -> int:
    """= calendar.monthrange(y, m)[1], without its two Python-level calls."""
    if m == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0):
        return 29
    return _MONTH_DAYS[m]


def month_end(y: int, m: int) -> date:
    return date(y, m, month_days(y, m))


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


class Res:
    """One resolved value: an interval at a grain, with optional part of day / clock.  A
    plain class, not a dataclass, so that its __init__ compiles (see tagger.Cand)."""

    __slots__ = ("grain", "start", "end", "pod", "hour", "minute", "tz", "mod", "extra")

    def __init__(self, grain: str, start: date, end: date, pod: str | None = None, hour: int | None = None,
                 minute: int | None = None, tz: str | None = None, mod: str | None = None,
                 extra: dict[str, int] | None = None):
        self.grain = grain  # day|week|month|quarter|year|decade|century
        self.start = start
        self.end = end
        self.pod = pod  # MO/AF/EV/NI
        self.hour = hour
        self.minute = minute
        self.tz = tz  # 'Z' when converted to UTC, or an IANA name kept local
        self.mod = mod
        self.extra: dict[str, int] = {} if extra is None else extra

    def __repr__(self) -> str:
        return f"Res({self.grain!r}, {self.start}, {self.end}, hour={self.hour}, pod={self.pod!r}, mod={self.mod!r})"

    def value(self) -> str:
        g = self.grain
        s = self.start
        if g == "day":
            v = iso(s)
        elif g == "week":
            iy, iw, _ = s.isocalendar()
            v = f"{iy}-W{two(iw)}"
        elif g == "month":
            v = iso(s)[:7]
        elif g == "quarter":
            v = f"{iso(s)[:4]}-Q{(s.month - 1) // 3 + 1}"
        elif g == "half":
            v = f"{iso(s)[:4]}-H{(s.month - 1) // 6 + 1}"
        elif g == "year":
            v = iso(s)[:4]
        elif g == "decade":
            v = f"{s.year // 10:03d}X"
        elif g == "century":
            v = f"{s.year // 100:02d}XX"
        elif g == "range" and self.extra.get("months"):  # 'بين مايو ويوليو'
            v = f"{iso(s)[:7]}/{iso(self.end)[:7]}"
        elif g == "range":
            v = f"{iso(s)}/{iso(self.end)}"
        else:
            v = iso(s)
        return v + self.suffix()

    @property
    def tgrain(self) -> str:
        return "minute" if self.hour is not None else self.grain

    def suffix(self) -> str:
        if self.hour is not None:
            t = "T" + two(self.hour) + ":" + two(self.minute or 0)
            return t + ("Z" if self.tz == "Z" else "")
        if self.pod:
            return "T" + self.pod
        return ""

    def fields(self) -> dict[str, int]:
        f: dict[str, int] = {}
        g = self.grain
        if g in ("day", "month", "quarter", "half", "year", "week"):
            f["year"] = self.start.year
        if g in ("day", "month"):
            f["month"] = self.start.month
        if g == "day":
            f["day"] = self.start.day
            f["weekday"] = self.start.isoweekday()
        if g == "week":
            f["week"] = self.start.isocalendar()[1]
        if self.hour is not None:
            f["hour"] = self.hour
            f["minute"] = self.minute or 0
        f.update(self.extra)
        return f

    def bounds(self) -> tuple[str, str]:
        if self.hour is not None:
            t = "T" + two(self.hour) + ":" + two(self.minute or 0) + ("Z" if self.tz == "Z" else "")
            return iso(self.start) + t, iso(self.end) + t
        return iso(self.start), iso(self.end)


def day(d: date, **kw: Any) -> Res:
    return Res("day", d, d, **kw)


def month(y: int, m: int, **kw: Any) -> Res:
    return Res("month", date(y, m, 1), month_end(y, m), **kw)


def year(y: int, **kw: Any) -> Res:
    return Res("year", date(y, 1, 1), date(y, 12, 31), **kw)


def week_of(d: date, **kw: Any) -> Res:
    start = d - timedelta(days=d.isoweekday() - 1)
    return Res("week", start, start + timedelta(days=6), **kw)


def underspecified(results: list[Res], real: bool) -> TimeValue:
    """Merge the values a relative expression takes over every possible reference day."""
    vals = {r.value() for r in results}
    first = results[0]
    if len(vals) == 1 and real:
        e, la = first.bounds()
        return TimeValue(first.value(), first.tgrain, e, la, first.fields(), first.mod, "inferred")
    common = dict(first.fields())
    for r in results[1:]:
        f = r.fields()
        for k in list(common):
            if f.get(k) != common[k]:
                del common[k]
    suffixes = {r.suffix() for r in results}
    suffix = first.suffix()
    if len(suffixes) > 1 and "local_hour" in common:  # a DST zone on an unknown day: keep local time
        suffix = f"T{common['local_hour']:02d}:{common.get('minute', 0):02d}"
        common.pop("hour", None)
    value = _pattern(first.grain, common) + suffix
    earliest: str | None = None
    latest: str | None = None
    if real:
        earliest = min(r.bounds()[0] for r in results)
        latest = max(r.bounds()[1] for r in results)
    return TimeValue(value, first.tgrain, earliest, latest, common, first.mod, "partial" if real else "unknown")


def _pattern(grain: str, f: dict[str, int]) -> str:
    y = f"{f['year']:04d}" if "year" in f else "XXXX"
    if grain == "day":
        if "month" in f or "day" in f or "weekday" not in f:
            mo = f"{f['month']:02d}" if "month" in f else "XX"
            d = f"{f['day']:02d}" if "day" in f else "XX"
            return f"{y}-{mo}-{d}"
        return f"{y}-WXX-{f['weekday']}"
    if grain == "week":
        return f"{y}-W{f['week']:02d}" if "week" in f else f"{y}-WXX"
    if grain == "month":
        return f"{y}-{f['month']:02d}" if "month" in f else f"{y}-XX"
    if grain in ("year",):
        return y
    if grain == "decade":
        return "XXX" + "X"
    if grain == "quarter" and "quarter" in f:  # 'الربع الأخير من العام الماضي' with no reference
        return f"{y}-Q{f['quarter']}"
    if grain == "half" and "half" in f:
        return f"{y}-H{f['half']}"
    return y


def resolve(fn: Callable[[date], Res | None], ref: Ref) -> TimeValue | None:
    """Apply ``fn`` to the reference (every day it could be) and merge honestly.  A day
    beyond the calendar ('قبل أكثر من 2500 عام': before year 1) has no date value."""
    if ref.day is not None:  # an exact day: once
        try:
            r = fn(ref.day)
        except (ValueError, OverflowError):
            return None
        return None if r is None else absolute(r, "exact" if ref.certainty == "exact" else "inferred")
    days, real = ref.candidates()
    results = []
    for d in days:
        try:
            r = fn(d)
        except (ValueError, OverflowError):
            continue
        if r is not None:
            results.append(r)
    if not results:
        return None
    if ref.day is not None:
        return absolute(results[0], "exact" if ref.certainty == "exact" else "inferred")
    return underspecified(results, real)


def absolute(r: Res, certainty: str = "exact") -> TimeValue:
    if r.grain == "day" and r.hour is None and r.end == r.start:  # the common case, in one go
        s = r.start
        text = iso(s)
        f = {"year": s.year, "month": s.month, "day": s.day, "weekday": s.isoweekday()}
        if r.extra:
            f.update(r.extra)
        return TimeValue(text + "T" + r.pod if r.pod else text, "day", text, text, f, r.mod, certainty)
    e, la = r.bounds()
    return TimeValue(r.value(), r.tgrain, e, la, r.fields(), r.mod, certainty)


def duration_value(amount: float, unit: str) -> str:
    """TIMEX3 duration: PT90M, P10D, PT1H30M, P2W, P3Y, P1DE."""
    if unit == "S" and amount != int(amount):  # '9.58 ثانية': a timing keeps its hundredths
        return f"PT{round(amount, 3):g}S"
    if unit == "Y" and amount != int(amount) and round((amount % 1) * 12, 6) == int(round((amount % 1) * 12, 6)):
        y, mo = int(amount), int(round((amount % 1) * 12))  # 'ثلاث سنوات ونصف' = P3Y6M, as 'ساعتين ونصف' = PT2H30M
        return f"P{y}Y{mo}M" if y else f"P{mo}M"
    if unit in ("H", "M", "S"):
        secs = {"H": 3600, "M": 60, "S": 1}[unit] * amount
        h, rem = divmod(int(round(secs)), 3600)
        m, s = divmod(rem, 60)
        out = "PT"
        if h:
            out += f"{h}H"
        if m:
            out += f"{m}M"
        if s or out == "PT":
            out += f"{s}S"
        return out
    if unit == "D" and amount != int(amount):
        return duration_value(amount * 24, "H").replace("PT", "P" + "T", 1)
    if unit in ("DE", "CE") and amount != int(amount):  # 'نصف قرن' = 50 years
        return duration_value(amount * (10 if unit == "DE" else 100), "Y")
    n = int(amount) if amount == int(amount) else amount
    letter = {"D": "D", "W": "W", "MO": "M", "Y": "Y", "DE": "DE", "CE": "CE"}[unit]
    return f"P{n}{letter}"


def shift(d: date, amount: int, unit: str) -> date:
    if unit == "D":
        return d + timedelta(days=amount)
    if unit == "W":
        return d + timedelta(days=7 * amount)
    if unit in ("MO", "Y", "DE", "CE"):
        months = amount * {"MO": 1, "Y": 12, "DE": 120, "CE": 1200}[unit]
        y, m = add_months(d.year, d.month, months)
        return date(y, m, min(d.day, month_days(y, m)))
    return d
