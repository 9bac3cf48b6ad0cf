"""events.rules.v1: sentences written for these tests, the seeds' goals, the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_quotes_util import fake_mentions, time_at

from khabar.extract.events import extract_events
from khabar.model import Article

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold" / "qe"


def events_of(text: str, times=()):
    return extract_events(Article(id="t", text=text), fake_mentions(text), list(times))


def find(events, etype, *ids):
    for e in events:
        got = {p.entity_id for p in e.participants}
        if e.label == etype and set(ids) <= got:
            return e
    raise AssertionError(f"no {etype} with {ids}: {[(e.label, [p.entity_id for p in e.participants]) for e in events]}")


def test_phone_call_with_counterpart_time_and_duration():
    text = "أجرى الرئيس سامي الحداد اليوم الأربعاء اتصالاً هاتفياً مع نظيره كريم العلي استمر لنحو ساعة ونصف."
    e = find(events_of(text, [time_at(text, "اليوم الأربعاء", "2024-05-08")]), "phone_call", "ent:PER:haddad", "ent:PER:ali")
    assert e.modality == "happened"
    assert e.time is not None and e.time.value == "2024-05-08"
    assert e.duration == "PT1H30M"
    assert text[e.trigger_start : e.trigger_end] == "اتصالاً هاتفياً"
    assert e.evidence and e.evidence[0].start <= e.trigger_start < e.evidence[0].end


def test_meeting_between_two_with_place():
    text = "وعقدت في الدوحة قمة بين سامي الحداد وكريم العلي استمرت ثلاث ساعات."
    e = find(events_of(text), "meeting", "ent:PER:haddad", "ent:PER:ali")
    assert e.place == "الدوحة" and e.place_entity_id == "ent:GPE:doha"
    assert e.duration == "PT3H"


@pytest.mark.parametrize(
    "text,etype,modality",
    [
        ("وقال الناطق إن المكالمة المرتقبة بين سامي الحداد وكريم العلي ستجري مساءً.", "phone_call", "scheduled"),
        ("ومن المتوقع أن تبدأ مفاوضات بين سامي الحداد وكريم العلي قريباً.", "negotiation", "expected"),
        ("وفي حال فشل المفاوضات بين الطرفين فإن التصعيد سيستمر.", "negotiation", "hypothetical"),
        ("ونفى المكتب أن يكون سامي الحداد قد التقى كريم العلي.", "meeting", "denied"),
        ("لكن سامي الحداد رفض الموافقة على وقف شامل لإطلاق النار.", "ceasefire", "refused"),
        ("وزار سامي الحداد القاهرة أمس.", "visit", "happened"),
    ],
)
def test_modality(text, etype, modality):
    evs = [e for e in events_of(text) if e.label == etype]
    assert evs, [(e.label, e.modality) for e in events_of(text)]
    assert evs[0].modality == modality


def test_called_off_event_takes_the_date_it_was_due_not_the_announcement():
    text = "وأعلن سامي الحداد اليوم الخميس إلغاء القمة التي كانت مقررة مع كريم العلي في الدوحة يوم 12 يونيو المقبل."
    times = [time_at(text, "اليوم الخميس", "2024-05-23"), time_at(text, "يوم 12 يونيو", "2024-06-12")]
    e = find(events_of(text, times), "meeting", "ent:PER:ali")
    assert e.modality == "cancelled"
    assert e.time is not None and e.time.value == "2024-06-12"
    # put off, with no new date: no date of its own (the announcement's day is not it)
    text = "وأرجأت الحكومة أمس المفاوضات مع كريم العلي إلى موعد لاحق."
    evs = [e for e in events_of(text, [time_at(text, "أمس", "2024-05-22")]) if e.label == "negotiation"]
    assert evs and evs[0].modality == "postponed" and evs[0].time is None


def _dated(text, phrase, value, bounds, etype):
    """The frames of ``etype`` with ``phrase`` dated outright (bounds given), read on 2018-05-08."""
    t = time_at(text, phrase, value, grain="year" if len(value) == 4 else "month")
    t.value.earliest, t.value.latest = bounds
    return [e for e in extract_events(Article(id="t", text=text), fake_mentions(text), [t], ref="2018-05-08")
            if e.label == etype]


def test_a_date_stated_outright_before_the_article_is_not_a_plan():
    """'ستنسحب من الاتفاق المبرم عام 2015': the future verb is the withdrawal's; the deal happened."""
    text = "وقال سامي الحداد إن بلاده ستنسحب من الاتفاق المبرم مع كريم العلي عام 2015."
    evs = _dated(text, "عام 2015", "2015", ("2015-01-01", "2015-12-31"), "agreement")
    assert evs and evs[0].modality == "happened"
    # a planning adjective right after the trigger keeps the plan
    text = "وتحدث الحداد عن القمة المرتقبة مع كريم العلي في يونيو 2015."
    evs = _dated(text, "يونيو 2015", "2015-06", ("2015-06-01", "2015-06-30"), "meeting")
    assert evs and evs[0].modality == "scheduled"


