"""Space-aligned tables, as pdftotext -layout writes them.

The header's cells give the columns: a piece of text belongs to the column
whose header starts at (or just after) it. A cell wrapped onto the next
line(s) continues the cell above in its column. Rows are either separated by
blank lines (then a block is one row, whatever line its 序号 stands on —
vertically centred cells) or follow each other tightly (then a 序号 starts a
row). Page footers (— 5 —), form feeds and the header repeated after a page
break are skipped, and a row the page break cut in two is joined again.

Tables whose cells are separated by two spaces but not aligned (a plain text
export) are read one line per row.
"""
from __future__ import annotations

import re
import unicodedata

from loaders.tables.grid import (ITEM_SEPARATORS, SEQ_CELL, TOTAL_CELL, UNIT_COLUMNS, Cell, Grid,
                          GridRow, ends_unit, caption_above, cell_of, finish, first_heading, heading_cell, is_footer, is_heading, join_cells,
                          LINE_GAP, known_header, split_cells, squeeze, two_cell_lines)
from loaders.text.normalize import Line, split_lines
from loaders.vocabulary import column_role

SPACES = re.compile(r"\s{2,}")
SLACK = 2            # text may start this many characters before its header
ALIGNED_SHARE = 0.8  # share of body pieces that start at a column for an aligned table
PROBE_LINES = 12     # body lines looked at to decide how a table is laid out

Pieces = dict[int, list[Cell]]  # column → the pieces of one line in it


def layout_grids(text: str) -> list[Grid]:
    if not LINE_GAP.search(text):
        return []  # no line of two cells, no header: prose is told so in one scan
    lines = split_lines(text)
    out: list[Grid] = []
    done = 0  # the line after the last table read
    for i in two_cell_lines(text, lines):  # a header has two cells or more
        line = lines[i]
        if i < done or "\t" in line.text or line.text.lstrip().startswith("|"):
            continue
        header = split_cells(line, SPACES)
        if known_header([c.text for c in header]):
            grid, done = _read(lines, i, header)
            if grid:
                out.append(grid)
    return out


def _read(lines: list[Line], h: int, header: list[Cell]) -> tuple[Grid | None, int]:
    starts = [column_at(lines[h], c.start) for c in header]
    seq_first = column_role(header[0].text) == "seq"
    body = h + 1
    header_lines = [squeeze(lines[h].text)]
    nxt = lines[body] if body < len(lines) else None
    groups = _sub_header(lines[h], nxt, header, starts) if nxt else None
    if groups:
        header, starts = groups
        header_lines.append(squeeze(nxt.text))
        body += 1
    elif nxt and nxt.text.strip() and _is_header_tail(nxt, starts, seq_first):
        header = _extend_header(header, _assign(nxt, starts) or {})
        header_lines.append(squeeze(nxt.text))
        body += 1
    first = first_heading(lines, h)
    caption = caption_above(lines, h if first is None else _line_at(lines, first.start))
    grid = Grid(caption, header, source="layout")
    probe = lines[body:body + PROBE_LINES]
    if not _aligned(probe, starts, header_lines):
        # a header centred over its columns: the columns are where the rows start
        starts = _body_starts(probe, len(header), header_lines) or starts
    if not _aligned(probe, starts, header_lines):
        end = _read_split(lines, body, grid, first, header_lines)
    else:
        end = _read_aligned(lines, body, grid, first, starts, header_lines, seq_first)
    return finish(grid, first), max(end, h + 1)


def _line_at(lines: list[Line], offset: int) -> int:
    return next(k for k, l in enumerate(lines) if l.start <= offset <= l.start + len(l.text))


def _is_header_tail(line: Line, starts: list[int], seq_first: bool) -> bool:
    """A header cell wrapped onto the next line: 投资( / 万元)."""
    pieces = _assign(line, starts)
    return bool(seq_first and pieces and 0 not in pieces
                and all(len(c.text) <= 6 for cs in pieces.values() for c in cs))


