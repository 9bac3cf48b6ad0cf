"""Sentence and token segmentation with character offsets over the original text."""
from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? ؟ (and … ) followed by space/newline or a glued capital/Arabic
# letter (scraped text often loses the space: 'وفق البيان.وبذلك'), or at a line break.
# Dots inside numbers (3.5) and in abbreviations like 'د.' are not ends.
_ABBREV = {"د", "م", "ق", "ص", "ب", "ج", "أ", "ا", "ت", "هـ", "mr", "dr", "st", "no", "vs"}
# Arabic letters and marks, without Arabic punctuation (، ؛ ؟ ٪ ٫ ٬ ۔) or digits.
LETTERS = "A-Za-z\u00C0-\u024F\u0621-\u065F\u066E-\u06D3\u06D5-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFC"
_TOKEN = re.compile(
    rf"[{LETTERS}]+(?:[+](?![{LETTERS}]))?"
    r"|[0-9\u0660-\u0669\u06F0-\u06F9]+(?:[.,:/][0-9\u0660-\u0669\u06F0-\u06F9]+)*"
    r"|[^\s]",
)
_QUOTE_OPEN = "\"«“„'"
_QUOTE_CLOSE = "\"»”'"


@dataclass(slots=True, frozen=True)
class Sentence:
    start: int
    end: int

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(slots=True, frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word, number and punctuation tokens of text[start:end], with absolute offsets."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def _is_boundary(text: str, i: int) -> bool:
    """Is the punctuation at ``text[i]`` a sentence end?"""
    ch = text[i]
    n = len(text)
    if ch == ".":
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if prev.isdigit() and nxt.isdigit():
            return False
        if nxt == ".":  # ellipsis '...': the last dot decides
            return False
        # abbreviation: a short token before the dot
        j = i - 1
        while j >= 0 and text[j].isalpha():
            j -= 1
        word = text[j + 1 : i].lower()
        if word in _ABBREV and (j < 0 or not text[j].isalpha()):
            return False
    j = i + 1
    # closing quotes/brackets stay with the sentence
    while j < n and text[j] in _QUOTE_CLOSE + ")]":
        j += 1
    if j >= n:
        return True
    nxt = text[j]
    if nxt.isspace():
        return True
    # glued sentence: 'البيان.وبذلك' — a letter right after the stop
    return ch in ".؟?!" and nxt.isalpha()


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of text[start:end] as offset pairs, trimmed of surrounding spaces.

    A line break always ends a sentence; inside a quotation ('"...". ...') a stop
    still ends it, because Arabic news often quotes several sentences.
    """
    end = len(text) if end is None else end
    out: list[Sentence] = []
    s = start
    i = start
    while i < end:
        ch = text[i]
        cut = None
        if ch == "\n":
            cut = i
            nxt = i + 1
        elif ch in ".!?؟…" and _is_boundary(text, i):
            j = i + 1
            while j < end and text[j] in _QUOTE_CLOSE + ")]":
                j += 1
            cut = j
            nxt = j
        if cut is not None:
            _push(text, s, cut, out)
            s = nxt
            i = nxt
            continue
        i += 1
    _push(text, s, end, out)
    return out


def _push(text: str, s: int, e: int, out: list[Sentence]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s and any(c.isalnum() for c in text[s:e]):
        out.append(Sentence(s, e))


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence containing ``offset`` (binary search)."""
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sentences[mid]
        if offset < s.start:
            hi = mid - 1
        elif offset >= s.end:
            lo = mid + 1
        else:
            return s
    return None


def paragraphs(text: str) -> list[Sentence]:
    """Non-empty lines as offset pairs."""
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        _push(text, pos, pos + len(line), out)
        pos += len(line) + 1
    return out
