"""A synthetic graph shaped like ours, for benchmarks: units in districts,
tasks in documents, assignments with provenance, villages with dispatches.

    from bench.synthetic import synthetic_graph
    nodes, edges = synthetic_graph(100_000)

Roughly 2.9 edges per node, as the corpus graph has; deterministic (seeded).
"""
from __future__ import annotations

import random

from ontology.model import Edge, Node, Provenance, make_id
from ontology.vocab import A, C, R


def synthetic_graph(n_nodes: int, seed: int = 7) -> tuple[list[Node], list[Edge]]:
    rnd = random.Random(seed)
    nodes: list[Node] = []
    edges: list[Edge] = []
    n_docs = max(1, n_nodes // 2000)
    n_districts = max(1, n_nodes // 5000)
    n_units = n_nodes // 10
    n_villages = n_nodes // 5
    n_tasks = n_nodes - n_docs - n_districts - n_units - n_villages
    docs = [make_id("doc", f"doc{i}.txt") for i in range(n_docs)]
    nodes += [Node(d, C.Document, f"doc{i}.txt", {A.fileName: f"doc{i}.txt"}) for i, d in enumerate(docs)]
    districts = [make_id("place", f"p{i}") for i in range(n_districts)]
    nodes += [Node(p, C.District, f"区{i}") for i, p in enumerate(districts)]
    units = [make_id("unit", f"u{i}") for i in range(n_units)]
    for i, u in enumerate(units):
        nodes.append(Node(u, C.GovernmentDepartment, f"区{i % n_districts}单位{i}局"))
        edges.append(Edge(u, R.jurisdiction, districts[i % n_districts]))
    villages = [make_id("place", f"v{i}") for i in range(n_villages)]
    for i, v in enumerate(villages):
        nodes.append(Node(v, C.Village, f"村{i}"))
        edges.append(Edge(v, R.partOf, districts[i % n_districts]))
        edges.append(Edge(units[rnd.randrange(n_units)], R.dispatches, v))
    roles = (("lead", R.leads), ("responsible", R.responsibleFor), ("cooperating", R.cooperatesOn))
    for i in range(n_tasks):
        t = make_id("task", f"t{i}")
        doc = docs[i % n_docs]
        prov = Provenance(f"doc{i % n_docs}.txt", f"一、 > （{i % 9}）", i, i + 30, f"（责任单位：单位{i}）")
        nodes.append(Node(t, C.Task, f"任务{i}", {A.content: "协助推进工作。"}, prov=prov))
        edges.append(Edge(t, R.statedIn, doc))
        for k in range(2):
            role, rel = roles[rnd.randrange(3)]
            edges.append(Edge(units[rnd.randrange(n_units)], rel, t,
                              {A.role: role, A.position: k}, prov))
    return nodes, edges
