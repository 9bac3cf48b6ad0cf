"""Read what the user points at into cleaned Articles.

``read_sources(paths, settings)`` yields ``Loaded`` (one cleaned article) or
``Skipped`` (what could not become one, and why, naming the file and line), for:

- plain-text files (scraped pages, like the seeds): our chrome filter (chrome.py);
- HTML files: metadata fast path, trafilatura for the body, htmldate for the date;
- JSON Lines (and .json arrays): one article per record, streamed line by line;
- directories, recursively, in sorted order (files of unknown types are passed over);
- http(s) URLs of pages or RSS/Atom feeds (the only time khabar uses the network),
  and local feed files.

Nothing here touches the store; ``khabar.app.pipeline.ingest`` does.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from khabar.ingest.chrome import Cleaned, clean_text, parse_published
from khabar.ingest.encoding import DecodeError, decode_bytes
from khabar.ingest.types import Loaded, Skipped, Superseded, Unchanged
from khabar.model import Article
from khabar.settings import Settings
from khabar.text.normalize import arabic_ratio, normalize, squash_spaces

KINDS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
_FIELDS = {
    "external_id": ("docno", "id", "doc_id", "docid", "guid"),
    "url": ("url", "link", "canonical_url"),
    "outlet": ("src", "source", "outlet", "site", "sitename", "publisher"),
    "title": ("title", "headline"),
    "published": ("time", "date", "published", "pubdate", "datetime", "published_at", "date_published"),
    "text": ("text", "body", "content", "article", "maintext"),
    "summary": ("abstract", "summary", "description", "lead"),
}


Known = Callable[[str], "str | None"]  # source_key -> the raw hash stored with it, if any


def cleaner_version() -> str:
    """Changes whenever the chrome rules change, so stored articles are cleaned again."""
    global _CLEANER
    if _CLEANER is None:
        from khabar.ingest.chrome import PATTERNS

        _CLEANER = "c1-" + hashlib.sha1(PATTERNS.read_bytes()).hexdigest()[:8]
    return _CLEANER


_CLEANER: str | None = None


def raw_hash(data: bytes) -> str:
    return hashlib.sha1(cleaner_version().encode() + b"\0" + data).hexdigest()


# -- ids ------------------------------------------------------------------------
def canonical_url(url: str) -> str:
    """Scheme and host lower-cased, fragment and tracking parameters dropped."""
    try:
        p = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    query = urlencode([(k, v) for k, v in parse_qsl(p.query, keep_blank_values=True)
                       if not k.lower().startswith(("utm_", "fbclid", "gclid"))])
    path = p.path.rstrip("/") or "/"
    return urlunsplit((p.scheme.lower(), p.netloc.lower(), path, query, ""))


def text_key(text: str) -> str:
    return normalize(squash_spaces(text))


def make_ids(text: str, url: str | None) -> tuple[str, str]:
    """(article id, text hash): the id from the canonical URL when there is one,
    else from the normalised text (first 16 hex of sha1); the hash of the normalised text."""
    th = hashlib.sha1(text_key(text).encode("utf-8")).hexdigest()
    if url:
        return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:16], th
    return th[:16], th


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host[4:] if host.startswith("www.") else (host or None)


# -- dates ----------------------------------------------------------------------
def iso_published(value: Any) -> str | None:
    """An ISO string from a metadata date: ISO, RFC 2822 ('Fri, 04 May 2018 11:47:16 +0400'),
    or anything dateparser reads; None when it cannot be read."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        try:
            return datetime.fromtimestamp(float(value)).isoformat(timespec="seconds")
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return s
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
        return dt.isoformat(timespec="seconds")
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(s).isoformat(timespec="seconds")
    except (TypeError, ValueError, IndexError):
        pass
    return parse_published(s)


