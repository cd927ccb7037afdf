"""The part of the graph a page or an export shows, chosen the same way for
both: around an entity (unit, place, task, document) within a number of
hops, by the entities a named query's rows name, or by a document's facts.

``--doc`` alone is everything the document states; beside another choice it
restricts that choice to the document's facts; with ``--hops`` and nothing
else it is the neighbourhood of the document node.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from ontology.errors import AmbiguousName, QueryError
from ontology.model import PLACE_CLASSES, UNIT_CLASSES
from ontology.vocab import C, R

DEFAULT_HOPS = 1
MAX_HOPS = 6
TASK_CLASSES = frozenset({C.Task, C.Project})
DOCUMENT_CLASSES = frozenset({C.Document, C.CitedDocument})
# Row fields that say where or how a fact is stated, not which entity it is about.
NOT_ENTITIES = frozenset({"document", "section", "evidence", "span", "role", "side", "kind",
                          "seq", "content", "deadline", "unit_text", "start", "end", "pos"})


@dataclass(frozen=True)
class Choice:
    """What to show, as given on the command line."""

    unit: str | None = None
    place: str | None = None
    task: str | None = None
    doc: str | None = None
    hops: int | None = None
    query: str | None = None
    params: dict[str, str] = field(default_factory=dict, hash=False)

    def entities(self) -> list[tuple[str, str]]:
        return [(kind, text) for kind, text in
                (("unit", self.unit), ("place", self.place), ("task", self.task)) if text]

    def check(self) -> None:
        if not (self.entities() or self.doc or self.query):
            raise QueryError("choose what to show: --unit, --place, --task, --doc or --query")
        if self.query and self.entities():
            raise QueryError("--query chooses by its rows; do not combine it with "
                             "--unit, --place or --task")
        if self.hops is not None and not 0 <= self.hops <= MAX_HOPS:
            raise QueryError(f"--hops must be between 0 and {MAX_HOPS}")

    def describe(self) -> str:
        """The choice in words, for headings: 单位 洪山区乡村振兴局（2 跳）."""
        words = {"unit": "单位", "place": "地点", "task": "任务"}
        parts = [f"{words[k]} {v}" for k, v in self.entities()]
        if self.query:
            given = "，".join(f"{k}={v}" for k, v in self.params.items())
            parts.append(f"查询 {self.query}" + (f"（{given}）" if given else ""))
        if self.doc:
            parts.append(f"文件 {self.doc}")
        text = "；".join(parts)
        return text + (f"（{self.hops} 跳）" if self.hops is not None else "")

    def narrower(self) -> str:
        """How to ask for less, for pages that had to leave nodes out."""
        hints = []
        if self.hops:
            hints.append(f"用 --hops {self.hops - 1}")
        if not self.doc:
            hints.append("加 --doc 限定到一个文件")
        if self.query:
            hints.append("给查询加参数（如 -p doc=…）")
        return "，或".join(hints) or "选一个更具体的单位、地点或任务"


def graph_from_records(records: Iterable[dict[str, Any]]) -> nx.MultiDiGraph:
    """The store's records as a graph: nodes keyed by id, edges keyed by edge id."""
    graph = nx.MultiDiGraph()
    edges = []
    for rec in records:
        if rec["kind"] == "node":
            graph.add_node(rec["id"], cls=C(rec["class"]), name=rec["name"],
                           aliases=list(rec.get("aliases") or []), props=dict(rec.get("props") or {}),
                           prov=rec.get("prov"))
        else:
            edges.append(rec)
    for rec in edges:  # after every node, so no edge creates a bare node
        if rec["src"] in graph and rec["dst"] in graph:
            graph.add_edge(rec["src"], rec["dst"], key=rec["id"], rel=R(rec["rel"]),
                           props=dict(rec.get("props") or {}), prov=rec.get("prov"))
    return graph


def choose(store_dir: Path, choice: Choice) -> nx.MultiDiGraph:
    """The subgraph of the store's graph that the choice names."""
    from queries.api import query
    from queries.embedded import EmbeddedStore
    choice.check()
    graph = graph_from_records(EmbeddedStore(store_dir).records())
    rows = query(store_dir, choice.query, choice.params) if choice.query else None
    seeds = _query_seeds(store_dir, graph, choice, rows) if rows is not None else None
    return select(graph, choice, seeds)


