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

An event reported with no date of its own is still placed honestly: a reported
happening lies on or before the article's publication date, a scheduled or
expected one on or after it (a bare weekday counted from the publication's own
weekday); order words narrow the interval ('تلت قمة X قمة أخرى', 'بعد القمة',
'قبل الاتصال' -> after / before that dated event of the same article).  Such
entries have certainty 'partial'.  An event with neither participants nor a place
is weak: it joins an entry but never makes one on its own.  Events that did not
happen (denied, refused, hypothetical, cancelled, postponed) enter only with a date of their own; when
nothing bounds an event it is left out: a timeline never invents a date.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from khabar.extract.events import trigger_matcher
from khabar.text.keys import match_keys
from khabar.text.normalize import normalize
from khabar.text.segment import sentence_at, split_sentences, tokenize

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
TYPE_AR = {
    "phone_call": "اتصال هاتفي", "meeting": "لقاء", "negotiation": "محادثات", "visit": "زيارة",
    "statement": "تصريح", "attack": "هجوم", "election": "انتخابات", "agreement": "اتفاق", "ceasefire": "وقف لإطلاق النار",
    "invitation": "دعوة", "sanction": "عقوبات", "appointment": "تعيين", "dismissal": "إقالة", "resignation": "استقالة",
    "arrest": "اعتقال", "protest": "احتجاج",
}
DESC_CHARS = 220
SHORT_DESC = 110  # a cited sentence up to this length is the description as it is
CLAUSE_CHARS = 150
NOT_DONE = {"denied", "refused", "hypothetical", "cancelled", "postponed"}
# order words: the event named right after them came before (AFTER) or after (BEFORE) the one reported
_AFTER = {normalize(w) for w in ("بعد", "وبعد", "عقب", "وعقب", "إثر", "وإثر", "تلت", "وتلت", "تلا", "وتلا", "أعقبت", "وأعقبت", "أعقب", "وأعقب")}
_BEFORE = {normalize(w) for w in ("قبل", "وقبل", "سبقت", "وسبقت", "سبق", "وسبق")}
_AFTER_PRON = {normalize(w) for w in ("تلتها", "وتلتها", "تلاها", "وتلاها", "أعقبتها", "وأعقبتها", "بعدها", "وبعدها")}
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
    events = list(doc.layers.get("events", []) or [])
    if not events:
        return []
    sents = split_sentences(art.text)
    pub = doc.pubdate.value if doc.pubdate is not None else None
    own = [(_interval(ev.time) if ev.time is not None else (None, None)) for ev in events]
    out = []
    for n, ev in enumerate(events):
        tv = ev.time
        e, la = own[n]
        bounded_by_pub = False
        modality = ev.modality or "happened"
        certainty = (tv.certainty if tv is not None else None) or "exact"
        value, grain = (tv.value if tv is not None else None), (tv.grain if tv is not None else "day")
        if e is None and la is None:
            if modality in NOT_DONE:
                continue
            e, la = _from_pubdate(tv, modality, pub)
            after, before = _order_bounds(art.text, sents, events, own, n)
            told = tv is not None or after or before  # the text itself says something of when
            named = [p for p in ev.participants if p.entity_id]
            if not told and (ev.label == "statement" or not (len(named) >= 2 and ev.place)):
                continue  # nothing but the publication date, and too thin a frame to stand alone
            if after and (e is None or after > e):
                e = after
            if before and (la is None or before < la):
                la = before
            if e is None and la is None:
                continue
            if e and la and e > la:
                continue  # the bounds contradict each other: better no entry than a wrong one
            certainty = "partial"
            bounded_by_pub = True
            value = value or "XXXX-XX-XX"
            grain = grain if tv is not None else "day"
        at = ev.trigger_start if ev.trigger_start is not None else ev.start
        s = sentence_at(sents, at)
        start, end = (s.start, s.end) if s else (ev.start, ev.end)
        cit = {"article_id": art.id, "start": start, "end": end,
               "external_id": art.external_id, "outlet": art.outlet}
        parts = _participants(ev, labels)
        out.append({
            "type": ev.label or "event",
            "modality": modality,
            "value": value, "earliest": e, "latest": la, "grain": grain,
            "certainty": certainty,
            "time": _clock(tv) if tv is not None else None,
            "description_ar": _describe_ar(art.text, start, end, ev, parts),
            "participants": parts,
            "place": ev.place, "place_id": ev.place_entity_id, "duration": ev.duration,
            "weak": not parts and not ev.place,
            "undated": bounded_by_pub,
            "citations": [cit],
        })
    return out


def _shift(day: str | None, n: int) -> str | None:
    from datetime import date, timedelta

    if not day:
        return None
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=n)).isoformat()
    except ValueError:
        return None


