"""Publication dates: from metadata when stated, else inferred by constraint solving.

Pure: ``infer_pubdates(docs, max_date=...)`` reads Docs and returns PublicationDate
records; it never looks at the clock (the caller passes ``max_date``, e.g. the day the
articles were collected).

Cheapest evidence first, per article:
  1. metadata (``Article.published``)                                   -> method 'metadata'
  2. a dateline in the text ('تاريخ النشر: 12th, February 2025')        -> method 'text'
  3. constraints from the article's own words, solved over candidate days -> 'text'
       - 'اليوم الأربعاء' / 'أمس الثلاثاء': the weekday of publication;
       - bare weekdays ('قال ... الاثنين'): windows measured on dated news (_BARE_WINDOW);
       - a year-less date named with the same weekday as today ('يوم الجمعة 15 أغسطس'
         + 'اليوم الجمعة'): that date is today;
       - explicit past dates ('فبراير 2022', 'منذ عام 2019'): a lower bound (bare years such
         as 'رؤية 2030' never); ``max_date`` the last possible day.
  4. links to other articles (repeated while new dates appear)          -> method 'corpus'
       a relative expression ('يوم الجمعة الماضي', 'منتصف فبراير') in a sentence that
       shares an event noun (قمة، مكالمة ...) and at least three other words (names, places) with a
       sentence of a dated article, where that article dates the same kind of day: the
       publication day must be one where our expression resolves to that date.
The answer is one day when the constraints leave one, else a partial value (weekday,
month/day, bounds) that contains every day they leave: never a guessed year.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from khabar.corpus.doc import Doc
from khabar.extract.time import find_times
from khabar.extract.time.values import Ref
from khabar.model import Citation, PublicationDate, TimeExpr, TimeValue
from khabar.text.keys import match_keys
from khabar.text.lexicon import load_tsv
from khabar.text.normalize import norm_with_map, normalize
from khabar.text.segment import Sentence, split_sentences, tokenize

VERSION = "pubdate.v1"
FLOOR = date(1950, 1, 1)
# Names/places two sentences must share (besides the event noun) to be taken as the same
# happening.  With 2, 3 of 11 links on 2,000 ANT articles (half the dates hidden) were wrong.
MIN_SHARED = 3  # candidate days start here when the text gives no lower bound
_DATELINE = re.compile(r"(?:تاريخ\s+النشر|نشر\s+في|نُشر\s+في|published|date)\s*[:：]?\s*", re.IGNORECASE)
_STOP = frozenset(normalize(w) for w in (
    "في من على الى إلى عن مع بين بعد قبل منذ خلال حول أن إن كان كانت التي الذي الذين هذا هذه ذلك تلك هو هي "
    "وقد قد لم لن ما لا كما أو ثم حيث عند أي كل بعض غير إلى بشأن وفق وفقا حتى لدى أيضا اليوم أمس يوم "
    "الرئيس الرئيسين رئيس نظيره الروسي الأميركي الأمريكي الأوكراني الجانب الجانبين وزير الخارجية قال "
    "وقال وأضاف أضاف وأشار أشار أكد وأكد الماضي المقبل الساعة ساعة ساعات عام العام أنه إنه أنها إنها "
    "الذي التي بأن وأن فإن لكن ولكن عبر منصة").split())


@dataclass(slots=True)
class _Evidence:
    text: str
    citation: Citation | None = None


@dataclass(slots=True)
class _Problem:
    """The candidate-day constraints for one article."""

    lo: date | None = None
    hi: date | None = None
    lo_why: list[_Evidence] = field(default_factory=list)
    hi_why: list[_Evidence] = field(default_factory=list)
    preds: list[tuple[Callable[[date], bool], _Evidence]] = field(default_factory=list)
    allowed: list[tuple[set[date], _Evidence]] = field(default_factory=list)

    def raise_lo(self, d: date, ev: _Evidence) -> None:
        if self.lo is None or d > self.lo:
            self.lo = d
            self.lo_why = [ev]

    def lower_hi(self, d: date, ev: _Evidence) -> None:
        if self.hi is None or d < self.hi:
            self.hi = d
            self.hi_why = [ev]

    @property
    def bounded_below(self) -> bool:
        return self.lo is not None or bool(self.allowed)

    @property
    def bounded_above(self) -> bool:
        return self.hi is not None or bool(self.allowed)

    def solve(self) -> list[date]:
        """Every day the constraints allow.  An open side is searched over a few years only
        (enough for the weekday/month-day fields); the result then reports it open."""
        span = timedelta(days=6 * 366)
        lo = self.lo or (self.hi - span if self.hi else date(2000, 1, 1))
        hi = self.hi or (self.lo + span if self.lo else date(2027, 12, 31))
        if hi < lo:
            return []
        if self.allowed:
            days = set.intersection(*(s for s, _ in self.allowed))
            cand = sorted(d for d in days if (self.lo is None or self.lo <= d) and (self.hi is None or d <= self.hi))
        else:
            cand = [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
        for p, _ in self.preds:
            cand = [d for d in cand if p(d)]
        return cand


def _to_date(s: str | None) -> date | None:
    if not s:
        return None
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def _cite(doc: Doc, e: TimeExpr) -> Citation:
    return Citation(doc.id, e.start, e.end)


def _q(doc: Doc, e: TimeExpr) -> str:
    return f"'{doc.article.text[e.start:e.end]}'"


@lru_cache(maxsize=1)
def _event_groups() -> dict[str, str]:
    groups = {normalize(r["form"]): r["group"] for r in load_tsv("time_event_nouns.tsv")}
    groups.update({normalize(r["form"]): r["group"] for r in load_tsv("pubdate_event_nouns.tsv")})
    return groups


@lru_cache(maxsize=65536)
def _group_of(ks: tuple[str, ...]) -> str | None:
    """The event group of a word's keys: the form itself, without accusative tanween
    ('اجتماعاً'), or without a possessive ending ('اجتماعه', 'قمتها' -> 'قمه')."""
    groups = _event_groups()
    for k in ks:
        if k in groups:
            return groups[k]
    for k in ks:
        for cut in ("ا", "ه", "ها", "هما", "هم"):
            if k.endswith(cut) and len(k) - len(cut) >= 3:
                base = k[: -len(cut)]
                for b in (base, base[:-1] + "ه" if base.endswith("ت") else base):
                    if b in groups:
                        return groups[b]
    return None


def _truce_at(keys_before: list[Sequence[str]], ks: Sequence[str]) -> bool:
    """'وقف إطلاق النار' (ceasefire): 'النار' after 'إطلاق' after 'وقف'/'لوقف'."""
    return ("النار" in ks and len(keys_before) >= 2 and "اطلاق" in keys_before[-1]
            and ("وقف" in keys_before[-2] or keys_before[-2][0] in ("وقف", "لوقف")))


def _nouns(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, event group) of each event noun in text[start:end]."""
    out: list[tuple[int, str]] = []
    prev: list[Sequence[str]] = []
    for tok in tokenize(text, start, end):
        if not tok.text[0].isalpha():
            continue
        ks = match_keys(tok.text)
        g = _group_of(tuple(ks))
        if g is None and _truce_at(prev, ks):
            g = "truce"
        if g:
            out.append((tok.start, g))
        prev.append(ks)
    return out


