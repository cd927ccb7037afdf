"""Choose the embedded store by measurement: load a synthetic graph of our
shape into pyoxigraph (on disk) and into rdflib (in memory), then time a
unit's-duties query on each.

    .venv/bin/python bench/bench_store.py [--nodes 100000] [--runs 20]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from pyoxigraph import NamedNode, Store
from rdflib import Dataset, URIRef
from rdflib import Literal as RLiteral

from bench.synthetic import synthetic_graph
from queries import catalog
from queries.embedded import PREFIXES, bind
from queries.to_rdf import graph_quads, iri



def _to_rdflib(term):
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    datatype = getattr(term, "datatype", None)
    return RLiteral(term.value, datatype=URIRef(datatype.value) if datatype else None)


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    nodes, edges = synthetic_graph(args.nodes)
    print(f"synthetic graph: {len(nodes)} nodes, {len(edges)} edges")
    unit = iri(next(n.id for n in nodes if n.cls.value == "GovernmentDepartment"))
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = Store(str(Path(tmp) / "ox"))
        store.bulk_extend(graph_quads(nodes, edges))
        store.flush()
        print(f"pyoxigraph load: {time.perf_counter() - t0:.2f} s")
        duties = catalog.get("duties").text("rq")
        rows = list(store.query(bind(duties, {"unit": unit.value}), prefixes=PREFIXES))
        print(f"duties rows for one unit: {len(rows)}")
        med, p95 = timed(lambda: list(store.query(bind(duties, {"unit": unit.value}),
                                                  prefixes=PREFIXES)), args.runs)
        print(f"pyoxigraph duties query: median {med * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
        t0 = time.perf_counter()
        ds = Dataset()
        for q in graph_quads(nodes, edges):
            ds.add((_to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object)))
        print(f"rdflib load: {time.perf_counter() - t0:.2f} s")
        med, p95 = timed(lambda: list(ds.query(
            prefixes + duties, initBindings={"p_unit": URIRef(unit.value)})), max(3, args.runs // 5))
        print(f"rdflib duties query: median {med * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
