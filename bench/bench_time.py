"""Time tagger throughput: expressions/s found-and-normalised on one core (goal >= 20,000/s),
on the gold sentences and on ANT articles (with their own dates as reference); CPU time.

The tagger memoises small per-word lookups (which rules can start with two letters, which
words may lead to a unit), so a fresh process is slower on its first few hundred articles.
``ant_expr_per_s`` is that cold figure (the first 400 articles right after start-up);
``ant_warm_expr_per_s`` is the steady state of a long run: the next 400 articles, timed right
after those (other texts: nothing is seen twice).  ``mix_expr_per_s`` (gold + cold ANT) is the
figure earlier rounds reported.  ``gold_expr_per_s`` is five passes over the gold sentences
from start-up; ``gold_first_expr_per_s`` the first of them, ``gold_warm_expr_per_s`` the other
four (by then most words have their gates).  ``build`` says what ran: 'mypyc' (the compiled tagger that
``make`` builds, khabar/extract/time/compiled.py) or 'python' (KHABAR_PURE_PYTHON=1, or no build)."""
from __future__ import annotations

import email.utils
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KHABAR_SHARED", ROOT.parent / "shared"))
GOLD = ROOT / "tests" / "gold" / "time"


def _ant(limit: int = 400) -> list[tuple[str, str | None]]:
    path = SHARED / "data" / "news" / "ant-2018-05.jsonl"
    out: list[tuple[str, str | None]] = []
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            try:
                ref = email.utils.parsedate_to_datetime(rec.get("time") or "").date().isoformat()
            except (TypeError, ValueError):
                ref = None
            out.append((rec.get("text") or "", ref))
            if len(out) >= limit:
                break
    return out


def _time(items: list[tuple[str, str | None]], repeat: int) -> tuple[int, int, float]:
    from khabar.extract.time import find_times

    n = chars = 0
    t0 = time.process_time()  # CPU time of this process: other jobs on the machine do not count
    for _ in range(repeat):
        for text, ref in items:
            n += len(find_times(text, ref))
            chars += len(text)
    return n, chars, time.process_time() - t0


def run(argv: list[str]) -> dict:
    from khabar.extract.time import compiled, find_times, prepare
    from khabar.extract.time.evaluate import load_gold

    prepare()  # load lexicons and compile the patterns, outside the timing
    find_times("وصل الوفد أمس الثلاثاء", "2025-01-01")
    gold = [(r["sentence"], r["ref"] or None) for r in load_gold(GOLD)]
    ant = _ant(800)
    ant, other = ant[:400], ant[400:]
    figures: dict = {"build": compiled.loaded or "python"}
    n1, _c1, dt1 = _time(gold, 1)  # the first pass builds the gates of the words it meets
    n4, _c4, dt4 = _time(gold, 4)
    n, dt = n1 + n4, dt1 + dt4
    figures["gold_sentences"] = len(gold)
    figures["gold_expr_per_s"] = round(n / dt)  # five passes from start-up, as earlier rounds reported
    figures["gold_first_expr_per_s"] = round(n1 / dt1)
    figures["gold_warm_expr_per_s"] = round(n4 / dt4)
    if ant:
        find_times(ant[0][0], ant[0][1])
        n2, chars2, dt2 = _time(ant, 1)
        figures["ant_articles"] = len(ant)
        figures["ant_expr_per_s"] = round(n2 / dt2)
        figures["ant_articles_per_s"] = round(len(ant) / dt2, 1)
        figures["ant_kchars_per_s"] = round(chars2 / dt2 / 1000, 1)
        figures["ant_expr_per_article"] = round(n2 / len(ant), 1)
        n += n2
        dt += dt2
    figures["mix_expr_per_s"] = round(n / dt)
    if other:
        n3, _chars3, dt3 = _time(other, 1)
        figures["ant_warm_articles"] = len(other)
        figures["ant_warm_expr_per_s"] = round(n3 / dt3)
    figures["goal_expr_per_s"] = 20000
    return figures
