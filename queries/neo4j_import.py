"""A first load into the local Neo4j server with `neo4j-admin database import full`.

The graph goes into CSV files from the same rows the Bolt load writes
(queries/neo4j_store.py: by_document → fresh_rows, node_row, edge_row,
quote_rows), so labels, relationship types and properties are the same; the
server is stopped, the files imported, the server started again, then the
schema of queries/write/schema.cypher is created and the orphans the Bolt load
removes are removed. Only the server bangfu runs (scripts/neo4j/neo4j.sh,
$BANGFU_NEO4J_HOME) can be written this way: the import writes its files.
"""
from __future__ import annotations

import csv
import math
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ontology.errors import StoreError
from queries import name_index, neo4j_names
from queries.neo4j_server import SCRIPT, home, local_uri
from queries.neo4j_store import (Neo4jStore, by_document, fresh_rows, quote_rows, statement)

# Between the elements of an array and the labels of a node: the unit
# separator, which no document text holds (';', the default, is common in it).
ARRAY = "\x1f"
SCALAR = {bool: "boolean", int: "long", float: "double", str: "string"}  # bool before int
DATABASE = "neo4j"  # the one database of Neo4j Community
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
class CsvFiles:
    """The files of one import and what the CSV could not say."""
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    multiline: list[Path] = field(default_factory=list)  # fields with line breaks
    # the ids of the rows with empty lists, by the keys of those lists
    empty_nodes: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    empty_edges: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    node_count: int = 0
    relationship_count: int = 0


@dataclass
class Imported:
    """What the import wrote and the seconds of each phase (csv, stop, import, start, schema)."""
    nodes: int
    relationships: int
    seconds: dict[str, float]


def _kind(value: Any) -> Any:
    """The Python type of a value (of its elements for a list): a file's key."""
    kind = type(value)
    return (list, type(value[0])) if kind is list else kind


def _type(kind: Any, example: Any) -> str:
    """The CSV header type of a _kind (checked once per file: Bolt refuses the
    same values, a list of mixed types or a map)."""
    if isinstance(kind, tuple):
        if len({type(v) for v in example}) != 1 or kind[1] not in SCALAR:
            raise StoreError(f"a list property Neo4j cannot hold: {example[:3]!r}")
        return SCALAR[kind[1]] + "[]"
    if kind not in SCALAR:
        raise StoreError(f"a property value Neo4j cannot hold: {example!r}")
    return SCALAR[kind]


def _text(value: Any) -> str:
    if type(value) is str:
        return value
    if isinstance(value, list):
        return ARRAY.join(_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):  # Java's spelling
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return repr(value)


class _Files:
    """One CSV file per header: rows with the same properties of the same
    types (and line breaks or not) share one, so every field of a file is
    filled and a quoted "" is an empty string, never a missing property."""

    def __init__(self, folder: Path, prefix: str, head: list[str], out: list[Path],
                 multiline: list[Path]) -> None:
        self.folder, self.prefix, self.head, self.out, self.ml = folder, prefix, head, out, multiline
        self.open: dict[tuple, tuple[Any, Any]] = {}

    def write(self, fixed: list[str], props: dict[str, Any]) -> None:
        keys = tuple(props)  # the mapping puts keys in one order per kind of row
        values = list(props.values())
        texts = fixed + [_text(v) for v in values]
        joined = "".join(texts)
        sig = (keys, tuple(_kind(v) for v in values), "\n" in joined or "\r" in joined)
        if sig not in self.open:
            path = self.folder / f"{self.prefix}-{len(self.open):03d}.csv"
            fh = path.open("w", encoding="utf-8", newline="")
            writer = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerow(self.head + [f"{k}:{_type(t, v)}" for k, t, v in zip(keys, sig[1], values)])
            self.open[sig] = (fh, writer)
            self.out.append(path)
            if sig[2]:
                self.ml.append(path)
        self.open[sig][1].writerow(texts)

    def close(self) -> None:
        for fh, _ in self.open.values():
            fh.close()


def _split(props: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The properties a CSV field holds, and the keys of the empty lists it
    cannot (None is no property, as `SET n += {k: null}` leaves none)."""
    kept = {k: v for k, v in props.items() if v is not None and v != []}
    return kept, tuple(k for k, v in props.items() if v == [])


def write_csv(records: list[dict[str, Any]], folder: Path) -> CsvFiles:
    """The node and relationship CSVs of `neo4j-admin database import full`
    for the graph a first Bolt load writes (the same rows, the same mapping)."""
    folder.mkdir(parents=True, exist_ok=True)
    quotes, nodes, edges = fresh_rows(by_document(records), quote_rows(records))
    out = CsvFiles()
    groups = [_Files(folder, "quotes", ["id:ID(Quote)", ":LABEL"], out.nodes, out.multiline),
              _Files(folder, "nodes", ["id:ID", ":LABEL"], out.nodes, out.multiline),
              _Files(folder, "edges", [":START_ID", ":END_ID", ":TYPE", "id:string"],
                     out.relationships, out.multiline)]
    try:
        for quote in quotes:
            groups[0].write([quote["id"], "Quote"], {"text": quote["text"], "document": quote["document"]})
        for node in nodes:
            kept, empty = _split(node["props"])
            # :Entity as upsert_nodes.cypher MERGEs it, then the class labels
            groups[1].write([node["id"], ARRAY.join(["Entity", *node["labels"]])], kept)
            if empty:
                out.empty_nodes.setdefault(empty, []).append(node["id"])
        for edge in edges:
            kept, empty = _split(edge["props"])
            groups[2].write([edge["src"], edge["dst"], edge["type"], edge["id"]], kept)
            if empty:
                out.empty_edges.setdefault(empty, []).append(edge["id"])
    finally:
        for group in groups:
            group.close()
    out.node_count, out.relationship_count = len(quotes) + len(nodes), len(edges)
    return out


def import_args(files: CsvFiles, report: Path) -> list[str]:
    """neo4j-admin's arguments; the database first, as --nodes takes every
    word after it for a file."""
    args = ["database", "import", "full", DATABASE, "--overwrite-destination=true",
            f"--array-delimiter=U+{ord(ARRAY):04X}", "--bad-tolerance=0",
            f"--report-file={report}", "--max-off-heap-memory=2G"]
    if files.multiline:  # v2: only these files are parsed the slow way
        args += ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(map(str, files.multiline))]
    args += [f"--nodes={p}" for p in files.nodes]
    args += [f"--relationships={p}" for p in files.relationships]
    return args


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
