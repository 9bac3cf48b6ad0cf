"""The REST API over a small store in the contract formats (tests/test_web_data.py)."""
from __future__ import annotations

import warnings
from urllib.parse import quote

import pytest
from test_web_data import HOSTILE, TEXT_A, TEXT_B, build

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def test_story_list_filters_and_pagination(web):
    c, ids = web
    r = c.get("/api/stories")
    assert r.status_code == 200
    body = r.json()
    assert [s["id"] for s in body["items"]] == [ids["story"], ids["other"]]
    assert body["total"] == 2 and body["next_url"] is None
    assert body["items"][0]["lead"] == "اتصل وزير الخارجية المصري بنظيره الأردني."
    # one per page: next_url carries the other parameters
    r = c.get("/api/stories", params={"limit": 1, "outlet": "صحيفة النهار"})
    body = r.json()
    assert body["total"] == 2 and len(body["items"]) == 1 and body["has_more"]
    nxt = c.get(body["next_url"]).json()
    assert nxt["offset"] == 1 and nxt["items"][0]["id"] == ids["other"]
    # search words (any hamza form), date range, entity, outlet
    assert [s["id"] for s in c.get("/api/stories", params={"q": "عمان"}).json()["items"]] == [ids["story"]]
    assert [s["id"] for s in c.get("/api/stories", params={"since": "2024-04"}).json()["items"]] == [ids["other"]]
    assert [s["id"] for s in c.get("/api/stories", params={"until": "2024-03-31"}).json()["items"]] == [ids["story"]]
    assert [s["id"] for s in c.get("/api/stories", params={"entity": ids["hassan"]}).json()["items"]] == [ids["story"]]
    assert c.get("/api/stories", params={"outlet": "لا أحد"}).json()["total"] == 0


def test_story_detail_brings_every_part(web):
    c, ids = web
    d = c.get(f"/api/stories/{ids['story']}").json()
    entries = d["timeline"]["entries"]
    assert [e["id"] for e in entries] == ["e1", "e2", "e3"]
    cit = entries[0]["citations"][0]
    assert cit["text"] == TEXT_A[cit["start"] : cit["end"]] and cit["text"].startswith("أجرى وزير")
    assert entries[1]["modality"] == "scheduled" and entries[1]["modality_label"]["ar"] == "مقرر"
    assert {p["label"] for p in d["people"]} == {"خالد منصور", "يوسف الحسن"}
    assert "عمان" in {p["label"] for p in d["places"]}
    edges = {(e["type"], e["modality"]) for e in d["graph"]["edges"]}
    assert edges == {("phone_call", "happened"), ("meeting", "scheduled")}
    speakers = {g["speaker"]: g for g in d["quotes_by_speaker"]}
    mansour = [q for q in speakers["خالد منصور"]["quotes"] if q["via"]][0]
    assert mansour["content"] == "التنسيق بين البلدين مستمر" and mansour["channel"] == "تصريح هاتفي"
    rows = d["outlets"]["rows"]
    assert rows[0]["cells"]["وكالة الشرق"][0]["value"] == "30"
    assert rows[0]["cells"]["صحيفة النهار"][0]["value"] == "35"
    assert d["summary"]["sentences"][0]["citations"][0]["outlet"] == "وكالة الشرق"
    # prefix ids work like the CLI
    assert c.get(f"/api/stories/{ids['story'][:5]}").json()["story"]["id"] == ids["story"]


