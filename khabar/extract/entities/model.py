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

import numpy as np
import pycrfsuite

from khabar.text.normalize import normalize

from .clusters import ClusterTable, split_members
from .clusters import load as load_clusters
from .features import gaz_bio, member_features, sent_features
from .gazetteer import Gazetteer, gazetteer

HERE = Path(str(resources.files("khabar.extract.entities")))
MODEL_PATH = HERE / "ner.crfsuite"  # a single model (`train --members ''`), used when no ensemble ships
ENSEMBLE_PATH = HERE / "ner_models.json"  # the shipped ensemble: its member models and cluster columns
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


class _Member:
    """One CRF of the tagger and the word clusters it was trained with (None: the
    module-wide table of ``features``)."""

    def __init__(self, crf: pycrfsuite.Tagger | tuple[pycrfsuite.Tagger, bytes | None], table: ClusterTable | None, name: str = ""):
        self.crf, self._data = crf if isinstance(crf, tuple) else (crf, None)
        crf = self.crf
        self.table = table
        self.name = name
        self.labels = list(crf.labels())


def open_crf(path: Path | str) -> tuple[pycrfsuite.Tagger, bytes | None]:
    """A crfsuite model file, plain or gzip-compressed ('.gz', read into memory), and the
    bytes of an in-memory model: crfsuite reads them in place, so they must outlive the
    tagger (``_Member`` keeps them)."""
    path = Path(path)
    crf = pycrfsuite.Tagger()
    if path.suffix == ".gz":
        data = gzip.decompress(path.read_bytes())
        crf.open_inmemory(data)
        return crf, data
    crf.open(str(path))
    return crf, None


def load_members(manifest: Path | str = ENSEMBLE_PATH) -> list[_Member]:
    """The members listed in an ensemble manifest (``ner_models.json``): each a model file
    and the column group of the shared cluster table it was trained with."""
    manifest = Path(manifest)
    spec = json.loads(manifest.read_text(encoding="utf-8"))
    tables = split_members(load_clusters(manifest.parent / spec["clusters"]))
    out = []
    for m in spec["members"]:
        path = manifest.parent / m["model"]
        if not path.exists():
            raise ModelMissing(f"no NER model at {path}; run `make train-ner`")
        out.append(_Member(open_crf(path), tables[m["columns"]], m["columns"]))
    return out


