"""The time lexicons (khabar/data/ar/time_*.tsv) as lookup tables and regex parts.

Everything here is keyed on the normalised form (khabar.text.normalize), because the
tagger matches over normalised text and maps offsets back to the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from khabar.text.lexicon import load_tsv
from khabar.text.normalize import normalize


def _alt(forms: list[str]) -> str:
    """A regex alternation of literal forms, spaces made flexible, built as a trie
    ('ا(?:ب(?:ج|)|د)'): the engine rejects a position after a character or two instead of
    trying every form.  The forms that can match at one position are prefixes of each other,
    and the trie tries the longer first, so it matches exactly what 'longest first' matched."""
    trie: dict = {}
    for f in set(forms):
        node = trie
        toks: list[str] = []
        for i, w in enumerate(f.split(" ")):
            if i:
                toks.append(" ")
            toks.extend(w)
        for t in toks:
            node = node.setdefault(t, {})
        node[""] = {}
    return _emit(trie) if trie else ""


def _emit(node: dict) -> str:
    alts = []
    for tok in sorted(k for k in node if k):
        alts.append((r"\s+" if tok == " " else re.escape(tok)) + _emit(node[tok]))
    if "" in node:
        alts.append("")
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


def compile_fast(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)``, matching the same, with each greedy optional part that is more
    than one character ('(?:ال)?', '(?P<pre>منذ\\s+)?') compiled as a branch with an empty
    alternative ('(?:ال|)'): the same tries in the same order, but the engine's general repeat,
    which allocates a context and saves the groups at each use, is not needed.  The tagger's
    rules run a fifth faster.  Built from the stdlib's own parser and code generator
    (re._parser, re._compiler); where they differ (another Python), plain re.compile."""
    try:
        import _sre  # type: ignore[import-not-found]
        from re import _compiler, _constants, _parser  # type: ignore[attr-defined]

        def branch_optionals(sub: Any) -> None:
            data = sub.data
            for i, (op, av) in enumerate(data):
                if op is _constants.MAX_REPEAT or op is _constants.MIN_REPEAT:
                    lo, hi, item = av
                    branch_optionals(item)
                    if op is _constants.MAX_REPEAT and lo == 0 and hi == 1 and not _compiler._simple(item):
                        data[i] = (_constants.BRANCH, (None, [item, _parser.SubPattern(sub.state, [])]))
                elif op is _constants.SUBPATTERN:
                    branch_optionals(av[3])
                elif op is _constants.BRANCH:
                    for alt in av[1]:
                        branch_optionals(alt)
                elif op is _constants.ASSERT or op is _constants.ASSERT_NOT:
                    branch_optionals(av[1])
                elif op is _constants.ATOMIC_GROUP:
                    branch_optionals(av)
                elif op is _constants.GROUPREF_EXISTS:
                    branch_optionals(av[1])
                    if av[2] is not None:
                        branch_optionals(av[2])

        tree = _parser.parse(pattern, 0)
        branch_optionals(tree)
        code = _compiler._code(tree, 0)
        groupindex = tree.state.groupdict
        indexgroup: list[str | None] = [None] * tree.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        return _sre.compile(pattern, tree.state.flags, code, tree.state.groups - 1, groupindex, tuple(indexgroup))  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - another Python's internals: the plain compile matches the same
        return re.compile(pattern)


