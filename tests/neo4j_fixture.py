"""The real Neo4j server the test command starts (scripts/test.sh)."""
from __future__ import annotations

import os

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
