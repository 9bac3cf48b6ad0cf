"""A small store in the contract formats, for the API, web and report tests.

The texts are invented for these tests (fictional ministers, our own words).  One
article carries hostile markup to prove that article text renders as text.
``build(store)`` returns the ids the tests need.
"""
from __future__ import annotations

import hashlib

from khabar.model import (
    Article,
    Citation,
    Entity,
    Event,
    Mention,
    Participant,
    PublicationDate,
    Quote,
    Story,
    TimeExpr,
    TimeValue,
)
from khabar.text.normalize import normalize

TEXT_A = (
    "أجرى وزير الخارجية المصري خالد منصور اتصالاً هاتفياً مع نظيره الأردني يوسف الحسن "
    "يوم السبت 9 مارس 2024 لبحث الأوضاع في المنطقة.\n"
    "وقال منصور إن \"التنسيق بين البلدين مستمر\" في تصريح هاتفي للوكالة.\n"
    "ومن المقرر أن يلتقي الوزيران في عمان الأسبوع المقبل.\n"
    "وأفادت الوكالة بأن عدد المصابين بلغ 30 شخصاً."
)
TEXT_B = (
    "بحث خالد منصور ويوسف الحسن في اتصال هاتفي مساء الجمعة 8 مارس 2024 تطورات الوضع الإقليمي.\n"
    "وأكد الحسن أن بلاده \"ترفض أي حل على حساب جيرانها\".\n"
    "وذكرت الصحيفة أن عدد المصابين بلغ 35 شخصاً.\n"
    "ومن المنتظر عقد لقاء بين الوزيرين في عمان."
)
HOSTILE = "<script>alert('x')</script>"
HOSTILE_IMG = '<img src=x onerror="alert(1)">'
TEXT_C = (
    f"نشر موقع مجهول نصاً فيه {HOSTILE} ووسم {HOSTILE_IMG} للتجربة.\n"
    "وقال منصور إن <b>الأمر</b> انتهى بعد الاتصال."
)
TEXT_D = "تقرير منفصل عن مهرجان للكتاب في تونس افتتح يوم الأحد بحضور كتاب من عدة بلدان."

MANSOUR = "ent:PER:خالد منصور"
HASSAN = "ent:PER:يوسف الحسن"
AMMAN = "Q3805"
EGYPT = "Q79"


def _art(text: str, ext: str, title: str, outlet: str, published: str | None) -> Article:
    h = hashlib.sha1(normalize(text).encode()).hexdigest()
    return Article(
        id=h[:16], text=text, title=title, external_id=ext, outlet=outlet, published=published, text_hash=h
    )


def _span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(phrase, pos + 1)
    return pos, pos + len(phrase)


def _sentence(text: str, phrase: str) -> tuple[int, int]:
    s, _ = _span(text, phrase)
    start = text.rfind("\n", 0, s) + 1
    end = text.find("\n", s)
    return start, (len(text) if end < 0 else end)


def _mentions(text: str, items: list[tuple[str, str, str]]) -> list[Mention]:
    out = []
    for phrase, eid, typ in items:
        pos = 0
        while True:
            i = text.find(phrase, pos)
            if i < 0:
                break
            out.append(Mention(i, i + len(phrase), typ, source="mentions.test", entity_id=eid))
            pos = i + len(phrase)
    return sorted(out, key=lambda m: m.start)


