"""Cross-article identity: one Entity per real entity, every spelling seen.

Input: docs whose ``mentions`` layer carries per-article entity ids (gazetteer ids such as
'Q7747', or 'ent:TYPE:<normalised key>').  Clusters of local ids are merged when their
names are the same name spelled differently, with guards so that different entities stay
apart:

- gazetteer ids are never merged with each other (Georgia the country and the US state
  have different ids; Trump and Biden too);
- clusters are compared through one representative name each (the most frequent
  multi-word one), so merges do not chain through stray spellings;
- two names merge only when they have the same number of words and every word is the
  same after folding transliteration choices (hamza forms, the article, final ة, غ/ج,
  تش/ش: سيرغي/سيرجي, جرينتش/غرينتش) or one long vowel apart (ترامب/ترمب, بوتين/بوتن,
  زيلينسكي/زيلنسكي; words of 5+ letters), and never when both words are common words of
  the training text (حسن/حسين, محمد/محمود): 'محمد بن سلمان' never joins 'محمد بن زايد';
- a one-word person name joins a multi-word one only when exactly one person cluster
  ends with that word ('بيسكوف' -> 'ديميتري بيسكوف').
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from khabar.extract.entities.gazetteer import Gazetteer, gazetteer
from khabar.extract.entities.model import load_vocab
from khabar.model import Entity, Mention
from khabar.text.normalize import normalize

from .doc import Doc

_FOLD = str.maketrans({"غ": "ج", "ق": "ك", "ط": "ت", "ص": "س", "ذ": "ز", "ض": "د", "ظ": "ز", "ث": "س", "ء": ""})
_VOWELS = re.compile(r"(?<=.)[اوي]")


def skeleton(word: str) -> str:
    """Consonant skeleton of one normalised word (first letter kept as is)."""
    w = normalize(word)
    if w.startswith("ال") and len(w) > 4:
        w = w[2:]
    if len(w) > 2 and w.endswith("ه"):
        w = w[:-1]  # taa marbuta (normalised to ه): جدة/جده
    w = _VOWELS.sub("", w)
    return w.translate(_FOLD)


def name_skeleton(name: str) -> tuple[str, ...]:
    return tuple(skeleton(w) for w in normalize(name).split())


def _group(type_: str) -> str:
    return "PLACE" if type_ in ("GPE", "LOC", "FAC") else type_


@lru_cache(maxsize=1)
def _vocab() -> dict[str, int]:
    return load_vocab()


def _distinct_words(x: str, y: str) -> bool:
    """Both are words of their own in the NER training text (حسن/حسين, محمد/محمود): different names."""
    v = _vocab()
    return v.get(x, 0) >= 2 and v.get(y, 0) >= 2


def fold(word: str) -> str:
    """A word with the spelling choices of transliteration folded: hamza forms, the article,
    final taa marbuta, غ/ج ('سيرغي'/'سيرجي'), تش/ش; letters otherwise kept."""
    w = normalize(word).replace("ء", "")
    if w.startswith("ال") and len(w) > 4:
        w = w[2:]
    if len(w) > 2 and w.endswith("ه"):
        w = w[:-1]
    return w.replace("غ", "ج").replace("تش", "ش")


def _one_vowel_apart(a: str, b: str) -> bool:
    """Is one word the other with one long vowel (ا و ي) added inside? (ترامب/ترمب, 5+ letters)"""
    if max(len(a), len(b)) < 5 or abs(len(a) - len(b)) != 1:
        return False
    ops = Levenshtein.editops(a, b)
    if len(ops) != 1 or ops[0].tag not in ("insert", "delete"):
        return False
    op = ops[0]
    ch = a[op.src_pos] if op.tag == "delete" else b[op.dest_pos]
    return ch in "اوي" and (op.src_pos if op.tag == "delete" else op.dest_pos) > 0


def _word_same(x: str, y: str) -> bool:
    if x == y:
        return True
    if _distinct_words(x, y):
        return False
    fx, fy = fold(x), fold(y)
    return fx == fy or _one_vowel_apart(fx, fy)


def same_name(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` spellings of the same name (guarded, see the module doc)?"""
    wa, wb = normalize(a).split(), normalize(b).split()
    if len(wa) != len(wb) or not wa:
        return False
    return all(_word_same(x, y) for x, y in zip(wa, wb, strict=True))


# Generic heads before a name: 'وكالة تاس' is also a spelling 'تاس' seen in the text.
_HEADS = (("وكاله",), ("صحيفه",), ("قناه",), ("شبكه",), ("موقع",), ("حركه",), ("منظمه",), ("مجموعه",), ("شبه", "جزيره"))


def spellings(surface: str) -> list[str]:
    """The surface and, after a generic head word, the bare name.  A name glued to the
    preposition that swallows its article ('للسعودية') is recorded as 'السعودية'."""
    if normalize(surface[:2]) == "لل" and len(surface) > 4:
        surface = "ال" + surface[2:]
    out = [surface]
    words = surface.split()
    norm = normalize(surface).split()
    for h in _HEADS:
        if len(norm) > len(h) and tuple(norm[: len(h)]) == h:
            out.append(" ".join(words[len(h) :]))
    return out


@dataclass
class _Cluster:
    id: str
    types: Counter = field(default_factory=Counter)
    names: Counter = field(default_factory=Counter)  # normalised name -> count (named mentions)
    surfaces: Counter = field(default_factory=Counter)  # spellings as written
    roles: Counter = field(default_factory=Counter)
    articles: set = field(default_factory=set)
    count: int = 0

    @property
    def type(self) -> str:
        return self.types.most_common(1)[0][0] if self.types else "PER"


