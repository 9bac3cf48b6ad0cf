"""Arabic time expressions: find, normalise, resolve (annotator 'times.rules.v1').

``find_times(text, ref=None, prefer='past')`` is the public function; the annotator
runs it over an article with ``ctx.ref`` (an ISO string, a possibly partial TimeValue,
or None).  See docs/time.md for the value format and the rules.
"""
from __future__ import annotations

from khabar.extract.registry import Context, annotator
from khabar.model import Article, TimeExpr, time_fields

from . import compiled

compiled.load()  # the mypyc build of tagger.py and values.py, when it matches them (compiled.py)

from .tagger import SOURCE, find_times, prepare  # noqa: E402 - after the compiled modules are in place
from .values import Ref  # noqa: E402

__all__ = ["find_times", "prepare", "annotate_times", "Ref", "SOURCE", "expr_row"]


@annotator(SOURCE, assigns="times")
def annotate_times(article: Article, ctx: Context) -> list[TimeExpr]:
    """Arabic time expressions (dates, times, durations, sets) resolved against the publication date."""
    prefer = ctx.options.get("prefer", "past")
    return find_times(article.text, ctx.ref, prefer=prefer)


def expr_row(expr: TimeExpr, text: str) -> dict:
    """The flat JSON form the CLI and API print for one expression."""
    return {
        "text": text[expr.start : expr.end],
        "start": expr.start,
        "end": expr.end,
        "type": expr.type,
        **time_fields(expr.value),
        "rule": expr.rule,
        "anchor": expr.anchor,
    }
