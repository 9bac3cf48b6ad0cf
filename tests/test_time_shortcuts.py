"""The tagger's speed shortcuts find exactly what the plain way finds: regexes compiled with
optional parts as branches (lexicon.compile_fast), cue words looked for only where such a word
stands (tagger._at_words), normalisation by str.replace (tagger._normalise_short)."""
from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.extract.time import tagger as T
from khabar.extract.time.lexicon import compile_fast, prefix_matcher

# words that open cues, their proclitic forms, words that open none, and signs that sit inside
# words in real news ('#وسم', '50%', 'a_b', 'x×y')
_WORDS = ["قال", "وقال", "سيعقد", "فسيعقد", "المقبل", "من", "المقرر", "ان", "الذي", "التي", "عقد", "وصل",
          "الوفد", "امس", "اليوم", "الخميس", "2025", "15", "ثلاثه", "ايام", "يوم", "منذ", "بعد", "التي", "انطلقت"]
_SIGNS = ["#", "%", "_", "×", "|", "’"]
_SEPS = [" ", " ", " ", "، ", ". ", ": ", " - ", "\n", " (", ") "]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 18))):
        w = draw(st.sampled_from(_WORDS))
        if draw(st.integers(0, 9)) == 0:  # a sign glued to the word, before or after
            sign = draw(st.sampled_from(_SIGNS))
            w = sign + w if draw(st.booleans()) else w + sign
        parts.append(w + draw(st.sampled_from(_SEPS)))
    return "".join(parts)


def _spans(ms: list[re.Match[str]]) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(m.span(g) for g in range(m.re.groups + 1)) for m in ms]