# -- building articles ---------------------------------------------------------
def _finish(
    article: Article, source_key: str, settings: Settings, where: str, line: int | None, notes: list[str]
) -> Loaded | Skipped:
    text = article.text.strip()
    if len(text) < settings.min_article_chars:
        what = "empty file" if not text and not article.title else f"no article text ({len(text)} characters after cleaning)"
        return Skipped(where, what, line)
    ratio = arabic_ratio(text[:3000])
    if ratio < settings.min_arabic_ratio:
        return Skipped(where, f"not Arabic ({ratio:.0%} of letters are Arabic)", line)
    if len(text) > settings.max_article_chars:
        cut = text.rfind("\n", 0, settings.max_article_chars)
        text = text[: cut if cut > settings.max_article_chars // 2 else settings.max_article_chars]
        notes.append(f"cut at {len(text)} characters (KHABAR_MAX_ARTICLE_CHARS)")
    article.text = text
    article.title = tidy_title(article.title)
    article.id, article.text_hash = make_ids(text, article.url)
    return Loaded(article, source_key, notes)


def tidy_title(title: str) -> str:
    """A headline without the sites' decoration: leading/trailing emoji and symbols
    ('🔴 عاجل..' markers), zero-width marks and runs of spaces."""
    title = re.sub(r"[\u200b-\u200f\ufe0f]", "", title or "")
    edge = lambda ch: unicodedata.category(ch) in ("So", "Sk", "Cf", "Co") or ch.isspace()  # noqa: E731
    i, j = 0, len(title)
    while i < j and edge(title[i]):
        i += 1
    while j > i and edge(title[j - 1]):
        j -= 1
    return " ".join(title[i:j].split())


def _from_cleaned(
    c: Cleaned,
    *,
    where: str,
    source_key: str,
    settings: Settings,
    line: int | None = None,
    base: dict[str, Any],
    notes: list[str],
) -> Iterator[Loaded | Skipped]:
    """The main article of a cleaned page, then each related article split off it."""
    art = Article(id="", text=c.text, **base)
    art.title = art.title or c.title
    art.summary = art.summary or c.summary
    art.keywords = art.keywords or c.keywords
    if not art.url and c.url:
        art.url = re.sub(r"^\S*?:\s*(?=https?://)", "", c.url)
    art.outlet = art.outlet or c.outlet or host_of(art.url)
    art.dateline = art.dateline or c.dateline
    if not art.published and c.published_text:
        art.published = parse_published(c.published_text)
        if art.published:
            art.published_source = "text-line"
        else:
            notes.append(f"publication date line not understood: {c.published_text!r}")
    art.meta.setdefault("chrome_removed", sum(1 for r in c.removed if r.action not in ("title", "summary")))
    if c.related:
        art.meta["related_count"] = len(c.related)
    main = _finish(art, source_key, settings, where, line, notes)
    yield main
    if not isinstance(main, Loaded):
        return
    for n, rel in enumerate(c.related, start=1):
        sub = Article(
            id="",
            text=rel.text,
            title=rel.title,
            external_id=f"{art.external_id}#related-{n}" if art.external_id else None,
            outlet=art.outlet,
            language=art.language,
            source_path=art.source_path,
            source_line=art.source_line,
            encoding=art.encoding,
            parent_id=art.id,
            meta={"split_from": art.id, "reason": "whole article glued after 'اقرأ أيضاً'"},
        )
        yield _finish(sub, f"{source_key}#related-{n}", settings, f"{where} (related article {n})", line, [])


def _pick(rec: dict[str, Any], name: str) -> Any:
    for k in _FIELDS[name]:
        v = rec.get(k)
        if v not in (None, "", []):
            return v
    return None


def record_key(rec: dict[str, Any], fallback_key: str) -> str:
    url, ext = _pick(rec, "url"), _pick(rec, "external_id")
    return str(url) if url else (f"docno:{ext}" if ext is not None else fallback_key)


def from_record(rec: dict[str, Any], *, where: str, line: int | None, settings: Settings,
                path: str | None, encoding: str | None = "utf-8", fallback_key: str,
                date_source: str = "jsonl", raw_sha1: str | None = None) -> Iterator[Loaded | Skipped]:
    """Articles from one JSON record (fields like ../shared/data/news: docno, url, src, title, time, text)."""
    text = _pick(rec, "text")
    if not isinstance(text, str) or not text.strip():
        yield Skipped(where, "record has no text field (text/body/content)", line)
        return
    ext = _pick(rec, "external_id")
    url = _pick(rec, "url")
    title = _pick(rec, "title")
    summary = _pick(rec, "summary")
    notes: list[str] = []
    published = iso_published(_pick(rec, "published"))
    base = dict(
        title=squash_spaces(str(title)) if title else "",
        external_id=str(ext) if ext is not None else None,
        url=str(url) if url else None,
        outlet=str(_pick(rec, "outlet") or "") or host_of(str(url) if url else None),
        published=published,
        published_source=date_source if published else None,
        summary=[squash_spaces(str(summary))] if isinstance(summary, str) and summary.strip() else [],
        source_path=path,
        source_line=line,
        encoding=encoding,
        meta={"raw_sha1": raw_sha1} if raw_sha1 else {},
    )
    key = record_key(rec, fallback_key)
    c = clean_text(text, title=base["title"] or None, body_only=True)
    yield from _from_cleaned(c, where=where, source_key=key, settings=settings, line=line, base=base, notes=notes)


# -- HTML -------------------------------------------------------------------------
_META = re.compile(r"<meta\s+[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z_:.-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""")
_LINK_CANON = re.compile(r"""<link\s+[^>]*rel\s*=\s*["']?canonical["']?[^>]*>""", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_DATE_KEYS = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "publish-date", "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date")


def html_meta(html: str) -> dict[str, str]:
    """Cheap metadata from <meta>, <link rel=canonical> and <title> (no parsing of the body)."""
    import html as htmllib

    head = html[:200_000]
    meta: dict[str, str] = {}
    for tag in _META.findall(head):
        attrs = {m.group(1).lower(): htmllib.unescape(m.group(3) or m.group(4) or m.group(5) or "")
                 for m in _ATTR.finditer(tag)}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key and "content" in attrs and key not in meta:
            meta[key] = attrs["content"].strip()
    m = _LINK_CANON.search(head)
    if m:
        href = {a.group(1).lower(): (a.group(3) or a.group(4) or a.group(5) or "") for a in _ATTR.finditer(m.group(0))}
        if href.get("href"):
            meta["canonical"] = htmllib.unescape(href["href"]).strip()
    t = _TITLE.search(head)
    if t:
        meta["html_title"] = squash_spaces(htmllib.unescape(re.sub(r"<[^>]+>", " ", t.group(1))))
    m2 = re.search(r'"datePublished"\s*:\s*"([^"]+)"', head)
    if m2:
        meta.setdefault("datepublished", m2.group(1))
    return meta


def _strip_site(title: str, site: str | None) -> str:
    """'Headline | Site' -> 'Headline'."""
    for sep in (" | ", " - ", " — ", " – ", " :: "):
        if sep in title:
            head, _, tail = title.rpartition(sep)
            if site and site in tail or len(tail.split()) <= 4 and len(head.split()) >= 3:
                return head.strip()
    return title


def from_html(html: str, *, where: str, url: str | None, settings: Settings, path: str | None,
              encoding: str | None, source_key: str, external_id: str | None,
              raw_sha1: str | None = None) -> Iterator[Loaded | Skipped]:
    import trafilatura

    meta = html_meta(html)
    page_url = url or meta.get("canonical") or meta.get("og:url")
    site = meta.get("og:site_name") or meta.get("application-name")
    notes: list[str] = []
    published, source = None, None
    for k in _DATE_KEYS:
        if meta.get(k):
            published = iso_published(meta[k])
            if published:
                source = "meta"
                break
    try:
        doc = trafilatura.bare_extraction(
            html, url=page_url, with_metadata=True, include_comments=False, include_tables=False,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        doc = None
        notes.append(f"trafilatura failed ({type(exc).__name__}); used the page's paragraphs")
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    title = (getattr(doc, "title", None) or "") if doc is not None else ""
    title = title or meta.get("og:title") or _strip_site(meta.get("html_title", ""), site)
    if not text:
        text = _paragraphs(html)
    if not published:
        # Not trafilatura's own date: its extensive search reads years out of the body
        # ('في يناير 2016' -> 2016-01-01).  htmldate without it: URL, markup, meta only.
        try:
            from htmldate import find_date

            date = find_date(html, url=page_url, extensive_search=False, original_date=True)
        except Exception:  # htmldate is best effort
            date = None
        if date:
            published, source = str(date), "htmldate"
    lines = text.split("\n")
    if lines and title and squash_spaces(lines[0]) == squash_spaces(title):
        lines = lines[1:]
    c = clean_text("\n".join(lines), title=title or None, body_only=True)
    base = dict(
        title=title,
        external_id=external_id,
        url=page_url,
        outlet=site or (getattr(doc, "sitename", None) if doc is not None else None) or host_of(page_url),
        published=published,
        published_source=source if published else None,
        keywords=[k.strip() for k in re.split(r"[,،]", meta.get("keywords", "")) if k.strip()],
        source_path=path,
        encoding=encoding,
        meta={"raw_sha1": raw_sha1} if raw_sha1 else {},
    )
    key = canonical_url(page_url) if page_url and url else source_key
    yield from _from_cleaned(c, where=where, source_key=key, settings=settings, base=base, notes=notes)


def _paragraphs(html: str) -> str:
    """Fallback body: the text of <p> elements (or of the whole page), for pages trafilatura gives up on."""
    try:
        import lxml.html

        tree = lxml.html.fromstring(html)
    except Exception:
        return squash_spaces(re.sub(r"<[^>]+>", " ", html))
    for bad in tree.xpath("//script|//style|//nav|//footer|//header"):
        bad.drop_tree()
    paras = [squash_spaces(p.text_content()) for p in tree.xpath("//p")]
    paras = [p for p in paras if p]
    if not paras:
        paras = [squash_spaces(tree.text_content())]
    return "\n".join(paras)


# -- feeds ------------------------------------------------------------------------
def from_feed(data: bytes | str, *, where: str, settings: Settings, path: str | None,
              fetch: bool = False) -> Iterator[Loaded | Skipped]:
    """Items of an RSS/Atom feed: the item's full content when the feed carries it; the
    linked page when ``fetch`` (a feed URL the user gave) and the item has only a teaser."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        why = "not an RSS/Atom feed and no articles in it"
        if getattr(feed, "bozo", False) and getattr(feed, "bozo_exception", None):
            why += f" ({feed.bozo_exception})"
        yield Skipped(where, why)
        return
    site = feed.feed.get("title") or ""
    site = re.split(r"\s+[-|–—]\s+", site)[0] or None  # 'Outlet - World news' -> 'Outlet'
    for n, e in enumerate(feed.entries, start=1):
        link = e.get("link")
        content = ""
        if e.get("content"):
            content = max((c.get("value", "") for c in e.content), key=len)
        summary = e.get("summary", "")
        body_html = content or summary
        ext = e.get("id") or link or f"{Path(where).name}#{n}"
        published = None
        for k in ("published", "updated", "created"):
            if e.get(k):
                published = iso_published(e.get(k))
                if published:
                    break
        item_where = f"{where} (item {n})"
        text = _paragraphs(body_html) if "<" in body_html else body_html
        if fetch and link and len(text) < 500:
            try:
                raw, enc = fetch_url(link, settings)
                html, enc2 = decode_bytes(raw)
                yield from from_html(html, where=link, url=link, settings=settings, path=None, encoding=enc2,
                                     source_key=canonical_url(link), external_id=str(ext))
                continue
            except Exception as exc:  # network trouble on one item: say so, keep the teaser
                yield Skipped(item_where, f"could not fetch {link}: {exc}")
                continue
        rec = {"id": ext, "url": link, "src": site, "title": e.get("title"), "time": published, "text": text}
        yield from from_record(rec, where=item_where, line=None, settings=settings, path=path,
                               fallback_key=f"{path or where}#{n}", date_source="feed")


def fetch_url(url: str, settings: Settings) -> tuple[bytes, str]:
    """GET a URL the user gave (size-capped).  Returns (bytes, content type)."""
    import httpx

    with httpx.Client(follow_redirects=True, timeout=settings.fetch_timeout_s,
                      headers={"User-Agent": "khabar/0.1 (+https://example.invalid/khabar)"}) as client:
        with client.stream("GET", url) as resp:
            resp.raise_for_status()
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > settings.max_file_bytes:
                    raise ValueError(f"over the {settings.max_file_bytes // 1_000_000} MB limit")
                chunks.append(chunk)
            return b"".join(chunks), resp.headers.get("content-type", "")


# -- files and directories ----------------------------------------------------
def kind_of(path: Path, head: bytes = b"") -> str | None:
    k = KINDS.get(path.suffix.lower())
    if k:
        return k
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if s.startswith(b"<?xml") or b"<rss" in s or b"<feed" in s:
        return "feed"
    if s.startswith((b"<!doctype html", b"<html")) or b"<html" in s:
        return "html"
    if s.startswith(b"{"):
        return "jsonl"
    return None


def iter_files(root: Path) -> Iterator[Path]:
    """Files under ``root``, recursively, sorted, hidden ones passed over."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            if not f.startswith("."):
                yield Path(dirpath) / f


def _read_file(path: Path, settings: Settings, *, explicit: bool, known: Known | None = None
               ) -> Iterator[Loaded | Skipped | Unchanged]:
    where = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        yield Skipped(where, f"cannot read: {exc.strerror or exc}")
        return
    kind = kind_of(path, head)
    if kind is None:
        if explicit:
            kind = "text"
        else:
            return  # a directory walk passes over files of unknown types (README.md, images...)
    if size == 0:
        yield Skipped(where, "empty file")
        return
    if kind == "jsonl":
        yield from _read_jsonl(path, settings, known)
        return
    if size > settings.max_file_bytes:
        yield Skipped(where, f"too large: {size / 1e6:.1f} MB is over the {settings.max_file_bytes / 1e6:.0f} MB "
                             "limit for one page (KHABAR_MAX_FILE_BYTES); JSON Lines files are streamed instead")
        return
    data = path.read_bytes()
    abspath = str(path.resolve())
    h = raw_hash(data)
    if known is not None and kind in ("text", "html") and known(abspath) == h:
        yield Unchanged(where, abspath)
        return
    try:
        text, enc = decode_bytes(data)
    except DecodeError as exc:
        yield Skipped(where, str(exc))
        return
    notes = [f"read as {enc}"] if enc not in ("utf-8", "ascii") else []
    if kind == "feed":
        yield from _with_notes(from_feed(data, where=where, settings=settings, path=abspath), notes)
    elif kind == "json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"invalid JSON: {exc.msg}", exc.lineno)
            return
        recs = obj if isinstance(obj, list) else [obj]
        for n, rec in enumerate(recs, start=1):
            if not isinstance(rec, dict):
                yield Skipped(where, f"record {n} is not a JSON object")
                continue
            yield from _with_notes(from_record(rec, where=f"{where} (record {n})", line=None, settings=settings,
                                               path=abspath, encoding=enc, fallback_key=f"{abspath}#{n}"), notes)
    elif kind == "html":
        if "<" not in text[:5000]:
            yield Skipped(where, "not HTML (no markup)")
            return
        yield from _with_notes(from_html(text, where=where, url=None, settings=settings, path=abspath, encoding=enc,
                                         source_key=abspath, external_id=path.name, raw_sha1=h), notes)
    else:
        c = clean_text(text)
        base = dict(external_id=path.name, source_path=abspath, encoding=enc, meta={"raw_sha1": h})
        yield from _from_cleaned(c, where=where, source_key=abspath, settings=settings, base=base, notes=notes)


def _with_notes(items: Iterable[Loaded | Skipped], notes: list[str]) -> Iterator[Loaded | Skipped]:
    for it in items:
        if isinstance(it, Loaded) and notes:
            it.notes[:0] = notes
        yield it


def _read_jsonl(path: Path, settings: Settings, known: Known | None = None
                ) -> Iterator[Loaded | Skipped | Unchanged]:
    """One record per line, streamed (a file of any size); a broken line is skipped with its number.
    A record whose URL/docno comes again later in the file is superseded by the later one."""
    where = str(path)
    abspath = str(path.resolve())
    last = _last_lines(path, abspath)
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            if len(raw) > settings.max_file_bytes:
                yield Skipped(where, f"line is {len(raw) / 1e6:.1f} MB, over the limit (KHABAR_MAX_FILE_BYTES)", n)
                continue
            try:
                rec = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield Skipped(where, f"invalid UTF-8 at byte {exc.start} of the line", n)
                continue
            except json.JSONDecodeError as exc:
                yield Skipped(where, f"broken JSON: {exc.msg} (column {exc.colno})", n)
                continue
            if not isinstance(rec, dict):
                yield Skipped(where, "line is not a JSON object", n)
                continue
            h = raw_hash(raw.strip())
            key = record_key(rec, f"{abspath}:{n}")
            if last.get(key, n) != n:
                yield Superseded(where, n, last[key], key)
                continue
            if known is not None:
                if known(key) == h:
                    yield Unchanged(where, key, n)
                    continue
            yield from from_record(rec, where=where, line=n, settings=settings, path=abspath,
                                   fallback_key=f"{abspath}:{n}", raw_sha1=h)


def _last_lines(path: Path, abspath: str) -> dict[str, int]:
    """For each record key (URL, docno) of a JSON Lines file, the last line that has it."""
    last: dict[str, int] = {}
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            try:
                rec = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
            if isinstance(rec, dict):
                last[record_key(rec, f"{abspath}:{n}")] = n
    return last


def _read_url(url: str, settings: Settings) -> Iterator[Loaded | Skipped]:
    try:
        data, ctype = fetch_url(url, settings)
    except Exception as exc:  # httpx errors, timeouts, size cap
        yield Skipped(url, f"could not fetch: {exc}")
        return
    head = data[:1000].lstrip().lower()
    if "xml" in ctype or "rss" in ctype or "atom" in ctype or head.startswith(b"<?xml") or b"<rss" in head:
        yield from from_feed(data, where=url, settings=settings, path=None, fetch=True)
        return
    try:
        html, enc = decode_bytes(data)
    except DecodeError as exc:
        yield Skipped(url, str(exc))
        return
    yield from from_html(html, where=url, url=url, settings=settings, path=None, encoding=enc,
                         source_key=canonical_url(url), external_id=url)


def read_sources(paths: Iterable[str], settings: Settings | None = None, *, known: Known | None = None
                 ) -> Iterator[Loaded | Skipped | Unchanged]:
    """Everything under ``paths`` as Loaded / Skipped, in a deterministic order.

    With ``known`` (source_key -> raw hash stored with it), a file or JSONL record whose
    bytes and cleaner are unchanged comes back as ``Unchanged`` without being cleaned again."""
    settings = settings or Settings.load()
    for p in paths:
        if re.match(r"^https?://", p, re.IGNORECASE):
            yield from _read_url(p, settings)
            continue
        path = Path(p)
        if path.is_dir():
            for f in iter_files(path):
                yield from _read_file(f, settings, explicit=False, known=known)
        elif path.is_file():
            yield from _read_file(path, settings, explicit=True, known=known)
        elif path.exists():
            yield Skipped(p, "not a regular file")
        else:
            yield Skipped(p, "no such file or directory")


def count_sources(paths: Iterable[str]) -> int:
    """A cheap total for the progress bar: files, plus lines of JSON Lines files."""
    total = 0
    for p in paths:
        if re.match(r"^https?://", p, re.IGNORECASE):
            total += 1
            continue
        path = Path(p)
        files = iter_files(path) if path.is_dir() else [path]
        for f in files:
            if KINDS.get(f.suffix.lower()) == "jsonl":
                try:
                    with f.open("rb") as fh:
                        total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
                except OSError:
                    total += 1
            elif path.is_dir() and f.suffix.lower() not in KINDS:
                continue
            else:
                total += 1
    return total
