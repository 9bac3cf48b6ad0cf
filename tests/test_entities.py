"""Cross-article identity (khabar.corpus.entities) and the entities pipeline step + CLI."""
from __future__ import annotations

import hashlib
import json

import pytest

from khabar.corpus.doc import Doc
from khabar.corpus.entities import build_entities, same_name
from khabar.model import Article
from khabar.text.normalize import normalize


@pytest.fixture(scope="session")
def find():
    from khabar.extract.entities.annotate import find_mentions

    return find_mentions


def _doc(aid: str, text: str, find) -> Doc:
    return Doc(Article(id=aid, text=text), {"mentions": find(text)})


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("ترامب", "ترمب", True),
        ("سيرغي لافروف", "سيرجي لافروف", True),
        ("غرينتش", "جرينتش", True),
        ("ألاسكا", "آلاسكا", True),
        ("كارلوس منديز", "كارلوس مينديز", True),
        ("ترامب", "بايدن", False),
        ("محمد بن سلمان", "محمد بن زايد", False),
        ("جورجيا", "ولاية جورجيا", False),
        ("أحمد حسن", "أحمد حسين", False),
        ("محمد", "محمود", False),
        ("بولتون", "بلاتيني", False),
        ("هاري", "هاريس", False),
        ("جونسون", "جونستون", False),
        ("كامبريدج", "كامبردج", True),
        ("زيلينسكي", "زيلنسكي", True),
    ],
)
def test_same_name_guards(a, b, same):
    assert same_name(a, b) is same


def test_cross_article_merge_of_unknown_names(find):
    docs = [
        _doc("a1", "وقال وزير المالية كارلوس منديز إن الموازنة جاهزة.", find),
        _doc("a2", "وأكد وزير المالية كارلوس مينديز أن العجز تراجع. وأضاف مينديز أن الضرائب لن ترتفع.", find),
        _doc("a3", "وقال وزير المالية كارلوس رودريغيز إن الموازنة تأخرت.", find),
    ]
    ents, remap = build_entities(docs)
    by_variant = {}
    for e in ents:
        for v in e.variants:
            by_variant.setdefault(v, set()).add(e.id)
    assert by_variant["كارلوس منديز"] == by_variant["كارلوس مينديز"] == by_variant["مينديز"]
    assert by_variant["كارلوس رودريغيز"] != by_variant["كارلوس منديز"]
    e = next(e for e in ents if "كارلوس منديز" in e.variants)
    assert set(e.articles) == {"a1", "a2"} and "وزير المالية" in e.roles
    assert remap  # some local ids were re-pointed


def test_known_entities_keep_apart(find):
    docs = [
        _doc("b1", "التقى ترامب بايدن في واشنطن، ثم سافر إلى ولاية جورجيا.", find),
        _doc("b2", "استقبل ولي العهد السعودي محمد بن سلمان الرئيس الإماراتي محمد بن زايد، وزار ترمب جورجيا.", find),
    ]
    ents, _ = build_entities(docs)
    ids = {v: e.id for e in ents for v in e.variants}
    assert ids["ترامب"] == ids["ترمب"] == "Q22686"
    assert ids["بايدن"] != ids["ترامب"]
    assert ids["محمد بن سلمان"] != ids["محمد بن زايد"]
    assert ids["ولاية جورجيا"] != ids["جورجيا"]
    trump = next(e for e in ents if e.id == "Q22686")
    assert trump.label_en == "Donald Trump" and trump.wikidata == "Q22686" and trump.mention_count == 2