class Tagger:
    """BIO tagging of token sequences with the shipped CRFs.

    The shipped tagger is an ensemble of K CRFs that differ only in the k-means start of
    their word clusters (``ner_models.json``).  When the K best paths agree they are the
    answer; otherwise ``combine='marginals'`` averages the K models' per-token BILOU
    marginals and takes the best valid BILOU path through their logs (``best_bilou``), and
    ``combine='vote'`` keeps the chunks that at least half of the models produce.  A
    single model file (``model_path``) gives a one-member tagger."""

    def __init__(
        self,
        model_path: Path | str | None = None,
        vocab_path: Path = VOCAB_PATH,
        *,
        members: list[_Member] | None = None,
        combine: str | None = None,
    ):
        if members is None:
            if model_path is None:
                if ENSEMBLE_PATH.exists():
                    spec = json.loads(ENSEMBLE_PATH.read_text(encoding="utf-8"))
                    combine = combine or spec.get("combine")
                    members = load_members(ENSEMBLE_PATH)
                else:
                    model_path = MODEL_PATH
            if members is None:
                if not Path(model_path).exists():
                    raise ModelMissing(f"no NER model at {model_path}; run `make train-ner`")
                members = [_Member(open_crf(model_path), None)]
        if not members:
            raise ModelMissing("an NER tagger needs at least one model")
        if (combine or "marginals") not in ("marginals", "vote"):
            raise ValueError(f"unknown combination {combine!r}")
        self.members = members
        self.combine = combine or "marginals"
        self.vocab = load_vocab(vocab_path)
        self.gaz = gazetteer()

    # -- the conjunction -----------------------------------------------------
    def split_conj(self, norm: str) -> bool:
        """Is the leading و of normalised token ``norm`` the conjunction?"""
        return conj_split(norm, self.vocab, self.gaz)

    def bilou(self, seq: list[str], *, fast: bool = True) -> list[str]:
        """BILOU labels of the normalised model tokens ``seq``, the K models combined.
        ``fast``: when all K best paths agree, take them without computing marginals."""
        gaz = gaz_bio(seq, self.gaz)[0]
        if len(self.members) == 1:
            feats = [sent_features(seq, self.gaz, gaz, self.members[0].table)]
        else:  # what does not depend on a member's clusters is built once
            feats = member_features(seq, self.gaz, gaz, [m.table for m in self.members])
        paths = []
        for m, f in zip(self.members, feats, strict=True):
            m.crf.set(f)
            paths.append(m.crf.tag())
        if fast and all(p == paths[0] for p in paths[1:]):
            return paths[0]
        if self.combine == "vote":
            return chunk_vote(paths)
        labels = list(dict.fromkeys(lab for m in self.members for lab in m.labels))
        col = {lab: k for k, lab in enumerate(labels)}
        avg = np.zeros((len(seq), len(labels)))
        for m in self.members:
            idx = [col[lab] for lab in m.labels]
            marg = np.array([[m.crf.marginal(lab, t) for lab in m.labels] for t in range(len(seq))])
            avg[:, idx] += marg
        avg /= len(self.members)
        return best_bilou(avg, labels)

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
        tags = from_bilou(self.bilou(seq))
        out = ["O"] * len(tokens)
        for t, o, r in zip(tags, owner, is_rest, strict=True):
            if r:
                out[o] = t
        return repair_bio(out)

    def tag_sentences(self, sents: list[list[str]], **kw: bool) -> list[list[str]]:
        return [self.tag(s, **kw) for s in sents]


def _allowed(prev: str, cur: str) -> bool:
    """May BILOU label ``cur`` follow ``prev``?  ('' before the first token / after the last.)"""
    p, c = prev[:2], cur[:2]
    if p in ("B-", "I-"):
        return c in ("I-", "L-") and cur[2:] == prev[2:]
    return cur == "" or cur == "O" or c in ("B-", "U-")


def best_bilou(scores: np.ndarray, labels: list[str]) -> list[str]:
    """The best valid BILOU path (O/L/U -> O, B, U; B/I -> I, L of the same type; no B/I at
    the end) through ``log(scores)``: scores is tokens x labels (averaged marginals)."""
    n, k = scores.shape
    logp = np.log(np.maximum(scores, 1e-12))
    trans = np.array([[0.0 if _allowed(a, b) else -np.inf for b in labels] for a in labels])
    start = np.array([0.0 if _allowed("", b) else -np.inf for b in labels])
    end = np.array([0.0 if _allowed(a, "") else -np.inf for a in labels])
    delta = start + logp[0]
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = delta[:, None] + trans
        back[t] = np.argmax(cand, axis=0)
        delta = cand[back[t], np.arange(k)] + logp[t]
    best = int(np.argmax(delta + end))
    path = [best]
    for t in range(n - 1, 0, -1):
        best = int(back[t, best])
        path.append(best)
    return [labels[i] for i in reversed(path)]


def chunk_vote(paths: list[list[str]]) -> list[str]:
    """BILOU labels of the chunks that at least ceil(K/2) of the K label paths produce
    exactly (same span and type); among overlapping ones the most voted, then the first."""
    need = (len(paths) + 1) // 2
    votes: dict[tuple[int, int, str], int] = {}
    for p in paths:
        for ch in bio_spans(from_bilou(p)):
            votes[ch] = votes.get(ch, 0) + 1
    out = ["O"] * len(paths[0])
    for (i, j, typ), v in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0][0])):
        if v < need or any(x != "O" for x in out[i:j]):
            continue
        for k in range(i, j):
            out[k] = "I-" + typ
        out[i] = "B-" + typ
    return to_bilou(out)


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
