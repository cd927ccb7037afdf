"""Tables written one row per line (tab- or space-separated cells) that the
grid model (loaders/tables/grid.py) does not read: pairing tables whose header names
the two places (序号 洪山区 建始县) and budget tables. Dispatch lists and
pairing lists with column words are read as Grids (loaders/facts/place_grids.py).

A table is found by its header row, its columns named by the header; rows
follow until a line that is neither a row nor the continuation of one.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from loaders import rules
from loaders.text.normalize import Line, split_lines
from loaders.tables.grid import two_cells
from loaders.tables.table import Cell, TableRow

SEQ = re.compile(r"^\s*(\d{1,4})(?:\s+|\t|$)")
CELL_SPLIT = re.compile(r"\t+|\s{2,}")
# A short line of one or two names continues a row whose cells were merged.
CONTINUATION = re.compile(r"^\s*[\u4e00-\u9fa5（）()·]{2,20}\s*$")
CAPTION_MAX = 60
GAP_TOLERANCE = 2  # non-row lines a table may contain (page breaks, footers)

# A group heading inside a table: 一、黄陂区姚家集街 12 个村（牵头单位：市委办公厅）
DISPATCH_GROUP = re.compile(
    rf"^\s*[{rules.CN_NUM}]+、\s*(?P<place>[^\t（(]+?)\s*(?P<count>\d+)\s*个?\s*村\s*"
    r"(?:[（(]\s*牵头单位\s*[：:]\s*(?P<lead>[^）)]+)[）)])?")
PAIRING_CAPTION = re.compile(r"结对(?:表|关系表|安排表|名单)|帮扶.*结对")
PAIRED = "结对"  # in every PAIRING_CAPTION
HELPED_HEADER = re.compile(r"重点帮扶|被帮扶|受援|受帮扶|结对村")
HELPER_HEADER = re.compile(r"帮扶")
BUDGET_AMOUNT = re.compile(r"预算数|金额|资金")
BUDGET_TARGET = re.compile(r"预算单位|使用单位|单位")
BUDGET_AMOUNT_OR_TAG = re.compile(f"{BUDGET_AMOUNT.pattern}|<")
TOTAL_ROW = re.compile(r"^\s*合\s*计")


@dataclass(frozen=True)
class Found:
    """A table's caption, header cells and rows of raw cells."""

    caption: Cell
    header: list[Cell]
    rows: list[TableRow]


def cells_of(line: Line, spaces: bool) -> list[Cell]:
    """Cells of a row line: split on tabs, or (spaces) on runs of whitespace."""
    pattern = re.compile(r"\t+|\s+") if spaces and "\t" not in line.text else CELL_SPLIT
    out, pos = [], 0
    for m in pattern.finditer(line.text):
        _add(out, line, pos, m.start())
        pos = m.end()
    _add(out, line, pos, len(line.text))
    return out


def _add(out: list[Cell], line: Line, a: int, b: int) -> None:
    raw = line.text[a:b]
    text = (rules.MARKUP_TAG.sub("", raw) if "<" in raw else raw).strip()  # a tag opens with <
    if text:
        lead = len(raw) - len(raw.lstrip())
        out.append(Cell(text, line.start + a + lead, line.start + a + lead + len(raw.strip())))


def caption_before(lines: list[Line], index: int) -> Cell:
    """The nearest non-empty short line above the header: the table's caption."""
    for k in range(index - 1, max(-1, index - 6), -1):
        body = lines[k].text.strip()
        if body and len(body) <= CAPTION_MAX and not rules.PAGE_FOOTER.match(body) \
                and not body.startswith(("附件", "单位：", "单位:")):
            lead = len(lines[k].text) - len(lines[k].text.lstrip())
            return Cell(body, lines[k].start + lead, lines[k].start + lead + len(body))
    return Cell("", lines[index].start, lines[index].start)


def header_cells(line: Line) -> list[Cell]:
    return cells_of(line, spaces=True)


def find_headers(lines: list[Line], want: list[re.Pattern[str]],
                 only: Iterable[int] | None = None) -> list[int]:
    """Indexes of lines whose cells match every pattern in want (patterns
    without anchors or lookaround, so a match in a cell is one in its line);
    only the lines at `only` if given (the caller knows the others cannot)."""
    hits = []
    for i in range(len(lines)) if only is None else only:
        line = lines[i]
        # Without markup a cell's text is a piece of its line: a line that
        # misses a pattern has no cell that matches it, and is not split.
        if "<" not in line.text and not all(p.search(line.text) for p in want):
            continue
        cells = [c.text for c in header_cells(line)]
        if len(cells) >= 2 and all(any(p.search(c) for c in cells) for p in want):
            hits.append(i)
    return hits


