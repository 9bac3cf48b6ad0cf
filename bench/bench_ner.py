"""NER throughput: tokens/s of mentions.ner.v1 (gazetteer + CRF + rules) on one core, and model size."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KHABAR_SHARED", ROOT.parent / "shared"))


def _texts(limit_chars: int = 600_000) -> list[str]:
    ant = SHARED / "data" / "news" / "ant-2018-05.jsonl"
    seeds = SHARED / "corpus" / "seeds"
    out: list[str] = []
    total = 0
    if ant.exists():
        with ant.open(encoding="utf-8") as fh:
            for line in fh:
                t = json.loads(line).get("text") or ""
                out.append(t)
                total += len(t)
                if total >= limit_chars:
                    break
    elif seeds.exists():
        out = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    return out


def run(argv: list[str]) -> dict:
    from khabar.extract.entities.annotate import find_mentions
    from khabar.extract.entities.clusters import CLUSTERS_PATH
    from khabar.extract.entities.model import ENSEMBLE_PATH, MODEL_PATH, VOCAB_PATH, tagger
    from khabar.text.segment import tokenize

    texts = _texts()
    if not texts:
        return {"skipped": "no ../shared corpus to time on"}
    tg = tagger()  # load once, outside the timing
    find_mentions("تمهيد")
    n_tok = sum(len(tokenize(t)) for t in texts)
    t0 = time.perf_counter()
    n_m = 0
    for t in texts:
        n_m += len(find_mentions(t))
    secs = time.perf_counter() - t0
    if ENSEMBLE_PATH.exists():
        spec = json.loads(ENSEMBLE_PATH.read_text(encoding="utf-8"))
        models = [ENSEMBLE_PATH.parent / m["model"] for m in spec["members"]] + [ENSEMBLE_PATH]
    else:
        models = [MODEL_PATH]
    return {
        "articles": len(texts),
        "tokens": n_tok,
        "mentions": n_m,
        "seconds": round(secs, 2),
        "tokens_per_s_one_core": round(n_tok / secs),
        "goal_tokens_per_s": 5000,
        "model_mb": round((sum(p.stat().st_size for p in models) + VOCAB_PATH.stat().st_size) / 1e6, 2),
        "clusters_mb": round(CLUSTERS_PATH.stat().st_size / 1e6, 2) if CLUSTERS_PATH.exists() else 0,
        "members": len(tg.members),
        "combine": tg.combine,
    }
