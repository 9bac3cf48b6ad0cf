"""Token features for the CRF tagger.

Every token is seen through its normalised form (``khabar.text.normalize``), its
proclitic-stripped bases (``match_keys``), affixes, shape, gazetteer membership
(BIO of the longest shipped phrase covering it), title/trigger words, nisba
adjectives, and the same for a window of two tokens either side.
"""
from __future__ import annotations

from functools import lru_cache

from khabar.text.keys import match_keys
from khabar.text.normalize import normalize

from . import clusters as _clusters
from .gazetteer import Gazetteer, gazetteer

# Word clusters (``clusters.py``): loaded once; a trial may set another table before use.
CLUSTERS: _clusters.ClusterTable | None = None
# Extra features of the proclitic-stripped base (affixes) and cluster bigrams.
BASE_AFFIXES = True
CLUSTER_BIGRAMS = True


def cluster_table() -> _clusters.ClusterTable:
    global CLUSTERS
    if CLUSTERS is None:
        CLUSTERS = _clusters.load()
    return CLUSTERS

# Context words that announce an organisation or a place (beyond the titles of people).
ORG_TRIGGERS = {
    "وكاله", "صحيفه", "شركه", "حزب", "حركه", "منظمه", "مجلس", "وزاره", "هيئه", "جامعه", "قناه", "شبكه",
    "موقع", "مؤسسه", "بنك", "صندوق", "اتحاد", "جمعيه", "لجنه", "محكمه", "جماعه", "تنظيم", "حلف", "مجموعه",
    "جيش", "قوات", "نادي", "فريق", "مركز", "معهد", "برلمان", "مكتب", "دائره", "سلطه", "ادراه", "مصرف",
}
LOC_TRIGGERS = {
    "مدينه", "عاصمه", "ولايه", "محافظه", "اقليم", "منطقه", "بلده", "قريه", "جزيره", "بحر", "نهر", "جبل",
    "ميناء", "مطار", "قاعده", "شارع", "ساحه", "ميدان", "حي", "شمال", "جنوب", "شرق", "غرب", "بلاد", "دوله",
    "مقاطعه", "مخيم", "معبر", "خليج", "مضيق", "قصر", "مسجد", "سجن",
}
VERBS_SAID = {"قال", "اكد", "اعلن", "اضاف", "اوضح", "صرح", "ذكر", "اشار", "قالت", "اكدت", "اعلنت", "اضافت", "افاد", "افادت", "نقلت", "نقل"}


def _shape(tok: str) -> str:
    if tok.isdigit():
        return "D"
    if any("0" <= c <= "9" for c in tok):
        return "Dx"
    if tok.isascii() and tok.isalpha():
        return "L"
    if not any(c.isalpha() for c in tok):
        return "P"
    return "A"


def token_feats(w: str, g: Gazetteer) -> list[str]:
    """Features of one normalised token, independent of its neighbours."""
    return list(_cached(w, g)[0])


