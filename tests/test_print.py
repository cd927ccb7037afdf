"""Reports that print (issue #12, items 6 and 8): the 责任分工表 workbook as
LibreOffice prints it, the Markdown report's places and quotes, full section
labels in JSON, Neo4j Browser's user name."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT
from queries.api import build, query
from viz.export import despaced, export_choice, markdown
from viz.subgraph import Choice, choose

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def workbook(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("print") / "duties.xlsx"
    export_choice(store, Choice(unit="区市场监管局", hops=1), "xlsx", out)
    return out


def test_the_workbook_opens_on_the_matrix_and_is_set_up_to_print(workbook: Path) -> None:
    from openpyxl import load_workbook
    book = load_workbook(workbook)
    names = book.sheetnames
    assert names[0] == "汇总" and names[-2:] == ["实体", "关系"]  # technical sheets last
    assert book.active.title not in ("汇总", "实体", "关系")
    assert book.active["A1"].value == "序号"
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.oddHeader.center.text  # the sheet's title on every page
        first = sheet["B2"]
        assert first.alignment.wrap_text and first.border.left.style == "thin"
    summary = book["汇总"]
    titles = [row[1] for row in summary.iter_rows(min_row=2, values_only=True)
              if row[0] and str(row[0]).endswith(".txt")]
    assert titles and all(t and not t.endswith(".txt") for t in titles)  # 标题 filled
    assert "洪山区" in titles[0]
    matrix = book.active
    assert matrix.column_dimensions["B"].width >= 12  # wide enough for a Chinese task name
    assert all(matrix.column_dimensions[c].width <= 40 for c in "ABCD")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice missing: bash scripts/install_formats.sh")
def test_libreoffice_prints_the_workbook_on_few_pages_each_matrix_one_page_wide(
        workbook: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(workbook)],
                       check=True, capture_output=True, timeout=300)
    pdf = PdfReader(tmp_path / (workbook.stem + ".pdf"))
    assert 3 <= len(pdf.pages) <= 8
    assert all(p.mediabox.width > p.mediabox.height for p in pdf.pages)  # landscape
    texts = [re.sub(r"\s+", "", p.extract_text()) for p in pdf.pages]
    book = load_workbook(workbook)
    for sheet in book.worksheets[1:-2]:
        header = [c.value for c in sheet[1]]
        pages = [t for t in texts if "序号" in t and sheet.oddHeader.center.text.replace(" ", "") in t]
        assert pages, sheet.title
        for text in pages:  # every column of the matrix on each of its pages
            assert all(re.sub(r"\s+", "", str(h)) in text for h in header), sheet.title


def test_the_report_fills_places_and_quotes_vertical_text_without_spaces(store: Path) -> None:
    report = markdown(choose(store, Choice(unit="区司法局", hops=1)))
    project = next(line for line in report.splitlines() if line.startswith("| 产业发展及公共设施建设"))
    assert project.split("|")[2].strip().endswith("新集村")
    assert "区 司 法 局" not in report and "「区司法局区市场监管局」" in report


def test_despacing_leaves_prose_alone() -> None:
    assert despaced("区 财 政 局 区 民 政 局") == "区财政局区民政局"
    assert despaced("洪山区 2022 年度巩固拓展脱贫攻坚成果") == "洪山区 2022 年度巩固拓展脱贫攻坚成果"


DEMAND = """江夏区结对帮扶竹溪县工作需求清单

序号\t需求事项\t竹溪县牵头单位\t江夏区牵头单位
一\t产业发展
1\t1.支持竹溪县茶叶加工园区建设冷链仓储中心并完善配套道路\t县农业农村局\t区农业农村局
"""


def test_json_keeps_a_section_label_in_full(tmp_path: Path) -> None:
    (tmp_path / "need.txt").write_text(DEMAND, encoding="utf-8")
    build([tmp_path / "need.txt"], tmp_path / "store")
    rows = query(tmp_path / "store", "assignments", {})
    sections = {r["section"] for r in rows}
    assert rows and all(s.endswith("完善配套道路") for s in sections), sections


def test_neo4j_browser_is_opened_with_the_user_name_and_never_the_password() -> None:
    launcher = (ROOT / "scripts/neo4j/src/main/java/bangfu/neo4j/Launcher.java").read_text()
    line = next(s for s in launcher.splitlines() if '"browser=http://' in s)
    assert "?dbms=bolt://neo4j@" in line and "password" not in line.lower()
