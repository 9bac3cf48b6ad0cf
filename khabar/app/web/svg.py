"""Pictures drawn on the server as plain SVG (no JavaScript library, works offline and
inside a standalone report): the story timeline and the who-met-whom graph.

Every string from the data is escaped with ``markupsafe.escape``; the result is
``Markup`` so Jinja inserts it as is.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

MONTHS_AR = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
             "نوفمبر", "ديسمبر"]
WEEKDAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

# Colours by modality: what happened is solid, what is planned or expected is hollow and dashed.
COLOURS = {"happened": "#1d4ed8", "scheduled": "#c2410c", "expected": "#b45309", "hypothetical": "#6b7280",
           "denied": "#b91c1c", "refused": "#b91c1c", "cancelled": "#7f1d1d", "postponed": "#9a3412"}
PLANNED = {"scheduled", "expected", "hypothetical"}


def parse_day(value: str | None, *, end: bool = False) -> date | None:
    """'2025-08-15', '2025-08-15T14:00', '2025-08' or '2025' -> a date (the last day when ``end``)."""
    if not value or not isinstance(value, str):
        return None
    v = value.strip()[:10]
    try:
        if len(v) == 10:
            return date.fromisoformat(v)
        if len(v) == 7:
            d = date.fromisoformat(v + "-01")
            if end:
                nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
                return nxt - timedelta(days=1)
            return d
        if len(v) == 4 and v.isdigit():
            return date(int(v), 12, 31) if end else date(int(v), 1, 1)
    except ValueError:
        return None
    return None


def fmt_day(d: date, *, year: bool = True, weekday: bool = False) -> str:
    s = f"{d.day} {MONTHS_AR[d.month - 1]}" + (f" {d.year}" if year else "")
    return f"{WEEKDAYS_AR[d.weekday()]} {s}" if weekday else s


def fmt_range(earliest: str | None, latest: str | None, grain: str | None = None) -> str:
    """An Arabic reading of a date or a date range ('8–9 مارس 2024', 'مارس 2024')."""
    lo, hi = parse_day(earliest), parse_day(latest, end=True)
    if lo is None and hi is None:
        return "تاريخ غير معروف"
    if lo is None:
        return "قبل " + fmt_day(hi)  # type: ignore[arg-type]
    if hi is None:
        return "بعد " + fmt_day(lo)
    if lo == hi:
        return fmt_day(lo, weekday=True)
    if grain == "month" or (lo.day == 1 and hi == parse_day(f"{lo.year}-{lo.month:02d}", end=True)):
        return f"{MONTHS_AR[lo.month - 1]} {lo.year}"
    if grain == "year" or (lo == date(lo.year, 1, 1) and hi == date(lo.year, 12, 31)):
        return str(lo.year)
    if lo.year == hi.year and lo.month == hi.month:
        return f"بين {lo.day} و{hi.day} {MONTHS_AR[lo.month - 1]} {lo.year}"
    if lo.year == hi.year:
        return f"بين {fmt_day(lo, year=False)} و{fmt_day(hi)}"
    return f"بين {fmt_day(lo)} و{fmt_day(hi)}"


def _clip(s: str, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _ticks(lo: date, hi: date, max_ticks: int = 6) -> list[tuple[date, str]]:
    """Axis ticks and their labels: days, weeks, months or years, as the span needs."""
    span = (hi - lo).days
    out: list[date]
    if span <= 60:
        step = max(1, -(-span // max_ticks))
        if step > 3:
            step = 7 * max(1, round(step / 7))
        out = [lo + timedelta(days=i) for i in range(0, span + 1, step)]
        kind = "day"
    elif span <= 1100:
        out, d = [], date(lo.year, lo.month, 1)
        while d <= hi:
            if d >= lo:
                out.append(d)
            d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        kind = "month"
    else:
        out = [date(y, 1, 1) for y in range(lo.year + 1, hi.year + 1)]
        kind = "year"
    while len(out) > max_ticks:
        out = out[::2]
    labels, prev_year = [], None
    for d in out:
        if kind == "year":
            label = str(d.year)
        elif kind == "month":
            label = MONTHS_AR[d.month - 1] + (f" {d.year}" if d.year != prev_year else "")
        else:
            label = fmt_day(d, year=d.year != prev_year)
        prev_year = d.year
        labels.append((d, label))
    return labels


def _focus_range(days: list[tuple[date, date]], focus: tuple[str | None, str | None] | None) -> tuple[date, date]:
    """The story's own period (its first and last dates) when at least a third of the
    entries fall in it; background entries from other years then sit at the axis ends."""
    flo = parse_day(focus[0]) if focus else None
    fhi = parse_day(focus[1], end=True) if focus else None
    if flo and fhi and fhi >= flo:
        inside = [(a, b) for a, b in days if b >= flo and a <= fhi]
        if len(inside) * 3 >= len(days) and len(inside) < len(days):
            return min(max(a, flo) for a, _ in inside), max(min(b, fhi) for _, b in inside)
    return _core_range(days)


def _core_range(days: list[tuple[date, date]]) -> tuple[date, date]:
    """The span the axis shows.  A few far-off entries (background: 'in 2012...') would
    squeeze the story's own weeks into a few pixels, so with 8 or more entries the axis
    covers the middle 90% and the outliers sit at its ends, marked as off the scale."""
    lo = min(a for a, _ in days)
    hi = max(b for _, b in days)
    if len(days) < 8:
        return lo, hi
    starts = sorted(a for a, _ in days)
    ends = sorted(b for _, b in days)
    k = max(1, len(days) // 20)
    clo, chi = starts[k], ends[-1 - k]
    if chi <= clo or (hi - lo).days < 3 * max(1, (chi - clo).days):
        return lo, hi
    return clo, chi


def pick_for_picture(entries: list[dict[str, Any]], focus: tuple[str | None, str | None] | None,
                     n: int = 60) -> list[dict[str, Any]]:
    """At most ``n`` entries for the picture (the table below lists them all): entries
    outside the story's own period go first, then the least cited; date order is kept."""
    if len(entries) <= n:
        return entries
    flo = parse_day(focus[0]) if focus else None
    fhi = parse_day(focus[1], end=True) if focus else None

    def inside(e: dict[str, Any]) -> bool:
        lo, hi = parse_day(e.get("earliest")), parse_day(e.get("latest"), end=True)
        if not (flo and fhi and (lo or hi)):
            return True
        return (hi or lo) >= flo and (lo or hi) <= fhi  # type: ignore[operator]

    ranked = sorted(range(len(entries)), key=lambda i: (not inside(entries[i]),
                                                         -len(entries[i].get("citations") or []), i))
    keep = sorted(ranked[:n])
    return [entries[i] for i in keep]


