"""Corpus step: rebuild the entities table from every article's mentions and re-point
mention ids that cross-article merging changed."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from khabar.corpus.doc import Doc
from khabar.corpus.entities import build_entities
from khabar.model import LAYER_TYPES, Mention
from khabar.store import Store

PASS_VERSION = "entities.v1"


def _mention_docs(store: Store) -> list[Doc]:
    """Docs carrying only their mentions layer (cheaper than loading every layer)."""
    layers = dict(store.iter_layer("mentions", Mention))
    ids = sorted(layers)
    return [Doc(a, {"mentions": layers[a.id]}) for a in store.iter_articles(ids=ids)]


def _repoint_other_layers(store: Store, d: Doc, have: dict, remap: dict[str, str]) -> None:
    """Quotes and events copied mention ids when they were computed: point them at the merged ids too."""
    for layer, fields in (("quotes", ("speaker_entity_id", "via_entity_id")), ("events", ("place_entity_id",))):
        if layer not in have:
            continue
        spans = store.get_layer(d.id, layer, LAYER_TYPES[layer])
        if not spans:
            continue
        changed = False
        for sp in spans:
            for f in fields:
                new = remap.get(getattr(sp, f, None) or "")
                if new:
                    setattr(sp, f, new)
                    changed = True
            for p in getattr(sp, "participants", None) or []:
                new = remap.get(p.entity_id or "")
                if new:
                    p.entity_id = new
                    changed = True
        if changed:
            store.put_layer(d.article, layer, spans, have[layer]["annotator"])


def update_entities(
    store: Store,
    *,
    changed_ids: Sequence[str] | None = None,
    echo: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Rebuild ``entities`` from all stored mentions (no text analysis here).

    Returns {"entities": n, "merged_ids": n, "articles_repointed": n}.
    """
    docs = _mention_docs(store)
    entities, remap = build_entities(docs)
    repointed = 0
    with store.transaction():
        store.put_entities(entities, replace_all=True)
        if remap:
            for d in docs:
                spans = d.layers.get("mentions") or []
                changed = False
                for m in spans:
                    new = remap.get(m.entity_id or "")
                    if new:
                        m.entity_id = new
                        changed = True
                if changed:
                    have = store.layers_of(d.id)
                    name = have.get("mentions", {}).get("annotator", "mentions.ner.v1")
                    store.put_layer(d.article, "mentions", spans, name)
                    _repoint_other_layers(store, d, have, remap)
                    repointed += 1
    if echo is not None and entities:
        echo(f"entities: {len(entities)} ({len(remap)} spellings merged across articles)")
    return {"entities": len(entities), "merged_ids": len(remap), "articles_repointed": repointed}
