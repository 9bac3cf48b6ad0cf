"""Pipeline step: near-duplicates, stories, timelines, summaries, disagreements.

``update_stories(store, changed_ids=...)`` clusters only the changed articles (and
any article not clustered yet) into the stored clustering state (migration 0005),
then recomputes the timeline, summary and discrepancies of the stories it
touched.  Nothing is re-clustered as a whole.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from khabar.app.pipeline.analyze import PUBDATE_PASS, load_docs
from khabar.corpus import dedupe
from khabar.corpus.discrepancies import article_evidence, find_discrepancies_from
from khabar.corpus.doc import Doc
from khabar.corpus.stories import Cluster, Clusterer, DocFeatures, StoryState, features
from khabar.corpus.summary import points_of, story_summary_from
from khabar.corpus.timeline import build_timeline_from, candidates, sort_key
from khabar.model import Story
from khabar.store import Store
from khabar.store.sqlite import now_iso

VERSION = "stories.v3"
ALL_KEY = "_all"
STATE_PASS = "story_state"  # bookkeeping: when the step last ran (change detection only)
FACTS = "story_facts"  # per-article cache: timeline candidates, key points, discrepancy evidence


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class SqliteState(StoryState):
    """The clustering state in the store's 0005 tables, with a parsed-cluster cache."""

    def __init__(self, store: Store):
        self.db = store.db
        self._cache: dict[str, Cluster] = {}
        self._df: dict[str, int] = {}  # document frequencies read so far (write-through)
        row = self.db.execute("SELECT df FROM story_df WHERE term=''").fetchone()
        self.n_docs = row[0] if row else 0

    def df(self, terms):
        cache = self._df
        missing = [t for t in terms if t not in cache]
        for i in range(0, len(missing), 500):
            chunk = missing[i : i + 500]
            q = ",".join("?" * len(chunk))
            for t in chunk:
                cache[t] = 0
            for t, n in self.db.execute(f"SELECT term, df FROM story_df WHERE term IN ({q})", chunk):
                cache[t] = n
        return {t: cache[t] for t in terms}

    def add_df(self, terms, delta):
        terms = [t for t in terms if t]
        self.df(terms)
        for t in terms:
            self._df[t] += delta
        self.db.executemany(
            "INSERT INTO story_df (term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            [(t, delta) for t in terms],
        )
        self.n_docs += delta
        self.db.execute(
            "INSERT INTO story_df (term, df) VALUES ('', ?) ON CONFLICT(term) DO UPDATE SET df = excluded.df",
            (self.n_docs,),
        )

    def lookup(self, keys):
        from collections import Counter

        c: Counter = Counter()
        if not keys:
            return c
        q = ",".join("?" * len(keys))
        for (cid,) in self.db.execute(f"SELECT cluster_id FROM story_postings WHERE term IN ({q})", list(keys)):
            c[cid] += 1
        return c

    def get(self, cid):
        if cid in self._cache:
            return self._cache[cid]
        row = self.db.execute("SELECT data FROM story_clusters WHERE id=?", (cid,)).fetchone()
        if row is None:
            return None
        c = Cluster.from_dict(json.loads(row[0]))
        self._cache[cid] = c
        return c

    def put(self, c, old_keys):
        self._cache[c.id] = c
        self.db.execute(
            "INSERT OR REPLACE INTO story_clusters (id, level, parent_id, data) VALUES (?,?,?,?)",
            (c.id, c.level, c.parent_id, _dumps(c.to_dict())),
        )
        old, new = set(old_keys), set(c.keys)
        if old - new:
            self.db.executemany(
                "DELETE FROM story_postings WHERE term=? AND cluster_id=?", [(k, c.id) for k in old - new]
            )
        if new - old:
            self.db.executemany(
                "INSERT OR IGNORE INTO story_postings (term, cluster_id) VALUES (?,?)", [(k, c.id) for k in new - old]
            )

    def delete(self, c):
        self._cache.pop(c.id, None)
        self.db.execute("DELETE FROM story_clusters WHERE id=?", (c.id,))
        self.db.execute("DELETE FROM story_postings WHERE cluster_id=?", (c.id,))

    def get_doc(self, aid):
        row = self.db.execute("SELECT data, cluster_id, dup_of FROM story_docs WHERE article_id=?", (aid,)).fetchone()
        if row is None:
            return None
        return DocFeatures.from_dict(json.loads(row[0])), row[1], row[2]

    def put_doc(self, f, cluster_id, dup_of):
        self.db.execute(
            "INSERT INTO story_docs (article_id, cluster_id, dup_of, data) VALUES (?,?,?,?)"
            " ON CONFLICT(article_id) DO UPDATE SET cluster_id=excluded.cluster_id, dup_of=excluded.dup_of,"
            " data=excluded.data",
            (f.id, cluster_id, dup_of, _dumps(f.to_dict())),
        )

    def move_docs(self, from_id, to_id):
        self.db.execute("UPDATE story_docs SET cluster_id=? WHERE cluster_id=?", (to_id, from_id))

    def delete_doc(self, aid):
        self.db.execute("DELETE FROM story_docs WHERE article_id=?", (aid,))
        self.db.execute("DELETE FROM dedupe_bands WHERE article_id=?", (aid,))


