"""Core commands: ingest/run, analyze, update, list, show, search, stats, annotators."""
from __future__ import annotations

import sys
from typing import Any

import click

from khabar.app.cli import cli, pass_app
from khabar.app.cli.output import dumps, emit, output_options


def _echo_err(msg: str) -> None:
    click.echo(msg, err=True)


def _ingest(app: Any, paths: tuple[str, ...], only_store: bool, progress: bool, as_json: bool) -> None:
    from khabar.app.pipeline import run_all
    from khabar.app.pipeline.ingest import ingest_paths

    echo = _echo_err if as_json else click.echo
    try:
        if only_store:
            report: dict[str, Any] = {"ingest": ingest_paths(app.store, list(paths), app.settings, echo=echo,
                                                             progress=progress)}
        else:
            report = run_all(app.store, list(paths), app.settings, echo=echo, progress=progress)
    except (OSError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        ing = dict(report.get("ingest", {}))
        ing["changed"] = len(ing.pop("changed_ids", []))
        report["ingest"] = ing
        click.echo(dumps(report))


def _ingest_command(name: str, help_text: str) -> None:
    @cli.command(name, help=help_text)
    @click.argument("paths", nargs=-1, required=True)
    @click.option("--only-store", is_flag=True, help="Read, clean and store only; no analysis or corpus passes.")
    @click.option("--progress/--no-progress", default=True, show_default=True,
                  help="Progress bar with count and rate (only on a terminal).")
    @click.option("--json", "as_json", is_flag=True, help="Print the run's report as JSON (messages go to stderr).")
    @pass_app
    def _cmd(app: Any, paths: tuple[str, ...], only_store: bool, progress: bool, as_json: bool) -> None:
        _ingest(app, paths, only_store, progress, as_json)


_ingest_command(
    "ingest",
    """Read PATHS (files, folders, JSON Lines, HTML, feeds, http(s) URLs), clean and store
    the articles, analyse what is new or changed, and update dates, entities and stories.

    Ingesting the same article twice changes nothing; a changed version replaces the old.
    At the end it says what was skipped and why.

    Example:

        khabar --db news.db ingest ./articles/ feed.xml https://example.com/rss
    """,
)
_ingest_command(
    "run",
    """The whole job on PATHS: the same as 'ingest' (read, clean, store, analyse, corpus passes).

    Example:

        khabar --db out/demo.db run examples/
    """,
)


@cli.command("analyze")
@click.argument("ids", nargs=-1)
@click.option("--stale", is_flag=True, help="Only articles whose layers are missing or out of date.")
@pass_app
def analyze_cmd(app: Any, ids: tuple[str, ...], stale: bool) -> None:
    """Run the registered annotators over stored articles (all, or IDS) and store their layers.

    Example:

        khabar analyze --stale
    """
    from khabar.app.cli.progress import progress_bar
    from khabar.app.pipeline.analyze import analyze

    store = app.store
    id_list = None
    if ids:
        id_list = []
        for key in ids:
            aid = store.resolve_article_id(key)
            if aid is None:
                raise click.ClickException(f"no article {key!r}")
            id_list.append(aid)
    total = len(id_list) if id_list is not None else store.count_articles()
    with progress_bar("analyze", total) as advance:
        stats = analyze(store, id_list, only_stale=stale, progress=advance)
    spans = ", ".join(f"{k} {v}" for k, v in sorted(stats.spans.items())) or "no spans"
    click.echo(f"analyze: {stats.articles} article(s) annotated ({spans})")


@cli.command("update")
@pass_app
def update_cmd(app: Any) -> None:
    """Re-run the corpus passes (publication dates, entities, stories, timelines, summaries,
    disagreements) over everything stored.

    Example:

        khabar --db news.db update
    """
    from khabar.app.pipeline import corpus_steps

    store = app.store
    ids = store.article_ids()
    steps = corpus_steps()
    if not steps:
        click.echo("update: no corpus passes are installed")
    for _name, fn in steps:
        fn(store, changed_ids=ids, echo=click.echo)  # each step says what it did


@cli.command("list")
@click.option("--limit", default=50, show_default=True, help="How many articles.")
@click.option("--offset", default=0, help="Skip this many first.")
@click.option("--outlet", help="Only this outlet.")
@click.option("--since", help="Published on or after this ISO date.")
@click.option("--until", help="Published on or before this ISO date.")
@output_options
@pass_app
def list_cmd(app: Any, limit: int, offset: int, outlet: str | None, since: str | None, until: str | None,
             fmt: str) -> None:
    """Stored articles, newest first (id, external id, outlet, date, title).

    Example:

        khabar list --limit 20 --json
    """
    rows = app.store.list_articles(limit=limit, offset=offset, outlet=outlet, since=since, until=until)
    emit(rows, fmt, columns=["id", "external_id", "outlet", "published", "chars", "title"])


@cli.command("show")
@click.argument("key")
@output_options
@pass_app
def show_cmd(app: Any, key: str, fmt: str) -> None:
    """One article: metadata and cleaned text (KEY is an id, an external id or an id prefix).

    Example:

        khabar show 3f048324 --json
    """
    store = app.store
    art = store.get_article(key)
    if art is None:
        raise click.ClickException(f"no article {key!r} (try 'khabar list' or 'khabar search')")
    data = art.to_dict()
    data["layers"] = store.layers_of(art.id)
    data["related"] = [r["id"] for r in store.db.execute("SELECT id FROM articles WHERE parent_id=?", (art.id,))]
    if fmt in ("json", "jsonl"):
        emit(data, fmt)
        return
    if fmt in ("csv", "md"):
        emit(data, fmt)
        return
    for field in ("id", "external_id", "title", "outlet", "url", "published", "published_source", "dateline",
                  "encoding", "source_path", "parent_id"):
        if data.get(field):
            click.echo(f"{field:<17} {data[field]}")
    if art.keywords:
        click.echo(f"{'keywords':<17} {', '.join(art.keywords)}")
    if data["related"]:
        click.echo(f"{'related':<17} {', '.join(data['related'])}")
    if data["layers"]:
        click.echo(f"{'layers':<17} " + ", ".join(f"{k} {v['n']}" for k, v in sorted(data["layers"].items())))
    if art.summary:
        click.echo("\nsummary (the outlet's own):")
        for s in art.summary:
            click.echo(f"  - {s}")
    click.echo("")
    click.echo(art.text)


@cli.command("search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--offset", default=0)
@output_options
@pass_app
def search_cmd(app: Any, query: str, limit: int, offset: int, fmt: str) -> None:
    """Full-text search over titles and text, any alef/hamza/yaa/taa form and glued proclitics.

    Example:

        khabar search الاسكا --json
    """
    hits = app.store.search(query, limit=limit, offset=offset)
    emit(hits, fmt, columns=["article_id", "outlet", "published", "title", "snippet"])


@cli.command("stats")
@output_options
@pass_app
def stats_cmd(app: Any, fmt: str) -> None:
    """What the database holds: articles, outlets, annotations, entities, stories, runs, skips.

    Example:

        khabar --db news.db stats --json
    """
    emit(app.store.stats(), fmt)


@cli.command("annotators")
@output_options
def annotators_cmd(fmt: str) -> None:
    """The registered per-article annotators: name, the layer each assigns and what it requires.

    Example:

        khabar annotators --md
    """
    from khabar.extract.registry import registered

    rows = [{"name": a.name, "assigns": a.assigns, "requires": list(a.requires), "doc": a.doc} for a in registered()]
    emit(rows, fmt, columns=["name", "assigns", "requires", "doc"])


@cli.command("skipped")
@click.option("--limit", default=100, show_default=True)
@output_options
@pass_app
def skipped_cmd(app: Any, limit: int, fmt: str) -> None:
    """What earlier runs skipped and why (file, line, reason), newest first.

    Example:

        khabar skipped --limit 20
    """
    rows = [dict(r) for r in app.store.db.execute(
        "SELECT run_id, path, line, reason, at FROM skipped ORDER BY rowid DESC LIMIT ?", (limit,))]
    emit(rows, fmt, columns=["run_id", "path", "line", "reason"])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(cli())
