"""Disagreements between sources about one story.

Three kinds of evidence, each item citing every side:

* **Merged timeline entries** whose sources differ on a date, a place or a
  duration (kinds date / fact / number).  A value reported as expected or
  scheduled against a different value reported as happened is an expectation
  superseded by the event: listed with ``superseded: true``, not as a conflict.
* **Expectations in the text**: a duration stated in a sentence with an
  expectation cue ('من المتوقع', 'يتوقع', 'من المقرر'...) and another duration of
  the same happening (the two sentences share a content word such as 'القمة')
  stated without one: superseded, never a conflict.
* **Titles and roles** (kind title): a person named with a role word
  ('الرئيس', 'وزير', ...) marked as former ('السابق', 'الأسبق') in one place and the
  same role without the mark in another, from articles published within
  ``ROLE_WINDOW_DAYS`` of each other.  Roles come from the mentions layer
  (``Mention.role``) or the few words right before the name.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from khabar.text.normalize import normalize
from khabar.text.segment import sentence_at, split_sentences

from .doc import Doc
from .features import content_words
from .stories import doc_date

ROLE_WINDOW_DAYS = 60  # claims further apart may both be true (an office changed hands)
# counts of people: '107 قتلى', 'أكثر من 100 قتيل', '40 جريحا' (matched on normalised text)
_COUNT = re.compile(
    r"(?:(اكثر من|ما يزيد علي|نحو|حوالي|قرابه|ما لا يقل عن|اقل من)\s+)?(\d+)\s*"
    r"(قتيلا|قتيل|قتلي|جريحا|جريح|جرحي|مصابا|مصابين|مصاب)(?=\s|$|[,.;:!?])"
)
_COUNT_CLASS = {"قتيلا": "killed", "قتيل": "killed", "قتلي": "killed",
                "جريحا": "injured", "جريح": "injured", "جرحي": "injured",
                "مصابا": "injured", "مصابين": "injured", "مصاب": "injured"}
_ROLE = re.compile(r"(?:^|\s)[وبل]?(ال)?(رييس الوزراء|رييس الحكومه|رييس|وزير \S+|ملك|امير|ولي العهد|مستشار|زعيم|امين عام|الامين العام|سفير)(?=\s|$)")
_FORMER = re.compile(r"(?:^|\s)(السابق|السابقه|الاسبق|سابقا)(?=\s|$)")
# expectation cues, matched on normalised text: 'expected', 'scheduled', 'may take' (قد + an
# imperfect verb), future forms of 'last/take'
_EXPECT = re.compile(
    r"متوقع|يتوقع|توقع|من المنتظر|ينتظر|من المقرر|مقرر|مرتقب|يرتقب|يرجح|ترجيح"
    r"|(?:^|\s)قد [يت]\S+|(?:^|\s)[وف]?س[يت](?:ستمر|ستغرق|دوم)(?=\s|$)"
)
_GENERIC = {"ساعه", "ساعات", "دقيقه", "دقايق", "يوم", "ايام", "نحو", "حوالي"}


def _cit(doc: Doc, start: int, end: int) -> dict[str, Any]:
    a = doc.article
    return {"article_id": a.id, "start": start, "end": end, "external_id": a.external_id, "outlet": a.outlet}


# -- from the timeline ------------------------------------------------------------
def _from_timeline(timeline: dict[str, Any]) -> list[dict[str, Any]]:
    items = []
    for e in timeline.get("entries", []):
        for c in e.get("conflicts", []):
            field = c["field"]
            kind = {"date": "date", "duration": "number", "place": "fact"}.get(field, "fact")
            by_val: dict[str, list] = {}
            for ci in c.get("citations", []):
                by_val.setdefault(ci.get("value"), []).append({k: v for k, v in ci.items() if k != "value"})
            mods = c.get("modalities", {})
            superseded = False
            if mods:
                waiting = {v for v, m in mods.items() if set(m) <= {"scheduled", "expected", "hypothetical"}}
                done = {v for v, m in mods.items() if "happened" in m}
                superseded = bool(waiting and done and len(done) == 1)
            items.append({
                "kind": kind, "field": field,
                "what": f"{e.get('description_en') or e['type']} ({e.get('value')}): sources differ on {field}",
                "values": [{"value": v, "citations": by_val.get(v, [])} for v in c["values"]],
                "superseded": superseded, "entry_id": e["id"],
            })
    return items


# -- expectations superseded in the text -------------------------------------------
def _expectations(docs: Sequence[Doc]) -> list[dict[str, Any]]:
    items = []
    for d in docs:
        durs = [t for t in d.layers.get("times", []) or [] if getattr(t, "type", "") == "duration"]
        if len(durs) < 2:
            continue
        text = d.article.text
        sents = split_sentences(text)
        exp, done = [], []
        for t in durs:
            s = sentence_at(sents, t.start)
            if s is None:
                continue
            body = normalize(text[s.start : s.end])
            val = t.value.value if t.value is not None else normalize(text[t.start : t.end])
            words = set(content_words(text[s.start : s.end])) - _GENERIC
            (exp if _EXPECT.search(body) else done).append((val, t, s, words))
        for ve, te, _se, we in exp:
            for vd, td, _sd, wd in done:
                if ve == vd or not (we & wd):
                    continue
                items.append({
                    "kind": "number", "field": "duration",
                    "what": "an expected duration against the one reported after the event",
                    "values": [
                        {"value": ve, "modality": "expected", "citations": [_cit(d, te.start, te.end)]},
                        {"value": vd, "modality": "happened", "citations": [_cit(d, td.start, td.end)]},
                    ],
                    "superseded": True,
                })
                break
    return items


# -- roles and titles ------------------------------------------------------------------
def role_claims(doc: Doc) -> list[dict[str, Any]]:
    """(entity, role word, former?) for person mentions introduced by a role.

    The role is read from the few words right before the name (after the previous
    mention, inside the sentence): 'الرئيس الأمريكي السابق دونالد ترامب' gives
    ('رييس', former=True).  ``Mention.role`` supplies the role word when the window has
    none; the former mark is looked for in the window and right after the name."""
    text = doc.article.text
    out = []
    sents = None
    prev_end = 0
    mentions = sorted(doc.layers.get("mentions", []) or [], key=lambda m: (m.start, m.end))
    for m in mentions:
        lo_prev = prev_end
        prev_end = max(prev_end, m.end)
        if getattr(m, "label", "") != "PER" or not getattr(m, "entity_id", None):
            continue
        if sents is None:
            sents = split_sentences(text)
        s = sentence_at(sents, m.start)
        lo = max(s.start if s else 0, m.start - 60, lo_prev)
        window = text[lo : m.start]
        toks = window.split()[-4:]
        probe = normalize(" ".join(toks))
        found = list(_ROLE.finditer(probe))
        if found:
            hit = found[-1]
            role = hit.group(2).split()[0]
            tail = probe[hit.start():]
            # the original words from the role onwards
            k = len(probe[hit.start():].split())
            shown = " ".join(toks[-k:]) if k else ""
        elif m.role and _ROLE.search(" " + normalize(m.role)):
            role = _ROLE.search(" " + normalize(m.role)).group(2).split()[0]
            tail, shown = "", m.role
        else:
            continue
        if not getattr(m, "named", True):
            shown = ""  # a description such as 'الرئيس الروسي' carries its role itself
        former = bool(_FORMER.search(tail)) or bool(_FORMER.match(" " + normalize(text[m.end : m.end + 12])))
        start = m.start - len(shown) - 1 if shown and not tail == "" else m.start
        out.append({
            "entity_id": m.entity_id, "role": role, "former": former,
            "text": (shown + " " + text[m.start : m.end]).strip(),
            "citation": _cit(doc, max(lo, start), m.end),
            "date": doc_date(doc),
        })
    return out


def _close(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= ROLE_WINDOW_DAYS


def _roles_from(all_claims: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    claims: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in all_claims:
        claims.setdefault((c["entity_id"], c["role"]), []).append(c)
    items = []
    for (eid, role), cs in sorted(claims.items()):
        former = [c for c in cs if c["former"]]
        sitting = [c for c in cs if not c["former"]]
        pairs = [(f, s) for f in former for s in sitting if _close(f["date"], s["date"])]
        if not pairs:
            continue
        f_side = list({id(f): f for f, _ in pairs}.values())
        s_side = list({id(s): s for _, s in pairs}.values())
        f_dates = [c["date"] for c in f_side if c["date"]]
        s_dates = [c["date"] for c in s_side if c["date"]]
        order = ""
        if f_dates and s_dates and max(f_dates) < min(s_dates):
            order = f" (former until {max(f_dates)}, sitting from {min(s_dates)}: a change of office, or an error)"
        items.append({
            "kind": "title", "field": f"role:{eid}",
            "what": f"{eid} is called former ({role} ... السابق) in one place and sitting {role} in another" + order,
            "values": [
                {"value": f_side[0]["text"], "status": "former", "citations": [c["citation"] for c in f_side]},
                {"value": s_side[0]["text"], "status": "sitting", "citations": [c["citation"] for c in s_side[:10]]},
            ],
            "superseded": False,
        })
    return items


def counts(doc: Doc) -> list[dict[str, Any]]:
    """The article's headline count per class (its largest), e.g. killed=107."""
    from khabar.text.normalize import norm_with_map

    text = doc.article.text
    norm, index = norm_with_map(text)
    best: dict[str, dict[str, Any]] = {}
    for m in _COUNT.finditer(norm):
        cls = _COUNT_CLASS[m.group(3)]
        val = int(m.group(2))
        q = m.group(1) or ""
        bound = "more" if q in ("اكثر من", "ما يزيد علي", "ما لا يقل عن") else "less" if q == "اقل من" else (
            "about" if q else "exact")
        start, end = index[m.start()], index[m.end() - 1] + 1
        if cls not in best or val > best[cls]["value"]:
            best[cls] = {"class": cls, "value": val, "bound": bound, "citation": _cit(doc, start, end),
                         "published": doc.article.published or doc_date(doc) or ""}
    return sorted(best.values(), key=lambda c: c["class"])


