"""The sample corpus copied 40× into an empty Neo4j database: `bangfu load`
over Bolt (the bulk path) and the neo4j-admin import, in the same run.

    BANGFU_NEO4J_HOME=… BANGFU_NEO4J_BOLT_PORT=… \\
        .venv/bin/python -m bench.bench_neo4j_load [--times 40] [--runs 3] [--no-import]

Needs a running server started by scripts/neo4j/neo4j.sh with the same
variables; it EMPTIES that server's database before each Bolt run, and the
import replaces it (stopping and starting the server). The store is built
once under /tmp/bangfu-bench-queries (shared with bench_queries).
Prints, per path, the median seconds (records read, written, counted) and
nodes/s and relationships/s; for the import also its phases and neo4j-admin's
own time ("IMPORT DONE in …" of logs/import.log). docs/benchmarks.md records
the figures.
"""
from __future__ import annotations

import argparse
import platform
import re
import statistics
import time

from neo4j import GraphDatabase

from bench.bench_queries import store_of
from queries.neo4j_server import home, local_password, local_uri

UNITS = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}


def tool_seconds() -> float:
    """neo4j-admin's own time, as it prints it ("IMPORT DONE in 3s 120ms.")."""
    text = (home() / "logs" / "import.log").read_text(encoding="utf-8")
    done = re.search(r"IMPORT DONE in ([^.]+)\.", text)
    if not done:
        raise SystemExit("no IMPORT DONE line in logs/import.log")
    return sum(int(n) * UNITS[u] for n, u in re.findall(r"(\d+)(ms|h|m|s)\b", done.group(1)))


def rate(counts: dict[str, int], seconds: float) -> str:
    return (f"{counts['nodes'] / seconds:,.0f} nodes/s, "
            f"{counts['relationships'] / seconds:,.0f} relationships/s")


def runs(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds):.1f} s ({', '.join(f'{s:.1f}' for s in seconds)})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--times", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-import", action="store_true", help="only the Bolt load")
    args = parser.parse_args()
    from queries.api import load
    from queries.neo4j_import import import_store
    store = store_of(args.times)
    uri, password = local_uri(), local_password()
    if password is None:
        raise SystemExit("no local Neo4j server: start it with scripts/neo4j/neo4j.sh start")
    print(f"machine: {platform.machine()}, python {platform.python_version()}")

    seconds = []
    for _ in range(args.runs):
        with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver, driver.session() as s:
            s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        t0 = time.perf_counter()
        counts = load(store, uri, "neo4j", password)
        seconds.append(time.perf_counter() - t0)
    print(f"{args.times}×: {counts['nodes']} nodes, {counts['relationships']} relationships")
    print(f"bolt bulk load: {runs(seconds)}: {rate(counts, statistics.median(seconds))}")
    if args.no_import:
        return

    totals, tools, phases = [], [], []
    for _ in range(args.runs):  # the database holds the graph: the import replaces it
        t0 = time.perf_counter()
        done = import_store(store, uri, "neo4j", password, overwrite=True)
        totals.append(time.perf_counter() - t0)
        tools.append(tool_seconds())
        phases.append(done.seconds)
    imported = {"nodes": done.nodes, "relationships": done.relationships}
    assert imported == {k: counts[k] for k in imported}, (imported, counts)  # the same graph
    print(f"neo4j-admin import, in all (records read, CSVs, stop, import, start, schema): "
          f"{runs(totals)}: {rate(imported, statistics.median(totals))}")
    print(f"  neo4j-admin's own time: {runs(tools)}: {rate(imported, statistics.median(tools))}")
    print("  phases (median s): " + ", ".join(
        f"{name} {statistics.median(p[name] for p in phases):.1f}" for name in phases[0]))


if __name__ == "__main__":
    main()
