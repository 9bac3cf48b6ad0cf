"""Story reports (HTML, Markdown, JSON) and the report/listen/get commands."""
from __future__ import annotations

import json
import shutil

import pytest
from test_web import tags
from test_web_data import HOSTILE, TEXT_A, build


@pytest.fixture()
def built(db_path):
    from khabar.store import Store

    s = Store(db_path)
    ids = build(s)
    yield s, ids
    s.close()


def test_html_report_is_standalone_rtl_with_timeline_and_citations(built):
    from khabar.app.report import render_report

    store, ids = built
    html = render_report(store, ids["story"], "html")
    assert html.startswith("<!doctype html>") and '<html lang="ar" dir="rtl">' in html
    found = tags(html)
    # standalone: inline CSS, no script, no external file
    assert not any(t in ("script", "link", "img") for t, _ in found)
    assert "<style>" in html and ".article-text" in html
    assert html.count('class="timeline-svg"') == 1
    # every timeline link points inside the report, at a source that quotes the sentence
    hrefs = [a["href"] for t, a in found if t == "a" and (a.get("href") or "").startswith("#src-")]
    assert hrefs
    ids_in_page = {a.get("id") for _, a in found}
    assert all(h[1:] in ids_in_page for h in hrefs)
    s, e = ids["call_a"]
    assert f"<mark>{TEXT_A[s:e]}</mark>" in html
    # hostile markup stays text
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert not any(k.startswith("on") for _, a in found for k in a)


def test_markdown_report(built):
    from khabar.app.report import render_report

    store, ids = built
    md = render_report(store, ids["story"], "md")
    assert md.startswith("# اتصال منصور والحسن")
    assert "## الخط الزمني (Timeline)" in md and "| بين 8 و9 مارس 2024 |" in md
    assert "[^1]:" in md and "وكالة الشرق" in md
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_json_report(built):
    from khabar.app.report import render_report

    store, ids = built
    d = json.loads(render_report(store, ids["story"], "json"))
    assert d["story"]["id"] == ids["story"] and len(d["timeline"]["entries"]) == 3
    first = d["sources"][0]
    assert first["text"] == TEXT_A[first["start"] : first["end"]]


def test_report_command_writes_files(built, run_cli, tmp_path):
    _, ids = built
    out = tmp_path / "r.html"
    run_cli("report", ids["story"], "--format", "html", "-o", str(out))
    assert "الخط الزمني" in out.read_text(encoding="utf-8")
    r = run_cli("report", ids["story"][:4], "--format", "md")
    assert r.output.startswith("# اتصال منصور والحسن")
    r = run_cli("report", "nope", ok=False)
    assert r.exit_code == 1 and "Error: no story 'nope'" in r.output


def test_listen_command_says_why_when_speech_is_missing(built, run_cli, monkeypatch, tmp_path):
    _, ids = built
    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng here
    monkeypatch.delenv("KHABAR_ESPEAK", raising=False)
    r = run_cli("listen", ids["story"], "-o", str(tmp_path / "x.wav"), ok=False)
    assert r.exit_code == 1 and "espeak-ng is not installed" in r.output
    assert not (tmp_path / "x.wav").exists()
    r = run_cli("listen", ids["story"], "--text")
    assert "اتصل وزير الخارجية المصري بنظيره الأردني" in r.output


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_listen_command_writes_wav(built, run_cli, monkeypatch, tmp_path):
    _, ids = built
    monkeypatch.setenv("KHABAR_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "summary.wav"
    run_cli("listen", ids["story"], "-o", str(out))
    data = out.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE" and len(data) > 10_000


def test_get_command_fetches_without_a_server(built, run_cli):
    _, ids = built
    r = run_cli("get", "/api/stories", "--json")
    assert json.loads(r.output)["items"][0]["id"] == ids["story"]
    r = run_cli("get", "/api/stories/nope", ok=False)
    assert r.exit_code == 1 and "404" in r.output


def test_serve_refuses_a_missing_database(run_cli, tmp_path):
    from click.testing import CliRunner

    from khabar.app.cli import get_cli

    r = CliRunner().invoke(get_cli(), ["--db", str(tmp_path / "none.db"), "serve", "--port", "1"])
    assert r.exit_code == 1 and "no database at" in r.output


def test_serve_command_answers_over_http(built, db_path):
    """`khabar serve` in a subprocess on a free loopback port: the page and its JSON twin."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    _, ids = built
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "khabar", "--db", str(db_path), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline, r = time.time() + 20, None
        while time.time() < deadline:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/stories/{ids['story']}", timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert r is not None and r.status_code == 200 and 'dir="rtl"' in r.text
        api = httpx.get(f"http://127.0.0.1:{port}/api/stories/{ids['story']}", timeout=5).json()
        assert api["story"]["id"] == ids["story"]
    finally:
        proc.terminate()
        proc.wait(10)