def _rep(c: _Cluster) -> str:
    """A cluster's representative name: its most frequent multi-word name, else its most frequent name."""
    multi = [(n, k) for n, k in c.names.items() if len(n.split()) > 1]
    pool = multi or list(c.names.items())
    if not pool:
        return ""
    return max(pool, key=lambda nk: (nk[1], nk[0]))[0]


class _UF:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        p = self.parent.setdefault(x, x)
        if p != x:
            p = self.find(p)
            self.parent[x] = p
        return p

    def union(self, keep: str, other: str) -> None:
        a, b = self.find(keep), self.find(other)
        if a != b:
            self.parent[b] = a


def build_entities(
    docs: Iterable[Doc], g: Gazetteer | None = None
) -> tuple[list[Entity], dict[str, str]]:
    """Entities from every doc's mentions, and the map old id -> canonical id (changed ids only)."""
    g = g or gazetteer()
    gaz_keys = {e.key: e for e in g.entries}

    def _is_gaz(eid: str) -> bool:
        return eid in gaz_keys

    clusters: dict[str, _Cluster] = {}
    for d in docs:
        text = d.article.text
        for m in d.layers.get("mentions", []) or []:
            if not isinstance(m, Mention) or not m.entity_id:
                continue
            c = clusters.get(m.entity_id)
            if c is None:
                c = clusters[m.entity_id] = _Cluster(m.entity_id)
            c.count += 1
            c.articles.add(d.id)
            if m.role:
                c.roles[m.role] = c.roles[m.role] + 1
            if m.named:
                c.types[m.label] += 1
                surface = text[m.start : m.end]
                for s in spellings(surface):
                    c.surfaces[s] += 1
                    c.names[" ".join(normalize(s).split())] += 1
    uf = _UF()
    ids = sorted(clusters)
    # 1. a local cluster whose name is a spelling of a gazetteer variant joins that entry
    gaz_by_skel: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    for e in g.entries:
        for v in e.variants:
            gaz_by_skel[(_group(e.type), name_skeleton(v))].add(e.key)
    for cid in ids:
        if _is_gaz(cid):
            continue
        c = clusters[cid]
        hits = set()
        name = _rep(c)
        for key in gaz_by_skel.get((_group(c.type), name_skeleton(name)), set()):
            if any(same_name(name, v) for v in gaz_keys[key].variants):
                hits.add(key)
        if len(hits) == 1:
            uf.union(next(iter(hits)), cid)
    # 2. local clusters: same name after folding / one vowel apart, blocked by type, length, last word
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for cid in ids:
        c = clusters[cid]
        if not c.names:
            continue
        words = _rep(c).split()
        if words:
            blocks[(_group(c.type), len(words), skeleton(fold(words[-1])))].append(cid)
    for members in blocks.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if _is_gaz(a) and _is_gaz(b):
                    continue
                ra, rb = uf.find(a), uf.find(b)
                if ra == rb or (_is_gaz(ra) and _is_gaz(rb)):
                    continue
                if same_name(_rep(clusters[a]), _rep(clusters[b])):
                    keep, other = (ra, rb) if _is_gaz(ra) or (not _is_gaz(rb) and ra < rb) else (rb, ra)
                    uf.union(keep, other)
    # 3. one-word person names join the only multi-word person cluster ending with that word
    last_word: dict[str, set[str]] = defaultdict(set)
    for cid in ids:
        c = clusters[cid]
        if c.type != "PER" or not c.names:
            continue
        words = _rep(c).split()
        if len(words) >= 2:
            last_word[fold(words[-1])].add(uf.find(cid))
    for cid in ids:
        c = clusters[cid]
        if c.type != "PER" or _is_gaz(cid) or not c.names:
            continue
        words = _rep(c).split()
        if len(words) == 1 and _vocab().get(words[0], 0) < 10:  # not a common first name ('محمد')
            owners = {uf.find(o) for o in last_word.get(fold(words[0]), set())}
            owners.discard(uf.find(cid))
            if len(owners) == 1:
                uf.union(next(iter(owners)), uf.find(cid))
    # build the merged records
    merged: dict[str, list[_Cluster]] = defaultdict(list)
    for cid in ids:
        merged[uf.find(cid)].append(clusters[cid])
    entities = []
    remap = {}
    for root, parts in merged.items():
        for p in parts:
            if p.id != root:
                remap[p.id] = root
        entities.append(_record(root, parts, gaz_keys.get(root)))
    entities.sort(key=lambda e: (-e.mention_count, e.id))
    return entities, remap


def _record(root: str, parts: list[_Cluster], entry) -> Entity:
    types: Counter = Counter()
    surfaces: Counter = Counter()
    names: Counter = Counter()
    roles: Counter = Counter()
    articles: set = set()
    count = 0
    for p in parts:
        types.update(p.types)
        surfaces.update(p.surfaces)
        names.update(p.names)
        roles.update(p.roles)
        articles |= p.articles
        count += p.count
    type_ = entry.type if entry is not None else (types.most_common(1)[0][0] if types else "PER")
    if entry is not None:
        label_ar = entry.label_ar
    elif surfaces:
        # the most frequent of the longest spellings
        longest = max(len(s.split()) for s in surfaces)
        label_ar = max((s for s in surfaces if len(s.split()) == longest), key=lambda s: (surfaces[s], s))
    else:
        label_ar = root.split(":", 2)[-1]
    return Entity(
        id=root,
        type=type_,
        label_ar=label_ar,
        label_en=entry.label_en if entry is not None else None,
        variants=sorted(surfaces, key=lambda s: (-surfaces[s], s)),
        roles=sorted(roles, key=lambda r: (-roles[r], r)),
        wikidata=entry.wikidata if entry is not None else None,
        mention_count=count,
        articles=sorted(articles),
    )
