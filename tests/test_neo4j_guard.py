"""Issue #13: a read-only Cypher query cannot fill Neo4j's heap with a list
(item 7), and a clause naming many units reaches Neo4j as one shared quote
with the same evidence (item 4). Runs against the test server of
scripts/test.sh; it writes one invented document and removes it again."""
from __future__ import annotations

from pathlib import Path

import pytest

from neo4j_fixture import connection, count
from ontology.errors import QueryError
from queries.adhoc import RANGE_MAX, range_refusal
from queries.api import build, cypher
from queries.embedded import EmbeddedStore
from queries.neo4j_store import Neo4jStore, statement
from test_bounds import N_UNITS, many_units_plan

HUGE = ["RETURN size([x IN range(1,300000000) | x]) AS s",
        "RETURN [x IN range(1,20000000) | toString(x)][0]",
        "RETURN [x IN RANGE /* c */ (1, 2000) | range(1, 2000)]",  # nested: they multiply
        "RETURN `range`(1, 300000000)",
        "RETURN range(1, 3e8)", "RETURN range(1, $n)", "RETURN range(1, 0x7fffffff)"]


@pytest.mark.parametrize("text", HUGE)
def test_a_range_that_could_fill_the_heap_is_refused(text: str) -> None:
    assert range_refusal(text)


@pytest.mark.parametrize("text", ["RETURN range(1, 10)", f"UNWIND range(1, {RANGE_MAX}) AS x RETURN x",
                                  "RETURN range(10, 1)", "MATCH (n) RETURN n.name LIMIT 1"])
def test_a_small_range_is_allowed(text: str) -> None:
    assert range_refusal(text) is None


def test_the_server_is_never_asked_and_stays_up() -> None:
    conn = connection()
    for text in HUGE[:2]:
        with pytest.raises(QueryError, match="refused: range"):
            cypher(*conn, text, {}, False, 8.0)
    assert cypher(*conn, "RETURN size(range(1, 1000)) AS s", {}, False, 8.0) == [{"s": 1000}]


def test_many_units_share_one_quote_in_neo4j(tmp_path: Path) -> None:
    conn = connection()
    text, clause = many_units_plan()
    doc = "bounds_guard_plan.txt"
    (tmp_path / doc).write_text(text, encoding="utf-8")
    build([tmp_path / doc], tmp_path / "store")
    records = EmbeddedStore(tmp_path / "store").records()
    with Neo4jStore(*conn) as store:
        try:
            store.load(records, only={doc})
            assert count(conn, "MATCH (q:Quote {document: $d}) RETURN count(q)", d=doc) == 1
            assert count(conn, "MATCH ()-[r {document: $d}]->() WHERE r.quote IS NOT NULL "
                               "AND size(r.quote) >= 1000 RETURN count(r)", d=doc) == 0
            rows = store.run("assignments", {"doc": doc})
            assert len(rows) == N_UNITS
            quote = next(r["prov"]["quote"] for r in records
                         if r["kind"] == "edge" and r["rel"] == "responsibleFor")
            assert {r["evidence"] for r in rows} == {quote}
        finally:
            with store.driver.session() as session:
                session.execute_write(lambda tx: tx.run(statement("delete_document"), doc=doc).consume())
    assert count(conn, "MATCH (q:Quote {document: $d}) RETURN count(q)", d=doc) == 0
