"""The store interface every backend implements, and the name resolution and
row shaping they share; a contract test asks each backend the same questions."""
from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from ontology.errors import QueryError
from queries import catalog
from queries import listing
from queries.collector import gc_paused
from queries.members import dispatch_units, project_parts, with_members
from queries.parts import document_parts
from queries.paths import shortest_paths
from queries.resolve import index_of, resolve_name
from queries import rows as rows_module
from queries.rows import Row, counted, ranked, shape, tree, visible, with_total

HITS = "_hits"  # the parameter a `# search:` query is given its index hits in
# Parameters whose values have a form; checked before any query runs.
FORMATS = {"due_before": (r"\d{4}-\d{2}", "YYYY-MM"), "due_after": (r"\d{4}-\d{2}", "YYYY-MM"),
           "year": (r"\d{4}", "YYYY")}


class GraphStore(Protocol):
    """A place the built graph lives and named queries run."""

    def run(self, name: str, params: dict[str, Any]) -> list[Row]:
        """Rows of one catalogue query, parameters bound as values."""
        ...

    def stats(self) -> dict[str, int]:
        ...


def ask(store: GraphStore, name: str, params: dict[str, str]) -> list[Row]:
    """Run a named query for a user: check parameters, resolve names, shape rows."""
    query = catalog.get(name)
    query.check_params(params)
    check_formats(params)
    bound: dict[str, Any] = dict(params)
    context = bound.pop("context", None) or None  # a hint for names, not a query value
    for param, resolver in query.resolve.items():
        if bound.get(param):
            bound[param] = resolve_name(store, resolver, params[param], context)
    index = index_of(store) if query.search and bound.get(query.search) else None
    if index is not None and index.searches_texts:
        # the tasks and projects mentioning the text, from the index: the query
        # starts from them instead of testing every task's texts (owners, issue #14)
        bound[HITS] = index.mentioning(str(bound[query.search]))
    # an answer's rows hold no cycles: collections walking them and the
    # store's caches were a third of a 10,840-row listing's time on Neo4j
    with gc_paused():
        return run_named(store, name, bound)


def run_named(store: GraphStore, name: str, bound: dict[str, Any]) -> list[Row]:
    """The rows of a query whose names are resolved: shaped, then its post step (if any).
    A query asked with no parameters has one answer per store generation: a
    store that keeps answers (the embedded one) computes it once, and a query
    with `# keys:` takes a bound answer's rows from it (queries/listing.py) —
    with `before post`, from its rows before the post step, kept beside it."""
    query = catalog.get(name)
    keys = query.keys
    if callable(getattr(store, "kept", None)) and not any(v not in (None, "") for v in bound.values()):
        return _listing(store, name, keys, bound)
    # a listing no one can ask for (a parameter is required) is kept by a bound ask
    make = (lambda: run_named(store, name, {})) if listing.made_by_bound_asks(query) else None
    rows = listing.bound_rows(store, name, keys, bound, _listing_key(name), make) if keys else None
    if rows is None:
        return _answer(store, name, bound)
    return visible(_through_post(store, name, rows, bound)) if keys.before_post else rows


def _listing(store: Any, name: str, keys: catalog.Keys | None,
             bound: dict[str, Any]) -> list[Row]:
    """The query's answer without parameters, kept; with `# keys:`, each row's
    keys kept beside it, and with `before post` the rows before the post step
    too (kept again when the listing is and they are not: bound asks read them)."""
    if keys is None:
        return store.kept(_answer_key(name), lambda: _answer(store, name, bound))
    if not keys.before_post:
        return store.kept(_answer_key(name), lambda: _answer(store, name, bound, hidden=True),
                          _row_keys(keys))

    def before_post() -> list[Row]:
        return store.kept(_listing_key(name), lambda: _answer(store, name, bound, hidden=True,
                                                              post=False), _row_keys(keys))
    if store.may_keep(_listing_key(name)):
        before_post()
    return store.kept(_answer_key(name),
                      lambda: visible(_through_post(store, name, before_post(), bound)))


def _row_keys(keys: catalog.Keys) -> listing.RowKeys:
    """How a listing's rows keep their keys; rows before a post step keep
    their hidden columns too, which the step reads."""
    return listing.RowKeys(keys.columns, hidden=keys.before_post)


def keep_listings(store: GraphStore) -> None:
    """Keep now every listing bound asks read (`# keys:`) that is not kept
    yet: seconds each at 40×, paid ahead by the workbench (viz/web/warm.py)
    instead of by a first bound ask."""
    for name in listings_to_keep(store):
        run_named(store, name, {})


def listings_to_keep(store: GraphStore) -> list[str]:
    """The queries with `# keys:` whose listing the store could keep and has not."""
    may_keep = getattr(store, "may_keep", None)
    if not callable(may_keep):
        return []  # a store that keeps no answers (Neo4j)
    return [name for name, query in catalog.catalogue().items()
            if query.keys is not None and may_keep(_listing_key(name))]


def _listing_key(name: str) -> str:
    """The kept answer a bound ask reads: the listing, or with `before post`
    its rows before the post step (with their hidden columns)."""
    keys = catalog.get(name).keys
    return _answer_key(name) + ("-rows" if keys is not None and keys.before_post else "")


@cache
def _answer_key(name: str) -> str:
    """A kept answer's name: the query's and the shaping code's text in it, so
    a changed query (or bangfu) never reads an answer kept by the old one; the
    post steps of queries/members.py and the internal queries they run shape
    listings too (dispatches, projects), and queries/listing.py their keys."""
    digest = hashlib.sha256(catalog.get(name).text("rq").encode())  # `# keys:` columns in it
    for module in (rows_module, sys.modules["queries.members"], listing, sys.modules[__name__]):
        digest.update(Path(module.__file__ or "").read_bytes())
    for other in catalog.catalogue().values():
        if other.internal:
            digest.update(other.text("rq").encode())
    return f"{name}-{digest.hexdigest()[:16]}"


def _answer(store: GraphStore, name: str, bound: dict[str, Any],
            hidden: bool = False, post: bool = True) -> list[Row]:
    rows = shape(store.run(name, bound), catalog.get(name).collect, keep_hidden=True)
    if post:
        rows = _through_post(store, name, rows, bound)
    return rows if hidden else visible(rows)


def _through_post(store: GraphStore, name: str, rows: list[Row],
                  bound: dict[str, Any]) -> list[Row]:
    """Rows through the query's post step, if it names one."""
    step = catalog.get(name).post
    return _post(step, store)(rows, bound) if step else rows


def _post(step: str, store: GraphStore) -> Callable[[list[Row], dict[str, Any]], list[Row]]:
    """The shared Python step a query file names in `# post:`."""
    steps: dict[str, Callable[[list[Row], dict[str, Any]], list[Row]]] = {
        "total": with_total, "rank": ranked, "partners": counted, "tree": tree,
        "parts": document_parts,
        "members": lambda rows, params: with_members(store, rows, params),
        "units": lambda rows, params: dispatch_units(store, rows),
        "places and units": lambda rows, params: project_parts(store, rows),
        "paths": lambda rows, params: shortest_paths(store, rows, params)}
    if step not in steps:
        raise QueryError(f"unknown post step {step!r}")
    return steps[step]


def check_formats(params: dict[str, str]) -> None:
    for key, (pattern, form) in FORMATS.items():
        value = params.get(key)
        if value and not re.fullmatch(pattern, value.strip()):
            raise QueryError(f"-p {key}= takes {form}, not {value!r}")