def _sub_header(top: Line, line: Line, header: list[Cell],
                starts: list[int]) -> tuple[list[Cell], list[int]] | None:
    """A second header row of column words under a group label (责任主体 over
    牵头单位 | 配合单位): each word goes to the upper cell nearest its centre
    (a group label is often centred over its columns); an upper cell with two
    or more words under it gives way to them, each a column of its own role
    starting where its word starts. None when the line is no such row."""
    pieces = split_cells(line, SPACES)
    if not pieces or not all(column_role(p.text) for p in pieces):
        return None
    centres = [(column_at(top, c.start) + column_at(top, c.end)) / 2 for c in header]
    under: dict[int, list[Cell]] = {}
    for piece in pieces:
        mid = (column_at(line, piece.start) + column_at(line, piece.end)) / 2
        under.setdefault(min(range(len(header)), key=lambda j: abs(centres[j] - mid)),
                         []).append(piece)
    if all(len(words) < 2 for words in under.values()):
        return None
    cells: list[Cell] = []
    new_starts: list[int] = []
    for k, cell in enumerate(header):
        words = under.get(k, [])
        if len(words) >= 2:
            cells += words
            new_starts += [min(column_at(line, w.start), starts[k]) if n == 0
                           else column_at(line, w.start) for n, w in enumerate(words)]
        else:
            cells.append(join_cells([cell, *words]))
            new_starts.append(starts[k])
    return cells, new_starts


def _extend_header(header: list[Cell], tail: Pieces) -> list[Cell]:
    return [join_cells([cell, *tail.get(k, [])]) for k, cell in enumerate(header)]


