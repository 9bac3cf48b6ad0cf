"""The Jinja2 environment for the web UI and the HTML report (autoescape always on:
article text is untrusted and is only ever inserted as escaped text)."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape

from khabar.app.queries import ENTITY_TYPES, MODALITIES, event_label, modality_label
from khabar.app.web.svg import COLOURS, fmt_day, fmt_range, graph_svg, parse_day, timeline_svg


def cite_url(c: dict[str, Any] | None) -> str | None:
    """/articles/ID#c-START-END: the article page highlights those characters."""
    if not c or not c.get("article_id"):
        return None
    return f"/articles/{quote(str(c['article_id']), safe='')}#c-{int(c.get('start') or 0)}-{int(c.get('end') or 0)}"


def entity_url(entity_id: str | None) -> str | None:
    return f"/entities/{quote(entity_id, safe='')}" if entity_id else None


def story_url(story_id: str) -> str:
    return f"/stories/{quote(story_id, safe='')}"


def day(value: str | None) -> str:
    """'2024-03-10...' -> '10 مارس 2024' (ISO dates turn around inside right-to-left text)."""
    d = parse_day(value)
    return fmt_day(d) if d else (value or "")


def val(value: object) -> str:
    """A disagreement value: ISO dates read in Arabic, anything else as it is."""
    v = "" if value is None else str(value)
    m = re.match(r"^(\d{4}-\d{2}-\d{2})(?:T(.+))?$", v)
    if not m:
        return v
    part = m.group(2)
    if not part:
        return day(v)
    return f"{day(m.group(1))} {PARTS_OF_DAY.get(part, part)}"


PARTS_OF_DAY = {"MO": "صباحاً", "MI": "ظهراً", "AF": "بعد الظهر", "EV": "مساءً", "NI": "ليلاً", "DT": "نهاراً"}


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from article data ('javascript:' and the like are dropped)."""
    if url and re.match(r"^https?://", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


# Arabic counted nouns: one, two, 3-10, 11 and more (مقال، مقالان، 3 مقالات، 11 مقالاً).
NOUNS = {  # singular, one, two, 3-10, 11+
    "article": ("مقال", "مقال واحد", "مقالان", "مقالات", "مقالاً"),
    "outlet": ("مصدر", "مصدر واحد", "مصدران", "مصادر", "مصدراً"),
    "story": ("قصة", "قصة واحدة", "قصتان", "قصص", "قصة"),
    "quote": ("اقتباس", "اقتباس واحد", "اقتباسان", "اقتباسات", "اقتباساً"),
    "event": ("حدث", "حدث واحد", "حدثان", "أحداث", "حدثاً"),
    "mention": ("إشارة", "إشارة واحدة", "إشارتان", "إشارات", "إشارة"),
    "speaker": ("متحدث", "متحدث واحد", "متحدثان", "متحدثين", "متحدثاً"),
    "substory": ("قصة فرعية", "قصة فرعية واحدة", "قصتان فرعيتان", "قصص فرعية", "قصة فرعية"),
}


def count(n: int | None, noun: str) -> str:
    """'3 مقالات', 'مقالان', '11 مقالاً', '100 مقال': a number with its Arabic noun form."""
    single, one, two, few, many = NOUNS[noun]
    n = int(n or 0)
    if n == 1:
        return one
    if n == 2:
        return two
    if n == 0:
        return f"0 {few}"
    if 3 <= n % 100 <= 10:
        return f"{n} {few}"
    if n % 100 in (0, 1, 2):  # 100 مقال، 101 مقال، 102 مقال
        return f"{n} {single}"
    return f"{n} {many}"


def qs(params: dict[str, Any], **over: Any) -> str:
    merged = {**params, **over}
    clean = {k: v for k, v in merged.items() if v not in (None, "")}
    return ("?" + urlencode(clean)) if clean else ""


@lru_cache(maxsize=4)
def static_text(name: str) -> str:
    return resources.files("khabar.app.web").joinpath("static", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def env() -> Environment:
    e = Environment(
        loader=PackageLoader("khabar.app.web", "templates"),
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    e.globals.update(
        cite_url=cite_url, entity_url=entity_url, story_url=story_url, qs=qs, fmt_range=fmt_range,
        timeline_svg=timeline_svg, graph_svg=graph_svg, event_label=event_label, modality_label=modality_label,
        ENTITY_TYPES=ENTITY_TYPES, MODALITIES=MODALITIES, COLOURS=COLOURS, static_text=static_text,
    )
    e.filters["day"] = day
    e.filters["count"] = count
    e.filters["safe_url"] = safe_url
    e.tests["match_q"] = lambda v: bool(re.fullmatch(r"Q\d+", str(v or "")))
    e.filters["val"] = val
    e.filters["urlq"] = lambda s: quote(str(s), safe="")
    return e


def render(name: str, **ctx: Any) -> str:
    return env().get_template(name).render(**ctx)
