"""Run the registered annotators over stored articles and store their layers."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from khabar.corpus.doc import Doc
from khabar.extract.registry import Context, pipeline, run_pipeline
from khabar.model import LAYER_TYPES, Article, PublicationDate
from khabar.store import Store

PUBDATE_PASS = "pubdate"


@dataclass(slots=True)
class AnalyzeStats:
    articles: int = 0
    spans: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def reference_of(store: Store, article: Article) -> Any:
    """What relative expressions resolve against: the stored (maybe inferred) publication
    date as a TimeValue-like dict, else the metadata date string, else None."""
    pd = store.get_output(PUBDATE_PASS, article.id)
    if pd is not None:
        return PublicationDate.from_dict(pd).value
    return article.published


def analyze_article(store: Store, article: Article, annotators: Sequence[Any] | None = None) -> dict[str, int]:
    """Annotate one article and store every layer; errors are logged, never raised."""
    annotators = annotators if annotators is not None else pipeline()
    ctx = Context(ref=reference_of(store, article))
    layers, errors = run_pipeline(article, annotators, ctx)
    counts = {}
    with store.transaction():
        for a in annotators:
            if a.assigns in layers:
                store.put_layer(article, a.assigns, layers[a.assigns], a.name)
                counts[a.assigns] = len(layers[a.assigns])
        for e in errors:
            store.log_annotation_error(e.article_id, e.annotator, e.error)
    return counts


def analyze(
    store: Store,
    ids: Sequence[str] | None = None,
    *,
    only_stale: bool = False,
    progress: Callable[[int], None] | None = None,
) -> AnalyzeStats:
    """Annotate ``ids`` (default: all).  With ``only_stale``, skip articles whose layers
    were computed on the same text by the same annotators."""
    annotators = pipeline()
    names = {a.assigns: a.name for a in annotators}
    stats = AnalyzeStats()
    ids = list(ids) if ids is not None else store.article_ids()
    for art in store.iter_articles(ids=ids):
        if only_stale:
            have = store.layers_of(art.id)
            if all(
                layer in have and have[layer]["annotator"] == name and have[layer]["text_hash"] == art.text_hash
                for layer, name in names.items()
            ):
                if progress:
                    progress(1)
                continue
        counts = analyze_article(store, art, annotators)
        stats.articles += 1
        for k, v in counts.items():
            stats.spans[k] = stats.spans.get(k, 0) + v
        if progress:
            progress(1)
    return stats


def load_docs(store: Store, ids: Sequence[str] | None = None) -> list[Doc]:
    """Articles with their stored layers and publication dates, for corpus passes."""
    ids = list(ids) if ids is not None else store.article_ids()
    docs = []
    for art in store.iter_articles(ids=ids):
        layers = {}
        for layer, cls in LAYER_TYPES.items():
            spans = store.get_layer(art.id, layer, cls)
            if spans is not None:
                layers[layer] = spans
        pd = store.get_output(PUBDATE_PASS, art.id)
        docs.append(Doc(art, layers, PublicationDate.from_dict(pd) if pd else None))
    return docs
