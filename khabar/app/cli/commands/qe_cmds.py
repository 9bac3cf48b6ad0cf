"""``khabar quotes``, ``khabar events``, ``khabar eval quotes``, ``khabar eval events``."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from khabar.app.cli import cli, eval_group, pass_app
from khabar.app.cli.output import emit, output_options
from khabar.extract import qe_eval
from khabar.model import Event, Quote
from khabar.text.normalize import normalize


def _articles(app: Any, article: str | None, layer: str, cls: type) -> list[tuple[Any, list[Any]]]:
    store = app.store
    if article:
        art = store.get_article(article)
        if art is None:
            raise click.ClickException(f"no article {article!r}")
        spans = store.get_layer(art.id, layer, cls)
        if spans is None:
            raise click.ClickException(f"article {art.id} has no {layer} layer yet: run 'khabar analyze'")
        return [(art, spans)]
    out = []
    for aid, spans in store.iter_layer(layer, cls):
        if spans:
            art = store.get_article(aid)
            if art is not None:
                out.append((art, spans))
    return out


@cli.command("quotes")
@click.option("--speaker", help="Only quotes whose speaker (or its entity id) matches NAME.")
@click.option("--article", help="Only this article (id, external id or id prefix).")
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed"]), help="Only this kind.")
@click.option("--limit", type=int, default=0, help="At most N rows (0 = all).")
@output_options
@pass_app
def quotes_cmd(app: Any, speaker: str | None, article: str | None, kind: str | None, limit: int, fmt: str) -> None:
    """Who said what: speaker, via, cue, channel, kind and the quoted text with offsets.

    Example:

        khabar quotes --speaker بوتين --json
        khabar quotes --article 3f2a --kind direct
    """
    want = normalize(speaker).strip() if speaker else None
    rows = []
    for art, quotes in _articles(app, article, "quotes", Quote):
        for q in quotes:
            if kind and q.label != kind:
                continue
            if want and want not in normalize(q.speaker or "") and want != (q.speaker_entity_id or ""):
                continue
            rows.append(
                {
                    "article": art.id,
                    "speaker": q.speaker,
                    "speaker_entity_id": q.speaker_entity_id,
                    "via": q.via,
                    "cue": q.cue,
                    "channel": q.channel,
                    "kind": q.label,
                    "text": art.text[q.start : q.end],
                    "start": q.start,
                    "end": q.end,
                }
            )
            if limit and len(rows) >= limit:
                break
        if limit and len(rows) >= limit:
            break
    emit(rows, fmt, columns=["article", "speaker", "via", "cue", "channel", "kind", "text", "start", "end"])


@cli.command("events")
@click.option("--article", help="Only this article (id, external id or id prefix).")
@click.option("--type", "etype", help="Only this event type (phone_call, meeting, ceasefire, ...).")
@click.option("--modality", help="Only this modality (happened, scheduled, expected, hypothetical, denied, refused, cancelled, postponed).")
@click.option("--limit", type=int, default=0, help="At most N rows (0 = all).")
@output_options
@pass_app
def events_cmd(app: Any, article: str | None, etype: str | None, modality: str | None, limit: int, fmt: str) -> None:
    """What happened: type, modality, participants, place, time, duration, trigger and evidence offsets.

    Example:

        khabar events --type phone_call --json
        khabar events --article 3f2a --modality scheduled
    """
    rows = []
    for art, events in _articles(app, article, "events", Event):
        for e in events:
            if etype and e.label != etype:
                continue
            if modality and e.modality != modality:
                continue
            rows.append(
                {
                    "article": art.id,
                    "type": e.label,
                    "modality": e.modality,
                    "participants": [p.label for p in e.participants],
                    "participant_ids": [p.entity_id for p in e.participants],
                    "roles": [p.role for p in e.participants],
                    "place": e.place,
                    "place_entity_id": e.place_entity_id,
                    "time": e.time.value if e.time else None,
                    "earliest": e.time.earliest if e.time else None,
                    "latest": e.time.latest if e.time else None,
                    "certainty": e.time.certainty if e.time else None,
                    "duration": e.duration,
                    "trigger": art.text[e.trigger_start : e.trigger_end] if e.trigger_start is not None else None,
                    "trigger_start": e.trigger_start,
                    "trigger_end": e.trigger_end,
                    "evidence": [[c.start, c.end] for c in e.evidence],
                }
            )
            if limit and len(rows) >= limit:
                break
        if limit and len(rows) >= limit:
            break
    emit(rows, fmt, columns=["article", "type", "modality", "participants", "place", "time", "duration", "trigger"])


def _gold_opts(fn: Any) -> Any:
    fn = click.option(
        "--shared",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="KHABAR_SHARED",
        help="Where 'shared:' paths in the gold file live (default: a 'shared' folder beside the checkout).",
    )(fn)
    fn = click.option(
        "--gold", "gold", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Gold JSONL."
    )(fn)
    return fn


def _run_eval(kind: str, gold: Path, shared: Path | None, fmt: str) -> None:
    try:
        report = qe_eval.evaluate(kind, gold, shared=shared)
    except (OSError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt in ("json", "jsonl"):
        emit(report, fmt)
        return
    emit({k: v for k, v in report.items() if k != "errors"}, fmt)
    if report.get("errors"):
        click.echo("")
        emit(report["errors"], fmt if fmt != "table" else "table", max_width=50)


@eval_group.command("quotes")
@_gold_opts
@output_options
def eval_quotes(gold: Path, shared: Path | None, fmt: str) -> None:
    """Score quote extraction against gold: found, speaker and via accuracy, kind agreement.

    Each gold line names a document (a path relative to the gold file, or 'shared:...'),
    an offset inside the quote (or its opening words), the speaker (entity ids and/or names)
    and optionally via and kind.  The whole annotator pipeline runs on each document.

    Example:

        khabar eval quotes --gold tests/gold/qe/quotes.jsonl --json
    """
    _run_eval("quotes", gold, shared, fmt)


@eval_group.command("events")
@_gold_opts
@output_options
def eval_events(gold: Path, shared: Path | None, fmt: str) -> None:
    """Score event extraction against gold: found (type + participants), date, place, modality.

    Example:

        khabar eval events --gold tests/gold/qe/events.jsonl
    """
    _run_eval("events", gold, shared, fmt)