@settings(max_examples=300, deadline=None)
@given(_texts())
def test_cue_words_found_as_the_regex_scan_finds_them(text: str) -> None:
    nt = T._Norm(text)
    rx, _roles = T._cue_re()
    # the spans _Tense gives: a sentence's (from after a sentence mark)
    mid = max(nt.norm.rfind(c, 0, len(nt.norm) // 2) for c in T._SENT_CHARS) + 1
    for a, b in ((0, len(nt.norm)), (mid, len(nt.norm))):
        want = list(rx.finditer(nt.norm, a, b))
        assert _spans(T._at_words(rx, T._cue_first_words(), nt.norm, nt.spaced, a, b)) == _spans(want)


def test_cue_words_found_on_real_sentences() -> None:
    text = ("وقال الوزير، الذي وصل أمس، إن الاجتماع سيعقد يوم الخميس المقبل #عاجل، وكان من المقرر "
            "أن يعقد في 15 مايو. التي_انطلقت 50% من المشاريع")
    nt = T._Norm(text)
    rx, roles = T._cue_re()
    found = T._at_words(rx, T._cue_first_words(), nt.norm, nt.spaced, 0, len(nt.norm))
    assert _spans(found) == _spans(list(rx.finditer(nt.norm)))
    assert {roles[" ".join(m.group("c").split())] for m in found} >= {"past", "future"}  # not an empty scan


@settings(max_examples=200, deadline=None)
@given(_texts(), st.integers(0, 40))
def test_compile_fast_matches_as_re_compile(text: str, start: int) -> None:
    norm = T._Norm(text).norm
    start = min(start, len(norm))
    for name, fast in T._rules():
        plain = re.compile(fast.pattern)
        assert fast.pattern == plain.pattern
        for i in range(start, min(len(norm), start + 12)):
            m1, m2 = plain.match(norm, i), fast.match(norm, i)
            assert (m1 is None) == (m2 is None), name
            if m1 is not None and m2 is not None:
                assert [m1.span(g) for g in range(plain.groups + 1)] == [m2.span(g) for g in range(plain.groups + 1)], name


def test_compile_fast_keeps_groups_and_alternation_order() -> None:
    fast = compile_fast(r"(?P<a>ال)?(?:(?P<b>\d+)\s+)?(?P<u>يوما|يوم)(?P<x>\s+اخر)?")
    m = fast.match("الخمسه")
    assert m is None
    m = fast.match("12 يوما اخر")
    assert m is not None and m.group("b") == "12" and m.group("u") == "يوما" and m.group("x") == " اخر"
    m = fast.match("اليوم")
    assert m is not None and m.group("a") == "ال" and m.group("u") == "يوم"
    assert fast.groupindex == re.compile(fast.pattern).groupindex


def test_normalise_short_is_the_table() -> None:
    text = "أعلنت الإمارات، يوم الأحد ١٥ رمضان ١٤٤٦هـ، أنّ الاجتماعَ سيُعقد في «مؤتمر» ـ COP28؛ آخر مرة؟ ٪٥"
    assert T._normalise_short(text) == text.translate(T._TABLE)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي0123456789 ", min_size=1, max_size=4))
def test_gate_from_its_prefix_is_the_full_gate(key: str) -> None:
    # a gate tries only the rules its key less the last letter lets through (a chain of one,
    # two, three, four letters): what fails on a prefix fails on the whole, so it is the gate
    # all rules' tests would give; and it keeps no rule out that the regex module's partial
    # match (exact) lets through
    direct = frozenset(name for name, px in T._gate_tests() if px is None or px.fullmatch(key) is not None)
    exact = frozenset(name for name, rx in _exact_partial() if rx.match(key, partial=True) is not None)
    for i in range(1, len(key) + 1):
        T._GATE.pop(key[:i], None)  # the whole chain built afresh
    assert T._gate(key)[0] == direct
    assert exact <= direct


def _exact_partial() -> list[tuple[str, Any]]:
    import regex  # type: ignore[import-untyped]

    global _EXACT
    if not _EXACT:
        _EXACT = [(name, regex.compile(rx.pattern)) for name, rx in T._rules()]
    return _EXACT


_EXACT: list[tuple[str, Any]] = []


def test_prefix_matcher_reads_what_a_match_could_start_with() -> None:
    px = prefix_matcher(r"(?<!\w)[وف]?(?:ال)?(?:خميس|جمعه)(?!\w)", 4)
    assert px is not None
    assert all(px.fullmatch(k) for k in ("و", "وال", "الخم", "خميس", "جمع", "فجمع"))
    assert not any(px.fullmatch(k) for k in ("س", "الس", "خمس", "والث", "جمعي"[:4] + "x"))
    digits = prefix_matcher(r"(?P<h>\d{1,2})(?!\w)\s+ساعه", 4)
    assert digits is not None
    assert digits.fullmatch("12") and digits.fullmatch("5 سا") and digits.fullmatch("12 س")
    assert not digits.fullmatch("202") and not digits.fullmatch("5سا")  # a third digit, a letter glued on
    assert prefix_matcher(r"(?:اليوم)?", 4) is None  # matches nothing at all: every key passes
    short = prefix_matcher(r"امس", 4)
    assert short is not None and short.fullmatch("امس ") and short.fullmatch("ام") and not short.fullmatch("امر")
    neg = prefix_matcher(r"[^\d\s]\w*\s+ساعه", 4)
    assert neg is not None and neg.fullmatch("ابت") and not neg.fullmatch("5") and not neg.fullmatch(" ")


def test_gate_is_built_after_a_key_is_seen_often() -> None:
    key = "الخم"  # 'الخميس': the two-letter gate 'ال' lets many rules through, this one few
    T._GATE.pop(key, None)
    T._SEEN.pop(key, None)
    for _ in range(T._GATE_AFTER):
        g, own = T._gate_at(key)
        assert not own and g[0] == T._gate_at(key[:2])[0][0]  # the two-letter gate stands in
    g, own = T._gate_at(key)
    assert own and key in T._GATE and g[0] < T._gate_at(key[:2])[0][0] and "weekday" in g[0]


_SAME_WORDS = ["اليوم", "يوم", "نفسه", "ذاته", "التالي", "السابق", "نفس", "ذات", "الشهر", "العام", "من", "الماضي",
               "مساء", "وفي", "بالذات", "الاسبوع", "التاليه", "نفسها", "الذي", "وصل"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SAME_WORDS), st.sampled_from(_SEPS + ["#", "  \n  "])), min_size=1, max_size=16))
def test_same_day_phrases_found_as_the_regex_scan_finds_them(parts: list[tuple[str, str]]) -> None:
    norm = T._Norm("".join(w + sep for w, sep in parts)).norm
    starts = T._same_starts(norm)
    for rx in (T._SAME_DAY, T._SAME_UNIT):
        assert _spans(T._matches_from(rx, norm, starts)) == _spans(list(rx.finditer(norm)))


def test_prepare_builds_the_lazy_tables() -> None:
    """prepare() (the bench calls it before timing) builds what find_times would build on its
    first texts: each lazy builder is cached afterwards, and the tagger finds the same."""
    builders = [T._rules, T._cue_re, T._cue_first_words, T._not_times_rx, T._gate_tests, T._words_set]
    for b in builders:
        b.cache_clear()
    T.prepare()
    assert all(b.cache_info().currsize == 1 for b in builders)
    got = [(e.start, e.end, e.value.value) for e in T.find_times("قال الوزير إنه سيزور القاهرة الخميس المقبل", "2025-08-20")]
    assert got == [(29, 42, "2025-08-21")]
