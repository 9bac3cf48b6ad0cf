"""quotes + events throughput on one core (mentions and times precomputed, not timed).

Reads the first N articles of ../shared/data/news/ant-2018-05.jsonl (or KHABAR_SHARED),
runs the real mention and time annotators once (untimed), then times quotes.rules.v1
and events.rules.v1 alone over the same articles.  Goal: >= 200 articles/s.
`python -m bench extract [--n=500]`.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KHABAR_SHARED", ROOT.parent / "shared"))


def run(argv: list[str]) -> dict:
    n = 500
    for a in argv:
        if a.startswith("--n="):
            n = int(a.split("=", 1)[1])
    path = SHARED / "data" / "news" / "ant-2018-05.jsonl"
    if not path.exists():
        return {"skipped": f"{path} is absent"}
    from khabar.extract.events import extract_events
    from khabar.extract.quotes import extract_quotes, view
    from khabar.extract.registry import Context, pipeline, run_pipeline
    from khabar.model import Article

    arts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if len(arts) >= n:
                break
            d = json.loads(line)
            if d.get("text"):
                arts.append(Article(id=d["docno"], text=d["text"]))
    pre = [a for a in pipeline() if a.assigns in ("mentions", "times")]
    layers = []
    for a in arts:
        got, _ = run_pipeline(a, pre, Context(ref=None))
        layers.append((got.get("mentions", []), got.get("times", [])))
    view.cache_clear()
    chars = sum(len(a.text) for a in arts)
    t0 = time.perf_counter()
    c0 = time.process_time()  # CPU time of this process: fair on a shared, busy machine
    nq = ne = 0
    for a, (ms, ts) in zip(arts, layers, strict=True):
        qs = extract_quotes(a, ms, ts)
        es = extract_events(a, ms, ts, qs)
        nq += len(qs)
        ne += len(es)
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {
        "articles": len(arts),
        "mean_chars": round(chars / max(1, len(arts))),
        "quotes": nq,
        "events": ne,
        "wall_s": round(dt, 3),
        "cpu_s": round(cpu, 3),
        "articles_per_s_wall": round(len(arts) / dt, 1),
        "articles_per_s_cpu": round(len(arts) / cpu, 1),
        "goal_articles_per_s": 200,
    }