def _bound_groups(nouns: Sequence[tuple[int, str]], e: TimeExpr, dated: Sequence[TimeExpr]) -> set[str]:
    """Event groups whose noun belongs to expression ``e``: a noun takes the first dated
    expression after it in the sentence, else the nearest one before it
    ('إلغاء القمة التي كانت مقررة ... يوم 12 يونيو' -> the summit is 12 June, not the day it
    was called off)."""
    out: set[str] = set()
    for pos, g in nouns:
        after = [x for x in dated if x.start >= pos]
        if after:
            if min(after, key=lambda x: x.start) is e:
                out.add(g)
        else:
            before = [x for x in dated if x.end <= pos]
            if before and max(before, key=lambda x: x.end) is e:
                out.add(g)
    return out


def _keys(text: str, start: int, end: int, skip: Sequence[TimeExpr] = ()) -> tuple[set[str], set[str]]:
    """(content keys, event groups) of text[start:end]: proclitic-stripped normalised words,
    leaving out the words of time expressions (a shared 'الثلاثاء' is no evidence)."""
    keys: set[str] = set()
    evs: set[str] = set()
    spans = [(x.start, x.end) for x in skip if x.end > start and x.start < end]
    prev: list[Sequence[str]] = []
    for tok in tokenize(text, start, end):
        if not tok.text[0].isalpha() or any(a <= tok.start < b for a, b in spans):
            continue
        ks = match_keys(tok.text)
        if _truce_at(prev, ks):
            evs.add("truce")
        prev.append(ks)
        g = _group_of(tuple(ks))
        if g:
            evs.add(g)
        base = ks[-1] if len(ks) > 1 else ks[0]
        if len(base) < 3 or ks[0] in _STOP or base in _STOP:
            continue
        keys.update(k for k in ks if len(k) >= 3 and k not in _STOP)
    return keys, evs


def _similar(a: set[str], b: set[str]) -> set[str]:
    """Shared keys, counting near spellings of one name (ترمب/ترامب, بوتين/بوتن) once."""
    shared = a & b
    try:
        from rapidfuzz.fuzz import ratio
    except ImportError:  # pragma: no cover
        return shared
    rest_a = [k for k in a - shared if len(k) >= 4]
    rest_b = [k for k in b - shared if len(k) >= 4]
    for x in rest_a:
        for y in rest_b:
            if x[0] == y[0] and abs(len(x) - len(y)) <= 1 and ratio(x, y) >= 85:
                shared.add(x)
                break
    return shared


def _distinct(shared: set[str], fold: bool = False) -> set[str]:
    """Shared names besides event nouns ('اجتماعا' is the noun, not a name), one per
    article-less form ('الجامعه'/'جامعه' count once)."""
    def noun(k: str) -> bool:
        return _group_of((k,)) is not None or _group_of(("ال" + k,)) is not None

    out = {k[2:] if k.startswith("ال") else k for k in shared if not noun(k)}
    if not fold:
        return out
    # one word with and without a proclitic ('بحسب'/'حسب') counts once
    return {k for k in out if not (len(k) > 3 and k[0] in "وبلفك" and k[1:] in out)}


@dataclass(slots=True)
class _Dated:
    """A dated expression in an article whose publication day is known."""

    doc: Doc
    expr: TimeExpr
    day: date | None
    month: tuple[int, int] | None
    weekday: int | None
    keys: set[str]
    events: set[str]
    bound: set[str] = field(default_factory=set)


