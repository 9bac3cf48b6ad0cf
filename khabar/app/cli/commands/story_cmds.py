"""Story commands: stories, timeline, summary, summarize, eval stories/timeline/summary."""
from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

import click

from khabar.app.cli import cli, eval_group, pass_app
from khabar.app.cli.output import dumps, emit, output_options


def _read_jsonl(path: str) -> list[dict[str, Any]]:
    out = []
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise click.ClickException(f"{path}:{n}: not JSON ({exc.msg})") from exc
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror}") from exc
    return out


@cli.command("stories")
@click.option("--top", is_flag=True, help="Only top-level stories (threads and stories outside any thread).")
@output_options
@pass_app
def stories_cmd(app: Any, top: bool, fmt: str) -> None:
    """Stories found across outlets: id, title, size, outlets, first/last date, articles.

    Example:

        khabar stories --json
    """
    rows = []
    for s in app.store.stories(top_only=top):
        rows.append({
            "id": s.id, "title": s.title, "size": s.meta.get("unique", len(s.article_ids)),
            "copies": len(s.article_ids) - s.meta.get("unique", len(s.article_ids)),
            "level": s.meta.get("level"), "parent_id": s.parent_id, "outlets": s.outlets,
            "first_date": s.first_date, "last_date": s.last_date, "articles": s.external_ids,
        })
    emit(rows, fmt, columns=["id", "level", "parent_id", "size", "first_date", "last_date", "outlets", "title"])


def _story_or_fail(app: Any, key: str) -> Any:
    s = app.store.get_story(key)
    if s is None:
        raise click.ClickException(f"no story {key!r} (see `khabar stories`)")
    return s


@cli.command("timeline")
@click.argument("story", required=False)
@output_options
@pass_app
def timeline_cmd(app: Any, story: str | None, fmt: str) -> None:
    """Dated events in order, merged across outlets, each with its citations.

    Without STORY: the whole store.

    Example:

        khabar timeline --md
        khabar timeline t-db38309179c0 --json
    """
    key = "_all"
    if story:
        key = _story_or_fail(app, story).id
    tl = app.store.get_output("timeline", key) or {"story_id": key, "entries": []}
    if fmt == "json":
        emit(tl, fmt)
        return
    if fmt == "jsonl":
        emit(tl["entries"], fmt)
        return
    rows = []
    for e in tl["entries"]:
        rows.append({
            "value": e["value"], "earliest": e["earliest"], "latest": e["latest"], "certainty": e["certainty"],
            "type": e["type"], "modality": e["modality"],
            "description": e["description_ar"] + (f" — {e['description_en']}" if e.get("description_en") else ""),
            "citations": "; ".join(f"{c.get('external_id') or c['article_id'][:10]}:{c['start']}-{c['end']}"
                                   for c in e["citations"]),
            "conflicts": ", ".join(c["field"] for c in e.get("conflicts", [])),
        })
    emit(rows, fmt, columns=["value", "earliest", "latest", "certainty", "type", "modality", "description",
                             "citations", "conflicts"], max_width=200 if fmt == "md" else 60)


@cli.command("summary")
@click.argument("key")
@output_options
@pass_app
def summary_cmd(app: Any, key: str, fmt: str) -> None:
    """The summary of a story (across outlets) or of one article (its key points), every
    sentence cited.

    Example:

        khabar summary t-db38309179c0 --md
    """
    from khabar.corpus.summary import article_summary

    st = app.store
    out = None
    story = st.get_story(key)
    if story is not None:
        out = st.get_output("summary", story.id)
    else:
        art = st.get_article(key)
        if art is None:
            raise click.ClickException(f"no story or article {key!r}")
        out = st.get_output("summary", art.id) or article_summary(art)
    out = out or {"key": key, "kind": "story", "sentences": []}
    if fmt == "json":
        emit(out, fmt)
        return
    if fmt == "md":
        for s in out["sentences"]:
            c = s["citations"][0]
            click.echo(f"- {s['text']} [{c['article_id'][:10]}:{c['start']}-{c['end']}]")
        return
    emit([{"text": s["text"], "article": s["citations"][0]["article_id"], "start": s["citations"][0]["start"],
           "end": s["citations"][0]["end"]} for s in out["sentences"]], fmt)


