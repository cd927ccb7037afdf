"""Named-query latency as the collection grows: the sample corpus copied 1×,
10× and 40× with its districts renamed in each copy (洪山区 → 洪山甲乙区), so
the copies are other places with the same shape, not namesakes of one place.

    .venv/bin/python -m bench.bench_queries [--sizes 1,10,40] [--runs 10] [--work DIR] [--rebuild]
        [--only NAME,…] [--skip NAME,…] [--clock wall|cpu]

For each size: the build (time, and the store it makes is kept in --work for
the next run unless --rebuild), then every named query in-process through the
library call `bangfu query` makes (`queries.store.ask`: name resolution and row
shaping included) after one unmeasured warm-up call, median and p95 of --runs.
Beside them, the library's own speed on the same store: a hand-written
minimal SPARQL for the duties question, and pyoxigraph's bulk_load of every
quad of the store into a fresh one. docs/benchmarks.md records the figures.
"""
from __future__ import annotations

import argparse
import io
import shutil
import statistics
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
TAGS = "甲乙丙丁戊己庚辛壬癸"
LEVEL_CLASSES = ("District", "County")
# (query, parameters): one call each, as an analyst would ask on the sample corpus
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("projects", {}), ("projects", {"place": "旧街街道", "context": "新洲区"}),
    ("path", {"from": "洪山区乡村振兴局", "to": "寨岗村", "context": "新洲区"}), ("gaps", {}),
    ("assignments", {}), ("owners", {"text": "泵站"}), ("helpers", {"place": "寨岗村", "context": "新洲区"}),
    ("dispatches", {}), ("workload", {}), ("document", {"doc": "000_75707890b29a5263.txt"}),
    ("duties", {"unit": "洪山区乡村振兴局"}), ("partners", {"unit": "洪山区乡村振兴局"}),
    ("pairings", {}), ("hierarchy", {"place": "旧街街道", "context": "新洲区"}),
    ("funds", {}), ("pairings", {"unit": "洪山区乡村振兴局"}),
    ("dispatches", {"place": "洪山区"}), ("projects", {"unit": "洪山区乡村振兴局"}),
    # the workbench's /unit, /place and /search pages, and the parameters whose
    # EXISTS once joined over the whole graph for each row
    ("dispatches", {"unit": "洪山区乡村振兴局"}), ("helpers", {"place": "新洲区"}),
    ("owners", {"text": "乡村振兴局"}), ("dispatches", {"kind": "enterprise"}),
    ("funds", {"source": "武汉市"}), ("funds", {"target": "新洲区"}),
    ("funds", {"source": "武汉市", "target": "新洲区"}),
    # a kind with a place, and helpers of one kind (each branch tests the kind first)
    ("dispatches", {"kind": "enterprise", "place": "新洲区"}), ("helpers", {"place": "新洲区", "kind": "dispatch"}),
]
# The duties question as a person would write it for this store: one unit, its
# assertions, their evidence; no groups, no kinds (the floor for `duties`).
MINIMAL_DUTIES = """
SELECT ?document ?pred ?o ?section ?evidence ?start ?end WHERE {
  ?u bf:name ?p_name .
  ?a rdf:subject ?u ; rdf:predicate ?pred ; rdf:object ?o ; bf:statedIn ?d ;
     bf:section ?section ; bf:quote ?evidence ; bf:start ?start ; bf:end ?end .
  ?d bf:name ?document .
}"""


def tag(k: int) -> str:
    """The k-th copy's mark, two characters: 甲甲, 甲乙, …"""
    return TAGS[k // len(TAGS) % len(TAGS)] + TAGS[k % len(TAGS)]


def districts() -> list[str]:
    """The district and county names of the sample corpus, read from its graph."""
    from loaders.corpus import build_corpus
    graph = build_corpus([ROOT / "corpus"])
    names = {n.name for n in graph.nodes.values() if n.cls.value in LEVEL_CLASSES}
    return sorted(names, key=len, reverse=True)


def make_copies(target: Path, times: int) -> int:
    """The corpus copied `times` times, copy k > 0 with every district renamed;
    returns the bytes written."""
    names = districts()
    target.mkdir(parents=True, exist_ok=True)
    size = 0
    for k in range(times):
        for src in sorted((ROOT / "corpus").glob("*.txt")):
            text = src.read_text(encoding="utf-8")
            if k:
                for name in names:
                    text = text.replace(name, name[:-1] + tag(k) + name[-1])
            dst = target / (src.name if k == 0 else f"c{k:03d}_{src.name}")
            dst.write_text(text, encoding="utf-8")
            size += dst.stat().st_size
    return size


WORK = Path("/tmp/bangfu-bench-queries")  # the copies and their stores, kept between runs


def store_of(size: int, work: Path = WORK) -> Path:
    """The store of the corpus copied `size` times, made the first time it is asked for."""
    from queries.api import build
    folder, store = work / f"x{size}" / "docs", work / f"x{size}" / "store"
    if not (store / "current").exists():
        make_copies(folder, size)
        build([folder], store)
    return store


BUDGET = 5.0  # seconds: a query slower than this once is timed once, not --runs times


# --clock cpu: the calling thread's CPU time (pyoxigraph evaluates a query in
# the thread that iterates it), which other work on a shared machine inflates
# far less than wall time (at load average 4–10 on 2 cores, wall was 1.5–5×).
CLOCK: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.thread_time}
clock = CLOCK["wall"]


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    t0 = clock()
    out = fn()  # warm-up: the name index and adjacency are read once per process
    first = clock() - t0
    if first > BUDGET:
        return first, first, out
    samples = []
    for _ in range(runs):
        t0 = clock()
        out = fn()
        samples.append(clock() - t0)
    samples.sort()
    return statistics.median(samples), samples[round(0.95 * (len(samples) - 1))], out


