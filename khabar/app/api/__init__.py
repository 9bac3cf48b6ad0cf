"""The REST API and the web UI, one FastAPI app over one khabar database.

    from khabar.app.api import create_app
    app = create_app("khabar.db")          # uvicorn: khabar serve

JSON lives under /api; every UI page has a JSON twin at the same path under /api with
the same parameters (/stories/ID -> /api/stories/ID).  OpenAPI at /openapi.json, and
/docs serves Swagger UI from local files (no CDN).  Errors are JSON
``{"error": {"status", "message", "detail"}}`` under /api and an HTML page elsewhere.
"""
from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from khabar import __version__
from khabar.app import queries
from khabar.app.api import models as M
from khabar.app.queries import NotFound, QueryError
from khabar.app.web import listen
from khabar.app.web.render import cite_url, entity_url, render
from khabar.app.web.svg import graph_svg, pick_for_picture, timeline_svg
from khabar.store import Store

WEB = resources.files("khabar.app.web")
ERRORS = {400: ("طلب غير صالح", "Bad request"), 404: ("غير موجود", "Not found"),
          422: ("طلب غير صالح", "Bad request"), 503: ("غير متاح", "Unavailable"), 500: ("خطأ", "Server error")}


class ApiError(Exception):
    def __init__(self, status: int, message: str, detail: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.status, self.message, self.detail = status, message, detail


def _swagger_dir() -> Path | None:
    try:
        import swagger_ui_bundle  # type: ignore[import-untyped]
    except ImportError:
        return None
    p = Path(swagger_ui_bundle.swagger_ui_path)
    return p if (p / "swagger-ui-bundle.js").exists() else None


def create_app(db_path: str | Path) -> FastAPI:
    """The app over the database at ``db_path`` (migrated on open; read per thread)."""
    db_path = str(db_path)
    Store(db_path).close()  # create / migrate once, up front
    local = threading.local()

    def store() -> Store:
        s = getattr(local, "store", None)
        if s is None:
            s = local.store = Store(db_path)
        return s

    app = FastAPI(
        title="khabar API",
        version=__version__,
        description=(
            "Arabic news from many outlets as sourced stories: stories, timelines, entities, quotes, events, "
            "search.  Every citation is (article_id, start, end) over the article's cleaned text.  Lists take "
            "limit/offset and return next_url.  Every web page has a JSON twin under /api with the same "
            "parameters."
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.mount("/static", StaticFiles(directory=str(WEB.joinpath("static"))), name="static")

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        """Defence in depth for untrusted article text: pages may run only our own script."""
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        if response.headers.get("content-type", "").startswith("text/html") and not request.url.path.startswith("/docs"):
            response.headers["Content-Security-Policy"] = (
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                "media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
            )
        return response
    sw = _swagger_dir()
    if sw is not None:
        app.mount("/docs/assets", StaticFiles(directory=str(sw)), name="swagger")

    # -- errors -------------------------------------------------------------
    def _error(request: Request, status: int, message: str, detail: list[dict[str, Any]] | None = None) -> Response:
        if request.url.path.startswith("/api") or request.url.path.startswith("/openapi"):
            return JSONResponse({"error": {"status": status, "message": message, "detail": detail}},
                                status_code=status)
        ar, en = ERRORS.get(status, ("خطأ", "Error"))
        return HTMLResponse(render("error.html", status=status, title_ar=ar, title_en=en, message=message),
                            status_code=status)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return _error(request, exc.status, exc.message, exc.detail)

    @app.exception_handler(QueryError)
    async def _query_error(request: Request, exc: QueryError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        detail = [{"parameter": ".".join(str(x) for x in e.get("loc", [])[1:]) or str(e.get("loc")),
                   "problem": e.get("msg"), "got": e.get("input")} for e in exc.errors()]
        msg = "; ".join(f"{d['parameter']}: {d['problem']}" for d in detail)
        return _error(request, 400, f"invalid parameters: {msg}", detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        msg = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"no such page: {request.url.path}"
        return _error(request, exc.status_code, msg)

    def page(request: Request, data: dict[str, Any]) -> dict[str, Any]:
        nxt = None
        if data.get("has_more"):
            nxt = str(request.url.include_query_params(offset=data["offset"] + data["limit"], limit=data["limit"]))
        return {**data, "next_url": nxt}

    errs = {400: {"model": M.ErrorResponse, "description": "bad parameter"},
            404: {"model": M.ErrorResponse, "description": "unknown id"}}
    Limit = Query(50, ge=1, le=queries.MAX_LIMIT, description="items per page")
    Offset = Query(0, ge=0, description="items to skip")
    Since = Query(None, description="from this date (YYYY, YYYY-MM or YYYY-MM-DD)")
    Until = Query(None, description="until this date (inclusive)")

    # -- JSON API -----------------------------------------------------------
    @app.get("/api", tags=["meta"], summary="What this API holds")
    def api_index() -> dict[str, Any]:
        return {"name": "khabar", "version": __version__, "counts": queries.overview(store()),
                "listen": listen.why_not() is None,
                "endpoints": sorted({getattr(r, "path", "") for r in app.routes if getattr(r, "path", "").startswith("/api/")})}

    @app.get("/api/stories", response_model=M.Page[M.StoryItem], tags=["stories"], responses=errs,
             summary="Stories, with search and filters")
    def api_stories(request: Request, q: str | None = Query(None, description="words in the stories' articles"),
                    since: str | None = Since, until: str | None = Until,
                    outlet: str | None = Query(None, description="only stories with an article from this outlet"),
                    entity: str | None = Query(None, description="only stories mentioning this entity id"),
                    parent: str | None = Query(None, description="sub-stories of this story"),
                    limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        return page(request, queries.list_stories(store(), q=q, since=since, until=until, outlet=outlet,
                                                  entity=entity, parent=parent, limit=limit, offset=offset))

    @app.get("/api/stories/{story_id}", response_model=M.StoryDetail, tags=["stories"], responses=errs,
             summary="One story: summary, timeline, people, graph, quotes, outlets, disagreements")
    def api_story(story_id: str) -> dict[str, Any]:
        d = queries.story_detail(store(), story_id)
        d["listen"] = listen.why_not() is None
        return d

    @app.get("/api/stories/{story_id}/timeline", response_model=M.Timeline, tags=["stories"], responses=errs,
             summary="A story's timeline (story_id '_all': the whole store)")
    def api_timeline(story_id: str, limit: int = Query(500, ge=1, le=queries.MAX_LIMIT),
                     offset: int = Offset) -> dict[str, Any]:
        return queries.story_timeline(store(), story_id, limit=limit, offset=offset)

    @app.get("/api/stories/{story_id}/report", tags=["stories"], responses=errs,
             summary="A story report: standalone HTML, Markdown or JSON")
    def api_report(story_id: str, format: str = Query("html", pattern="^(html|md|json)$")) -> Response:
        from khabar.app.report import render_report

        body = render_report(store(), story_id, format)
        media = {"html": "text/html", "md": "text/markdown", "json": "application/json"}[format]
        sid = queries.get_story_or_404(store(), story_id).id
        return Response(body, media_type=f"{media}; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="story-{sid}.{format}"'})

    @app.get("/api/stories/{story_id}/audio", tags=["stories"], responses={**errs, 503: errs[400]},
             summary="The story summary read aloud (WAV, espeak-ng; 503 where speech is unavailable)")
    def api_audio(story_id: str) -> Response:
        why = listen.why_not()
        if why:
            raise ApiError(503, f"listening is not available here: {why}")
        d = queries.story_detail(store(), story_id)
        try:
            path = listen.summary_wav(listen.summary_text(d))
        except listen.ListenError as exc:
            raise ApiError(503, str(exc)) from exc
        return FileResponse(path, media_type="audio/wav", filename=f"story-{d['story']['id']}.wav")

    @app.get("/api/articles", response_model=M.Page[M.ArticleItem], tags=["articles"], responses=errs,
             summary="Articles (no text), newest first, with filters")
    def api_articles(request: Request, q: str | None = None, since: str | None = Since, until: str | None = Until,
                     outlet: str | None = None, entity: str | None = None, story: str | None = None,
                     limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        return page(request, queries.list_articles(store(), q=q, since=since, until=until, outlet=outlet,
                                                   entity=entity, story=story, limit=limit, offset=offset))

    @app.get("/api/articles/{article_id}", response_model=M.ArticleDetail, tags=["articles"], responses=errs,
             summary="One article with its annotation layers")
    def api_article(article_id: str) -> dict[str, Any]:
        return queries.article_detail(store(), article_id)

    @app.get("/api/entities", response_model=M.Page[M.EntityItem], tags=["entities"], responses=errs,
             summary="Entities, most mentioned first")
    def api_entities(request: Request, q: str | None = Query(None, description="part of a name or variant"),
                     type: str | None = Query(None, description="PER, ORG, GPE, LOC or FAC"),
                     limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        return page(request, queries.list_entities(store(), q=q, type=type, limit=limit, offset=offset))

    @app.get("/api/entities/{entity_id:path}", response_model=M.EntityDetail, tags=["entities"], responses=errs,
             summary="One entity: variants, roles, quotes, events, timeline")
    def api_entity(entity_id: str) -> dict[str, Any]:
        return queries.entity_detail(store(), entity_id)

    @app.get("/api/quotes", response_model=M.Page[M.QuoteItem], tags=["quotes"], responses=errs,
             summary="Quotes, by story, article or speaker")
    def api_quotes(request: Request, story: str | None = None, article: str | None = None,
                   speaker: str | None = Query(None, description="entity id or part of the speaker's name"),
                   limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        return page(request, queries.list_quotes(store(), story=story, article=article, speaker=speaker,
                                                 limit=limit, offset=offset))

    @app.get("/api/events", response_model=M.Page[M.EventItem], tags=["events"], responses=errs,
             summary="Events, with filters")
    def api_events(request: Request, story: str | None = None, article: str | None = None,
                   entity: str | None = None, type: str | None = None,
                   modality: str | None = Query(None, description="happened, scheduled, expected, ..."),
                   since: str | None = Since, until: str | None = Until,
                   limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        return page(request, queries.list_events(store(), story=story, article=article, entity=entity, type=type,
                                                 modality=modality, since=since, until=until, limit=limit,
                                                 offset=offset))

    @app.get("/api/search", response_model=M.Page[M.SearchHit], tags=["search"], responses=errs,
             summary="Full-text search over articles (any hamza/alef/yaa form, glued proclitics)")
    def api_search(request: Request, q: str = Query(..., min_length=1, description="the words to find"),
                   limit: int = Query(20, ge=1, le=queries.MAX_LIMIT), offset: int = Offset) -> dict[str, Any]:
        return page(request, queries.search(store(), q, limit=limit, offset=offset))

    # -- Swagger UI, served locally -------------------------------------------
    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        if sw is None:
            return HTMLResponse(
                "<!doctype html><meta charset=utf-8><title>khabar API</title><h1>khabar API</h1>"
                "<p>Swagger UI is not installed (pip install swagger-ui-bundle); the schema is at "
                "<a href='/openapi.json'>/openapi.json</a>.</p>"
            )
        return HTMLResponse(
            "<!doctype html><html><head><meta charset='utf-8'><title>khabar API</title>"
            "<link rel='stylesheet' href='/docs/assets/swagger-ui.css'></head><body><div id='swagger-ui'></div>"
            "<script src='/docs/assets/swagger-ui-bundle.js'></script><script>"
            "window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui'});</script></body></html>"
        )

    # -- web UI ---------------------------------------------------------------
    def html(request: Request, name: str, twin: str | None, **ctx: Any) -> HTMLResponse:
        if twin and request.url.query:
            twin += "?" + request.url.query
        return HTMLResponse(render(name, twin=twin, search_q=request.query_params.get("q") if name == "search.html"
                                   else None, **ctx))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def ui_stories(request: Request, q: str | None = None, since: str | None = None, until: str | None = None,
                   outlet: str | None = None, entity: str | None = None, limit: int = Limit,
                   offset: int = Offset) -> HTMLResponse:
        params = {"q": q, "since": since, "until": until, "outlet": outlet, "entity": entity}
        data = queries.list_stories(store(), **params, limit=limit, offset=offset)
        return html(request, "index.html", "/api/stories", page=data, params=params,
                    options=queries.story_options(store()), overview=queries.overview(store()))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def ui_story(request: Request, story_id: str) -> HTMLResponse:
        d = queries.story_detail(store(), story_id)
        focus = (d["story"].get("first_date"), d["story"].get("last_date"))

        def href(e: dict[str, Any]) -> str | None:
            if "node" in e:
                return entity_url(e["node"].get("entity_id"))
            cits = e.get("citations") or []
            return cite_url(cits[0]) if cits else None

        return html(request, "story.html", f"/api/stories/{d['story']['id']}", d=d,
                    tl_svg=timeline_svg(pick_for_picture(d["timeline"]["entries"], focus), href, focus=focus),
                    graph_svg_html=graph_svg(d["graph"], href),
                    listen_ok=listen.why_not() is None)

    @app.get("/stories/{story_id}/report.{fmt}", include_in_schema=False)
    def ui_report(story_id: str, fmt: str) -> Response:
        return api_report(story_id, fmt if fmt in ("html", "md", "json") else "bad")

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def ui_articles(request: Request, q: str | None = None, since: str | None = None, until: str | None = None,
                    outlet: str | None = None, entity: str | None = None, story: str | None = None,
                    limit: int = Limit, offset: int = Offset) -> HTMLResponse:
        params = {"q": q, "since": since, "until": until, "outlet": outlet, "entity": entity, "story": story}
        data = queries.list_articles(store(), **params, limit=limit, offset=offset)
        return html(request, "articles.html", "/api/articles", page=data, params=params,
                    options=queries.story_options(store()))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def ui_article(request: Request, article_id: str) -> HTMLResponse:
        d = queries.article_detail(store(), article_id)
        return html(request, "article.html", f"/api/articles/{d['article']['id']}", d=d)

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def ui_entities(request: Request, q: str | None = None, type: str | None = None, limit: int = Limit,
                    offset: int = Offset) -> HTMLResponse:
        params = {"q": q, "type": type}
        data = queries.list_entities(store(), q=q, type=type or None, limit=limit, offset=offset)
        return html(request, "entities.html", "/api/entities", page=data, params=params)

    @app.get("/entities/{entity_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def ui_entity(request: Request, entity_id: str) -> HTMLResponse:
        d = queries.entity_detail(store(), entity_id)
        return html(request, "entity.html", "/api/entities/" + quote(entity_id, safe=""), d=d)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def ui_search(request: Request, q: str = "", limit: int = Query(20, ge=1, le=queries.MAX_LIMIT),
                  offset: int = Offset) -> HTMLResponse:
        params = {"q": q}
        data = queries.search(store(), q, limit=limit, offset=offset)
        return html(request, "search.html", "/api/search", page=data, params=params)

    @app.get("/robots.txt", include_in_schema=False)
    def robots() -> PlainTextResponse:
        return PlainTextResponse("User-agent: *\nDisallow: /\n")

    return app
