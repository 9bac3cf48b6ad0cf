"""One output helper for every read command (after sqlite-utils' output_options).

``@output_options`` adds --json / --jsonl / --csv / --md / --table; ``emit()``
streams rows in the chosen format.  A flag means the same thing everywhere.
"""
from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

FORMATS = ("table", "json", "jsonl", "csv", "md")


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared format flags; the command receives ``fmt``."""

    @click.option("--json", "fmt", flag_value="json", help="One JSON document.")
    @click.option("--jsonl", "fmt", flag_value="jsonl", help="One JSON object per line.")
    @click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row.")
    @click.option("--md", "fmt", flag_value="md", help="A Markdown table.")
    @click.option("--table", "fmt", flag_value="table", default=True, help="A plain text table (default).")
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    return wrapper


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent, default=_default)


def _default(obj: Any) -> Any:
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    return str(obj)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return ", ".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return str(v).replace("\n", " ")


def emit(
    rows: Iterable[dict[str, Any]] | dict[str, Any],
    fmt: str | None,
    *,
    columns: Sequence[str] | None = None,
    out: Any = None,
    max_width: int = 60,
) -> None:
    """Write ``rows`` (a list of dicts, or one dict) in format ``fmt``.

    --json of a single dict prints that object; of rows, a JSON array streamed
    one row at a time so memory stays flat.
    """
    out = out or sys.stdout
    fmt = fmt or "table"
    if isinstance(rows, dict):
        if fmt in ("json", "jsonl"):
            out.write(dumps(rows, indent=2 if fmt == "json" else None) + "\n")
            return
        rows = [{"field": k, "value": _cell(v)} for k, v in rows.items()]
        columns = ["field", "value"]
    if fmt == "json":
        out.write("[")
        first = True
        for r in rows:
            out.write(("\n" if first else ",\n") + dumps(r, indent=None))
            first = False
        out.write("\n]\n" if not first else "]\n")
        return
    if fmt == "jsonl":
        for r in rows:
            out.write(dumps(r, indent=None) + "\n")
        return
    rows = list(rows)
    cols = list(columns or (list(rows[0].keys()) if rows else []))
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in cols])
        return
    if fmt == "md":
        out.write("| " + " | ".join(cols) + " |\n")
        out.write("|" + "---|" * len(cols) + "\n")
        for r in rows:
            out.write("| " + " | ".join(_cell(r.get(c)).replace("|", "\\|") for c in cols) + " |\n")
        return
    # plain table
    if not rows:
        click.echo("(nothing)", file=out)
        return
    cells = [[_cell(r.get(c))[:max_width] for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    out.write("  ".join(c.ljust(widths[i]) for i, c in enumerate(cols)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write("  ".join(v.ljust(widths[i]) for i, v in enumerate(row)).rstrip() + "\n")
