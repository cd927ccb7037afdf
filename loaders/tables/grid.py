"""One table model for every table: a Grid of header cells and body rows.

However a table reached us — tab-separated lines, space-aligned columns,
Markdown pipes, one cell per line, a DOCX/PDF grid written as tabs — it is
read into a Grid: header cells, body rows with one cell (or None) per
column, each cell with its span in the decoded document, the group heading a
row sits under, and the role of each column from the column vocabulary
(loaders/vocabulary.py). The fact rules read Grids only.

The readers: tab lines in grid_tabs.py, space-aligned columns in grid_layout.py,
Markdown pipes and bar-separated lines (| ｜) in grid_pipes.py, comma-separated
values in grid_csv.py, one-cell-per-line tables in grid_cells.py. A header is a
row whose cells are mostly column words of the vocabulary, never a
document's own words.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from loaders import rules
from loaders.text.normalize import Line
from loaders.tables.table import Cell
from loaders.names.unit_split import RUN_SUFFIXES, is_branch, unit_words, units_meet
from loaders.names.units import Context
from loaders.vocabulary import ROLES, column_role


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
    source: str = "tabs"  # tabs | layout | markdown | bars | csv | cells | stream
    start: int = 0       # span of the whole table (first heading or header to last row)
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


# -- shared by the readers -------------------------------------------------

TAB_SPLIT = re.compile(r"\t+")
SPACED = re.compile(r"\t+|\s{2,}")  # cells of a tab or space-aligned line
CAPTION_MAX = 60   # a caption is a short line above the header
HEADER_CELL_MAX = 30  # a header cell is a few words, never a sentence
SEQ_CELL = re.compile(r"^\d{1,4}[.．、]?$")
TOTAL_CELL = re.compile(r"^(?:合\s*计|总\s*计|小\s*计)")
# A group heading over rows: 一、大柘镇（牵头单位：县委办）, （二）碧江区,
# 黄陂区姚家集街 12 个村, 库伦镇（2个嘎查村）, **玉屏县**, 1．玉屏县, 玉屏县.
GROUP_HEADING = re.compile(
    rf"^\s*(?:\*\*.+\*\*|[{rules.CN_NUM}]+\s*、.+|[（(]\s*[{rules.CN_NUM}]+\s*[）)].+"
    r"|.+\d+\s*个\s*(?:嘎查)?村.*|.+[（(]\s*(?:牵头单位|牵头部门)\s*[：:].+"
    r"|(?:\d{1,2}\s*[.．、]\s*)?[\u4e00-\u9fff]{1,15}(?:县|区|市|旗|州|盟|镇|乡|街道|苏木))$")
HEADING_MAX = 50


def cell_of(line: Line, a: int, b: int) -> Cell | None:
    """The cell of line.text[a:b] without its surrounding spaces, or None."""
    raw = line.text[a:b]
    body = raw.strip()
    if not body:
        return None
    lead = len(raw) - len(raw.lstrip())
    return Cell(body, line.start + a + lead, line.start + a + lead + len(body))


def split_cells(line: Line, splitter: re.Pattern[str]) -> list[Cell]:
    out, pos = [], 0
    for m in [*splitter.finditer(line.text), None]:
        cell = cell_of(line, pos, m.start() if m else len(line.text))
        if cell:
            out.append(cell)
        if m:
            pos = m.end()
    return out


TWO_SPACES = re.compile(r"\s\s")


def two_cells(text: str) -> bool:
    """Whether runs of 2+ spaces (grid_layout's SPACES) cut the line into two
    cells or more: two spaces in a row between its first and last words."""
    return TWO_SPACES.search(text, len(text) - len(text.lstrip()), len(text.rstrip())) is not None


# Two spaces or more between words within a line (no line break of
# str.splitlines in the run): the lines two_cells holds for, found in one pass.
LINE_GAP = re.compile(r"\S[^\S\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]{2,}\S")


def two_cell_lines(text: str, lines: list[Line]) -> list[int]:
    """Indexes of the lines of text (split_lines) that two_cells holds for."""
    starts = [line.start for line in lines]
    return sorted({bisect_right(starts, m.start()) - 1 for m in LINE_GAP.finditer(text)})


# Columns whose cells list units: a line break inside them may separate two.
UNIT_COLUMNS = (*ROLES, "dispatcher", "captain")
ITEM_SEPARATORS = re.compile(r"[、，,；;]")


def join_cells(parts: list[Cell], units: bool = False, written: bool = False) -> Cell:
    """A cell written over lines: its pieces joined (Chinese wraps without a
    space), its span from the first piece to the last. In a unit column a
    break between two unit names separates them as 、 does (县审计局 / 县财政局),
    while a name wrapped mid-word (县人力资源和社 / 会保障局) or a branch after
    its parent (国家税务总局 / 某县税务局) is joined again. ``written`` breaks
    were put there by the writer (Markdown <br>), not by a narrow column."""
    text = parts[0].text
    for part in parts[1:]:
        text += ("、" if units and unit_break(text, part.text, written) else "") + part.text
    return Cell(text, parts[0].start, parts[-1].end)


def unit_break(left: str, right: str, written: bool = False) -> bool:
    """Whether a line break between left and right falls between two units:
    the last name before it ends like a unit and the first after it starts
    like one (the rule of 和 between units), and is no branch of the first.
    A break the writer typed (<br>) seldom wraps a word: there it is enough
    that the name before ends in a word that surely ends a name (局, 委,
    人民政府 …, not 社 of 人力资源和社) and the one after ends like a unit
    (某某镇人民政府 starts with a place the gazetteer need not know)."""
    before, after = ITEM_SEPARATORS.split(left)[-1], ITEM_SEPARATORS.split(right)[0]
    context = Context()
    if is_branch(before, after, context):
        return False
    if written and before.endswith(WRITTEN_BREAK_ENDS) and ends_unit(after):
        return True
    return units_meet(before, after, context)


# Words that end a unit name for sure (a run of names splits after them), and 政府.
WRITTEN_BREAK_ENDS = (*RUN_SUFFIXES, "政府")


def ends_unit(name: str) -> bool:
    """Whether a name ends like a unit's (局, 委, 人民政府 …; a bracket after it aside)."""
    return len(name) >= 2 and re.sub(r"（[^（）]*）$", "", name).endswith(unit_words().ends)


def known_header(texts: list[str]) -> bool:
    """A header row: at least two cells, most of them known column words, none
    a sentence."""
    if len(texts) < 2 or any(len(squeeze(t)) > HEADER_CELL_MAX or "。" in t for t in texts):
        return False
    known = [t for t in texts if column_role(t)]
    return len(known) >= max(2, (len(texts) + 1) // 2)


WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


def is_footer(text: str) -> bool:
    return bool(rules.PAGE_FOOTER.match(text)) or not text.strip()


def is_heading(text: str) -> bool:
    """A group heading over rows (the caller checks that rows follow it)."""
    body = text.strip()
    return (0 < len(body) <= HEADING_MAX and "\t" not in body and not body.startswith("附")
            and not body.endswith(("。", "；")) and bool(GROUP_HEADING.match(body)))


def line_cell(line: Line) -> Cell | None:
    """The whole line as one cell (a table written one cell per line)."""
    return cell_of(line, 0, len(line.text))


MARKS = re.compile(r"^[\s#*]*(.*?)[\s*]*$")  # Markdown heading and bold marks around a title


def heading_cell(line: Line) -> Cell | None:
    """A heading or caption line without the Markdown marks around it."""
    m = MARKS.match(line.text)
    return cell_of(line, m.start(1), m.end(1)) if m and m.group(1) else None


def is_total(cells: list[Cell | None]) -> bool:
    first = next((c for c in cells if c), None)
    return bool(first and TOTAL_CELL.match(first.text))


ATTACHMENT = re.compile(r"^附[件表]\s*[\d一二三四五六七八九十]*\s*[：:.．、]?\s*")


def caption_above(lines: list[Line], index: int) -> Cell:
    """The table's caption: the nearest short line above its header that is
    neither a heading, a footer, a row of a table nor an attachment label
    alone (附件1 彭水县…分工表 gives the title after the label)."""
    for k in range(index - 1, max(-1, index - 40), -1):
        cell = heading_cell(lines[k])
        body = cell.text if cell else ""
        if is_footer(body) or is_heading(lines[k].text) or body.startswith("单位：") \
                or "\t" in body or len(split_cells(lines[k], SPACED)) > 1 or body.startswith("|") \
                or "｜" in body:  # a row of a bar-separated table
            continue
        label = ATTACHMENT.match(body)
        if label and len(body) - label.end() < 4:
            continue
        if len(body) > CAPTION_MAX or body.endswith("。"):
            break
        cut = label.end() if label else 0
        return Cell(body[cut:], cell.start + cut, cell.end)
    return Cell("", lines[index].start, lines[index].start)


def first_heading(lines: list[Line], index: int) -> Cell | None:
    """A group heading just above the header (blank lines between) heads the
    first rows."""
    for k in range(index - 1, max(-1, index - 4), -1):
        body = lines[k].text.strip()
        if not body:
            continue
        return heading_cell(lines[k]) if is_heading(body) else None
    return None


def finish(grid: Grid, first: Cell | None) -> Grid | None:
    """The grid's span, once its rows are read; None without rows."""
    grid.rows = [r for r in grid.rows if any(r.cells)]
    if not grid.rows:
        return None
    for row in grid.rows:
        row.total = row.total or is_total(row.cells)
    grid.start = min(grid.header[0].start, first.start if first else grid.header[0].start)
    grid.end = max(r.end for r in grid.rows)
    return grid


# -- every reader ---------------------------------------------------------------

@lru_cache(maxsize=8)
def _find(text: str) -> tuple[Grid, ...]:
    from loaders.tables.grid_cells import cell_grids
    from loaders.tables.grid_csv import csv_grids
    from loaders.tables.grid_gates import column_words
    from loaders.tables.grid_layout import layout_grids
    from loaders.tables.grid_pipes import markdown_grids
    from loaders.tables.grid_tabs import tab_grids
    # each reader only where its header can be: a tab, a bar, a comma, short
    # column words (layout_grids looks for a gap of spaces itself): a
    # table-less plan is told so in a few scans
    found = [*(tab_grids(text) if "\t" in text else ()),
             *(markdown_grids(text) if "|" in text or "｜" in text else ()),
             *(csv_grids(text) if "," in text else ()),
             *layout_grids(text),
             *(cell_grids(text) if column_words(text) else ())]
    found.sort(key=lambda g: g.start)
    out: list[Grid] = []
    for grid in found:
        if not any(g.start < grid.end and grid.start < g.end for g in out):
            out.append(grid)
    return tuple(out)


def find_grids(text: str) -> list[Grid]:
    """Every table in a document's text, in order (normalize and the fact
    rules both ask: the answer is kept for the last few texts)."""
    return list(_find(text))
