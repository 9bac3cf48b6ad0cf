"""events.rules.v1, round 2: generic uses of event words make no frames; words that point back at
an event already told merge into it. Sentences written for these tests; figures on the blind ANT gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_quotes_util import fake_mentions, time_at

from khabar.extract.events import extract_events
from khabar.model import Article

GOLD = Path(__file__).resolve().parent / "gold" / "qe"


def events_of(text: str, times=()):
    return extract_events(Article(id="t", text=text), fake_mentions(text), list(times))


def of_type(text: str, etype: str, times=()):
    return [e for e in events_of(text, times) if e.label == etype]


@pytest.mark.parametrize(
    "text,etype",
    [
        # a kind of event, not one that took place
        ("وأثار القرار موجة احتجاجات على مواقع التواصل خلال العام.", "protest"),
        ("وانتشرت حركات احتجاج كثيرة في العالم بعد نشر التقرير.", "protest"),
        ("وشرح الخبير آلية العقوبات المعمول بها في البلاد.", "sanction"),
        # exposure in general
        ("ويخضع كل من يخالف هذه القواعد لعقوبات صارمة بحسب النص.", "sanction"),
        # part of an institution's name
        ("ونشرت المفوضية العليا للانتخابات قائمة المرشحين في الدوحة.", "election"),
        ("وأصدرت الهيئة الوطنية للاتصال تقريرها السنوي أمس.", "phone_call"),
        # a named agreement as a topic
        ("وقال سامي الحداد إن الاتفاق النووي لم يعد مفيداً للمنطقة.", "agreement"),
        # a weak word used as the channel of what someone said
        ("وقال في مؤتمر صحفي إن الحكومة ستواصل عملها.", "statement"),
    ],
)
def test_generic_uses_make_no_event(text, etype):
    assert not of_type(text, etype), [(e.label, e.modality) for e in events_of(text)]


def test_the_one_who_carried_out_the_attack_is_not_a_second_attack():
    text = (
        "ووقع هجوم بسيارة مفخخة قرب سوق في بيروت صباح الأحد. "
        "وقالت الشرطة إن منفذ الهجوم شاب في العشرين من عمره ولد في عام 2004."
    )
    times = [time_at(text, "صباح الأحد", "2024-03-03"), time_at(text, "عام 2004", "2004", grain="year")]
    attacks = of_type(text, "attack", times)
    assert len(attacks) == 1, [(e.modality, e.time) for e in attacks]
    assert attacks[0].time.value == "2024-03-03" and attacks[0].place == "بيروت"
    assert len(attacks[0].evidence) == 2  # the second sentence is cited as more about the same attack


def test_the_articles_one_attack_told_again_merges():
    text = (
        "وأسفر اعتداء بسكين في القاهرة عن إصابة ثلاثة أشخاص مساء الجمعة. "
        "وأوضحت الشرطة أن رجلاً طعن المارة في هجوم استمر دقائق قبل أن يعتقل."
    )
    attacks = of_type(text, "attack", [time_at(text, "مساء الجمعة", "2024-03-01")])
    assert len(attacks) == 1 and attacks[0].place == "القاهرة"


def test_two_attacks_in_two_places_stay_two():
    text = (
        "وأسفر اعتداء بسكين في القاهرة عن إصابة ثلاثة أشخاص مساء الجمعة. "
        "وفي بيروت وقع هجوم آخر بعد ساعات."
    )
    assert len(of_type(text, "attack", [time_at(text, "مساء الجمعة", "2024-03-01")])) == 2


def test_cancelling_the_summit_is_the_same_summit():
    text = (
        "وكان من المقرر أن تعقد قمة بين سامي الحداد وكريم العلي في جنيف في العاشر من الشهر المقبل. "
        "لكن الحداد أعلن أمس إلغاء القمة."
    )
    meetings = of_type(text, "meeting", [time_at(text, "العاشر من الشهر المقبل", "2024-06-10")])
    assert len(meetings) == 1, [(e.modality, e.time) for e in meetings]
    # ... and calling it off marks it: it will not take place on the day it was due
    assert meetings[0].modality == "cancelled" and meetings[0].time.value == "2024-06-10"


def test_a_hypothetical_mention_of_a_dated_summit_is_not_a_new_event():
    text = (
        "ومن المقرر أن تعقد قمة بين سامي الحداد وكريم العلي في الدوحة في العاشر من يونيو. "
        "وفي حال عقدت القمة فستكون الأولى منذ سنوات."
    )
    meetings = of_type(text, "meeting", [time_at(text, "العاشر من يونيو", "2024-06-10")])
    assert len(meetings) == 1 and meetings[0].modality == "scheduled"


@pytest.mark.parametrize(
    "text,etype",
    [
        ("ودعا سامي الحداد إلى وقف فوري لإطلاق النار في المدينة.", "ceasefire"),
        ("وطالب كريم العلي بإجراء انتخابات جديدة قبل نهاية العام.", "election"),
        ("وقال الوزير إنه يأمل عقد قمة بين سامي الحداد وكريم العلي.", "meeting"),
    ],
)
def test_a_call_or_a_wish_is_hypothetical(text, etype):
    evs = of_type(text, etype)
    assert evs and evs[0].modality == "hypothetical", [(e.label, e.modality) for e in events_of(text)]


def test_a_call_for_a_new_election_is_not_the_election_that_took_place():
    text = "وفاز سامي الحداد في الانتخابات التي جرت الأحد، فيما طالب منافسه كريم العلي بإجراء انتخابات جديدة."
    mods = sorted(e.modality for e in of_type(text, "election", [time_at(text, "الأحد", "2024-05-05")]))
    assert mods == ["happened", "hypothetical"]


def test_a_wish_word_far_before_the_event_does_not_count():
    text = "ودعا سامي الحداد، بعد يومين من الهجوم على السوق في بيروت، إلى الهدوء."
    evs = of_type(text, "attack")
    assert evs and evs[0].modality == "happened"


@pytest.mark.parametrize(
    "gold,min_p,min_r",
    [
        # floors one item below today's figures (the mention model is still being retrained)
        ("events-ant4.jsonl", 0.5, 0.65),  # now 0.571 / 0.833 (was 0.444 before round 2)
        ("events-ant5.jsonl", 0.7, 0.7),  # now 0.875 / 0.875 (was 0.600)
        ("events-ant6.jsonl", 0.35, 0.4),  # now 0.444 / 0.500
        ("events-ant7.jsonl", 0.5, 0.6),  # now 0.667 / 0.750
    ],
)
def test_precision_on_fully_annotated_ant_articles(run_cli, ant_path, gold, min_p, min_r):
    report = json.loads(run_cli("eval", "events", "--gold", str(GOLD / gold), "--json").output)
    assert report["precision_on_complete"] >= min_p
    assert report["recall"] >= min_r


def test_accusative_event_noun_is_a_trigger():
    text = "وعقد سامي الحداد وكريم العلي اجتماعا مطولا في الدوحة."
    e = next(e for e in events_of(text) if e.label == "meeting")
    assert {p.entity_id for p in e.participants} >= {"ent:PER:haddad", "ent:PER:ali"} and e.place == "الدوحة"


def test_one_kind_of_the_event_just_named_is_no_second_event():
    text = "وقال سامي الحداد إن من الممكن إجراء مزيد من المحادثات مع كريم العلي، بما في ذلك اجتماعات قمة."
    evs = events_of(text)
    assert [e.label for e in evs] == ["negotiation"] and evs[0].modality == "expected"


def test_an_aim_is_not_an_event():
    text = "واتهم سامي الحداد خصومه باستخدام الاحتجاجات ذريعة لإثارة أعمال عنف في المدينة."
    assert not of_type(text, "attack")
    text = "وقالت الشرطة إن الرجل كان يخطط لتنفيذ هجوم على السوق في بيروت."
    evs = of_type(text, "attack")
    assert evs and evs[0].modality == "hypothetical"


def test_a_needed_summit_told_before_the_scheduled_one_is_that_summit():
    text = (
        "واتفق سامي الحداد وكريم العلي على ضرورة انعقاد القمة. "
        "ومن المقرر أن تعقد القمة في جنيف في العاشر من يونيو."
    )
    meetings = of_type(text, "meeting", [time_at(text, "العاشر من يونيو", "2024-06-10")])
    assert len(meetings) == 1 and meetings[0].modality == "scheduled"
