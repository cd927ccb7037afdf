"""Documents as analysts receive them: .docx and .pdf beside .txt.

The .docx and .pdf files are made from the corpus by tests/make_fixtures.py
(python-docx, then LibreOffice). Parity: a build of them gives the same
contract-query rows as a build of the text file.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import make_fixtures as fx
from conftest import CORPUS, DOC, ROOT
from loaders.reading.docx_reader import OLE_MAGIC, chinese_numeral, read_docx
from loaders.reading.layout import join_cell_lines
from loaders.reading.ocr import ocr_available
from queries.api import build, query

BANGFU = [sys.executable, "-c", "import cli; cli.run()"]
CONTRACT = ("assignments", "pairings", "dispatches", "projects")
# Fields that depend on the file and its offsets, not on the facts.
LAYOUT_FIELDS = {"document", "span", "evidence", "page"}
HAS_SOFFICE = shutil.which("soffice") is not None
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice missing: "
                                   "bash scripts/install_formats.sh")


def bangfu(*args: str, store: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(BANGFU + list(args), capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, BANGFU_STORE=str(store), **env), timeout=300)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("formats")
    made = {"txt-" + key: CORPUS / DOC[key] for key in ("001", "002")}
    for key in ("001", "002"):
        docx = fx.build_docx(CORPUS / DOC[key], out / DOC[key].replace(".txt", ".docx"))
        made["docx-" + key] = docx
        if HAS_SOFFICE:
            made["pdf-" + key] = fx.docx_to_pdf(docx, out)
    return made


@pytest.fixture(scope="module")
def rows(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory):
    cache: dict[str, dict[str, list[dict]]] = {}

    def get(name: str) -> dict[str, list[dict]]:
        if name not in cache:
            store = tmp_path_factory.mktemp("store") / name
            build([files[name]], store)
            cache[name] = {q: query(store, q, {}) for q in CONTRACT}
        return cache[name]
    return get


def tidy(value, key: str = ""):
    """Whitespace inside text is a matter of layout (where a line was wrapped,
    how wide a space was drawn); so is the cut of a section path's last part,
    the first 20 characters of a demand-list item as written."""
    if not isinstance(value, str):
        return value
    value = re.sub(r"\s+", "", value)
    return ">".join(part[:16] for part in value.split(">")) if key == "section" else value


def facts(rows: list[dict]) -> list[str]:
    """Rows without their layout fields, text tidied of layout."""
    return sorted(json.dumps({k: tidy(v, k) for k, v in r.items() if k not in LAYOUT_FIELDS},
                             ensure_ascii=False, sort_keys=True) for r in rows)


def unplaced_leads(txt: list[dict]) -> set[tuple[str, str, str]]:
    """(section, task, side) of demand-list items whose responsibility cells the
    text version read but whose merged lead cell it could not place."""
    def key(r):
        return tidy(r["section"], "section"), tidy(r["task"]), r["side"]
    resp = {key(r) for r in txt if r["role"] == "responsible" and "清单" in r["section"]}
    lead = {key(r) for r in txt if r["role"] == "lead"}
    return resp - lead


@pytest.mark.parametrize("fmt", ["docx", pytest.param("pdf", marks=needs_soffice)])
@pytest.mark.parametrize("key", ["001", "002"])
def test_same_facts_as_the_text_file(rows, fmt: str, key: str) -> None:
    txt, other = rows("txt-" + key), rows(f"{fmt}-{key}")
    for q in CONTRACT:
        a, b = facts(txt[q]), facts(other[q])
        assert not set(a) - set(b), f"{q}: facts of the .txt missing from the .{fmt}"
        extra = [json.loads(x) for x in set(b) - set(a)]
        # A Word table states its merges; the text stream of 001 left two merged
        # lead cells unplaced (their items sit between two different leads).
        allowed = unplaced_leads(txt["assignments"]) if q == "assignments" else set()
        assert all(r.get("role") == "lead" and (r["section"], r["task"], r["side"]) in allowed
                   for r in extra), f"{q}: facts only in the .{fmt}: {extra[:3]}"
        assert len(extra) <= 2


@needs_soffice
def test_pdf_evidence_names_pages_and_cells(files: dict[str, Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([files["pdf-002"]], store)
    dispatches = query(store, "dispatches", {})
    pages = [r["page"] for r in dispatches]
    assert all(isinstance(p, int) and p >= 1 for p in pages)
    assert pages == sorted(pages) and pages[-1] > pages[0]  # the table runs over pages
    assignments = query(store, "assignments", {})
    assert all(isinstance(r["page"], int) for r in assignments)
    graph = (store / "current" / "graph.jsonl").read_text(encoding="utf-8").splitlines()
    provs = [json.loads(line)["prov"] for line in graph if '"prov": {' in line]
    cells = [p for p in provs if p and "col" in p]
    assert cells and all({"page", "table_no", "row"} <= set(p) for p in cells)
    text = bangfu("query", "dispatches", "-f", "json", store=store).stdout
    assert '"page": ' in text


def test_text_files_have_no_page(ask) -> None:
    assert {r["page"] for r in ask("pairings")} == {None}


# -- the readers ---------------------------------------------------------------

def test_docx_tables_merges_numbering_and_line_breaks(tmp_path: Path) -> None:
    from docx import Document
    doc = Document()
    doc.add_paragraph("主要任务", style="List Number")
    doc.add_paragraph("工作要求", style="List Number")
    doc.sections[0].footer.paragraphs[0].text = "— 1 —"
    t = doc.add_table(rows=4, cols=3)
    for r, row in enumerate([["序号", "派出单位", "派驻村"],
                             ["一、黄陂区姚家集街 2 个村（牵头单位：市委办公厅）", "", ""],
                             ["1", "市委办公厅", "双河村"], ["2", "", "崇新村"]]):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    t.cell(2, 1).add_paragraph("汉口银行")  # a line break inside the cell
    t.cell(1, 0).merge(t.cell(1, 2))        # the group heading across the row
    t.cell(2, 1).merge(t.cell(3, 1))        # units merged down two rows
    path = tmp_path / "t.docx"
    doc.save(str(path))
    text, layout = read_docx(path)
    lines = text.splitlines()
    assert lines[0] == "1.主要任务" and lines[1] == "2.工作要求"
    assert "— 1 —" not in text  # page footers are not body text
    assert "一、黄陂区姚家集街 2 个村（牵头单位：市委办公厅）\t\t" in lines
    assert "1\t市委办公厅、汉口银行\t双河村" in lines
    assert "2\t市委办公厅、汉口银行\t崇新村" in lines  # the merge repeated down
    at = text.index("崇新村")
    assert layout.locate(at, at + 3) == {"table_no": 1, "row": 4, "col": 3}


def test_cell_line_breaks_and_numerals() -> None:
    assert join_cell_lines(["市委办公厅", "汉口银行"]) == "市委办公厅、汉口银行"
    assert join_cell_lines(["洪山区", "牵头单位"]) == "洪山区 牵头单位"
    assert join_cell_lines(["1.加强监测。", "2.落实帮扶。"]) == "1.加强监测。 2.落实帮扶。"
    assert [chinese_numeral(n) for n in (1, 10, 12, 20, 21, 105)] == \
        ["一", "十", "十二", "二十", "二十一", "一百零五"]


@needs_soffice
def test_pdf_reading_drops_footers_and_joins_tables_across_pages(files: dict[str, Path]) -> None:
    from loaders.reading.read import read_document
    doc = read_document(files["pdf-002"])
    assert not re.search(r"^[—-]\s*\d+\s*[—-]$", doc.text, re.M)
    header = "序号\t派出单位\t派驻村"
    assert doc.text.count(header) == 1  # the header repeated on each page is read once
    assert "1\t市委办公厅、汉口银行\t双河村" in doc.text


# -- errors: one line, exit code 2, the store as it was ----------------------------

@pytest.fixture(scope="module")
def kept_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("kept") / "store"
    assert bangfu("build", str(CORPUS / DOC["003"]), store=store).returncode == 0
    return store


@pytest.fixture(scope="module")
def bad(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bad")
    made = {"zip bomb": fx.zip_bomb_docx(d / "bomb.docx"),
            "loop": fx.loop_pdf(d / "loop.pdf"),
            "corrupt xref": fx.corrupt_pdf(d / "corrupt.pdf"),
            "password docx": fx.encrypted_docx(files["docx-002"], d / "locked.docx"),
            "scan": fx.scan_pdf(d / "scan.pdf", ["洪山区2024年工作要点"])}
    (d / "old.doc").write_bytes(OLE_MAGIC + bytes(600))
    (d / "doc-named.docx").write_bytes(OLE_MAGIC + bytes(600))
    (d / "plan.wps").write_bytes(b"x")
    made |= {".doc": d / "old.doc", ".doc named .docx": d / "doc-named.docx",
             ".wps": d / "plan.wps"}
    if HAS_SOFFICE:
        made["password pdf"] = fx.encrypted_pdf(files["pdf-002"], d / "locked.pdf")
    return made


REASONS = {"zip bomb": "zip bomb", "loop": "no text layer", "corrupt xref": "damaged",
           "password docx": "password-protected", "password pdf": "password-protected",
           "scan": "no text layer", ".doc": ".doc", ".doc named .docx": "97-2003",
           ".wps": "WPS"}


@pytest.mark.parametrize("case", sorted(REASONS))
def test_a_bad_file_is_one_line_and_leaves_the_store(bad: dict[str, Path], kept_store: Path,
                                                     case: str) -> None:
    if case not in bad:
        pytest.skip("LibreOffice missing")
    before = os.readlink(kept_store / "current")
    result = bangfu("build", str(CORPUS / DOC["002"]), str(bad[case]), store=kept_store)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad[case]) in lines[0], result.stderr
    assert REASONS[case] in lines[0]
    assert os.readlink(kept_store / "current") == before


def test_a_folder_with_a_doc_file_says_so(bad: dict[str, Path], kept_store: Path) -> None:
    result = bangfu("build", str(bad[".doc"].parent), store=kept_store)
    assert result.returncode == 2 and ".doc" in result.stderr


@pytest.mark.parametrize("env, reason", [({"BANGFU_PARSE_TIMEOUT": "0.05"}, "longer than"),
                                          ({"BANGFU_PARSE_MEMORY_MB": "20"}, "memory")])
def test_parsing_runs_under_limits(files: dict[str, Path], kept_store: Path, env: dict,
                                   reason: str) -> None:
    result = bangfu("build", str(files["docx-002"]), store=kept_store, **env)
    assert result.returncode == 2 and reason in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not ocr_available(), reason="tesseract-ocr with chi_sim missing")
def test_ocr_reads_a_scan_and_marks_its_facts(tmp_path: Path) -> None:
    scan = fx.scan_pdf(tmp_path / "scan.pdf", ["洪山区2024年工作要点", "一、优化完善防返贫监测和帮扶机制",
                                              "加强监测帮扶。（责任单位：区乡村振兴局、区财政局）"])
    store = tmp_path / "store"
    result = bangfu("build", "--ocr", str(scan), store=store)
    assert result.returncode == 0, result.stderr
    rows = json.loads(bangfu("query", "assignments", "-f", "json", store=store).stdout)
    assert {r["unit"] for r in rows} == {"洪山区乡村振兴局", "洪山区财政局"}
    assert {r["page"] for r in rows} == {1}
    graph = (store / "current" / "graph.jsonl").read_text(encoding="utf-8")
    stated = [json.loads(l)["prov"] for l in graph.splitlines() if '"prov": {' in l]
    assert stated and all(p.get("ocr") is True for p in stated)


def test_page_and_cell_reach_rdf_and_neo4j() -> None:
    from ontology.model import Provenance
    from queries.neo4j_records import _prov_props
    from ontology.model import Node
    from ontology.vocab import C
    from queries.to_rdf import graph_quads
    prov = Provenance("a.pdf", "", 3, 9, "双河村", "表", page=2, table_no=1, row=4, col=3, ocr=True)
    props = _prov_props(prov.as_dict())
    assert {props[k] for k in ("page", "tableNumber", "rowNumber", "columnNumber")} == {2, 1, 4, 3}
    assert props["readByOcr"] is True
    node = Node("x", C.Village, "双河村", prov=prov)
    names = {q.predicate.value.rsplit("#", 1)[-1] for q in graph_quads([node], [])}
    assert {"page", "tableNumber", "rowNumber", "columnNumber", "readByOcr"} <= names
