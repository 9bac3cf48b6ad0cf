"""End to end in a real headless Chromium (Debian's, driven by Playwright): open a story,
click a timeline entry, and check that the cited sentence is highlighted in its article.

Screenshots go to a temporary folder, or to $KHABAR_SCREENSHOTS when set (that is how
docs/screenshots/ is refreshed).
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from test_web_data import TEXT_A, build

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _need_browser():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("python playwright is not installed")
    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium is not installed (Debian: apt-get install chromium; `make browser`)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn in a thread on a free loopback port."""

    def __init__(self, db: Path):
        import uvicorn

        from khabar.app.api import create_app

        self.port = _free_port()
        self.server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.time() + 15
        while not self.server.started and time.time() < deadline:
            time.sleep(0.05)
        assert self.server.started, "server did not start"
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def shots(tmp_path) -> Path:
    d = Path(os.environ.get("KHABAR_SCREENSHOTS") or tmp_path / "shots")
    d.mkdir(parents=True, exist_ok=True)
    return d


def _page(browser, base: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ar")
    seen = {"requests": [], "dialogs": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    return page, seen


def _click_entry_and_check(page, api_entries: list[dict]) -> str:
    """Click the first dated timeline entry; the article opens with its cited sentence marked."""
    entry = next(e for e in api_entries if e.get("earliest") and e.get("citations"))
    cit = entry["citations"][0]
    link = page.locator(f'svg.timeline-svg a.tl-entry[data-id="{entry["id"]}"]')
    link.click()
    page.wait_for_url(f"**/articles/**#c-{cit['start']}-{cit['end']}")
    page.wait_for_selector("mark.cite")
    marked = "".join(page.locator("mark.cite").all_inner_texts())
    assert marked == cit["text"]
    assert page.locator("#cited").is_visible()
    return marked


def test_story_timeline_click_highlights_cited_sentence(browser, tmp_path, shots, monkeypatch):
    from khabar.app.queries import story_timeline
    from khabar.store import Store

    monkeypatch.setenv("KHABAR_CACHE_DIR", str(tmp_path / "cache"))

    db = tmp_path / "e2e.db"
    s = Store(db)
    ids = build(s)
    entries = story_timeline(s, ids["story"])["entries"]
    s.close()
    with Server(db) as srv:
        page, seen = _page(browser, srv.base)
        page.goto(srv.base + "/")
        page.get_by_role("link", name="اتصال منصور والحسن").click()
        page.wait_for_selector("svg.timeline-svg")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("svg.timeline-svg a.tl-entry").count() == 3
        page.locator("#timeline").screenshot(path=str(shots / "fixture-timeline.png"))
        marked = _click_entry_and_check(page, entries)
        s, e = ids["call_a"]
        assert marked == TEXT_A[s:e]
        page.screenshot(path=str(shots / "fixture-article-cited.png"))
        # the listen button fetches the summary audio (only where espeak-ng is installed)
        if shutil.which("espeak-ng") and page.locator("#listen").count():
            with page.expect_response(lambda r: "/audio" in r.url, timeout=60_000) as resp:
                page.goto(srv.base + f"/stories/{ids['story']}")
                page.locator("#listen").click()
            assert resp.value.status in (200, 206) and resp.value.headers["content-type"] == "audio/wav"
        # search and filters from the story list
        page.goto(srv.base + "/")
        page.fill("form.filters input[name=q]", "مهرجان")
        page.locator("form.filters button[type=submit]").click()
        page.wait_for_url("**/?q=*")
        assert page.locator(".story-list li.story").count() == 1
        assert "مهرجان الكتاب" in page.locator(".story-list").inner_text()
        # the hostile article: its script and handler are text, nothing runs
        page.goto(srv.base + f"/articles/{ids['c']}")
        assert "<script>alert('x')</script>" in page.locator("#article-text").inner_text()
        page.wait_for_timeout(200)
        assert seen["dialogs"] == [] and seen["errors"] == []
        assert all(u.startswith(srv.base) for u in seen["requests"]), "a page asked for something off-host"
        page.close()


def test_example_corpus_end_to_end(browser, tmp_path, shots, examples_dir):
    """The real pipeline over examples/: a story page, a click on its timeline, the sentence."""
    from khabar.app.pipeline import run_all
    from khabar.app.queries import list_stories, story_timeline
    from khabar.store import Store

    if not any(examples_dir.glob("*")):
        pytest.skip("examples/ is empty")
    db = tmp_path / "examples.db"
    s = Store(db)
    run_all(s, [str(examples_dir)], echo=lambda *_: None, progress=False)
    stories = list_stories(s, limit=50)["items"]
    best = None
    for st in stories:
        tl = story_timeline(s, st["id"])
        if any(e.get("earliest") and e.get("citations") for e in tl["entries"]):
            best = (st, tl["entries"])
            break
    s.close()
    if best is None:
        pytest.skip("the pipeline made no story with a dated, cited timeline entry yet (stories/timeline steps)")
    st, entries = best
    with Server(db) as srv:
        page, seen = _page(browser, srv.base)
        page.goto(srv.base + "/")
        page.screenshot(path=str(shots / "stories.png"), full_page=True)
        page.goto(srv.base + f"/stories/{st['id']}")
        page.wait_for_selector("svg.timeline-svg")
        page.screenshot(path=str(shots / "story.png"))
        page.locator("#timeline").screenshot(path=str(shots / "story-timeline.png"))
        page.locator("#graph").screenshot(path=str(shots / "story-graph.png"))
        page.locator("#outlets").screenshot(path=str(shots / "story-outlets.png"))
        _click_entry_and_check(page, entries)
        page.screenshot(path=str(shots / "article-cited.png"))
        assert seen["errors"] == []
        assert all(u.startswith(srv.base) for u in seen["requests"])
        page.close()
