"""One query function per page and endpoint: the API, the web UI, the reports and the
CLI all read the store through these, so a page and its JSON twin always agree.

Every function takes a ``Store`` and plain parameters and returns plain JSON-able
dicts.  Bad parameters raise ``QueryError``; unknown ids raise ``NotFound``.
Article text is returned as stored (untrusted); escaping is the renderer's job.
"""
from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from khabar.model import LAYER_TYPES, Event, Mention, Quote, TimeExpr
from khabar.store import Store
from khabar.text.normalize import normalize

MAX_LIMIT = 500
UNKNOWN_OUTLET = "مصدر غير معروف"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# Event types and modalities: Arabic label, English label (shown side by side in the UI).
EVENT_TYPES: dict[str, tuple[str, str]] = {
    "phone_call": ("اتصال هاتفي", "phone call"),
    "call": ("اتصال", "call"),
    "meeting": ("لقاء", "meeting"),
    "summit": ("قمة", "summit"),
    "visit": ("زيارة", "visit"),
    "talks": ("محادثات", "talks"),
    "negotiation": ("مفاوضات", "negotiation"),
    "statement": ("تصريح", "statement"),
    "announcement": ("إعلان", "announcement"),
    "agreement": ("اتفاق", "agreement"),
    "attack": ("هجوم", "attack"),
    "election": ("انتخابات", "election"),
    "sanction": ("عقوبات", "sanctions"),
    "sanctions": ("عقوبات", "sanctions"),
    "ceasefire": ("وقف إطلاق النار", "ceasefire"),
    "invitation": ("دعوة", "invitation"),
    "conference": ("مؤتمر", "conference"),
    "press_conference": ("مؤتمر صحفي", "press conference"),
    "protest": ("احتجاج", "protest"),
    "arrest": ("اعتقال", "arrest"),
    "appointment": ("تعيين", "appointment"),
    "resignation": ("استقالة", "resignation"),
    "dismissal": ("إقالة", "dismissal"),
}
MODALITIES: dict[str, tuple[str, str]] = {
    "happened": ("وقع", "happened"),
    "scheduled": ("مقرر", "scheduled"),
    "expected": ("متوقع", "expected"),
    "hypothetical": ("افتراضي", "hypothetical"),
    "denied": ("نفي", "denied"),
    "cancelled": ("أُلغي", "cancelled"),
    "postponed": ("أُجّل", "postponed"),
    "refused": ("رفض", "refused"),
}
ENTITY_TYPES: dict[str, tuple[str, str]] = {
    "PER": ("شخص", "person"),
    "ORG": ("منظمة", "organisation"),
    "GPE": ("دولة أو مدينة", "country / city"),
    "LOC": ("مكان", "place"),
    "FAC": ("منشأة", "facility"),
}
# Events whose participants met or spoke: the edges of the 'who met/called whom' graph.
INTERACTIONS = {"phone_call", "call", "meeting", "summit", "visit", "talks", "negotiation", "conference"}


class QueryError(ValueError):
    """A parameter is invalid (HTTP 400)."""


class NotFound(LookupError):
    """No such story, article or entity (HTTP 404)."""


# -- helpers ---------------------------------------------------------------
def check_page(limit: int, offset: int) -> None:
    if limit < 1 or limit > MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more, got {offset}")


def check_date(name: str, value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if not _DATE.match(value):
        raise QueryError(f"{name} must be a date like 2025-08-15 (or 2025-08, 2025), got {value!r}")
    return value


def _until_bound(until: str) -> str:
    """'2025-08' as an upper bound means the whole of August."""
    return until + "\uffff"


def event_label(kind: str | None) -> dict[str, str]:
    ar, en = EVENT_TYPES.get(kind or "", (kind or "", kind or ""))
    return {"ar": ar, "en": en.replace("_", " ")}


def modality_label(mod: str | None) -> dict[str, str]:
    ar, en = MODALITIES.get(mod or "", (mod or "", mod or ""))
    return {"ar": ar, "en": en}


def _page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "has_more": offset + len(items) < total}


