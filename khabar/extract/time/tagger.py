"""The Arabic temporal tagger: find and normalise time expressions in one pass.

Cheapest evidence first: the text is normalised once (offsets mapped back); anchor words
(month names, units, weekdays, relative words, holidays...) are found by one set
intersection over the split text, digits by their shape; only windows around an anchor are
searched, and only by the patterns that anchor can take part in (a unit wakes the quantity
patterns, a month name the date patterns).  Overlaps keep the longest span; names that hold
time words are dropped (time_not_times.tsv); adjacent pieces merge ('يوم الجمعة 15 أغسطس',
'الاثنين الساعة الخامسة مساء بتوقيت موسكو'); then each expression is resolved against the
reference date (``values.resolve``), which may be partial.  dateparser is never called here.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from hijridate import Gregorian, Hijri

from khabar.model import TimeExpr, TimeValue
from khabar.text.lexicon import load_tsv
from khabar.text.normalize import _TABLE as _NORM_TABLE

from . import values as V
from .lexicon import _alt, compile_fast, key, lexicon, number_value, ordinal_value, parts, prefix_matcher

SOURCE = "times.rules.v1"

_TABLE = dict(_NORM_TABLE)
for _c in range(ord("A"), ord("Z") + 1):
    _TABLE[_c] = chr(_c + 32)
# regex literals are written as normalised text; this keeps them so if someone types أ/ى/ة
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_DELETED = compile_fast("[" + "".join(re.escape(chr(k)) for k, v in _NORM_TABLE.items() if v is None) + "]")


_NORM_MAP = {chr(k): (v if v is not None else "") for k, v in _TABLE.items()}


def _norm_char(m: re.Match[str]) -> str:
    return _NORM_MAP[m.group()]


# The letters most Arabic sentences hold that normalisation changes (hamza forms, ta marbuta,
# alef maqsura, the Arabic comma) are replaced by str.replace, a C scan each; the regex with
# its call per character then takes only the rest (diacritics, tatweel, other digits), most
# often none: half the cost of one regex for all.  No replacement is itself a key, so the order
# of the steps changes nothing.
_FREQUENT = tuple((c, _NORM_MAP[c]) for c in "ةأىإئآؤ،" if c in _NORM_MAP)
_RARE_RX = compile_fast("[" + "".join(re.escape(c) for c in _NORM_MAP if c not in dict(_FREQUENT)) + "]")
assert not any(v in _NORM_MAP for v in _NORM_MAP.values() if v)


def _normalise_short(text: str) -> str:
    """= text.translate(_TABLE), three times as fast on Arabic."""
    for c, v in _FREQUENT:
        if c in text:
            text = text.replace(c, v)
    return _RARE_RX.sub(_norm_char, text)


_NUMPY_FROM = 300  # characters; below this the fixed cost of numpy loses


@lru_cache(maxsize=1)
def _np_tables() -> tuple[Any, Any, Any, Any]:
    """numpy (imported on first use: 0.2 s), and per UTF-16 code unit: its normalised unit,
    whether it normalises to an ASCII digit, and its unit in the split view (punctuation and
    white space made plain spaces).  Texts outside the Basic Multilingual Plane take the
    regex path."""
    import numpy as np

    tab = np.arange(0x10000, dtype=np.uint16)
    deleted = np.zeros(0x10000, dtype=bool)
    for k, v in _NORM_MAP.items():
        if ord(k) >= 0x10000:
            continue
        if v == "":
            deleted[ord(k)] = True
        else:
            tab[ord(k)] = ord(v)
    split = tab.copy()
    for c in _PUNCT_SPACE:
        if c < 0x10000:
            split[tab == c] = 32  # what normalises to a separator is one
    digit = (tab >= 48) & (tab <= 57)
    tab[deleted] = split[deleted] = _DEL_MARK_CODE  # removed after decoding, positions kept
    return np, tab, digit, split


_DEL_MARK = "\ue000"  # a private-use character; a text holding one takes the regex path
_DEL_MARK_CODE = ord(_DEL_MARK)
_DEL_MARK_RX = compile_fast(_DEL_MARK)


class _Norm:
    """Normalised text, the map back to original offsets (deletions only), and the split
    view: ' ' + the normalised text with every separator a plain space + ' ' (same offsets
    plus one), so ' word ' finds each word."""

    __slots__ = ("text", "norm", "dels", "_spaced", "_digits")

    def __init__(self, text: str):
        self.text = text
        self._spaced: str | None = None
        self._digits: list[tuple[int, int]] | None = None
        if len(text) > _NUMPY_FROM and _DEL_MARK not in text:  # a table lookup per code unit: 3x the regex
            try:
                b = text.encode("utf-16-le")
            except UnicodeEncodeError:  # a lone surrogate: the regex path takes it
                b = b""
            if len(b) == 2 * len(text):  # every character in the BMP
                np, tab, digit, split = _np_tables()
                a = np.frombuffer(b, dtype=np.uint16)
                # (array.take: a third faster than indexing with an array)
                norm = tab.take(a).tobytes().decode("utf-16-le")
                spaced = split.take(a).tobytes().decode("utf-16-le")
                if _DEL_MARK in norm:
                    dels = self.dels = [m.start() for m in _DEL_MARK_RX.finditer(norm)]
                    norm = norm.replace(_DEL_MARK, "")
                    spaced = spaced.replace(_DEL_MARK, "")
                else:
                    dels = self.dels = []
                self.norm = norm
                self._spaced = " " + spaced + " "
                # digit runs ([0-9]+) from the same array: 4x the regex scan
                runs: list[tuple[int, int]] = []
                pos = np.flatnonzero(digit.take(a)).tolist()
                if pos:
                    st = prev = pos[0]
                    for q in pos[1:]:
                        if q != prev + 1:
                            runs.append((st, prev + 1))
                            st = q
                        prev = q
                    runs.append((st, prev + 1))
                    if dels:  # to offsets in the normalised text
                        runs = [(i - bisect.bisect_left(dels, i), j - bisect.bisect_left(dels, j)) for i, j in runs]
                self._digits = runs
                return
        self.norm = _normalise_short(text)
        self.dels = [m.start() for m in _DELETED.finditer(text)] if len(self.norm) != len(text) else []

    @property
    def digits(self) -> list[tuple[int, int]]:
        """The runs of ASCII digits in the normalised text, as (start, end)."""
        if self._digits is None:
            self._digits = [m.span() for m in _DIGITS_RX.finditer(self.norm)]
        return self._digits

    @property
    def spaced(self) -> str:
        if self._spaced is None:
            self._spaced = " " + _PUNCT_RX.sub(" ", self.norm) + " "
        return self._spaced

    def orig(self, i: int) -> int:
        if not self.dels:
            return i
        k = 0
        while True:
            k2 = bisect.bisect_right(self.dels, i + k)
            if k2 == k:
                return i + k
            k = k2

    def span(self, s: int, e: int) -> tuple[int, int]:
        if not self.dels:
            return s, e
        return self.orig(s), self.orig(e - 1) + 1


# ---------------------------------------------------------------- candidates


DayFn = Callable[[date], "V.Res | None"]  # a reference day -> the value it gives (date-like)


class Cand:
    """A candidate expression before resolution.  A plain class, not a dataclass: compiled,
    its __init__ is native (a dataclass's is generated Python, a fifth of the cost of handling
    a match)."""

    __slots__ = ("start", "end", "type", "rule", "fn", "relative", "directional", "value", "clock", "dirfn", "extra", "weak")

    def __init__(self, start: int, end: int, type: str, rule: str, fn: DayFn | None = None, relative: bool = False,
                 directional: bool = False, value: TimeValue | None = None,
                 clock: tuple[int, int, str | None, str | None] | None = None,
                 dirfn: Callable[[str], DayFn] | None = None, extra: dict[str, Any] | None = None, weak: bool = False):
        self.start = start
        self.end = end
        self.type = type  # date|time|datetime|duration|interval|set
        self.rule = rule
        self.fn = fn  # ref day -> value (date-like)
        self.relative = relative
        self.directional = directional  # needs a tense direction (bare weekday, year-less date)
        self.value = value  # ref-free value (durations, sets, absolute)
        self.clock = clock  # hour, minute, pod, tz
        self.dirfn = dirfn
        self.extra: dict[str, Any] = {} if extra is None else extra
        self.weak = weak  # a lone unit word ('قبل يوم', 'خلال شهر'): yields to a stronger overlap

    def __repr__(self) -> str:
        return f"Cand({self.start}, {self.end}, {self.type!r}, {self.rule!r})"


def _const(r: V.Res) -> DayFn:
    """A value that does not depend on the reference day (an absolute date)."""
    return lambda ref: r


def _day_after(off: int) -> DayFn:
    """The day ``off`` days after the reference ('أمس' -1, 'غدا' +1)."""
    return lambda ref: V.day(ref + timedelta(days=off))


PRE = r"(?P<p0>[وف]?[بلك]?)"
# nouns that count what a four-digit number holds, never a year's ('2000 شخص', '1800 دولار'); see _AMOUNT_AFTER
_COUNTED_NOUNS = "شخص|قتيل|جندي|دولار|مليون|الف|متر|كيلو"


@lru_cache(maxsize=1)
def _rules() -> list[tuple[str, re.Pattern[str]]]:
    p = parts()
    months = p["months"]
    mon2 = rf"(?P<m>{months})(?!\w)(?:(?:\s*[/\(\-–]\s*|\s+)(?:{months})(?!\w)(?:\s*\))?)?"
    year_kw = r"(?:(?:من\s+)?(?:عام|العام|سنه|السنه|لعام)\s+)?"
    yr = rf"(?:\s*[,،]?\s*{year_kw}(?P<y>(?:1[89]|20|21)\d\d)(?!\d)(?:\s*(?:م|ميلادي\w*)(?!\w))?)"
    num = p["num"]
    unit = p["unit"]
    wd = p["weekday"]
    rel = p["rel"]
    day_rel = r"اليوم|امس|الامس|البارحه|غدا|الغد|غد|بعد\s+غد|بعد\s+الغد|اول\s+امس|امس\s+الاول|الليله\s+(?:الماضيه|المنصرمه|الفايته)|الليله|هذا\s+الصباح|هذا\s+المساء"
    pod_pre = r"صباح|مساء|ظهر|ظهيره|عصر|فجر|ليله|ليل|منتصف\s+ليل(?:ه)?|صبيحه|ضحي"
    not_day = r"(?!\s+(?:التالي|السابق|التاليه|السابقه|الذي|التي|نفسه|ذاته|نفسها|ذاتها|العالمي|الوطني|الدولي|الاول|الثاني|الثالث|الرابع|الخامس|السابع|الاخير|الموعود|ده|دا)(?!\w))"
    part = r"منتصف|اواسط|اوائل|اواخر|مطلع|مستهل|بدايه|بدايات|نهايه|نهايات|اخر|اول|اوسط|غره|اواسط|متم"
    hij = p["hijri"]
    cur = r"الجاري|الجاريه|الحالي|الحاليه"  # 'الجاري' after a day of a month: this month's
    rules = [
        ("iso", r"(?<![\d/])(?P<y>\d{4})(?P<sep>[-/.])(?P<mo>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?:[t ](?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2}(?:\.\d+)?)?(?P<z>z|[+-]\d{2}:?\d{2})?)?(?![\d/])"),
        ("numeric", r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{4}|\d{2})(?![\d/])(?:\s*(?:م|ه)(?!\w))?"),
        # KUNA's dateline gives day and month as numbers: 'الكويت - 25 - 3 (كونا) --'
        ("dateline", r"(?<![\w.,/:-])(?P<d>\d{1,2})\s*-\s*(?P<mo>\d{1,2})(?=\s*\(\s*كونا\s*\))"),
        ("en_mdy", rf"(?<!\w)(?P<m>{p['en']})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)"),
        ("dmy", rf"(?<!\w){PRE}(?:(?P<dpod>{pod_pre})\s+)?(?:(?:ال)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?|(?P<od>{p['ord_day']}))\s*[,،]?\s*(?:من\s+)?(?:شهر\s+)?{mon2}(?:{yr}|(?:\s+(?P<dmod>{p['past']}|{p['next']}|{cur})(?!\w)))?"),
        ("part", rf"(?<!\w){PRE}(?P<part>{part}|النصف\s+(?:الاول|الثاني)\s+من(?=\s+(?:شهر\s+)?(?:{months})(?!\w)))\s+(?:(?:شهر\s+)?{mon2}(?:{yr}|\s+من\s+(?:العام|السنه)\s+(?P<ymod>{rel})(?!\w))?|{year_kw}(?:(?:المالي|الماليه)\s+(?=\d{{4}}(?!\s*[-–/]\s*\d)))?(?P<y2>(?:19|20)\d\d)(?!\d)|(?:ال)?(?P<u>شهر|عام|سنه|اسبوع)(?:\s+(?P<mod>{rel}))?(?!\w)|(?P<dec>العقد)\s+(?P<dmod>{rel})(?!\w))"),
        ("day_relmonth", rf"(?<!\w){PRE}(?:(?P<d>\d{{1,2}})|(?P<od>{p['ord_day']}))\s+(?:من\s+)?(?:(?P<this>هذا)\s+)?الشهر(?!\w)(?:\s+(?P<mod>{rel})(?!\w))?"),
        ("month_year", rf"(?<!\w){PRE}(?:شهر\s+)?{mon2}{yr}"),
        ("month", rf"(?<!\w)(?P<pre>[وف]?(?:في|خلال|منذ|قبل|بعد|حتي|اواخر|مطلع|ومطلع|ل?شهر|بحلول|حلول|ل?شهري|من|تسليم))\s+(?:شهر\s+)?{mon2}(?!\s*[,،]?\s*(?:من\s+)?(?:عام\s+|العام\s+|سنه\s+)?\d{{4}})(?!\s+(?:من\s+)?(?:هذا\s+(?:العام|السنه)|(?:العام|السنه)\s+(?:{rel}))(?!\w))(?:\s+(?P<mod>{rel})(?!\w))?"),
        ("hijri", rf"(?<!\w){PRE}(?:(?:ال)?(?P<ten>عشر)\s+(?:ال)?(?P<tw>اواخر|اخيره|اوائل|اولي|اول)\s+(?:من\s+)?)?(?:(?P<d>\d{{1,2}}|{p['ord_day']})\s+(?:من\s+)?)?(?:(?P<shahr>شهر)\s+)?(?P<m>{hij})(?!\w)(?:(?:\s+(?:المبارك|الكريم|المعظم|الفضيل|الحرام))?\s+(?:من\s+|ل)?(?:عام\s+|العام\s+|سنه\s+)?(?P<y>1[345]\d\d)(?!\d))?(?P<h>\s*(?:ه|هجري\w*|للهجره)(?!\w))?(?:\s+(?P<hmod>الماضي|المنصرم|الفايت|المقبل|القادم|الحالي|الجاري)(?!\w))?"),
        ("hijri_year", rf"(?<!\w){PRE}(?:(?:عام|العام|سنه)\s+)?(?P<y>1[345]\d\d)\s*(?:ه|هجري\w*|للهجره)(?!\w)"),
        ("holiday", rf"(?<!\w){PRE}(?:(?P<ord>اول|ثاني|ثالث|رابع|اخر)\s+ايام\s+)?(?P<h>{p['holiday']})(?!\w)(?:\s+(?:لعام\s+|عام\s+|العام\s+)?(?P<y>(?:19|20)\d\d)(?!\d))?"),
        ("year", rf"(?<!\w)(?P<pre>[وف]?(?:منذ|قبل|بعد|حتي|في|خلال|مطلع|منتصف|نهايه|بدايه|اواخر|اوائل|اواسط|مع|من|بين|الي|لعام|لسنه|للعام|للسنه|عام|العام|سنه|السنه|عامي)\s+)(?:(?:عام|العام|سنه|السنه)\s+)?(?:(?:المالي|الماليه)\s+)?(?P<y>(?:1[89]|20)\d\d)(?!\d)(?:\s*(?:م|ميلادي\w*)(?!\w))?(?!\s*(?:\w+\s+)?(?:{_COUNTED_NOUNS}))(?:\s*(?:-|و|الي|حتي)\s*(?P<y2>(?:1[89]|20)\d\d)(?!\d))?"),
        ("weekday", rf"(?<!\w){PRE}(?:(?P<pod0>{pod_pre})\s+(?=اليوم|امس|غد|يوم\s+(?:امس|غد)))?(?:(?P<rel>اليوم|(?:يوم\s+)?(?:امس|الامس|غد)|غدا|بعد\s+غد|{pod_pre})\s+)?(?:(?P<yawm>يوم)\s+)?(?P<al>ال)?(?P<wd>{wd})(?!\w)(?:\s+(?P<mod>{rel})(?!\w))?(?:\s+(?P<pod1>مساء|مساءا|صباحا|ظهرا|عصرا|فجرا|ليلا)(?!\w))?"),
        ("weekday_range", rf"(?<!\w){PRE}(?:(?:ما\s+)?(?:من|بين)\s+(?:يوم\s+)?|يومي\s+)ال(?P<wd1>{wd})(?!\w)\s*(?:الي|حتي|و|-|–)\s*(?:يوم\s+)?ال(?P<wd2>{wd})(?!\w)(?:\s+(?P<mod>المقبلين|القادمين|الماضيين|المقبل|القادم|الماضي)(?!\w))?"),
        # an ordinal weekday of a month: 'آخر خميس من شهر أكتوبر', 'الجمعة الثالثة من شهر رمضان',
        # 'الخميس الأخير من نوفمبر'; a masculine ordinal after a weekday is the day of the month
        # ('يوم السبت الثاني من أكتوبر': Saturday 2 October), as rule dmy reads it
        ("weekday_nth", rf"(?<!\w){PRE}(?:(?P<o1>اول|ثاني|ثالث|رابع|خامس|اخر)\s+(?P<wd1>{wd})|(?:يوم\s+)?ال(?P<wd2>{wd})\s+(?P<o2>الاولي|الثانيه|الثالثه|الرابعه|الخامسه|الاخيره|الاخير))(?!\w)\s+(?:من|في)\s+(?:شهر\s+)?(?:{mon2}(?:\s*[,،]?\s*(?:من\s+)?(?:عام\s+|العام\s+)?(?P<y>(?:19|20)\d\d)(?!\d))?|(?P<hm>{hij})(?!\w)(?:\s+(?:من\s+|ل)?(?:عام\s+|العام\s+)?(?P<hy>1[345]\d\d)(?!\d))?)"),
        ("relday", rf"(?<!\w){PRE}(?:(?P<pod>{pod_pre})\s+)?(?:(?P<yawm>يوم)\s+(?=امس|الامس|غد|الغد))?(?P<w>{day_rel})(?!\w){not_day}"),
        ("relunit", rf"(?<!\w){PRE}(?:(?P<this>هذا|هذه)\s+)?(?P<u>ال(?:اسبوع|شهر|عام|سنه|عقد))(?!\w)(?P<fisc>\s+(?:المالي|الماليه)(?!\w))?(?:\s+(?P<before>قبل\s+|بعد\s+)?(?P<mod>{rel})(?!\w))?"),
        ("relplural2", rf"(?<!\w){PRE}(?:ال(?P<n>\d+)|(?P<nw>ال(?:{p['card']})(?:\s+و\s*ال(?:{p['card']}))?))\s+(?P<unit>{unit})\s+(?P<mod>{p['past']}|{p['next']}|الاخيره)(?!\w)"),
        ("day_range", rf"(?<!\w){PRE}(?:(?:ما\s+)?(?:بين|من)\s+(?P<o1>{p['ord_day']})\s*(?:و|الي|حتي)\s*(?P<o2>{p['ord_day']})|(?:(?:ما\s+)?(?:بين|من)\s+)?(?:(?P<d0>\d{{1,2}})\s*(?:و|[,،])\s*(?=\d{{1,2}}\s*و))?(?P<d1>\d{{1,2}})\s*(?:و|الي|-|–|حتي)\s*(?P<d2>\d{{1,2}}))\s+(?:من\s+)?(?:شهر\s+)?{mon2}(?:{yr}|\s+(?P<dmod>{p['past']}|{p['next']}|{cur})(?!\w))?"),
        ("month_range", rf"(?<!\w)[وف]?(?:ما\s+)?(?:بين|من)\s+(?:شهر\s+|شهري\s+)?(?P<m>{months})(?!\w)\s*(?:و|الي|حتي|-)\s*(?:شهر\s+)?(?P<m2>{months})(?!\w)(?P<yr>{yr})?"),
        ("month_relyear", rf"(?<!\w){PRE}(?:(?P<d>\d{{1,2}})\s+(?:من\s+)?)?(?:شهر\s+)?{mon2}\s+(?:من\s+)?(?:(?P<this>هذا)\s+)?(?:العام|السنه)(?!\w)(?:\s+(?P<mod>{rel})(?!\w))?"),
        ("relplural", rf"(?<!\w){PRE}(?P<u>ال(?:ايام|اسابيع|اشهر|شهور|سنوات|اعوام|ساعات|عقود|يومين|اسبوعين|شهرين|عامين|سنتين|ساعتين|عقدين))(?:\s+(?:ال)?(?P<n>(?:{p['card']})(?:\s+و\s*(?:ال)?(?:{p['card']}))?|\d+))?(?:\s+(?P<few>القليله|المعدوده))?\s+(?P<mod>{p['past']}|{p['next']}|الماضيين|الماضيتين|المنصرمين|السابقين|الاخيره|الاخيرين|الاخيرتين|المقبلين|المقبلتين|القادمين|القادمتين)(?!\w)"),
        ("qrange", rf"(?<!\w){PRE}(?:(?P<pre>{p['qpre']})\s+)?(?:(?P<ap>{p['approx']})\s+)?(?:ما\s+)?(?:من|بين)\s+(?P<a>{num}(?:\s+(?:{unit}))?|(?:{unit}))\s*(?:الي|و|-|–|او)\s*(?P<b>{num})\s+(?P<unit>{unit})(?!\w)"),
        ("qrange2", rf"(?<!\w){PRE}(?:(?P<pre>{p['qpre']})\s+)?(?:(?P<ap>{p['approx']})\s+)?(?P<a>\d+)\s*(?:-|–|الي|او)\s*(?P<b>\d+)\s+(?P<unit>{unit})(?!\w)"),
        ("quantity", rf"(?<!\w){PRE}(?:(?P<pre>{p['qpre']})\s+)?(?:(?P<ap>{p['approx']})\s+)?(?:(?P<n>{num})\s+)?(?P<frac0>نصف\s+|ربع\s+|ثلاثه\s+ارباع\s+)?(?P<al>ال)?(?P<unit>{unit})(?!\w)(?!\s+(?:ال)?(?:{wd})(?!\w))(?P<frac>\s+و\s*(?:نصف|ربع|ثلث))?(?P<one>\s+واحد[اه]?(?!\w))?(?P<full>\s+كامل[اه]?(?!\w))?(?P<more>\s+(?:اضافي|اضافيا|اضافيه|اخر|اخري)(?!\w))?"),
        # 'ساعة و25 دقيقة', 'ثلاثة أعوام وأربعة أشهر': one duration (a rule of its own: where the
        # units do not add up, 'لأجل ثماني سنوات و12 سنة', each quantity is still found alone)
        ("qplus", rf"(?<!\w){PRE}(?:(?P<pre>{p['qpre']})\s+)?(?:(?P<ap>{p['approx']})\s+)?(?:(?P<n>{num})\s+)?(?P<unit>{unit})(?!\w)(?P<plus>\s+و\s*(?P<n2>\d+|(?:{p['card']})(?:\s+و\s*(?:{p['card']}))?)\s+(?P<unit2>{unit})(?!\w)(?:\s+و\s*(?P<n3>\d+|{p['card']})\s+(?P<unit3>{unit})(?!\w))?)"),
        ("clock", rf"(?<!\w){PRE}(?:(?:تمام\s+)?(?P<sa>ال?ساعه)\s+)?(?P<h>\d{{1,2}}(?:[:.,]\d{{2}})?|{p['fem_ord']})(?!\w)(?![.,:٫]\d)(?:\s+و\s*(?P<frac>النصف|نصف|الربع|ربع|الثلث|ثلث|\d{{1,2}}\s+(?:دقيقه|دقائق)|(?:{p['card']})(?:\s+عشره?|\s+و\s*(?:{p['card']}))?\s+(?:دقيقه|دقائق)))?(?:\s+الا\s+(?P<minus>ربعا|ربع|الربع|ثلثا|ثلث|\d{{1,2}}\s+دقيقه|(?:{p['card']})\s+دقائق|(?:{p['card']})\s+دقيقه))?(?:\s*(?:من\s+)?(?P<pod>{p['daypart']})(?!\w)(?:\s+(?:يوم\s+)?(?P<pday>اليوم|امس|الامس|غد|الغد|ال(?:{wd}))(?!\w)(?:\s+(?P<pmod>{p['past']}|{p['next']})(?!\w)|\s+ال(?:{wd})(?!\w))?|\s+(?P<pdd>\d{{1,2}}|{p['ord_day']})\s+(?:من\s+)?(?:شهر\s+)?(?P<pmo>{months})(?!\w)(?:\s+(?P<pdy>(?:19|20)\d\d)(?!\d))?)?)?(?:\s*\(?\s*(?:ب|ب?ال)?توقيت\s+(?P<zone>{p['zone']})(?!\w)|\s*(?P<z2>gmt|utc|ت\.?\s?غ)(?!\w))?"),
        ("midnight", rf"(?<!\w){PRE}منتصف\s+الليل(?!\w)(?:\s*\(?\s*(?:ب|ب?ال)?توقيت\s+(?P<zone>{p['zone']})(?!\w))?"),
        ("set", rf"(?<!\w)[وف]?(?:(?:في\s+)?كل\s+(?:(?P<n>{num})\s+)?(?:(?P<yawm>يوم)\s+)?(?:ال)?(?P<u>{wd}|{unit}|صباح|مساء|ليله)(?!\w)|(?P<adv>يوميا|اسبوعيا|شهريا|سنويا)(?!\w))"),
        ("vague", rf"(?<!\w){PRE}(?P<v>حاليا|الان|مؤخرا|قريبا|في\s+الاونه\s+الاخيره|في\s+وقت\s+سابق|في\s+وقت\s+لاحق|في\s+المستقبل\s+القريب|في\s+اقرب\s+وقت(?:\s+ممكن)?|في\s+اقرب\s+الاجال)(?!\w)"),
        ("year_span", r"(?<![\w.,/:-])(?P<y>(?:19|20)\d\d)\s*[-–/]\s*(?P<y2>(?:19|20)\d\d)(?![\w,/:%-]|\.\d)"),
        ("year_bare", rf"(?<![\w.,/:+-])(?P<y>(?:19|20)\d\d)(?![\w.,/:%+-])(?=\s*(?:$|[.,;:!?)»\"\n]|\s+(?:في|من|علي|الي|عن|مع|بعد|قبل|حين|عندما|التي|الذي|حيث|ثم|لكن|و)(?!\w)|\s+يوم\s+ال(?:{wd})(?!\w)))"),
        ("quarter", rf"(?<!\w){PRE}(?P<q>(?:ال|(?<=ل)ل)(?:ربع|نصف|ثلاثي|ثلاثيه|سداسي|سداسيه|فصل))\s+(?P<o>الاول|الاولي|الثاني|الثانيه|الثالث|الثالثه|الرابع|الرابعه|الاخير|الاخيره)(?!\w)(?:\s+(?:من\s+)?(?:(?:عام|العام|سنه|السنه|لعام|للعام|للسنه)(?!\w)\s*)?(?:(?P<y>(?:19|20)\d\d)(?!\d)|(?P<rel>{rel})(?!\w)|(?P<this>ل?هذا\s+العام|ل?هذه\s+السنه))?)?"),
        ("months_of_year", rf"(?<!\w){PRE}ال(?:اشهر|شهور)\s+(?P<n>الثلاثه|الاربعه|الخمسه|السته|السبعه|الثمانيه|التسعه|العشره)\s+(?P<o>الاولي|الاخيره)\s+من\s+(?:(?:(?:عام|العام|سنه|السنه)\s+)?(?P<y>(?:19|20)\d\d)(?!\d)|(?:العام|السنه)\s+(?P<rel>{rel})(?!\w)|(?P<this>هذا\s+العام|هذه\s+السنه)(?!\w))"),
        ("century", rf"(?<!\w){PRE}(?:ال)?قرن\s+(?P<c>الماضي|الحالي|الجاري|المقبل|(?:{p['ord_day']}))(?!\w)"),
        ("decade", rf"(?<!\w){PRE}(?:ال)?(?P<d>عشرينيات|ثلاثينيات|اربعينيات|خمسينيات|ستينيات|سبعينيات|ثمانينيات|تسعينيات)(?!\w)(?:\s+(?:من\s+)?القرن\s+(?P<c>الماضي|العشرين|التاسع\s+عشر|الحالي))?"),
    ]
    return [(name, compile_fast(rx.translate(_LETTERS))) for name, rx in rules]


# ---------------------------------------------------------------- tense cues


@lru_cache(maxsize=1)
def _cue_re() -> tuple[re.Pattern[str], dict[str, str]]:
    roles = {key(r["form"]): r["role"] for r in load_tsv("time_cues.tsv") if r["role"] != "not_future"}
    # A future form listed for one person stands for every person: 'سيلتقي' also gives
    # 'ستلتقي', 'سنلتقي' (we will meet) and 'سالتقي' (I will; normalised alef).
    for form, role in list(roles.items()):
        if role == "future" and len(form) >= 5 and form[0] == "س" and form[1] in "يت":
            stem = form[2:]
            for person in "يتنا":
                roles.setdefault("س" + person + stem, role)
            # dual and plural: 'ستلتقيان', 'سيلتقون' / 'سيعقدون'
            for tail in ("ان", "ون"):
                roles.setdefault("سي" + stem + tail, role)
                roles.setdefault("ست" + stem + tail, role)
                if stem.endswith("ي"):
                    roles.setdefault("سي" + stem[:-1] + tail, role)
    alt = _alt(list(roles))
    assert all(f[:1].isalnum() for f in roles)  # a cue starts at a word (see _at_words)
    return compile_fast(rf"(?<!\w)[وف]?(?P<c>{alt})(?!\w)"), roles


_WORD_RUN = compile_fast(r"\w+")


@lru_cache(maxsize=1)
def _cue_first_words() -> frozenset[str]:
    """The cues' first words, bare or after و/ف, as they stand in the split text (_at_words)."""
    return frozenset(p + f.split(" ")[0] for f in _cue_re()[1] for p in ("", "و", "ف"))


