"""Evaluate the chrome filter against hand-listed boilerplate (``khabar eval clean``).

For one scraped file and the list of its boilerplate items (gold notation: the item's
text, '...' for "anything here", an optional trailing note in parentheses such as
'(twice)', and 'X followed by <description>' for a marker line), it measures:

- boilerplate removed: items present in the raw file that are in none of the kept
  texts (body, title, summary, related articles);
- sentences kept: every sentence of a raw line that is not boilerplate must be found in
  the kept texts (body, title, the outlet summary, or a split-off related article).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khabar.ingest.chrome import tidy
from khabar.ingest.sources import tidy_title
from khabar.ingest.types import Loaded, Skipped
from khabar.settings import Settings
from khabar.text.normalize import normalize, squash_spaces
from khabar.text.segment import split_sentences

_BULLET = re.compile(r"^[-•*▪●◦‣–]\s+")
_NOTE = re.compile(r"\s*\(([^()]*[A-Za-z][^()]*)\)\s*$")


def item_pattern(item: str) -> re.Pattern[str]:
    """A gold boilerplate item as a regex over a normalised, tidied line."""
    core = _NOTE.sub("", item).strip()
    core = core.split(" followed by ", 1)[0].strip()
    parts = [re.escape(normalize(tidy(p))) for p in core.split("...")]
    return re.compile(".*".join(parts))


def _line_key(line: str) -> str:
    return normalize(tidy(line))


@dataclass(slots=True)
class CleanScore:
    file: str
    boilerplate_total: int = 0
    boilerplate_removed: int = 0
    sentences_total: int = 0
    sentences_kept: int = 0
    summary_bullets: int = 0
    related_articles: int = 0
    published: str | None = None
    leftover: list[str] = field(default_factory=list)  # boilerplate still in the kept text
    lost: list[str] = field(default_factory=list)  # article sentences found nowhere
    absent: list[str] = field(default_factory=list)  # gold items not found in the raw file

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "boilerplate_removed": self.boilerplate_removed,
            "boilerplate_total": self.boilerplate_total,
            "sentences_kept": self.sentences_kept,
            "sentences_total": self.sentences_total,
            "summary_bullets": self.summary_bullets,
            "related_articles": self.related_articles,
            "published": self.published,
            "leftover": self.leftover,
            "lost": self.lost,
            "absent": self.absent,
        }


def score_file(path: Path, boilerplate: list[str], settings: Settings | None = None) -> CleanScore:
    from khabar.ingest.encoding import decode_bytes
    from khabar.ingest.sources import read_sources

    settings = settings or Settings.load()
    score = CleanScore(path.name)
    raw, _ = decode_bytes(path.read_bytes())
    items = list(read_sources([str(path)], settings))
    loaded = [it.article for it in items if isinstance(it, Loaded)]
    if not loaded:
        why = "; ".join(str(it) for it in items if isinstance(it, Skipped))
        score.lost.append(f"(nothing loaded: {why})")
    main = [a for a in loaded if a.parent_id is None]
    related = [a for a in loaded if a.parent_id is not None]
    score.related_articles = len(related)
    if main:
        score.summary_bullets = len(main[0].summary)
        score.published = main[0].published
    kept_lines: list[str] = []
    for a in loaded:
        kept_lines.append(a.title)
        kept_lines.extend(a.summary)
        kept_lines.extend(a.text.split("\n"))
    kept_keys = [_line_key(ln) for ln in kept_lines if ln.strip()]
    kept_blob = squash_spaces(" \n ".join(kept_lines))
    raw_lines = [ln for ln in raw.replace("\r", "").split("\n") if ln.strip()]
    patterns = [(it, item_pattern(it)) for it in boilerplate]
    chrome_lines: set[int] = set()
    for it, rx in patterns:
        hits = [i for i, ln in enumerate(raw_lines) if rx.fullmatch(_line_key(ln))]
        if not hits:
            score.absent.append(it)
            continue
        chrome_lines.update(hits)
        score.boilerplate_total += 1
        left = [k for k in kept_keys if rx.fullmatch(k)]
        if left:
            score.leftover.append(it)
        else:
            score.boilerplate_removed += 1
    for i, ln in enumerate(raw_lines):
        if i in chrome_lines:
            continue
        line = tidy(ln)
        for s in split_sentences(line):
            sent = _BULLET.sub("", s.text_of(line))  # a summary bullet is kept without its marker
            if not any(ch.isalpha() for ch in sent):
                continue
            score.sentences_total += 1
            # edge decoration (an emoji marker before a headline) is not article text
            if squash_spaces(sent) in kept_blob or tidy_title(sent) in kept_blob:
                score.sentences_kept += 1
            else:
                score.lost.append(sent[:120])
    return score


def evaluate_clean(seeds_dir: Path, gold: dict[str, Any], settings: Settings | None = None) -> dict[str, Any]:
    """Scores for every document of ``gold['documents']`` found in ``seeds_dir``, and totals."""
    rows = []
    for name, doc in sorted(gold.get("documents", {}).items()):
        path = seeds_dir / name
        if not path.exists():
            continue
        rows.append(score_file(path, list(doc.get("boilerplate", [])), settings).to_dict())
    totals = {
        k: sum(r[k] for r in rows)
        for k in ("boilerplate_removed", "boilerplate_total", "sentences_kept", "sentences_total")
    }
    totals["files"] = len(rows)
    return {"seeds": rows, "totals": totals}
