"""`khabar eval clean`: site chrome removed and article sentences kept, on the seeds."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from khabar.app.cli import eval_group, pass_app
from khabar.app.cli.output import emit, output_options


def shared_dir() -> Path | None:
    """../shared beside the checkout (or KHABAR_SHARED), when it is there."""
    env = os.environ.get("KHABAR_SHARED")
    cands = [Path(env)] if env else []
    cands += [Path.cwd().parent / "shared", Path(__file__).resolve().parents[4].parent / "shared"]
    for c in cands:
        if c.is_dir():
            return c
    return None


@eval_group.command("clean")
@click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False), help="Folder of scraped seed files.")
@click.option("--gold", "gold_file", type=click.Path(dir_okay=False), help="Gold JSON with documents.*.boilerplate.")
@click.option("--details/--no-details", default=True, help="List leftover chrome and lost sentences.")
@output_options
@pass_app
def eval_clean(app: Any, seeds_dir: str | None, gold_file: str | None, details: bool, fmt: str) -> None:
    """Per seed: listed boilerplate items removed, and article sentences kept (in the body,
    the title, the outlet's summary or a split-off related article); then totals.

    Example:

        khabar eval clean --seeds ../shared/corpus/seeds --gold ../shared/gold/seeds.json
    """
    from khabar.ingest.evaluate import evaluate_clean

    shared = shared_dir()
    seeds = Path(seeds_dir) if seeds_dir else (shared / "corpus" / "seeds" if shared else None)
    gold_path = Path(gold_file) if gold_file else (shared / "gold" / "seeds.json" if shared else None)
    if seeds is None or not seeds.is_dir():
        raise click.ClickException(f"no seeds folder at {seeds}; pass --seeds DIR")
    if gold_path is None or not gold_path.is_file():
        raise click.ClickException(f"no gold file at {gold_path}; pass --gold FILE")
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"cannot read {gold_path}: {exc}") from exc
    result = evaluate_clean(seeds, gold, app.settings)
    if fmt == "json":
        emit(result, "json")
        return
    t = result["totals"]
    rows = [
        {
            "file": r["file"],
            "chrome removed": f"{r['boilerplate_removed']}/{r['boilerplate_total']}",
            "sentences kept": f"{r['sentences_kept']}/{r['sentences_total']}",
            "summary": r["summary_bullets"],
            "related": r["related_articles"],
            "published": r["published"] or "",
        }
        for r in result["seeds"]
    ]
    rows.append({
        "file": f"total ({t['files']} files)",
        "chrome removed": f"{t['boilerplate_removed']}/{t['boilerplate_total']}",
        "sentences kept": f"{t['sentences_kept']}/{t['sentences_total']}",
        "summary": "", "related": "", "published": "",
    })
    emit(rows, fmt)
    if details and fmt in (None, "table"):
        for r in result["seeds"]:
            for what in ("leftover", "lost", "absent"):
                for x in r[what]:
                    click.echo(f"{r['file']}: {what}: {x}")
