"""`bangfu build` of a large folder as a user runs it, beside the store's own speed.

    .venv/bin/python -m bench.bench_build40 [--docs /tmp/bangfu-bench-queries/x40/docs]
        [--runs 3] [--work /tmp/bangfu-bench-build40]

Runs `bangfu build DOCS` in a fresh process --runs times: wall time, CPU of the
process and its workers, peak RSS (as /usr/bin/time -v reports them). Then
pyoxigraph's own bulk_load of every quad of the store it made into a fresh store,
in chunks of the build's size, nothing else (the floor), and of the same quads
with fewer a relationship (issue #14 item 3): without bf:tableName (no named
query reads it), also without rdf:type bf:Assertion (rdf:subject implies it), and
also with each assertion's provenance as one shared evidence node (bf:evidence;
the queries would take one more step). Last, a process that does nothing but
import pyoxigraph and bulk_load the store's N-Quads from a file in the build's
chunks (--floor FILE, run as a child): its wall, CPU and peak RSS are the
library's floor for the build's time and memory. Medians; the load average is
printed, the machine having 2 cores shared with other work. docs/benchmarks.md
records them.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import AnyStr

ROOT = Path(__file__).resolve().parent.parent
BF, ID = "<https://w3id.org/bangfu/ontology#", "<https://w3id.org/bangfu/id/"
IS_ASSERTION = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " + BF + "Assertion> .\n"
PROVENANCE = {f"{BF}{p}>" for p in ("statedIn", "section", "start", "end", "quote", "page",
                                     "tableNumber", "rowNumber", "columnNumber", "readByOcr")}


def build_once(docs: Path, store: Path) -> tuple[float, float, int]:
    """Wall s, CPU s (with the workers) and peak RSS MB of one `bangfu build`."""
    shutil.rmtree(store, ignore_errors=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "bangfu"), "build", str(docs),
                             "--store", str(store)], stdout=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"build failed ({proc.returncode})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def in_chunks(lines: Iterable[AnyStr], chunk: int, empty: AnyStr) -> Iterator[AnyStr]:
    """The lines joined into parts of at least ``chunk`` characters (or bytes), the last smaller."""
    part: list[AnyStr] = []
    size = 0
    for line in lines:
        part.append(line)
        size += len(line)
        if size >= chunk:
            joined = empty.join(part)
            part, size = [], 0  # the lines go before the part is loaded, as in the build
            yield joined
            del joined  # and the part once loaded (the caller drops its name too)
    yield empty.join(part)


def bulk_load(lines: list[str], where: Path, chunk: int) -> tuple[float, float]:
    """Wall and CPU seconds of bulk_load of the lines in chunks of ``chunk`` characters."""
    import pyoxigraph
    shutil.rmtree(where, ignore_errors=True)
    cpu, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    store = pyoxigraph.Store(str(where))
    for part in in_chunks(lines, chunk, ""):
        store.bulk_load(part, format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    wall, after = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF)
    del store
    shutil.rmtree(where, ignore_errors=True)
    return wall, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime


def shared_evidence(lines: list[str]) -> list[str]:
    """Each assertion's provenance lines replaced by one bf:evidence to a node
    holding them, one node per distinct provenance."""
    out, prov = [], {}
    for line in lines:
        s, p, rest = line.split(" ", 2)
        if s.startswith(ID + "e-") and p in PROVENANCE:
            prov.setdefault(s, []).append(f"{p} {rest}")
        else:
            out.append(line)
    made = set()
    for a, tails in prov.items():
        ev = f"{ID}ev-{hashlib.sha1(''.join(sorted(tails)).encode()).hexdigest()[:16]}>"
        out.append(f"{a} {BF}evidence> {ev} .\n")
        if ev not in made:
            made.add(ev)
            out.extend(f"{ev} {t}" for t in tails)
    return out


def floor(nquads: Path, chunk: int) -> None:
    """Bulk-load the N-Quads file in chunks of ``chunk`` bytes into a fresh store,
    nothing else in this process; print wall, CPU and peak RSS."""
    import pyoxigraph
    where = nquads.with_suffix(".oxi")
    shutil.rmtree(where, ignore_errors=True)
    after_import = peak_mb()
    t0 = time.perf_counter()
    store = pyoxigraph.Store(str(where))
    with nquads.open("rb") as fh:
        for part in in_chunks(fh, chunk, b""):
            store.bulk_load(part, format=pyoxigraph.RdfFormat.N_QUADS)
            del part
    store.flush()
    wall, usage = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF)
    del store
    shutil.rmtree(where, ignore_errors=True)
    print(f"a process only bulk-loading the store's N-Quads (chunks of {chunk / 1e6:.0f} MB): "
          f"wall {wall:.2f} s, CPU {usage.ru_utime + usage.ru_stime:.1f} s, peak RSS "
          f"{peak_mb()} MB ({after_import} MB after the import)", flush=True)


def peak_mb() -> int:
    """This process's peak RSS in MB: VmHWM, which starts afresh at exec, where
    ru_maxrss keeps the high-water mark of the forked parent (the bench holds
    every quad's line when it starts the child)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) // 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    # the child of the last step, which imports nothing of bangfu
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--chunk", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=Path, default=Path("/tmp/bangfu-bench-queries/x40/docs"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bangfu-bench-build40"))
    args = parser.parse_args()
    if args.floor:
        floor(args.floor, args.chunk)
        return
    import pyoxigraph

    from queries.store_write import CHUNK_CHARS
    size = sum(p.stat().st_size for p in args.docs.rglob("*") if p.is_file())
    print(f"{args.docs}: {size / 1e6:.2f} MB; load average {os.getloadavg()[0]:.1f} at start")
    runs = [build_once(args.docs, args.work / "store") for _ in range(args.runs)]
    wall, cpu, rss = (statistics.median(r[k] for r in runs) for k in range(3))
    print(f"bangfu build: median wall {wall:.2f} s ({size / 1e6 / wall:.2f} MB/s), CPU {cpu:.1f} s, "
          f"peak RSS {rss:.0f} MB ({rss * 2**20 / size:.0f}x the text); "
          f"runs (wall s, CPU s, MB): {[(round(w, 2), round(c, 1), m) for w, c, m in runs]}")
    rdf = (args.work / "store" / "current").resolve() / "rdf"
    text = pyoxigraph.Store.read_only(str(rdf)).dump(format=pyoxigraph.RdfFormat.N_QUADS)
    full = text.decode("utf-8").splitlines(keepends=True)
    nquads = args.work / "store.nq"
    nquads.write_bytes(text)
    del text
    no_table = [x for x in full if x.split(" ", 2)[1] != BF + "tableName>"]
    no_type = [x for x in no_table if not x.endswith(IS_ASSERTION)]
    variants: list[tuple[str, Callable[[], list[str]]]] = [
        ("all quads of the store", lambda: full), ("without bf:tableName", lambda: no_table),
        ("also without rdf:type bf:Assertion", lambda: no_type),
        ("also provenance as shared evidence nodes", lambda: shared_evidence(no_type))]
    for name, lines_of in variants:
        lines = lines_of()
        times = [bulk_load(lines, args.work / "oxi", CHUNK_CHARS) for _ in range(args.runs)]
        print(f"bulk_load, {name}: {len(lines):,} quads; median wall "
              f"{statistics.median(t[0] for t in times):.2f} s, CPU {statistics.median(t[1] for t in times):.1f} s")
    for _ in range(args.runs):
        subprocess.run([sys.executable, "-m", "bench.bench_build40", "--floor", str(nquads),
                        "--chunk", str(CHUNK_CHARS)],
                       cwd=ROOT, check=True)
    nquads.unlink()
    print(f"load average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