def is_header_repeat(line: Line, header: list[Cell]) -> bool:
    cells = [c.text for c in header_cells(line)]
    return cells == [c.text for c in header]


def read_rows(lines: list[Line], start: int, header: list[Cell], caption: Cell,
              seq_rows: bool = True) -> list[tuple[int, Line, list[Line]]]:
    """Row lines after a header: (seq, line, continuation lines).

    With seq_rows a row starts with its sequence number; otherwise every line
    with as many cells as the header is a row.
    """
    rows: list[tuple[int, Line, list[Line]]] = []
    gap = 0
    for line in lines[start + 1:]:
        body = line.text.strip()
        if not body or rules.PAGE_FOOTER.match(body) or is_header_repeat(line, header):
            continue
        m = SEQ.match(line.text)
        if seq_rows and m:
            rows.append((int(m.group(1)), line, []))
            gap = 0
        elif not seq_rows and len(cells_of(line, spaces=False)) >= 2:
            rows.append((len(rows) + 1, line, []))
            gap = 0
        elif seq_rows and rows and CONTINUATION.match(body) and not body.startswith("附件") and gap == 0 \
                and len(rows[-1][2]) < 3:
            rows[-1][2].append(line)
        elif DISPATCH_GROUP.match(body) or body == caption.text:
            continue
        else:
            gap += 1
            if gap > GAP_TOLERANCE or body.startswith("附件"):
                break
    return rows


def pairing_tables(text: str) -> list[tuple[Cell, list[Cell], list[TableRow]]]:
    """Pairing tables: (caption, header, rows) with cells keyed c0, c1, …

    The caller decides which column helps and which is helped, from the header
    and caption; a row's cells are the cells written on its line(s).
    """
    if PAIRED not in text:
        return []
    lines = split_lines(text)
    starts = [line.start for line in lines]
    out = []
    # Only the lines that say 结对, as every caption does, are read.
    for i in sorted({bisect_right(starts, m.start()) - 1 for m in re.finditer(PAIRED, text)}):
        line = lines[i]
        body = line.text.strip()
        if "\t" in line.text or not (PAIRING_CAPTION.search(body) and len(body) <= CAPTION_MAX):
            continue
        h = _next_content(lines, i)
        if h is None:
            continue
        header = header_cells(lines[h])
        if len(header) < 2 or len(header) > 4:
            continue
        seq_rows = header[0].text.replace(" ", "") == "序号"
        caption = Cell(body, line.start + line.text.index(body[0]),
                       line.start + line.text.index(body[0]) + len(body))
        rows = []
        for seq, row_line, more in read_rows(lines, h, header, caption, seq_rows):
            cells = cells_of(row_line, spaces=seq_rows)
            if seq_rows:
                cells = cells[1:]
            for extra in more:
                cells += cells_of(extra, spaces=True)
            rows.append(TableRow(body, {f"c{k}": c for k, c in enumerate(cells)}
                                 | {"seq": Cell(str(seq), row_line.start, row_line.start)}))
        if rows:
            out.append((caption, header[1:] if seq_rows else header, rows))
    return out


def _next_content(lines: list[Line], i: int) -> int | None:
    for k in range(i + 1, min(len(lines), i + 4)):
        if lines[k].text.strip():
            return k
    return None


def budget_tables(text: str) -> list[TableRow]:
    """Budget tables: rows with a target unit, a project name and an amount."""
    lines = split_lines(text)
    out: list[TableRow] = []
    # A header names an amount: only lines where BUDGET_AMOUNT (words, no line
    # break in them) matches, or with markup that may hide it, are looked at.
    # And its three cells or more need tabs or runs of spaces between them.
    starts = [line.start for line in lines]
    candidates = [i for i in sorted({bisect_right(starts, m.start()) - 1
                                     for m in BUDGET_AMOUNT_OR_TAG.finditer(text)})
                  if "\t" in lines[i].text or two_cells(lines[i].text)]
    for h in find_headers(lines, [BUDGET_AMOUNT, BUDGET_TARGET], candidates):
        header = cells_of(lines[h], spaces=False)
        if len(header) < 3 or SEQ.match(lines[h].text):  # a numbered line is a row, no header
            continue
        caption = caption_before(lines, h)
        names = [c.text for c in header]
        for line in lines[h + 1:]:
            cells = cells_of(line, spaces=False)
            if not line.text.strip():
                continue
            if "\t" not in line.text:
                break
            if TOTAL_ROW.match(line.text) or len(cells) != len(header):
                continue
            out.append(TableRow(caption.text, dict(zip(names, cells))))
    return out
