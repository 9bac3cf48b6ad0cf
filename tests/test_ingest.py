"""Ingest: reading the example corpus (all formats and encodings), ids, metadata, chrome."""
from __future__ import annotations

import json

import pytest

from khabar.ingest import Loaded, Skipped, count_sources, make_ids, read_sources
from khabar.ingest.chrome import clean_text, load_rules, match, parse_published
from khabar.ingest.encoding import DecodeError, decode_bytes
from khabar.ingest.sources import canonical_url, iso_published
from khabar.settings import Settings


@pytest.fixture(scope="module")
def loaded(examples_dir):
    items = list(read_sources([str(examples_dir)], Settings()))
    assert not [i for i in items if isinstance(i, Skipped)], [str(i) for i in items if isinstance(i, Skipped)]
    return {(i.article.external_id or ""): i for i in items if isinstance(i, Loaded)}


def test_examples_all_formats_load(loaded):
    assert len(loaded) == 15
    kinds = {k.rsplit(".", 1)[-1] for k in loaded if "." in k and "/" not in k}
    assert {"txt", "html"} <= kinds
    assert "WIRE-2018-0601-017" in loaded  # JSONL docno kept as external id
    assert any(k.startswith("https://annahar-digital.example/") for k in loaded)  # RSS item


@pytest.mark.parametrize(
    "name,encoding",
    [
        ("singapore-eve.txt", "utf-8-bom"),
        ("saudi-iran-reactions.txt", "utf-16-le"),
        ("gaza-truce-first-day.txt", "windows-1256"),
        ("singapore-summit-day.txt", "utf-8"),
    ],
)
def test_encodings_detected_and_reported(loaded, name, encoding):
    item = loaded[name]
    assert item.article.encoding == encoding
    assert "الهدنة" in item.article.text or "ال" in item.article.text
    if encoding != "utf-8":
        assert f"read as {encoding}" in item.notes


def test_plain_text_metadata_and_chrome(loaded):
    a = loaded["singapore-summit-day.txt"].article
    assert a.title.startswith("ترامب وكيم يوقعان")
    assert a.published == "2018-06-12" and a.published_source == "text-line"
    assert a.dateline == "سنغافورة"
    assert a.outlet == "الأفق نيوز"
    assert a.keywords and "سنغافورة" in a.keywords[0]
    for chrome in ("استمع للمقال", "Play", "وقت القراءة", "اقرأ أيضاً", "الأكثر قراءة", "جميع الحقوق",
                   "رويترز", "الرئيسية >", "أسعار النفط"):
        assert chrome not in a.text, chrome
    assert a.text.startswith("صافح الرئيس الأميركي دونالد ترامب")
    assert "«عقدنا اجتماعاً تاريخياً" in a.text
    assert a.text.rstrip().endswith("على متن طائرة صينية.")


def test_bullet_summary_related_article_and_date_line(loaded):
    main = loaded["doha-ceasefire-announced.txt"].article
    rel = loaded["doha-ceasefire-announced.txt#related-1"].article
    assert main.published == "2025-01-15"  # from '١٥/٠١/٢٠٢٥' (Arabic-Indic digits, D/M/Y)
    assert len(main.summary) == 3 and main.summary[1].startswith("المرحلة الأولى")
    assert "المرحلة الأولى مدتها" not in main.text
    assert main.dateline == "الدوحة"
    assert "بلينكن" not in main.text and "إقرأ أيضاً" not in main.text
    assert rel.parent_id == main.id and rel.published is None
    assert rel.title.startswith("بلينكن يعرض")
    assert "لا يمكن لحماس أن تحكم غزة" in rel.text
    assert loaded["doha-ceasefire-announced.txt#related-1"].source_key.endswith("#related-1")


def test_html_meta_fast_path_and_htmldate(loaded):
    a = loaded["trump-cancels-summit.html"].article
    assert a.published_source == "meta" and a.published.startswith("2018-05-24")
    assert a.outlet == "المرصد الدولي"
    assert a.url == "https://almarsad.example/world/2018/05/24/trump-cancels-kim-summit"
    assert a.title.startswith("ترامب يلغي قمته")
    for chrome in ("الرئيسية", "سياسة الخصوصية", "ملفات تعريف الارتباط", "عاجل:"):
        assert chrome not in a.text
    assert "فجرت كوريا الشمالية أنفاق موقع" in a.text
    b = loaded["israel-cabinet-approves.html"].article
    assert b.published == "2025-01-18" and b.published_source == "htmldate"  # from the dated URL


