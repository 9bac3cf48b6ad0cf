"""Timeline: dated events across the articles of a story, merged and cited.

Each dated Event of the ``events`` layer becomes a candidate entry cited by the
sentence that reports it.  Candidates of the same type whose dates are
compatible (their intervals overlap) and whose participants agree (the smaller
set of entity ids shares at least half of its members with the other, or one
side names nobody) are the same happening reported several times: they merge
into one entry with every citation.  The merged entry takes the date of its most
certain, most precise source (exact > inferred > partial > unknown), the union of
the participants, the most reported place, and 'happened' when any source
reports it as done (an earlier 'scheduled' or 'expected' report is superseded, not
contradicted).  Values that really differ (two places, two durations from
sources with the same modality) are kept in ``conflicts``.

Undated events are left out: a timeline never invents a date.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from khabar.text.normalize import normalize
from khabar.text.segment import sentence_at, split_sentences

from .doc import Doc

CERTAINTY_RANK = {"exact": 0, "inferred": 1, "partial": 2, "unknown": 3}
WAITING = {"scheduled", "expected", "hypothetical"}
TYPE_EN = {
    "phone_call": "Phone call",
    "meeting": "Meeting",
    "summit": "Summit",
    "negotiation": "Talks",
    "talks": "Talks",
    "visit": "Visit",
    "statement": "Statement",
    "attack": "Attack",
    "election": "Election",
    "agreement": "Agreement",
    "ceasefire": "Ceasefire",
    "press_conference": "Press conference",
}
DESC_CHARS = 220
VAGUE_DAYS = 31  # a date interval wider than this cannot tell two events apart


def _interval(tv: Any) -> tuple[str | None, str | None]:
    e, la = tv.earliest, tv.latest
    v = tv.value or ""
    if not e and len(v) >= 10 and v[:4].isdigit() and "X" not in v[:10]:
        e = v[:10]
    if not la:
        la = e
    return (e[:10] if e else None), (la[:10] if la else None)


def _trim(s: str) -> str:
    s = " ".join(s.split())
    if len(s) <= DESC_CHARS:
        return s
    cut = s.rfind(" ", 0, DESC_CHARS)
    return s[: cut if cut > 0 else DESC_CHARS] + " …"


def _participants(ev: Any, labels: dict[str, str]) -> list[dict[str, Any]]:
    out, seen = [], set()
    for p in ev.participants or []:
        key = p.entity_id or normalize(p.label)
        if key in seen:
            continue
        seen.add(key)
        out.append({"label": p.label, "label_en": labels.get(p.entity_id or "", None), "entity_id": p.entity_id})
    return out


def candidates(doc: Doc, labels: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """One raw entry per dated event of one article."""
    labels = labels or {}
    art = doc.article
    sents = None
    out = []
    for ev in doc.layers.get("events", []) or []:
        tv = ev.time
        if tv is None:
            continue
        e, la = _interval(tv)
        if e is None and la is None:
            continue
        if sents is None:
            sents = split_sentences(art.text)
        at = ev.trigger_start if ev.trigger_start is not None else ev.start
        s = sentence_at(sents, at)
        start, end = (s.start, s.end) if s else (ev.start, ev.end)
        cit = {"article_id": art.id, "start": start, "end": end,
               "external_id": art.external_id, "outlet": art.outlet}
        out.append({
            "type": ev.label or "event",
            "modality": ev.modality or "happened",
            "value": tv.value, "earliest": e, "latest": la, "grain": tv.grain,
            "certainty": tv.certainty or "exact",
            "time": _clock(tv),
            "description_ar": _trim(art.text[start:end]),
            "participants": _participants(ev, labels),
            "place": ev.place, "duration": ev.duration,
            "citations": [cit],
        })
    return out


def _clock(tv: Any) -> str | None:
    f = tv.fields or {}
    if "hour" in f:
        return f"{int(f['hour']):02d}:{int(f.get('minute', 0)):02d}" + ("Z" if (tv.value or "").endswith("Z") else "")
    return None


def _ids(c: dict[str, Any]) -> set[str]:
    return {p["entity_id"] or normalize(p["label"]) for p in c["participants"]}


def _compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Could ``a`` and ``b`` be one happening?  Same type, overlapping dates, agreeing
    participants.  A vague date (an interval of more than ``VAGUE_DAYS``, such as 'a
    Tuesday in 2025') never merges with a precise one: it could be any of several
    events.  Two-party events need both parties in common; on the same precise day, one
    shared party (or the same article) is enough."""
    if a["type"] != b["type"]:
        return False
    ae, al = a["earliest"] or "0000", a["latest"] or "9999"
    be, bl = b["earliest"] or "0000", b["latest"] or "9999"
    if ae > bl or be > al:
        return False
    wa, wb = _width(a), _width(b)
    if (wa > VAGUE_DAYS) != (wb > VAGUE_DAYS):
        return False
    pa, pb = _ids(a), _ids(b)
    if not pa or not pb:
        return True
    inter = len(pa & pb)
    if inter >= min(2, len(pa), len(pb)):
        return True
    same_day = wa == 0 and wb == 0 and ae == be
    same_article = a["citations"][0]["article_id"] == b["citations"][0]["article_id"]
    return same_day and (inter >= 1 or same_article)


