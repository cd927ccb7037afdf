"""The real Neo4j server the test command starts (scripts/test.sh)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from queries.neo4j_server import local_password, local_uri


def connection() -> tuple[str, str, str]:
    password = local_password()
    if password is None:
        if os.environ.get("BANGFU_REQUIRE_NEO4J"):
            pytest.fail("the Neo4j test server is not running (scripts/test.sh starts it)")
        pytest.skip("no local Neo4j server; run the suite with scripts/test.sh")
    return local_uri(), "neo4j", password


def wipe(conn: tuple[str, str, str]) -> None:
    with GraphDatabase.driver(conn[0], auth=conn[1:]) as driver, driver.session() as session:
        # CALL … IN TRANSACTIONS needs an auto-commit transaction: session.run
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def count(conn: tuple[str, str, str], cypher: str, **params) -> int:
    with GraphDatabase.driver(conn[0], auth=conn[1:]) as driver:
        records, _, _ = driver.execute_query(cypher, params)
        return records[0][0]


def loaded(store: Path) -> tuple[str, str, str]:
    """The test server, emptied, holding the graph of the built store."""
    from queries.api import load
    conn = connection()
    wipe(conn)
    load(store, *conn)
    return conn


def dump(conn: tuple[str, str, str]) -> tuple[list[str], list[str]]:
    """Every node (labels, properties) and relationship (type, ends, properties),
    canonical, for comparing two ways of writing one graph."""
    with GraphDatabase.driver(conn[0], auth=conn[1:]) as driver:
        nodes, _, _ = driver.execute_query(
            # labels in order: Neo4j lists them by token id, which an import numbers otherwise
            "MATCH (n) RETURN COLLECT { UNWIND labels(n) AS l RETURN l ORDER BY l } AS labels, "
            # the index of name forms (queries/neo4j_names.py) has a new stamp at every
            # load, and data in the order the entities came; tests of it resolve names
            "CASE WHEN n:BangfuIndex THEN n {.id} ELSE properties(n) END AS props")
        rels, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS src, b.id AS dst, "
            "properties(r) AS props")

    def canon(rows: list) -> list[str]:
        return sorted(json.dumps(r.data(), ensure_ascii=False, sort_keys=True, default=sorted)
                      for r in rows)
    return canon(nodes), canon(rels)
