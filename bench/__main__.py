"""`make bench`: run every bench/bench_*.py module's ``run()`` and print its figures.

Each module's ``run(args) -> dict`` returns named figures (throughput, peak RSS...).
Results are appended to bench/results/results.jsonl with the date and machine, so
old results are never overwritten.  `python -m bench NAME` runs one.
"""
from __future__ import annotations

import importlib
import json
import os
import pkgutil
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    wanted = [a for a in argv if not a.startswith("-")]
    if wanted:
        names = [n for n in names if any(w in n for w in wanted)]
    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    failed = 0
    for name in names:
        mod = importlib.import_module(f"bench.{name}")
        print(f"== {name}: {(mod.__doc__ or '').strip().splitlines()[0] if mod.__doc__ else ''}", flush=True)
        t0 = time.perf_counter()
        try:
            figures = mod.run(argv)
        except Exception as exc:  # a broken benchmark is reported, the others still run
            print(f"   FAILED: {exc!r}")
            failed += 1
            continue
        if figures.get("skipped"):
            print(f"   skipped: {figures['skipped']}")
            continue
        for k, v in figures.items():
            print(f"   {k:<32} {v}")
        rec = {
            "bench": name,
            "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "machine": f"{platform.machine()} {os.cpu_count()} cpu",
            "wall_s": round(time.perf_counter() - t0, 2),
            **figures,
        }
        with (results_dir / "results.jsonl").open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    raise SystemExit(main(sys.argv[1:]))