class _Analysis:
    """One article's text evidence (computed once, reference-free)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        text = doc.article.text
        self.text = text
        self.exprs = find_times(text, None)
        self.sents = split_sentences(text)
        self._tense = None
        self.offices: list[tuple[int, int, list[int], str]] | None = None  # office-name matches
        self.anchor_cache: dict[int, tuple[list[tuple[int, str]], list[tuple[int, int, int, int]], list[int]]] = {}

    def future(self, e: TimeExpr) -> bool:
        """Does the nearest tense cue before ``e`` point forward?  (The tagger's cues.)"""
        from khabar.extract.time.tagger import _Norm, _Tense

        if self._tense is None:
            nt = _Norm(self.text)
            self._tense = (nt, _Tense(nt.norm, "past"))
        nt, tense = self._tense
        i = e.start - bisect.bisect_left(nt.dels, e.start)
        j = e.end - bisect.bisect_left(nt.dels, e.end)
        return tense.at(i, j) == "future"

    def cue(self, e: TimeExpr) -> str:
        """'past' / 'future' when a tense cue in the sentence says so, else 'none'."""
        fut = self.future(e)
        if not self._tense[1].cued:
            return "none"
        return "future" if fut else "past"

    def sentence_of(self, e: TimeExpr) -> tuple[int, Sentence | None]:
        return self.sentence_at(e.start)

    def sentence_at(self, pos: int) -> tuple[int, Sentence | None]:
        for i, s in enumerate(self.sents):
            if s.start <= pos < s.end:
                return i, s
        return -1, None


def _metadata_date(s: str | None) -> date | None:
    """A stated publication date: ISO first; else an e-mail/RSS date ('Fri, 04 May 2018
    11:47:16 +0400'); else dateparser, which is made for such absolute strings."""
    if not s or not s.strip():
        return None
    d = _to_date(s.strip())
    if d is not None:
        return d
    import email.utils

    try:
        return email.utils.parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        import dateparser

        got = dateparser.parse(s, settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]})
    except Exception:  # dateparser raises several kinds on odd input
        got = None
    return got.date() if got else None


def _metadata(doc: Doc) -> PublicationDate | None:
    a = doc.article
    d = _metadata_date(a.published)
    if d is None:
        return None
    tv = TimeValue(d.isoformat(), "day", d.isoformat(), d.isoformat(), {"year": d.year, "month": d.month, "day": d.day,
                   "weekday": d.isoweekday()}, None, "exact")
    return PublicationDate(doc.id, tv, "metadata", [f"metadata: published {a.published} ({a.published_source or 'source'})"])


def _dateline(an: _Analysis) -> PublicationDate | None:
    head = an.text[:600]
    for m in _DATELINE.finditer(head):
        for e in an.exprs:
            if e.start >= m.end() and e.start - m.end() <= 3 and e.value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", e.value.value[:10]):
                d = _to_date(e.value.value)
                if d is None:
                    continue
                tv = TimeValue(d.isoformat(), "day", d.isoformat(), d.isoformat(),
                               {"year": d.year, "month": d.month, "day": d.day, "weekday": d.isoweekday()}, None, "exact")
                ev = f"dateline {_q(an.doc, e)} = {d.isoformat()}"
                return PublicationDate(an.doc.id, tv, "text", [ev], [_cite(an.doc, e)])
    return None


# Days an official may still be named in an office after the term ended (news lag, the
# outgoing official's last acts reported the next days).
OFFICE_END_SLACK = 14
# Words right after the name that put the office in the past ('السابق' former, 'آنذاك' then).
_NOT_IN_OFFICE = re.compile(r"^[\s,،]*(?:\S+\s+)?(?:ال?سابق|ال?اسبق|انذاك|حينها|حينذاك|وقتها|وقتذاك|الراحل|المنتهيه)")


# A sentence set in another time: a year, 'في عهد', 'إبان', 'خلال ولاية', 'كان ... قد'.
_PAST_FRAME = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|(?<!\S)(?:في|خلال)\s+(?:عهد|ولايه|فتره)(?!\S)|(?<!\S)[وف]?ابان(?!\S)"
                         r"|(?<!\S)[وف]?(?:كان|كانت)(?!\S)")


@lru_cache(maxsize=1)
def _office_terms() -> tuple[re.Pattern[str], dict[str, list[tuple[str, date, date | None, str]]]]:
    """One regex over normalised text for 'OFFICE NAME' of every row of office_terms.tsv,
    and for each matched (office, name) form the terms [(label, start, end, office)]."""
    table: dict[str, list[tuple[str, date, date | None, str]]] = {}
    alts: set[str] = set()
    for r in load_tsv("office_terms.tsv"):
        start, end = _to_date(r["start"]), _to_date(r.get("end"))
        if start is None:
            continue
        for off in r["office"].split("|"):
            for name in r["name"].split("|"):
                key = normalize(f"{off} {name}")
                row = (r["label_en"], start, end, off)
                if row not in table.setdefault(key, []):  # spellings equal once normalised
                    table[key].append(row)
                alts.add(key)
    def form(k: str) -> str:
        words = [re.escape(w) for w in k.split()]
        first = words[0]
        lead = f"(?:[وفب]?{first}|[وف]?لل{first[2:]})" if k.startswith("ال") else f"(?:[وفبل]|وب|ول)?{first}"
        return r"\s+".join([lead] + words[1:])
    rx = re.compile(r"(?<![^\s(«\"“'])(" + "|".join(form(k) for k in sorted(alts, key=len, reverse=True)) + r")(?![\w])")
    return rx, table


@lru_cache(maxsize=1)
def _office_last_words() -> frozenset[str]:
    return frozenset(k.rsplit(" ", 1)[1] for k in _office_terms()[1])


