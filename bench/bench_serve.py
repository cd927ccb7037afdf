"""Server time of each page of the workbench (`bangfu serve`) on the sample
corpus copied 40× with its districts renamed (bench/bench_queries.py's copies).

    .venv/bin/python -m bench.bench_serve [--times 40] [--runs 5] [--work DIR] [--rebuild]
        [--store DIR] [--no-warm] [--pages home,search,…]

The app is driven in-process by Starlette's TestClient (no socket, no
browser: the time is the server's, rendering included). The server starts
as `bangfu serve` does, reading the generation ahead in a thread (name
index, records, graph, quality report: viz/web/warm.py); the bench waits for
that and prints how long it took, then asks each page once ("first") and
--runs times more; the median of those is the figure. With --no-warm
nothing is read ahead: "first" is then a cold first request of the process.
--store measures an existing store instead of building one (a store built
before texts were kept shows no text on /doc). docs/benchmarks.md records
the figures.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from bench.bench_queries import make_copies

ROOT = Path(__file__).resolve().parent.parent
SLOW = 0.300  # seconds: the pages above this are named in the report
UNIT, PLACE, DOC = "洪山区乡村振兴局", "客坊村", "000_75707890b29a5263.txt"


def pages(store_dir: Path) -> list[tuple[str, str]]:
    """(kind, URL) of each page kind; a place named in every copy is chosen
    by its id, as the candidate list links it."""
    from queries.embedded import EmbeddedStore
    from viz.web.data import candidates
    place = candidates(EmbeddedStore(store_dir), "place", PLACE)[0]
    q = lambda s: quote(s, safe="")  # noqa: E731
    return [("home", "/"), ("search", f"/search?q={q('乡村振兴局')}"),
            ("ask", f"/ask?q={q('区财政局负责哪些工作？')}"),
            ("unit", f"/unit/{q(UNIT)}"), ("place", f"/place/{q(PLACE)}?id={q(place.id)}"),
            ("doc", f"/doc/{q(DOC)}?start=852&end=879"), ("quality", "/quality"),
            ("quality-p", "/quality/suspected_duplicates?kind=unit&page=2"),
            ("curation", "/quality/curation.yaml"),
            ("graph", f"/graph/unit/{q(UNIT)}")]


def measure(store_dir: Path, runs: int, only: set[str] | None = None,
            warm: bool = True) -> Iterator[dict[str, object]]:
    """The warm-up's time, then each page's figures, as it is measured."""
    from starlette.testclient import TestClient

    from viz.web.app import create_app
    app = create_app(store_dir)
    client = TestClient(app)
    if warm:
        t0 = time.perf_counter()
        client.__enter__()  # the lifespan: the server starts reading ahead
        app.state.warming.wait()
        yield {"page": "warm-up", "url": "(start-up, in a thread)", "cold": time.perf_counter() - t0,
               "median": 0.0, "bytes": 0}
    for kind, url in pages(store_dir):
        if only and kind not in only:
            continue
        t0 = time.perf_counter()
        first = client.get(url)
        cold = time.perf_counter() - t0
        if first.status_code != 200:
            raise SystemExit(f"{url}: HTTP {first.status_code}")
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - t0)
        yield {"page": kind, "url": url, "cold": cold, "median": statistics.median(samples),
               "bytes": len(first.content)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bangfu-bench-serve"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--pages", default="", help="comma-separated page kinds (default: all)")
    parser.add_argument("--store", type=Path, help="an existing store to measure (not built)")
    parser.add_argument("--no-warm", action="store_true", help="read nothing ahead at start-up")
    args = parser.parse_args()
    from queries.api import build
    folder, store = args.work / f"corpus-{args.times}", args.store or args.work / f"store-{args.times}"
    if args.store is None and (args.rebuild or not (store / "current").exists()):
        size = make_copies(folder, args.times)
        t0 = time.perf_counter()
        meta = build([folder], store)
        print(f"built {args.times}× ({size / 1e6:.1f} MB, {len(meta['documents'])} documents, "
              f"{meta['node_count']} nodes) in {time.perf_counter() - t0:.1f} s")
    print(f"{'page':9} {'first ms':>8} {'median ms':>10} {'KB':>7}  url")
    for row in measure(store, args.runs, set(filter(None, args.pages.split(","))), not args.no_warm):
        mark = "  > 300 ms" if row["median"] > SLOW else ""  # type: ignore[operator]
        print(f"{row['page']:9} {row['cold'] * 1000:8.0f} {row['median'] * 1000:10.0f} "  # type: ignore[operator]
              f"{row['bytes'] / 1024:7.0f}  {row['url']}{mark}", flush=True)  # type: ignore[operator]


if __name__ == "__main__":
    main()
