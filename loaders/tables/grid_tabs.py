"""Tables written one row per line with tab-separated cells (Word copy-paste,
DOCX/PDF grids written as tabs), read into the one table model (grid.py)."""
from __future__ import annotations

from loaders.tables.grid import (TAB_SPLIT, Grid, GridRow, caption_above, cell_of, finish,
                                 first_heading, heading_cell, is_footer, is_heading,
                                 known_header, split_cells, squeeze)
from loaders.tables.table import Cell
from loaders.text.normalize import Line, split_lines


def tab_grids(text: str) -> list[Grid]:
    """Tables written one row per line with tab-separated cells; a group
    heading line or a repeated header between rows continues the table."""
    lines = split_lines(text)
    out: list[Grid] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i].text:  # a header has two cells: a tab between them
            i += 1
            continue
        header = split_cells(lines[i], TAB_SPLIT)
        if not known_header([c.text for c in header]):
            i += 1
            continue
        first = first_heading(lines, i)
        grid = Grid(caption_above(lines, i if first is None else _index_of(lines, first)),
                    header, source="tabs")
        heading, key = first, squeeze(lines[i].text)
        i += 1
        while i < len(lines):
            line = lines[i]
            body = line.text.strip()
            if _one_cell(line, body) and is_heading(body):
                # a heading written in the table's first cell
                heading = split_cells(line, TAB_SPLIT)[0]
            elif "\t" in line.text and squeeze(line.text) != key:
                if heading is not first and _new_header(line, header):
                    break  # a heading then another table's header: that table starts here
                cells = _tab_fields(line, len(header)) or split_cells(line, TAB_SPLIT)
                cells = [*cells, *[None] * (len(header) - len(cells))]
                grid.rows.append(GridRow(cells, heading))
            elif "\t" in line.text or is_footer(body):
                pass  # the header repeated after a page break; blank lines
            elif is_heading(body) and _tab_rows_follow(lines, i + 1):
                heading = heading_cell(line)
            else:
                break
            i += 1
        found = finish(grid, first)
        if found:
            out.append(found)
    return out


def _new_header(line: Line, header: list[Cell]) -> bool:
    """Whether a line is the header of another table (a known header of another
    width): under a section heading, a pairing list's 3 columns then a
    dispatch list's 4 are two tables."""
    cells = split_cells(line, TAB_SPLIT)
    return len(cells) != len(header) and known_header([c.text for c in cells])


def _one_cell(line: Line, body: str) -> bool:
    """Whether split_cells(line, TAB_SPLIT) gives one cell, without making
    it: one tab-separated field holds more than whitespace."""
    if "\t" not in line.text:
        return bool(body)
    found = 0
    for part in line.text.split("\t"):
        if part.strip():
            found += 1
            if found > 1:  # a row: no need to look further
                return False
    return found == 1


def _tab_fields(line: Line, width: int) -> list[Cell | None]:
    """A row's cells one per tab, an empty cell kept in its place (two tabs
    in a row around an empty Word cell); [] when the row has more fields than
    the header (tabs used for spacing, read as runs instead)."""
    fields = line.text.split("\t")
    while len(fields) > width and not fields[-1].strip():
        fields.pop()
    if len(fields) > width:
        return []
    out, pos = [], 0
    for field_ in fields:
        out.append(cell_of(line, pos, pos + len(field_)))
        pos += len(field_) + 1
    return out


def _index_of(lines: list[Line], cell: Cell) -> int:
    return next(k for k, l in enumerate(lines) if l.start <= cell.start < l.start + len(l.text) + 1)


def _tab_rows_follow(lines: list[Line], i: int) -> bool:
    for line in lines[i:i + 4]:
        if line.text.strip():
            return "\t" in line.text
    return False


