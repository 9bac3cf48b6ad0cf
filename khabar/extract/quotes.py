"""Reported speech: who said what, through whom, on which channel.

Annotator ``quotes.rules.v1`` (assigns "quotes", requires "mentions").  Rules over
tokens with offsets, driven by plain-data lexicons:

- ``khabar/data/ar/speech_verbs.tsv``: cues (قال، أضاف، أكد ... مشيراً ... بحسب، وفق ...),
- ``khabar/data/ar/channels.tsv``: media words (بيان، مؤتمر صحفي، منشور) and platforms,
- ``khabar/data/ar/media_outlets.tsv``: news outlets that relay words (تاس، فوكس نيوز).

For each cue the extractor finds the reported content (a quotation in « », “ ”, „ “
or straight quotes; a clause after أن/إن/بأن; a colon; or the cue's own complement
such as أعرب عن / شدد على), the speaker (the noun phrase after the verb, resolved to
a mention; an institution; a description for unnamed sources; nothing after the verb
means the last speaker goes on: وأضاف، وتابع), the channel and the chain of
attribution (نقلت تاس عن X قوله -> X via TASS; بحسب ما أفادت وكالة تاس).  A
quotation running over several sentences stays one quote.  ``Quote.label`` is the
kind: direct (all the content is quoted), indirect (none is) or mixed.

The text view and phrase matcher here are shared with ``khabar.extract.events``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from khabar.extract.registry import Context, annotator
from khabar.model import Article, Mention, Quote
from khabar.text.keys import match_keys
from khabar.text.lexicon import load_tsv
from khabar.text.normalize import normalize
from khabar.text.segment import LETTERS, Sentence, paragraphs, split_sentences, tokenize

SOURCE = "quotes.rules.v1"

# ---------------------------------------------------------------------------
# A view of one text: tokens with normalised keys, sentences, quotation spans.

_OPEN_CLOSE = {"«": "»", "„": "“”", "“": "”“", '"': '"', "‹": "›"}
_PUNCT_SPACE = " \t\n.،,:;؛!?؟…-–—"


@dataclass(slots=True)
class TextView:
    text: str
    tokens: list[_Tok]
    norm: list[str]
    keys: list[tuple[str, ...]]
    starts: list[int]
    sents: list[Sentence]
    paras: list[Sentence]
    qspans: list[tuple[int, int]]  # (offset of the opening mark, offset of the closing mark)
    _qstarts: list[int] = field(default_factory=list)
    in_quote: list[int] = field(default_factory=list)  # per token: 1 + index of its quotation, or 0

    def tok_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def quote_at(self, offset: int) -> tuple[int, int] | None:
        """The quotation span whose inside holds ``offset``."""
        i = bisect.bisect_right(self._qstarts, offset) - 1
        if i >= 0:
            q = self.qspans[i]
            if q[0] < offset < q[1]:
                return q
        return None

    def quote_opening_at(self, offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_left(self._qstarts, offset)
        if i < len(self._qstarts) and self._qstarts[i] == offset:
            return self.qspans[i]
        return None

    def in_quote_at(self, offset: int) -> bool:
        return self.quote_at(offset) is not None

    def sentence_of(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right([s.start for s in self.sents], offset) - 1
        if i >= 0 and self.sents[i].start <= offset < max(self.sents[i].end, self.sents[i].start + 1):
            return self.sents[i]
        return None

    def para_end(self, offset: int) -> int:
        for p in self.paras:
            if p.start <= offset < p.end:
                return p.end
        return len(self.text)


_QUOTE_CHARS = re.compile("[«»“”„\"‹›\n]")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Pair quotation marks within each line: « », „ “, “ ”, and “ … “ / " … " as scraped text writes them."""
    out: list[tuple[int, int]] = []
    opener = -1
    closers = ""
    for m in _QUOTE_CHARS.finditer(text):
        k, ch = m.start(), m.group()
        if ch == "\n":
            opener = -1
        elif opener < 0:
            if ch in _OPEN_CLOSE:
                opener, closers = k, _OPEN_CLOSE[ch]
        elif ch in closers:
            if k - opener > 1:
                out.append((opener, k))
            opener = -1
    return out


def _sentences(text: str) -> list[Sentence]:
    """Sentences, with a scraped line break before a comma glued back ('بوتين\\n، أجرى')."""
    out: list[Sentence] = []
    for s in split_sentences(text):
        if out and text[s.start] in "،,؛;" and s.start - out[-1].end < 4:
            out[-1] = Sentence(out[-1].start, s.end)
        else:
            out.append(s)
    return out


class _Tok(NamedTuple):
    start: int
    end: int
    text: str


_TOKEN_RE = re.compile(
    rf"[{LETTERS}]+(?:[+](?![{LETTERS}]))?"
    r"|[0-9\u0660-\u0669\u06F0-\u06F9]+(?:[.,:/][0-9\u0660-\u0669\u06F0-\u06F9]+)*"
    r"|[^\s]",
)  # the same tokens as khabar.text.segment.tokenize, as light tuples


@lru_cache(maxsize=200_000)
def _keys_of(word: str) -> tuple[str, ...]:
    return match_keys(word) if word[0].isalpha() else (normalize(word),)