def test_seeds_gold_entities(seeds_dir, seeds_gold, find):
    """Every gold entity found, its variants in one entity, no two gold entities merged."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}
    docs = [_doc(k, t, find) for k, t in texts.items()]
    corpus = " ".join(" ".join(normalize(t).split()) for t in texts.values())
    ents, _ = build_entities(docs)
    owner: dict[str, set[str]] = {}
    for e in ents:
        for v in e.variants:
            owner.setdefault(" ".join(normalize(v).split()), set()).add(e.id)
    seen_ids: dict[str, str] = {}
    missing, split, merged = [], [], []
    for g in seeds_gold["entities"]:
        ids = set()
        for v in g["variants"]:
            key = " ".join(normalize(v).split())
            got = owner.get(key)
            if not got and key not in corpus:
                continue  # a spelling the seeds do not contain cannot be seen
            if not got:
                missing.append((g["label"], v))
            else:
                ids |= got
        if len(ids) > 1:
            split.append((g["label"], ids))
        for i in ids:
            if i in seen_ids and seen_ids[i] != g["label"]:
                merged.append((seen_ids[i], g["label"]))
            seen_ids[i] = g["label"]
    assert not missing, missing
    assert not split, split
    assert not merged, merged


def _put(store, aid, text):
    a = Article(id=aid, text=text, text_hash=hashlib.sha1(text.encode()).hexdigest())
    store.put_article(a, source_key=aid)
    return a


def test_pipeline_step_and_cli(db_path, run_cli):
    from khabar.app.pipeline.analyze import analyze
    from khabar.app.pipeline.entities import update_entities
    from khabar.store import Store

    with Store(db_path) as st:
        _put(st, "x1", "أكد الناطق باسم الكرملين، ديميتري بيسكوف، أن بوتين سيزور بكين.")
        _put(st, "x2", "وأضاف بيسكوف أن وزير الخارجية سيرجي لافروف سيرافق الرئيس الروسي.")
        analyze(st, ["x1", "x2"])
        rep = update_entities(st, changed_ids=["x1", "x2"])
        assert rep["entities"] >= 4
    r = run_cli("entities", "--json")
    rows = json.loads(r.output)
    assert all({"id", "type", "label_ar", "label_en", "variants", "roles", "mentions", "articles"} <= set(x) for x in rows)
    peskov = [x for x in rows if "بيسكوف" in x["variants"]]
    assert len(peskov) == 1 and set(peskov[0]["articles"]) == {"x1", "x2"}
    r = run_cli("entities", "--article", "x2", "--type", "PER", "--json")
    rows = json.loads(r.output)
    assert rows and all(x["type"] == "PER" and "x2" in x["articles"] for x in rows)
    r = run_cli("entities", "--article", "nope", ok=False)
    assert r.exit_code != 0


def test_ambiguous_surname_stays_open():
    """Linking alone (the spans are given): two full names share the surname, so the short
    form is left to neither."""
    from khabar.extract.entities.annotate import _link
    from khabar.extract.entities.gazetteer import gazetteer
    from khabar.model import Mention

    t = "سامي الفرحان ونبيل الفرحان ثم الفرحان"
    spans = [(0, 12), (14, 26), (30, 37)]
    ms = [Mention(start=a, end=b, label="PER") for a, b in spans]
    _link(t, ms, gazetteer())
    assert ms[0].entity_id != ms[1].entity_id
    assert ms[2].entity_id not in (ms[0].entity_id, ms[1].entity_id)
    ms = [Mention(start=a, end=b, label="PER") for a, b in spans[:1] + spans[2:]]
    _link(t, ms, gazetteer())
    assert ms[0].entity_id == ms[1].entity_id  # one full name: the short form is that person


def test_no_chaining_through_a_stray_spelling(find):
    docs = [
        _doc("c1", "وقال مستشار الأمن القومي جون بولتون إن العقوبات باقية.", find),
        _doc("c2", "وقال النجم الفرنسي ميشيل بلاتيني إن البطولة ناجحة.", find),
        _doc("c3", "وأضاف بولتن أن الخيارات مفتوحة، وقال جون بولتن إن الاتفاق سيئ.", find),
    ]
    ents, _ = build_entities(docs)
    ids = {v: e.id for e in ents for v in e.variants}
    assert ids["جون بولتون"] == ids["جون بولتن"]
    assert ids["ميشيل بلاتيني"] != ids["جون بولتون"]


def test_seeds_through_the_pipeline(seeds_dir, seeds_gold, run_cli):
    """`khabar ingest` on the seeds, then `khabar entities --json`: gold spellings that occur
    in the seeds sit in one entity each, and no entity holds two gold entities."""
    run_cli("ingest", str(seeds_dir))
    rows = json.loads(run_cli("entities", "--json").output)
    owner: dict[str, set[str]] = {}
    for r in rows:
        for v in r["variants"]:
            owner.setdefault(" ".join(normalize(v).split()), set()).add(r["id"])
    corpus = " ".join(" ".join(normalize(p.read_text(encoding="utf-8")).split()) for p in seeds_dir.glob("*.txt"))
    seen: dict[str, str] = {}
    for g in seeds_gold["entities"]:
        ids = set()
        for v in g["variants"]:
            key = " ".join(normalize(v).split())
            if key in corpus:
                assert owner.get(key), (g["label"], v)
                ids |= owner[key]
        assert len(ids) <= 1, (g["label"], ids)
        for i in ids:
            assert seen.setdefault(i, g["label"]) == g["label"], (i, g["label"])
    putin = next(r for r in rows if r["id"] == "Q7747")
    assert putin["label_en"] == "Vladimir Putin" and "الرئيس" in putin["roles"] and len(putin["articles"]) >= 4


def test_merged_ids_reach_quotes_and_events(store, find):
    from khabar.app.pipeline.entities import update_entities
    from khabar.model import Event, Participant, Quote

    a1 = _put(store, "q1", "وقال وزير المالية كارلوس منديز إن الموازنة جاهزة.")
    a2 = _put(store, "q2", "وقال وزير المالية كارلوس مينديز إن العجز تراجع.")
    for a in (a1, a2):
        ms = find(a.text)
        store.put_layer(a, "mentions", ms, "mentions.ner.v1")
        pid = next(m.entity_id for m in ms if m.label == "PER" and m.named)
        store.put_layer(a, "quotes", [Quote(start=0, end=5, speaker_entity_id=pid)], "quotes.test.v1")
        store.put_layer(
            a, "events", [Event(start=0, end=5, participants=[Participant(label="x", entity_id=pid)])], "events.test.v1"
        )
    rep = update_entities(store)
    assert rep["merged_ids"] >= 1
    q = [store.get_layer(i, "quotes", Quote)[0].speaker_entity_id for i in ("q1", "q2")]
    e = [store.get_layer(i, "events", Event)[0].participants[0].entity_id for i in ("q1", "q2")]
    assert q[0] == q[1] and e[0] == e[1] == q[0]
    assert store.layers_of("q1")["quotes"]["annotator"] == "quotes.test.v1"


def test_a_rare_first_name_alone_takes_the_full_names_id():
    from khabar.extract.entities.annotate import _link
    from khabar.extract.entities.gazetteer import gazetteer
    from khabar.model import Mention

    text = "فاز زاهيروف بختياروف في الاقتراع، وقال محمد علي إن زاهيروف وعد بالإصلاح، وأضاف محمد أن النتيجة نهائية."

    def at(word: str, nth: int = 0) -> Mention:
        i = -1
        for _ in range(nth + 1):
            i = text.index(word, i + 1)
        return Mention(start=i, end=i + len(word), label="PER")

    full, other, short, common = at("زاهيروف بختياروف"), at("محمد علي"), at("زاهيروف", 1), at("محمد", 1)
    _link(text, [full, other, short, common], gazetteer(), {"محمد": 500})
    assert short.entity_id == full.entity_id == "ent:PER:زاهيروف بختياروف"
    assert common.entity_id == "ent:PER:محمد"  # a common first name stays open
