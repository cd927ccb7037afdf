"""`bangfu serve --backend neo4j`: the workbench over the real Neo4j test
server of scripts/test.sh (the corpus loaded into it), and the one-line
refusal when the server cannot be reached."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import DOC, ROOT
from neo4j_fixture import connection, wipe
from queries.api import load, query_neo4j
from test_serve import free_port, get, serving

UNIT = "洪山区乡村振兴局"


@pytest.fixture(scope="module")
def neo(store: Path) -> tuple[str, str, str]:
    conn = connection()
    wipe(conn)
    load(store, *conn)
    return conn


@pytest.fixture(scope="module")
def server(neo: tuple[str, str, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """`bangfu serve --backend neo4j` with the password in a file, no embedded store."""
    folder = tmp_path_factory.mktemp("serve-neo4j")
    secret = folder / "password"
    secret.write_text(neo[2] + "\n", encoding="utf-8")
    with serving(folder / "no-store", None, "--backend", "neo4j", "--uri", neo[0],
                 "--user", neo[1], "--password-file", str(secret)) as base:
        yield base


def get_or_none(url: str) -> int | None:
    try:
        return get(url)[0]
    except OSError:
        return None


def path(kind: str, name: str, query: str = "") -> str:
    return f"/{kind}/{quote(name, safe='')}" + (f"?{query}" if query else "")


def test_the_query_pages_answer_from_neo4j(server: str, neo: tuple[str, str, str]) -> None:
    duties = query_neo4j(*neo, "duties", {"unit": UNIT})
    assert duties
    for url, words in [("/", ["帮扶图谱", "数据来自 Neo4j"]),
                       ("/search?q=" + quote("乡村振兴局"), [UNIT, "单位"]),
                       ("/ask?q=" + quote("区财政局负责哪些工作？"), ["duties", "回答"]),
                       (path("unit", UNIT), ["职责", duties[0]["title"]]),
                       (path("place", "客坊村"), ["谁在帮扶", "珞南街道"]),
                       (path("doc", DOC["000"], "start=852&end=879"), ["章节与事实", "Neo4j 中不保存全文"])]:
        status, headers, body = get(server + url)
        assert status == 200, (url, body[:300])
        assert "script-src 'none'" in headers["content-security-policy"]
        for word in words:
            assert word in body, (url, word)
    # the quote of the span is marked in the list of the document's quotes
    body = get(server + path("doc", DOC["000"], "start=852&end=879"))[2]
    assert "".join(body.split('<mark id="hl">', 1)[1].split("</mark>", 1)[0].split()) == \
        "（责任单位：区委组织部、区乡村振兴局，各派出单位）"


def test_pages_that_need_the_embedded_store_say_so_in_chinese(server: str) -> None:
    for url in ("/quality", "/upload", path("graph/unit", UNIT),
                path("export/unit", UNIT, "format=xlsx")):
        status, _, body = get(server + url)
        assert status == 501, url
        assert "连接 Neo4j 时不提供此页" in body, url
    status, _, body = get(server + path("unit", UNIT))
    assert 'href="/graph/' not in body and 'href="/quality"' not in body


def test_an_unreachable_server_is_one_line_before_serving(tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text("whatever\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", "import cli; cli.run()", "serve", "--port", str(free_port()),
         "--backend", "neo4j", "--uri", f"bolt://127.0.0.1:{free_port()}", "--user", "neo4j",
         "--password-file", str(secret)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    assert "Neo4j is not reachable" in run.stderr
    run = subprocess.run(
        [sys.executable, "-c", "import cli; cli.run()", "serve", "--backend", "neo4j",
         "--password-file", str(tmp_path / "missing")], capture_output=True, text=True,
        cwd=ROOT, timeout=120)
    assert run.returncode == 2 and "--password-file" in run.stderr
