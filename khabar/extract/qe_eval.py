"""Scoring quotes and events against hand-made gold (JSON Lines).

A gold line names a document: ``"doc"`` is a path relative to the gold file, or
``"shared:corpus/seeds/NAME.txt"`` for the read-only reference material beside the
checkout (never copied into the project).  ``"ref"`` is the reference date the
annotators resolve relative expressions against.

Quotes: ``{"doc", "ref", "at": offset inside the quote | "starts": its opening words (own
texts only), "speaker": {"ids": [...], "names": [...]}, "via": {...} | null, "kind"}``.
Events: ``{"doc", "ref", "type", "participants": [{"ids", "names"}, ...], "date",
"place": {"ids", "names"}, "modality"}``.  A line ``{"doc", "complete": true, "kind":
"quotes"|"events"}`` says every item of that document is listed, so precision is
measured there too.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from khabar.extract.registry import Context, pipeline, run_pipeline
from khabar.model import Article
from khabar.text.normalize import normalize


def _resolve(doc: str, gold: Path, shared: Path | None) -> Path:
    if doc.startswith("shared:"):
        base = shared or (Path(os.environ["KHABAR_SHARED"]) if os.environ.get("KHABAR_SHARED") else None)
        if base is None:
            for parent in gold.resolve().parents:
                if (parent / "shared").is_dir():
                    base = parent / "shared"
                    break
        if base is None:
            raise ValueError(f"{doc}: no shared folder found (use --shared)")
        return base / doc[len("shared:") :]
    return (gold.parent / doc).resolve()


_JSONL: dict[Path, dict[str, str]] = {}


def _jsonl_text(path: Path, docno: str) -> str:
    if path not in _JSONL:
        recs: dict[str, str] = {}
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                recs[str(d.get("docno") or d.get("id"))] = d.get("text", "")
        _JSONL[path] = recs
    if docno not in _JSONL[path]:
        raise ValueError(f"{path}: no record {docno!r}")
    return _JSONL[path][docno]


def _read_gold(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: {exc}") from exc
    return rows


def matches(
    spec: dict[str, Any] | None, label: str | None, entity_id: str | None, doc_ids: dict[str, set[str]] | None = None
) -> bool:
    """Does a predicted (label, entity id) fit a gold {"ids": [...], "names": [...]}?

    ``doc_ids`` maps a normalised mention text of the document to the entity ids the
    mention layer gave it, so a speaker written as a description ('مؤسس الشركة') but
    linked to the right person counts."""
    if not spec:
        return False
    if entity_id and entity_id in spec.get("ids", ()):
        return True
    if entity_id and doc_ids:
        for n in spec.get("names", ()):
            nn = normalize(n)
            if any(nn in k and entity_id in ids for k, ids in doc_ids.items()):
                return True
    lab = normalize(label or "")
    return bool(lab) and any(normalize(n) and normalize(n) in lab for n in spec.get("names", ()))


def _mention_ids(text: str, got: dict[str, list[Any]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in got.get("mentions", []):
        if m.entity_id:
            out.setdefault(normalize(text[m.start : m.end]), set()).add(m.entity_id)
    return out


def _date_ok(gold: str, tv: Any) -> bool:
    if tv is None:
        return False
    val = tv.value or ""
    if val.startswith(gold):
        return True
    return bool(tv.earliest and tv.latest and tv.earliest[: len(gold)] == gold == tv.latest[: len(gold)])


def evaluate(kind: str, gold_path: Path, *, shared: Path | None = None) -> dict[str, Any]:
    """Run the annotator pipeline on every gold document and score ``kind`` ('quotes'|'events')."""
    rows = _read_gold(gold_path)
    anns = pipeline()
    cache: dict[tuple[str, str | None], tuple[str, dict[str, list[Any]]]] = {}

    def layers(doc: str, ref: str | None, docno: str | None = None) -> tuple[str, dict[str, list[Any]]]:
        key = (doc + "#" + (docno or ""), ref)
        if key not in cache:
            path = _resolve(doc, gold_path, shared)
            if docno:  # one record of a JSON Lines corpus: its 'text' field
                text = _jsonl_text(path, docno)
            else:
                text = path.read_text(encoding="utf-8")
            got, _errs = run_pipeline(Article(id=docno or path.stem, text=text), anns, Context(ref=ref))
            cache[key] = (text, got)
        return cache[key]

    complete = {
        (r["doc"], r.get("docno")): r.get("ref") for r in rows if r.get("complete") and r.get("kind", kind) == kind
    }
    items = [r for r in rows if not r.get("complete")]
    errors: list[dict[str, Any]] = []
    matched_pred: dict[str, set[int]] = {}
    if kind == "quotes":
        found = spk = via_ok = via_n = kind_ok = 0
        for g in items:
            text, got = layers(g["doc"], g.get("ref"), g.get("docno"))
            at = g.get("at")
            if at is None:
                pos = text.find(g["starts"])
                at = pos if pos >= 0 else -1
            qs = [(i, q) for i, q in enumerate(got.get("quotes", [])) if q.start <= at < q.end]
            if not qs:
                errors.append({"doc": g.get("docno") or g["doc"], "at": at, "error": "quote not found"})
                continue
            i, q = qs[0]
            matched_pred.setdefault(g["doc"] + "#" + (g.get("docno") or ""), set()).add(i)
            found += 1
            if matches(g.get("speaker"), q.speaker, q.speaker_entity_id, _mention_ids(text, got)):
                spk += 1
            else:
                errors.append({"doc": g.get("docno") or g["doc"], "at": at, "error": f"speaker {q.speaker!r} ({q.speaker_entity_id})"})
            if "via" in g:
                via_n += 1
                ok = (q.via is None) if g["via"] is None else matches(g["via"], q.via, q.via_entity_id)
                via_ok += ok
                if not ok:
                    errors.append({"doc": g.get("docno") or g["doc"], "at": at, "error": f"via {q.via!r}"})
            if g.get("kind") and g["kind"] == q.label:
                kind_ok += 1
        n = len(items)
        report: dict[str, Any] = {
            "gold": n,
            "found": found,
            "recall": round(found / n, 3) if n else None,
            "speaker_accuracy": round(spk / found, 3) if found else None,
            "speaker_correct_of_gold": round(spk / n, 3) if n else None,
            "via_accuracy": round(via_ok / via_n, 3) if via_n else None,
            "kind_agreement": round(kind_ok / found, 3) if found else None,
        }
        layer = "quotes"
    elif kind == "events":
        found = date_ok = date_n = place_ok = place_n = mod_ok = mod_n = exact_parts = 0
        for g in items:
            text, got = layers(g["doc"], g.get("ref"), g.get("docno"))
            cands = []
            for i, e in enumerate(got.get("events", [])):
                if e.label != g["type"]:
                    continue
                if all(any(matches(spec, p.label, p.entity_id) for p in e.participants) for spec in g.get("participants", [])):
                    score = (
                        bool(g.get("date")) and _date_ok(g["date"], e.time),
                        e.modality == g.get("modality", "happened"),
                        bool(g.get("place")) and matches(g.get("place"), e.place, e.place_entity_id),
                        -len(e.participants),
                    )
                    cands.append((score, i, e))
            if not cands:
                errors.append({"doc": g.get("docno") or g["doc"], "type": g["type"], "date": g.get("date"), "error": "event not found"})
                continue
            # one predicted frame answers one gold event: a frame not yet matched goes first
            taken = matched_pred.get(g["doc"] + "#" + (g.get("docno") or ""), set())
            cands.sort(key=lambda c: (c[1] not in taken, c[0]), reverse=True)
            _, i, e = cands[0]
            matched_pred.setdefault(g["doc"] + "#" + (g.get("docno") or ""), set()).add(i)
            found += 1
            if len({p.entity_id or p.label for p in e.participants}) == len(g.get("participants", [])):
                exact_parts += 1
            if g.get("date"):
                date_n += 1
                ok = _date_ok(g["date"], e.time)
                date_ok += ok
                if not ok:
                    errors.append({"doc": g.get("docno") or g["doc"], "type": g["type"], "error": f"date {e.time.value if e.time else None} != {g['date']}"})
            if g.get("place"):
                place_n += 1
                ok = matches(g["place"], e.place, e.place_entity_id)
                place_ok += ok
                if not ok:
                    errors.append({"doc": g.get("docno") or g["doc"], "type": g["type"], "error": f"place {e.place!r}"})
            mod_n += 1
            ok = e.modality == g.get("modality", "happened")
            mod_ok += ok
            if not ok:
                errors.append({"doc": g.get("docno") or g["doc"], "type": g["type"], "error": f"modality {e.modality}"})
        n = len(items)
        report = {
            "gold": n,
            "found": found,
            "recall": round(found / n, 3) if n else None,
            "participants_exact": round(exact_parts / found, 3) if found else None,
            "date_accuracy": round(date_ok / date_n, 3) if date_n else None,
            "place_accuracy": round(place_ok / place_n, 3) if place_n else None,
            "modality_accuracy": round(mod_ok / mod_n, 3) if mod_n else None,
        }
        layer = "events"
    else:
        raise ValueError(f"unknown kind {kind!r}")
    # precision on documents whose gold is complete
    tp = fp = 0
    for (doc, docno), ref in complete.items():
        _, got = layers(doc, ref, docno)
        preds = got.get(layer, [])
        hit = matched_pred.get(doc + "#" + (docno or ""), set())
        tp += len(hit)
        fp += len(preds) - len(hit)
    report["complete_docs"] = len(complete)
    report["precision_on_complete"] = round(tp / (tp + fp), 3) if complete and tp + fp else None
    report["errors"] = errors
    return report
