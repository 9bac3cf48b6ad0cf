"""The data model: typed dataclasses every layer speaks.

Every annotation is a span of character offsets over the cleaned ``Article.text``;
its text is derived from the offsets, never stored as truth.  Every class
round-trips through JSON with ``to_dict()`` / ``from_dict()``; the schema is
documented in docs/schema.md.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

T = TypeVar("T", bound="Record")


def _convert(tp: Any, value: Any) -> Any:
    """Rebuild a value of annotated type ``tp`` from its JSON form."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if arg is type(None):
                continue
            try:
                return _convert(arg, value)
            except (TypeError, ValueError, KeyError, AttributeError):
                continue
        return value
    if origin in (list, tuple):
        (arg, *_) = typing.get_args(tp) or (Any,)
        out = [_convert(arg, v) for v in value]
        return tuple(out) if origin is tuple else out
    if origin is dict:
        args = typing.get_args(tp)
        vt = args[1] if len(args) == 2 else Any
        return {k: _convert(vt, v) for k, v in value.items()}
    if isinstance(tp, type) and issubclass(tp, Record):
        if isinstance(value, tp):
            return value
        if not isinstance(value, dict):
            raise TypeError(f"{tp.__name__} expects an object, got {type(value).__name__}")
        return tp.from_dict(value)
    return value


class Record:
    """Mixin: JSON round-trip for dataclasses (nested records, lists, optionals)."""

    __slots__ = ()
    _hints: ClassVar[dict[type, dict[str, Any]]] = {}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            if f.metadata.get("transient"):
                continue
            out[f.name] = _plain(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        hints = Record._hints.get(cls)
        if hints is None:
            hints = typing.get_type_hints(cls)
            Record._hints[cls] = hints
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in data and f.init:
                kwargs[f.name] = _convert(hints[f.name], data[f.name])
        return cls(**kwargs)


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(slots=True)
class Citation(Record):
    """A pointer to supporting text: characters [start, end) of one article."""

    article_id: str
    start: int
    end: int


@dataclass(slots=True)
class Article(Record):
    """One cleaned article and its metadata.

    ``id`` is stable: derived from the canonical URL when there is one, else from
    the normalised text.  ``text_hash`` changes whenever the cleaned text changes,
    which invalidates spans computed over an older text.
    """

    id: str
    text: str
    title: str = ""
    external_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    # Publication date as found in metadata (ISO date or datetime string), if any.
    published: str | None = None
    published_source: str | None = None  # 'meta', 'jsonl', 'htmldate', 'text-line', ...
    summary: list[str] = field(default_factory=list)  # the outlet's own bullet summary
    keywords: list[str] = field(default_factory=list)
    language: str = "ar"
    source_path: str | None = None
    source_line: int | None = None
    encoding: str | None = None
    text_hash: str = ""
    parent_id: str | None = None  # set on a related article split off a page
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Span(Record):
    """A labelled region [start, end) of an article's cleaned text."""

    start: int
    end: int
    label: str = ""
    source: str = ""  # the annotator that produced it, e.g. 'time.rules.v1'

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(slots=True)
class TimeValue(Record):
    """An honest time value: an interval with a grain and only the fields that are known.

    ``value`` is TIMEX3-style ('2025-08-15', 'XXXX-08-15', '2025-W33', 'PT90M').
    ``earliest``/``latest`` bound the interval (ISO); either may be None when open.
    ``fields`` holds what the text states: year, month, day, weekday, hour, minute.
    """

    value: str
    grain: str = "day"  # minute|hour|day|week|month|quarter|year|decade|weekday|duration
    earliest: str | None = None
    latest: str | None = None
    fields: dict[str, int] = field(default_factory=dict)
    mod: str | None = None  # APPROX|BEFORE|AFTER|START|MID|END|MORE_THAN|LESS_THAN
    certainty: str = "exact"  # exact|inferred|partial|unknown


def time_fields(v: TimeValue | None) -> dict[str, Any]:
    """The flat JSON form of a time value that listings print (all None when unknown)."""
    return {
        "value": v.value if v else None,
        "earliest": v.earliest if v else None,
        "latest": v.latest if v else None,
        "grain": v.grain if v else None,
        "mod": v.mod if v else None,
        "certainty": v.certainty if v else None,
        "fields": v.fields if v else {},
    }


@dataclass(slots=True)
class TimeExpr(Span):
    """A time expression found in text and its normalised value."""

    type: str = "date"  # date|time|datetime|duration|interval|set
    value: TimeValue | None = None
    rule: str = ""
    anchor: str | None = None  # what a relative expression was resolved against


@dataclass(slots=True)
class Mention(Span):
    """A named or described entity mention; ``label`` is its type (PER/ORG/GPE/LOC/FAC)."""

    entity_id: str | None = None
    role: str | None = None  # 'الرئيس', 'وزير الخارجية'
    affiliation: str | None = None  # entity id or label of the role's country/body
    named: bool = True  # False for descriptions such as 'وزير الدفاع الروسي'
    score: float = 1.0


@dataclass(slots=True)
class Entity(Record):
    """One real-world entity with every spelling seen for it."""

    id: str
    type: str
    label_ar: str
    label_en: str | None = None
    variants: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    wikidata: str | None = None
    mention_count: int = 0
    articles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Participant(Record):
    label: str
    entity_id: str | None = None
    role: str | None = None  # agent|patient|participant|host|...
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Quote(Span):
    """Reported speech: ``label`` is its kind (direct|indirect|mixed)."""

    speaker: str | None = None
    speaker_entity_id: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    via: str | None = None
    via_entity_id: str | None = None
    cue: str | None = None
    channel: str | None = None
    content_start: int | None = None
    content_end: int | None = None


@dataclass(slots=True)
class Event(Span):
    """An event frame; ``label`` is its type (phone_call, meeting, visit, ...)."""

    modality: str = "happened"  # happened|scheduled|expected|hypothetical|denied|refused|cancelled|postponed
    trigger_start: int | None = None
    trigger_end: int | None = None
    participants: list[Participant] = field(default_factory=list)
    place: str | None = None
    place_entity_id: str | None = None
    time: TimeValue | None = None
    time_start: int | None = None
    time_end: int | None = None
    duration: str | None = None
    outcomes: list[Citation] = field(default_factory=list)
    evidence: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class Story(Record):
    """A group of articles about one happening or thread; may hold sub-stories."""

    id: str
    title: str
    article_ids: list[str] = field(default_factory=list)
    external_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    parent_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class PublicationDate(Record):
    """When an article was published: from metadata, or inferred, with the evidence.

    ``method`` is 'metadata' (a stated date), 'text' (the article's own words),
    'corpus' (with other articles' help) or 'unknown'.  ``value`` may be partial
    ('XXXX-XX-XX' with a weekday and bounds) when that is all the text supports.
    """

    article_id: str
    value: TimeValue
    method: str = "metadata"
    evidence: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


# Annotation layers and the span class each holds (the store loads them by this table).
LAYER_TYPES: dict[str, type[Record]] = {
    "times": TimeExpr,
    "mentions": Mention,
    "quotes": Quote,
    "events": Event,
}


__all__ = [
    "PublicationDate",
    "LAYER_TYPES",
    "Record",
    "Citation",
    "Article",
    "Span",
    "TimeValue",
    "TimeExpr",
    "Mention",
    "Entity",
    "Participant",
    "Quote",
    "Event",
    "Story",
]
