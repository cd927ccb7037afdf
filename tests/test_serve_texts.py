"""Document texts kept in the store (issue #15): the document view shows the
text and the highlighted quote after the source folder is gone, and the text
kept is exactly the one the spans index into."""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from conftest import CORPUS, DOC
from queries.api import build
from queries.embedded import EmbeddedStore
from queries.store_write import TEXTS, text_file
from viz.web.app import create_app
from viz.web.texts import squeeze

# a duty of 000 and its clause (the span tests/test_serve.py highlights)
SPAN = (852, 879)
CLAUSE = "（责任单位：区委组织部、区乡村振兴局，各派出单位）"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from a copy of the corpus, the copy then deleted."""
    root = tmp_path_factory.mktemp("texts")
    folder = root / "docs"
    shutil.copytree(CORPUS, folder)
    build([folder], root / "store")
    shutil.rmtree(folder)
    return root / "store"


def marked(body: str) -> str:
    return body.split('<mark id="hl">', 1)[1].split("</mark>", 1)[0]


def test_the_document_view_needs_no_source_folder(built: Path) -> None:
    client = TestClient(create_app(built))  # no --source
    url = f"/doc/{quote(DOC['000'], safe='')}?start={SPAN[0]}&end={SPAN[1]}"
    response = client.get(url)
    assert response.status_code == 200
    assert '<pre class="source">' in response.text and "全文不可用" not in response.text
    assert "".join(marked(response.text).split()) == CLAUSE


def test_the_kept_text_is_what_the_spans_index_into(built: Path) -> None:
    store = EmbeddedStore(built)
    facts = [r["prov"] for r in store.records()
             if r.get("prov") and r["prov"].get("span") and r["prov"]["span"][0] is not None]
    assert {p["document"] for p in facts} == set(DOC.values())
    exact = agree = 0
    for prov in facts:
        text = store.text(prov["document"])
        assert text is not None
        start, end = prov["span"]
        exact += text[start:end] == prov["quote"]
        agree += squeeze(text[start:end]) == squeeze(prov["quote"])
    # a quote is written without the extraction's line breaks; a page footer
    # taken out from inside a clause leaves a few that differ otherwise
    assert exact > 500 and agree >= len(facts) - len(facts) // 100
    text = store.text(DOC["000"])
    assert "".join(text[SPAN[0]:SPAN[1]].split()) == CLAUSE
    assert text == (CORPUS / DOC["000"]).read_text(encoding="utf-8")


def test_no_document_id_becomes_a_path(built: Path) -> None:
    store = EmbeddedStore(built)
    for hostile in ("../../etc/passwd", "/etc/passwd", "a/plan.txt", "\x00"):
        path = text_file(store.path, hostile)
        assert path.parent == store.path / TEXTS and path.name.endswith(".txt")
        assert "/" not in path.name and ".." not in path.name
        assert store.text(hostile) is None


def test_a_store_without_texts_reads_the_source_folder(built: Path, tmp_path: Path) -> None:
    """A generation written before texts were kept: --source is the fallback."""
    old = tmp_path / "old"
    shutil.copytree(built, old, symlinks=True)
    shutil.rmtree(EmbeddedStore(old).path / TEXTS)
    url = f"/doc/{quote(DOC['000'], safe='')}?start={SPAN[0]}&end={SPAN[1]}"
    assert "全文不可用" in TestClient(create_app(old)).get(url).text
    response = TestClient(create_app(old, [CORPUS])).get(url)
    assert "".join(marked(response.text).split()) == CLAUSE