def test_jsonl_and_feed_fields(loaded):
    a = loaded["WIRE-2023-0310-088"].article
    assert a.outlet == "وكالة المدار للأنباء"
    assert a.published == "2023-03-10T16:20:00+03:00" and a.published_source == "jsonl"
    assert a.source_line == 3 and a.url.startswith("https://wakalat.example/")
    f = loaded["https://annahar-digital.example/world/2023/04/06/saudi-iran-ministers-beijing"].article
    assert f.outlet == "النهار الرقمي" and f.published.startswith("2023-04-06") and f.published_source == "feed"
    assert "فيصل بن فرحان" in f.text


def test_ids_are_stable_and_from_url_or_text(loaded):
    a = loaded["WIRE-2018-0601-017"].article
    assert a.id == make_ids(a.text, a.url)[0] == make_ids("other text", a.url)[0]  # from the URL
    t = loaded["singapore-eve.txt"].article
    assert t.url is None and t.id == t.text_hash[:16]
    # normalisation: hamza/yaa/diacritic variants and spacing give the same text id
    assert make_ids("أعلن  الرئيسُ", None) == make_ids("اعلن الرئيس", None)
    again = list(read_sources([str(loaded["singapore-eve.txt"].article.source_path)], Settings()))
    assert again[0].article.id == t.id and again[0].article.text_hash == t.text_hash


def test_canonical_url():
    assert canonical_url("HTTPS://Example.COM/a/b/?utm_source=x&id=3#top") == "https://example.com/a/b?id=3"


def test_near_duplicate_wire_copy_is_its_own_article(loaded):
    a = loaded["singapore-summit-day.txt"].article
    b = loaded["WIRE-2018-0612-104"].article
    assert a.id != b.id and "ترمب" in b.text and "كيم جونج أون" in b.text


def test_count_sources(examples_dir):
    # 9 files (README.md passed over) + 4 JSONL lines
    assert count_sources([str(examples_dir)]) == 13


def test_decode_bytes():
    s = "خبر عاجل من القاهرة"
    assert decode_bytes(s.encode("cp1256")) == (s, "windows-1256")
    assert decode_bytes(s.encode("utf-16")) == (s, "utf-16-le")
    assert decode_bytes(s.encode("utf-16-le")) == (s, "utf-16-le")
    assert decode_bytes(b"\xef\xbb\xbf" + s.encode()) == (s, "utf-8-bom")
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(bytes(range(256)) * 4)


@pytest.mark.parametrize(
    "value,iso",
    [
        ("12th, February 2025 GMT", "2025-02-12"),
        ("١٥/٠١/٢٠٢٥", "2025-01-15"),
        ("الثلاثاء 12 يونيو/ حزيران 2018", "2018-06-12"),
        ("3 كانون الثاني/ يناير 2024", "2024-01-03"),
        ("الجمعة 10 مارس 2023 - 14:05", "2023-03-10T14:05"),
        ("كلام بلا تاريخ", None),
    ],
)
def test_parse_published(value, iso):
    assert parse_published(value) == iso


def test_iso_published_forms():
    assert iso_published("Fri, 04 May 2018 11:47:16 +0400") == "2018-05-04T11:47:16+04:00"
    assert iso_published("2018-06-01 21:10:00") == "2018-06-01T21:10:00"
    assert iso_published("2023-03-10") == "2023-03-10"
    assert iso_published("") is None


@pytest.mark.parametrize(
    "line,action",
    [
        ("استمع إلى الملخص", "drop"),
        ("إستمع للخبر", "drop"),
        ("اقرأ أيضاً: عنوان خبر آخر عن الاقتصاد", "link"),
        ("إقرأ أيضاً:", "related"),
        ("مدة القراءة 6 دقائق", "drop"),
        ("الأكثر قراءة", "tail"),
        ("تابعونا على فيسبوك", "tail"),
        ("نحن نستخدم ملفات تعريف الارتباط لتحسين تجربتك على الموقع.", "drop"),
        ("لقطة من الاجتماع في القصر الرئاسي - رويترز", "credit"),
        ("المصدر: وكالات", "meta:outlet"),
        ("تاريخ النشر: 3 مارس 2024", "meta:published"),
        ("الوسوم: سياسة، اقتصاد", "meta:keywords"),
        ("منذ 3 ساعات", "drop"),
        ("عدد القراءات: 345", "drop"),
        ("بقلم: سعاد الحربي", "drop"),
        ("انضم إلى قناتنا على تلغرام", "drop"),
        ("كتب الرئيس رسالة طويلة إلى نظيره يدعوه فيها إلى استئناف الحوار.", None),
        # article sentences are not chrome
        ("وقال الوزير إن المحادثات ستستأنف الأسبوع المقبل في العاصمة.", None),
        ("ونقلت وكالة رويترز عن مسؤول قوله إن الاتفاق قريب جداً من الاكتمال وإن الوسطاء متفائلون - رويترز.", None),
        ("نشر الجيش تعزيزات كبيرة على الحدود الشمالية خلال عام 2024 بعد سلسلة من الهجمات المتكررة.", None),
    ],
)
def test_chrome_rules(line, action):
    rule = match(line, load_rules())
    assert (rule.action if rule else None) == action


