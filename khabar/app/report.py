"""Story reports a journalist can send: one standalone HTML file (RTL, inline CSS, the
timeline as inline SVG, numbered citations with the cited sentences), Markdown, or JSON.

    render_report(store, story_id, "html") -> str

Everything comes from ``queries.story_detail``, the same data as the story page.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from khabar.app import queries
from khabar.app.queries import cited_text
from khabar.app.web.render import render
from khabar.app.web.svg import fmt_range, graph_svg, pick_for_picture, timeline_svg
from khabar.store import Store

FORMATS = ("html", "md", "json")


class Sources:
    """Numbers every cited passage once, in order of first use."""

    def __init__(self) -> None:
        self.index: dict[tuple[str, int, int], int] = {}
        self.items: list[dict[str, Any]] = []

    def ref(self, c: dict[str, Any] | None) -> int | None:
        if not c or not c.get("article_id"):
            return None
        key = (str(c["article_id"]), int(c.get("start") or 0), int(c.get("end") or 0))
        n = self.index.get(key)
        if n is None:
            n = self.index[key] = len(self.items) + 1
            self.items.append({"n": n, "article_id": key[0], "start": key[1], "end": key[2]})
        return n

    def fill(self, store: Store) -> None:
        texts = queries._texts(store, [s["article_id"] for s in self.items])
        meta = queries._article_meta(store, [s["article_id"] for s in self.items])
        for s in self.items:
            m = meta.get(s["article_id"], {})
            s.update({k: m.get(k) for k in ("title", "outlet", "published", "external_id", "url")})
            t = texts.get(s["article_id"])
            s.update(cited_text(t, s["start"], s["end"], context=100) if t is not None
                     else {"before": "", "text": "", "after": ""})


def _collect(d: dict[str, Any]) -> Sources:
    src = Sources()
    for sen in (d.get("summary") or {}).get("sentences", []):
        for c in sen.get("citations", []):
            src.ref(c)
    for e in d["timeline"]["entries"]:
        for c in e.get("citations", []):
            src.ref(c)
    for it in d["discrepancies"].get("items", []):
        for v in it.get("values", []):
            for c in v.get("citations", []):
                src.ref(c)
    for g in d["quotes_by_speaker"]:
        for q in g["quotes"]:
            src.ref(q)
    return src


def report_data(store: Store, story_id: str) -> tuple[dict[str, Any], Sources]:
    d = queries.story_detail(store, story_id)
    src = _collect(d)
    src.fill(store)
    return d, src


def render_report(store: Store, story_id: str, fmt: str = "html") -> str:
    """The report of one story as a string in ``fmt`` (html, md or json)."""
    if fmt not in FORMATS:
        raise queries.QueryError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    d, src = report_data(store, story_id)
    made = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if fmt == "json":
        return json.dumps({**d, "sources": src.items, "generated": made}, ensure_ascii=False, indent=2)
    if fmt == "md":
        return _markdown(d, src, made)

    focus = (d["story"].get("first_date"), d["story"].get("last_date"))

    def href(e: dict[str, Any]) -> str | None:
        cits = e.get("citations") or []
        n = src.ref(cits[0]) if cits else None
        return f"#src-{n}" if n else None

    def ghref(e: dict[str, Any]) -> str | None:
        cits = e.get("citations") or []
        n = src.ref(cits[0]) if cits else None
        return f"#src-{n}" if n else None

    return render(
        "report.html", d=d, sources=src.items, ref=src.ref, made=made,
        tl_svg=timeline_svg(pick_for_picture(d["timeline"]["entries"], focus), href, focus=focus),
        graph_svg_html=graph_svg(d["graph"], ghref),
    )


def _md(s: Any) -> str:
    """Markdown-safe inline text: no raw HTML, no table breaks."""
    s = "" if s is None else str(s)
    s = s.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return " ".join(s.split())


def _markdown(d: dict[str, Any], src: Sources, made: str) -> str:
    s = d["story"]
    out = [f"# {_md(s.get('title') or s['id'])}", ""]
    out.append(f"*{len(d['articles'])} مقالات · {_md('، '.join(s.get('outlets', [])))} · "
               f"{fmt_range(s.get('first_date'), s.get('last_date'))}*  ")
    out.append(f"*khabar report, {made}*")
    out += ["", "## الملخص (Summary)", ""]
    summ = (d.get("summary") or {}).get("sentences", [])
    for i, sen in enumerate(summ, 1):
        refs = "".join(f"[^{src.ref(c)}]" for c in sen.get("citations", []))
        out.append(f"{i}. {_md(sen.get('text'))}{refs}")
    if not summ:
        out.append("_لا ملخص بعد (no summary yet)._")
    out += ["", "## الخط الزمني (Timeline)", "", "| التاريخ | الحدث | الحالة | المصادر |", "|---|---|---|---|"]
    for e in d["timeline"]["entries"]:
        refs = " ".join(f"[^{src.ref(c)}]" for c in e.get("citations", []))
        conflict = " ⚠ المصادر تختلف" if e.get("conflicts") else ""
        out.append(f"| {_md(fmt_range(e.get('earliest'), e.get('latest'), e.get('grain')))} | "
                   f"{_md(e.get('description_ar'))}{conflict} | {_md(e.get('modality_label', {}).get('ar'))} "
                   f"({_md(e.get('modality'))}) | {refs} |")
    out += ["", "## من قال ماذا (Who said what)", ""]
    for g in d["quotes_by_speaker"]:
        out.append(f"### {_md(g['speaker'])}" + (f" ({_md(g['label_en'])})" if g.get("label_en") else ""))
        for q in g["quotes"][:10]:
            via = f" — عبر {_md(q['via'])}" if q.get("via") else ""
            out.append(f"> «{_md(q['content'])}» — {_md(q.get('outlet') or q.get('external_id'))}{via}"
                       f"[^{src.ref(q)}]")
            out.append("")
    if d["discrepancies"].get("items"):
        out += ["## الاختلافات بين المصادر (Disagreements)", ""]
        for it in d["discrepancies"]["items"]:
            vals = "؛ ".join(
                f"{_md(v.get('value'))} " + " ".join(f"[^{src.ref(c)}]" for c in v.get("citations", []))
                for v in it.get("values", [])
            )
            out.append(f"- **{_md(it.get('what') or it.get('field'))}**: {vals}")
        out.append("")
    out += ["## المصادر (Sources)", ""]
    for s_ in src.items:
        out.append(f"[^{s_['n']}]: {_md(s_.get('outlet') or s_.get('external_id'))}, «{_md(s_.get('title'))}» "
                   f"{_md((s_.get('published') or '')[:10])}: “{_md(s_['text'])}”")
    return "\n".join(out) + "\n"
