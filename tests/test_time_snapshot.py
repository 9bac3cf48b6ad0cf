"""The tagger's whole output on our own texts, frozen: a speed change must not change a
single span, value or rule.  Texts: every gold sentence (with its reference, with none, and
preferring the future) and the gold sentences joined eight at a time (long texts: the
numpy normalisation path, zones that merge).  After a deliberate change of behaviour,
rewrite the snapshot with ``KHABAR_UPDATE_TIME_SNAPSHOT=1 pytest tests/test_time_snapshot.py``
and read its diff before committing it."""
from __future__ import annotations

import json
import os
from pathlib import Path

from khabar.extract.time import find_times
from khabar.extract.time.evaluate import load_gold

GOLD = Path(__file__).parent / "gold" / "time"
SNAP = GOLD / "snapshot" / "outputs.jsonl"


def cases(rows: list[dict[str, str]]) -> list[dict]:
    out = []
    for r in rows:
        out.append({"ids": [r["id"]], "ref": r["ref"] or None, "prefer": r["prefer"] or "past"})
        out.append({"ids": [r["id"]], "ref": None, "prefer": "past"})
        out.append({"ids": [r["id"]], "ref": r["ref"] or "2020-02-29", "prefer": "future"})
    for k in range(0, len(rows), 8):
        group = rows[k : k + 8]
        out.append({"ids": [r["id"] for r in group], "ref": group[0]["ref"] or None, "prefer": "past"})
    return out


def run(case: dict, sentences: dict[str, str], tagger=find_times) -> list[list]:
    text = " ".join(sentences[i] for i in case["ids"])
    out = []
    for e in tagger(text, case["ref"], prefer=case["prefer"]):
        v = e.value
        out.append([e.start, e.end, e.type, e.label, e.source, e.rule, e.anchor,
                    v.value, v.earliest, v.latest, v.grain, v.mod, v.certainty, v.fields])
    return out


def write(path: Path, tagger=find_times) -> None:
    rows = load_gold(GOLD)
    sentences = {r["id"]: r["sentence"] for r in rows}
    with path.open("w", encoding="utf-8") as fh:
        for case in cases(rows):
            fh.write(json.dumps({**case, "out": run(case, sentences, tagger)}, ensure_ascii=False, sort_keys=True) + "\n")


def test_output_matches_snapshot():
    if os.environ.get("KHABAR_UPDATE_TIME_SNAPSHOT"):
        write(SNAP)
    sentences = {r["id"]: r["sentence"] for r in load_gold(GOLD)}
    bad = []
    n = 0
    with SNAP.open(encoding="utf-8") as fh:
        for line in fh:
            case = json.loads(line)
            if not all(i in sentences for i in case["ids"]):
                continue  # a row removed from the gold set
            n += 1
            got = json.loads(json.dumps(run(case, sentences), ensure_ascii=False, sort_keys=True))
            if got != case["out"]:
                bad.append((case["ids"], case["ref"], case["prefer"], case["out"], got))
    assert n >= 2000
    assert not bad, f"{len(bad)} texts changed, first: {bad[0]}"
