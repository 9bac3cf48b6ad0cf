"""The web UI's pages (rendered by the app, checked as HTML): RTL, offline, escaped,
highlighted by offsets, listen button only where speech works."""
from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from test_web_data import HOSTILE, HOSTILE_IMG, TEXT_A

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


class Tags(HTMLParser):
    """Every start tag with its attributes, to check what the browser would build."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = Tags()
    p.feed(html)
    return p.tags


def pages(ids):
    return ["/", f"/stories/{ids['story']}", f"/articles/{ids['a']}", f"/articles/{ids['c']}", "/articles",
            "/entities", "/entities/" + quote(ids["mansour"], safe=""), "/search?q=منصور"]


def test_every_page_is_rtl_arabic_and_offline(web):
    c, ids = web
    for path in pages(ids):
        r = c.get(path)
        assert r.status_code == 200, path
        assert '<html lang="ar" dir="rtl">' in r.text
        for tag, attrs in tags(r.text):
            for key in ("src", "href"):
                v = attrs.get(key) or ""
                if tag in ("script", "link", "img", "audio") and v:
                    assert v.startswith("/"), f"{path}: external asset {v}"
        assert c.get("/static/app.css").status_code == 200 and c.get("/static/app.js").status_code == 200


def test_hostile_article_renders_as_text(web):
    c, ids = web
    for path in (f"/articles/{ids['c']}", f"/stories/{ids['story']}", "/articles", "/search?q=مجهول"):
        html = c.get(path).text
        found = tags(html)
        assert not any(t == "script" and not (a.get("src") or "").startswith("/static/") for t, a in found), path
        assert not any(t in ("img", "b", "i") for t, a in found), path
        assert not any(k.startswith("on") for _, a in found for k in a), path
    art = c.get(f"/articles/{ids['c']}").text
    assert not any((a.get("href") or "").lower().startswith("javascript") for _, a in tags(art))
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in art
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in art
    assert HOSTILE not in art and HOSTILE_IMG not in art


def test_article_page_highlights_annotations_by_offset(web):
    c, ids = web
    html = c.get(f"/articles/{ids['a']}").text
    spans = re.findall(r'<span data-s="(\d+)" data-e="(\d+)"(?: class="([^"]*)")?[^>]*>([^<]*)</span>', html)
    assert spans and int(spans[0][0]) == 0 and int(spans[-1][1]) == len(TEXT_A)
    by_class = {}
    for s, e, cls, _ in spans:
        for k in (cls or "").split():
            by_class.setdefault(k, []).append(TEXT_A[int(s) : int(e)])
    assert "خالد منصور" in by_class["ent-PER"] and "عمان" in by_class["ent-GPE"]
    assert "يوم السبت 9 مارس 2024" in "".join(by_class["tm"])
    assert "".join(by_class["qt"]) == "التنسيق بين البلدين مستمر"
    assert "اتصالاً هاتفياً" in by_class["ev-happened"] and "يلتقي" in by_class["ev-scheduled"]
    # legend with English labels beside Arabic
    for words in ("أسماء", "entities", "تواريخ", "times", "اقتباسات", "quotes", "أحداث", "events"):
        assert words in html


def test_story_page_timeline_links_to_cited_sentences(web):
    c, ids = web
    html = c.get(f"/stories/{ids['story']}").text
    s, e = ids["call_a"]
    assert f'href="/articles/{ids["a"]}#c-{s}-{e}"' in html
    # timeline SVG: a dot or bar per dated entry; scheduled entries are drawn differently
    svg = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg"') :]
    svg = svg[: svg.index("</svg>")]
    assert svg.count('class="tl-entry') == 3
    assert 'tl-entry tl-scheduled' in svg and 'stroke-dasharray' in svg and 'url(#hatch)' in svg
    assert "المصادر تختلف" in html  # the conflict on the call's date is marked
    assert "&lt;script&gt;" in svg and "<script>" not in svg
    # people graph, quotes by speaker, outlets side by side
    assert 'class="graph-svg"' in html and "اتصال هاتفي" in html
    assert "التنسيق بين البلدين مستمر" in html and "عبر الوكالة" in html
    assert html.count('class="differs"') == 4


def test_listen_button_only_where_speech_works(web, monkeypatch):
    c, ids = web
    monkeypatch.setenv("KHABAR_ESPEAK", "off")
    html = c.get(f"/stories/{ids['story']}").text
    assert "استمع إلى الملخص" not in html
    r = c.get(f"/api/stories/{ids['story']}/audio")
    assert r.status_code == 503 and "not available" in r.json()["error"]["message"]
    monkeypatch.delenv("KHABAR_ESPEAK")
    monkeypatch.setenv("PATH", "/nonexistent")
    assert "استمع إلى الملخص" not in c.get(f"/stories/{ids['story']}").text


@pytest.mark.skipif(not __import__("shutil").which("espeak-ng"), reason="espeak-ng is not installed")
def test_listen_serves_audio(web, monkeypatch, tmp_path):
    c, ids = web
    monkeypatch.setenv("KHABAR_CACHE_DIR", str(tmp_path / "cache"))
    html = c.get(f"/stories/{ids['story']}").text
    assert "استمع إلى الملخص" in html and f"/api/stories/{ids['story']}/audio" in html
    r = c.get(f"/api/stories/{ids['story']}/audio")
    assert r.status_code == 200 and r.headers["content-type"] == "audio/wav"
    assert r.content[:4] == b"RIFF" and len(r.content) > 10_000
    assert list((tmp_path / "cache" / "audio").glob("*.wav"))  # cached


def test_html_error_pages(web):
    c, _ = web
    r = c.get("/stories/does-not-exist")
    assert r.status_code == 404 and "غير موجود" in r.text and "does-not-exist" in r.text
    r = c.get("/?since=not-a-date")
    assert r.status_code == 400 and "since" in r.text


def test_story_list_page_filters(web):
    c, ids = web
    html = c.get("/", params={"q": "مهرجان"}).text
    assert "مهرجان الكتاب في تونس" in html and "اتصال منصور والحسن" not in html
    html = c.get("/").text
    assert "صحيفة النهار" in html and 'name="since"' in html and 'name="entity"' in html
    first = c.get("/", params={"limit": 1}).text  # paging keeps the other parameters
    nxt = [a["href"] for t, a in tags(first) if t == "a" and "offset=" in (a.get("href") or "")]
    assert nxt and "limit=1" in nxt[0] and "offset=1" in nxt[0] and "التالي" in first
    second = c.get("/", params={"limit": 1, "offset": 1}).text
    assert "مهرجان الكتاب في تونس" in second and "السابق" in second


def test_empty_store_pages_still_render(tmp_path):
    from khabar.app.api import create_app

    c = TestClient(create_app(tmp_path / "empty.db"))
    for path in ("/", "/articles", "/entities", "/search?q=قمة", "/api/stories", "/api", "/api/stories/_all/timeline"):
        assert c.get(path).status_code == 200, path
    assert "لا قصص" in c.get("/").text


def test_article_without_layers_and_story_without_passes(tmp_path):
    """Before the annotators and corpus passes have run, pages show the text and say what is missing."""
    import hashlib

    from khabar.app.api import create_app
    from khabar.model import Article, Story
    from khabar.store import Store

    text = "خبر قصير عن افتتاح معرض للفنون في مدينة ساحلية صباح السبت."
    h = hashlib.sha1(text.encode()).hexdigest()
    with Store(tmp_path / "bare.db") as s:
        s.put_article(Article(id=h[:16], text=text, title="معرض", text_hash=h), "x.txt")
        s.put_stories([Story("st-bare", "معرض", [h[:16]])])
    c = TestClient(create_app(tmp_path / "bare.db"))
    html = c.get(f"/articles/{h[:16]}").text
    assert "خبر قصير عن افتتاح معرض" in html
    story = c.get("/stories/st-bare")
    assert story.status_code == 200 and "لا أحداث مؤرخة بعد" in story.text and "لا ملخص بعد" in story.text


def test_timeline_picture_shapes_and_limits():
    from khabar.app.web.svg import fmt_range, pick_for_picture, timeline_svg

    def entry(i, lo, hi, mod="happened", cits=1):
        return {"id": f"e{i}", "earliest": lo, "latest": hi, "modality": mod, "description_ar": f"حدث {i}",
                "citations": [{"article_id": "a", "start": 0, "end": 1}] * cits}

    svg = str(timeline_svg([entry(1, "2024-05-02", "2024-05-02"), entry(2, "2024-05-06", "2024-05-12"),
                            entry(3, "2024-05-20", "2024-05-20", "scheduled")], lambda e: f"#{e['id']}"))
    assert svg.count("<circle") == 2 and svg.count('rx="8"') == 1  # two known days, one range
    assert 'class="tl-entry tl-scheduled"' in svg and 'fill="#fff"' in svg  # planned: hollow
    assert fmt_range("2024-05-06", "2024-05-12") == "بين 6 و12 مايو 2024"
    assert fmt_range("2024-05-01", "2024-05-31") == "مايو 2024"
    assert fmt_range(None, None) == "تاريخ غير معروف"
    # a long timeline: the picture keeps the story's own period and the most cited entries
    many = [entry(i, f"2010-01-{i % 28 + 1:02d}", f"2010-01-{i % 28 + 1:02d}") for i in range(30)]
    many += [entry(100 + i, f"2024-05-{i % 28 + 1:02d}", f"2024-05-{i % 28 + 1:02d}", cits=1 + i % 3)
             for i in range(70)]
    kept = pick_for_picture(many, ("2024-05-01", "2024-05-31"), n=60)
    assert len(kept) == 60 and all(e["earliest"].startswith("2024") for e in kept)
    assert kept == sorted(kept, key=many.index)


def test_pages_carry_a_content_security_policy(web):
    c, ids = web
    csp = c.get(f"/articles/{ids['c']}").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


@pytest.mark.parametrize("n, text", [(1, "مقال واحد"), (2, "مقالان"), (3, "3 مقالات"), (10, "10 مقالات"),
                                     (11, "11 مقالاً"), (99, "99 مقالاً"), (100, "100 مقال"), (105, "105 مقالات")])
def test_arabic_counted_nouns(n, text):
    from khabar.app.web.render import count

    assert count(n, "article") == text


def test_gatherings_of_three_or_more_are_hubs_not_cliques():
    from khabar.app.web.svg import graph_svg

    people = [{"id": f"p{i}", "entity_id": f"p{i}", "label": f"شخص {i}", "label_en": None, "degree": 1}
              for i in range(5)]
    graph = {"nodes": people,
             "edges": [{"source": "p0", "target": "p1", "type": "phone_call", "modality": "happened", "count": 1,
                        "dates": [], "type_label": {"ar": "اتصال هاتفي"}}],
             "gatherings": [{"id": "hub1", "type": "meeting", "modality": "scheduled", "members": ["p1", "p2", "p3", "p4"],
                             "count": 1, "dates": [], "type_label": {"ar": "لقاء"}, "citations": []}]}
    svg = str(graph_svg(graph, lambda e: None))
    assert svg.count("<line") == 1 + 4  # one call, and the hub joined to each of its four members
    assert "لقاء (مقرر)" in svg and 'stroke-dasharray="7 5"' in svg