def library_floor(store_dir: Path, runs: int) -> dict[str, Any]:
    """The minimal duties SPARQL and a bulk_load of the store's quads."""
    import pyoxigraph

    from queries.embedded import PREFIXES, EmbeddedStore, bind
    store = EmbeddedStore(store_dir)
    text = bind(MINIMAL_DUTIES, {"name": "洪山区乡村振兴局"})
    med, p95, rows = timed(lambda: list(store.store.query(text, prefixes=PREFIXES)), runs)
    dump = io.BytesIO()
    store.store.dump(dump, format=pyoxigraph.RdfFormat.N_QUADS)
    fresh = store_dir.parent / "bulk-load"
    shutil.rmtree(fresh, ignore_errors=True)
    t0 = time.perf_counter()
    target = pyoxigraph.Store(str(fresh))
    target.bulk_load(dump.getvalue(), format=pyoxigraph.RdfFormat.N_QUADS)
    target.flush()
    load = time.perf_counter() - t0
    quads = len(target)
    del target
    shutil.rmtree(fresh, ignore_errors=True)
    return {"minimal duties": (med, p95, len(rows)), "bulk_load s": load, "quads": quads}


def measure(size: int, work: Path, runs: int, rebuild: bool) -> dict[str, Any]:
    from queries.api import build
    from queries.embedded import EmbeddedStore
    from queries.store import ask
    folder, store_dir = work / f"x{size}" / "docs", work / f"x{size}" / "store"
    out: dict[str, Any] = {}
    if rebuild or not (store_dir / "current").exists():
        shutil.rmtree(work / f"x{size}", ignore_errors=True)
        out["bytes"] = make_copies(folder, size)
        t0 = time.perf_counter()
        build([folder], store_dir)
        out["build s"] = time.perf_counter() - t0
    store = EmbeddedStore(store_dir)
    for name, params in QUERIES:
        label = name + "".join(f" {k}={v}" for k, v in params.items() if k != "context")
        try:
            med, p95, rows = timed(lambda: ask(store, name, dict(params)), runs)
            out[label] = (med, p95, len(rows))
        except Exception as exc:  # a query that fails is a figure too
            out[label] = (float("nan"), float("nan"), f"{type(exc).__name__}: {exc}"[:80])
    out |= library_floor(store_dir, runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10,40")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated query names")
    parser.add_argument("--skip", default="", help="comma-separated query names")
    parser.add_argument("--clock", choices=sorted(CLOCK), default="wall",
                        help="wall time, or the CPU time of the thread that asks")
    args = parser.parse_args()
    global clock
    clock = CLOCK[args.clock]
    QUERIES[:] = [q for q in QUERIES if q[0] not in set(args.skip.split(","))]
    if args.only:
        keep = set(args.only.split(","))
        QUERIES[:] = [q for q in QUERIES if q[0] in keep]
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {s: measure(s, args.work, args.runs, args.rebuild) for s in sizes}
    labels = list(dict.fromkeys(k for r in results.values() for k in r))
    print("| query | " + " | ".join(f"{s}× median / p95 (rows)" for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for label in labels:
        cells = [_cell(results[s].get(label)) for s in sizes]
        print(f"| {label} | " + " | ".join(cells) + " |")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        med, p95, rows = value
        return f"{med * 1000:.1f} / {p95 * 1000:.1f} ms ({rows})"
    return f"{value:.2f}" if isinstance(value, float) else f"{value:,}"


if __name__ == "__main__":
    main()
