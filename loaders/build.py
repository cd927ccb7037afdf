"""From one decoded document to nodes and edges with provenance."""
from __future__ import annotations

import gc

from loaders.facts.clause_facts import add_clauses
from loaders.facts.context import DocumentContext, place_in
from loaders.graph import Graph
from loaders.names.gazetteer import Division, gazetteer
from loaders.names.units import Context, issuing_unit
from loaders.reading.read import RawDocument
from loaders.tables.grid import find_grids
from loaders.text.meta import DocumentMeta, read_meta
from loaders.text.normalize import forget_lines, normalize
from loaders.text.segment import Section, segment
from ontology.model import Node, make_id
from ontology.vocab import A, C, R


def helps(title: str, sections: list[Section] | None = None) -> tuple[tuple[Division, ...],
                                                                      tuple[Division, ...]]:
    """Helper and helped divisions of a document: its title's pairing
    (洪山区结对帮扶建始县), else the first region pairing its text states
    (loaders/facts/region_pairs.py)."""
    from loaders.facts.region_pairs import document_sides
    return document_sides(title, sections or [])


def part_contexts(sections: list[Section], fallback: Division | None,
                  issuer: str = "") -> dict[int, Context]:
    """The jurisdiction each part speaks for: the first division its title
    names, else the part before it's; parts of the issuer's place carry the
    issuing unit (厅办公室, 镇财政所 are named relative to it)."""
    titles: dict[int, str] = {}
    for section in sections:
        if section.part_title and section.part not in titles:
            titles[section.part] = section.part_title.replace(" ", "")
    out: dict[int, Context] = {}
    current = fallback
    for part in sorted({s.part for s in sections}):
        current = place_in(titles.get(part, "")) or current
        out[part] = Context.of(current, issuer if current == fallback else "")
    return out


# A document's facts are hundreds of thousands of objects that live as long
# as the graph and make no cycles: the collector's passes over them were ~10%
# of a big document's time. It runs less often while a document is read.
GC_FIRST_GENERATION = 50_000


def build_document(doc: RawDocument, graph: Graph) -> DocumentMeta:
    """Read one document into the graph; returns its metadata."""
    before = gc.get_threshold()
    wanted = (max(before[0], GC_FIRST_GENERATION), *before[1:])
    gc.set_threshold(*wanted)
    try:
        return _build(doc, graph)
    finally:
        forget_lines()  # the document's lines, shared by its readers while it is read
        if gc.get_threshold() == wanted:  # not if a build in another thread changed it since
            gc.set_threshold(*before)


def _build(doc: RawDocument, graph: Graph) -> DocumentMeta:
    norm = normalize(doc.text, [(g.start, g.end) for g in find_grids(doc.text)])
    sections = segment(norm)
    meta = read_meta(sections, norm.text)
    home = place_in(meta.issuer) or place_in(meta.title) or place_in(norm.cut(0, 200))
    ctx = DocumentContext(doc, norm, make_id("doc", doc.id))
    ctx.helpers, ctx.helped = helps(meta.title, sections)
    contexts = part_contexts(sections, home, issuing_unit(meta.issuer, meta.title))
    from loaders.facts import facts  # the table and fund rules
    tables = facts.read_tables(ctx, sections)
    forget_lines()  # the table readers were the last to need the document's lines
    add_document(ctx, meta, graph, Context.of(home))
    from loaders.facts.fund_facts import add_funds, read_funds
    from loaders.facts.pairing_prose import add_pairings, read_pairings
    from loaders.facts.dispatch_prose import add_dispatches, read_dispatches
    pairings: list = []
    dispatches: list = []
    funds: list = []
    # Each section is let go once read: its facts are in the graph, and the
    # few pairings and allocations it states wait for the tables' facts (added
    # in this order before). Sections, headings and paragraph records were
    # ~2× the text beside the graph at its largest (issue #13 item 11).
    sections.reverse()
    while sections:
        section = sections.pop()
        context = contexts[section.part]  # part_contexts gives every part of the sections one
        add_clauses(ctx, section, context, graph)
        pairings += read_pairings(ctx, meta.title, section, context)
        dispatches += read_dispatches(ctx, section, context)
        found = read_funds(ctx, section, context)
        if found:
            funds.append(found)
    facts.add_tables(ctx, tables, contexts, graph)
    add_pairings(ctx, pairings, graph)  # pairings in titles and sentences
    add_dispatches(ctx, dispatches, graph)  # dispatches in sentences
    add_funds(ctx, funds, graph)
    return meta


def add_document(ctx: DocumentContext, meta: DocumentMeta, graph: Graph, home: Context) -> None:
    props = {A.fileName: ctx.doc.id, A.title: meta.title}
    if meta.number:
        props[A.docNumber] = meta.number
    if meta.date:
        props[A.issueDate] = meta.date
    graph.add_node(Node(ctx.doc_id, C.Document, ctx.doc.id, props))
    if meta.issuer:
        from loaders.names.units import resolve
        issuer = resolve(_from_most_specific(meta.issuer), home)
        graph.add_edge(ctx.doc_id, R.issuedBy, graph.unit(issuer))
    for cite in meta.citations:
        key = cite.number or cite.title
        cited = make_id("cited", key)
        props = {A.title: cite.title} | ({A.docNumber: cite.number} if cite.number else {})
        graph.add_node(Node(cited, C.CitedDocument, cite.number or cite.title, props))
        graph.add_edge(ctx.doc_id, R.cites, cited, ctx.prov("", cite.start, cite.end))


def _from_most_specific(name: str) -> str:
    """武汉市洪山区乡村振兴局 → 洪山区乡村振兴局: the unit belongs to the district."""
    found = gazetteer().find(name)
    if len(found) >= 2 and found[0][0] == 0 and found[1][0] == found[0][1]:
        return name[found[1][0]:]
    return name
