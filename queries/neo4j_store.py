"""Neo4j as the shared store: loads the built graph and runs the Cypher twin
of every named query.

Labels are the ontology's class names (with their superclasses and the
constrained :Entity label), relationship types its object properties in
UPPER_SNAKE, properties its attribute names (camelCase). Each document is
written in one transaction that first removes what the document stated
before, so a load is idempotent and a failure leaves that document as it was.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib import resources
from itertools import islice
from typing import Any

from neo4j import Driver, GraphDatabase, ManagedTransaction, RoutingControl
from neo4j import exceptions as neo

from ontology.errors import QueryError, StoreError
from queries import catalog, neo4j_names
from queries.name_index import NameIndex
from queries.neo4j_records import WORLD, by_document, fresh_rows, quote_rows
from queries.rows import Row

BATCH = 1000
BULK = 10_000  # rows a statement when loading into an empty database
# Relationship batches written at once into an empty database: each only
# creates relationships between nodes already there, so none waits on another
# for long (a deadlock is retried by the driver). 14.5k → 21k/s at 40×.
PARALLEL = 2
# Bolt and routing schemes, with their TLS variants; a local server, a cluster or Aura.
URI_SCHEMES = re.compile(r"^(bolt|neo4j)(\+s|\+ssc)?://[^\s/]+")


@cache
def statement(name: str) -> str:
    return (resources.files("queries") / "write" / f"{name}.cypher").read_text(encoding="utf-8")


def _statements(text: str) -> list[str]:
    body = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]


def _batched(items: list[dict], size: int = BATCH) -> Iterator[list[dict]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


PACKED = ["_columns", "_rows"]  # the columns of a query that returns its rows packed


def unpacked(records: list[Any], keys: list[str]) -> list[Row]:
    """The rows of a query's records. A listing may return its rows packed:
    records of two columns, the names of its columns and a list of rows (each
    a list of values), so that the driver decodes a few large records instead
    of one per row (its Python costs ~40 µs a record: 10,840 dispatches at
    40×). A record is a tuple: zipping its values spares Record's lookup of
    each key by name (dict(record): a fifth of the driver's time)."""
    if keys == PACKED:
        return [dict(zip(columns, row)) for columns, rows in map(tuple.__iter__, records)
                for row in rows]
    return [dict(zip(keys, tuple.__iter__(r))) for r in records]


class Neo4jStore:
    """A Neo4j database (local server, cluster or Aura) holding the graph."""

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        self.uri, self.database = uri, database
        if not URI_SCHEMES.match(uri):
            raise StoreError(f"not a Neo4j URI {uri!r}: use bolt://, neo4j:// or neo4j+s:// "
                             "(also bolt+s://, bolt+ssc://, neo4j+ssc://)")
        try:
            # notifications off: a type that no document uses yet (COOPERATES_ON)
            # is not worth a warning on every query
            self.driver: Driver = GraphDatabase.driver(uri, auth=(user, password),
                                                       notifications_min_severity="OFF")
            self.driver.verify_connectivity()
        except neo.AuthError:
            raise StoreError(f"Neo4j at {uri} refused user {user!r}: wrong user or password") from None
        except (neo.ServiceUnavailable, OSError):
            raise StoreError(f"Neo4j is not reachable at {uri}: is the server running? "
                             "(`bangfu neo4j start` starts a local one)") from None
        except (neo.ConfigurationError, ValueError) as exc:
            raise StoreError(f"not a usable Neo4j URI {uri!r}: {exc}") from None
        self._names = neo4j_names.HeldIndex()

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------
    def ensure_schema(self) -> None:
        for text in _statements(statement("schema")):
            self.driver.execute_query(text, database_=self.database)

    def load(self, records: list[dict[str, Any]], only: set[str] | None = None,
             progress: Callable[[str, int], None] | None = None,
             index: dict[str, Any] | None = None) -> dict[str, int]:
        """Write each document in its own transaction (into an empty database,
        the whole graph in bulk), then index the names it holds; returns the
        counts. ``index``: the built store's index of name forms, kept as it is
        when the database ends up holding exactly that graph."""
        self.ensure_schema()
        neo4j_names.drop_index(self.driver, self.database)  # readers use the queries meanwhile
        fresh = only is None and self.counts()["nodes"] == 0
        counts = self._load(records, only, progress, fresh)
        neo4j_names.index_after_load(self.driver, self.database, index, fresh)
        return counts

    def name_index(self) -> NameIndex | None:
        """The database's index of name forms (None if a load wrote none)."""
        return self._names.get(self.driver, self.database)

    def _load(self, records: list[dict[str, Any]], only: set[str] | None,
              progress: Callable[[str, int], None] | None, fresh: bool) -> dict[str, int]:
        parts = by_document(records)
        if only is not None:
            missing = only - set(parts)
            if missing:
                raise StoreError(f"the built graph has no document {', '.join(sorted(missing))}")
        if fresh:
            return self._load_fresh(parts, quote_rows(records), progress)
        world_nodes, world_edges = parts.pop(WORLD)
        self._write_world(world_nodes, world_edges)  # idempotent, so safe to repeat
        if progress:
            progress("(shared)", len(world_nodes) + len(world_edges))
        quotes = quote_rows(records)
        for doc, (nodes, edges) in parts.items():
            if only is not None and doc not in only:
                continue
            try:
                with self.driver.session(database=self.database) as session:
                    session.execute_write(self._write_document, doc, nodes, edges,
                                          quotes.get(doc, []))
            except neo.Neo4jError as exc:
                first = (exc.message or str(exc)).strip().splitlines()[0]
                raise StoreError(f"loading {doc} failed and was rolled back: {first}") from None
            if progress:
                progress(doc, len(nodes) + len(edges))
        with self.driver.session(database=self.database) as session:
            session.execute_write(lambda tx: tx.run(statement("delete_orphans")).consume())
        return self.counts()

    def _load_fresh(self, parts: dict[str, tuple[list[dict], list[dict]]],
                    quotes: dict[str, list[dict]],
                    progress: Callable[[str, int], None] | None) -> dict[str, int]:
        """Into an empty database: the whole graph in batches of BULK rows,
        nothing deleted or looked for first (each document's removal scanned
        every relationship, and each relationship looked for itself among a
        hub's: 35 s for the 40× graph, issue #14). The same graph as writing
        document by document; if a batch fails, the database is emptied again,
        as it was before the load."""
        quote_list, nodes, edges = fresh_rows(parts, quotes)
        steps = [("upsert_quotes", quote_list, 100, 1), ("upsert_nodes", nodes, BULK, 1),
                 ("create_edges", edges, BULK // PARALLEL, PARALLEL)]
        try:
            for name, rows, size, workers in steps:
                text = statement(name)

                def write(batch: list[dict], text: str = text) -> int:
                    with self.driver.session(database=self.database) as session:
                        session.execute_write(lambda tx: tx.run(text, rows=batch).consume())
                    return len(batch)
                with ThreadPoolExecutor(workers) as pool:
                    for done in pool.map(write, _batched(rows, size)):
                        if progress:
                            progress(name, done)
            self.driver.execute_query(statement("delete_orphans"), database_=self.database)
        except neo.Neo4jError as exc:
            first = (exc.message or str(exc)).strip().splitlines()[0]
            self._empty()
            raise StoreError(f"loading failed ({first}); the database is empty again, "
                             "as before the load") from None
        return self.counts()

    def _empty(self) -> None:
        with self.driver.session(database=self.database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def _write_world(self, nodes: list[dict], edges: list[dict]) -> None:
        """Shared nodes and relationships, a batch per transaction: writing them
        again changes nothing, so a failure part way is repaired by the next load."""
        with self.driver.session(database=self.database) as session:
            for batch in _batched(nodes):
                session.execute_write(lambda tx, b: tx.run(statement("upsert_nodes"), rows=b).consume(), batch)
            for batch in _batched(edges):
                session.execute_write(lambda tx, b: tx.run(statement("upsert_edges"), rows=b).consume(), batch)

    @staticmethod
    def _write_document(tx: ManagedTransaction, doc: str, nodes: list[dict],
                        edges: list[dict], quotes: list[dict]) -> None:
        tx.run(statement("delete_document"), doc=doc).consume()
        for batch in _batched(quotes, 100):  # up to 100 long clauses a statement
            tx.run(statement("upsert_quotes"), rows=batch).consume()
        for batch in _batched(nodes):
            tx.run(statement("upsert_nodes"), rows=batch).consume()
        for batch in _batched(edges):
            tx.run(statement("upsert_edges"), rows=batch).consume()

    def counts(self) -> dict[str, int]:
        records, _, _ = self.driver.execute_query(statement("counts"), database_=self.database,
                                                  routing_=RoutingControl.READ)
        return dict(records[0])

    # -- reading -----------------------------------------------------------
    def run(self, name: str, params: dict[str, Any]) -> list[Row]:
        query = catalog.get(name)
        bound = {p.name: params.get(p.name) or None for p in query.params}
        try:
            records, _, keys = self.driver.execute_query(
                query.text_for("cypher", bound), bound, database_=self.database,
                routing_=RoutingControl.READ)
        except neo.CypherSyntaxError as exc:
            raise QueryError(f"query {name}: {exc.message}") from None
        return unpacked(records, keys)

    def stats(self) -> dict[str, int]:
        return {r["name"]: r["count"] for r in self.run("stats", {})}
