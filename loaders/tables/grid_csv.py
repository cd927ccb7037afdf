"""Tables exported as comma-separated values (RFC 4180), read into the one
table model (grid.py).

A spreadsheet or a management system exports a table as text: one record a
line, cells separated by the half-width comma, a cell holding a comma, a
quote or a line break put between double quotes ("县商务局,县供销社"). The
records are read by Python's csv module; each cell keeps its span in the
document (the quotes around it are no part of it; a quoted cell written
over two lines spans both).

Prose has commas too, so a table needs a header: a one-line record whose
cells are all filled and mostly column words (grid.known_header). Its rows
are the records below it with the header's number of cells; a record with
only its first cell filled by a heading (一、产业振兴,,,,,) heads the rows
under it. The full-width comma ， of Chinese prose separates nothing here.
"""
from __future__ import annotations

import csv
import re
from bisect import bisect_right

from loaders.tables.grid import (UNIT_COLUMNS, Cell, Grid, GridRow, caption_above, finish,
                                 first_heading, is_footer, is_heading, join_cells, known_header)
from loaders.tables.grid_pipes import line_of
from loaders.text.normalize import Line, split_lines
from loaders.vocabulary import column_role

HEADER_LINE_MAX = 200  # a header line is a few column words
RECORD_LINES = 8  # a quoted cell spans a few lines, never a page (a stray quote in prose)
COMMA = re.compile(",")


def csv_grids(text: str) -> list[Grid]:
    """Every comma-separated table of the text, in order."""
    lines = split_lines(text)
    starts = [line.start for line in lines]
    # Only lines with a comma may hold a header (found in one pass over the text).
    candidates = sorted({bisect_right(starts, m.start()) - 1 for m in COMMA.finditer(text)})
    out: list[Grid] = []
    done = 0  # the line after the last table read
    for i in candidates:
        if i < done or not _may_be_header(lines[i].text):
            continue
        record = _record(lines, i)
        if record is None or record[1] != i + 1:
            continue
        header = record[0]
        if not all(header) or not known_header([c.text for c in header if c]):
            continue
        grid, done = _read_rows(lines, i, [c for c in header if c])
        if grid:
            out.append(grid)
    return out


def _may_be_header(text: str) -> bool:
    """A cheap test before parsing: short, no sentence end, two cells or more."""
    return len(text) <= HEADER_LINE_MAX and "。" not in text and text.strip() != ""


def _read_rows(lines: list[Line], h: int, header: list[Cell]) -> tuple[Grid | None, int]:
    """The rows under the header at line h; returns the grid (None without
    rows) and the line after it."""
    first = first_heading(lines, h)
    grid = Grid(caption_above(lines, h if first is None else line_of(lines, first)),
                header, source="csv")
    units = [column_role(c.text) in UNIT_COLUMNS for c in header]
    key = [c.text for c in header]
    heading, k = first, h + 1
    while k < len(lines):
        if is_footer(lines[k].text):
            k += 1  # blank lines, page footers
            continue
        record = _record(lines, k, units)
        if record is None or len(record[0]) != len(header):
            break
        cells, end = record
        filled = [c for c in cells if c]
        if [c.text if c else "" for c in cells] == key:
            pass  # the header repeated
        elif len(filled) == 1 and cells[0] and is_heading(cells[0].text):
            heading = cells[0]  # a category row: 一、产业振兴,,,,,
        elif filled:
            grid.rows.append(GridRow(cells, heading))
        k = end
    return finish(grid, first), k


def _record(lines: list[Line], k: int,
            units: list[bool] | None = None) -> tuple[list[Cell | None], int] | None:
    """The record starting at line k: its cells (None for an empty one) and
    the line after it; None if the lines there are no record (a quote left
    open). units tells which cells list units (a line break between two
    names separates them, as in other tables)."""
    pieces = [line.text + "\n" for line in lines[k:k + RECORD_LINES]]
    reader = csv.reader(iter(pieces), strict=True)
    try:
        values = next(reader)
    except (csv.Error, StopIteration):
        return None
    end = k + reader.line_num
    spans = _locate(values, "".join(pieces[:reader.line_num]))
    if spans is None:
        return None
    cells = [_cell(lines[k:end], value, a, b, bool(units and n < len(units) and units[n]))
             for n, (value, (a, b)) in enumerate(zip(values, spans))]
    return cells, end


def _locate(values: list[str], raw: str) -> list[tuple[int, int]] | None:
    """Where each value the csv module read stands in the record's raw text:
    after its opening quote for a quoted value. None if a value is not found
    as written (a dialect the default one does not read)."""
    spans, pos = [], 0
    for value in values:
        quoted = '"' + value.replace('"', '""') + '"'
        if raw.startswith(quoted, pos):
            spans.append((pos + 1, pos + len(quoted) - 1))
            pos += len(quoted)
        elif raw.startswith(value, pos):
            spans.append((pos, pos + len(value)))
            pos += len(value)
        else:
            return None
        pos += 1  # the comma (or the line end after the last value)
    return spans


def _cell(lines: list[Line], value: str, a: int, b: int, units: bool) -> Cell | None:
    """The cell of value, at raw offsets a..b of the record whose lines are
    given (each line counted with one line end): a value over lines is joined
    as a wrapped cell is (grid.join_cells)."""
    parts: list[Cell] = []
    base = 0
    for line in lines:
        top = base + len(line.text)
        lo, hi = max(a, base), min(b, top)
        if lo < hi:
            raw = line.text[lo - base:hi - base]
            body = raw.strip()
            if body:
                start = line.start + lo - base + len(raw) - len(raw.lstrip())
                parts.append(Cell(body, start, start + len(body)))
        base = top + 1
    if not parts:
        return None
    return join_cells(parts, units) if len(parts) > 1 else parts[0]
