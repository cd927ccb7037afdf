"""Nodes and edges as RDF, named by the ontology's vocabulary.

Every edge is stated twice: as a direct triple (unit bf:responsibleFor task),
for simple queries, and as a bf:Assertion (an rdf:Statement) carrying the
edge's attributes and the provenance of the sentence or cell that states it.

The mapping is written once, as N-Quads text: the store loads it with
pyoxigraph's own parser (making a pyoxigraph term per value in Python cost
3.7 of 11 s of writing 200 documents), and ``graph_quads`` gives the same
statements as pyoxigraph quads to the exports by parsing that text.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from ontology.model import Edge, Node, Provenance, make_id
from ontology.vocab import NS, SUPERCLASSES, C, R

ID_NS = "https://w3id.org/bangfu/id/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = f"<{RDF_NS}type>"
WITHIN = "within"  # bf:within, the reflexive and transitive closure of bf:partOf
# What N-Quads escapes in a string literal (ECHAR): all else is written as is.
_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
# Where in a .pdf/.docx: page, and the cell of a table (absent for a .txt).
_PLACE_KEYS = (("page", "page"), ("table_no", "tableNumber"), ("row", "rowNumber"),
               ("col", "columnNumber"))


def iri(node_id: str) -> NamedNode:
    return NamedNode(ID_NS + node_id)


@lru_cache(maxsize=None)  # the vocabulary is closed: a few hundred terms
def term(name: str) -> NamedNode:
    return NamedNode(NS + name)


@lru_cache(maxsize=4096)  # every provenance names its document
def _doc_ref(doc: str) -> str:
    return f"<{ID_NS}{make_id('doc', doc)}>"


def literal(value: Any) -> str:
    """A value as an N-Quads literal, typed as the store has always typed it."""
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, float):
        return f'"{value!r}"^^<{XSD}decimal>'
    return '"' + str(value).translate(_ESCAPE) + '"'


def node_lines(node: Node, out: list[str]) -> None:
    s = f"<{ID_NS}{node.id}>"
    for cls in (node.cls, *SUPERCLASSES.get(node.cls, ())):
        out.append(f"{s} {TYPE} <{NS}{cls.value}> .\n")
    out.append(f"{s} <{NS}name> {literal(node.name)} .\n")
    for alias in sorted(node.aliases):
        out.append(f"{s} <{NS}alias> {literal(alias)} .\n")
    for key, value in node.props.items():
        out.append(f"{s} <{NS}{key.value}> {literal(value)} .\n")
    if node.prov is not None:
        _prov_lines(s, node.prov, out)


def _prov_lines(s: str, prov: Provenance, out: list[str]) -> None:
    out.append(f"{s} <{NS}statedIn> {_doc_ref(prov.doc)} .\n"
               f"{s} <{NS}section> {literal(prov.section)} .\n"
               f"{s} <{NS}start> {literal(prov.start)} .\n"
               f"{s} <{NS}end> {literal(prov.end)} .\n"
               f"{s} <{NS}quote> {literal(prov.quote)} .\n")
    if prov.table:
        out.append(f"{s} <{NS}tableName> {literal(prov.table)} .\n")
    for key, name in _PLACE_KEYS:
        value = getattr(prov, key)
        if value is not None:
            out.append(f"{s} <{NS}{name}> {literal(value)} .\n")
    if prov.ocr:
        out.append(f"{s} <{NS}readByOcr> {literal(True)} .\n")


def edge_lines(edge: Edge, out: list[str]) -> None:
    src, dst, rel = f"<{ID_NS}{edge.src}>", f"<{ID_NS}{edge.dst}>", f"<{NS}{edge.rel.value}>"
    out.append(f"{src} {rel} {dst} .\n")
    if edge.prov is None and not edge.props:
        return
    a = f"<{ID_NS}{edge.id}>"
    out.append(f"{a} {TYPE} <{NS}{C.Assertion.value}> .\n{a} <{RDF_NS}subject> {src} .\n"
               f"{a} <{RDF_NS}predicate> {rel} .\n{a} <{RDF_NS}object> {dst} .\n")
    for key, value in edge.props.items():
        out.append(f"{a} <{NS}{key.value}> {literal(value)} .\n")
    if edge.prov is not None:
        _prov_lines(a, edge.prov, out)


def within(nodes: Iterable[Node], edges: Iterable[Edge]) -> dict[str, list[str]]:
    """Each place (and each entity part of one) with itself and every place above it.
    Written at build time so that a query rolls places up with one triple
    pattern instead of bf:partOf* (23 of 25 s of `projects` at 40×, issue #14)."""
    up: dict[str, list[str]] = {}
    for e in edges:
        if e.rel is R.partOf:
            up.setdefault(e.src, []).append(e.dst)
    starts = [n.id for n in nodes if n.is_place or n.id in up]
    out: dict[str, list[str]] = {}
    for start in starts:
        seen, todo = {start: None}, [start]
        while todo:
            for parent in up.get(todo.pop(), ()):
                if parent not in seen:
                    seen[parent] = None
                    todo.append(parent)
        out[start] = list(seen)
    return out


def within_lines(nodes: list[Node], edges: list[Edge]) -> Iterator[list[str]]:
    """bf:within for each place at or above, and bf:within<Class> (bf:withinVillage,
    bf:withinDistrict …) naming the class of that place: a query then finds the
    village or district of a place with one triple pattern, which pyoxigraph
    joins row by row where a pattern and a type check were joined over the
    whole graph. The lines of one place at a time."""
    classes = {n.id: n.cls.value for n in nodes}
    for place, above in within(nodes, edges).items():
        s = f"<{ID_NS}{place}>"
        out = []
        for other in above:
            o = f"<{ID_NS}{other}>"
            out.append(f"{s} <{NS}{WITHIN}> {o} .\n")
            if other in classes:
                out.append(f"{s} <{NS}{WITHIN}{classes[other]}> {o} .\n")
        yield out


def graph_nquads(nodes: list[Node], edges: list[Edge], closure: bool = True) -> str:
    """The graph as N-Quads, with the closure of places unless told not to."""
    out: list[str] = []
    for node in nodes:
        node_lines(node, out)
    for edge in edges:
        edge_lines(edge, out)
    if closure:
        for lines in within_lines(nodes, edges):
            out += lines
    return "".join(out)


def graph_quads(nodes: list[Node], edges: list[Edge]) -> Iterator[Quad]:
    """The statements of nodes and edges as pyoxigraph quads (no closure)."""
    return parse(graph_nquads(nodes, edges, closure=False), format=RdfFormat.N_QUADS)
