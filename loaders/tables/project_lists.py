"""Project lists (重点项目清单 and the like) as Grids.

A project list has a header such as 序号 | 区（单位） | 项目名称 |
项目所在区/街（乡）/村 | 项目内容 | 责任单位 | 时限 and one row per project.
Delimited tables (one row per line) are read first (project_delimited.py);
a header they could not use is read as a character stream (stream.py,
stream_split.py): the PDF tool wrote the table one or two characters per
line, with the header repeated on every page and page footers between.

    project_grids(text) -> list[Grid]

Each Grid has the header labels as written (their roles from the column
vocabulary) and one cell or None per column in each row; cell spans run
from the cell's first character to its last, in the text given.
"""
from __future__ import annotations

import re

from loaders import rules
from loaders.tables.grid import ATTACHMENT, Grid, GridRow
from loaders.tables.project_delimited import SEQ_SPACED, delimited_grids
from loaders.tables.stream import (_build_stream, _find_headers, _Header,
                                   _line_lengths, _Stream, label_key)
from loaders.tables.stream_shapes import _location_match
from loaders.tables.stream_split import _row_spans, _split_row
from loaders.tables.table import Cell, TableRow

# Lines with at least this many characters that do not start with a digit are
# prose: they end a character-stream table (table cells are narrower than a
# full printed line, which holds ~28 characters).
PROSE_LINE_MIN = 25
# Output order of the cells of a row keyed by label (find_project_lists).
OUTPUT_COLUMNS = ("seq", "unit_area", "name", "location", "district", "street",
                  "village", "content", "units", "deadline")


def project_grids(text: str) -> list[Grid]:
    """Every project list in the text (the decoded document), in order."""
    found = delimited_grids(text)
    claimed = [(g.start, g.end) for g in found]
    return found + _stream_grids(text, claimed)


def place_parts(location: str) -> dict[str, str]:
    """district / street / village of a place cell (新洲区辛冲街道浏湖村)."""
    m = _location_match(location)
    return {k: v for k, v in m.groupdict().items() if v} if m else {}


def location_cells(text: str, cell: Cell) -> dict[str, Cell]:
    """district / street / village cells of a place cell, with their spans
    (the cell's text is its characters without the whitespace between)."""
    m = _location_match(cell.text)
    if m is None:
        return {}
    offsets = [cell.start + k for k, ch in enumerate(text[cell.start:cell.end])
               if not ch.isspace()]
    return {part: Cell(m.group(part), offsets[m.start(part)], offsets[m.end(part) - 1] + 1)
            for part in ("district", "street", "village") if m.group(part)}


def find_project_lists(text: str) -> list[TableRow]:
    """The rows of every project list keyed by their labels (seq, unit_area,
    name, location, district, street, village, content, units, deadline)."""
    rows: list[TableRow] = []
    for grid in project_grids(text):
        keys: list[str] = []
        for cell in grid.header:
            key = label_key(cell.text)
            keys.append("" if key in keys else key)
        for row in grid.rows:
            cells = {k: c for k, c in zip(keys, row.cells) if k and not k.startswith("_") and c}
            if "location" in cells:
                cells.update(location_cells(text, cells["location"]))
            rows.append(TableRow(grid.caption.text,
                                 {k: cells[k] for k in OUTPUT_COLUMNS if k in cells}, row.heading))
    return rows


# -- the character stream: the table region ----------------------------------------

FOOTER_START = re.compile(r"\s*[—–\-－]")  # how rules.PAGE_FOOTER begins


def _footer_offsets(text: str) -> set[int]:
    """Raw offsets of page footers: a line, or a block of non-blank lines (the
    footer broken into shards), that reads as a page number."""
    out: set[int] = set()
    pieces = list(re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text))  # blocks
    pieces += list(re.finditer(r"[^\n]*\S[^\n]*", text))  # single lines
    for m in pieces:
        # A footer's first character is a dash: only such pieces are squeezed.
        if FOOTER_START.match(text, m.start(), m.end()) \
                and rules.PAGE_FOOTER.match("".join(m.group().split())):
            out.update(range(m.start(), m.end()))
    return out


