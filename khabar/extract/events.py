"""Event frames: what happened (or is scheduled, expected, denied, refused), who took part, where, when.

Annotator ``events.rules.v1`` (assigns "events", requires "mentions" and "times").
Triggers come from ``khabar/data/ar/event_triggers.tsv`` (phone_call, meeting,
negotiation, visit, statement, agreement, ceasefire, invitation, attack, sanction,
election, appointment, dismissal, resignation, arrest, protest); modality words from
``khabar/data/ar/event_modality.tsv``.  For each trigger outside a quotation:

- participants: the subject before it (the nearest person, with a coordinated
  'X ونظيره Y'; a dropped subject after 'أجرى' is the sentence's first person), the
  people after it ('مع نظيره X', 'بين X وY', 'قمة X وY', 'جمعت X بـY', 'بولي العهد X'),
  those after 'وشارك في', and 'الرئيسان'/'الزعيمين' as the two of the last frame;
- place: a place mention after في/بـ (or 'ولاية X ... احتضنت') near the trigger;
- time: the time expression of the sentence nearest to this trigger (from the times
  layer, with its uncertainty); duration: a duration expression, or 'استمرت لنحو
  ثلاث ساعات' read here (PT3H);
- modality: refused > denied > cancelled > postponed > hypothetical > scheduled > expected >
  happened; an event called off takes the date it was due on (or put off to), named after the
  trigger ('إلغاء القمة التي كانت مقررة في 12 يونيو'), never the day of the announcement.

Later mentions of the same event in the article ('المكالمة', 'الاتصال') merge into
the first frame when type, modality, participants and time agree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from khabar.extract.quotes import _COMPLEMENTIZERS, PhraseMatcher, TextView, _Mentions, cue_forms, outlet_matcher, view
from khabar.extract.registry import Context, annotator
from khabar.model import Article, Citation, Event, Mention, Participant, TimeExpr, TimeValue
from khabar.text.keys import match_keys
from khabar.text.lexicon import load_tsv
from khabar.text.normalize import normalize

SOURCE = "events.rules.v1"

_SUFFIXES = ("هما", "هم", "ها", "ه", "نا", "ي")
_SUPPORT_VERBS = {
    "اجري", "اجريا", "اجرت", "يجري", "تجري", "عقد", "عقدا", "يعقد", "تعقد", "اجراء", "بدا", "بدء", "اختتم", "اختتما",
    "احتضنت", "استضافت", "شهدت", "تلقي", "ابلغ",
}
_DUAL = {normalize(w) for w in {"الرجلين", "الرجلان", "الرئيسان", "الرئيسين", "الزعيمان", "الزعيمين", "الطرفان", "الطرفين", "الجانبان", "الجانبين", "البلدان", "البلدين"}}
_HOST = {"احتضنت", "استضافت", "تستضيف", "ستستضيف", "لاستضافه", "استضافه", "تحتضن", "ستحتضن", "احتضن", "استضاف"}
_JOIN = {"شارك", "وشارك", "يشارك", "بمشاركة", "بحضور"}
_LINK = {"مع", "بين", "هاتفيا", "جمعت", "جمع", "ضمت", "ضم", "و"}
_PLACE_PREP = {
    normalize(w)
    for w in (
        "في", "وفي", "ولاية", "مدينة", "العاصمة", "بمدينة", "بالعاصمة", "جزيرة", "إقليم", "منطقة", "لمنطقة", "لمدينة",
        "بلدة", "لبلدة", "قرية", "لقرية", "محافظة", "بمحافظة", "مخيم", "لمخيم", "بلدات", "مناطق",
    )
}
# words right before a trigger that make it an adjunct ('بعد مكالمة', 'تقريره عن المكالمة'): no subject search
_BARRIER = {
    normalize(w)
    for w in ("بعد", "قبل", "عقب", "إثر", "منذ", "عن", "حول", "بشأن", "انتهاء", "نتائج", "من", "ضمن", "إلغاء", "انسحاب")
}  # 'الانسحاب من الاتفاق': the deal as a thing, its subject is not a party
_OUTCOME = {"تناول", "تناولت", "بحث", "بحثا", "ناقش", "ناقشا", "اسفر", "اسفرت", "تمخض", "خلص"}
_NUM_WORDS = {
    "ساعه": 1, "ساعتين": 2, "ساعتان": 2, "دقيقه": 1, "دقيقتين": 2, "واحده": 1, "ثلاث": 3, "ثلاثه": 3, "اربع": 4,
    "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمان": 8, "تسع": 9,
    "عشر": 10, "عشره": 10, "نصف": 0.5,
}
_DUR_VERBS = {"استمر", "استمرت", "امتد", "امتدت", "دام", "دامت", "استغرق", "استغرقت", "لمده", "طوال"}
_VERBS_AL = {"التقي", "التقت", "التقيا", "التقوا"}  # verbs that look definite
# words that start like a future verb (سـ + present) but are not one
_NOT_FUTURE = {normalize(w) for w in ("سياسي", "سياسية", "سيارة", "سيطرة", "ستة", "ستين", "سيادة", "سيناريو", "ستار")}
# nouns that name an event in passing when it follows them: 'منفذ الاعتداء', 'نتائج القمة'
_CONSTRUCT_HEADS = {normalize(w) for w in (
    "منفذ", "منفذي", "منفذو", "ضحايا", "نتائج", "مخرجات", "تفاصيل", "موعد", "مكان", "ذكرى", "جدول", "ملف", "أجواء",
    "عشية", "هامش", "حصيلة",
)}
# 'حركات احتجاج', 'موجة هجمات', 'خطر هجوم': a kind of event, not one that took place
_GENERIC_HEADS = {normalize(w) for w in (
    "حركات", "حركة", "موجة", "موجات", "ثقافة", "خطر", "مخاطر", "خطورة", "تهديد", "تهديدات", "احتمال", "احتمالات",
    "إمكانية", "فكرة", "مفهوم", "نوع", "أنواع", "أشكال", "شكل", "قانون", "قوانين", "نظام", "آلية", "آليات", "مكافحة",
    "لمكافحة", "مراسم", "بروتوكول", "إحصائيات", "إحصاءات", "إحصائية", "معدلات", "معدل", "أرقام",
)}
# 'المفوضية العليا للانتخابات', 'لجنة المفاوضات': the event word is part of an institution's name
_INSTITUTION_HEADS = {normalize(w) for w in (
    "مفوضية", "المفوضية", "لجنة", "اللجنة", "هيئة", "الهيئة", "مجلس", "المجلس", "وزارة", "الوزارة", "مركز", "المركز",
    "جمعية", "الجمعية", "مكتب", "المكتب", "دائرة", "إدارة", "وحدة", "فريق", "قانون", "مرصد", "المرصد",
)}
# 'يخضع ... لعقوبات', 'عرضة لهجمات': exposure in general, not an event
_EXPOSED = {normalize(w) for w in ("يخضع", "تخضع", "يخضعون", "خاضع", "خاضعة", "خاضعون", "عرضة", "معرض", "معرضة")}
# 'منفذ الاعتداء', 'نتائج القمة', 'تفاصيل الاتفاق': a later word for an event already told
_REFERRING_HEADS = {normalize(w) for w in (
    "منفذ", "منفذي", "منفذو", "ضحايا", "نتائج", "مخرجات", "تفاصيل", "حصيلة", "مرتكب", "مرتكبي", "مرتكبو", "إلغاء",
    "تأجيل", "موعد", "مكان",
)}
# 'لإثارة أعمال عنف', 'لتنفيذ هجوم': the aim of someone, not an event that took place
_PURPOSE = {normalize(w) for w in ("لإثارة", "لتنفيذ", "لشن", "لارتكاب", "للقيام", "لإشعال", "لتبرير")}
# 'بما في ذلك اجتماعات قمة': one of the kinds of the event just named
_INCLUDING = {tuple(normalize(w) for w in "بما في ذلك".split())}
_PRON_PARTNER = {normalize(w) for w in ("بينه", "بينها", "معه", "معها", "بينهم")}
# denial words that bind only to the word right after them ('إفشال محاولة اعتداء ... وتوقيف X')
_NEAR_ONLY = {normalize(w) for w in ("إفشال", "إحباط", "أحبطت", "أحبط", "أفشلت")}
# a call or a wish ('دعا X إلى وقف إطلاق النار', 'نأمل أن تعقد القمة'): hypothetical only a few words before the event
_WISH = {normalize(w) for w in (
    "دعا", "دعت", "يدعو", "تدعو", "دعوا", "طالب", "طالبت", "يطالب", "تطالب", "مطالبا", "مطالبة", "ناشد",
    "يأمل", "تأمل", "نأمل", "آمل", "نريد", "يريد", "تريد", "يرغب", "ترغب", "ضرورة", "يجب", "ينبغي",
)}
# 'الاتفاق النووي': a named agreement, talked about; not one made in the sentence
_NAMED_ADJ = {normalize(w) for w in ("النووي", "النووية", "التاريخي", "التاريخية")}
_PAST_ADJ = {normalize(w) for w in ("الأخيرة", "الأخير", "الماضية", "الماضي", "السابقة", "السابق")}
# for these a country named with the event is where it happens, not who takes part
_GPE_IS_PLACE = {"election", "protest"}
_PLACE_TYPES = {"meeting", "visit", "negotiation", "attack", "election", "protest"}
# ordinal anaphors: 'كانت الأولى في منتصف فبراير' after 'المكالمة هي الثانية' names an earlier event of the same kind
_ORDINALS = {normalize(w) for w in (
    "الأولى", "الأول", "الثانية", "الثاني", "الثالثة", "الثالث", "الرابعة", "الرابع", "السابقة", "السابق", "الأخيرة", "الأخير",
)}
_COPULA = {normalize(w) for w in ("كانت", "كان", "وكانت", "وكان", "فكانت", "فكان", "هي", "هو", "وهي", "وهو", "جاءت", "وجاءت", "جاء", "وجاء")}
# hedges after a future verb: 'سيلتقي X على الأرجح' is expected rather than scheduled
_HEDGE = {normalize(w) for w in ("الأرجح", "المرجح", "ربما", "يرجح", "المتوقع", "قريبا", "قريباً")}
_ANY = {normalize(w) for w in ("أي", "أيّ", "لأي", "بأي", "وأي", "فأي")}
# an event called off ('إلغاء القمة', 'أرجأت المحكمة الجلسة') did not happen (yet): it outranks every
# plan or wish, but not a denial or refusal of it
_MOD_RANK = {"refused": 7, "denied": 6, "cancelled": 5, "postponed": 4, "hypothetical": 3, "scheduled": 2, "expected": 1,
             "happened": 0}
CALLED_OFF = frozenset(("cancelled", "postponed"))
# a threat, a possibility or a call to call it off ('هددت بإلغاء القمة', 'قد تلغي', 'إمكانية تأجيل',
# 'طالب بإلغاء', 'لا ترى سبباً لإلغاء'): it still stands
_CALL_OFF_HEDGES = {normalize(w) for w in (
    "هدد", "هددت", "يهدد", "تهدد", "هددوا", "تهديد", "تهديدها", "تهديده", "بتهديد", "التهديد", "لوح", "لوحت", "يلوح", "تلوح",
    "قد", "احتمال", "باحتمال", "إمكانية", "بإمكانية", "المحتمل", "محتمل", "يمكن", "ربما", "سبب", "سببا", "مبررات",
    "يدرس", "تدرس", "يعتزم", "تعتزم", "تنوي", "ينوي", "إما",
)} | _WISH


# heads of a news outlet's name: 'وكالة X', 'صحيفة X' report events, they do not take part in them
_MEDIA_HEADS = {normalize(w) for w in ("صحيفة", "قناة", "شبكة", "تلفزيون", "إذاعة", "موقع", "مجلة")}
# 'وكالة' heads a news agency only with 'أنباء' in its name ('وكالة السودان للأنباء'; not 'وكالة الاستخبارات')
_NEWS_AGENCY = re.compile(r"^وكاله\b.*\b(?:ال|لل)?انباء\b")


def _is_media(v: TextView, m: Mention, pre: str) -> bool:
    """A news outlet: after or headed by 'صحيفة/قناة...', a 'وكالة ... للأنباء', or one of
    media_outlets.tsv (the quotes layer's matcher; 'وكالة رويترز' too)."""
    name = normalize(v.text[m.start : m.end])
    head = name.split(" ", 1)[0]
    if pre in _MEDIA_HEADS or head in _MEDIA_HEADS or _NEWS_AGENCY.match(name) is not None:
        return True
    k = v.tok_at(m.start) + (head == "وكاله")
    hit = outlet_matcher().match(v, k) if k < len(v.norm) else None
    return hit is not None and (not hit[1][1] or head == "وكاله")  # needs_prefix: a name that is also a word


@lru_cache(maxsize=1)
def trigger_matcher() -> PhraseMatcher:
    m = PhraseMatcher()
    for row in load_tsv("event_triggers.tsv"):
        m.add(row["phrase"], (row["type"], int(row.get("weight") or 2)))
    return m


@lru_cache(maxsize=1)
def modality_words() -> tuple[dict[str, str], dict[str, str]]:
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for row in load_tsv("event_modality.tsv"):
        d = before if row["where"] == "before" else after
        d[normalize(row["word"])] = row["modality"]
    return before, after


@dataclass(slots=True)
class _Trig:
    i: int  # first token
    j: int  # after last token
    type: str
    weight: int
    definite: bool
    quoted: bool = False  # inside a long quotation: only adds to a frame found outside quotations
    anaphor_of: Any = None  # the antecedent trigger of an ordinal anaphor ('كانت الأولى')


@dataclass(slots=True)
class _Frame:
    trig: _Trig
    sent: Any
    parts: list[tuple[Mention, str]] = field(default_factory=list)
    place: Mention | None = None
    place_text: str | None = None
    time: TimeExpr | None = None
    duration: str | None = None
    modality: str = "happened"
    outcomes: list[Citation] = field(default_factory=list)
    evidence: list[tuple[int, int]] = field(default_factory=list)
    extent_end: int = 0
    inherit: Any = None
    not_into: Any = None  # an ordinal anaphor never merges into its antecedent's frame
    construct: bool = False  # 'منفذ الاعتداء', 'نتائج القمة': the event named in passing
    refers: bool = False  # 'منفذ الاعتداء', 'إلغاء القمة': an event told before, if there is one
    named: bool = False  # 'الاتفاق النووي': a named agreement, an event only with a time of its own


@lru_cache(maxsize=1)
def _trigger_prefixes() -> frozenset[str]:
    return frozenset(k[:2] for k in trigger_matcher()._by_first)  # 2 letters: قمته still meets قمه


@lru_cache(maxsize=100_000)
def _maybe_trigger(keys: tuple[str, ...]) -> bool:
    pre = _trigger_prefixes()
    return any(k[:2] in pre for k in keys)


def _match_trigger(v: TextView, i: int) -> tuple[int, Any] | None:
    m = trigger_matcher()
    hit = _match_wild(m, v, i)
    if hit:
        return hit
    # one-word trigger with a possessive suffix: قمته، اجتماعهما، لقائه
    for key in v.keys[i]:
        for suf in _SUFFIXES:
            if key.endswith(suf) and len(key) - len(suf) >= 3:
                base = key[: -len(suf)]
                cands = [base]
                if base.endswith("ت"):
                    cands.append(base[:-1] + "ه")  # قمته -> قمه
                if base.endswith("ي"):
                    cands.append(base[:-1] + "ء")  # لقائه -> لقاء
                for cand in cands:
                    for toks, payload in m._by_first.get(cand, ()):
                        if len(toks) == 1:
                            return i + 1, payload
        # the accusative alif: 'عقدا اجتماعا', 'شنوا هجوما'
        if key.endswith("ا") and len(key) >= 5:
            for toks, payload in m._by_first.get(key[:-1], ()):
                if len(toks) == 1:
                    return i + 1, payload
    return None


def _match_wild(m: PhraseMatcher, v: TextView, i: int) -> tuple[int, Any] | None:
    best = None
    n = len(v.norm)
    for key in v.keys[i][:3]:
        for toks, payload in m._by_first.get(key, ()):
            j, ok = i + 1, True
            for t in toks[1:]:
                if j >= n or (t != "*" and v.norm[j] != t):
                    ok = False
                    break
                j += 1
            if ok and (best is None or j > best[0]):
                best = (j, payload)
    return best


def _mk(v: TextView, m: Mention) -> str:
    return m.entity_id or normalize(v.text[m.start : m.end])


def _duration(v: TextView, i: int, end_tok: int) -> tuple[str, int, int] | None:
    """'استمرت لنحو ثلاث ساعات', 'لمدة ساعة ونصف', 'لأكثر من 90 دقيقة' after token i."""
    k = i
    while k < end_tok and k < i + 14:
        if any(x in _DUR_VERBS for x in v.keys[k][:2]):
            num, unit, s = None, None, k
            for x in range(k + 1, min(end_tok, k + 6)):
                t = v.norm[x]
                base = match_keys(t)[-1] if t[:1] == "ل" else t
                if t.replace(".", "").isdigit():
                    num = float(t)
                elif base in _NUM_WORDS or t in _NUM_WORDS:
                    val = _NUM_WORDS.get(t, _NUM_WORDS.get(base))
                    if t.startswith("ساع") or base.startswith("ساع"):
                        num, unit = (num or val if t not in ("ساعه",) else num or 1), "H"
                        if t in ("ساعتين", "ساعتان"):
                            num = 2
                    elif t.startswith("دقيق"):
                        num, unit = num or val, "M"
                    else:
                        num = val
                elif t in ("ساعات", "ساعه") and num is not None:
                    unit = "H"
                elif t in ("دقائق", "دقيقه") and num is not None:
                    unit = "M"
                if unit:
                    e = v.tokens[x].end
                    total_m = num * (60 if unit == "H" else 1)
                    if x + 1 < end_tok and v.norm[x + 1] == "ونصف":
                        total_m += 30 if unit == "H" else 0.5
                        e = v.tokens[x + 1].end
                    h, mnt = divmod(int(total_m), 60)
                    val = "PT" + (f"{h}H" if h else "") + (f"{mnt}M" if mnt else "")
                    return val, v.tokens[s].start, e
            return None
        k += 1
    return None


def extract_events(
    article: Article,
    mentions: list[Mention],
    times: list[TimeExpr] | None = None,
    quotes: list[Any] | None = None,
    ref: Any = None,
) -> list[Event]:
    """Event frames of ``article`` from its mentions and time expressions.

    ``ref`` (the reference date: ISO string or TimeValue) lets a frame whose time lies after
    it be read as scheduled rather than happened ('يجتمع القادة الأسبوع المقبل')."""
    text = article.text
    if not text:
        return []
    v = view(text)
    ms = _Mentions([m for m in mentions if m.label in ("PER", "ORG", "GPE", "LOC", "FAC", "NORP")])
    times = sorted(times or [], key=lambda t: t.start)
    n = len(v.tokens)
    before_mod, after_mod = modality_words()

    # a headline (a first line without a full stop, before a longer body) only repeats the body's
    # events in a compressed, subject-less form: its frames are left out
    head_end = 0
    if len(v.paras) > 3:
        first = v.paras[0]
        line = text[first.start : first.end].rstrip()
        if line and line[-1] not in ".!?؟" and first.end - first.start < 200:
            head_end = first.end
    # 1. triggers
    trigs: list[_Trig] = []
    i = v.tok_at(head_end)
    while i < n:
        tok = v.tokens[i]
        if not tok.text[0].isalpha():
            i += 1
            continue
        if v.norm[i] in _ORDINALS and trigs and not v.in_quote[i]:
            ant = _ordinal_antecedent(v, i, trigs)
            if ant is not None:
                trigs.append(_Trig(i, i + 1, ant.type, 2, True, anaphor_of=ant))
                i += 1
                continue
        if not _maybe_trigger(v.keys[i]):
            i += 1
            continue
        qi = v.in_quote[i]
        quoted = bool(qi and len(text[v.qspans[qi - 1][0] : v.qspans[qi - 1][1]].split()) > 3)
        hit = _match_trigger(v, i)
        if hit is None or ms.covering(tok.start, tok.end) is not None:
            i += 1
            continue
        j, (typ, weight) = hit
        # 'وشارك في المفاوضات': the joining phrase, not a new event
        if i >= 2 and v.norm[i - 1] in ("في",) and any(x in _JOIN for x in v.keys[i - 2][:2]):
            i = j
            continue
        prev1 = v.norm[i - 1] if i > 0 else ""
        exposed = v.norm[i][:1] == "ل" and any(
            x in _EXPOSED for k in range(max(0, i - 6), i) if v.tokens[k].text[0].isalpha() for x in v.keys[k][:2]
        )
        if any(x in _GENERIC_HEADS for x in (v.keys[i - 1][:2] if i > 0 else ())) or exposed or (
            v.norm[i].startswith("لل") and (prev1 in _INSTITUTION_HEADS or (i > 1 and v.norm[i - 2] in _INSTITUTION_HEADS))
        ):
            i = j  # a kind of event, exposure to it, or part of an institution's name
            continue
        if prev1 in _PURPOSE:
            if weight < 2:
                i = j
                continue
        if trigs and any(tuple(v.norm[k : k + 3]) in _INCLUDING for k in (i - 3, i - 4) if k >= 0):
            i = j  # 'المحادثات ... بما في ذلك اجتماعات قمة'
            continue
        if v.norm[i].startswith("لل") and weight > 1:
            weight = 1  # 'المفوضية العليا للانتخابات', 'الدورة السابعة للقمة': a genitive, not a report
        base = match_keys(tok.text)
        definite = (any(k.startswith("ال") for k in base[:2]) and base[0] not in _VERBS_AL) or base[0] != base[-1] and base[-1][-1:] in "ها"
        trigs.append(_Trig(i, j, typ, weight, definite, quoted=quoted))
        i = j

    claimed_partners: set[int] = set()
    frames: list[_Frame] = []
    owner: dict[int, _Frame] = {}  # first token of a trigger -> the frame that holds it
    by_sent: dict[int, list[_Trig]] = {}
    for t in trigs:
        s = v.sentence_of(v.tokens[t.i].start)
        if s is not None:
            by_sent.setdefault(s.start, []).append(t)

    times_by_sent: dict[int, list[TimeExpr]] = {}
    for te in times:
        s_ = v.sentence_of(te.start)
        if s_ is not None and s_.start in by_sent:
            times_by_sent.setdefault(s_.start, []).append(te)

    for sent_start, ts in sorted(by_sent.items()):
        sent = v.sentence_of(sent_start)
        prev_end_tok = v.tok_at(sent.start)
        pending: list[_Frame] = []
        for t in ts:
            f = _Frame(t, sent)
            if t.anaphor_of is not None:
                ant = owner.get(t.anaphor_of.i) or next((p for p in pending if p.trig is t.anaphor_of), None)
                if ant is None:
                    continue
                f.parts = [(m, "participant") for m, _ in ant.parts]
                f.not_into = ant
                f.evidence.append((sent.start, sent.end))
                f.extent_end = v.tokens[t.i].end
                pending.append(f)
                continue
            f.construct = t.i > 0 and any(x in _CONSTRUCT_HEADS for x in v.keys[t.i - 1][:2])
            f.refers = t.i > 0 and any(x in _REFERRING_HEADS for x in v.keys[t.i - 1][:2])
            f.named = t.type == "agreement" and t.definite and t.j < n and v.norm[t.j] in _NAMED_ADJ
            ts_end = v.tokens[t.j - 1].end
            # participants after the trigger
            after: list[Mention] = []
            place_direct: Mention | None = None
            k = t.j
            steps = 0
            while k < n and v.tokens[k].start < sent.end and steps < 16:
                tok = v.tokens[k]
                m = ms.covering(tok.start, tok.end)
                if m is not None:
                    clitic, pre = _prefix_info(v, m)
                    if m.label in ("GPE", "LOC", "FAC") and (
                        (not clitic and pre in _PLACE_PREP) or normalize(clitic).endswith("ب")
                    ):
                        k = max(v.tok_at(m.end), k + 1)
                        steps += 1
                        continue
                    if (
                        m.label in ("GPE", "LOC", "FAC")
                        and t.type in _PLACE_TYPES
                        and not clitic
                        and place_direct is None
                        and (k == t.j or (after and after[-1].label == "PER" and not text[after[-1].end : m.start].strip()))
                    ):
                        place_direct = m  # 'قمة ألاسكا', 'زيارة موسكو': where, not who
                    elif m.label in ("PER", "ORG", "GPE"):
                        after.append(m)
                    k = max(v.tok_at(m.end), k + 1)
                    steps += 1
                    continue
                tn = v.norm[k]
                if tn in (",",) and k + 1 < n and ms.covering(v.tokens[k + 1].start, v.tokens[k + 1].end) and after:
                    k += 1
                    continue
                if not tok.text[0].isalpha() or _match_trigger(v, k) is not None and k > t.j:
                    break
                if tn in _COMPLEMENTIZERS or any(x in cue_forms() for x in v.keys[k][:2]):
                    break
                if tn in ("في", "منذ", "الي", "علي", "عن", "حول", "بشان", "لبحث", "لمناقشه", "تناول", "بعد", "قبل"):
                    if tn == "في" and k + 1 < n and ms.covering(v.tokens[k + 1].start, v.tokens[k + 1].end):
                        k += 1
                        steps += 1
                        continue
                    break
                k += 1
                steps += 1
            pron = any(v.norm[x] in _PRON_PARTNER for x in range(t.j, min(t.j + 3, n)))
            genitive = [m for m in after if m.label == "PER"]
            for m in after:
                f.parts.append((m, "participant"))
                claimed_partners.add(m.start)
            # the subject before it
            if len(genitive) < 2 and not (t.i > 0 and v.norm[t.i - 1] in _BARRIER):
                agents = _agents(v, ms, t, sent, prev_end_tok, claimed_partners)
                if not agents and any(
                    x in _SUPPORT_VERBS for k in range(max(v.tok_at(sent.start), t.i - 5), t.i) for x in v.keys[k][:2]
                ):
                    # 'إذ أجرى أمس اتصالاً': the dropped subject is the sentence's topic
                    topic = [m for m in ms.within(sent.start, v.tokens[t.i].start) if m.label == "PER" and m.start not in claimed_partners]
                    agents = topic[:1]
                if not agents and pending and (not v.norm[t.i].startswith("ال") or v.norm[t.i] in _VERBS_AL):
                    # 'زارت واشنطن حيث التقت X': the subject of the clause before goes on
                    agents = [m for m, role in pending[-1].parts if role == "agent"][:1]
                for m in agents:
                    if all(_mk(v, m) != _mk(v, p) for p, _ in f.parts):
                        f.parts.insert(0, (m, "agent"))
            if pron and not any(r == "agent" for _, r in f.parts):
                # 'قال X إن القمة بينه وبين Y': 'him' is the one who speaks
                rep_ = [m for m in ms.within(sent.start, v.tokens[t.i].start) if m.label == "PER"]
                if rep_ and all(_mk(v, rep_[0]) != _mk(v, m) for m, _ in f.parts):
                    f.parts.insert(0, (rep_[0], "agent"))
            prev_end_tok = t.j
            # place
            if f.construct:
                place_direct = None
            if place_direct is not None:
                f.place, f.place_text = place_direct, text[place_direct.start : place_direct.end]
                claimed_partners.add(place_direct.start)
            else:
                nxt = [v.tokens[x.i].start for x in ts if x.i > t.i]
                f.place, f.place_text = (None, None) if f.construct else _place(v, ms, t, sent, nxt[0] if nxt else sent.end)
            f.extent_end = max([ts_end] + [m.end for m in after] + ([place_direct.end] if place_direct else []))
            if t.i > 0 and v.norm[t.i - 1] == "حيث" and pending:
                f.inherit = pending[-1]  # 'زارت واشنطن في يناير حيث التقت X': there and then
            d = _duration(v, t.j, v.tok_at(sent.end))
            if d is not None:
                f.duration = d[0]
            # modality
            f.modality = _modality(v, t, sent, before_mod, after_mod, ms)
            # outcomes: 'تناول ...', 'بحثا ...' after the trigger in the sentence
            for x in range(t.j, v.tok_at(sent.end)):
                if v.keys[x][0] in _OUTCOME or (len(v.keys[x]) > 1 and v.keys[x][1] in _OUTCOME):
                    f.outcomes.append(Citation(article.id, v.tokens[x].start, sent.end))
                    break
            f.evidence.append((sent.start, sent.end))
            # 'الرئيسان' / 'الزعيمين': the two of the last frame
            if len([p for p in f.parts if p[0].label == "PER"]) < 2 and any(
                x in _DUAL for x in v.norm[max(v.tok_at(sent.start), t.i - 6) : min(v.tok_at(sent.end), t.j + 6)]
            ):
                prev = next((p for p in reversed(frames + pending) if len({_mk(v, m) for m, _ in p.parts if m.label == "PER"}) >= 2), None)
                if prev is not None:
                    have = {_mk(v, m) for m, _ in f.parts}
                    for m, _role in prev.parts:
                        if _mk(v, m) not in have and m.label == "PER":
                            f.parts.append((m, "participant"))
                            have.add(_mk(v, m))
            # 'وشارك في المفاوضات ... X ووزير خارجيته Y': those who joined
            _joined(v, ms, f, sent, trigs)
            # the country or body of a participant's title is not a party of its own ('التقى ترمب رئيس
            # وزراء سنغافورة لي هسين لونغ': Singapore is Lee's affiliation)
            titled = [(m.affiliation, m.start) for m, _ in f.parts if m.label == "PER" and m.affiliation]
            if titled:
                f.parts = [(m, r) for m, r in f.parts if not (m.label in ("GPE", "ORG") and m.entity_id and any(
                    m.entity_id == a and 0 <= st - m.end <= 40 for a, st in titled))]
            if t.type in _GPE_IS_PLACE:
                geo = [m for m, _ in f.parts if m.label in ("GPE", "LOC", "FAC")]
                if geo:
                    f.parts = [(m, r) for m, r in f.parts if m.label not in ("GPE", "LOC", "FAC")]
                    if f.place is None:
                        f.place, f.place_text = geo[0], text[geo[0].start : geo[0].end]
            pending.append(f)
        # the sentence's time expressions go to the nearest frame (trigger .. its participants)
        usable = []
        for te in times_by_sent.get(sent_start, []):
            if te.type == "set" or te.value is None or te.value.value.endswith("_REF"):
                continue
            if te.type == "duration" and te.rule == "duration.anchored":
                continue  # 'بعد ثمانية أيام من إعلانه': an offset from another event, not how long this one took
            k = v.tok_at(te.start)
            since = normalize(text[te.start : te.start + 4]).startswith("منذ")
            for j in range(k - 1, max(-1, k - 8), -1):
                if not v.tokens[j].text[0].isalpha() or _match_trigger(v, j) is not None:
                    break
                if v.norm[j] == "منذ":
                    since = True  # 'منذ عودة ترمب إلى البيت الأبيض في يناير': a point of reference
                    break
            if since:
                continue
            if te.type != "duration" and te.value.value.startswith("P"):
                continue
            if te.type != "duration" and normalize(text[te.start : te.end]).startswith("بعد "):
                continue  # 'بعد أسبوع على اعتداء': counted from another event
            usable.append(te)
        dates = [te for te in usable if te.type != "duration"]
        for te in usable:
            cands_f = [f for f in pending if not f.construct] or pending
            # an event called off takes only a date after its trigger ('أعلن الخميس إلغاء القمة التي
            # كانت مقررة في 12 يونيو'): the day before it is the announcement's
            cands_f = [f for f in cands_f if f.modality not in CALLED_OFF or te.end > v.tokens[f.trig.i].start]
            if not cands_f:
                continue
            best = min(cands_f, key=lambda f: _fdist(v, f, te))
            if te.type != "duration" and _said_before(v, best, te, dates):
                # the statement's date, when the reported clause dates its event ('أعلن ترامب مساء
                # الجمعة أن قمته ... ستعقد في 12 يونيو'): the clause's own date wins
                continue
            if te.type == "duration":
                best.duration = best.duration or te.value.value
            elif best.time is None or _fdist(v, best, te) < _fdist(v, best, best.time) or _same_moment_utc(best.time, te):
                best.time = te
        for f in pending:
            if f.inherit is not None:
                f.time = f.time or f.inherit.time
                if f.place is None:
                    f.place, f.place_text = f.inherit.place, f.inherit.place_text
            if f.trig.weight < 2 and not f.parts and f.place is None and (f.time is None or f.trig.type == "statement"):
                continue  # a weak word ('مؤتمر صحفي' as a quote's channel) needs someone or somewhere
            if f.named and f.time is None and not any(r == "agent" for _, r in f.parts):
                if frames and (back := next((p for p in reversed(frames) if p.trig.type == f.trig.type), None)):
                    owner[f.trig.i] = back
                continue  # 'الانسحاب من الاتفاق النووي': the deal as a topic
            back = _refer_back(v, ms, frames, f)
            if back is not None:
                owner[f.trig.i] = back
                continue
            if f.trig.anaphor_of is not None and f.time is None:
                continue  # 'هي الثانية': a predicate of the event, not another event
            into = _merge(v, frames, f)
            if into is not None:
                owner[f.trig.i] = into
            elif not f.trig.quoted:
                frames.append(f)
                owner[f.trig.i] = f

    # 'اتفقا على ضرورة انعقاد القمة' before the summit is told: a definite, bare, hypothetical
    # mention of an event the article tells elsewhere is that event, talked about
    kept: list[_Frame] = []
    for f in frames:
        if f.trig.definite and f.modality in ("hypothetical", "expected") and not f.parts and f.time is None:
            others = [p for p in frames if p is not f and p.trig.type == f.trig.type and p.modality not in ("hypothetical", "expected")]
            if others:
                near = min(others, key=lambda p: abs(p.sent.start - f.sent.start))
                near.evidence.extend(f.evidence)
                continue
        kept.append(f)
    frames = kept
    ref_day = _ref_day(ref)
    if ref_day:
        for f in frames:
            tv = f.time.value if f.time is not None else None
            if f.modality == "happened" and tv is not None and tv.earliest and tv.earliest[:10] > ref_day:
                f.modality = "scheduled"  # it lies after the article's own date
            elif (f.modality in ("scheduled", "expected") and tv is not None and tv.latest and f.time.anchor is None
                  and tv.latest[:10] < ref_day
                  and not (f.trig.j < len(v.norm) and after_mod.get(v.norm[f.trig.j]) in ("scheduled", "expected"))):
                # a date the text states outright, before the article's own day ('ستنسحب من الاتفاق النووي
                # المبرم عام 2015'): the future verb is about something else; this event has happened
                # (unless a planning adjective follows the trigger: 'القمة المرتقبة')
                f.modality = "happened"
    return [_to_event(article, v, f) for f in frames]


def _ordinal_antecedent(v: TextView, i: int, trigs: list[_Trig]) -> _Trig | None:
    """'كانت الأولى' / 'هي الثانية' with an event noun before it (this sentence or the one
    before): the ordinal stands for an event of that noun's type.  Not when a noun follows
    ('الجولة الثانية') or 'من' ('الأولى من نوعها')."""
    if i == 0 or v.norm[i - 1] not in _COPULA:
        return None
    nxt = v.norm[i + 1] if i + 1 < len(v.norm) else ""
    if nxt == "من" or (nxt[:1].isalpha() and nxt.startswith("ال")):
        return None
    s = v.sentence_of(v.tokens[i].start)
    if s is None:
        return None
    k = next((n for n, x in enumerate(v.sents) if x.start == s.start), 0)
    lo = v.sents[k - 1].start if k > 0 else s.start
    for t in reversed(trigs):
        ts = v.tokens[t.i].start
        if ts < lo:
            break
        if t.definite and t.anaphor_of is None and not t.quoted and t.j - t.i <= 2:
            return t
    return None


def _ref_day(ref: Any) -> str | None:
    if isinstance(ref, str) and len(ref) >= 10 and ref[:4].isdigit():
        return ref[:10]
    latest = getattr(ref, "latest", None)  # an inferred, maybe partial reference: its last possible day
    if isinstance(latest, str) and len(latest) >= 10:
        return latest[:10]
    return None


def _fdist(v: TextView, f: _Frame, te: TimeExpr) -> int:
    ts, fe = v.tokens[f.trig.i].start, max(f.extent_end, v.tokens[f.trig.j - 1].end)
    if te.end <= ts:
        return ts - te.end
    if te.start >= fe:
        return te.start - fe + 1
    return 0


def _dist(v: TextView, t: _Trig, s: int, e: int) -> int:
    ts, te = v.tokens[t.i].start, v.tokens[t.j - 1].end
    if e <= ts:
        return ts - e
    if s >= te:
        return s - te + 1  # ties go to the trigger before the expression
    return 0


# the verbal nouns of holding an event: after a verb of saying, the event is its object
# ('أكدت الحكومة انعقاد القمة'), and the subject reports it ('استضافة' is left out: the host takes part)
_HOLDING = frozenset(("انعقاد", "عقد", "اقامه", "تنظيم"))


def _said_of(v: TextView, k: int) -> bool:
    """Whether token ``k`` is the object of a verb of saying a few words before it, in the same
    clause ('أكدت الحكومة اليابانية انعقاد ...'; not 'ذكر المصدر أن واشنطن تسعى إلى عقد ...')."""
    for j in range(k - 1, max(-1, k - 7), -1):
        if v.norm[j] in _COMPLEMENTIZERS or v.norm[j] in (",", ";", ".", ":", "الي", "علي", "في"):
            return False
        if any(x in cue_forms() for x in v.keys[j][:2]):
            return True
    return False


def _agents(v: TextView, ms: _Mentions, t: _Trig, sent: Any, prev_end_tok: int, claimed: set[int]) -> list[Mention]:
    ts = v.tokens[t.i].start
    lo = v.tokens[prev_end_tok].start if prev_end_tok < len(v.tokens) else sent.start
    lo = max(lo, sent.start)
    k0 = v.tok_at(ts) - 1
    kh = k0 - 1 if k0 > 0 and v.norm[k0] in ("اي", "هذا", "هذه") else k0  # 'نفت عقد أي اجتماع'
    if kh >= 0 and v.keys[kh][-1] in _HOLDING and _said_of(v, kh):
        return []  # 'أكدت الحكومة انعقاد القمة', 'نفى الكرملين عقد لقاء': who confirms is no party
    for k in range(k0, v.tok_at(lo) - 1, -1):
        if v.norm[k] in (",", ";"):
            break  # a new clause: the subject before it may be the event's
        if (v.norm[k] in _COMPLEMENTIZERS or v.norm[k] == ":") and ms.covering(v.tokens[k].start, v.tokens[k].end) is None:
            if any(x in cue_forms() for j in range(max(0, k - 8), k) for x in v.keys[j][:2]):
                lo = v.tokens[k].end  # 'أعلن الوزير أنه تم إفشال اعتداء': who reports is not a party
            break
    cands = [m for m in ms.within(lo, ts) if m.label in ("PER", "ORG", "GPE") and m.start not in claimed]
    # drop places ('في واشنطن') and 'مع X' partners of an earlier clause
    keep = []
    for m in cands:
        clitic, pre = _prefix_info(v, m)
        cl = normalize(clitic)
        if (not clitic and pre in _PLACE_PREP) or pre in ("مع", "بين", "منذ"):
            continue
        if cl.endswith("ب") or cl.endswith("ل"):
            continue  # 'بولي العهد X', 'لترامب': an object, not the subject
        if m.label == "ORG" and _is_media(v, m, pre):
            continue  # 'بحسب البيان الذي نشرته وكالة الأنباء السعودية (واس)، اتفق ...': who reports is not a party
        keep.append(m)
    if not keep:
        return []
    pers = [m for m in keep if m.label == "PER"]
    pool = pers or keep
    last = pool[-1]
    chain = [last]
    # coordinated subjects: 'ترامب ونظيره الروسي بوتين'
    for m in reversed(pool[:-1]):
        gap = normalize(v.text[m.end : chain[0].start]).split()
        if gap and gap[0].startswith("و") and len(gap) <= 3 and "," not in " ".join(gap):
            chain.insert(0, m)
        else:
            break
    return chain


def _prefix_info(v: TextView, m: Mention) -> tuple[str, str]:
    """(proclitic glued to the mention, normalised word before it)."""
    k = v.tok_at(m.start)
    if k > 0 and v.tokens[k - 1].start < m.start < v.tokens[k - 1].end:
        tok = v.tokens[k - 1]
        return v.text[tok.start : m.start], (v.norm[k - 2] if k >= 2 else "")
    return "", (v.norm[k - 1] if k > 0 else "")


def _place(v: TextView, ms: _Mentions, t: _Trig, sent: Any, limit: int) -> tuple[Mention | None, str | None]:
    ts, te = v.tokens[t.i].start, v.tokens[t.j - 1].end
    best: tuple[int, Mention] | None = None
    for x in range(t.j, v.tok_at(limit)):  # not past what the event 'dealt with'
        if v.keys[x][0] in _OUTCOME:
            limit = v.tokens[x].start
            break
    for m in ms.within(max(sent.start, ts - 80), min(sent.end, te + 140, limit)):
        if m.label not in ("GPE", "LOC", "FAC"):
            continue
        clitic, pre = _prefix_info(v, m)
        k = v.tok_at(m.end)
        hosts = any(x in _HOST for j in range(k, min(k + 3, len(v.keys))) for x in v.keys[j][:2])
        if not (normalize(clitic).endswith("ب") or (not clitic and pre in _PLACE_PREP) or hosts):
            continue
        d = (m.start - te) if m.start >= te else (ts - m.end) * 2 + 60
        if best is None or d < best[0]:
            best = (d, m)
    if best is None:
        return None, None
    m = best[1]
    label = v.text[m.start : m.end]
    # 'في قاعدة X بألاسكا': the containing place right after it
    for m2 in ms.within(m.end, m.end + 40):
        gap = v.text[m.end : m2.start].strip()
        if m2.label in ("GPE", "LOC") and m2.start - m.end <= 4 and gap in ("ب", "في", "،", ",", ""):
            label = f"{label}، {v.text[m2.start : m2.end]}"
            break
    return m, label


def _bound(iso: str | None) -> str | None:
    """The day (or the month, the year) an ISO bound or value starts with; None when it has no year."""
    if not iso or not iso[:4].isdigit():
        return None
    return iso[:10]


def _said_before(v: TextView, f: _Frame, te: Any, later: list[Any]) -> bool:
    """Is ``te`` the date of the saying that reports ``f`` ('أعلن X مساء الجمعة أن قمته ...'), when
    the reported clause names a later date after the trigger ('ستعقد في 12 يونيو')?  Only a later
    one: a past event told with an older date in its clause ('قال الأحد إن المهاجم ولد عام 1997')
    keeps the day of the saying."""
    t0 = v.tokens[f.trig.i].start
    said = _bound(te.value.latest or te.value.value)
    if te.end > t0 or said is None:
        return False
    if not any(x.start > t0 and (own := _bound(x.value.earliest or x.value.value)) is not None and own > said for x in later):
        return False
    return any(v.norm[k] in _COMPLEMENTIZERS for k in range(v.tok_at(te.end), f.trig.i))


def _hedged_call_off(v: TextView, lo: int, k: int) -> bool:
    """A threat, possibility or call in the clause before the word calling an event off at ``k``
    ('وهددت كوريا الشمالية الأسبوع الماضي بإلغاء القمة')."""
    for x in range(k - 1, max(lo, k - 7) - 1, -1):
        if not v.tokens[x].text[0].isalpha():
            return False
        if any(kk in _CALL_OFF_HEDGES for kk in v.keys[x][:2]):
            return True
    return False


def _modality(
    v: TextView, t: _Trig, sent: Any, before: dict[str, str], after: dict[str, str], ms: _Mentions | None = None
) -> str:
    best = "happened"
    lo = v.tok_at(sent.start)
    k = t.i - 1
    steps = 0
    while k >= lo and steps < 7:
        tn = v.norm[k]
        if tn in (",", ".", ":", ";") or not v.tokens[k].text[0].isalpha() and tn not in ("+",):
            break
        for key in v.keys[k][:2]:
            mod = before.get(key)
            if key in _NEAR_ONLY and steps > 2 or key in _WISH and steps > 4:
                mod = None
            if mod in CALLED_OFF and (tn[:1] == "ل" and key != tn or _hedged_call_off(v, lo, k)):
                mod = None  # 'هددت بإلغاء القمة', 'لإلغاء الاتفاق': not called off (yet)
            if mod == "expected" and key == "قد":
                nxt = v.norm[k + 1] if k + 1 < len(v.norm) else ""
                if not (nxt[:1] == "ي" or (nxt[:1] == "ت" and len(nxt) >= 4 and not nxt.startswith("تم"))):
                    mod = None
            if mod and _MOD_RANK[mod] > _MOD_RANK[best]:
                best = mod
        # future verb right before the noun: 'سيتم إجراء', 'ستعقد'
        if (
            steps <= 2
            and (tn.startswith("سي") or tn.startswith("ست"))
            and len(tn) >= 5
            and _MOD_RANK[best] < 2
            and (ms is None or ms.covering(v.tokens[k].start, v.tokens[k].end) is None)  # not 'ستيفنز'
            and tn not in _NOT_FUTURE
        ):
            best = "scheduled"
        k -= 1
        steps += 1
    if t.i > lo and v.norm[t.i - 1] in _PURPOSE and _MOD_RANK[best] < 3:
        best = "hypothetical"  # 'لتنفيذ هجوم': what someone meant to do
    if t.i > lo and v.norm[t.i - 1] in _ANY and _MOD_RANK[best] < 3:
        best = "hypothetical"  # 'في أي اتفاق', 'لأي هجوم': any such event, not one that happened
    tn = v.norm[t.i]
    if (
        t.j == t.i + 1 and _MOD_RANK[best] < 2 and tn[:2] in ("سي", "ست", "سن") and len(tn) >= 5 and tn not in _NOT_FUTURE
        and (ms is None or ms.covering(v.tokens[t.i].start, v.tokens[t.i].end) is None)
    ):
        # the trigger is itself a future verb: 'سيلتقي', 'ستعقد'
        hedged = any(v.norm[k] in _HEDGE for k in range(t.j, min(t.j + 5, len(v.norm))) if v.tokens[k].start < sent.end)
        best = "expected" if hedged else "scheduled"
    for k in range(t.j, min(t.j + 3, len(v.norm))):
        if v.tokens[k].start >= sent.end:
            break
        if v.norm[k] in _PAST_ADJ:
            return "happened"  # 'نتائج القمة الأخيرة': a past event, whatever the verb before says
        mod = after.get(v.norm[k])
        if mod and _MOD_RANK[mod] > _MOD_RANK[best]:
            best = mod
    return best


def _joined(v: TextView, ms: _Mentions, f: _Frame, sent: Any, trigs: list[_Trig]) -> None:
    lo = v.tokens[f.trig.j - 1].end
    k = v.tok_at(lo)
    end = v.tok_at(sent.end)
    while k < end:
        if any(x in _JOIN for x in v.keys[k][:2]):
            stop = sent.end
            for t in trigs:
                ts = v.tokens[t.i].start
                if ts > v.tokens[k].end + 20 and ts < stop:
                    stop = ts
            have = {_mk(v, m) for m, _ in f.parts}
            for m in ms.within(v.tokens[k].end, stop):
                if m.label == "PER" and _mk(v, m) not in have:
                    f.parts.append((m, "participant"))
                    have.add(_mk(v, m))
            return
        if _match_trigger(v, k) is not None and v.tokens[k].start > lo + 2 and not (
            k > 0 and v.norm[k - 1] == "في" and any(x in _JOIN for x in v.keys[k - 2][:2])
        ):
            return
        k += 1


def _refer_back(v: TextView, ms: _Mentions, frames: list[_Frame], f: _Frame) -> _Frame | None:
    """A mention that only points back at an event already told ('منفذ الاعتداء', 'إلغاء القمة',
    'وفي حال عقدت القمة', a bare 'هجوم بسكين' when the article told one attack): the earlier frame,
    which gets its evidence but never its time, nor its modality unless it calls off a planned one;
    None when it names an event of its own."""
    if f.parts and not f.refers or f.trig.anaphor_of is not None or f.trig.quoted:
        return None
    same = [p for p in frames if p.trig.type == f.trig.type and p.sent.start != f.sent.start and f.not_into is not p]
    if not same:
        return None
    p = same[-1]
    ids = {_mk(v, m) for m, _ in f.parts}
    if ids and not ids <= {_mk(v, m) for m, _ in p.parts}:
        return None
    if f.refers:
        p.evidence.extend(f.evidence)
        if f.modality in CALLED_OFF and p.modality in ("scheduled", "expected", "hypothetical"):
            p.modality = f.modality  # 'القمة المقررة في 12 يونيو ... ثم أعلن إلغاء القمة'
        return p
    if f.trig.definite and f.modality != p.modality and f.modality not in ("happened", "scheduled") and f.time is None and p.time is not None:
        # 'في حال عقدت القمة' after the dated summit: the same summit, talked about
        p.evidence.extend(f.evidence)
        return p
    here = normalize(p.place_text or "")
    places = [  # other places named in the sentence: maybe another such event ('غارة ... في منطقة X')
        m for m in ms.within(f.sent.start, f.sent.end)
        if m.label in ("GPE", "LOC", "FAC") and not (here and normalize(v.text[m.start : m.end]) in here)
        and not (p.place is not None and m.entity_id and m.entity_id == p.place.entity_id)
    ]
    if not f.trig.definite and f.modality == p.modality == "happened" and f.place is None and not places:
        hap = [q for q in same if q.modality == "happened"]
        if len(hap) == 1 and (f.time is None or p.time is None or (f.time.value and p.time.value and _same_or_finer(
            f.time.value.value, p.time.value.value
        ))):
            _absorb(p, f)  # the article's one such event, told again without its details
            return p
    return None


def _merge(v: TextView, frames: list[_Frame], f: _Frame) -> _Frame | None:
    ids = {_mk(v, m) for m, _ in f.parts}
    for p in reversed(frames):
        if p.trig.type != f.trig.type or f.not_into is p or p.not_into is f:
            continue
        if f.trig.quoted and (f.time is None or p.time is None):
            continue  # words inside a quotation only tell a dated event's time more precisely
        pids = {_mk(v, m) for m, _ in p.parts}
        places_differ = not _same_place(f, p)
        wish_apart = "hypothetical" in (p.modality, f.modality) and "happened" in (p.modality, f.modality)
        if (
            p.sent.start == f.sent.start and (not pids or not ids) and (p.time is None or f.time is None) and not places_differ
            and not wish_apart  # 'في الانتخابات التي جرت ... طالب بإجراء انتخابات جديدة': two elections
        ):
            # 'يجتمع القادة الأسبوع المقبل في قمة ...': two words for one event in one sentence
            p.parts.extend(x for x in f.parts if _mk(v, x[0]) not in pids)
            if _MOD_RANK[f.modality] > _MOD_RANK[p.modality]:
                p.modality = f.modality
            _absorb(p, f)
            return p
        if p.modality != f.modality:
            continue
        told_again = f.trig.quoted and f.time is not None and p.time is not None  # the same date, from a quotation
        if ids and not ids <= pids and not told_again:
            continue
        if f.time is not None and p.time is not None and (f.time.value and p.time.value) and not _same_or_finer(
            f.time.value.value, p.time.value.value
        ):
            continue
        same_sentence = p.sent.start == f.sent.start
        same_place = f.place is not None and p.place is not None and _same_place(f, p)
        if not (f.trig.definite or (ids and ids <= pids) or (same_sentence and not ids) or (not ids and same_place) or told_again):
            continue
        if not _same_place(f, p):
            continue
        _absorb(p, f)
        return p
    return None


def _same_or_finer(a: str, b: str) -> bool:
    """One value is the other told more precisely ('XXXX-WXX-1' and 'XXXX-WXX-1T14:00Z')."""
    return a == b or (a.startswith(b) and a[len(b) : len(b) + 1] == "T") or (b.startswith(a) and b[len(a) : len(a) + 1] == "T")


def _same_moment_utc(old: TimeExpr, new: TimeExpr) -> bool:
    """'الخامسة مساء بتوقيت موسكو (14:00 بتوقيت جرينتش)': the same day told again in UTC wins."""
    a, b = old.value.value if old.value else "", new.value.value if new.value else ""
    return "T" in a and "T" in b and b.endswith("Z") and not a.endswith("Z") and a.split("T")[0] == b.split("T")[0]


def _same_place(a: _Frame, b: _Frame) -> bool:
    """No conflict between two frames' places: one missing, the same entity, or one inside the
    other's text ('قاعدة X، ألاسكا' and 'ألاسكا')."""
    if a.place is None or b.place is None:
        return True
    if a.place.entity_id and a.place.entity_id == b.place.entity_id:
        return True
    ta, tb = normalize(a.place_text or ""), normalize(b.place_text or "")
    return bool(ta and tb) and (ta in tb or tb in ta)


def _absorb(p: _Frame, f: _Frame) -> None:
    p.evidence.extend(f.evidence)
    p.outcomes.extend(f.outcomes)
    if p.time is None and f.time is not None:
        p.time = f.time
    elif p.time is not None and f.time is not None and p.time.value and f.time.value:
        a, b = p.time.value.value, f.time.value.value
        if len(b) > len(a) and _same_or_finer(a, b):
            p.time = f.time  # the same day, now with its hour
    if p.place is None and f.place is not None:
        p.place, p.place_text = f.place, f.place_text
    if p.duration is None:
        p.duration = f.duration


def _to_event(article: Article, v: TextView, f: _Frame) -> Event:
    t = f.trig
    ts, te = v.tokens[t.i].start, v.tokens[t.j - 1].end
    s0, e0 = f.evidence[0]
    tv: TimeValue | None = f.time.value if f.time is not None else None
    seen: set[str] = set()
    parts = []
    for m, role in f.parts:
        k = _mk(v, m)
        if k in seen:
            continue
        seen.add(k)
        parts.append(Participant(label=v.text[m.start : m.end], entity_id=m.entity_id, role=role, start=m.start, end=m.end))
    ev: list[Citation] = []
    for s, e in f.evidence:
        c = Citation(article.id, s, e)
        if all((c.start, c.end) != (x.start, x.end) for x in ev):
            ev.append(c)
    return Event(
        start=s0,
        end=e0,
        label=t.type,
        source=SOURCE,
        modality=f.modality,
        trigger_start=ts,
        trigger_end=te,
        participants=parts,
        place=f.place_text,
        place_entity_id=f.place.entity_id if f.place is not None else None,
        time=tv,
        time_start=f.time.start if f.time is not None else None,
        time_end=f.time.end if f.time is not None else None,
        duration=f.duration,
        outcomes=f.outcomes[:3],
        evidence=ev,
    )


_WS = re.compile(r"\s+")


@annotator(SOURCE, assigns="events", requires=("mentions", "times"))
def events_rules(article: Article, ctx: Context) -> list[Event]:
    """Typed event frames with participants, place, time, duration and modality."""
    return extract_events(
        article, ctx.layers.get("mentions") or [], ctx.layers.get("times") or [], ctx.layers.get("quotes"), ctx.ref
    )
