"""Stories: clustering throughput over 5,000 ANT articles, then add-one-article latency.

Builds a fresh database with the first 5,000 records of
../shared/data/news/ant-2018-05.jsonl (store only: no annotators, so this times the
stories pass itself), clusters them all in one call of ``update_stories``
(articles/s), then ingests held-out records one at a time and times
``update_stories(changed_ids=[that one])``: clustering only, and clustering plus the
touched stories' timeline/summary/discrepancies and the whole-store timeline.
`python -m bench stories`; `--limit N` changes the store size.
"""
from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("KHABAR_SHARED", ROOT.parent / "shared")) / "data" / "news" / "ant-2018-05.jsonl"
HELD_OUT = 7


def _arg(argv: list[str], name: str, default: int) -> int:
    if name in argv:
        return int(argv[argv.index(name) + 1])
    return default


def run(argv: list[str]) -> dict:
    if not DATA.exists():
        return {"skipped": f"{DATA} is absent"}
    from khabar.app.pipeline.ingest import ingest_paths
    from khabar.app.pipeline.stories import _facts, refresh_outputs, update_stories
    from khabar.settings import Settings
    from khabar.store import Store

    n = _arg(argv, "--limit", 5000)
    lines = DATA.read_text(encoding="utf-8").splitlines()
    base, held = lines[:n], lines[n : n + HELD_OUT]
    quiet = lambda s: None  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "base.jsonl"
        src.write_text("\n".join(base) + "\n", encoding="utf-8")
        store = Store(Path(tmp) / "bench.db")
        ingest_paths(store, [str(src)], Settings(), echo=quiet, progress=False)
        stored = store.count_articles()
        t0 = time.perf_counter()
        rep = update_stories(store, changed_ids=[], echo=quiet, outputs=False)
        cluster_s = time.perf_counter() - t0
        # the per-article facts and every story's outputs, as a full pipeline run leaves them
        t0 = time.perf_counter()
        with store.transaction():
            _facts(store, store.article_ids())
            refresh_outputs(store, [s.id for s in store.stories()])
        outputs_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        update_stories(store, changed_ids=[], echo=quiet, outputs=True)  # nothing new: a no-op pass
        noop_s = time.perf_counter() - t0
        only, full = [], []
        for i, line in enumerate(held):
            one = Path(tmp) / f"one{i}.jsonl"
            one.write_text(line + "\n", encoding="utf-8")
            ing = ingest_paths(store, [str(one)], Settings(), echo=quiet, progress=False)
            ids = list(ing.get("changed_ids", []))
            if not ids:
                continue
            t0 = time.perf_counter()
            update_stories(store, changed_ids=ids, echo=quiet, outputs=(i % 2 == 1))
            (full if i % 2 == 1 else only).append((time.perf_counter() - t0) * 1000)
        stories = store.db.execute("SELECT count(*) FROM stories").fetchone()[0]
        store.close()
    return {
        "store_articles": stored,
        "stories": stories,
        "near_duplicates": rep["duplicates"],
        "cluster_all_s": round(cluster_s, 1),
        "cluster_articles_per_s": round(stored / cluster_s, 1),
        "facts_and_outputs_all_s": round(outputs_s, 1),
        "noop_pass_ms": round(noop_s * 1000, 1),
        "add_one_cluster_ms_median": round(statistics.median(only), 1) if only else None,
        "add_one_cluster_ms_max": round(max(only), 1) if only else None,
        "add_one_with_outputs_ms_median": round(statistics.median(full), 1) if full else None,
        "add_one_with_outputs_ms_max": round(max(full), 1) if full else None,
        "held_out_added": len(only) + len(full),
        "note": json.dumps("store only: no annotation layers; outputs include the '_all' timeline rebuild"),
    }
