"""Corpus step: publication dates for every stored article, then re-analysis of the
articles whose reference date changed (so their relative expressions resolve anew)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from khabar.app.pipeline.analyze import PUBDATE_PASS, analyze_article, load_docs
from khabar.corpus.dates import VERSION, infer_pubdates
from khabar.extract.time.values import Ref
from khabar.store import Store


def collection_date(store: Store) -> date | None:
    """The last day an article was collected: no article was published after it."""
    row = store.db.execute("SELECT max(ingested_at) FROM articles").fetchone()
    if not row or not row[0]:
        return None
    try:
        return date.fromisoformat(str(row[0])[:10])
    except ValueError:
        return None


def _ref_key(ref: Any) -> tuple[Any, ...]:
    """What a reference means to the tagger (so an unchanged one is not re-analysed)."""
    try:
        r = Ref.parse(ref)
    except ValueError:
        return ("bad", str(ref))
    return (r.day, r.lo, r.hi, r.weekday, r.certainty if r.day is None else None)


def update_dates(
    store: Store,
    *,
    changed_ids: Sequence[str] | None = None,
    echo: Callable[[str], None] | None = None,
    max_date: date | str | None = None,
) -> dict[str, Any]:
    """Infer and store every article's publication date (pass 'pubdate', key = article id).

    All articles take part (a new article can date an old one); only articles whose stored
    date changed are re-analysed.  Returns {"articles", "metadata", "text", "corpus",
    "unknown", "exact", "changed", "reanalysed"}.
    """
    docs = load_docs(store)
    if max_date is None:
        max_date = collection_date(store)
    result = infer_pubdates(docs, max_date=max_date)
    stats: dict[str, Any] = {"articles": len(docs), "metadata": 0, "text": 0, "corpus": 0, "unknown": 0,
                             "exact": 0, "changed": 0, "reanalysed": 0}
    changed = []
    for doc in docs:
        pd = result.get(doc.id)
        if pd is None:
            continue
        stats[pd.method] = stats.get(pd.method, 0) + 1
        if pd.value.earliest and pd.value.earliest == pd.value.latest:
            stats["exact"] += 1
        new = pd.to_dict()
        old = store.get_output(PUBDATE_PASS, doc.id)
        if old != new:
            store.put_output(PUBDATE_PASS, doc.id, VERSION, new)
            # the reference analysis used: the stored date, else the metadata date
            before = old["value"] if old else doc.article.published
            if _ref_key(before) != _ref_key(new["value"]):
                changed.append(doc.article)
    stats["changed"] = len(changed)
    for art in changed:
        analyze_article(store, art)
        stats["reanalysed"] += 1
    if echo and docs:
        echo(f"dates: {stats['exact']}/{len(docs)} articles dated to the day "
             f"({stats['metadata']} metadata, {stats['text']} text, {stats['corpus']} corpus), {stats['reanalysed']} re-analysed")
    return stats
