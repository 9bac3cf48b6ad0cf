"""Timeline entries for events with no date of their own: bounded by the publication date
and by order words; weak frames never stand alone.  Sentences written for these tests."""
from __future__ import annotations

from khabar.corpus.doc import Doc
from khabar.corpus.timeline import build_timeline
from khabar.model import Article, Citation, Event, Participant, PublicationDate, TimeValue

TEXT = ("عقد سامي الحداد وكريم العلي قمة في الدوحة يوم الخميس. "
        "وتلت قمة الدوحة قمة أخرى في عمّان جمعت سامي الحداد بنظيره خالد الزين. "
        "وعقدت لجنة اجتماعا.")


def _ev(label, word, sent_no, parts=(), place=None, time=None, modality="happened"):
    pos = TEXT.index(word, TEXT.index(".") + 1 if sent_no else 0)
    starts = [0] + [i + 2 for i, c in enumerate(TEXT) if c == "."][:-1]
    s0 = starts[sent_no]
    s1 = TEXT.index(".", s0) + 1
    ps = [Participant(label=p, entity_id=f"ent:PER:{p}", role="participant") for p in parts]
    return Event(start=s0, end=s1, label=label, modality=modality, trigger_start=pos, trigger_end=pos + len(word),
                 participants=ps, place=place, time=time, evidence=[Citation("a1", s0, s1)])


def _doc():
    first = _ev("meeting", "قمة", 0, ("الحداد", "العلي"), "الدوحة", TimeValue("2024-04-11", earliest="2024-04-11",
                                                                          latest="2024-04-11", certainty="inferred"))
    second = _ev("meeting", "قمة أخرى", 1, ("الحداد", "الزين"), "عمّان")
    weak = _ev("meeting", "اجتماعا", 2)
    art = Article(id="a1", text=TEXT, external_id="x1", outlet="o")
    pub = PublicationDate(article_id="a1", value=TimeValue("2024-04-14", earliest="2024-04-14", latest="2024-04-14"))
    return Doc(art, {"events": [first, second, weak]}, pub)


def test_undated_event_is_bounded_by_order_words_and_publication():
    tl = build_timeline("s", [_doc()])
    entries = tl["entries"]
    assert len(entries) == 2, entries  # the weak frame (no participant, no place) is left out
    dated, later = entries
    assert dated["value"] == "2024-04-11" and dated["certainty"] == "inferred"
    assert later["place"] == "عمّان"
    assert (later["earliest"], later["latest"], later["certainty"]) == ("2024-04-11", "2024-04-14", "partial")
    assert "عمّان" in later["description_ar"] and not later["description_ar"].endswith("…")


def test_scheduled_weekday_counted_from_publication_weekday():
    text = "وستجري مكالمة بين سامي الحداد وكريم العلي يوم الأربعاء."
    ev = Event(start=0, end=len(text), label="phone_call", modality="scheduled", trigger_start=text.index("مكالمة"),
               trigger_end=text.index("مكالمة") + 6,
               participants=[Participant(label="الحداد", entity_id="ent:PER:h"), Participant(label="العلي", entity_id="ent:PER:a")],
               time=TimeValue("XXXX-WXX-3T14:00Z", fields={"weekday": 3, "hour": 14, "minute": 0}, certainty="unknown"),
               evidence=[Citation("b1", 0, len(text))])
    pub = PublicationDate(article_id="b1", value=TimeValue("2024-04-15", earliest="2024-04-15", latest="2024-04-15",
                                                          fields={"weekday": 1}))
    tl = build_timeline("s", [Doc(Article(id="b1", text=text), {"events": [ev]}, pub)])
    (e,) = tl["entries"]
    assert (e["earliest"], e["latest"], e["time"], e["modality"]) == ("2024-04-17", "2024-04-17", "14:00Z", "scheduled")
