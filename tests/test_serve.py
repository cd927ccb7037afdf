"""`bangfu serve`: the workbench as a browser and a plain HTTP client see it —
the bookmarkable URLs, 404s with the closest names, candidates for an
ambiguous name, the safety headers, and a walk in headless Chromium from a
search to the highlighted quote behind a duty."""
from __future__ import annotations

import io
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

import browser
from conftest import CORPUS, ROOT
from queries.api import build

# A unit whose name is markup, in a document of the genre's form (invented).
EVIL_UNIT = "<img src=x onerror=alert(1)>局"
EVIL_DOC = f"""洪山区乡村振兴局关于印发2024年结对帮扶工作要点的通知

一、强化产业合作
1．推动开展产销对接。组织企业参加消费帮扶活动。（责任单位：区{EVIL_UNIT}、区乡村振兴局）
2．做好就业帮扶。（牵头单位：区人社局；配合单位：区财政局）
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The workbench on a free loopback port over the corpus plus the hostile document."""
    folder = tmp_path_factory.mktemp("serve") / "docs"
    shutil.copytree(CORPUS, folder)
    (folder / "evil.txt").write_text(EVIL_DOC, encoding="utf-8")
    store = folder.parent / "store"
    build([folder], store)
    with serving(store, folder) as base:
        yield base


@contextmanager
def serving(store: Path, folder: Path | None = None, *more: str) -> Iterator[str]:
    """`bangfu serve` over the store (and the documents' folder, and any more
    options) on a free loopback port, until the block ends."""
    port = free_port()
    source = ["--source", str(folder)] if folder is not None else []
    process = subprocess.Popen(
        [sys.executable, "-c", "import cli; cli.run()", "serve", "--port", str(port),
         "--store", str(store), *source, *more],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(base + "/static/style.css", timeout=5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {process.stderr.read()}")
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, _lower(r.headers), r.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, _lower(exc.headers), exc.read().decode("utf-8", errors="replace")


def _lower(headers: object) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}  # type: ignore[attr-defined]


def path(kind: str, name: str, query: str = "") -> str:
    return f"/{kind}/{quote(name, safe='')}" + (f"?{query}" if query else "")


# -- plain HTTP -------------------------------------------------------------------

def test_every_bookmarkable_url_answers_in_chinese(server: str) -> None:
    for url, words in [("/", ["帮扶图谱", "搜索"]),
                       ("/search?q=" + quote("乡村振兴局"), ["洪山区乡村振兴局", "单位"]),
                       ("/ask?q=" + quote("区财政局负责哪些工作？"), ["查询", "duties", "回答"]),
                       (path("unit", "洪山区乡村振兴局"), ["职责", "选优配强驻村力量"]),
                       (path("unit", "区乡村振兴局", "x=1"), ["洪山区乡村振兴局"]),  # as written
                       (path("place", "客坊村"), ["谁在帮扶", "珞南街道"]),
                       (path("doc", "000_75707890b29a5263.txt"), ["原文", "章节与事实"]),
                       ("/quality", ["数据质量报告", "疑似重复"])]:
        status, headers, body = get(server + url)
        assert status == 200, url
        assert headers["content-type"].startswith("text/html; charset=utf-8")
        for word in words:
            assert word in body, (url, word)


def test_an_unknown_name_is_404_with_the_closest_names(server: str) -> None:
    status, _, body = get(server + path("unit", "洪山区乡村振新局"))
    assert status == 404
    assert "没有名为“洪山区乡村振新局”的单位" in body
    assert f'href="/unit/{quote("洪山区乡村振兴局", safe="")}"' in body
    assert get(server + path("place", "火星村"))[0] == 404
    assert get(server + path("doc", "../../etc/passwd"))[0] == 404  # a name, never a path


def test_an_ambiguous_name_lists_its_candidates_each_a_link_that_chooses_it(server: str) -> None:
    status, _, body = get(server + path("unit", "财政局"))
    assert status == 300
    for name in ("建始县财政局", "武汉市财政局", "洪山区财政局"):
        assert f">{name}</a>" in body
    link = body.split('href="/unit/' + quote("洪山区财政局", safe=""), 1)[1].split('"', 1)[0]
    status, _, chosen = get(server + "/unit/" + quote("洪山区财政局", safe="") + link.replace("&amp;", "&"))
    assert status == 200 and "<h1>洪山区财政局" in chosen


def test_the_document_view_highlights_the_span_with_its_section_path(server: str) -> None:
    status, _, body = get(server + path("doc", "000_75707890b29a5263.txt", "start=852&end=879"))
    assert status == 200
    marked = body.split('<mark id="hl">', 1)[1].split("</mark>", 1)[0]
    assert "".join(marked.split()) == "（责任单位：区委组织部、区乡村振兴局，各派出单位）"
    assert "二、重点任务 &gt; （一）选优配强驻村力量" in body


def test_headers_forbid_inline_script_and_framing(server: str) -> None:
    for url in ("/", path("unit", "洪山区乡村振兴局"), "/nowhere"):
        _, headers, _ = get(server + url)
        csp = headers["content-security-policy"]
        assert "script-src 'none'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
    # a page reached by another host name (DNS rebinding) is refused
    assert get(server + "/", {"Host": "evil.example"})[0] == 400


def test_the_server_is_read_only(server: str) -> None:
    request = urllib.request.Request(server + "/unit/x", data=b"a=1", method="POST")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=30)
    assert err.value.code == 405


