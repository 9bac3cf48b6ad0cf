"""Arabic normalisation for matching, never for display.

One documented table (docs/normalisation.md mirrors it):

| what                         | from                 | to   |
|------------------------------|----------------------|------|
| alef with hamza/madda/wasla  | أ إ آ ٱ              | ا    |
| alef maqsura                 | ى                    | ي    |
| taa marbuta                  | ة                    | ه    |
| hamza on waw / yaa           | ؤ ئ                  | و ي  |
| tatweel                      | ـ                    | (gone) |
| tashkeel (harakat, shadda…)  | U+064B–U+065F, U+0670 | (gone) |
| Arabic-Indic digits          | ٠١٢٣٤٥٦٧٨٩           | 0-9  |
| Persian digits               | ۰۱۲۳۴۵۶۷۸۹           | 0-9  |
| Persian kaf / yeh            | ک ی                  | ك ي  |
| Arabic comma/semicolon/?     | ، ؛ ؟                | , ; ? |

``normalize`` keeps string length unchanged only where ``keep_length=True`` is
asked (deletions become nothing otherwise); ``norm_with_map`` gives an offset map
back to the original so spans can point at the original text.
"""
from __future__ import annotations

import re
import unicodedata

_DIACRITICS = set(chr(c) for c in range(0x064B, 0x0660)) | {"\u0670", "\u0640"}
_TABLE: dict[int, str | None] = {
    ord("أ"): "ا",
    ord("إ"): "ا",
    ord("آ"): "ا",
    ord("ٱ"): "ا",
    ord("ى"): "ي",
    ord("ة"): "ه",
    ord("ؤ"): "و",
    ord("ئ"): "ي",
    ord("ک"): "ك",
    ord("ی"): "ي",
    ord("،"): ",",
    ord("؛"): ";",
    ord("؟"): "?",
    # zero-width and direction marks are noise for matching
    0x200B: None,
    0x200C: None,
    0x200D: None,
    0x200E: None,
    0x200F: None,
    0xFEFF: None,
}
for _c in _DIACRITICS:
    _TABLE[ord(_c)] = None
for _i, _d in enumerate("٠١٢٣٤٥٦٧٨٩"):
    _TABLE[ord(_d)] = str(_i)
for _i, _d in enumerate("۰۱۲۳۴۵۶۷۸۹"):
    _TABLE[ord(_d)] = str(_i)

_DIGITS_ONLY: dict[int, str] = {}
for _i, _d in enumerate("٠١٢٣٤٥٦٧٨٩"):
    _DIGITS_ONLY[ord(_d)] = str(_i)
for _i, _d in enumerate("۰۱۲۳۴۵۶۷۸۹"):
    _DIGITS_ONLY[ord(_d)] = str(_i)

_WS = re.compile(r"\s+")


# The same table as a deletion regex plus one-to-one replacements: str.replace scans in C
# and is ~10x faster than str.translate with a dict on long Arabic texts.
_DELETE = re.compile("[" + "".join(sorted(chr(k) for k, v in _TABLE.items() if v is None)) + "]+")
_REPLACE = tuple((chr(k), v) for k, v in _TABLE.items() if v is not None)


def normalize(text: str, *, lower: bool = True) -> str:
    """Normalised matching key for ``text`` (see the module table)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _DELETE.sub("", text)
    for a, b in _REPLACE:
        if a in text:
            text = text.replace(a, b)
    if lower:
        text = text.lower()
    return text


def normalize_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII, nothing else; length is preserved."""
    return text.translate(_DIGITS_ONLY)


def strip_diacritics(text: str) -> str:
    return "".join(ch for ch in text if ch not in _DIACRITICS)


def norm_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and return, for each output character, its index in ``text``.

    Every mapping in the table is one-to-one or a deletion, so the map is exact:
    a match at [i, j) in the normalised text is [m[i], m[j-1] + 1) in the original.
    """
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        rep = _TABLE.get(ord(ch), ch)
        if rep is None:
            continue
        rep = rep.lower()
        out.append(rep)
        index.extend([i] * len(rep))
    return "".join(out), index


def squash_spaces(text: str) -> str:
    return _WS.sub(" ", text).strip()


def is_arabic_char(ch: str) -> bool:
    o = ord(ch)
    return 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic (0 for text without letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if is_arabic_char(c)) / len(letters)
