"""`bangfu load` of the sample corpus copied 40× into an empty Neo4j database.

    BANGFU_NEO4J_HOME=… BANGFU_NEO4J_BOLT_PORT=… \\
        .venv/bin/python -m bench.bench_neo4j_load [--times 40] [--runs 3]

Needs a running server (scripts/neo4j/neo4j.sh start with the same
variables); it EMPTIES that server's database before each run. The store is
built once under /tmp/bangfu-bench-queries (shared with bench_queries).
Prints, per run, the seconds of the load (records read, written, counted)
and nodes/s and relationships/s; docs/benchmarks.md records the figures.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

from neo4j import GraphDatabase

from bench.bench_queries import make_copies
from queries.neo4j_server import local_password, local_uri

WORK = Path("/tmp/bangfu-bench-queries")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--times", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from queries.api import build, load
    folder, store = WORK / f"x{args.times}" / "docs", WORK / f"x{args.times}" / "store"
    if not (store / "current").exists():
        make_copies(folder, args.times)
        build([folder], store)
    uri, password = local_uri(), local_password()
    if password is None:
        raise SystemExit("no local Neo4j server: start it with scripts/neo4j/neo4j.sh start")
    seconds = []
    for _ in range(args.runs):
        with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver, driver.session() as s:
            s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        t0 = time.perf_counter()
        counts = load(store, uri, "neo4j", password)
        seconds.append(time.perf_counter() - t0)
    med = statistics.median(seconds)
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    print(f"{args.times}×: {counts['nodes']} nodes, {counts['relationships']} relationships; "
          f"load median {med:.1f} s of {args.runs} ({', '.join(f'{s:.1f}' for s in seconds)}): "
          f"{counts['nodes'] / med:,.0f} nodes/s, {counts['relationships'] / med:,.0f} relationships/s")


if __name__ == "__main__":
    main()