@cli.command("summarize")
@click.option("--jsonl", "jsonl_path", required=True, help="JSON lines with 'text' (and 'title', 'docno' or 'id').")
@click.option("--limit", type=int, default=None, help="Only the first N records.")
@click.option("--json", "fmt", flag_value="jsonl", help="One JSON object per input record, one per line.")
@click.option("--md", "fmt", flag_value="md", help="A Markdown table.")
@click.option("--table", "fmt", flag_value="table", default=True, help="A plain text table (default).")
def summarize_cmd(jsonl_path: str, limit: int | None, fmt: str) -> None:
    """Summarise each record of a JSONL file (no database needed): one line per record,
    {"id": docno/id, "summary": "..."}.

    Example:

        khabar summarize --jsonl articles.jsonl --json > summaries.jsonl
    """
    from khabar.corpus.summary import short_summary
    from khabar.model import Article

    def rows():
        for n, rec in enumerate(_iter_records(jsonl_path)):
            if limit is not None and n >= limit:
                break
            rid = rec.get("docno") or rec.get("id") or str(n)
            art = Article(id=str(rid), text=rec.get("text") or "", title=rec.get("title") or "")
            yield {"id": rid, "summary": " ".join(p.text for p in short_summary(art))}

    emit(rows(), fmt, columns=["id", "summary"])


def _iter_records(path: str):
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror}") from exc
    with fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise click.ClickException(f"{path}:{n}: not JSON ({exc.msg})") from exc


# -- evaluation --------------------------------------------------------------------
@eval_group.command("stories")
@click.option("--gold", "gold_path", required=True, help='JSON lines {"docno": ..., "story": ...}.')
@click.option("--level", type=click.Choice(["event", "thread"]), default="event", show_default=True,
              help="Compare with event stories, or with threads (top-level stories).")
@output_options
@pass_app
def eval_stories(app: Any, gold_path: str, level: str, fmt: str) -> None:
    """B-cubed precision/recall/F1 of the stories over the labelled articles in the store
    (docno matched to the article's external id).

    Example:

        khabar eval stories --gold tests/gold/stories/ant-2018-05.jsonl --json
    """
    from khabar.corpus.stories import bcubed

    gold = {str(r["docno"]): str(r["story"]) for r in _read_jsonl(gold_path) if "docno" in r and "story" in r}
    db = app.store.db
    pred: dict[str, str] = {}
    q = ("SELECT a.external_id, d.cluster_id, c.parent_id FROM articles a JOIN story_docs d ON d.article_id = a.id"
         " LEFT JOIN story_clusters c ON c.id = d.cluster_id WHERE a.external_id IS NOT NULL")
    for ext, cid, parent in db.execute(q):
        if ext in gold and cid:
            pred[ext] = (parent or cid) if level == "thread" else cid
    res = bcubed(pred, gold)
    res.update({"gold_articles": len(gold), "gold_stories": len(set(gold.values())),
                "pred_stories": len({pred[k] for k in pred}), "level": level})
    emit(res, fmt)


def _gold_events(path: str) -> list[dict[str, Any]]:
    text = Path(path).read_text(encoding="utf-8") if Path(path).exists() else None
    if text is None:
        raise click.ClickException(f"cannot read {path}")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError:
        obj = [json.loads(ln) for ln in text.splitlines() if ln.strip()]
    events = obj.get("events", []) if isinstance(obj, dict) else obj
    return [e for e in events if isinstance(e, dict) and e.get("date")]


def _doc_keys(app: Any) -> dict[str, str]:
    """article id -> file-ish keys (external id, source file name without extension)."""
    out = {}
    for r in app.store.db.execute("SELECT id, external_id, source_path FROM articles"):
        out[r[0]] = {k for k in (r[1], Path(r[2]).name if r[2] else None) if k}
    return out


def _stem(name: str) -> str:
    return Path(name).stem if "." in name else name


@eval_group.command("timeline")
@click.option("--gold", "gold_path", required=True,
              help="Gold events: a JSON file with an 'events' list (like seeds.json) or JSON lines.")
