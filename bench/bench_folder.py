"""Throughput of `build` on a folder of many documents of the genre.

    .venv/bin/python -m bench.bench_folder [--docs 200] [--repeat 3]

The folder is made from the sample corpus and, when ../shared/genre/docs is
beside the checkout, the genre development documents, copied under new file
names until it holds --docs files. Prints KB/s of text for extraction alone
and for the whole build (extract + write the embedded store), and pyoxigraph's
own bulk_load of the same N-Quads as the store's floor. docs/benchmarks.md
records the figures; issue #11 asks for at least 200 KB/s.
"""
from __future__ import annotations

import argparse
import itertools
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENRE = ROOT.parent / "shared" / "genre" / "docs"


def make_folder(target: Path, count: int) -> int:
    """Copy the sources round-robin into target; returns the bytes written."""
    sources = sorted(ROOT.glob("corpus/*.txt")) + sorted(GENRE.glob("*.txt"))
    size = 0
    for k, src in zip(range(count), itertools.cycle(sources)):
        dst = target / f"{k:04d}_{src.name}"
        shutil.copyfile(src, dst)
        size += dst.stat().st_size
    return size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import pyoxigraph

    from loaders.corpus import build_corpus
    from queries.api import build
    from queries.to_rdf import graph_nquads
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        size = make_folder(folder, args.docs)
        build_corpus([ROOT / "corpus"])  # warm the gazetteer as a running process would
        extract, whole, floor = [], [], []
        for run in range(args.repeat):
            t0 = time.perf_counter()
            graph = build_corpus([folder])
            extract.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            build([folder], Path(tmp) / f"store-{run}")
            whole.append(time.perf_counter() - t0)
            text = graph_nquads(list(graph.nodes.values()), list(graph.edges.values()))
            t0 = time.perf_counter()
            oxi = pyoxigraph.Store(str(Path(tmp) / f"oxi-{run}"))
            oxi.bulk_load(text, format=pyoxigraph.RdfFormat.N_QUADS)
            oxi.flush()
            floor.append(time.perf_counter() - t0)
            quads = text.count("\n")
    kb = size / 1024
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"pyoxigraph {pyoxigraph.__version__}")
    print(f"folder: {args.docs} documents, {kb:.0f} KB of text, {quads} quads")
    for name, times in (("extract", extract), ("build (extract + store)", whole),
                        ("pyoxigraph bulk_load of the same N-Quads alone", floor)):
        med = statistics.median(times)
        print(f"{name}: median {med:.2f} s over {args.repeat} runs ({kb / med:.0f} KB/s)")


if __name__ == "__main__":
    main()
