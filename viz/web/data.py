"""What the workbench's pages show, gathered through the library calls the
CLI makes (queries.store.ask / run_named, queries.api, queries.ask): no
second implementation of a query, a resolver or a linking rule lives here.

A name in a URL is resolved as `bangfu query` resolves it. An unknown name
becomes NotFound with the closest names the resolver suggests; an ambiguous
one becomes Ambiguous with its candidates, each with an id that chooses it.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ontology.errors import AmbiguousName, QueryError
from queries.ask import name_index
from queries.embedded import EmbeddedStore
from queries.linking import Entity, NameIndex, fold
from queries.rows import Row
from queries.resolve import resolve_name
from queries.store import ask, run_named
from viz.web.kept import PerGeneration

RESOLVERS = {"unit": "resolve_unit", "place": "resolve_place", "document": "resolve_document"}
CLOSEST = re.compile(r"closest known names: (.*)$")
MOST = 60  # search results of one kind
_INDEXES: PerGeneration[NameIndex] = PerGeneration(keep=4)


class NotFound(Exception):
    """No entity of the kind has this name; ``closest`` are names the graph knows."""

    def __init__(self, kind: str, text: str, closest: list[str]) -> None:
        super().__init__(text)
        self.kind, self.text, self.closest = kind, text, closest


class Ambiguous(Exception):
    """Several entities have this name; the page lists them to choose from."""

    def __init__(self, kind: str, text: str, message: str, candidates: list[Entity]) -> None:
        super().__init__(message)
        self.kind, self.text, self.message, self.candidates = kind, text, message, candidates


@dataclass
class Section:
    """One heading of a document's page: its rows, by role when it has roles."""

    title: str
    rows: list[Row] = field(default_factory=list)


def open_store(store_dir: Path) -> EmbeddedStore:
    """The current generation, opened per request: a rebuild switches under a
    running server and the next request sees it."""
    return EmbeddedStore(store_dir)


def names(store: EmbeddedStore) -> NameIndex:
    """The linker's dictionary of the store (queries.ask.name_index): the
    names query at 40 copies takes seconds, so it is made once per
    generation even when requests and the warming ask for it at once."""
    return _INDEXES.get(store, lambda: name_index(store))


def resolve(store: EmbeddedStore, kind: str, text: str, chosen: str | None = None) -> Entity:
    """The entity a URL names, or NotFound / Ambiguous. ``chosen`` is the id a
    candidate list links with, accepted only when it is an entity of the kind."""
    index = names(store)
    if chosen:
        entity = index.entities.get(chosen)
        if entity is None or entity.kind != kind:
            raise NotFound(kind, text, [])
        return entity
    try:
        ident = resolve_name(store, RESOLVERS[kind], text)
    except AmbiguousName as exc:
        raise Ambiguous(kind, text, str(exc), candidates(store, kind, text)) from None
    except QueryError as exc:
        m = CLOSEST.search(str(exc))
        raise NotFound(kind, text, m.group(1).split("、") if m else []) from None
    entity = index.entities.get(ident)
    if entity is None:  # the linker leaves some entities out (work teams)
        raise NotFound(kind, text, [])
    return entity


def candidates(store: EmbeddedStore, kind: str, text: str) -> list[Entity]:
    """The entities of a kind a text may name: every name or alias equal to it,
    else containing it (the forms of the linker's dictionary)."""
    index = names(store)
    folded = fold(text)
    exact = index.strong.get(folded, []) + index.weak.get(folded, [])
    found = [e for e in exact if e.kind == kind]
    if not found:
        found = [e for form, es in index.strong.items() if folded in form for e in es
                 if e.kind == kind]
    return sorted(dict.fromkeys(found), key=lambda e: (e.name, e.parent_name or "", e.id))


def search(store: EmbeddedStore, text: str) -> dict[str, list[Entity]]:
    """Units, places, documents, tasks and projects a text names or is part of,
    exact matches first, by kind."""
    index = names(store)
    folded = fold(text)
    if not folded:
        return {}
    exact, part = [], []
    for table in (index.strong, index.weak):
        for form, entities in table.items():
            if form == folded:
                exact.extend(entities)
            elif folded in form:
                part.extend(entities)
    out: dict[str, list[Entity]] = defaultdict(list)
    for e in dict.fromkeys(exact + sorted(part, key=lambda e: (len(e.name), e.name))):
        if len(out[e.kind]) < MOST:
            out[e.kind].append(e)
    return dict(out)


def unit_view(store: EmbeddedStore, unit: Entity) -> dict[str, Any]:
    """A unit's page: duties by document and role, projects, pairings, dispatches, partners."""
    duties = located(store, run_named(store, "duties", {"unit": unit.id}))
    by_doc: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for row in duties:
        by_doc[row["document"]][row["role"] or ""].append(row)
    return {"duties": {d: dict(roles) for d, roles in sorted(by_doc.items())},
            "duty_count": len(duties),
            "projects": located(store, run_named(store, "projects", {"unit": unit.id})),
            "pairings": located(store, run_named(store, "pairings", {"unit": unit.id})),
            "dispatches": located(store, run_named(store, "dispatches", {"unit": unit.id})),
            "partners": run_named(store, "partners", {"unit": unit.id})}


