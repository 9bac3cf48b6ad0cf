"""Token features for the CRF tagger.

Every token is seen through its normalised form (``khabar.text.normalize``), its
proclitic-stripped bases (``match_keys``), affixes, shape, gazetteer membership
(BIO of the longest shipped phrase covering it), title/trigger words, nisba
adjectives, and the same for a window of two tokens either side.
"""
from __future__ import annotations

from khabar.text.keys import match_keys
from khabar.text.normalize import normalize

from .gazetteer import Gazetteer, gazetteer

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
    keys = match_keys(w)
    f = ["w=" + w, "sh=" + _shape(w), "ln=" + str(min(len(w), 8))]
    if len(w) > 1:
        f += ["p2=" + w[:2], "s2=" + w[-2:]]
    if len(w) > 2:
        f += ["p3=" + w[:3], "s3=" + w[-3:]]
    if len(w) > 3:
        f += ["s4=" + w[-4:]]
    f.append("s1=" + w[-1:])
    for k in keys[1:3]:
        f.append("k=" + k)
    base = keys[-1]
    if base != w:
        f += ["bs3=" + base[-3:], "bp2=" + base[:2]]
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
    return f


# Short feature sets for neighbours: (prefix, which token features to copy).
_NEIGH = ("w=", "k=", "s3=", "gw=", "nis", "ttl", "torg", "tloc", "tsaid", "sh=")


def sent_features(norm_tokens: list[str], g: Gazetteer | None = None) -> list[list[str]]:
    """Features of every token of one sentence (tokens already normalised)."""
    g = g or gazetteer()
    n = len(norm_tokens)
    base = [token_feats(w, g) for w in norm_tokens]
    gaz = ["O"] * n
    i = 0
    while i < n:
        m = g.match(norm_tokens, i)
        if m is None:
            i += 1
            continue
        end, _, entries = m
        t = entries[0].type
        gaz[i] = "B-" + t
        for j in range(i + 1, end):
            gaz[j] = "I-" + t
        i = end
    neigh = [[x for x in b if x.startswith(_NEIGH)] for b in base]
    out = []
    for i in range(n):
        f = ["bias", *base[i], "g=" + gaz[i]]
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f.extend(f"{d}:{x}" for x in neigh[j])
                f.append(f"{d}:g={gaz[j]}")
            else:
                f.append(f"{d}:BOUND")
        if i > 0:
            f.append("w-1w=" + norm_tokens[i - 1] + "|" + norm_tokens[i])
        if i + 1 < n:
            f.append("ww+1=" + norm_tokens[i] + "|" + norm_tokens[i + 1])
        out.append(f)
    return out


def normalise_tokens(tokens: list[str]) -> list[str]:
    return [normalize(t) for t in tokens]
