"""The 责任分工表 as an Excel workbook that prints: a 汇总 sheet, one matrix per
document (tasks × units, marked 牵头/责任/配合, each mark with its quote as a
comment), and the technical sheets (实体, 关系: ids, spans) last.

Every sheet is set up for A4 paper as an office prints it: landscape, scaled
to one page wide, the header row repeated on every page, text wrapped in
bordered cells, columns as wide as Chinese text needs (two units a character),
the sheet's title in the page header. The workbook opens on the first matrix.

Document text is never trusted: cells are strings with control characters
removed, never a formula and never a link.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from viz.style import ROLE_RELATIONS, role_label

# Excel refuses these (and a page break \x0c would corrupt the sheet)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MARKS = ("lead", "responsible", "cooperating")
TECHNICAL = ("实体", "关系")
# Column widths in Excel units (one a Latin character, two a Chinese one): the
# task and section columns wrap at about 20 and 16 characters; a unit's column
# holds 牵头、责任 and its name wrapped over a few lines.
MATRIX_WIDTHS = {1: 6, 2: 40, 3: 32}
UNIT_WIDTH = 12
WIDEST = 36  # of any other column: longer text wraps
TECHNICAL_WIDEST = 24


def assignments(graph: nx.MultiDiGraph) -> dict[str, dict[tuple[str, str], dict[str, Any]]]:
    """document → (task, unit) → roles and evidence, from the subgraph's role edges."""
    out: dict[str, dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
    for u, v, d in graph.edges(data=True):
        if d["rel"] in ROLE_RELATIONS and d["prov"]:
            cell = out[d["prov"]["document"]].setdefault((v, u), {"roles": set(), "quotes": []})
            cell["roles"].add(ROLE_RELATIONS[d["rel"]])
            if d["prov"]["quote"] not in cell["quotes"]:
                cell["quotes"].append(d["prov"]["quote"])
    return dict(sorted(out.items()))


def write_xlsx(graph: nx.MultiDiGraph, out: Path,
               tables: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])) -> list[Path]:
    """The workbook: 汇总, a matrix per document, then ``tables`` (entities and
    relations as flat rows) on the technical sheets."""
    from openpyxl import Workbook
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    title = graph.graph.get("title", "") or "子图"
    by_doc = assignments(graph)
    titles = dict(graph.graph.get("documents", {}))
    titles.update({d["name"]: d["props"]["title"] for _, d in graph.nodes(data=True)
                   if d["props"].get("title")})
    _rows(summary, [["文件", "标题", "任务", "单位", "牵头", "责任", "配合"]])
    used = {"汇总", *TECHNICAL}
    for doc, cells in by_doc.items():
        roles = Counter(r for c in cells.values() for r in c["roles"])
        _rows(summary, [[doc, titles.get(doc) or doc, len({t for t, _ in cells}),
                         len({u for _, u in cells}), *(roles[m] for m in MARKS)]])
        sheet = book.create_sheet(_sheet_name(doc, used))
        _matrix(sheet, graph, cells)
        _print_setup(sheet, titles.get(doc) or doc, "D2")
    _rows(summary, [[], ["子图", title], ["节点", graph.number_of_nodes()],
                    ["关系", graph.number_of_edges()]])
    _print_setup(summary, f"帮扶图谱 责任分工汇总：{title}", "A2")
    for name, rows in zip(TECHNICAL, tables, strict=True):
        sheet = book.create_sheet(name)
        _rows(sheet, [list(rows[0])] if rows else [])
        _rows(sheet, [list(r.values()) for r in rows])
        _print_setup(sheet, f"{name}（技术表：编号与字符位置）", "A2")
    if len(book.worksheets) > len(TECHNICAL) + 1:
        book.active = 1  # opens on the first matrix
        book.worksheets[0].sheet_view.tabSelected = False
    book.save(out)
    return [out]


def _matrix(sheet: Any, graph: nx.MultiDiGraph, cells: dict[tuple[str, str], dict[str, Any]]) -> None:
    from openpyxl.comments import Comment
    tasks = sorted({t for t, _ in cells}, key=lambda t: position(graph, t))
    marks = Counter(u for _, u in cells)
    units = sorted(marks, key=lambda u: (-marks[u], graph.nodes[u]["name"]))
    _rows(sheet, [["序号", "任务", "章节", *(graph.nodes[u]["name"] for u in units)]])
    for i, task in enumerate(tasks, 1):
        prov = graph.nodes[task]["prov"] or {}
        found = [cells.get((task, unit)) for unit in units]
        _rows(sheet, [[i, graph.nodes[task]["name"], prov.get("section", ""),
                       *("、".join(role_label(m) for m in MARKS if m in c["roles"]) if c else None
                         for c in found)]])
        for col, c in enumerate(found, 4):
            if c:  # the evidence of each mark, where Excel shows it on hover
                sheet.cell(i + 1, col).comment = Comment(clean("\n".join(c["quotes"]))[:2000],
                                                         "bangfu")


def position(graph: nx.MultiDiGraph, node: str) -> tuple[int, str]:
    prov = graph.nodes[node]["prov"]
    return (prov["span"][0] if prov else 0, graph.nodes[node]["name"])


def _rows(sheet: Any, rows: list[list[Any]]) -> None:
    """Append rows holding text as text: never a formula, never a link."""
    for row in rows:
        sheet.append([_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl takes a leading "=" for a formula
                cell.data_type = "s"


def _cell(value: Any) -> Any:
    from viz.table import cell_text
    if isinstance(value, int) and not isinstance(value, bool):
        return value  # counts we computed, not document text
    text = value if isinstance(value, str) else cell_text(value)  # strings stay exact
    return None if text == "" else clean(text)


def clean(text: str) -> str:
    return CONTROL.sub("", text)


def _sheet_name(doc: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", "_", doc.removesuffix(".txt"))[:28] or "文件"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:26]}~{n}"
    used.add(name)
    return name


def _print_setup(sheet: Any, title: str, freeze: str) -> None:
    """Landscape A4, one page wide, header row on every page, wrapped text in
    bordered cells, widths for Chinese, and the title in the page header."""
    from openpyxl.styles import Alignment, Border, Font, Side
    _widths(sheet)
    line = Side(style="thin", color="808080")
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.value is not None or cell.row == 1 or _in_table(sheet, cell):
                cell.border = Border(left=line, right=line, top=line, bottom=line)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = freeze
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_options.gridLines = False
    sheet.oddHeader.center.text = clean(title).replace("&", "&&")[:200]
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def _in_table(sheet: Any, cell: Any) -> bool:
    """A blank cell inside the block the header row spans gets a border too."""
    header = sum(1 for c in sheet[1] if c.value is not None)
    return cell.column <= header and sheet.title != "汇总"


def _widths(sheet: Any) -> None:
    """Column widths by display width (a Chinese character counts two), capped
    so that long text wraps rather than widening the page."""
    from openpyxl.utils import get_column_letter
    from rich.cells import cell_len
    widest: dict[int, int] = defaultdict(int)
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                widest[cell.column] = max(widest[cell.column], cell_len(str(cell.value)))
    matrix = sheet.title not in ("汇总", *TECHNICAL)
    for col, width in widest.items():
        if matrix:
            limit = MATRIX_WIDTHS.get(col, UNIT_WIDTH)
        else:
            limit = TECHNICAL_WIDEST if sheet.title in TECHNICAL else WIDEST
        sheet.column_dimensions[get_column_letter(col)].width = max(min(width + 2, limit), 6)
