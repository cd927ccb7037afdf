"""Every named query of bench_queries on Neo4j, beside the embedded store, at
1×, 10× and 40× (issue #14 item 5: both stores side by side).

    BANGFU_NEO4J_HOME=… BANGFU_NEO4J_BOLT_PORT=… \\
        .venv/bin/python -m bench.bench_queries_neo4j [--sizes 1,10,40] [--runs 5] \\
        [--only dispatches,workload] [--work DIR] [--loaded]

Needs a running server of its own (scripts/neo4j/neo4j.sh start with the same
variables); it EMPTIES that server's database and loads each size's store
into it (the stores bench_queries built and keeps in /tmp/bangfu-bench-queries).
Each query runs through the library call `bangfu query` makes
(`queries.store.ask`: name resolution and row shaping included) after one
unmeasured call, on both stores; median and p95 of --runs. The embedded
store's first call is printed too: a listing without parameters is kept per
generation after it (queries/embedded.py `kept`), Neo4j is always asked.
--only: the queries of those names; --work: where the stores are (copies of
bench_queries' own, so that the answers kept there are not disturbed);
--loaded: the server holds the (one) size's store already, from an earlier run.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import time
from pathlib import Path
from typing import Any

from neo4j import GraphDatabase

from bench.bench_queries import BUDGET, QUERIES, WORK, store_of, timed
from queries.neo4j_server import local_password, local_uri

def first_call(fn: Any) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure(size: int, runs: int, uri: str, password: str, only: set[str] | None = None,
            work: Path = WORK, loaded: bool = False) -> list[tuple[str, Any, Any, Any]]:
    from queries.api import load
    from queries.embedded import ANSWERS, EmbeddedStore
    from queries.neo4j_store import Neo4jStore
    from queries.store import ask
    store_dir = store_of(size, work)
    # the first calls show what a listing costs before it is kept
    shutil.rmtree(store_dir / "current" / ANSWERS, ignore_errors=True)
    if not loaded:
        with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver, driver.session() as s:
            s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        load(store_dir, uri, "neo4j", password)
    queries = [(n, p) for n, p in QUERIES if only is None or n in only]
    out = []
    with Neo4jStore(uri, "neo4j", password) as neo:
        for name, params in queries:  # the server's first queries after a load pay its warm-up
            ask(neo, name, dict(params))
        for name, params in queries:
            label = name + "".join(f" {k}={v}" for k, v in params.items() if k != "context")
            embedded = EmbeddedStore(store_dir)
            cold = first_call(lambda: ask(EmbeddedStore(store_dir), name, dict(params)))
            e = timed(lambda: ask(embedded, name, dict(params)), runs)
            n = timed(lambda: ask(neo, name, dict(params)), runs)
            if sorted(map(repr, e[2])) != sorted(map(repr, n[2])):  # ties may come in either order
                print(f"  ! {label}: the stores' rows differ ({len(e[2])} / {len(n[2])})")
            out.append((label, cold, e, n))
    return out


# The driver's own floor: rows of constants, as many columns as `assignments`,
# nothing read from the graph (a listing cannot come back faster than this).
FLOOR = ("UNWIND range(1, $n) AS i RETURN i AS a, '000_plan.txt' AS b, '一、任务 > 1.' AS c, "
         "'完善农村基础设施建设' AS d, '洪山区乡村振兴局' AS e, 'lead' AS f, 'helper' AS g, "
         "false AS h, '（牵头单位：区乡村振兴局）' AS j, null AS k, i AS l, i AS m, i AS o")


def driver_floor(uri: str, password: str, rows: int, runs: int) -> float:
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        def fetch() -> list[dict]:
            records, _, _ = driver.execute_query(FLOOR, n=rows)
            return [dict(r) for r in records]
        return timed(fetch, runs)[0]


def driver_kind() -> str:
    """The driver's version, and whether its Rust extension (neo4j-rust-ext) decodes the rows."""
    import neo4j
    try:
        from neo4j._codec.packstream import v1
        rust = "with" if getattr(v1, "_rust_unpack", None) else "without"
    except ImportError:  # a driver laid out otherwise
        rust = "unknown:"
    return f"neo4j driver {neo4j.__version__}, {rust} its Rust extension"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10,40")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated query names (default: all)")
    parser.add_argument("--work", type=Path, default=WORK, help="where the stores are (x40/store …)")
    parser.add_argument("--loaded", action="store_true",
                        help="the server already holds the store of the one size asked for")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(","))) or None
    if args.loaded and "," in args.sizes:
        raise SystemExit("--loaded takes one size: the server holds one store")
    uri, password = local_uri(), local_password()
    if password is None:
        raise SystemExit("no local Neo4j server: start it with scripts/neo4j/neo4j.sh start")
    print(f"machine: {platform.machine()}, python {platform.python_version()}, {driver_kind()}; "
          f"a query over {BUDGET:.0f} s is timed once; load average {os.getloadavg()[0]:.2f}")
    for size in map(int, args.sizes.split(",")):
        print(f"\n{size}×\n| query | embedded first | embedded median / p95 | Neo4j median / p95 | rows |")
        print("|---|---|---|---|---|")
        for label, cold, e, n in measure(size, args.runs, uri, password, only, args.work, args.loaded):
            print(f"| {label} | {ms(cold)} | {ms(e[0])} / {ms(e[1])} | {ms(n[0])} / {ms(n[1])} "
                  f"| {len(n[2]):,} |")
        floor = driver_floor(uri, password, 20_000, args.runs)
        print(f"| the driver's floor: 20,000 rows of 13 constant columns | | | {ms(floor)} | 20,000 |")
        print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