def _office_bounds(an: _Analysis, pr: _Problem) -> None:
    """Officials named in an office (not 'السابق', 'آنذاك'): publication within one of
    their terms in that office (office_terms.tsv)."""
    rx, table = _office_terms()
    if an.offices is None:
        flat = normalize(an.text)
        # cheap gate: the name's last word occurs at all
        if not any(last in flat for last in _office_last_words()):
            an.offices = []
        else:
            norm, idx = norm_with_map(an.text)
            an.offices = [(m.start(), m.end(), idx, norm) for m in rx.finditer(norm)]
    seen: set[str] = set()
    for start, end, idx, norm in an.offices:
        if _NOT_IN_OFFICE.match(norm[end: end + 30]):
            continue
        _, sent = an.sentence_at(idx[start])
        if sent is not None and _PAST_FRAME.search(normalize(an.text[sent.start:sent.end])):
            continue  # 'في عام 2018 انسحب الرئيس الأمريكي دونالد ترامب ...': told of another time
        squashed = re.sub(r"\s+", " ", norm[start:end])
        # the row's form, proclitics aside ('وللرييس' -> 'الرييس')
        key = next((k for k in (squashed, squashed[1:], squashed[2:], "ال" + squashed[2:], "ال" + squashed[3:])
                    if k in table), None)
        if key is None:
            continue
        terms = table[key]
        label = terms[0][0]
        if label in seen:
            continue
        seen.add(label)
        a, b = idx[start], idx[end - 1] + 1
        quote = an.text[a:b]
        spans = [(s, e + timedelta(days=OFFICE_END_SLACK) if e else None) for _, s, e, _ in terms]
        what = "; ".join(f"{s.isoformat()}..{e.isoformat() if e else 'now'}" for _, s, e, _ in terms)
        ev = _Evidence(f"'{quote}' named in office ({terms[0][3]}, {what}; office_terms.tsv): published "
                       f"within that term" + (f" (end + {OFFICE_END_SLACK} days' slack)" if any(e for _, e in spans) else ""),
                       Citation(an.doc.id, a, b))
        lo = min(s for s, _ in spans)
        pr.raise_lo(lo, ev)
        if all(e is not None for _, e in spans):
            pr.lower_hi(max(e for _, e in spans), ev)
        if len(spans) > 1:
            pr.preds.append((lambda d, spans=spans: any(s <= d and (e is None or d <= e) for s, e in spans), ev))


def _text_problem(an: _Analysis, max_date: date | None, prefer: str = "past") -> _Problem:
    pr = _Problem()
    doc = an.doc
    if max_date:
        pr.lower_hi(max_date, _Evidence(f"not after {max_date.isoformat()} (collection date)"))
    today_wd: list[tuple[int, TimeExpr]] = []
    bare: list[tuple[int, str, TimeExpr]] = []
    yearless: list[tuple[int, int, int | None, TimeExpr]] = []
    for e in an.exprs:
        v = e.value
        if v is None:
            continue
        wd = (v.fields or {}).get("weekday")
        rule = e.rule
        if rule.startswith("weekday.today") and wd:
            today_wd.append((wd, e))
        elif rule.startswith("weekday.yesterday") and wd:
            today_wd.append((wd % 7 + 1, e))
        elif rule.startswith("weekday.tomorrow") and wd:  # 'غداً الأربعاء': published on a Tuesday
            today_wd.append(((wd - 2) % 7 + 1, e))
        elif rule.startswith("weekday.bare") and wd:
            bare.append((wd, an.cue(e), e))
        if rule.startswith("date.dm") and "+weekday" in rule:
            f = v.fields or {}
            if "month" in f and "day" in f:
                yearless.append((f["month"], f["day"], f.get("weekday"), e))
        # explicit absolute dates bound the publication day
        # (a bare year may name a plan or a tournament: 'رؤية 2030', 'كأس العالم 2026')
        if (v.certainty == "exact" and v.earliest and e.type in ("date", "interval", "datetime")
                and not e.rule.startswith(("offset", "year.bare", "year.span"))):
            start = _to_date(v.earliest)
            if start is None or start.year < 1800:
                continue
            cue = an.cue(e)
            if cue == "future":
                continue  # a date still ahead bounds nothing safely (cues misfire on past years)
            if cue == "none" and v.mod != "SINCE":  # no tense cue: may be just ahead ('المباراة في 31 مايو')
                start = start - timedelta(days=45)
                pr.raise_lo(start, _Evidence(f"{_q(doc, e)} is past or at most weeks ahead: published on or after "
                                             f"{start.isoformat()}", _cite(doc, e)))
            else:
                pr.raise_lo(start, _Evidence(f"{_q(doc, e)} is past: published on or after {start.isoformat()}", _cite(doc, e)))
    _office_bounds(an, pr)
    # weekday of publication
    wds = {w for w, _ in today_wd}
    if len(wds) == 1:
        w = wds.pop()
        names = ", ".join(_q(doc, e) for _, e in today_wd)
        pr.preds.append((lambda d, w=w: d.isoweekday() == w,
                         _Evidence(f"{names}: published on weekday {w} (ISO)", _cite(doc, today_wd[0][1]))))
        # a year-less date named with today's weekday is today
        for mo, dd, wdd, e in yearless:
            if wdd == w:
                pr.preds.append((lambda d, mo=mo, dd=dd: (d.month, d.day) == (mo, dd),
                                 _Evidence(f"{_q(doc, e)} names today's weekday: it is the day of publication",
                                           _cite(doc, e))))
                break
    elif bare and not wds:
        allowed = _weekdays_from_bare(bare)
        if allowed:
            names = ", ".join(_q(doc, e) for _, _, e in bare)
            what = " or ".join(str(w) for w in sorted(allowed))
            pr.preds.append((lambda d, allowed=allowed: d.isoweekday() in allowed,
                             _Evidence(f"bare weekdays {names}: published a day or two around them "
                                       f"(weekday {what}, inferred)", _cite(doc, bare[0][2]))))
    for mo, dd, wdd, e in yearless:
        if wdd:
            # the date exists with that weekday within half a year of publication
            def near(d: date, mo=mo, dd=dd, wdd=wdd) -> bool:
                for y in (d.year - 1, d.year, d.year + 1):
                    try:
                        x = date(y, mo, dd)
                    except ValueError:
                        continue
                    if x.isoweekday() == wdd and abs((x - d).days) <= 183:
                        return True
                return False

            pr.preds.append((near, _Evidence(f"{_q(doc, e)}: a year where that date falls on that weekday", _cite(doc, e))))
    return pr