@click.option("--typed", is_flag=True, help="Also require the event type to match.")
@output_options
@pass_app
def eval_timeline(app: Any, gold_path: str, typed: bool, fmt: str) -> None:
    """Date precision/recall/F1 of the whole-store timeline against dated gold events.

    A gold event is found when an entry citing one of its documents (when it lists
    them) has its date: 'exact' when the entry's value starts with the gold date,
    'within' when the gold date lies inside the entry's [earliest, latest].

    Example:

        khabar eval timeline --gold ../shared/gold/seeds.json
    """
    gold = _gold_events(gold_path)
    tl = app.store.get_output("timeline", "_all") or {"entries": []}
    keys = _doc_keys(app)
    gold_docs = {_stem(d) for g in gold for d in g.get("docs", [])}

    def docs_of(e: dict[str, Any]) -> set[str]:
        return {_stem(k) for c in e["citations"] for k in keys.get(c["article_id"], ())}

    entries = tl["entries"]
    if gold_docs:
        entries = [e for e in entries if docs_of(e) & gold_docs]
    res: dict[str, Any] = {"gold": len(gold), "predicted": len(entries)}
    for mode in ("exact", "within"):
        matched_pred: set[str] = set()
        found = 0
        misses = []
        for g in gold:
            gd = g["date"]
            gdocs = {_stem(d) for d in g.get("docs", [])}
            hit = None
            for e in entries:
                if e["id"] in matched_pred:
                    continue
                if gdocs and not (docs_of(e) & gdocs):
                    continue
                if typed and g.get("type") and g["type"] != e["type"]:
                    continue
                ok = (e.get("value") or "").startswith(gd) if mode == "exact" else (
                    (e.get("earliest") or "0000") <= gd + "-99"[: 10 - len(gd)] and gd <= (e.get("latest") or "9999")
                    if len(gd) == 10 else (e.get("earliest") or "")[: len(gd)] <= gd <= (e.get("latest") or "9999")[: len(gd)]
                )
                if ok:
                    hit = e
                    break
            if hit is not None:
                matched_pred.add(hit["id"])
                found += 1
            else:
                misses.append(g.get("id") or gd)
        p = len(matched_pred) / len(entries) if entries else 0.0
        r = found / len(gold) if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        res[mode] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "missed": misses}
    if fmt in ("json", "jsonl"):
        emit(res, fmt)
    else:
        emit([{"mode": m, **{k: v for k, v in res[m].items() if k != "missed"}, "missed": ", ".join(res[m]["missed"])}
              for m in ("exact", "within")], fmt)


@eval_group.command("summary")
@click.option("--jsonl", "jsonl_path", required=True, help="JSON lines with 'text', 'title' and a reference field.")
@click.option("--ref-field", default="abstract", show_default=True, help="The field holding the reference summary.")
@click.option("--limit", type=int, default=None, help="Only the first N records.")
@click.option("--no-stem", is_flag=True, help="Compare normalised tokens without stripping proclitics.")
@click.option("--json", "fmt", flag_value="json", help="One JSON document.")
@click.option("--md", "fmt", flag_value="md", help="A Markdown table.")
@click.option("--table", "fmt", flag_value="table", default=True, help="A plain text table (default).")
def eval_summary(jsonl_path: str, ref_field: str, limit: int | None, no_stem: bool, fmt: str) -> None:
    """ROUGE-1/2/L F1 of our article summaries and of the lead-sentence baseline.

    Example:

        khabar eval summary --jsonl ../shared/data/summaries/bbc-dev.jsonl --ref-field abstract
    """
    from khabar.corpus.rouge import rouge_l, rouge_n
    from khabar.corpus.summary import short_summary
    from khabar.model import Article
    from khabar.text.segment import split_sentences

    stem = not no_stem
    scores: dict[str, dict[str, list[float]]] = {"ours": {}, "lead": {}}
    n = 0
    for rec in _iter_records(jsonl_path):
        if limit is not None and n >= limit:
            break
        ref = rec.get(ref_field)
        text = rec.get("text") or ""
        if not ref or not text:
            continue
        n += 1
        art = Article(id=str(rec.get("docno") or n), text=text, title=rec.get("title") or "")
        ours = " ".join(p.text for p in short_summary(art))
        sents = split_sentences(text)
        lead = sents[0].text_of(text) if sents else ""
        for name, cand in (("ours", ours), ("lead", lead)):
            d = scores[name]
            d.setdefault("rouge1", []).append(rouge_n(cand, ref, 1, stem=stem).f)
            d.setdefault("rouge2", []).append(rouge_n(cand, ref, 2, stem=stem).f)
            d.setdefault("rougeL", []).append(rouge_l(cand, ref, stem=stem).f)
    if n == 0:
        raise click.ClickException(f"no record of {jsonl_path} has both 'text' and {ref_field!r}")
    rows = [{"system": name, "n": n, **{k: round(statistics.mean(v), 4) for k, v in d.items()}}
            for name, d in scores.items()]
    if fmt == "json":
        sys.stdout.write(dumps({"n": n, "stem": stem, "systems": rows}) + "\n")
        return
    emit(rows, fmt, columns=["system", "n", "rouge1", "rouge2", "rougeL"])
