"""Unsupervised word clusters for the NER features (numpy only).

Each frequent normalised word gets a vector from its neighbours (left/right at
distances 1 and 2, the most frequent words as contexts, positive PMI), reduced by a
truncated SVD and clustered by spherical k-means at three granularities.  The CRF
then sees 'this word is in cluster 17 of 64' - words used alike (city names, first
names, organisation heads) share clusters, so a rare name seen once in training
helps its cluster-mates.

Built by ``python -m khabar.extract.entities.train`` from the training text only
(NewsFANE Gold sentences of the training part, no labels), written to
``ner_clusters.tsv.gz`` beside the model.
"""
from __future__ import annotations

import gzip
from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np

HERE = Path(str(resources.files("khabar.extract.entities")))
CLUSTERS_PATH = HERE / "ner_clusters.tsv.gz"
SIZES = (32, 128, 512)


def _kmeans(x: np.ndarray, k: int, rng: np.random.Generator, iters: int = 20) -> np.ndarray:
    """Spherical k-means (rows of x are unit vectors); k-means++ seeding."""
    n = x.shape[0]
    k = min(k, n)
    centres = np.empty((k, x.shape[1]), dtype=x.dtype)
    first = rng.integers(n)
    centres[0] = x[first]
    d = 1.0 - x @ centres[0]
    for c in range(1, k):
        p = np.clip(d, 0, None) ** 2
        s = p.sum()
        idx = rng.integers(n) if s <= 0 else rng.choice(n, p=p / s)
        centres[c] = x[idx]
        d = np.minimum(d, 1.0 - x @ centres[c])
    assign = np.zeros(n, dtype=np.int64)
    for _ in range(iters):
        assign = np.argmax(x @ centres.T, axis=1)
        for c in range(k):
            m = assign == c
            if m.any():
                v = x[m].sum(axis=0)
                nv = np.linalg.norm(v)
                if nv > 0:
                    centres[c] = v / nv
    return assign


def build(sents: list[list[str]], *, min_count: int = 3, n_ctx: int = 1500, dims: int = 100, seed: int = 7) -> dict[str, tuple[int, ...]]:
    """word -> (cluster at each of SIZES) for the words seen at least ``min_count`` times."""
    counts = Counter(w for s in sents for w in s)
    words = [w for w, c in counts.most_common() if c >= min_count]
    ctx = [w for w, _ in counts.most_common(n_ctx)]
    wi = {w: i for i, w in enumerate(words)}
    ci = {w: i for i, w in enumerate(ctx)}
    offsets = (-2, -1, 1, 2)
    m = np.zeros((len(words), len(ctx) * len(offsets)), dtype=np.float32)
    for s in sents:
        n = len(s)
        for i, w in enumerate(s):
            r = wi.get(w)
            if r is None:
                continue
            for oi, d in enumerate(offsets):
                j = i + d
                if 0 <= j < n:
                    c = ci.get(s[j])
                    if c is not None:
                        m[r, oi * len(ctx) + c] += 1
    total = m.sum()
    row = m.sum(axis=1, keepdims=True)
    col = m.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((m * total) / (row @ col))
    pmi[~np.isfinite(pmi)] = 0
    np.maximum(pmi, 0, out=pmi)
    cov = pmi.T @ pmi
    vals, vecs = np.linalg.eigh(cov)
    top = vecs[:, np.argsort(vals)[::-1][:dims]]
    emb = pmi @ top
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)
    rng = np.random.default_rng(seed)
    assigns = [_kmeans(emb, k, rng) for k in SIZES]
    return {w: tuple(int(a[i]) for a in assigns) for i, w in enumerate(words)}


def write(table: dict[str, tuple[int, ...]], path: Path, about: str) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(f"# {about}\n# word\t" + "\t".join(f"c{k}" for k in SIZES) + "\n")
        for w, cs in table.items():
            fh.write(w + "\t" + "\t".join(map(str, cs)) + "\n")


def load(path: Path | str = CLUSTERS_PATH) -> dict[str, tuple[str, ...]]:
    path = Path(path)
    if not path.exists():
        return {}
    out: dict[str, tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) == len(SIZES) + 1:
                out[parts[0]] = tuple(parts[1:])
    return out
