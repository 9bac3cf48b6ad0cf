"""The SQLite store: idempotent, transactional, searchable across spelling variants."""
import hashlib

import pytest

from khabar.model import Article, Entity, Mention, TimeExpr, TimeValue
from khabar.text.normalize import normalize


def make(text, title="عنوان", **kw):
    h = hashlib.sha1(normalize(text).encode()).hexdigest()
    return Article(id=h[:16], text=text, title=title, text_hash=h, **kw)


def test_same_article_twice_is_stored_once(store):
    a = make("وصل الرئيس إلى ألاسكا صباح اليوم.")
    assert store.put_article(a, "k1")[0] == "new"
    assert store.put_article(a, "k1")[0] == "same"
    assert store.count_articles() == 1


def test_changed_version_replaces_old_and_its_layers(store):
    a = make("نص أول عن القمة في ألاسكا.")
    store.put_article(a, "file.txt")
    store.put_layer(a, "times", [TimeExpr(0, 2, value=TimeValue("2025-08-15"))], "time.rules.v1")
    b = make("نص ثان معدل عن القمة في ألاسكا.")
    status, old = store.put_article(b, "file.txt")
    assert (status, old) == ("updated", a.id)
    assert store.count_articles() == 1
    assert store.get_layer(a.id, "times", TimeExpr) is None
    assert store.get_article(b.id).text == b.text


def test_duplicate_from_other_source_is_reported(store):
    a = make("خبر منقول عن وكالة تاس.")
    store.put_article(a, "one.txt")
    assert store.put_article(a, "two.txt") == ("duplicate", a.id)


@pytest.mark.parametrize("q", ["آلاسكا", "الاسكا", "ألاسكا", "إلاسكا"])
def test_search_finds_every_alef_form_and_glued_forms(store, q):
    store.put_article(make("عقدت القمة بألاسكا يوم الجمعة."), "a")
    store.put_article(make("وصل ترامب إلى آلاسكا."), "b")
    store.put_article(make("لا علاقة لهذا الخبر بشيء."), "c")
    hits = store.search(q)
    assert len(hits) == 2
    assert all("اسكا" in normalize(h["snippet"]) for h in hits)


def test_failed_transaction_leaves_nothing(store):
    a = make("خبر أول.")
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.put_article(a, "x")
            raise RuntimeError("killed")
    assert store.count_articles() == 0
    assert store.search("خبر") == []


def test_layers_and_entities_round_trip(store):
    a = make("التقى بوتين أردوغان.")
    store.put_article(a, "x")
    m = Mention(6, 11, "PER", entity_id="Q7747", role="الرئيس")
    store.put_layer(a, "mentions", [m], "entities.v1")
    assert store.get_layer(a.id, "mentions", Mention) == [m]
    e = Entity("Q7747", "PER", "فلاديمير بوتين", "Vladimir Putin", variants=["بوتين", "بوتن"])
    store.put_entities([e])
    assert store.get_entity("Q7747") == e


def test_migrations_are_recorded_and_idempotent(tmp_path):
    from khabar.store import Store

    s = Store(tmp_path / "m.db")
    first = s.schema_version()
    assert first and first[0].startswith("0001_")
    s.close()
    s = Store(tmp_path / "m.db")
    assert s.migrate() == []
    s.close()