def test_the_country_of_a_participants_title_is_not_a_party():
    from khabar.extract.entities.annotate import find_mentions

    t = "واستقبل الرئيس الروسي فلاديمير بوتين وزير خارجية قطر محمد بن عبدالرحمن آل ثاني في موسكو."
    evs = [e for e in extract_events(Article(id="t", text=t), find_mentions(t), []) if e.label == "meeting"]
    assert evs and "Q846" not in {p.entity_id for p in evs[0].participants}
    assert len(evs[0].participants) == 2


def test_a_news_outlet_that_reports_is_not_a_party():
    text = "وبحسب البيان الذي نشرته وكالة تاس، اتفق الجانبان على وقف التصعيد."
    evs = [e for e in events_of(text) if e.label == "agreement"]
    assert evs and all("ent:ORG:tass" not in {p.entity_id for p in e.participants} for e in evs)
    text = "وحسب صحيفة إزفيستيا، اتفق الطرفان على تبادل الأسرى."
    evs = [e for e in events_of(text) if e.label == "agreement"]
    assert evs and all("ent:ORG:izvestia" not in {p.entity_id for p in e.participants} for e in evs)


def test_the_reported_clause_dates_its_event_not_the_saying():
    text = "وأعلن المكتب مساء الجمعة أن قمة سامي الحداد مع كريم العلي ستعقد في 12 يونيو في الدوحة، بعد ثمانية أيام من تأجيلها."
    times = [time_at(text, "مساء الجمعة", "2024-06-07TEV"), time_at(text, "12 يونيو", "2024-06-12"),
             time_at(text, "ثمانية أيام", "P8D", typ="duration", grain="duration")]
    times[-1].rule = "duration.anchored"
    e = find(events_of(text, times), "meeting", "ent:PER:ali")
    assert e.time is not None and e.time.value == "2024-06-12"
    assert e.duration is None  # eight days after something else: not how long the summit lasts
    # with no date in the clause, the saying's date is all there is, and it is kept
    text = "وأعلن المكتب مساء الجمعة أن سامي الحداد أجرى اتصالاً هاتفياً مع كريم العلي."
    e = find(events_of(text, [time_at(text, "مساء الجمعة", "2024-06-07TEV")]), "phone_call", "ent:PER:ali")
    assert e.time is not None and e.time.value == "2024-06-07TEV"


@pytest.mark.parametrize("text", [
    "وهددت الحكومة بإلغاء المفاوضات مع كريم العلي.",
    "وقال المكتب إنه قد يلغي المفاوضات مع كريم العلي.",
    "وطالب نواب بإلغاء المفاوضات مع كريم العلي.",
    "وساق الحداد مبررات لإلغاء المفاوضات مع كريم العلي.",
])
def test_a_threat_or_a_call_to_call_off_is_not_calling_off(text):
    evs = [e for e in events_of(text) if e.label == "negotiation"]
    assert evs and evs[0].modality not in ("cancelled", "postponed"), [e.modality for e in evs]