def select(graph: nx.MultiDiGraph, choice: Choice,
           query_seeds: set[str] | None = None) -> nx.MultiDiGraph:
    """The chosen subgraph, each node marked with its ``hop`` from the seeds."""
    choice.check()
    if choice.query and query_seeds is None:
        raise QueryError("a --query choice needs its rows: use choose()")
    scope = graph
    doc_id = find(graph, choice.doc, DOCUMENT_CLASSES, "document") if choice.doc else None
    if doc_id and (choice.entities() or choice.query or choice.hops is None):
        scope = document_facts(graph, doc_id)
    whole_scope = False
    if query_seeds is not None:
        seeds = {s for s in query_seeds if s in scope}
        if not seeds:
            raise QueryError(f"the rows of query {choice.query} name no entity to show")
        hops = choice.hops or 0
    elif choice.entities():
        seeds = {find(scope, text, _classes(kind), kind) for kind, text in choice.entities()}
        hops = DEFAULT_HOPS if choice.hops is None else choice.hops
    elif choice.hops is not None:
        seeds, hops = {doc_id}, choice.hops
    else:  # the document's own facts, nearest to the document first
        seeds, hops, whole_scope = {doc_id}, len(scope), True
    distance = _radius(scope, seeds, hops)
    if whole_scope:  # facts no path joins to the document node come last
        far = max(distance.values()) + 1
        distance.update({n: far for n in scope if n not in distance})
    out = _induced(scope, distance)
    for node, hop in distance.items():
        out.nodes[node]["hop"] = hop
    out.graph["title"] = choice.describe()
    # every document's title, for reports that name documents whose node is not shown
    out.graph["documents"] = {d["name"]: d["props"]["title"] for _, d in graph.nodes(data=True)
                              if d["cls"] is C.Document and d["props"].get("title")}
    # where each project lies, also when its place's node is beyond the hops shown
    out.graph["located"] = {n: [place_path(graph, v) for _, v, e in graph.out_edges(n, data=True)
                                if e["rel"] is R.locatedIn]
                            for n, d in out.nodes(data=True) if d["cls"] is C.Project}
    return out


def place_path(graph: nx.MultiDiGraph, place: str) -> str:
    """新洲区 旧街街道 新集村: a place with the places above it, down to the county level."""
    names, seen = [], set()
    current: str | None = place
    while current is not None and current not in seen and len(names) < 3:
        seen.add(current)
        names.append(graph.nodes[current]["name"])
        current = next((v for _, v, e in graph.out_edges(current, data=True)
                        if e["rel"] is R.partOf), None)
    return " ".join(reversed(names))


def _induced(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The subgraph on these nodes, in the order of their ids, each node's edges
    in the graph's order. (A networkx subgraph of a few nodes lists them in
    the order of a set, which changes with the process's hash seed, and with
    it the layout of a page.)"""
    keep = sorted(set(nodes))
    kept = set(keep)
    out = nx.MultiDiGraph(**graph.graph)
    out.add_nodes_from((n, dict(graph.nodes[n])) for n in keep)
    out.add_edges_from((u, v, k, dict(d)) for u in keep
                       for _, v, k, d in graph.out_edges(u, keys=True, data=True) if v in kept)
    return out


def find(graph: nx.MultiDiGraph, text: str, classes: frozenset[C], kind: str) -> str:
    """The one node of these classes named ``text`` (its id, name or an alias)."""
    text = text.strip()
    if text in graph and graph.nodes[text]["cls"] in classes:
        return text
    found = [n for n, d in graph.nodes(data=True) if d["cls"] in classes
             and (d["name"] == text or text in d["aliases"] or d["props"].get("title") == text)]
    if not found and kind == "task":  # task names are whole sentences: allow a part
        found = [n for n, d in graph.nodes(data=True) if d["cls"] in classes and text in d["name"]]
    if len(found) == 1:
        return found[0]
    if not found:
        raise QueryError(f"no {kind} is named {text!r}")
    shown = "；".join(f"{graph.nodes[n]['name']}（{n}{_context(graph, n)}）" for n in sorted(found)[:12])
    more = f" and {len(found) - 12} more" if len(found) > 12 else ""
    raise AmbiguousName(f"{text!r} names several {kind}s: {shown}{more} — give the id instead")


def document_facts(graph: nx.MultiDiGraph, doc_id: str) -> nx.MultiDiGraph:
    """What one document states: its edges and the nodes they join, the nodes
    stated in it, and the edges without provenance (the gazetteer's) among them."""
    name = graph.nodes[doc_id]["name"]

    def stated_here(prov: dict | None) -> bool:
        return bool(prov) and prov["document"] == name
    nodes = {doc_id} | {n for n, d in graph.nodes(data=True) if stated_here(d["prov"])}
    for u, v, d in graph.edges(data=True):
        if stated_here(d["prov"]) or doc_id in (u, v):
            nodes.update((u, v))
    keep = [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)
            if u in nodes and v in nodes and (d["prov"] is None or stated_here(d["prov"]))]
    return graph.edge_subgraph(keep).copy() if keep else graph.subgraph({doc_id}).copy()


