"""Generate docs/schema.md from the dataclasses in khabar.model, so it cannot drift.

    python docs/gen_schema.py          # rewrite docs/schema.md
    python docs/gen_schema.py --check  # exit 1 when docs/schema.md is out of date

Each class's docstring and each field's trailing '# comment' in khabar/model/__init__.py
become the descriptions; tests/test_cli_core.py fails when the file is stale.
"""
from __future__ import annotations

import dataclasses
import inspect
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "schema.md"

HEADER = """# khabar JSON schema

Every model class in `khabar.model` serialises to a JSON object with `to_dict()` and
comes back with `from_dict()`; the CLI's `--json`, the REST API and the store's JSON
columns all use these forms. Offsets are characters `[start, end)` of the cleaned
`Article.text`. **Generated** by `python docs/gen_schema.py` from the dataclasses (field
types, defaults, and the comments beside each field); do not edit by hand.

Annotation layers (stored per article): {layers}.
"""


def json_type(tp: Any, records: set[str]) -> str:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = " or ".join(json_type(a, records) for a in args)
        return inner + " or null" if len(args) < len(typing.get_args(tp)) else inner
    if origin in (list, tuple):
        (arg, *_) = typing.get_args(tp) or (Any,)
        return f"array of {json_type(arg, records)}"
    if origin is dict:
        args = typing.get_args(tp)
        return f"object ({json_type(args[1], records)} values)" if len(args) == 2 else "object"
    if isinstance(tp, type):
        if tp.__name__ in records:
            return f"[{tp.__name__}](#{tp.__name__.lower()})"
        return {str: "string", int: "integer", float: "number", bool: "boolean", dict: "object",
                list: "array"}.get(tp, tp.__name__)
    return "any"


# Meanings for fields whose source line has no comment ("Class.field" first, then "field").
MEANINGS = {
    "id": "stable identifier",
    "Article.id": "stable id: sha1 of the canonical URL when there is one, else of the normalised text (16 hex)",
    "Article.text": "the cleaned article text; every span's offsets point into it",
    "Article.title": "headline (HTML title, or the first content line of a scraped page)",
    "Article.external_id": "docno/id of a JSON Lines record, feed item id, or the file name",
    "Article.url": "the page's canonical URL, when known",
    "Article.outlet": "the publishing outlet (og:site_name, source line 'المصدر:', JSONL src, URL host)",
    "Article.dateline": "the place line that opens the article ('واشنطن')",
    "Article.keywords": "the outlet's keywords ('كلمات دلالية:' line or meta keywords)",
    "Article.language": "ISO 639-1 code of the text",
    "Article.source_path": "absolute path of the file it was read from",
    "Article.source_line": "line of a JSON Lines file",
    "Article.encoding": "the encoding the bytes were read in (utf-8, utf-8-bom, utf-16-le, windows-1256, ...)",
    "Article.text_hash": "sha1 of the normalised text; changes whenever the cleaned text changes",
    "Article.meta": "anything else (e.g. how many chrome lines were removed, why it was split off)",
    "article_id": "the Article this points into",
    "start": "first character, offset into the cleaned Article.text",
    "end": "one past the last character",
    "label": "the span's type or kind",
    "Citation.start": "first character of the supporting text",
    "Citation.end": "one past its last character",
    "TimeValue.value": "TIMEX3-style value: '2025-08-15', 'XXXX-08-15', '2025-W33', 'PT90M'",
    "TimeValue.earliest": "start of the interval (ISO), null when open",
    "TimeValue.latest": "end of the interval (ISO), null when open",
    "TimeValue.fields": "what the text states: year, month, day, weekday, hour, minute",
    "TimeExpr.type": "date, time, datetime, duration, interval or set",
    "TimeExpr.value": "the normalised value",
    "TimeExpr.rule": "which rule matched",
    "Mention.entity_id": "Wikidata id ('Q7747') when the gazetteer knows the entity, else 'ent:<TYPE>:<key>'",
    "Mention.score": "confidence in [0, 1]",
    "Entity.type": "PER, ORG, GPE, LOC or FAC",
    "Entity.label_ar": "canonical Arabic label",
    "Entity.label_en": "English label, when known",
    "Entity.variants": "every spelling seen (ترامب, ترمب)",
    "Entity.roles": "titles seen with it ('وزير الخارجية الأميركي')",
    "Entity.wikidata": "Wikidata id, when known",
    "Entity.mention_count": "mentions across the store",
    "Entity.articles": "ids of the articles that mention it",
    "Participant.label": "the participant as written",
    "Participant.entity_id": "its entity, when linked",
    "Participant.start": "offset of its mention, when there is one",
    "Participant.end": "end of its mention",
    "Quote.speaker": "who speaks, as written",
    "Quote.speaker_entity_id": "the speaker's entity",
    "Quote.speaker_start": "offset of the speaker mention",
    "Quote.speaker_end": "end of the speaker mention",
    "Quote.via": "who relays it ('نقلت وكالة رويترز عن ...')",
    "Quote.via_entity_id": "the relaying entity",
    "Quote.cue": "the speech verb ('قال', 'أكد')",
    "Quote.channel": "how it was said (statement, call, post, interview ...)",
    "Quote.content_start": "offset of the quoted content",
    "Quote.content_end": "end of the quoted content",
    "Event.trigger_start": "offset of the word that names the event",
    "Event.trigger_end": "end of the trigger",
    "Event.participants": "who took part",
    "Event.place": "where, as written",
    "Event.place_entity_id": "the place's entity",
    "Event.time": "when (possibly partial)",
    "Event.time_start": "offset of the time expression",
    "Event.time_end": "end of the time expression",
    "Event.duration": "ISO 8601 duration ('PT2H')",
    "Event.outcomes": "sentences stating its results",
    "Event.evidence": "sentences that support it",
    "Story.title": "a headline for the story",
    "Story.article_ids": "its articles",
    "Story.external_ids": "their external ids",
    "Story.outlets": "the outlets that reported it",
    "Story.first_date": "earliest date of its articles or events (ISO)",
    "Story.last_date": "latest date (ISO)",
    "Story.parent_id": "the story it is a sub-story of",
    "Story.meta": "pass-specific details",
    "PublicationDate.article_id": "the article",
    "PublicationDate.value": "the date (an interval with a grain; may be partial)",
    "PublicationDate.method": "metadata, text, corpus or unknown",
    "PublicationDate.evidence": "why, in words",
    "PublicationDate.citations": "the text that supports it",
}


