"""quotes.rules.v1: phrase tables written for these tests, the seeds' sample quotes, the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_quotes_util import fake_mentions

from khabar.extract.quotes import extract_quotes
from khabar.model import Article

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold" / "qe"


def quotes_of(text: str):
    art = Article(id="t", text=text)
    return [(q, text[q.start : q.end]) for q in extract_quotes(art, fake_mentions(text))]


def one(text: str, starts: str):
    hits = [(q, s) for q, s in quotes_of(text) if s.startswith(starts)]
    assert hits, f"no quote starting {starts!r} in {[s for _, s in quotes_of(text)]}"
    return hits[0][0]


# (text, opening words of the content, speaker entity id or description, via, kind, channel word)
CASES = [
    pytest.param(
        'وقال سامي الحداد في مؤتمر صحفي: "سنعلن الخطة الأسبوع المقبل. لا تأجيل بعد اليوم".',
        "سنعلن الخطة", "ent:PER:haddad", None, "direct", "مؤتمر صحفي", id="colon-direct-two-sentences",
    ),
    pytest.param(
        "قالت ليلى منصور إن الحكومة ستخفض الضرائب هذا العام.",
        "الحكومة ستخفض", "ent:PER:mansour", None, "indirect", None, id="indirect-inna",
    ),
    pytest.param(
        "ونقلت وكالة تاس عن كريم العلي قوله إن المحادثات كانت صريحة.",
        "المحادثات كانت", "ent:PER:ali", "تاس", "indirect", None, id="relay-chain",
    ),
    pytest.param(
        'وقال الكرملين في بيان: «الاتصال كان مفيداً للطرفين».',
        "الاتصال كان", "ent:ORG:kremlin", None, "direct", "بيان", id="institution-statement",
    ),
    pytest.param(
        'وقال مصدران مطلعان على الملف إن "الاتفاق بات قريباً جداً".',
        "الاتفاق بات", "مصدران", None, "direct", None, id="unnamed-source",
    ),
    pytest.param(
        '"لن نتراجع عن موقفنا"، قال سامي الحداد.',
        "لن نتراجع", "ent:PER:haddad", None, "direct", None, id="postposed-verb",
    ),
    pytest.param(
        "وأكدت ليلى منصور في منشور على منصة إكس أن الحوار مستمر.",
        "الحوار مستمر", "ent:PER:mansour", None, "indirect", "منصة إكس", id="post-on-platform",
    ),
    pytest.param(
        'وصرح سامي الحداد لفوكس نيوز بأن "الأمور تسير في الاتجاه الصحيح".',
        "الأمور تسير", "ent:PER:haddad", "فوكس نيوز", "direct", None, id="interview-with-outlet",
    ),
]


@pytest.mark.parametrize("text,starts,speaker,via,kind,channel", CASES)
def test_phrase_table(text, starts, speaker, via, kind, channel):
    q = one(text, starts)
    assert speaker in ((q.speaker_entity_id or ""), (q.speaker or "")) or speaker in (q.speaker or "")
    assert (q.via or None) == via or (via and via in (q.via or ""))
    assert q.label == kind
    if channel:
        assert channel in (q.channel or "")
    assert q.content_start == q.start and q.content_end == q.end


def test_continuation_keeps_the_last_speaker():
    text = 'قال سامي الحداد إن الوضع صعب. وأضاف: "علينا أن نصبر قليلاً". وتابع أن الحل سياسي.'
    qs = quotes_of(text)
    assert [q.speaker_entity_id for q, _ in qs] == ["ent:PER:haddad"] * 3
    assert [q.cue for q, _ in qs] == ["قال", "وأضاف", "وتابع"]


def test_according_to_outlet_attaches_via():
    text = "وأعلن الكرملين أن الرئيسين سيلتقيان قريباً، بحسب ما أفادت وكالة سبوتنيك."
    (q, s), = quotes_of(text)
    assert q.speaker_entity_id == "ent:ORG:kremlin" and q.via == "سبوتنيك"
    assert s.endswith("قريباً")


def test_according_to_at_sentence_head():
    text = "ووفقاً لما صرح به سامي الحداد، فإن المفاوضات ستستأنف غداً."
    (q, s), = quotes_of(text)
    assert q.speaker_entity_id == "ent:PER:haddad" and "المفاوضات ستستأنف" in s


def test_no_quote_without_content_or_from_scare_quotes():
    assert quotes_of('واعتبر سامي الحداد "قمة الدوحة" فرصة نادرة للسلام.') == []
    assert quotes_of("وتابع الجمهور المباراة حتى نهايتها.") == []


def test_cue_inside_a_quotation_is_not_a_new_quote():
    text = 'وقال كريم العلي: "أعلن الوزير ذلك أمس، وقال إن الأمر محسوم".'
    qs = quotes_of(text)
    assert len(qs) == 1 and qs[0][0].speaker_entity_id == "ent:PER:ali"


def test_description_resolves_to_the_person_named_with_it():
    text = (
        "التقى الرئيس اللبناني سامي الحداد وفداً أوروبياً في بيروت. "
        'وقال الرئيس اللبناني: "نريد دعماً عاجلاً".'
    )
    q = one(text, "نريد دعماً")
    assert q.speaker == "الرئيس اللبناني" and q.speaker_entity_id == "ent:PER:haddad"


# ---------------------------------------------------------------------------
# The seeds (read at run time; nothing of them is copied here)


def _names(seeds_gold: dict, label: str) -> set[str]:
    from khabar.text.normalize import normalize

    for e in seeds_gold["entities"]:
        if e["label"] == label:
            return {normalize(v) for v in e["variants"]}
    return set()


@pytest.fixture(scope="module")
def seed_layers(seeds_dir):
    from khabar.extract.registry import Context, pipeline, run_pipeline

    refs = {"000": "2025-08-20", "001": "2025-08-15", "002": "2025-05-19", "003": "2025-03-18", "004": "2025-02-12"}
    out = {}
    anns = pipeline()
    for p in sorted(seeds_dir.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        layers, errors = run_pipeline(Article(id=p.stem, text=text), anns, Context(ref=refs[p.name[:3]]))
        assert not errors, errors
        out[p.name] = (text, layers)
    return out


def test_seed_sample_quotes_speaker_and_via(seed_layers, seeds_gold):
    from khabar.text.normalize import normalize

    for g in seeds_gold["quotes_sample"]:
        text, layers = seed_layers[g["doc"]]
        at = text.find(g["starts"])
        assert at >= 0
        hits = [q for q in layers["quotes"] if q.start <= at + 1 < q.end]
        assert hits, f"{g['doc']}: no quote at {at}"
        q = hits[0]
        names = _names(seeds_gold, g["speaker"])
        mention_ids = {
            m.entity_id for m in layers["mentions"] if normalize(text[m.start : m.end]) in names and m.entity_id
        }
        assert normalize(q.speaker or "") in names or q.speaker_entity_id in mention_ids, (g, q.speaker)
        if g.get("via"):
            assert normalize(q.via or "") in _names(seeds_gold, g["via"]), (g, q.via)


@pytest.mark.parametrize(
    "gold", ["quotes-seeds.jsonl", "quotes-fixtures.jsonl", "quotes-ant.jsonl", "quotes-ant2.jsonl", "quotes-ant3.jsonl",
            "quotes-ant4.jsonl", "quotes-ant5.jsonl"]
)
def test_eval_cli_speaker_accuracy(run_cli, gold, request):
    if "seeds" in gold:
        request.getfixturevalue("seeds_dir")
    if "ant" in gold:
        request.getfixturevalue("ant_path")
    res = run_cli("eval", "quotes", "--gold", str(GOLD / gold), "--json")
    report = json.loads(res.output)
    assert report["recall"] >= (0.85 if "ant" in gold else 0.9)
    assert report["speaker_accuracy"] >= (0.85 if "ant" in gold else 0.9)
    assert report["via_accuracy"] >= 0.9


def test_quotes_cli_on_a_store(run_cli):
    fixture = HERE / "fixtures" / "qe" / "un-calm.txt"
    run_cli("ingest", str(fixture))
    rows = json.loads(run_cli("quotes", "--json").output)
    assert len(rows) >= 8
    assert {"speaker", "via", "cue", "channel", "kind", "text", "start", "end", "article"} <= set(rows[0])
    netanyahu = json.loads(run_cli("quotes", "--speaker", "نتنياهو", "--json").output)
    assert len(netanyahu) == 1 and netanyahu[0]["kind"] == "direct"
    bad = run_cli("quotes", "--article", "no-such-article", ok=False)
    assert bad.exit_code != 0 and "Error" in bad.output


def test_office_of_an_organisation_is_a_person():
    # session 4 round 2 (our own sentences): 'مؤسس فيسبوك' / 'رئيس شركة أرامكو' describe a person; the
    # organisation after the office is never the speaker (the real NER marks فيسبوك and أرامكو as ORG)
    from khabar.extract.entities.annotate import find_mentions

    text = (
        'تحدث مؤسس شركة "فيسبوك"، مارك زوكربيرغ، أمام لجنة في البرلمان الأوروبي. '
        'وتابع مؤسس فيسبوك قائلا: "سنعمل مع الجميع على حماية البيانات".'
    )
    qs = extract_quotes(Article(id="t", text=text), find_mentions(text))
    q = next(q for q in qs if text[q.start : q.end].startswith("سنعمل"))
    assert q.speaker == "مؤسس فيسبوك" and (q.speaker_entity_id or "").startswith("ent:PER:")  # the founder named before
    text = "وقال رئيس شركة أرامكو إن الإنتاج سيرتفع في الربع المقبل بعد توسعة الحقول."
    qs = extract_quotes(Article(id="t", text=text), find_mentions(text))
    assert [q.speaker for q in qs] == ["رئيس شركة أرامكو"]


def test_office_before_a_body_glued_to_a_conjunction():
    """A body whose name starts inside its token ('ومراسل وتاس كريم العلي': the و is no part of
    the name) once sent the description walk back to the same token for ever."""
    import signal

    text = 'وقال مدير وتاس كريم العلي للصحفيين: "الوضع هادئ".'
    def stuck(*_):
        raise TimeoutError("the description walk did not end")

    old = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    try:
        q = one(text, "الوضع هادئ")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert q.speaker_entity_id == "ent:PER:ali"