def _from_pubdate(tv: Any, modality: str, pub: Any) -> tuple[str | None, str | None]:
    """Bounds of an event with no dated time of its own, from the publication date: a
    reported happening on or before it; a scheduled/expected one on or after it, on the
    stated weekday when there is one (counted from the publication's weekday)."""
    if pub is None:
        return None, None
    pe = pub.earliest[:10] if pub.earliest else None
    pl = pub.latest[:10] if pub.latest else None
    if pe is None and pl is None and pub.value and pub.value[:4].isdigit() and len(pub.value) >= 10:
        pe = pl = pub.value[:10]
    wd = (tv.fields or {}).get("weekday") if tv is not None else None
    pwd = (pub.fields or {}).get("weekday")
    if tv is not None and tv.grain == "week" and not wd:
        # 'الأسبوع الماضي' / 'الأسبوع المقبل' against the publication's week
        back = int(pwd) - 1 if pwd else None
        if modality == "happened":
            return (_shift(pe, -back - 7), _shift(pl, -back - 1)) if back is not None else (_shift(pe, -13), _shift(pl, -1))
        return (_shift(pe, 7 - back), _shift(pl, 13 - back)) if back is not None else (_shift(pe, 1), _shift(pl, 13))
    if modality == "happened":
        return None, pl
    if wd and pwd:
        d = (int(wd) - int(pwd)) % 7
        return _shift(pe, d), _shift(pl, d)
    return pe, None


def _order_bounds(text: str, sents: list, events: list, own: list, n: int) -> tuple[str | None, str | None]:
    """(earliest, latest) from order words in the sentences that report event ``n``: the
    event named right after 'بعد/عقب/تلت' (or the one before 'تلتها') is earlier, the one
    after 'قبل' later.  The other event must be of this article, dated, and told apart
    from the rest (by its trigger position, its type or its place)."""
    ev = events[n]
    spans = [(c.start, c.end) for c in ev.evidence] or [(ev.start, ev.end)]
    after: str | None = None
    before: str | None = None
    mine = ev.trigger_start
    for s0, s1 in spans:
        toks = tokenize(text[s0:s1])
        norms = [normalize(t.text) for t in toks]
        for k, w in enumerate(norms):
            kind = "after" if w in _AFTER else "before" if w in _BEFORE else "pron" if w in _AFTER_PRON else None
            if kind is None:
                continue
            if kind == "pron":
                lo, hi = s0, s0 + toks[k].start  # the event told before the pronoun
            else:
                lo, hi = s0 + toks[k].end, s0 + toks[min(k + 3, len(toks) - 1)].end
                if mine is not None and lo < mine < hi:
                    hi = mine  # 'وتلت قمة ألاسكا قمة أخرى': this event follows the named one
            if mine is not None and lo <= mine < hi:
                continue  # the order word is about this very event
            if kind != "pron" and mine is not None and not (abs(mine - (s0 + toks[k].start)) < 120):
                continue
            phrase = normalize(text[lo:hi])
            types = _types_in(text[lo:hi]) if kind != "pron" else set()
            anchors = []
            for m, other in enumerate(events):
                if m == n or (other.label != ev.label and other.label not in types):
                    continue
                oe, ol = own[m]
                if oe is None and ol is None:
                    continue
                at_pos = other.trigger_start is not None and lo <= other.trigger_start < hi
                told_here = any(c.start <= lo < c.end for c in other.evidence)
                named = bool(other.place) and normalize(other.place.split("،")[-1].strip()) in phrase
                if at_pos or named or (told_here and kind == "pron"):
                    anchors.append((at_pos or named, m))
            if not anchors:
                continue
            best = [m for strong, m in anchors if strong] or [m for _, m in anchors]
            if len(best) != 1:
                continue  # several candidates: no guess
            oe, ol = own[best[0]]
            if kind == "before":
                if oe and (before is None or oe < before):
                    before = oe
            elif ol and (after is None or ol > after):
                after = oe or ol
    return after, before


def _types_in(s: str) -> set[str]:
    m = trigger_matcher()
    out = set()
    for t in tokenize(s):
        for k in match_keys(t.text):
            for _toks, payload in m._by_first.get(k, ()):
                out.add(payload[0])
    return out