@lru_cache(maxsize=300_000)
def _cached_feats(w: str, gid: int, tid: int = 0) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str]:
    g = _GAZ[gid]
    keys = match_keys(w)
    f = ["w=" + w, "sh=" + _shape(w), "ln=" + str(min(len(w), 8))]
    if len(w) > 1:
        f += ["p2=" + w[:2], "s2=" + w[-2:]]
    if len(w) > 2:
        f += ["p3=" + w[:3], "s3=" + w[-3:]]
    if len(w) > 3:
        f += ["s4=" + w[-4:]]
    f.append("s1=" + w[-1:])
    f.append("p1=" + w[:1])
    if len(w) > 4:
        f += ["s5=" + w[-5:], "p4=" + w[:4]]
    if w.startswith("ال") and len(w) > 3:
        f.append("noal=" + w[2:])
    for k in keys[1:3]:
        f.append("k=" + k)
    base = keys[-1]
    if base != w:
        f += ["bs3=" + base[-3:], "bp2=" + base[:2]]
        if BASE_AFFIXES:
            f.append("b=" + base)
            if len(base) > 3:
                f += ["bs2=" + base[-2:], "bp3=" + base[:3], "bs4=" + base[-4:]]
    table = _TABLES[tid] if tid else cluster_table()
    cl: list[str] = []
    cbi = "-"
    if table:
        for k in keys:
            cs = table.get(k)
            if cs is not None:
                f += [f"{name}={c}" for name, c in zip(table.names, cs, strict=True) if c != "-"]
                # the two coarsest levels (and corpus votes) are also seen from the neighbours, the second in bigrams
                cl = [f"{name}={c}" for name, c in zip(table.names[:2], cs[:2], strict=True) if c != "-"] or ["c=none"]
                cl += [f"{name}={c}" for name, c in zip(table.names, cs, strict=True) if name == "v" and c != "-"]
                cbi = cs[1] if len(cs) > 1 else cs[0]
                break
        else:
            f.append("c=none")
            cl = ["c=none"]
    for k in keys:
        if (k,) in g.phrases:
            for e in g.phrases[(k,)][:1]:
                f.append("gw=" + e.type)
            break
    for k in keys:
        if k in g.nisba:
            f.append("nis")
            break
    for k in keys:
        if k in g.title_first:
            f.append("ttl")
            break
        if k in ORG_TRIGGERS:
            f.append("torg")
            break
        if k in LOC_TRIGGERS:
            f.append("tloc")
            break
        if k in VERBS_SAID:
            f.append("tsaid")
            break
    neigh = [x for x in f if x.startswith(_NEIGH)] + cl
    by_offset = tuple(tuple(f"{d}:{x}" for x in neigh) for d in _OFFSETS)
    return tuple(f), by_offset, cbi


_GAZ: dict[int, Gazetteer] = {}
# Cluster tables given explicitly (the members of an ensemble, each with its own table), by id;
# id 0 stands for the module's CLUSTERS.
_TABLES: dict[int, _clusters.ClusterTable] = {}
_OFFSETS = (-2, -1, 1, 2)


def _cached(w: str, g: Gazetteer, tid: int = 0) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str]:
    gid = id(g)
    if gid not in _GAZ:
        _GAZ[gid] = g
    return _cached_feats(w, gid, tid)


def _table_id(table: _clusters.ClusterTable | None) -> int:
    if table is None:
        return 0
    tid = id(table)
    if _TABLES.get(tid) is not table:
        if tid in _TABLES:  # an id reused by a new table: forget the features cached for the old one
            _cached_feats.cache_clear()
        _TABLES[tid] = table
    return tid


# No clusters: what ``member_features`` builds once per sentence for all members.
_EMPTY = _clusters.ClusterTable()
_EMPTY_ID = _table_id(_EMPTY)

# Short feature sets for neighbours: (prefix, which token features to copy).
_NEIGH = ("w=", "k=", "s3=", "gw=", "nis", "ttl", "torg", "tloc", "tsaid", "sh=")


def gaz_bio(norm_tokens: list[str], g: Gazetteer) -> tuple[list[str], list[tuple[int, int, int, list]]]:
    """BIO tags of the longest gazetteer phrases, and the matches (start, end, key index, entries)."""
    n = len(norm_tokens)
    gaz = ["O"] * n
    matches = []
    i = 0
    while i < n:
        m = g.match(norm_tokens, i)
        if m is None:
            i += 1
            continue
        end, ki, entries = m
        t = entries[0].type
        gaz[i] = "B-" + t
        for j in range(i + 1, end):
            gaz[j] = "I-" + t
        matches.append((i, end, ki, entries))
        i = end
    return gaz, matches


def sent_features(
    norm_tokens: list[str],
    g: Gazetteer | None = None,
    gaz: list[str] | None = None,
    table: _clusters.ClusterTable | None = None,
) -> list[list[str]]:
    """Features of every token of one sentence (tokens already normalised).  ``table``:
    the word clusters to use (a member of an ensemble); None: the module's CLUSTERS."""
    g = g or gazetteer()
    n = len(norm_tokens)
    tid = _table_id(table)
    cached = [_cached(w, g, tid) for w in norm_tokens]
    cbis = [c[2] for c in cached]
    if gaz is None:
        gaz = gaz_bio(norm_tokens, g)[0]
    out = []
    for i in range(n):
        f = _token_and_window(cached, gaz, i)
        _far_words(f, norm_tokens, i)
        if CLUSTER_BIGRAMS:
            _cluster_bigrams(f, cbis, i)
        _word_bigrams(f, norm_tokens, i)
        out.append(f)
    return out


