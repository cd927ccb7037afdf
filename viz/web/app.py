"""The workbench's routes: one bookmarkable URL per view (docs/workbench.md).

    /                      search and question boxes
    /search?q=TEXT         units, places, documents, tasks a text names
    /ask?q=QUESTION        the question's named query, parameters and rows
    /unit/NAME             a unit's duties, projects, pairings, dispatches, partners
    /place/NAME            who helps a place, its projects, the places below it
    /doc/ID?start=&end=    a document, the span highlighted, with its section path
    /quality               the data-quality report: each part's count and first rows
    /quality/PART?page=N   one part of it in pages (suspected pairs also &kind=place|unit)
    /quality/curation.yaml the curation.yaml the report suggests, to download
    /upload                add a .txt/.docx/.pdf and rebuild (viz/web/upload_routes.py)
    /export/KIND/NAME?format=xlsx|md|graphml|json|ttl   the view's subgraph as a file
    /graph/KIND/NAME       the view's neighbourhood as the `bangfu viz` page

Every route is a GET but POST /upload, the one write (a file into
<store>/uploads/, then a rebuild). Names in paths are resolved in the store;
none reaches the file system.
"""
from __future__ import annotations

import hmac
import secrets
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ontology.errors import BangfuError
from viz.web import data, labels, quality_view
from viz.web.backend import Backend
from viz.web.texts import Sources
from viz.web.upload import Rebuilds
from viz.web.upload_routes import upload_routes
from viz.web.warm import Warming

HERE = Path(__file__).parent
CSP = ("default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY", "Cache-Control": "no-store"}
EXPORTS = {"xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
           "md": ("md", "text/markdown; charset=utf-8"),
           "graphml": ("graphml", "application/xml"),
           "json": ("json", "application/json"), "ttl": ("ttl", "text/turtle; charset=utf-8")}
VIEW_KINDS = {"unit": "unit", "place": "place", "doc": "document"}
OWNERS_SHOWN = 200  # rows of the owners table on /search; the rest are counted
TOKEN_COOKIE = "bangfu_token"


