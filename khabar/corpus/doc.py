"""A corpus pass's view of one analysed article: the article and its layers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from khabar.model import Article, PublicationDate


@dataclass(slots=True)
class Doc:
    article: Article
    layers: dict[str, list[Any]] = field(default_factory=dict)  # 'times', 'mentions', 'quotes', 'events'
    pubdate: PublicationDate | None = None  # metadata or inferred

    @property
    def id(self) -> str:
        return self.article.id
