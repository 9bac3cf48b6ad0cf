"""Pydantic models of the REST API's JSON (they document /openapi.json and /docs).

Nested records that follow the shared contracts (timeline entries, layers, the model's
dataclasses) allow extra fields, so a producer adding a field never breaks the API.
"""
from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Error(BaseModel):
    status: int = Field(description="HTTP status code")
    message: str = Field(description="what was wrong, in words")
    detail: list[dict[str, Any]] | None = Field(None, description="per-parameter problems, when any")


class ErrorResponse(BaseModel):
    error: Error


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int | None = Field(description="matches in all pages (None when unknown, e.g. search)")
    limit: int
    offset: int
    has_more: bool
    next_url: str | None = Field(None, description="the next page with the same parameters")


class Citation(Open):
    article_id: str
    start: int = Field(description="first character (offset into the article's cleaned text)")
    end: int = Field(description="one past the last character")
    outlet: str | None = None
    external_id: str | None = None
    text: str | None = Field(None, description="the cited characters")


class StoryItem(BaseModel):
    id: str
    title: str
    size: int = Field(description="number of articles")
    outlets: list[str]
    first_date: str | None
    last_date: str | None
    external_ids: list[str]
    parent_id: str | None
    substories: int
    lead: str | None = Field(None, description="the first sentence of the story's summary")


class TimelineEntry(Open):
    id: str | int | None = None
    type: str | None = None
    modality: str | None = Field(None, description="happened|scheduled|expected|hypothetical|denied|refused|cancelled|postponed")
    value: str | None = Field(None, description="TIMEX3-style value")
    earliest: str | None = None
    latest: str | None = None
    grain: str | None = None
    certainty: str | None = Field(None, description="exact|inferred|partial|unknown")
    description_ar: str | None = None
    description_en: str | None = None
    participants: list[dict[str, Any]] = []
    citations: list[Citation] = []
    conflicts: list[dict[str, Any]] = []


class Timeline(BaseModel):
    story_id: str
    source: str = Field(description="'timeline' (the corpus pass) or 'events' (raw events, no pass output yet)")
    total: int = Field(0, description="entries in the whole timeline")
    offset: int = 0
    entries: list[TimelineEntry]


class StoryDetail(BaseModel):
    story: dict[str, Any] = Field(description="the Story record")
    parent: dict[str, Any] | None
    substories: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    summary: dict[str, Any] | None = Field(description="{key, kind, sentences: [{text, citations}]}")
    timeline: Timeline
    discrepancies: dict[str, Any]
    people: list[dict[str, Any]]
    places: list[dict[str, Any]]
    organisations: list[dict[str, Any]]
    graph: dict[str, Any] = Field(description="who met/called whom: {nodes, edges}")
    quotes_by_speaker: list[dict[str, Any]]
    outlets: dict[str, Any] = Field(description="outlets side by side: {outlets, rows (disagreements by outlet)}")
    counts: dict[str, int]
    listen: bool = Field(False, description="whether /api/stories/{id}/audio can speak here")


class ArticleItem(Open):
    id: str
    external_id: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    chars: int | None = None


class ArticleDetail(BaseModel):
    article: dict[str, Any]
    pubdate: dict[str, Any] | None
    summary: list[dict[str, Any]]
    stories: list[dict[str, Any]]
    layers: dict[str, list[dict[str, Any]]] = Field(description="times, mentions, quotes, events (with 'text')")
    counts: dict[str, int]
    segments: list[dict[str, Any]] = Field(description="the text cut at annotation boundaries, for highlighting")


class EntityItem(Open):
    id: str
    type: str | None
    label: str | None
    label_en: str | None = None
    variants: list[str] = []
    roles: list[str] = []
    wikidata: str | None = None
    mentions: int = 0
    articles: int = 0


class EntityDetail(BaseModel):
    entity: dict[str, Any]
    articles: list[dict[str, Any]]
    stories: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    events: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    counts: dict[str, int]


class QuoteItem(Open):
    article_id: str
    start: int
    end: int
    kind: str | None = None
    speaker: str | None = None
    speaker_entity_id: str | None = None
    via: str | None = None
    channel: str | None = None
    content: str = ""
    outlet: str | None = None


class EventItem(Open):
    article_id: str
    start: int
    end: int
    label: str
    modality: str
    participants: list[dict[str, Any]] = []
    text: str = ""


class SearchHit(Open):
    article_id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    score: float | None = None
    snippet: str = ""
    stories: list[dict[str, str]] = Field([], description="the stories holding this article: {id, title}")
