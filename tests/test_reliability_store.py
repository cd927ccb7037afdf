"""Issue #13: the embedded store under concurrent builds and readers. One
writer at a time; cleanup never removes the current generation or one in
use; a reader keeps the generation it opened; generations left by killed
builds go with the next build. The concurrent tests run real `bangfu build`
processes, bounded in count and time."""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import CORPUS, DOC, ROOT
from ontology.errors import StoreError
from ontology.model import Edge, Node
from ontology.vocab import C, R
from queries.embedded import EmbeddedStore
from queries.store_write import write_store

BANGFU = [sys.executable, "-c", "import cli; cli.run()"]
ROUNDS = 4  # pairs of builds started together; the old store broke in 7 of 10


def start_build(store: Path, *paths: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(BANGFU + ["build", *map(str, paths or (CORPUS,))], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, BANGFU_STORE=str(store), **env))


def finish(proc: subprocess.Popen[str], limit: float = 120) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=limit)
    return proc.returncode, out, err


def tiny_graph(name: str) -> tuple[list[Node], list[Edge]]:
    unit, task = f"unit-{name}", f"task-{name}"
    return ([Node(unit, C.GovernmentDepartment, f"{name}局", {}), Node(task, C.Task, f"{name}任务", {})],
            [Edge(unit, R.responsibleFor, task, {})])


def generations(store: Path) -> set[str]:
    return {p.name for p in store.glob("gen-*")}


def whole(store: Path, settled: bool = True) -> None:
    """The store is complete: current names a generation a reader can use.
    While builds run (not settled), current may move on after the reader
    opened its generation: the reader keeps the one it opened."""
    db = EmbeddedStore(store)
    assert db.path.name.startswith("gen-")
    if settled:
        assert db.path.name == os.readlink(store / "current")
    assert len(db.meta()["documents"]) == 5 and len(db.records()) == db.meta()["node_count"] \
        + db.meta()["edge_count"]
    assert db.run("stats", {})


def test_two_builds_at_once_both_succeed_and_leave_one_whole_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    for _ in range(ROUNDS):
        first, second = start_build(store), start_build(store)
        for code, out, err in (finish(first), finish(second)):
            assert code == 0 and out.startswith("built 5 documents"), err
        whole(store)
        assert generations(store) == {os.readlink(store / "current")}  # nothing left behind