@lru_cache(maxsize=8)
def view(text: str) -> TextView:
    tokens = [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
    keys = [_keys_of(t.text) for t in tokens]
    norm = [k[0] for k in keys]
    qs = _quote_spans(text)
    v = TextView(text, tokens, norm, keys, [t.start for t in tokens], _sentences(text), paragraphs(text), qs)
    v._qstarts = [q[0] for q in qs]
    # which tokens sit inside a quotation: 1 + the quotation's index, or 0
    inq = [0] * len(tokens)
    qi = 0
    for i, t in enumerate(tokens):
        while qi < len(qs) and qs[qi][1] <= t.start:
            qi += 1
        if qi < len(qs) and qs[qi][0] < t.start < qs[qi][1]:
            inq[i] = qi + 1
    v.in_quote = inq
    return v


def _norm_phrase(phrase: str) -> tuple[str, ...]:
    return tuple(normalize(t.text) for t in tokenize(phrase) if t.text not in "\"«»“”„")


class PhraseMatcher:
    """Longest match of multi-word phrases at a token, proclitics peeled off the first word."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self.max_len = 1

    def add(self, phrase: str, payload: Any) -> None:
        toks = _norm_phrase(phrase)
        if toks:
            self._by_first.setdefault(toks[0], []).append((toks, payload))
            self.max_len = max(self.max_len, len(toks))

    def match(self, v: TextView, i: int) -> tuple[int, Any, bool] | None:
        """(index after the last token, payload, peeled?) of the longest phrase at token i."""
        best = None
        for n, key in enumerate(v.keys[i]):
            for toks, payload in self._by_first.get(key, ()):
                j, ok = i + 1, True
                for t in toks[1:]:
                    while j < len(v.norm) and v.norm[j] in "\"«»“”„":
                        j += 1
                    if j >= len(v.norm) or v.norm[j] != t:
                        ok = False
                        break
                    j += 1
                if ok and (best is None or j > best[0]):
                    best = (j, payload, n > 0)
        return best


# ---------------------------------------------------------------------------
# Lexicons


@dataclass(slots=True, frozen=True)
class Cue:
    lemma: str
    kind: str  # verb|participle|according|relay
    complements: tuple[str, ...]
    relay: bool


@lru_cache(maxsize=1)
def cue_forms() -> dict[str, Cue]:
    out: dict[str, Cue] = {}
    for row in load_tsv("speech_verbs.tsv"):
        comp = tuple(normalize(c.strip()).split()[0] for c in row.get("complement", "").split("|") if c.strip())
        cue = Cue(row["lemma"], row["kind"], comp, row.get("relay", "") == "1")
        for f in row["forms"].split("|"):
            if f.strip():
                out.setdefault(normalize(f.strip()), cue)
    return out


@lru_cache(maxsize=1)
def channel_matchers() -> tuple[PhraseMatcher, PhraseMatcher, set[str]]:
    media, platforms, prefixes = PhraseMatcher(), PhraseMatcher(), set()
    for row in load_tsv("channels.tsv"):
        for f in row["ar"].split("|"):
            if not f.strip():
                continue
            if row["kind"] == "medium":
                media.add(f, row["label_en"])
            elif row["kind"] == "platform":
                platforms.add(f, f.strip())
            else:
                prefixes.add(normalize(f.strip()))
    return media, platforms, prefixes


@lru_cache(maxsize=1)
def outlet_matcher() -> PhraseMatcher:
    m = PhraseMatcher()
    for row in load_tsv("media_outlets.tsv"):
        for f in row["ar"].split("|"):
            if f.strip():
                m.add(f, (row["label_en"], row.get("needs_prefix", "") == "1"))
    return m


_COMPLEMENTIZERS = {
    "ان", "انه", "انها", "انهم", "انهما", "انني", "اننا", "انهن", "بان", "بانه", "بانها", "بانهم", "بانهما", "باننا",
    "وان", "وانه", "وانها",
}
_NOT_BEFORE_AN = {"بعد", "قبل", "منذ", "دون", "بدون", "حتي", "ما", "لو", "رغم", "برغم"}
# After a speaker these end the noun phrase (adjuncts: place, time, manner, addressee).
_BREAK_WORDS = {
    "في", "علي", "عبر", "خلال", "بعد", "عقب", "قبل", "امام", "حول", "بشان", "الي", "مع", "ردا", "تعليقا", "اليوم",
    "امس", "حينها", "لاحقا", "مساء", "صباح", "صباحا", "مساءا", "يوم", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس",
    "الجمعه", "السبت", "الاحد", "ان", "انه", "عن", "ايضا", "كذلك", "بدوره", "بدورها", "مجددا", "اليوم,", "وسط", "اثناء",
    "بينما", "فيما", "حيث", "اذ", "لكن", "لكنه", "ثم",
    "فيها", "فيه", "عنه", "عنها", "لها", "له", "منه", "منها", "عليه", "عليها", "اليه", "اليها", "بها", "به", "لهم",
    "ذلك", "هذا", "هذه", "تلك", "هو", "هي", "وهو", "وهي", "وهم", "وهما",
}
_SKIP_WORDS = {"ايضا", "كذلك", "بدوره", "بدورها", "من", "جهته", "جانبه", "جهتها", "جانبها", "حينها", "مجددا", "بالمقابل"}
_NEEDS_COMPLEMENT = {"عبر"}
# words that begin with ل or ب themselves (not a preposition glued on)
_L_WORDS = {normalize(w) for w in (
    "لدى", "لجنة", "لجان", "لبنان", "لندن", "ليبيا", "لقاء", "بيان", "بريطانيا", "بكين", "برلين", "بغداد", "بيروت",
    "باريس", "بروكسل", "بلجيكا", "بولندا", "باكستان", "بنك", "برلمان",
)}
# An office of a company or body before its name ('مؤسس فيسبوك', 'رئيس شركة أرامكو') describes a
# person: the organisation after it is the person's affiliation, never the speaker.
_OFFICE_OF_ORG = {normalize(w) for w in (
    "مؤسس", "مؤسسة", "رئيس", "رئيسة", "مدير", "مديرة", "الرئيس", "المدير", "مالك", "مالكة", "صاحب", "صاحبة",
)}
_AUDIENCE = {normalize(w) for w in (
    "للصحفيين", "للصحافيين", "للصحافة", "للإعلام", "للمراسلين", "للحضور", "للحاضرين", "للصحفيات", "لوسائل",
)}
_RELATIVE = {"الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي"}
# cues whose reported content may be a plain noun phrase: 'أعلن X فوز حزبه', 'نفى X وجود اتفاق'
_NOMINAL_CUES = {"أعلن", "أكد", "نفى"}
# what an inserted clause between commas starts with: a relative pronoun or a day
_INSERTS = {normalize(w) for w in (
    "الذي", "التي", "الذين", "اللذان", "اليوم", "امس", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
    "الأحد", "مساء", "صباح",
)}
# 'نقلت X عن Y' is a relay only when X is a plain noun phrase (no 'في بيان عن ...')
_RELAY_BLOCK = {"في", "علي", "عبر", "خلال", "بعد", "عقب", "قبل", "امام", "حول", "بشان", "الي", "مع"}
_RELAY_WORDS = {"قوله", "قولها", "قولهم", "قولهما"}
_CHANNEL_NOUNS = {"البيان", "بيان", "التقرير", "تقرير", "الوكاله"}
# described sources that may follow بحسب/وفقاً لـ ('وفقاً لتقارير', 'بحسب مصادر')
_SOURCE_NOUNS = {normalize(w) for w in (
    "تقارير", "التقارير", "مصادر", "المصادر", "مصدر", "المصدر", "مسؤول", "مسؤولين", "مسؤولون", "شهود", "وسائل", "الموقع",
    "الشرطة", "الجيش", "السلطات", "الحكومة", "الوزارة", "المتحدث", "المتحدثة", "ناشطون", "ناشطين", "سكان", "مراسل",
)}


# ---------------------------------------------------------------------------
# Speaker noun phrases


@dataclass(slots=True)
class Speaker:
    label: str
    entity_id: str | None = None
    start: int | None = None
    end: int | None = None
    type: str | None = None
    is_outlet: bool = False


class _Mentions:
    def __init__(self, mentions: list[Mention]):
        self.items = sorted((m for m in mentions if m.end > m.start), key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.items]

    def within(self, a: int, b: int) -> list[Mention]:
        i = bisect.bisect_left(self.starts, a)
        out = []
        while i < len(self.items) and self.items[i].start < b:
            if self.items[i].end <= b:
                out.append(self.items[i])
            i += 1
        return out

    def covering(self, a: int, b: int) -> Mention | None:
        """A mention overlapping [a, b) (the longest)."""
        i = bisect.bisect_right(self.starts, b) - 1
        best = None
        while i >= 0 and i >= len(self.items) - 10_000:
            m = self.items[i]
            if m.start < b and m.end > a and (best is None or m.end - m.start > best.end - best.start):
                best = m
            if m.start < a - 80:
                break
            i -= 1
        return best


def _key(tokens: list[str]) -> str:
    """A key for a description: the article and a genitive ل peeled, nothing else
    ('للرئيس الأميركي' and 'الرئيس الأمريكي' meet; 'وزير' keeps its و)."""
    out = []
    for t in tokens:
        for p in ("وال", "بال", "فال", "لل", "ال"):
            if t.startswith(p) and len(t) - len(p) >= 2:
                t = t[len(p) :]
                break
        out.append(t.replace("اميركي", "امريكي"))
    return " ".join(out)


class _Coref:
    """Descriptions ('الرئيس الروسي') to the person named right after them elsewhere in the article."""

    def __init__(self, v: TextView, ms: _Mentions):
        self.entries: list[tuple[int, str, Speaker]] = []
        prev_head: str | None = None
        for m in ms.items:
            if m.label != "PER" or not m.named:
                continue
            i = v.tok_at(m.start) - 1
            desc: list[str] = []
            desc_org = 0  # words of an organisation's name in desc
            if i >= 1 and v.norm[i] == "," and (v.tokens[i - 1].text[0].isalpha() or v.tokens[i - 1].text in "\"»”“"):
                i -= 1  # 'مؤسس الشركة، فلان': an apposition
            while i >= 0 and len(desc) < 5:
                t = v.tokens[i]
                if t.text in "\"«»“”„":
                    i -= 1
                    continue
                m2 = ms.covering(t.start, t.end) if t.text[0].isalpha() else None
                if m2 is not None and m2.label == "ORG" and desc_org < 1:
                    # 'مؤسس موقع "فيسبوك"، X': the body an office belongs to is part of the description
                    k0 = min(v.tok_at(m2.start), i)  # the name may start inside the token ('وفيسبوك')
                    desc[:0] = [v.norm[k] for k in range(k0, i + 1)]
                    desc_org += i + 1 - k0
                    i = k0 - 1
                    continue
                if not t.text[0].isalpha() or m2 is not None:
                    break
                if v.norm[i] in _COMPLEMENTIZERS or v.norm[i] in {"قال", "مع", "و", "في", "الي", "عن"}:
                    break
                if v.norm[i] in cue_forms():
                    break
                desc.insert(0, v.norm[i])
                i -= 1
            # 'المبعوث الخاص للرئيس الأمريكي X': only the part from the genitive on describes X
            gen = [k for k, w in enumerate(desc) if len(w) > 3 and w[0] == "ل" and not w.startswith("ال")]
            if gen:
                desc = desc[gen[-1] :]
            if len(desc) <= desc_org:
                continue  # no office before the name: 'فيسبوك، X' is not a description
            first = match_keys(desc[0])[-1]
            if first.startswith("نظير") and prev_head:
                desc = [prev_head] + desc[1:]
            else:
                prev_head = desc[-2] if len(desc) >= 2 else desc[0]
            sp = Speaker(v.text[m.start : m.end], m.entity_id, m.start, m.end, "PER")
            for k in range(len(desc) - 1):  # every tail: 'اختتم الرئيس الأميركي' -> 'الرئيس الأميركي'
                tail = desc[k:]
                self.entries.append((m.start, _key(tail), sp))
                if len(tail) > 2:
                    self.entries.append((m.start, _key(tail[:2]), sp))
                    self.entries.append((m.start, _key([tail[0], tail[-1]]), sp))

    def resolve(self, words: list[str], before: int) -> Speaker | None:
        if not words:
            return None
        if len(words) == 1:
            head = _key(words)
            best = None
            for pos, ek, sp in self.entries:
                if pos < before and ek.split(" ", 1)[0] == head and (best is None or pos > best[0]):
                    best = (pos, sp)
            return best[1] if best else None
        keys = [_key(words)]
        if len(words) > 2:
            keys += [_key(words[:2]), _key([words[0], words[-1]])]
        for k in keys:
            best = None
            for pos, ek, sp in self.entries:
                if ek == k and (best is None or (pos < before) >= (best[0] < before)):
                    best = (pos, sp)
            if best is not None:
                return best[1]
        return None


def find_outlets(v: TextView, ms: _Mentions, a: int, b: int) -> list[Speaker]:
    """News outlets named in [a, b): lexicon names, or a name after وكالة/صحيفة/قناة..."""
    _, _, prefixes = channel_matchers()
    om = outlet_matcher()
    out: list[Speaker] = []
    i, n = v.tok_at(a), len(v.tokens)
    while i < n and v.tokens[i].start < b:
        after_prefix = i > 0 and any(k in prefixes for k in v.keys[i - 1])
        hit = om.match(v, i)
        if hit and (not hit[1][1] or after_prefix):
            j, (label, _), peeled = hit
            s, e = v.tokens[i].start, v.tokens[j - 1].end
            if peeled:
                s += _proclitic_len(v.tokens[i].text)
            m = ms.covering(s, e)
            out.append(Speaker(v.text[s:e].strip("\"«»“”„"), m.entity_id if m else None, s, e, "ORG", True))
            i = j
            continue
        if any(k in prefixes for k in v.keys[i]) and i + 1 < n:
            j = i + 1
            q = v.quote_opening_at(v.tokens[j].start)
            if q and j + 1 < n and channel_matchers()[1].match(v, j + 1):
                q = None  # a platform ('موقع “تروث سوشيال”') is a channel, not an outlet
            if q and q[1] - q[0] < 40:
                out.append(Speaker(v.text[q[0] + 1 : q[1]], None, q[0] + 1, q[1], "ORG", True))
                i = v.tok_at(q[1] + 1)
                continue
            m = ms.covering(v.tokens[j].start, v.tokens[j].end)
            if m is not None and m.label == "ORG":
                out.append(Speaker(v.text[m.start : m.end], m.entity_id, m.start, m.end, "ORG", True))
                i = v.tok_at(m.end)
                continue
            # 'وكالة الأنباء البحرينية': up to three plain words after the prefix
            k = j
            while k < n and k - j < 3 and v.tokens[k].start < b and v.tokens[k].text[0].isalpha():
                t = v.norm[k]
                if t in _BREAK_WORDS or t in _COMPLEMENTIZERS or t in cue_forms() or t in _RELAY_WORDS or t in ("عن", "نقلا"):
                    break
                if ms.covering(v.tokens[k].start, v.tokens[k].end) is not None:
                    break
                k += 1
            if k > j and v.norm[j].startswith("ال"):
                s0, e0 = v.tokens[i].start + _proclitic_len(v.tokens[i].text), v.tokens[k - 1].end
                out.append(Speaker(v.text[s0:e0], None, s0, e0, "ORG", True))
                i = k
                continue
        i += 1
    return out


def _proclitic_len(word: str) -> int:
    for p in range(1, min(4, len(word) - 1)):
        if normalize(word[p:]) in match_keys(word)[1:] and word[p - 1] in "وفبلك":
            return p
    return 0


def find_channel(v: TextView, a: int, b: int, *, after_prep: bool = False) -> str | None:
    """The medium phrase in [a, b): 'بيان', 'مؤتمر صحفي مشترك', 'منشور عبر منصة إكس'.

    With ``after_prep`` only a phrase after في/خلال/عبر/على counts ('وفي مؤتمر صحفي ... قال')."""
    media, platforms, _ = channel_matchers()
    i, n = v.tok_at(a), len(v.tokens)
    while i < n and v.tokens[i].start < b:
        hit = media.match(v, i) or platforms.match(v, i)
        if hit and after_prep and not (
            (i > 0 and v.norm[i - 1] in ("في", "وفي", "خلال", "عبر", "علي")) or v.norm[i][:1] == "ب"
        ):
            hit = None
        if hit:
            j = hit[0]
            # extend over the platform / modifiers: 'منشور على منصة إكس', 'مؤتمر صحفي مشترك'
            k = j
            while k < n and k - i < 8 and v.tokens[k].start < b:
                t = v.norm[k]
                if t in ",;:." or t in _COMPLEMENTIZERS or t in cue_forms():
                    break
                if platforms.match(v, k):
                    j = platforms.match(v, k)[0]
                    k = j
                    continue
                k += 1
            if j < n and v.tokens[j - 1].text in "\"«»“”„":
                j -= 1
            s, e = v.tokens[i].start, v.tokens[j - 1].end
            return v.text[s:e].strip("\"«»“”„ ").replace("“", "").replace("”", "").replace('"', "")
        i += 1
    return None


def _cut_at_outlet(v: TextView, ms: _Mentions, s: int, e: int) -> int:
    """End of a described source before an outlet it spoke to: 'مصدر مطلع لوكالة X' -> 'مصدر مطلع'."""
    inner = find_outlets(v, ms, s, e)
    if not inner or inner[0].start <= s:
        return e
    k = v.tok_at(inner[0].start)
    if k > 0 and v.tokens[k - 1].start < inner[0].start:
        k -= 1  # the token that carries a proclitic: 'لفوكس'
    prefixes = channel_matchers()[2]
    while k > 0 and v.tokens[k - 1].start > s and any(x in prefixes for x in v.keys[k - 1]):
        k -= 1
    if k > 0 and v.tokens[k].start > s and any(x in prefixes for x in v.keys[k]):
        pass
    cut = v.tokens[k].start if v.tokens[k].start > s else e
    return _trim(v.text, s, cut)[1]


def _speaker_np(
    v: TextView, ms: _Mentions, coref: _Coref, a: int, b: int, times: list[Any], *, lead_l: bool = False
) -> Speaker | None:
    """The speaker noun phrase in [a, b) right after a cue; None when the subject is dropped."""
    i, n = v.tok_at(a), len(v.tokens)
    while i < n and v.tokens[i].start < b and v.norm[i] in _SKIP_WORDS:
        i += 1
    np_start_tok = i
    seen_mention = False
    chosen: list[Mention] = []
    words: list[int] = []
    while i < n and v.tokens[i].start < b:
        t, tok = v.norm[i], v.tokens[i]
        m = ms.covering(tok.start, tok.end)
        if m is not None and words and v.text[tok.start] == "ل" and m.start > tok.start and m.label == "ORG":
            break  # 'لبي بي سي': an addressee
        if m is not None:
            peeled = m.start > tok.start  # 'لدونالد ترامب', 'وترامب'
            if peeled and seen_mention and v.text[tok.start] not in "وو":
                break
            if peeled and v.text[tok.start] in "لب" and words and not seen_mention:
                # genitive complement of a description: 'المبعوث الخاص لدونالد ترامب'
                pass
            else:
                if chosen and m.label == "PER" and chosen[-1].label != "PER":
                    chosen = [m]
                elif not chosen or m.label == "PER":
                    chosen.append(m)
            seen_mention = True
            words.extend(range(i, v.tok_at(m.end)))
            i = max(v.tok_at(m.end), i + 1)
            continue
        if t in ",;:" or tok.text in "\"«»“”„()":
            if tok.text in "\"«»“”„" and not seen_mention:
                q = v.quote_opening_at(tok.start)
                if q:  # a quoted name: وكالة “سبوتنيك”, “بلومبرغ”
                    after = v.tok_at(q[1] + 1)
                    inner = ms.covering(q[0] + 1, q[1])
                    if inner is not None:
                        chosen.append(inner)
                        seen_mention = True
                    words.extend(range(i, after))
                    i = after
                    continue
            if t == "," and i + 1 < n:
                nm = ms.covering(v.tokens[i + 1].start, v.tokens[i + 1].end)
                if nm is not None and nm.label == "PER" and not any(c.label == "PER" for c in chosen):
                    i += 1
                    continue
            break
        if any(x.start <= tok.start < x.end for x in times):
            if words:
                break
            i += 1
            continue
        if t in _BREAK_WORDS or t in _COMPLEMENTIZERS or t in _RELAY_WORDS:
            break
        if not tok.text[0].isalpha():
            break
        if words and len(t) > 2 and t[0] in "لب" and not t.startswith("ال") and seen_mention:
            break
        if words and t in _AUDIENCE:
            break  # 'إحدى الأسيرات المحررات للصحفيين': whom she told
        if words and t[:1] == "ل" and (t[1:] in channel_matchers()[2] or outlet_matcher().match(v, i)):
            break  # 'وقالت الشرطة لبي بي سي', 'مصدر لوكالة رويترز': whom it was said to
        if not words and len(t) > 2 and t[0] in "لب" and not t.startswith("ال") and t not in _L_WORDS and not lead_l:
            break  # 'وأوضح للصحافيين أن': an addressee, the subject is dropped
        if t in cue_forms() and cue_forms()[t].kind in ("verb", "participle"):
            break
        if chosen and chosen[-1].label == "PER" and chosen[-1].named and chosen[-1].end <= tok.start:
            break  # 'ودعا المتحدث فلان السكان إلى': the object after the named speaker
        if len(words) >= 8:
            break
        words.append(i)
        i += 1
    if not words:
        return None
    s, e = v.tokens[words[0]].start, v.tokens[words[-1]].end
    named = [m for m in chosen if m.named]
    pers = [m for m in named if m.label == "PER"]
    if pers:
        m = pers[-1]
        sp = _person(v, coref, m)
        if sp.entity_id != m.entity_id or sp.end != m.end:
            return sp
        end = m.end
        if m.entity_id is None:  # a described source: 'مصدر مطلع لوكالة X' stops before the outlet
            end = _cut_at_outlet(v, ms, m.start, m.end)
        return Speaker(v.text[m.start : end], m.entity_id, m.start, end, "PER")
    if named and named[0].start <= v.tokens[np_start_tok].end:
        m = named[0]  # an institution or country as the subject: 'قال الكرملين'
        end = _mention_end(v, m)
        return Speaker(v.text[m.start : end], m.entity_id if end == m.end else None, m.start, end, m.label)
    outlets = find_outlets(v, ms, s, e)
    office = v.norm[np_start_tok] in _OFFICE_OF_ORG and ms.covering(
        v.tokens[np_start_tok].start, v.tokens[np_start_tok].end
    ) is None
    if outlets and outlets[0].start <= v.tokens[np_start_tok].end + 8 and not (
        office and outlets[0].start > v.tokens[np_start_tok].start
    ):
        return outlets[0]
    e = _cut_at_outlet(v, ms, s, e)
    desc = v.text[s:e]
    for ch in "\"«»“”„":
        desc = desc.replace(ch, "")
    desc = desc.strip(_PUNCT_SPACE)
    sp = Speaker(desc, None, s, e, None)
    unnamed = [m for m in chosen if not m.named and m.entity_id]
    if unnamed:
        sp.entity_id = unnamed[0].entity_id
    else:
        ref = coref.resolve([v.norm[k] for k in words], s)
        if ref is not None:
            sp.entity_id = ref.entity_id
    return sp


# ---------------------------------------------------------------------------
# The extractor


@dataclass(slots=True)
class _Found:
    cue_tok: int
    content_start: int
    content_end: int
    speaker: Speaker | None
    via: Speaker | None
    channel: str | None
    kind: str = "indirect"


def _words_in(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))


def _ends_clause(v: TextView, k: int) -> bool:
    """After a quotation at ``k``: does the clause end (so the quotation is the content,
    not a quoted phrase inside a longer sentence: 'واعتبر ترامب "قمة ألاسكا" اجتماعاً')?"""
    text = v.text
    while k < len(text) and text[k] in " \t\xa0":
        k += 1
    if k >= len(text) or text[k] in ".،,:;؛!?؟…)\n(-–":
        return True
    i = v.tok_at(k)
    if i < len(v.norm):
        t = v.norm[i]
        if t in ("و", "وان", "وانه") or t in cue_forms():
            return True
        if t.startswith("و") and t[1:] in cue_forms():
            return True
        if i + 1 < len(v.norm) and t == "و" and v.norm[i + 1] in _COMPLEMENTIZERS:
            return True
    q = v.quote_opening_at(k)
    return q is not None


def _kind_and_span(v: TextView, s: int, e: int) -> tuple[str, int, int]:
    text = v.text
    qs = [q for q in v.qspans if s <= q[0] and q[1] < e + 1]
    if not qs:
        return "indirect", s, e
    rest = []
    pos = s
    for q in qs:
        rest.append(text[pos : q[0]])
        pos = q[1] + 1
    rest.append(text[pos:e])
    left = [w for w in " ".join(rest).replace("،", " ").replace(",", " ").split() if any(c.isalpha() for c in w)]
    left = [w for w in left if normalize(w) not in _COMPLEMENTIZERS | {"و", "ان", "وان"}]
    if not left:
        return "direct", qs[0][0] + 1, qs[-1][1]
    return "mixed", s, e


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _PUNCT_SPACE:
        s += 1
    while e > s and text[e - 1] in _PUNCT_SPACE:
        e -= 1
    return s, e


def extract_quotes(article: Article, mentions: list[Mention], times: list[Any] | None = None) -> list[Quote]:
    """Quotes of ``article`` given its mentions (and, optionally, time expressions to skip)."""
    text = article.text
    if not text:
        return []
    v = view(text)
    ms = _Mentions(list(mentions))
    coref = _Coref(v, ms)
    times = sorted(times or [], key=lambda t: t.start)
    forms = cue_forms()
    n = len(v.tokens)

    cues: list[tuple[int, Cue]] = []
    for i in range(n):
        tok = v.tokens[i]
        if v.in_quote[i] or not tok.text[0].isalpha():
            continue
        w = v.norm[i]
        for k in (w, w[1:] if w[:1] in "وف" and len(w) > 3 else ""):
            c = forms.get(k)
            if c is not None and w in ("يذكر", "يشار") and i + 1 < n and v.norm[i + 1] in _COMPLEMENTIZERS:
                break  # 'يذكر أن ...': 'it is worth recalling', nobody speaks
            if c is not None and k == "مضيفه" and not (
                i + 1 < n and (v.norm[i + 1] in _COMPLEMENTIZERS or v.tokens[i + 1].text in "\"«“„:")
            ):
                break  # 'مضيفه' is also 'his host'; the participle opens reported words
            if c is not None:
                if c.complements and c.lemma in _NEEDS_COMPLEMENT and not any(
                    v.norm[x] in c.complements for x in range(i + 1, min(n, i + 9))
                ):
                    break  # 'عبر' is mostly 'via'; as 'expressed' it takes عن
                cues.append((i, c))
                break

    cue_set = {k for k, _ in cues}
    # 'الضربات التي أعلنت إسرائيل شنها': a cue in a relative clause never cuts another report short
    # and reports nothing by a bare noun
    relative = {k for k, _ in cues if k > 0 and v.norm[k - 1] in _RELATIVE}

    def strong(i: int, c: Cue) -> bool:
        if i in relative:
            return False
        if c.kind in ("participle", "according"):
            return True
        if v.norm[i][0] in "وف" and v.norm[i] not in forms:
            return True
        if i > 0 and v.norm[i - 1] in ("لكن", "لكنه", "لكنها", "بينما", "فيما", "ثم"):
            return True
        j = v.tokens[i].start - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        return j < 0 or text[j] in ".،,:;؛\n"

    strong_pos = [v.tokens[i].start for i, c in cues if strong(i, c)]

    found: list[_Found] = []
    used: set[int] = set()
    claimed: list[tuple[int, int]] = []
    last: Speaker | None = None
    last_via: dict[str, Speaker] = {}

    def in_claimed(off: int) -> bool:
        return any(a <= off < b for a, b in claimed)

    def region_end(cs: int, sent_end: int, cue_start: int) -> int:
        end = sent_end
        for q in v.qspans:  # a quotation that runs past the sentence end keeps going
            if cs <= q[0] < end < q[1] + 1:
                end = q[1] + 1
        for p in strong_pos:
            if cs < p < end and not v.quote_at(p):
                end = p
                break
        return end

    for i, c in cues:
        if i in used:
            continue
        tok = v.tokens[i]
        if in_claimed(tok.start) and not strong(i, c):
            continue
        sent = v.sentence_of(tok.start)
        if sent is None:
            continue
        sent_end = sent.end
        if c.kind == "relay":
            continue
        as_verb = c.kind == "verb" and i > 0 and v.norm[i - 1] in ("كما", "وكما") and i - 1 > v.tok_at(sent.start)
        if c.kind == "according" or as_verb:
            # 'كما أعلنت لجنة التحقيق في بيان': an attribution after the reported clause
            f = _according(v, ms, coref, i, c, sent, found, last, times, used, strong_pos, as_verb=as_verb)
            if f is None:
                continue
            if f.kind == "attach":
                continue
            found.append(f)
            claimed.append((f.content_start, f.content_end))
            if f.speaker:
                last = f.speaker
            continue

        # scan right for the content
        j = i + 1
        content: tuple[int, int] | None = None
        how = ""
        relay_split: int | None = None
        np_end = None
        while j < n and v.tokens[j].start < sent_end and j - i <= 45:
            t, tj = v.norm[j], v.tokens[j]
            q = v.quote_opening_at(tj.start) if tj.text in _OPEN_CLOSE else None
            if q is not None:
                named = j > 0 and any(k in channel_matchers()[2] for k in v.keys[j - 1])  # صحيفة "نيويورك تايمز"
                if _words_in(text[q[0] + 1 : q[1]]) >= 2 and not named and not in_claimed(q[0] + 1) and _ends_clause(v, q[1] + 1):
                    content, how = (q[0] + 1, q[1]), "quote"
                    np_end = tj.start
                    break
                j = v.tok_at(q[1] + 1)
                continue
            if t == ":":
                np_end = tj.start
                k = tj.end
                while k < len(text) and text[k] in " \t":
                    k += 1
                q2 = v.quote_opening_at(k)
                if q2 is not None:
                    content, how = (q2[0] + 1, q2[1]), "quote"
                else:
                    content, how = (k, sent_end), "colon"
                break
            if (
                t in _COMPLEMENTIZERS
                and (j == 0 or v.norm[j - 1] not in _NOT_BEFORE_AN)
                # a bare 'إن' may belong to a name ('سي إن إن'); 'إنه', 'بأن' never do
                and (t != "ان" or ms.covering(tj.start, tj.end) is None)
            ):
                np_end = tj.start
                content, how = (tj.end, sent_end), "clause"
                break
            if (
                t in c.complements
                and j - i <= 12
                and not any(v.norm[x] in ",;" for x in range(i + 1, j))  # 'استقلالها عن' far after a comma
                and not (j + 1 < n and v.norm[j + 1] in _COMPLEMENTIZERS)
                and not any(  # 'أكد في منشور على منصة إكس أن': the clause after أن is the content
                    v.norm[x] in _COMPLEMENTIZERS and ms.covering(v.tokens[x].start, v.tokens[x].end) is None
                    for x in range(j + 1, min(n, j + 12))
                    if v.tokens[x].start < sent_end
                )
            ):
                np_end = tj.start
                content, how = (tj.end, sent_end), "complement"
                break
            if c.relay and t == "عن" and relay_split is None and not any(
                v.norm[x] in _RELAY_BLOCK and ms.covering(v.tokens[x].start, v.tokens[x].end) is None
                for x in range(i + 1, j)
            ):
                relay_split = j
                r = next(
                    (x for x in range(j + 1, min(n, j + 40)) if v.tokens[x].start < sent_end and v.norm[x] in _RELAY_WORDS),
                    None,
                )
                if r is not None:  # 'نقلت X عن شخص وصفته بأنه ...، قوله إن': the words start after قوله
                    np_end = v.tokens[r].start
                    j = r + 1
                    continue
            elif t in _RELAY_WORDS and np_end is None:
                pass
            elif j in cue_set and j not in relative and forms.get(v.keys[j][0]) is not None and j > i + 1:
                cj = forms[v.keys[j][0]] if v.keys[j][0] in forms else None
                if cj is not None and cj.kind in ("verb", "participle") and not (
                    c.relay and v.norm[j] in _RELAY_WORDS
                ):
                    break
            j += 1

        if content is None and c.kind == "verb" and relay_split is None:
            q0 = None
            k0 = tok.start - 1
            while k0 >= 0 and text[k0] in " ،,\t":
                k0 -= 1
            if not (k0 >= 0 and text[k0] in "\"»”“"):
                # 'وأكد المتحدث X وقوع الهجوم': no quote, but X is who speaks next
                end_np = next((v.tokens[x].start for x in range(i + 1, n) if v.tokens[x].start >= sent_end or v.norm[x] in ",;:."), sent_end)
                q0 = _speaker_np(v, ms, coref, tok.end, end_np, times)
                outs = [o for o in find_outlets(v, ms, tok.end, sent_end) if q0 is None or o.start != q0.start]
                if q0 is not None:
                    last = q0
                    if outs:
                        last_via[_spk_key(q0)] = outs[0]
                conditional = any(v.norm[x] in ("حال", "اذا", "لو") for x in range(max(0, i - 3), i))
                nom = (
                    _nominal_content(v, ms, i, q0, sent_end)
                    if c.lemma in _NOMINAL_CUES and i not in relative and not conditional
                    else None
                )
                if nom is not None:
                    # 'أعلن X فوز تحالفه', 'وأكدت الحكومة انعقاد القمة': a reported act named by a noun
                    speaker = q0 or _clause_subject(v, ms, found, sent, tok.start, coref) or last
                    if speaker is not None:
                        kind, cs2, ce2 = _kind_and_span(v, *nom)
                        found.append(_Found(i, nom[0], nom[1], speaker, outs[0] if outs else None, None, kind))
                        claimed.append(nom)
                        last = speaker
                continue
        if content is None:
            # '"...", قال X.' — a quotation just before the cue
            k = tok.start - 1
            while k >= 0 and text[k] in " ،,\t":
                k -= 1
            q = v.quote_at(k) if k >= 0 and text[k] not in _OPEN_CLOSE else None
            if k >= 0 and text[k] in "\"»”“":
                q = next((qq for qq in v.qspans if qq[1] == k), None)
            if q is None or in_claimed(q[0] + 1) or _words_in(text[q[0] + 1 : q[1]]) < 2:
                continue
            content, how = (q[0] + 1, q[1]), "postposed"
            np_end = sent_end
            for jj in range(i + 1, n):
                if v.tokens[jj].start >= sent_end or v.norm[jj] in ",;:.":
                    np_end = v.tokens[jj].start
                    break

        cs, ce = content
        if how in ("clause", "complement", "colon"):
            ce = region_end(cs, ce, tok.start)
        cs, ce = _trim(text, cs, ce)
        if ce - cs < 2 or any(a < ce and cs < b for a, b in claimed):
            continue  # already reported by an earlier cue
        if how in ("quote", "postposed"):
            kind = "direct"
            # '"..." وأن "..."': one quote with several quoted parts
            while True:
                k = ce + 1
                gap_end = min(len(text), k + 12)
                nxt = next((qq for qq in v.qspans if k <= qq[0] < gap_end), None)
                if nxt is None:
                    break
                gap = normalize(text[k : nxt[0]]).replace(",", " ").split()
                if gap and all(g in ("و", "وان", "ان", "واضاف") for g in gap) and nxt[0] < sent_end + 1:
                    ce = nxt[1]
                else:
                    break
        else:
            kind, cs2, ce2 = _kind_and_span(v, cs, ce)
            if kind == "direct":
                cs, ce = cs2, ce2

        np_from = tok.end
        np_to = np_end if np_end is not None and (np_end <= cs or how == "postposed") else cs
        if relay_split is not None and np_end is not None:
            np_to = np_end
        via: Speaker | None = None
        if relay_split is not None and v.tokens[relay_split].start < np_to:
            via_region = (tok.end, v.tokens[relay_split].start)
            vias = find_outlets(v, ms, *via_region) or []
            via = vias[0] if vias else _speaker_np(v, ms, coref, *via_region, times)
            if via is None:  # 'كانت “بلومبرغ” نقلت عن': the relaying outlet before the verb
                before = find_outlets(v, ms, max(sent.start, tok.start - 60), tok.start)
                via = before[-1] if before else None
            np_from = v.tokens[relay_split].end
        speaker = _speaker_np(v, ms, coref, np_from, np_to, times)
        if speaker is not None and speaker.entity_id is None and not speaker.is_outlet:
            w = normalize(speaker.label).split()
            if w and w[0] in _CHANNEL_NOUNS:  # 'وذكر البيان الأميركي أن': the statement's author
                speaker = _channel_speaker(found, last) or speaker
        if speaker is not None and speaker.entity_id is None and not speaker.is_outlet:
            # 'قال الرئيس السابق في ذلك الوقت، فلان، إن': a name in apposition right before the content
            for m in reversed(ms.within(np_from, np_to)):
                if m.label == "PER" and m.named and not v.text[m.end : np_to].strip(" ،,\t"):
                    speaker = Speaker(v.text[m.start : m.end], m.entity_id, m.start, m.end, "PER")
                    break
        if c.kind == "verb" and i >= 2 and v.norm[i - 1] == "قد":
            # 'وكان نائب الرئيس قد حذر X من ...': the subject sits between كان and قد; X is an object
            k = i - 2
            lo = v.tok_at(sent.start)
            while k >= lo and i - k < 10 and v.norm[k] not in ("كان", "وكان", "كانت", "وكانت"):
                k -= 1
            if k >= lo and v.norm[k] in ("كان", "وكان", "كانت", "وكانت") and k + 1 < i - 1:
                subj = _speaker_np(v, ms, coref, v.tokens[k + 1].start, v.tokens[i - 2].end, times)
                if subj is not None:
                    speaker = subj
        if speaker is None and c.kind == "verb" and v.norm[i][:1] not in "وف":
            speaker = _subject_before(v, ms, coref, i, sent)  # 'لكن الجيش قال إن'
        if c.kind == "participle":
            # the words after a participle are its object ('معلناً انسحاب بلاده'), never its subject
            speaker = _clause_subject(v, ms, found, sent, tok.start, coref, nearest=True) or last
        if speaker is None:
            speaker = _clause_subject(v, ms, found, sent, tok.start, coref) or last or _previous_subject(v, ms, sent)
        if speaker is None:
            continue
        if via is None:
            outs = [o for o in find_outlets(v, ms, tok.end, np_to) if o.start != speaker.start]
            if outs:
                via = outs[0]
        channel = find_channel(v, tok.end, np_to) or find_channel(
            v, max(sent.start, _prev_end(found, sent)), tok.start, after_prep=True
        )
        if channel is None and via is not None and relay_split is None:
            channel = via.label
        if via is None and channel is None:
            prev = last_via.get(_spk_key(speaker))
            if prev is not None:
                via = prev
        if via is not None:
            last_via[_spk_key(speaker)] = via
        for k in range(i, v.tok_at(np_to)):
            used.add(k)
        found.append(_Found(i, cs, ce, speaker, via, channel, kind))
        claimed.append((cs, ce))
        last = speaker

    out: list[Quote] = []
    for f in sorted(found, key=lambda f: f.content_start):
        sp, via = f.speaker, f.via
        out.append(
            Quote(
                start=f.content_start,
                end=f.content_end,
                label=f.kind,
                source=SOURCE,
                speaker=sp.label if sp else None,
                speaker_entity_id=sp.entity_id if sp else None,
                speaker_start=sp.start if sp else None,
                speaker_end=sp.end if sp else None,
                via=via.label if via else None,
                via_entity_id=via.entity_id if via else None,
                cue=v.tokens[f.cue_tok].text,
                channel=f.channel,
                content_start=f.content_start,
                content_end=f.content_end,
            )
        )
    return out


def _spk_key(sp: Speaker) -> str:
    return sp.entity_id or normalize(sp.label)


def _prev_end(found: list[_Found], sent: Sentence) -> int:
    ends = [f.content_end for f in found if sent.start <= f.content_end <= sent.end]
    return max(ends) if ends else sent.start


def _mention_end(v: TextView, m: Mention) -> int:
    """Where a speaker mention really ends: before an addressee or a complementizer that a
    tagger swallowed ('كيم للصحافيين', 'الشرطة لبي بي سي إنه')."""
    k0, k1 = v.tok_at(m.start), v.tok_at(m.end)
    prefixes = channel_matchers()[2]
    for k in range(k0 + 1, k1):
        t = v.norm[k]
        if (
            t.startswith("لل")
            or t in cue_forms()
            or (t in _COMPLEMENTIZERS and t != "ان")
            or (t[:1] == "ل" and (t[1:] in prefixes or outlet_matcher().match(v, k)))
        ):
            return _trim(v.text, m.start, v.tokens[k].start)[1]
    return m.end


def _person(v: TextView, coref: _Coref, m: Mention) -> Speaker:
    """A person mention as a speaker; a described one ('مؤسس الشركة' tagged as a person)
    takes the entity of the person named with that description elsewhere."""
    end = _mention_end(v, m)
    # a trimmed mention's id named the whole, wrong span
    sp = Speaker(v.text[m.start : end], m.entity_id if end == m.end else None, m.start, end, m.label)
    if m.label == "PER" and (m.entity_id is None or m.entity_id.startswith("ent:")):
        mw = [v.norm[k] for k in range(v.tok_at(m.start), v.tok_at(m.end))]
        ref = coref.resolve(mw, m.start) if len(mw) >= 2 else None
        if ref is not None and ref.entity_id and ref.entity_id != m.entity_id:
            sp.entity_id = ref.entity_id
    return sp


def _nominal_content(v: TextView, ms: _Mentions, i: int, sp: Speaker | None, sent_end: int) -> tuple[int, int] | None:
    """The noun phrase a cue like أعلن/أكد/نفى reports, after its subject: up to a comma or the sentence end."""
    n = len(v.tokens)
    k = v.tok_at(sp.end) if sp is not None and sp.end is not None else i + 1
    # skip a relative clause or a day between commas: '، الذي يقود التحالف،' / '، الثلاثاء،'
    inserts = 0
    while k < n and v.norm[k] == "," and v.tokens[k].start < sent_end and inserts < 3:
        # '، الذي يقود التحالف،' / '، الثلاثاء،' / '، المنافس في الدوري،': an insert, then the report
        nxt = next((x for x in range(k + 1, min(n, k + 10)) if v.norm[x] in ",;:."), None)
        if nxt is None or v.norm[nxt] != ",":
            return None
        if any(v.norm[x] in _COMPLEMENTIZERS or v.norm[x] in cue_forms() for x in range(k + 1, nxt)):
            return None
        k = nxt + 1
        inserts += 1
    if k >= n or v.tokens[k].start >= sent_end:
        return None
    t = v.norm[k]
    if (
        not v.tokens[k].text[0].isalpha()
        or t in _BREAK_WORDS
        or t in ("منذ", "رغم", "بينما")
        or t in _COMPLEMENTIZERS
        or t in cue_forms()
        or (t[:1] in "لب" and not t.startswith("ال"))
        or ms.covering(v.tokens[k].start, v.tokens[k].end) is not None
    ):
        return None
    s = v.tokens[k].start
    e = sent_end
    words = 0
    for x in range(k, n):
        if v.tokens[x].start >= sent_end:
            break
        if v.norm[x] in ",;" and words >= 3:
            e = v.tokens[x].start
            break
        words += 1
    s, e = _trim(v.text, s, e)
    return (s, e) if e - s >= 6 and words >= 2 else None


def _subject_before(v: TextView, ms: _Mentions, coref: _Coref, i: int, sent: Sentence) -> Speaker | None:
    """The subject before a verb (SVO): 'لكن الجيش الإسرائيلي قال ...'; after a relative pronoun,
    its antecedent: 'ونقل عن فلان، الذي قال إن ...'."""
    k = i - 1
    lo = v.tok_at(sent.start)
    if k >= lo and v.norm[k] in _RELATIVE:
        ante = [m for m in ms.within(max(sent.start, v.tokens[max(lo, k - 8)].start), v.tokens[k].start)
                if m.label in ("PER", "ORG", "GPE") and m.named]
        if ante:
            return _person(v, coref, ante[-1])
        return None
    while k >= lo and i - k <= 5:
        t = v.norm[k]
        if t in ("لكن", "و", "ثم", "بينما", "فيما", "اذ", "حيث") or not v.tokens[k].text[0].isalpha():
            break
        if t in _COMPLEMENTIZERS or t in cue_forms() or t in _BREAK_WORDS:
            return None
        k -= 1
    if k + 1 >= i:
        return None
    s, e = v.tokens[k + 1].start, v.tokens[i - 1].end
    m = ms.covering(s, e)
    if m is not None and m.label in ("PER", "ORG", "GPE") and m.start >= s - 2:
        return Speaker(v.text[m.start : m.end], m.entity_id, m.start, m.end, m.label)
    words = [v.norm[x] for x in range(k + 1, i)]
    if not words[0].startswith("ال"):
        return None  # only a definite noun phrase can be the subject
    ref = coref.resolve(words, s)
    return Speaker(v.text[s:e], ref.entity_id if ref else None, s, e, None)


def _previous_subject(v: TextView, ms: _Mentions, sent: Sentence) -> Speaker | None:
    """The first person named in the sentence before ``sent`` (a dropped subject at a paragraph's start)."""
    idx = next((k for k, s in enumerate(v.sents) if s.start == sent.start), 0)
    if idx == 0:
        return None
    prev = v.sents[idx - 1]
    pers = [m for m in ms.within(prev.start, prev.end) if m.label == "PER" and m.named]
    if not pers:
        return None
    m = pers[0]
    return Speaker(v.text[m.start : m.end], m.entity_id, m.start, m.end, "PER")


def _after_office(v: TextView, m: Mention) -> bool:
    """Is the organisation the complement of an office ('مؤسس فيسبوك'): part of a person's description?"""
    k = v.tok_at(m.start)
    return m.label == "ORG" and k > 0 and v.norm[k - 1] in _OFFICE_OF_ORG and v.tokens[k - 1].end <= m.start


def _is_object(v: TextView, m: Mention) -> bool:
    """Is the mention an object or a partner ('مع X', 'لX', 'بX', 'الزميلة X') rather than a subject?"""
    k = v.tok_at(m.start)
    glued = k > 0 and v.tokens[k - 1].start < m.start < v.tokens[k - 1].end
    clitic = normalize(v.text[v.tokens[k - 1].start : m.start]) if glued else ""
    before = v.norm[k - 2] if glued and k >= 2 else (v.norm[k - 1] if k > 0 else "")
    if clitic.endswith(("ل", "ب")) or before in ("مع", "بين", "عن", "الي", "علي"):
        return True
    # 'مع الزميلة بيكي X': مع a few words before the name
    for d in range(1, 4):
        k2 = k - d
        if k2 < 0 or not v.tokens[k2].text[0].isalpha():
            return False
        if v.norm[k2] in ("مع", "بين"):
            return True
    return False


def _clause_subject(
    v: TextView,
    ms: _Mentions,
    found: list[_Found],
    sent: Sentence,
    pos: int,
    coref: _Coref | None = None,
    *,
    nearest: bool = False,
) -> Speaker | None:
    """Who a participle ('مشيراً إلى أن') or a verb without a subject speaks for: the speaker
    of a quote earlier in the sentence (when nobody else is named after it), else a person
    (or body) named before it in the sentence: the first one, or with ``nearest`` (participles)
    the nearest one that is not an object ('مع X', 'لX', 'بX')."""
    for f in reversed(found):
        if sent.start <= f.content_start < pos and f.speaker is not None:
            later = [m for m in ms.within(f.content_end, pos) if m.label == "PER" and m.named]
            if not later:
                return f.speaker
            break
    cands = [
        m
        for m in ms.within(sent.start, pos)
        if m.named and m.label in ("PER", "ORG") and not v.in_quote_at(m.start) and not _after_office(v, m)
    ]
    if nearest:
        keep = [m for m in cands if not _is_object(v, m)]
        pers = [m for m in keep if m.label == "PER"]
        m = (pers[-1:] or keep[-1:] or [None])[0]
    else:
        # the sentence's subject: a body or country right after its first verb ('رحبت الصين ...،
        # ودعت إلى'), else the first person named
        first_tok = v.tok_at(sent.start)
        lead = [
            m
            for m in ms.within(sent.start, pos)
            if m.named and m.label in ("ORG", "GPE") and v.tok_at(m.start) == first_tok + 1
            and v.tokens[first_tok].text[0].isalpha() and ms.covering(v.tokens[first_tok].start, v.tokens[first_tok].end) is None
        ]
        cands = [m for m in cands if not _is_object(v, m)]
        pers = [m for m in cands if m.label == "PER"]
        m = (lead[:1] or pers or cands or [None])[0]
    if m is None:
        return None
    if coref is not None:
        return _person(v, coref, m)
    return Speaker(v.text[m.start : m.end], m.entity_id, m.start, m.end, m.label)


def _according(
    v: TextView,
    ms: _Mentions,
    coref: _Coref,
    i: int,
    c: Cue,
    sent: Sentence,
    found: list[_Found],
    last: Speaker | None,
    times: list[Any],
    used: set[int],
    strong_pos: list[int],
    *,
    as_verb: bool = False,
) -> _Found | None:
    """'بحسب ما أفادت وكالة تاس', 'وفق البيان', 'حسبما ذكرت X نقلاً عن Y', 'ووفقاً لما صرح به X، ...'."""
    text, n = v.text, len(v.tokens)
    forms = cue_forms()
    j = i + 1
    if j < n and v.norm[j] in ("ما", "لما"):
        j += 1
    verb_cue = as_verb
    if as_verb:
        j = i + 1
    elif j < n and any(k in forms and forms[k].kind == "verb" for k in v.keys[j][:2]):
        verb_cue = True
        used.add(j)
        j += 1
        if j < n and v.norm[j] in ("به", "بها"):
            j += 1
    if j >= n or v.tokens[j].start >= sent.end:
        return None
    # the source noun phrase: up to a comma, a stop, 'نقلا عن' or an adjunct
    k = j
    while k < n and v.tokens[k].start < sent.end and v.norm[k] not in ",;:." and k - j < 10:
        if v.norm[k] in ("نقلا",) or (v.norm[k] in _BREAK_WORDS and k > j):
            break
        k += 1
    src_end = v.tokens[k - 1].end if k > j else v.tokens[j].end
    outlets = find_outlets(v, ms, v.tokens[j].start, src_end)
    source: Speaker | None = outlets[0] if outlets and outlets[0].start <= v.tokens[j].start + 8 else None
    if source is None:
        lead_l = c.lemma == "وفق" and v.norm[j][:1] == "ل" and not v.norm[j].startswith("ال")
        source = _speaker_np(v, ms, coref, v.tokens[j].start, src_end, times, lead_l=lead_l)
    if source is None:
        return None
    weak = False
    if source.entity_id is None and not source.is_outlet:
        words = normalize(source.label).split()
        head = match_keys(words[0])[-1] if words else ""
        if words and words[0] in _CHANNEL_NOUNS:
            source = _channel_speaker(found, last) or last
        elif not verb_cue and c.lemma != "نقل" and not ({words[0], head, "ال" + head} & _SOURCE_NOUNS):
            weak = True  # 'حسب الخطة': a source of words only if quoted words follow
    if source is None:
        return None
    speaker, via = source, None
    if not source.is_outlet and outlets and source.start is not None and outlets[0].start > source.start:
        via = outlets[0]  # 'بحسب مصدر داخلي لوكالة رويترز'
    # 'نقلا عن Y' after the source (or the cue itself being نقلا عن)
    relay_at = None
    if c.lemma == "نقل":
        relay_at = i
    elif k < n and v.norm[k] == "نقلا":
        relay_at = k
    if relay_at is not None and relay_at + 1 < n and v.norm[relay_at + 1] == "عن":
        used.add(relay_at)
        s2 = v.tokens[relay_at + 1].end
        e2 = s2
        kk = relay_at + 2
        while kk < n and v.tokens[kk].start < sent.end and v.norm[kk] not in ",;:." and kk - relay_at < 12:
            e2 = v.tokens[kk].end
            kk += 1
        sp2 = _speaker_np(v, ms, coref, s2, e2, times)
        if sp2 is not None:
            if c.lemma != "نقل":
                via = source
            speaker = sp2
            src_end = e2
    # attach to a quote that ends right before this cue in the same sentence
    cue_start = v.tokens[i].start
    for f in reversed(found):
        if weak:
            break
        gap_cue = any(f.content_end <= p < cue_start for p in strong_pos)
        if sent.start <= f.content_start < cue_start and f.content_end <= cue_start and not gap_cue:
            if cue_start - f.content_end > 4:  # 'وأكدت "..."، عثر بحوزتهم ...، بحسب ما نقلت X': one report
                f.content_end = _trim(text, f.content_start, cue_start)[1]
                f.kind = "mixed" if f.kind == "direct" else f.kind
            if speaker.is_outlet and f.via is None and f.speaker is not None and not _same(f.speaker, speaker):
                f.via = speaker
            elif via is not None and f.via is None:
                f.via = via
            elif f.speaker is not None and f.speaker.entity_id is None and speaker.entity_id is not None:
                f.speaker = speaker
            return _Found(i, 0, 0, None, None, None, "attach")
    # at the head of the sentence: the content follows the source
    head = v.tok_at(sent.start)
    if all(v.norm[x] in ("و", "ف") or not v.tokens[x].text[0].isalpha() for x in range(head, i)):
        cs = src_end
        comma = text.find("،", src_end, sent.end)
        comma2 = text.find(",", src_end, sent.end)
        cands = [x for x in (comma, comma2) if x >= 0]
        if not cands:
            return None
        end = next((p for p in strong_pos if min(cands) < p < sent.end and not v.quote_at(p)), sent.end)
        cs, ce = _trim(text, min(cands) + 1, end)
    else:
        start = max([sent.start] + [f.content_end + 1 for f in found if sent.start <= f.content_end < cue_start])
        cs, ce = _trim(text, start, cue_start)
    if ce - cs < 8 or _words_in(text[cs:ce]) < 2:
        return None
    kind, cs2, ce2 = _kind_and_span(v, cs, ce)
    if weak and kind == "indirect":
        return None
    if kind == "direct":
        cs, ce = cs2, ce2
    return _Found(i, cs, ce, speaker, via, None, kind)


def _same(a: Speaker, b: Speaker) -> bool:
    return (a.entity_id is not None and a.entity_id == b.entity_id) or normalize(a.label) == normalize(b.label)


def _channel_speaker(found: list[_Found], last: Speaker | None) -> Speaker | None:
    for f in reversed(found):
        if f.channel and f.speaker is not None:
            return f.speaker
    return last


@annotator(SOURCE, assigns="quotes", requires=("mentions",))
def quotes_rules(article: Article, ctx: Context) -> list[Quote]:
    """Direct, indirect and mixed quotes with speaker, cue, channel and chain of attribution."""
    return extract_quotes(article, ctx.layers.get("mentions") or [], ctx.layers.get("times") or [])
