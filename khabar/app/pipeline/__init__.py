"""Orchestration of the whole job, used by the CLI, the API and tests alike.

    ingest (read, clean, store)  ->  analyze (annotators per article)
      ->  publication dates (corpus pass; re-analyse articles whose date changed)
      ->  stories, timelines, summaries, disagreements (corpus passes)

Each step is its own module here; ``run_all`` calls them in order.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

from khabar.settings import Settings
from khabar.store import Store

# Steps after analysis, in order: (module in this package, function name).  A step whose
# module is not there yet is skipped, so the pipeline works while layers are being built.
CORPUS_STEPS: tuple[tuple[str, str], ...] = (
    ("dates", "update_dates"),  # publication dates; re-analyses articles whose date changed
    ("entities", "update_entities"),  # canonical entities across articles
    ("stories", "update_stories"),  # dedupe, stories, timeline, summaries, disagreements
)


def corpus_steps() -> list[tuple[str, Callable[..., Any]]]:
    out = []
    for mod_name, fn_name in CORPUS_STEPS:
        try:
            mod = importlib.import_module(f"{__name__}.{mod_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{mod_name}":
                continue
            raise
        out.append((mod_name, getattr(mod, fn_name)))
    return out


def run_all(
    store: Store,
    paths: Sequence[str],
    settings: Settings | None = None,
    *,
    echo: Callable[[str], None] = print,
    progress: bool = True,
) -> dict[str, Any]:
    """Ingest ``paths``, analyse what is new or changed, and update the corpus passes."""
    from khabar.app.pipeline.analyze import analyze
    from khabar.app.pipeline.ingest import ingest_paths

    settings = settings or Settings.load()
    report: dict[str, Any] = {}
    ing = ingest_paths(store, paths, settings, echo=echo, progress=progress)
    report["ingest"] = ing
    changed = list(ing.get("changed_ids", []))
    stats = analyze(store, changed)
    report["analyze"] = {"articles": stats.articles, "spans": stats.spans}
    for name, fn in corpus_steps():
        report[name] = fn(store, changed_ids=changed, echo=echo)
    return report