def display_name(graph: nx.MultiDiGraph, node: str) -> str:
    """A node's name for people: a pairing is named by its two sides."""
    data = graph.nodes[node]
    if data["cls"] is C.Pairing:
        sides = {d["rel"]: graph.nodes[v]["name"] for _, v, d in graph.out_edges(node, data=True)
                 if d["rel"] in (R.helper, R.helped)}
        if sides:
            return f"{sides.get(R.helper, '?')} — {sides.get(R.helped, '?')}"
    return data["name"]


def documents_of(graph: nx.MultiDiGraph, node: str) -> list[str]:
    """The documents that state the node or any of its relations in the graph."""
    docs = set()
    data = graph.nodes[node]
    if data["cls"] is C.Document:  # a cited document is known only by its title
        docs.add(data["name"])
    if data["prov"]:
        docs.add(data["prov"]["document"])
    for _, v, d in graph.out_edges(node, data=True):
        if d["rel"] is R.statedIn:
            docs.add(graph.nodes[v]["name"])
    for d in _incident(graph, node):
        if d["prov"]:
            docs.add(d["prov"]["document"])
    return sorted(docs)


def evidence_of(graph: nx.MultiDiGraph, node: str, most: int = 3) -> list[dict[str, Any]]:
    """The provenance of the node itself, else of its first few relations."""
    prov = graph.nodes[node]["prov"]
    if prov:
        return [prov]
    seen, out = set(), []
    for d in _incident(graph, node):
        p = d["prov"]
        if p and (p["document"], p["quote"]) not in seen:
            seen.add((p["document"], p["quote"]))
            out.append(p)
            if len(out) == most:
                break
    return out


def _incident(graph: nx.MultiDiGraph, node: str) -> Iterator[dict[str, Any]]:
    for _, _, d in graph.out_edges(node, data=True):
        yield d
    for _, _, d in graph.in_edges(node, data=True):
        yield d


def _classes(kind: str) -> frozenset[C]:
    return {"unit": UNIT_CLASSES | {C.Unit}, "place": PLACE_CLASSES | {C.Place},
            "task": TASK_CLASSES}[kind]


def _context(graph: nx.MultiDiGraph, node: str) -> str:
    """Where a place lies or whose a unit is, to tell namesakes apart."""
    for _, v, d in graph.out_edges(node, data=True):
        if d["rel"] in (R.partOf, R.jurisdiction):
            return f"，{graph.nodes[v]['name']}"
    return ""


def _radius(graph: nx.MultiDiGraph, seeds: set[str], hops: int) -> dict[str, int]:
    """Breadth-first distance from the seeds, following edges either way."""
    distance = {s: 0 for s in seeds}
    queue = deque(seeds)
    while queue:
        node = queue.popleft()
        if distance[node] >= hops:
            continue
        for nb in (*graph.successors(node), *graph.predecessors(node)):
            if nb not in distance:
                distance[nb] = distance[node] + 1
                queue.append(nb)
    return distance


def _query_seeds(store_dir: Path, graph: nx.MultiDiGraph, choice: Choice,
                 rows: list[dict[str, Any]]) -> set[str]:
    """The entities a query's rows name, and the parameters it resolved to entities."""
    from queries import catalog
    from queries.embedded import EmbeddedStore
    from queries.resolve import resolve_name
    from queries.to_rdf import ID_NS
    by_name: dict[str, set[str]] = {}
    for n, d in graph.nodes(data=True):
        if d["cls"] not in DOCUMENT_CLASSES:  # a row's document is provenance, not its subject
            by_name.setdefault(d["name"], set()).add(n)
    seeds: set[str] = set()
    for row in rows:
        for key, value in row.items():
            if key in NOT_ENTITIES:
                continue
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str):
                    seeds |= by_name.get(text, set())
    resolvers = catalog.get(choice.query).resolve
    if resolvers:
        store = EmbeddedStore(store_dir)
        for param, resolver in resolvers.items():
            if choice.params.get(param):
                iri = resolve_name(store, resolver, choice.params[param])
                seeds.add(iri.removeprefix(ID_NS))
    return seeds
