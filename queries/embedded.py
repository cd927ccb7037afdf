"""The embedded store: the graph as RDF in an on-disk pyoxigraph store,
queried with SPARQL, plus the graph as JSON lines for networkx and exports.

A build writes a new generation directory beside the current one and
switches the ``current`` link to it only when complete, so a failed build
leaves the store as it was; queries.generations says who may write, read
and remove a generation when.
"""
from __future__ import annotations

import gc
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, QueryBoolean, Store

from ontology.errors import QueryError, StoreError
from ontology.model import SHARED_QUOTE_MIN, Edge, Node, quote_id
from ontology.vocab import NS
from queries import catalog, name_index
from queries.generations import new_generation, open_current, remove_old, switch, writer_lock
from queries.rows import Row
from queries.to_rdf import ID_NS, RDF_NS, quad_batches

PREFIXES = {"bf": NS, "rdf": RDF_NS, "id": ID_NS}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def default_store_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "bangfu" / "store"


def write_store(root: Path, nodes: list[Node], edges: list[Edge], meta: dict[str, Any],
                wait: float | None = None) -> Path:
    """Write a complete new generation and switch to it; returns its path.
    One writer at a time: waits up to ``wait`` seconds (default
    $BANGFU_BUILD_WAIT, else 600) for another build to finish."""
    check_complete(nodes, edges)
    with writer_lock(root, wait):
        try:
            generation, hold = new_generation(root)
        except OSError as exc:
            raise StoreError(f"cannot write the store in {root}: {exc.strerror}") from None
        try:
            with gc_paused():
                store = Store(str(generation / "rdf"))
                for batch in quad_batches(nodes, edges):
                    store.bulk_extend(batch)
                store.flush()
                del store
                _write_json(generation, nodes, edges, meta)
                name_index.write(generation, nodes, edges)
            switch(root, generation)
        except BaseException as exc:
            shutil.rmtree(generation, ignore_errors=True)
            if isinstance(exc, OSError):  # disk full, permissions: the old store holds
                raise StoreError(f"cannot write the store in {root} ({exc}); "
                                 "the store is as it was") from None
            raise
        finally:
            hold.close()
        remove_old(root)
    return generation


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the store is written: the quads
    and records made here hold no cycles, but each collection would walk the
    whole graph held in memory (2.8 of 7 s of quad making for 200 documents)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def check_complete(nodes: list[Node], edges: list[Edge]) -> None:
    """A relationship must join two entities of the graph: a graph with a
    dangling one is never written (a later load or query would fail on it)."""
    ids = {n.id for n in nodes}
    dangling = [e for e in edges if e.src not in ids or e.dst not in ids]
    if dangling:
        e = dangling[0]
        raise StoreError(f"{len(dangling)} relationships point at no entity (first: {e.src} "
                         f"{e.rel.value} {e.dst}); the store was not changed")


def _write_json(generation: Path, nodes: list[Node], edges: list[Edge], meta: dict) -> None:
    with (generation / "graph.jsonl").open("w", encoding="utf-8") as fh:
        shared: dict[tuple[str, str], str] = {}  # (document, long quote) → its id
        for rec in map(node_record, nodes):
            fh.write(_json_line(_share_quote(rec, shared, fh)))
        for rec in map(edge_record, edges):
            fh.write(_json_line(_share_quote(rec, shared, fh)))
    (generation / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1),
                                          encoding="utf-8")


def _json_line(rec: dict[str, Any]) -> str:
    return json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n"


def _share_quote(rec: dict[str, Any], shared: dict[tuple[str, str], str], fh: Any) -> dict:
    """A long quote is written once, as a {"kind": "quote"} line before the
    first record that refers to it; the record keeps its id as "quote_id"."""
    prov = rec["prov"]
    if not prov or len(prov["quote"]) < SHARED_QUOTE_MIN:
        return rec
    key = (prov["document"], prov["quote"])
    qid = shared.get(key)  # the str caches its hash: no quadratic hashing
    if qid is None:
        qid = shared[key] = quote_id(*key)
        fh.write(_json_line({"kind": "quote", "id": qid, "text": prov["quote"]}))
    prov["quote_id"] = qid
    del prov["quote"]
    return rec


def node_record(node: Node) -> dict[str, Any]:
    return {"kind": "node", "id": node.id, "class": node.cls.value, "name": node.name,
            "aliases": sorted(node.aliases),
            "props": {k.value: v for k, v in node.props.items()},
            "prov": node.prov.as_dict() if node.prov else None}


def edge_record(edge: Edge) -> dict[str, Any]:
    return {"kind": "edge", "id": edge.id, "src": edge.src, "rel": edge.rel.value,
            "dst": edge.dst, "props": {k.value: v for k, v in edge.props.items()},
            "prov": edge.prov.as_dict() if edge.prov else None}