def build(store) -> dict:
    a = _art(TEXT_A, "a.txt", "اتصال بين وزيري خارجية مصر والأردن", "وكالة الشرق", "2024-03-10")
    b = _art(TEXT_B, "b.txt", "منصور والحسن يبحثان الوضع الإقليمي", "صحيفة النهار", "2024-03-11")
    c = _art(TEXT_C, "c.txt", f"عنوان فيه {HOSTILE}", "موقع <i>مجهول</i>", None)
    c.url = "javascript:alert(document.cookie)"
    d = _art(TEXT_D, "d.txt", "مهرجان الكتاب في تونس", "صحيفة النهار", "2024-04-07")
    for art in (a, b, c, d):
        store.put_article(art, art.external_id)

    names = [("خالد منصور", MANSOUR, "PER"), ("منصور", MANSOUR, "PER"), ("يوسف الحسن", HASSAN, "PER"),
             ("الحسن", HASSAN, "PER"), ("عمان", AMMAN, "GPE"), ("المصري", EGYPT, "GPE")]

    def ments(text):
        ms = _mentions(text, names)
        keep, last = [], -1
        for m in ms:  # drop the short name inside the long one
            if m.start >= last:
                keep.append(m)
                last = m.end
        return keep

    for art in (a, b, c):
        store.put_layer(art, "mentions", ments(art.text), "mentions.test")
    store.put_layer(d, "mentions", _mentions(TEXT_D, [("تونس", "Q948", "GPE")]), "mentions.test")

    # times
    s, e = _span(TEXT_A, "يوم السبت 9 مارس 2024")
    sat = TimeValue("2024-03-09", "day", "2024-03-09", "2024-03-09", {"year": 2024, "month": 3, "day": 9})
    s2, e2 = _span(TEXT_A, "الأسبوع المقبل")
    nextweek = TimeValue("2024-W11", "week", "2024-03-11", "2024-03-17", certainty="inferred")
    store.put_layer(a, "times", [TimeExpr(s, e, "DATE", "times.test", value=sat),
                                 TimeExpr(s2, e2, "DATE", "times.test", value=nextweek)], "times.test")
    s3, e3 = _span(TEXT_B, "مساء الجمعة 8 مارس 2024")
    fri = TimeValue("2024-03-08", "day", "2024-03-08", "2024-03-08", {"year": 2024, "month": 3, "day": 8})
    store.put_layer(b, "times", [TimeExpr(s3, e3, "DATE", "times.test", value=fri)], "times.test")

    # quotes
    qa = _sentence(TEXT_A, "وقال منصور")
    ca = _span(TEXT_A, "التنسيق بين البلدين مستمر")
    sp = _span(TEXT_A, "منصور", 1)
    store.put_layer(a, "quotes", [Quote(qa[0], qa[1], "direct", "quotes.test", speaker="منصور",
                                        speaker_entity_id=MANSOUR, speaker_start=sp[0], speaker_end=sp[1],
                                        cue="قال", channel="تصريح هاتفي", via="الوكالة",
                                        content_start=ca[0], content_end=ca[1])], "quotes.test")
    qb = _sentence(TEXT_B, "وأكد الحسن")
    cb = _span(TEXT_B, "ترفض أي حل على حساب جيرانها")
    store.put_layer(b, "quotes", [Quote(qb[0], qb[1], "direct", "quotes.test", speaker="الحسن",
                                        speaker_entity_id=HASSAN, cue="أكد",
                                        content_start=cb[0], content_end=cb[1])], "quotes.test")
    qc = _sentence(TEXT_C, "وقال منصور")
    store.put_layer(c, "quotes", [Quote(qc[0], qc[1], "indirect", "quotes.test", speaker="منصور",
                                        speaker_entity_id=MANSOUR, cue="قال")], "quotes.test")

    # events
    call_a = _sentence(TEXT_A, "أجرى وزير")
    trig = _span(TEXT_A, "اتصالاً هاتفياً")
    meet_a = _sentence(TEXT_A, "ومن المقرر")
    mtrig = _span(TEXT_A, "يلتقي")
    people = [Participant("خالد منصور", MANSOUR, "agent"), Participant("يوسف الحسن", HASSAN, "patient")]
    store.put_layer(a, "events", [
        Event(call_a[0], call_a[1], "phone_call", "events.test", "happened", trig[0], trig[1], people,
              time=sat, time_start=s, time_end=e),
        Event(meet_a[0], meet_a[1], "meeting", "events.test", "scheduled", mtrig[0], mtrig[1], people,
              place="عمان", place_entity_id=AMMAN, time=nextweek, time_start=s2, time_end=e2),
    ], "events.test")
    call_b = _sentence(TEXT_B, "بحث خالد")
    btrig = _span(TEXT_B, "اتصال هاتفي")
    store.put_layer(b, "events", [
        Event(call_b[0], call_b[1], "phone_call", "events.test", "happened", btrig[0], btrig[1], people, time=fri),
    ], "events.test")

    store.put_entities([
        Entity(MANSOUR, "PER", "خالد منصور", "Khaled Mansour", ["خالد منصور", "منصور"],
               ["وزير الخارجية المصري"], None, 5, [a.id, b.id, c.id]),
        Entity(HASSAN, "PER", "يوسف الحسن", "Youssef al-Hassan", ["يوسف الحسن", "الحسن"],
               ["وزير الخارجية الأردني"], None, 3, [a.id, b.id]),
        Entity(AMMAN, "GPE", "عمان", "Amman", ["عمان"], [], AMMAN, 2, [a.id, b.id]),
        Entity(EGYPT, "GPE", "مصر", "Egypt", ["مصر", "المصري"], [], EGYPT, 1, [a.id]),
        Entity("Q948", "GPE", "تونس", "Tunisia", ["تونس"], [], "Q948", 1, [d.id]),
    ], replace_all=True)

    story = Story("st-call", "اتصال منصور والحسن", [a.id, b.id, c.id], ["a.txt", "b.txt", "c.txt"],
                  ["وكالة الشرق", "صحيفة النهار", "موقع <i>مجهول</i>"], "2024-03-08", "2024-03-17")
    other = Story("st-book", "مهرجان الكتاب في تونس", [d.id], ["d.txt"], ["صحيفة النهار"],
                  "2024-04-07", "2024-04-07")
    store.put_stories([story, other], replace_all=True)

    def cit(art, span):
        return {"article_id": art.id, "start": span[0], "end": span[1], "external_id": art.external_id,
                "outlet": art.outlet}

    entries = [
        {"id": "e1", "type": "phone_call", "modality": "happened", "value": "2024-03-08/2024-03-09",
         "earliest": "2024-03-08", "latest": "2024-03-09", "grain": "day", "certainty": "partial",
         "description_ar": "اتصال هاتفي بين خالد منصور ويوسف الحسن",
         "description_en": "Phone call between Khaled Mansour and Youssef al-Hassan",
         "participants": [{"label": "خالد منصور", "label_en": "Khaled Mansour", "entity_id": MANSOUR},
                          {"label": "يوسف الحسن", "label_en": "Youssef al-Hassan", "entity_id": HASSAN}],
         "place": None, "duration": None,
         "citations": [cit(a, call_a), cit(b, call_b)],
         "conflicts": [{"field": "date", "values": ["2024-03-09", "2024-03-08"],
                        "citations": [cit(a, call_a), cit(b, call_b)]}]},
        {"id": "e2", "type": "meeting", "modality": "scheduled", "value": "2024-W11",
         "earliest": "2024-03-11", "latest": "2024-03-17", "grain": "week", "certainty": "inferred",
         "description_ar": "لقاء مقرر بين الوزيرين في عمان <script>",
         "description_en": "Planned meeting of the two ministers in Amman",
         "participants": [{"label": "خالد منصور", "label_en": "Khaled Mansour", "entity_id": MANSOUR},
                          {"label": "يوسف الحسن", "label_en": "Youssef al-Hassan", "entity_id": HASSAN}],
         "place": "عمان", "duration": None, "citations": [cit(a, meet_a)], "conflicts": []},
        {"id": "e3", "type": "statement", "modality": "happened", "value": "XXXX-XX-XX",
         "earliest": None, "latest": None, "grain": "day", "certainty": "unknown",
         "description_ar": "تصريح منصور عن انتهاء الأمر", "description_en": "Mansour's statement",
         "participants": [{"label": "منصور", "label_en": "Khaled Mansour", "entity_id": MANSOUR}],
         "place": None, "duration": None, "citations": [cit(c, qc)], "conflicts": []},
    ]
    store.put_output("timeline", story.id, "timeline.test", {"story_id": story.id, "entries": entries})
    store.put_output("timeline", "_all", "timeline.test", {"story_id": "_all", "entries": entries})
    store.put_output("summary", story.id, "summary.test", {"key": story.id, "kind": "story", "sentences": [
        {"text": "اتصل وزير الخارجية المصري بنظيره الأردني.", "citations": [
            {"article_id": a.id, "start": call_a[0], "end": call_a[1]}]},
        {"text": "ومن المقرر أن يلتقيا في عمان.", "citations": [
            {"article_id": a.id, "start": meet_a[0], "end": meet_a[1]}]},
    ]})
    store.put_output("summary", a.id, "summary.test", {"key": a.id, "kind": "article", "sentences": [
        {"text": "اتصال هاتفي بين الوزيرين.", "citations": [{"article_id": a.id, "start": call_a[0], "end": call_a[1]}]}]})
    n30 = _sentence(TEXT_A, "عدد المصابين")
    n35 = _sentence(TEXT_B, "عدد المصابين")
    store.put_output("discrepancies", story.id, "disc.test", {"story_id": story.id, "items": [
        {"kind": "number", "field": "المصابين", "what": "عدد المصابين", "superseded": False,
         "values": [{"value": "30", "citations": [cit(a, n30)]}, {"value": "35", "citations": [cit(b, n35)]}]},
        {"kind": "date", "field": "date", "what": "تاريخ الاتصال", "superseded": False,
         "values": [{"value": "2024-03-09", "citations": [cit(a, call_a)]},
                    {"value": "2024-03-08", "citations": [cit(b, call_b)]}]},
    ]})
    for art in (a, b, d):
        store.put_output("pubdate", art.id, "pubdate.test", PublicationDate(
            art.id, TimeValue(art.published, "day", art.published, art.published), "metadata").to_dict())
    store.put_output("pubdate", c.id, "pubdate.test", PublicationDate(
        c.id, TimeValue("XXXX-XX-XX", "day", certainty="unknown"), "unknown").to_dict())
    return {"a": a.id, "b": b.id, "c": c.id, "d": d.id, "story": story.id, "other": other.id,
            "call_a": call_a, "call_b": call_b, "meet_a": meet_a, "mansour": MANSOUR, "hassan": HASSAN}


def test_builder_stores_the_contract_shapes(store):
    ids = build(store)
    assert store.count_articles() == 4
    assert store.get_output("timeline", ids["story"])["entries"][0]["citations"][0]["article_id"] == ids["a"]
    assert len(store.get_layer(ids["a"], "events", Event)) == 2
    assert [c.article_id for c in [Citation(ids["a"], 0, 1)]] == [ids["a"]]