def _future_context(an: _Analysis, e: TimeExpr) -> bool:
    return an.future(e)


# How far (in days, modulo a week) publication lies after a bare weekday mention, by the
# tense cue before the mention; measured on 1,500 dated ANT articles (2018): past-cued
# mentions are the day of publication 50%, the day before 32%, two days before 7%;
# future-cued ones the same day 38% or the next day 30%; uncued ones 38% / 34% / 9% (+2),
# 7% the next day.  Each window keeps about 90% of the cases.
_BARE_WINDOW = {"past": (0, 1, 2), "none": (6, 0, 1, 2), "future": (5, 6, 0)}


def _weekdays_from_bare(bare: list[tuple[int, str, TimeExpr]]) -> frozenset[int]:
    """Weekdays the publication day can have, from bare weekday mentions.

    One weekday mentioned (any number of times): the intersection of each mention's window
    (_BARE_WINDOW; 'قال ... الاثنين' + 'سيتم ... الاثنين' leave that Monday).  Two neighbouring
    weekdays: those two and the day after.  Mentions spread wider (an upcoming match on
    Sunday, a statement on Wednesday): no constraint, the text does not settle it."""
    days = {wd for wd, _, _ in bare}
    if len(days) == 1:
        allowed = set(range(1, 8))
        for wd, cue, _ in bare:
            allowed &= {(wd - 1 + k) % 7 + 1 for k in _BARE_WINDOW[cue]}
        return frozenset(allowed) if allowed else frozenset()
    if len(days) == 2:
        a, b = sorted(days)
        if (b - a) % 7 == 1 or (a - b) % 7 == 1:
            last = b if (b - a) % 7 == 1 else a
            first = a if last == b else b
            return frozenset({first, last, last % 7 + 1})
    return frozenset()


def _result(doc: Doc, pr: _Problem, days: list[date], method: str, extra: Iterable[_Evidence] = ()) -> PublicationDate:
    evs = [ev for _, ev in pr.preds] + [ev for _, ev in pr.allowed] + pr.lo_why + pr.hi_why + list(extra)
    evs = list({id(e): e for e in evs}.values())  # one constraint may bound both sides
    evidence = [e.text for e in evs]
    cites = [e.citation for e in evs if e.citation is not None]
    if not days:
        tv = TimeValue("XXXX-XX-XX", "day", None, None, {}, None, "unknown")
        return PublicationDate(doc.id, tv, "unknown", evidence + ["the constraints leave no day"], cites)
    closed = pr.bounded_below and pr.bounded_above
    if len(days) == 1 and closed:
        d = days[0]
        tv = TimeValue(d.isoformat(), "day", d.isoformat(), d.isoformat(),
                       {"year": d.year, "month": d.month, "day": d.day, "weekday": d.isoweekday()}, None, "inferred")
        return PublicationDate(doc.id, tv, method, evidence, cites)
    fields: dict[str, int] = {}
    for k, get in (("year", lambda d: d.year), ("month", lambda d: d.month), ("day", lambda d: d.day),
                   ("weekday", lambda d: d.isoweekday())):
        vals = {get(d) for d in days}
        if len(vals) == 1:
            fields[k] = vals.pop()
    wds = {d.isoweekday() for d in days}
    if 1 < len(wds) < 7:  # 'a Monday, Tuesday or Wednesday': bit w set for each ISO weekday w
        fields["weekday_mask"] = sum(1 << w for w in wds)
    if not closed:
        fields.pop("year", None)  # an open side: the year is not known
    earliest = days[0].isoformat() if pr.bounded_below else None
    latest = days[-1].isoformat() if pr.bounded_above else None
    if "month" in fields or "day" in fields or "weekday" not in fields:
        y = f"{fields['year']:04d}" if "year" in fields else "XXXX"
        mo = f"{fields['month']:02d}" if "month" in fields else "XX"
        dd = f"{fields['day']:02d}" if "day" in fields else "XX"
        value = f"{y}-{mo}-{dd}"
    else:
        y = f"{fields['year']:04d}" if "year" in fields else "XXXX"
        value = f"{y}-WXX-{fields['weekday']}"
    tv = TimeValue(value, "day", earliest, latest, fields, None, "partial")
    return PublicationDate(doc.id, tv, method if (pr.preds or pr.allowed or pr.lo) else "unknown", evidence, cites)