def test_markup_in_a_document_is_text_on_every_page(server: str) -> None:
    name = "洪山区<imgsrc=xonerror=alert（1）>局"  # the name as the loaders write it
    for url in (path("unit", name), path("doc", "evil.txt", "start=63&end=107"),
                "/search?q=onerror"):
        status, _, body = get(server + url)
        assert status == 200, url
        assert "<img" not in body and "&lt;img" in body, url


def test_the_xlsx_export_reads_back(server: str) -> None:
    import openpyxl
    url = server + path("export/unit", "洪山区乡村振兴局", "format=xlsx")
    with urllib.request.urlopen(url, timeout=60) as r:
        assert "spreadsheetml" in r.headers["Content-Type"]
        book = openpyxl.load_workbook(io.BytesIO(r.read()))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert "洪山区乡村振兴局" in cells
    assert get(server + path("export/unit", "洪山区乡村振兴局", "format=exe"))[0] == 404


def test_an_address_others_reach_needs_a_token() -> None:
    from viz.web.serve import check_address
    assert check_address("127.0.0.1", None) is None and check_address("::1", None) is None
    assert "--token" in (check_address("0.0.0.0", None) or "")
    assert check_address("0.0.0.0", "a-long-enough-secret") is None
    run = subprocess.run([sys.executable, "-c", "import cli; cli.run()", "serve", "--host",
                          "0.0.0.0", "--store", "/nonexistent"], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "--token" in run.stderr


def test_with_a_token_no_request_without_it(tmp_path: Path, store: Path) -> None:
    from starlette.testclient import TestClient
    from viz.web.app import create_app
    client = TestClient(create_app(store, token="a-long-enough-secret"))
    assert client.get("/").status_code == 401
    assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/", headers={"Authorization": "Bearer a-long-enough-secret"}).status_code == 200
    first = client.get("/?token=a-long-enough-secret", follow_redirects=False)
    assert first.status_code == 303 and "token" not in first.headers["location"]
    assert client.get("/").status_code == 200  # the cookie set on the way


# -- in a real browser ----------------------------------------------------------------

def go(chromium: browser.Browser, url: str) -> None:
    chromium.call("Page.navigate", session=True, url=url)
    chromium.wait_for(f"location.href === {url!r} && document.readyState === 'complete'")


def click(chromium: browser.Browser, selector: str) -> None:
    """A real mouse click on the first element the selector finds (the pages run no script)."""
    x, y = chromium.evaluate(f"""(() => {{ const e = document.querySelector({selector!r});
      e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();
      return [r.left + Math.min(8, r.width / 2), r.top + r.height / 2]; }})()""")
    for kind in ("mousePressed", "mouseReleased"):
        chromium.call("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y,
                      button="left", clickCount=1)


def test_walk_search_unit_duty_to_the_highlighted_quote(server: str, tmp_path: Path,
                                                        chromium: browser.Browser) -> None:
    go(chromium, server + "/search?q=" + quote("区乡村振兴局"))
    chromium.screenshot(tmp_path / "1_search.png")
    click(chromium, 'ul.entities a[href^="/unit/"]')
    chromium.wait_for("location.pathname.startsWith('/unit/') && document.readyState === 'complete'")
    assert chromium.evaluate("document.querySelector('h1').textContent").startswith("洪山区乡村振兴局")
    chromium.screenshot(tmp_path / "2_unit.png")
    evidence = chromium.evaluate("document.querySelector('a.evidence').textContent")
    click(chromium, "a.evidence")
    chromium.wait_for("location.pathname.startsWith('/doc/') && document.readyState === 'complete'"
                      " && !!document.getElementById('hl')")
    marked = chromium.evaluate("document.getElementById('hl').textContent")
    assert "".join(marked.split()) == "".join(evidence.split())
    assert chromium.evaluate("document.querySelector('.section-path').textContent")
    # the highlight is scrolled into view (#hl), not left below the fold
    top = chromium.evaluate("document.getElementById('hl').getBoundingClientRect().top")
    assert 0 <= top <= chromium.evaluate("innerHeight")
    chromium.screenshot(tmp_path / "3_document.png")
    assert chromium.log.errors() == [] and chromium.log.dialogs == []
    assert all(u.startswith(server) for u in chromium.log.requests)


def test_a_markup_named_unit_shows_as_text_and_runs_nothing(server: str, tmp_path: Path,
                                                           chromium: browser.Browser) -> None:
    name = "洪山区<imgsrc=xonerror=alert（1）>局"
    go(chromium, server + path("unit", name))
    assert chromium.evaluate("document.querySelector('h1').textContent").startswith(name)
    go(chromium, server + path("doc", "evil.txt", "start=63&end=107") + "#hl")
    assert EVIL_UNIT in chromium.evaluate("document.getElementById('hl').textContent")
    assert chromium.evaluate("document.images.length") == 0
    assert chromium.evaluate("document.scripts.length") == 0
    chromium.screenshot(tmp_path / "4_hostile.png")
    assert chromium.log.dialogs == [] and chromium.log.errors() == []
