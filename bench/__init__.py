"""Benchmarks (`make bench`): speed and memory goals live here, never in unit tests."""
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
