"""Grids that pair helpers with places and send teams: pairing lists of any
width → pairings, dispatch lists → dispatches.

Columns are taken by role (ontology/data/columns.csv), never by position. A
dispatch list has a station, dispatcher or captain column; a pairing list a
helper (or an unmarked side, 学校/医院, opposite a helped one) and a helped or
village column. A village is qualified by the place columns of its own row, by
its header (静宁县结对乡镇), the table's caption or group heading, the document's
helped side — never by the helper's district. A row that leaves a place cell
empty shares the one above (a merged cell).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loaders import rules
from loaders.facts.context import DocumentContext, place_in
from loaders.names.gazetteer import Division, gazetteer
from loaders.graph import Graph
from loaders.tables.grid import Grid, GridRow
from loaders.facts.pairing import (Place, Side, add_pairing, division_side, is_generic, kind_of,
                             place_parts, split_place, unit_side)
from loaders.facts.region_pairs import division_run
from loaders.tables.table import Cell
from loaders.names.units import Context, UnitName, parse_units
from loaders.vocabulary import label_pattern, label_roles
from ontology.vocab import C

COUNTY_LEVELS = ("district", "county")
DISPATCH_ROLES = ("station", "dispatcher", "captain")


def add_grid(ctx: DocumentContext, grid: Grid, context: Context, graph: Graph) -> bool:
    """Facts of a pairing or dispatch grid; False when the grid is neither."""
    roles = grid.roles
    if any(r in roles for r in DISPATCH_ROLES):
        from loaders.facts.dispatch_grids import add_dispatches
        return add_dispatches(ctx, grid, context, graph)
    return add_pairings(ctx, grid, context, graph)


# -- captions ---------------------------------------------------------------------------

TOWN_START = re.compile(r"^[\u4e00-\u9fa5]{2,8}?(?:镇|乡|街道|苏木)(?=[\d\u4e00-\u9fa5])")


def caption_sides(caption: str, near: tuple[str, ...] = ()) -> tuple[Division | None,
                                                                     Division | None, str]:
    """The helper and helped places a table's caption names, and the helped
    township: 洪山区帮扶建始县…结对表, 表2 南京市与商洛市学校结对名单 (helper before
    与 / 帮扶), 擂鼓镇村企结对名单 (no helper: the township is the helped side's)."""
    text = re.sub(r"\s+", "", caption)
    m = re.search(r"与|结对帮扶|对口帮扶|对口支援|帮扶|支援", text)
    left, right = (text[:m.start()], text[m.end():]) if m else ("", text)
    # the first place before the verb, after any label (表2　吴兴区与昭觉县…)
    helper = place_in(left, near) if left else None
    stop, helped = division_run(right, 0, near)
    town = TOWN_START.match(right[stop:])
    return helper, helped, town.group(0) if town else ""


# -- what rows share: group headings and places above ------------------------------------

@dataclass(frozen=True)
class Group:
    """A group heading over rows: 一、黄陂区姚家集街 12 个村（牵头单位：市委办公厅）."""

    cell: Cell
    district: Division | None
    street: str
    lead: UnitName | None


def group_heading(cell: Cell | None, context: Context, strict: bool = True) -> Group | None:
    """A heading that names a place (county and/or township), perhaps a count
    of villages and a 牵头单位; None for a caption that is no such heading.
    Strict (a caption): it must be numbered or count villages; a heading the
    grid found over rows may be a bare or bold place name (**玉屏县**)."""
    if cell is None:
        return None
    text = re.sub(r"[\s*#]+", "", cell.text)
    marker = next((m for p in rules.HEADING_LEVELS if (m := p.match(text))), None)
    if strict and marker is None and not rules.VILLAGE_COUNT.search(text):
        return None
    body = text[marker.end():] if marker else text
    lead = None
    for m in label_pattern().finditer(body):
        if label_roles().get(m.group(1)) == "lead":
            units = parse_units(re.split(r"[）)]", body[m.end():])[0], context)
            lead = units[0] if units else None
    place_text = rules.VILLAGE_COUNT.sub("", re.sub(r"[（(][^）)]*[）)]", "", body))
    place = split_place(place_text.strip("、，,"), context.codes)
    if place.division is None and not place.town:
        return None
    district = place.division if place.division and place.division.level in COUNTY_LEVELS else None
    return Group(cell, district, place.town, lead)


def county_of(d: Division | None) -> Division | None:
    return d if d is not None and d.level in COUNTY_LEVELS else None


def doc_county(ctx: DocumentContext, context: Context) -> Division | None:
    """Where villages lie when nothing nearer says: the document's one helped
    county (我厅定点帮扶遂川县), else the county the document speaks for."""
    helped = [d for d in ctx.helped if d.level in COUNTY_LEVELS]
    if len(helped) == 1:
        return helped[0]
    return context.at(COUNTY_LEVELS)


def seq_of(grid: Grid, row: GridRow, index: int) -> int:
    col = grid.column("seq")
    text = row.text(col) if col is not None else ""
    return int(text) if text.isdigit() else index


def heading_row(row: GridRow, context: Context) -> Group | None:
    """A row holding one cell that is a group heading (tab tables write the
    heading as a row of its own)."""
    cells = [c for c in row.cells if c is not None]
    if len(cells) == 1 and not cells[0].text.strip().isdigit():
        return group_heading(cells[0], context)
    return None


# -- pairing lists ---------------------------------------------------------------------

def _pairing_columns(grid: Grid, sides: tuple[Division, ...] = ()
                     ) -> tuple[list[int], list[int], int | None] | None:
    """Helper columns, helped columns and the village column, by role; sides
    are the helper places the document names."""
    helpers, helped = grid.columns("helper"), grid.columns("helped")
    village, party = grid.column("village"), grid.columns("party")
    if not helpers and party:
        helpers, party = party[:1], party[1:]
    if not helpers and village is not None:
        helpers = _helper_places(grid, sides)
        helped = [k for k in helped if k not in helpers]
    if not helpers and village is not None and not any(
            r in grid.roles for r in ("task", "measure", "project", "content")):
        # units against villages and nothing to do: 帮扶责任单位 | 结对村 is a pairing
        helpers = grid.columns("responsible") or grid.columns("lead")
    if not helped and village is None and party:
        helped = party[:1]
    if helpers and not helped and village is None:
        # helpers against counties (援藏城市 | 对口支援县（区）): the counties are helped
        helped = [k for k in grid.columns("county") or grid.columns("city") if k not in helpers]
    if not helpers or not (helped or village is not None):
        return None
    return helpers, helped, village


def _helper_places(grid: Grid, sides: tuple[Division, ...]) -> list[int]:
    """Place columns headed by the helper's jurisdiction (北仑区结对街道 or
    闵行区结对街镇 beside 受援村, under a caption 北仑区…与汪清县…结对名单): the
    helper's towns, not the village's. The helper is the caption's (before 与 /
    帮扶) or the document's, or a place inside it (闵行区 of 上海市)."""
    helper = caption_sides(grid.caption.text)[0]
    known = {d.code for d in (*sides, *([helper] if helper else []))}
    gaz = gazetteer()
    return [k for k, role in enumerate(grid.roles)
            if role in ("town", "county", "helped", "party", None)
            and (d := place_in(grid.header[k].text.replace(" ", ""))) is not None
            and known & {d.code, *(a.code for a in gaz.ancestors(d))}]


def add_pairings(ctx: DocumentContext, grid: Grid, context: Context, graph: Graph) -> bool:
    columns = _pairing_columns(grid, tuple(ctx.helpers))
    if columns is None:
        return False
    helper_cols, helped_cols, village_col = columns
    cap_helper, cap_helped, cap_town = caption_sides(grid.caption.text, context.codes)
    header_place = [place_in(c.text.replace(" ", ""), context.codes) for c in grid.header]
    helper_place = header_place[helper_cols[0]] or cap_helper or \
        (ctx.helpers[0] if len(ctx.helpers) == 1 else None)
    helper_ctx = Context.of(helper_place) if helper_place else context
    side_cols = ([village_col] if village_col is not None else []) + helped_cols
    helped_place = next((header_place[k] for k in side_cols + grid.columns("town")
                         if header_place[k]), None) or cap_helped
    helped_ctx = Context.of(helped_place) if helped_place else context
    base_county = county_of(helped_place) or doc_county(ctx, context)
    town_cols = [k for k in grid.columns("town") if k not in helper_cols]
    county_cols = [k for k in grid.columns("county") if k not in helper_cols]
    above: dict[str, str] = {}  # merged cells: the last helper, town, county written
    group = group_heading(grid.caption, helped_ctx)
    for index, row in enumerate(grid.rows, start=1):
        if row.total:
            continue
        if heading := heading_row(row, helped_ctx):
            group = heading  # 一、河畔镇 over the rows below it
            continue
        group = group_heading(row.heading, helped_ctx, strict=False) or group
        county = (group.district if group else None) or base_county
        near_town = (group.street if group else "") or cap_town
        helper_text = _shared(above, "helper", " ".join(row.text(k) for k in helper_cols))
        if village_col is not None:
            town = _shared(above, "town", _town_text(row, town_cols, helped_cols, helped_ctx))
            counties = [row.text(k) for k in county_cols + helped_cols if row.text(k)]
            county_text = _shared(above, "county", counties[-1] if counties else "")
            # a cell may name several villages (喀拉苏村、英阿瓦提村): one pairing each
            targets = [_village(graph, part, town or near_town, county_text, county, helped_ctx)
                       for part in place_parts(row.text(village_col))]
        else:  # a helped cell may still name a village (帮扶对象: 河畔镇青石村)
            targets = [_village(graph, part, near_town, "", county, helped_ctx)
                       or _entity(graph, part, helped_ctx)
                       for k in helped_cols for part in place_parts(row.text(k))]
        helpers = [u for u in parse_units(helper_text, helper_ctx) if not is_generic(u.written)]
        prov = ctx.raw_prov(grid.caption.text, row.start, row.end, grid.caption.text)
        for helper in helpers:
            side = unit_side(graph, helper)
            for target in filter(None, targets):
                kind = kind_of(side, target)
                if kind is not None and side.node != target.node:
                    add_pairing(ctx, graph, kind, side.node, target.node, prov,
                                seq_of(grid, row, index), grid.caption.text)
    return True


def _town_text(row: GridRow, town_cols: list[int], helped_cols: list[int],
               context: Context) -> str:
    """The village's township: its town column's cell, else a helped column's
    cell that names a township (汪清县受援乡镇 | 受援村)."""
    for k in town_cols:
        if row.text(k).strip():
            return row.text(k)
    for k in helped_cols:
        place = split_place(row.text(k), context.codes)
        if place.town and not place.village:
            return row.text(k)
    return ""


def _shared(above: dict[str, str], key: str, text: str) -> str:
    if text.strip():
        above[key] = text.strip()
    return above.get(key, "")


def _entity(graph: Graph, text: str, context: Context) -> Side | None:
    """A helped cell that is not a village: a jurisdiction or a unit."""
    text = re.sub(r"\s+", "", text)
    if not text or is_generic(text):
        return None
    place = split_place(text, context.codes)
    if place.division is not None and not place.town and not place.village \
            and place_in(text, context.codes) is not None and _whole_division(text, place):
        return division_side(graph, place.division)
    units = parse_units(text, context)
    return unit_side(graph, units[0]) if units else None


def _whole_division(text: str, place: Place) -> bool:
    d = place.division
    return d is not None and (text.endswith(d.name) or text.endswith(d.short_name or d.name))


def _village(graph: Graph, text: str, town: str, county_text: str, base: Division | None,
             context: Context) -> Side | None:
    place = split_place(text, context.codes)
    if not place.village:
        return None
    county = county_of(place.division) or county_of(place_in(county_text, context.codes)) or base
    parent = graph.division(county) if county else None
    town = place.town or town
    if town:
        parent = graph.local_place(town, parent) or parent
    node = graph.local_place(place.village, parent)
    return Side(node, C.Village, "village") if node else None


def place_grid_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the pairing and dispatch lists this module reads, so the older
    pairing reader (loaders/tables/tables.py) leaves them to it."""
    from loaders.tables.grid import find_grids
    out = []
    for grid in find_grids(text):
        roles = grid.roles
        if any(r in roles for r in DISPATCH_ROLES) or _pairing_columns(grid) is not None:
            out.append((grid.caption.start if grid.caption.text else grid.start, grid.end))
    return out
