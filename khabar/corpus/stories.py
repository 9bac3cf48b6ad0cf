"""Stories: incremental clustering of articles as they arrive, in two levels.

*Event stories* group the articles about one happening: a new article joins the
most similar story when the cosine of their tf-idf vectors reaches
``JOIN`` and its date lies within ``MAX_GAP_DAYS`` of the story's dates, else it
starts a new story.  The vector of an article counts its title three times and
its lead twice, plus the entity ids of its named mentions ('e:Q7747') and its
event types ('ev:phone_call') when those layers exist, so two outlets' wording
of the same facts meet, while different events with the same people (a phone
call in February, a summit in August) stay apart by date and vocabulary.

*Threads* hold event stories about one longer affair (the 2025 contacts between
two presidents): an event story links to the thread of the most similar other
event story when their cosine reaches ``THREAD_JOIN`` within ``THREAD_GAP_DAYS``.
A thread exists only when it holds two event stories or more; its stories get
``parent_id`` set to it.

Nothing is ever re-clustered as a whole: candidates come from an inverted index
(term -> story) over each story's strongest terms, the state (term document
frequencies, story centroids, postings) lives in a :class:`StoryState` (in memory
here; the pipeline keeps it in SQLite), and one article costs one index lookup
and a few dozen cosine computations.  Ties break on ids, so a rerun in the same
order gives the same stories.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from khabar.text.segment import split_sentences

from .doc import Doc
from .features import content_words

JOIN = 0.20  # cosine to join an event story (chosen on the ANT dev labels, see docs/stories.md)
THREAD_JOIN = 0.22  # cosine between two event stories to share a thread
MERGE = 0.4  # cosine at which two event stories that grew towards each other become one
JOIN_UNDATED = 0.45  # without a date on both sides, time cannot separate events: ask for more
MAX_GAP_DAYS = 3  # days beyond a story's first/last date an article may still join it
MAX_SPAN_DAYS = 5  # an event story covers at most this many days (longer affairs are threads)
THREAD_GAP_DAYS = 365
DOC_TERMS = 60  # terms kept per article vector
CLUSTER_TERMS = 120  # terms kept per story centroid
INDEX_TERMS = 15  # strongest centroid terms indexed per story
QUERY_TERMS = 15  # strongest article terms looked up
MAX_CANDIDATES = 40
BODY_CHARS = 2500  # how much of the body feeds the vector
PRIOR_DOCS = 1000  # idf as if a background of this many articles never used the word:
# keeps names shared by every article of a small store (the seeds) from weighing nothing


@dataclass(slots=True)
class DocFeatures:
    id: str
    vec: dict[str, float]
    date: str | None = None  # ISO day, only when known to the day
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "vec": self.vec, "date": self.date, "title": self.title}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocFeatures:
        return cls(d["id"], d["vec"], d.get("date"), d.get("title", ""))


@dataclass(slots=True)
class Cluster:
    id: str
    level: str = "event"  # event | thread
    tf: dict[str, float] = field(default_factory=dict)
    n: int = 0
    first_date: str | None = None
    last_date: str | None = None
    members: list[str] = field(default_factory=list)  # article ids (event) or story ids (thread)
    parent_id: str | None = None
    keys: list[str] = field(default_factory=list)  # what the inverted index holds for it

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "level": self.level, "tf": self.tf, "n": self.n,
            "first_date": self.first_date, "last_date": self.last_date,
            "members": self.members, "parent_id": self.parent_id, "keys": self.keys,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Cluster:
        return cls(**{k: d[k] for k in cls.__slots__ if k in d})  # type: ignore[attr-defined]


class StoryState:
    """Where the clustering state lives.  Subclasses keep it in a database."""

    n_docs: int = 0

    def df(self, terms: list[str]) -> dict[str, int]:
        raise NotImplementedError

    def add_df(self, terms: list[str], delta: int) -> None:
        raise NotImplementedError

    def lookup(self, keys: list[str]) -> Counter:
        """Cluster ids indexed under any of ``keys``, with how many keys matched."""
        raise NotImplementedError

    def get(self, cid: str) -> Cluster | None:
        raise NotImplementedError

    def put(self, c: Cluster, old_keys: list[str]) -> None:
        raise NotImplementedError

    def delete(self, c: Cluster) -> None:
        raise NotImplementedError

    def get_doc(self, aid: str) -> tuple[DocFeatures, str | None, str | None] | None:
        """(features, cluster id, duplicate-of) of a clustered article."""
        raise NotImplementedError

    def put_doc(self, f: DocFeatures, cluster_id: str | None, dup_of: str | None) -> None:
        raise NotImplementedError

    def delete_doc(self, aid: str) -> None:
        raise NotImplementedError

    def move_docs(self, from_id: str, to_id: str) -> None:
        """Point every article of story ``from_id`` (duplicates included) at ``to_id``."""
        raise NotImplementedError


class MemoryState(StoryState):
    """The state in dicts (tests, one-off runs)."""

    def __init__(self) -> None:
        self.n_docs = 0
        self._df: Counter = Counter()
        self._post: dict[str, set[str]] = {}
        self.clusters: dict[str, Cluster] = {}
        self.docs: dict[str, tuple[DocFeatures, str | None, str | None]] = {}

    def df(self, terms):
        return {t: self._df.get(t, 0) for t in terms}

    def add_df(self, terms, delta):
        for t in terms:
            self._df[t] += delta
        self.n_docs += delta

    def lookup(self, keys):
        c: Counter = Counter()
        for k in keys:
            for cid in self._post.get(k, ()):
                c[cid] += 1
        return c

    def get(self, cid):
        return self.clusters.get(cid)

    def put(self, c, old_keys):
        for k in old_keys:
            self._post.get(k, set()).discard(c.id)
        for k in c.keys:
            self._post.setdefault(k, set()).add(c.id)
        self.clusters[c.id] = c

    def delete(self, c):
        for k in c.keys:
            self._post.get(k, set()).discard(c.id)
        self.clusters.pop(c.id, None)

    def get_doc(self, aid):
        return self.docs.get(aid)

    def put_doc(self, f, cluster_id, dup_of):
        self.docs[f.id] = (f, cluster_id, dup_of)

    def delete_doc(self, aid):
        self.docs.pop(aid, None)

    def move_docs(self, from_id, to_id):
        for aid, (f, cid, dup) in list(self.docs.items()):
            if cid == from_id:
                self.docs[aid] = (f, to_id, dup)


# -- features ---------------------------------------------------------------
def doc_date(doc: Doc) -> str | None:
    """The article's publication day when it is known to the day, else None."""
    pd = doc.pubdate
    if pd is not None and pd.value is not None:
        v = pd.value
        if v.earliest and v.latest and v.earliest[:10] == v.latest[:10]:
            return v.earliest[:10]
        if v.grain in ("day", "hour", "minute") and len(v.value) >= 10 and v.value[:4].isdigit() and "X" not in v.value[:10]:
            return v.value[:10]
        return None
    pub = doc.article.published
    if pub and len(pub) >= 10 and pub[:4].isdigit():
        return pub[:10]
    return None