def test_calling_off_a_planned_event_told_before_marks_it():
    text = ("ومن المقرر أن يلتقي سامي الحداد كريم العلي في قمة بالدوحة يوم 12 يونيو. "
            "لكن المكتب أعلن لاحقاً إلغاء القمة بسبب خلافات.")
    evs = [e for e in events_of(text, [time_at(text, "يوم 12 يونيو", "2024-06-12")]) if e.label == "meeting"]
    assert [e.modality for e in evs] == ["cancelled"]
    assert evs[0].time is not None and evs[0].time.value == "2024-06-12"


def test_visit_destination_is_the_place():
    e = find(events_of("وزار سامي الحداد القاهرة أمس."), "visit", "ent:PER:haddad")
    assert e.place == "القاهرة" and not any(p.entity_id == "ent:GPE:cairo" for p in e.participants)


def test_later_mentions_merge_into_one_frame():
    text = (
        "أجرى سامي الحداد مكالمة هاتفية مع كريم العلي. "
        "وتناولت المكالمة الوضع الاقتصادي. وقال مكتبه إن الاتصال كان ودياً."
    )
    calls = [e for e in events_of(text) if e.label == "phone_call"]
    assert len(calls) == 1 and len(calls[0].evidence) >= 2


def test_the_two_presidents_are_the_last_pair():
    text = "اتصل سامي الحداد بنظيره كريم العلي. وبحث الرئيسان في اجتماع لاحق ملف الحدود."
    e = find(events_of(text), "meeting", "ent:PER:haddad", "ent:PER:ali")
    assert e.modality == "happened"


def test_no_event_from_a_long_quotation():
    text = 'وقال سامي الحداد: "سنعقد قمة كبيرة مع جيراننا في الربيع المقبل بلا شك".'
    assert [e for e in events_of(text) if e.label == "meeting"] == []


# ---------------------------------------------------------------------------
# The seeds (read at run time; nothing of them is copied here)

REFS = {"000": "2025-08-20", "001": "2025-08-15", "002": "2025-05-19", "003": "2025-03-18", "004": "2025-02-12"}


