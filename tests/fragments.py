"""Building one written fragment into a graph, as the loaders build a document:
the helper the extraction tests share (a fragment is text written in a form
of the genre, never a copy of a corpus file)."""
from __future__ import annotations

from pathlib import Path

from loaders.build import build_document
from loaders.graph import Graph
from loaders.reading.read import RawDocument
from ontology.vocab import A, C, R


def build(text: str, name: str = "plan.txt") -> Graph:
    """The graph of ``text`` read as the document ``name``."""
    graph = Graph()
    build_document(RawDocument(name, Path(name), text), graph)
    return graph


ROLE = {R.leads: "lead", R.responsibleFor: "responsible", R.cooperatesOn: "cooperating"}
Fact = tuple[str, str, str]  # task, unit as written, role


def assignments(text: str) -> set[Fact]:
    """Every assignment read from the text, clauses and tables alike:
    (task, unit as written, role)."""
    graph = build(text)
    return {(graph.nodes[e.dst].name, e.props[A.unitText], ROLE[e.rel])
            for e in graph.edges.values() if e.rel in ROLE and graph.nodes[e.dst].cls is C.Task}


def roles(found: set[Fact]) -> dict[str, str]:
    """Each unit as written with its role."""
    return {unit: role for _, unit, role in found}