def features(doc: Doc) -> DocFeatures:
    art = doc.article
    text = art.text
    title = art.title or text.split("\n", 1)[0][:200]
    vec: Counter = Counter()
    for w in content_words(title):
        vec[w] += 3.0
    sents = split_sentences(text, 0, min(len(text), BODY_CHARS))
    for i, s in enumerate(sents):
        weight = 2.0 if i < 2 else 1.0
        for w in content_words(text[s.start : s.end]):
            vec[w] += weight
    # unseen words that are digits only say little about the story
    for w in [w for w in vec if w.isdigit() and len(w) < 4]:
        del vec[w]
    ents: Counter = Counter()
    for m in doc.layers.get("mentions", []) or []:
        eid = getattr(m, "entity_id", None)
        if eid and getattr(m, "named", True):
            ents["e:" + eid] += 1
    for k, n in ents.items():
        vec[k] += 1.5 * min(n, 3)
    for ev in doc.layers.get("events", []) or []:
        if ev.label:
            vec["ev:" + ev.label] = 1.0
    top = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:DOC_TERMS])
    return DocFeatures(art.id, {k: round(v, 3) for k, v in top.items()}, doc_date(doc), title)


# -- scoring ----------------------------------------------------------------
def _days(a: str, b: str) -> int:
    return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)


