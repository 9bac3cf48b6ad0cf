"""Word features shared by the corpus passes (dedupe, stories, summaries, ROUGE).

Tokens are normalised (khabar.text.normalize) and lightly stripped of glued
proclitics by :func:`light_stem`: the article and the conjunction/preposition
letters in front of it (ال، وال، بال، لل، كال، فال، و) and, for long words, a
bare leading و.  Nothing inside the word is touched, so names survive
(بوتين stays بوتين).  Function words from ``stopwords_ar.tsv`` are dropped
where content words are wanted.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from khabar.text.normalize import normalize
from khabar.text.segment import LETTERS

_WORD = re.compile(rf"[{LETTERS}]+|[0-9\u0660-\u0669\u06F0-\u06F9]+")
_PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال")


def _load_stopwords() -> frozenset[str]:
    path = Path(__file__).with_name("stopwords_ar.tsv")
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(normalize(line.split("\t")[0]))
    return frozenset(words)


STOPWORDS = _load_stopwords()


@lru_cache(maxsize=300_000)
def light_stem(word: str) -> str:
    """A normalised word without its glued article/proclitics (only at the front)."""
    w = normalize(word)
    for p in _PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 3:
            return w[len(p):]
    if w.startswith("و") and len(w) >= 5:
        return w[1:]
    return w


def words(text: str) -> list[str]:
    """Normalised, lightly stemmed word tokens (letters and digits only)."""
    return [light_stem(m.group()) for m in _WORD.finditer(text)]


def content_words(text: str) -> list[str]:
    """Words without function words and one-letter tokens."""
    out = []
    for m in _WORD.finditer(text):
        raw = normalize(m.group())
        if raw in STOPWORDS:
            continue
        w = light_stem(raw)
        if len(w) < 2 or w in STOPWORDS or w.isdigit() and len(w) < 2:
            continue
        out.append(w)
    return out


def tf_vector(text: str, weight: float = 1.0, into: Counter | None = None) -> Counter:
    """Add ``weight`` per content-word occurrence of ``text`` to a counter."""
    c = into if into is not None else Counter()
    for w in content_words(text):
        c[w] += weight
    return c


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    if dot == 0:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)