def column_at(line: Line, offset: int) -> int:
    """The display column of a document offset in its line: a CJK or
    full-width character takes two columns, as in the layout that aligned it."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in line.text[:offset - line.start])


def _assign(line: Line, starts: list[int]) -> Pieces | None:
    """The pieces of a line by column, or None when a piece straddles two
    columns (the line is no row of this table: prose, a caption)."""
    out: Pieces = {}
    for cell in split_cells(line, SPACES):
        a, b = column_at(line, cell.start), column_at(line, cell.end)
        col = max((k for k, s in enumerate(starts) if s <= a + SLACK), default=0)
        if col + 1 < len(starts) and b > starts[col + 1] + SLACK:
            return None
        out.setdefault(col, []).append(cell)
    return out


def _aligned(probe: list[Line], starts: list[int], header_lines: list[str]) -> bool:
    """Whether the body's pieces start where the header's cells start."""
    at, total = 0, 0
    for line in probe:
        if is_footer(line.text) or squeeze(line.text) in header_lines:
            continue
        for cell in split_cells(line, SPACES):
            total += 1
            at += any(abs(column_at(line, cell.start) - s) <= SLACK for s in starts)
    return total > 0 and at >= ALIGNED_SHARE * total


def _body_starts(probe: list[Line], width: int, header_lines: list[str]) -> list[int] | None:
    """Column starts from the rows that fill every column, when these agree
    (rows of a plain text export start anywhere, and give None)."""
    full = [[column_at(l, c.start) for c in split_cells(l, SPACES)] for l in probe
            if squeeze(l.text) not in header_lines]
    full = [f for f in full if len(f) == width]
    if len(full) < 2 or any(max(col) - min(col) > SLACK for col in zip(*full)):
        return None
    return [min(col) for col in zip(*full)]


def _row_start(pieces: Pieces, seq_first: bool) -> bool:
    first = pieces.get(0, [])
    if seq_first:
        return any(SEQ_CELL.match(c.text) or TOTAL_CELL.match(c.text) for c in first)
    return bool(first)


def _read_aligned(lines: list[Line], i: int, grid: Grid, heading: Cell | None,
                  starts: list[int], header_lines: list[str], seq_first: bool) -> int:
    """Lines into blocks (split by blank lines), blocks into rows; returns the
    index of the first line after the table."""
    blocks: list[list[tuple[Pieces, Cell | None]]] = [[]]
    while i < len(lines):
        body = lines[i].text.strip()
        if is_footer(body) or squeeze(body) in header_lines:
            blocks.append([])
            i += 1
            continue
        pieces = _assign(lines[i], starts)
        single = pieces is not None and len(pieces) == 1 and 0 in pieces \
            and not _row_start(pieces, seq_first) and seq_first
        if pieces is None or single:
            if not is_heading(body) or not _rows_follow(lines, i + 1, starts, header_lines,
                                                        seq_first):
                break
            heading = heading_cell(lines[i])
            blocks.append([])
        else:
            blocks[-1].append((pieces, heading))
        i += 1
    _rows_of(blocks, grid, seq_first)
    return i


def _rows_follow(lines: list[Line], i: int, starts: list[int], header_lines: list[str],
                 seq_first: bool) -> bool:
    for line in lines[i:i + 4]:
        if not line.text.strip():
            continue
        if squeeze(line.text) in header_lines:
            return True
        pieces = _assign(line, starts)
        return bool(pieces) and _row_start(pieces, seq_first)
    return False


def _rows_of(blocks: list[list[tuple[Pieces, Cell | None]]], grid: Grid, seq_first: bool) -> None:
    """A block is one row when blank lines separate the rows; in a tight table
    a row starts at each 序号 (see _tight_rows). Lines before the first row
    start of a block continue the row above (a row the page break cut)."""
    blocks = [b for b in blocks if b]
    tight = any(sum(_row_start(p, seq_first) for p, _ in b) > 1 for b in blocks)
    units = [role in UNIT_COLUMNS for role in grid.roles]
    rows: list[tuple[list[Pieces], Cell | None]] = []
    for block in blocks:
        if not tight and any(_row_start(p, seq_first) for p, _ in block):
            rows.append(([p for p, _ in block], block[0][1]))
            continue
        lead, found = _tight_rows(block, units, seq_first)
        if lead and rows:
            rows[-1][0].extend(lead)
        elif lead:
            found.insert(0, (lead, block[0][1]))
        rows += found
    for parts, heading in rows:
        cells: list[Cell | None] = []
        for k, unit_column in enumerate(units):
            found_cells = [c for p in parts for c in p.get(k, [])]
            cells.append(join_cells(found_cells, unit_column) if found_cells else None)
        grid.rows.append(GridRow(cells, heading))


def _tight_rows(block: list[tuple[Pieces, Cell | None]], units: list[bool], seq_first: bool,
                ) -> tuple[list[Pieces], list[tuple[list[Pieces], Cell | None]]]:
    """The lines before the block's first 序号, and its rows. The lines
    between two 序号 lines go to the row above, unless the table centres its
    cells vertically: then a wrapped cell starts on the line(s) above its
    序号 and the gap is split where the row above is left with whole unit
    names (县人社局、县公 / 路事业中心 …: a name cut short means the line
    below still belongs to it)."""
    heads = [k for k, (p, _) in enumerate(block) if _row_start(p, seq_first)]
    if not heads:
        return [p for p, _ in block], []
    bounds = [*heads, len(block)]
    gaps = [[p for p, _ in block[a + 1:b]] for a, b in zip(bounds, bounds[1:])]
    rows: list[tuple[list[Pieces], Cell | None]] = []
    carried: list[Pieces] = []
    for j, head in enumerate(heads):
        mine = [*carried, block[head][0]]
        gap = gaps[j]
        keep = len(gap) if j + 1 == len(heads) else _split(mine, gap, len(gaps[j + 1]), units)
        rows.append(([*mine, *gap[:keep]], block[head][1]))
        carried = gap[keep:]
    return [p for p, _ in block[:heads[0]]], rows


def _split(mine: list[Pieces], gap: list[Pieces], below_next: int, units: list[bool]) -> int:
    """How many of the gap's lines stay with the row above: all of them unless
    fewer leave that row's unit cells ending in whole names. The next row
    takes no more lines above its 序号 than it has below it (a centred cell
    is as tall above its middle as below)."""
    best, fewest = len(gap), _cut_names(mine + gap, units)
    for keep in range(len(gap) - 1, max(-1, len(gap) - below_next - 1), -1):
        cut = _cut_names(mine + gap[:keep], units)
        if cut < fewest:
            best, fewest = keep, cut
    return best


def _cut_names(parts: list[Pieces], units: list[bool]) -> int:
    """Unit cells whose last name is cut short (ends in no unit word)."""
    cut = 0
    for k, unit_column in enumerate(units):
        found = [c for p in parts for c in p.get(k, [])]
        if unit_column and found:
            cut += not ends_unit(ITEM_SEPARATORS.split(join_cells(found, True).text)[-1])
    return cut


def _read_split(lines: list[Line], i: int, grid: Grid, heading: Cell | None,
                header_lines: list[str]) -> int:
    """Cells separated by two or more spaces, not aligned: one row a line."""
    width = len(grid.header)
    while i < len(lines):
        body = lines[i].text.strip()
        cells: list[Cell | None] = list(split_cells(lines[i], SPACES))
        if is_footer(body) or squeeze(body) in header_lines:
            pass
        elif "\t" not in lines[i].text and max(2, width - 1) <= len(cells) <= width:
            grid.rows.append(GridRow([*cells, *[None] * (width - len(cells))], heading))
        elif len(cells) == 1 and is_heading(body):
            heading = cell_of(lines[i], 0, len(lines[i].text))
        else:
            break
        i += 1
    return i
