"""The two-sided demand list (对口帮扶工作需求清单) as a Grid.

A demand list is a task table with two sides: its header names each side's
place over that side's role columns (洪山区 牵头单位 / 洪山区 责任单位 /
建始县 牵头单位 / 建始县 责任单位). It is read from the interleaved stream a
PDF tool writes (demand_stream.py) or from tab-separated rows (here), and
becomes one Grid: header 序号 | category | item | one cell per unit column
(its text the side and the role label, 洪山区牵头单位: the role comes from the
role vocabulary, the side from column_side); body rows with the category
number and name, the item and the unit cells; the category as each row's
heading. A cell merged over several items is written once; every item it
covers gets the same cell (same span).

    demand_grids(text) -> list[Grid]

Spans index into the text passed in and run from a cell's first fragment to
its last (a cell wrapped side by side with its neighbours spans their
pieces too).
"""
from __future__ import annotations

from loaders.tables.demand_header import (BLOCKED, Category, Header, Item, Text,
                                          body, find_caption, label_tokens, read_header, tab_cells,
                                          table_lines)
from loaders.tables.demand_stream import parse_stream
from loaders.tables.demand_text import (END_RE, HEADER_RE, HEADER_WORD, ITEM_RE, Sides,
                                        lists_several_units)
from loaders.tables.grid import Grid, GridRow, squeeze
from loaders.tables.table import Cell, TableRow
from loaders.text.normalize import Line
from loaders.vocabulary import label_roles

__all__ = ["demand_grids", "column_side", "find_demand_lists"]


# -- tab-separated rows -----------------------------------------------------------

def tab_layout(header: Header) -> tuple[int, int | None, int, dict[int, str]]:
    """Field positions: 序号, category (first content column, if two), item
    (last content column) and the unit columns."""
    fields = header.tab_fields
    unit_fields = [i for i, f in enumerate(fields) if label_tokens(f.replace(" ", ""))]
    content = [i for i in range(1, len(fields)) if i not in unit_fields]
    category = content[0] if len(content) > 1 else None
    keys = {i: c.key for i, c in zip(unit_fields, header.columns)}
    return 0, category, content[-1], keys


def parse_tabs(lines: list[Line], header: Header) -> tuple[list[Item], int]:
    """One row per line. A merged cell is written in its first row and left
    empty below, so an empty field is inherited from above (see build_rows)."""
    seq_i, cat_i, item_i, keys = tab_layout(header)
    items: list[Item] = []
    category: Category | None = None
    j = header.next_line
    while j < len(lines) and "\t" in body(lines[j]) and not END_RE.match(body(lines[j])):
        fields = tab_cells(lines[j])
        j += 1
        if HEADER_RE.match(body(lines[j - 1])) or len(fields) <= item_i:
            continue
        seq = fields[seq_i]
        new_seq = seq.text and (category is None or seq.text != category.seq.text)
        if new_seq and cat_i is not None and fields[cat_i].text:  # not a page repeat
            category = Category((category.ident + 1) if category else 1,
                                text_of(seq), text_of(fields[cat_i]))
        if fields[item_i].text:
            items.append(tab_item(fields, item_i, keys, category))
    return items, j


def text_of(cell: Cell) -> Text:
    return Text(cell.text, cell.start, cell.end)


def tab_item(fields: list[Cell], item_i: int, keys: dict[int, str],
             category: Category | None) -> Item:
    text = text_of(fields[item_i])
    m = ITEM_RE.match(text.text)
    fixed = {key: fields[i] for i, key in keys.items() if i < len(fields) and fields[i].text}
    return Item(category, int(m.group(1)) if m else None, text, fixed=fixed)


# ------------------------------------------------------------ row building
def group_by_side(cells: list[Text], sides: Sides, capacity: dict[str, int]) -> dict[str, list[Text]]:
    """Give each cell its side: by its jurisdiction prefix, else (相关学校,
    相关医疗机构) the side being filled, moving on once it has all its columns."""
    groups: dict[str, list[Text]] = {name: [] for name in sides.names}
    cur = 0
    for cell in cells:
        side = sides.side_of(cell.text)
        if side is None:
            full = len(groups[sides.names[cur]]) >= capacity[sides.names[cur]]
            cur = cur + 1 if full and cur + 1 < len(sides.names) else cur
            side = sides.names[cur]
        else:
            cur = max(cur, sides.names.index(side))
        groups[side].append(cell)
    return groups


def roles_for_side(keys: list[str], cells: list[Text]) -> dict[str, Cell]:
    """Cells of one side, in header order. Missing cells (merged with another
    item) are left for inheritance. When some but not all are written:
    a lone cell naming several units is the responsibility cell, because a
    lead column names one unit; any other mismatch cannot be placed, so the
    side's columns are blocked (neither filled nor inherited)."""
    if len(cells) == len(keys):
        return {k: c.cell() for k, c in zip(keys, cells)}
    if not cells:
        return {}
    if len(keys) == 2 and len(cells) == 1 and keys[0].startswith("lead@") \
            and lists_several_units(cells[0].text):
        return {keys[1]: cells[0].cell()}
    return {k: BLOCKED for k in keys}


