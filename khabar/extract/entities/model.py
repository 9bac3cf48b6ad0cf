"""The CRF sequence tagger (python-crfsuite) and its running-text front end.

The training text (NewsFANE) splits the conjunction و off as its own token; running
news text glues it on (وأضاف, وبوتين).  ``split_conj`` decides, token by token, whether a
leading و is the conjunction: when the rest is a word the training vocabulary knows
better than the whole (وأضاف -> و + أضاف), or the rest is a gazetteer name and the whole
is not (وواشنطن -> و + واشنطن; واشنطن itself stays whole).
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from khabar.text.normalize import normalize

from .features import sent_features
from .gazetteer import Gazetteer, gazetteer

HERE = Path(str(resources.files("khabar.extract.entities")))
MODEL_PATH = HERE / "ner.crfsuite"
VOCAB_PATH = HERE / "ner_vocab.json.gz"

# Labels the tagger emits besides PER/ORG/GPE/LOC/FAC: NORP (named groups of people such as
# 'الفلسطينيين') and MIS (works, products, vehicles); neither becomes a Mention.
MENTION_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC")


class ModelMissing(RuntimeError):
    """The shipped weights are absent: run `make train-ner`."""


def load_vocab(path: Path | str = VOCAB_PATH) -> dict[str, int]:
    path = Path(path)
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return data["counts"]


def conj_split(norm: str, vocab: dict[str, int], gaz: Gazetteer) -> bool:
    """Is the leading و of normalised token ``norm`` the conjunction?  ``vocab``: token
    counts of the (pre-split) training text; ``gaz``: the shipped gazetteer."""
    if len(norm) < 3 or norm[0] != "و":
        return False
    rest = norm[1:]
    whole_n = vocab.get(norm, 0)
    rest_n = vocab.get(rest, 0)
    phrases = gaz.phrases
    if (norm,) in phrases or norm in gaz.nisba:
        return False
    if (rest,) in phrases or rest in gaz.first_tokens or rest in gaz.nisba:
        return True
    if rest_n > whole_n:
        return True
    if whole_n == 0 and len(rest) >= 3 and rest[0] != "و":
        # an unknown word: most unknown و-initial words in news are و + word
        return True
    return False


class Tagger:
    """BIO tagging of token sequences with the shipped CRF."""

    def __init__(self, model_path: Path = MODEL_PATH, vocab_path: Path = VOCAB_PATH):
        if not Path(model_path).exists():
            raise ModelMissing(f"no NER model at {model_path}; run `make train-ner`")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self.vocab = load_vocab(vocab_path)
        self.gaz = gazetteer()

    # -- the conjunction -----------------------------------------------------
    def split_conj(self, norm: str) -> bool:
        """Is the leading و of normalised token ``norm`` the conjunction?"""
        return conj_split(norm, self.vocab, self.gaz)

    def tag(self, tokens: list[str], *, split: bool = True, normalised: bool = False) -> list[str]:
        """BIO tags, one per input token.  With ``split``, a glued conjunction is cut off
        for the model and the tag of the rest is given to the whole token."""
        if not tokens:
            return []
        norm = tokens if normalised else [normalize(t) for t in tokens]
        seq: list[str] = []
        owner: list[int] = []  # for each model token, the input token it came from
        is_rest: list[bool] = []
        for i, w in enumerate(norm):
            if split and self.split_conj(w):
                seq += ["و", w[1:]]
                owner += [i, i]
                is_rest += [False, True]
            else:
                seq.append(w)
                owner.append(i)
                is_rest.append(True)
        tags = from_bilou(self._tagger.tag(sent_features(seq, self.gaz)))
        out = ["O"] * len(tokens)
        for t, o, r in zip(tags, owner, is_rest, strict=True):
            if r:
                out[o] = t
        return repair_bio(out)

    def tag_sentences(self, sents: list[list[str]], **kw: bool) -> list[list[str]]:
        return [self.tag(s, **kw) for s in sents]


def to_bilou(tags: list[str]) -> list[str]:
    """BIO -> BILOU (U- for one-token chunks, L- for the last token of a longer one)."""
    out = list(tags)
    n = len(tags)
    for i, t in enumerate(tags):
        if t == "O":
            continue
        nxt = tags[i + 1] if i + 1 < n else "O"
        cont = nxt == "I-" + t[2:]
        if t.startswith("B-") and not cont:
            out[i] = "U-" + t[2:]
        elif t.startswith("I-") and not cont:
            out[i] = "L-" + t[2:]
    return out


def from_bilou(tags: list[str]) -> list[str]:
    """BILOU (or BIO) -> BIO."""
    return [("B-" + t[2:]) if t[:2] == "U-" else ("I-" + t[2:]) if t[:2] == "L-" else t for t in tags]


def repair_bio(tags: list[str]) -> list[str]:
    """An I- without a matching B-/I- before it becomes B-."""
    out = list(tags)
    for i, t in enumerate(out):
        if t.startswith("I-"):
            prev = out[i - 1] if i else "O"
            if prev == "O" or prev[2:] != t[2:]:
                out[i] = "B-" + t[2:]
    return out


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start token, end token, type) of each BIO chunk."""
    spans = []
    i, n = 0, len(tags)
    while i < n:
        t = tags[i]
        if t.startswith(("B-", "I-")):
            typ = t[2:]
            j = i + 1
            while j < n and tags[j] == "I-" + typ:
                j += 1
            spans.append((i, j, typ))
            i = j
        else:
            i += 1
    return spans


@lru_cache(maxsize=1)
def tagger() -> Tagger:
    """The shipped tagger, loaded once per process."""
    return Tagger()
