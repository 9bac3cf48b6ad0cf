"""Train the shipped NER model: ``python -m khabar.extract.entities.train`` (``make train-ner``).

Data: NewsFANE Gold (Alotaibi & Lee 2014, CC BY-SA 3.0) at
``../shared/data/ner/newsfane-train.tsv``; its ~50 fine classes are mapped to
PER/ORG/GPE/LOC/FAC (+ NORP for named groups, MIS for works/products), see
``conll.FINE_TO_COARSE``.  A seeded 10% of sentences is held out as our dev split;
the training part is doubled with a running-text copy in which the conjunction و
is glued back onto the next word (half the sentences, seeded).  Labels are trained in
BILOU form (decoded back to BIO).  The script reports
dev P/R/F1 (as given, and re-glued), then by default trains the shipped model on
all the data (``--no-full`` ships the split model instead).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pycrfsuite

from khabar.text.normalize import normalize

from . import clusters as _clusters
from . import features as _features
from .conll import FINE_TO_COARSE, evaluate, glue_conjunction, read_conll
from .features import sent_features
from .gazetteer import gazetteer
from .model import MODEL_PATH, VOCAB_PATH, Tagger, to_bilou

SHARED = Path(os.environ.get("KHABAR_SHARED", Path(__file__).resolve().parents[3].parent / "shared"))
DEFAULT_DATA = SHARED / "data" / "ner" / "newsfane-train.tsv"
SEED = 13
DEV_SHARE = 0.10
GLUE_SHARE = 1.0  # share of training sentences (with a lone و) that also get a running-text copy


def coarse(tag: str) -> str:
    if tag == "O":
        return "O"
    pre, _, fine = tag.partition("-")
    c = FINE_TO_COARSE.get(fine, "MIS")
    return f"{pre}-{c}"


def load(path: Path) -> list[list[tuple[str, str]]]:
    return [[(t, coarse(g)) for t, g in s] for s in read_conll(path)]


def split(sents: list, seed: int = SEED, share: float = DEV_SHARE) -> tuple[list, list]:
    rng = random.Random(seed)
    idx = list(range(len(sents)))
    rng.shuffle(idx)
    n_dev = int(len(sents) * share)
    dev = set(idx[:n_dev])
    return [s for i, s in enumerate(sents) if i not in dev], [s for i, s in enumerate(sents) if i in dev]


def augment(sents: list, seed: int = SEED) -> list:
    rng = random.Random(seed + 1)
    out = list(sents)
    for s in sents:
        if rng.random() < GLUE_SHARE and any(t == "و" for t, _ in s):
            out.append(glue_conjunction(s))
    return out


def write_vocab(sents: list, path: Path) -> None:
    counts = Counter(normalize(t) for s in sents for t, _ in s)
    data = {
        "about": "token counts (normalised) of the NER training text, NewsFANE Gold 2014 (CC BY-SA 3.0); "
        "used to decide whether a leading و is the conjunction",
        "counts": {w: c for w, c in counts.items() if c >= 1},
    }
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))


def make_clusters(sents: list, path: Path) -> None:
    """Word clusters of the (unlabelled) training text, written to ``path`` and used by the features."""
    table = _clusters.build([[normalize(t) for t, _ in s] for s in sents])
    _clusters.write(
        table,
        path,
        "word clusters (PPMI + SVD + spherical k-means, khabar/extract/entities/clusters.py) of the text of "
        f"NewsFANE Gold 2014 (Alotaibi & Lee, CC BY-SA 3.0), {len(sents)} sentences, no labels",
    )
    use_clusters(path)


def use_clusters(path: Path) -> None:
    _features.CLUSTERS = _clusters.load(path)
    _features._cached_feats.cache_clear()


def fit(sents: list, out: Path, *, c1: float, c2: float, iters: int, verbose: bool = False) -> float:
    g = gazetteer()
    trainer = pycrfsuite.Trainer(verbose=verbose)
    for s in sents:
        toks = [normalize(t) for t, _ in s]
        trainer.append(sent_features(toks, g), to_bilou([tag for _, tag in s]))
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iters,
            "feature.possible_transitions": True,
            "feature.possible_states": True,
            "feature.minfreq": 1,
        }
    )
    t0 = time.perf_counter()
    trainer.train(str(out))
    return time.perf_counter() - t0


def dev_scores(model: Path, vocab: Path, dev: list) -> dict:
    tg = Tagger(model, vocab)
    gold = [[t for _, t in s] for s in dev]
    res = {}
    pred = [tg.tag([w for w, _ in s], split=False) for s in dev]
    res["dev"] = evaluate(gold, pred)
    pred = [tg.tag([w for w, _ in s], split=True) for s in dev]
    res["dev_split_on"] = evaluate(gold, pred)
    glued = [glue_conjunction(s) for s in dev]
    pred = [tg.tag([w for w, _ in s], split=True) for s in glued]
    res["dev_glued"] = evaluate([[t for _, t in s] for s in glued], pred)
    res["dev_sentences"] = len(dev)
    res["dev_tokens"] = sum(len(s) for s in dev)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m khabar.extract.entities.train", description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=150)
    ap.add_argument("--no-full", dest="full", action="store_false", help="ship the model trained without the dev split")
    ap.add_argument("--dev-only", action="store_true", help="train on the split and report; do not write the shipped model")
    ap.add_argument("--full-only", action="store_true", help="only train the shipped model on all sentences")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--vocab-out", type=Path, default=VOCAB_PATH)
    ap.add_argument("--clusters-out", type=Path, default=_clusters.CLUSTERS_PATH)
    ap.add_argument("--metrics", type=Path, default=Path(__file__).with_name("ner_metrics.json"))
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"training data not found: {args.data}", file=sys.stderr)
        return 2
    sents = load(args.data)
    params = {"c1": args.c1, "c2": args.c2, "iters": args.iters}
    if args.full_only:
        write_vocab(sents, args.vocab_out)
        make_clusters(sents, args.clusters_out)
        secs = fit(augment(sents), args.out, c1=args.c1, c2=args.c2, iters=args.iters)
        print(f"wrote {args.out} ({secs:.0f} s)")
        return 0
    train, dev = split(sents)
    tmp_dir = Path(tempfile.mkdtemp(prefix="khabar-ner-"))
    tmp_model = tmp_dir / "ner.dev.crfsuite"
    tmp_vocab = tmp_dir / "ner_vocab.dev.json.gz"
    tmp_clusters = tmp_dir / "ner_clusters.dev.tsv.gz"
    write_vocab(train, tmp_vocab)
    make_clusters(train, tmp_clusters)
    secs = fit(augment(train), tmp_model, c1=args.c1, c2=args.c2, iters=args.iters)
    res = dev_scores(tmp_model, tmp_vocab, dev)
    res["clusters"] = "built from the training part only"
    res["train_seconds"] = round(secs, 1)
    res["params"] = {**params, "seed": SEED, "dev_share": DEV_SHARE, "labels": "BILOU"}
    res["train_sentences"] = len(train)
    for k in ("dev", "dev_split_on", "dev_glued"):
        m = res[k]
        print(k, "micro", m["micro"], " ".join(f"{t}={v['f1']}" for t, v in m["per_type"].items()))
    if args.dev_only:
        res["shipped"] = "trained on all sentences (train + dev) with the same parameters"
    elif args.full:
        write_vocab(sents, args.vocab_out)
        make_clusters(sents, args.clusters_out)
        fit(augment(sents), args.out, c1=args.c1, c2=args.c2, iters=args.iters)
        res["shipped"] = "trained on all sentences (train + dev) with the same parameters"
    else:
        shutil.move(str(tmp_model), args.out)
        shutil.move(str(tmp_vocab), args.vocab_out)
        shutil.move(str(tmp_clusters), args.clusters_out)
        res["shipped"] = "trained without the dev split"
    shutil.rmtree(tmp_dir, ignore_errors=True)
    args.metrics.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("wrote", args.metrics, "" if args.dev_only else args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
