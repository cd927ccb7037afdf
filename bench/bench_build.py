"""Time `build` of the sample corpus (excluding interpreter start).

    .venv/bin/python bench/bench_build.py [--repeat 5]

Prints the median and the best of the runs; docs/benchmarks.md records them.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from loaders.corpus import build_corpus  # imported before timing: start-up is not build
    from queries.api import build
    build_corpus([ROOT / "corpus"])  # warm the gazetteer cache as a running process would
    times, parse_times = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            build_corpus([ROOT / "corpus"])
            parse_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            build([ROOT / "corpus"], Path(tmp) / "store")
            times.append(time.perf_counter() - t0)
    print(f"machine: {platform.processor() or platform.machine()}, "
          f"python {platform.python_version()}")
    print(f"extract only: median {statistics.median(parse_times):.3f} s, best {min(parse_times):.3f} s")
    print(f"build (extract + store): median {statistics.median(times):.3f} s, "
          f"best {min(times):.3f} s over {args.repeat} runs")


if __name__ == "__main__":
    main()
