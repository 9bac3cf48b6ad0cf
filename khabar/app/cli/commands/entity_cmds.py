"""Entity commands: ``entities``, ``ner``, ``eval ner``."""
from __future__ import annotations

import sys

import click

from khabar.app.cli import cli, eval_group, pass_app
from khabar.app.cli.output import emit, output_options


@cli.command("entities")
@click.option("--article", "article", default=None, help="Only entities mentioned in this article (id, external id or prefix).")
@click.option("--type", "type_", default=None, help="Only this type: PER, ORG, GPE, LOC, FAC.")
@click.option("--limit", type=int, default=0, help="At most this many (0 = all).")
@output_options
@pass_app
def entities_cmd(app, article, type_, limit, fmt):
    """Canonical entities: id, type, Arabic and English label, every spelling seen, roles.

    Example:

        khabar entities --type PER --json
        khabar entities --article 001_ab12 --md
    """
    store = app.store
    ents = store.entities(type=type_.upper() if type_ else None)
    if article:
        aid = store.resolve_article_id(article)
        if aid is None:
            raise click.ClickException(f"no article {article!r}")
        ents = [e for e in ents if aid in e.articles]
    ents.sort(key=lambda e: (-e.mention_count, e.id))
    if limit:
        ents = ents[:limit]
    rows = [
        {
            "id": e.id,
            "type": e.type,
            "label_ar": e.label_ar,
            "label_en": e.label_en,
            "variants": e.variants,
            "roles": e.roles,
            "mentions": e.mention_count,
            "articles": e.articles,
            "wikidata": e.wikidata,
        }
        for e in ents
    ]
    cols = ["id", "type", "label_ar", "label_en", "variants", "roles", "mentions"] if fmt in (None, "table", "md", "csv") else None
    emit(rows, fmt, columns=cols)


@cli.command("ner")
@click.option("--text", "text", default=None, help="The Arabic text to tag.")
@click.option("--file", "file_", type=click.Path(exists=True, dir_okay=False), default=None, help="Tag this UTF-8 file.")
@output_options
def ner_cmd(text, file_, fmt):
    """Mentions of people, organisations and places in a text, with entity ids and roles.

    Example:

        khabar ner --text "قال الرئيس الروسي فلاديمير بوتين في موسكو" --json
    """
    from khabar.extract.entities.annotate import find_mentions
    from khabar.extract.entities.model import ModelMissing

    if text is None and file_ is None:
        if sys.stdin.isatty():
            raise click.ClickException("give --text, --file or text on stdin")
        text = sys.stdin.read()
    if file_ is not None:
        with open(file_, encoding="utf-8") as fh:
            text = fh.read()
    try:
        ms = find_mentions(text or "")
    except ModelMissing as exc:
        raise click.ClickException(str(exc)) from exc
    rows = [
        {
            "start": m.start,
            "end": m.end,
            "type": m.label,
            "entity_id": m.entity_id,
            "text": text[m.start : m.end],
            "role": m.role,
            "affiliation": m.affiliation,
            "named": m.named,
        }
        for m in ms
    ]
    emit(rows, fmt)


@eval_group.command("ner")
@click.option("--conll", "conll", required=True, type=click.Path(exists=True, dir_okay=False), help="CoNLL/BIO file: 'token TAG' per line, blank line between sentences.")
@click.option("--map", "maps", multiple=True, help="Tag mapping SRC=DST[,SRC=DST...] onto PER/ORG/LOC (repeatable).")
@click.option("--model-only", is_flag=True, help="Tag with the CRF alone (no gazetteer override).")
@output_options
def eval_ner_cmd(conll, maps, model_only, fmt):
    """Entity-level precision, recall and F1 (exact span + type) per type and micro-averaged.

    Tags that do not map to PER/ORG/LOC (MISC, products...) are ignored on both sides.
    NewsFANE's fine classes map by default (GPE and FAC count as LOC).

    Example:

        khabar eval ner --conll dev.conll --map PERS=PER,MISC=O --json
    """
    from khabar.extract.entities.annotate import conjunction_split_off, tag_tokens
    from khabar.extract.entities.conll import evaluate, parse_map, read_conll
    from khabar.extract.entities.model import ModelMissing

    try:
        mapping = parse_map(list(maps))
        sents = read_conll(conll)
        gold = [[t for _, t in s] for s in sents]
        toks = [[w for w, _ in s] for s in sents]
        split = not conjunction_split_off(toks)  # running text: cut glued و off for the model
        pred = [tag_tokens(t, model_only=model_only, split=split) for t in toks]
    except (ValueError, OSError, ModelMissing) as exc:
        raise click.ClickException(str(exc)) from exc
    res = evaluate(gold, pred, mapping)
    if fmt in ("json", "jsonl"):
        emit({"per_type": res["per_type"], "micro": res["micro"], "sentences": len(sents), "tokens": sum(map(len, sents))}, fmt)
        return
    rows = [{"type": t, **v} for t, v in res["per_type"].items()] + [{"type": "micro", **res["micro"]}]
    emit(rows, fmt, columns=["type", "p", "r", "f1", "tp", "fp", "fn", "support"])
