"""Ingest: read files, HTML, JSONL, URLs and feeds into cleaned Articles.

``read_sources(paths, settings)`` yields ``Loaded`` / ``Skipped``;
``count_sources(paths)`` is a cheap total for progress bars.
"""
from khabar.ingest.sources import count_sources, make_ids, read_sources
from khabar.ingest.types import Loaded, Skipped

__all__ = ["read_sources", "count_sources", "make_ids", "Loaded", "Skipped"]