# -- near-duplicates -----------------------------------------------------------
def _find_duplicate(db: Any, aid: str, sig: Any) -> str | None:
    keys = dedupe.bands(sig)
    q = ",".join("?" * len(keys))
    rows = db.execute(
        f"SELECT DISTINCT d.article_id, d.minhash, d.dup_of FROM dedupe_bands b JOIN story_docs d"
        f" ON d.article_id = b.article_id WHERE b.band IN ({q}) AND b.article_id != ?",
        [*keys, aid],
    ).fetchall()
    cands = [(r[2] or r[0], dedupe.from_hex(r[1])) for r in rows if r[1]]
    best = dedupe.best_duplicate(sig, cands)
    return best[0] if best else None


def _store_signature(db: Any, aid: str, sig: Any) -> None:
    db.execute("DELETE FROM dedupe_bands WHERE article_id=?", (aid,))
    if sig is None:
        return
    db.execute("UPDATE story_docs SET minhash=? WHERE article_id=?", (dedupe.to_hex(sig), aid))
    db.executemany("INSERT OR IGNORE INTO dedupe_bands VALUES (?,?)", [(b, aid) for b in dedupe.bands(sig)])


# -- the step ------------------------------------------------------------------
BATCH = 500  # articles loaded at a time


def _in_date_order(store: Store, ids: set[str]) -> list[str]:
    """``ids`` sorted by publication day (as :func:`doc_date` reads it), then metadata
    date, then id: the order articles are clustered in, read without loading them."""
    keys: dict[str, tuple[str, str, str]] = {}
    ids_l = sorted(ids)
    for i in range(0, len(ids_l), BATCH):
        chunk = ids_l[i : i + BATCH]
        q = ",".join("?" * len(chunk))
        pubs = {k: json.loads(v).get("value") or {} for k, v in store.db.execute(
            f"SELECT key, data FROM corpus_outputs WHERE pass=? AND key IN ({q})", [PUBDATE_PASS, *chunk])}
        for aid, published in store.db.execute(f"SELECT id, published FROM articles WHERE id IN ({q})", chunk):
            day = None
            if aid in pubs:
                v = pubs[aid]
                e, la, val = v.get("earliest"), v.get("latest"), v.get("value") or ""
                if e and la and e[:10] == la[:10]:
                    day = e[:10]
                elif v.get("grain") in ("day", "hour", "minute") and len(val) >= 10 and val[:4].isdigit() \
                        and "X" not in val[:10]:
                    day = val[:10]
            elif published and len(published) >= 10 and published[:4].isdigit():
                day = published[:10]
            keys[aid] = (day or "9999", published or "", aid)
    return sorted(keys, key=keys.__getitem__)

