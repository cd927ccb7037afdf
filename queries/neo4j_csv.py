"""The CSV files of a first load with `neo4j-admin database import full`,
and the arguments that make neo4j-admin read them as written.

The rows are the ones the Bolt load writes (queries/neo4j_store.py:
by_document → fresh_rows, node_row, edge_row, quote_rows), so labels,
relationship types and properties are the same; what a CSV field cannot
hold (an empty list) is kept aside for queries/neo4j_import.py to set after
the import.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ontology.errors import StoreError
from queries.neo4j_records import by_document, fresh_rows, quote_rows

# Between the elements of an array and the labels of a node: the unit
# separator, which no document text holds (';', the default, is common in it).
ARRAY = "\x1f"
SCALAR = {bool: "boolean", int: "long", float: "double", str: "string"}  # bool before int
DATABASE = "neo4j"  # the one database of Neo4j Community


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
