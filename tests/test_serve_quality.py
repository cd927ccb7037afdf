"""The workbench on a collection with many suspected duplicates (issue #15
item 6): /quality shows counts and first rows, each part has bookmarkable
pages (and the suspected pairs pages by kind), the curation file is shown
whole only while small and downloads whole; /search draws at most 200 rows
of who is responsible; the server reads a generation ahead, at start-up
and after a rebuild, before anyone asks for its pages."""
from __future__ import annotations

import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

import browser
from conftest import CORPUS, DOC, ROOT
from queries.api import build, query
from queries.api import quality as quality_report
from queries.embedded import EmbeddedStore
from test_serve import click, get, go, serving
from viz.web.curation import curation_yaml
from viz.web.quality_view import CURATION_LINES, INLINE_CURATION, PER_PAGE, PREVIEW

ARTIFACTS = ROOT / "tests" / "artifacts"


def copies(folder: Path, times: int) -> Path:
    """The project table (000) and the dispatch table (002) copied, the
    districts renamed in each copy after the first (洪山区 → 洪山乙区) as
    bench/ copies the corpus: the work teams of villages one character apart
    pair across copies, hundreds of suspected duplicates."""
    folder.mkdir(parents=True)
    for k in range(times):
        for doc in (DOC["000"], DOC["002"]):
            text = (CORPUS / doc).read_text(encoding="utf-8")
            for district in ("洪山区", "新洲区", "武汉市") if k else ():
                text = text.replace(district, district[:-1] + "甲乙丙丁"[k] + district[-1])
            (folder / f"c{k}_{doc}").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = copies(tmp_path_factory.mktemp("quality") / "docs", 3)
    store = folder.parent / "store"
    build([folder], store)
    with serving(store, folder) as base:
        yield {"base": base, "store": store, "report": quality_report(store)}


def rows_shown(chromium: browser.Browser, within: str = "main") -> list[list[str]]:
    return chromium.evaluate(f"""[...document.querySelectorAll({within + ' table.rows tbody tr'!r})]
      .map(tr => [...tr.cells].map(td => td.textContent))""")


def names_of(cells: list[list[str]]) -> list[str]:
    return [row[2] for row in cells]  # kind, parent, names, …


def test_quality_shows_counts_and_pages_of_every_pair(many: dict, chromium: browser.Browser) -> None:
    base, report = many["base"], many["report"]
    pairs = report["suspected_duplicates"]
    assert len(pairs) > 3 * PER_PAGE  # pages enough to walk
    go(chromium, base + "/quality")
    heading = chromium.evaluate("document.querySelector('#suspected_duplicates h2').textContent")
    assert heading.endswith(f"（{len(pairs)}）")
    first = rows_shown(chromium, "#suspected_duplicates")
    assert len(first) == PREVIEW
    assert names_of(first) == ["、".join(p["names"]) for p in pairs[:PREVIEW]]
    chromium.screenshot(ARTIFACTS / "serve_quality_1_overview.png")
    # the link under the section opens its own pages, 100 rows each
    click(chromium, 'a.all[href="/quality/suspected_duplicates"]')
    chromium.wait_for("location.pathname === '/quality/suspected_duplicates' && "
                      "document.readyState === 'complete'")
    assert len(rows_shown(chromium)) == PER_PAGE
    click(chromium, 'nav.pages a[rel="next"]')
    chromium.wait_for("location.search === '?page=2' && document.readyState === 'complete'")
    page2 = rows_shown(chromium)
    assert names_of(page2) == ["、".join(p["names"]) for p in pairs[PER_PAGE:2 * PER_PAGE]]
    chromium.screenshot(ARTIFACTS / "serve_quality_2_page2.png")
    # the pairs of units alone, and the last page reached through the form
    click(chromium, 'p.kinds a[href*="kind=unit"]')
    chromium.wait_for("location.search.includes('kind=unit') && document.readyState === 'complete'")
    units = [p for p in pairs if p["kind"] == "unit"]
    pages = -(-len(units) // PER_PAGE)
    chromium.evaluate(f"document.querySelector('form.goto input[name=page]').value = '{pages}'")
    click(chromium, "form.goto button")
    chromium.wait_for(f"location.search === '?kind=unit&page={pages}' && "
                      "document.readyState === 'complete'")
    last = rows_shown(chromium)
    assert names_of(last) == ["、".join(p["names"]) for p in units[(pages - 1) * PER_PAGE:]]
    assert {row[0] for row in last} == {"unit"}
    assert chromium.log.errors() == [] and chromium.log.dialogs == []
    # a page, part or kind the report does not have says so
    for url in (f"/quality/suspected_duplicates?page={pages * 10}", "/quality/nothing",
                "/quality/suspected_duplicates?page=x", "/quality/tasks_without_unit?kind=unit"):
        status, _, body = get(base + url)
        assert status == 404 and "<h1>出错</h1>" in body, url


def test_a_large_curation_file_is_downloaded_whole_and_shown_in_part(many: dict) -> None:
    base = many["base"]
    whole = curation_yaml(many["report"])
    assert len(whole) > INLINE_CURATION  # too big to show on the page
    status, headers, text = get(base + "/quality/curation.yaml")
    assert status == 200 and "attachment" in headers["content-disposition"]
    assert text == whole
    _, _, page = get(base + "/quality")
    shown = page.split('<pre class="curation">', 1)[1].split("</pre>", 1)[0]
    from html import unescape
    assert unescape(shown) == "".join(whole.splitlines(keepends=True)[:CURATION_LINES])
    assert "完整文件请下载" in page and len(page) < 200_000


def test_search_draws_two_hundred_rows_and_counts_the_rest(many: dict) -> None:
    total = len(query(many["store"], "owners", {"text": "帮扶"}))
    assert total > 200
    status, _, body = get(many["base"] + "/search?q=" + quote("帮扶"))
    assert status == 200
    assert f"由谁负责（{total}）" in body and "只列前 200 行" in body
    table = body.split("由谁负责", 1)[1]
    assert table.count('<td class="quote">') == 200


def test_the_server_reads_a_generation_ahead_at_start_and_after_a_rebuild(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from viz.web.app import create_app
    from viz.web.warm import warmed
    folder = copies(tmp_path / "docs", 1)
    store_dir = tmp_path / "store"
    build([folder], store_dir)
    app = create_app(store_dir, [folder])
    with TestClient(app) as client:
        assert app.state.warming.wait(600)
        first = EmbeddedStore(store_dir)
        assert warmed(first)  # no page asked for yet
        body = client.get("/upload").text
        token = body.split('name="form_token" value="', 1)[1].split('"', 1)[0]
        plan = ("青松区乡村振兴局关于印发帮扶工作方案的通知\n\n一、发展产业\n"
                "1．建设茶叶基地。（责任单位：青松区财政局）\n").encode()
        sent = client.post("/upload", data={"form_token": token},
                           files={"file": (f"plan-{uuid.uuid4().hex[:6]}.txt", plan)},
                           follow_redirects=False)
        assert sent.status_code == 303
        job = sent.headers["location"]
        while "正在重建" in client.get(job).text:  # the rebuild's own page, as a person waits
            app.state.warming.wait(1)
        assert app.state.warming.wait(600)
        second = EmbeddedStore(store_dir)
        assert second.path != first.path and warmed(second)
