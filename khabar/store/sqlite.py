"""The SQLite store: one file is the product.

Numbered migrations in ``migrations/NNNN_name.sql`` are applied in order and
recorded in ``schema_migrations``.  Every write happens inside a transaction, so
a run killed at any moment leaves a consistent file; ingest is idempotent
(same article twice = stored once) and a changed version of the same source
replaces the old one together with its annotations.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from khabar.model import Article, Entity, Mention, Record, Story
from khabar.text.keys import match_keys
from khabar.text.normalize import norm_with_map, normalize
from khabar.text.segment import tokenize

R = TypeVar("R", bound=Record)

MIGRATIONS = "khabar.store.migrations"


class StoreError(Exception):
    """A store operation failed in a way the user can act on."""


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def index_fields(article: Article) -> tuple[str, str, str]:
    """Normalised title, body and proclitic-stripped keys for the FTS index."""
    body = normalize(article.text)
    extra: list[str] = []
    # Each distinct word once: the keys column only has to contain a base, not count it.
    for word in dict.fromkeys(_WORD.findall(body)):
        keys = match_keys(word)
        if len(keys) > 1:
            extra.extend(keys[1:])
    return normalize(article.title or ""), body, " ".join(extra)


_WORD = re.compile(r"[\u0621-\u064A]{3,}")  # normalised Arabic words that can carry a proclitic


class Store:
    """A khabar database.  ``Store(path)`` opens (and migrates) it."""

    def __init__(self, path: str | Path = "khabar.db", *, readonly: bool = False):
        self.path = str(path)
        if readonly:
            if not Path(self.path).exists():
                raise StoreError(f"no database at {self.path}")
            uri = f"file:{Path(self.path).resolve()}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._depth = 0
        if not readonly:
            self.migrate()

    # -- plumbing -----------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Nested-safe transaction: the outermost one commits or rolls back."""
        if self._depth == 0:
            self.db.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield self.db
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self.db.execute("ROLLBACK")
            raise
        else:
            self._depth -= 1
            if self._depth == 0:
                self.db.execute("COMMIT")

    def migrate(self) -> list[str]:
        """Apply pending numbered migrations; returns the names applied."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self.db.execute("SELECT name FROM schema_migrations")}
        files = sorted(
            (p for p in resources.files(MIGRATIONS).iterdir() if p.name.endswith(".sql")),
            key=lambda p: p.name,
        )
        applied = []
        for f in files:
            if f.name in done:
                continue
            if not re.match(r"^\d{4}_[a-z0-9_]+\.sql$", f.name):
                raise StoreError(f"bad migration name {f.name!r}")
            sql = f.read_text(encoding="utf-8")
            with self.transaction():
                for stmt in _split_sql(sql):
                    self.db.execute(stmt)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (f.name, now_iso()))
            applied.append(f.name)
        return applied

    def schema_version(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM schema_migrations ORDER BY name")]

    # -- articles -----------------------------------------------------------
    def put_article(self, article: Article, source_key: str) -> tuple[str, str | None]:
        """Store one article.  Returns (status, other_id):

        - ('new', None)            stored for the first time
        - ('same', id)             this exact text from this source is already stored
        - ('updated', old_id)      a changed version of the same source replaced the old one
        - ('duplicate', id)        the same text is already stored from another source
        """
        with self.transaction():
            row = self.db.execute(
                "SELECT id, text_hash FROM articles WHERE source_key=?", (source_key,)
            ).fetchone()
            if row is not None and row["text_hash"] == article.text_hash and row["id"] == article.id:
                return "same", row["id"]
            clash = self.db.execute(
                "SELECT id, source_key FROM articles WHERE id=?", (article.id,)
            ).fetchone()
            if clash is not None and clash["source_key"] != source_key:
                return "duplicate", clash["id"]
            status, old = "new", None
            if row is not None:
                status, old = "updated", row["id"]
                self._delete_article(row["id"])
            elif clash is not None:
                self._delete_article(clash["id"])
            self._insert_article(article, source_key)
            return status, old

    def _insert_article(self, a: Article, source_key: str) -> None:
        ts = now_iso()
        self.db.execute(
            "INSERT INTO articles (id, source_key, external_id, url, outlet, title, text, text_hash,"
            " published, published_source, dateline, parent_id, source_path, encoding, data,"
            " ingested_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                a.id, source_key, a.external_id, a.url, a.outlet, a.title, a.text, a.text_hash,
                a.published, a.published_source, a.dateline, a.parent_id, a.source_path,
                a.encoding, _dumps(a.to_dict()), ts, ts,
            ),
        )
        title, body, keys = index_fields(a)
        self.db.execute(
            "INSERT INTO articles_fts (article_id, title, body, keys) VALUES (?,?,?,?)",
            (a.id, title, body, keys),
        )

    def _delete_article(self, article_id: str) -> None:
        self.db.execute("DELETE FROM articles_fts WHERE article_id=?", (article_id,))
        self.db.execute("DELETE FROM annotations WHERE article_id=?", (article_id,))
        self.db.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
        self.db.execute("DELETE FROM story_articles WHERE article_id=?", (article_id,))
        self.db.execute("DELETE FROM articles WHERE id=?", (article_id,))

    def delete_article(self, article_id: str) -> bool:
        with self.transaction():
            n = self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone()
            if n:
                self._delete_article(article_id)
            return bool(n)

    def get_article(self, key: str) -> Article | None:
        """An article by id, by external id, or by a unique id prefix."""
        row = self.db.execute("SELECT data FROM articles WHERE id=?", (key,)).fetchone()
        if row is None:
            row = self.db.execute(
                "SELECT data FROM articles WHERE external_id=? ORDER BY parent_id IS NOT NULL, id LIMIT 1",
                (key,),
            ).fetchone()
        if row is None and len(key) >= 4:
            rows = self.db.execute(
                "SELECT data FROM articles WHERE id LIKE ? LIMIT 2", (key.replace("%", "") + "%",)
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return Article.from_dict(json.loads(row["data"])) if row else None

    def resolve_article_id(self, key: str) -> str | None:
        a = self.get_article(key)
        return a.id if a else None

    def iter_articles(self, *, batch: int = 500, ids: Sequence[str] | None = None) -> Iterator[Article]:
        """All articles (or those with ``ids``) in a stable order, streamed."""
        if ids is not None:
            for i in range(0, len(ids), batch):
                chunk = list(ids[i : i + batch])
                q = ",".join("?" * len(chunk))
                rows = self.db.execute(f"SELECT data FROM articles WHERE id IN ({q})", chunk).fetchall()
                by_id = {}
                for r in rows:
                    a = Article.from_dict(json.loads(r["data"]))
                    by_id[a.id] = a
                for aid in chunk:
                    if aid in by_id:
                        yield by_id[aid]
            return
        last = ""
        while True:
            rows = self.db.execute(
                "SELECT id, data FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for r in rows:
                yield Article.from_dict(json.loads(r["data"]))
            last = rows[-1]["id"]

    @staticmethod
    def _article_filters(
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity: str | None = None,
        story: str | None = None,
        match: str | None = None,
    ) -> tuple[str, list[Any]]:
        """WHERE clause over ``articles a`` for the listing filters; ``until`` is inclusive
        of everything that starts with it ('2025-08' takes all of August)."""
        where: list[str] = []
        args: list[Any] = []
        if outlet:
            where.append("a.outlet = ?")
            args.append(outlet)
        if since:
            where.append("a.published >= ?")
            args.append(since)
        if until:
            where.append("a.published <= ?")
            args.append(until + "\uffff")
        if entity:
            where.append("EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND m.entity_id = ?)")
            args.append(entity)
        if story:
            where.append("a.id IN (SELECT article_id FROM story_articles WHERE story_id = ?)")
            args.append(story)
        if match:
            where.append("a.id IN (SELECT article_id FROM articles_fts WHERE articles_fts MATCH ?)")
            args.append(match)
        return (" WHERE " + " AND ".join(where) if where else ""), args

    def list_articles(self, *, limit: int = 50, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        """Article rows (no text) for listings, newest publication first.  Filters:
        outlet, since, until, entity (id), story (id), match (an FTS5 expression)."""
        where, args = self._article_filters(**filters)
        sql = (
            "SELECT a.id, a.external_id, a.title, a.outlet, a.url, a.published, a.published_source,"
            " a.parent_id, length(a.text) AS chars, a.source_path, a.encoding FROM articles a" + where
            + " ORDER BY a.published IS NULL, a.published DESC, a.external_id, a.id LIMIT ? OFFSET ?"
        )
        return [dict(r) for r in self.db.execute(sql, [*args, limit, offset])]

    def count_matching_articles(self, **filters: Any) -> int:
        where, args = self._article_filters(**filters)
        return self.db.execute("SELECT count(*) FROM articles a" + where, args).fetchone()[0]

    def count_articles(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY id")]

    # -- search -------------------------------------------------------------
    @staticmethod
    def fts_query(query: str) -> str:
        """An FTS5 MATCH expression: every query word, in any of its proclitic forms."""
        parts = []
        for tok in tokenize(query):
            if not any(c.isalnum() for c in tok.text):
                continue
            keys = match_keys(tok.text)
            alts = " OR ".join('"' + k.replace('"', "") + '"' for k in keys[:1] + keys[1:2])
            parts.append(f"({alts})")
        return " AND ".join(parts)

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Articles matching ``query`` (any alef/hamza/yaa/taa form, glued proclitics)."""
        match = self.fts_query(query)
        if not match:
            return []
        rows = self.db.execute(
            "SELECT f.article_id, a.title, a.outlet, a.external_id, a.published, a.text, bm25(articles_fts) AS score"
            " FROM articles_fts f JOIN articles a ON a.id = f.article_id"
            " WHERE articles_fts MATCH ? ORDER BY score LIMIT ? OFFSET ?",
            (match, limit, offset),
        ).fetchall()
        out = []
        for r in rows:
            out.append(
                {
                    "article_id": r["article_id"],
                    "external_id": r["external_id"],
                    "title": r["title"],
                    "outlet": r["outlet"],
                    "published": r["published"],
                    "score": round(-r["score"], 4),
                    "snippet": snippet(r["text"], query),
                }
            )
        return out

    # -- annotations --------------------------------------------------------
    def put_layer(self, article: Article, layer: str, spans: Sequence[Record], annotator: str) -> None:
        """Replace one annotation layer of one article."""
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO annotations (article_id, layer, annotator, text_hash, n, data, created_at)"
                " VALUES (?,?,?,?,?,?,?)",
                (
                    article.id, layer, annotator, article.text_hash, len(spans),
                    _dumps([s.to_dict() for s in spans]), now_iso(),
                ),
            )
            if layer == "mentions":
                self.db.execute("DELETE FROM mentions WHERE article_id=?", (article.id,))
                self.db.executemany(
                    "INSERT INTO mentions (article_id, entity_id, start, end, type) VALUES (?,?,?,?,?)",
                    [
                        (article.id, m.entity_id, m.start, m.end, m.label)
                        for m in spans
                        if isinstance(m, Mention) and m.entity_id
                    ],
                )

    def get_layer(self, article_id: str, layer: str, cls: type[R]) -> list[R] | None:
        """One layer of one article, or None when it was never computed."""
        row = self.db.execute(
            "SELECT data FROM annotations WHERE article_id=? AND layer=?", (article_id, layer)
        ).fetchone()
        if row is None:
            return None
        return [cls.from_dict(d) for d in json.loads(row["data"])]

    def layers_of(self, article_id: str) -> dict[str, dict[str, Any]]:
        return {
            r["layer"]: {"annotator": r["annotator"], "n": r["n"], "text_hash": r["text_hash"]}
            for r in self.db.execute(
                "SELECT layer, annotator, n, text_hash FROM annotations WHERE article_id=?", (article_id,)
            )
        }

    def iter_layer(self, layer: str, cls: type[R]) -> Iterator[tuple[str, list[R]]]:
        """(article_id, spans) for every article that has ``layer``."""
        for r in self.db.execute(
            "SELECT article_id, data FROM annotations WHERE layer=? ORDER BY article_id", (layer,)
        ):
            yield r["article_id"], [cls.from_dict(d) for d in json.loads(r["data"])]

    def log_annotation_error(self, article_id: str, annotator: str, error: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO annotation_errors VALUES (?,?,?,?)", (article_id, annotator, error, now_iso())
            )

    # -- entities -----------------------------------------------------------
    def put_entities(self, entities: Iterable[Entity], *, replace_all: bool = False) -> None:
        with self.transaction():
            if replace_all:
                self.db.execute("DELETE FROM entities")
            self.db.executemany(
                "INSERT OR REPLACE INTO entities (id, type, label_ar, label_en, wikidata, data) VALUES (?,?,?,?,?,?)",
                [(e.id, e.type, e.label_ar, e.label_en, e.wikidata, _dumps(e.to_dict())) for e in entities],
            )

    def get_entity(self, entity_id: str) -> Entity | None:
        row = self.db.execute("SELECT data FROM entities WHERE id=?", (entity_id,)).fetchone()
        return Entity.from_dict(json.loads(row["data"])) if row else None

    def entities(self, *, type: str | None = None) -> list[Entity]:
        sql, args = "SELECT data FROM entities", []
        if type:
            sql += " WHERE type=?"
            args.append(type)
        return [Entity.from_dict(json.loads(r["data"])) for r in self.db.execute(sql + " ORDER BY id", args)]

    # -- stories ------------------------------------------------------------
    def put_stories(self, stories: Iterable[Story], *, replace_all: bool = False) -> None:
        ts = now_iso()
        with self.transaction():
            if replace_all:
                self.db.execute("DELETE FROM stories")
                self.db.execute("DELETE FROM story_articles")
            for s in stories:
                self.db.execute(
                    "INSERT OR REPLACE INTO stories (id, parent_id, title, size, first_date, last_date, data, updated_at)"
                    " VALUES (?,?,?,?,?,?,?,?)",
                    (s.id, s.parent_id, s.title, len(s.article_ids), s.first_date, s.last_date, _dumps(s.to_dict()), ts),
                )
                self.db.execute("DELETE FROM story_articles WHERE story_id=?", (s.id,))
                self.db.executemany(
                    "INSERT OR IGNORE INTO story_articles VALUES (?,?)", [(s.id, a) for a in s.article_ids]
                )

    def delete_story(self, story_id: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM stories WHERE id=?", (story_id,))
            self.db.execute("DELETE FROM story_articles WHERE story_id=?", (story_id,))

    def get_story(self, story_id: str) -> Story | None:
        row = self.db.execute("SELECT data FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None and len(story_id) >= 3:
            rows = self.db.execute("SELECT data FROM stories WHERE id LIKE ? LIMIT 2", (story_id + "%",)).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return Story.from_dict(json.loads(row["data"])) if row else None

    def stories(self, *, parent: str | None = None, top_only: bool = False) -> list[Story]:
        sql, args = "SELECT data FROM stories", []
        if parent:
            sql += " WHERE parent_id=?"
            args.append(parent)
        elif top_only:
            sql += " WHERE parent_id IS NULL"
        sql += " ORDER BY size DESC, last_date DESC, id"
        return [Story.from_dict(json.loads(r["data"])) for r in self.db.execute(sql, args)]

    def stories_of_article(self, article_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT story_id FROM story_articles WHERE article_id=?", (article_id,))]

    # -- corpus pass outputs -----------------------------------------------
    def put_output(self, pass_name: str, key: str, version: str, data: Any) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO corpus_outputs (pass, key, version, data, updated_at) VALUES (?,?,?,?,?)",
                (pass_name, key, version, _dumps(data), now_iso()),
            )

    def get_output(self, pass_name: str, key: str) -> Any | None:
        row = self.db.execute(
            "SELECT data FROM corpus_outputs WHERE pass=? AND key=?", (pass_name, key)
        ).fetchone()
        return json.loads(row["data"]) if row else None

    def outputs(self, pass_name: str) -> dict[str, Any]:
        return {
            r["key"]: json.loads(r["data"])
            for r in self.db.execute("SELECT key, data FROM corpus_outputs WHERE pass=? ORDER BY key", (pass_name,))
        }

    def clear_outputs(self, pass_name: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM corpus_outputs WHERE pass=?", (pass_name,))

    # -- runs and skips -----------------------------------------------------
    def start_run(self, command: str) -> int:
        with self.transaction():
            cur = self.db.execute("INSERT INTO runs (command, started_at) VALUES (?, ?)", (command, now_iso()))
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, stats: dict[str, Any]) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE runs SET finished_at=?, stats=? WHERE id=?", (now_iso(), _dumps(stats), run_id)
            )

    def log_skip(self, run_id: int | None, path: str, line: int | None, reason: str) -> None:
        with self.transaction():
            self.db.execute("INSERT INTO skipped VALUES (?,?,?,?,?)", (run_id, path, line, reason, now_iso()))

    def stats(self) -> dict[str, Any]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        layers = {
            r[0]: r[1] for r in self.db.execute("SELECT layer, sum(n) FROM annotations GROUP BY layer ORDER BY layer")
        }
        outlets = {
            (r[0] or "?"): r[1]
            for r in self.db.execute("SELECT outlet, count(*) FROM articles GROUP BY outlet ORDER BY count(*) DESC")
        }
        return {
            "path": self.path,
            "articles": one("SELECT count(*) FROM articles"),
            "dated_articles": one("SELECT count(*) FROM articles WHERE published IS NOT NULL"),
            "outlets": outlets,
            "annotations": layers,
            "entities": one("SELECT count(*) FROM entities"),
            "stories": one("SELECT count(*) FROM stories"),
            "runs": one("SELECT count(*) FROM runs"),
            "skipped": one("SELECT count(*) FROM skipped"),
            "schema": self.schema_version(),
        }


def _split_sql(sql: str) -> list[str]:
    """Statements of a migration file, split where SQLite says a statement is complete."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()):
        raise StoreError(f"incomplete statement at the end of a migration: {buf.strip()[:60]!r}")
    return out


def snippet(text: str, query: str, width: int = 80) -> str:
    """A window of the original ``text`` around the first query word, found by normalised match."""
    norm, index = norm_with_map(text)
    pos = -1
    for tok in tokenize(query):
        for k in match_keys(tok.text):
            pos = norm.find(k)
            if pos >= 0:
                break
        if pos >= 0:
            break
    if pos < 0:
        return text[: 2 * width].replace("\n", " ")
    center = index[pos]
    s = max(0, center - width)
    e = min(len(text), center + width)
    return ("…" if s > 0 else "") + text[s:e].replace("\n", " ") + ("…" if e < len(text) else "")
