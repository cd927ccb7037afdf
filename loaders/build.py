"""From one decoded document to nodes and edges with provenance."""
from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.clause_duty import find_duties
from loaders.clauses import find_clauses, is_boilerplate
from loaders.gazetteer import Division, gazetteer
from loaders.graph import Graph
from loaders.meta import DocumentMeta, read_meta
from loaders.normalize import Normalized, normalize
from loaders.read import RawDocument
from loaders.segment import Section, segment
from loaders.units import Context, UnitName, issuing_unit
from ontology.model import Node, Provenance, make_id
from ontology.vocab import A, C, R


@dataclass
class DocumentContext:
    """What the rules need to know about the document being read."""

    doc: RawDocument
    norm: Normalized
    doc_id: str
    helpers: tuple[Division, ...] = ()
    helped: tuple[Division, ...] = ()

    def prov(self, section: str, start: int, end: int, table: str = "") -> Provenance:
        """Provenance for a span of the normalised text."""
        a, b = self.norm.span(start, end)
        return Provenance(self.doc.id, section, a, b, self.norm.text[start:end], table,
                          **self.doc.locate(a, b))  # page and cell of a .pdf/.docx

    def raw_prov(self, section: str, start: int, end: int, table: str = "") -> Provenance:
        """Provenance for a span of the document as read (table cells)."""
        quote = re.sub(r"\s+", " ", self.doc.text[start:end]).strip()
        return Provenance(self.doc.id, section, start, end, quote, table,
                          **self.doc.locate(start, end))  # page and cell of a .pdf/.docx

    def side(self, unit: UnitName) -> str | None:
        place = unit.jurisdiction
        if place is None:
            return None
        chain = {place.code} | {d.code for d in gazetteer().ancestors(place)}
        if any(d.code in chain for d in self.helpers):
            return "helper"
        if any(d.code in chain for d in self.helped):
            return "helped"
        return None


def place_in(text: str, near: tuple[str, ...] = ()) -> Division | None:
    """The most specific division named at the start of a run of division names:
    武汉市洪山区乡村振兴局 → 洪山区."""
    found = gazetteer().find(text, near)
    if not found:
        return None
    best, end = found[0][2], found[0][1]
    for a, b, d in found[1:]:
        if a != end:
            break
        best, end = d, b
    return best


def helps(title: str, sections: list[Section] | None = None) -> tuple[tuple[Division, ...],
                                                                      tuple[Division, ...]]:
    """Helper and helped divisions of a document: its title's pairing
    (洪山区结对帮扶建始县), else the first region pairing its text states
    (loaders/pairing_prose.py)."""
    from loaders.pairing_prose import document_sides
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


def build_document(doc: RawDocument, graph: Graph) -> DocumentMeta:
    """Read one document into the graph; returns its metadata."""
    norm = normalize(doc.text)
    sections = segment(norm)
    meta = read_meta(sections, norm.text)
    home = place_in(meta.issuer) or place_in(meta.title) or place_in(norm.text[:200])
    ctx = DocumentContext(doc, norm, make_id("doc", doc.id))
    ctx.helpers, ctx.helped = helps(meta.title, sections)
    contexts = part_contexts(sections, home, issuing_unit(meta.issuer, meta.title))
    add_document(ctx, meta, graph, Context.of(home))
    for section in sections:
        add_clauses(ctx, section, contexts[section.part], graph)
    from loaders import facts  # the table and fund rules
    facts.add_tables(ctx, sections, contexts, graph)
    from loaders.pairing_prose import add_pairings  # pairings in titles and sentences
    add_pairings(ctx, meta.title, sections, contexts, graph)
    facts.add_funds(ctx, sections, contexts, graph)
    return meta


def add_document(ctx: DocumentContext, meta: DocumentMeta, graph: Graph, home: Context) -> None:
    props = {A.fileName: ctx.doc.id, A.title: meta.title}
    if meta.number:
        props[A.docNumber] = meta.number
    if meta.date:
        props[A.issueDate] = meta.date
    graph.add_node(Node(ctx.doc_id, C.Document, ctx.doc.id, props))
    if meta.issuer:
        from loaders.units import resolve
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


def task_title(section: Section) -> str:
    """The point's own title (4．加大招商引资力度。… → 加大招商引资力度); a
    point without one (its first sentence runs on) is named by its first clause."""
    title = re.sub(r"^\s*[（(]?[\d一二三四五六七八九十]+[）)]?\s*[、．.]?\s*", "",
                   section.title.replace("*", "").lstrip("# "))
    if section.headings and any(p in title for p in "，；,;"):
        title = re.split(r"[，；,;]", title, maxsplit=1)[0]
    return title


def add_task(ctx: DocumentContext, path: str, graph: Graph, title: str,
             content: str, prov: Provenance) -> str:
    task_id = make_id("task", ctx.doc.id, path, title)
    graph.add_node(Node(task_id, C.Task, title,
                        {A.content: content, A.section: prov.section}, prov=prov))
    graph.add_edge(task_id, R.statedIn, ctx.doc_id)
    return task_id


ROLE_REL = {"lead": R.leads, "responsible": R.responsibleFor, "cooperating": R.cooperatesOn}


def assign(ctx: DocumentContext, graph: Graph, unit: UnitName, role: str, target: str,
           prov: Provenance, position: int) -> None:
    props = {"role": role, "unitText": unit.written, "position": position}
    side = ctx.side(unit)
    if side:
        props["side"] = side
    graph.add_edge(graph.unit(unit), ROLE_REL[role], target, prov, **props)


def add_clauses(ctx: DocumentContext, section: Section, context: Context, graph: Graph) -> None:
    """The point's clauses, assigned to the point's task, and the duties of
    职责分工 paragraphs, each its own task."""
    text = section.text
    base = section.start
    # prose assigns only inside a numbered point, and not in a plan's boilerplate
    prose = bool(section.headings) and not is_boilerplate(section.path)
    duties = find_duties(text, context)
    clauses = find_clauses(text, context, prose, [(d.start, d.end) for d in duties])
    if clauses:
        whole = ctx.prov(section.path, base, base + len(text))
        task = add_task(ctx, section.path, graph, task_title(section), text, whole)
        for clause in clauses:
            prov = ctx.prov(section.path, base + clause.start, base + clause.end)
            for k, unit in enumerate(clause.units):
                assign(ctx, graph, unit, clause.role, task, prov, k)
    for duty in duties:
        prov = ctx.prov(section.path, base + duty.start, base + duty.end)
        task = add_task(ctx, section.path, graph, duty.task, text[duty.start:duty.end], prov)
        for k, unit in enumerate(duty.units):
            assign(ctx, graph, unit, duty.role, task, prov, k)
