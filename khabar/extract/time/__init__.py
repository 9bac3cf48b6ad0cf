"""Arabic time expressions: find, normalise, resolve (annotator 'times.rules.v1').

``find_times(text, ref=None, prefer='past')`` is the public function; the annotator
runs it over an article with ``ctx.ref`` (an ISO string, a possibly partial TimeValue,
or None).  See docs/time.md for the value format and the rules.
"""
from __future__ import annotations

from khabar.extract.registry import Context, annotator
from khabar.model import Article, TimeExpr

from .tagger import SOURCE, find_times
from .values import Ref

__all__ = ["find_times", "annotate_times", "Ref", "SOURCE", "expr_row"]


@annotator(SOURCE, assigns="times")
def annotate_times(article: Article, ctx: Context) -> list[TimeExpr]:
    """Arabic time expressions (dates, times, durations, sets) resolved against the publication date."""
    prefer = ctx.options.get("prefer", "past")
    return find_times(article.text, ctx.ref, prefer=prefer)


def expr_row(expr: TimeExpr, text: str) -> dict:
    """The flat JSON form the CLI and API print for one expression."""
    v = expr.value
    return {
        "text": text[expr.start : expr.end],
        "start": expr.start,
        "end": expr.end,
        "type": expr.type,
        "value": v.value if v else None,
        "earliest": v.earliest if v else None,
        "latest": v.latest if v else None,
        "grain": v.grain if v else None,
        "mod": v.mod if v else None,
        "certainty": v.certainty if v else None,
        "fields": v.fields if v else {},
        "rule": expr.rule,
        "anchor": expr.anchor,
    }