def field_comments(cls: type) -> dict[str, str]:
    """Trailing '# ...' comments of field lines (or a '# ...' line just above a field)."""
    try:
        src = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    out = {}
    above = ""
    for line in src.splitlines():
        m = re.match(r"\s+(\w+)\s*:[^#]*#\s*(.+)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
        else:
            m2 = re.match(r"\s+(\w+)\s*:", line)
            if m2 and above:
                out[m2.group(1)] = above
        c = re.match(r"\s+#\s*(.+)$", line)
        above = c.group(1).strip() if c else ""
    return out


def default_of(f: dataclasses.Field) -> str:
    if f.default is not dataclasses.MISSING:
        return "`" + repr(f.default).replace("'", '"').replace("None", "null") + "`"
    if f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
        return "`" + repr(f.default_factory()).replace("'", '"') + "`"  # type: ignore[misc]
    return "required"


def render() -> str:
    import khabar.model as m

    classes = [getattr(m, n) for n in m.__all__ if dataclasses.is_dataclass(getattr(m, n, None))]
    names = {c.__name__ for c in classes}
    layers = ", ".join(f"`{k}` ({v.__name__})" for k, v in m.LAYER_TYPES.items())
    parts = [HEADER.format(layers=layers)]
    for cls in classes:
        hints = typing.get_type_hints(cls)
        comments: dict[str, str] = {}
        for base in reversed(cls.__mro__):
            if base.__name__ in names:
                comments.update(field_comments(base))
        bases = [b.__name__ for b in cls.__mro__[1:] if b.__name__ in names]
        doc = inspect.cleandoc(cls.__doc__ or "")
        parts.append(f"## {cls.__name__}\n")
        if bases:
            parts.append(f"Extends {', '.join(f'[{b}](#{b.lower()})' for b in bases)}.\n")
        if doc and not doc.startswith(cls.__name__ + "("):
            parts.append(doc + "\n")
        parts.append("| field | type | default | meaning |")
        parts.append("|---|---|---|---|")
        for f in dataclasses.fields(cls):
            if f.metadata.get("transient"):
                continue
            meaning = comments.get(f.name) or MEANINGS.get(f"{cls.__name__}.{f.name}") or MEANINGS.get(f.name, "")
            meaning = meaning.replace("|", "\\|")
            parts.append(f"| `{f.name}` | {json_type(hints[f.name], names)} | {default_of(f)} | {meaning} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print("docs/schema.md is out of date: run python docs/gen_schema.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
