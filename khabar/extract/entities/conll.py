"""CoNLL/BIO files and entity-level evaluation (exact span + type).

A file has one ``token TAG`` per line (space or tab separated; the tag is the last
field), blank lines between sentences.  Tags are mapped to PER/ORG/LOC; a chunk whose
type maps to nothing (MISC, products...) is ignored on both sides: a predicted chunk
that overlaps an ignored gold chunk is not counted either.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

EVAL_TYPES = ("PER", "ORG", "LOC")

# The fine classes of NewsFANE / WikiFANE (ACE-style subtypes) and common coarse tag names.
FINE_TO_COARSE: dict[str, str] = {
    # people
    "Politician": "PER", "Athlete": "PER", "Artist": "PER", "Other_PER": "PER", "Religious_PER": "PER",
    "Scientist": "PER", "Businessperson": "PER", "Lawyer": "PER", "Engineer": "PER", "Police": "PER",
    "Group": "NORP",
    # organisations
    "Government": "ORG", "Non-Governmental": "ORG", "Commercial": "ORG", "Educational": "ORG",
    "Media": "ORG", "Sports": "ORG", "Religious_ORG": "ORG", "Medical-Science": "ORG", "Entertainment": "ORG",
    # geo-political entities
    "Nation": "GPE", "Population-Center": "GPE", "State-or-Province": "GPE", "County-or-District": "GPE",
    "GPE-Cluster": "GPE", "Continent": "LOC",
    # locations
    "Water-Body": "LOC", "Land-Region-Natural": "LOC", "Celestial": "LOC", "Address": "LOC",
    "Boundary": "LOC", "Region-General": "LOC", "Region-International": "LOC",
    # facilities
    "Building-Grounds": "FAC", "Airport": "FAC", "Path": "FAC", "Subarea-Facility": "FAC", "Plant": "FAC",
    # everything else (works, products, vehicles, weapons) -> MIS
    "Book": "MIS", "Movie": "MIS", "Software": "MIS", "Hardware": "MIS", "Projectile": "MIS",
    "Shooting": "MIS", "Food": "MIS", "Water": "MIS", "Drug": "MIS", "Air": "MIS", "Land": "MIS",
}

# Default mapping for evaluation: ours and common corpora's coarse names onto PER/ORG/LOC.
# NORP (ACE's PER.Group) counts as PER, GPE and FAC as LOC.
DEFAULT_EVAL_MAP: dict[str, str] = {
    "PER": "PER", "PERS": "PER", "PERSON": "PER", "NORP": "PER",
    "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG",
    "LOC": "LOC", "LOCATION": "LOC", "GPE": "LOC", "FAC": "LOC",
}
for _k, _v in FINE_TO_COARSE.items():
    if _v in DEFAULT_EVAL_MAP:
        DEFAULT_EVAL_MAP[_k] = DEFAULT_EVAL_MAP[_v]


def read_conll(path: str | Path) -> list[list[tuple[str, str]]]:
    """Sentences of (token, tag) pairs."""
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip():
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            if line.startswith("-DOCSTART-"):
                continue
            parts = line.split("\t") if "\t" in line else line.split()
            if len(parts) < 2:
                parts = [parts[0], "O"]
            cur.append((parts[0].strip(), parts[-1].strip() or "O"))
    if cur:
        sents.append(cur)
    return sents


def _split_tag(tag: str) -> tuple[str, str]:
    """('B', 'PER') from 'B-PER'; ('I', 'PER') from a bare 'PER' (IO scheme); ('O', '') for O."""
    if tag in ("O", "", "_"):
        return "O", ""
    pre, sep, typ = tag.partition("-")
    if sep and len(pre) == 1 and pre in "BIESL" and typ:
        return {"L": "E"}.get(pre, pre), typ
    return "I", tag


def chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """BIO/IOBES/IO chunks as (start, end, raw type)."""
    out = []
    cur: list | None = None
    for i, tag in enumerate(tags):
        pre, typ = _split_tag(tag)
        if pre == "O":
            cur = None
            continue
        if pre in ("B", "S") or cur is None or cur[2] != typ:
            cur = [i, i + 1, typ]
            out.append(cur)
        else:
            cur[1] = i + 1
        if pre in ("S", "E"):
            cur = None
    return [tuple(c) for c in out]


def parse_map(spec: str | Iterable[str] | None) -> dict[str, str]:
    """'Politician=PER,Nation=LOC' -> dict."""
    out: dict[str, str] = {}
    if not spec:
        return out
    items = spec.split(",") if isinstance(spec, str) else [x for s in spec for x in s.split(",")]
    for it in items:
        it = it.strip()
        if not it:
            continue
        if "=" not in it:
            raise ValueError(f"bad map item {it!r}: expected SRC=DST")
        src, dst = (x.strip() for x in it.split("=", 1))
        out[src] = dst
    return out


def evaluate(
    gold: list[list[str]],
    pred: list[list[str]],
    mapping: dict[str, str] | None = None,
) -> dict:
    """Entity-level exact-match P/R/F1 per type and micro-averaged over PER/ORG/LOC."""
    gold_map = dict(DEFAULT_EVAL_MAP)
    pred_map = dict(DEFAULT_EVAL_MAP)
    if mapping:
        gold_map.update(mapping)
        pred_map.update({k: v for k, v in mapping.items() if k in DEFAULT_EVAL_MAP})
    tp = dict.fromkeys(EVAL_TYPES, 0)
    fp = dict.fromkeys(EVAL_TYPES, 0)
    fn = dict.fromkeys(EVAL_TYPES, 0)
    for g_tags, p_tags in zip(gold, pred, strict=True):
        g_all = chunks(g_tags)
        ignored = [(s, e) for s, e, t in g_all if gold_map.get(t) not in EVAL_TYPES]
        g = {(s, e, gold_map[t]) for s, e, t in g_all if gold_map.get(t) in EVAL_TYPES}
        p = set()
        for s, e, t in chunks(p_tags):
            m = pred_map.get(t)
            if m not in EVAL_TYPES:
                continue
            if any(s < ie and is_ < e for is_, ie in ignored):
                continue
            p.add((s, e, m))
        for c in p & g:
            tp[c[2]] += 1
        for c in p - g:
            fp[c[2]] += 1
        for c in g - p:
            fn[c[2]] += 1
    per_type = {t: _prf(tp[t], fp[t], fn[t]) for t in EVAL_TYPES}
    micro = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {"per_type": per_type, "micro": micro}


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(100 * p, 2), "r": round(100 * r, 2), "f1": round(100 * f, 2), "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


def glue_conjunction(sent: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Running-text version of a pre-split sentence: a lone 'و' is glued to the next token,
    which keeps its own tag ('و' 'الصحية' -> 'والصحية')."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(sent):
        tok, tag = sent[i]
        if tok == "و" and i + 1 < len(sent) and any(c.isalpha() for c in sent[i + 1][0]):
            nxt, ntag = sent[i + 1]
            if tag != "O" and ntag.startswith("I-"):
                out.append((tok, tag))  # 'و' inside a name stays a token
                i += 1
                continue
            out.append((tok + nxt, ntag))
            i += 2
            continue
        out.append((tok, tag))
        i += 1
    return out