def update_stories(
    store: Store,
    *,
    changed_ids: Sequence[str] | None = None,
    echo: Callable[[str], None] = print,
    outputs: bool = True,
) -> dict[str, Any]:
    """Cluster the changed (and not yet clustered) articles; refresh touched stories' outputs."""
    db = store.db
    state = SqliteState(store)
    cl = Clusterer(state)
    with store.transaction():
        gone = [r[0] for r in db.execute(
            "SELECT article_id FROM story_docs WHERE article_id NOT IN (SELECT id FROM articles)"
        )]
        for aid in gone:
            dups = [r[0] for r in db.execute("SELECT article_id FROM story_docs WHERE dup_of=?", (aid,))]
            cl.remove(aid)
            state.delete_doc(aid)
            for d in dups:  # their canonical copy is gone: cluster them afresh
                cl.remove(d)
                state.delete_doc(d)
        todo = set(changed_ids or [])
        todo |= {r[0] for r in db.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM story_docs)"
        )}
        # articles whose layers or publication date changed since the last run (another step
        # re-analysed them, or inferred their date from newer articles): cluster them again
        # (rows replaced since then have larger rowids: a range scan, not a table scan)
        last = store.get_output(STATE_PASS, "last_run")
        if last and "annotations" not in last:  # a mark from before rowids were kept
            todo |= {r[0] for r in db.execute(
                "SELECT article_id FROM annotations WHERE created_at >= ?", (last["at"],))}
        elif last:
            todo |= {r[0] for r in db.execute(
                "SELECT article_id FROM annotations WHERE rowid > ?", (last.get("annotations", 0),))}
            todo |= {r[0] for r in db.execute(
                "SELECT key FROM corpus_outputs WHERE rowid > ? AND pass=?", (last.get("outputs", 0), PUBDATE_PASS))}
        mark = {
            "at": now_iso(),
            "annotations": db.execute("SELECT coalesce(max(rowid), 0) FROM annotations").fetchone()[0],
            "outputs": db.execute("SELECT coalesce(max(rowid), 0) FROM corpus_outputs").fetchone()[0],
        }
        store.put_output(STATE_PASS, "last_run", VERSION, mark)
        todo = {a for a in todo if db.execute("SELECT 1 FROM articles WHERE id=?", (a,)).fetchone()}
        order = _in_date_order(store, todo)
        n_dup = 0
        for i in range(0, len(order), BATCH):
            for d in load_docs(store, order[i : i + BATCH]):  # bounded memory on large ingests
                if state.get_doc(d.id) is not None:
                    cl.remove(d.id)
                    state.delete_doc(d.id)
                sig = dedupe.signature(d.article.text)
                dup = _find_duplicate(db, d.id, sig) if sig is not None else None
                if dup == d.id:
                    dup = None
                n_dup += dup is not None
                cl.add(features(d), dup_of=dup)
                _store_signature(db, d.id, sig)
                if outputs:
                    facts = article_facts(d)
                    store.put_output(FACTS, d.id, VERSION, facts)
                    store.put_output("summary", d.id, VERSION, _article_summary(d.id, facts["points"]))
        touched = set(cl.touched) - cl.removed
        for sid in cl.removed:
            store.delete_story(sid)
        stories = [s for s in (_materialise(store, state, cid) for cid in sorted(touched)) if s is not None]
        store.put_stories(stories)
    if outputs and (stories or cl.removed):
        with store.transaction():
            refresh_outputs(store, [s.id for s in stories], removed=sorted(cl.removed))
    report = {"clustered": len(order), "duplicates": n_dup, "removed": len(gone), "stories_touched": len(stories)}
    if order:
        echo(f"stories: {len(order)} article(s) clustered, {n_dup} near-duplicate(s), {len(stories)} story(ies) updated")
    return report


def _materialise(store: Store, state: SqliteState, cid: str) -> Story | None:
    c = state.get(cid)
    if c is None:
        return None
    db = store.db
    if c.level == "thread":
        children = [state.get(m) for m in c.members]
        children = [ch for ch in children if ch is not None]
        if len(children) < 2:
            return None
        ids = []
        for ch in children:
            ids += [r[0] for r in db.execute("SELECT article_id FROM story_docs WHERE cluster_id=?", (ch.id,))]
        main = max(children, key=lambda ch: (ch.n, ch.id))
        rows = db.execute("SELECT data FROM story_docs WHERE cluster_id=? AND dup_of IS NULL", (main.id,)).fetchall()
        centre = main.tf
    else:
        ids = [r[0] for r in db.execute("SELECT article_id FROM story_docs WHERE cluster_id=?", (cid,))]
        rows = db.execute("SELECT data FROM story_docs WHERE cluster_id=? AND dup_of IS NULL", (cid,)).fetchall()
        centre = c.tf
    if not ids:
        return None
    # the title of the article closest to the story's centre
    best_title, best = "", -1.0
    for (data,) in rows:
        f = DocFeatures.from_dict(json.loads(data))
        s = sum(v * centre.get(k, 0.0) for k, v in f.vec.items())
        if f.title and (s > best or (s == best and f.title < best_title)):
            best_title, best = f.title, s
    ids = sorted(set(ids))
    q = ",".join("?" * len(ids))
    meta = db.execute(
        f"SELECT id, external_id, outlet, published, title FROM articles WHERE id IN ({q})", ids
    ).fetchall()
    pubs = {k: json.loads(v).get("value") or {} for k, v in db.execute(
        f"SELECT key, data FROM corpus_outputs WHERE pass=? AND key IN ({q})", [PUBDATE_PASS, *ids])}
    dates = []
    for r in meta:
        v = pubs.get(r["id"]) or {}
        d = None
        if v.get("earliest") and v.get("latest") and v["earliest"][:10] == v["latest"][:10]:
            d = v["earliest"][:10]
        if d is None and r["published"] and r["published"][:4].isdigit():
            d = r["published"][:10]
        if d:
            dates.append(d)
    dups = {r[0]: r[1] for r in db.execute(
        f"SELECT article_id, dup_of FROM story_docs WHERE article_id IN ({q}) AND dup_of IS NOT NULL", ids
    )}
    meta.sort(key=lambda r: (r["published"] or "", r["external_id"] or "", r["id"]))
    return Story(
        id=cid,
        title=best_title or (meta[0]["title"] if meta else ""),
        article_ids=[r["id"] for r in meta],
        external_ids=[r["external_id"] or r["id"] for r in meta],
        outlets=sorted({r["outlet"] for r in meta if r["outlet"]}),
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        parent_id=c.parent_id,
        meta={
            "level": c.level,
            "unique": len(ids) - len(dups),
            "duplicates": dups,
            "children": list(c.members) if c.level == "thread" else [],
            "version": VERSION,
        },
    )


