"""Neo4j load throughput and named-query latency, against the embedded store.

    BANGFU_NEO4J_HOME=~/.cache/bangfu/neo4j-test BANGFU_NEO4J_BOLT_PORT=7688 \
        .venv/bin/python -m bench.bench_neo4j [--nodes 120000] [--runs 30]

Needs a running server (scripts/neo4j/neo4j.sh start with the same variables);
it EMPTIES that server's database. Measures, in one run:
- the corpus and a synthetic graph of our shape: embedded build (write the
  on-disk store) and Neo4j load (UNWIND batches, one transaction per document);
- a naive load, one statement per node and per relationship, on the corpus
  and on the first 5,000 rows of the synthetic graph;
- the latency (median, p95) of every public named query on both backends.
"""
from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

from neo4j import GraphDatabase

from bench.bench_store import timed
from bench.synthetic import synthetic_graph
from loaders.corpus import build_corpus
from queries import catalog
from queries.embedded import EmbeddedStore
from queries.store_write import write_store
from queries.neo4j_server import local_password, local_uri
from queries.neo4j_records import by_document
from queries.neo4j_store import Neo4jStore, statement
from queries.store import ask

ROOT = Path(__file__).resolve().parent.parent
PARAMS = {"duties": {"unit": "区乡村振兴局"}}


def wipe(driver) -> None:
    with driver.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS").consume()


def naive_load(driver, records: list[dict], limit: int | None = None) -> tuple[int, float]:
    """One auto-commit statement per node and per relationship (the anti-pattern)."""
    rows = 0
    t0 = time.perf_counter()
    parts = by_document(records)
    with driver.session() as s:
        for nodes, edges in parts.values():
            for n in nodes:
                s.run(statement("upsert_nodes"), rows=[n]).consume()
                rows += 1
                if limit and rows >= limit:
                    return rows, time.perf_counter() - t0
            for e in edges:
                s.run(statement("upsert_edges"), rows=[e]).consume()
                rows += 1
                if limit and rows >= limit:
                    return rows, time.perf_counter() - t0
    return rows, time.perf_counter() - t0


def measure(label: str, nodes, edges, conn, naive_limit: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        write_store(Path(tmp), nodes, edges, {})
        embedded = time.perf_counter() - t0
        records = EmbeddedStore(Path(tmp)).records()
    with GraphDatabase.driver(conn[0], auth=conn[1:]) as driver:
        wipe(driver)
    with Neo4jStore(*conn) as store:
        t0 = time.perf_counter()
        counts = store.load(records)
        neo = time.perf_counter() - t0
    print(f"| {label} | {len(nodes):,} | {len(edges):,} | {embedded:.2f} s | {neo:.2f} s | "
          f"{counts['nodes'] / neo:,.0f} | {counts['relationships'] / neo:,.0f} |")
    with GraphDatabase.driver(conn[0], auth=conn[1:]) as driver:
        wipe(driver)
        with Neo4jStore(*conn) as store:
            store.ensure_schema()
        rows, secs = naive_load(driver, records, naive_limit)
        print(f"|   naive, one statement per row ({rows:,} rows) | | | | {secs:.2f} s | "
              f"{rows / secs:,.0f} rows/s | |")


def latency(fn, runs: int) -> tuple[float, float]:
    """Median and p95 in milliseconds."""
    median, p95 = timed(fn, runs)
    return median * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=120_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    password = local_password()
    if password is None:
        raise SystemExit("start the server first: bash scripts/neo4j/neo4j.sh start")
    conn = (local_uri(), "neo4j", password)
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    print("| graph | nodes | edges | embedded build | Neo4j load | nodes/s | rels/s |")
    print("|---|---|---|---|---|---|---|")
    graph = build_corpus([ROOT / "corpus"])
    corpus_nodes = sorted(graph.nodes.values(), key=lambda n: n.id)
    corpus_edges = sorted(graph.edges.values(), key=lambda e: e.id)
    with tempfile.TemporaryDirectory() as tmp:  # warm the server's JIT: not measured
        write_store(Path(tmp), corpus_nodes, corpus_edges, {})
        with Neo4jStore(*conn) as store:
            store.load(EmbeddedStore(Path(tmp)).records())
    measure("corpus", corpus_nodes, corpus_edges, conn, None)
    nodes, edges = synthetic_graph(args.nodes)
    measure("synthetic", nodes, edges, conn, 5000)
    # latency on the corpus, both backends
    with tempfile.TemporaryDirectory() as tmp:
        write_store(Path(tmp), corpus_nodes, corpus_edges, {})
        embedded = EmbeddedStore(Path(tmp))
        with GraphDatabase.driver(conn[0], auth=conn[1:]) as driver:
            wipe(driver)
        with Neo4jStore(*conn) as store:
            store.load(embedded.records())
            print("\n| query (corpus) | embedded median | p95 | Neo4j median | p95 |")
            print("|---|---|---|---|---|")
            for name, q in catalog.catalogue().items():
                if q.internal or any(p.required and p.name not in PARAMS.get(name, {})
                                     for p in q.params):
                    continue
                params = PARAMS.get(name, {})
                e = latency(lambda: ask(embedded, name, params), args.runs)
                n = latency(lambda: ask(store, name, params), args.runs)
                print(f"| {name} | {e[0]:.1f} ms | {e[1]:.1f} ms | {n[0]:.1f} ms | {n[1]:.1f} ms |")


if __name__ == "__main__":
    main()
