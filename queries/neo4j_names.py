"""The index of name forms for a Neo4j database (issue #14 item 2).

The embedded store writes queries/name_index.py's index beside each
generation; a Neo4j database keeps the same index in one node beside the
graph, written at the end of every load from what the database then holds
(so a load of some documents re-indexes the whole graph). Without it,
resolving a name ran resolve_*.cypher, which visits every unit and its
relationships: 150–300 ms a name at 40×. A reader keeps the index it read
and asks only for its stamp again (once a second at most), so a server
sees a load made by another process without a restart.
"""
from __future__ import annotations

import json
import time
import uuid
from typing import Any

from neo4j import Driver, RoutingControl

from ontology.vocab import SUPERCLASSES, C
from queries import name_index
from queries.name_index import NameIndex

CHECK_EVERY = 1.0  # seconds a reader trusts its copy before comparing the stamp
STAMP = "MATCH (i:BangfuIndex {id: 'names'}) RETURN i.stamp AS stamp"
DATA = "MATCH (i:BangfuIndex {id: 'names'}) RETURN i.stamp AS stamp, i.data AS data"
DROP = "MATCH (i:BangfuIndex) DELETE i"


def _link_names() -> dict[str, str]:
    from queries.neo4j_records import rel_type
    return {rel_type(r.value): r.value for r in name_index.LINKS}


def _class_of(labels: list[str]) -> tuple[str, list[str]]:
    """A node's class (the label whose superclasses are its other labels) and all of them."""
    known = [C(label) for label in labels if label in C._value2member_map_]
    for cls in known:
        if all(other is cls or other in SUPERCLASSES.get(cls, ()) for other in known):
            return cls.value, [c.value for c in known]
    return (known[0].value if known else ""), [c.value for c in known]


def drop_index(driver: Driver, database: str | None) -> None:
    """Before a load changes the graph: readers resolve by the queries until the new index."""
    driver.execute_query(DROP, database_=database)


def entity_count(driver: Driver, database: str | None) -> int:
    return _one(driver, database, "MATCH (n:Entity) RETURN count(n) AS n")["n"]  # type: ignore[index]


def index_after_load(driver: Driver, database: str | None, data: dict[str, Any] | None,
                     fresh: bool) -> None:
    """At the end of a load: the built store's index ``data`` when the load
    was into an empty database and it holds every entity of that index (then
    it holds exactly that graph), else an index of what the database holds."""
    exact = fresh and data is not None and entity_count(driver, database) == len(data["entities"])
    write_index(driver, database, data if exact else None)


def write_index(driver: Driver, database: str | None, data: dict[str, Any] | None = None) -> None:
    """Keep an index in the database: ``data`` when the caller knows it is the
    index of what the database holds (a first load of a whole built store),
    else one made by reading the database (5–10 s at 40×)."""
    from queries.neo4j_store import statement
    if data is None:
        data = _read_forms(driver, database)
    driver.execute_query(statement("name_index"), stamp=uuid.uuid4().hex,
                         data=json.dumps(data, ensure_ascii=False), database_=database)


def _read_forms(driver: Driver, database: str | None) -> dict[str, Any]:
    from queries.neo4j_store import _statements, statement
    entities, links, written = (
        driver.execute_query(text, database_=database, routing_=RoutingControl.READ)[0]
        for text in _statements(statement("name_forms")))
    names = _link_names()
    rows = []
    for r in entities:
        cls, classes = _class_of(r["labels"])
        rows.append((r["id"], r["name"], classes, cls, list(r["aliases"]), tuple(r["doc_forms"])))
    return name_index.assemble(rows, ((r["src"], names[r["rel"]], r["dst"]) for r in links),
                               ((r["src"], r["dst"], str(r["text"])) for r in written))


class HeldIndex:
    """One reader's copy of a database's index, renewed when its stamp changes."""

    def __init__(self) -> None:
        self.stamp: str | None = None
        self.index: NameIndex | None = None
        self.checked = float("-inf")

    def get(self, driver: Driver, database: str | None) -> NameIndex | None:
        now = time.monotonic()
        if now - self.checked < CHECK_EVERY:
            return self.index
        self.checked = now
        found = _one(driver, database, STAMP)
        stamp = found["stamp"] if found else None
        if stamp != self.stamp or (stamp and self.index is None):
            found = _one(driver, database, DATA) if stamp else None
            self.stamp = found["stamp"] if found else None
            self.index = NameIndex(json.loads(found["data"])) if found else None
        return self.index


def _one(driver: Driver, database: str | None, text: str) -> dict[str, Any] | None:
    records, _, _ = driver.execute_query(text, database_=database, routing_=RoutingControl.READ)
    return dict(records[0]) if records else None