def _describe_ar(text: str, start: int, end: int, ev: Any, parts: list[dict[str, Any]]) -> str:
    """One line for the event: a short cited sentence as it is; a longer one cut to the
    event's clause (from the clause of its first participant, or from the trigger when
    nobody is named before it, to the clause of its last participant or time); a template
    ('اتصال هاتفي بين X وY في Z') when even that is long.  Never cut inside a word."""
    sent = " ".join(text[start:end].split())
    if len(sent) <= SHORT_DESC:
        return sent
    ts = ev.trigger_start if ev.trigger_start is not None and start <= ev.trigger_start < end else None
    pos = [p for p in ([ev.trigger_start, ev.trigger_end] + [q.start for q in ev.participants] + [q.end for q in ev.participants]
                       + [ev.time_start, ev.time_end]) if p is not None and start <= p <= end]
    if ts is None or not pos:
        return _template(ev, parts)
    lo = min(p for p in [ts] + [q.start for q in ev.participants if q.start is not None and start <= q.start < end])
    hi = max(pos)  # a time before them ('اليوم الأربعاء، أن ...') is left out, one after them kept
    cuts = "،,؛;:"
    if lo == ts:
        a = ts  # 'المفاوضات التي استضافتها إسطنبول': nobody before it, start at the event
    else:
        a = max((text.rfind(c, start, lo) for c in cuts), default=-1)
        a = start if a < start else a + 1
    b = min((i for i in (text.find(c, hi, end) for c in cuts) if i >= 0), default=end)
    clause = " ".join(text[a:b].split()).strip(" ،,.")
    first, _, rest = clause.partition(" ")
    if normalize(first) in ("ان", "بان", "وان") and rest:
        clause = rest  # 'قال X إن المكالمة ...': the clause, not its complementizer
    if 20 <= len(clause) <= CLAUSE_CHARS:
        return clause
    return _template(ev, parts)


def _template(ev: Any, parts: list[dict[str, Any]]) -> str:
    s = TYPE_AR.get(ev.label, ev.label)
    names = [p["label"] for p in parts]
    if len(names) >= 2:
        s += " بين " + "، ".join(names[:-1]) + " و" + names[-1]
    elif names:
        s += " مع " + names[0] if ev.label in ("phone_call", "meeting", "negotiation", "agreement") else " " + names[0]
    if ev.place:
        s += " في " + ev.place
    return s


def _clock(tv: Any) -> str | None:
    f = tv.fields or {}
    z = "Z" if (tv.value or "").endswith("Z") else ""
    if "hour" in f:
        return f"{int(f['hour']):02d}:{int(f.get('minute', 0)):02d}" + z
    v = tv.value or ""
    k = v.find("T")
    if k > 0 and v[k + 1 : k + 3].isdigit() and v[k + 3 : k + 4] == ":" and v[k + 4 : k + 6].isdigit():
        return v[k + 1 : k + 6] + z  # 'XXXX-WXX-2T10:00'
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
    if (wa > VAGUE_DAYS) != (wb > VAGUE_DAYS) and not (a.get("undated") or b.get("undated")):
        return False
    pa, pb = _ids(a), _ids(b)
    if a.get("undated") or b.get("undated"):
        # an undated mention ('قمته مع ترامب') is the dated report of the same parties in the
        # same article; across articles it would bridge different happenings
        same_article = a["citations"][0]["article_id"] == b["citations"][0]["article_id"]
        return same_article and len(pa & pb) >= 2 and a["modality"] == b["modality"]
    if wa > VAGUE_DAYS and (a["modality"] != b["modality"] or _weekdays_differ(a["value"], b["value"])):
        return False
    if wa > VAGUE_DAYS:
        # two vague reports ('on or before the 12th', 'a Tuesday'): the same only when they
        # name the same two parties (or the same one, in one place) and no other place
        if not pa or not pb or (a["place"] and b["place"] and normalize(a["place"]) != normalize(b["place"])):
            return False
        inter = len(pa & pb)
        return inter >= 2 or (inter == 1 and len(pa) == 1 == len(pb) and bool(a["place"]) and a["place"] == b["place"])
    if not pa or not pb:
        return True
    inter = len(pa & pb)
    if inter >= min(2, len(pa), len(pb)):
        return True
    same_day = wa == 0 and wb == 0 and ae == be
    same_article = a["citations"][0]["article_id"] == b["citations"][0]["article_id"]
    return same_day and (inter >= 1 or same_article)


def _weekdays_differ(a: str | None, b: str | None) -> bool:
    import re

    wa, wb = (re.match(r"XXXX-WXX-(\d)", v or "") for v in (a, b))
    return bool(wa and wb and wa.group(1) != wb.group(1))


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
        entry["place_en"] = next((c.get("place_en") for p, c in places if normalize(p) == top and c.get("place_en")), None)
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
    if entry.get("place_en"):
        s += " in " + entry["place_en"]
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
            c["place_en"] = c.get("place_en") or (labels.get(c["place_id"]) if c.get("place_id") else None)
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
    entries = [_merge(g) for g in groups.values() if not all(c.get("weak") for c in g)]
    entries.sort(key=sort_key)
    return {"story_id": story_id, "entries": entries}


def sort_key(e: dict[str, Any]) -> tuple:
    return (e.get("earliest") or e.get("latest") or "9999", e.get("latest") or "9999", e.get("time") or "", e.get("id", ""))


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
