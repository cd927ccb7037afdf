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
from ontology.vocab import NS, SUPERCLASSES, A, C, R

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
    text = str(value)
    # most texts need no escape: four scans in C are cheaper than translate
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        text = text.translate(_ESCAPE)
    return '"' + text + '"'


# The text of each IRI the mapping writes, made once rather than by an
# f-string and an Enum.value on every line (1.5 M lines at 40×).
_IRI = {k: f"<{NS}{k}>" for k in (*R, *A)}  # an R and an A of one name are one IRI
_PRED = {k: f" {v} " for k, v in _IRI.items()}
_TYPES = {c: tuple(f" {TYPE} <{NS}{x}> .\n" for x in (c, *SUPERCLASSES.get(c, ()))) for c in C}
_NAME, _ALIAS = f" <{NS}name> ", f" <{NS}alias> "
_ASSERTION = f" {TYPE} <{NS}{C.Assertion}> .\n"
_SUBJECT, _PREDICATE, _OBJECT = (f" <{RDF_NS}{x}> " for x in ("subject", "predicate", "object"))


def _prov_tails(prov: Provenance) -> tuple[str, ...]:
    """Each provenance line after its subject (" <p> o .\n")."""
    out = [f" <{NS}statedIn> {_doc_ref(prov.doc)} .\n", f" <{NS}section> {literal(prov.section)} .\n",
           f" <{NS}start> {literal(prov.start)} .\n", f" <{NS}end> {literal(prov.end)} .\n",
           f" <{NS}quote> {literal(prov.quote)} .\n"]
    if prov.table:
        out.append(f" <{NS}tableName> {literal(prov.table)} .\n")
    for key, name in _PLACE_KEYS:
        value = getattr(prov, key)
        if value is not None:
            out.append(f" <{NS}{name}> {literal(value)} .\n")
    if prov.ocr:
        out.append(f" <{NS}readByOcr> {literal(True)} .\n")
    return tuple(out)


class _ProvTails:
    """The provenance tails of the last provenances met: one Provenance is
    the sentence of every relationship it states (35 k of them for 120 k
    relationships at 40×), and its quote is escaped once, not per
    relationship. Keyed by identity, holding the (frozen) value so that an
    id is never taken for another's; emptied when full."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._kept: dict[int, tuple[Provenance, tuple[str, ...]]] = {}

    def __call__(self, prov: Provenance) -> tuple[str, ...]:
        hit = self._kept.get(id(prov))
        if hit is not None and hit[0] is prov:
            return hit[1]
        if len(self._kept) >= self._size:
            self._kept.clear()
        tails = _prov_tails(prov)
        self._kept[id(prov)] = (prov, tails)
        return tails


_prov_of = _ProvTails()


def _lines(s: str, tails: tuple[str, ...]) -> str:
    """The lines of one subject: ``s`` before each tail, joined in C."""
    return s + s.join(tails)


def node_lines(node: Node, out: list[str]) -> None:
    s = f"<{ID_NS}{node.id}>"
    out.append(f"{_lines(s, _TYPES[node.cls])}{s}{_NAME}{literal(node.name)} .\n")
    for alias in sorted(node.aliases):
        out.append(f"{s}{_ALIAS}{literal(alias)} .\n")
    for key, value in node.props.items():
        out.append(f"{s}{_PRED[key]}{literal(value)} .\n")
    if node.prov is not None:
        out.append(_lines(s, _prov_of(node.prov)))


def edge_lines(edge: Edge, out: list[str]) -> None:
    src, dst, rel = f"<{ID_NS}{edge.src}>", f"<{ID_NS}{edge.dst}>", _IRI[edge.rel]
    out.append(f"{src} {rel} {dst} .\n")
    if edge.prov is None and not edge.props:
        return
    a = f"<{ID_NS}{edge.id}>"
    out.append(f"{a}{_ASSERTION}{a}{_SUBJECT}{src} .\n{a}{_PREDICATE}{rel} .\n"
               f"{a}{_OBJECT}{dst} .\n")
    for key, value in edge.props.items():
        out.append(f"{a}{_PRED[key]}{literal(value)} .\n")
    if edge.prov is not None:
        out.append(_lines(a, _prov_of(edge.prov)))


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