def timeline_svg(
    entries: list[dict[str, Any]],
    href: Callable[[dict[str, Any]], str | None],
    *,
    width: int = 960,
    label_width: int = 420,
    focus: tuple[str | None, str | None] | None = None,
) -> Markup:
    """A right-to-left time chart: one row per entry, dates on a shared axis (earliest at
    the right), a dot for a known day, a bar from earliest to latest for a range, filled
    for what happened, hollow and dashed for what is scheduled or expected."""
    rows = []
    for e in entries:
        lo = parse_day(e.get("earliest"))
        hi = parse_day(e.get("latest"), end=True) or lo
        lo = lo or hi
        rows.append((e, lo, hi))
    dated = [(e, lo, hi) for e, lo, hi in rows if lo]
    undated = [(e, lo, hi) for e, lo, hi in rows if not lo]
    top, row_h, pad = 58, 46, 24
    height = top + row_h * max(1, len(rows)) + 16
    plot_l, plot_r = pad + 10, width - label_width - pad
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" direction="rtl" '
        'font-family="\'Noto Naskh Arabic\',\'Noto Sans Arabic\',\'Amiri\',\'Segoe UI\',Tahoma,\'DejaVu Sans\',sans-serif">',
        "<title>الخط الزمني للقصة — story timeline</title>",
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#c2410c" stroke-width="2" opacity="0.45"/></pattern></defs>',
    ]
    if dated:
        dmin, dmax = _focus_range([(lo, hi) for _, lo, hi in dated], focus)
        if dmax <= dmin:
            dmin, dmax = dmin - timedelta(days=1), dmax + timedelta(days=1)
        span = (dmax - dmin).days
        margin = max(1, round(span * 0.04))
        dmin, dmax = dmin - timedelta(days=margin), dmax + timedelta(days=margin)
        total = (dmax - dmin).days or 1
        width_px = plot_r - plot_l

        def x(d: date) -> float:  # right to left: earliest at plot_r (clamped to the axis)
            return plot_r - min(max((d - dmin).days, 0), total) / total * width_px

        def xr(d: date) -> float:  # the end of day d
            return plot_r - min(max((d - dmin).days + 1, 0), total) / total * width_px

        out.append(f'<line x1="{plot_l}" y1="{top - 8}" x2="{plot_r}" y2="{top - 8}" stroke="#94a3b8"/>')
        out.append(f'<text x="{plot_r}" y="12" font-size="11" fill="#94a3b8" text-anchor="start">الأقدم · earlier</text>'
                   f'<text x="{plot_l}" y="12" font-size="11" fill="#94a3b8" text-anchor="end">الأحدث · later</text>')
        for t, label in _ticks(dmin, dmax):
            tx = (x(t) + xr(t)) / 2
            out.append(
                f'<line x1="{tx:.1f}" y1="{top - 12}" x2="{tx:.1f}" y2="{height - 10}" stroke="#e2e8f0"/>'
                f'<text x="{tx:.1f}" y="{top - 20}" font-size="12" fill="#475569" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    y = top
    for i, (e, lo, hi) in enumerate(dated + undated):
        mod = e.get("modality") or "happened"
        colour = COLOURS.get(mod, "#334155")
        planned = mod in PLANNED
        link = href(e)
        tl = e.get("type_label") or {}
        mod_label = (e.get("modality_label") or {}).get("ar") or ""
        desc = e.get("description_ar") or tl.get("ar") or e.get("type") or ""
        when = fmt_range(e.get("earliest"), e.get("latest"), e.get("grain"))
        if e.get("time"):
            when += f" {e['time']}"
        tip = f"{desc} — {when}" + (f" ({mod_label})" if mod_label else "")
        if e.get("description_en"):
            tip += f"\n{e['description_en']}"
        attrs = f'class="tl-entry tl-{escape(mod)}" data-id="{escape(str(e.get("id", "")))}"'
        out.append(f'<a href="{escape(link)}" {attrs}>' if link else f"<g {attrs}>")
        out.append(f"<title>{escape(tip)}</title>")
        bg = "#f8fafc" if i % 2 == 0 else "#ffffff"
        out.append(f'<rect x="0" y="{y}" width="{width}" height="{row_h}" fill="{bg}" class="tl-row"/>')
        tx = width - pad
        badge = ""
        if planned:
            badge = f" · {mod_label}"
        elif mod in ("denied", "refused", "cancelled", "postponed"):
            badge = f" · {mod_label}"
        out.append(
            f'<text x="{tx}" y="{y + 19}" font-size="15" fill="#0f172a" text-anchor="start">'
            f"{escape(_clip(desc, 52))}</text>"
            f'<text x="{tx}" y="{y + 37}" font-size="12" fill="{colour}" text-anchor="start">'
            f"{escape(when + badge)}</text>"
        )
        cy = y + row_h / 2
        if lo is None:
            out.append(
                f'<line x1="{plot_l}" y1="{cy}" x2="{plot_r}" y2="{cy}" stroke="#cbd5e1" stroke-dasharray="2 5"/>'
            )
        elif hi is None or hi == lo:
            cx = (x(lo) + xr(lo)) / 2
            if planned:
                out.append(f'<circle cx="{cx:.1f}" cy="{cy}" r="8" fill="#fff" stroke="{colour}" stroke-width="3" '
                           'stroke-dasharray="4 3"/>')
            else:
                out.append(f'<circle cx="{cx:.1f}" cy="{cy}" r="8" fill="{colour}"/>')
        else:
            x1, x2 = xr(hi), x(lo)
            w = max(10.0, x2 - x1)
            fill = "url(#hatch)" if planned else colour
            op = "1" if planned else "0.35"
            dash = ' stroke-dasharray="5 3"' if planned or e.get("certainty") in ("inferred", "partial") else ""
            out.append(f'<rect x="{x1:.1f}" y="{cy - 8}" width="{w:.1f}" height="16" rx="8" fill="{fill}" '
                       f'fill-opacity="{op}" stroke="{colour}" stroke-width="2"{dash}/>')
        if lo is not None and dated and (hi < dmin or lo > dmax):
            ax = plot_r + 2 if hi < dmin else plot_l - 2
            out.append(f'<text x="{ax:.1f}" y="{cy + 5}" font-size="15" fill="{colour}" text-anchor="middle" '
                       f'class="tl-off">{"»" if hi < dmin else "«"}</text>')
        if e.get("conflicts"):
            out.append(f'<g class="tl-conflict"><circle cx="{plot_r + 24}" cy="{cy}" r="8" fill="#dc2626"/>'
                       f'<text x="{plot_r + 24}" y="{cy + 4}" font-size="12" fill="#fff" text-anchor="middle" '
                       'font-weight="bold">!</text></g>')
        out.append("</a>" if link else "</g>")
        y += row_h
    if not rows:
        out.append(f'<text x="{width / 2}" y="{top + 24}" font-size="14" fill="#64748b" text-anchor="middle">'
                   "لا أحداث مؤرخة بعد — no dated events yet</text>")
    out.append("</svg>")
    return Markup("".join(out))


CALLS = {"phone_call", "call"}
EDGE_COLOURS = {"call": "#0e7490", "meet": "#1d4ed8", "both": "#7c3aed"}


def graph_svg(
    graph: dict[str, Any],
    href: Callable[[dict[str, Any]], str | None],
    *,
    width: int = 640,
    height: int = 470,
    max_nodes: int = 12,
) -> Markup:
    """Who met or called whom: people and countries on a ring, one line per pair.  Blue
    for meetings and visits, teal for calls, violet for both; solid when it happened,
    dashed when it was only scheduled or expected; thicker for more reports."""
    nodes = graph.get("nodes", [])[:max_nodes]
    keep = {n["id"] for n in nodes}
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for e in graph.get("edges", []):
        if e["source"] not in keep or e["target"] not in keep:
            continue
        k = (e["source"], e["target"])
        p = pairs.setdefault(k, {"types": {}, "happened": False, "count": 0, "dates": [], "first": e})
        label = (e.get("type_label") or {}).get("ar") or e.get("type", "")
        if e.get("modality") != "happened":
            label += f" ({MODALITY_AR.get(e.get('modality') or '', e.get('modality') or '')})"
        p["types"][label] = p["types"].get(label, 0) + e.get("count", 1)
        p["happened"] |= e.get("modality") == "happened"
        p["count"] += e.get("count", 1)
        p["dates"] += [d for d in e.get("dates") or [] if d not in p["dates"]]
        kinds = p.setdefault("kinds", set())
        kinds.add("call" if e.get("type") in CALLS else "meet")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph-svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" '
        'font-family="\'Noto Naskh Arabic\',\'Noto Sans Arabic\',\'Amiri\',\'Segoe UI\',Tahoma,\'DejaVu Sans\',sans-serif">',
        "<title>من التقى أو اتصل بمن — who met or called whom</title>",
    ]
    if not nodes:
        out.append(f'<text x="{width / 2}" y="{height / 2}" font-size="14" fill="#64748b" text-anchor="middle">'
                   "لا لقاءات أو اتصالات — no meetings or calls</text></svg>")
        return Markup("".join(out))
    cx, cy = width / 2, height / 2
    rx, ry = width / 2 - 165, height / 2 - 60
    pos: dict[str, tuple[float, float, float]] = {}
    if len(nodes) == 2:
        pos[nodes[0]["id"]] = (width - 170, cy, 0.0)
        pos[nodes[1]["id"]] = (170, cy, math.pi)
    else:
        for i, n in enumerate(nodes):
            a = -math.pi / 2 + 2 * math.pi * i / len(nodes)
            pos[n["id"]] = (cx + rx * math.cos(a), cy + ry * math.sin(a), a)
    hubs = []
    for h in graph.get("gatherings", []):
        members = [m for m in h["members"] if m in pos]
        if len(members) >= 2:
            hubs.append((h, members))
    hubs = hubs[:6]
    show_labels = len(pairs) <= 6
    for (a, b), p in sorted(pairs.items(), key=lambda kv: kv[1]["count"]):
        x1, y1, _ = pos[a]
        x2, y2, _ = pos[b]
        kinds = p["kinds"]
        colour = EDGE_COLOURS["both" if len(kinds) > 1 else next(iter(kinds))]
        dash = "" if p["happened"] else ' stroke-dasharray="7 5"'
        w = 1.5 + min(p["count"], 6) * 0.7
        label = "، ".join(f"{t}" + (f" ({c})" if c > 1 else "") for t, c in p["types"].items())
        link = href(p["first"])
        tip = f"{label} — {', '.join(p['dates'][:6])}"
        out.append(f'<a href="{escape(link)}" class="g-edge">' if link else '<g class="g-edge">')
        out.append(f"<title>{escape(tip)}</title>")
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                   f'stroke-width="{w:.1f}" stroke-opacity="0.75"{dash}/>')
        if show_labels:
            out.append(f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 6:.1f}" font-size="13" fill="{colour}" '
                       f'text-anchor="middle" paint-order="stroke" stroke="#fff" stroke-width="4">'
                       f"{escape(_clip(label, 40))}</text>")
        out.append("</a>" if link else "</g>")
    for i, (h, members) in enumerate(hubs):
        hx = sum(pos[m][0] for m in members) / len(members)
        hy = sum(pos[m][1] for m in members) / len(members)
        hx, hy = cx + (hx - cx) * 0.5 + (i % 3 - 1) * 46, cy + (hy - cy) * 0.5 + (i // 3) * 40 - 20
        colour = EDGE_COLOURS["call" if h.get("type") in CALLS else "meet"]
        planned = h.get("modality") != "happened"
        dash = ' stroke-dasharray="7 5"' if planned else ""
        label = (h.get("type_label") or {}).get("ar") or h.get("type", "")
        if planned:
            label += f" ({MODALITY_AR.get(h.get('modality') or '', h.get('modality') or '')})"
        if h.get("count", 1) > 1:
            label += f" ({h['count']})"
        link = href(h)
        out.append(f'<a href="{escape(link)}" class="g-hub">' if link else '<g class="g-hub">')
        out.append(f"<title>{escape(label)} — {escape(', '.join(h.get('dates') or []))}</title>")
        for m in members:
            out.append(f'<line x1="{hx:.1f}" y1="{hy:.1f}" x2="{pos[m][0]:.1f}" y2="{pos[m][1]:.1f}" '
                       f'stroke="{colour}" stroke-width="1.6" stroke-opacity="0.55"{dash}/>')
        tw = 14 + 8 * len(_clip(label, 22))
        out.append(f'<rect x="{hx - tw / 2:.1f}" y="{hy - 13:.1f}" width="{tw:.1f}" height="24" rx="12" '
                   f'fill="#fff" stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{hx:.1f}" y="{hy + 4:.1f}" font-size="12" fill="{colour}" text-anchor="middle">'
                   f"{escape(_clip(label, 22))}</text>")
        out.append("</a>" if link else "</g>")
    for n in nodes:
        x, y, ang = pos[n["id"]]
        link = href({"node": n})
        out.append(f'<a href="{escape(link)}" class="g-node">' if link else '<g class="g-node">')
        out.append(f"<title>{escape(n.get('label') or '')} {escape(n.get('label_en') or '')}</title>")
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="#e0e7ff" stroke="#3730a3" stroke-width="2"/>')
        # the name sits outside the ring, away from the lines
        ux, uy = math.cos(ang), math.sin(ang)
        lx, ly = x + ux * 16, y + uy * 16 + 5
        anchor = "start" if ux > 0.3 else ("end" if ux < -0.3 else "middle")
        if anchor == "middle":
            ly = y + (22 if uy > 0 else -12)
        out.append(f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="14" fill="#0f172a" text-anchor="{anchor}" '
                   f'direction="ltr" paint-order="stroke" stroke="#fff" stroke-width="4">'
                   f'{escape(_clip(n.get("label") or "", 24))}</text>')
        if n.get("label_en"):
            out.append(f'<text x="{lx:.1f}" y="{ly + 15:.1f}" font-size="11" fill="#64748b" text-anchor="{anchor}" '
                       f'direction="ltr">{escape(_clip(n["label_en"], 28))}</text>')
        out.append("</a>" if link else "</g>")
    out.append("</svg>")
    return Markup("".join(out))


MODALITY_AR = {"happened": "وقع", "scheduled": "مقرر", "expected": "متوقع", "hypothetical": "افتراضي",
               "denied": "منفي", "refused": "مرفوض", "cancelled": "أُلغي", "postponed": "أُجّل"}
