"""Bad input: each case gets one clear message naming the file (and line), the run
continues, and nothing already stored is lost."""
from __future__ import annotations

import json
import shutil

import pytest

from khabar.app.pipeline.ingest import ingest_paths
from khabar.ingest import Loaded, Skipped, read_sources
from khabar.settings import Settings

ARABIC = (
    "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في المدينة، وقال الوزير إن المستشفى سيخدم أكثر من مئة ألف نسمة.\n"
    "وأضاف أن العمل في المشروع استمر ثلاث سنوات بتمويل حكومي كامل."
)


def _one(path, settings=None):
    items = list(read_sources([str(path)], settings or Settings()))
    assert len(items) == 1, items
    return items[0]


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    it = _one(p)
    assert isinstance(it, Skipped) and str(it) == f"{p}: empty file"


def test_whitespace_only_file_is_empty(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_text("\n \n\t\n", encoding="utf-8")
    it = _one(p)
    assert isinstance(it, Skipped) and "empty" in it.reason


def test_binary_file(tmp_path):
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    it = _one(p)
    assert isinstance(it, Skipped) and str(p) in str(it) and "binary" in it.reason


def test_truncated_html_keeps_what_is_there(tmp_path, examples_dir):
    html = (examples_dir / "beijing-agreement.html").read_text(encoding="utf-8")
    cut = html.index("ونص البيان")
    p = tmp_path / "cut.html"
    p.write_text(html[:cut], encoding="utf-8")
    it = _one(p)
    assert isinstance(it, Loaded)
    assert "اتفقت المملكة العربية السعودية" in it.article.text
    assert "ونص البيان" not in it.article.text
    assert it.article.published.startswith("2023-03-10")


def test_big_file_is_skipped_with_the_limit_named(tmp_path):
    p = tmp_path / "huge.html"
    with p.open("wb") as fh:
        fh.truncate(50_000_000)  # 50 MB (sparse)
    it = _one(p)
    assert isinstance(it, Skipped)
    assert "50.0 MB" in it.reason and "KHABAR_MAX_FILE_BYTES" in it.reason


def test_big_jsonl_is_streamed(tmp_path):
    p = tmp_path / "big.jsonl"
    with p.open("w", encoding="utf-8") as fh:
        for i in range(30):
            fh.write(json.dumps({"docno": f"D{i}", "text": f"{ARABIC} رقم {i}."}, ensure_ascii=False) + "\n")
    settings = Settings(max_file_bytes=2_000)  # the file is far over it; each line is under it
    items = list(read_sources([str(p)], settings))
    assert len(items) == 30 and all(isinstance(i, Loaded) for i in items)


def test_invalid_utf8_is_read_and_reported(tmp_path):
    p = tmp_path / "bad-bytes.txt"
    data = ARABIC.encode("utf-8")
    p.write_bytes(data[:40] + b"\xff\xfe" + data[40:])
    it = _one(p)
    assert isinstance(it, Loaded)
    assert any("invalid byte" in n for n in it.notes)
    assert "وأضاف أن العمل في المشروع" in it.article.text


def test_jsonl_with_one_broken_line(tmp_path):
    p = tmp_path / "feed.jsonl"
    good = [json.dumps({"docno": f"N{i}", "title": "عنوان", "text": f"{ARABIC} {i}"}, ensure_ascii=False)
            for i in range(3)]
    p.write_text("\n".join([good[0], '{"docno": "N9", "text": "مقطوع', good[1], good[2]]) + "\n", encoding="utf-8")
    items = list(read_sources([str(p)], Settings()))
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(skipped) == 1 and skipped[0].line == 2
    assert str(skipped[0]).startswith(f"{p}:2: broken JSON")
    assert [i.article.external_id for i in items if isinstance(i, Loaded)] == ["N0", "N1", "N2"]


def test_non_arabic_article(tmp_path):
    p = tmp_path / "english.txt"
    p.write_text("Markets rallied on Monday as investors welcomed the central bank decision to hold rates.\n" * 3,
                 encoding="utf-8")
    it = _one(p)
    assert isinstance(it, Skipped) and it.reason.startswith("not Arabic")


def test_missing_path():
    (it,) = list(read_sources(["/no/such/place.txt"], Settings()))
    assert isinstance(it, Skipped) and it.reason == "no such file or directory"


def test_run_continues_reports_each_and_keeps_what_was_stored(tmp_path, store, examples_dir):
    good = tmp_path / "good"
    shutil.copytree(examples_dir, good)
    first = ingest_paths(store, [str(good)], Settings(), echo=lambda s: None, progress=False)
    assert first["new"] == 15 and not first["skipped"]
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a-empty.txt").write_bytes(b"")
    (bad / "b-binary.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "c-english.txt").write_text("Only English words are here, nothing else at all. " * 4, encoding="utf-8")
    (bad / "d-dup.txt").write_bytes((good / "singapore-eve.txt").read_bytes())
    (bad / "e-broken.jsonl").write_text('{"docno": 1, "text": \n', encoding="utf-8")
    (bad / "f-new.txt").write_text("عنوان جديد\n" + ARABIC, encoding="utf-8")
    said: list[str] = []
    rep = ingest_paths(store, [str(bad)], Settings(), echo=said.append, progress=False)
    assert rep["new"] == 1 and rep["duplicate"] == 1
    assert len(rep["skipped"]) == 4
    for name in ("a-empty.txt", "b-binary.txt", "c-english.txt", "e-broken.jsonl:1"):
        assert sum(name in s for s in rep["skipped"]) == 1, name
    out = "\n".join(said)
    assert "d-dup.txt: duplicate of article" in out and "c-english.txt: not Arabic" in out
    assert store.count_articles() == 16
    assert store.db.execute("SELECT count(*) FROM skipped").fetchone()[0] == 4


def test_killed_run_leaves_a_consistent_store_and_resumes(tmp_path, store, examples_dir, monkeypatch):
    import khabar.app.pipeline.ingest as ing

    real = ing.read_sources

    def dying(paths, settings, **kw):
        for n, item in enumerate(real(paths, settings, **kw)):
            if n == 7:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(ing, "read_sources", dying)
    with pytest.raises(KeyboardInterrupt):
        ing.ingest_paths(store, [str(examples_dir)], Settings(batch_size=3), echo=lambda s: None, progress=False)
    kept = store.count_articles()
    assert kept == 6  # two whole batches of 3; the half batch was rolled back
    monkeypatch.setattr(ing, "read_sources", real)
    rep = ing.ingest_paths(store, [str(examples_dir)], Settings(batch_size=3), echo=lambda s: None, progress=False)
    assert rep["same"] == 6 and rep["new"] == 9 and store.count_articles() == 15


def test_jsonl_same_url_twice_keeps_the_later_and_rerun_changes_nothing(tmp_path, store):
    p = tmp_path / "two.jsonl"
    recs = [
        {"docno": "A", "url": "https://x.example/1", "text": ARABIC},
        {"docno": "B", "url": "https://x.example/2", "text": ARABIC + " ثانية"},
        {"docno": "A2", "url": "https://x.example/1", "text": ARABIC + " بعد التحديث"},
    ]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    said: list[str] = []
    rep = ingest_paths(store, [str(p)], Settings(), echo=said.append, progress=False)
    assert rep["new"] == 2 and rep["superseded"] == 1
    assert any(f"{p}:1: superseded by line 3" in s for s in said)
    assert store.get_article("A2").text.endswith("بعد التحديث")
    again = ingest_paths(store, [str(p)], Settings(), echo=lambda s: None, progress=False)
    assert again["same"] == 2 and not again["changed_ids"]
