"""`khabar serve`, `khabar report`, `khabar listen`: the user-facing surfaces."""
from __future__ import annotations

import shutil
from pathlib import Path

import click

from khabar.app.cli import cli, pass_app
from khabar.app.cli.output import emit, output_options


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="TCP port.")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@pass_app
def serve(app, host: str, port: int, log_level: str) -> None:
    """Serve the web UI (RTL Arabic) and the REST API over the database.

    Pages: / (stories), /stories/ID, /articles/ID, /entities/ID; the JSON twin of
    every page is the same path under /api; API docs at /docs (offline).

    Example:

        khabar --db news.db serve --port 8000   # then open http://127.0.0.1:8000/
    """
    import uvicorn

    from khabar.app.api import create_app

    if not Path(app.db_path).exists():
        raise click.ClickException(f"no database at {app.db_path} (run `khabar ingest PATH` first)")
    try:
        web = create_app(app.db_path)
    except Exception as exc:  # a broken database is the user's to fix, not a traceback
        raise click.ClickException(f"cannot open {app.db_path}: {exc}") from exc
    click.echo(f"khabar: http://{host}:{port}/  (API docs: http://{host}:{port}/docs; Ctrl-C stops)", err=True)
    uvicorn.run(web, host=host, port=port, log_level=log_level)


@cli.command("report")
@click.argument("story")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json"]), default="html", show_default=True)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: standard output).")
@pass_app
def report(app, story: str, fmt: str, out: str | None) -> None:
    """Write a story report: standalone HTML (RTL, timeline picture, citations with the
    cited sentences), Markdown, or JSON.  STORY is a story id (or a unique prefix).

    Example:

        khabar --db news.db report 3f9a --format html -o story.html
    """
    from khabar.app.queries import NotFound, QueryError
    from khabar.app.report import render_report

    try:
        body = render_report(app.store, story, fmt)
    except (NotFound, QueryError) as exc:
        raise click.ClickException(str(exc)) from exc
    if out:
        Path(out).write_text(body, encoding="utf-8")
        click.echo(f"wrote {out} ({len(body.encode('utf-8')):,} bytes)", err=True)
    else:
        click.echo(body, nl=False)


@cli.command("listen")
@click.argument("story")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, writable=True), default="summary.wav",
              show_default=True, help="WAV file to write.")
@click.option("--text", "show_text", is_flag=True, help="Print the text that is read, and do nothing else.")
@pass_app
def listen_cmd(app, story: str, out: str, show_text: bool) -> None:
    """Read a story's summary aloud into a WAV file (espeak-ng, Arabic voice, offline).

    Where espeak-ng is missing this says why and exits with an error.

    Example:

        khabar --db news.db listen 3f9a -o summary.wav && aplay summary.wav
    """
    from khabar.app.queries import NotFound, story_detail
    from khabar.app.web import listen

    try:
        d = story_detail(app.store, story)
    except NotFound as exc:
        raise click.ClickException(str(exc)) from exc
    text = listen.summary_text(d)
    if show_text:
        click.echo(text)
        return
    why = listen.why_not()
    if why:
        raise click.ClickException(f"cannot read aloud: {why}")
    try:
        wav = listen.summary_wav(text)
    except listen.ListenError as exc:
        raise click.ClickException(str(exc)) from exc
    shutil.copyfile(wav, out)
    click.echo(f"wrote {out} ({Path(out).stat().st_size:,} bytes, {len(text)} characters read)", err=True)


@cli.command("get")
@click.argument("path")
@output_options
@pass_app
def get(app, path: str, fmt: str) -> None:
    """Fetch one API or page PATH without starting a server (like `datasette --get`);
    exits non-zero on an error status.  Handy in scripts and CI.

    Example:

        khabar --db news.db get /api/stories --json
    """
    import warnings

    from khabar.app.api import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    client = TestClient(create_app(app.db_path))
    r = client.get(path)
    ctype = r.headers.get("content-type", "")
    if "json" in ctype:
        data = r.json()
        if r.status_code >= 400:
            raise click.ClickException(f"{r.status_code}: {data.get('error', {}).get('message', data)}")
        rows = data.get("items") if isinstance(data, dict) and isinstance(data.get("items"), list) else data
        emit(rows if fmt != "json" or not isinstance(data, dict) else data, fmt)
    else:
        if r.status_code >= 400:
            raise click.ClickException(f"{r.status_code} for {path}")
        click.echo(r.text, nl=False)