def prefix_matcher(pattern: str, depth: int) -> re.Pattern[str] | None:
    """A pattern whose fullmatch accepts every string of at most ``depth`` characters that a
    match of ``pattern`` could start with (the gates of the tagger: which rules are worth
    trying at a word, by its first letters), or None where the pattern accepts them all.

    Built from the pattern's parse (re._parser): each path of its first ``depth`` characters,
    one character class per step, merged into a trie and written as nested optional groups,
    so that a shorter string passes where a path goes on, and a path the pattern can end on
    lets anything follow.  It accepts a superset of what a partial match accepts: a negative
    look-around of one class is kept as written, other look-arounds and anchors are taken as
    true and a back-reference as any text.  A gate may therefore let through a rule that then
    fails at once; it never keeps out one that would match.  Five times faster than partial
    matching with the regex module, which it replaced.  Raises where this Python's re
    internals differ (the caller falls back)."""
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    cats = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
            C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
    zero_width = "zw"  # a step that reads no character: a negative look-around of one class

    def src(op: Any, av: Any) -> str:  # one step, as regex source
        if op == zero_width:
            return ("(?!" if av[0] == 1 else "(?<!") + av[1] + ")"
        if op is C.LITERAL:
            return re.escape(chr(av))
        if op is C.NOT_LITERAL:
            return "[^" + re.escape(chr(av)) + "]"
        if op is C.ANY:
            return "[^\\n]"
        if op is C.IN:
            out = ""
            for o, a in av:
                if o is C.NEGATE:
                    out = "^" + out
                elif o is C.LITERAL:
                    out += re.escape(chr(a))
                elif o is C.RANGE:
                    out += re.escape(chr(a[0])) + "-" + re.escape(chr(a[1]))
                elif o is C.CATEGORY:
                    out += cats[a]
                else:
                    raise ValueError(f"class item {o}")
            return "[" + out + "]"
        raise ValueError(f"step {op}")

    def width(p: tuple) -> int:
        return sum(1 for a in p if a[0] != zero_width)

    # a path: the steps read so far; True when the sequence was read to its end (what follows
    # is the next item's), False when cut at ``depth`` or at something unread (anything follows)
    def seq(items: list, r: int) -> set[tuple[tuple, bool]]:
        out: set[tuple[tuple, bool]] = set()
        frontier: set[tuple] = {()}
        for op, av in items:
            nxt: set[tuple] = set()
            for p in frontier:
                for q, done in item(op, av, r - width(p)):
                    if done:
                        nxt.add(p + q)
                    else:
                        out.add((p + q, False))
            frontier = nxt
            if not frontier:
                break
        return out | {(p, True) for p in frontier}

    def item(op: Any, av: Any, r: int) -> set[tuple[tuple, bool]]:
        if op is C.ASSERT_NOT and len(av[1].data) == 1 and av[1].data[0][0] in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
            a = av[1].data[0]
            return {(((zero_width, (av[0], src(a[0], a[1]))),), True)}
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            return {((), True)}
        if r <= 0:
            return {((), False)}
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return {(((op, tuple(av) if isinstance(av, list) else av),), True)}
        if op is C.BRANCH:
            got: set[tuple[tuple, bool]] = set()
            for alt in av[1]:
                got |= seq(alt.data, r)
            return got
        if op is C.SUBPATTERN:
            return seq(av[3].data, r)
        if op is C.ATOMIC_GROUP:
            return seq(av.data, r)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            out: set[tuple[tuple, bool]] = set()
            frontier: set[tuple] = {()}
            k = 0
            while True:
                if k >= lo:
                    out |= {(p, True) for p in frontier}
                if k == hi or not frontier or k > lo + r:
                    return out
                nxt: set[tuple] = set()
                for p in frontier:
                    for q, done in seq(sub.data, r - width(p)):
                        if not done:
                            out.add((p + q, False))
                        elif q or k < lo:  # an empty round beyond the minimum reads nothing new
                            nxt.add(p + q)
                frontier = nxt
                k += 1
        return {((), False)}  # a back-reference, a conditional: anything may follow

    trie: dict = {}
    for p, _done in sorted(seq(_parser.parse(pattern, 0).data, depth), key=repr):  # sorted: the same source every run
        if not p:
            return None  # the pattern can match nothing at all here: every key passes
        node = trie
        for i, a in enumerate(p):
            entry = node.setdefault(a, [False, {}])
            if i == len(p) - 1:
                entry[0] = True  # a path ends here: anything may follow
            node = entry[1]

    def emit(node: dict) -> str:
        alts = []
        for (op, av), (end, kids) in node.items():
            step = src(op, av)
            if end:
                alts.append(step + r"[\s\S]*")
            elif kids:
                alts.append(step + "(?:" + emit(kids) + ")?")
            else:
                alts.append(step)
        return "(?:" + "|".join(alts) + ")"

    return re.compile(emit(trie))


def key(s: str) -> str:
    return " ".join(normalize(s).split())


@dataclass(slots=True)
class Lexicon:
    greg_months: dict[str, int] = field(default_factory=dict)
    en_months: dict[str, int] = field(default_factory=dict)
    hijri_months: dict[str, int] = field(default_factory=dict)
    hijri_ambiguous: set[str] = field(default_factory=set)
    weekdays: dict[str, int] = field(default_factory=dict)
    cardinals: dict[str, int] = field(default_factory=dict)
    ordinals: dict[str, int] = field(default_factory=dict)  # masc + fem, 1..12
    ord_units: dict[str, int] = field(default_factory=dict)  # الحادي -> 1 (for 'الحادي والعشرين')
    ord_tens: dict[str, int] = field(default_factory=dict)  # العشرين -> 20
    fem_ordinals: dict[str, int] = field(default_factory=dict)  # clock hours
    units: dict[str, tuple[str, str]] = field(default_factory=dict)  # form -> (unit, count)
    dayparts: dict[str, tuple[str, str]] = field(default_factory=dict)  # form -> (code, pm)
    zones: dict[str, str] = field(default_factory=dict)
    holidays: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    modifiers: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    lx = Lexicon()
    for r in load_tsv("time_months.tsv"):
        k = key(r["form"])
        m = int(r["month"])
        if r["calendar"] == "hijri":
            lx.hijri_months[k] = m
            if r["ambiguous"] == "1":
                lx.hijri_ambiguous.add(k)
        elif r["region"] == "en":
            lx.en_months[k] = m
        else:
            lx.greg_months[k] = m
    for r in load_tsv("time_weekdays.tsv"):
        lx.weekdays[key(r["form"])] = int(r["weekday"])
    for r in load_tsv("time_numbers.tsv"):
        k, v, kind = key(r["form"]), int(r["value"]), r["kind"]
        if kind in ("card", "few"):
            lx.cardinals[k] = v
        elif kind in ("ord", "ordf"):
            lx.ordinals[k] = v
            if kind == "ordf":
                lx.fem_ordinals[k] = v
        elif kind == "ordu":
            lx.ord_units[k] = v
        elif kind == "ordt":
            lx.ord_tens[k] = v
    for r in load_tsv("time_units.tsv"):
        lx.units[key(r["form"])] = (r["unit"], r["count"])
    for r in load_tsv("time_dayparts.tsv"):
        lx.dayparts[key(r["form"])] = (r["code"], r["pm"])
    for r in load_tsv("time_zones.tsv"):
        lx.zones[key(r["form"])] = r["tz"]
    for r in load_tsv("time_holidays.tsv"):
        lx.holidays[key(r["form"])] = (r["calendar"], int(r["month"]), int(r["day"]))
    for r in load_tsv("time_modifiers.tsv"):
        lx.modifiers[key(r["form"])] = r["role"]
    return lx


