"""Facts from tables and from sentences about money: dispatches, pairings,
budgets, project lists, demand lists and fund allocations."""
from __future__ import annotations

import re

from loaders import rules

from loaders.tables import tables
from loaders.facts.context import DocumentContext, add_task, assign, place_in
from loaders.graph import Graph, local_class
from loaders.facts.pairing import add_pairing
from loaders.text.segment import Section
from loaders.tables.table import Cell, TableRow
from loaders.names.units import Context, UnitName, parse_units, resolve
from ontology.model import Node, Provenance, make_id
from ontology.vocab import A, C, R

DEADLINE = re.compile(r"(\d{4})\s*(?:年|\.|-|/)\s*(\d{1,2})?")


def add_tables(ctx: DocumentContext, sections: list[Section], contexts: dict[int, Context],
               graph: Graph) -> None:
    text = ctx.doc.text
    home = _context_at(ctx, sections, contexts)
    taken: list[tuple[int, int]] = []  # spans the older readers used
    from loaders.facts.place_grids import place_grid_spans
    grid_places = place_grid_spans(text)  # pairing and dispatch lists the grid model reads
    for caption, header, rows in tables.pairing_tables(text):
        if any(a <= caption.start < b or a <= rows[0].start < b for a, b in grid_places):
            continue
        add_pairings(ctx, caption, header, rows, home(caption.start), graph)
        taken += [(r.start, r.end) for r in rows]
    from loaders.facts.task_grids import project_list_spans
    projects = project_list_spans(text)  # a project list with a 资金 column is no budget
    for row in tables.budget_tables(text):
        if any(a <= row.start < b for a, b in projects):
            continue
        add_budget_row(ctx, row, home(row.start), graph)
        taken.append((row.start, row.end))
    from loaders.tables.mangled_table import find_project_lists
    from loaders.facts.task_grids import grid_spans
    grids = grid_spans(text)  # a row inside a table the grid model reads is the grid's
    for row in find_project_lists(text):
        if any(a <= row.start < b for a, b in grids):
            continue
        add_project(ctx, row, home(row.start), graph)
        taken.append((row.start, row.end))
    from loaders.tables.demand_table import find_demand_lists
    for row in find_demand_lists(text):
        add_demand_row(ctx, row, graph)
        taken.append((row.start, row.end))
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


def _context_at(ctx: DocumentContext, sections: list[Section], contexts: dict[int, Context]):
    """The context of the part that a raw-text offset falls in."""
    starts = [(ctx.norm.span(s.start, s.start + 1)[0], s.part) for s in sections]

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


# -- budgets and funds ---------------------------------------------------------

def add_budget_row(ctx: DocumentContext, row: TableRow, context: Context, graph: Graph) -> None:
    names = list(row.cells)
    amount_col = next((n for n in names if tables.BUDGET_AMOUNT.search(n)), None)
    target_col = next((n for n in names if tables.BUDGET_TARGET.search(n)), None)
    if not amount_col or not target_col:
        return
    try:
        amount = float(row.get(amount_col))
    except ValueError:
        return
    source = place_in(row.get(names[0]), context.codes) or context.most_specific
    targets = parse_units(row.get(target_col), Context.of(source) if source else context)
    purpose = next((row.get(n) for n in names if "项目" in n or "名称" in n), "")
    year = rules.YEAR.search(row.table)
    prov = _cell_prov(ctx, row, *row.cells.values())
    add_fund(ctx, graph, prov, amount, purpose, year.group(1) if year else "", False,
             graph.division(source) if source else None,
             [graph.unit(u) for u in targets])


def add_fund(ctx: DocumentContext, graph: Graph, prov: Provenance, amount: float, purpose: str,
             year: str, recurring: bool, source: str | None, targets: list[str]) -> str:
    """One FundAllocation per allocation of a document: the same source, targets,
    amount and year stated again (a goal, a measure, an agreement's clause) is
    the same money, and each statement is kept as a mention (statedIn, with its
    provenance). Without a source or a target two amounts cannot be told to be
    one, and stay apart."""
    if source or targets:
        fund = make_id("fund", ctx.doc.id, source or "", *sorted(set(targets)), f"{amount:g}",
                       year, str(recurring))
    else:
        fund = make_id("fund", ctx.doc.id, str(prov.start), str(amount))
    props = {A.amount: amount, A.recurring: recurring, A.content: purpose}
    if year:
        props[A.year] = int(year)
    first = fund not in graph.nodes
    graph.add_node(Node(fund, C.FundAllocation, purpose or f"{amount:g}万元", props, prov=prov))
    graph.add_edge(fund, R.statedIn, ctx.doc_id, prov)  # a mention
    if first:  # source and target once, with the first statement's evidence
        if source:
            graph.add_edge(fund, R.fundSource, source, prov)
        for target in targets:
            graph.add_edge(fund, R.fundTarget, target, prov)
    return fund


def add_funds(ctx: DocumentContext, sections: list[Section], contexts: dict[int, Context],
              graph: Graph) -> None:
    from loaders.facts.funds import fund_sentences
    for section in sections:
        found = fund_sentences(section, contexts[section.part], ctx)
        ids: list[str] = []
        for fs in found:
            source = graph.unit(fs.source) if fs.source else None
            targets = [graph.unit(t) if isinstance(t, UnitName) else graph.division(t)
                       for t in fs.targets]
            prov = ctx.prov(section.path, section.start + fs.start, section.start + fs.end)
            ids.append(add_fund(ctx, graph, prov, fs.amount, fs.purpose, fs.year, fs.recurring,
                                source, targets))
        for fs, fund in zip(found, ids):
            if fs.part_of is not None and ids[fs.part_of] != fund:
                prov = ctx.prov(section.path, section.start + fs.start, section.start + fs.end)
                graph.add_edge(fund, R.partOfTotal, ids[fs.part_of], prov)


# -- project lists -----------------------------------------------------------------

def deadline(text: str) -> str:
    """2024年12月 → 2024-12; a year alone → YYYY-12 (the year's end)."""
    m = DEADLINE.search(text)
    if not m:
        return ""
    return f"{int(m.group(1)):04d}-{int(m.group(2) or 12):02d}"


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


# -- demand lists (four unit columns) ---------------------------------------------------

def add_demand_row(ctx: DocumentContext, row: TableRow, graph: Graph) -> None:
    item = row.cells.get("item")
    if item is None:
        return
    title = re.sub(r"^\s*\d+\s*[．.、]\s*", "", item.text).split("。")[0]
    path = " > ".join(filter(None, [row.table, f"{row.get('category_seq')} {row.get('category')}",
                                    item.text]))  # the label in full; tables shorten it
    prov = ctx.raw_prov(path, item.start, item.end, row.table)
    task = add_task(ctx, path, graph, title, item.text, prov)
    for key, cell in row.cells.items():
        if "@" not in key:
            continue
        role_key, side = key.split("@", 1)
        role = {"lead": "lead", "coop": "cooperating"}.get(role_key, "responsible")
        side_place = place_in(side)
        context = Context.of(side_place)
        cprov = ctx.raw_prov(path, cell.start, cell.end, row.table)
        for k, unit in enumerate(parse_units(cell.text, context)):
            assign(ctx, graph, unit, role, task, cprov, k)
