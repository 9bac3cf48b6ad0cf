"""Corpus passes over many articles: dates, stories, timeline, summaries, discrepancies."""