@lru_cache(maxsize=1)
def parts() -> dict[str, str]:
    """Regex fragments (over normalised text) built from the lexicons."""
    lx = lexicon()
    mods = lx.modifiers
    ordinal_words = list(lx.ordinals)
    # ordinal days: 'الحادي والعشرين', 'العشرين', 'الخامس عشر', 'الأول'
    ord_day = (
        rf"(?:(?:{_alt(list(lx.ord_units) + ordinal_words)})\s+و\s*(?:{_alt(list(lx.ord_tens))})"
        rf"|(?:{_alt(list(lx.ord_tens))})|(?:{_alt(ordinal_words)})(?:\s+عشر[ه]?)?)"
    )
    card = _alt(list(lx.cardinals))
    num_word = rf"(?:{card})(?:\s+عشر[ه]?)?(?:\s+و\s*(?:{card}))?"
    return {
        "greg": _alt(list(lx.greg_months)),
        "en": _alt(list(lx.en_months)),
        "months": _alt(list(lx.greg_months) + list(lx.en_months)),
        "hijri": _alt(list(lx.hijri_months)),
        "weekday": _alt(list(lx.weekdays)),
        "card": card,
        "num": rf"(?:\d+(?:[.,]\d+)?|{num_word})",
        "ord_day": ord_day,
        "fem_ord": _alt(list(lx.fem_ordinals)),
        "unit": _alt(list(lx.units)),
        "daypart": _alt(list(lx.dayparts)),
        "zone": _alt(list(lx.zones)),
        "holiday": _alt(list(lx.holidays)),
        "past": _alt([k for k, v in mods.items() if v == "past"]),
        "next": _alt([k for k, v in mods.items() if v == "next"]),
        "this": _alt([k for k, v in mods.items() if v == "this"]),
        "rel": _alt([k for k, v in mods.items() if v in ("past", "next", "this")]),
        "approx": _alt([k for k, v in mods.items() if v in ("approx", "more", "less")]),
        "qpre": _alt([k for k, v in mods.items() if v in ("since", "ago", "after", "within", "for")]),
    }


@lru_cache(maxsize=4096)
def number_value(text: str) -> float | None:
    """Value of a (normalised) number: digits or words ('خمسة وعشرين', 'ثلاثة عشر')."""
    t = " ".join(text.split())
    if not t:
        return None
    if t[0].isdigit():
        try:
            return float(t.replace(",", "."))
        except ValueError:
            return None
    lx = lexicon()
    if t in lx.cardinals:
        return lx.cardinals[t]
    total = 0.0
    for part in re.split(r"\s+و\s*", t):
        words = part.split()
        if not words:
            continue
        if len(words) == 2 and words[1] in ("عشر", "عشره"):
            v = lx.cardinals.get(words[0])
            if v is None:
                return None
            total += v + 10
        elif part in lx.cardinals:
            total += lx.cardinals[part]
        else:
            return None
    return total


@lru_cache(maxsize=4096)
def ordinal_value(text: str) -> int | None:
    """Value of an ordinal day ('الخامس عشر' 15, 'الحادي والعشرين' 21, 'الأول' 1)."""
    lx = lexicon()
    t = " ".join(text.split())
    if t in lx.ordinals:
        return lx.ordinals[t]
    if t in lx.ord_tens:
        return lx.ord_tens[t]
    m = re.match(r"^(\S+)\s+و\s*(\S+)$", t)
    if m:
        u = lx.ord_units.get(m.group(1), lx.ordinals.get(m.group(1)))
        ten = lx.ord_tens.get(m.group(2))
        if u is not None and ten is not None:
            return u + ten
    m = re.match(r"^(\S+)\s+عشر[ه]?$", t)
    if m and m.group(1) in lx.ordinals:
        return lx.ordinals[m.group(1)] + 10
    return None