def _width(c: dict[str, Any]) -> int:
    from datetime import date

    try:
        return (date.fromisoformat(c["latest"]) - date.fromisoformat(c["earliest"])).days
    except (TypeError, ValueError):
        return 10**6


def _merge(group: list[dict[str, Any]]) -> dict[str, Any]:
    group = sorted(group, key=lambda c: (CERTAINTY_RANK.get(c["certainty"], 3), _width(c),
                                         c["modality"] != "happened", c["citations"][0]["article_id"]))
    best = group[0]
    happened = [c for c in group if c["modality"] == "happened"]
    lead = happened[0] if happened else best
    entry = {k: best[k] for k in ("type", "value", "earliest", "latest", "grain", "certainty")}
    entry["modality"] = "happened" if happened else Counter(c["modality"] for c in group).most_common(1)[0][0]
    entry["time"] = next((c["time"] for c in group if c["time"]), None)
    entry["description_ar"] = lead["description_ar"]
    parts, seen = [], set()
    for c in group:
        for p in c["participants"]:
            key = p["entity_id"] or normalize(p["label"])
            if key not in seen:
                seen.add(key)
                parts.append(p)
    entry["participants"] = parts
    cits, seen_c = [], set()
    for c in group:
        for ci in c["citations"]:
            k = (ci["article_id"], ci["start"], ci["end"])
            if k not in seen_c:
                seen_c.add(k)
                cits.append(ci)
    entry["citations"] = cits
    conflicts = []
    places = [(c["place"], c) for c in group if c["place"]]
    entry["place"] = None
    if places:
        cnt = Counter(normalize(p) for p, _ in places)
        top = cnt.most_common(1)[0][0]
        entry["place"] = next(p for p, _ in places if normalize(p) == top)
        distinct = _distinct_values(_per_article(places, contained_ok=True), contained_ok=True)
        if len(distinct) > 1:
            conflicts.append({"field": "place", "values": distinct, "citations": _cits(places)})
    durs = [(c["duration"], c) for c in group if c["duration"]]
    entry["duration"] = None
    if durs:
        done = [d for d in durs if d[1]["modality"] == "happened"] or durs
        entry["duration"] = Counter(d for d, _ in done).most_common(1)[0][0]
        distinct = _distinct_values(durs)
        if len(distinct) > 1:
            conflicts.append({"field": "duration", "values": distinct, "citations": _cits(durs),
                              "modalities": {v: sorted({c["modality"] for d, c in durs if d == v}) for v in distinct}})
    # dates disagree only when two sources' intervals do not meet ('2018-05', '2018-05-14'
    # and '2018-05-14TEV' agree: they differ in precision, not in fact)
    dated = [c for c in group if c["certainty"] in ("exact", "inferred") and c["earliest"] and c["latest"]]
    apart = {id(a): a for a in dated for b in dated if a["latest"] < b["earliest"] or b["latest"] < a["earliest"]}
    if apart:
        dates = [(c["value"], c) for c in dated if id(c) in apart]
        conflicts.append({"field": "date", "values": _distinct_values(dates), "citations": _cits(dates)})
    entry["conflicts"] = conflicts
    entry["modalities"] = sorted({c["modality"] for c in group})
    entry["description_en"] = describe_en(entry)
    key = "|".join([entry["type"], entry["earliest"] or "", ",".join(sorted(seen))])
    entry["id"] = "ev-" + hashlib.blake2b(key.encode("utf-8"), digest_size=5).hexdigest()
    return entry