def gap_days(d: str | None, first: str | None, last: str | None) -> int:
    """Days between a date and a story's [first, last]; 0 when unknown or inside."""
    if not d or not first:
        return 0
    last = last or first
    if first <= d <= last:
        return 0
    return min(_days(d, first), _days(d, last))


class Clusterer:
    """Assigns articles to stories one at a time over a :class:`StoryState`."""

    def __init__(self, state: StoryState, *, join: float = JOIN, thread_join: float = THREAD_JOIN,
                 max_gap: int = MAX_GAP_DAYS, thread_gap: int = THREAD_GAP_DAYS,
                 max_span: int = MAX_SPAN_DAYS):
        self.state = state
        self.join = join
        self.thread_join = thread_join
        self.max_gap = max_gap
        self.thread_gap = thread_gap
        self.max_span = max_span
        self.touched: set[str] = set()  # event and thread ids changed since the last reset
        self.removed: set[str] = set()  # story ids that no longer exist

    # idf from the running document frequencies
    def _idf(self, terms: list[str]) -> dict[str, float]:
        df = self.state.df(terms)
        n = max(self.state.n_docs, 0) + PRIOR_DOCS
        return {t: math.log(n / (df.get(t, 0) + 1.0)) for t in terms}

    def _weighted(self, vec: dict[str, float], idf: dict[str, float]) -> dict[str, float]:
        return {t: v * idf.get(t, 1.0) for t, v in vec.items()}

    @staticmethod
    def _cos(a: dict[str, float], b: dict[str, float]) -> float:
        if not a or not b:
            return 0.0
        if len(a) > len(b):
            a, b = b, a
        dot = sum(v * b.get(k, 0.0) for k, v in a.items())
        if dot <= 0:
            return 0.0
        return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))

    def _index_keys(self, tf: dict[str, float]) -> list[str]:
        idf = self._idf(list(tf))
        ranked = sorted(tf, key=lambda t: (-tf[t] * idf[t], t))
        return ranked[:INDEX_TERMS]

    # -- one article ---------------------------------------------------------
    def add(self, f: DocFeatures, *, dup_of: str | None = None) -> str:
        """Cluster one article (features ``f``); returns its event story id."""
        old = self.state.get_doc(f.id)
        if old is not None:
            self.remove(f.id)
        if dup_of is not None:
            canon = self.state.get_doc(dup_of)
            if canon is not None and canon[1] is not None:
                self.state.put_doc(f, canon[1], dup_of)
                self.touched.add(canon[1])
                c = self.state.get(canon[1])
                if c is not None and c.parent_id:
                    self.touched.add(c.parent_id)
                return canon[1]
        self.state.add_df(list(f.vec), +1)
        terms = list(f.vec)
        idf = self._idf(terms)
        q = self._weighted(f.vec, idf)
        look = sorted(q, key=lambda t: (-q[t], t))[:QUERY_TERMS]
        cand = self.state.lookup(look)
        best, best_s = None, 0.0
        for cid, _ in sorted(cand.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]:
            c = self.state.get(cid)
            if c is None or c.level != "event":
                continue
            if gap_days(f.date, c.first_date, c.last_date) > self.max_gap:
                continue
            if f.date and c.first_date and max(
                _days(f.date, c.first_date), _days(f.date, c.last_date or c.first_date)
            ) > self.max_span:
                continue
            cv = self._weighted(c.tf, self._idf(list(c.tf)))
            s = self._cos(q, cv)
            if s > best_s or (s == best_s and best is not None and cid < best.id):
                best, best_s = c, s
        need = self.join
        if best is not None and not (f.date and best.first_date):
            need = max(self.join, JOIN_UNDATED)
        if best is not None and best_s >= need:
            c = best
            old_keys = list(c.keys)
        else:
            c = Cluster(id=_sid("s", f.id))
            old_keys = []
        self._absorb(c, f, +1)
        c.keys = self._index_keys(c.tf)
        self.state.put(c, old_keys)
        self.state.put_doc(f, c.id, None)
        self.touched.add(c.id)
        if best is not None and c is best:
            c = self._merge_similar(c)
        if c.parent_id:
            self._update_thread(c.parent_id)
        else:
            self._link_thread(c)
        return c.id

    def _absorb(self, c: Cluster, f: DocFeatures, sign: int) -> None:
        norm = math.sqrt(sum(v * v for v in f.vec.values())) or 1.0
        for t, v in f.vec.items():
            c.tf[t] = c.tf.get(t, 0.0) + sign * v / norm
            if c.tf[t] <= 1e-9:
                del c.tf[t]
        if len(c.tf) > CLUSTER_TERMS:
            c.tf = dict(sorted(c.tf.items(), key=lambda kv: (-kv[1], kv[0]))[:CLUSTER_TERMS])
        c.tf = {k: round(v, 4) for k, v in c.tf.items()}
        if sign > 0:
            c.members.append(f.id)
            c.n += 1
            if f.date:
                c.first_date = min(filter(None, [c.first_date, f.date]))
                c.last_date = max(filter(None, [c.last_date, f.date]))
        else:
            if f.id in c.members:
                c.members.remove(f.id)
            c.n -= 1

    def _merge_similar(self, c: Cluster) -> Cluster:
        """Fold into ``c`` another event story it has grown close to (one at most)."""
        q = self._weighted(c.tf, self._idf(list(c.tf)))
        cand = self.state.lookup(c.keys)
        best, best_s = None, 0.0
        for cid, _ in sorted(cand.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]:
            d = self.state.get(cid)
            if cid == c.id or d is None or d.level != "event":
                continue
            if not (c.first_date and d.first_date):
                continue
            span = max(c.last_date or c.first_date, d.last_date or d.first_date)
            if _days(min(c.first_date, d.first_date), span) > self.max_span:
                continue
            s = self._cos(q, self._weighted(d.tf, self._idf(list(d.tf))))
            if s > best_s or (s == best_s and best is not None and cid < best.id):
                best, best_s = d, s
        if best is None or best_s < MERGE:
            return c
        keep, gone = (c, best) if (c.n, best.id) >= (best.n, c.id) else (best, c)
        old_keys = list(keep.keys)
        for t, v in gone.tf.items():
            keep.tf[t] = round(keep.tf.get(t, 0.0) + v, 4)
        if len(keep.tf) > CLUSTER_TERMS:
            keep.tf = dict(sorted(keep.tf.items(), key=lambda kv: (-kv[1], kv[0]))[:CLUSTER_TERMS])
        keep.n += gone.n
        keep.members += [m for m in gone.members if m not in keep.members]
        keep.first_date = min(filter(None, [keep.first_date, gone.first_date]), default=None)
        keep.last_date = max(filter(None, [keep.last_date, gone.last_date]), default=None)
        keep.keys = self._index_keys(keep.tf)
        self.state.move_docs(gone.id, keep.id)
        self.state.delete(gone)
        self.removed.add(gone.id)
        self.touched.discard(gone.id)
        self._drop_from_thread(gone)
        if keep.parent_id is None and gone.parent_id and self.state.get(gone.parent_id) is not None:
            t = self.state.get(gone.parent_id)
            t.members.append(keep.id)
            keep.parent_id = t.id
            self.state.put(t, [])
        self.state.put(keep, old_keys)
        self.touched.add(keep.id)
        return keep

    def _drop_from_thread(self, c: Cluster) -> None:
        if not c.parent_id:
            return
        t = self.state.get(c.parent_id)
        if t is None:
            return
        t.members = [m for m in t.members if m != c.id]
        if len(t.members) < 2:
            for m in t.members:
                mc = self.state.get(m)
                if mc is not None:
                    mc.parent_id = None
                    self.state.put(mc, list(mc.keys))
                    self.touched.add(mc.id)
            self.state.delete(t)
            self.removed.add(t.id)
            self.touched.discard(t.id)
        else:
            self.state.put(t, [])
            self._update_thread(t.id)

    # -- threads ----------------------------------------------------------------
    def _link_thread(self, c: Cluster) -> None:
        """Put a top-level event story into the thread of its most similar other story."""
        idf = self._idf(list(c.tf))
        q = self._weighted(c.tf, idf)
        cand = self.state.lookup(c.keys)
        best, best_s = None, 0.0
        for cid, _ in sorted(cand.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]:
            if cid == c.id:
                continue
            d = self.state.get(cid)
            if d is None or d.level != "event":
                continue
            if c.first_date and d.first_date and gap_days(c.first_date, d.first_date, d.last_date) > self.thread_gap:
                continue
            s = self._cos(q, self._weighted(d.tf, self._idf(list(d.tf))))
            if s > best_s or (s == best_s and best is not None and cid < best.id):
                best, best_s = d, s
        if best is None or best_s < self.thread_join:
            return
        if best.parent_id:
            t = self.state.get(best.parent_id)
        else:
            t = None
        if t is None:
            t = Cluster(id=_sid("t", best.id), level="thread", members=[best.id])
            best.parent_id = t.id
            self.state.put(best, list(best.keys))
            self.touched.add(best.id)
        if c.id not in t.members:
            t.members.append(c.id)
        c.parent_id = t.id
        self.state.put(c, list(c.keys))
        self.state.put(t, list(t.keys))
        self._update_thread(t.id)

    def _update_thread(self, tid: str) -> None:
        t = self.state.get(tid)
        if t is None:
            return
        firsts, lasts, n = [], [], 0
        for cid in t.members:
            c = self.state.get(cid)
            if c is None:
                continue
            n += c.n
            if c.first_date:
                firsts.append(c.first_date)
            if c.last_date:
                lasts.append(c.last_date)
        t.n = n
        t.first_date = min(firsts) if firsts else None
        t.last_date = max(lasts) if lasts else None
        self.state.put(t, list(t.keys))  # threads are not indexed (keys stay empty)
        self.touched.add(tid)

    # -- removal ---------------------------------------------------------------
    def remove(self, aid: str) -> list[str]:
        """Take an article out of its story; returns ids of its duplicates to re-add."""
        got = self.state.get_doc(aid)
        if got is None:
            return []
        f, cid, dup_of = got
        self.state.delete_doc(aid)
        if dup_of is not None:
            if cid:
                self.touched.add(cid)
            return []
        self.state.add_df(list(f.vec), -1)
        c = self.state.get(cid) if cid else None
        if c is None:
            return []
        old_keys = list(c.keys)
        self._absorb(c, f, -1)
        self.touched.add(c.id)
        if c.n <= 0:
            self.state.delete(c)
            self.removed.add(c.id)
            self._drop_from_thread(c)
        else:
            c.keys = self._index_keys(c.tf)
            self.state.put(c, old_keys)
            if c.parent_id:
                self._update_thread(c.parent_id)
        return []


def _sid(prefix: str, seed: str) -> str:
    return prefix + "-" + hashlib.blake2b(seed.encode("utf-8"), digest_size=6).hexdigest()


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering over the items in both maps."""
    items = [i for i in gold if i in pred]
    if not items:
        return {"p": 0.0, "r": 0.0, "f1": 0.0, "n": 0}
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for i in items:
        by_pred.setdefault(pred[i], set()).add(i)
        by_gold.setdefault(gold[i], set()).add(i)
    p = r = 0.0
    for i in items:
        same_p = by_pred[pred[i]]
        same_g = by_gold[gold[i]]
        both = len(same_p & same_g)
        p += both / len(same_p)
        r += both / len(same_g)
    p /= len(items)
    r /= len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "n": len(items)}
