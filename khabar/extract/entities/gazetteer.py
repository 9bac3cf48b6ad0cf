"""The gazetteer the package ships: people, places, organisations, titles.

Data lives in ``khabar/data/ar/gazetteer_*.tsv`` and ``ner_titles.tsv`` (hand-written,
provenance in each file's header).  Everything is matched on normalised tokens
(``khabar.text.normalize``); the first token of a phrase may carry proclitics
(وبوتين, لروسيا, بالكرملين), found through ``khabar.text.keys.match_keys``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from khabar.text.keys import match_keys
from khabar.text.lexicon import load_tsv
from khabar.text.normalize import normalize

FILES = ("gazetteer_people.tsv", "gazetteer_places.tsv", "gazetteer_orgs.tsv")
# Coverage rows, read at run time but not when the NER model is trained: trained in, names that
# NewsFANE annotates otherwise (towns that are common words, clubs under country names) teach the
# CRF to trust the gazetteer feature less (docs/ner.md, trial C1).
MORE_FILES = tuple(name.replace(".tsv", "_more.tsv") for name in FILES)


@dataclass(slots=True)
class Entry:
    """One known entity."""

    key: str  # a stable key: Wikidata id, else 'ent:TYPE:<normalised Arabic label>'
    type: str  # PER/ORG/GPE/LOC/FAC
    label_en: str
    label_ar: str
    variants: list[str]
    wikidata: str | None = None
    role: str | None = None
    affil: str | None = None  # English label of the country/body (another entry's label_en)
    kind: str | None = None
    nisba: list[str] = field(default_factory=list)


def entity_key(type_: str, text: str) -> str:
    """The contract's stable id for an entity the gazetteer does not know."""
    return f"ent:{type_}:{' '.join(normalize(text).split())}"


def _nisba_forms(stem: str) -> list[str]:
    s = normalize(stem)
    base = [s, s + "ه", s + "ون", s + "ين", s + "ان", s + "تان", s + "تين"]
    # 'كوري شمالي' -> only the head word inflects in practice; keep the phrase as given too
    return base + ["ال" + b for b in base]


@dataclass(slots=True)
class Title:
    words: tuple[str, ...]  # normalised tokens
    text: str
    role_en: str
    kind: str  # office|person|group


class Gazetteer:
    """Phrase index over the shipped lists."""

    def __init__(self, core_only: bool = False) -> None:
        self.entries: list[Entry] = []
        self.by_label_en: dict[str, Entry] = {}
        self._by_type_label: dict[tuple[str, str], Entry] = {}
        self.phrases: dict[tuple[str, ...], list[Entry]] = {}
        self.nisba: dict[str, Entry] = {}  # normalised nisba form -> country entry
        self.titles: dict[tuple[str, ...], Title] = {}
        self.title_first: set[str] = set()
        self.max_len = 1
        self.max_title = 1
        for name in FILES if core_only else FILES + MORE_FILES:
            for row in load_tsv(name):
                self._add(row)
        for row in load_tsv("ner_titles.tsv"):
            words = tuple(normalize(row["title"]).split())
            self.titles[words] = Title(words, row["title"], row.get("role_en", ""), row.get("kind", "person"))
            self.title_first.add(words[0])
            self.max_title = max(self.max_title, len(words))
        for words, t in list(self.titles.items()):
            # the construct form before a country or body: 'وزير الخارجية' -> 'وزير خارجية (قطر)',
            # 'رئيس الوزراء' -> 'رئيس وزراء (سنغافورة)' (the article drops in the genitive)
            if len(words) > 1 and t.kind == "office" and all(w.startswith("ال") for w in words[1:]) and not words[0].startswith("ال"):
                bare = (words[0], *(w[2:] for w in words[1:]))
                if bare not in self.titles:
                    written = t.text.split()
                    text = " ".join([written[0], *(w[2:] if w.startswith("ال") else w for w in written[1:])])
                    self.titles[bare] = Title(bare, text, t.role_en, t.kind)
        self.first_tokens = {p[0] for p in self.phrases}

    def _add(self, row: dict[str, str]) -> None:
        variants = [v.strip() for v in row["ar"].split("|") if v.strip()]
        if not variants:
            return
        qid = row.get("id") or None
        type_ = row["type"]
        e = self._by_type_label.get((type_, row["label_en"]))
        if e is None:
            e = Entry(
                key=qid or entity_key(type_, variants[0]),
                type=type_,
                label_en=row["label_en"],
                label_ar=variants[0],
                variants=[],
                wikidata=qid,
                role=row.get("role") or None,
                affil=row.get("affil") or None,
                kind=row.get("kind") or None,
            )
            self.entries.append(e)
            self.by_label_en.setdefault(e.label_en, e)
            self._by_type_label[(type_, e.label_en)] = e
        # else: another row for an entity already listed (a coverage row adding spellings, or a second
        # spelling written as its own row, 'كوبنهاغن' / 'كوبنهاجن'): one entity, one id
        for v in variants:
            if v not in e.variants:
                e.variants.append(v)
                self._index(v, e)
        for stem in (row.get("nisba") or "").split("|"):
            if stem.strip():
                for f in _nisba_forms(stem.strip()):
                    self.nisba.setdefault(f, e)
        for p in (row.get("plural") or "").split("|"):
            if p.strip():
                n = normalize(p.strip())
                self.nisba.setdefault(n, e)
                self.nisba.setdefault("ال" + n, e)

    def _index(self, variant: str, e: Entry) -> None:
        words = tuple(normalize(variant).split())
        lst = self.phrases.setdefault(words, [])
        if e not in lst:
            lst.append(e)
        self.max_len = max(self.max_len, len(words))

    # -- lookups ------------------------------------------------------------
    def lookup(self, phrase: str) -> list[Entry]:
        return self.phrases.get(tuple(normalize(phrase).split()), [])

    def nisba_of(self, token: str) -> Entry | None:
        for k in match_keys(token):
            e = self.nisba.get(k)
            if e is not None:
                return e
        return None

    def match(self, norm_tokens: list[str], i: int) -> tuple[int, int, list[Entry]] | None:
        """The longest phrase starting at token ``i``: (end token index, proclitic key index, entries).

        The first token may carry proclitics: its match_keys are tried, unpeeled form first.
        """
        keys = match_keys(norm_tokens[i])
        # a candidate that only drops the article ('السورية' -> 'سوريه') is another word, not the name
        first = [(ki, k) for ki, k in enumerate(keys) if k in self.first_tokens and "ال" + k not in keys]
        if not first:
            return None
        n = len(norm_tokens)
        for length in range(min(self.max_len, n - i), 0, -1):
            rest = tuple(norm_tokens[i + 1 : i + length])
            for ki, k in first:
                hit = self.phrases.get((k, *rest))
                if hit:
                    return i + length, ki, hit
        return None

    def title_at(self, norm_tokens: list[str], i: int) -> tuple[int, Title] | None:
        """The longest title starting at token ``i`` (proclitics allowed on its first word)."""
        keys = match_keys(norm_tokens[i])
        if not any(k in self.title_first for k in keys):
            return None
        n = len(norm_tokens)
        for length in range(min(self.max_title, n - i), 0, -1):
            rest = tuple(norm_tokens[i + 1 : i + length])
            for k in keys:
                t = self.titles.get((k, *rest))
                if t is not None:
                    return i + length, t
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded once."""
    return Gazetteer()


@lru_cache(maxsize=1)
def training_gazetteer() -> Gazetteer:
    """The core lists the NER model is trained with (no coverage rows)."""
    return Gazetteer(core_only=True)
