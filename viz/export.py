"""A subgraph written for other tools and for reports: GraphML (Gephi, yEd),
node-link JSON, Turtle and JSON-LD, CSV, an Excel workbook (the 责任分工表)
and a Markdown report. Each carries the provenance of every fact (document,
section, span, quote) wherever the format has room for it.

Document text is never trusted: CSV cells that a spreadsheet would read as
a formula get a leading apostrophe, Excel cells are always strings with
control characters removed, Markdown escapes HTML and its own syntax.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from ontology.errors import QueryError
from ontology.model import Edge, Node, Provenance, make_id
from ontology.vocab import NS, A, C, R
from queries.to_rdf import ID_NS, RDF_NS, graph_quads, iri, term
from viz.style import ROLE_RELATIONS, class_label, family, relation_label, role_label
from viz.subgraph import Choice, choose, display_name, documents_of
from viz import workbook
from viz.table import cell_text, guard, md_text
from viz.workbook import MARKS, position

FORMATS = ("graphml", "json", "ttl", "jsonld", "csv", "xlsx", "md")
PROV_FIELDS = ("document", "section", "span", "quote", "table")


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


# ---------------------------------------------------------------- flat rows

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


def _props(props: dict[str, Any]) -> dict[str, Any]:
    return {a.value: props[a.value] for a in A if a.value in props}


def _prov(prov: dict[str, Any] | None) -> dict[str, Any]:
    prov = prov or {}
    return {f: _text(prov.get(f)) for f in PROV_FIELDS}


def _text(value: Any) -> str:
    """A value as cell text; strings stay exact, line breaks in quotes included."""
    return value if isinstance(value, str) else cell_text(value)


def _square(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    prov = [c for c in columns if c in PROV_FIELDS]  # evidence last, after the attributes
    order = [c for c in columns if c not in PROV_FIELDS] + prov
    return [{c: row.get(c) for c in order} for row in rows]


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
    from rdflib import Graph, Literal, URIRef
    nodes = [_node(graph, n) for n in sorted(graph)]
    edges = [_edge(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)]
    rdf = Graph()
    rdf.bind("bf", NS)
    rdf.bind("id", ID_NS)
    for quad in graph_quads(nodes, edges):
        rdf.add((URIRef(quad.subject.value), URIRef(quad.predicate.value), _rdflib(quad.object)))
    cited = {p["document"] for p in _provs(graph)} - {graph.nodes[n]["name"] for n in graph
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


def _provs(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    out = [d["prov"] for _, d in graph.nodes(data=True) if d["prov"]]
    return out + [d["prov"] for _, _, d in graph.edges(data=True) if d["prov"]]


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
                writer.writerow([guard(_text(v)) for v in row.values()])
        written.append(path)
    return written


def write_xlsx(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    """The 责任分工表 workbook (viz/workbook.py), its technical sheets from ``tables``."""
    return workbook.write_xlsx(graph, out, tables(graph))


# ---------------------------------------------------------------- report

class _Notes:
    """Footnotes numbered in order of first use; the same evidence is one note."""

    def __init__(self) -> None:
        self.notes: dict[tuple[str, Any, str], int] = {}

    def cite(self, provs: list[dict[str, Any] | None]) -> str:
        refs = []
        for p in provs:
            if p:
                key = (p["document"], tuple(p["span"]), p["quote"])
                n = self.notes.setdefault(key, len(self.notes) + 1)
                if f"[^{n}]" not in refs:
                    refs.append(f"[^{n}]")
        return "".join(refs)

    def lines(self) -> list[str]:
        return [f"[^{n}]: 「{md_text(despaced(quote))}」—— {md_text(doc)}（{span[0]}–{span[1]}）"
                for (doc, span, quote), n in self.notes.items()]


SPACED = re.compile(r"(?<=\S)\s+(?=\S)")


def despaced(quote: str) -> str:
    """区司法局 for 「区 司 法 局」: text a PDF extraction wrote one or two characters
    a line (a vertical table) is quoted without the spaces between them; the
    span still points at the text as the document holds it."""
    tokens = quote.split()
    short = sum(1 for t in tokens if len(t) <= 2)
    if len(tokens) < 4 or short < 0.8 * len(tokens):
        return quote
    return SPACED.sub("", quote)


def write_markdown(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    out.write_text(markdown(graph), encoding="utf-8")
    return [out]


def markdown(graph: nx.MultiDiGraph) -> str:
    """The report: the subgraph's tasks, units, projects and funds as tables,
    each fact's evidence quoted in a footnote."""
    notes = _Notes()
    docs = sorted({p["document"] for p in _provs(graph)})
    parts = [f"# 帮扶图谱报告：{md_text(graph.graph.get('title', ''))}", "",
             f"节点 {graph.number_of_nodes()} 个，关系 {graph.number_of_edges()} 条。"
             + ("出处文件：" + "、".join(md_text(d) for d in docs) + "。" if docs else "")]
    parts += _task_table(graph, notes)
    parts += _unit_table(graph)
    parts += _project_table(graph, notes)
    parts += _fund_table(graph, notes)
    if notes.notes:
        parts += ["", "## 出处", "", *notes.lines()]
    return "\n".join(parts) + "\n"


