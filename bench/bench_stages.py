"""Where reading goes: CPU seconds of each reader of the loaders on one file or folder.

    .venv/bin/python -m bench.bench_stages [FILE_OR_FOLDER]   (default: a generated 2.6 MB plan)

Each reader named in STAGES is wrapped with a time.process_time() timer and
the documents are read once in this process (BANGFU_WORKERS=1), as
bench_bigfile reads them. The wrappers cost a little (a call each), so the
figures are for finding where time goes and comparing two versions in the
same minutes, not for MB/s (bench_bigfile's). A reader called inside another
counts in both (add_clauses holds find_clauses).
"""
from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (module, function): the stages of loaders/build.py and the readers inside them
STAGES = [("loaders.build", n) for n in ("find_grids", "normalize", "segment", "read_meta", "helps",
                                          "add_clauses", "add_document")] + \
         [("loaders.facts.clause_facts", n) for n in ("find_duties", "find_clauses", "add_task",
                                                      "assign")] + \
         [("loaders.facts.facts", n) for n in ("read_tables", "add_tables")] + \
         [("loaders.facts.pairing_prose", n) for n in ("read_pairings", "add_pairings",
                                                       "region_pairs", "_unit_pairs")] + \
         [("loaders.facts.fund_facts", n) for n in ("read_funds", "add_funds")]


def _timed(spent: dict[str, float], key: str, f: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return f(*args, **kwargs)
        finally:
            spent[key] += time.process_time() - start
    return timed


def main(target: Path | None) -> None:
    os.environ["BANGFU_WORKERS"] = "1"
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from bench.bench_bigfile import big_text
    from loaders.corpus import build_corpus

    spent: dict[str, float] = defaultdict(float)
    for module, name in STAGES:  # where the caller looks the name up: its own module
        mod = importlib.import_module(module)
        setattr(mod, name, _timed(spent, f"{module.rsplit('.', 1)[-1]}.{name}", getattr(mod, name)))
    with tempfile.TemporaryDirectory() as tmp:
        if target is None:
            target = Path(tmp) / "plan.txt"
            target.write_text(big_text(1_000_000), encoding="utf-8")
        files = sorted(p for p in target.rglob("*") if p.is_file()) if target.is_dir() else [target]
        size = sum(p.stat().st_size for p in files) / 1e6
        print(f"{target}: {len(files)} files, {size:.2f} MB; load average {os.getloadavg()[0]:.1f}")
        start = time.process_time()
        build_corpus(files)
        total = time.process_time() - start
    print(f"| stage | CPU s |\n|---|---|\n| whole read | {total:.2f} |")
    for key, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"| {key} | {seconds:.3f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if sys.argv[1:] else None)
