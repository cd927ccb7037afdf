"""A project list written one row per line: tabs or runs of spaces between cells.

The header is a line whose cells are project-list labels (stream.py); rows
follow with a number in the 序号 cell; group headings (一、… / （一）…),
page footers and a header repeated after a page break may stand between
them. Each table becomes a Grid (header cells and row cells with their
spans, the group heading of each row).
"""
from __future__ import annotations

import re

from loaders import rules
from loaders.tables.grid import ATTACHMENT, Grid, GridRow
from loaders.tables.stream import HEADER_LABELS, _compact_cell, _is_project_header, label_key
from loaders.tables.table import Cell
from loaders.text.normalize import split_lines

# A group heading inside a delimited table: 一、黄陂区姚家集街 12 个村（…）.
GROUP_HEADING_RE = re.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）")

def _spaced(words: str) -> re.Pattern[str] | None:
    """A header's first label (序号|编号) as the raw text may write it, with
    whitespace between its characters (序 号); None if it is not plain words."""
    alternatives = words.split("|")
    if any(re.escape(w) != w or not w for w in alternatives):
        return None
    return re.compile("|".join(r"\s*".join(w) for w in alternatives))


# A project header starts with the row-number label: without one in a line
# (or, for the stream reader, anywhere in the raw text) there is none to read.
SEQ_SPACED = _spaced(HEADER_LABELS["seq"])


def _lines(text: str) -> list[tuple[int, str]]:
    return [(line.start, line.text) for line in split_lines(text)]


def _line_cells(base: int, line: str) -> list[tuple[int, int]] | None:
    """Raw spans of the cells of a separated line; None if it has no separator.

    With tabs every tab is a separator (so empty cells keep their place);
    otherwise two or more spaces separate cells and a single space stays
    inside a cell ("序 号", "2024 年").
    """
    if "\t" in line:
        spans, pos = [], 0
        for part in line.split("\t"):
            lead = len(part) - len(part.lstrip())
            spans.append((base + pos + lead, base + pos + len(part.rstrip())))
            pos += len(part) + 1
        return spans
    found = [(base + m.start(), base + m.end())
             for m in re.finditer(r"\S+(?: \S+)*", line)]
    return found if len(found) > 1 else None


def _compact(text: str, span: tuple[int, int]) -> str:
    return "".join(text[span[0]:span[1]].split())


def _header_columns(text: str, cells: list[tuple[int, int]]) -> tuple[str, ...] | None:
    """Column keys of a separated header line ("" for an unknown label)."""
    keys: list[str] = []
    for span in cells:
        label = _compact(text, span)
        key = label_key(label)
        keys.append("" if key in keys else key)
    return tuple(keys) if _is_project_header(tuple(keys)) else None


def _delimited_caption(text: str, lines: list[tuple[int, str]], at: int) -> str:
    """The nearest non-blank line above the header, skipping 单位：万元 notes."""
    for base, line in reversed(lines[max(0, at - 4):at]):
        words = "".join(line.split())
        if not words or re.match(r"[（(]?单位[:：]", words):
            continue
        caption = ATTACHMENT.sub("", words)
        return "" if "。" in caption or len(caption) > 80 else caption
    return ""


def _delimited_row(text: str, cols: tuple[str, ...], cells: list[tuple[int, int]],
                   heading: Cell | None) -> GridRow | None:
    """A row if the line has the header's cells and a number in the 序号 cell."""
    tabbed = len(cells) <= len(cols) and "\t" in text[cells[0][0]:cells[-1][1]]
    if not (len(cells) == len(cols) or tabbed):
        return None
    seq_at = cols.index("seq")
    if seq_at >= len(cells) or not re.fullmatch(r"\d{1,3}", _compact(text, cells[seq_at])):
        return None
    out: list[Cell | None] = []
    for k in range(len(cols)):
        st = _compact_cell(text, *cells[k]) if k < len(cells) else None
        out.append(st.cell(0, len(st.text)) if st and st.text else None)
    return GridRow(out, heading)


def _heading_cell(text: str, base: int, line: str) -> Cell | None:
    """A group heading line inside the table (一、… / （一）…)."""
    words = "".join(line.split())
    # A heading is a short label, not a sentence (二、保障措施。… ends the table).
    if not GROUP_HEADING_RE.match(words) or "。" in words or len(words) > 40:
        return None
    st = _compact_cell(text, base, base + len(line))
    return st.cell(0, len(st.text))


def _delimited_body(text: str, lines: list[tuple[int, str]], at: int,
                    cols: tuple[str, ...]) -> tuple[int, list[GridRow]]:
    """Rows under the header at line `at`; returns the line after the table."""
    rows: list[GridRow] = []
    heading: Cell | None = None
    for i in range(at + 1, len(lines)):
        base, line = lines[i]
        words = "".join(line.split())
        if not words or rules.PAGE_FOOTER.match(words):
            continue  # blank line or page footer
        cells = _line_cells(base, line)
        if cells and _header_columns(text, cells) == cols:
            continue  # header repeated on a new page
        row = _delimited_row(text, cols, cells, heading) if cells else None
        if row is not None:
            rows.append(row)
        elif (found := _heading_cell(text, base, line)) is not None:
            heading = found
        else:
            return i, rows
    return len(lines), rows


def _cell(text: str, span: tuple[int, int]) -> Cell:
    st = _compact_cell(text, *span)
    return st.cell(0, len(st.text)) if st.text else Cell("", span[0], span[0])


def delimited_grids(text: str) -> list[Grid]:
    """Grids of all delimited project lists (their spans tell the stream
    reader what not to read again: the repeated headers are theirs too)."""
    lines = _lines(text)
    grids: list[Grid] = []
    i = 0
    while i < len(lines):
        base, line = lines[i]
        if SEQ_SPACED is not None and not SEQ_SPACED.search(line):
            i += 1  # no 序号 label: not a header line (its cells are not cut)
            continue
        cells = _line_cells(base, line)
        cols = _header_columns(text, cells) if cells else None
        if cols is None:
            i += 1
            continue
        nxt, found = _delimited_body(text, lines, i, cols)
        if found:
            caption = _delimited_caption(text, lines, i)
            header = [_cell(text, span) for span in cells]
            grid = Grid(Cell(caption, base, base), header, found, source="tabs")
            grid.start, grid.end = base, max(r.end for r in found)
            grids.append(grid)
        i = max(nxt, i + 1)
    return grids