def _dated_exprs(an: _Analysis, pub: date) -> list[_Dated]:
    out = []
    found = find_times(an.text, pub.isoformat())
    for e in found:
        v = e.value
        if v is None or e.type not in ("date", "datetime"):
            continue
        d = _to_date(v.value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", v.value) else None
        mon = None
        m = re.fullmatch(r"(\d{4})-(\d{2})", v.value)
        if m:
            mon = (int(m[1]), int(m[2]))
        if d is None and mon is None:
            continue
        i, s = an.sentence_of(e)
        if s is None:
            continue
        keys, evs = _keys(an.text, s.start, s.end, an.exprs)
        if not evs:
            continue  # no event noun: it can never be linked
        in_sent = [x for x in found if s.start <= x.start < s.end and x.type in ("date", "datetime") and x.value]
        bound = _bound_groups(_nouns(an.text, s.start, s.end), e, in_sent) if d else set()
        if bound and abs((d - pub).days) > 183 and not re.search(r"\d{4}", normalize(an.text[e.start:e.end])):
            bound = set()  # a year-less date that far from publication: its year is a guess
        out.append(_Dated(an.doc, e, d, mon, d.isoweekday() if d else None, keys, evs, bound))
    return out


def _index(dated: Sequence[_Dated]) -> dict[str, list[_Dated]]:
    """Dated happenings by event group, so a big corpus is not scanned per expression."""
    by_group: dict[str, list[_Dated]] = {}
    for d in dated:
        for g in d.events:
            by_group.setdefault(g, []).append(d)
    return by_group


def _link_constraints(an: _Analysis, pr: _Problem, by_group: dict[str, list[_Dated]],
                      max_date: date | None) -> list[_Evidence]:
    """Relative expressions of this article matched to dated happenings in other articles."""
    used: list[_Evidence] = []
    for e in an.exprs:
        v = e.value
        # only expressions that single out one day or month; bare weekdays and 'أمس' recur
        # in every article and are too weak to tie two articles together
        # and only looking back: a happening another article already dated
        if v is None or not e.rule.startswith(("weekday.last", "date.month", "date.part_month", "relunit.past")):
            continue
        if an.future(e):
            continue
        i, s = an.sentence_of(e)
        if s is None:
            continue
        start = an.sents[i - 1].start if i > 0 else s.start
        keys, evs = _keys(an.text, start, s.end, an.exprs)
        if not evs:
            continue
        best: list[tuple[int, _Dated, set[str]]] = []
        want = v.fields or {}
        pool = {id(d): d for g in sorted(evs) for d in by_group.get(g, ())}
        for d in pool.values():
            if d.doc.id == an.doc.id:
                continue
            # the other article must date the same kind of day ('الجمعة' -> a Friday)
            if "weekday" in want and (d.day is None or d.day.isoweekday() != want["weekday"]):
                continue
            if "month" in want and (d.day.month if d.day else d.month[1]) != want["month"]:
                continue
            shared = _similar(keys, d.keys)
            distinct = _distinct(shared)
            if len(distinct) < MIN_SHARED:
                continue
            best.append((len(distinct), d, shared))
        if not best:
            continue
        best.sort(key=lambda t: -t[0])
        top = [b for b in best if b[0] == best[0][0]]
        targets = {(b[1].day, b[1].month) for b in best}
        if len(targets) != 1:
            # several dated happenings of that kind share names with ours (a league's weekly
            # matches, a long negotiation): which one is meant is not settled, do not guess
            continue
        _, d, shared = top[0]
        ok_days = _days_where(an, e, d, max_date, [f for f, _ in pr.preds])
        if not ok_days:
            continue
        what = d.day.isoformat() if d.day else f"{d.month[0]}-{d.month[1]:02d}"
        ev = _Evidence(
            f"{_q(an.doc, e)} matches {d.doc.article.external_id or d.doc.id} "
            f"'{d.doc.article.text[d.expr.start:d.expr.end]}' = {what} (shared: {', '.join(sorted(shared)[:6])})",
            _cite(an.doc, e))
        trial = _Problem(pr.lo, pr.hi, pr.lo_why, pr.hi_why, list(pr.preds), pr.allowed + [(ok_days, ev)])
        if trial.solve():  # a link that contradicts the text is dropped
            pr.allowed.append((ok_days, ev))
            used.append(ev)
    return used

# Shared names an anchor needs (one more than a link): on 2,000 ANT articles (half the dates
# hidden) the three single-target anchors with 3 shared words ('جاء', 'عقدها', 'مجلس') were all
# wrong (caught by the weekday check); the examples' true anchors share 4 to 10.
ANCHOR_MIN_SHARED = 4
# Expressions that name the day of publication or a neighbour: (rule prefix, days from it).
_DAY_RULE = re.compile(r"(relday\.today|relday\.[+-]\d|weekday\.today|weekday\.yesterday|weekday\.tomorrow)(?![\d])")
_DAY_OFF = {"relday.today": 0, "weekday.today": 0, "weekday.yesterday": -1, "weekday.tomorrow": 1}
_COUNT = {"يوم": 1, "يوم واحد": 1, "يومين": 2, "ثلاثه ايام": 3, "اربعه ايام": 4, "خمسه ايام": 5,
          "سته ايام": 6, "سبعه ايام": 7, "اسبوع": 7, "اسبوع واحد": 7}
_ORD = {"الاول": 0, "الثاني": 1, "الثالث": 2, "الرابع": 3, "الخامس": 4}
# 'قبل يوم واحد من قمته', 'بعد يومين من الاتفاق', 'عشية القمة', 'في اليوم الأول من الهدنة'
# (normalised text; the event noun must follow right after), and 'في يومها الأول' (the
# noun before it in the sentence).
_REL_BEFORE_AFTER = re.compile(r"(?<!\S)(قبل|بعد)\s+(يوم واحد|يومين|يوم|(?:ثلاثه|اربعه|خمسه|سته|سبعه)\s+ايام|اسبوع واحد|اسبوع)"
                               r"\s+(?:من|علي)\s+(?=\S)")
_REL_EVE = re.compile(r"(?<!\S)[وف]?عشيه\s+(?=\S)")
_REL_NTH = re.compile(r"(?<!\S)(?:في|خلال)\s+اليوم\s+(الاول|الثاني|الثالث|الرابع|الخامس)\s+(?:من|ل|علي)\s*(?=\S)")
_REL_NTH_POSS = re.compile(r"(?<!\S)(?:في|خلال)\s+(?:يومها|يومه)\s+(الاول|الثاني|الثالث|الرابع|الخامس)(?!\S)")


def _day_offset(rule: str) -> int | None:
    m = _DAY_RULE.match(rule)
    if not m:
        return None
    k = m.group(1)
    return _DAY_OFF[k] if k in _DAY_OFF else int(k.split(".")[1])


def _anchor_index(dated: Sequence[_Dated]) -> dict[str, list[_Dated]]:
    """Dated days by the event group of the noun bound to them (see _bound_groups)."""
    by_group: dict[str, list[_Dated]] = {}
    for d in dated:
        if d.day is None:
            continue
        for g in d.bound:
            by_group.setdefault(g, []).append(d)
    return by_group


def _anchor_target(an: _Analysis, keys: set[str], group: str, index: dict[str, list[_Dated]]) -> tuple[_Dated, set[str]] | None:
    """The one day other articles give the happening of ``group``: every dated sentence
    sharing MIN_SHARED names with ours gives that day, and one shares ANCHOR_MIN_SHARED;
    None otherwise."""
    best: list[tuple[int, _Dated, set[str]]] = []
    for d in index.get(group, ()):
        if d.doc.id == an.doc.id:
            continue
        shared = _similar(keys, d.keys)
        distinct = _distinct(shared)
        if len(distinct) >= MIN_SHARED:  # any of these that disagrees vetoes
            best.append((len(_distinct(shared, fold=True)), d, shared))
    if not best or len({b[1].day for b in best}) != 1:
        return None
    best.sort(key=lambda t: -t[0])
    if best[0][0] < ANCHOR_MIN_SHARED:
        return None
    return best[0][1], best[0][2]


def _anchor_parts(text: str, s: Sentence) -> tuple[list[tuple[int, str]], list[tuple[int, int, int, int]], list[int]]:
    """A sentence's event nouns, its 'counted from' phrases (start, end, days from the
    happening, noun offset or -1, in normalised sentence offsets) and the offset map."""
    nouns = _nouns(text, s.start, s.end)
    if not nouns:
        return nouns, [], []
    norm, idx = norm_with_map(text[s.start:s.end])
    rels: list[tuple[int, int, int, int]] = []
    for m in _REL_BEFORE_AFTER.finditer(norm):
        n = _COUNT.get(re.sub(r"\s+", " ", m.group(2)))
        if n:
            rels.append((m.start(), m.end(), -n if m.group(1) == "قبل" else n, m.end()))
    for m in _REL_EVE.finditer(norm):
        rels.append((m.start(), m.end(), -1, m.end()))
    for m in _REL_NTH.finditer(norm):
        rels.append((m.start(), m.end(), _ORD[m.group(1)], m.end()))
    for m in _REL_NTH_POSS.finditer(norm):
        rels.append((m.start(), m.end(), _ORD[m.group(1)], -1))
    return nouns, rels, idx


def _anchor_constraints(an: _Analysis, pr: _Problem, index: dict[str, list[_Dated]],
                        max_date: date | None) -> list[_Evidence]:
    """Days named relative to a happening other articles date: 'غداً ... القمة' / 'أمس الأحد'
    bound to a noun whose happening is dated elsewhere (the expression must resolve to that
    day), and 'قبل يوم من قمته' / 'عشية القمة' / 'في اليوم الأول من الهدنة' (the sentence's own
    day, اليوم/أمس/غداً, is that many days from it; a sentence without one of its own links nothing)."""
    used: list[_Evidence] = []
    if not index:
        return used

    def add(days: set[date], ev: _Evidence) -> None:
        if not days:
            return
        trial = _Problem(pr.lo, pr.hi, pr.lo_why, pr.hi_why, list(pr.preds), pr.allowed + [(days, ev)])
        if trial.solve():  # a link that contradicts the text is dropped
            pr.allowed.append((days, ev))
            used.append(ev)

    day_at = sorted(x.start for x in an.exprs if x.value is not None and _day_offset(x.rule) is not None)
    for i, s in enumerate(an.sents):
        j = bisect.bisect_left(day_at, s.start)
        if j == len(day_at) or day_at[j] >= s.end:
            continue  # both kinds need a day word (اليوم/أمس/غداً) in the sentence
        if i not in an.anchor_cache:
            an.anchor_cache[i] = _anchor_parts(an.text, s)
        nouns, rels, idx = an.anchor_cache[i]
        if not nouns:
            continue
        in_sent = [x for x in an.exprs if s.start <= x.start < s.end and x.value is not None]
        keys = None
        # (1) a day word bound to the noun: it resolves to the happening's day
        dated = [x for x in in_sent if x.type in ("date", "datetime")]
        for x in in_sent:
            # only day words with their weekday ('أمس الأحد', 'غداً الثلاثاء'): a bare 'اليوم' or
            # 'أمس' recurs in every article, and a recurring happening (a second call between
            # the same leaders) would take the first one's day
            if _day_offset(x.rule) is None or not x.rule.startswith("weekday."):
                continue
            for g in sorted(_bound_groups(nouns, x, dated)):
                keys = keys if keys is not None else _keys(an.text, s.start, s.end, an.exprs)[0]
                hit = _anchor_target(an, keys, g, index)
                if hit is None:
                    continue
                d, shared = hit
                wd = (x.value.fields or {}).get("weekday")
                if wd != d.day.isoweekday():
                    continue
                # the day word carries its own direction ('غداً', 'أمس'): no tense test
                days = _days_where(an, x, d, max_date, [f for f, _ in pr.preds], tense=False)
                add(days, _Evidence(
                    f"{_q(an.doc, x)} names the day of the {g} that {d.doc.article.external_id or d.doc.id} dates "
                    f"'{d.doc.article.text[d.expr.start:d.expr.end]}' = {d.day.isoformat()} (shared: {', '.join(sorted(shared)[:6])})",
                    _cite(an.doc, x)))
        # (2) a day counted from the happening
        for a, b, k, at in rels:
            oa, ob = s.start + idx[a], s.start + idx[b - 1] + 1
            if at >= 0:
                pos = s.start + idx[min(at, len(idx) - 1)]
                g = next((g for p, g in nouns if p == pos), None)
            else:  # 'في يومها الأول': the nearest noun before
                g = next((g for p, g in reversed(nouns) if p < oa), None)
            if g is None:
                continue
            # the sentence's own day words, outside the phrase itself ('قبل يوم' is no 'a day ago')
            offs = {_day_offset(x.rule) for x in in_sent if x.end <= oa or x.start >= ob} - {None}
            if len(offs) != 1:
                continue  # no day of its own (or several): which day is meant is open
            keys = keys if keys is not None else _keys(an.text, s.start, s.end, an.exprs)[0]
            hit = _anchor_target(an, keys, g, index)
            if hit is None:
                continue
            d, shared = hit
            day = d.day + timedelta(days=k)
            days = {day - timedelta(days=offs.pop())}
            how = f"the sentence's own day is {day.isoformat()}"
            days = {p for p in days if (max_date is None or p <= max_date) and all(f(p) for f, _ in pr.preds)}
            add(days, _Evidence(
                f"'{an.text[oa:ob].strip()}' counts {k:+d} day(s) from the {g} that {d.doc.article.external_id or d.doc.id} dates "
                f"'{d.doc.article.text[d.expr.start:d.expr.end]}' = {d.day.isoformat()}: {how} "
                f"(shared: {', '.join(sorted(shared)[:6])})", Citation(an.doc.id, oa, ob)))
    return used


def _days_where(an: _Analysis, e: TimeExpr, d: _Dated, max_date: date | None,
                preds: Sequence[Callable[[date], bool]] = (), tense: bool = True) -> set[date]:
    """Publication days p for which expression ``e`` (resolved against p) covers d's date
    (and, with ``tense``, lies before p when no tense cue points forward)."""
    i, s = an.sentence_of(e)
    sent = an.text[s.start : s.end]
    off = e.start - s.start
    target_lo = d.day or date(d.month[0], d.month[1], 1)
    target_hi = d.day or (date(d.month[0] + d.month[1] // 12, d.month[1] % 12 + 1, 1) - timedelta(days=1))
    past = tense and not _future_context(an, e)
    ok: set[date] = set()
    start = target_lo - timedelta(days=400)
    for k in range(0, 801):
        p = start + timedelta(days=k)
        if max_date and p > max_date:
            break
        if past and p < target_lo:
            continue
        if preds and not all(f(p) for f in preds):
            continue
        r = Ref.parse(p)
        for x in find_times(sent, r):
            if x.start == off and x.value and x.value.earliest and x.value.latest:
                a, b = _to_date(x.value.earliest), _to_date(x.value.latest)
                if a and b and a <= target_lo and target_hi <= b and (not past or target_hi <= p):
                    ok.add(p)
                break
    return ok


def infer_pubdates(docs: Sequence[Doc], *, max_date: date | str | None = None, rounds: int = 4) -> dict[str, PublicationDate]:
    """Publication date of every doc: metadata, the text, then the corpus (see module doc)."""
    if isinstance(max_date, str):
        max_date = _to_date(max_date)
    out: dict[str, PublicationDate] = {}
    analyses: dict[str, _Analysis] = {}
    for doc in docs:
        pd = _metadata(doc)
        if pd is not None:
            out[doc.id] = pd
            continue
        an = _Analysis(doc)
        analyses[doc.id] = an
        pd = _dateline(an)
        if pd is not None:
            out[doc.id] = pd
            continue
        pr = _text_problem(an, max_date)
        out[doc.id] = _result(doc, pr, pr.solve(), "text")
    # corpus rounds: link relative expressions to dated happenings elsewhere
    exact = {k for k, v in out.items() if v.value.earliest and v.value.earliest == v.value.latest}
    dated_cache: dict[str, list[_Dated]] = {}
    for _ in range(rounds if len(exact) < len(docs) else 0):
        dated: list[_Dated] = []
        for doc in docs:
            if doc.id in exact:
                if doc.id not in dated_cache:
                    an = analyses.get(doc.id) or _Analysis(doc)
                    analyses[doc.id] = an
                    dated_cache[doc.id] = _dated_exprs(an, _to_date(out[doc.id].value.earliest))
                dated.extend(dated_cache[doc.id])
        changed = False
        by_group = _index(dated)
        anchors = _anchor_index(dated)
        for doc in docs:
            if doc.id in exact or doc.id not in analyses:
                continue
            an = analyses[doc.id]
            pr = _text_problem(an, max_date)
            used = _link_constraints(an, pr, by_group, max_date)
            used += _anchor_constraints(an, pr, anchors, max_date)
            if not used:
                continue
            pd = _result(doc, pr, pr.solve(), "corpus")
            if pd.value.to_dict() != out[doc.id].value.to_dict():
                out[doc.id] = pd
                changed = True
                if pd.value.earliest and pd.value.earliest == pd.value.latest:
                    exact.add(doc.id)
        if not changed:
            break
    return out


def contains(pd: PublicationDate, day: date) -> bool:
    """Does the (maybe partial) publication date allow ``day``?"""
    v = pd.value
    f = v.fields or {}
    if v.earliest and day < _to_date(v.earliest):
        return False
    if v.latest and day > _to_date(v.latest):
        return False
    checks = {"year": day.year, "month": day.month, "day": day.day, "weekday": day.isoweekday()}
    if "weekday_mask" in f and not f["weekday_mask"] >> day.isoweekday() & 1:
        return False
    return all(f[k] == checks[k] for k in checks if k in f)