def own_cells(item: Item, header: Header) -> dict[str, Cell]:
    """The unit cells written for this item itself."""
    if item.fixed is not None:
        return dict(item.fixed)
    sides = header.sides
    by_side = {s: [c.key for c in header.columns if c.side == s] for s in sides.names}
    groups = group_by_side(item.units, sides, {s: len(k) for s, k in by_side.items()})
    out: dict[str, Cell] = {}
    for side, keys in by_side.items():
        out.update(roles_for_side(keys, groups[side]))
    return out


def nearest(own: list[dict[str, Cell]], items: list[Item], i: int, key: str, step: int) -> Cell | None:
    """The nearest cell written for this column in the same category, walking
    one way; a blocked cell on the way stops the walk (unknown value)."""
    j = i + step
    while 0 <= j < len(items) and same_category(items[i], items[j]):
        cell = own[j].get(key)
        if cell is BLOCKED:
            return None
        if cell is not None:
            return cell
        j += step
    return None


def same_category(a: Item, b: Item) -> bool:
    return (a.category.ident if a.category else 0) == (b.category.ident if b.category else 0)


def inherited(own: list[dict[str, Cell]], items: list[Item], i: int, key: str, upward: bool) -> Cell | None:
    """A merged cell is written once, in the stream near the middle of the
    items it covers; so an item without the cell takes it from the nearest
    item above in its category, or from the nearest below when nothing is
    above. When both exist and differ, the item could belong to either merge
    (or have an empty cell): it is left out. Tab exports write a merged cell
    in its first row, so there only the cell above counts (upward=False)."""
    above = nearest(own, items, i, key, -1)
    below = nearest(own, items, i, key, +1) if upward else None
    if above and below:
        return above if above.text == below.text else None
    return above or below


def build_grid(caption: Cell, header: Header, items: list[Item], upward: bool,
               source: str) -> Grid:
    """The Grid of the items read: 序号 | category | item | unit columns."""
    own = [own_cells(item, header) for item in items]
    at = header.seq.end
    content = list(header.content) or [Cell("", at, at)]
    category = content[0] if len(content) > 1 else Cell("", at, at)
    grid = Grid(caption, [header.seq, category, content[-1], *(c.cell for c in header.columns)],
                source=source)
    for i, item in enumerate(items):
        name = item.category.name.cell() if item.category and item.category.name.text else None
        seq = item.category.seq.cell() if item.category else None
        units: list[Cell | None] = []
        for column in header.columns:
            key = column.key
            cell = own[i].get(key) or (None if key in own[i] else inherited(own, items, i, key, upward))
            units.append(cell if cell is not None and cell is not BLOCKED else None)
        grid.rows.append(GridRow([seq, name, item.text.cell(), *units], name))
    grid.start = min(caption.start if caption.text else header.seq.start, header.seq.start)
    grid.end = max((r.end for r in grid.rows), default=header.seq.end)
    return grid


# -- API ----------------------------------------------------------------------------

def demand_grids(text: str) -> list[Grid]:
    """Every demand list in the text, in document order."""
    lines = table_lines(text)
    grids: list[Grid] = []
    i = 0
    while i < len(lines):
        if HEADER_WORD[0] not in lines[i].text:  # no header can start here (HEADER_RE)
            i += 1
            continue
        header = read_header(lines, i)
        if header is None:
            i += 1
            continue
        tabbed = bool(header.tab_fields)
        items, end = (parse_tabs if tabbed else parse_stream)(lines, header)
        if items:
            grids.append(build_grid(find_caption(lines, i), header, items, upward=not tabbed,
                                    source="tabs" if tabbed else "stream"))
        i = max(end, i + 1)
    return grids


def column_side(header: str) -> str:
    """The side a unit column belongs to: the place written before its role
    word (洪山区牵头单位 → 洪山区)."""
    text = squeeze(header)
    word = max((w for w in label_roles() if w in text), key=len, default="")
    return text[:text.index(word)] if word else ""


ROLE_KEYS = {"lead": "lead", "responsible": "resp", "cooperating": "coop"}


def unit_columns(grid: Grid) -> list[tuple[int, str, str]]:
    """(column, role, side) of each unit column of a demand grid."""
    return [(k, role, column_side(grid.header[k].text)) for k, role in enumerate(grid.roles)
            if k >= 3 and role in ROLE_KEYS]


def find_demand_lists(text: str) -> list[TableRow]:
    """The rows of every demand list keyed as the tests read them: category_seq,
    category, item and lead@SIDE / resp@SIDE / coop@SIDE."""
    rows: list[TableRow] = []
    for grid in demand_grids(text):
        keys: dict[int, str] = {}
        for k, role, side in unit_columns(grid):
            key = f"{ROLE_KEYS[role]}@{side}"
            keys[k] = key if key not in keys.values() else f"coop@{side}"
        for row in grid.rows:
            named = {"category_seq": row.cells[0], "category": row.cells[1], "item": row.cells[2],
                     **{key: row.cells[k] for k, key in keys.items()}}
            rows.append(TableRow(grid.caption.text, {k: c for k, c in named.items() if c},
                                 row.heading))
    return rows
