"""Near-duplicates: wire copies, republications, lightly edited versions.

MinHash over word 4-gram shingles of the normalised text (64 hash functions),
bucketed by locality-sensitive hashing (16 bands of 4 rows: pairs with Jaccard
similarity of about 0.5 or more collide in some band).  A candidate is a
near-duplicate when its estimated Jaccard similarity reaches ``THRESHOLD``.
Signatures are deterministic (blake2b of the shingle, then fixed
universal-hash permutations) so they can be stored and compared across runs.
The canonical copy is the earliest-seen one; the others are kept as supporting
sources of it and never counted twice.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

from .features import words

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 4
THRESHOLD = 0.7  # estimated Jaccard of shingle sets
MIN_SHINGLES = 8  # shorter texts are not compared (too little evidence)

_P = np.uint64((1 << 61) - 1)
_rng = np.random.RandomState(20250815)
_A = _rng.randint(1, 1 << 31, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
_B = _rng.randint(0, 1 << 31, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
_MASK32 = np.uint64(0xFFFFFFFF)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    toks = words(text)
    return {" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of ``text`` (NUM_PERM uint32 values), or None if too short."""
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    hv = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "little") for s in sorted(sh)),
        dtype=np.uint64,
        count=len(sh),
    )
    # (a*x + b) mod p, in 64-bit without overflow: x < 2^32, a < 2^31 -> a*x < 2^63
    ph = ((hv[:, None] * _A[None, :] + _B[None, :]) % _P) & _MASK32
    return ph.min(axis=0).astype(np.uint32)


def bands(sig: np.ndarray) -> list[str]:
    """LSH band keys of a signature ('b<band>:<hex>')."""
    out = []
    for b in range(BANDS):
        chunk = sig[b * ROWS : (b + 1) * ROWS]
        out.append(f"b{b}:" + hashlib.blake2b(chunk.tobytes(), digest_size=8).hexdigest())
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def to_hex(sig: np.ndarray) -> str:
    return sig.astype("<u4").tobytes().hex()


def from_hex(h: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(h), dtype="<u4").astype(np.uint32)


def best_duplicate(sig: np.ndarray, candidates: Iterable[tuple[str, np.ndarray]]) -> tuple[str, float] | None:
    """The most similar candidate at or above THRESHOLD, as (id, similarity)."""
    best = None
    for cid, csig in candidates:
        s = similarity(sig, csig)
        if s >= THRESHOLD and (best is None or s > best[1] or (s == best[1] and cid < best[0])):
            best = (cid, s)
    return best
