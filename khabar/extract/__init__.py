"""Per-article annotators (entities, time, quotes, events); see registry.py."""