def _article_meta(store: Store, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    out: dict[str, dict[str, Any]] = {}
    ids = list(dict.fromkeys(ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = ",".join("?" * len(chunk))
        for r in store.db.execute(
            f"SELECT id, external_id, title, outlet, url, published, length(text) AS chars FROM articles"
            f" WHERE id IN ({q})",
            chunk,
        ):
            out[r["id"]] = dict(r)
    return out


def _texts(store: Store, ids: Iterable[str]) -> dict[str, str]:
    ids = list(dict.fromkeys(ids))
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = ",".join("?" * len(chunk))
        for r in store.db.execute(f"SELECT id, text FROM articles WHERE id IN ({q})", chunk):
            out[r["id"]] = r["text"]
    return out


class Rec(dict):
    """A span read straight from its stored JSON, with attribute access (``m.entity_id``);
    a missing field reads as None.  Much cheaper than building model dataclasses for the
    thousands of spans a page may touch."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # keep dunder protocols (copy, pickle, pydantic) honest
            raise AttributeError(name)
        return self.get(name)


def _loads(data: str) -> Any:
    return json.loads(data, object_hook=Rec)


def _layers(store: Store, ids: Sequence[str], layer: str) -> dict[str, list[Any]]:
    """One layer for many articles (as ``Rec`` records), read in one query per 500 ids."""
    out: dict[str, list[Any]] = {}
    ids = list(dict.fromkeys(ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = ",".join("?" * len(chunk))
        for r in store.db.execute(
            f"SELECT article_id, data FROM annotations WHERE layer=? AND article_id IN ({q})", [layer, *chunk]
        ):
            out[r["article_id"]] = _loads(r["data"])
    return out


def _outputs(store: Store, pass_name: str, keys: Sequence[str]) -> dict[str, Any]:
    """Many corpus pass outputs in one query per 500 keys."""
    out: dict[str, Any] = {}
    keys = list(dict.fromkeys(keys))
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        q = ",".join("?" * len(chunk))
        for r in store.db.execute(
            f"SELECT key, data FROM corpus_outputs WHERE pass=? AND key IN ({q})", [pass_name, *chunk]
        ):
            out[r["key"]] = json.loads(r["data"])
    return out


def _entity_labels(store: Store, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = [i for i in dict.fromkeys(ids) if i]
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = ",".join("?" * len(chunk))
        for r in store.db.execute(
            f"SELECT id, type, label_ar, label_en, wikidata FROM entities WHERE id IN ({q})", chunk
        ):
            out[r["id"]] = dict(r)
    return out


def _label_from_id(entity_id: str) -> str:
    """'ent:PER:خالد منصور' -> 'خالد منصور' (for entities not in the entities table)."""
    if entity_id.startswith("ent:"):
        return entity_id.split(":", 2)[-1]
    return entity_id


def cited_text(text: str, start: int, end: int, context: int = 0) -> dict[str, str]:
    """The cited characters, with ``context`` characters either side (clipped to lines)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    if "\n" in before:
        before = before.rsplit("\n", 1)[1]
    if "\n" in after:
        after = after.split("\n", 1)[0]
    return {"before": before, "text": text[start:end], "after": after}


def fill_citations(store: Store, cits: list[dict[str, Any]], texts: dict[str, str] | None = None,
                   meta: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Add the cited text, outlet, title and date to citations {article_id, start, end}."""
    texts = texts if texts is not None else {}
    need = [c["article_id"] for c in cits if c.get("article_id") not in texts]
    if need:
        texts.update(_texts(store, need))
    meta = meta if meta is not None else {}
    need = [c["article_id"] for c in cits if c.get("article_id") not in meta]
    if need:
        meta.update(_article_meta(store, need))
    out = []
    for c in cits:
        aid = c.get("article_id")
        t = texts.get(aid)
        m = meta.get(aid, {})
        d = dict(c)
        d.setdefault("outlet", m.get("outlet"))
        d.setdefault("external_id", m.get("external_id"))
        d["title"] = m.get("title")
        d["published"] = m.get("published")
        d["found"] = t is not None
        if t is not None:
            d["text"] = cited_text(t, int(c.get("start", 0)), int(c.get("end", 0)))["text"]
        out.append(d)
    return out


# -- stories ---------------------------------------------------------------
def list_stories(
    store: Store,
    *,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    parent: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Stories (top-level unless ``parent``), biggest and latest first, with filters:
    words in their articles (``q``), overlap with [since, until], an outlet, an entity."""
    check_page(limit, offset)
    since, until = check_date("since", since), check_date("until", until)
    where, args = [], []
    if parent:
        where.append("s.parent_id = ?")
        args.append(parent)
    else:
        where.append("s.parent_id IS NULL")
    if since:
        where.append("(s.last_date IS NULL OR s.last_date >= ?)")
        args.append(since)
    if until:
        where.append("(s.first_date IS NULL OR s.first_date <= ?)")
        args.append(_until_bound(until))
    if outlet:
        where.append(
            "EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " WHERE sa.story_id = s.id AND a.outlet = ?)"
        )
        args.append(outlet)
    if entity:
        where.append(
            "EXISTS (SELECT 1 FROM story_articles sa JOIN mentions m ON m.article_id = sa.article_id"
            " WHERE sa.story_id = s.id AND m.entity_id = ?)"
        )
        args.append(entity)
    if q and q.strip():
        match = store.fts_query(q)
        if not match:
            raise QueryError(f"nothing to search for in {q!r}")
        where.append(
            "(s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles_fts f ON f.article_id = sa.article_id"
            " WHERE articles_fts MATCH ?))"
        )
        args.append(match)
    sql_where = " WHERE " + " AND ".join(where) if where else ""
    total = store.db.execute(f"SELECT count(*) FROM stories s{sql_where}", args).fetchone()[0]
    rows = store.db.execute(
        "SELECT s.id, s.title, s.size, s.first_date, s.last_date, s.parent_id,"
        " json_extract(s.data, '$.outlets') AS outlets, json_extract(s.data, '$.external_ids') AS ext"
        f" FROM stories s{sql_where} ORDER BY s.size DESC, s.last_date DESC, s.id LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
    subs: dict[str, int] = {}
    if rows:
        q = ",".join("?" * len(rows))
        subs = dict(store.db.execute(
            f"SELECT parent_id, count(*) FROM stories WHERE parent_id IN ({q}) GROUP BY parent_id",
            [r["id"] for r in rows]).fetchall())
    summaries = _outputs(store, "summary", [r["id"] for r in rows])
    items = []
    for r in rows:
        ext = json.loads(r["ext"]) if r["ext"] else []
        sens = (summaries.get(r["id"]) or {}).get("sentences") or []
        items.append(
            {
                "id": r["id"],
                "title": r["title"] or "",
                "size": r["size"],
                "outlets": json.loads(r["outlets"]) if r["outlets"] else [],
                "first_date": r["first_date"],
                "last_date": r["last_date"],
                "external_ids": ext[:20],
                "parent_id": r["parent_id"],
                "substories": subs.get(r["id"], 0),
                "lead": sens[0].get("text", "") if sens else None,
            }
        )
    return _page(items, total, limit, offset)


_CACHE: dict[tuple[str, str], tuple[float, Any]] = {}
CACHE_SECONDS = 30.0


def _cached(store: Store, name: str, fn: Any) -> Any:
    """Small per-database cache for menus that scan whole tables (30 s; they may lag a run)."""
    key = (store.path, name)
    hit = _CACHE.get(key)
    now = time.monotonic()
    if hit and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    value = fn()
    _CACHE[key] = (now, value)
    return value


def story_options(store: Store) -> dict[str, Any]:
    """Values for the filter menus: outlets and the most mentioned entities (cached 30 s)."""
    return _cached(store, "story_options", lambda: _story_options(store))


def _story_options(store: Store) -> dict[str, Any]:
    outlets = [
        {"outlet": r[0], "articles": r[1]}
        for r in store.db.execute(
            "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY count(*) DESC"
            " LIMIT 100"
        )
    ]
    top = store.db.execute(
        "SELECT id, label_ar, label_en, json_array_length(data, '$.articles') AS n FROM entities"
        " ORDER BY n DESC, id LIMIT 40"
    ).fetchall()
    if top:
        entities = [{"id": r[0], "label": r[1], "label_en": r[2], "articles": r[3] or 0} for r in top]
    else:  # no entities pass yet: count straight from the mention index
        rows = store.db.execute(
            "SELECT entity_id, count(DISTINCT article_id) AS n FROM mentions GROUP BY entity_id"
            " ORDER BY n DESC LIMIT 40"
        ).fetchall()
        entities = [{"id": r[0], "label": _label_from_id(r[0]), "label_en": None, "articles": r[1]} for r in rows]
    return {"outlets": outlets, "entities": entities}


def get_story_or_404(store: Store, story_id: str):
    s = store.get_story(story_id)
    if s is None:
        raise NotFound(f"no story {story_id!r}")
    return s


def _fallback_timeline(store: Store, article_ids: Sequence[str], meta: dict[str, dict[str, Any]]) -> list[dict]:
    """Entries straight from the articles' dated events, when no timeline pass output exists."""
    entries = []
    for aid, events in _layers(store, article_ids, "events").items():
        for i, ev in enumerate(events):
            t = ev.time
            entries.append(
                {
                    "id": f"{aid[:8]}-{i}",
                    "type": ev.label,
                    "modality": ev.modality,
                    "value": t.value if t else None,
                    "earliest": t.earliest if t else None,
                    "latest": t.latest if t else None,
                    "grain": t.grain if t else None,
                    "certainty": (t.certainty if t else "unknown"),
                    "description_ar": " ".join(p.label or "" for p in ev.participants or []) or event_label(ev.label)["ar"],
                    "description_en": "",
                    "participants": [{"label": p.label, "label_en": None, "entity_id": p.entity_id}
                                     for p in ev.participants or []],
                    "place": ev.place,
                    "duration": ev.duration,
                    "citations": [{"article_id": aid, "start": ev.start, "end": ev.end,
                                   "external_id": meta.get(aid, {}).get("external_id"),
                                   "outlet": meta.get(aid, {}).get("outlet")}],
                    "conflicts": [],
                }
            )
    entries.sort(key=lambda e: (e["earliest"] is None, e["earliest"] or "", e["id"]))
    return entries


def story_timeline(store: Store, story_id: str, *, with_text: bool = True, texts: dict[str, str] | None = None,
                   meta: dict[str, dict[str, Any]] | None = None, limit: int | None = None,
                   offset: int = 0) -> dict[str, Any]:
    """The story's timeline (pass 'timeline'), each citation with its sentence; ``limit``
    and ``offset`` page through long ones (the whole store's, id '_all')."""
    if limit is not None:
        check_page(limit, offset)
    if story_id == "_all":
        tl = store.get_output("timeline", "_all") or {"story_id": "_all", "entries": []}
        ids: list[str] = []
        source = "timeline"
    else:
        s = get_story_or_404(store, story_id)
        story_id = s.id
        ids = s.article_ids
        tl = store.get_output("timeline", s.id)
        source = "timeline"
        if tl is None:
            tl = {"story_id": s.id, "entries": _fallback_timeline(store, ids, _article_meta(store, ids))}
            source = "events"
    texts = {} if texts is None else texts
    meta = {} if meta is None else meta
    entries = []
    every = tl.get("entries", [])
    chosen = every[offset : offset + limit] if limit is not None else every
    for e in chosen:
        e = dict(e)
        e["type_label"] = event_label(e.get("type"))
        e["modality_label"] = modality_label(e.get("modality"))
        if with_text:
            e["citations"] = fill_citations(store, list(e.get("citations") or []), texts, meta)
        entries.append(e)
    return {"story_id": story_id, "source": source, "total": len(every), "offset": offset if limit else 0,
            "entries": entries}


_LOCK = threading.Lock()
_DETAIL_CACHE: OrderedDict[tuple[str, str, str], dict[str, Any]] = OrderedDict()


def story_detail(store: Store, story_id: str) -> dict[str, Any]:
    """Everything the story page shows: articles, summary, timeline, people and places,
    the who-met-whom graph, quotes by speaker, outlets side by side, disagreements.

    Cached per story until the pipeline rewrites the story, its outputs or its articles' layers."""
    row = store.db.execute("SELECT id, updated_at FROM stories WHERE id=?", (story_id,)).fetchone()
    if row is None:
        row = store.db.execute("SELECT id, updated_at FROM stories WHERE id=?",
                               (get_story_or_404(store, story_id).id,)).fetchone()
    # the key changes whenever the story, its pass outputs or its articles' layers are rewritten
    ver = store.db.execute(
        "SELECT (SELECT max(updated_at) FROM corpus_outputs WHERE key = ?1"
        " AND pass IN ('timeline', 'summary', 'discrepancies')),"
        " (SELECT max(created_at) || count(*) FROM annotations WHERE article_id IN"
        " (SELECT article_id FROM story_articles WHERE story_id = ?1))", (row["id"],)).fetchone()
    key = (store.path, row["id"], f"{row['updated_at']}|{ver[0]}|{ver[1]}")
    with _LOCK:
        hit = _DETAIL_CACHE.get(key)
        if hit is not None:
            _DETAIL_CACHE.move_to_end(key)
            return dict(hit)
    d = _story_detail(store, row["id"])
    with _LOCK:
        _DETAIL_CACHE[key] = d
        while len(_DETAIL_CACHE) > 64:
            _DETAIL_CACHE.popitem(last=False)
    return dict(d)


def _story_detail(store: Store, story_id: str) -> dict[str, Any]:
    s = get_story_or_404(store, story_id)
    ids = s.article_ids
    meta = _article_meta(store, ids)
    texts = _texts(store, ids)
    pubdates = _outputs(store, "pubdate", ids)
    summaries = _outputs(store, "summary", ids)
    articles = []
    for aid in ids:
        m = dict(meta.get(aid, {"id": aid}))
        pd = pubdates.get(aid)
        m["pubdate"] = (
            {"value": pd["value"].get("value"), "earliest": pd["value"].get("earliest"),
             "latest": pd["value"].get("latest"), "method": pd.get("method")}
            if pd else None
        )
        asum = summaries.get(aid)
        m["summary"] = asum.get("sentences", []) if asum else []
        articles.append(m)
    articles.sort(key=lambda a: ((a.get("published") or (a.get("pubdate") or {}).get("earliest") or "9999"),
                                 a.get("outlet") or "", a["id"]))

    summary = store.get_output("summary", s.id)
    if summary:
        summary = dict(summary)
        summary["sentences"] = [
            {**sen, "citations": fill_citations(store, list(sen.get("citations") or []), texts, meta)}
            for sen in summary.get("sentences", [])
        ]
    timeline = story_timeline(store, s.id, texts=texts, meta=meta)
    disc = store.get_output("discrepancies", s.id) or {"story_id": s.id, "items": []}
    items = []
    for it in disc.get("items", []):
        it = dict(it)
        it["values"] = [
            {**v, "citations": fill_citations(store, list(v.get("citations") or []), texts, meta)}
            for v in it.get("values", [])
        ]
        items.append(it)
    disc = {"story_id": s.id, "items": items}

    mentions = _mention_index(store, ids)
    quotes = _layers(store, ids, "quotes")
    events = _layers(store, ids, "events")
    people, places, orgs = _entities_of(store, mentions, texts)
    graph = _graph(store, timeline["entries"], events, meta)
    by_speaker = _quotes_by_speaker(store, quotes, texts, meta)
    outlets = _outlets_side_by_side(articles, disc)
    subs = [dict(r) for r in store.db.execute(
        "SELECT id, title, size, first_date, last_date FROM stories WHERE parent_id = ?"
        " ORDER BY size DESC, last_date DESC, id", (s.id,))]
    parent = None
    if s.parent_id:
        p = store.get_story(s.parent_id)
        parent = {"id": p.id, "title": p.title} if p else None
    return {
        "story": s.to_dict(),
        "parent": parent,
        "substories": subs,
        "articles": articles,
        "summary": summary,
        "timeline": timeline,
        "discrepancies": disc,
        "people": people,
        "places": places,
        "organisations": orgs,
        "graph": graph,
        "quotes_by_speaker": by_speaker,
        "outlets": outlets,
        "counts": {
            "articles": len(ids),
            "quotes": sum(len(v) for v in quotes.values()),
            "events": sum(len(v) for v in events.values()),
            "timeline": len(timeline["entries"]),
            "discrepancies": len(items),
        },
    }


def _mention_index(store: Store, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Linked mentions of many articles from the ``mentions`` index table (no JSON to decode)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ids = list(dict.fromkeys(ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = ",".join("?" * len(chunk))
        for r in store.db.execute(
            f"SELECT article_id, entity_id, start, end, type FROM mentions WHERE article_id IN ({q})", chunk
        ):
            out[r[0]].append({"entity_id": r[1], "start": r[2], "end": r[3], "label": r[4]})
    return out


def _entities_of(
    store: Store, mentions: dict[str, list[Any]], texts: dict[str, str]
) -> tuple[list[dict], list[dict], list[dict]]:
    counts: Counter[str] = Counter()
    arts: dict[str, set[str]] = defaultdict(set)
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, str] = {}
    for aid, ms in mentions.items():
        t = texts.get(aid, "")
        for m in ms:
            eid = m.get("entity_id")
            if not eid:
                continue
            counts[eid] += 1
            arts[eid].add(aid)
            surface[eid][t[m["start"] : m["end"]]] += 1
            if eid not in types:
                types[eid] = m.get("label")
    labels = _entity_labels(store, counts)
    people, places, orgs = [], [], []
    for eid, n in counts.most_common():
        info = labels.get(eid, {})
        typ = info.get("type") or types.get(eid, "")
        row = {
            "id": eid,
            "type": typ,
            "label": info.get("label_ar") or surface[eid].most_common(1)[0][0],
            "label_en": info.get("label_en"),
            "mentions": n,
            "articles": len(arts[eid]),
            "variants": [v for v, _ in surface[eid].most_common()],
        }
        if typ == "PER":
            people.append(row)
        elif typ in ("GPE", "LOC", "FAC"):
            places.append(row)
        else:
            orgs.append(row)
    return people, places, orgs


def _graph(
    store: Store, entries: list[dict], events: dict[str, list[Any]], meta: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Who met or called whom: from the timeline's merged entries, else from raw events.
    Two participants make an edge; three or more make a 'gathering' (a hub joined to each
    of them) rather than every pair, which would draw an unreadable web."""
    edges: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    hubs: dict[tuple[str, str, tuple[str, ...]], dict[str, Any]] = {}
    nodes: dict[str, dict[str, Any]] = {}

    def node(pid: str | None, label: str, label_en: str | None) -> str:
        key = pid or "label:" + normalize(label)
        if key not in nodes:
            nodes[key] = {"id": key, "entity_id": pid, "label": label, "label_en": label_en, "degree": 0}
        return key

    def add(kind: str, modality: str, parts: list[tuple[str | None, str, str | None]], cits: list[dict],
            date: str | None) -> None:
        keys = list(dict.fromkeys(node(p, lab, en) for p, lab, en in parts if lab or p))
        if len(keys) >= 3:
            hk = (kind, modality, tuple(sorted(keys)))
            h = hubs.get(hk)
            if h is None:
                h = hubs[hk] = {"id": f"hub{len(hubs) + 1}", "type": kind, "type_label": event_label(kind),
                                "modality": modality, "members": list(hk[2]), "count": 0, "dates": [],
                                "citations": []}
                for k in keys:
                    nodes[k]["degree"] += 1
            h["count"] += 1
            if date and date not in h["dates"]:
                h["dates"].append(date)
            h["citations"].extend(cits[:3])
            return
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                a, b = sorted((keys[i], keys[j]))
                k = (a, b, kind, modality)
                e = edges.get(k)
                if e is None:
                    e = edges[k] = {"source": a, "target": b, "type": kind, "type_label": event_label(kind),
                                    "modality": modality, "count": 0, "dates": [], "citations": []}
                    nodes[a]["degree"] += 1
                    nodes[b]["degree"] += 1
                e["count"] += 1
                if date and date not in e["dates"]:
                    e["dates"].append(date)
                e["citations"].extend(cits[:3])

    if entries:
        for e in entries:
            if e.get("type") not in INTERACTIONS:
                continue
            parts = [(p.get("entity_id"), p.get("label") or "", p.get("label_en")) for p in e.get("participants", [])]
            cits = [{"article_id": c.get("article_id"), "start": c.get("start"), "end": c.get("end")}
                    for c in e.get("citations", [])]
            add(e.get("type", ""), e.get("modality", ""), parts, cits, e.get("earliest"))
    else:
        for aid, evs in events.items():
            for ev in evs:
                if ev.label not in INTERACTIONS:
                    continue
                parts = [(p.entity_id, p.label or "", None) for p in ev.participants or []]
                add(ev.label, ev.modality, parts, [{"article_id": aid, "start": ev.start, "end": ev.end}],
                    ev.time.earliest if ev.time else None)
    labels = _entity_labels(store, [n["entity_id"] for n in nodes.values() if n["entity_id"]])
    for n in nodes.values():
        info = labels.get(n["entity_id"] or "")
        if info:
            n["label"] = info.get("label_ar") or n["label"]
            n["label_en"] = info.get("label_en") or n["label_en"]
    return {"nodes": sorted((n for n in nodes.values() if n["degree"]), key=lambda n: (-n["degree"], n["id"])),
            "edges": sorted(edges.values(), key=lambda e: (e["source"], e["target"], e["type"], e["modality"])),
            "gatherings": sorted(hubs.values(), key=lambda h: (-h["count"], h["id"]))}


def _quotes_by_speaker(
    store: Store, quotes: dict[str, list[Any]], texts: dict[str, str], meta: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for aid, qs in quotes.items():
        t = texts.get(aid, "")
        for q in qs:
            label = q.speaker or "؟"
            key = q.speaker_entity_id or "label:" + normalize(label)
            g = groups.get(key)
            if g is None:
                g = groups[key] = {"speaker": label, "entity_id": q.speaker_entity_id, "label_en": None,
                                   "quotes": []}
            row = _quote_row(aid, q, t, meta)
            ckey = normalize(row["content"])[:200]
            seen = g.setdefault("_seen", {})
            if ckey in seen:  # the same words carried by several articles: shown once
                first = seen[ckey]
                first["also"].append({"article_id": aid, "start": row["start"], "end": row["end"],
                                      "outlet": row["outlet"]})
                continue
            row["also"] = []
            seen[ckey] = row
            g["quotes"].append(row)
    labels = _entity_labels(store, [g["entity_id"] for g in groups.values() if g["entity_id"]])
    for g in groups.values():
        g.pop("_seen", None)
        info = labels.get(g["entity_id"] or "")
        if info:
            g["speaker"] = info.get("label_ar") or g["speaker"]
            g["label_en"] = info.get("label_en")
        g["quotes"].sort(key=lambda r: (r.get("published") or "", r["article_id"], r["start"]))
    return sorted(groups.values(), key=lambda g: (-len(g["quotes"]), g["speaker"]))


def _quote_row(aid: str, q: dict[str, Any], text: str, meta: dict[str, dict[str, Any]]) -> dict[str, Any]:
    g = q.get
    start, end = g("start") or 0, g("end") or 0
    cs = g("content_start")
    ce = g("content_end")
    cs = start if cs is None else cs
    ce = end if ce is None else ce
    m = meta.get(aid, {})
    return {
        "article_id": aid,
        "start": start,
        "end": end,
        "kind": g("label"),
        "speaker": g("speaker"),
        "speaker_entity_id": g("speaker_entity_id"),
        "via": g("via"),
        "via_entity_id": g("via_entity_id"),
        "channel": g("channel"),
        "cue": g("cue"),
        "content": text[cs:ce],
        "text": text[start:end],
        "outlet": m.get("outlet"),
        "title": m.get("title"),
        "published": m.get("published"),
        "external_id": m.get("external_id"),
    }


def _outlets_side_by_side(articles: list[dict[str, Any]], disc: dict[str, Any]) -> dict[str, Any]:
    """Columns = outlets (their articles); rows = disagreements, each cell what that outlet says."""
    cols: dict[str, dict[str, Any]] = {}
    by_article: dict[str, str] = {}
    for a in articles:
        o = a.get("outlet") or UNKNOWN_OUTLET
        by_article[a["id"]] = o
        cols.setdefault(o, {"outlet": o, "articles": []})["articles"].append(
            {"id": a["id"], "title": a.get("title"), "published": a.get("published"), "summary": a.get("summary")}
        )
    rows = []
    for it in disc.get("items", []):
        cells: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for v in it.get("values", []):
            for c in v.get("citations", []):
                o = c.get("outlet") or by_article.get(c.get("article_id"), UNKNOWN_OUTLET)
                same = next((x for x in cells[o] if x["value"] == v.get("value")), None)
                if same is not None:  # one line per value and outlet, with how many articles say it
                    same["count"] += 1
                    continue
                cells[o].append({"value": v.get("value"), "citation": c, "count": 1})
        rows.append({"kind": it.get("kind"), "field": it.get("field"), "what": it.get("what"),
                     "superseded": it.get("superseded", False), "cells": dict(cells)})
    return {"outlets": list(cols.values()), "rows": rows}


# -- articles --------------------------------------------------------------
def list_articles(
    store: Store,
    *,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    story: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Articles (no text), newest first, with the same filters as stories."""
    check_page(limit, offset)
    since, until = check_date("since", since), check_date("until", until)
    match = None
    if q and q.strip():
        match = store.fts_query(q)
        if not match:
            raise QueryError(f"nothing to search for in {q!r}")
    filters = dict(outlet=outlet, since=since, until=until, entity=entity, story=story, match=match)
    total = store.count_matching_articles(**filters)
    return _page(store.list_articles(limit=limit, offset=offset, **filters), total, limit, offset)


def get_article_or_404(store: Store, article_id: str):
    a = store.get_article(article_id)
    if a is None:
        raise NotFound(f"no article {article_id!r}")
    return a


LAYER_CSS = {"mentions": "ent", "times": "tm", "quotes": "qt", "events": "ev"}


def article_detail(store: Store, article_id: str) -> dict[str, Any]:
    """One article with its annotation layers, publication date, stories and the
    highlight segments (flat, non-overlapping, each with the classes covering it)."""
    a = get_article_or_404(store, article_id)
    layers: dict[str, list[dict[str, Any]]] = {}
    marks: list[tuple[int, int, str, str]] = []
    t = a.text
    ent_ids: list[str] = []
    for layer, cls in LAYER_TYPES.items():
        spans = store.get_layer(a.id, layer, cls)
        if spans is None:
            continue
        rows = []
        for s in spans:
            d = s.to_dict()
            d["text"] = t[s.start : s.end]
            if isinstance(s, Mention):
                ent_ids.append(s.entity_id or "")
                marks.append((s.start, s.end, f"ent ent-{s.label}", s.entity_id or ""))
            elif isinstance(s, TimeExpr):
                d["value_text"] = s.value.value if s.value else None
                marks.append((s.start, s.end, "tm", s.value.value if s.value else ""))
            elif isinstance(s, Quote):
                cs = s.content_start if s.content_start is not None else s.start
                ce = s.content_end if s.content_end is not None else s.end
                marks.append((cs, ce, "qt", s.speaker or ""))
                if s.speaker_start is not None and s.speaker_end is not None:
                    marks.append((s.speaker_start, s.speaker_end, "spk", s.speaker or ""))
            elif isinstance(s, Event):
                d["type_label"] = event_label(s.label)
                d["modality_label"] = modality_label(s.modality)
                ts = s.trigger_start if s.trigger_start is not None else s.start
                te = s.trigger_end if s.trigger_end is not None else s.end
                marks.append((ts, te, f"ev ev-{s.modality}", f"{s.label} ({s.modality})"))
            rows.append(d)
        layers[layer] = rows
    labels = _entity_labels(store, ent_ids)
    for m in layers.get("mentions", []):
        info = labels.get(m.get("entity_id") or "")
        m["entity_label"] = (info or {}).get("label_ar")
        m["entity_label_en"] = (info or {}).get("label_en")
    pd = store.get_output("pubdate", a.id)
    summary = store.get_output("summary", a.id)
    stories = []
    for sid in store.stories_of_article(a.id):
        s = store.get_story(sid)
        if s:
            stories.append({"id": s.id, "title": s.title, "size": len(s.article_ids)})
    return {
        "article": {k: v for k, v in a.to_dict().items() if k != "meta"},
        "pubdate": pd,
        "summary": summary.get("sentences", []) if summary else [],
        "stories": stories,
        "layers": layers,
        "counts": {k: len(v) for k, v in layers.items()},
        "segments": segments(t, marks),
    }


def segments(text: str, marks: Sequence[tuple[int, int, str, str]]) -> list[dict[str, Any]]:
    """Cut ``text`` at every mark boundary: [{start, end, text, classes, titles}], covering
    the whole text in order.  Overlapping marks simply stack their classes."""
    n = len(text)
    cuts = {0, n}
    clean = []
    for s, e, cls, title in marks:
        s, e = max(0, min(int(s), n)), max(0, min(int(e), n))
        if e <= s:
            continue
        clean.append((s, e, cls, title))
        cuts.add(s)
        cuts.add(e)
    points = sorted(cuts)
    starts: dict[int, list[int]] = defaultdict(list)
    for i, (s, _e, _c, _t) in enumerate(clean):
        starts[s].append(i)
    active: set[int] = set()
    out = []
    for i in range(len(points) - 1):
        s, e = points[i], points[i + 1]
        active = {j for j in active if clean[j][1] > s}
        active.update(starts.get(s, ()))
        classes: list[str] = []
        titles: list[str] = []
        for j in sorted(active):
            for c in clean[j][2].split():
                if c not in classes:
                    classes.append(c)
            if clean[j][3] and clean[j][3] not in titles:
                titles.append(clean[j][3])
        out.append({"start": s, "end": e, "text": text[s:e], "classes": classes, "title": " · ".join(titles)})
    return out


# -- entities --------------------------------------------------------------
def list_entities(
    store: Store,
    *,
    q: str | None = None,
    type: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Entities, most mentioned first; ``q`` matches labels and variants (normalised)."""
    check_page(limit, offset)
    if type and type not in ENTITY_TYPES:
        raise QueryError(f"type must be one of {', '.join(ENTITY_TYPES)}, got {type!r}")
    where, args = "", []
    if type:
        where, args = " WHERE type = ?", [type]
    cols = ("SELECT id, type, label_ar, label_en, wikidata, json_extract(data, '$.mention_count') AS n,"
            " json_array_length(data, '$.articles') AS na, json_extract(data, '$.variants') AS variants,"
            " json_extract(data, '$.roles') AS roles FROM entities")

    def row(r: Any) -> dict[str, Any]:
        return {"id": r["id"], "type": r["type"], "label": r["label_ar"], "label_en": r["label_en"],
                "variants": json.loads(r["variants"]) if r["variants"] else [],
                "roles": json.loads(r["roles"]) if r["roles"] else [], "wikidata": r["wikidata"],
                "mentions": r["n"] or 0, "articles": r["na"] or 0}

    if not (q and q.strip()):
        total = store.db.execute(f"SELECT count(*) FROM entities{where}", args).fetchone()[0]
        rows = store.db.execute(f"{cols}{where} ORDER BY n DESC, id LIMIT ? OFFSET ?", [*args, limit, offset])
        return _page([row(r) for r in rows], total, limit, offset)
    key = normalize(q.strip())
    names = _cached(store, "entity_names", lambda: _entity_names(store))
    found = [eid for eid, typ, hay in names if (not type or typ == type) and (key in hay or key == eid.lower())]
    page_ids = found[offset : offset + limit]
    rows = {}
    if page_ids:
        rows = {r["id"]: r for r in store.db.execute(
            f"{cols} WHERE id IN ({','.join('?' * len(page_ids))})", page_ids)}
    return _page([row(rows[i]) for i in page_ids if i in rows], len(found), limit, offset)


def _entity_names(store: Store) -> list[tuple[str, str, str]]:
    """(id, type, every name normalised and joined) for each entity, most mentioned first."""
    out = []
    for r in store.db.execute(
        "SELECT id, type, label_ar, label_en, json_extract(data, '$.variants') AS variants FROM entities"
        " ORDER BY json_extract(data, '$.mention_count') DESC, id"
    ):
        names = [r["label_ar"] or "", *(json.loads(r["variants"]) if r["variants"] else [])]
        out.append((r["id"], r["type"], "\n".join(normalize(x) for x in names) + "\n" + (r["label_en"] or "").lower()))
    return out


def entity_detail(store: Store, entity_id: str, *, max_articles: int = 100, max_stories: int = 10) -> dict[str, Any]:
    """An entity: labels, variants, roles, the articles that mention it most (up to
    ``max_articles``), its quotes and events in them, and its timeline entries."""
    ent = store.get_entity(entity_id)
    arts = [r[0] for r in store.db.execute(
        "SELECT article_id, count(*) AS n FROM mentions WHERE entity_id = ? GROUP BY article_id"
        " ORDER BY n DESC, article_id LIMIT ?", (entity_id, max_articles))]
    if ent is None and not arts:
        raise NotFound(f"no entity {entity_id!r}")
    texts = _texts(store, arts)
    meta = _article_meta(store, arts)
    n_articles, n_mentions = store.db.execute(
        "SELECT count(DISTINCT article_id), count(*) FROM mentions WHERE entity_id = ?", (entity_id,)).fetchone()
    surface: Counter[str] = Counter()
    if arts:
        q = ",".join("?" * len(arts))
        for r in store.db.execute(
            f"SELECT article_id, start, end FROM mentions WHERE entity_id = ? AND article_id IN ({q})",
            [entity_id, *arts],
        ):
            surface[texts.get(r[0], "")[r[1] : r[2]]] += 1
    roles: Counter[str] = Counter()
    if ent is None or not ent.roles:  # no entities pass output: roles from the mentions themselves
        for ms in _layers(store, arts[:30], "mentions").values():
            for m in ms:
                if m.get("entity_id") == entity_id and m.get("role"):
                    roles[m["role"]] += 1
    info = ent.to_dict() if ent else {"id": entity_id, "type": entity_id.split(":")[1] if entity_id.startswith(
        "ent:") else "", "label_ar": surface.most_common(1)[0][0] if surface else _label_from_id(entity_id),
        "label_en": None, "variants": [], "roles": [], "wikidata": None}
    variants = list(dict.fromkeys([*(info.get("variants") or []), *(v for v, _ in surface.most_common())]))
    all_roles = list(dict.fromkeys([*(info.get("roles") or []), *(r for r, _ in roles.most_common())]))
    quotes = []
    qrows, _ = _span_rows(store, "quotes", arts, ["json_extract(j.value, '$.speaker_entity_id') = ?"], [entity_id],
                          10**6, 0)
    for aid, q in qrows:
        quotes.append(_quote_row(aid, q, texts.get(aid, ""), meta))
    quotes.sort(key=lambda r: (r.get("published") or "", r["article_id"], r["start"]))
    events = []
    erows, _ = _span_rows(store, "events", arts, [
        "(json_extract(j.value, '$.place_entity_id') = ? OR EXISTS (SELECT 1 FROM json_each(j.value, '$.participants') p"
        " WHERE json_extract(p.value, '$.entity_id') = ?))"], [entity_id, entity_id], 10**6, 0)
    for aid, ev in erows:
        t = ev.time or {}
        events.append({
            "article_id": aid, "start": ev.start, "end": ev.end, "type": ev.label,
            "type_label": event_label(ev.label), "modality": ev.modality,
            "modality_label": modality_label(ev.modality),
            "when": t.get("value"), "earliest": t.get("earliest"), "latest": t.get("latest"), "grain": t.get("grain"),
            "participants": list(ev.participants or []), "place": ev.place,
            "text": texts.get(aid, "")[ev.start : ev.end],
            "outlet": meta.get(aid, {}).get("outlet"), "title": meta.get(aid, {}).get("title"),
        })
    events.sort(key=lambda e: (e["earliest"] is None, e["earliest"] or "", e["article_id"], e["start"]))
    story_ids = []
    if arts:
        q = ",".join("?" * len(arts))
        story_ids = [r[0] for r in store.db.execute(
            f"SELECT story_id, count(*) AS n FROM story_articles WHERE article_id IN ({q}) GROUP BY story_id"
            " ORDER BY n DESC, story_id LIMIT ?", [*arts, max_stories])]
    stories, timeline, seen = [], [], set()
    rows = {}
    if story_ids:
        q = ",".join("?" * len(story_ids))
        rows = {r["id"]: dict(r) for r in store.db.execute(
            f"SELECT id, title, size, first_date, last_date FROM stories WHERE id IN ({q})", story_ids)}
    timelines = _outputs(store, "timeline", story_ids)
    for sid in story_ids:
        row = rows.get(sid)
        if row is None:
            continue
        stories.append(row)
        tl = timelines.get(sid) or {}
        for e in tl.get("entries", []):
            if any(p.get("entity_id") == entity_id for p in e.get("participants", [])) and e.get("id") not in seen:
                seen.add(e.get("id"))
                timeline.append({**e, "story_id": sid, "type_label": event_label(e.get("type")),
                                 "modality_label": modality_label(e.get("modality"))})
    timeline.sort(key=lambda e: (e.get("earliest") is None, e.get("earliest") or "", str(e.get("id"))))
    return {
        "entity": {**info, "variants": variants, "roles": all_roles,
                   "type_label": dict(zip(("ar", "en"), ENTITY_TYPES.get(info.get("type") or "", ("", "")), strict=True))},
        "articles": [meta[a] for a in arts if a in meta],
        "stories": stories,
        "quotes": quotes,
        "events": events,
        "timeline": timeline,
        "counts": {"articles": n_articles, "quotes": len(quotes), "events": len(events),
                   "mentions": n_mentions, "articles_shown": len(arts)},
    }


# -- quotes, events, search ------------------------------------------------
def _scope_ids(store: Store, story: str | None, article: str | None, entity: str | None) -> list[str] | None:
    if article:
        return [get_article_or_404(store, article).id]
    ids = None
    if story:
        ids = list(get_story_or_404(store, story).article_ids)
    if entity:
        ent_arts = [r[0] for r in store.db.execute(
            "SELECT DISTINCT article_id FROM mentions WHERE entity_id = ?", (entity,))]
        ids = ent_arts if ids is None else [i for i in ids if i in set(ent_arts)]
    return ids


def _span_rows(
    store: Store, layer: str, ids: list[str] | None, where: list[str], args: list[Any], limit: int, offset: int
) -> tuple[list[tuple[str, Any]], int]:
    """One page of the spans of ``layer`` that pass SQL conditions on ``j.value`` (each
    span's JSON), filtered inside SQLite with json_each: (article_id, span) rows and the total."""
    conds = ["a.layer = ?", *where]
    params: list[Any] = [layer, *args]
    if ids is not None:
        if not ids:
            return [], 0
        conds.append(f"a.article_id IN ({','.join('?' * len(ids))})")
        params += ids
    sql_where = " WHERE " + " AND ".join(conds)
    sql = f"SELECT a.article_id, j.value FROM annotations a, json_each(a.data) j{sql_where} ORDER BY a.article_id, j.key"
    if not where and ids is None:  # no filter: the count is in the annotations table, read one page only
        total = store.db.execute("SELECT coalesce(sum(n), 0) FROM annotations WHERE layer = ?", (layer,)).fetchone()[0]
        rows = store.db.execute(sql + " LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    else:  # one filtering pass; only the page's spans are decoded
        every = store.db.execute(sql, params).fetchall()
        total, rows = len(every), every[offset : offset + limit]
    return [(r[0], _loads(r[1])) for r in rows], total


def list_quotes(
    store: Store,
    *,
    story: str | None = None,
    article: str | None = None,
    speaker: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Quotes, optionally of one story/article and one speaker (entity id or name)."""
    check_page(limit, offset)
    ids = _scope_ids(store, story, article, None)
    where, args = [], []
    if speaker:
        # the speaker as an entity id, as any entity whose name or variant matches, or as written
        ents = [speaker] + [e["id"] for e in list_entities(store, q=speaker, limit=MAX_LIMIT)["items"]]
        where.append(f"(json_extract(j.value, '$.speaker_entity_id') IN ({','.join('?' * len(ents))})"
                     " OR instr(json_extract(j.value, '$.speaker'), ?) > 0)")
        args += [*ents, speaker]
    page, total = _span_rows(store, "quotes", ids, where, args, limit, offset)
    texts = _texts(store, [aid for aid, _ in page])
    meta = _article_meta(store, [aid for aid, _ in page])
    items = [_quote_row(aid, q, texts.get(aid, ""), meta) for aid, q in page]
    return _page(items, total, limit, offset)


def list_events(
    store: Store,
    *,
    story: str | None = None,
    article: str | None = None,
    entity: str | None = None,
    type: str | None = None,
    modality: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Events from the articles' event layers, with filters (dates: the event's own
    interval must overlap [since, until]; undated events drop out of date filters)."""
    check_page(limit, offset)
    since, until = check_date("since", since), check_date("until", until)
    if modality and modality not in MODALITIES:
        raise QueryError(f"modality must be one of {', '.join(MODALITIES)}, got {modality!r}")
    ids = _scope_ids(store, story, article, entity)
    where, args = [], []
    if type:
        where.append("json_extract(j.value, '$.label') = ?")
        args.append(type)
    if modality:
        where.append("json_extract(j.value, '$.modality') = ?")
        args.append(modality)
    if entity:
        where.append("(json_extract(j.value, '$.place_entity_id') = ? OR EXISTS (SELECT 1 FROM"
                     " json_each(j.value, '$.participants') p WHERE json_extract(p.value, '$.entity_id') = ?))")
        args += [entity, entity]
    if since:
        where.append("coalesce(json_extract(j.value, '$.time.latest'), json_extract(j.value, '$.time.earliest'),"
                     " '') >= ?")
        args.append(since)
    if until:
        where.append("coalesce(json_extract(j.value, '$.time.earliest'), char(65535)) <= ?")
        args.append(_until_bound(until))
    page, total = _span_rows(store, "events", ids, where, args, limit, offset)
    texts = _texts(store, [aid for aid, _ in page])
    meta = _article_meta(store, [aid for aid, _ in page])
    items = []
    for aid, ev in page:
        d = dict(ev)
        d.update({"article_id": aid, "text": texts.get(aid, "")[ev.start : ev.end],
                  "type_label": event_label(ev.label), "modality_label": modality_label(ev.modality),
                  "outlet": meta.get(aid, {}).get("outlet"), "title": meta.get(aid, {}).get("title")})
        items.append(d)
    return _page(items, total, limit, offset)


def search(store: Store, q: str, *, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Full-text search over articles (every alef/hamza/yaa form, glued proclitics),
    each hit with its stories."""
    check_page(limit, offset)
    if not q or not q.strip():
        raise QueryError("q (the words to search for) is required")
    if not store.fts_query(q):
        raise QueryError(f"nothing to search for in {q!r}")
    hits = store.search(q, limit=limit + 1, offset=offset)
    more = len(hits) > limit
    hits = hits[:limit]
    titles: dict[str, str] = {}
    for h in hits:
        sids = store.stories_of_article(h["article_id"])
        for sid in sids:
            if sid not in titles:
                row = store.db.execute("SELECT title FROM stories WHERE id=?", (sid,)).fetchone()
                titles[sid] = row[0] if row else sid
        h["stories"] = [{"id": sid, "title": titles[sid]} for sid in sids]
    return {"q": q, "items": hits, "limit": limit, "offset": offset, "has_more": more, "total": None}


def overview(store: Store) -> dict[str, Any]:
    """Counts for the home page header."""
    one = lambda sql: store.db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "articles": one("SELECT count(*) FROM articles"),
        "stories": one("SELECT count(*) FROM stories WHERE parent_id IS NULL"),
        "entities": one("SELECT count(*) FROM entities"),
        "outlets": one("SELECT count(DISTINCT outlet) FROM articles"),
    }
