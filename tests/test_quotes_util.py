"""Test support for quotes/events: a tiny stand-in for the mentions and times layers.

``fake_mentions`` finds a fixed list of names by string search (proclitics allowed) so the
quote and event rules can be tested on their own; ``real_layers`` runs the project's own
mention and time annotators when they are registered.
"""
from __future__ import annotations

import re

from khabar.model import Mention, TimeExpr, TimeValue

# (spellings, type, id) — public names, written for these tests.
NAMES: list[tuple[tuple[str, ...], str, str]] = [
    (("فلاديمير بوتين", "فلاديمير بوتن", "بوتين", "بوتن"), "PER", "Q7747"),
    (("دونالد ترامب", "دونالد ترمب", "ترامب", "ترمب"), "PER", "Q22686"),
    (("رجب طيب أردوغان", "أردوغان"), "PER", "Q39259"),
    (("محمد بن سلمان",), "PER", "ent:PER:mbs"),
    (("فولوديمير زيلينسكي", "زيلينسكي"), "PER", "Q3874799"),
    (("سيرغي لافروف", "لافروف"), "PER", "ent:PER:lavrov"),
    (("يوري أوشاكوف", "أوشاكوف"), "PER", "ent:PER:ushakov"),
    (("ماركو روبيو", "روبيو"), "PER", "ent:PER:rubio"),
    (("ستيف ويتكوف", "ويتكوف"), "PER", "ent:PER:witkoff"),
    (("جو بايدن", "بايدن"), "PER", "Q6279"),
    (("كيريل دميترييف", "دميترييف"), "PER", "ent:PER:dmitriev"),
    (("ديميتري بيسكوف", "بيسكوف"), "PER", "ent:PER:peskov"),
    (("سيرجي ماركوف",), "PER", "ent:PER:markov"),
    (("أندريه سيبيها", "سيبيها"), "PER", "ent:PER:sybiha"),
    (("ألكسندر جروشكو",), "PER", "ent:PER:grushko"),
    (("كيث كيلوج",), "PER", "ent:PER:kellogg"),
    (("سامي الحداد", "الحداد"), "PER", "ent:PER:haddad"),
    (("ليلى منصور", "منصور"), "PER", "ent:PER:mansour"),
    (("كريم العلي",), "PER", "ent:PER:ali"),
    (("الكرملين",), "ORG", "ent:ORG:kremlin"),
    (("البيت الأبيض",), "ORG", "ent:ORG:whitehouse"),
    (("تاس",), "ORG", "ent:ORG:tass"),
    (("انترفاكس",), "ORG", "ent:ORG:interfax"),
    (("ريا نوفوستي",), "ORG", "ent:ORG:ria"),
    (("سبوتنيك",), "ORG", "ent:ORG:sputnik"),
    (("بلومبرغ",), "ORG", "ent:ORG:bloomberg"),
    (("فوكس نيوز",), "ORG", "ent:ORG:fox"),
    (("سي إن إن",), "ORG", "ent:ORG:cnn"),
    (("إزفيستيا",), "ORG", "ent:ORG:izvestia"),
    (("وزارة الخارجية",), "ORG", "ent:ORG:mfa"),
    (("ألاسكا", "آلاسكا"), "GPE", "ent:GPE:alaska"),
    (("قاعدة إلمندورف ريتشاردسون",), "FAC", "ent:FAC:elmendorf"),
    (("جنيف",), "GPE", "ent:GPE:geneva"),
    (("إسطنبول",), "GPE", "ent:GPE:istanbul"),
    (("جدة",), "GPE", "ent:GPE:jeddah"),
    (("واشنطن",), "GPE", "ent:GPE:washington"),
    (("موسكو",), "GPE", "ent:GPE:moscow"),
    (("كييف",), "GPE", "ent:GPE:kyiv"),
    (("أوكرانيا",), "GPE", "ent:GPE:ukraine"),
    (("روسيا",), "GPE", "ent:GPE:russia"),
    (("الولايات المتحدة",), "GPE", "ent:GPE:usa"),
    (("عمّان", "عمان"), "GPE", "ent:GPE:amman"),
    (("بيروت",), "GPE", "ent:GPE:beirut"),
    (("القاهرة",), "GPE", "ent:GPE:cairo"),
    (("الدوحة",), "GPE", "ent:GPE:doha"),
]

_PREFIX = "(?:و|ف)?(?:ب|ل|ك)?"


def fake_mentions(text: str) -> list[Mention]:
    found: list[Mention] = []
    taken = [False] * (len(text) + 1)
    for variants, typ, eid in NAMES:
        for var in sorted(variants, key=len, reverse=True):
            pat = re.compile(rf"(?<![\w]){_PREFIX}({re.escape(var)})(?![\w])")
            for m in pat.finditer(text):
                s, e = m.start(1), m.end(1)
                if any(taken[s:e]):
                    continue
                for k in range(s, e):
                    taken[k] = True
                found.append(Mention(start=s, end=e, label=typ, entity_id=eid, source="test"))
    return sorted(found, key=lambda m: m.start)


def time_at(text: str, phrase: str, value: str, *, typ: str = "date", grain: str = "day", nth: int = 0) -> TimeExpr:
    """A hand-made time expression over the nth occurrence of ``phrase``."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(phrase, pos + 1)
    return TimeExpr(start=pos, end=pos + len(phrase), type=typ, value=TimeValue(value=value, grain=grain), source="test")
