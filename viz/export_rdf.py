"""The Turtle and JSON-LD exports: a subgraph's triples exactly as the store
states them (queries.to_rdf), read back from the networkx subgraph into
ontology records, plus a type and a name for each document its evidence cites.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from ontology.model import Edge, Node, Provenance, make_id
from ontology.vocab import NS, A, C
from queries.to_rdf import ID_NS, RDF_NS, graph_quads, iri, term
from viz.export_rows import provenances


def write_rdf(graph: nx.MultiDiGraph, out: Path, fmt: str = "turtle") -> list[Path]:
    """The subgraph's triples exactly as the store states them (queries.to_rdf),
    plus a name for each document its evidence cites."""
    rdf = rdf_graph(graph)
    if fmt == "json-ld":
        context = {"bf": NS, "id": ID_NS, "rdf": RDF_NS}
        text = rdf.serialize(format="json-ld", context=context, auto_compact=True)
    else:
        text = rdf.serialize(format="turtle")
    out.write_text(text, encoding="utf-8")
    return [out]


def rdf_graph(graph: nx.MultiDiGraph) -> Any:
    """The subgraph as an rdflib Graph (imported here: only these formats need rdflib)."""
    from rdflib import Graph, Literal, URIRef
    nodes = [_node(graph, n) for n in sorted(graph)]
    edges = [_edge(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)]
    rdf = Graph()
    rdf.bind("bf", NS)
    rdf.bind("id", ID_NS)
    for quad in graph_quads(nodes, edges):
        rdf.add((URIRef(quad.subject.value), URIRef(quad.predicate.value), _rdflib(quad.object)))
    cited = {p["document"] for p in provenances(graph)} - {graph.nodes[n]["name"] for n in graph
                                                          if graph.nodes[n]["cls"] is C.Document}
    for name in sorted(cited):  # statedIn points at these; give them a type and a name
        doc = URIRef(iri(make_id("doc", name)).value)
        rdf.add((doc, URIRef(RDF_NS + "type"), URIRef(term(C.Document).value)))
        rdf.add((doc, URIRef(term(A.name).value), Literal(name)))
    return rdf


def _rdflib(obj: Any) -> Any:
    from rdflib import Literal, URIRef
    if not hasattr(obj, "datatype"):
        return URIRef(obj.value)
    datatype = obj.datatype.value
    if obj.language:
        return Literal(obj.value, lang=obj.language)
    if datatype.endswith("#string"):
        return Literal(obj.value)
    return Literal(obj.value, datatype=URIRef(datatype))


def _provenance(prov: dict[str, Any] | None) -> Provenance | None:
    if not prov:
        return None
    start, end = prov["span"]
    return Provenance(prov["document"], prov["section"], start, end, prov["quote"],
                      prov.get("table") or "")


def _node(graph: nx.MultiDiGraph, node: str) -> Node:
    d = graph.nodes[node]
    return Node(node, d["cls"], d["name"], {A(k): v for k, v in d["props"].items()},
                frozenset(d["aliases"]), _provenance(d["prov"]))


def _edge(src: str, dst: str, key: str, d: dict[str, Any]) -> Edge:
    edge = Edge(src, d["rel"], dst, {A(k): v for k, v in d["props"].items()}, _provenance(d["prov"]))
    if edge.id != key:  # the assertion's IRI must be the edge's id in the store
        raise ValueError(f"edge {key} does not match its content")
    return edge
