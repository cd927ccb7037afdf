"""Issue #14 item 4: a load into an empty Neo4j database writes the whole
graph in large batches, relationships two batches at a time, without the
per-document removal and look-ups a reload needs. It must write exactly the
graph the document-by-document load writes, and a failure must leave the
database as it was: empty."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from neo4j_fixture import connection, count, dump, wipe
from ontology.errors import StoreError
from queries.embedded import EmbeddedStore
from queries.neo4j_store import Neo4jStore


@pytest.fixture()
def conn():
    conn = connection()
    wipe(conn)
    yield conn
    wipe(conn)


def test_a_load_into_an_empty_database_is_the_document_by_document_load(
        store: Path, conn: tuple[str, str, str]) -> None:
    records = EmbeddedStore(store).records()
    with Neo4jStore(*conn) as neo:
        neo.load(records)  # empty: the bulk path
        fresh = dump(conn)
        wipe(conn)
        with neo.driver.session() as session:  # one node there: the document-by-document path
            session.run("CREATE (:Marker {id: 'marker'})").consume()
        neo.load(records)
        with neo.driver.session() as session:
            session.run("MATCH (m:Marker) DELETE m").consume()
        by_document = dump(conn)
    meta = json.loads((store / "current" / "meta.json").read_text(encoding="utf-8"))
    # every node of the graph, and beside them the index of name forms
    assert len(fresh[0]) == meta["node_count"] + 1 and len(fresh[1]) == meta["edge_count"]
    assert fresh == by_document


def test_a_failed_load_into_an_empty_database_leaves_it_empty(
        store: Path, conn: tuple[str, str, str]) -> None:
    records = EmbeddedStore(store).records()
    bad = next(r for r in reversed(records) if r["kind"] == "edge")
    bad["props"]["nested"] = {"a map": "is no property value"}  # refused by Neo4j, last batch
    with Neo4jStore(*conn) as neo, pytest.raises(StoreError, match="the database is empty again"):
        neo.load(records)
    assert count(conn, "MATCH (n) RETURN count(n)") == 0