def _per_article(pairs: list[tuple[str, dict]], contained_ok: bool = False) -> list[tuple[str, dict]]:
    """Each article's own majority value: one article that names two places (the
    summit's and the war's) does not contradict itself, another article may."""
    by: dict[str, list[tuple[str, dict]]] = {}
    for v, c in pairs:
        by.setdefault(c["citations"][0]["article_id"], []).append((v, c))
    out = []
    for _aid, vs in sorted(by.items()):
        def support(v: str, vs: list = vs) -> int:
            nv = normalize(v)
            return sum(1 for o, _ in vs if normalize(o) == nv or (contained_ok and (nv in normalize(o) or normalize(o) in nv)))
        out.append(max(vs, key=lambda p: (support(p[0]), -vs.index(p))))
    return out


def _distinct_values(pairs: list[tuple[str, dict]], contained_ok: bool = False) -> list[str]:
    out: list[str] = []
    for v, _ in pairs:
        nv = normalize(v)
        if any(normalize(o) == nv or (contained_ok and (nv in normalize(o) or normalize(o) in nv)) for o in out):
            continue
        out.append(v)
    return out


def _cits(pairs: list[tuple[str, dict]]) -> list[dict[str, Any]]:
    return [dict(c["citations"][0], value=v) for v, c in pairs]


def describe_en(entry: dict[str, Any]) -> str:
    t = TYPE_EN.get(entry["type"], entry["type"].replace("_", " ").capitalize())
    names = [p["label_en"] for p in entry["participants"] if p.get("label_en")]
    s = t
    if len(names) >= 2:
        s += " between " + ", ".join(names[:-1]) + " and " + names[-1]
    elif names:
        s += " with " + names[0]
    if entry.get("modality") and entry["modality"] != "happened":
        s += f" ({entry['modality']})"
    return s


def build_timeline(story_id: str, docs: Sequence[Doc], *, labels: dict[str, str] | None = None) -> dict[str, Any]:
    """The contract form: {"story_id", "entries": [...]} sorted by earliest date."""
    cands: list[dict[str, Any]] = []
    for d in sorted(docs, key=lambda d: d.id):
        cands.extend(candidates(d, labels))
    return build_timeline_from(story_id, cands, labels=labels)


def build_timeline_from(story_id: str, cands: Sequence[dict[str, Any]], *,
                        labels: dict[str, str] | None = None) -> dict[str, Any]:
    """The timeline from cached candidates (see :func:`candidates`).  Pairs are only
    compared within a type and while their intervals can still overlap (a sweep over
    the earliest dates), so a long thread costs little more than its events."""
    cands = [dict(c) for c in cands]
    if labels:
        for c in cands:
            c["participants"] = [dict(p, label_en=p.get("label_en") or labels.get(p.get("entity_id") or ""))
                                 for p in c["participants"]]
    parent = list(range(len(cands)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # precise days of each group: two groups holding different precise days never merge,
    # so a month-level report cannot bridge the 9th and the 29th into one entry
    days: dict[int, set[str]] = {
        i: ({c["earliest"]} if c["earliest"] and c["earliest"] == c["latest"] else set()) for i, c in enumerate(cands)
    }

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri == rj:
            return
        if days[ri] and days[rj] and days[ri].isdisjoint(days[rj]):
            return
        parent[rj] = ri
        days[ri] = days[ri] | days[rj]

    by_type: dict[str, list[int]] = {}
    for i, c in enumerate(cands):
        by_type.setdefault(c["type"], []).append(i)
    for idx in by_type.values():
        idx.sort(key=lambda i: (cands[i]["earliest"] or "0000", i))
        for n, i in enumerate(idx):
            latest = cands[i]["latest"] or "9999"
            for j in idx[n + 1 :]:
                if (cands[j]["earliest"] or "0000") > latest:
                    break
                if find(i) != find(j) and _compatible(cands[i], cands[j]):
                    union(i, j)
    groups: dict[int, list[dict[str, Any]]] = {}
    for i, c in enumerate(cands):
        groups.setdefault(find(i), []).append(c)
    entries = [_merge(g) for g in groups.values()]
    entries.sort(key=sort_key)
    return {"story_id": story_id, "entries": entries}


def sort_key(e: dict[str, Any]) -> tuple:
    return (e.get("earliest") or "9999", e.get("latest") or "9999", e.get("time") or "", e.get("id", ""))


def merge_timelines(key: str, timelines: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Entries of several stories' timelines in one order (the whole store)."""
    seen, entries = set(), []
    for tl in timelines:
        for e in tl.get("entries", []):
            if e["id"] in seen:
                continue
            seen.add(e["id"])
            entries.append(dict(e, story_id=tl.get("story_id")))
    entries.sort(key=sort_key)
    return {"story_id": key, "entries": entries}
