"""One table model for every table: a Grid of header cells and body rows.

However a table reached us — tab-separated lines, space-aligned columns,
Markdown pipes, one cell per line, a DOCX/PDF grid written as tabs — it is
read into a Grid: header cells, body rows with one cell (or None) per
column, each cell with its span in the decoded document, the group heading a
row sits under, and the role of each column from the column vocabulary
(loaders/vocabulary.py). The fact rules read Grids only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.normalize import Line, split_lines
from loaders.table import Cell
from loaders.vocabulary import column_role


@dataclass
class GridRow:
    """A body row: one cell or None per column, and the heading above it."""

    cells: list[Cell | None]
    heading: Cell | None = None
    total: bool = False  # 合计 / 总计 rows

    def text(self, col: int) -> str:
        cell = self.cells[col] if col < len(self.cells) else None
        return cell.text if cell else ""

    @property
    def start(self) -> int:
        return min(c.start for c in self.cells if c)

    @property
    def end(self) -> int:
        return max(c.end for c in self.cells if c)


@dataclass
class Grid:
    """A table: caption, header cells, body rows, and where it stands."""

    caption: Cell
    header: list[Cell]
    rows: list[GridRow] = field(default_factory=list)
    source: str = "tabs"  # tabs | layout | markdown | cells | stream
    start: int = 0       # span of the whole table (header to last row)
    end: int = 0

    @property
    def roles(self) -> list[str | None]:
        """The role of each column (序号 → seq, 牵头单位 → lead …)."""
        return [column_role(c.text) for c in self.header]

    def column(self, role: str) -> int | None:
        """The first column of a role, or None."""
        return next((k for k, r in enumerate(self.roles) if r == role), None)

    def columns(self, role: str) -> list[int]:
        return [k for k, r in enumerate(self.roles) if r == role]


TAB_SPLIT = re.compile(r"\t+")


def _cells(line: Line, splitter: re.Pattern[str]) -> list[Cell]:
    out, pos = [], 0
    for m in [*splitter.finditer(line.text), None]:
        a, b = pos, (m.start() if m else len(line.text))
        raw = line.text[a:b]
        body = raw.strip()
        if body:
            lead = len(raw) - len(raw.lstrip())
            out.append(Cell(body, line.start + a + lead, line.start + a + lead + len(body)))
        if m:
            pos = m.end()
    return out


def _known_header(cells: list[Cell]) -> bool:
    """A header row: at least two cells, most of them known column words."""
    known = [c for c in cells if column_role(c.text)]
    return len(cells) >= 2 and len(known) >= max(2, (len(cells) + 1) // 2)


def _caption(lines: list[Line], index: int) -> Cell:
    for k in range(index - 1, max(-1, index - 4), -1):
        body = lines[k].text.strip()
        if body:
            lead = len(lines[k].text) - len(lines[k].text.lstrip())
            return Cell(body, lines[k].start + lead, lines[k].start + lead + len(body))
    return Cell("", lines[index].start, lines[index].start)


def tab_grids(text: str) -> list[Grid]:
    """Tables written one row per line with tab-separated cells."""
    lines = split_lines(text)
    out: list[Grid] = []
    i = 0
    while i < len(lines):
        header = _cells(lines[i], TAB_SPLIT) if "\t" in lines[i].text else []
        if not _known_header(header):
            i += 1
            continue
        grid = Grid(_caption(lines, i), header, source="tabs", start=header[0].start)
        i += 1
        while i < len(lines) and "\t" in lines[i].text:
            cells = _cells(lines[i], TAB_SPLIT)
            grid.rows.append(GridRow([*cells, *[None] * (len(header) - len(cells))]))
            i += 1
        grid.end = grid.rows[-1].end if grid.rows else header[-1].end
        out.append(grid)
    return out


def find_grids(text: str) -> list[Grid]:
    """Every table in a document's text, in order."""
    return tab_grids(text)
