"""What reading a source yields: a loaded article, or a skip with its reason."""
from __future__ import annotations

from dataclasses import dataclass, field

from khabar.model import Article


@dataclass(slots=True)
class Loaded:
    """An article read and cleaned; ``source_key`` identifies where it came from
    (url, docno, or absolute path[#n]) so a changed version replaces the old one."""

    article: Article
    source_key: str
    notes: list[str] = field(default_factory=list)  # e.g. 'encoding windows-1256', 'cut at 400000 chars'


@dataclass(slots=True)
class Skipped:
    """Something that could not become an article, and why (one clear sentence)."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class Unchanged:
    """A source whose raw bytes (and the cleaner) are the same as when it was stored:
    nothing to read again."""

    path: str
    source_key: str
    line: int | None = None


@dataclass(slots=True)
class Superseded:
    """A JSON Lines record whose URL/docno comes again later in the same file: the later
    record is the version kept (so a re-run stores the same thing and changes nothing)."""

    path: str
    line: int
    by_line: int
    source_key: str

    @property
    def reason(self) -> str:
        return f"superseded by line {self.by_line} (same {self.source_key})"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"
