"""Pipeline step 1: read sources and store the cleaned articles.

Articles are written in batches of ``settings.batch_size``, one transaction each, so a
run killed at any moment leaves a consistent database and the next run resumes
(what is stored comes back as 'same').  Every skip is logged in the run's record
and said once, naming the file (and line), at the end.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from khabar.app.cli.progress import progress_bar
from khabar.ingest import Loaded, Skipped, count_sources, read_sources
from khabar.ingest.types import Superseded, Unchanged
from khabar.settings import Settings
from khabar.store import Store

MAX_LISTED = 50  # skips and notes listed one per line at the end; beyond that, a count


def ingest_paths(
    store: Store,
    paths: Sequence[str],
    settings: Settings | None = None,
    *,
    echo: Callable[[str], None] = print,
    progress: bool = True,
) -> dict[str, Any]:
    """Read ``paths`` and store what they hold.  A source whose raw bytes are unchanged
    since it was stored is not cleaned again.  Returns counts (new, same, updated,
    duplicate), ``skipped`` ('path[:line]: reason'), ``duplicates``, ``notes`` and
    ``changed_ids`` (new or updated articles, for the analysis step)."""
    settings = settings or Settings.load()
    paths = [str(p) for p in paths]
    run_id = store.start_run("ingest " + " ".join(paths))
    report: dict[str, Any] = {
        "run": run_id, "read": 0, "new": 0, "same": 0, "updated": 0, "duplicate": 0, "superseded": 0,
        "skipped": [], "duplicates": [], "notes": [], "changed_ids": [],
    }
    t0 = time.perf_counter()
    total = count_sources(paths) if progress else None
    batch: list[Loaded] = []

    def flush() -> None:
        if not batch:
            return
        with store.transaction():
            for item in batch:
                a = item.article
                status, other = store.put_article(a, item.source_key)
                report[status] += 1
                if status in ("new", "updated"):
                    report["changed_ids"].append(a.id)
                elif status == "duplicate":
                    report["duplicates"].append(f"{_where(a)}: duplicate of article {other} (same text already stored)")
        batch.clear()

    related: dict[str, int] = {}  # source_key -> related articles split off it (for the 'same' count)

    def known(source_key: str) -> str | None:
        row = store.db.execute(
            "SELECT json_extract(data, '$.meta.raw_sha1'), json_extract(data, '$.meta.related_count')"
            " FROM articles WHERE source_key=?", (source_key,)
        ).fetchone()
        if row is None:
            return None
        related[source_key] = int(row[1] or 0)
        return row[0]

    enabled = None if progress else False
    with progress_bar("ingest", total, enabled=enabled) as advance:
        for item in read_sources(paths, settings, known=known):
            if isinstance(item, Superseded):
                report["superseded"] += 1
                report["duplicates"].append(str(item))
                advance(1)
                continue
            if isinstance(item, Unchanged):
                n = 1 + related.pop(item.source_key, 0)
                report["read"] += n
                report["same"] += n
                advance(1)
                continue
            if isinstance(item, Skipped):
                store.log_skip(run_id, item.path, item.line, item.reason)
                report["skipped"].append(str(item))
                advance(1)
                continue
            report["read"] += 1
            for note in item.notes:
                report["notes"].append(f"{_where(item.article)}: {note}")
            batch.append(item)
            if item.article.parent_id is None:
                advance(1)
            if len(batch) >= settings.batch_size:
                flush()
        flush()
    report["seconds"] = round(time.perf_counter() - t0, 3)
    store.finish_run(run_id, {k: v for k, v in report.items() if k != "changed_ids"})
    _say(report, echo)
    return report


def _where(a: Any) -> str:
    where = a.source_path or a.url or a.external_id or a.id
    if a.source_line:
        where = f"{where}:{a.source_line}"
    if a.parent_id:
        where += " (related article)"
    return where


def _say(report: dict[str, Any], echo: Callable[[str], None]) -> None:
    n = report["read"]
    rate = n / report["seconds"] if report["seconds"] > 0 else 0.0
    echo(
        f"ingest: {n} article{'s' if n != 1 else ''} read in {report['seconds']:.1f}s ({rate:,.0f}/s): "
        f"{report['new']} new, {report['updated']} updated, {report['same']} unchanged, "
        f"{report['duplicate']} duplicate, {report['superseded']} superseded by a later record; "
        f"{len(report['skipped'])} skipped"
    )
    for title, items in (("notes", report["notes"]), ("duplicates", report["duplicates"]),
                         ("skipped", report["skipped"])):
        if not items:
            continue
        echo(f"{title}:")
        for line in items[:MAX_LISTED]:
            echo(f"  {line}")
        if len(items) > MAX_LISTED:
            echo(f"  ... and {len(items) - MAX_LISTED} more (khabar skipped --limit 1000)" if title == "skipped"
                 else f"  ... and {len(items) - MAX_LISTED} more")
