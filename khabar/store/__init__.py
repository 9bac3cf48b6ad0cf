"""Storage: SQLite by default (one file).  See sqlite.py."""
from khabar.store.sqlite import Store, StoreError

__all__ = ["Store", "StoreError"]
