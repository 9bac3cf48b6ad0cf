"""Score the tagger (and dateparser, on the same rows) against a time gold set.

A gold file is a TSV (tests/gold/time/*.tsv): id, phenomenon, region, ref, prefer,
sentence, expr, type, value, status, note.  A row is right for us when an expression
overlapping ``expr`` in the sentence has the expected type and value; a 'none' row is
right when nothing overlaps it.  dateparser is given the gold span itself (an easier
task than finding it) and is right when its datetime agrees with the expected value at
the expected grain; it cannot express durations, sets, intervals or partial values.
"""
from __future__ import annotations

import csv
import re
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .tagger import find_times


def load_gold(path: str | Path) -> list[dict[str, str]]:
    """Rows of one gold TSV, or of every *.tsv in a directory."""
    p = Path(path)
    files = sorted(p.glob("*.tsv")) if p.is_dir() else [p]
    rows: list[dict[str, str]] = []
    for f in files:
        with f.open(encoding="utf-8") as fh:
            lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
        for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\"):
            r = {k: (v or "") for k, v in r.items() if k}
            r["file"] = f.name
            rows.append(r)
    return rows


def check_row(row: dict[str, str]) -> tuple[bool, dict[str, Any]]:
    """Is our output right on this row?  Returns (ok, what we found)."""
    sent, expr = row["sentence"], row["expr"]
    at = sent.find(expr)
    if at < 0:
        return False, {"error": "expr not in sentence"}
    s, e = at, at + len(expr)
    found = find_times(sent, row.get("ref") or None, prefer=row.get("prefer") or "past")
    hits = [x for x in found if x.start < e and s < x.end]
    if row["type"] == "none":
        return (not hits), ({"text": sent[hits[0].start : hits[0].end], "value": hits[0].value.value if hits[0].value else None} if hits else {})
    if not hits:
        return False, {}
    best = max(hits, key=lambda x: min(e, x.end) - max(s, x.start))
    got = {"text": sent[best.start : best.end], "type": best.type, "value": best.value.value if best.value else None}
    return got["type"] == row["type"] and got["value"] == row["value"], got


def _dp_ok(row: dict[str, str]) -> bool:
    import dateparser  # type: ignore[import-untyped]

    expr, want, typ = row["expr"], row["value"], row["type"]
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "future" if row.get("prefer") == "future" else "past"}
    if row.get("ref"):
        settings["RELATIVE_BASE"] = datetime.fromisoformat(row["ref"])
    try:
        got = dateparser.parse(expr, languages=["ar"], settings=settings)
    except Exception:
        got = None
    if typ == "none":
        return got is None
    if got is None:
        return False
    if got.tzinfo is not None:
        got = got.astimezone(timezone.utc).replace(tzinfo=None)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})Z?)?", want)
    if m:
        ok = (got.year, got.month, got.day) == (int(m[1]), int(m[2]), int(m[3]))
        if m[4]:
            ok = ok and (got.hour, got.minute) == (int(m[4]), int(m[5]))
        return ok
    m = re.fullmatch(r"T(\d{2}):(\d{2})Z?", want)
    if m:
        return (got.hour, got.minute) == (int(m[1]), int(m[2]))
    m = re.fullmatch(r"(\d{4})-(\d{2})", want)
    if m:
        return (got.year, got.month) == (int(m[1]), int(m[2]))
    m = re.fullmatch(r"(\d{4})-W(\d{2})", want)
    if m:
        y, w, _ = got.isocalendar()
        return (y, w) == (int(m[1]), int(m[2]))
    m = re.fullmatch(r"(\d{4})", want)
    if m:
        return got.year == int(m[1])
    return False  # durations, sets, ranges, partial values: not expressible


def evaluate(path: str | Path, *, dateparser: bool = True) -> dict[str, Any]:
    """Scores on a gold set: overall, per phenomenon family, the failures, dateparser beside."""
    rows = load_gold(path)
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # ours ok, dateparser ok, n
    failures: list[dict[str, Any]] = []
    xfail_fixed: list[str] = []
    ours = dp = n = 0
    t0 = time.perf_counter()
    for r in rows:
        ok, got = check_row(r)
        fam = r["phenomenon"].split(".")[0]
        d_ok = _dp_ok(r) if dateparser else False
        per[fam][2] += 1
        n += 1
        if ok:
            ours += 1
            per[fam][0] += 1
            if r.get("status") == "xfail":
                xfail_fixed.append(r["id"])
        elif r.get("status") != "xfail":
            failures.append({"id": r["id"], "expr": r["expr"], "ref": r.get("ref"), "want": f"{r['type']} {r['value']}",
                             "got": f"{got.get('type', '')} {got.get('value', '')} ({got.get('text', '')})"})
        if d_ok:
            dp += 1
            per[fam][1] += 1
    xfails = sum(1 for r in rows if r.get("status") == "xfail")
    return {
        "gold": str(path),
        "rows": n,
        "xfail_rows": xfails,
        "ours": round(ours / n, 4) if n else 0.0,
        "dateparser": round(dp / n, 4) if (n and dateparser) else None,
        "ours_correct": ours,
        "dateparser_correct": dp if dateparser else None,
        "per_phenomenon": {k: {"n": v[2], "ours": round(v[0] / v[2], 3), "dateparser": round(v[1] / v[2], 3)}
                           for k, v in sorted(per.items())},
        "failures": failures,
        "xfail_now_passing": xfail_fixed,
        "seconds": round(time.perf_counter() - t0, 2),
    }
