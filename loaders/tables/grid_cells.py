"""Tables written one cell per line (Markdown pipe tables are read in grid_pipes.py).

One cell per line is what a flattened HTML table looks like (rows split by a
blank line), and what pdftotext without -layout writes (every line followed
by a blank line). The header is a run of lines that are each a column word;
its length tells how many cells make a row. A 序号 starts each row; a cell
wrapped over lines continues while a line reaches the page width.
"""
from __future__ import annotations

import re

from loaders.tables.grid import (ATTACHMENT, SEQ_CELL, TOTAL_CELL, Cell, Grid, GridRow,
                          caption_above, finish, first_heading, heading_cell, is_footer, line_cell,
                          is_heading, join_cells, known_header, squeeze)
from loaders.tables.grid_pipes import line_of as _line_of
from loaders.text.normalize import Line, split_lines
from loaders.vocabulary import column_role

WRAP_SLACK = 1  # a line this close to the page width was wrapped
HEADER_MIN = 3  # one-cell-per-line headers have at least this many cells
WORD_MAX = 12   # ...each a short column word on a line of its own
NOT_WORD = re.compile(r"[\s：:。，；|\t]")  # never inside a column word


# -- one cell per line ------------------------------------------------------------

def _is_word(text: str) -> bool:
    body = text.strip()
    return (0 < len(body) <= WORD_MAX and not NOT_WORD.search(body)
            and column_role(body) is not None)


def cell_grids(text: str) -> list[Grid]:
    lines = split_lines(text)
    content = [k for k, l in enumerate(lines) if l.text.strip() and not is_footer(l.text)]
    width: int | None = None  # the page width, made once a table is found
    out: list[Grid] = []
    done = 0  # the content line after the last table read
    # A header run starts with a column word: a short line (_is_word).
    for c in [c for c, k in enumerate(content) if len(lines[k].text.strip()) <= WORD_MAX]:
        run = _header_run(lines, content, c) if c >= done else []
        if len(run) < HEADER_MIN or not known_header([lines[k].text for k in run]):
            continue
        width = _page_width(lines) if width is None else width
        grid, done = _read_cells(lines, content, c, run, width)
        if grid:
            out.append(grid)
    return out


def _header_run(lines: list[Line], content: list[int], c: int) -> list[int]:
    run: list[int] = []
    while c < len(content) and _is_word(lines[content[c]].text):
        if run and content[c] - run[-1] > 2:
            break
        run.append(content[c])
        c += 1
    return run


def _page_width(lines: list[Line]) -> int:
    widths = sorted(len(l.text.strip()) for l in lines if len(l.text.strip()) > 10)
    return widths[int(len(widths) * 0.75)] if widths else 0


def _read_cells(lines: list[Line], content: list[int], c: int, run: list[int],
                width: int) -> tuple[Grid | None, int]:
    n = len(run)
    header = [line_cell(lines[k]) for k in run]
    keys = [squeeze(lines[k].text) for k in run]
    first = first_heading(lines, run[0])
    grid = Grid(caption_above(lines, run[0] if first is None else _line_of(lines, first)),
                header, source="cells")
    if column_role(header[0].text) != "seq":
        return None, c + n
    heading, seq = first, 0
    c += n
    body = [lines[k] for k in content]
    texts = [squeeze(l.text) for l in body]
    while c < len(body):
        if texts[c:c + n] == keys:  # the header repeated after a page break or a heading
            c += n
        elif _starts_row(texts[c], seq):
            end = _row_end(body, texts, c, n, keys, width)
            cells = _distribute(body[c + 1:end], n - 1, width)
            grid.rows.append(GridRow([line_cell(body[c]), *cells], heading))
            seq = int(re.sub(r"\D", "", texts[c]) or seq)
            c = end
        elif _group_heading(body, texts, c, keys):
            heading, seq = heading_cell(body[c]), 0
            c += 1
        else:
            break
    return finish(grid, first), c


def _group_heading(body: list[Line], texts: list[str], c: int, keys: list[str]) -> bool:
    """A heading line followed by the header again or by row 1 (a header word
    such as 所在苏木镇 is no heading)."""
    return is_heading(body[c].text) and not _is_word(body[c].text) and c + 1 < len(body) \
        and (texts[c + 1:c + 1 + len(keys)] == keys or texts[c + 1] == "1")


def _starts_row(text: str, seq: int) -> bool:
    if TOTAL_CELL.match(text):
        return True
    return bool(SEQ_CELL.match(text)) and int(re.sub(r"\D", "", text)) in (seq + 1, 1)


def _row_end(body: list[Line], texts: list[str], c: int, n: int, keys: list[str],
             width: int) -> int:
    """Where the row starting at c ends: at the next 序号 (a row's cells further
    on, or nearer when a cell was left empty), a repeated header or a group
    heading. The last row of a table takes its cells and the lines that
    continue them (a line that reaches the page width), no more."""
    seq = int(re.sub(r"\D", "", texts[c]) or 0)

    def next_row(k: int) -> bool:
        return (SEQ_CELL.match(texts[k]) is not None and int(re.sub(r"\D", "", texts[k])) == seq + 1) \
            or texts[k:k + n] == keys or TOTAL_CELL.match(texts[k]) is not None \
            or _group_heading(body, texts, k, keys)

    def new_table(k: int) -> bool:
        return all(_is_word(line.text) for line in body[k:k + HEADER_MIN])
    # A line of another table (tab cells) or an attachment label is no cell:
    # a last row whose empty cells wrote no line (a 合计 row) ends before it.
    limit = next((k for k in range(c + 1, min(len(texts), c + n))
                  if "\t" in body[k].text or ATTACHMENT.match(texts[k]) and len(texts[k]) <= 6),
                 len(texts))
    for k in [*range(c + n, min(limit, c + 3 * n)), *range(c + 2, min(limit, c + n))]:
        if new_table(k):
            break
        if next_row(k):
            return k
    end = min(c + n, limit)
    while end < limit and _full(body[end - 1], width) and not next_row(end) \
            and not new_table(end):
        end += 1
    return end


def _full(line: Line, width: int) -> bool:
    return bool(width) and len(line.text.strip()) >= width - WRAP_SLACK


def _distribute(parts: list[Line], n: int, width: int) -> list[Cell | None]:
    """n cells from the lines of a row: a line that reaches the page width is
    continued by the next one (a wrapped cell); lines still too many join the
    cell whose last line is the longest."""
    groups: list[list[Line]] = []
    for line in parts:
        if groups and _full(groups[-1][-1], width):
            groups[-1].append(line)
        else:
            groups.append([line])
    while len(groups) > n:
        k = max(range(len(groups) - 1), key=lambda j: len(groups[j][-1].text.strip()))
        groups[k:k + 2] = [groups[k] + groups[k + 1]]
    cells: list[Cell | None] = [join_cells([line_cell(l) for l in g]) for g in groups]
    return cells + [None] * (n - len(cells))
