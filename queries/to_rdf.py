"""Nodes and edges as RDF quads, named by the ontology's vocabulary.

Every edge is stated twice: as a direct triple (unit bf:responsibleFor task),
for simple queries, and as a bf:Assertion (an rdf:Statement) carrying the
edge's attributes and the provenance of the sentence or cell that states it.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from ontology.model import Edge, Node, make_id
from ontology.vocab import NS, SUPERCLASSES, A, C, R

ID_NS = "https://w3id.org/bangfu/id/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = NamedNode(RDF_NS + "type")
SUBJECT, PREDICATE, OBJECT = (NamedNode(RDF_NS + w) for w in ("subject", "predicate", "object"))


def iri(node_id: str) -> NamedNode:
    return NamedNode(ID_NS + node_id)


@lru_cache(maxsize=None)  # the vocabulary is closed: a few hundred terms
def term(name: str) -> NamedNode:
    return NamedNode(NS + name)


@lru_cache(maxsize=4096)  # every provenance names its document
def _doc_iri(doc: str) -> NamedNode:
    return iri(make_id("doc", doc))


def literal(value: Any) -> Literal:
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode(XSD + "integer"))
    if isinstance(value, float):
        return Literal(repr(value), datatype=NamedNode(XSD + "decimal"))
    return Literal(str(value))


def node_quads(node: Node) -> Iterator[Quad]:
    s = iri(node.id)
    for cls in (node.cls, *SUPERCLASSES.get(node.cls, ())):
        yield Quad(s, TYPE, term(cls))
    yield Quad(s, term(A.name), Literal(node.name))
    for alias in sorted(node.aliases):
        yield Quad(s, term(A.alias), Literal(alias))
    for key, value in node.props.items():
        yield Quad(s, term(key), literal(value))
    if node.prov is not None:
        yield from _prov_quads(s, node.prov)


def _prov_quads(s: NamedNode, prov) -> Iterator[Quad]:
    yield Quad(s, term(R.statedIn), _doc_iri(prov.doc))
    yield Quad(s, term(A.section), Literal(prov.section))
    yield Quad(s, term(A.start), literal(prov.start))
    yield Quad(s, term(A.end), literal(prov.end))
    yield Quad(s, term(A.quote), Literal(prov.quote))
    if prov.table:
        yield Quad(s, term(A.tableName), Literal(prov.table))
    # Where in a .pdf/.docx: page, and the cell of a table (absent for a .txt).
    for key, name in (("page", A.page), ("table_no", A.tableNumber), ("row", A.rowNumber),
                      ("col", A.columnNumber)):
        if getattr(prov, key, None) is not None:
            yield Quad(s, term(name), literal(getattr(prov, key)))
    if getattr(prov, "ocr", False):
        yield Quad(s, term(A.readByOcr), literal(True))


def edge_quads(edge: Edge) -> Iterator[Quad]:
    src, dst = iri(edge.src), iri(edge.dst)
    yield Quad(src, term(edge.rel), dst)
    if edge.prov is None and not edge.props:
        return
    a = iri(edge.id)
    yield Quad(a, TYPE, term(C.Assertion))
    yield Quad(a, SUBJECT, src)
    yield Quad(a, PREDICATE, term(edge.rel))
    yield Quad(a, OBJECT, dst)
    for key, value in edge.props.items():
        yield Quad(a, term(key), literal(value))
    if edge.prov is not None:
        yield from _prov_quads(a, edge.prov)


def graph_quads(nodes: list[Node], edges: list[Edge]) -> Iterator[Quad]:
    for node in nodes:
        yield from node_quads(node)
    for edge in edges:
        yield from edge_quads(edge)


WITHIN = "within"  # bf:within, the reflexive and transitive closure of bf:partOf


def within(nodes: list[Node], edges: list[Edge]) -> dict[str, list[str]]:
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


def within_quads(nodes: list[Node], edges: list[Edge]) -> Iterator[Quad]:
    """bf:within for each place at or above, and bf:within<Class> (bf:withinVillage,
    bf:withinDistrict …) naming the class of that place: a query then finds the
    village or district of a place with one triple pattern, which pyoxigraph
    joins row by row where a pattern and a type check were joined over the
    whole graph."""
    rel = term(WITHIN)
    classes = {n.id: n.cls.value for n in nodes}
    for place, above in within(nodes, edges).items():
        s = iri(place)
        for other in above:
            yield Quad(s, rel, iri(other))
            if other in classes:
                yield Quad(s, term(WITHIN + classes[other]), iri(other))



BATCH_QUADS = 500_000       # quads per bulk load, as pyoxigraph's own loader batches
BATCH_CHARS = 16_000_000    # characters of quotes per bulk load


def quad_batches(nodes: list[Node], edges: list[Edge]) -> Iterator[list[Quad]]:
    """The graph's quads in lists bounded in count and in quoted text.
    pyoxigraph's bulk_extend copies all it is given before loading, each quad
    its own copy of its literal: one call for 10^4 relationships quoting one
    long clause held 3 GB. The store keeps a literal once, so this bound keeps
    the write linear in memory; the sample corpus is one batch."""
    batch: list[Quad] = []
    chars = 0
    for item in (*nodes, *edges):
        batch.extend(node_quads(item) if isinstance(item, Node) else edge_quads(item))
        chars += len(item.prov.quote) if item.prov is not None else 0
        if len(batch) >= BATCH_QUADS or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    batch.extend(within_quads(nodes, edges))
    if batch:
        yield batch
