"""The embedded store: the graph as RDF in an on-disk pyoxigraph store,
queried with SPARQL, plus the graph as JSON lines for networkx and exports.

A build writes a new generation directory beside the current one and
switches the ``current`` link to it only when complete, so a failed build
leaves the store as it was; queries.generations says who may write, read
and remove a generation when.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, QueryBoolean, Store

from ontology.errors import QueryError, StoreError
from ontology.vocab import NS, C
from queries import catalog, name_index
from queries.generations import open_current, writer_lock
from queries.answers import ANSWERS, KeptAnswers
from queries.listing import RowKeys
from queries.rows import Row, order_key
from queries.to_rdf import ID_NS, RDF_NS

REVISION = "revision"  # changed by each update of a generation in place
log = logging.getLogger(__name__)
PREFIXES = {"bf": NS, "rdf": RDF_NS, "id": ID_NS}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def default_store_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "bangfu" / "store"


class EmbeddedStore:
    """Read access to the current generation of an embedded store."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # held until this object goes: no build removes the generation under it
        self.path, self._in_use = open_current(root)
        try:
            revision = (self.path / REVISION).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            revision = "built"
        self.answers = KeptAnswers(self.path / ANSWERS / revision, self.path)
        try:
            self.store = Store.read_only(str(self.path / "rdf"))
        except OSError as exc:
            raise StoreError(f"cannot open the store in {root}: {exc}") from None

    def run(self, name: str, params: dict[str, Any], language: str = "rq") -> list[Row]:
        """Rows of a catalogue query; `language` another SPARQL text of it (its keys query)."""
        query = catalog.get(name)
        text, keys = _order(bind(query.text_for(language, params), _classes(query.classes, params)))
        try:
            result = self.store.query(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"query {name}: {exc}") from None
        names = [v.value for v in result.variables]
        rows = [dict(zip(names, map(_value, s))) for s in result]
        if not keys:
            return rows
        keys += [n for n in names if n not in keys]  # ties in a fixed order, not the plan's
        return sorted(rows, key=lambda r: [order_key(r[k]) for k in keys])

    def stats(self) -> dict[str, int]:
        """Entities by class and superclass, and assertions: counted when the
        store was written (a store written before that runs the query)."""
        counted = self.meta().get("stats")
        if counted is not None:
            return counted
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
            # answers of the old content are not read again, even one a reader
            # that opened the old content keeps after this
            revision = uuid.uuid4().hex
            (self.path / REVISION).write_text(revision, encoding="utf-8")
            shutil.rmtree(self.path / ANSWERS, ignore_errors=True)
        # this object asks on: answers of the new content, kept under its revision
        self.answers = KeptAnswers(self.path / ANSWERS / revision, self.path)
        self.store = Store.read_only(str(self.path / "rdf"))  # this object reads on
        return []

    def kept(self, name: str, compute: Callable[[], list[Row]],
             keys: RowKeys | None = None) -> list[Row]:
        """The answer of a query asked without parameters, kept for this
        generation's revision (queries/answers.py)."""
        return self.answers.kept(name, compute, keys)

    def kept_rows(self, name: str, wanted: Callable[[], tuple[tuple[str, ...], set[tuple]]]
                  ) -> list[Row] | None:
        """The rows of the kept answer `name` a bound ask wants (queries/listing.py)."""
        return self.answers.rows(name, wanted)

    def may_keep(self, name: str) -> bool:
        """Whether the answer `name` is not kept with its keys yet and can be."""
        return self.answers.may_keep(name)

    def meta(self) -> dict[str, Any]:
        return json.loads((self.path / "meta.json").read_text(encoding="utf-8"))

    def text(self, doc_id: str) -> str | None:
        """A document's text as the build read it (its spans index into it);
        None for a document not built, or a store built before texts were kept."""
        from queries.store_write import text_file
        try:
            with text_file(self.path, doc_id).open(encoding="utf-8", newline="") as fh:
                return fh.read()
        except FileNotFoundError:
            return None

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


# Every class of the ontology by its name in lower case; a name no class has
# is bound as bf:none, which types nothing, so it matches no entity as before.
CLASSES = {c.value.lower(): NamedNode(NS + c.value) for c in C}
NO_CLASS = NamedNode(NS + "none")


def _classes(names: tuple[str, ...], params: dict[str, Any]) -> dict[str, Any]:
    """A parameter that names a class (`# class:`) bound as the class's IRI, so
    the query starts from its members (`?x a ?p_kind`) instead of testing the
    class of every candidate in a FILTER (dispatches kind=, issue #14)."""
    out = dict(params)
    for name in names:
        value = out.get(name)
        if isinstance(value, str) and value:
            out[name] = CLASSES.get(value.lower(), NO_CLASS)
    return out


def _term(value: Any) -> NamedNode | Literal:
    if isinstance(value, NamedNode):
        return value
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
