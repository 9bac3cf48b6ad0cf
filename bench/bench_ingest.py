"""Ingest throughput: ../shared/data/news/ant-2018-05.jsonl into a fresh database (store only), then again.

Each pass runs in a child process pinned to one core, so articles/s is a one-core
figure and peak RSS is that pass's own.  The second pass re-ingests the same file
into the same database: it must store nothing new and should be much faster.
`python -m bench ingest` runs it; `--limit N` reads only the first N records.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("KHABAR_SHARED", ROOT.parent / "shared")) / "data" / "news" / "ant-2018-05.jsonl"


def _child(db: str, path: str) -> None:
    """One pass, in this process: prints its figures as JSON."""
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass
    from khabar.app.pipeline.ingest import ingest_paths
    from khabar.settings import Settings
    from khabar.store import Store

    t0 = time.perf_counter()
    store = Store(db)
    rep = ingest_paths(store, [path], Settings(), echo=lambda s: None, progress=False)
    store.close()
    secs = time.perf_counter() - t0
    ru = resource.getrusage(resource.RUSAGE_SELF)
    peak_kb = ru.ru_maxrss
    print(json.dumps({
        "seconds": round(secs, 2), "cpu_seconds": round(ru.ru_utime + ru.ru_stime, 2), "read": rep["read"], "new": rep["new"], "same": rep["same"],
        "updated": rep["updated"], "duplicate": rep["duplicate"], "skipped": len(rep["skipped"]),
        "superseded": rep.get("superseded", 0),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }))


def _pass(db: str, path: str) -> dict:
    code = "import sys; from bench.bench_ingest import _child; _child(sys.argv[1], sys.argv[2])"
    out = subprocess.run([sys.executable, "-c", code, db, path], cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.returncode}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(argv: list[str]) -> dict:
    if not DATA.exists():
        return {"skipped": f"{DATA} is absent (../shared is only beside the project's checkout)"}
    limit = None
    if "--limit" in argv:
        limit = int(argv[argv.index("--limit") + 1])
    with tempfile.TemporaryDirectory() as tmp:
        src = str(DATA)
        if limit:
            src = str(Path(tmp) / "head.jsonl")
            with DATA.open("rb") as fin, open(src, "wb") as fout:
                for i, line in enumerate(fin):
                    if i >= limit:
                        break
                    fout.write(line)
        db = str(Path(tmp) / "bench.db")
        first = _pass(db, src)
        second = _pass(db, src)
        size_mb = os.path.getsize(db) / 1e6 if os.path.exists(db) else 0.0
    return {
        "file": DATA.name + (f" (first {limit})" if limit else ""),
        "records_superseded_in_file": first["superseded"],
        "articles_read": first["read"],
        "stored_new": first["new"],
        "skipped": first["skipped"],
        "first_seconds": first["seconds"],
        "first_articles_per_s_1core": round(first["read"] / first["seconds"], 1) if first["seconds"] else None,
        "first_cpu_seconds": first["cpu_seconds"],
        "first_articles_per_cpu_s": round(first["read"] / first["cpu_seconds"], 1) if first["cpu_seconds"] else None,
        "first_peak_rss_mb": first["peak_rss_mb"],
        "reingest_seconds": second["seconds"],
        "reingest_articles_per_s_1core": round(second["read"] / second["seconds"], 1) if second["seconds"] else None,
        "reingest_cpu_seconds": second["cpu_seconds"],
        "reingest_new": second["new"],
        "reingest_same": second["same"],
        "reingest_peak_rss_mb": second["peak_rss_mb"],
        "db_mb": round(size_mb, 1),
    }


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1:]), indent=2))
