"""Time commands: ``times``, ``dates``, ``eval time``, ``eval dates``."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from khabar.app.cli import cli, eval_group, pass_app
from khabar.app.cli.output import emit, output_options
from khabar.model import PublicationDate, TimeExpr, time_fields

_COLS = ["text", "start", "end", "type", "value", "earliest", "latest", "grain", "mod", "certainty", "rule"]


@cli.command("times")
@click.argument("key", required=False)
@click.option("--text", "text", default=None, help="Tag this text instead of a stored article.")
@click.option("--ref", default=None, help="Reference date/datetime (ISO), e.g. 2013-02-12T04:30:00-02:00.")
@click.option("--prefer", type=click.Choice(["past", "future"]), default="past", show_default=True,
              help="Direction for bare weekdays, year-less dates and holidays with no tense cue.")
@output_options
@pass_app
def times_cmd(app: Any, key: str | None, text: str | None, ref: str | None, prefer: str, fmt: str) -> None:
    """Time expressions with their normalised values (TIMEX3-style), from --text or article KEY.

    Relative expressions resolve against --ref, else the article's publication date (stated or
    inferred by 'khabar dates'), else stay underspecified (never a guessed year).

    Example:

        khabar times --text "اجتمع الوزيران يوم الجمعة الماضي لمدة ساعة ونصف" --ref 2025-08-20 --json
        khabar times 001_ab1263de56029f80.txt --json
    """
    from khabar.extract.time import expr_row, find_times

    if (text is None) == (key is None):
        raise click.ClickException("give either an article KEY or --text")
    if text is not None:
        try:
            exprs = find_times(text, ref, prefer=prefer)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        emit([expr_row(e, text) for e in exprs], fmt, columns=_COLS)
        return
    from khabar.app.pipeline.analyze import reference_of

    store = app.store
    art = store.get_article(key)
    if art is None:
        raise click.ClickException(f"no article {key!r} (try 'khabar list')")
    stored = store.get_layer(art.id, "times", TimeExpr)
    if stored is not None and ref is None and prefer == "past":
        exprs = stored
    else:
        try:
            exprs = find_times(art.text, ref if ref is not None else reference_of(store, art), prefer=prefer)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    emit([{"article_id": art.id, **expr_row(e, art.text)} for e in exprs], fmt, columns=["article_id", *_COLS])


def _pubdate_row(art: Any, pd: PublicationDate | None) -> dict[str, Any]:
    return {
        "id": art.id,
        "external_id": art.external_id,
        **time_fields(pd.value if pd else None),
        "method": pd.method if pd else "unknown",
        "evidence": pd.evidence if pd else [],
        "citations": [c.to_dict() for c in pd.citations] if pd else [],
    }


@cli.command("dates")
@click.option("--update", is_flag=True, help="Infer the dates first (the pipeline does this after ingest).")
@click.option("--max-date", default=None, help="Latest possible publication day (default: the last collection day).")
@output_options
@pass_app
def dates_cmd(app: Any, update: bool, max_date: str | None, fmt: str) -> None:
    """Each stored article with its publication date, how it was obtained and the evidence.

    The date is exact where metadata or the text settle it, else partial: a weekday, a
    month-day, bounds (value like 'XXXX-WXX-1' with earliest/latest).

    Example:

        khabar dates --json
        khabar dates --update --md
    """
    from khabar.app.pipeline.analyze import PUBDATE_PASS

    store = app.store
    if update:
        from khabar.app.pipeline.dates import update_dates

        update_dates(store, echo=lambda m: click.echo(m, err=True), max_date=max_date)
    stored = store.outputs(PUBDATE_PASS)
    rows = []
    for art in store.iter_articles():
        d = stored.get(art.id)
        rows.append(_pubdate_row(art, PublicationDate.from_dict(d) if d else None))
    cols = ["id", "external_id", "value", "earliest", "latest", "method", "evidence"]
    emit(rows, fmt, columns=cols)


@eval_group.command("time")
@click.option("--gold", "gold", required=True, type=click.Path(exists=True),
              help="A gold TSV, or a directory of them (tests/gold/time).")
@click.option("--no-dateparser", is_flag=True, help="Skip the dateparser baseline.")
@click.option("--failures", "show_failures", is_flag=True, help="List the rows we get wrong.")
@output_options
def eval_time_cmd(gold: str, no_dateparser: bool, show_failures: bool, fmt: str) -> None:
    """Exact normalisation accuracy of the tagger on a gold set, with dateparser's beside it.

    Example:

        khabar eval time --gold tests/gold/time
        khabar eval time --gold tests/gold/time/hand.tsv --json
    """
    from khabar.extract.time.evaluate import evaluate

    try:
        res = evaluate(gold, dateparser=not no_dateparser)
    except (OSError, KeyError, ValueError) as exc:
        raise click.ClickException(f"cannot read gold {gold}: {exc}") from exc
    if fmt in ("json", "jsonl"):
        emit(res, fmt)
        return
    rows = [{"phenomenon": k, "n": v["n"], "khabar": v["ours"], "dateparser": v["dateparser"]}
            for k, v in res["per_phenomenon"].items()]
    rows.append({"phenomenon": "ALL", "n": res["rows"], "khabar": res["ours"], "dateparser": res["dateparser"]})
    emit(rows, fmt, columns=["phenomenon", "n", "khabar", "dateparser"])
    if show_failures or fmt == "table":
        if res["failures"]:
            click.echo(f"\n{len(res['failures'])} rows wrong (xfail rows not counted here: {res['xfail_rows']}):")
            for f in res["failures"][: 100 if show_failures else 10]:
                click.echo(f"  {f['id']}: {f['expr']} (ref {f['ref']}) want {f['want']}, got {f['got']}")


@eval_group.command("dates")
@click.option("--gold", "gold", required=True, type=click.Path(exists=True), help="seeds.json-style gold file.")
@output_options
@pass_app
def eval_dates_cmd(app: Any, gold: str, fmt: str) -> None:
    """Publication dates against a gold file (articles matched by external id = file name).

    'exact' = our day is the gold day; 'contains' = a partial value that allows it and
    states no wrong field; 'wrong' = excludes it; 'missing' = no such article stored.

    Example:

        khabar ingest ../shared/corpus/seeds/ && khabar eval dates --gold ../shared/gold/seeds.json
    """
    from khabar.app.pipeline.analyze import PUBDATE_PASS
    from khabar.corpus.dates import contains

    try:
        data = json.loads(Path(gold).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read gold {gold}: {exc}") from exc
    docs = data.get("documents", data)
    store = app.store
    rows = []
    for ext, g in sorted(docs.items()):
        want = g.get("published") if isinstance(g, dict) else g
        art = store.get_article(ext)
        if art is None:
            rows.append({"external_id": ext, "gold": want, "ours": None, "method": None, "verdict": "missing"})
            continue
        d = store.get_output(PUBDATE_PASS, art.id)
        pd = PublicationDate.from_dict(d) if d else None
        verdict = "missing"
        if pd is not None and want:
            day = date.fromisoformat(want[:10])
            if pd.value.value == want[:10]:
                verdict = "exact"
            elif contains(pd, day):
                verdict = "contains" if not pd.value.value[:4].isdigit() else "contains (year stated)"
            else:
                verdict = "wrong"
        rows.append({"external_id": ext, "gold": want, "ours": pd.value.value if pd else None,
                     "earliest": pd.value.earliest if pd else None, "latest": pd.value.latest if pd else None,
                     "method": pd.method if pd else None, "inferable": g.get("inferable") if isinstance(g, dict) else None,
                     "verdict": verdict})
    emit(rows, fmt, columns=["external_id", "gold", "ours", "earliest", "latest", "method", "inferable", "verdict"])