def test_a_build_refuses_after_a_bounded_wait_while_another_writes(tmp_path: Path) -> None:
    store = tmp_path / "store"
    write_store(store, *tiny_graph("甲"), {"documents": []})
    before = os.readlink(store / "current")
    with (store / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a build in progress holds it
        code, out, err = finish(start_build(store, CORPUS / DOC["003"], BANGFU_BUILD_WAIT="0"))
        assert code == 2 and err.strip() == (f"bangfu: error: another build is writing the store "
                                             f"in {store} (waited 0 s; BANGFU_BUILD_WAIT sets how long)")
        started = time.monotonic()
        code, out, err = finish(start_build(store, CORPUS / DOC["003"], BANGFU_BUILD_WAIT="1"))
        waited = time.monotonic() - started
    assert code == 2 and err.strip().splitlines()[-1].startswith(
        "bangfu: error: another build is writing the store"), err
    assert waited >= 1 and os.readlink(store / "current") == before
    code, out, err = finish(start_build(store, CORPUS / DOC["003"]))
    assert code == 0, err


def test_a_waiting_build_goes_on_when_the_other_finishes(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    with (store / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        proc = start_build(store, CORPUS / DOC["003"], BANGFU_BUILD_WAIT="60")
        time.sleep(2)
        assert proc.poll() is None  # still waiting
    code, out, err = finish(proc)
    assert code == 0 and out.startswith("built 1 documents"), err


def test_cleanup_spares_a_generation_in_use_and_removes_those_of_killed_builds(tmp_path: Path) -> None:
    store = tmp_path / "store"
    write_store(store, *tiny_graph("甲"), {"documents": []})
    killed = store / "gen-0-1"  # a build killed half way: no one holds it
    (killed / "rdf").mkdir(parents=True)
    busy = store / "gen-1-2"  # a build writing it (or a reader) holds it
    (busy / "rdf").mkdir(parents=True)
    with (busy / ".in-use").open("wb") as hold:
        fcntl.flock(hold, fcntl.LOCK_SH)
        new = write_store(store, *tiny_graph("乙"), {"documents": []})
        assert generations(store) == {new.name, busy.name}
    write_store(store, *tiny_graph("丙"), {"documents": []})
    assert busy.name not in generations(store) and len(generations(store)) == 1


def test_a_reader_keeps_the_generation_it_opened_across_builds(tmp_path: Path) -> None:
    store = tmp_path / "store"
    write_store(store, *tiny_graph("甲"), {"documents": ["甲"]})
    reader = EmbeddedStore(store)
    write_store(store, *tiny_graph("乙"), {"documents": ["乙"]})
    write_store(store, *tiny_graph("丙"), {"documents": ["丙"]})
    assert reader.meta()["documents"] == ["甲"]  # what it opened, whole
    assert {r["name"] for r in reader.records() if r["kind"] == "node"} == {"甲局", "甲任务"}
    assert reader.run("stats", {}) is not None
    assert EmbeddedStore(store).meta()["documents"] == ["丙"]
    del reader  # let go: the next build removes its generation
    write_store(store, *tiny_graph("丁"), {"documents": ["丁"]})
    assert len(generations(store)) == 1


def test_a_reader_that_finds_its_generation_gone_retries_on_the_new_one(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from queries import generations as gens
    store = tmp_path / "store"
    write_store(store, *tiny_graph("甲"), {"documents": ["甲"]})
    stale = os.readlink(store / "current")
    write_store(store, *tiny_graph("乙"), {"documents": ["乙"]})
    names = iter([stale])  # the first resolve sees the generation a build just removed
    real = gens.current_name
    monkeypatch.setattr(gens, "current_name", lambda root: next(names, None) or real(root))
    assert EmbeddedStore(store).meta()["documents"] == ["乙"]


def test_readers_during_real_builds_see_the_old_or_the_new_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, _, err = finish(start_build(store))
    assert code == 0, err
    builder_done = threading.Event()
    results: list[tuple[int, str, str]] = []

    def builds() -> None:  # ROUNDS builds one after another, in other processes
        try:
            for _ in range(ROUNDS):
                results.append(finish(start_build(store)))
        finally:
            builder_done.set()
    thread = threading.Thread(target=builds)
    thread.start()
    reads, failures, deadline = 0, [], time.monotonic() + 180
    while not builder_done.is_set() and time.monotonic() < deadline:
        try:
            whole(store, settled=False)  # in this process: open, query, read the JSON lines
            reads += 1
        except (StoreError, OSError, AssertionError) as exc:
            failures.append(f"{type(exc).__name__}: {exc}")
        export = subprocess.run(BANGFU + ["export", "--doc", DOC["003"], "-f", "json", "-o",
                                          str(tmp_path / "e.json")], cwd=ROOT, capture_output=True,
                                text=True, env=dict(os.environ, BANGFU_STORE=str(store)), timeout=120)
        if export.returncode != 0:
            failures.append(export.stderr.strip())
    thread.join(timeout=240)
    assert all(code == 0 for code, _, _ in results) and len(results) == ROUNDS, results
    assert failures == [] and reads > 0
    whole(store)


def test_a_build_whose_writes_fail_says_so_in_one_line_and_keeps_the_old_store(tmp_path: Path) -> None:
    """A disk that refuses the new store's files (here: a file size limit, so
    every write past 256 KB fails as on a full disk) is a user's error, not an
    internal one; the old store is still the one read, and the new generation
    is gone."""
    import resource
    store = tmp_path / "store"
    first = sorted(CORPUS.glob("*.txt"))[0]
    assert finish(start_build(store, first))[0] == 0
    before = generations(store)

    def small_files() -> None:  # in the child; Python ignores SIGXFSZ, so the write fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))
    proc = subprocess.Popen(BANGFU + ["build", str(CORPUS)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=small_files,
                            env=dict(os.environ, BANGFU_STORE=str(store)))
    code, _, err = finish(proc)
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("bangfu: error: ") and "as it was" in err, err
    assert "Traceback" not in err and "internal error" not in err
    assert generations(store) == before
    assert EmbeddedStore(store).meta()["documents"] == [first.name]