def _region_end(st: _Stream, lengths: list[int], h: _Header,
                headers: list[_Header]) -> int:
    """The table runs from its header to the next different header, the first
    prose line (not starting with a row number), or the end of the text."""
    stop = next((o.start for o in headers if o.start > h.start and o.cols != h.cols),
                len(st.text))
    for i in range(h.end, stop):
        new_line = st.line_of[i] != st.line_of[i - 1]
        if new_line and lengths[st.line_of[i]] >= PROSE_LINE_MIN and not st.text[i].isdigit():
            return i
    return stop


def _stream_caption(text: str, st: _Stream, starts: list[int], lengths: list[int],
                    h: _Header, end: int) -> str:
    """The caption: the lines just before the header that share the table's
    layout (no longer than its longest line), cut after the last sentence
    end or colon and with an 附件 prefix removed."""
    widest = max(lengths[st.line_of[h.start]:st.line_of[end - 1] + 1], default=2)
    parts: list[str] = []
    line = st.line_of[h.start] - 1
    while line >= 0 and lengths[line] <= widest and sum(map(len, parts)) < 80:
        raw = text[starts[line]:starts[line + 1] - 1 if line + 1 < len(starts) else len(text)]
        parts.insert(0, "".join(raw.split()))
        line -= 1
    # A unit note (单位：万元) may sit between caption and header.
    caption = re.sub(r"[（(]?单位[:：][^（()）]*[）)]?$", "", "".join(parts))
    caption = re.split(r"[。；;：:！!？?]", caption)[-1]
    return ATTACHMENT.sub("", caption)


WHITESPACE = re.compile(r"\s+")  # what str.split() splits on


def _stream_grids(text: str, claimed: list[tuple[int, int]]) -> list[Grid]:
    # The stream is the text's non-whitespace characters: look for a header
    # in them first, so a document without one costs one pass, not a stream.
    if SEQ_SPACED is not None and not SEQ_SPACED.search(text):
        return []
    if not _find_headers(WHITESPACE.sub("", text)):  # one copy, not a list of every word
        return []
    starts, lengths = line_lengths = _line_lengths(text)
    st = _build_stream(text, line_lengths)
    footers = _footer_offsets(text)
    headers = _find_headers(st.text)
    grids: list[Grid] = []
    done = 0
    for h in headers:
        if h.start < done or any(a <= st.offsets[h.start] < b for a, b in claimed):
            continue
        end = _region_end(st, lengths, h, headers)
        repeated = {i for o in headers if h.end <= o.start < end and o.cols == h.cols
                    for i in range(o.start, o.end)}  # the header again, on later pages
        keep = [i for i in range(h.end, end)
                if st.offsets[i] not in footers and i not in repeated]
        at = st.offsets[h.start]
        grid = Grid(Cell(_stream_caption(text, st, starts, lengths, h, end), at, at),
                    [st.cell(a, b) for a, b in h.labels],
                    _stream_rows(st.subset(keep), h.cols), source="stream")
        if grid.rows:
            grid.start, grid.end = at, max(row.end for row in grid.rows)
            grids.append(grid)
        done = end
    return grids


def _stream_rows(st: _Stream, cols: tuple[str, ...]) -> list[GridRow]:
    rows: list[GridRow] = []
    spans = _row_spans(st, cols)
    for k, (start, seq_end, end) in enumerate(spans):
        cuts = _split_row(st, seq_end, end, cols[1:], last=k == len(spans) - 1)
        if cuts is None:
            continue  # the row cannot be read reliably; better no facts than wrong ones
        bounds = [(start, seq_end), *cuts]
        rows.append(GridRow([st.cell(p, q) if p < q else None for p, q in bounds]))
    return rows
