"""Proclitic-aware match keys.

Arabic glues conjunctions, prepositions and the article to the word: وبوتين,
لبوتين, والكرملين, بالكرملين.  ``match_keys`` gives the candidate bases of a
token so that a lexicon lookup finds 'بوتين' in 'وبوتين'.  It never rewrites the
inside of a word (a stemmer would turn بوتين into وتين): it only peels known
prefixes from the front, and every candidate is kept, the unpeeled form first,
so a name that really starts with و/ب/ل/ف still matches itself.
"""
from __future__ import annotations

from functools import lru_cache

from .normalize import normalize

# Ordered longest first.  Each entry: (prefix, what it leaves).  'ال' is kept on the
# base as a separate candidate, because lexicons list both 'الكرملين' and 'كرملين'.
_PROCLITICS = ("وبال", "وال", "فال", "بال", "كال", "ولل", "لل", "وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
_MIN_BASE = 2


@lru_cache(maxsize=200_000)
def match_keys(token: str) -> tuple[str, ...]:
    """Normalised candidate bases of ``token``, the token itself first.

    >>> match_keys('وبوتين')
    ('وبوتين', 'بوتين', 'وتين')
    """
    key = normalize(token)
    out = [key]
    for p in _PROCLITICS:
        if key.startswith(p) and len(key) - len(p) >= _MIN_BASE:
            base = key[len(p) :]
            if p.endswith("ال") or p == "لل" or p == "ولل":
                # 'بالكرملين' -> 'الكرملين' and 'كرملين'; 'للرئيس' -> 'الرئيس'
                for cand in ("ال" + base, base):
                    if cand not in out:
                        out.append(cand)
            elif base not in out:
                out.append(base)
    if key.startswith("ال") and len(key) > 3 and key[2:] not in out:
        out.append(key[2:])
    return tuple(out)


def strip_proclitics(token: str) -> list[str]:
    """Like ``match_keys`` but unnormalised: peel prefixes off the original string."""
    out = [token]
    for p in _PROCLITICS:
        if normalize(token[: len(p)]) == p and len(token) - len(p) >= _MIN_BASE:
            base = token[len(p) :]
            if base not in out:
                out.append(base)
    return out


def phrase_key(text: str) -> str:
    """A normalised key for a multi-word name: normalised, single-spaced."""
    return " ".join(normalize(text).split())