def create_app(store_dir: Path, sources: list[Path] | None = None, token: str | None = None,
               hosts: list[str] | None = None, curation: Path | None = None,
               neo4j: tuple[str, str, str] | None = None) -> Starlette:
    """The ASGI application over the store; ``token`` (when given) must come with
    every request, ``hosts`` are the Host headers accepted (None: any);
    ``curation`` is the file a rebuild after an upload applies. With ``neo4j``
    (uri, user, password) the pages read that database instead: the views
    made from the embedded store's files (graph, exports, quality, upload)
    say in Chinese that they need it (viz/web/backend.py)."""
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(u=lambda s: quote(str(s), safe=""), field=labels.field_label,
                       value=labels.value_label, cls=labels.class_name,
                       where=labels.where_label)
    env.globals.update(link_of=labels.link_of, HIDDEN=labels.HIDDEN, KINDS=labels.KINDS,
                       EMBEDDED=neo4j is None)
    backend = Backend(store_dir, neo4j)
    texts = [Sources([])]  # replaced when a rebuild adds a document
    # the name index, records, graph and quality report of a generation are
    # read ahead: when the server starts and when a rebuild switches generation
    warming = Warming(backend.store)

    def refresh() -> None:
        texts[0] = Sources(rebuilds.folders())

    def rebuilt() -> None:
        refresh()
        warming.start()

    rebuilds = Rebuilds(store_dir, list(sources or []), curation, rebuilt)
    refresh()

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    store = backend.store

    def entity(request: Request, kind: str) -> Any:
        return data.resolve(store(), kind, request.path_params["name"],
                            request.query_params.get("id") or None)

    def home(request: Request) -> Response:
        return page("home.html", stats=store().stats())

    def search(request: Request) -> Response:
        q = request.query_params.get("q", "").strip()
        s = store()
        found = data.search(s, q) if q else {}
        # the query answers every row (3,360 at 40 copies for 乡村振兴局): the
        # page draws the first ones and says how many there are
        owners = data.named(s, "owners", {"text": q}) if q else []
        return page("search.html", q=q, search_q=q, found=found,
                    owners=owners[:OWNERS_SHOWN], owners_total=len(owners))

    def ask(request: Request) -> Response:
        from queries.ask import answer
        q = request.query_params.get("q", "").strip()
        s = store()
        data.names(s)  # made once per generation, or waited for while the warming makes it
        result = answer(s, q) if q else None
        return page("ask.html", q=q, result=result)

    def unit(request: Request) -> Response:
        s, found = store(), entity(request, "unit")
        return page("unit.html", unit=found, **data.unit_view(s, found))

    def place(request: Request) -> Response:
        s, found = store(), entity(request, "place")
        return page("place.html", place=found, **data.place_view(s, found))

    def document(request: Request) -> Response:
        s, found = store(), entity(request, "document")
        view = data.document_view(s, found)
        start, end = _span(request)
        quotes = [(r["span"][0], r["span"][1], r["evidence"]) for r in view["facts"]
                  if r.get("span") and r["span"][0] is not None and r.get("evidence")]
        text = texts[0].text(found.name, quotes, s)
        if text is not None and start is not None and end is not None and end > len(text):
            start = end = None  # a span beyond the text marks nothing
        section = data.span_section(view["facts"], start, end) if start is not None else ""
        where = data.span_location(s, found.name, start, end) if start is not None else {}
        return page("doc.html", doc=found, text=text, start=start, end=end, section=section,
                    where=where, **view)

    def quality(request: Request) -> Response:
        from viz.quality import SECTIONS
        return page("quality.html", **quality_view.overview(quality_view.quality(store()), SECTIONS))

    def quality_part(request: Request) -> Response:
        from viz.quality import SECTIONS
        try:
            view = quality_view.section_page(
                quality_view.quality(store()), SECTIONS, request.path_params["part"],
                request.query_params.get("page"), request.query_params.get("kind"))
        except quality_view.NoSuchPage as exc:
            return page("error.html", 404, message=str(exc))
        return page("quality_section.html", **view)

    def curation_file(request: Request) -> Response:
        return Response(quality_view.quality(store()).curation_bytes,
                        media_type="text/yaml; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="curation.yaml"'})

    def known() -> set[str]:
        return set(texts[0].files) | set(store().meta().get("documents", []))

    def export(request: Request) -> Response:
        from viz.export import export_choice
        kind, fmt = request.path_params["kind"], request.query_params.get("format", "xlsx")
        if kind not in VIEW_KINDS or fmt not in EXPORTS:
            return PlainTextResponse("未知的导出类型或格式", status_code=404)
        found = entity(request, VIEW_KINDS[kind])
        suffix, media = EXPORTS[fmt]
        with tempfile.TemporaryDirectory(prefix="bangfu-export-") as folder:
            out = Path(folder) / f"export.{suffix}"
            export_choice(store_dir, _choice(kind, found, request), fmt, out)
            body = out.read_bytes()
        filename = quote(f"{found.name}.{suffix}")
        return Response(body, media_type=media, headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{filename}"})

    def graph(request: Request) -> Response:
        from viz.web.graph import graph_page
        kind = request.path_params["kind"]
        if kind not in VIEW_KINDS:
            return PlainTextResponse("未知的视图类型", status_code=404)
        found = entity(request, VIEW_KINDS[kind])
        html, csp = graph_page(store(), _choice(kind, found, request),
                               request.query_params.getlist("expand"))
        # the page's own CSP: hashes of its inlined scripts, and this server's expand script
        return HTMLResponse(html, headers={"Content-Security-Policy": csp})

    async def errors(request: Request, exc: Exception) -> Response:
        if isinstance(exc, data.NotFound):
            return page("notfound.html", 404, error=exc)
        if isinstance(exc, data.Ambiguous):
            return page("choose.html", 300, error=exc)
        return page("error.html", 500, message=str(exc))

    embedded_only = backend.embedded_only(page)
    routes = [Route("/", home), Route("/search", search), Route("/ask", ask),
              Route("/unit/{name:path}", unit), Route("/place/{name:path}", place),
              Route("/doc/{name:path}", document), Route("/quality", embedded_only(quality)),
              Route("/quality/curation.yaml", embedded_only(curation_file)),
              Route("/quality/{part}", embedded_only(quality_part)),
              *(upload_routes(page, rebuilds, secrets.token_urlsafe(24), known) if neo4j is None
                else [Route("/upload{rest:path}", embedded_only(None), methods=["GET", "POST"])]),
              Route("/export/{kind}/{name:path}", embedded_only(export)),
              Route("/graph/{kind}/{name:path}", embedded_only(graph)),
              Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")]
    middleware = [Middleware(SecurityHeaders, token=token)]
    if hosts:
        middleware.insert(0, Middleware(TrustedHostMiddleware, allowed_hosts=hosts))
    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        data.NotFound: errors, data.Ambiguous: errors, BangfuError: errors}

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        warming.start()
        async with backend.lifespan(app):
            yield

    app = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers,
                    lifespan=lifespan)
    app.state.warming = warming  # the bench waits for it before measuring
    return app


class SecurityHeaders(BaseHTTPMiddleware):
    """The CSP and other headers on every response; with a token, no request
    without it. ``?token=`` once sets a cookie and redirects without it."""

    def __init__(self, app: Any, token: str | None = None) -> None:
        super().__init__(app)
        self.token = token

    async def dispatch(self, request: Request, call_next: Any) -> Response:
        if self.token:
            given = request.query_params.get("token")
            if given is not None and hmac.compare_digest(given, self.token):
                url = request.url.remove_query_params("token")
                response: Response = RedirectResponse(str(url), status_code=303)
                response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
                return _secured(response)
            sent = request.cookies.get(TOKEN_COOKIE) or _bearer(request)
            if not (sent and hmac.compare_digest(sent, self.token)):
                return _secured(PlainTextResponse("需要访问令牌（?token=…）", status_code=401))
        return _secured(await call_next(request))


def _secured(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    for key, value in HEADERS.items():
        response.headers.setdefault(key, value)
    return response


def _bearer(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    return auth[7:] if auth.lower().startswith("bearer ") else ""


def _span(request: Request) -> tuple[int | None, int | None]:
    try:
        start = int(request.query_params["start"])
        end = int(request.query_params["end"])
    except (KeyError, ValueError):
        return None, None
    return (start, end) if 0 <= start < end else (None, None)


def _choice(kind: str, found: Any, request: Request) -> Any:
    from viz.subgraph import Choice
    try:
        hops = max(0, min(3, int(request.query_params.get("hops", "1"))))
    except ValueError:
        hops = 1
    return Choice(unit=found.name if kind == "unit" else None,
                  place=found.name if kind == "place" else None,
                  doc=found.name if kind == "doc" else None,
                  hops=None if kind == "doc" else hops)

