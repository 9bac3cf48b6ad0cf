"""ROUGE-N and ROUGE-L for Arabic (the rouge-score package drops non-Latin tokens).

Tokens are words of letters or digits after khabar's matching normalisation
(alef/hamza forms, ى/ي, ة/ه, tashkeel, Arabic-Indic digits; see
khabar.text.normalize).  With ``stem=True`` (the default) each token also loses a
glued article or proclitic at its front (ال، وال، بال، لل، كال، فال and a leading
و on words of five letters or more, see features.light_stem): 'والمفاوضات' and
'المفاوضات' and 'مفاوضات' count as the same word.  Punctuation is ignored.
Scores are F1 (with P and R) of clipped n-gram overlap, as in Lin (2004).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from khabar.text.normalize import normalize
from khabar.text.segment import LETTERS

from .features import light_stem

_WORD = re.compile(rf"[{LETTERS}]+|[0-9\u0660-\u0669\u06F0-\u06F9]+")


def rouge_tokens(text: str, *, stem: bool = True) -> list[str]:
    toks = [m.group() for m in _WORD.finditer(text)]
    return [light_stem(t) if stem else normalize(t) for t in toks]


@dataclass(slots=True)
class Score:
    p: float
    r: float
    f: float

    def to_dict(self) -> dict[str, float]:
        return {"p": round(self.p, 4), "r": round(self.r, 4), "f": round(self.f, 4)}


def _prf(overlap: float, n_cand: int, n_ref: int) -> Score:
    p = overlap / n_cand if n_cand else 0.0
    r = overlap / n_ref if n_ref else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Score(p, r, f)


def _ngrams(toks: list[str], n: int) -> Counter:
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def rouge_n(candidate: str, reference: str, n: int = 1, *, stem: bool = True) -> Score:
    c = _ngrams(rouge_tokens(candidate, stem=stem), n)
    r = _ngrams(rouge_tokens(reference, stem=stem), n)
    overlap = sum((c & r).values())
    return _prf(overlap, sum(c.values()), sum(r.values()))


def rouge_l(candidate: str, reference: str, *, stem: bool = True) -> Score:
    a = rouge_tokens(candidate, stem=stem)
    b = rouge_tokens(reference, stem=stem)
    if not a or not b:
        return Score(0.0, 0.0, 0.0)
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return _prf(prev[-1], len(a), len(b))