def article_facts(doc: Doc) -> dict[str, Any]:
    """What the story outputs need from one article, computed once when it is clustered."""
    return {"events": candidates(doc), "points": points_of(doc), "evidence": article_evidence(doc)}


def _article_summary(aid: str, points: list[dict[str, Any]]) -> dict[str, Any]:
    return {"key": aid, "kind": "article", "sentences": [
        {"text": p["text"], "citations": [{"article_id": p["article_id"], "start": p["start"], "end": p["end"]}]}
        for p in points
    ]}


def entity_labels(store: Store, ids: Sequence[str] | None = None) -> dict[str, str]:
    """entity id -> English label, from the entities table (empty when not built)."""
    out: dict[str, str] = {}
    if ids is None:
        rows = store.db.execute("SELECT id, label_en FROM entities WHERE label_en IS NOT NULL")
        return {r[0]: r[1] for r in rows}
    ids = sorted(set(i for i in ids if i))
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = ",".join("?" * len(chunk))
        for r in store.db.execute(f"SELECT id, label_en FROM entities WHERE id IN ({q}) AND label_en IS NOT NULL", chunk):
            out[r[0]] = r[1]
    return out


def _facts(store: Store, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    ids = list(ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        q = ",".join("?" * len(chunk))
        for k, data in store.db.execute(
            f"SELECT key, data FROM corpus_outputs WHERE pass=? AND key IN ({q})", [FACTS, *chunk]
        ):
            out[k] = json.loads(data)
    missing = [a for a in ids if a not in out]
    for d in load_docs(store, missing) if missing else []:
        out[d.id] = article_facts(d)
        store.put_output(FACTS, d.id, VERSION, out[d.id])
    return out


def refresh_outputs(store: Store, story_ids: Sequence[str], *, removed: Sequence[str] = ()) -> None:
    """Recompute timeline, summary and discrepancies of ``story_ids`` from the cached
    per-article facts, and update the whole-store timeline ('_all') for those stories."""
    gone = set(removed) | set(story_ids)
    for sid in removed:
        for p in ("timeline", "summary", "discrepancies"):
            store.db.execute("DELETE FROM corpus_outputs WHERE pass=? AND key=?", (p, sid))
    fresh: list[dict[str, Any]] = []
    for sid in story_ids:
        st = store.get_story(sid)
        if st is None:
            continue
        facts = _facts(store, st.article_ids)
        skip = set(st.meta.get("duplicates", {}))
        cands = [c for a in st.article_ids for c in facts.get(a, {}).get("events", [])]
        labels = entity_labels(store, [p.get("entity_id") for c in cands for p in c["participants"]]
                               + [c.get("place_id") for c in cands])
        tl = build_timeline_from(sid, cands, labels=labels)
        store.put_output("timeline", sid, VERSION, tl)
        points = [p for a in st.article_ids if a not in skip for p in facts.get(a, {}).get("points", [])]
        store.put_output("summary", sid, VERSION, story_summary_from(sid, points))
        evidence = [facts[a]["evidence"] for a in st.article_ids if a in facts]
        store.put_output("discrepancies", sid, VERSION, find_discrepancies_from(
            sid, evidence, tl, by_event=st.meta.get("level") != "thread"))
        if st.parent_id is None:
            fresh += [dict(e, story_id=sid) for e in tl["entries"]]
    old = store.get_output("timeline", ALL_KEY) or {"entries": []}
    entries = [e for e in old["entries"] if e.get("story_id") not in gone] + fresh
    entries.sort(key=sort_key)
    store.put_output("timeline", ALL_KEY, VERSION, {"story_id": ALL_KEY, "entries": entries})