def _of(graph: nx.MultiDiGraph, test: Callable[[C], bool]) -> list[str]:
    return sorted((n for n in graph if test(graph.nodes[n]["cls"])), key=lambda n: position(graph, n))


def _table(title: str, header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["", f"## {title}（{len(rows)}）", ""]
    if not rows:
        return lines + ["（无）"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(r) + " |" for r in rows]


def _roles_of(graph: nx.MultiDiGraph, target: str) -> tuple[dict[str, list[str]], list[dict]]:
    roles: dict[str, list[str]] = defaultdict(list)
    provs = []
    for u, _, d in graph.in_edges(target, data=True):
        if d["rel"] in ROLE_RELATIONS:
            name = graph.nodes[u]["name"]
            if name not in roles[ROLE_RELATIONS[d["rel"]]]:
                roles[ROLE_RELATIONS[d["rel"]]].append(name)
            provs.append(d["prov"])
    return roles, provs


def _task_table(graph: nx.MultiDiGraph, notes: _Notes) -> list[str]:
    rows = []
    for task in _of(graph, lambda c: c is C.Task):
        roles, provs = _roles_of(graph, task)
        d = graph.nodes[task]
        rows.append([md_text(d["name"]), md_text((d["prov"] or {}).get("document", "")),
                     *(md_text("、".join(roles[m])) for m in MARKS),
                     notes.cite([d["prov"], *provs])])
    return _table("任务", ["任务", "文件", *(role_label(m) for m in MARKS), "出处"], rows)


def _unit_table(graph: nx.MultiDiGraph) -> list[str]:
    rows = []
    for unit in sorted((n for n in graph if family(graph.nodes[n]["cls"]) == "unit"),
                       key=lambda n: graph.nodes[n]["name"]):
        counts = Counter(ROLE_RELATIONS[d["rel"]] for _, _, d in graph.out_edges(unit, data=True)
                         if d["rel"] in ROLE_RELATIONS)
        d = graph.nodes[unit]
        rows.append([md_text(d["name"]), md_text(class_label(d["cls"])),
                     md_text("、".join(d["aliases"])), *(str(counts[m]) for m in MARKS)])
    return _table("单位", ["单位", "类型", "别名", *(role_label(m) for m in MARKS)], rows)


def _project_table(graph: nx.MultiDiGraph, notes: _Notes) -> list[str]:
    rows = []
    for project in _of(graph, lambda c: c is C.Project):
        roles, provs = _roles_of(graph, project)
        d = graph.nodes[project]
        places = graph.graph.get("located", {}).get(project) or [
            graph.nodes[v]["name"] for _, v, e in graph.out_edges(project, data=True)
            if e["rel"] is R.locatedIn]
        units = [n for m in MARKS for n in roles[m]]
        rows.append([md_text(d["name"]), md_text("、".join(places)), md_text("、".join(units)),
                     md_text(d["props"].get("deadline", "")), notes.cite([d["prov"], *provs])])
    return _table("项目", ["项目", "地点", "责任单位", "时限", "出处"], rows)


def _fund_table(graph: nx.MultiDiGraph, notes: _Notes) -> list[str]:
    rows = []
    for fund in _of(graph, lambda c: c is C.FundAllocation):
        d = graph.nodes[fund]
        ends = defaultdict(list)
        for _, v, e in graph.out_edges(fund, data=True):
            ends[e["rel"]].append(graph.nodes[v]["name"])
        rows.append([md_text(d["name"]), md_text(d["props"].get("amount", "")),
                     md_text("、".join(ends[R.fundSource])), md_text("、".join(ends[R.fundTarget])),
                     notes.cite([d["prov"]])])
    return _table("资金", ["资金", "金额（万元）", "来源", "去向", "出处"], rows)
