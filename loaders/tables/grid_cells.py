"""Markdown pipe tables, and tables written one cell per line.

One cell per line is what a flattened HTML table looks like (rows split by a
blank line), and what pdftotext without -layout writes (every line followed
by a blank line). The header is a run of lines that are each a column word;
its length tells how many cells make a row. A 序号 starts each row; a cell
wrapped over lines continues while a line reaches the page width.
"""
from __future__ import annotations

import re

from loaders.tables.grid import (ATTACHMENT, SEQ_CELL, TOTAL_CELL, UNIT_COLUMNS, Cell, Grid, GridRow,
                          caption_above, cell_of, finish, first_heading, heading_cell, is_footer, line_cell,
                          is_heading, join_cells, known_header, squeeze)
from loaders.text.normalize import Line, split_lines
from loaders.vocabulary import ROLES, column_role

MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
MD_HEADING = re.compile(r"^\s*#+\s*")
WRAP_SLACK = 1  # a line this close to the page width was wrapped
HEADER_MIN = 3  # one-cell-per-line headers have at least this many cells
WORD_MAX = 12   # ...each a short column word on a line of its own
NOT_WORD = re.compile(r"[\s：:。，；|\t]")  # never inside a column word


# -- Markdown pipes -------------------------------------------------------------

def _pipe_cells(line: Line) -> list[Cell | None]:
    text = line.text
    bars = [m.start() for m in re.finditer(r"(?<!\\)\|", text)]
    if not bars:
        return []
    edges = ([-1] if text[:bars[0]].strip() else []) + bars
    if text[bars[-1] + 1:].strip():
        edges.append(len(text))
    return [cell_of(line, a + 1, b) for a, b in zip(edges, edges[1:])]


def _is_pipe(line: Line) -> bool:
    return line.text.lstrip().startswith("|")


def markdown_grids(text: str) -> list[Grid]:
    if "|" not in text:  # a Markdown table's lines start with |
        return []
    lines = split_lines(text)
    out: list[Grid] = []
    i = 0
    while i + 1 < len(lines):
        if not _is_pipe(lines[i]):  # no cells, no header
            i += 1
            continue
        header = _pipe_cells(lines[i])
        if not (MD_RULE.match(lines[i + 1].text) and all(header)
                and known_header([c.text for c in header if c])):
            i += 1
            continue
        key = squeeze(lines[i].text)
        first = _md_heading(lines, i)
        stacks = [_stack(c) for c in header if c]
        grid = Grid(caption_above(lines, i if first is None else _line_of(lines, first)),
                    [c for stack in stacks for c in stack], source="markdown")
        roles = grid.roles
        heading = first
        i += 2
        while i < len(lines):
            line = lines[i]
            body = MD_HEADING.sub("", line.text).strip()
            if _is_pipe(line):
                if squeeze(line.text) != key and not MD_RULE.match(line.text):
                    cells = _unstack(_pipe_cells(line)[:len(stacks)], stacks, roles)
                    grid.rows.append(GridRow(cells + [None] * (len(grid.header) - len(cells)),
                                             heading))
            elif is_footer(body):
                if not _next_is(lines, i + 1, lambda l: _is_pipe(l) and squeeze(l.text) == key
                                or is_heading(MD_HEADING.sub("", l.text))):
                    break
            elif is_heading(body) and _next_is(lines, i + 1, _is_pipe):
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


def _line_of(lines: list[Line], cell: Cell) -> int:
    return next(k for k, l in enumerate(lines) if l.start <= cell.start <= l.start + len(l.text))


def _next_is(lines: list[Line], i: int, test) -> bool:
    for line in lines[i:i + 4]:
        if line.text.strip():
            return bool(test(line))
    return False


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