def test_chrome_keeps_subheadings_and_joins_comma_lines():
    raw = "\n".join([
        "عنوان الخبر الرئيسي عن القمة",
        "استمع للمقال",
        "قال المتحدث باسم الوزارة إن الوفدين التقيا صباح اليوم في مقر الوزارة لبحث الملفات العالقة بين البلدين",
        "، وأضاف أن الاجتماع كان إيجابياً.",
        "خلافات قائمة",
        "وأشار إلى أن نقاط الخلاف لا تزال قائمة بشأن الحدود والمياه، وأن جولة جديدة ستعقد الشهر المقبل.",
        "الأكثر قراءة",
        "عنوان قصير أول",
        "عنوان قصير ثان",
    ])
    c = clean_text(raw)
    assert c.title == "عنوان الخبر الرئيسي عن القمة"
    assert c.lines[0].endswith("بين البلدين، وأضاف أن الاجتماع كان إيجابياً.")
    assert c.lines[1] == "خلافات قائمة"  # a sub-heading is article text
    assert len(c.lines) == 3
    assert {r.action for r in c.removed} >= {"title", "drop", "tail", "tail-list"}


def test_lone_date_line_before_the_body_is_the_publication_date():
    c = clean_text("الأربعاء 20 أغسطس 2025 - 10:15\nعنوان خبر الاجتماع المقبل\n"
                   "قال المتحدث إن الاجتماع سيعقد الأسبوع المقبل في العاصمة بحضور الوزراء.")
    assert parse_published(c.published_text) == "2025-08-20T10:15"
    assert c.title == "عنوان خبر الاجتماع المقبل" and len(c.lines) == 1


def test_nav_labels_above_the_title_and_a_glued_dateline():
    c = clean_text("الرئيسية\nأخبار\nسياسة\nوزير الخارجية يصل إلى بغداد في زيارة رسمية\nشارك\n"
                   "بغداد - وصل وزير الخارجية إلى العاصمة العراقية اليوم في زيارة تستمر يومين.")
    assert c.title == "وزير الخارجية يصل إلى بغداد في زيارة رسمية"
    assert c.dateline == "بغداد" and c.lines == ["بغداد - وصل وزير الخارجية إلى العاصمة العراقية اليوم في زيارة تستمر يومين."]
    assert [r.action for r in c.removed][:3] == ["nav", "nav", "nav"]


def test_lone_read_also_with_headline_only_is_a_link():
    raw = "\n".join([
        "عنوان",
        "بدأت اليوم أعمال المؤتمر الدولي في العاصمة بحضور وفود من أكثر من عشرين دولة.",
        "إقرأ أيضاً:",
        "عنوان خبر آخر",
        "وقال رئيس المؤتمر إن الجلسات ستستمر ثلاثة أيام وستناقش قضايا المناخ والطاقة والمياه.",
    ])
    c = clean_text(raw)
    assert not c.related
    assert len(c.lines) == 2 and c.lines[1].startswith("وقال رئيس المؤتمر")


def test_jsonl_record_streaming_fields(tmp_path):
    p = tmp_path / "recs.jsonl"
    rec = {"id": 7, "link": "https://x.example/a", "source": "منفذ", "headline": "عنوان",
           "date": "2024-02-01", "body": "نص عربي كاف لتجاوز الحد الأدنى من الطول المطلوب للمقال الواحد هنا."}
    p.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    (item,) = list(read_sources([str(p)], Settings()))
    a = item.article
    assert (a.external_id, a.url, a.outlet, a.title, a.published) == ("7", "https://x.example/a", "منفذ", "عنوان",
                                                                     "2024-02-01")
    assert item.source_key == "https://x.example/a"


def test_lone_read_also_followed_by_a_headline_list_is_links():
    raw = "\n".join([
        "عنوان الخبر",
        "أعلنت الهيئة العليا للانتخابات النتائج الأولية للاقتراع الذي جرى يوم السبت في جميع المحافظات.",
        "اقرأ أيضاً:",
        "من هم المرشحون الأوفر حظاً في الانتخابات المقبلة؟",
        "نسبة المشاركة في الاقتراع الأدنى منذ عقدين",
        "المعارضة تطعن في نتائج ثلاث دوائر",
        "وبحسب الهيئة، فقد حصلت القائمة الأولى على أكبر عدد من المقاعد، تلتها قائمتان متقاربتان في النتائج.",
    ])
    c = clean_text(raw)
    assert not c.related
    assert len(c.lines) == 2 and c.lines[1].startswith("وبحسب الهيئة")
    assert sum(r.action == "link" for r in c.removed) == 3


