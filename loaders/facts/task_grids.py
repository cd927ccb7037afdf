"""Grids that hand out tasks and projects: 重点任务分工表 → assignments,
project lists → projects.

Which kind a grid is comes from its columns' roles (ontology/data/
columns.csv, roles.csv), never from its caption: a 项目名称 column makes a
project list; a task (重点任务) or measure (具体措施) column beside a
lead / responsible / cooperating column makes a task table, one Task per
row and an assignment for every unit of every unit column, with the role of
its column.
"""
from __future__ import annotations

import re
from dataclasses import replace

from loaders.facts import facts
from loaders.facts.context import DocumentContext, add_task, assign
from loaders.names.gazetteer import Division
from loaders.graph import Graph
from loaders.tables.grid import Grid, GridRow
from loaders.tables.grid_place import row_place
from loaders.tables.table import Cell, TableRow
from loaders.clauses.clause_units import listed_units
from loaders.names.units import Context
from loaders.vocabulary import ROLES
from ontology.model import Provenance
from ontology.vocab import A

AMOUNT = re.compile(r"\d+(?:\.\d+)?")
COUNTY_LEVELS = ("district", "county")


def add_grid(ctx: DocumentContext, grid: Grid, context: Context, graph: Graph) -> bool:
    """Facts of a task or project grid; False when the grid is neither."""
    if grid.column("project") is not None:
        return add_projects(ctx, grid, context, graph)
    return add_tasks(ctx, grid, context, graph)


def grid_spans(text: str) -> list[tuple[int, int]]:
    """Where the tables the grid model reads stand: the older project reader
    (tables/project_lists.py) keeps to the character streams outside them."""
    from loaders.tables.grid import find_grids
    return [(g.start, g.end) for g in find_grids(text)]


PROJECT_DETAIL = ("content", "town", "village", "county", "deadline")


def project_list_spans(text: str) -> list[tuple[int, int]]:
    """Where project lists stand: a 项目名称 column with the place, content or
    deadline of each project. Such a list with a 资金 column is still a
    project list, not a budget table (级次 / 预算单位 / 项目名称 / 预算数), and
    the budget reader leaves it to the grid model."""
    from loaders.tables.grid import find_grids
    return [(g.start, g.end) for g in find_grids(text) if g.column("project") is not None
            and any(r in PROJECT_DETAIL for r in g.roles)]


def cell_prov(ctx: DocumentContext, section: str, table: str, *cells: Cell) -> Provenance:
    """Provenance of table cells: their span in the document, and as quote the
    cells' text (a cell wrapped over lines of a layout table is quoted
    joined, without the other columns' text its span runs over)."""
    start, end = min(c.start for c in cells), max(c.end for c in cells)
    quote = " ".join(c.text for c in cells)
    return Provenance(ctx.doc.id, section, start, end, quote, table, **ctx.doc.locate(start, end))


# -- task tables -----------------------------------------------------------------

def add_tasks(ctx: DocumentContext, grid: Grid, context: Context, graph: Graph) -> bool:
    roles = grid.roles
    title_col, measure_col = grid.column("task"), grid.column("measure")
    if title_col is None:  # a table of measures only: the measure is the task
        title_col, measure_col = measure_col, None
    unit_cols = [(k, r) for k, r in enumerate(roles) if r in ROLES]
    if title_col is None or not unit_cols:
        return False
    table = grid.caption.text
    deadline_col = grid.column("deadline")
    task, path = "", ""
    for row in grid.rows:
        if row.total:
            continue
        title = row.cells[title_col] if title_col < len(row.cells) else None
        if title is not None:
            path = " > ".join(filter(None, [table, row.heading.text if row.heading else "",
                                            title.text]))
            task = _task(ctx, graph, row, path, title, measure_col, deadline_col)
        elif not task:
            continue  # a row that only continues a merged task cell needs the task above
        for col, role in unit_cols:
            cell = row.cells[col] if col < len(row.cells) else None
            if cell is None:
                continue
            prov = cell_prov(ctx, path, table, cell)
            # a unit may carry its own role in a cell as in a clause: 区发改委（牵头）
            for k, (own, unit) in enumerate(listed_units(cell.text, role, context)):
                assign(ctx, graph, unit, own, task, prov, k)
    return True


def _task(ctx: DocumentContext, graph: Graph, row: GridRow, path: str, title: Cell,
          measure_col: int | None, deadline_col: int | None) -> str:
    measure = row.text(measure_col) if measure_col is not None else ""
    content = f"{title.text}：{measure}" if measure else title.text
    cells = [c for c in row.cells if c]
    task = add_task(ctx, path, graph, title.text, content,
                    cell_prov(ctx, path, path.split(" > ")[0], *cells))
    due = facts.deadline(row.text(deadline_col)) if deadline_col is not None else ""
    if due:
        node = graph.nodes[task]
        graph.nodes[task] = replace(node, props={**node.props, A.deadline: due})
    return task


# -- project lists ---------------------------------------------------------------------

def add_projects(ctx: DocumentContext, grid: Grid, context: Context, graph: Graph) -> bool:
    """One Project per row, through facts.add_project (the row keyed as the
    older project reader keys it)."""
    roles = grid.roles
    cols = {key: grid.column(role) for key, role in
            (("seq", "seq"), ("name", "project"), ("deadline", "deadline"),
             ("amount", "amount"))}
    cols["content"] = grid.column("content") if grid.column("content") is not None \
        else grid.column("measure")
    cols["units"] = next((grid.column(r) for r in ("responsible", "lead")
                          if grid.column(r) is not None), None)
    county = context.at(COUNTY_LEVELS)
    for n, row in enumerate(grid.rows, 1):
        cells = {key: row.cells[k] for key, k in cols.items()
                 if k is not None and k < len(row.cells) and row.cells[k]}
        if row.total or "name" not in cells:
            continue
        if "seq" not in cells or not cells["seq"].text.isdigit():
            cells["seq"] = Cell(str(n), cells["name"].start, cells["name"].start)
        cells |= _place_cells(row, roles, context, county)
        amount = cells.pop("amount", None)
        project = facts.add_project(ctx, TableRow(grid.caption.text, cells, row.heading),
                                    context, graph)
        value = AMOUNT.search(amount.text) if amount else None
        if value:
            node = graph.nodes[project]
            graph.nodes[project] = replace(node, props={**node.props,
                                                        A.amount: float(value.group())})
    return True


def _place_cells(row: GridRow, roles: list[str | None], context: Context,
                 county: Division | None) -> dict[str, Cell]:
    """district / street / village cells of a row from its place columns; a
    place that names no county lies in the county the document speaks for."""
    place = row_place(row, roles, context.codes)
    if place is None or place.cell is None:
        return {}
    span = place.cell
    division = place.division or county
    out = {"district": Cell(division.name, span.start, span.end)} if division else {}
    if place.street:
        out["street"] = Cell(place.street, span.start, span.end)
    if place.village:
        out["village"] = Cell(place.village, span.start, span.end)
    return out