class EmbeddedStore:
    """Read access to the current generation of an embedded store."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # held until this object goes: no build removes the generation under it
        self.path, self._in_use = open_current(root)
        try:
            self.store = Store.read_only(str(self.path / "rdf"))
        except OSError as exc:
            raise StoreError(f"cannot open the store in {root}: {exc}") from None

    def run(self, name: str, params: dict[str, Any]) -> list[Row]:
        text, keys = _order(bind(catalog.get(name).text_for("rq", params), params))
        try:
            result = self.store.query(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"query {name}: {exc}") from None
        names = [v.value for v in result.variables]
        rows = [dict(zip(names, map(_value, s))) for s in result]
        if not keys:
            return rows
        keys += [n for n in names if n not in keys]  # ties in a fixed order, not the plan's
        return sorted(rows, key=lambda r: [_order_key(r[k]) for k in keys])

    def stats(self) -> dict[str, int]:
        return {r["name"]: r["count"] for r in self.run("stats", {})}

    def name_index(self) -> name_index.NameIndex | None:
        """Every name form of this generation, read once per process."""
        return name_index.load(str(self.path), ID_NS)

    def select(self, text: str) -> list[Row]:
        """An ad-hoc read query (checked by queries.adhoc before it gets here)."""
        result = self.store.query(text, prefixes=PREFIXES)
        if isinstance(result, QueryBoolean):
            return [{"result": bool(result)}]
        if hasattr(result, "variables"):
            names = [v.value for v in result.variables]
            return [{n: _value(s[n]) for n in names} for s in result]
        return [{"subject": _value(t.subject), "predicate": _value(t.predicate),
                 "object": _value(t.object)} for t in result]

    def update(self, text: str) -> list[Row]:
        """An ad-hoc update, with --write: the current generation is changed in place."""
        del self.store  # release the read-only handle before opening for writing
        with writer_lock(self.root):  # one writer at a time, builds included
            writable = Store(str(self.path / "rdf"))
            writable.update(text, prefixes=PREFIXES)
            writable.flush()
            del writable
        return []

    def meta(self) -> dict[str, Any]:
        return json.loads((self.path / "meta.json").read_text(encoding="utf-8"))

    def records(self) -> list[dict[str, Any]]:
        """Node and edge records; a shared quote is put back into each prov
        as the one string object, so the records stay linear in memory."""
        quotes: dict[str, str] = {}
        out = []
        with (self.path / "graph.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec["kind"] == "quote":
                    quotes[rec["id"]] = rec["text"]
                    continue
                prov = rec.get("prov")
                if prov and "quote_id" in prov:
                    prov["quote"] = quotes[prov.pop("quote_id")]
                out.append(rec)
        return out


ORDER = re.compile(r"\bORDER\s+BY((?:\s+\?\w+)+)\s*$", re.IGNORECASE)


def _order(text: str) -> tuple[str, list[str]]:
    """A closing ORDER BY of plain variables, taken out of the query: the rows
    are sorted in Python instead (pyoxigraph decoded each string again on
    every comparison: 300 ms of 1.1 s for `assignments` at 10×, issue #14)."""
    m = ORDER.search(text)
    if m is None:
        return text, []
    return text[:m.start()], [v.lstrip("?") for v in m.group(1).split()]


def _order_key(value: Any) -> tuple:
    """SPARQL's order: unbound first, then numbers by value, then text."""
    if value is None:
        return (0, 0)
    if isinstance(value, (bool, int, float)):
        return (1, value)
    return (2, str(value))


# Where a query wants the VALUES block, when not at the top of its WHERE clause:
# a sub-select or a UNION branch is evaluated on its own (pyoxigraph joins it
# after), so the parameters go inside it.
VALUES_HERE = "#@values"
PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def bind(query: str, params: dict[str, Any], prefix: str = "p_") -> str:
    """Bind parameter values to the query's ?p_NAME variables.

    Values go in as RDF terms in a VALUES block at the top of the WHERE
    clause, serialised by pyoxigraph itself (a Literal escapes quotes,
    backslashes and newlines; a NamedNode refuses an invalid IRI), so a value
    can never become query syntax. pyoxigraph's own ``substitutions`` would do
    the same but joins them after evaluating the whole pattern (200 ms instead
    of 0.2 ms on 10^5 nodes, bench/bench_store.py); VALUES lets the planner
    start from the bound entity.
    """
    given = {k: v for k, v in params.items() if v not in (None, "")}
    if not given:
        return query
    for key in given:
        if not PARAM_NAME.match(key):
            raise QueryError(f"invalid parameter name {key!r}")
    names = " ".join(f"?{prefix}{k}" for k in given)
    # a list (the frontier of queries.paths) is one row of the block per item
    rows: list[list[str]] = [[]]
    for v in given.values():
        terms = [str(_term(x)) for x in (v if isinstance(v, (list, tuple)) else [v])]
        rows = [row + [t] for row in rows for t in terms]
    values = " ".join(f"({' '.join(row)})" for row in rows)
    block = f"\n  VALUES ({names}) {{ {values} }}\n"
    if VALUES_HERE in query:  # a sub-select or branch that must start from the values
        return query.replace(VALUES_HERE, block)
    where = re.search(r"\bWHERE\s*\{", query, re.IGNORECASE)
    if where is None:
        raise QueryError("query has no WHERE clause to bind parameters in")
    return query[:where.end()] + block + query[where.end():]


def _term(value: Any) -> NamedNode | Literal:
    if isinstance(value, str) and value.startswith(ID_NS):
        try:
            return NamedNode(value)
        except ValueError:
            raise QueryError(f"invalid entity id {value!r}") from None
    return Literal(str(value))


_NUMBERS = {"#integer": int, "#decimal": float, "#double": float}


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    datatype = getattr(term, "datatype", None)
    if datatype is None:
        return term.value
    dt = datatype.value
    if dt == XSD_STRING:  # most values: no conversion
        return term.value
    tail = dt[dt.rfind("#"):]
    if tail in _NUMBERS:
        return _NUMBERS[tail](term.value)
    if tail == "#boolean":
        return term.value == "true"
    return term.value
