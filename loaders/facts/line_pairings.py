"""Pairing tables written one row per line whose header names the two
sides' places (序号 洪山区 建始县): the older reader's rows as pairings."""
from __future__ import annotations

import re
from functools import cache

from loaders import rules
from loaders.facts.context import DocumentContext, place_in
from loaders.graph import Graph, local_class
from loaders.facts.pairing import add_pairing
from loaders.facts.pairing_lists import pairs
from loaders.tables.table import Cell, TableRow
from loaders.names.units import Context, parse_units
from loaders.tables import tables
from loaders.vocabulary import column_role, pairing_pattern, pairing_words
from ontology.model import Provenance
from ontology.vocab import C


def _cell_prov(ctx: DocumentContext, row: TableRow, *cells: Cell) -> Provenance:
    start = min(c.start for c in cells)
    end = max(c.end for c in cells)
    return ctx.raw_prov(row.table, start, end, row.table)


# -- pairings --------------------------------------------------------------

PAIRING_KINDS = ((re.compile(r"学校|教育"), "school"), (re.compile(r"医疗|医院|卫生"), "hospital"),
                 (re.compile(r"乡镇|街道|村|社区"), "street-village"))


def pairing_kind(caption: str) -> str:
    for pattern, kind in PAIRING_KINDS:
        if pattern.search(caption):
            return kind
    return "district-county"


def helper_column(caption: str, header: list[Cell]) -> int:
    """Which column helps: the header says so (结对帮扶区 / 重点帮扶地区), or the
    caption names the helper first (洪山区帮扶建始县…)."""
    for k, cell in enumerate(header):
        if tables.HELPED_HEADER.search(cell.text):
            return 1 - k if len(header) == 2 else (0 if k else 1)
    m = rules.HELPS.search(caption.replace(" ", ""))
    if m:
        for k, cell in enumerate(header):
            if cell.text and cell.text in m.group(1):
                return k
    for k, cell in enumerate(header):
        if tables.HELPER_HEADER.search(cell.text):
            return k
    return 0


def add_pairings(ctx: DocumentContext, caption: Cell, header: list[Cell], rows: list[TableRow],
                 context: Context, graph: Graph) -> None:
    kind = pairing_kind(caption.text)
    helper_col = helper_column(caption.text, header)
    sides = [place_in(c.text, context.codes) for c in header]
    helper_ctx = Context.of(sides[helper_col]) if sides[helper_col] else context
    helped_ctx = Context.of(sides[1 - helper_col]) if len(sides) > 1 and sides[1 - helper_col] \
        else context
    town = ""
    for row in rows:
        cells = [row.cells[k] for k in sorted(row.cells) if k.startswith("c")]
        if len(cells) < 2:
            continue
        helper_cells = [cells[0]] if helper_col == 0 else cells[1:]
        helped_cells = cells[1:] if helper_col == 0 else [cells[0]]
        prov = _cell_prov(ctx, row, *cells)
        helpers = [u for c in helper_cells for u in parse_units(c.text, helper_ctx, spaces=True)]
        if kind == "street-village":
            helped, town = _helped_village(helped_cells, town, helped_ctx, graph)
        else:
            helped = [_helped_entity(c.text, helped_ctx, kind, graph) for c in helped_cells]
        for helper in helpers:
            for target in filter(None, helped):
                add_pairing(ctx, graph, kind, graph.unit(helper), target, prov,
                            int(row.get("seq") or 0), caption.text)


def _helped_entity(text: str, context: Context, kind: str, graph: Graph) -> str | None:
    if kind == "district-county":
        place = place_in(text, context.codes)
        if place is not None:
            return graph.division(place)
    units = parse_units(text, context)
    return graph.unit(units[0]) if units else None


def _helped_village(cells: list[Cell], town: str, context: Context,
                    graph: Graph) -> tuple[list[str], str]:
    """A village under its town; a row that omits the town shares the one above
    (a merged cell in the original table)."""
    names = [c.text for c in cells]
    village = ""
    for name in names:
        cls = local_class(name)
        if cls in (C.Town, C.Township, C.Street):
            town = name
        elif cls in (C.Village, C.Community):
            village = name
    county = context.most_specific
    parent = graph.division(county) if county else None
    town_id = graph.local_place(town, parent) if town else parent
    target = graph.local_place(village, town_id) if village else None
    return ([target] if target else []), town


# -- a line that labels each side: 受援：A；支援：B、C -------------------------

# A label opens a clause (the line, or after ；，or a number 1.) and closes on a colon.
SIDE_LABEL = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,6})[：:]")
# A side's names run to the clause's end (a name may hold 和: 和平县).
SIDE_END = re.compile(r"[；;。\n]")
NAME_SPLIT = re.compile(r"[、，,]")


@cache
def _next_label() -> re.Pattern[str]:
    return re.compile(rf"(?:{pairing_pattern('helper_label', 'helped_label').pattern})[：:]")


def side_label(label: str) -> str | None:
    """helper / helped for a side's label: a side word of
    ontology/data/pairing_words.csv (支援, 受援) or a pairing column's header
    (帮扶单位, 受援医院: columns.csv helper / helped)."""
    words = pairing_words()
    if label in words["helper_label"]:
        return "helper"
    if label in words["helped_label"]:
        return "helped"
    role = column_role(label)
    return role if role in ("helper", "helped") else None


def side_label_pairs(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, helper, helped) for every helper with every helped name of
    a line naming both sides by label (受援：A；支援：B、C gives B→A and C→A);
    a line that labels one side only states no pair."""
    sides: dict[str, list[tuple[int, str]]] = {"helper": [], "helped": []}
    for m in SIDE_LABEL.finditer(text):
        side = side_label(m.group(1))
        if side is None:
            continue
        end = SIDE_END.search(text, m.end())
        pos = m.end()
        value = text[pos:end.start() if end else len(text)]
        # a wrapped line joined to the next (…医院受援：B) ends at the next label
        value = _next_label().split(value, 1)[0]
        for name in NAME_SPLIT.split(value):
            sides[side].append((pos, name.strip()))
            pos += len(name) + 1
    return pairs(sides["helper"], sides["helped"], 0) if sides["helper"] and sides["helped"] \
        else []
