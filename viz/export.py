"""A subgraph written for other tools and for reports: GraphML (Gephi, yEd),
node-link JSON, Turtle and JSON-LD, CSV, an Excel workbook (the 责任分工表)
and a Markdown report. Each carries the provenance of every fact (document,
section, span, quote) wherever the format has room for it.

Document text is never trusted: CSV cells that a spreadsheet would read as
a formula get a leading apostrophe, Excel cells are always strings with
control characters removed, Markdown escapes HTML and its own syntax.

This module chooses the format and writes the tabular and graph ones; the
flat rows are in export_rows.py, Turtle and JSON-LD in export_rdf.py, the
Markdown report in export_md.py, the workbook in workbook.py.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from ontology.errors import QueryError
from viz import workbook
from viz.export_md import despaced, markdown, write_markdown
from viz.export_rdf import rdf_graph, write_rdf
from viz.export_rows import PROV_FIELDS, as_text, edge_row, node_row, tables
from viz.subgraph import Choice, choose
from viz.table import guard

# What callers and tests import from here, wherever it is written.
__all__ = ["FORMATS", "PROV_FIELDS", "despaced", "edge_row", "export", "export_choice", "markdown",
           "node_row", "rdf_graph", "tables", "write_csv", "write_graphml", "write_json",
           "write_markdown", "write_rdf", "write_xlsx"]

FORMATS = ("graphml", "json", "ttl", "jsonld", "csv", "xlsx", "md")


def export_choice(store_dir: Path, choice: Choice, fmt: str, out: Path) -> list[Path]:
    """Choose the subgraph and write it: what ``bangfu export`` does."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    return export(choose(store_dir, choice), fmt, out)


def export(graph: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write the graph in one format; returns the files written (csv writes two)."""
    writers: dict[str, Callable[[nx.MultiDiGraph, Path], list[Path]]] = {
        "graphml": write_graphml, "json": write_json, "ttl": write_rdf,
        "jsonld": lambda g, o: write_rdf(g, o, "json-ld"),
        "csv": write_csv, "xlsx": write_xlsx, "md": write_markdown}
    if fmt not in writers:
        raise QueryError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    (out if fmt == "csv" else out.parent).mkdir(parents=True, exist_ok=True)
    return writers[fmt](graph, out)


# ---------------------------------------------------------------- graph formats

def write_graphml(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    """GraphML with scalar attributes only (what Gephi and yEd read); ``label`` is the name."""
    flat = nx.MultiDiGraph(title=graph.graph.get("title", ""))
    for node in graph:
        row = node_row(graph, node)
        row["label"] = row["name"]
        row["hop"] = graph.nodes[node].get("hop")
        flat.add_node(node, **_scalars(row, skip=("id",)))
    for u, v, k in graph.edges(keys=True):
        row = edge_row(graph, u, v, k)
        row["label"] = row["relation"]
        flat.add_edge(u, v, key=k, **_scalars(row, skip=("id", "src", "dst")))
    nx.write_graphml(flat, out, named_key_ids=True)
    return [out]


def _scalars(row: dict[str, Any], skip: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in skip and v not in (None, "")}


def write_json(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    """networkx node-link JSON; each node and edge keeps its props and prov objects."""
    data = nx.node_link_data(graph, edges="edges")
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return [out]


# ---------------------------------------------------------------- spreadsheets

def write_csv(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    """nodes.csv and edges.csv in the folder ``out``, UTF-8 with a BOM for Excel."""
    written = []
    for name, rows in zip(("nodes.csv", "edges.csv"), tables(graph), strict=True):
        path = out / name
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            if rows:
                writer.writerow(list(rows[0]))
            for row in rows:
                writer.writerow([guard(as_text(v)) for v in row.values()])
        written.append(path)
    return written


def write_xlsx(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    """The 责任分工表 workbook (viz/workbook.py), its technical sheets from ``tables``."""
    return workbook.write_xlsx(graph, out, tables(graph))
