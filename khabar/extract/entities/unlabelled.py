"""Unlabelled Arabic news text for the word clusters, in the form the NER model sees.

The NER training text (NewsFANE) is pre-tokenised: punctuation is split off, alef
carries no hamza and the conjunction و stands alone.  Running news text (the ANT
articles in ``../shared/data/news`` and the BBC Arabic articles in
``../shared/data/summaries``) is brought to the same form: ``segment.tokenize``,
``normalize``, and a leading و cut off when it is the conjunction by the rule the
tagger applies to running text (``model.conj_split``: 'والحكومه' -> و + 'الحكومه',
'وقال' -> و + 'قال'; 'وزير', 'واشنطن' stay whole).  Only the text is read:
no labels, and nothing of it ships (the cluster table holds word -> cluster ids).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from khabar.text.normalize import normalize
from khabar.text.segment import tokenize

# (file under ../shared/data, JSON fields whose text is used)
SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("news/ant-2018-05.jsonl", ("title", "text")),
    ("summaries/bbc-dev.jsonl", ("title", "text")),
)
_ENDS = {".", "!", "?", "…"}


def _texts(path: Path, fields: tuple[str, ...]) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
            except ValueError:
                continue
            for f in fields:
                v = d.get(f)
                if isinstance(v, str) and v.strip():
                    yield v


def _sentences(text: str) -> Iterator[list[str]]:
    """Normalised tokens, cut into sentences at end punctuation and line breaks."""
    for para in text.splitlines():
        cur: list[str] = []
        for t in tokenize(para):
            w = normalize(t.text)
            if not w:
                continue
            cur.append(w)
            if w in _ENDS and len(cur) > 1:
                yield cur
                cur = []
        if cur:
            yield cur


def available(shared: Path) -> list[Path]:
    """The unlabelled source files present under ``shared``/data."""
    return [shared / "data" / rel for rel, _ in SOURCES if (shared / "data" / rel).exists()]


def read(shared: Path, is_conjunction: Callable[[str], bool]) -> tuple[list[list[str]], list[str]]:
    """Sentences of normalised tokens with the conjunction split off, and the files read.

    ``is_conjunction(word)``: the rule the tagger applies to running text
    (``model.conj_split`` with the training vocabulary), so that the words of the
    cluster table are the words the model sees.
    """
    out: list[list[str]] = []
    used = []
    memo: dict[str, bool] = {}
    for rel, fields in SOURCES:
        p = shared / "data" / rel
        if not p.exists():
            continue
        used.append(str(Path("data") / rel))
        seen_texts: set[str] = set()
        for text in _texts(p, fields):
            if text in seen_texts:  # the same text twice (a title repeated, a re-posted article)
                continue
            seen_texts.add(text)
            for sent in _sentences(text):
                toks: list[str] = []
                for w in sent:
                    split = memo.get(w)
                    if split is None:
                        split = memo[w] = is_conjunction(w)
                    if split:
                        toks += ["و", w[1:]]
                    else:
                        toks.append(w)
                out.append(toks)
    return out, used
