"""Ingest: read files, HTML, JSONL, URLs and feeds into cleaned Articles."""
