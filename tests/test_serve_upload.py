"""`bangfu serve`'s one write: adding a document (POST /upload) and the
rebuild behind it, the curation.yaml the quality page suggests, and the page
and table cell of a fact beside its quote — over a real server, in a real
headless Chromium where a person would click."""
from __future__ import annotations

import json
import os
import shutil
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

import browser
from conftest import CORPUS, ROOT
from queries.api import build
from queries.api import quality as quality_report
from queries.generations import writer_lock
from test_serve import click, get, go, path, serving

ARTIFACTS = ROOT / "tests" / "artifacts"
EVIL = "<img src=x onerror=alert(1)>"
EVIL_NAME = "青松区<imgsrc=xonerror=alert（1）>局"  # as the loaders write the name
# A plan of the genre's form (invented): numbered clauses with their units.
PLAN = f"""青松区乡村振兴局关于印发2024年结对帮扶工作方案的通知

一、发展特色产业
1．建设高山茶叶基地。扩大茶园面积，培育龙头企业。（责任单位：青松区财政局、青松区农业农村局）
2．开展消费帮扶。组织帮扶产品进机关、进社区。（责任单位：青松区{EVIL}局）
二、促进稳定就业
3．举办技能培训班。（牵头单位：青松区人社局；配合单位：青松区财政局）
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The workbench over a copy of the corpus, with --source (uploads need it)."""
    folder = tmp_path_factory.mktemp("upload") / "docs"
    shutil.copytree(CORPUS, folder)
    store = folder.parent / "store"
    build([folder], store)
    with serving(store, folder) as base:
        yield {"base": base, "store": store, "source": folder}


def form_token(base: str) -> str:
    status, _, body = get(base + "/upload")
    assert status == 200
    return body.split('name="form_token" value="', 1)[1].split('"', 1)[0]


