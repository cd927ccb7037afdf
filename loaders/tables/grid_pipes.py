"""Tables whose cells are separated by a bar: Markdown pipe tables
(| 序号 | 重点任务 |, a |---| rule under the header) and the bar-separated
text a system exports or a writer types (序号｜项目名称｜建设地点, with the
full-width bar ｜ or the half-width |, with or without bars at the ends of
a line, with or without a rule line).

A header is a line cut by the bar into cells that are mostly column words
(grid.known_header); the rows are the lines below it cut by the same bar.
An empty cell between two bars keeps its place (a merged cell left empty).
"""
from __future__ import annotations

import re

from loaders.tables.grid import (UNIT_COLUMNS, Cell, Grid, GridRow, caption_above, cell_of,
                                 finish, first_heading, heading_cell, is_footer, is_heading,
                                 join_cells, known_header, squeeze)
from loaders.text.normalize import Line, split_lines
from loaders.vocabulary import ROLES, column_role

BARS = "|｜"  # the half-width bar of Markdown and the full-width bar of Chinese text
MD_RULE = re.compile(r"^\s*[|｜]?\s*:?-{3,}:?\s*(?:[|｜]\s*:?-{3,}:?\s*)*[|｜]?\s*$")
MD_HEADING = re.compile(r"^\s*#+\s*")
BAR_AT = {bar: re.compile(rf"(?<!\\){re.escape(bar)}") for bar in BARS}  # \| is a literal bar


def _pipe_cells(line: Line, bar: str = "|") -> list[Cell | None]:
    """The cells of a line cut by bar; a bar at either end of the line opens
    or closes the row and makes no empty cell."""
    text = line.text
    bars = [m.start() for m in BAR_AT[bar].finditer(text)]
    if not bars:
        return []
    edges = ([-1] if text[:bars[0]].strip() else []) + bars
    if text[bars[-1] + 1:].strip():
        edges.append(len(text))
    return [cell_of(line, a + 1, b) for a, b in zip(edges, edges[1:])]


def _row_test(bar: str, leading: bool):
    """Whether a line is a row of a table: a Markdown table's rows start with
    its bar (as its header does); a table written without end bars has the
    bar between its cells."""
    if leading:
        return lambda line: line.text.lstrip().startswith(bar)
    return lambda line: bar in line.text


def _header_bar(line: Line) -> str | None:
    """The bar a header line is cut by: the one it holds (| first, as in Markdown)."""
    return next((bar for bar in BARS if bar in line.text), None)


def markdown_grids(text: str) -> list[Grid]:
    """Tables of bar-separated lines (the name kept from Markdown, their first form)."""
    if not any(bar in text for bar in BARS):
        return []
    lines = split_lines(text)
    out: list[Grid] = []
    i = 0
    while i + 1 < len(lines):
        bar = _header_bar(lines[i])
        if bar is None:  # no cells, no header
            i += 1
            continue
        leading = lines[i].text.lstrip().startswith(bar)
        is_row = _row_test(bar, leading)
        header = _pipe_cells(lines[i], bar)
        ruled = bool(MD_RULE.match(lines[i + 1].text))
        # Without a rule line the next line must already be a row: a bar in a
        # sentence is no table.
        if not (header and all(header) and (ruled or is_row(lines[i + 1]))
                and known_header([c.text for c in header if c])):
            i += 1
            continue
        key = squeeze(lines[i].text)
        first = _md_heading(lines, i)
        stacks = [_stack(c) for c in header if c]
        grid = Grid(caption_above(lines, i if first is None else line_of(lines, first)),
                    [c for stack in stacks for c in stack],
                    source="markdown" if ruled or leading else "bars")
        roles = grid.roles
        heading = first
        i += 2 if ruled else 1
        while i < len(lines):
            line = lines[i]
            body = MD_HEADING.sub("", line.text).strip()
            if is_row(line):
                if squeeze(line.text) != key and not MD_RULE.match(line.text):
                    cells = _unstack(_pipe_cells(line, bar)[:len(stacks)], stacks, roles)
                    grid.rows.append(GridRow(cells + [None] * (len(grid.header) - len(cells)),
                                             heading))
            elif is_footer(body):
                if not _next_is(lines, i + 1, lambda l: is_row(l) and squeeze(l.text) == key
                                or is_heading(MD_HEADING.sub("", l.text))):
                    break
            elif is_heading(body) and _next_is(lines, i + 1, is_row):
                heading = heading_cell(line)
            else:
                break
            i += 1
        found = finish(grid, first)
        if found:
            out.append(found)
    return out


BREAK = re.compile(r"<br\s*/?>", re.I)  # a line break inside a Markdown cell


def _cell_lines(cell: Cell) -> list[Cell]:
    """A Markdown cell's lines (split at <br>), each with its span."""
    out: list[Cell] = []
    pos = 0
    for m in [*BREAK.finditer(cell.text), None]:
        raw = cell.text[pos:m.start() if m else len(cell.text)]
        body = raw.strip()
        if body:
            start = cell.start + pos + len(raw) - len(raw.lstrip())
            out.append(Cell(body, start, start + len(body)))
        if m:
            pos = m.end()
    return out


def _stack(cell: Cell) -> list[Cell]:
    """A header cell's columns: one, or one per line when every line is a
    different unit role (牵头单位<br>责任单位: two columns stacked in one cell,
    whose cells give their first line to the first role and the rest to the
    second). A header wrapped over lines (完成<br>时限) is one column."""
    parts = _cell_lines(cell)
    roles = [column_role(p.text) for p in parts]
    if len(parts) > 1 and all(r in ROLES for r in roles) and len(set(roles)) == len(roles):
        return parts
    return [join_cells(parts)] if parts else [cell]


def _unstack(cells: list[Cell | None], stacks: list[list[Cell]],
             roles: list[str | None]) -> list[Cell | None]:
    """A row's cells by the header's columns: the lines of a cell under a
    stacked header go one to a column (the last takes the rest), and the
    lines of any other cell are joined, a break between two units of a unit
    column read as 、."""
    out: list[Cell | None] = []
    for cell, stack in zip(cells, stacks):
        lines = _cell_lines(cell) if cell else []
        width = len(stack)
        for k in range(width):
            part = lines[k:k + 1] if k < width - 1 else lines[k:]
            out.append(join_cells(part, roles[len(out)] in UNIT_COLUMNS, written=True)
                       if part else None)
    return out


def _md_heading(lines: list[Line], i: int) -> Cell | None:
    for k in range(i - 1, max(-1, i - 4), -1):
        body = MD_HEADING.sub("", lines[k].text).strip()
        if body:
            return heading_cell(lines[k]) \
                if is_heading(body) else first_heading(lines, k + 1)
    return None


def line_of(lines: list[Line], cell: Cell) -> int:
    """The index of the line a cell starts on."""
    return next(k for k, l in enumerate(lines) if l.start <= cell.start <= l.start + len(l.text))


def _next_is(lines: list[Line], i: int, test) -> bool:
    for line in lines[i:i + 4]:
        if line.text.strip():
            return bool(test(line))
    return False
