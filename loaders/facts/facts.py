"""Facts from tables: every table of the document, by its reader, to the
rules of its kind — task and project grids (task_grids), pairing and
dispatch grids (place_grids), budget rows (fund_facts), the older line
pairing tables (line_pairings), project lists and demand lists (here)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from loaders.tables import tables
from loaders.facts.context import DocumentContext, add_task, assign, place_in
from loaders.graph import Graph
from loaders.facts.fund_facts import add_budget_row
from loaders.facts.line_pairings import add_pairings
from loaders.text.segment import Section
from loaders.tables.grid import Grid, GridRow
from loaders.tables.table import Cell, TableRow
from loaders.names.units import Context, parse_units
from ontology.model import Node, Provenance, make_id
from ontology.vocab import A, C, R

DEADLINE = re.compile(r"(\d{4})\s*(?:年|\.|-|/)\s*(\d{1,2})?")


@dataclass
class TableReadings:
    """The tables of a document as its readers found them, read before its
    clauses: the readers share the document's lines (normalize.split_lines),
    which are then forgotten, rather than kept alive beside the growing graph
    until the table facts are added (issue #13 item 11). The facts are still
    added after the clauses' and in the readers' order, so the same facts win."""

    pairing: list[Any]
    grid_places: list[tuple[int, int]]
    budget: list[TableRow]
    projects: list[tuple[int, int]]
    project_grids: list[Grid]
    grids: list[tuple[int, int]]
    demand: list[Grid]
    starts: list[tuple[int, int]]  # where each part starts in the document


def read_tables(ctx: DocumentContext, sections: list[Section]) -> TableReadings:
    from loaders.facts.place_grids import place_grid_spans
    from loaders.facts.task_grids import grid_spans, project_list_spans
    from loaders.tables.demand import demand_grids
    from loaders.tables.project_lists import project_grids
    text = ctx.doc.text
    return TableReadings(list(tables.pairing_tables(text)), place_grid_spans(text),
                         list(tables.budget_tables(text)), project_list_spans(text),
                         list(project_grids(text)), grid_spans(text), list(demand_grids(text)),
                         _part_starts(ctx, sections))


def add_tables(ctx: DocumentContext, read: TableReadings, contexts: dict[int, Context],
               graph: Graph) -> None:
    home = _context_at(read.starts, contexts)
    taken: list[tuple[int, int]] = []  # spans the older readers used
    grid_places = read.grid_places  # pairing and dispatch lists the grid model reads
    for caption, header, rows in read.pairing:
        if any(a <= caption.start < b or a <= rows[0].start < b for a, b in grid_places):
            continue
        add_pairings(ctx, caption, header, rows, home(caption.start), graph)
        taken += [(r.start, r.end) for r in rows]
    projects = read.projects  # a project list with a 资金 column is no budget
    for row in read.budget:
        if any(a <= row.start < b for a, b in projects):
            continue
        add_budget_row(ctx, row, home(row.start), graph)
        taken.append((row.start, row.end))
    grids = read.grids  # a row inside a table the grid model reads is the grid's
    for grid in read.project_grids:
        for row in grid.rows:
            if any(a <= row.start < b for a, b in grids):
                continue
            add_project_row(ctx, grid, row, home(row.start), graph)
            taken.append((row.start, row.end))
    for grid in read.demand:
        add_demand_grid(ctx, grid, graph)
        taken += [(row.start, row.end) for row in grid.rows]
    add_grids(ctx, home, taken, graph)


def add_grids(ctx: DocumentContext, home, taken: list[tuple[int, int]], graph: Graph) -> None:
    """Tables of the one table model (loaders/tables/grid.py) that the older readers
    above did not read: a grid overlapping a span they used is theirs."""
    from loaders.facts import place_grids
    from loaders.facts import task_grids
    from loaders.tables.grid import find_grids
    for grid in find_grids(ctx.doc.text):
        if any(a < grid.end and grid.start < b for a, b in taken):
            continue
        context = home(grid.start)
        if not task_grids.add_grid(ctx, grid, context, graph):
            place_grids.add_grid(ctx, grid, context, graph)


def _part_starts(ctx: DocumentContext, sections: list[Section]) -> list[tuple[int, int]]:
    """(document offset, part) of each section; where the offsets rise, only
    where the part changes (what _context_at finds is then the same)."""
    starts = [(ctx.norm.span(s.start, s.start + 1)[0], s.part) for s in sections]
    if any(a[0] > b[0] for a, b in zip(starts, starts[1:])):
        return starts
    return [s for k, s in enumerate(starts) if k == 0 or s[1] != starts[k - 1][1]]


def _context_at(starts: list[tuple[int, int]], contexts: dict[int, Context]):
    """The context of the part that a raw-text offset falls in."""

    def at(offset: int) -> Context:
        part = 0
        for start, p in starts:
            if start <= offset:
                part = p
        return contexts.get(part, Context())
    return at


def _cell_prov(ctx: DocumentContext, row: TableRow, *cells: Cell) -> Provenance:
    start = min(c.start for c in cells)
    end = max(c.end for c in cells)
    return ctx.raw_prov(row.table, start, end, row.table)


# -- project lists -----------------------------------------------------------------

def deadline(text: str) -> str:
    """2024年12月 → 2024-12; a year alone → YYYY-12 (the year's end)."""
    m = DEADLINE.search(text)
    if not m:
        return ""
    return f"{int(m.group(1)):04d}-{int(m.group(2) or 12):02d}"


PLACE_COLUMNS = ("town", "village", "county", "city")  # a place cell may name several levels


def add_project_row(ctx: DocumentContext, grid: Grid, row: GridRow, context: Context,
                    graph: Graph) -> str:
    """A Project from a project list's row (loaders/tables/project_lists.py),
    its columns found by role (the column vocabulary): seq, project, place
    (district / street / village read from the cell), content, the last lead
    or responsible column as its units, deadline. The row is handed to
    add_project keyed as task_grids keys a project row."""
    from loaders.tables.project_lists import location_cells
    roles = grid.roles

    def column(*wanted: str) -> int | None:
        return next((k for r in wanted for k, role in enumerate(roles) if role == r), None)

    units = [k for k, role in enumerate(roles) if role in ("lead", "responsible")]
    wanted = {"seq": column("seq"), "name": column("project"),
              "content": column("content", "measure", "task"), "deadline": column("deadline"),
              "units": units[-1] if units else None}
    cells = {f"cell{k}": c for k, c in enumerate(row.cells) if c}  # the row's span
    cells.update({key: row.cells[k] for key, k in wanted.items()
                  if k is not None and k < len(row.cells) and row.cells[k]})
    place = column(*PLACE_COLUMNS)
    if place is not None and place < len(row.cells) and row.cells[place]:
        cells.update(location_cells(ctx.doc.text, row.cells[place]))
    return add_project(ctx, TableRow(grid.caption.text, cells, row.heading), context, graph)


def add_project(ctx: DocumentContext, row: TableRow, context: Context, graph: Graph) -> str:
    """A Project from a row keyed seq/name/district/street/village/units/
    content/deadline; returns its id."""
    prov = _cell_prov(ctx, row, *row.cells.values())
    seq = row.get("seq")
    project = make_id("project", ctx.doc.id, row.table, seq, row.get("name"))
    props = {A.seq: int(seq) if seq.isdigit() else 0, A.content: row.get("content"),
             A.tableName: row.table}
    if row.get("deadline"):
        props[A.deadline] = deadline(row.get("deadline"))
    graph.add_node(Node(project, C.Project, row.get("name"), props, prov=prov))
    graph.add_edge(project, R.statedIn, ctx.doc_id)
    place = _project_place(row, context, graph)
    if place:
        graph.add_edge(project, R.locatedIn, place, prov)
    units_cell = row.cells.get("units")
    if units_cell is None:
        return project
    uprov = ctx.raw_prov(row.table, units_cell.start, units_cell.end, row.table)
    for k, unit in enumerate(parse_units(units_cell.text, context)):
        assign(ctx, graph, unit, "responsible", project, uprov, k)
    return project


def _project_place(row: TableRow, context: Context, graph: Graph) -> str | None:
    district = place_in(row.get("district"), context.codes) if row.get("district") else None
    node = graph.division(district) if district else None
    for column in ("street", "village"):
        if row.get(column):
            node = graph.local_place(row.get(column), node) or node
    return node


# -- demand lists (a task table with two sides) ----------------------------------------

def add_demand_grid(ctx: DocumentContext, grid: Grid, graph: Graph) -> None:
    """A Task per item; an assignment for each unit of each unit column, with
    the column's role (role vocabulary) and qualified by the column's side
    (the place its header names over the role: 洪山区牵头单位)."""
    from loaders.tables.demand import unit_columns
    columns = unit_columns(grid)
    sides = {side: Context.of(place_in(side)) for _, _, side in columns}  # read once a table
    table = grid.caption.text
    for row in grid.rows:
        seq, category, item = row.cells[:3]
        if item is None:
            continue
        title = re.sub(r"^\s*\d+\s*[．.、]\s*", "", item.text).split("。")[0]
        label = f"{seq.text if seq else ''} {category.text if category else ''}"
        path = " > ".join(filter(None, [table, label, item.text]))  # in full; tables shorten it
        prov = ctx.raw_prov(path, item.start, item.end, table)
        task = add_task(ctx, path, graph, title, item.text, prov)
        for k, role, side in columns:
            cell = row.cells[k]
            if cell is None:
                continue
            context = sides[side]
            cprov = ctx.raw_prov(path, cell.start, cell.end, table)
            for n, unit in enumerate(parse_units(cell.text, context)):
                assign(ctx, graph, unit, role, task, cprov, n)
