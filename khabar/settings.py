"""All thresholds and safety caps, in one place (one slotted dataclass).

Values can be overridden by environment variables named KHABAR_<FIELD> (upper case).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields


@dataclass(slots=True)
class Settings:
    db_path: str = "khabar.db"
    # Ingest safety caps
    max_file_bytes: int = 20_000_000  # a page larger than this is skipped, not read
    max_article_chars: int = 400_000  # cleaned text beyond this is cut (and said so)
    min_article_chars: int = 40  # shorter cleaned text is 'empty'
    min_arabic_ratio: float = 0.30  # below this share of Arabic letters: 'not Arabic'
    batch_size: int = 200  # articles per transaction
    fetch_timeout_s: float = 20.0  # URLs and feeds, only when the user gives them
    max_workers: int = 4

    @classmethod
    def load(cls) -> Settings:
        s = cls()
        for f in fields(cls):
            env = os.environ.get("KHABAR_" + f.name.upper())
            if env is None and f.name == "db_path":
                env = os.environ.get("KHABAR_DB")
            if env is not None:
                setattr(s, f.name, type(getattr(s, f.name))(env))
        return s
