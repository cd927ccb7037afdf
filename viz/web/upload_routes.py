"""The routes that add a document: the form, the POST, the rebuild's page.

    GET  /upload          the form (with this server's form token)
    POST /upload          multipart/form-data: file, form_token → 303 to /upload/JOB
    GET  /upload/JOB      正在重建… (refreshes itself every second), then a link
                          to the new document, or why the rebuild failed

The POST is the server's only write. Beyond the token and Host checks every
request passes, it must carry the form token printed in the form (a page of
another site cannot read it), must not come from another site by the
browser's own account (Sec-Fetch-Site, Origin), and must say its length.
"""
from __future__ import annotations

import hmac
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from viz.web.upload import MAX_BYTES, Refused, Rebuilds

FORM_OVERHEAD = 64 << 10  # the multipart envelope around the file


def upload_routes(page: Callable[..., Response], rebuilds: Rebuilds, form_token: str,
                  known: Callable[[], set[str]]) -> list[Route]:
    """The routes, rendering with ``page``; ``known`` gives the document names taken."""

    def form(request: Request, message: str = "", status: int = 200) -> Response:
        return page("upload.html", status, form_token=form_token, message=message,
                    busy=rebuilds.busy(), limit=MAX_BYTES >> 20,
                    can_add=bool(rebuilds.sources))

    async def show(request: Request) -> Response:
        return form(request)

    async def post(request: Request) -> Response:
        try:
            _same_site(request)
            if rebuilds.busy():
                raise Refused("正在重建，请稍后再添加", 409)
            length = request.headers.get("content-length")
            if length is None or not length.isdigit():
                raise Refused("请求没有说明长度（Content-Length）", 411)
            if int(length) > MAX_BYTES + FORM_OVERHEAD:
                raise Refused(f"文件超过 {MAX_BYTES >> 20} MB 的上限", 413)
            async with request.form(max_files=1, max_fields=4) as data:
                given = data.get("form_token")
                if not isinstance(given, str) or not hmac.compare_digest(given, form_token):
                    raise Refused("表单已过期或来自别处：请重新打开“添加文件”页面", 403)
                upload = data.get("file")
                if not isinstance(upload, UploadFile):
                    raise Refused("请选择要添加的文件")
                body = await upload.read(MAX_BYTES + 1)
                name = upload.filename or ""
            job = await run_in_threadpool(rebuilds.add, name, body, known())
        except Refused as exc:
            return form(request, exc.message, exc.status)
        return RedirectResponse(f"/upload/{job.id}", status_code=303)

    def status(request: Request) -> Response:
        job = rebuilds.jobs.get(request.path_params["job"])
        if job is None:
            return page("error.html", 404, message="没有这次重建的记录（服务重启后记录不保留）")
        return page("rebuild.html", job=job)

    return [Route("/upload", show, methods=["GET"]), Route("/upload", post, methods=["POST"]),
            Route("/upload/{job}", status, methods=["GET"])]


def _same_site(request: Request) -> None:
    """Refuse a request the browser says another site made. (Origin may be
    "null" for our own form: the pages send no referrer.)"""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        raise Refused("不接受来自其他网站的提交", 403)
    origin = request.headers.get("origin")
    if origin not in (None, "null") and origin != _own_origin(request):
        raise Refused("不接受来自其他网站的提交", 403)


def _own_origin(request: Request) -> str:
    host = request.headers.get("host", "")
    return f"{request.url.scheme}://{host}"

