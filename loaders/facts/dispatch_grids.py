"""Dispatch lists (驻村工作队选派安排表) read from Grids: each row sends one work
team from its dispatching units to a village.

The village is the station column's cell, which may also name its township
(木黄镇凤仪村); the township comes from that cell, a 所在乡镇 column, the group
heading over the rows (一、黄陂区姚家集街 12 个村（牵头单位：市委办公厅）,
一、玉屏侗族自治县（6个村）) or the caption (擂鼓镇…驻村工作队一览表); the county
from the heading, a county column, the caption, the document's helped county
or the county it speaks for. The heading's 牵头单位 is the dispatch's lead
unit, the 队长单位 column its captain unit.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from loaders.facts.context import DocumentContext
from loaders.names.gazetteer import Division
from loaders.graph import Graph, canonical_place_name, local_class
from loaders.tables.grid import Grid, GridRow
from loaders.tables.table import Cell
from loaders.facts.pairing import TOWN_LEVELS, Place, place_parts, split_place
from loaders.facts.place_grids import (Group, caption_sides, county_of, doc_county, group_heading,
                                 heading_row, seq_of)
from loaders.names.units import Context, UnitName, parse_units
from ontology.model import Node, Provenance, make_id
from ontology.vocab import A, C, R


def add_dispatches(ctx: DocumentContext, grid: Grid, context: Context, graph: Graph) -> bool:
    """The dispatches of a grid with a station (or village) column and a
    sending column; False when it has neither."""
    station = grid.column("station")
    station = station if station is not None else grid.column("village")
    senders = grid.columns("dispatcher") or grid.columns("helper")
    town_col, county_col = grid.column("town"), grid.column("county")
    if town_col is None:
        # 驻镇帮镇扶村: a 帮扶镇 column of township names is the row's township
        town_col = next((k for k in senders if _all_towns(grid, k)), None)
        senders = [k for k in senders if k != town_col]
    if station is None or not senders:
        return False
    group = group_heading(grid.caption, context)
    _, cap_place, cap_town = caption_sides(grid.caption.text, context.codes)
    fallback = county_of(cap_place) or doc_county(ctx, context)
    above: dict[str, str] = {}
    # Rows under one heading share its Cell: it is read once (a pure reading).
    headings: dict[Cell | None, Group | None] = {}
    made: dict[tuple, Any] = {}  # what _add_row made once and rows share (_shared)
    for index, row in enumerate(grid.rows, start=1):
        if row.total:
            continue
        if heading := heading_row(row, context):
            group = heading
            continue
        if row.heading not in headings:
            headings[row.heading] = group_heading(row.heading, context, strict=False)
        group = headings[row.heading] or group
        if not row.text(station).strip():
            continue
        town = row.text(town_col).strip() if town_col is not None else ""
        town = town or (above.get("town", "") if town_col is not None else "")
        above["town"] = town
        county = row.text(county_col) if county_col is not None else ""
        for place in _stations(row.text(station), context):
            _add_row(ctx, grid, row, seq_of(grid, row, index), place, senders, group,
                     town or (group.street if group else "") or cap_town,
                     county, fallback, context, graph, made)
    return True


def _all_towns(grid: Grid, col: int) -> bool:
    texts = [row.text(col).strip() for row in grid.rows if row.text(col).strip()]
    return bool(texts) and all(local_class(t) in TOWN_LEVELS for t in texts)


def _stations(text: str, context: Context) -> list[Place]:
    """The villages of a station cell: one, or a list (甲村、乙村) that the
    same units are sent to, one team each (甲村和乙村 too); a village written
    without its township (木黄镇甲村、乙村) lies in the township of the one
    before."""
    parts = place_parts(text)
    if len(parts) < 2:  # one place: the whole cell's reading (as below)
        return [split_place(text, context.codes)]
    out: list[Place] = []
    for item in parts:
        place = split_place(item, context.codes)
        if out and not place.town and not place.division:
            place = replace(place, town=out[-1].town, division=out[-1].division)
        out.append(place)
    whole = split_place(text, context.codes)
    return out if len(out) > 1 and all(p.village for p in out) else [whole]


def _add_row(ctx: DocumentContext, grid: Grid, row: GridRow, seq: int, place: Place,
             senders: list[int], group: Group | None, town: str, county_text: str,
             fallback: Division | None, context: Context, graph: Graph,
             made: dict[tuple, Any]) -> None:
    if not place.village:
        return
    written = split_place(county_text, context.codes).division if county_text else None
    district = (group.district if group and group.district else None) or \
        county_of(place.division) or county_of(written) or fallback
    parent = graph.division(district) if district else None
    street = place.town or town
    street_id = _shared(made, ("place", street, parent),
                        lambda: graph.local_place(street, parent)) if street else None
    village = graph.local_place(place.village, street_id or parent)
    if village is None:
        return
    table = grid.caption.text
    prov = ctx.raw_prov(table, row.start, row.end, table)
    dispatch, team = add_dispatch(ctx, graph, table, seq, village, place.village, prov)
    captain_col = _shared(made, ("captain",), lambda: grid.column("captain"))
    captains = parse_units(row.text(captain_col), context) if captain_col is not None else []
    text = "、".join(row.text(k) for k in senders if row.text(k).strip())
    units = parse_units(text, context)
    # The captain's unit sends the captain: a sending unit too, in its
    # column's place (第一书记所在单位 | 工作队员选派单位), when no sender cell names it.
    if captains and all(u.name != captains[0].name for u in units):
        units = [captains[0], *units] if captain_col < min(senders) else [*units, captains[0]]
    for k, unit in enumerate(units):
        add_sender(graph, dispatch, team, unit, k, prov)
    if captains:
        graph.add_edge(dispatch, R.captainUnit, graph.unit(captains[0]), prov,
                       unitText=captains[0].written)
    if group is not None and group.lead is not None:
        hprov = _shared(made, ("prov", table, group.cell),
                        lambda: ctx.raw_prov(table, group.cell.start, group.cell.end, table))
        graph.add_edge(dispatch, R.leadUnit, graph.unit(group.lead), hprov,
                       unitText=group.lead.written)


def add_dispatch(ctx: DocumentContext, graph: Graph, table: str, seq: int, village: str,
                 village_name: str, prov: Provenance, source: str | None = None) -> tuple[str, str]:
    """A dispatch to a village and the village's work team (ids returned), as
    a table row or a sentence states it; ``source`` names where in its id
    (the table's caption unless given: "prose" for a sentence)."""
    dispatch = make_id("dispatch", ctx.doc.id, table if source is None else source, str(seq), village)
    graph.add_node(Node(dispatch, C.Dispatch, f"{seq} {village_name}",
                        {A.seq: seq, A.tableName: table}, prov=prov))
    graph.add_edge(dispatch, R.statedIn, ctx.doc_id)
    graph.add_edge(dispatch, R.village, village, prov)
    team = make_id("team", village)
    graph.add_node(Node(team, C.WorkTeam, f"{canonical_place_name(village_name)}驻村工作队"))
    graph.add_edge(dispatch, R.team, team, prov)
    graph.add_edge(team, R.stationedIn, village, prov)
    return dispatch, team


def add_sender(graph: Graph, dispatch: str, team: str, unit: UnitName, position: int,
               prov: Provenance) -> str:
    """A unit sending the dispatch's team, at its position; returns its id."""
    uid = graph.unit(unit)
    graph.add_edge(dispatch, R.dispatchingUnit, uid, prov, position=position,
                   unitText=unit.written)
    graph.add_edge(uid, R.dispatches, team, prov)
    return uid


def _shared(made: dict[tuple, Any], key: tuple, make: Callable[[], Any]) -> Any:
    """make() once per key in a grid: a township node rows share (making it
    again adds nothing: same node, same partOf edge), a heading's provenance."""
    if key not in made:
        made[key] = make()
    return made[key]