def _at_words(rx: re.Pattern[str], firsts: frozenset[str], norm: str, spaced: str, a: int, b: int) -> list[re.Match[str]]:
    """What ``rx.finditer(norm, a, b)`` finds, for a pattern that opens '(?<!\\w)[وف]?' + a
    whole word (then a space, or no word character) whose forms with and without و/ف are
    ``firsts``: tried only where such a word stands, found as _marks finds triggers (one set
    intersection over the split text, then str.find).  A regex scan tries the pattern at every
    character (its opening look-behind gives the engine nothing to skip to).  ``a`` is where a
    sentence starts (no word runs across it)."""
    seg = spaced[a + 1 : b + 1]
    starts: list[int] = []
    for w in firsts.intersection(seg.split()):
        needle = " " + w + " "
        n = len(w)
        i = spaced.find(needle, a, b + 2)  # spaced has one extra character in front: i is the word's offset in norm
        while i >= 0:
            starts.append(i)
            i = spaced.find(needle, i + n, b + 2)
    if not seg.replace(" ", "").isalnum():
        # a piece with a sign inside ('#وسم', 'x%', 'a_b'): the word starts within it
        pos = a
        for tok in seg.split(" "):
            if tok and not tok.isalnum():
                for w2 in _WORD_RUN.finditer(norm, pos, pos + len(tok)):
                    if w2.group() in firsts:
                        starts.append(w2.start())
            pos += len(tok) + 1
    if not starts:
        return []
    starts.sort()
    out: list[re.Match[str]] = []
    last = a  # like finditer, the next match starts at or after the end of the last
    for i in starts:
        if i >= last:
            m = rx.match(norm, i, b)
            if m is not None:
                out.append(m)
                last = m.end()
    return out


@lru_cache(maxsize=1)
def _not_future() -> tuple[str, ...]:
    """Words shaped like a future verb that are names or nouns (time_cues.tsv, role not_future)."""
    return tuple(key(r["form"]) for r in load_tsv("time_cues.tsv") if r["role"] == "not_future")


# the future prefix سـ and a person prefix on a word: maybe a future verb ('ستبقى', 'سينخفض')
_FUT_RX = compile_fast(r"س[يتن]\w{3,}")  # a literal first letter: a fast scan; word starts checked after
_FUT_CACHE: dict[str, bool] = {}


def _future_verb(w: str) -> bool:
    """Whether a normalised word is سـ + an imperfect verb, by its shape: a person prefix, then a
    stem of 3-6 letters (after a plural/dual ending) that starts with no long vowel, ends in no
    noun ending (ة، ات، ا، ء: 'سيارة', 'سندات', 'سنويا', 'سيناء'), ends in و/ي only when it is a
    three-letter stem, a form-III one or a form V/VI one ('سيبقى', 'سيدعو', 'سيلاقي', 'سيتولى', 'سيتعافى';
    not 'سيرجيو', 'سينمائي') and holds at most two long vowels.
    Names of that shape are listed (time_cues.tsv, role not_future: 'سيطرت', 'سيرغي')."""
    got = _FUT_CACHE.get(w)
    if got is not None:
        return got
    core = w[1:] if w[:1] in "وف" and w[1:2] == "س" else w
    r = core[2:]
    ok = not (r[:1] in "اي" or r.endswith(("ه", "ات", "ا", "ء")) or core.startswith(_not_future()))
    if ok:
        if r.endswith(("ون", "ان", "ين")):
            if len(r) - 2 < 3:
                ok = False
            else:
                r = r[:-2]
        ok = ok and 3 <= len(r) <= 6 and sum(r.count(c) for c in "اوي") <= 2
        # a defective stem ends in و/ي: three letters ('سيبقى'), form III ('سيلاقي'), form V/VI
        # ('سيتولى', 'ستتحدى', 'سيتعافى'); not a noun such as 'سيرجيو', 'سينمائي'
        if ok and r[-1] in "وي" and not ((len(r) == 3 and r[-2] != "ا") or (len(r) == 4 and r[1] == "ا" and r[-1] == "ي")
                                         or (r[0] == "ت" and r[-1] == "ي" and ((len(r) == 4 and r[1] != "ا")
                                                                              or (len(r) == 5 and r[2] == "ا")))):
            ok = False
    if len(_FUT_CACHE) > 50_000:
        _FUT_CACHE.clear()
    _FUT_CACHE[w] = ok
    return ok


_FAR_FUTURE = 150  # characters: a future cue this far before a date, across a clause break, does not govern it
_CLAUSE_BREAK = compile_fast(r"[,،;؛]")
# a comparative (أفعل: أكثر، أكبر، أقل، أعلى) before 'من المتوقع' ('زادت المبيعات أكثر من المتوقع في
# أبريل'): than expected, no cue
_THAN_EXPECTED = compile_fast(r"(?<!\w)(?:ال)?ا(?!ل)\w{3}\s+$")


class _Tense:
    """Nearest tense cue before a position, inside its sentence (each sentence scanned once,
    when an expression in it first needs a direction)."""

    def __init__(self, norm: str, prefer: str, spaced: str | None = None):
        self.norm = norm
        self.spaced = spaced if spaced is not None else " " + _PUNCT_RX.sub(" ", norm) + " "  # as _Norm.spaced
        self.prefer = "future" if prefer == "future" else "past"
        self.sents: dict[int, tuple[int, list[tuple[int, str, int]]]] = {}
        self.cued = False

    def _sentence(self, i: int) -> tuple[int, list[tuple[int, str, int]]]:
        norm = self.norm
        a = max(norm.rfind(c, 0, i) for c in _SENT_CHARS) + 1
        got = self.sents.get(a)
        if got is None:
            b = min((k for k in (norm.find(c, a) for c in _SENT_CHARS) if k >= 0), default=len(norm))
            rx, roles = _cue_re()
            cues = [(m.start(), roles[" ".join(m.group("c").split())], m.end()) for m in _at_words(rx, _cue_first_words(), norm, self.spaced, a, b)
                    if not (m.group("c").startswith("من ") and _THAN_EXPECTED.search(norm, max(a, m.start() - 8), m.start()))]
            seg = norm[a:b]
            cues = _reclassify_present(norm, a, seg, cues)
            if "س" in seg:  # سـ + any imperfect verb ('ستبقى', 'سينخفض'), beside the listed ones
                at = {c[0] for c in cues}
                more = []
                for m in _FUT_RX.finditer(norm, a, b):
                    k = m.start()
                    if k > 0 and (norm[k - 1].isalnum() or norm[k - 1] == "_"):  # inside a word, or after a proclitic
                        if norm[k - 1] not in "وف" or (k > 1 and (norm[k - 2].isalnum() or norm[k - 2] == "_")):
                            continue
                        k -= 1
                    if k not in at and _future_verb(norm[k:m.end()]):
                        more.append((k, "future_verb", m.end()))
                if more:
                    cues = sorted(cues + more)
            cues = _frame_cues(norm, a, b, seg, cues)
            got = (b, cues)
            self.sents[a] = got
        return got

    def at(self, i: int, j: int, recurring: bool = False, soft: bool = False, weekday: bool = False) -> str:
        """'past' or 'future' for the expression at [i, j): the nearest cue before it in its
        sentence, else the first after it, else ``prefer``.  A past reporting verb whose
        reported clause ('أعلنت ... أن شهر رجب يبدأ ...') holds the expression yields to a
        future cue after it in that clause.  'ذكرى' (an anniversary) looks back at what it
        commemorates, but a ``recurring`` day (a holiday, a Hijri month) comes every year:
        the verb says which.  A forecast verb ('توقعت الأرصاد') points forward only at what it
        forecasts (after 'أن' or a preposition: 'هبوب رياح ابتداء من الخميس'), not at the day
        of the statement ('توقع البنك الثلاثاء أن ...').  A ``soft`` expression (a holiday, a
        Hijri month, a range of days) is not dated by a verb of saying before it ('أعلنت
        الحكومة عطلة عيد الفطر من 20 إلى 24 أبريل'): one announces what is coming."""
        _, cues = self._sentence(i)
        self.cued = True
        norm = self.norm
        # (a literal find first: a regex search tries every position of the window)
        if norm.find("جلسه", max(0, i - 16), i) >= 0 and _SESSION_BEFORE.search(norm, max(0, i - 16), i):  # a hearing set by a court: ahead
            return "future" if weekday else "nearest"
        if weekday and _THAT_DAY_BEFORE.search(norm, max(0, i - 6), i) and _DAY_IS.match(norm, j):
            return "future"  # 'أعلنت دار الإفتاء أن يوم السبت هو أول أيام رمضان': a day announced ahead
        if recurring:
            cues = [c for c in cues if c[1] != "anniversary"]
        # a present-tense verb governs only a date soon after it ('تبدأ العطلة في 15 غشت',
        # 'يعقد المجلس اجتماعا طارئا الخميس') and 'منذ' only the date it introduces ('منذ الاثنين')
        before = [c for c in cues if c[0] < i and (c[1] not in _NEAR_ROLES or (
            i - c[2] <= _NEAR_ROLES[c[1]]) or (
            # a schedule verb opening the sentence governs its clause a little further ('تقام منافسات
            # كأس العالم في الولايات المتحدة وكندا والمكسيك في الفترة من 11 يونيو ...'), up to a clause break
            c[1] == "present" and _DATELINE_ONLY.fullmatch(norm, self.sentence_start(i), c[0]) and i - c[2] <= 120 and not _CLAUSE_BREAK.search(norm, c[2], i)
            and not _STATE_VERB.match(norm, c[0]) and "منذ" not in norm[c[2]:i]))
            and (c[1] != "forecast" or _THAT.search(norm, c[2], i) or _FORECAST_PREP.search(norm[max(c[2], i - 14):i])
                 or _RANGE_OPEN.match(norm, i))]
        # A decision ('قررت الحكومة', 'تقرر') dates no expression itself: what is decided is
        # mostly ahead, or just begun.  A start phrase ('اعتباراً من الأحد') after a verb of
        # saying or deciding, or with no cue before it, tells when a measure takes effect: a
        # weekday ahead; a date the nearest one (it may have begun days ago: 'مددت ... بداية من
        # 25 جويلية').  A deadline of a decided measure ('تقرر تعليق الدراسة ... حتى 4 أغسطس')
        # is ahead.  A past verb of the happening itself ('دخل القرار حيز التنفيذ اعتباراً من
        # الأحد') keeps it past.
        decided = bool(before) and before[-1][1] == "decision"
        dec_end = before[-1][2] if decided else i
        before = [c for c in before if c[1] != "decision"]
        last = before[-1] if before else None
        if decided or last is None or (last[1] == "past" and _saying(norm[last[0]:last[2]])):
            lead = norm[max(0, i - 24):i]
            if _START_FROM.search(lead):
                if weekday:
                    return "future"
                return "nearest"  # a date: the nearest one (it may have begun days ago, or begin months ahead)
            if (decided or last is None) and _UNTIL.search(lead) and (
                    _MEASURE.search(norm, max(0, i - 80), i) or _WEATHER.search(norm, max(0, i - 80), i)):
                return "future"  # also with no verb at all: 'تعطيل الدراسة في 9 ولايات إلى غاية الخميس'
            if decided and _THAT_IMPERFECT.search(norm, dec_end, i):
                return "future"  # what is decided to be: 'قررت الوزارة أن تكون العودة المدرسية يوم 15 سبتمبر'
            if weekday and soft and _DAYS_OFF_BEFORE.search(norm, max(0, i - 30), i):
                return "future"  # days off announced: 'أعلنت السلطنة إجازة رسمية يومي الأربعاء والخميس'
        g_ = _GRACE_UNTIL.search(norm, max(0, i - 30), i) if norm.find("مهل", max(0, i - 30), i) >= 0 else None
        if g_ and not _GRACE_OVER.search(norm[max(0, g_.start() - 20):g_.start()]):
            return "future"  # a delay granted: 'منحت الهيئة الشركات مهلة حتى نهاية سبتمبر
        if soft and last is not None and last[1] == "past" and _saying(norm[last[0]:last[2]]):
            if self._reported_verb(cues, j):  # 'أعلنت أن عطلة عيد الفطر تمتد من ...'
                return "future"
            before = []
        if before:
            p, r, e = before[-1]
            if r in ("past", "decision") and _THAT.search(self.norm, p, i) and self._reported_verb(cues, j):
                return "future"
            if r in ("future", "present", "plan") and _WAS_DUE.search(norm, max(self.sentence_start(i), p - 30), e):
                return "was_due"  # 'كان من المقرر أن تجري الانتخابات في 24 ديسمبر': due then, passed or not
            if r in ("future", "future_verb") and i - e > _FAR_FUTURE and _CLAUSE_BREAK.search(norm, e, i):
                # a future verb clauses away ('وستكون مواجهة مثيرة، لأن برايتون ... حسمت بقاءه في الرابع
                # من مايو') governs its own clause, not this date: as with no cue at all
                self.cued = False
                return "past"
            if r == "past" and _saying(norm[p:e]) and _THAT.search(norm, e, i):
                # a date in a reported clause with no verb of its own ('ذكر البيان أن آخر موعد للاكتتاب
                # هو السابع من مايو'): the saying tells the narrative is past, but not that the date is;
                # a year-less date weeks ahead is the coming one ('past?'), whatever --prefer says
                self.cued = False
                return "past"
            return _ROLE_AS.get(r, r)
        for p, r, _e in cues:
            # a present-tense verb after a date does not govern it, nor a future verb known only
            # by its shape (it often opens the next clause: 'قتل ... الأحد، وستنظر المحكمة', or
            # ends a reported clause whose date sits in a relative clause: 'إن الاجتماع الذي عقد
            # يوم الجمعة ستعرض نتائجه'), not even as a reported clause's verb
            if p >= j and r not in _NEAR_ROLES and r not in ("forecast", "future_verb", "plan"):
                if _QUOTE_OPEN.search(norm, j, p):
                    break  # a verb inside a quotation that opens after the date ('نشر الاثنين تغريدة: "سأعلن
                    # قراري غدا"') is the quoted speaker's, not the narrative's
                return _ROLE_AS.get(r, r)
        self.cued = False
        return self.prefer


    def sentence_start(self, i: int) -> int:
        """Where the sentence holding position ``i`` starts."""
        return max(self.norm.rfind(c, 0, i) for c in _SENT_CHARS) + 1

    def _reported_verb(self, cues: list[tuple[int, str, int]], j: int) -> bool:
        """The verb of a reported clause, right after its subject, is a future or schedule verb
        (not an adjective such as 'المقبلة' on another noun, nor 'فسيكون' opening another clause)."""
        for p2, r2, e2 in cues:
            if p2 >= j:
                return r2 in ("future", "present") and p2 - j <= 30 and _is_verb_cue(self.norm[p2:e2])
        return False


# a verb right after a relative pronoun that bears no imperfect or future prefix is a perfect (past)
# verb: 'الاجتماع الذي عقد في 5 مايو', 'البطولة التي انطلقت في', 'الذي انتخب في 22 أبريل'; it dates
# what its clause says, a date within _NEAR_ROLES['rel_past'] characters after it, even after a future
# verb earlier in the sentence ('ستتولى ... بعد ... الذي انتخب في 22 أبريل').  A word with ت/ي/ن/س in
# front may be a present verb ('التي تعقد'), and a noun after 'التي' ('التي مقرها') holds no date; both are
# left alone.
_REL_VERB = compile_fast(r"(?<!\w)[وف]?(?:الذي|التي|الذين|اللذين|اللتين|اللواتي|اللاتي)\s+(?!ال)(?P<v>[^\sيتنس\d\W]\w{2,})")
_REL_NOT_VERB = frozenset(("هو", "هي", "هم", "لن", "سوف", "لا", "ما", "كانت", "كان", "قد", "لم", "من", "في", "علي",
                           "عن", "مع", "بين", "منذ", "الي", "حتي", "لدي", "مقرها", "مقره"))


# a deadline the clause sets ('المهلة التي حددها في 12 مايو', 'الموعد الذي ضربه'): the date is the one set
_DEADLINE_NOUN = compile_fast(r"(?:موعد|مهله|مهلته|مهلتها|اجل|الاجل|النهائي)\s+$")

# the frames of _reclassify_present and _frame_cues; the rest are read in _Tense.at and the handlers
_WHILE = compile_fast(r"(?<!\w)وه(?:و|ي|م|ما)\s+$")
_CAPTION = compile_fast(r"\s*[(\[]?(?:ال)?صوره\s*[)\]]?\s*:")
_NEG_PAST = compile_fast(r"(?<!\w)[وف]?لم\s+$")
_ALA_AN = compile_fast(r"(?<!\w)[وف]?علي\s+ان\s+(?P<v>[يت](?!وم(?!\w))(?!ال)\w{2,}(?<!ه))(?!\w)")
_EASTERN_CHURCH = compile_fast(r"قبط|اقباط|ارثوذكس|الكنايس\s+الشرقيه|الكنيسه\s+الشرقيه")
# a verbless forecast until a day ('أمطار رعدية على المرتفعات حتى مساء الأربعاء', a headline): ahead
_WEATHER = compile_fast(r"(?<!\w)[وفبل]?(?:ال)?(?:امطار|رياح|عواصف|عاصفه|موجه|طقس|منخفض|ثلوج|غبار|ضباب|حراره|صقيع|امواج)(?!\w)")
# a hearing a court sets: 'حجزها للحكم بجلسة 25 سبتمبر', 'أجلت القضية إلى جلسة 3 مارس': the session is ahead
_SESSION_BEFORE = compile_fast(r"(?<!\w)(?:[بل]|الي\s+)جلسه\s+(?:يوم\s+)?$")
_QUOTE_OPEN = compile_fast(r'["«“]')


