"""The ``khabar`` command line: a thin shell over the Python API and the store.

Commands live one group of concerns per module in ``commands/``; each module
attaches its commands to ``cli`` (or to ``eval_group``) on import, and every
module there is imported here, so adding a command never edits this file.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import click

from khabar import __version__
from khabar.settings import Settings
from khabar.store import Store, StoreError


class AppContext:
    """What every command gets: settings and a lazily opened store."""

    def __init__(self, db_path: str):
        self.db_path = db_path
        self.settings = Settings.load()
        self.settings.db_path = db_path
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            try:
                self._store = Store(self.db_path)
            except (StoreError, OSError) as exc:
                raise click.ClickException(f"cannot open database {self.db_path}: {exc}") from exc
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--db",
    "db_path",
    envvar="KHABAR_DB",
    default="khabar.db",
    show_default=True,
    help="The SQLite database file (or set KHABAR_DB).",
)
@click.version_option(__version__, prog_name="khabar")
@click.pass_context
def cli(ctx: click.Context, db_path: str) -> None:
    """khabar (خبر): Arabic news from many outlets into sourced stories.

    Example:

        khabar --db news.db run ./my-articles/ && khabar --db news.db stories
    """
    app = AppContext(db_path)
    ctx.obj = app
    ctx.call_on_close(app.close)


@cli.group("eval")
def eval_group() -> None:
    """Measure quality against gold data: precision, recall, F1."""


pass_app = click.make_pass_decorator(AppContext)


def _load_commands() -> None:
    from khabar.app.cli import commands

    for mod in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{mod.name}")


def main(argv: list[str] | None = None) -> Any:
    _load_commands()
    return cli.main(args=argv, prog_name="khabar")


_load_commands_done = False


def get_cli() -> click.Group:
    """The fully loaded command group (for tests with CliRunner)."""
    global _load_commands_done
    if not _load_commands_done:
        _load_commands()
        _load_commands_done = True
    return cli
