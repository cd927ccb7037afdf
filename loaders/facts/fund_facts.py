"""Money: budget table rows and sentences that allocate funds, each
allocation once with every mention as evidence."""
from __future__ import annotations

from loaders import rules
from loaders.facts.context import DocumentContext, place_in
from loaders.facts.funds import FundSentence, fund_sentences
from loaders.graph import Graph
from loaders.text.segment import Section
from loaders.tables.table import Cell, TableRow
from loaders.names.units import Context, UnitName, parse_units
from loaders.tables import tables
from ontology.model import Node, Provenance, make_id
from ontology.vocab import A, C, R


def _cell_prov(ctx: DocumentContext, row: TableRow, *cells: Cell) -> Provenance:
    start = min(c.start for c in cells)
    end = max(c.end for c in cells)
    return ctx.raw_prov(row.table, start, end, row.table)


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


def read_funds(ctx: DocumentContext, section: Section,
               context: Context) -> list[tuple[FundSentence, Provenance]]:
    """A section's allocations and where each is stated: read while the
    section is, added after the document's tables and pairings."""
    return [(fs, ctx.prov(section.path, section.start + fs.start, section.start + fs.end))
            for fs in fund_sentences(section, context, ctx)]


def add_funds(ctx: DocumentContext, sections: list[list[tuple[FundSentence, Provenance]]],
              graph: Graph) -> None:
    """The allocations read_funds found, section by section."""
    for found in sections:
        ids: list[str] = []
        for fs, prov in found:
            source = graph.unit(fs.source) if fs.source else None
            targets = [graph.unit(t) if isinstance(t, UnitName) else graph.division(t)
                       for t in fs.targets]
            ids.append(add_fund(ctx, graph, prov, fs.amount, fs.purpose, fs.year, fs.recurring,
                                source, targets))
        for (fs, prov), fund in zip(found, ids):
            if fs.part_of is not None and ids[fs.part_of] != fund:
                graph.add_edge(fund, R.partOfTotal, ids[fs.part_of], prov)
