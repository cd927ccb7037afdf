"""A first load into the local Neo4j server with `neo4j-admin database import full`.

The graph goes into CSV files (queries/neo4j_csv.py: the same rows the Bolt
load writes); the server is stopped, the files imported, the server started
again, then the schema of queries/write/schema.cypher is created and the
orphans the Bolt load removes are removed. Only the server bangfu runs
(scripts/neo4j/neo4j.sh, $BANGFU_NEO4J_HOME) can be written this way: the
import writes its files.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ontology.errors import StoreError
from queries import name_index, neo4j_names
from queries.neo4j_csv import DATABASE, CsvFiles, import_args, write_csv
from queries.neo4j_server import SCRIPT, home, local_uri
from queries.neo4j_store import Neo4jStore, statement

# Bounds for waiting on the script on a loaded 2-core machine (start: its own 120 s);
# the import itself takes 8 s at 40×, an hour is for a graph far larger.
SCRIPT_TIMEOUT, IMPORT_TIMEOUT = 600, 3600
# Properties Bolt writes as [] and CSV cannot hold (an empty array field is no
# property): set after the import, by id.
# by id, the same keys a statement (a map a row made it 40% slower).
RESTORE_EMPTY = "UNWIND $ids AS id MATCH (n:Entity {id: id}) SET n += $props"
RESTORE_EMPTY_EDGES = "UNWIND $ids AS id MATCH ()-[r {id: id}]->() SET r += $props"
RESTORE_BATCH = 20_000


@dataclass
class Imported:
    """What the import wrote and the seconds of each phase (csv, stop, import, start, schema)."""
    nodes: int
    relationships: int
    seconds: dict[str, float]


def _script(*args: str, timeout: float = SCRIPT_TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), *args], text=True, capture_output=True,
                          timeout=timeout)


def _failure(done: subprocess.CompletedProcess[str]) -> str:
    """The line that says why: neo4j-admin's exception message, else the last line."""
    lines = [l.strip() for l in (done.stderr + "\n" + done.stdout).splitlines() if l.strip()]
    said = [l for l in lines if "Exception" in l or "error" in l.lower()]
    return (said or lines or [f"exit code {done.returncode}"])[0][:300]


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.settimeout(2) or s.connect_ex(("127.0.0.1", port)) == 0


def check_target(uri: str) -> None:
    """Refuse, in one line, any server but the local one bangfu runs."""
    local = urlsplit(local_uri())
    parts = urlsplit(uri)
    if parts.scheme not in ("bolt", "neo4j") or parts.hostname not in ("127.0.0.1", "localhost") \
            or parts.port != local.port:
        raise StoreError(f"neo4j-admin import writes only into the local server bangfu runs "
                         f"({local_uri()}, $BANGFU_NEO4J_HOME {home()}), not {uri}: "
                         "load that one with `bangfu load` over Bolt")
    if not (home() / "lib").is_dir():
        raise StoreError(f"no local Neo4j in {home()}: `bangfu neo4j start` sets one up")
    running = _script("status").returncode == 0
    if not running and _port_open(local.port):
        raise StoreError(f"the server at {uri} is not the one bangfu runs from {home()}: "
                         "load it with `bangfu load` over Bolt")


def import_graph(records: list[dict[str, Any]], uri: str, user: str, password: str,
                 overwrite: bool = False, progress: Callable[[str, float], None] | None = None,
                 index: dict[str, Any] | None = None) -> Imported:
    """A first load of `records` (EmbeddedStore.records()) into the local
    server with neo4j-admin: refuses a database that holds anything unless
    `overwrite`. The server is stopped for the import and running after it,
    also when the import fails."""
    check_target(uri)
    seconds: dict[str, float] = {}
    if _script("status").returncode != 0:
        _run_step("start", seconds, progress, _start)
    with Neo4jStore(uri, user, password) as neo:
        held = neo.counts()["nodes"]
    if held and not overwrite:
        raise StoreError(f"the database at {uri} holds {held} nodes: neo4j-admin import "
                         "replaces everything, so ask to overwrite, or use `bangfu load`")
    folder = Path(tempfile.mkdtemp(prefix="bangfu-import-"))
    try:
        files = _run_step("csv", seconds, progress, lambda: write_csv(records, folder))
        _run_step("stop", seconds, progress, _stop)
        try:
            done = _run_step("import", seconds, progress, lambda: _script(
                "admin", *import_args(files, home() / "logs" / "import.report"), timeout=IMPORT_TIMEOUT))
            if done.returncode != 0:
                _clear_database()
        finally:
            _run_step("start", seconds, progress, _start)
        # neo4j-admin's own account (phases, its time, memory) for whoever asks why
        (home() / "logs" / "import.log").write_text(done.stdout + done.stderr, encoding="utf-8")
        if done.returncode != 0:
            raise StoreError(f"neo4j-admin import failed ({_failure(done)}); the database is "
                             "empty again and the server runs (details: logs/import.log)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with Neo4jStore(uri, user, password) as neo:
        counts = _run_step("schema", seconds, progress, lambda: _finish(neo, files, index))
    return Imported(counts["nodes"], counts["relationships"], seconds)


def _finish(neo: Neo4jStore, files: CsvFiles, index: dict[str, Any] | None) -> dict[str, int]:
    """What the Bolt load has that the files cannot give: the schema (online
    before anything is read), the empty lists, no orphans, the name index."""
    neo.ensure_schema()
    driver, db = neo.driver, neo.database
    driver.execute_query("CALL db.awaitIndexes(600)", database_=db)
    for text, groups in ((RESTORE_EMPTY, files.empty_nodes), (RESTORE_EMPTY_EDGES, files.empty_edges)):
        for keys, ids in groups.items():
            for start in range(0, len(ids), RESTORE_BATCH):
                driver.execute_query(text, ids=ids[start:start + RESTORE_BATCH],
                                     props=dict.fromkeys(keys, []), database_=db)
    driver.execute_query(statement("delete_orphans"), database_=db)
    neo4j_names.index_after_load(driver, db, index, fresh=True)  # as Neo4jStore.load ends
    return neo.counts()


def _run_step(name: str, seconds: dict[str, float],
              progress: Callable[[str, float], None] | None, step: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    result = step()
    seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t0
    if progress:
        progress(name, seconds[name])
    return result


def _clear_database() -> None:
    """After a failed import: its store files are unusable (neo4j-admin says so)
    and the server would not open them; without any, it starts the database empty."""
    data = home() / "data"
    for path in (data / "databases" / DATABASE, data / "transactions" / DATABASE):
        shutil.rmtree(path, ignore_errors=True)


def _start() -> None:
    done = _script("start")
    if done.returncode != 0:
        raise StoreError(f"the local Neo4j did not start again: {_failure(done)}")


def _stop() -> None:
    done = _script("stop")
    # the import must never write under a live database, whatever the script said
    if done.returncode != 0 or _port_open(urlsplit(local_uri()).port or 7687):
        raise StoreError(f"the local Neo4j did not stop: {_failure(done)}")


def import_store(store_dir: Path, uri: str, user: str, password: str, overwrite: bool = False,
                 progress: Callable[[str, float], None] | None = None) -> Imported:
    """The built graph of `store_dir` into the local server (the CLI's entry)."""
    from queries.embedded import EmbeddedStore
    check_target(uri)  # before reading the records: 10 s at 40×
    built = EmbeddedStore(store_dir)
    return import_graph(built.records(), uri, user, password, overwrite, progress,
                        name_index.data(built.path))
