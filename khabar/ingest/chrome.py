"""Our own site-chrome filter for scraped Arabic news text (plain-text pages).

Wording is data: ``chrome_patterns.tsv`` holds ordered rules (most specific first)
saying which lines are players, badges, photo credits, related links, comment
forms, cookie notices, lists, or metadata lines.  Structure is code, here: the
title (first content line), a dateline (a lone short place line before the body),
the outlet's leading bullet summary, and a whole related article glued after a
lone 'إقرأ أيضاً:' line, which comes back as its own record.

``clean_text(raw)`` returns a ``Cleaned`` record: body lines, title, metadata, the
related articles, and every removed line with the rule that removed it.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from khabar.text.normalize import normalize, normalize_digits

PATTERNS = Path(__file__).with_name("chrome_patterns.tsv")

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_END_PUNCT = re.compile(r"[\s.:;,!?…\-–—|«»\"“”'()\[\]\u061f\u060c\u061b]+$")
_FINAL_STOP = re.compile(r"[.!?\u061f…:»\"”)]\s*$")
_BULLET = re.compile(r"^[-•*▪●◦‣–]\s+\S")
_JOINER = re.compile(r"^[\u060c,\u061b;.]")
_WORD = re.compile(r"\S+")
SHORT = 12  # metadata and credit rules only touch lines of at most this many words


@dataclass(slots=True, frozen=True)
class Rule:
    action: str
    kind: str
    pattern: str
    note: str
    rx: re.Pattern[str] | None = None


@dataclass(slots=True)
class Removed:
    line: int  # 1-based line number in the raw text
    text: str
    action: str  # the rule's action, or 'title' / 'dateline' / 'summary' / 'tail-list' / 'related'
    note: str = ""


@dataclass(slots=True)
class Related:
    """A whole article glued after 'إقرأ أيضاً:' on the same page."""

    title: str
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(slots=True)
class Cleaned:
    lines: list[str] = field(default_factory=list)  # body paragraphs
    title: str = ""
    summary: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    outlet: str | None = None
    dateline: str | None = None
    published_text: str | None = None  # the value of a publication-date line, as written
    url: str | None = None  # a lone URL line (the page's address, as scraped)
    related: list[Related] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@lru_cache(maxsize=1)
def load_rules(path: str | None = None) -> tuple[Rule, ...]:
    """The ordered rules of ``chrome_patterns.tsv`` (compiled; patterns normalised)."""
    p = Path(path) if path else PATTERNS
    with p.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    rules = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        action, kind, pattern = row["action"].strip(), row["kind"].strip(), row["pattern"].strip()
        note = (row.get("note") or "").strip()
        if kind == "regex":
            rules.append(Rule(action, kind, pattern, note, re.compile(normalize(pattern, lower=False), re.IGNORECASE)))
        elif kind in ("line", "prefix"):
            rules.append(Rule(action, kind, _key(pattern), note))
        else:
            raise ValueError(f"{p.name}: unknown kind {kind!r} for pattern {pattern!r}")
    return tuple(rules)


def _key(line: str) -> str:
    """Normalised form of a line for matching: spaces squashed, end punctuation gone."""
    return _END_PUNCT.sub("", _SPACES.sub(" ", normalize(line)).strip())


def tidy(line: str) -> str:
    """A raw line with its spaces squashed and trimmed (the form kept in the text)."""
    return _SPACES.sub(" ", line).strip()


def words(line: str) -> int:
    return len(_WORD.findall(line))


def is_prose(line: str) -> bool:
    """A body sentence rather than a label, button or list item."""
    n = words(line)
    return n >= 15 or (n >= 8 and bool(_FINAL_STOP.search(line)))


def match(line: str, rules: tuple[Rule, ...] | None = None) -> Rule | None:
    """The first rule that applies to ``line`` (already tidied), or None."""
    rules = rules if rules is not None else load_rules()
    norm = _SPACES.sub(" ", normalize(line)).strip()
    key = _END_PUNCT.sub("", norm)
    n = None
    for r in rules:
        if r.kind == "line":
            hit = key == r.pattern
        elif r.kind == "prefix":
            hit = key.startswith(r.pattern)
        else:
            hit = r.rx.search(norm) is not None  # type: ignore[union-attr]
        if not hit:
            continue
        if r.action.startswith("meta:") and r.action != "meta:keywords" or r.action == "credit":
            n = words(line) if n is None else n
            if n > SHORT or (r.action == "credit" and line.rstrip().endswith((".", "!", "?", "\u061f"))):
                continue
        return r
    return None


def _after_colon(line: str) -> str:
    return line.split(":", 1)[1].strip() if ":" in line else ""


_COPY = re.compile(
    r"(جميع\s+)?(ال)?حقوق\s+(النشر\s+|الطبع\s+)?محفوظة(\s+ل)?|©|\(c\)|copyright|all rights reserved|\b\d{4}\b|[.|—–\-:]",
    re.IGNORECASE,
)


def outlet_from(line: str) -> str | None:
    """The outlet named in 'المصدر: X' or a copyright line, if it is a short name."""
    val = _after_colon(line) if not re.search(r"©|\(c\)|حقوق", line, re.IGNORECASE) else _COPY.sub(" ", line)
    val = tidy(_COPY.sub(" ", val) if val else "")
    return val if val and words(val) <= 5 else None


_URL_LINE = re.compile(r"^(?:المصدر\s*:\s*|الرابط\s*:\s*|source\s*:\s*)?https?://\S+$", re.IGNORECASE)
_GLUED_DATELINE = re.compile(r"^([\u0621-\u064a]{3,}(?: [\u0621-\u064a]{2,})?)\s*[-–—]\s+\S")
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


def _lone_date(line: str) -> bool:
    """A short line that is nothing but a date ('الأربعاء 20 أغسطس 2025 - 10:15 ص')."""
    norm = normalize_digits(line)
    if words(norm) > 10 or not _YEAR.search(norm) or norm.rstrip().endswith("."):
        return False
    letters = re.sub(r"[\d\s/:.,،\-–—|()]+", " ", norm).split()
    if len(letters) > 5:
        return False
    return parse_published(line) is not None


def _dateline(line: str) -> bool:
    return words(line) <= 3 and all(ch.isalpha() or ch in " -'" for ch in line) and not _FINAL_STOP.search(line)


def _headline_like(line: str) -> bool:
    return words(line) <= 20 and not line.rstrip().endswith((".", "!", "»", '"', "”", ":"))


def _read_also(out: Cleaned, items: list[tuple[int, str]], pos: int, rules: tuple[Rule, ...],
               skip: set[int]) -> Related | None:
    """After a lone 'read also' at ``items[pos]``: one headline followed by an article's first
    sentence (not a continuing 'و...' / '،') starts a related article; a list of headlines
    are links, removed, and the main article goes on after them."""
    k = pos + 1
    while k < len(items) and k - pos <= 12 and match(items[k][1], rules) is None and _headline_like(items[k][1]):
        k += 1
    run = items[pos + 1 : k]
    nxt = items[k][1] if k < len(items) else ""
    if len(run) == 1 and nxt and is_prose(nxt) and not re.match(r"^(و|،|,)", nxt):
        i, head = run[0]
        skip.add(i)
        out.removed.append(Removed(i, head, "related", "title of a related article"))
        return Related(title=head, lines=[])
    for i, head in run:
        skip.add(i)
        out.removed.append(Removed(i, head, "link", "headline listed under 'read also'"))
    return None


def clean_text(raw: str, *, title: str | None = None, body_only: bool = False) -> Cleaned:
    """Split scraped page text into body, metadata, related articles and removed chrome.

    With ``title`` (known from metadata) or ``body_only`` (the text of a record or an
    extracted HTML body), no line is taken as the title or as a label above it."""
    rules = load_rules()
    out = Cleaned(title=title or "")
    look_for_title = not title and not body_only
    raw_lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cur: list[str] = out.lines  # where body lines go: the main body or a related article
    related: Related | None = None
    items = [(i, tidy(ln)) for i, ln in enumerate(raw_lines, start=1)]
    items = [(i, ln) for i, ln in items if ln]
    skip: set[int] = set()  # line numbers already decided (headlines under a lone 'read also')
    tail = False
    outlet_next = False
    body_started = False

    def finish_related() -> None:
        nonlocal related, cur
        if related is None:
            return
        if sum(1 for ln in related.lines if is_prose(ln)) >= 2:
            out.related.append(related)
        else:  # only a headline (and stray lines): a link, and the lines go back to the body
            out.removed.append(Removed(0, related.title, "link", "lone 'read also' with a headline only"))
            out.lines.extend(related.lines)
        related = None
        cur = out.lines

    for pos, (i, line) in enumerate(items):
        if i in skip:
            continue
        if _URL_LINE.match(line):
            out.url = out.url or line
            out.removed.append(Removed(i, line, "meta:url", "a lone URL line"))
            continue
        rule = match(line, rules)
        if outlet_next:
            outlet_next = False
            if rule is None and words(line) <= 5 and not is_prose(line):
                out.outlet = out.outlet or line
                out.removed.append(Removed(i, line, "meta:outlet", "outlet on the line after 'المصدر:'"))
                continue
        if rule is not None:
            act = rule.action
            tail = act == "tail" or (tail and act not in ("related",))
            if act == "related":
                finish_related()
                tail = False
                related = _read_also(out, items, pos, rules, skip)
                if related is not None:
                    cur = related.lines
            elif act == "meta:published":
                out.published_text = out.published_text or _after_colon(line) or line
            elif act == "meta:outlet":
                name = outlet_from(line)
                if "المصدر" in rule.pattern:  # a source line wins over a copyright line
                    if name:
                        out.outlet = name
                    elif not _after_colon(line):
                        outlet_next = True
                elif name and out.outlet is None:
                    out.outlet = name
            elif act == "meta:keywords":
                val = _after_colon(line)
                if val:
                    parts = re.split(r"\s*[,،|;؛]\s*", val) if re.search(r"[,،|;؛]", val) else [val]
                    out.keywords.extend(p for p in parts if p)
            out.removed.append(Removed(i, line, act, rule.note))
            continue
        if tail:
            if not is_prose(line):
                out.removed.append(Removed(i, line, "tail-list", "item of a list under a chrome heading"))
                continue
            tail = False
        if related is not None:
            if _JOINER.match(line) and related.lines:
                related.lines[-1] += line
            else:
                related.lines.append(line)
            continue
        # main article
        if not body_started and out.published_text is None and _lone_date(line):
            out.published_text = line
            out.removed.append(Removed(i, line, "meta:published", "a lone date line before the body"))
            continue
        if look_for_title and not out.title and not body_started and not out.lines and words(line) <= 2 \
                and not _YEAR.search(line):
            out.removed.append(Removed(i, line, "nav", "a one- or two-word label above the title"))
            continue
        if look_for_title and not out.title and not body_started and not out.lines:
            if words(line) <= 30 and not (is_prose(line) and line.rstrip().endswith((".", "؟", "!"))):
                out.title = line
                out.removed.append(Removed(i, line, "title"))
                continue
        if not body_started and _BULLET.match(line):
            out.summary.append(re.sub(r"^[-•*▪●◦‣–]\s+", "", line))
            out.removed.append(Removed(i, line, "summary"))
            continue
        if not body_started and out.dateline is None and _dateline(line):
            out.dateline = line
            out.removed.append(Removed(i, line, "dateline"))
            continue
        if _JOINER.match(line) and cur:
            cur[-1] += line
        else:
            if not body_started and out.dateline is None:
                m = _GLUED_DATELINE.match(line)
                if m:
                    out.dateline = m.group(1)  # kept in the text too: 'القاهرة - أعلنت ...'
            cur.append(line)
        body_started = True
    finish_related()
    if look_for_title and out.title and not out.lines and not out.related:
        out.lines.append(out.title)  # a one-paragraph text: its only line is the body, not just a title
    if not out.title and out.lines:
        first = out.lines[0]
        out.title = first if words(first) <= 20 else " ".join(first.split()[:20]) + "…"
    return out


def parse_published(value: str) -> str | None:
    """An ISO date (or datetime, when a clock time is written) from a publication-date
    line's value, e.g. '12th, February 2025 GMT', '١٥/٠١/٢٠٢٥', 'الثلاثاء 12 يونيو/ حزيران 2018'."""
    import dateparser

    val = normalize_digits(value).strip()
    has_time = re.search(r"\b\d{1,2}:\d{2}\b", val) is not None
    candidates = [val]
    pair = re.compile(r"((?:[^\s\d/]+\s)?[^\s\d/]+)\s*/\s*([^\s\d/]+)")  # 'يونيو/ حزيران', 'كانون الثاني/ يناير'
    for grp in (1, 2):
        alt = pair.sub(rf"\{grp}", val)
        if alt != val:
            candidates.append(alt)
    candidates += [re.sub(r"^(الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت)\s*،?\s*", "", c)
                   for c in list(candidates)]
    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month", "day"]}
    for cand in candidates:
        try:
            dt = dateparser.parse(cand, languages=["ar", "en"], settings=settings)  # type: ignore[arg-type]
        except Exception:  # dateparser raises assorted errors on odd input
            dt = None
        if dt is not None and 1900 <= dt.year <= 2100:
            if has_time:
                return dt.replace(tzinfo=None).isoformat(timespec="minutes")
            return dt.date().isoformat()
    return None
