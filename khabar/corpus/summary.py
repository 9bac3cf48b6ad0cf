"""Extractive summaries with a citation for every sentence.

Per article: its key points, like the bullets some outlets put on top.  The
lead sentence comes first (in news it is the summary the writer made); more
sentences follow by centrality (cosine to the article's content words, title
counted twice), a small position prior, and redundancy removal (a sentence
that shares most of its content words with one already chosen is skipped).
Lines that are not prose (site chrome, captions, one-word lines) are never
picked: a sentence needs ``MIN_WORDS`` words.

Per story: the same over the key points of all its articles (duplicates left
out), so one sentence per fact across outlets, ordered by date and position.

Nothing is rewritten: each sentence is a span of one article's text.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from khabar.model import Article
from khabar.text.segment import split_sentences

from .doc import Doc
from .features import content_words, cosine

MIN_WORDS = 6  # shorter lines are chrome, captions or datelines, not key points
LEAD_MIN_WORDS = 12  # a lead this short is followed by the next sentence in the short form
REDUNDANT = 0.6  # cosine of content words above which a sentence repeats one already chosen
MAX_WORDS_SENTENCE = 80  # longer 'sentences' are unsplit paragraphs or lists


@dataclass(slots=True)
class Pick:
    article_id: str
    start: int
    end: int
    text: str
    score: float
    position: int

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "citations": [{"article_id": self.article_id, "start": self.start, "end": self.end}],
        }


def _candidates(article: Article, limit: int = 40) -> list[Pick]:
    text = article.text
    out = []
    for _i, s in enumerate(split_sentences(text)):
        if len(out) >= limit:
            break
        body = text[s.start : s.end]
        n = len(body.split())
        if n < MIN_WORDS or n > MAX_WORDS_SENTENCE or body.lstrip().startswith(("-", "•", "*")):
            # bullet lines are the outlet's own summary: not the article's text
            continue
        out.append(Pick(article.id, s.start, s.end, body, 0.0, len(out)))
    return out


def _score(picks: list[Pick], title: str) -> list[Counter]:
    vecs = [Counter(content_words(p.text)) for p in picks]
    centre: Counter = Counter()
    for v in vecs:
        centre.update(v)
    for w in content_words(title):
        centre[w] += 2
    for p, v in zip(picks, vecs, strict=False):
        p.score = cosine(v, centre) + 0.3 / (1 + p.position)
    return vecs


def _select(picks: list[Pick], vecs: list[Counter], k: int, *, lead_first: bool) -> list[Pick]:
    order = sorted(range(len(picks)), key=lambda i: (-picks[i].score, i))
    if lead_first and picks:
        order.remove(0)
        order.insert(0, 0)
    chosen: list[int] = []
    for i in order:
        if len(chosen) >= k:
            break
        if any(cosine(vecs[i], vecs[j]) >= REDUNDANT for j in chosen):
            continue
        chosen.append(i)
    return [picks[i] for i in chosen]


def key_points(article: Article, k: int = 3) -> list[Pick]:
    """Up to ``k`` cited sentences of one article, lead first, then in text order."""
    picks = _candidates(article)
    if not picks:
        return []
    vecs = _score(picks, article.title)
    chosen = _select(picks, vecs, k, lead_first=True)
    return [chosen[0]] + sorted(chosen[1:], key=lambda p: p.position)


def short_summary(article: Article) -> list[Pick]:
    """The one-line form (a standfirst): the lead, plus the next sentence when the
    lead is too short to say what happened."""
    picks = _candidates(article, limit=4)
    if not picks:
        return []
    out = [picks[0]]
    words = len(picks[0].text.split())
    for p in picks[1:]:
        if words >= LEAD_MIN_WORDS:
            break
        out.append(p)
        words += len(p.text.split())
    return out


def article_summary(doc: Doc | Article, k: int = 3) -> dict:
    """The contract form: {"key", "kind": "article", "sentences": [{"text", "citations"}]}."""
    art = doc.article if isinstance(doc, Doc) else doc
    return {"key": art.id, "kind": "article", "sentences": [p.to_dict() for p in key_points(art, k)]}


def points_of(doc: Doc, k: int = 3) -> list[dict]:
    """An article's key points as plain dicts (cacheable): text, offsets, rank, date."""
    date = _date_key(doc)
    return [
        {"article_id": p.article_id, "start": p.start, "end": p.end, "text": p.text, "rank": rank, "date": date,
         "words": content_words(p.text)}
        for rank, p in enumerate(key_points(doc.article, k))
    ]


def story_summary(story_id: str, docs: Sequence[Doc], k: int = 5, *, skip: set[str] | None = None) -> dict:
    """Key points across the articles of a story, without repeating a fact.

    ``skip``: article ids left out (near-duplicates of another article).
    """
    skip = skip or set()
    points = [p for d in docs if d.id not in skip for p in points_of(d)]
    return story_summary_from(story_id, points, k)


def story_summary_from(story_id: str, points: Sequence[dict], k: int = 5) -> dict:
    """The story summary from the articles' cached key points (see :func:`points_of`)."""
    picks = [Pick(p["article_id"], p["start"], p["end"], p["text"], 0.0, p["rank"]) for p in points]
    dates = {p["article_id"]: p.get("date") or "" for p in points}
    if not picks:
        return {"key": story_id, "kind": "story", "sentences": []}
    vecs = [Counter(p["words"] if "words" in p else content_words(p["text"])) for p in points]
    centre: Counter = Counter()
    for v in vecs:
        centre.update(v)
    norm_c = math.sqrt(sum(x * x for x in centre.values())) or 1.0
    for p, v in zip(picks, vecs, strict=False):
        # central facts first; an article's lead is its own summary
        norm_v = math.sqrt(sum(x * x for x in v.values())) or 1.0
        p.score = sum(x * centre[w] for w, x in v.items()) / (norm_v * norm_c) + 0.2 / (1 + p.position)
    chosen = _select(picks, vecs, k, lead_first=False)
    chosen.sort(key=lambda p: (dates.get(p.article_id, ""), p.article_id, p.start))
    return {"key": story_id, "kind": "story", "sentences": [p.to_dict() for p in chosen]}


def _date_key(doc: Doc) -> str:
    if doc.pubdate is not None and doc.pubdate.value is not None:
        v = doc.pubdate.value
        return v.earliest or v.value or ""
    return (doc.article.published or "")[:10]