def test_timeline_endpoint_and_whole_store(web):
    c, ids = web
    t = c.get(f"/api/stories/{ids['story']}/timeline").json()
    assert t["source"] == "timeline" and len(t["entries"]) == 3
    assert c.get("/api/stories/_all/timeline").json()["entries"][0]["id"] == "e1"
    page = c.get("/api/stories/_all/timeline", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 3 and [e["id"] for e in page["entries"]] == ["e2"]


def test_story_without_timeline_output_falls_back_to_events(web, tmp_path):
    from khabar.store import Store

    c, ids = web
    s = Store(tmp_path / "web.db")
    s.db.execute("DELETE FROM corpus_outputs WHERE pass='timeline'")
    s.db.commit()
    s.close()
    t = c.get(f"/api/stories/{ids['story']}/timeline").json()
    assert t["source"] == "events"
    kinds = [(e["type"], e["modality"], e["earliest"]) for e in t["entries"]]
    assert kinds == [("phone_call", "happened", "2024-03-08"), ("phone_call", "happened", "2024-03-09"),
                     ("meeting", "scheduled", "2024-03-11")]


def test_article_detail_layers_and_segments(web):
    c, ids = web
    d = c.get(f"/api/articles/{ids['b']}").json()
    assert d["article"]["text"] == TEXT_B
    assert d["counts"] == {"times": 1, "mentions": 4, "quotes": 1, "events": 1}
    segs = d["segments"]
    assert "".join(s["text"] for s in segs) == TEXT_B  # the segments cover the text exactly
    quoted = [s for s in segs if "qt" in s["classes"]]
    assert "".join(s["text"] for s in quoted) == "ترفض أي حل على حساب جيرانها"
    assert d["stories"][0]["id"] == ids["story"]


def test_entities_quotes_events_search(web):
    c, ids = web
    ents = c.get("/api/entities", params={"q": "الحسن"}).json()
    assert [e["id"] for e in ents["items"]] == [ids["hassan"]]
    assert c.get("/api/entities", params={"type": "GPE"}).json()["total"] == 3
    e = c.get("/api/entities/" + quote(ids["mansour"], safe="")).json()
    assert "منصور" in e["entity"]["variants"] and e["entity"]["roles"] == ["وزير الخارجية المصري"]
    assert e["counts"]["quotes"] == 2 and {t["id"] for t in e["timeline"]} == {"e1", "e2", "e3"}
    q = c.get("/api/quotes", params={"speaker": "الحسن"}).json()
    assert q["total"] == 1 and q["items"][0]["content"] == "ترفض أي حل على حساب جيرانها"
    ev = c.get("/api/events", params={"modality": "scheduled"}).json()
    assert ev["total"] == 1 and ev["items"][0]["label"] == "meeting"
    assert c.get("/api/events", params={"since": "2024-03-09", "story": ids["story"]}).json()["total"] == 2
    hits = c.get("/api/search", params={"q": "المصابين"}).json()
    assert {h["article_id"] for h in hits["items"]} == {ids["a"], ids["b"]}
    assert all(h["stories"] == [{"id": ids["story"], "title": "اتصال منصور والحسن"}] for h in hits["items"])


@pytest.mark.parametrize(
    "path, status, words",
    [
        ("/api/stories/nope", 404, "no story"),
        ("/api/articles/zzzzzzzz", 404, "no article"),
        ("/api/entities/ent:PER:nobody", 404, "no entity"),
        ("/api/stories?limit=0", 400, "limit"),
        ("/api/stories?limit=100000", 400, "limit"),
        ("/api/stories?offset=-1", 400, "offset"),
        ("/api/stories?since=yesterday", 400, "since"),
        ("/api/articles?until=2024-13-99x", 400, "until"),
        ("/api/entities?type=XYZ", 400, "type"),
        ("/api/events?modality=maybe", 400, "modality"),
        ("/api/search", 400, "q"),
        ("/api/search?q=%21%21", 400, "nothing to search"),
        ("/api/stories/x/report?format=pdf", 400, "format"),
        ("/api/nothing-here", 404, "no such page"),
    ],
)
def test_clear_json_errors(web, path, status, words):
    c, _ = web
    r = c.get(path)
    assert r.status_code == status
    err = r.json()["error"]
    assert err["status"] == status and words in err["message"]


def test_openapi_and_offline_docs(web):
    c, _ = web
    spec = c.get("/openapi.json").json()
    assert "/api/stories/{story_id}" in spec["paths"] and "StoryDetail" in spec["components"]["schemas"]
    docs = c.get("/docs").text
    assert "//cdn" not in docs and "http" not in docs.replace("'/openapi.json'", "")
    if "/docs/assets/swagger-ui-bundle.js" in docs:
        assert c.get("/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_json_twin_has_the_same_parameters(web):
    c, ids = web
    page = c.get("/", params={"outlet": "صحيفة النهار", "limit": 1}).text
    assert "/api/stories?outlet=" in page and "limit=1" in page
    assert f'href="/api/stories/{ids["story"]}"' in c.get(f"/stories/{ids['story']}").text


def test_hostile_text_is_data_in_json(web):
    c, ids = web
    d = c.get(f"/api/articles/{ids['c']}").json()
    assert HOSTILE in d["article"]["text"]  # stored and returned as is; escaping is the page's job


def test_docs_page_without_swagger_bundle(tmp_path, monkeypatch):
    import khabar.app.api as api
    from khabar.store import Store

    Store(tmp_path / "d.db").close()
    monkeypatch.setattr(api, "_swagger_dir", lambda: None)
    c = TestClient(api.create_app(tmp_path / "d.db"))
    r = c.get("/docs")
    assert r.status_code == 200 and "/openapi.json" in r.text and "<script" not in r.text


def test_fifty_concurrent_clients_get_no_errors(tmp_path):
    """Real uvicorn on loopback, 50 threads each with its own connection (the speed goal
    itself is measured in bench/bench_web.py)."""
    import socket
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import httpx
    import uvicorn

    from khabar.app.api import create_app
    from khabar.store import Store

    db = tmp_path / "many.db"
    with Store(db) as s:
        ids = build(s)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="error"))
    th = threading.Thread(target=server.run, daemon=True)
    th.start()
    deadline = time.time() + 15
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    paths = ["/api/stories", f"/api/stories/{ids['story']}", f"/api/articles/{ids['a']}", "/api/search?q=عمان",
             f"/stories/{ids['story']}", f"/articles/{ids['b']}"]

    def client(i):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as c:
            return [c.get(paths[(i + j) % len(paths)]).status_code for j in range(3)]

    try:
        with ThreadPoolExecutor(50) as ex:
            codes = [code for got in ex.map(client, range(50)) for code in got]
    finally:
        server.should_exit = True
        th.join(10)
    assert len(codes) == 150 and set(codes) == {200}


def test_story_detail_follows_new_pass_outputs(web, tmp_path):
    """The story page's cache is dropped when a pass rewrites the story's outputs."""
    import time

    from khabar.store import Store

    c, ids = web
    assert c.get(f"/api/stories/{ids['story']}").json()["summary"]["sentences"][0]["text"].startswith("اتصل")
    time.sleep(1.1)  # outputs are stamped to the second
    with Store(tmp_path / "web.db") as s:
        s.put_output("summary", ids["story"], "summary.test2", {"key": ids["story"], "kind": "story", "sentences": [
            {"text": "ملخص جديد بعد تحديث.", "citations": []}]})
    assert c.get(f"/api/stories/{ids['story']}").json()["summary"]["sentences"][0]["text"] == "ملخص جديد بعد تحديث."