def post(base: str, filename: str, data: bytes, token: str | None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """A multipart POST as a browser's form sends it (redirects not followed)."""
    boundary = uuid.uuid4().hex
    parts = []
    if token is not None:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="form_token"\r\n\r\n'
                     f'{token}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                 f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                 + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(base + "/upload", data=body, method="POST", headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}", **(headers or {})})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read().decode()


def store_state(store: Path) -> tuple[str, str, list[str]]:
    """What must not change when a file is refused: the current generation,
    its counts, and the uploads folder."""
    meta = json.loads((store / "current" / "meta.json").read_text(encoding="utf-8"))
    uploads = sorted(p.name for p in (store / "uploads").glob("*")) if (store / "uploads").is_dir() else []
    return os.readlink(store / "current"), json.dumps(meta["nodes"], sort_keys=True), uploads


def wait_done(base: str, location: str) -> str:
    """The rebuild's page once it no longer says 正在重建 (it refreshes itself)."""
    deadline = time.monotonic() + 300
    while True:
        status, _, body = get(base + location)
        assert status == 200
        if "正在重建" not in body:
            return body
        assert '<meta http-equiv="refresh" content="1">' in body
        if time.monotonic() > deadline:
            raise TimeoutError("the rebuild did not finish")
        time.sleep(0.3)


def plan_docx(out: Path) -> Path:
    """A Word plan whose duties stand in a table: each fact has a table cell."""
    from docx import Document
    doc = Document()
    for line in ("青松区2024年结对帮扶工作方案", "一、工作任务",
                 "1．推进产业帮扶。（责任单位：青松区财政局）", "附件：重点任务分工表"):
        doc.add_paragraph(line)
    rows = [("序号", "工作任务", "牵头单位", "责任单位"),
            ("1", "组织消费帮扶活动", "青松区商务局", "青松区农业农村局"),
            ("2", "开展就业技能培训", "青松区人社局", "青松区教育局")]
    table = doc.add_table(rows=3, cols=4)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    doc.save(str(out))
    return out


# -- refused files: one message, the store as it was -----------------------------

@pytest.mark.parametrize("filename, data, status, message", [
    ("tool.exe", b"MZ\x90\x00binary", 400, "只能添加 .txt、.docx 或 .pdf 文件"),
    ("plan.pdf", "这不是 PDF，只是文字".encode(), 400, "不是有效的 PDF 文件"),
    ("empty.txt", b"", 400, "文件是空的"),
    ("blank.txt", b"  \n\n ", 400, "文件是空的"),
    ("binary.txt", b"\x00\x01\x02\x03" * 10, 400, "不是文本文件"),
    ("plan.docx", b"PK\x03\x04 not a zip", 400, "不是有效的 Word .docx 文件"),
    ("../../escape.txt", PLAN.encode(), 400, "含有路径或特殊字符"),
    ("a\\b.txt", PLAN.encode(), 400, "含有路径或特殊字符"),
    (".hidden.txt", PLAN.encode(), 400, "含有路径或特殊字符"),
    ("000_75707890b29a5263.txt", PLAN.encode(), 409, "已有同名文件"),
])
def test_a_bad_file_gives_one_message_and_leaves_the_store(served: dict, filename: str,
                                                          data: bytes, status: int,
                                                          message: str) -> None:
    base, store = served["base"], served["store"]
    before = store_state(store)
    code, _, body = post(base, filename, data, form_token(base))
    assert code == status
    assert body.count('class="refusal"') == 1 and message in body
    assert store_state(store) == before
    assert not any(store.glob(".upload-staging/*"))  # nothing left half checked
    assert not (store.parent / "escape.txt").exists()


def test_a_post_without_the_form_token_or_from_another_site_is_refused(served: dict) -> None:
    base, store = served["base"], served["store"]
    before = store_state(store)
    assert post(base, "plan.txt", PLAN.encode(), None)[0] == 403
    assert post(base, "plan.txt", PLAN.encode(), "forged")[0] == 403
    token = form_token(base)
    assert post(base, "plan.txt", PLAN.encode(), token, {"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert post(base, "plan.txt", PLAN.encode(), token, {"Origin": "http://evil.example"})[0] == 403
    assert store_state(store) == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(served: dict) -> None:
    from viz.web.upload import MAX_BYTES
    base, store = served["base"], served["store"]
    before = store_state(store)
    code, _, body = post(base, "big.txt", b"a" * (MAX_BYTES + 1), form_token(base))
    assert code == 413 and "20 MB" in body
    assert store_state(store) == before


# -- a document added in the browser -------------------------------------------------

def choose_file(chromium: browser.Browser, selector: str, file: Path) -> None:
    """What a person does in the file dialog: the input now holds the file."""
    root = chromium.call("DOM.getDocument", session=True)["root"]["nodeId"]
    node = chromium.call("DOM.querySelector", session=True, nodeId=root, selector=selector)
    chromium.call("DOM.setFileInputFiles", session=True, nodeId=node["nodeId"],
                  files=[str(file)])


def test_upload_rebuild_then_find_the_facts(served: dict, tmp_path: Path,
                                            chromium: browser.Browser) -> None:
    base, store = served["base"], served["store"]
    before = os.readlink(store / "current")
    plan = tmp_path / "qingsong_plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    go(chromium, base + "/upload")
    choose_file(chromium, "input[type=file]", plan)
    ARTIFACTS.mkdir(exist_ok=True)
    chromium.screenshot(ARTIFACTS / "serve_upload_1_form.png")
    click(chromium, "form.upload button[type=submit]")
    chromium.wait_for("location.pathname.startsWith('/upload/') && document.readyState === 'complete'")
    chromium.screenshot(ARTIFACTS / "serve_upload_2_progress.png")
    # the page refreshes itself (no script) until the rebuild is done
    chromium.wait_for("document.querySelector('h1') && document.querySelector('h1').textContent === '重建完成'",
                      timeout=300)
    chromium.screenshot(ARTIFACTS / "serve_upload_3_done.png")
    assert os.readlink(store / "current") != before
    assert (store / "uploads" / "qingsong_plan.txt").read_text(encoding="utf-8") == PLAN
    click(chromium, "a.added")
    chromium.wait_for("location.pathname.startsWith('/doc/') && document.readyState === 'complete'")
    assert "青松区乡村振兴局" in chromium.evaluate("document.querySelector('h1').textContent")
    # its full text is shown from uploads/ (the source index was made again)
    assert "举办技能培训班" in chromium.evaluate("document.querySelector('pre.source').textContent")
    # the facts are found by search and on the unit's page, with their quote
    go(chromium, base + "/search?q=" + quote("青松区财政局"))
    click(chromium, 'ul.entities a[href^="/unit/"]')
    chromium.wait_for("location.pathname.startsWith('/unit/') && document.readyState === 'complete'")
    assert chromium.evaluate("document.querySelector('h1').textContent").startswith("青松区财政局")
    page = chromium.evaluate("document.body.innerText")
    assert "建设高山茶叶基地" in page and "举办技能培训班" in page
    chromium.screenshot(ARTIFACTS / "serve_upload_4_unit.png")
    click(chromium, "a.evidence")
    chromium.wait_for("location.pathname.startsWith('/doc/') && !!document.getElementById('hl')")
    assert "青松区财政局" in chromium.evaluate("document.getElementById('hl').textContent")
    # the unit named with markup is text on every page, and runs nothing
    go(chromium, base + "/search?q=onerror")
    assert EVIL_NAME in chromium.evaluate("document.body.innerText")
    go(chromium, base + path("unit", EVIL_NAME))
    assert chromium.evaluate("document.querySelector('h1').textContent").startswith(EVIL_NAME)
    assert chromium.evaluate("document.images.length") == 0
    assert chromium.evaluate("document.scripts.length") == 0
    chromium.screenshot(ARTIFACTS / "serve_upload_5_hostile.png")
    assert chromium.log.dialogs == [] and chromium.log.errors() == []
    assert all(u.startswith(base) for u in chromium.log.requests)


def test_one_rebuild_at_a_time_and_table_cells_beside_the_quote(served: dict, tmp_path: Path,
                                                               chromium: browser.Browser) -> None:
    base, store = served["base"], served["store"]
    docx = plan_docx(tmp_path / "qingsong_table.docx")
    with writer_lock(store, wait=0):  # a `bangfu build` elsewhere is writing the store
        code, headers, _ = post(base, docx.name, docx.read_bytes(), form_token(base))
        assert code == 303 and headers["location"].startswith("/upload/")
        status, _, progress = get(base + headers["location"])
        assert status == 200 and "正在重建…" in progress
        # a second upload while that rebuild waits is told to wait
        code, _, body = post(base, "another.txt", PLAN.replace("青松区", "白杨区").encode(),
                             form_token(base))
        assert code == 409 and "正在重建，请稍后" in body
    done = wait_done(base, headers["location"])
    assert "重建完成" in done and "qingsong_table.docx" in done
    assert not (store / "uploads" / "another.txt").exists()
    # a fact from a table cell: its table, row and column beside the quote
    go(chromium, base + "/unit/" + quote("青松区人社局", safe=""))
    assert "表1 第3行第3列" in chromium.evaluate("document.body.innerText")
    url = chromium.evaluate("""[...document.querySelectorAll('a.evidence')]
        .find(a => a.href.includes('qingsong_table.docx')).href""")
    go(chromium, url)
    chromium.wait_for("!!document.getElementById('hl')")
    assert chromium.evaluate("document.getElementById('hl').textContent") == "青松区人社局"
    assert chromium.evaluate("document.querySelector('.located .in-file').textContent") == "表1 第3行第3列"
    beside = chromium.evaluate("document.getElementById('hl').nextElementSibling.textContent")
    assert beside == "〔表1 第3行第3列〕"
    chromium.screenshot(ARTIFACTS / "serve_upload_6_table_cell.png")
    assert chromium.log.dialogs == [] and chromium.log.errors() == []


# -- the curation file the quality page suggests ----------------------------------------

def test_the_quality_page_shows_the_curation_file_it_would_write(served: dict, tmp_path: Path,
                                                                chromium: browser.Browser) -> None:
    base = served["base"]
    go(chromium, base + "/quality")
    shown = chromium.evaluate("document.querySelector('pre.curation').textContent")
    chromium.evaluate("document.getElementById('curation').scrollIntoView()")
    chromium.screenshot(ARTIFACTS / "serve_upload_7_curation.png")
    status, headers, text = get(base + "/quality/curation.yaml")
    assert status == 200 and headers["content-type"].startswith("text/yaml")
    assert "attachment" in headers["content-disposition"]
    assert text == shown  # the page shows exactly the file
    plan = yaml.safe_load(text)
    merge = [m for m in plan["merge"] if m["into"] == "浏湖村"]
    assert merge and merge[0]["names"] == ["洲湖村"] and merge[0]["within"] == "辛冲街道"
    assert "# - into:" in text  # the undecided ones, commented out for the analyst
    # the file is one `bangfu build --curation` reads and applies
    file = tmp_path / "curation.yaml"
    file.write_text(text, encoding="utf-8")
    other = tmp_path / "store"
    build([CORPUS], other, curation=file)
    log = quality_report(other)["curation"]
    assert any(e["action"] == "merge" and e["name"] == "洲湖村" and e["into"] == "浏湖村"
               for e in log)