def place_view(store: EmbeddedStore, place: Entity) -> dict[str, Any]:
    """A place's page: who helps it (rolled up the hierarchy), its projects and the places below it."""
    helpers = located(store, run_named(store, "helpers", {"place": place.id}))
    by_kind: dict[str, list[Row]] = defaultdict(list)
    for row in helpers:
        by_kind[row["kind"]].append(row)
    return {"helpers": dict(by_kind), "helper_count": len(helpers),
            "projects": located(store, run_named(store, "projects", {"place": place.id})),
            "hierarchy": run_named(store, "hierarchy", {"place": place.id})}


def document_view(store: EmbeddedStore, doc: Entity) -> dict[str, Any]:
    """A document's page: its metadata, its facts in the order of the text, and
    the section tree those facts are stated in."""
    rows = run_named(store, "document", {"doc": doc.id})
    own = [r for r in rows if r["document"] == doc.name and r["kind"] != "cited-by"]
    located(store, own)
    tree: dict[str, list[Row]] = {}
    for row in own:
        tree.setdefault(row.get("section") or "", []).append(row)
    return {"meta": document_meta(store, doc.name), "facts": own,
            "sections": [Section(title, rs) for title, rs in tree.items()],
            "cited_by": [r for r in rows if r["kind"] == "cited-by"],
            "other_files": sorted({r["document"] for r in rows if r["document"] != doc.name
                                   and r["kind"] != "cited-by"})}


def document_meta(store: EmbeddedStore, name: str) -> dict[str, Any]:
    return generation(store)[0].get(name, {})


def locations(store: EmbeddedStore, name: str) -> dict[tuple[int, int], dict[str, int]]:
    """Where in the original file each span of a document stands: page,
    table number, row and column (Provenance; .pdf and .docx only). The
    named queries leave these out, the store's records hold them."""
    return generation(store)[1].get(name, {})


def located(store: EmbeddedStore, rows: list[Row]) -> list[Row]:
    """The rows, each with the page and table cell of its quote when the
    store knows them (a fact of a .pdf or .docx)."""
    for row in rows:
        span = row.get("span")
        if row.get("document") and span and span[0] is not None:
            row.update(locations(store, row["document"]).get(tuple(span), {}))
    return rows


def span_location(store: EmbeddedStore, name: str, start: int, end: int) -> dict[str, int]:
    """The place in the file of a highlighted span: of the fact stated
    exactly there, else of the narrowest one holding it."""
    places = locations(store, name)
    if (start, end) in places:
        return places[(start, end)]
    holding = [(b - a, where) for (a, b), where in places.items() if a <= start and end <= b]
    return min(holding, key=lambda h: h[0])[1] if holding else {}


Metas = dict[str, dict[str, Any]]
Places = dict[str, dict[tuple[int, int], dict[str, int]]]
_GENERATIONS: PerGeneration[tuple[Metas, Places]] = PerGeneration(keep=4)
WHERE = ("page", "table_no", "row", "col")


def generation(store: EmbeddedStore,
               records: list[dict[str, Any]] | None = None) -> tuple[Metas, Places]:
    """Every document's metadata and where each quote stands in its file,
    read from the records once per generation (``records``: already read,
    by the warming, which hands the same records to each view)."""
    if not isinstance(store, EmbeddedStore):  # Neo4j: the named queries' rows are all there is
        return {}, {}

    def make() -> tuple[Metas, Places]:
        read = records if records is not None else store.records()
        return _read_metas(read), _read_places(read)
    return _GENERATIONS.get(store, make)


def _read_places(records: list[dict[str, Any]]) -> Places:
    out: Places = defaultdict(dict)
    for rec in records:
        prov = rec.get("prov")
        if prov and prov.get("span") and any(prov.get(k) is not None for k in WHERE):
            where = {k: prov[k] for k in WHERE if prov.get(k) is not None}
            out[prov["document"]].setdefault(tuple(prov["span"]), where)
    return dict(out)


def _read_metas(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Title, 文号, date and issuer of every document, by its name."""
    out: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    issued: dict[str, str] = {}
    for rec in records:
        if rec["kind"] == "node":
            names[rec["id"]] = rec["name"]
            if rec["class"] in ("Document", "CitedDocument"):
                out[rec["id"]] = {"name": rec["name"], **rec.get("props", {})}
        elif rec["rel"] == "issuedBy":
            issued.setdefault(rec["src"], rec["dst"])
    for ident, meta in out.items():
        if ident in issued:
            meta["issuer"] = names.get(issued[ident], "")
    return {m["name"]: m for m in out.values()}


def span_section(rows: list[Row], start: int, end: int) -> str:
    """The section path of a span: of the fact stated there, else of the
    nearest fact before it."""
    best, best_start = "", -1
    for row in rows:
        a, b = row.get("span") or (None, None)
        if a is None:
            continue
        if a <= start and end <= b:
            return row.get("section") or ""
        if best_start < a <= start:
            best, best_start = row.get("section") or "", a
    return best


def named(store: EmbeddedStore, name: str, params: dict[str, str]) -> list[Row]:
    """A named query as `bangfu query` runs it (names resolved, rows shaped)."""
    return ask(store, name, params)
