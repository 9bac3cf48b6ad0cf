"""Web UI and API speed over 5,000 real articles: page latency and 50 concurrent clients.

The store is built once with the real pipeline (`run_all`) from
../shared/data/news/ant-2018-05.jsonl and cached in the system temp folder (reused
while the JSONL file and the schema are unchanged; `--rebuild` forces it).  A uvicorn
server runs on a loopback port in this process; requests go over real HTTP.
Goals: every page p95 < 200 ms (report downloads are timed but are not pages); 50
concurrent clients, no errors.  The machine's other load shows in every figure: compare
runs only with `uptime` alongside (the load average is recorded as 'load avg').
"""
from __future__ import annotations

import hashlib
import os
import socket
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
ANT = Path(os.environ.get("KHABAR_SHARED", ROOT.parent / "shared")) / "data" / "news" / "ant-2018-05.jsonl"
GOAL_MS = 200.0
CLIENTS = 50
REQUESTS_PER_CLIENT = 10
REPEAT = 7  # timed loads per page (after one warm-up)


def _build(db: Path) -> dict[str, Any]:
    from khabar.app.pipeline import run_all
    from khabar.store import Store

    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    with Store(db) as s:
        run_all(s, [str(ANT)], echo=lambda *_: None, progress=False)
        n = s.count_articles()
    return {"build_s": round(time.perf_counter() - t0, 1), "articles": n}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pages(db: Path) -> dict[str, list[str]]:
    from khabar.app import queries
    from khabar.store import Store

    with Store(db) as s:
        stories = queries.list_stories(s, limit=5)["items"]
        cold = [quote(x["id"], safe="") for x in queries.list_stories(s, limit=20, offset=5)["items"]]
        arts = [r[0] for r in s.db.execute("SELECT id FROM articles ORDER BY length(text) DESC LIMIT 5")]
        ents = queries.list_entities(s, limit=3)["items"]
        outlet = s.db.execute("SELECT outlet FROM articles GROUP BY outlet ORDER BY count(*) DESC").fetchone()[0]
    sid = [quote(x["id"], safe="") for x in stories]
    eid = [quote(x["id"], safe="") for x in ents]
    return {
        "story list": ["/", "/?q=" + quote("ترامب"), "/?outlet=" + quote(outlet or ""), "/?since=2018-05-10"],
        "story page": [f"/stories/{i}" for i in sid],
        "article page": [f"/articles/{a}" for a in arts],
        "entity list": ["/entities", "/entities?type=PER"],
        "entity page": [f"/entities/{e}" for e in eid],
        "search page": ["/search?q=" + quote("الانتخابات العراقية"), "/search?q=" + quote("غزة")],
        "report html (download)": [f"/stories/{i}/report.html" for i in sid[:2]],
        "api stories": ["/api/stories", "/api/stories?q=" + quote("إيران")],
        "api story": [f"/api/stories/{i}" for i in sid],
        "api article": [f"/api/articles/{a}" for a in arts],
        "api search": ["/api/search?q=" + quote("القدس")],
        "api events": ["/api/events?limit=50"],
        "api quotes": ["/api/quotes?limit=50"],
        "_cold": [f"/stories/{i}" for i in cold],
    }


def run(argv: list[str]) -> dict[str, Any]:
    if not ANT.exists():
        return {"skipped": f"{ANT} is absent"}
    import httpx
    import uvicorn

    from khabar.app.api import create_app
    from khabar.store import Store

    cache = Path(tempfile.gettempdir()) / "khabar-bench-web"
    cache.mkdir(exist_ok=True)
    st = ANT.stat()
    schema = ",".join(sorted(p.name for p in (ROOT / "khabar" / "store" / "migrations").glob("*.sql")))
    key = f"{st.st_size}-{int(st.st_mtime)}-{hashlib.sha1(schema.encode()).hexdigest()[:8]}"
    db = cache / f"ant-{key}.db"
    figures: dict[str, Any] = {}
    if "--rebuild" in argv or not db.exists():
        figures.update(_build(db))
    with Store(db) as s:
        figures["articles"] = s.count_articles()
        figures["stories"] = s.db.execute("SELECT count(*) FROM stories").fetchone()[0]
    pages = _pages(db)

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="error"))
    th = threading.Thread(target=server.run, daemon=True)
    th.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    worst = 0.0
    failures: list[str] = []
    try:
        with httpx.Client(base_url=base, timeout=30) as c:
            c.get("/")  # compile the templates once: first loads below measure the queries
            if pages["story page"]:
                c.get(pages["story page"][0])
            cold = []
            for u in pages.pop("_cold"):  # story pages never seen before (no cached detail)
                t0 = time.perf_counter()
                r = c.get(u)
                cold.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    failures.append(f"{u}: {r.status_code}")
            if cold:
                cold.sort()
                p95c = cold[min(len(cold) - 1, int(len(cold) * 0.95))]
                worst = max(worst, p95c)
                figures["story page first load p50/p95 ms"] = f"{statistics.median(cold):.0f} / {p95c:.0f}"
            for name, urls in pages.items():
                times = []
                for u in urls:
                    r = c.get(u)  # warm-up (first render compiles templates, fills caches)
                    if r.status_code != 200:
                        failures.append(f"{u}: {r.status_code}")
                        continue
                    for _ in range(REPEAT):
                        t0 = time.perf_counter()
                        c.get(u)
                        times.append((time.perf_counter() - t0) * 1000)
                if times:
                    times.sort()
                    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
                    if "download" not in name:
                        worst = max(worst, p95)
                    figures[f"{name} p50/p95 ms"] = f"{statistics.median(times):.0f} / {p95:.0f}"
        # 50 concurrent clients, each its own connection, mixed API and page requests
        mix = [u for k in ("api stories", "api story", "api article", "api search", "story list", "article page")
               for u in pages[k]]
        errors: list[str] = []
        lat: list[float] = []
        lock = threading.Lock()

        def client(i: int) -> None:
            with httpx.Client(base_url=base, timeout=60) as c:
                for j in range(REQUESTS_PER_CLIENT):
                    u = mix[(i + j) % len(mix)]
                    t0 = time.perf_counter()
                    try:
                        r = c.get(u)
                        ok = r.status_code == 200
                    except httpx.HTTPError as exc:
                        ok, r = False, exc
                    with lock:
                        lat.append((time.perf_counter() - t0) * 1000)
                        if not ok:
                            errors.append(f"{u}: {getattr(r, 'status_code', r)}")

        t0 = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as ex:
            list(ex.map(client, range(CLIENTS)))
        wall = time.perf_counter() - t0
        lat.sort()
        figures["concurrent clients"] = CLIENTS
        figures["concurrent requests"] = len(lat)
        figures["concurrent errors"] = len(errors)
        figures["concurrent req/s"] = round(len(lat) / wall, 1)
        figures["concurrent p50/p95 ms"] = f"{lat[len(lat) // 2]:.0f} / {lat[int(len(lat) * 0.95)]:.0f}"
        if errors:
            figures["concurrent first errors"] = errors[:3]
    finally:
        server.should_exit = True
        th.join(10)
    figures["worst page p95 ms (downloads excluded)"] = round(worst, 1)
    figures["load avg (1 min, at end)"] = round(os.getloadavg()[0], 2)
    figures["goal: pages p95 < 200 ms"] = "met" if worst < GOAL_MS and not failures else "NOT met"
    figures["goal: 50 clients, no errors"] = "met" if not figures.get("concurrent errors") else "NOT met"
    if failures:
        figures["failed pages"] = failures[:5]
    return figures