def _agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    lo, hi = sorted((a, b), key=lambda c: c["value"])
    if lo["value"] == hi["value"]:
        return True
    if lo["bound"] == "more" or hi["bound"] == "less":  # 'more than 100' and 107
        return True
    return (lo["bound"] == "about" or hi["bound"] == "about") and hi["value"] <= lo["value"] * 1.1


def _counts_from(all_counts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Articles whose headline counts differ.  Counts that only rise from earlier to later
    reports are updates (superseded); anything else is a disagreement."""
    items = []
    by_cls: dict[str, list[dict[str, Any]]] = {}
    for c in all_counts:
        by_cls.setdefault(c["class"], []).append(c)
    for cls, cs in sorted(by_cls.items()):
        cs = sorted(cs, key=lambda c: (c["published"], c["value"]))
        if all(_agree(a, b) for i, a in enumerate(cs) for b in cs[i + 1 :]):
            continue
        rising = all(cs[i]["value"] <= cs[i + 1]["value"] or _agree(cs[i], cs[i + 1]) for i in range(len(cs) - 1))
        values: dict[str, list] = {}
        for c in cs:
            label = {"more": "> ", "less": "< ", "about": "~"}.get(c["bound"], "") + str(c["value"])
            values.setdefault(label, []).append(c["citation"])
        items.append({
            "kind": "number", "field": f"count:{cls}",
            "what": f"sources give different numbers {cls}" + (" (later reports raise it)" if rising else ""),
            "values": [{"value": v, "citations": cits} for v, cits in values.items()],
            "superseded": rising,
        })
    return items


def article_evidence(doc: Doc) -> dict[str, Any]:
    """What one article contributes to discrepancy finding (cacheable as JSON)."""
    return {"roles": role_claims(doc), "expect": _expectations([doc]), "counts": counts(doc)}


def find_discrepancies(story_id: str, docs: Sequence[Doc], timeline: dict[str, Any] | None = None, *,
                       by_event: bool = True) -> dict[str, Any]:
    """The contract form: {"story_id", "items": [{kind, field, what, values, superseded}]}."""
    return find_discrepancies_from(story_id, [article_evidence(d) for d in docs], timeline, by_event=by_event)


def find_discrepancies_from(story_id: str, evidence: Sequence[dict[str, Any]],
                            timeline: dict[str, Any] | None = None, *, by_event: bool = True) -> dict[str, Any]:
    """The same from cached :func:`article_evidence` of each article.  Counts (killed,
    injured) are compared only when ``by_event``: within one event story, not across a
    thread's different events."""
    items = _from_timeline(timeline or {})
    for ev in evidence:
        items += ev.get("expect", [])
    items += _roles_from([c for ev in evidence for c in ev.get("roles", [])])
    if by_event:
        items += _counts_from([c for ev in evidence for c in ev.get("counts", [])])
    return {"story_id": story_id, "items": items}
