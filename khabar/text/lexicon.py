"""Load the plain-data lexicons in khabar/data/ar/.

A lexicon is a UTF-8 TSV file: '#' lines first (provenance: source, licence,
date, editor), then one header row naming the columns, then rows.  No logic
lives in the files; this module only reads them.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from pathlib import Path

DATA_DIR = Path(str(resources.files("khabar") / "data" / "ar"))


@lru_cache(maxsize=None)
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``khabar/data/ar/NAME`` as dicts keyed by the header row."""
    path = DATA_DIR / name
    with path.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple({k: (v or "").strip() for k, v in row.items() if k} for row in reader)


def provenance(name: str) -> list[str]:
    """The '#' header lines of a lexicon file."""
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return [ln[1:].strip() for ln in fh if ln.startswith("#")]
