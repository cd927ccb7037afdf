"""A subgraph as flat rows, one a node and one an edge, each with the
evidence of its fact (document, section, span, quote, table): what GraphML,
CSV and the workbook's technical sheets write (viz/export.py), and the
evidence the Turtle and Markdown exports cite (viz/export_rdf.py,
viz/export_md.py).
"""
from __future__ import annotations

from typing import Any

import networkx as nx

from ontology.vocab import A
from viz.style import class_label, relation_label
from viz.subgraph import display_name, documents_of
from viz.table import cell_text

PROV_FIELDS = ("document", "section", "span", "quote", "table")


def node_row(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """A node as one flat row: identity, attributes, documents and its own evidence."""
    d = graph.nodes[node]
    row = {"id": node, "class": d["cls"].value, "type": class_label(d["cls"]),
           "name": display_name(graph, node), "aliases": "、".join(d["aliases"]),
           "documents": "、".join(documents_of(graph, node))}
    row.update(_props(d["props"]))
    row.update(_prov(d["prov"]))
    return row


def edge_row(graph: nx.MultiDiGraph, src: str, dst: str, key: str) -> dict[str, Any]:
    """An edge as one flat row: both ends by id and name, attributes, evidence."""
    d = graph.edges[src, dst, key]
    row = {"id": key, "src": src, "src_name": display_name(graph, src), "rel": d["rel"].value,
           "relation": relation_label(d["rel"]), "dst": dst, "dst_name": display_name(graph, dst)}
    row.update(_props(d["props"]))
    row.update(_prov(d["prov"]))
    return row


def tables(graph: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Node rows and edge rows with the same columns in every row."""
    nodes = [node_row(graph, n) for n in sorted(graph)]
    edges = [edge_row(graph, u, v, k) for u, v, k in sorted(graph.edges(keys=True), key=lambda e: e[2])]
    return _square(nodes), _square(edges)


def provenances(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Every piece of evidence the subgraph holds, the nodes' first, then the edges'."""
    out = [d["prov"] for _, d in graph.nodes(data=True) if d["prov"]]
    return out + [d["prov"] for _, _, d in graph.edges(data=True) if d["prov"]]


def as_text(value: Any) -> str:
    """A value as cell text; strings stay exact, line breaks in quotes included."""
    return value if isinstance(value, str) else cell_text(value)


def _props(props: dict[str, Any]) -> dict[str, Any]:
    return {a.value: props[a.value] for a in A if a.value in props}


def _prov(prov: dict[str, Any] | None) -> dict[str, Any]:
    prov = prov or {}
    return {f: as_text(prov.get(f)) for f in PROV_FIELDS}


def _square(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    prov = [c for c in columns if c in PROV_FIELDS]  # evidence last, after the attributes
    order = [c for c in columns if c not in PROV_FIELDS] + prov
    return [{c: row.get(c) for c in order} for row in rows]