def _token_and_window(cached: list, gaz: list[str], i: int) -> list[str]:
    """Token ``i``'s own features and gazetteer tag, then what it sees of its ±2 neighbours."""
    n = len(cached)
    f = ["bias", *cached[i][0], "g=" + gaz[i]]
    for di, d in enumerate(_OFFSETS):
        j = i + d
        if 0 <= j < n:
            f.extend(cached[j][1][di])
            f.append(f"{d}:g={gaz[j]}")
        else:
            f.append(f"{d}:BOUND")
    return f


def _far_words(f: list[str], norm_tokens: list[str], i: int) -> None:
    for d in (-3, 3):
        j = i + d
        if 0 <= j < len(norm_tokens):
            f.append(f"{d}:w={norm_tokens[j]}")


def _word_bigrams(f: list[str], norm_tokens: list[str], i: int) -> None:
    n = len(norm_tokens)
    f.append("w-1w=" + norm_tokens[i - 1] + "|" + norm_tokens[i] if i > 0 else "first")
    if i + 1 < n:
        f.append("ww+1=" + norm_tokens[i] + "|" + norm_tokens[i + 1])
    if i > 1:
        f.append("w-2w-1=" + norm_tokens[i - 2] + "|" + norm_tokens[i - 1])
    if i + 2 < n:
        f.append("w+1w+2=" + norm_tokens[i + 1] + "|" + norm_tokens[i + 2])


def _cluster_bigrams(f: list[str], cbi: list[str], i: int) -> None:
    if i > 0:
        f.append("c-1c=" + cbi[i - 1] + "|" + cbi[i])
    if i + 1 < len(cbi):
        f.append("cc+1=" + cbi[i] + "|" + cbi[i + 1])


@lru_cache(maxsize=300_000)
def _cluster_feats(w: str, tid: int) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str]:
    """The cluster part of ``_cached_feats`` for one table: the token's own cluster features,
    what its neighbours see of them (by offset) and its bigram cluster id."""
    table = _TABLES[tid] if tid else cluster_table()
    own: list[str] = []
    cl: list[str] = []
    cbi = "-"
    if table:
        for k in match_keys(w):
            cs = table.get(k)
            if cs is not None:
                own = [f"{name}={c}" for name, c in zip(table.names, cs, strict=True) if c != "-"]
                cl = [f"{name}={c}" for name, c in zip(table.names[:2], cs[:2], strict=True) if c != "-"] or ["c=none"]
                cl += [f"{name}={c}" for name, c in zip(table.names, cs, strict=True) if name == "v" and c != "-"]
                cbi = cs[1] if len(cs) > 1 else cs[0]
                break
        else:
            own = cl = ["c=none"]
    return tuple(own), tuple(tuple(f"{d}:{x}" for x in cl) for d in _OFFSETS), cbi


def member_features(
    norm_tokens: list[str], g: Gazetteer, gaz: list[str], tables: list[_clusters.ClusterTable | None]
) -> list[list[list[str]]]:
    """``sent_features`` for each of several cluster tables (the members of an ensemble), the same
    features in another order: what does not depend on the clusters is built once per sentence,
    and only the cluster features once per member."""
    n = len(norm_tokens)
    plain = [_cached(w, g, _EMPTY_ID) for w in norm_tokens]
    base = []
    for i in range(n):
        f = _token_and_window(plain, gaz, i)
        _far_words(f, norm_tokens, i)
        _word_bigrams(f, norm_tokens, i)
        base.append(f)
    out = []
    for table in tables:
        tid = _table_id(table)
        cf = [_cluster_feats(w, tid) for w in norm_tokens]
        cbis = [c[2] for c in cf]
        feats = []
        for i in range(n):
            f = base[i] + list(cf[i][0])
            for di, d in enumerate(_OFFSETS):
                j = i + d
                if 0 <= j < n:
                    f.extend(cf[j][1][di])
            if CLUSTER_BIGRAMS:
                _cluster_bigrams(f, cbis, i)
            feats.append(f)
        out.append(feats)
    return out


def normalise_tokens(tokens: list[str]) -> list[str]:
    return [normalize(t) for t in tokens]