@pytest.fixture()
def http_examples(examples_dir):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(examples_dir))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_urls_pages_and_feeds(http_examples):
    items = list(read_sources([f"{http_examples}/beijing-agreement.html", f"{http_examples}/world-feed.xml",
                               f"{http_examples}/missing.html"], Settings()))
    loaded = [i for i in items if isinstance(i, Loaded)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(loaded) == 3
    page = loaded[0]
    assert page.article.url == f"{http_examples}/beijing-agreement.html"  # the URL asked for is the key
    assert page.source_key == page.article.url and page.article.published.startswith("2023-03-10")
    assert {i.article.published_source for i in loaded[1:]} == {"feed"}
    assert len(skipped) == 1 and "missing.html" in str(skipped[0]) and "could not fetch" in skipped[0].reason


def test_url_line_in_scraped_text_gives_url_id_and_outlet(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text("عنوان الخبر هنا\nhttps://www.akhbar-example.com/news/2024/1\n"
                 "قال المتحدث باسم الوزارة إن الاجتماع سيعقد الأسبوع المقبل في العاصمة بحضور الوزراء.\n",
                 encoding="utf-8")
    (item,) = list(read_sources([str(p)], Settings()))
    a = item.article
    assert a.url == "https://www.akhbar-example.com/news/2024/1" and a.outlet == "akhbar-example.com"
    assert a.id == make_ids("anything", a.url)[0] and "https://" not in a.text


def test_html_without_a_stated_date_gets_none_not_a_year_from_the_body(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(
        '<html dir="rtl"><head><title>خبر عن العلاقات</title></head><body><article><h1>خبر عن العلاقات</h1>'
        "<p>قطعت الرياض علاقاتها مع طهران في يناير 2016 بعد اقتحام السفارة، وقال المسؤول إن الاتصالات"
        " استؤنفت في 3 مارس 2021 بوساطة عراقية.</p><p>وأضاف المسؤول أن الجولة المقبلة ستعقد في بغداد خلال"
        " الأسابيع المقبلة بحضور وفدين رفيعين.</p></article></body></html>",
        encoding="utf-8",
    )
    (item,) = list(read_sources([str(p)], Settings()))
    assert item.article.published is None and "يناير 2016" in item.article.text


def test_atom_feed_and_json_array(tmp_path):
    body = "أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين في المناطق الريفية، وقال الوزير إنها تبدأ الشهر المقبل."
    (tmp_path / "news.atom").write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>موقع تجريبي</title>'
        '<entry><title>خطة لدعم المزارعين</title><id>urn:x:1</id><link href="https://t.example/1"/>'
        f'<updated>2024-03-05T08:00:00Z</updated><content type="html">&lt;p&gt;{body}&lt;/p&gt;</content></entry></feed>',
        encoding="utf-8",
    )
    (tmp_path / "recs.json").write_text(json.dumps([{"id": "j1", "text": body + " أولى"}, {"id": "j2", "text": body}],
                                                   ensure_ascii=False), encoding="utf-8")
    items = list(read_sources([str(tmp_path)], Settings()))
    assert all(isinstance(i, Loaded) for i in items) and len(items) == 3
    atom = items[0].article
    assert (atom.title, atom.outlet, atom.url, atom.published_source) == (
        "خطة لدعم المزارعين", "موقع تجريبي", "https://t.example/1", "feed")
    assert atom.published.startswith("2024-03-05") and atom.text == body
    assert [i.article.external_id for i in items[1:]] == ["j1", "j2"]


def test_one_line_text_file_is_body_not_only_a_title(tmp_path):
    p = tmp_path / "one.txt"
    p.write_text("أعلنت وزارة التربية اليوم تأجيل بدء العام الدراسي أسبوعاً واحداً بسبب موجة الحر في معظم المحافظات",
                 encoding="utf-8")
    (item,) = list(read_sources([str(p)], Settings()))
    assert isinstance(item, Loaded) and item.article.text.startswith("أعلنت وزارة التربية")


def test_titles_lose_site_decoration(tmp_path):
    """A breaking-news emoji or symbol at the edge of a headline is decoration, not title."""
    from khabar.ingest import read_sources
    from khabar.ingest.types import Loaded
    from khabar.settings import Settings

    page = tmp_path / "breaking.txt"
    page.write_text(
        "🔴 عاجل.. انطلاق جولة مفاوضات جديدة في الدوحة ⚡\n"
        "انطلقت في العاصمة القطرية الدوحة صباح اليوم جولة جديدة من المفاوضات بين الوفود، "
        "وسط تفاؤل حذر بإمكانية التوصل إلى اتفاق خلال أيام.\n",
        encoding="utf-8",
    )
    (got,) = [r for r in read_sources([str(page)], Settings()) if isinstance(r, Loaded)]
    assert got.article.title == "عاجل.. انطلاق جولة مفاوضات جديدة في الدوحة"