def _reclassify_present(norm: str, a: int, seg: str, cues: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """Present (schedule) cues that say otherwise in their frame: 'لم يشارك في مباراة الجمعة' is past (لم + an
    imperfect); a present verb after 'وهو/وهي' ('يظهر في الفيديو وهو يترأس اجتماعا الثلاثاء') is at the time of
    the main verb, and one in a photo caption ('الصورة: الوزير يستقبل الوفد الأحد') tells what was taken:
    those two schedule nothing."""
    if "لم " in seg:
        cues = [(p, "past", e) if r == "present" and _NEG_PAST.search(norm, max(a, p - 6), p) else (p, r, e)
                for p, r, e in cues]
    cap = _CAPTION.match(norm, a) is not None
    if cap or "وه" in seg:
        cues = [c for c in cues if not (c[1] == "present" and (cap or _WHILE.search(norm, max(a, c[0] - 6), c[0])))]
    return cues


# a call for a collective act ('دعت النقابة إلى اعتصام يوم الخميس', 'دعا إلى التظاهر الجمعة'): the act
# called for is ahead; a cue at the act's noun, governing only a date right after it (role call)
_CALL_TO = compile_fast(r"(?<!\w)[وف]?(?:دعا|دعت|دعوا|دعتا|يدعو|تدعو|يدعون|ندعو|دعوه|الدعوه|دعوات|دعوته|دعوتها)(?:\s+\S+){0,4}?\s+الي\s+"
                         r"(?P<n>(?:ال)?(?:اعتصام|اضراب|مظاهره|مظاهرات|تظاهره|تظاهرات|التظاهر|تظاهر|وقفه|مسيره|مسيرات|احتجاجات|احتجاج|"
                         r"عصيان|مقاطعه|تجمع|التجمع|الخروج|المشاركه|النزول|التصويت|الاقتراع|الحداد|يوم))(?!\w)")


def _frame_cues(norm: str, a: int, b: int, seg: str, cues: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """Cues known by their frame, not by a list: 'على أن' + an imperfect verb ('على أن تستأنف الدراسة يوم
    الأحد': arranged ahead), a call for a collective act (_CALL_TO) and the perfect verb of a relative
    clause (_REL_VERB, rel_past)."""
    at = {c[0] for c in cues}
    more = []
    if "علي ان " in seg:
        more += [(m.start("v"), "arranged", m.end("v")) for m in _ALA_AN.finditer(norm, a, b) if m.start("v") not in at]
    if "دع" in seg:
        more += [(m.start("n"), "call", m.end("n")) for m in _CALL_TO.finditer(norm, a, b) if m.start("n") not in at]
    if "الذي" in seg or "الت" in seg or "اللا" in seg:
        more += [(m.start("v"), "rel_past", m.end("v")) for m in _REL_VERB.finditer(norm, a, b)
                 if m.start("v") not in at and m.group("v") not in _REL_NOT_VERB and not m.group("v").startswith("حدد")
                 and not _DEADLINE_NOUN.search(norm, max(a, m.start() - 16), m.start())]
    return sorted(cues + more) if more else cues


# 'كان من المقرر', 'كانت مقررة', 'كان من المفترض': what was due, read from the past (the coming one
# only when it is weeks away), not as a plan ahead
# a weekday as the subject of a reported clause that says what day it will be ('أن يوم السبت هو أول أيام
# شهر رمضان', 'إن الأحد يوافق أول أيام العيد', 'أن الخميس هو موعد عودة الطلاب')
_THAT_DAY_BEFORE = compile_fast(r"(?<!\w)[وف]?ان\s+$")
_DAY_IS = compile_fast(r"\s+(?:هو|هي|يكون|يصادف|يوافق)\s+(?:اول|اخر|ثاني|ثالث|غره|يوم|عطله|موعد|بدايه|نهايه|المتمم)")
_WAS_DUE = compile_fast(r"(?<!\w)[وف]?(?:كان|كانت)\s+(?:\w+\s+)?(?:من\s+)?(?:ال)?(?:مقرر|مفترض)")


def _is_verb_cue(form: str) -> bool:
    """A future cue that is a verb ('يبدأ', 'سيعقد'), not a word like 'المقبل' or 'من المقرر',
    nor one that opens another clause ('فسيكون')."""
    w = form[1:] if form[:1] == "و" else form
    return " " not in w and not w.startswith("ال") and w[:1] in "يتسن"


_SCHOOL_YEAR = compile_fast(r"\s*(?:الدراسي|الجامعي|الدراسيه|الجامعيه)(?!\w)")
_OF_NOUN = compile_fast(r"\s+من\s+(?!(?:عام|العام|سنه|السنه|هذا|هذه)(?!\w)|\d)")
@lru_cache(maxsize=1)
def _day_of_every() -> re.Pattern[str]:
    """A day right before 'من كل شهر' ('15 من كل شهر', 'الخامس والعشرين من كل شهر')."""
    return compile_fast(rf"(?<!\w)(?:ال)?(?:(?P<d>\d{{1,2}})|(?P<od>{parts()['ord_day']}))\s+من\s+$".translate(_LETTERS))


_MONTHS_N = {"الثلاثه": 3, "الاربعه": 4, "الخمسه": 5, "السته": 6, "السبعه": 7, "الثمانيه": 8, "التسعه": 9, "العشره": 10}
_EVERY_YEAR = compile_fast(r"\s+(?:من\s+)?كل\s+(?:عام|سنه)(?!\w)")
_SCORE_BEFORE = compile_fast(r"\d\s*[-–]\s*$")
# nouns that are counted with feminine ordinals (a round, a stage, an edition, a time, the
# early hours): the ordinal after them is no hour
_COUNTED_NOUN = compile_fast(r"[وفبل]?(?:(?:ال|لل)(?:جوله|مرحله|دوره|مره|نسخه|حلقه|مباراه|ساعات|دقيقه|فتره|جلسه|موجه|"
                              r"دفعه|مرتبه|فئه|درجه|طبعه|حصه|قمه|ولايه|سنه)"
                              # with a possessive ending ('في دورته الحادية عشرة مساء الخميس'): an edition of its own
                              r"|(?:جولت|مرحلت|دورت|نسخت|حلقت|طبعت|ولايت)(?:ه|ها|هم|نا))")
# an age right before the number: 'يبلغ من العمر 34 عاما', 'عن عمر ناهز 83 عاما', 'بعمر 19 عاما'
# an age at death: 'رحل الفنان عن 78 عاما', 'توفيت عن عمر 90' ('عن' after a death verb)
_DIED_AT = compile_fast(r"(?<!\w)[وف]?(?:رحل|رحلت|توفي|توفيت|مات|ماتت|الموت|المنيه|وفاته|وفاتها|رحيله|رحيلها)(?:\s+\S+){0,6}\s+عن\s+$")  # round 8: up to six words between ("رحل الملحن الكبير صباح اليوم عن")
# a bare unit that is added, extended, put back: 'إضافة ساعة', 'تمديده يوما', 'تأخير ساعة'
_ADD_BEFORE = compile_fast(r"(?<!\w)[وفبل]?(?:ال)?(?:اضافه|تمديد\w{0,3}|تاخير|تقديم|مرور)\s+$")  # 'مرور عام على': one year
# a lone unit after a delay or a verb of lasting is one of it: 'مهلة أسبوع', 'التي دامت أسبوعاً' (round 8)
_LAST_BEFORE = compile_fast(r"(?<!\w)[وف]?(?:مهله|مهلته|مهلتها|دام|دامت|استمر|استمرت|استغرق|استغرقت|امتد|امتدت"
                             r"|[يت]دوم|[يت]ستمر|[يت]ستغرق|[يت]متد)\s+$")  # round 12: 'ويستمر أسبوعاً'
_SPAN_SUBJECT = compile_fast(r"(?<!\w)[وفبل]?(?:ال)?(?:مده|مدت|فتره|فترت|مهله|مهلت|ولايه|ولايت|عقوبه|عقوبت|حكم|سجن|رحله"
                              r"|تجربه|دراسه|مسيره|مسيرت|خدمه|خدمت)")
# an age before a number of years: 'عمره 31 عاما', 'يبلغ/تبلغ 34 عاما' (group v), 'المدرب صاحب الـ50 عاما',
# 'في/دون سن 18', the end of an age range ('من عمر 6 أشهر إلى 5 سنوات'); group x: not for months
_AGE_BEFORE = compile_fast(r"(?<!\w)(?:[وفب]?(?:ال)?عمر(?:ه|ها|هم|هما)?|(?P<x>ناهز|يناهز|صاحب\s+ال|صاحبه\s+ال)|البالغ|البالغه"
                            r"|(?P<v>[يت]?بلغ|بلغت)|(?:في|دون|فوق|تحت)\s+سن"
                            r"|عمر\s+\S+(?:\s+\S+)?\s+(?:الي|حتي))\s*$")


def _is_age_before(text: str, s: int, months: bool = False) -> bool:
    """Whether the words before position ``s`` make the years after it an age (_AGE_BEFORE); 'تبلغ'
    only when no span of time is its subject ('مدة الانتظار تبلغ ست سنوات' is a duration)."""
    m = _AGE_BEFORE.search(text, max(0, s - 22), s)
    if m is None:
        return False
    if months:  # 'من عمر ستة أشهر', 'بعمر 9 أشهر', 'البالغة ثمانية أشهر': an infant's age
        return not m.group("v") and not m.group("x")
    return not (m.group("v") and _SPAN_SUBJECT.search(text, max(0, m.start() - 45), m.start()))
# 'بعد 30 عاما في الحكم': counted from a happening, not from the reference
_ANCHORED_AFTER = compile_fast(r"(?:\s+واحده?)?\s+(?:في\s+ال(?!(?:يوم|اسبوع|شهر|عام|سنه|ايام|اسابيع|اشهر|شهور|سنوات|اعوام|مقبل|قادم|ماضي)(?!\w))\w)")

_ROLE_AS = {"anniversary": "past", "present": "future", "future_verb": "future", "plan": "future", "hope": "future",
            "since": "past", "forecast": "future", "decision": "past", "rel_past": "past",
            "arranged": "future", "call": "future"}  # 'على أن' + a verb: like a schedule verb, but never a reported clause's own verb
# a start phrase right before a date ('اعتباراً من صباح الأربعاء', 'ابتداء من يوم الأحد') and a
# deadline ('حتى 4 أغسطس', 'إلى غاية 20 ماي', 'لغاية')
_THAT_IMPERFECT = compile_fast(r"(?<!\w)[وف]?ان\s+(?:[يت](?!وم(?!\w))\w{2,}|تتم|يتم)(?!\w)")  # 'أن تكون', 'أن يبدأ' (not 'أن يوم')
_DAYS_OFF_BEFORE = compile_fast(r"(?<!\w)[وفبل]?(?:ال)?(?:اجازه|اجازات|عطله|عطل|تعطيل)(?:\s+(?:رسميه|رسميا|الرسميه|عامه|مدفوعه\s+الاجر))?\s+(?:يومي|من|بين|ايام)?\s*$")
_START_FROM = compile_fast(r"(?<!\w)[وف]?(?:اعتبارا|ابتداء|بدءا|بدايه)\s+من\s+(?:يوم\s+)?$")
# a measure that lasts until a deadline: suspending, extending, banning, closing, postponing
_MEASURE = compile_fast(r"(?<!\w)[وفبل]?(?:ال)?(?:تعليق|تمديد|حظر|اغلاق|وقف|ايقاف|تاجيل|منع|تعطيل|معلق|معلقه)(?!\w)")
_GRACE_OVER = compile_fast(r"(?<!\w)[وف]?(?:انتهت|انقضت|انتهاء|انقضاء|انتهي|انقضي)(?!\w)")  # a delay already over
_GRACE_UNTIL = compile_fast(r"(?<!\w)[وفبل]?(?:ال)?(?:مهله|مهلتها|مهلته)(?:\s+\S+)?\s+(?:حتي|لغايه|الي\s+غايه)\s+(?:يوم\s+)?$")
_UNTIL = compile_fast(r"(?<!\w)[وف]?(?:حتي|لغايه|الي\s+غايه|الي)\s+(?:يوم\s+)?$")
# a preposition right before a forecast period ('ابتداء من الخميس', 'حتى مساء الأحد')
_DATELINE_ONLY = compile_fast(r"\s*(?:[^\s\-–]+(?:\s+[^\s\-–]+){0,2}\s*[-–]\s*)?[وف]?")  # 'نيويورك - ' before the first word
_STATE_VERB = compile_fast(r"[وف]?[يت]شهد(?!\w)")  # 'تشهد العلاقات توترا': a state, not a schedule, this far from its date
_RANGE_OPEN = compile_fast(r"[وف]?(?:بين|من)\s")  # a forecast period that opens with its own preposition ('بين الثلاثاء والخميس')
_FORECAST_PREP = compile_fast(r"(?<!\w)[وف]?(?:من|حتي|خلال|في|الي|اعتبارا|ابتداء|بدءا)\s+(?:\w+\s+)?$")
# verbs of saying: they date the statement, not what it announces
_SAYING = frozenset(("قال", "قالت", "اعلن", "اعلنت", "اكد", "اكدت", "اوضح", "اوضحت", "اشار", "اشارت", "صرح",
                     "ذكر", "ذكرت", "افاد", "افادت", "كشف", "كشفت", "نقل", "نقلت", "اضاف", "اضافت", "تابع"))


def _saying(form: str) -> bool:
    w = form[1:] if form[:1] in "وف" else form
    return w in _SAYING


_THAT = compile_fast(r"(?<!\w)(?<!بعد )(?<!قبل )(?<!منذ )[وف]?ان(?!\w)")  # 'أن' / 'إن' (normalised): a reported clause
# starts; not 'بعد أن' (after having) nor 'قبل أن'
# cues that govern only a date this close after them (characters); a relative clause's verb only a
# date inside its clause ('الفيضانات التي اجتاحت الولاية في أواخر أغسطس')
_NEAR_ROLES = {"present": 60, "since": 2, "hope": 50, "rel_past": 30, "arranged": 60, "call": 40}
_SENT_CHARS = ".!?؟\n"


# ---------------------------------------------------------------- helpers


@lru_cache(maxsize=4096)  # a lexicon lookup of a normalised word: the same few words every time
def _month(s: str | None) -> int | None:
    if not s:
        return None
    lx = lexicon()
    k = " ".join(s.split())
    return lx.greg_months.get(k) or lx.en_months.get(k)


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _md_fn(mo: int, d: int, direction: str) -> DayFn:
    """A month-day without a year: the nearest one before (past) or after (future) the ref."""

    def fn(ref: date) -> V.Res | None:
        cands = [x for x in (_valid(ref.year + k, mo, d) for k in (-1, 0, 1)) if x]
        ahead = [x for x in cands if x >= ref]
        if direction == "future":
            return V.day(min(ahead)) if ahead else None
        if direction == "nearest":
            return V.day(min(cands, key=lambda x: (abs((x - ref).days), x > ref))) if cands else None
        if direction == "past?" and ahead and (min(ahead) - ref).days <= SOON_DAYS:
            return V.day(min(ahead))  # no cue at all, and only days ahead: the coming one
        ok = [x for x in cands if x <= ref]
        return V.day(max(ok)) if ok else None

    return fn


def _m_fn(mo: int, direction: str, mod: str | None = None) -> DayFn:
    def fn(ref: date) -> V.Res | None:
        y = ref.year
        if direction == "future" and mo < ref.month:
            y += 1
        elif direction == "past?" and mo != ref.month:
            ny = y if mo > ref.month else y + 1  # the coming one, if it starts within weeks
            if (date(ny, mo, 1) - ref).days <= SOON_DAYS:
                return _part_month(ny, mo, mod)
            if mo > ref.month:
                y -= 1
        elif direction != "future" and mo > ref.month:
            y -= 1
        return _part_month(y, mo, mod)

    return fn


_PART = {
    "منتصف": "MID", "اواسط": "MID", "اوسط": "MID",
    "اوائل": "START", "مطلع": "START", "مستهل": "START", "بدايه": "START", "بدايات": "START", "اول": "START", "غره": "START",
    "اواخر": "END", "نهايه": "END", "نهايات": "END", "اخر": "END", "متم": "END",
}
_PART = {k.translate(_LETTERS): v for k, v in _PART.items()}  # keys as the text is normalised ('أوائل' -> 'اوايل')


def _part_month(y: int, mo: int, mod: str | None) -> V.Res:
    r = V.month(y, mo)
    if mod in ("H1", "H2"):  # a half of the month: its bounds, and START/END as the modifier
        if mod == "H1":
            r.end = date(y, mo, 15)
        else:
            r.start = date(y, mo, 16)
        r.mod = "START" if mod == "H1" else "END"
        return r
    if mod == "START":
        r.end = date(y, mo, 10)
    elif mod == "MID":
        r.start, r.end = date(y, mo, 11), date(y, mo, 20)
    elif mod == "END":
        r.start = date(y, mo, 21)
    r.mod = mod
    return r


def _part_year(y: int, mod: str | None) -> V.Res:
    r = V.year(y)
    if mod == "START":
        r.end = date(y, 3, 31)
    elif mod == "MID":
        r.start, r.end = date(y, 5, 1), date(y, 8, 31)
    elif mod == "END":
        r.start = date(y, 10, 1)
    r.mod = mod
    return r


# words of a contract story: 'العقد الحالي' there is the contract, not the decade
_CONTRACT_NEAR = compile_fast(r"(?<!\w)[وفبل]?(?:ال)?(?:مدرب|لاعب|نادي|تعاقد|عقده|عقدها|عقدهم|صفقه|تجديد|راتب|شركه|مناقصه|ايجار|مستاجر|موظف)(?!\w)")


def _part_decade(y0: int, mod: str | None) -> V.Res:
    """A part of the decade starting in ``y0``: its first, middle or last three years, as a part of a year
    is about a quarter or a third of it."""
    start, end = {"START": (0, 2), "MID": (3, 6), "END": (7, 9)}.get(mod or "", (0, 9))
    return V.Res("decade", date(y0 + start, 1, 1), date(y0 + end, 12, 31), mod=mod)


def _quarter_res(y: int, k: int, half: bool) -> V.Res:
    """The k-th quarter (or half) of year y."""
    months = 6 if half else 3
    m0 = (k - 1) * months + 1
    r = V.Res("half" if half else "quarter", date(y, m0, 1), V.month_end(y, m0 + months - 1))
    r.extra = {("half" if half else "quarter"): k}
    return r


def _part_week(start: date, mod: str | None) -> V.Res:
    r = V.Res("week", start, start + timedelta(days=6))
    if mod == "START":
        r.end = start + timedelta(days=2)
    elif mod == "MID":
        r.start, r.end = start + timedelta(days=2), start + timedelta(days=4)
    elif mod == "END":
        r.start = start + timedelta(days=4)
    r.mod = mod
    return r


@lru_cache(maxsize=4096)  # a lexicon lookup of a normalised word: the same few words every time
def _role(word: str | None) -> str | None:
    if not word:
        return None
    return lexicon().modifiers.get(" ".join(word.split()))


@lru_cache(maxsize=8192)  # a pure conversion: the same few months come back in every text
def _hijri_to_greg(hy: int, hm: int, hd: int) -> date | None:
    try:
        g = Hijri(hy, hm, hd).to_gregorian()
        return date(g.year, g.month, g.day)
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=4096)
def _hijri_month_span(hy: int, hm: int) -> tuple[date, date] | None:
    try:
        h = Hijri(hy, hm, 1)
        start = _hijri_to_greg(hy, hm, 1)
        length = h.month_length()
    except (ValueError, OverflowError):
        return None
    if start is None:
        return None
    return start, start + timedelta(days=length - 1)


def _hijri_month_res(hy: int, hm: int, ten: str | None = None) -> V.Res | None:
    """A Hijri month as a range of days; ``ten``: only its first or last ten ('العشر الأواخر')."""
    span = _hijri_month_span(hy, hm)
    if span is None:
        return None
    if ten == "first":
        span = (span[0], span[0] + timedelta(days=9))
    elif ten == "last":
        span = (span[0] + timedelta(days=20), span[1])
    r = V.Res("range", span[0], span[1])
    r.extra = {"hijri_year": hy, "hijri_month": hm}
    return r


@lru_cache(maxsize=8192)
def _hijri_year_of(d: date) -> int:
    return Gregorian(d.year, d.month, d.day).to_hijri().year


def _hijri_fn(hm: int, hd: int | None, direction: str, ten: str | None = None) -> DayFn:
    def fn(ref: date) -> V.Res | None:
        try:
            hy = _hijri_year_of(ref)
        except (ValueError, OverflowError):
            return None
        cands = []
        for y in (hy - 1, hy, hy + 1):
            if hd is not None:
                g = _hijri_to_greg(y, hm, hd)
                if g:
                    cands.append(V.day(g))
            else:
                r = _hijri_month_res(y, hm, ten)
                if r:
                    cands.append(r)
        if direction == "last":  # 'رمضان الماضي': the last one over
            over = [c for c in cands if c.end < ref]
            return max(over, key=lambda c: c.start) if over else None
        if direction == "next":  # 'رمضان المقبل': the next one to begin
            nxt_ = [c for c in cands if c.start > ref]
            return min(nxt_, key=lambda c: c.start) if nxt_ else None
        if direction == "this":  # 'رمضان الحالي': the one under way, else this Hijri year's
            cur = [c for c in cands if c.start <= ref <= c.end]
            return cur[0] if cur else next((c for c in cands if c.extra.get("hijri_year") == hy), None)
        ahead = [c for c in cands if c.end >= ref]
        if direction == "future":
            return min(ahead, key=lambda c: c.start) if ahead else None
        if direction == "past?" and ahead:
            nxt = min(ahead, key=lambda c: c.start)
            if (nxt.start - ref).days <= SOON_DAYS and nxt.start > ref:
                return nxt  # no cue at all, and only days ahead: the coming one
        ok = [c for c in cands if c.start <= ref]
        return max(ok, key=lambda c: c.start) if ok else None

    return fn


def _weekday_fn(wd: int, how: str) -> Callable[[date], V.Res]:
    """how: past (strictly before), next (strictly after), past0 (on or before), future0."""

    def fn(ref: date) -> V.Res:
        diff = (ref.isoweekday() - wd) % 7  # days back to the last such weekday (0 = today)
        if how == "past":
            back = diff or 7
            return V.day(ref - timedelta(days=back))
        if how == "past0":
            return V.day(ref - timedelta(days=diff))
        ahead = (wd - ref.isoweekday()) % 7
        if how == "next":
            return V.day(ref + timedelta(days=ahead or 7))
        return V.day(ref + timedelta(days=ahead))

    return fn


def _shift_fn(n: int, unit: str, grain: str | None = None, mod: str | None = None) -> Callable[[date], V.Res]:
    def fn(ref: date) -> V.Res:
        d = V.shift(ref, n, unit)
        g = grain or {"D": "day", "W": "day", "MO": "month", "Y": "year", "DE": "year", "CE": "year"}.get(unit, "day")
        if g == "month":
            r = V.month(d.year, d.month)
        elif g == "year":
            r = V.year(d.year)
        else:
            r = V.day(d)
        r.mod = mod
        return r

    return fn


@lru_cache(maxsize=4096)  # a lexicon lookup of a normalised word: the same few words every time
def _unit_of(word: str) -> tuple[str, str] | None:
    k = " ".join(word.split())
    lx = lexicon()
    if k in lx.units:
        return lx.units[k]
    if k.startswith("ال") and k[2:] in lx.units:
        return lx.units[k[2:]]
    return None


_UNIT_ORDER = ("Y", "MO", "W", "D", "H", "M", "S")


def _compound(pieces: list[tuple[float | None, str | None]]) -> str | None:
    """'ساعة و25 دقيقة' = PT1H25M, 'ثلاثة أعوام وأربعة أشهر' = P3Y4M, 'ساعتين و5 دقائق و12 ثانية' =
    PT2H5M12S: units from larger to smaller, whole numbers; None when they do not add up
    ('ثماني سنوات و12 سنة')."""
    whole: list[tuple[int, str]] = []
    for a, u in pieces:
        if a is None or u is None or u not in _UNIT_ORDER or a != int(a):
            return None
        if whole and _UNIT_ORDER.index(u) <= _UNIT_ORDER.index(whole[-1][1]):
            return None
        whole.append((int(a), u))
    secs = {"H": 3600, "M": 60, "S": 1}
    u0 = whole[0][1]
    if u0 in secs:
        return V.duration_value(sum(a * secs[u] for a, u in whole) / secs[u0], u0)
    letter = {"Y": "Y", "MO": "M", "W": "W", "D": "D", "H": "H", "M": "M", "S": "S"}
    date_units = [u for _a, u in whole if u not in secs]
    if "W" in date_units and len(date_units) > 1:
        return None  # TIMEX3 does not mix weeks with other units
    date_part = "".join(f"{a}{letter[u]}" for a, u in whole if u not in secs)
    time_part = "".join(f"{a}{letter[u]}" for a, u in whole if u in secs)
    return f"P{date_part}" + (f"T{time_part}" if time_part else "")


def _amount(n: str | None, unit_count: str, frac: str | None, frac0: str | None) -> float | None:
    if n:
        v = number_value(n)
        if v is None:
            return None
    elif unit_count == "2":
        v = 2
    elif unit_count == "1":
        v = 1
    else:
        return None
    if frac:
        f = frac.strip().lstrip("و").strip()
        v += {"نصف": 0.5, "ربع": 0.25, "ثلث": 1 / 3}.get(f, 0)
    if frac0:
        f = " ".join(frac0.split())
        v *= {"نصف": 0.5, "ربع": 0.25, "ثلاثه ارباع": 0.75}.get(f, 1)
    return v


_THE_TWO = compile_fast(r"(?:(?<!\w)(?:بين|كلا|هذين|هذان|لكلا)\s+ال[اإ]?ثنين(?!\w)|ال[اإ]?ثنين\s+(?:معا|منهما|كليهما|كلاهما)(?!\w))")
# 'قبل ثلاثة أيام من الانتخابات', also with 'واحد' after the unit ('قبل يوم واحد من قمته') or a word
# that qualifies the amount ('بعد أيام قليلة من', 'بعد عشرة أيام فقط من', 'بعد سنوات طويلة من')
_ANCHORED = compile_fast(r"(?:\s+واحده?)?(?:\s+(?:فقط|فحسب|قليله|قلائل|عديده|معدوده|طويله|اخري|تقريبا)){0,2}\s+(?:من\s+(?!(?:الان|اليوم|الغد|امس)(?!\w))|(?P<ala>علي)\s+(?!(?:التوالي|الاقل|الاكثر|الاقصي|الارجح|الفور|الاطلاق|الرغم|ان)(?!\w)))(?=\w)")
# 'بعد أسبوعين من الآن': from the reference (not 'من اليوم الذي': from the day on which)
_FROM_NOW = compile_fast(r"\s+من\s+(?:الان|اليوم)(?!\w)(?!\s+(?:الذي|التي)(?!\w))")
_CLAUSE_START = compile_fast(r"(?:^|[،,.:؛;]\s*|\n)[وف]?$")
# a phrase that only places what was just told ('وذلك بعد أيام على إعلانه', 'ويأتي ذلك بعد يوم على تهديد ...',
# 'جاء القرار بعد عام على ...'): 'على' after it is the anchor's, as at a clause start
_PLACING = compile_fast(r"(?<!\w)[وف]?(?:ذلك|جاء|جاءت|جاءا|ياتي|تاتي|يجيء|تجيء)(?:\s+\S+)?\s+$")


def _anchored(text: str, s: int, e: int) -> re.Match[str] | None:
    """'قبل ثلاثة أيام من الانتخابات', 'بعد أكثر من عام على سيطرة ...': counted from another
    happening.  'على' only in a phrase set off at a clause start (', بعد عام على ...') or placing what
    was just told ('وذلك بعد أيام على إعلانه'): after a verb or a noun it is theirs ('صادق المجلس بعد
    ثلاثة أيام على مشروع القانون', 'تجدد القصف قبل يومين على أحياء المدينة')."""
    a = _ANCHORED.match(text, e)
    if a is not None and a.group("ala") and not _CLAUSE_START.search(text, max(0, s - 3), s) and \
            not _PLACING.search(text, max(0, s - 24), s):
        return None
    return a
_FEW = frozenset(("بضع", "بضعه", "عده"))
_DECADE_MODS = frozenset(("الماضي", "المنصرم", "الفايت", "المقبل", "القادم"))
# places named after a date: 'شارع 9 أبريل', 'ساحة 14 يناير', 'جسر 6 أكتوبر', 'مدينة 6 أكتوبر'
# a quantity of something, then 'في': 'في اليوم' after it is a rate ('مليون برميل في اليوم')
_RATE_BEFORE = compile_fast(r"(?:^|\s)[0-9][0-9.,]*\s+(?:\S+\s+){0,2}في\s+$")
_PLACE_BEFORE = compile_fast(r"(?:^|\s)[وفبلك]?(?:(?:ال)?(?:شارع|نهج|ساحه|ميدان|جسر|كوبري|جاده|مدينه|حي|ملعب|مطار|محطه|"
                              r"جامعه|مستشفي|مدرسه|قاعده|معبر|ضاحيه|استاد|ستاد|محور|طريق|نفق|كورنيش)"
                              r"|منطقه|قريه)\s+$")  # a district or village named by a date: 'منطقة السادس من أكتوبر'
# (only in construct: 'ضرب الزلزال المنطقة مساء الثامن من فبراير' is a day)
# a revolution or uprising named by its day ('ثورة 25 يناير', 'ثورة الفاتح من سبتمبر'): a name, not a
# day of the text, unless its year is written ('ثورة 23 يوليو 1952' states that day)
_UPRISING_BEFORE = compile_fast(r"(?:^|\s)[وفبلك]?(?:ال|لل)?(?:ثوره|انتفاضه|حراك)\s+$")
_MOD_OF_APPROX = {"approx": "APPROX", "more": "MORE_THAN", "less": "LESS_THAN"}


# ---------------------------------------------------------------- rule handlers


def _last_or_next(s: int, e: int, n: int, unit: str, role: str | None) -> Cand:
    """'الأيام الثلاثة الماضية', 'الـ48 ساعة المقبلة': the n units up to the reference, or from it."""
    c = Cand(s, e, "interval", f"interval.{role}", relative=True)

    def fn(ref: date, n=n, unit=unit, role=role) -> V.Res:
        other = V.shift(ref, -n if role == "past" else n, unit)
        a, b = (other, ref) if role == "past" else (ref, other)
        return V.Res("range", a, b)

    c.fn = fn
    c.extra["duration"] = V.duration_value(n, unit)
    return c


def _handle(name: str, m: re.Match[str]) -> Cand | None:
    c = _handle_rule(name, m)
    if c is not None and name == "dmy" and m.group("dpod") and c.type == "date":
        # a part of day right before a date: 'مساء الثامن من شتنبر', 'صباح 3 مايو 2021'
        podw = " ".join(m.group("dpod").split())
        lx = lexicon()
        pod = lx.dayparts[podw][0] if podw in lx.dayparts else ("NI" if podw.startswith("منتصف") else None)
        if pod is None:
            return c
        c.type = "datetime"
        c.extra["pod"] = pod
        if c.value is not None and c.fn is not None:
            r = c.fn(date(2000, 1, 1))
            if r is not None:
                r = V.Res(r.grain, r.start, r.end, mod=r.mod, extra=dict(r.extra))
                r.pod = pod
                c.value = V.absolute(r)
                c.fn = _const(r)
        elif c.fn is not None:
            c.fn = _with_pod(c.fn, pod)
        if c.dirfn is not None:
            c.dirfn = lambda direction, f=c.dirfn, pod=pod: _with_pod(f(direction), pod)
    return c


# a year after a month and its second name ('منذ مايو أيار 2016', 'منذ تشرين الثاني/نوفمبر 2016'):
# the month of that year, not this year's month after 'منذ'
_YEAR_AFTER_MONTH = compile_fast(r"\s*(?:/\s*)?(?:[^\s\d/]+\s*/?\s*){0,2}(?:عام\s+)?(?:19|20)\d\d(?!\d)")
_NUM_TAIL_BEFORE = compile_fast(r"\d[:.,٫]$")


def _handle_rule(name: str, m: re.Match[str]) -> Cand | None:
    g = m.groupdict()
    s, e = (m.end("p0") if g.get("p0") else m.start()), m.end()
    handler = _RULE_HANDLERS.get(name)
    return handler(name, m, g, s, e) if handler is not None else None


def _rule_iso(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    d = _valid(int(g["y"]), int(g["mo"]), int(g["d"]))
    if not d:
        return None
    r = V.day(d)
    c = Cand(s, e, "date", "date.iso")
    if g.get("h"):
        c.type = "datetime"
        tz = "Z" if (g.get("z") or "").lower() in ("z", "+00:00", "+0000") else None
        r.hour, r.minute, r.tz = int(g["h"]), int(g["mi"]), tz
    c.value = V.absolute(r)
    c.fn = _const(r)
    return c


def _rule_numeric(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    a, b, yv = int(g["a"]), int(g["b"]), g["c"]
    y = int(yv) if len(yv) == 4 else 2000 + int(yv)
    if len(yv) == 2 and g["sep"] == ".":
        return None
    d = _valid(y, b, a) or _valid(y, a, b)
    if not d or not (1900 <= y <= 2100):
        return None
    r = V.day(d)
    c = Cand(s, e, "date", "date.numeric", fn=_const(r))
    c.value = V.absolute(r)
    return c


def _rule_dateline(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    """An agency's numeric dateline ('25 - 3 (كونا)'): the day and month nearest the reference (the
    publication day, or the day before for a story filed late)."""
    mo, d = int(g["mo"]), int(g["d"])
    if not (1 <= mo <= 12 and _valid(2000, mo, d)):  # 2000: a leap year, so 29 - 2 stays
        return None
    c = Cand(s, e, "date", "date.dateline", fn=_md_fn(mo, d, "nearest"), relative=True, directional=True)
    c.extra = {"month": mo, "day": d}
    return c


def _rule_dmy(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    if _PLACE_BEFORE.search(m.string, max(0, m.start() - 16), m.start()) or (
            not g.get("y") and _UPRISING_BEFORE.search(m.string, max(0, m.start() - 16), m.start())):
        return Cand(s, e, "none", "name.place")  # wins its overlaps, then dropped
    mo = _month(g["m"])
    dd = int(g["d"]) if g.get("d") else ordinal_value(g.get("od") or "")
    if not mo or not dd or dd > 31:
        return None
    if g.get("y"):
        d = _valid(int(g["y"]), mo, dd)
        if not d:
            return None
        r = V.day(d)
        c = Cand(s, e, "date", "date.dmy", fn=_const(r))
        c.value = V.absolute(r)
        return c
    if not _valid(2000, mo, dd):
        return None
    dmod = _role(g.get("dmod"))
    if dmod == "this":  # '15 أغسطس الجاري': that day of the reference's year
        c = Cand(s, e, "date", "date.dm", fn=lambda ref: (
            V.day(d0) if (d0 := _valid(ref.year, mo, dd)) else None), relative=True)
        c.extra = {"month": mo, "day": dd}
        return c
    if dmod in ("past", "next"):  # '12 يونيو المقبل': the text names the direction
        c = Cand(s, e, "date", "date.dm", fn=_md_fn(mo, dd, "future" if dmod == "next" else "past"), relative=True)
        c.extra = {"month": mo, "day": dd}
        return c
    every = _EVERY_YEAR.match(m.string, e)
    if every:  # '11 سبتمبر من كل عام': every year
        v = TimeValue(f"XXXX-{mo:02d}-{dd:02d}", "day", None, None, {"month": mo, "day": dd}, None, "exact")
        return Cand(s, every.end(), "set", "set.yearly", value=v)
    c = Cand(s, e, "date", "date.dm", relative=True, directional=True)
    c.dirfn = lambda direction, mo=mo, dd=dd: _md_fn(mo, dd, direction)
    c.extra = {"month": mo, "day": dd}
    return c


def _rule_month_range(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    # 'بين مايو ويوليو', 'من يناير إلى مارس 2024'
    mo1, mo2 = _month(g["m"]), _month(g["m2"])
    if not mo1 or not mo2 or mo1 == mo2:
        return None

    def mrange(y1: int, mo1=mo1, mo2=mo2) -> V.Res:
        y2 = y1 if mo2 > mo1 else y1 + 1
        r = V.Res("range", date(y1, mo1, 1), V.month_end(y2, mo2))
        r.extra = {"months": 1}
        return r

    if g.get("y"):
        y = int(g["y"])
        r = mrange(y - 1 if mo2 < mo1 else y)
        c = Cand(s, e, "interval", "date.month_range", fn=_const(r))
        c.value = V.absolute(r)
        return c
    c = Cand(s, e, "interval", "date.month_range", relative=True, directional=True)

    def mkm(direction: str, mo1=mo1) -> DayFn:
        first = _m_fn(mo1, direction)

        def fn(ref: date) -> V.Res | None:
            r = first(ref)
            return None if r is None else mrange(r.start.year)
        return fn

    c.dirfn = mkm
    return c


# the article of a number word after its و ("و الخمسين" -> "و خمسين"): the lexicon holds the bare words
_NUM_ARTICLE = compile_fast(r"(?<!\w)(و?\s*)ال")


def _rule_relplural2(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    # 'الـ48 ساعة المقبلة', 'الـ10 أيام الماضية'
    un = _unit_of(g["unit"])
    if not un:
        return None
    mw = " ".join(g["mod"].split())
    role = "past" if mw == "الاخيره" else _role(mw)
    if g.get("nw"):  # 'الأربع والعشرين ساعة الماضية'
        nv = number_value(_NUM_ARTICLE.sub(r"\1", " ".join(g["nw"].split())))
        if not nv or nv < 3 or un[1] != ("n" if nv <= 10 else "1"):  # 'الأربع ساعات', 'الأربع والعشرين ساعة
            return None
        return _last_or_next(s, e, int(nv), un[0], role)
    return _last_or_next(s, e, int(g["n"]), un[0], role)


def _rule_day_range(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    # 'بين 10 و15 يوليو'
    mo = _month(g["m"])
    d1 = int(g["d1"]) if g.get("d1") else (ordinal_value(g["o1"]) or 0)
    d2 = int(g["d2"]) if g.get("d2") else (ordinal_value(g["o2"]) or 0)
    if g.get("d0"):  # 'أيام 10 و11 و12 ديسمبر'
        if int(g["d0"]) >= d1:
            return None
        d1 = int(g["d0"])
    if not mo or not (1 <= d1 < d2 <= 31):
        return None
    if g.get("y"):
        a0, b0 = _valid(int(g["y"]), mo, d1), _valid(int(g["y"]), mo, d2)
        if not a0 or not b0:
            return None
        r = V.Res("range", a0, b0)
        c = Cand(s, e, "interval", "date.day_range", fn=_const(r))
        c.value = V.absolute(r)
        return c
    dmod = _role(g.get("dmod"))
    if dmod in ("this", "past", "next"):  # 'بين 17 و22 فبراير الجاري', '... مايو المقبل'
        def drng(ref: date, mo=mo, d1=d1, d2=d2, dmod=dmod) -> V.Res | None:
            if dmod == "this":
                y = ref.year
            else:
                r0 = _md_fn(mo, d1, "future" if dmod == "next" else "past")(ref)
                if r0 is None:
                    return None
                y = r0.start.year
            a0, b0 = _valid(y, mo, d1), _valid(y, mo, d2)
            return V.Res("range", a0, b0) if a0 and b0 else None

        return Cand(s, e, "interval", "date.day_range", fn=drng, relative=True)
    c = Cand(s, e, "interval", "date.day_range", relative=True, directional=True)

    def mkr(direction: str, mo=mo, d1=d1, d2=d2) -> DayFn:
        first = _md_fn(mo, d1, direction)

        def fn(ref: date) -> V.Res | None:
            r = first(ref)
            if r is None:
                return None
            b0 = _valid(r.start.year, mo, d2)
            return V.Res("range", r.start, b0) if b0 else None

        return fn

    c.dirfn = mkr
    return c


def _rule_month_relyear(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    # 'أغسطس من العام الماضي', '15 مارس من العام المقبل'
    role = _role(g.get("mod")) or ("this" if g.get("this") else None)
    if role is None:
        return None
    mo = _month(g["m"])
    off = {"past": -1, "next": 1}.get(role, 0)
    dd = int(g["d"]) if g.get("d") else None

    def mry(ref: date, off=off, mo=mo, dd=dd) -> V.Res | None:
        y = ref.year + off
        if dd is None:
            return V.month(y, mo)
        d0 = _valid(y, mo, dd)
        return V.day(d0) if d0 else None

    return Cand(s, e, "date", "date.month_relyear", fn=mry, relative=True)


def _rule_day_relmonth(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    role = _role(g.get("mod")) or ("this" if g.get("this") else None)
    if role is None:
        return None
    dd = int(g["d"]) if g.get("d") else ordinal_value(g.get("od") or "")
    if not dd or dd > 31:
        return None
    off = {"past": -1, "next": 1}.get(role, 0)

    def drm(ref: date, off=off, dd=dd) -> V.Res | None:
        y, mo = V.add_months(ref.year, ref.month, off)
        d0 = _valid(y, mo, dd)
        return V.day(d0) if d0 else None

    return Cand(s, e, "date", "date.day_relmonth", fn=drm, relative=True)


def _rule_month_year(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    mo = _month(g["m"])
    if mo is None:
        return None
    r = V.month(int(g["y"]), mo)
    c = Cand(s, e, "date", "date.month_year", fn=_const(r))
    c.value = V.absolute(r)
    return c


def _month_start(pre: str, m: re.Match[str], s: int) -> int:
    """Where a month expression starts: with its time word ('أواخر', 'منذ', 'حتى'), with 'شهر' ('لشهر أيار'
    from 'شهر'), else at the month name ('في مايو': the preposition stays out)."""
    if pre == "شهر" or pre.endswith("شهري"):
        return m.start("pre")
    if pre == "لشهر":
        return m.end("pre") - 3
    return s if pre in ("اواخر", "مطلع", "منذ", "حتي", "بحلول") else m.start("m")


def _rule_month(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    mo = _month(g["m"])
    pre = (g.get("pre") or "").lstrip("وف")
    start = _month_start(pre, m, s)
    if pre == "منذ" and not g.get("mod") and _YEAR_AFTER_MONTH.match(m.string[e : e + 30]):
        return None  # 'منذ مايو أيار 2016': the month of the year after it (month_year)
    mod = _PART.get(pre)
    role = _role(g.get("mod"))
    c = Cand(start, e, "date", "date.month", relative=True, directional=role is None)
    if pre == "تسليم" and role is None:  # 'عقود تسليم مايو': a delivery month, this one or the next
        c.directional = False
        c.fn = lambda ref, mo=mo: _m_fn(mo, "future")(ref)
    elif role == "past":  # 'يناير الماضي': the last January before this month
        c.fn = lambda ref, mo=mo, mod=mod: _m_fn(mo, "past", mod)(V.month(*V.add_months(ref.year, ref.month, -1)).end)
    elif role == "next":
        c.fn = lambda ref, mo=mo, mod=mod: _m_fn(mo, "future", mod)(V.month(*V.add_months(ref.year, ref.month, 1)).start)
    else:
        c.dirfn = lambda direction, mo=mo, mod=mod: _m_fn(mo, direction, mod)
    if pre == "منذ":
        c.extra["since"] = True
    return c


def _rule_part(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    mod = _PART.get(g["part"])
    if g["part"].startswith("النصف"):  # 'النصف الثاني من أكتوبر': that half of the month (round 8)
        mod = "H1" if "الاول" in g["part"] else "H2"
    mo = _month(g.get("m"))
    if mo is not None and g["part"] == "اول":
        # 'أول ديسمبر', 'أول يوليو 2018': the first day of that month ('أوائل/مطلع' stay a part)
        if g.get("y"):
            r = V.day(date(int(g["y"]), mo, 1))
            c = Cand(s, e, "date", "date.dmy", fn=_const(r))
            c.value = V.absolute(r)
            return c
        c = Cand(s, e, "date", "date.dm", relative=True, directional=True)
        c.dirfn = lambda direction, mo=mo: _md_fn(mo, 1, direction)
        c.extra = {"month": mo, "day": 1}
        return c
    if mo is not None:
        if g.get("y"):
            r = _part_month(int(g["y"]), mo, mod)
            c = Cand(s, e, "date", "date.part_month", fn=_const(r))
            c.value = V.absolute(r)
            return c
        ymod = _role(g.get("ymod"))
        if ymod is not None:  # 'نهاية شهر يونيو من العام المقبل': that month of the year named
            yoff = {"past": -1, "next": 1}.get(ymod, 0)
            return Cand(s, e, "date", "date.part_month", relative=True,
                        fn=lambda ref: _part_month(ref.year + yoff, mo, mod))
        c = Cand(s, e, "date", "date.part_month", relative=True, directional=True)
        c.dirfn = lambda direction, mo=mo, mod=mod: _m_fn(mo, direction, mod)
        return c
    if g.get("y2"):
        r = _part_year(int(g["y2"]), mod)
        c = Cand(s, e, "date", "date.part_year", fn=_const(r))
        c.value = V.absolute(r)
        return c
    if g.get("dec"):  # 'نهاية العقد الحالي', 'منتصف العقد المقبل': that part of a decade
        role = _role(g.get("dmod"))
        if role in (None, "this") and _CONTRACT_NEAR.search(m.string, max(0, s - 150), s):
            return None  # 'رحيل المدرب قبل نهاية العقد الحالي': the present contract
        doff = {"past": -1, "next": 1}.get(role or "this", 0)
        return Cand(s, e, "date", "date.part_rel", relative=True, fn=lambda ref: _part_decade((ref.year // 10 + doff) * 10, mod))
    u = g.get("u")
    role = _role(g.get("mod")) or "this"
    off = {"past": -1, "next": 1}.get(role, 0)
    if u == "شهر":
        def fn(ref: date, off=off, mod=mod) -> V.Res:
            y, mo = V.add_months(ref.year, ref.month, off)
            return _part_month(y, mo, mod)
    elif u in ("عام", "سنه"):
        def fn(ref: date, off=off, mod=mod) -> V.Res:
            return _part_year(ref.year + off, mod)
    else:
        def fn(ref: date, off=off, mod=mod) -> V.Res:
            st = ref - timedelta(days=ref.isoweekday() - 1) + timedelta(days=7 * off)
            return _part_week(st, mod)
    return Cand(s, e, "date", "date.part_rel", fn=fn, relative=True)


_TIME_PREP_END = compile_fast(r"(?:^|\s)[وف]?(?:في|خلال|منذ|قبل|بعد|حتي|مطلع|منتصف|نهايه|اواخر|اوائل|بدايه|طوال|طيله)\s*$")
_NAME_AFTER_MONTH = compile_fast(r"\s+(?:طيب|بن|ابن|ابو|اردوغان|(?!(?:الماضي|الحالي|الجاري)(?!\w))\w+ي(?!\w))")


def _rule_hijri(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    lx = lexicon()
    mk = " ".join(g["m"].split())
    hm = lx.hijri_months[mk]
    hd = None
    if g.get("d"):
        hd = int(g["d"]) if g["d"].isdigit() else ordinal_value(g["d"])
        if not hd or hd > 30:
            return None
    hy = int(g["y"]) if g.get("y") else None
    ten = None
    if g.get("ten"):  # 'العشر الأواخر من رمضان': days 21 to the month's end; 'العشر الأوائل من ذي الحجة': 1 to 10
        if hd:
            return None
        ten = "last" if g["tw"] in ("اواخر", "اخيره") else "first"
    if not (hd or hy or ten or g.get("shahr") or g.get("h")):
        # a bare month name: only after a time preposition, never glued to a name
        before = tense_norm_before(m)
        if not _TIME_PREP_END.search(before):
            return None
        # a name ('رمضان العبدلي', 'رجب طيب'), not a month with its modifier ('في رمضان الماضي', round 12)
        if mk in lx.hijri_ambiguous and _NAME_AFTER_MONTH.match(m.string[e : e + 12]):
            return None
    if hy:
        if hd:
            d = _hijri_to_greg(hy, hm, hd)
            if not d:
                return None
            r = V.day(d)
            r.extra = {"hijri_year": hy, "hijri_month": hm, "hijri_day": hd}
        else:
            whole = _hijri_month_res(hy, hm, ten)
            if whole is None:
                return None
            r = whole
        c = Cand(s, e, "interval" if ten else "date", "date.hijri", fn=_const(r))
        c.value = V.absolute(r)
        return c
    if g.get("hmod"):  # 'رمضان الماضي' (the last one ended), 'رمضان المقبل', 'رمضان الحالي': no tense needed
        how = {"الماضي": "last", "المنصرم": "last", "الفايت": "last", "المقبل": "next", "القادم": "next"}.get(g["hmod"], "this")
        return Cand(s, e, "interval" if ten else "date", "date.hijri", fn=_hijri_fn(hm, hd, how, ten), relative=True)
    c = Cand(s, e, "interval" if ten else "date", "date.hijri", relative=True, directional=True)
    c.dirfn = lambda direction, hm=hm, hd=hd, ten=ten: _hijri_fn(hm, hd, direction, ten)
    return c


def _rule_hijri_year(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    hy = int(g["y"])
    a = _hijri_to_greg(hy, 1, 1)
    b = _hijri_to_greg(hy + 1, 1, 1)
    if not a or not b:
        return None
    r = V.Res("range", a, b - timedelta(days=1), extra={"hijri_year": hy})
    c = Cand(s, e, "date", "date.hijri_year", fn=_const(r))
    c.value = V.absolute(r)
    return c


def _rule_holiday(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    cal, hm, hd = lexicon().holidays[" ".join(g["h"].split())]
    off = {"اول": 0, "ثاني": 1, "ثالث": 2, "رابع": 3, "اخر": 2}.get(g.get("ord") or "", 0)
    if g.get("y") and cal == "greg":
        d = _valid(int(g["y"]), hm, hd)
        if d is None:
            return None
        r = V.day(d)
        c = Cand(s, e, "date", "date.holiday", fn=_const(r))
        c.value = V.absolute(r)
        return c
    if cal == "greg":
        if (hm, hd) == (12, 25) and _EASTERN_CHURCH.search(m.string, max(0, s - 80), min(len(m.string), e + 40)):
            hm, hd = 1, 7  # the Christmas of the Coptic and Orthodox churches
        c = Cand(s, e, "date", "date.holiday", relative=True, directional=True)
        c.dirfn = lambda direction, hm=hm, hd=hd: _md_fn(hm, hd, direction)
        return c
    c = Cand(s, e, "date", "date.holiday", relative=True, directional=True)

    def mk(direction: str, hm=hm, hd=hd, off=off, gy=g.get("y")) -> DayFn:
        base = _hijri_fn(hm, hd, direction)

        def fn(ref: date) -> V.Res | None:
            if gy:  # 'عيد الفطر 2024': the feast that falls in that Gregorian year
                for hy in range(int(gy) - 580 + 0, int(gy) - 576):
                    d0 = _hijri_to_greg(hy, hm, hd)
                    if d0 and d0.year == int(gy):
                        return V.day(d0 + timedelta(days=off))
                return None
            r = base(ref)
            if r is None:
                return None
            return V.day(r.start + timedelta(days=off))

        return fn

    c.dirfn = mk
    return c


_YEAR_WORDS_END = compile_fast(r"(?:عام|العام|سنه|السنه|عامي|سنتي)\s+$")


def _rule_year(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    y = int(g["y"])
    pre = " ".join((g.get("pre") or "").split())
    pre_core = pre.lstrip("وف") if pre[:1] in "وف" and len(pre) > 2 and pre[1:].split()[0] in (
        "منذ", "قبل", "بعد", "حتي", "في", "خلال", "مطلع", "منتصف", "نهايه", "بدايه", "اواخر", "اوائل", "اواسط", "مع", "من", "الي", "بين") else pre
    pre_core = pre_core.split()[0] if pre_core else ""
    mod = _PART.get(pre_core)
    start = s
    if pre_core in ("في", "خلال", "مع", "من", "الي", "بين"):
        start = m.start("y")
        # keep 'عام 2019' in the span after 'في'
        mm = _YEAR_WORD_END.search(m.string[s : m.start("y")])
        if mm:
            start = s + mm.start()
    if g.get("y2"):
        y2 = int(g["y2"])
        if y2 <= y:
            return None
        return _year_range(start, e, y, y2, "year.range")
    if not g.get("y2") and not _YEAR_WORDS_END.search(m.string[s : m.start("y")]) \
            and _AMOUNT_AFTER.match(m.string, e):
        return None  # 'إلى 1890 ريالاً', 'إلى 2000 طالب': an amount after a preposition, not a year
    r = _part_year(y, mod) if mod else V.year(y)
    c = Cand(start, e, "date", "year", fn=_const(r))
    if pre_core == "منذ":
        r.mod = "SINCE"
        c.type = "interval"
        c.rule = "year.since"
    elif pre_core in ("قبل", "حتي"):
        r.mod = "BEFORE"
    elif pre_core == "بعد":
        r.mod = "AFTER"
    c.value = V.absolute(r)
    return c


def _rule_weekday(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    if not (g.get("al") or g.get("yawm")):
        return None
    wd = lexicon().weekdays[" ".join(g["wd"].split())]
    if wd == 1 and not g.get("yawm") and not g.get("rel") and not g.get("mod") and any(
            x.start() < m.end() and m.start() < x.end()
            for x in _THE_TWO.finditer(m.string, max(0, m.start() - 12), min(len(m.string), m.end() + 12))):
        return None  # 'بين الاثنين', 'كلا الاثنين', 'الاثنين معا': 'the two', not Monday
    relw = " ".join((g.get("rel") or "").split())
    if relw.startswith("يوم "):  # 'يوم غد الجمعة', 'يوم أمس الأحد'
        relw = relw[4:]
    role = _role(g.get("mod"))
    pod = None
    lx = lexicon()
    pod0 = " ".join((g.get("pod0") or "").split())
    if pod0 in lx.dayparts:
        pod = lx.dayparts[pod0][0]
    if relw in lx.dayparts:
        pod = lx.dayparts[relw][0]
    elif relw.startswith("منتصف"):
        pod = "NI"
    pod1 = " ".join((g.get("pod1") or "").split())
    if pod1 and pod is None and not relw:  # 'السبت مساء', 'الخميس صباحاً'
        pod = lx.dayparts[pod1][0] if pod1 in lx.dayparts else None
    c = Cand(s, e, "date", "weekday", relative=True)
    if relw == "اليوم":
        c.rule = "weekday.today"
        c.fn = _with_pod(_day_after(0), pod)
        c.extra["today_weekday"] = wd
    elif relw in ("امس", "الامس"):
        c.rule = "weekday.yesterday"
        c.fn = _with_pod(_day_after(-1), pod)
        c.extra["yesterday_weekday"] = wd
    elif relw in ("غدا", "غد"):  # 'غداً الخميس', 'فجر غد الأربعاء'
        c.rule = "weekday.tomorrow"
        c.fn = _with_pod(_day_after(1), pod)
    elif relw.startswith("بعد"):
        c.fn = _day_after(2)
    elif role == "past":
        c.rule = "weekday.last"
        c.fn = _with_pod(_weekday_fn(wd, "past"), pod)
    elif role == "next":
        c.rule = "weekday.next"
        c.fn = _with_pod(_weekday_fn(wd, "next"), pod)
    else:
        c.rule = "weekday.bare"
        c.directional = True
        c.dirfn = lambda direction, wd=wd, pod=pod: _with_pod(_weekday_fn(wd, "future0" if direction == "future" else "past0"), pod)
    c.extra["weekday"] = wd
    if pod:
        c.type = "datetime"
        c.extra["pod"] = pod
    return c


def _rule_weekday_range(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    # 'من الأحد إلى الثلاثاء', 'بين السبت والاثنين'
    lx = lexicon()
    wd1 = lx.weekdays[" ".join(g["wd1"].split())]
    wd2 = lx.weekdays[" ".join(g["wd2"].split())]
    if wd1 == wd2:
        return None
    c = Cand(s, e, "interval", "weekday.range", relative=True, directional=True)

    def mkw(direction: str, wd1=wd1, wd2=wd2) -> DayFn:
        first = _weekday_fn(wd1, "future0" if direction == "future" else "past0")

        def fn(ref: date) -> V.Res:
            a = first(ref).start
            return V.Res("range", a, a + timedelta(days=(wd2 - wd1) % 7))

        return fn

    if g.get("mod"):  # 'من الأربعاء إلى السبت المقبلين': the modifier settles the direction
        c.directional = False
        c.fn = mkw("past" if g["mod"].startswith("الماضي") else "future")
        return c
    c.dirfn = mkw
    return c


_NTH = {"اول": 1, "الاولي": 1, "ثاني": 2, "الثانيه": 2, "ثالث": 3, "الثالثه": 3, "رابع": 4, "الرابعه": 4,
        "خامس": 5, "الخامسه": 5, "اخر": -1, "الاخيره": -1,
        "الاخير": -1}


def _nth_weekday(span: V.Res | None, wd: int, k: int) -> V.Res | None:
    """The k-th given weekday (ISO) inside a month's span; k = -1: the last one."""
    if span is None:
        return None
    first = span.start + timedelta(days=(wd - span.start.isoweekday()) % 7)
    days = [first + timedelta(days=7 * i) for i in range(6) if first + timedelta(days=7 * i) <= span.end]
    if not days or k > len(days):
        return None
    return V.day(days[k - 1] if k > 0 else days[-1])


def _rule_weekday_nth(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    lx = lexicon()
    wd = lx.weekdays[g["wd1"] or g["wd2"]]
    k = _NTH[g["o1"] or g["o2"]]
    month_fn: Callable[[str], DayFn]
    span: V.Res | None = None  # the month, when the text gives its year
    if g.get("hm"):
        hm = lx.hijri_months[" ".join(g["hm"].split())]
        if g.get("hy"):
            span = _hijri_month_res(int(g["hy"]), hm)
        month_fn = lambda direction: _hijri_fn(hm, None, direction)
    else:
        mo = _month(g["m"])
        if mo is None:
            return None
        if g.get("y"):
            span = V.month(int(g["y"]), mo)
        month_fn = lambda direction: _m_fn(mo, direction)
    if g.get("hy") or g.get("y"):
        r = _nth_weekday(span, wd, k)
        if r is None:
            return None
        c = Cand(s, e, "date", "date.nth_weekday", fn=_const(r))
        c.value = V.absolute(r)
        return c

    def mk(direction: str) -> DayFn:
        of_month = month_fn(direction)
        return lambda ref: _nth_weekday(of_month(ref), wd, k)

    c = Cand(s, e, "date", "date.nth_weekday", relative=True, directional=True)
    c.dirfn = mk
    return c


def _rule_relday(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    w = " ".join(g["w"].split())
    podw = " ".join((g.get("pod") or "").split())
    lx = lexicon()
    pod = lx.dayparts[podw][0] if podw in lx.dayparts else ("NI" if podw.startswith("منتصف") else None)
    if w in ("هذا الصباح",):
        pod, w = "MO", "اليوم"
    elif w in ("هذا المساء", "الليله"):
        pod, w = ("EV" if w == "هذا المساء" else "NI"), "اليوم"
    elif w.startswith("الليله "):  # 'الليلة الماضية': last night, the night of the day before (round 8)
        pod, w = "NI", "امس"
    off = {"اليوم": 0, "امس": -1, "الامس": -1, "البارحه": -1, "غدا": 1, "الغد": 1, "غد": 1,
           "بعد غد": 2, "بعد الغد": 2, "اول امس": -2, "امس الاول": -2}.get(w)
    if off is None:
        return None
    if w == "اليوم" and not podw and not g.get("p0") and _RATE_BEFORE.search(m.string, max(0, s - 40), s):
        return None  # '3.6 ملايين برميل في اليوم': a rate, not today
    if w == "غد" and not podw and not g.get("yawm"):
        return None
    c = Cand(s, e, "datetime" if pod else "date", f"relday.{off:+d}" if off else "relday.today", relative=True)
    c.fn = _with_pod(_day_after(off), pod)
    c.extra["offset"] = off
    return c


def _rule_relunit(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    role = _role(g.get("mod"))
    if g.get("this"):
        role = role or "this"
    if role is None:
        return None
    off = {"past": -1, "next": 1, "this": 0}[role]
    before = (g.get("before") or "").strip()
    if before == "قبل" and role == "past":  # 'الأسبوع قبل الماضي': the one before last
        off = -2
    elif before == "بعد" and role == "next":  # 'العام بعد المقبل'
        off = 2
    elif before:
        return None
    u = g["u"][2:]
    if g.get("fisc") and (u not in ("عام", "سنه") or not g.get("mod")):
        return None  # 'العام المالي الجاري': the (fiscal) year; a bare 'العام المالي' names none
    if u == "عقد":
        # 'العقد الماضي' (the last decade); 'هذا العقد', 'العقد الحالي', 'العقد السابق' are as
        # often a contract
        if g.get("this") or " ".join(g["mod"].split()) not in _DECADE_MODS:
            return None

        def fn(ref: date, off=off) -> V.Res:
            y0 = (ref.year // 10 + off) * 10
            return V.Res("decade", date(y0, 1, 1), date(y0 + 9, 12, 31))
    elif u == "اسبوع":
        def fn(ref: date, off=off) -> V.Res:
            return V.week_of(ref + timedelta(days=7 * off))
    elif u == "شهر":
        def fn(ref: date, off=off) -> V.Res:
            y, mo = V.add_months(ref.year, ref.month, off)
            return V.month(y, mo)
    else:
        def fn(ref: date, off=off) -> V.Res:
            return V.year(ref.year + off)
    return Cand(s, e, "date", f"relunit.{role}", fn=fn, relative=True)


def _rule_relplural(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    mw = " ".join(g["mod"].split())
    role = _role(mw) or ("next" if mw.startswith(("المقبل", "القادم")) else "past")
    un = _unit_of(g["u"][2:]) or _unit_of(g["u"])
    if not un:
        return None
    n = number_value(_NUM_ARTICLE.sub(r"\1", g["n"])) if g.get("n") else (2 if un[1] == "2" else None)
    unit = un[0]
    if n is None:
        v = TimeValue("PAST_REF" if role == "past" else "FUTURE_REF", "duration", None, None, {}, None, "unknown")
        return Cand(s, e, "date", "vague.plural", value=v)
    return _last_or_next(s, e, int(n), unit, role)


_WATCH_AFTER = compile_fast(r"\s+(?:يد|جيب|حايط|ذكيه|يدويه|فاخره|سويسريه)(?!\w)")  # normalised: ئ is ي
_LIGHT_YEARS = compile_fast(r"\s+ضويي")  # normalised: ئ is ي


def _word_before(text: str, s: int) -> str:
    """The word right before position ``s`` (its tanween and punctuation left out)."""
    words = text[max(0, s - 20):s].split()
    return words[-1].strip("،,") if words else ""


# what follows a quarter's word when it names one of a year: 'الثالثة من سنة 2024'
_QUARTER_OF_YEAR = compile_fast(r"\s+\w+\s+(?:من\s+)?(?:(?:سنه|عام|العام|السنه)\s+)?(?:19|20)\d\d")


def _rule_quantity(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    un = _unit_of(g["unit"])
    if not un:
        return None
    unit, count = un
    pre_role = _role(g.get("pre"))
    ap = _MOD_OF_APPROX.get(_role(g.get("ap")) or "", None)
    if name in ("quantity", "qplus"):
        if g.get("al") and not g.get("n") and not g.get("frac0"):
            return None
        if g.get("n") and g["n"][:1].isdigit() and _SCORE_BEFORE.search(m.string, max(0, m.start("n") - 6), m.start("n")):
            return None  # 'فاز 2-1 اليوم': the end of a score, not '1 اليوم'
        if g.get("n") and g["n"][:1].isdigit() and _NUM_TAIL_BEFORE.search(m.string, max(0, m.start("n") - 2), m.start("n")):
            return None  # '3:26.73 دقيقة': the tail of a race time, not 26.73 minutes
        if unit == "H" and _WATCH_AFTER.match(m.string, e):
            return Cand(s, e, "none", "none.watch")  # 'سرق 40 ساعة يد': watches, not hours
        if unit == "Y" and _LIGHT_YEARS.match(m.string, e):
            return Cand(s, e, "none", "none.distance")  # 'على بعد 1300 سنة ضوئية': a distance
        if pre_role == "after" and count == "1" and not g.get("n") and _unit_of(_word_before(m.string, s)) == un:
            return Cand(s, e, "none", "none.idiom")  # 'يوماً بعد يوم', 'عاماً بعد عام': ever more, not a time
        if g.get("n") and " ".join(g["n"].split()) in _FEW and count == "n":
            letter = V.duration_value(1, unit).replace("1", "X")
            if pre_role in ("since", "ago", "after"):
                ref_v = "FUTURE_REF" if pre_role == "after" else "PAST_REF"
                return Cand(s, e, "date", "vague.few", value=TimeValue(ref_v, "duration", None, None, {}, "APPROX", "unknown"))
            v = TimeValue(letter, "duration", None, None, {}, ap, "exact")
            return Cand(s, e, "duration", "duration.few", value=v)
        amt = _amount(g.get("n"), count, g.get("frac"), g.get("frac0"))
        if amt is None:
            if count == "n" and pre_role in ("ago", "after") and _anchored(m.string, s, e):
                # 'بعد أسابيع من الاحتجاجات', 'قبل أيام من الانتخابات': some units from another happening
                v = TimeValue(V.duration_value(1, unit).replace("1", "X"), "duration", None, None, {},
                              "BEFORE" if pre_role == "ago" else "AFTER", "exact")
                return Cand(s, e, "duration", "duration.anchored", value=v)
            if count == "n" and pre_role in ("since", "ago"):
                v = TimeValue("PAST_REF", "duration", None, None, {}, "APPROX", "unknown")
                return Cand(s, e, "date", "vague.ago", value=v)
            if count == "n" and pre_role in ("within", "after"):
                v = TimeValue("FUTURE_REF", "duration", None, None, {}, "APPROX", "unknown")
                c = Cand(s, e, "date", "vague.soon", value=v)
                if pre_role == "after":
                    c.extra["after"] = V.duration_value(1, unit).replace("1", "X")
                return c
            return None
        added = g.get("more") or (count == "1" and not g.get("n") and unit not in ("DE", "CE")
                                  and (_ADD_BEFORE.search(m.string, max(0, s - 12), s)
                                       or _LAST_BEFORE.search(m.string, max(0, s - 10), s)))
        if count == "1" and not (g.get("n") or g.get("one") or pre_role or ap or g.get("frac") or g.get("frac0")
                                 or added or g.get("plus") or g.get("full")):
            return None
        if g.get("n") and count == "2":
            return None  # 'ثلاث ساعتين' is not Arabic
        if g.get("one") and not pre_role and m.string.startswith(" من", e):
            return None  # 'ابن الثمانين عاما واحدا من أكبر ...': one of
        if g.get("one") or ((g.get("more") or g.get("full")) and not g.get("n")):  # 'يوما واحدا', 'يوما إضافيا', 'أسبوعا كاملا'
            amt = 1
        dur = V.duration_value(amt, unit)
        if g.get("plus"):  # 'ساعة و25 دقيقة', 'ثلاثة أعوام وأربعة أشهر': one duration
            pieces: list[tuple[float | None, str | None]] = [(amt, unit)]
            for nk, uk in (("n2", "unit2"), ("n3", "unit3")):
                if g.get(uk):
                    unk = _unit_of(g[uk])
                    pieces.append((number_value(g[nk]), unk[0] if unk else None))
            whole = _compound(pieces)
            if whole is None:
                return None
            dur = whole
        weak = count == "1" and not g.get("n") and not g.get("one") and not g.get("frac") and not g.get("frac0") and not g.get("plus")
    else:
        weak = False
        a = g["a"]
        au = re.match(rf"^(?:(.+?)\s+)?({parts()['unit']})$", " ".join(a.split()))
        ua = _unit_of(au.group(2)) if au else None
        if au and ua:
            av = number_value(au.group(1)) if au.group(1) else (2 if ua[1] == "2" else 1)
        else:
            av = number_value(a)
        bv = number_value(g["b"])
        if av is None or bv is None:
            return None
        if 1800 <= av < bv <= 2100 and name == "qrange2":  # 'لموسم 2026-2027 يوم الخميس': years
            return None
        if name == "qrange2" and av >= bv:  # 'خسر 3-1 يوم الاثنين': a score, not a span
            return None
        dur_a = V.duration_value(av, ua[0] if ua else unit)
        dur = f"{dur_a}/{V.duration_value(bv, unit)}"
        amt = bv
    if not amt:  # '5-0 الشهر الماضي': a score, not a span of no time
        return None
    if unit == "MO" and not pre_role and _is_age_before(m.string, s, months=True):
        return Cand(s, e, "none", "none.age")  # 'الأطفال من عمر ستة أشهر إلى خمس سنوات'
    if unit == "Y" and not pre_role and (_is_age_before(m.string, s) or _DIED_AT.search(m.string[max(0, s - 70):s]) or (
            m.string[max(0, s - 2):s].strip() == "(" and m.string[e:e + 2].strip()[:1] == ")")):
        # an age: 'يبلغ من العمر 34 عاما', 'عن عمر ناهز 83 عاما', '(16 عاما)'; it covers its span, so
        # a part of it ('يتراوح عمره بين 12 و65 سنة', 'عمره 17 عاما و239 يوما') is no time either
        return Cand(s, e, "none", "none.age")
    if pre_role in ("ago", "after") and _anchored(m.string, s, e):
        # 'بعد 45 يوماً من احتجازه', 'قبل ثلاثة أيام من الانتخابات': an offset from another
        # happening, not from the reference: only the duration is known
        v = TimeValue(dur, "duration", None, None, {}, "BEFORE" if pre_role == "ago" else "AFTER", "exact")
        return Cand(m.start("n") if g.get("n") else s, e, "duration", "duration.anchored", value=v, weak=weak)
    if pre_role in ("since", "ago", "after") and "/" not in dur:
        n = int(amt) if amt == int(amt) else None
        if n is None or unit in ("H", "M", "S") or g.get("plus"):
            # 'قبل ساعتين': a time of day we do not resolve; keep it as an offset
            v = TimeValue(dur, "duration", None, None, {}, "BEFORE" if pre_role != "after" else "AFTER", "unknown")
            return Cand(s, e, "duration", "duration.offset", value=v)
        sign = 1 if pre_role == "after" else -1
        c = Cand(s, e, "date", f"offset.{pre_role}", relative=True)
        c.fn = _shift_fn(sign * n, unit, mod=ap)
        c.extra["duration"] = dur
        if pre_role == "after":
            c.extra["after"] = dur
            if _ANCHORED_AFTER.match(m.string, e):  # 'والإياب بعد أسبوع في الجزائر': after a happening told before?
                c.extra["after_place"] = True
        c.weak = weak
        return c
    if pre_role == "within":
        c = Cand(s, e, "interval", "interval.within", relative=True)
        last = dur.split("/")[-1]

        def fn(ref: date, last=last, unit=unit, amt=amt) -> V.Res:
            n = int(amt) if amt == int(amt) else int(amt) + 1
            end = V.shift(ref, n, unit) if unit not in ("H", "M", "S") else ref
            r = V.Res("range", ref, end)
            return r

        c.fn = fn
        c.extra["duration"] = dur
        c.extra["mod"] = ap
        c.weak = weak
        return c
    v = TimeValue(dur, "duration", None, None, {}, ap, "exact")
    return Cand(s, e, "duration", f"duration.{name}", value=v, weak=weak)


_AND_TENS_AFTER = compile_fast(r"\s+و\s*ال(?:عشرين|ثلاثين|اربعين|خمسين)(?!\w)")


def _rule_clock(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    hs = g["h"]
    if ("." in hs or "," in hs) and not (g.get("sa") or g.get("pod") or g.get("zone") or g.get("z2")):
        return None  # '11.30' alone is a number; with a zone or a part of day it is a clock
    hs = hs.replace(".", ":").replace(",", ":")
    if ":" in hs:
        hh, mi = (int(x) for x in hs.split(":"))
    elif hs.isdigit():
        hh, mi = int(hs), 0
    else:
        hh, mi = lexicon().fem_ordinals.get(" ".join(hs.split()), 0), 0
    if not (g.get("sa") or ":" in hs or g.get("pod") or g.get("zone") or g.get("z2")):
        return None
    if not g.get("sa") and not hs[0].isdigit() and not (g.get("pod") or g.get("zone")):
        return None
    if not g.get("sa"):
        before = m.string[max(0, s - 24):s]
        if hs[0].isdigit():
            # '2-0 مساء الأربعاء' (a score), '0 مساء': not a clock
            if ":" not in hs and (hh == 0 or _SCORE_BEFORE.search(before)):
                return None
        else:
            # an ordinal after a noun that is counted is its adjective: 'الجولة الخامسة
            # مساء السبت', 'الساعات الأولى من صباح أمس'
            w = before.split()[-1:] or [""]
            if w[0] and _COUNTED_NOUN.fullmatch(w[0]):
                return None
    if hh > 24 or mi > 59:
        return None
    if not hs[0].isdigit() and not g.get("frac") and _AND_TENS_AFTER.match(m.string[e:e + 16]):
        return None  # 'الساعة الخامسة والعشرين': an ordinal past 24, a title
    fr = " ".join((g.get("frac") or "").split())
    if fr:
        if fr.endswith(("دقيقه", "دقايق")):  # as normalised ('وسبع عشرة دقيقة', 'وخمس وأربعين دقيقة')
            mi = int(number_value(fr.rsplit(" ", 1)[0]) or 0)
            if mi > 59:
                return None
        else:
            mi = {"النصف": 30, "نصف": 30, "الربع": 15, "ربع": 15, "الثلث": 20, "ثلث": 20}.get(fr, 0)
    mn = " ".join((g.get("minus") or "").split())
    if mn:
        sub = {"ربعا": 15, "ربع": 15, "الربع": 15, "ثلثا": 20, "ثلث": 20}.get(mn)
        if sub is None:
            sub = int(number_value(mn.rsplit(" ", 1)[0]) or 0)
        hh, mi = (hh - 1) % 24, 60 - sub
    pod = None
    if g.get("pod"):
        code, pm = lexicon().dayparts[" ".join(g["pod"].split())]
        pod = code
        if pm == "1" and 1 <= hh < 12:
            hh += 12
        elif pm == "n" and 6 <= hh < 12:
            hh += 12
        elif code == "NI" and hh == 12:
            hh = 0
    tz = None
    if g.get("zone"):
        tz = lexicon().zones.get(" ".join(g["zone"].split()))
    elif g.get("z2"):
        tz = "UTC"
    c = Cand(s, e, "time", "time.clock")
    c.clock = (hh, mi, pod, tz)
    if g.get("pdd"):  # 'الساعة السادسة من مساء الرابع من آب': a clock of a day of a month
        pd = int(g["pdd"]) if g["pdd"].isdigit() else ordinal_value(" ".join(g["pdd"].split()))
        pmo = _month(g["pmo"])
        if not pd or not pmo or pd > 31:
            return None
        c.type, c.rule, c.relative = "datetime", "time.clock+date", True
        if g.get("pdy"):
            dd0 = _valid(int(g["pdy"]), pmo, pd)
            if dd0 is None:
                return None
            c.fn = _attach_clock(lambda ref: V.day(dd0), c.clock)
        else:
            c.directional = True
            c.dirfn = lambda direction, pmo=pmo, pd=pd, clock=c.clock: _attach_clock(_md_fn(pmo, pd, direction), clock)
        c.clock = None
        return c
    pday = " ".join((g.get("pday") or "").split())
    if pday:  # 'السابعة من مساء الأربعاء', 'التاسعة من صباح اليوم'
        c.type, c.rule, c.relative = "datetime", "time.clock+day", True
        off = {"اليوم": 0, "امس": -1, "الامس": -1, "غد": 1, "الغد": 1}.get(pday)
        if off is not None:
            c.fn = _attach_clock(_day_after(off), c.clock)
        else:
            wd = lexicon().weekdays.get(pday[2:])
            if wd is None:
                return None
            c.extra["weekday"] = wd
            c.extra["clock"] = c.clock  # 'العاشرة من صباح الأحد 15 مارس': a date may follow
            pmod = _role(g.get("pmod"))
            if pmod in ("past", "next"):  # 'من صباح الخميس الماضي': the text names the week
                c.fn = _attach_clock(_weekday_fn(wd, pmod), c.clock)
            else:
                c.directional = True
                c.dirfn = lambda direction, wd=wd, clock=c.clock: _attach_clock(
                    _weekday_fn(wd, "future0" if direction == "future" else "past0"), clock)
        c.clock = None
    return c


@lru_cache(maxsize=1)
def _hour_after_midnight() -> re.Pattern[str]:
    """An hour right before 'بعد منتصف الليل' (digits, or the clock's own feminine ordinals)."""
    return compile_fast(rf"(?:\d|(?<!\w)(?:{parts()['fem_ord']}))\s+بعد\s+$")


_CLOCK_PREP_END = compile_fast(r"(?:^|\s)[وف]?(?:عند|في|حتي|منذ|من|مع|الي|قبيل|بعيد|بعد|حوالي|نحو|قرابه|تمام)\s+$")


def _rule_midnight(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    # 'عند منتصف الليل بالتوقيت المحلي': 00:00 (not 'الساعة الواحدة بعد منتصف الليل')
    if "ب" not in (g.get("p0") or "") and not _CLOCK_PREP_END.search(m.string[max(0, s - 10):s]):
        return None  # only after a time preposition: 'فبركات منتصف الليل' is a title
    if _hour_after_midnight().search(m.string, max(0, s - 30), s):
        return None  # 'الساعة الواحدة بعد منتصف الليل': a part of day of that hour, not midnight itself
    tz = lexicon().zones.get(" ".join(g["zone"].split())) if g.get("zone") else None
    c = Cand(s, e, "time", "time.midnight")
    c.clock = (0, 0, None, tz)
    return c


def _rule_set(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    if g.get("adv"):
        v = {"يوميا": "P1D", "اسبوعيا": "P1W", "شهريا": "P1M", "سنويا": "P1Y"}[g["adv"]]
        return Cand(s, e, "set", "set.adverb", value=TimeValue(v, "duration", None, None, {}, None, "exact"))
    u = " ".join(g["u"].split())
    lx = lexicon()
    if u in lx.weekdays:
        v = f"XXXX-WXX-{lx.weekdays[u]}"
    elif u in ("صباح", "مساء", "ليله"):
        v = "TMO" if u == "صباح" else ("TEV" if u == "مساء" else "TNI")
    else:
        un = _unit_of(u)
        if not un:
            return None
        n = number_value(g["n"]) if g.get("n") else (2 if un[1] == "2" else 1)
        if n is None:
            return None
        if un[0] == "MO" and n == 1 and not g.get("n"):
            dm = _day_of_every().search(m.string, max(0, s - 40), s)
            if dm:  # 'في الخامس والعشرين من كل شهر': that day of every month (round 8)
                dd = int(dm["d"]) if dm["d"] else ordinal_value(dm["od"] or "")
                if dd and 1 <= dd <= 31:
                    tv = TimeValue(f"XXXX-XX-{dd:02d}", "day", None, None, {"day": dd}, None, "exact")
                    return Cand(dm.start(), e, "set", "set.monthly_day", value=tv)
        v = V.duration_value(n, un[0])
    return Cand(s, e, "set", "set.every", value=TimeValue(v, "duration", None, None, {}, None, "exact"))


def _rule_vague(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    w = " ".join(g["v"].split())
    v = "PRESENT_REF" if w in ("حاليا", "الان") else (
        "FUTURE_REF" if w in ("قريبا", "في وقت لاحق", "في المستقبل القريب") or w.startswith("في اقرب") else "PAST_REF")
    return Cand(s, e, "date", "vague", value=TimeValue(v, "day", None, None, {}, None, "unknown"))


def _rule_year_span(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    y = int(g["y"])
    if name == "year_span":
        y2 = int(g["y2"])
        if not y < y2 <= y + 50:
            return None
        return _year_range(s, e, y, y2, "year.span")
    if _AMOUNT_AFTER.match(m.string, e):
        return None  # 'تراجع الريال إلى 1890 ريالاً مقابل الدولار': an amount, not a year
    r = V.year(y)
    c = Cand(s, e, "date", "year.bare", fn=_const(r))
    c.value = V.absolute(r)
    return c


# a currency or a counted noun after a four-digit number: an amount ('1890 ريالاً', '2000 طن', '1500 شخص').
# The year pattern refuses a year before the first few (and one word between: '2000 مدني قتيل') for any
# year; the handlers refuse the rest only for a number after a bare preposition ('إلى 1890 ريالاً'), since
# some are also verbs or follow a year named as such ('في عام 2019 طالب الحزب بـ...').
_AMOUNT_AFTER = compile_fast(
    rf"\s+[وفبل]?(?:ال)?(?:(?:{_COUNTED_NOUNS})\w?|ريال|ريالا|ريالات|دولارات|جنيه|جنيها|جنيهات|دينار|دينارا|دنانير|درهم|درهما|دراهم|"
    r"ليره|ليرات|يورو|روبل|روبيه|تومان|فرنك|شيكل|شيقل|طن|طنا|اطنان|امتار|كيلومتر|كيلومترا|كلم|برميل|برميلا|"
    r"جريح|جريحا|مواطن|مواطنا|طالب|طالبا|منزل|منزلا|سهم|سهما|نقطه|ميغاواط|ميجاوات|هكتار|هكتارا|"
    r"دونم|دونما|فدان|فدانا|مسافر|مسافرا|لاجي|لاجيا|اصابه|مصاب|مصابا)(?!\w)")


_YEAR_WORD_AT_END = compile_fast(r"(?:عام|العام|سنه|السنه)\s*$")


def _rule_quarter(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    # Maghrebi 'الثلاثية/الثلاثي' (a quarter) and 'السداسي' (a half year) also name a
    # summit or a meeting ('القمة الثلاثية الأولى'), Moroccan 'الفصل' (a quarter) a
    # chapter or a school term: only with their year
    q = g["q"] if g["q"].startswith("ال") else "ا" + g["q"]  # 'للربع'
    g["q"] = q
    if _SCHOOL_YEAR.match(m.string, e):  # 'الفصل الأول من العام الدراسي'
        return None
    maghreb = g["q"] not in ("الربع", "النصف")
    half = g["q"] in ("النصف", "السداسي", "السداسيه")
    o = g["o"].rstrip("ه")
    k = {"الاول": 1, "الاولي": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الاخير": 2 if half else 4}[o]
    if half and k > 2:
        return None
    role = _role(g.get("rel")) if g.get("rel") else ("this" if g.get("this") else None)
    bare = False
    if maghreb and not (g.get("y") or role or g.get("this")):
        # only after the same word for a quarter of a named year ('خلال الثلاثية الثالثة من سنة 2024،
        # مقابل ... في الثلاثية الثانية'): a bare quarter, of that year
        told = m.string.rfind(q[2:], max(0, s - 150), s)
        if told < 0 or not _QUARTER_OF_YEAR.match(m.string, told + len(q) - 2):
            return None
        bare, role = True, "this"
    elif not (g.get("y") or role or g.get("this")):
        # 'الربع الأول من العام': this year's quarter; 'الربع الأول' alone (not 'النصف الأول',
        # a half of a match, nor 'الربع الأول من المباراة'): by tense, see below
        if not _YEAR_WORD_AT_END.search(m.group()):
            if q != "الربع" or _OF_NOUN.match(m.string, m.end("o")):
                return None
            bare = True
        role = "this"

    def qres(y: int, k=k, half=half) -> V.Res:
        return _quarter_res(y, k, half)

    if g.get("y"):
        r = qres(int(g["y"]))
        c = Cand(s, e, "date", "quarter", fn=_const(r))
        c.value = V.absolute(r)
        return c
    if bare:
        e = m.end("o")
        c = Cand(s, e, "date", "quarter.bare", relative=True, directional=True)

        def mkq(direction: str, qres=qres) -> DayFn:
            def fn(ref: date) -> V.Res:
                r = qres(ref.year)
                if direction == "future":  # the coming one, or one just ended (its results)
                    return r if (ref - r.end).days <= 92 else qres(ref.year + 1)
                return r if r.start <= ref else qres(ref.year - 1)  # the last one begun
            return fn

        c.dirfn = mkq
        return c
    off = {"past": -1, "next": 1}.get(role or "this", 0)
    return Cand(s, e, "date", "quarter.rel", fn=lambda ref: qres(ref.year + off), relative=True)


def _rule_months_of_year(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    # 'الأشهر الثلاثة الأولى من 2023' = Q1, 'الأشهر الستة الأخيرة من العام الماضي' = H2
    n_months = _MONTHS_N[g["n"]]
    if n_months not in (3, 6):  # 'الأشهر التسعة الأولى من 2017' = 2017-01/2017-09 (round 8)
        last = g["o"] == "الاخيره"

        def nres(y: int, n_months=n_months, last=last) -> V.Res:
            m0 = 13 - n_months if last else 1
            r = V.Res("range", date(y, m0, 1), V.month_end(y, m0 + n_months - 1))
            r.extra = {"months": 1}
            return r

        if g.get("y"):
            r = nres(int(g["y"]))
            c = Cand(s, e, "interval", "months.first_last", fn=_const(r))
            c.value = V.absolute(r)
            return c
        off = {"past": -1, "next": 1}.get(_role(g.get("rel")) or "this", 0)
        return Cand(s, e, "interval", "months.first_last", relative=True,
                    fn=lambda ref: nres(ref.year + off))
    half = n_months == 6
    k = (2 if half else 4) if g["o"] == "الاخيره" else 1
    if g.get("y"):
        r = _quarter_res(int(g["y"]), k, half)
        c = Cand(s, e, "date", "quarter.months", fn=_const(r))
        c.value = V.absolute(r)
        return c
    off = {"past": -1, "next": 1}.get(_role(g.get("rel")) or "this", 0)
    return Cand(s, e, "date", "quarter.months", relative=True,
                fn=lambda ref: _quarter_res(ref.year + off, k, half))


def _rule_century(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    c_ = " ".join(g["c"].split())
    n = ordinal_value(c_)
    if n is None:
        off = {"الماضي": -1, "المقبل": 1}.get(c_, 0)

        def cfn(ref: date, off=off) -> V.Res:
            c0 = (ref.year // 100 + off) * 100
            return V.Res("century", date(c0, 1, 1), date(c0 + 99, 12, 31))

        return Cand(s, e, "date", "century.rel", fn=cfn, relative=True)
    if not 1 <= n <= 21:
        return None
    c0 = (n - 1) * 100
    r = V.Res("century", date(max(c0, 1), 1, 1), date(c0 + 99, 12, 31))
    c = Cand(s, e, "date", "century", fn=_const(r))
    c.value = V.absolute(r)
    return c


def _rule_decade(name: str, m: re.Match[str], g: dict[str, Any], s: int, e: int) -> Cand | None:
    d = {"عشرينيات": 2, "ثلاثينيات": 3, "اربعينيات": 4, "خمسينيات": 5, "ستينيات": 6, "سبعينيات": 7,
         "ثمانينيات": 8, "تسعينيات": 9}[g["d"]]
    c_ = " ".join((g.get("c") or "").split())
    if c_ in ("العشرين", "الماضي") or not c_:
        y0 = 1900 + 10 * d
    elif c_ == "التاسع عشر":
        y0 = 1800 + 10 * d
    else:
        y0 = 2000 + 10 * d
    r = V.Res("decade", date(y0, 1, 1), date(y0 + 9, 12, 31))
    c = Cand(s, e, "date", "decade", fn=_const(r), relative=c_ == "الماضي")
    c.value = V.absolute(r, "exact" if c_ else "inferred")
    return c


_RULE_HANDLERS: dict[str, Callable[[str, re.Match[str], dict[str, Any], int, int], Cand | None]] = {
    "iso": _rule_iso,
    "numeric": _rule_numeric,
    "dateline": _rule_dateline,
    "dmy": _rule_dmy,
    "en_mdy": _rule_dmy,
    "month_range": _rule_month_range,
    "relplural2": _rule_relplural2,
    "day_range": _rule_day_range,
    "month_relyear": _rule_month_relyear,
    "day_relmonth": _rule_day_relmonth,
    "month_year": _rule_month_year,
    "month": _rule_month,
    "part": _rule_part,
    "hijri": _rule_hijri,
    "hijri_year": _rule_hijri_year,
    "holiday": _rule_holiday,
    "year": _rule_year,
    "weekday": _rule_weekday,
    "weekday_range": _rule_weekday_range,
    "weekday_nth": _rule_weekday_nth,
    "relday": _rule_relday,
    "relunit": _rule_relunit,
    "relplural": _rule_relplural,
    "quantity": _rule_quantity,
    "qrange": _rule_quantity,
    "qrange2": _rule_quantity,
    "qplus": _rule_quantity,
    "clock": _rule_clock,
    "midnight": _rule_midnight,
    "set": _rule_set,
    "vague": _rule_vague,
    "year_span": _rule_year_span,
    "year_bare": _rule_year_span,
    "quarter": _rule_quarter,
    "months_of_year": _rule_months_of_year,
    "century": _rule_century,
    "decade": _rule_decade,
}



def tense_norm_before(m: re.Match[str]) -> str:
    return m.string[max(0, m.start() - 14) : m.start()]


def _with_pod(fn: DayFn, pod: str | None) -> DayFn:
    if not pod:
        return fn

    def f(ref: date) -> V.Res | None:
        r = fn(ref)
        if r is not None:
            r.pod = pod
        return r

    return f


# ---------------------------------------------------------------- merge + resolve

# between a date and its clock: 'يوم الجمعة 15 نونبر على الساعة الثامنة', 'الأحد عند العاشرة'
# 'يوم الأحد 14 جويلية ابتداء من الساعة الثالثة' (round 8: 'ابتداء/اعتبارا/بدءا من')
_GAP_DATE_TIME = compile_fast(r"^[\s,،\-–|]*(?:(?:ابتداء|ابتداءا|اعتبارا|بدءا)\s+(?=من\s))?(?:(?:في|من|يوم|الموافق|علي|عند)\s+)?[\s,،]*$")
_GAP_PAREN = compile_fast(r"^\s*[\(\[]?\s*$")


_ZONES: dict[str, ZoneInfo] = {}


def _zone(key: str) -> ZoneInfo:
    """ZoneInfo(key), kept: zoneinfo keeps only the last eight it made, and reading a zone's
    file again costs more than the rest of the expression.  An unknown zone raises, as ZoneInfo."""
    z = _ZONES.get(key)
    if z is None:
        z = _ZONES[key] = ZoneInfo(key)
    return z


def _attach_clock(fn: DayFn, clock: tuple[int, int, str | None, str | None]) -> DayFn:
    hh, mi, pod, tz = clock

    def f(ref: date) -> V.Res | None:
        r = fn(ref)
        if r is None or r.grain != "day":
            return r
        r = V.Res(r.grain, r.start, r.end, mod=r.mod, extra=dict(r.extra))
        if tz and tz != "local":
            try:
                local = datetime(r.start.year, r.start.month, r.start.day, hh % 24, mi, tzinfo=_zone(tz))
                u = local.astimezone(_zone("UTC"))
                r.start = r.end = u.date()
                r.hour, r.minute, r.tz = u.hour, u.minute, "Z"
                r.extra["local_hour"] = hh
                return r
            except Exception:  # unknown zone on this system: keep local time
                pass
        r.hour, r.minute = hh % 24, mi
        return r

    return f


def _clock_alone(clock: tuple[int, int, str | None, str | None]) -> TimeValue:
    hh, mi, pod, tz = clock
    fields = {"hour": hh, "minute": mi}
    if tz and tz != "local":
        try:
            z = _zone(tz)
            jan = datetime(2025, 1, 15, 12, tzinfo=z).utcoffset()
            jul = datetime(2025, 7, 15, 12, tzinfo=z).utcoffset()
            if jan == jul and jan is not None:
                mins = (hh * 60 + mi - int(jan.total_seconds() // 60)) % (24 * 60)
                return TimeValue("T" + V.two(mins // 60) + ":" + V.two(mins % 60) + "Z", "minute", None, None, fields, None, "exact")
        except Exception:
            pass
    return TimeValue("T" + V.two(hh) + ":" + V.two(mi), "minute", None, None, fields, None, "exact")


@lru_cache(maxsize=1)
def _not_times_rx() -> re.Pattern[str]:
    """Names that contain time words (time_not_times.tsv): outlets, streets, alliances..."""
    rows = load_tsv("time_not_times.tsv")

    def alt(kinds: set[str], other: bool = False) -> str:
        return _alt([key(r["phrase"]) for r in rows if (r["kind"] in kinds) != other])

    # an outlet's name ('المصري اليوم') only after a word that introduces an outlet, or a quote
    # mark: 'رئيس الوزراء المصري اليوم' is a prime minister speaking today
    outlet_cue = r"(?:(?:[وفبل]?(?:صحيفه|جريده|موقع|قناه|شبكه|وكاله|مجله|تلفزيون|اذاعه)\s+)|[«\"“])"
    return compile_fast(rf"(?:{outlet_cue}(?:{alt({'outlet'})})|(?<!\w)[وفبلك]?(?:{alt({'outlet'}, True)}))(?!\w)")


@lru_cache(maxsize=1)
def _not_times_words() -> tuple[str, ...]:
    """One word of each name in time_not_times.tsv (the longest that is no time word): a text
    holding none of them holds no such name."""
    forms = _trigger_forms()
    out = set()
    for r in load_tsv("time_not_times.tsv"):
        words = key(r["phrase"]).split()
        out.add(max([w for w in words if w not in forms] or words, key=len))  # rarer than a time word
    return tuple(sorted(out))


_BEFORE, _AFTER = 25, 30
SOON_DAYS = 45  # a year-less date this close ahead, with no tense cue, is the coming one
# a year-less date these rules give is the coming one when it is weeks away and nothing says past ('past?')
# 'by' a day ('سيرفض ... بحلول 12 مايو', 'بحلول نهاية يونيو'): a deadline, so the coming day when it is
# only weeks ahead even after a past verb of saying ('قال إنه ... بحلول'); a day long gone stays past
_BY_DEADLINE = compile_fast(r"(?<!\w)[وف]?(?:ب)?حلول\s+(?:يوم\s+)?$")
_SOON_RULES = frozenset(("date.dm", "date.holiday", "date.month", "date.part_month", "date.hijri", "date.day_range"))
_SOFT_RULES = frozenset(("date.holiday", "date.hijri", "date.day_range", "weekday.range", "date.month_range"))


_STRIP = ".,;:!?()[]{}«»\"'“”/-–+*…"
# every character str.split() splits on becomes a plain space, so ' word ' finds each word
_PUNCT_SPACE = str.maketrans({c: " " for c in _STRIP + "\u060c\u061b\u061f" + "".join(
    chr(i) for i in range(0x3001) if chr(i).isspace() and chr(i) != " ")})
_PUNCT_RX = compile_fast("[" + "".join(re.escape(chr(c)) for c in _PUNCT_SPACE if chr(c) != " ") + "]")  # sub: 7x str.translate
_DIGITS_RX = compile_fast(r"[0-9][0-9]*")  # normalised text has ASCII digits; a first class lets the engine skip to one

@lru_cache(maxsize=1)
def _triggers() -> list[tuple[str, frozenset[str], bool]]:
    """Cheapest evidence first: for each rule, words its every match must hold (its anchor),
    as (word, rules, takes_article).  Only windows before a trigger are tried, and only by
    the rules it wakes, so each rule is woken by its rarest mandatory word: a weekday rule by
    'الخميس' (or 'يوم', for 'يوم خميس'), not by 'اليوم' or 'صباح' which may stand before it."""
    lx = lexicon()
    out: list[tuple[str, frozenset[str], bool]] = []

    def add(words: Any, rules: tuple[str, ...], article: bool = True) -> None:
        # article=True: the word may also stand with 'ال' (added), and a word with 'ال'
        # longer than 4 letters also without it; False: exactly as written
        rs = frozenset(rules)
        for w in words:
            w = " ".join(w.split()).split(" ")[0].translate(_LETTERS)  # as the text is normalised
            if len(w) >= 2:
                out.append((w, rs, article))
                if article and w.startswith("ال") and len(w) > 4:
                    out.append((w[2:], rs, True))

    month_rules = ("dmy", "en_mdy", "part", "month_year", "month", "day_range", "month_relyear", "month_range")
    add(lx.greg_months, month_rules)
    add(lx.en_months, month_rules)
    add(lx.hijri_months, ("hijri",), article=False)
    # weekday: the day name with its article, or 'يوم' before a bare one ('يوم خميس')
    add(["ال" + w if not w.startswith("ال") else w for w in lx.weekdays], ("weekday", "weekday_range", "weekday_nth"), article=False)
    add(["اول", "ثاني", "ثالث", "رابع", "خامس", "اخر"], ("weekday_nth",), article=False)  # 'آخر خميس من ...'
    add(["يوم"], ("weekday",), article=False)
    add(["كونا"], ("dateline",), article=False)
    add(lx.units, ("quantity", "qrange", "qrange2"))
    # a compound duration ('ساعة و25 دقيقة', 'ثلاثة أعوام وأربعة أشهر') by its 'و' + number word
    # (a digit run after 'و' wakes it in _marks): rare, unlike a unit
    add(["و" + w for w in lx.cardinals if " " not in w], ("qplus",), article=False)
    add(["ساعه", "الساعه"], ("clock",))
    add(["الايام", "الاسابيع", "الاشهر", "الشهور", "السنوات", "الاعوام", "الساعات", "العقود", "اليومين", "الاسبوعين",
         "الشهرين", "العامين", "السنتين", "الساعتين", "العقدين"], ("relplural",), article=False)
    # a holiday by one word of its name that is not a generic one ('عيد', 'يوم', 'ليلة')
    generic = {"عيد", "يوم", "اليوم", "ليله", "راس", "ذكري", "وقفه", "السنه", "العالمي"}
    hol = []
    for form in lx.holidays:
        words = form.split()
        hol.append(next((w for w in words if w not in generic), words[-1]))
    add(hol, ("holiday",), article=False)
    add(["اليوم", "امس", "الامس", "البارحه", "غدا", "الغد", "غد", "الليله", "الصباح", "المساء"], ("relday",), article=False)
    add(["كل", "يوميا", "اسبوعيا", "شهريا", "سنويا"], ("set",), article=False)
    add(["حاليا", "الان", "موخرا", "قريبا", "الاونه", "وقت", "المستقبل", "اقرب"], ("vague",), article=False)
    add(["الربع", "النصف", "الثلاثي", "الثلاثيه", "السداسي", "السداسيه", "الفصل"], ("quarter",), article=False)
    add(["الشهر"], ("day_relmonth",), article=False)
    add(["القرن", "قرن"], ("century",), article=False)
    add(["الليل"], ("midnight",), article=False)
    add(["الاشهر", "الشهور"], ("months_of_year",), article=False)
    # 'الأربع والعشرين ساعة الماضية': a number word with the article before a unit and its modifier
    # (only 3 to 90: 'الأحد', 'الاثنين' are weekdays, a dual or one takes no number word, and
    # 'بالمئة' is in every economic story; not 'البضع', 'العدة', 'الست' 'the lady')
    add(["ال" + w for w, v in lx.cardinals.items() if " " not in w and not w.startswith("ال") and 3 <= v <= 90
         and w not in ("بضع", "بضعه", "عده", "ست")] + ["الاثني", "الاثنا", "الاثنتي", "الاثنتا"],  # 'الاثني عشر شهرا القادمة'
        ("relplural2",), article=False)
    add(["عشرينيات", "ثلاثينيات", "اربعينيات", "خمسينيات", "ستينيات", "سبعينيات", "ثمانينيات", "تسعينيات"], ("decade",))
    add(list(_PART), ("part",), article=False)
    add(["الاسبوع", "الشهر", "العام", "السنه", "العقد"], ("relunit",), article=False)
    return out


_CLOCK_ONLY = ("ص", "م", "am", "pm", "gmt", "utc", "غ", "تغ", "توقيت", "بتوقيت", "التوقيت", "بالتوقيت")


@lru_cache(maxsize=1)
def _trigger_forms() -> dict[str, frozenset[str]]:
    """Every trigger word with every proclitic it can carry, so one set intersection finds them."""
    out: dict[str, frozenset[str]] = {}
    for w, rules, article in _triggers():
        forms = {w}
        for c in ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"):
            forms.add(c + w)
        if w.startswith("ال"):
            for c in ("و", "ف", "ب", "ك", "وب", "فب"):
                forms.add(c + w)
            forms.add("لل" + w[2:])
            forms.add("ولل" + w[2:])
        elif article:
            for c in ("ال", "وال", "فال", "بال", "لل", "ولل", "كال"):
                forms.add(c + w)
        for f in forms:
            out[f] = out[f] | rules if f in out else rules
    # what a clock needs besides its hour: a part of day, a zone, GMT, each right after the
    # hour with no proclitic ('5 مساء', '14:00 بتوقيت غرينتش', '10 ص').  A bare one- or
    # two-digit number wakes nothing ('5 قتلى'); a clock word ('الساعة') or one of these does.
    clock = frozenset(("clock",))
    for w in list(lexicon().dayparts) + list(_CLOCK_ONLY):
        w = w.split()[-1]  # a part of day in two words wakes by its last ('الرابعة بعد الزوال')
        out[w] = out[w] | clock if w in out else clock
    return out


_SAME_DAY_WORDS = frozenset(("نفسه", "نفسها", "ذاته", "ذاتها", "التالي", "التاليه", "السابق", "السابقه"))
_SAME_DAY_PRE = frozenset(p + w for w in ("نفس", "ذات") for p in ("", "و", "ف", "ب", "ل", "ك", "وب", "فب", "ول", "فل", "وك"))


@lru_cache(maxsize=1)
def _words_set() -> frozenset[str]:
    """Every word the tagger looks for in the split text: triggers, the words of names that
    are not times, the words of same-day phrases."""
    return frozenset(_trigger_forms()) | _not_time_tokens() | _SAME_DAY_WORDS | _SAME_DAY_PRE | {"منه"}


def _marks(norm: str, spaced: str, hits: AbstractSet[str], digits: list[tuple[int, int]]) -> list[tuple[int, int, frozenset[str]]]:
    """Trigger words (found by one set intersection over the split text, then str.find for
    the few words that hit: C speed, no per-token Python work) and digit runs by shape, in
    text order."""
    forms = _trigger_forms()
    marks: list[tuple[int, int, frozenset[str]]] = []
    for w in hits:
        rules = forms.get(w)
        if rules is None:
            continue
        needle = " " + w + " "
        n = len(w)
        i = spaced.find(needle)
        while i >= 0:
            marks.append((i, i + n, rules))  # offsets in norm: spaced has one extra char in front
            i = spaced.find(needle, i + n)
    # digit runs by shape: each wakes only the rules whose match can hold it as written
    ln = len(norm)
    year = False  # a four-digit run a year rule takes
    for a, b in digits:
        n = b - a
        rules = None
        if n == 4:
            head = norm[a : a + 2]
            rules = _DIGIT_SHAPES.get(head)
            if head in _YEAR_HEADS:
                year = True
        if b + 1 < ln and norm[b] in "/:.-" and norm[b + 1].isdigit():
            sep = norm[b]
            if sep == ":":
                if n <= 2:
                    rules = _CLOCK_RULES if rules is None else rules | _CLOCK_RULES
            elif n == 4:
                rules = _ISO_RULES if rules is None else rules | _ISO_RULES
            elif n <= 2:
                rules = _NUMERIC_RULES if rules is None else rules | _NUMERIC_RULES
        if a > 1 and norm[a - 2 : a] == "ال":  # 'الـ48 ساعة المقبلة'
            rules = _RELPLURAL2_RULES if rules is None else rules | _RELPLURAL2_RULES
        elif a > 0 and norm[a - 1] == "و" and (a == 1 or not norm[a - 2].isalnum()):  # 'ساعة و25 دقيقة'
            rules = _QPLUS_RULES if rules is None else rules | _QPLUS_RULES
        if rules is not None:
            marks.append((a, b, rules))
    hopeless = _hopeless(marks, hits, len(digits), year)
    if hopeless:
        minus = _MINUS
        out = []
        for a, b, r in marks:
            if not r.isdisjoint(hopeless):
                k = (r, hopeless)
                left = minus.get(k)
                if left is None:
                    left = minus[k] = r - hopeless
                if not left:
                    continue
                r = left
            out.append((a, b, r))
        marks = out
    marks.sort(key=_first)
    return marks


def _hopeless(marks: list[tuple[int, int, frozenset[str]]], hits: AbstractSet[str], n_digits: int, year: bool) -> frozenset[str]:
    """Rules a trigger woke that cannot match anywhere in this text, for want of a second
    word every match holds (as a trigger, a clean word): a month after 'أول خميس من', 'العام/السنة'
    after a month (month_relyear), a second weekday or month for a range, a year after a month
    (month_year), two numbers for '3-4 أيام' (qrange2).  A third of the tries, all in vain."""
    n_wd = n_mo = 0
    month = False
    for _a, _b, rules in marks:
        if "weekday_range" in rules:
            n_wd += 1
        if "month_range" in rules:
            n_mo += 1
            month = True
        elif "hijri" in rules:
            month = True
    k = (n_wd >= 2) | (n_mo >= 2) << 1 | month << 2 | ("العام" in hits or "السنه" in hits) << 3 | (n_digits >= 2) << 4 | year << 5
    return _HOPELESS[k]


# by which of the six words the text holds (bits as in _hopeless), the rules that cannot match
_HOPELESS = [frozenset(r for bit, r in enumerate(("weekday_range", "month_range", "weekday_nth", "month_relyear", "qrange2", "month_year"))
                       if not k >> bit & 1) for k in range(64)]
_MINUS: dict[tuple[frozenset[str], frozenset[str]], frozenset[str]] = {}
_YEAR_HEADS = frozenset(("18", "19", "20", "21"))  # a year rule's 'yr' takes (?:1[89]|20|21)\d\d


def _first(t: tuple[int, int, frozenset[str]]) -> int:
    return t[0]


_YEAR_RULES = frozenset(("year", "year_span", "year_bare"))
# a four-digit run by its first two digits: a Gregorian year (18xx only after a word such as
# 'عام'), a Hijri year; nothing else takes four digits but an ISO date
_DIGIT_SHAPES = {"19": _YEAR_RULES, "20": _YEAR_RULES, "18": frozenset(("year",)),
                 "13": frozenset(("hijri_year",)), "14": frozenset(("hijri_year",)), "15": frozenset(("hijri_year",))}
_CLOCK_RULES = frozenset(("clock",))
_ISO_RULES = frozenset(("iso",))
_NUMERIC_RULES = frozenset(("numeric",))
_RELPLURAL2_RULES = frozenset(("relplural2",))
_QPLUS_RULES = frozenset(("qplus",))


# How many words may stand before a rule's anchor inside one of its matches (proclitics are
# glued, punctuation is no word): 'منذ عام 2019' is two before the year, 'الربع الأول' none
# before 'الربع'.  Only that many words before a trigger are tried (and no more than
# _BEFORE characters); a rule with a long lead ('ما لا يقل عن ثلاثة أيام') is unbounded.
_REACH = {
    "part": 0, "quarter": 0, "months_of_year": 0, "century": 0, "decade": 0, "relplural": 0, "iso": 0, "numeric": 0,
    "year_span": 0, "year_bare": 0, "en_mdy": 0, "dateline": 2,
    "relplural2": 1, "vague": 1, "set": 1, "relunit": 1, "hijri_year": 1, "month_year": 2, "year": 2,
    "month": 3, "month_relyear": 4, "relday": 4, "holiday": 5, "weekday": 6, "hijri": 6, "dmy": 6,
    "midnight": 1, "day_relmonth": 6, "day_range": 8, "month_range": 3, "weekday_range": 8, "weekday_nth": 1, "quantity": 0, "qrange": 0, "qrange2": 0, "qplus": 0, "clock": 99,
}
# Quantities ('منذ نحو ثلاثة وعشرين عاماً', 'ما بين ساعة وساعتين') lead to their unit through
# words of a closed list (_lead_words): the words before a unit are tried while they are such.
_QUANTITY = frozenset(("quantity", "qrange", "qrange2", "qplus"))


@lru_cache(maxsize=256)
def _reach(rules: frozenset[str]) -> tuple[int, bool]:
    return max(_REACH[r] for r in rules), not _QUANTITY.isdisjoint(rules)


@lru_cache(maxsize=1)
def _lead_words() -> frozenset[str]:
    """Words that may stand between the start of a quantity and its unit: time prepositions
    ('منذ', 'في غضون'), approximations ('ما لا يقل عن'), number words, fractions, range words
    and the units themselves (a range names one at each end)."""
    lx = lexicon()
    words = {"نصف", "ربع", "ثلث", "ارباع", "ما", "من", "بين", "الي", "او", "و", "حتي", "عشر", "عشره"}
    for k in lx.cardinals:
        words.update(k.split())
    for k, role in lx.modifiers.items():
        if role in ("approx", "more", "less", "since", "ago", "after", "within", "for"):
            words.update(k.split())
    for k in lx.units:
        words.add(k)
        words.add("ال" + k)
    return frozenset(w.translate(_LETTERS) for w in words)


_LEAD: dict[str, bool] = {}


def _in_lead(t: str) -> bool:
    got = _LEAD.get(t)
    if got is None:
        lw = _lead_words()
        got = (not t.isalpha() or t in lw or (t[0] in "وفبلك" and (t[1:] in lw or (len(t) > 2 and t[1] in "بلك" and t[2:] in lw))))
        if len(_LEAD) > 100_000:
            _LEAD.clear()
        _LEAD[t] = got
    return got


_TOKGATE: dict[str, Any] = {}  # a word -> the gate of its first letters (False: not one word)


def _zones(norm: str, spaced: str, marks: list[tuple[int, int, frozenset[str]]]) -> list[tuple[int, dict[int, list[Any]]]]:
    """Where each rule is worth trying.  A match contains its rule's anchor, so it starts at
    most _BEFORE characters (widened to a word) and _REACH words before a trigger, and no
    later than the trigger: for each zone (triggers less than _BEFORE + _AFTER apart),
    returns its end (matches may run _AFTER characters past the last trigger) and the word
    starts to try, each with its gate (the rules that can start with its first letters) and
    the rules its triggers wake."""
    n = len(norm)
    zones: list[tuple[int, dict[int, list[Any]]]] = []
    z_end = -1
    starts: dict[int, list[Any]] = {}
    tokgate = _TOKGATE
    if len(tokgate) > 200_000:
        tokgate.clear()
    for s0, e0, rules in marks:
        a = s0 - _BEFORE
        if a < 0:
            a = 0
        if a > z_end and starts:
            zones.append((_word_end(norm, z_end), starts))
            starts = {}
        b = e0 + _AFTER
        if b > n:
            b = n
        if b > z_end:
            z_end = b
        k_left, chain = _reach(rules)
        if k_left or chain:
            sp = norm.rfind(" ", 0, a)
            if sp < 0:
                sp = 0
            # the words before the trigger, right to left: spaced holds them split at
            # punctuation; a piece with another non-word character inside ('5%') is split
            # by the regex instead
            end = s0
            for tok in reversed(spaced[sp + 1 : s0 + 1].split(" ")):
                if not tok:
                    end -= 1
                    continue
                if chain and not _in_lead(tok):
                    chain = False
                if k_left <= 0 and not chain:
                    break
                pos = end - len(tok)
                end = pos - 1
                g: Any = tokgate.get(tok)  # a gate, or False: not one word
                if g is None:
                    if tok.isalnum():
                        g, own = _gate_at(tok[:_GATE_CHARS])
                        if own:
                            tokgate[tok] = g
                    else:
                        g = tokgate[tok] = False
                if g is not False:
                    if not g[0].isdisjoint(rules):
                        st = starts.get(pos)
                        if st is None:
                            starts[pos] = [g, rules]
                        elif not rules <= st[1]:
                            st[1] = st[1] | rules
                else:
                    for m in _WORD_START.finditer(norm, pos, pos + len(tok)):
                        g = _gate_at(m.group())[0]
                        if g[0].isdisjoint(rules):
                            continue
                        i = m.start()
                        st = starts.get(i)
                        if st is None:
                            starts[i] = [g, rules]
                        elif not rules <= st[1]:
                            st[1] = st[1] | rules
                k_left -= 1
        g = _gate_at(norm[s0 : s0 + _GATE_CHARS])[0]  # the trigger itself; a digit run may start inside a word ('ب2024')
        if g[0].isdisjoint(rules):
            continue
        st = starts.get(s0)
        if st is None:
            starts[s0] = [g, rules]
        elif not rules <= st[1]:
            st[1] = st[1] | rules
    if starts:
        zones.append((_word_end(norm, z_end), starts))
    return zones


def _word_end(norm: str, b: int) -> int:
    sp = norm.find(" ", b)
    return len(norm) if sp < 0 else sp


@lru_cache(maxsize=1)
def _gate_tests() -> list[tuple[str, Any]]:
    """Each rule's test of a gate key: an object whose ``fullmatch(key)`` is not None when a
    match of the rule could start with the key (lexicon.prefix_matcher, a superset: a rule
    that then fails at once may pass, none that could match is kept out), or None when every
    key passes.  Where this Python's re internals differ, the regex module's partial matching
    of the same pattern (exact, five times slower)."""
    out: list[tuple[str, Any]] = []
    for name, rx in _rules():
        try:
            out.append((name, prefix_matcher(rx.pattern, _GATE_CHARS)))
        except Exception:  # noqa: BLE001 - another Python's internals
            out.append((name, _Partial(rx.pattern)))
    return out


class _Partial:
    """A rule's pattern in the regex module, asked whether a key could start a match."""

    def __init__(self, pattern: str):
        import regex  # type: ignore[import-untyped]

        self.rx = regex.compile(pattern)

    def fullmatch(self, k: str) -> Any:
        return self.rx.match(k, partial=True)


_GATE: dict[str, tuple[frozenset[str], list[tuple[str, re.Pattern[str]]]]] = {}
_GATE_OF: dict[frozenset[str], tuple[frozenset[str], list[tuple[str, re.Pattern[str]]]]] = {}  # one per set of rules
_SEEN: dict[str, int] = {}  # four-letter keys without a gate yet: how often seen
_GATE_AFTER = 8
# Four characters: 45% fewer regex tries than two (most words that may open some rule rule
# out most rules by their third and fourth letters).  A four-letter key's gate is built once
# the key has been seen _GATE_AFTER times; until then the gate of its first two letters
# stands in (with the regex module's partial matching a build cost 50-90 µs, and building
# every key cost unseen text more than the tries it saved; with prefix_matcher's tests a
# build is five times cheaper, and 1, 3 or 8 sightings measure the same: 8 kept).
_GATE_CHARS = 4
_WORD_START = compile_fast(rf"(?<!\w)\w{{1,{_GATE_CHARS}}}")  # a word start and its first letters (the gate's key)


def _gate_at(k: str) -> tuple[tuple[frozenset[str], list[tuple[str, re.Pattern[str]]]], bool]:
    """The gate for ``k`` (the first _GATE_CHARS characters at a start), and whether it is
    the key's own gate (False: its first two letters' gate, standing in until the key has
    been seen _GATE_AFTER times)."""
    g = _GATE.get(k)
    if g is not None:
        return g, True
    if len(k) > 2:
        n = _SEEN.get(k, 0)
        if n < _GATE_AFTER:
            if len(_SEEN) > 200_000:
                _SEEN.clear()
            _SEEN[k] = n + 1
            g = _GATE.get(k[:2])
            return (g if g is not None else _gate(k[:2])), False
    return _gate(k), True


def _gate(word: str) -> tuple[frozenset[str], list[tuple[str, re.Pattern[str]]]]:
    """The rules a match could start with ``word`` (the text from a start position up to the
    end of its word, or less): a rule whose test (_gate_tests) rejects its first _GATE_CHARS
    characters fails there whatever follows.  Only the rules the key less its last letter lets
    through are tested (what fails on a prefix fails on the whole), that key's gate built the
    same way: a chain of one, two, three, four letters, each step testing few rules (43% fewer
    tests than four letters after two, on the gold sentences).  Cached by those characters,
    so it costs a dict lookup per word start."""
    k = word[:_GATE_CHARS]
    parent: frozenset[str] | None = None
    if len(k) > 1:
        gp = _GATE.get(k[:-1])
        parent = (gp if gp is not None else _gate(k[:-1]))[0]
    names = frozenset(name for name, px in _gate_tests()
                      if (parent is None or name in parent) and (px is None or px.fullmatch(k) is not None))
    got = _GATE_OF.get(names)
    if got is None:
        got = _GATE_OF[names] = (names, [(name, rx) for name, rx in _rules() if name in names])
    if len(_GATE) > 200_000:
        _GATE.clear()
    _GATE[k] = got
    return got


_TRY: dict[tuple[frozenset[str], frozenset[str]], tuple[tuple[str, re.Pattern[str]], ...]] = {}


def _to_try(g: tuple[frozenset[str], list[tuple[str, re.Pattern[str]]]], want: frozenset[str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The rules to try at a start: those its gate lets through and its triggers wake, in
    _rules() order (ties between equal spans break the same way every run)."""
    k = (g[0], want)
    got = _TRY.get(k)
    if got is None:
        got = _TRY[k] = tuple((name, rx) for name, rx in g[1] if name in want)
    return got


@lru_cache(maxsize=4096)
def _ref_of_str(ref: str) -> V.Ref:
    return V.Ref.parse(ref)


@lru_cache(maxsize=1)
def _has_p0() -> frozenset[str]:
    return frozenset(name for name, rx in _rules() if "p0" in rx.groupindex)


_PRE_CORE = frozenset(("منذ", "قبل", "بعد", "حتي", "في", "خلال", "مطلع", "منتصف", "نهايه", "بدايه", "اواخر", "اوائل",
                       "اواسط", "مع", "من", "الي", "بين"))
_YEAR_WORD_END = compile_fast(r"(?:عام|العام|سنه|السنه)\s+$")


def _year_pre_core(pre: str) -> str:
    pre = " ".join(pre.split())
    pre_core = pre.lstrip("وف") if pre[:1] in "وف" and len(pre) > 2 and pre[1:].split()[0] in _PRE_CORE else pre
    return pre_core.split()[0] if pre_core else ""


def _cand_start(name: str, m: re.Match[str]) -> int:
    """Where _handle's candidate for this match starts (it always ends at m.end()), without
    building it: overlaps are settled first and only the matches that can still win are handled."""
    s = m.end("p0") if name in _has_p0() and m.group("p0") else m.start()
    if name == "month":
        pre = (m.group("pre") or "").lstrip("وف")
        if pre == "منذ" and not m.group("mod") and _YEAR_AFTER_MONTH.match(m.string[m.end() : m.end() + 30]):
            return m.start("m")  # yields to the month of the year after it (the handler returns nothing)
        return _month_start(pre, m, s)
    if name == "year":
        if _year_pre_core(m.group("pre") or "") in ("في", "خلال", "مع", "من", "الي", "بين"):
            mm = _YEAR_WORD_END.search(m.string[s : m.start("y")])
            return s + mm.start() if mm else m.start("y")
        return s
    if name == "quantity" and m.group("n") and _role(m.group("pre")) in ("ago", "after") and _anchored(m.string, s, m.end()):
        un = _unit_of(m.group("unit"))
        if un is not None and not (" ".join(m.group("n").split()) in _FEW and un[1] == "n"):
            return m.start("n")
    return s


@lru_cache(maxsize=1)
def _not_time_tokens() -> frozenset[str]:
    """The words of time_not_times.tsv names as they stand in the split text (a name's
    first word may carry a proclitic): a text holding none of them holds no such name."""
    out = set()
    for w in _not_times_words():
        for p in ("", "و", "ف", "ب", "ل", "ك"):
            out.add(p + w)
    return frozenset(out)


def _not_times_near(norm: str, spaced: str, hits: AbstractSet[str]) -> Callable[[int, int], bool] | None:
    """Whether a span overlaps a name that holds time words (time_not_times.tsv); the names
    are looked for only around the words of such names the text holds, and only near a
    candidate (None: the text holds none of those words)."""
    keys = _not_time_tokens().intersection(hits)
    if not keys:
        return None
    at: list[tuple[int, int]] = []
    for w in keys:
        needle = " " + w + " "
        i = spaced.find(needle)
        while i >= 0:
            at.append((i, i + len(w)))
            i = spaced.find(needle, i + len(w))
    spans: dict[int, list[tuple[int, int]]] = {}
    n = len(norm)

    def blocked(s: int, e: int) -> bool:
        for a, b in at:
            if a - 60 < e and s < b + 60:
                got = spans.get(a)
                if got is None:
                    got = spans[a] = [x.span() for x in _not_times_rx().finditer(norm, max(0, a - 60), min(n, b + 60))]
                if any(s < y and x < e for x, y in got):
                    return True
        return False

    return blocked


def find_times(text: str, ref: Any = None, prefer: str = "past") -> list[TimeExpr]:
    """Every time expression in ``text`` with its value, resolved against ``ref``.

    ``ref``: an ISO date/datetime string, a TimeValue (maybe partial), a dict of one, a
    date, or None.  ``prefer`` ('past'|'future') settles bare weekdays, year-less dates and
    holidays that no tense cue in their sentence settles.
    """
    nt = _Norm(text)
    norm = nt.norm
    spaced = nt.spaced
    hits = _words_set().intersection(spaced.split())
    marks = _marks(norm, spaced, hits, nt.digits)
    if not marks:  # no time word and no date-shaped number: nothing to find
        return []
    # every rule at every start its triggers allow; like finditer, a rule is not tried at a
    # start inside its last match in the zone
    raw: list[tuple[int, int, int, str, re.Match[str]]] = []
    seen: set[tuple[str, int, int]] = set()
    for b, starts in _zones(norm, spaced, marks):
        last_end: dict[str, int] = {}
        for i in sorted(starts):
            st = starts[i]
            for name, rx in _to_try(st[0], st[1]):
                if i < last_end.get(name, -1):
                    continue  # inside this rule's last match: not tried (8% of the tries)
                m = rx.match(norm, i, b)
                if m is None:
                    continue
                e = m.end()
                if e == i:
                    continue
                last_end[name] = e
                k = (name, i, e)
                if k in seen:
                    continue
                seen.add(k)
                s = _cand_start(name, m)
                raw.append((s, s - e, len(raw), name, m))
    if not raw:
        return []
    raw.sort()
    # overlaps: earliest start, then longest (then the order found); a match is handled only
    # when it can still win, and names holding time words ('صحيفة المصري اليوم') block it
    blocked = _not_times_near(norm, spaced, hits)
    kept: list[Cand] = []
    last = -1
    for s, _neg, _k, name, m in raw:
        if s >= last:
            c = _handle(name, m)
            if c is None:
                continue
            if blocked is not None and blocked(c.start, c.end):
                continue
            kept.append(c)
            last = c.end
        elif kept[-1].weak and m.end() > last:
            c = _handle(name, m)
            if c is None or c.weak:
                continue
            if blocked is not None and blocked(c.start, c.end):
                continue
            kept[-1] = c
            last = c.end
    if any(c.type == "none" for c in kept):
        kept = [c for c in kept if c.type != "none"]
    rref = _ref_of_str(ref) if isinstance(ref, str) else V.Ref.parse(ref)
    # directions for year-less dates, bare weekdays, holidays
    tense = None
    for c in kept:
        if c.dirfn is not None:
            if tense is None:
                tense = _Tense(norm, prefer, spaced)
            d = tense.at(c.start, c.end, recurring=c.rule in ("date.holiday", "date.hijri"),
                         soft=c.rule in _SOFT_RULES, weekday=c.rule.startswith(("weekday", "time.clock")))
            if d == "nearest" and not c.rule.startswith("date.dm"):
                d = "past?" if c.rule in _SOON_RULES else "past"  # only a day and month has a nearest reading
            elif d == "was_due" or (d == "past" and not tense.cued):
                d = "past?" if c.rule in _SOON_RULES else "past"
            elif d == "past" and c.rule in _SOON_RULES and _BY_DEADLINE.search(norm, max(0, c.start - 12), c.start):
                d = "past?"  # 'بحلول 12 مايو' after a past verb: a deadline, the coming one when weeks ahead
            c.fn = c.dirfn(d)
        elif "after" in c.extra and not _FROM_NOW.match(norm, c.end):
            if tense is None:
                tense = _Tense(norm, prefer, spaced)
            if _counts_from_told(c, kept, norm, tense):
                c.type, c.rule, c.fn, c.relative = "duration", "duration.anchored", None, False
                c.value = TimeValue(c.extra["after"], "duration", None, None, {}, "AFTER", "exact")
    merged = _merge(kept, norm)
    out: list[TimeExpr] = []
    for c in merged:
        tv = _value_of(c, rref)
        if tv is None:
            continue
        s, e = nt.span(c.start, c.end)
        # trim punctuation/space the patterns may have taken at the edges
        while e > s and text[e - 1] in " \t\n,،(":
            e -= 1
        # positional (start, end, label, source, type, value, rule, anchor): a call with keywords
        # passes a dict to the model's Python __init__
        out.append(TimeExpr(s, e, c.type, SOURCE, c.type, tv, c.rule, (rref.text or None) if c.relative else None))
    if out and ((same := (not _SAME_DAY_WORDS.isdisjoint(hits) or not _SAME_DAY_PRE.isdisjoint(hits))
                     and _same_core(norm)) or "منه" in hits):
        out = _same_day(nt, out, rref, same, "منه" in hits)
    if len(out) > 1:
        _holiday_weekday(text, out)
    return out


# an imperfect verb opening a clause ('وتحتفل البلاد برأس السنة بعد أسبوعين', 'يعود الوفد بعد ثلاثة أيام'):
# a present tense that tells what is coming; 'ت' + four letters is left out ('تمكن', 'توجه' are perfect too)
_OPENS_PRESENT = compile_fast(r"(?:^|[،,:؛;]\s*|\s)(?:[وف]|ثم\s+)?(?:ي\w{3,}|ت\w{4,})(?<![تا])\s")


def _opens_present(norm: str, a: int, i: int) -> bool:
    """Whether the clause holding position ``i`` (its sentence starting at ``a``) opens with an
    imperfect verb before ``i``."""
    k = max(norm.rfind(c, a, i) for c in "،,:؛;")
    st = k + 1 if k >= 0 else a
    m = _OPENS_PRESENT.match(norm, st - 1 if st > 0 else 0)
    # not a noun ('يوم', 'يونيو'), nor 'يأتي/تأتي' that places what was told ('ويأتي ذلك بعد يوم من ...')
    return m is not None and m.end() <= i and not norm[m.start():m.end()].strip().lstrip("وف").startswith(
        ("يوم", "يون", "يول", "ينا", "ياتي", "تاتي"))


def _counts_from_told(c: Cand, kept: list[Cand], norm: str, tense: _Tense) -> bool:
    """Whether 'بعد ثلاثة أشهر' counts from a happening just told rather than from the reference.
    It counts from now only where the text speaks of what is coming ('سيعود بعد ثلاثة أيام', 'تنطلق
    الامتحانات بعد أسبوعين', what 'كانت مقررة بعد أسبوعين' was due for); in a narrative ('انفصلا بعد
    عامين'، 'وبعد أشهر أطلق سراحه') only the duration is known.  A clause opening with an imperfect verb
    and no cue tells what is coming, unless another happening is dated before it in the sentence
    ('يواجه سوريا الخميس 4 ديسمبر وتونس بعد ثلاثة أيام')."""
    if tense.at(c.start, c.end) in ("future", "was_due"):
        return "after_place" in c.extra and _told_before(kept, c, norm)
    return tense.cued or not _opens_present(norm, tense.sentence_start(c.start), c.start) or _told_before(kept, c, norm)


def _told_before(kept: list[Cand], c: Cand, norm: str) -> bool:
    """Another time expression earlier in the sentence of ``c``: a happening that 'بعد أسبوع في
    الجزائر' may count from ('تقام مباراة الذهاب يوم 18 مارس والإياب بعد أسبوع في الجزائر'); not a
    holiday or a Hijri month, whose own day the offset may give ('تحتفل البلاد برأس السنة بعد أسبوعين')."""
    for o in kept:
        if o is not c and o.end <= c.start and o.type != "none" and o.rule not in ("date.holiday", "date.hijri"):
            gap = norm[o.end:c.start]
            if not any(ch in gap for ch in _SENT_CHARS):
                return True
    return False


# words that may join a bare weekday and a holiday it names: 'عيد الأضحى يوم الأربعاء', 'يوافق
# الثلاثاء', 'يوم السبت احتفاء بالمولد النبوي', 'الثلاثاء بمناسبة رأس السنة' (proclitics alone too)
_HOLIDAY_LINK = frozenset(key(w) for w in (
    "بمناسبة لمناسبة احتفاء احتفالا احتفالاً تزامنا تزامناً مع في يوم الموافق يوافق المصادف يصادف سيكون يكون "
    "هو وهو هي وهي ب ل و").split())


def _holiday_weekday(text: str, out: list[TimeExpr]) -> None:
    """A bare weekday joined to a holiday (nothing but linking words between them, within 25
    characters) is the holiday's day when the holiday falls on that weekday within two weeks of
    where the tense put the weekday: 'أن عيد الأضحى يوم الأربعاء', 'تعطل البنوك يوم الأربعاء
    بمناسبة رأس السنة' (round 8; a present verb such as 'تعطل' is no tense cue)."""
    hols = [x for x in out if x.rule == "date.holiday" and x.value is not None and x.value.earliest
            and x.value.earliest == x.value.latest and len(x.value.earliest) == 10]
    if not hols:
        return
    for w in out:
        wv = w.value
        if w.rule != "weekday.bare" or w.type != "date" or wv is None or not wv.earliest:
            continue
        wd = wv.fields.get("weekday")
        for h in hols:
            hv = h.value
            if hv is None or not hv.earliest:  # (none: 'hols' holds dated ones)
                continue
            a, b = (w.end, h.start) if w.end <= h.start else ((h.end, w.start) if h.end <= w.start else (0, -1))
            if not 0 <= b - a <= 25:
                continue
            if any(t not in _HOLIDAY_LINK and not (len(t) == 4 and t.isdigit())  # its year: 'رأس السنة الهجرية 1442'
                   for t in key(text[a:b]).replace("،", " ").split()):
                continue
            hd = date.fromisoformat(hv.earliest)
            wdate = date.fromisoformat(wv.earliest[:10])
            if hd.isoweekday() == wd and 0 < abs((hd - wdate).days) <= 14:
                w.value = TimeValue(hv.value, hv.grain, hv.earliest, hv.latest, dict(hv.fields), None, hv.certainty)
                w.rule = "weekday.holiday"
            break


_SAME_DAY = compile_fast(
    r"(?<!\w)[وف]?[بلك]?(?:(?P<pod>صباح|مساء|ظهر|ظهيره|عصر|فجر|ليله|ليل|صبيحه|ضحي)\s+)?"
    r"(?:(?:ال)?يوم\s+(?P<w>نفسه|ذاته|التالي|السابق)|(?:نفس|ذات)\s+اليوم)(?!\w)"
    r"(?!\s+(?:الذي|التي)(?!\w))")  # 'في نفس اليوم الذي ...': the clause names the day
# the same for a week, month or year ('في الشهر نفسه', 'العام ذاته', 'نفس السنة', 'في العام
# التالي'), maybe of another year ('الشهر نفسه من العام الماضي', 'نفس الشهر عام 2019')
_SAME_UNIT = compile_fast(
    r"(?<!\w)(?P<p0>[وف]?[بلك]?)(?:"
    r"ال(?P<u>اسبوع|شهر|عام|سنه)\s+(?P<w>نفسه|نفسها|ذاته|ذاتها|التالي|التاليه|السابق|السابقه)"
    r"|(?:نفس|ذات)\s+ال(?P<u2>اسبوع|شهر|عام|سنه))(?!\w)"
    r"(?:\s+(?:من\s+)?(?:(?:العام|السنه)\s+(?P<yw>الماضي|الماضيه|السابق|السابقه|المنصرم|المنصرمه|المقبل|المقبله|القادم|القادمه)"
    r"|(?:عام|العام|سنه)\s+(?P<y>(?:19|20)[0-9]{2}))(?!\w))?"
    r"(?!\s+(?:الذي|التي)(?!\w))")
# a day of that month before it: '21 من الشهر نفسه', 'السادس من نفس الشهر'
_SAME_DAY_OF = compile_fast(r"(?:(?<![\w.,])(?P<d>[0-9]{1,2})|(?<!\w)[وف]?(?:في\s+)?(?P<do>ال\w+(?:\s+و\s*ال\w+|\s+عشره?)?))\s+من\s+$")
# a day of the month just named, by a pronoun, after a preposition: 'تبدأ في 2 يونيو وتنتهي في 27 منه',
# 'حتى الخامس منه' (not 'أخذ 5 منه')
_DAY_OF_IT = compile_fast(r"(?<!\w)[وف]?(?:في|حتي|الي|لغايه|يوم)\s+(?:(?P<dn>[0-9]{1,2})|(?P<don>ال\w+(?:\s+و\s*ال\w+|\s+عشره?)?))\s+(?P<u>منه)(?!\w)")
_DAY_OF_IT_BACK = 100  # characters: 'منه' points at a month named in the same breath
_SAME_YEAR_SHIFT = {"الماضي": -1, "الماضيه": -1, "السابق": -1, "السابقه": -1, "المنصرم": -1, "المنصرمه": -1,
                    "المقبل": 1, "المقبله": 1, "القادم": 1, "القادمه": 1}
_SAME_CORE = compile_fast(r"(?:يوم|اسبوع|شهر|عام|سنه)\s+(?:نفس|ذات|التالي|السابق)|(?:نفس|ذات)\s+ال(?:يوم|اسبوع|شهر|عام|سنه)")
_SAME_CORE_WORDS = ("نفس", "ذات", "التالي", "السابق")  # one of them is in every match of _SAME_CORE


def _same_starts(norm: str) -> list[int]:
    """Where a _SAME_DAY or _SAME_UNIT match may start: every match holds one of
    _SAME_CORE_WORDS in its first three words ('مساء اليوم التالي', 'في الشهر نفسه', 'نفس
    اليوم'), and starts at a word; so at the start of a word holding one, or of one of the two
    words before it.  (A scan of the whole article tries the patterns at every character.)"""
    out: set[int] = set()
    for w in _SAME_CORE_WORDS:
        i = norm.find(w)
        while i >= 0:
            k = i
            for _ in range(3):  # this word's start, then the two before it
                while k > 0 and _is_word_char(norm[k - 1]):
                    k -= 1
                out.add(k)
                while k > 0 and not _is_word_char(norm[k - 1]):
                    k -= 1
                if k == 0:
                    break
            i = norm.find(w, i + 1)
    return sorted(out)


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # the regex's \w


def _matches_from(rx: re.Pattern[str], norm: str, starts: list[int]) -> list[re.Match[str]]:
    """What ``rx.finditer(norm)`` finds, for a pattern whose matches can start only at
    ``starts`` (in order): each tried where the last match left off, as finditer does."""
    out: list[re.Match[str]] = []
    last = 0
    for i in starts:
        if i >= last:
            m = rx.match(norm, i)
            if m is not None and m.end() > i:
                out.append(m)
                last = m.end()
    return out


def _same_core(norm: str) -> bool:
    """Whether the text holds a same-day/unit phrase core: searched only around its rarer words
    (a search of the whole article for the pattern, whose first letters are common, cost 60 µs)."""
    for w in _SAME_CORE_WORDS:
        i = norm.find(w)
        while i >= 0:
            if _SAME_CORE.search(norm, max(0, i - 30), i + 40) is not None:
                return True
            i = norm.find(w, i + 1)
    return False
_SAME_DAY_POD = {"صباح": "MO", "صبيحه": "MO", "فجر": "MO", "ضحي": "MO", "ظهر": "AF", "ظهيره": "AF", "عصر": "AF",
                 "مساء": "EV", "ليله": "NI", "ليل": "NI"}
_SAME_DAY_BACK = 400  # characters: how far back the day it points to may be named
_SAME_OFFSET = {"التالي": 1, "التاليه": 1, "السابق": -1, "السابقه": -1}
_SAME_GRAIN = {"اسبوع": "week", "شهر": "month", "عام": "year", "سنه": "year", "منه": "month"}
# the part of an ISO bound the anchor must state, by the grain pointed to (week: its day)
_SAME_PREFIX = {"day": 10, "week": 10, "month": 7, "year": 4}


def _same_day(nt: _Norm, out: list[TimeExpr], rref: V.Ref, same: bool = True, of_it: bool = True) -> list[TimeExpr]:
    """'في اليوم التالي', 'مساء اليوم نفسه', 'في اليوم السابق', and the same for a week, month or
    year ('في الشهر نفسه', 'العام التالي', 'في 27 منه'): a day or period relative to the last one the text
    named (within _SAME_DAY_BACK characters), not to the reference.  A day phrase with no day
    named before it stays untagged; a week/month/year phrase with none keeps what the rules
    gave it (the reference's next year...).  Only periods named outright count, not other such
    phrases (a second 'اليوم التالي' is as often the same next day as the one after).  A day
    number before a month phrase is a day of it ('21 من الشهر نفسه'); a month or date right
    before a year phrase is placed in it ('وفي مارس من العام نفسه').  Replaces what it
    overlaps ('نفس اليوم' is not today)."""
    added = []
    text, norm = nt.text, nt.norm
    found = []
    if same:
        starts = _same_starts(norm)
        found += [(m, "day") for m in _matches_from(_SAME_DAY, norm, starts)]
        found += [(m, _SAME_GRAIN[m.group("u") or m.group("u2")]) for m in _matches_from(_SAME_UNIT, norm, starts)]
    if of_it:  # a look just before each 'منه' (a common word), not a scan of the text
        k = norm.find("منه")
        while k >= 0:
            if (m := _DAY_OF_IT.search(norm, max(0, k - 40), k + 4)) is not None:
                found.append((m, "month"))
            k = norm.find("منه", k + 3)
    # such phrases never anchor one another ('عن الشهر السابق، وعن الشهر نفسه من العام الماضي')
    phrases = [nt.span(m.start(), m.end()) for m, _g in found]
    for m, grain in found:
        g = m.groupdict()  # the three patterns share their group names, each has only some
        ns = m.end("p0") if g.get("p0") is not None else m.start()  # a proclitic is not part of it
        dd = None
        back = _SAME_DAY_BACK
        if m.re is _DAY_OF_IT:
            dd = int(m.group("dn")) if m.group("dn") else ordinal_value(m.group("don"))
            if dd is None:
                continue
            ns, back = m.start("dn") if m.group("dn") else m.start("don"), _DAY_OF_IT_BACK
        elif grain == "month" and (dm := _SAME_DAY_OF.search(norm, max(0, ns - 40), ns)):
            dd = int(dm.group("d")) if dm.group("d") else ordinal_value(dm.group("do"))
            if dd is not None:
                ns = dm.start("d") if dm.group("d") else dm.start("do")
        s, e = nt.span(ns, m.end())
        n = _SAME_PREFIX[grain]
        prev: TimeExpr | None = None
        placed: TimeExpr | None = None
        anchor = ""  # the day 'prev' gives, ISO
        for x in out:
            if x.end > s:
                if grain == "year" and x.start < s and x.end >= e:  # '15 مارس من العام التالي', read as one
                    placed = x
                    e = x.end
                break
            gap = text[x.end:s].strip(" ،,")
            if not gap or gap == "في" or (grain != "day" and gap == "من"):
                # 'يحل عيد الأضحى في اليوم التالي': the day the phrase places, not its anchor
                placed = x if grain == "year" else None
                continue
            placed = None
            if any(x.start < b and a < x.end for a, b in phrases):
                continue
            v = x.value
            if (v is not None and v.earliest and v.latest and v.certainty in ("exact", "inferred")
                    and s - x.end <= back and x.type in ("date", "datetime")
                    and (v.grain in ("day", "minute") if n == 10 else len(v.earliest) >= n)
                    and v.earliest[:n] == v.latest[:n]):
                prev, anchor = x, v.earliest[:10]
        if prev is None:
            continue
        try:
            day = date.fromisoformat(anchor)
        except ValueError:
            continue
        off = _SAME_OFFSET.get(g.get("w") or "", 0)
        if grain == "day":
            pod = _SAME_DAY_POD.get(g.get("pod") or "")
            fn = _with_pod(_day_after(off), pod)
            typ = "datetime" if pod else "date"
            rule = "relday.same_day" if not off else f"relday.same_day{off:+d}"
        else:
            if grain != "year" and (g.get("yw") or g.get("y")):  # another year: the reference's
                if g.get("y"):
                    year = int(g["y"])
                elif rref.day is not None:
                    year = rref.day.year + _SAME_YEAR_SHIFT[g["yw"]]
                else:
                    continue
                day = _valid(year, day.month, day.day) or date(year, day.month, 28)
            rule = f"relunit.same_{grain}" + (f"{off:+d}" if off else "")
            pv = placed.value if placed is not None else None
            pf = pv.fields if pv is not None else {}
            if placed is not None and pv is not None and "month" in pf and pv.grain in ("day", "month"):  # 'مارس من العام نفسه'
                s = placed.start
                dd = pf.get("day") if pv.grain == "day" else None
                fn = _same_unit_fn("month", 0, dd, year_off=off, month=pf["month"])
                rule += ".day" if dd else ".month"
            else:
                fn = _same_unit_fn(grain, off, dd)
                rule += ".day" if dd else ""
            typ = "date"
        tv = V.resolve(fn, V.Ref.parse(day.isoformat()))
        if tv is None:
            continue
        tv.certainty = "inferred"
        added.append(TimeExpr(s, e, label=typ, source=SOURCE, type=typ, value=tv, rule=rule, anchor=anchor))
    if not added:
        return out
    kept = [x for x in out if not any(x.start < a.end and a.start < x.end for a in added)]
    return sorted(kept + added, key=lambda x: x.start)


def _same_unit_fn(grain: str, off: int, dd: int | None, year_off: int = 0,
                  month: int | None = None) -> DayFn:
    """The week/month/year of an anchor day, shifted by ``off``; with ``dd``, that day of the
    month; with ``month``, that month of the anchor's year (shifted by ``year_off``)."""

    def fn(ref: date) -> V.Res | None:
        if grain == "week":
            return V.week_of(ref + timedelta(days=7 * off))
        if grain == "year":
            return V.year(ref.year + off)
        if month is not None:
            y, mo = ref.year + year_off, month
        else:
            y, mo = V.add_months(ref.year, ref.month, off)
        if dd is None:
            return V.month(y, mo)
        d = _valid(y, mo, dd)
        return V.day(d) if d else None

    return fn


def _merge_weekdays(kept: list[Cand], norm: str) -> list[Cand]:
    """Weekday + date ('يوم الجمعة 15 أغسطس'): the date wins, the weekday checks it.  Done
    first, so that two such days can then make a range ('من السبت 15 يونيو حتى الخميس 20
    يونيو')."""
    out: list[Cand] = []
    i = 0
    n = len(kept)
    while i < n:
        c = kept[i]
        nxt = kept[i + 1] if i + 1 < n else None
        if nxt and (c.rule.startswith("weekday.") or (c.rule == "time.clock+day" and "clock" in c.extra)) and nxt.type == "date" \
                and nxt.rule.startswith("date.") and _GAP_DATE_TIME.match(norm[c.end : nxt.start]):
            wd = c.extra.get("weekday")
            base = nxt.fn
            if base is None and nxt.dirfn is not None:
                base = nxt.dirfn("past")
            m = Cand(c.start, nxt.end, "date", nxt.rule + "+weekday", relative=nxt.relative, value=None,
                     directional=nxt.directional)
            if nxt.extra.get("month") and not nxt.value:
                # year-less date with a weekday: the year where they agree, nearest the ref
                mo, dd = nxt.extra["month"], nxt.extra["day"]
                m.fn = _md_weekday_fn(mo, dd, wd)
                m.extra = {"month": mo, "day": dd, "weekday": wd}
            else:
                m.fn = base
                m.value = nxt.value
            if c.extra.get("pod") and m.fn is not None:  # 'مساء الأحد 10 مارس'
                m.type, m.value = "datetime", None
                m.fn = _with_pod(m.fn, c.extra["pod"])
            elif c.rule == "time.clock+day" and m.fn is not None:  # 'الساعة الرابعة بعد ظهر الخميس 31 أكتوبر'
                m.type, m.value, m.rule = "datetime", None, nxt.rule + "+weekday+clock"
                m.fn = _attach_clock(m.fn, c.extra["clock"])
            c = m
            i += 1
        out.append(c)
        i += 1
    return out


def _merge(kept: list[Cand], norm: str) -> list[Cand]:
    kept = _merge_weekdays(kept, norm)
    out: list[Cand] = []
    i = 0
    n = len(kept)
    while i < n:
        c = kept[i]
        nxt = kept[i + 1] if i + 1 < n else None
        gap = norm[c.end : nxt.start] if nxt else ""
        # 'من 29 نونبر إلى 7 دجنبر', 'من 21 دجنبر 2025 إلى 18 يناير 2026', 'بين 14 يونيو و15 يوليو'
        if nxt and len(gap) < 12 and nxt.type == "date" and c.type == "date" and (
                c.extra.get("month") is not None or c.rule.startswith("date.dmy") or c.rule == "date.hijri"):
            rng = _date_range(c, nxt, norm, gap)
            if rng is not None:
                out.append(rng)
                i += 2
                continue
        # date + clock, or clock + date (a day: not 'في رمضان من العاشرة صباحاً حتى ...')
        if nxt and c.fn is not None and c.type in ("date", "datetime") and nxt.clock and _GAP_DATE_TIME.match(gap) \
                and _a_day(c):
            m = Cand(c.start, nxt.end, "datetime", c.rule + "+clock", relative=c.relative, directional=c.directional)
            m.fn = _attach_clock(c.fn, nxt.clock)
            m.extra = dict(c.extra)
            out.append(m)
            i += 2
            continue
        if nxt and c.clock and nxt.fn is not None and nxt.type in ("date", "datetime") and _GAP_DATE_TIME.match(gap) \
                and _a_day(nxt):
            m = Cand(c.start, nxt.end, "datetime", nxt.rule + "+clock", relative=nxt.relative,
                     directional=nxt.directional)
            m.fn = _attach_clock(nxt.fn, c.clock)
            m.extra = dict(nxt.extra)
            out.append(m)
            i += 2
            continue
        # a clock right after a dated one, in brackets: '(14:00 بتوقيت جرينتش)'
        if c.clock and out and out[-1].type == "datetime" and out[-1].fn is not None and _GAP_PAREN.match(norm[out[-1].end : c.start]):
            prev = out[-1]
            base_fn = prev.fn

            def day_only(ref: date, base_fn=base_fn) -> V.Res | None:
                r = base_fn(ref)
                return None if r is None else V.day(r.start)

            m = Cand(c.start, c.end, "datetime", "time.clock+context", relative=prev.relative)
            m.fn = _attach_clock(day_only, c.clock)
            out.append(m)
            i += 1
            continue
        out.append(c)
        i += 1
    return out


def _a_day(c: Cand) -> bool:
    """Does the candidate name one day (or something the rules cannot place)?  A month, a
    Hijri month or a year takes no clock after it (round 8)."""
    try:
        r = c.fn(date(2020, 6, 15)) if c.fn is not None else None
    except Exception:  # a partial rule on an odd date: keep the old behaviour
        return True
    return r is None or r.grain == "day"


_RANGE_FROM = compile_fast(r"(?:^|\s)[وف]?(?:من|بين|ما\s+بين)\s*$")
_RANGE_GAP = compile_fast(r"^\s*(?:و?الي(?:\s+غايه)?|و?لغايه|و?حتي|و|-|–)\s*$")  # round 8: "وحتى"; round 12: "إلى غاية"


def _date_range(c: Cand, nxt: Cand, norm: str, gap: str) -> Cand | None:
    """Two days of the month joined as a range ('من 29 نونبر إلى 7 دجنبر', 'بين 14 يونيو
    و15 يوليو'): one interval from the first to the second, the second after the first."""
    if nxt.type != "date" or not _RANGE_GAP.match(gap) or not _RANGE_FROM.search(norm, max(0, c.start - 10), c.start):
        return None
    if c.rule == "date.hijri" == nxt.rule and c.fn is not None and nxt.fn is not None and c.type == "date":
        # 'من 29 رمضان حتى 3 شوال': two Hijri days, each resolved, the second within two months after
        f0, f1 = c.fn, nxt.fn

        def hfn(ref: date, f0=f0, f1=f1) -> V.Res | None:
            r0, r1 = f0(ref), f1(ref)
            if r0 is None or r1 is None or r0.end != r0.start or not 0 < (r1.start - r0.start).days <= 60:
                return None
            return V.Res("range", r0.start, r1.start)

        return Cand(c.start, nxt.end, "interval", "date.hijri_range", fn=hfn, relative=c.relative or nxt.relative,
                    directional=c.directional)
    days = ("date.dm", "date.dmy", "date.dm+weekday", "date.dmy+weekday")  # 'من السبت 15 يونيو حتى الخميس 20 يونيو'
    if not (c.rule in days and nxt.rule in days):
        return None
    if c.value is not None and nxt.value is not None and c.fn is not None and nxt.fn is not None:  # both with their year
        r0, r1 = c.fn(date(2000, 1, 1)), nxt.fn(date(2000, 1, 1))
        if r0 is None or r1 is None or not r0.start < r1.start:
            return None
        r = V.Res("range", r0.start, r1.start)
        m = Cand(c.start, nxt.end, "interval", "date.date_range", fn=_const(r))
        m.value = V.absolute(r)
        return m
    if c.value is None and nxt.value is not None and nxt.fn is not None and c.extra.get("month") and c.extra.get("day"):
        # 'من 23 يناير حتى 5 فبراير 2026': the first day in the year that puts it before the second
        r1 = nxt.fn(date(2000, 1, 1))
        if r1 is None:
            return None
        b = r1.start
        a = _valid(b.year, c.extra["month"], c.extra["day"])
        if a is not None and a >= b:
            a = _valid(b.year - 1, c.extra["month"], c.extra["day"])
        if a is None or not a < b:
            return None
        r = V.Res("range", a, b)
        m = Cand(c.start, nxt.end, "interval", "date.date_range", fn=_const(r))
        m.value = V.absolute(r)
        return m
    if c.value is not None or c.fn is None:
        return None
    first, mo2, d2 = c.fn, nxt.extra.get("month"), nxt.extra.get("day")
    if nxt.value is not None or mo2 is None or d2 is None:
        return None

    def fn(ref: date, first=first, mo2=mo2, d2=d2) -> V.Res | None:
        r = first(ref)
        if r is None:
            return None
        b = _valid(r.start.year, mo2, d2)
        if b is not None and b <= r.start:
            b = _valid(r.start.year + 1, mo2, d2)
        return None if b is None or (b - r.start).days > 366 else V.Res("range", r.start, b)

    return Cand(c.start, nxt.end, "interval", "date.date_range", fn=fn, relative=True, directional=c.directional)


def _md_weekday_fn(mo: int, dd: int, wd: int | None) -> DayFn:
    def fn(ref: date) -> V.Res | None:
        best = None
        for k in range(-6, 7):
            d = _valid(ref.year + k, mo, dd)
            if d and (wd is None or d.isoweekday() == wd):
                if best is None or abs((d - ref).days) < abs((best - ref).days):
                    best = d
        if best is None:
            return None
        r = V.day(best)
        return r

    return fn


def _value_of(c: Cand, ref: V.Ref) -> TimeValue | None:
    if c.clock and c.fn is None:
        return _clock_alone(c.clock)
    if c.fn is None:
        return c.value
    if c.value is not None and not c.relative:
        return c.value
    fn = c.fn
    wd = c.extra.get("weekday")
    if wd and ref.day is None and "+weekday" not in c.rule:
        base = fn

        def fn(d: date, base=base, wd=wd) -> V.Res | None:  # the text names the weekday: keep refs that agree
            r = base(d)
            return r if r is not None and (r.grain != "day" or r.start.isoweekday() == wd) else None

    tv = V.resolve(fn, ref)
    if tv is None:
        return None
    if c.directional and tv.certainty == "exact":
        tv.certainty = "inferred"
    if c.extra.get("duration"):
        tv.fields = dict(tv.fields)
        if c.type == "interval":
            tv.value = c.extra["duration"]
            tv.grain = "duration"
            tv.mod = c.extra.get("mod")
    if c.rule.startswith("date.dm") and ref.day is not None:
        tv.certainty = "inferred"
    if "+weekday" in c.rule and c.extra.get("month") and ref.day is None:
        # weekday + day + month without a year and no known ref: keep it honest
        tv = _weekday_md_unanchored(c, ref, tv)
    return tv


def _weekday_md_unanchored(c: Cand, ref: V.Ref, tv: TimeValue) -> TimeValue:
    mo, dd, wd = c.extra["month"], c.extra["day"], c.extra.get("weekday")
    fields = {"month": mo, "day": dd}
    if wd:
        fields["weekday"] = wd
    if ref.lo or ref.hi:
        cands = []
        lo = ref.lo or date(1900, 1, 1)
        hi = ref.hi or date(2100, 12, 31)
        for y in range(lo.year - 1, hi.year + 2):
            d = _valid(y, mo, dd)
            if d and (wd is None or d.isoweekday() == wd) and lo - timedelta(days=7) <= d <= hi + timedelta(days=7):
                cands.append(d)
        if len(cands) == 1:
            d = cands[0]
            return TimeValue(d.isoformat(), "day", d.isoformat(), d.isoformat(), {**fields, "year": d.year}, None, "inferred")
        if cands:
            return TimeValue(f"XXXX-{mo:02d}-{dd:02d}", "day", cands[0].isoformat(), cands[-1].isoformat(), fields, None, "partial")
    return TimeValue(f"XXXX-{mo:02d}-{dd:02d}", "day", None, None, fields, None, "unknown")


def _year_range(start: int, end: int, y: int, y2: int, rule: str) -> Cand:
    """A span of whole years, 'YYYY/YYYY' in TIMEX3 style."""
    r = V.Res("range", date(y, 1, 1), date(y2, 12, 31))
    r.extra = {"year": y, "year_end": y2}
    c = Cand(start, end, "interval", rule, fn=_const(r))
    c.value = V.absolute(r)
    c.value.value = f"{y}/{y2}"
    return c


def prepare() -> None:
    """Build now what the tagger otherwise builds on first use (its rules, the tense-cue and
    name patterns, each rule's gate test, numpy's tables), so that a
    long-running process or a benchmark does not pay for it inside its first texts.  The
    gates themselves are built per word as words come (_gate_at)."""
    for build in (_rules, _cue_re, _cue_first_words, _not_future, _day_of_every, _hour_after_midnight,
                  _not_times_rx, _not_times_words, _triggers, _trigger_forms, _words_set, _lead_words,
                  _gate_tests, _has_p0, _not_time_tokens, _np_tables):
        build()