@pytest.fixture(scope="module")
def seed_events(seeds_dir):
    from khabar.extract.registry import Context, pipeline, run_pipeline

    out = {}
    anns = pipeline()
    for p in sorted(seeds_dir.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        layers, _ = run_pipeline(Article(id=p.stem, text=text), anns, Context(ref=REFS[p.name[:3]]))
        out[p.name[:3]] = layers["events"]
    return out


def _has(events, etype, ids, *, date=None, modality="happened", place_id=None):
    for e in events:
        if e.label != etype or e.modality != modality:
            continue
        if not set(ids) <= {p.entity_id for p in e.participants}:
            continue
        if date and not (e.time and e.time.value.startswith(date)):
            continue
        if place_id and e.place_entity_id != place_id:
            continue
        return True
    return False


def test_seed_event_goals(seed_events):
    putin, trump, erdogan, biden = "Q7747", "Q22686", "Q39259", "Q6279"
    e000 = seed_events["000"]
    assert _has(e000, "phone_call", [putin, erdogan], date="2025-08-20")
    mbs = [e for e in e000 if e.label == "phone_call" and any("سلمان" in p.label for p in e.participants)]
    assert mbs and mbs[0].time.value == "2025-08-19" and any(p.entity_id == putin for p in mbs[0].participants)
    assert _has(e000, "meeting", [putin, trump], date="2025-08-15")
    assert any(e.label == "meeting" and e.time and e.time.value == "2025-08-15" and e.duration == "PT3H" for e in e000)
    assert _has(e000, "meeting", [putin, biden], date="2021-06")
    assert _has(seed_events["001"], "meeting", [putin, trump], date="2025-08-15")
    # 002: the call is announced, not held
    assert _has(seed_events["002"], "phone_call", [putin, trump], modality="scheduled")
    assert not _has(seed_events["002"], "phone_call", [putin, trump], modality="happened", date="2025-05-19")
    # 003: the broader ceasefire was refused; the call itself happened
    assert any(e.label == "ceasefire" and e.modality == "refused" for e in seed_events["003"])
    assert _has(seed_events["003"], "phone_call", [putin, trump], date="2025-03-18")
    assert _has(seed_events["004"], "phone_call", [putin, trump], date="2025-02-12")


@pytest.mark.parametrize("gold", ["events-seeds.jsonl", "events-fixtures.jsonl", "events-ant.jsonl", "events-ant2.jsonl"])
def test_eval_cli_events(run_cli, gold, request):
    if "seeds" in gold:
        request.getfixturevalue("seeds_dir")
    if "ant" in gold:
        request.getfixturevalue("ant_path")
    report = json.loads(run_cli("eval", "events", "--gold", str(GOLD / gold), "--json").output)
    assert report["recall"] >= 0.9
    assert report["modality_accuracy"] >= 0.9
    if "ant" not in gold:
        assert report["date_accuracy"] >= 0.8


def test_events_cli_on_a_store(run_cli):
    run_cli("ingest", str(HERE / "fixtures" / "qe" / "paris-talks.txt"))
    rows = json.loads(run_cli("events", "--json").output)
    assert {"type", "modality", "participants", "place", "time", "earliest", "latest", "duration", "trigger", "evidence"} <= set(rows[0])
    calls = json.loads(run_cli("events", "--type", "phone_call", "--modality", "scheduled", "--json").output)
    assert calls and all(r["type"] == "phone_call" and r["modality"] == "scheduled" for r in calls)


def test_ordinal_anaphor_names_an_earlier_event_of_the_same_type():
    text = ("وأجرى سامي الحداد مكالمة هاتفية مع كريم العلي مساء الأحد. والمكالمة هي الثالثة بين الرجلين هذا العام. "
            "وكانت الأولى في مطلع مارس.")
    times = [time_at(text, "مساء الأحد", "2024-06-02"), time_at(text, "مطلع مارس", "2024-03", grain="month")]
    calls = [e for e in events_of(text, times) if e.label == "phone_call"]
    first = [e for e in calls if e.time is not None and e.time.value == "2024-03"]
    assert first, [(e.label, e.time) for e in calls]
    assert {p.entity_id for p in first[0].participants} == {"ent:PER:haddad", "ent:PER:ali"}
    assert text[first[0].trigger_start : first[0].trigger_end] == "الأولى"
    # 'هي الثالثة' has no time of its own: it describes the Sunday call, it is no new event
    assert len(calls) == 2


def test_future_verb_trigger_is_not_happened():
    text = "وقال كريم العلي إن سامي الحداد سيلتقي رئيس الوزراء على الأرجح الشهر المقبل."
    evs = [e for e in events_of(text) if e.label == "meeting"]
    assert evs and evs[0].modality == "expected"


def test_any_event_is_hypothetical():
    text = "وتطالب الحكومة بأن يتضمن أي اتفاق بين سامي الحداد وكريم العلي ضمانات واضحة."
    evs = [e for e in events_of(text) if e.label == "agreement"]
    assert evs and evs[0].modality == "hypothetical"


@pytest.mark.parametrize(
    "text",
    [
        "وأكد الكرملين انعقاد القمة في موعدها.",
        "ونفت وزارة الخارجية عقد أي اجتماع مع الوفد.",
    ],
)
def test_who_confirms_or_denies_holding_an_event_is_no_party(text):
    """'أكدت X انعقاد القمة': the event is the object of the saying; X reports it."""
    evs = [e for e in events_of(text) if e.label == "meeting"]
    assert all(not ({"ent:ORG:kremlin", "ent:ORG:mfa"} & {p.entity_id for p in e.participants}) for e in evs)


def test_who_seeks_to_hold_an_event_still_takes_part():
    text = "وذكر المصدر أن موسكو تسعى إلى عقد اتفاق مع كييف."
    evs = [e for e in events_of(text) if e.label == "agreement"]
    assert evs and "ent:GPE:moscow" in {p.entity_id for p in evs[0].participants}
