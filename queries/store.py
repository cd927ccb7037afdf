"""The store interface every backend implements, and the name resolution and
row shaping they share; a contract test asks each backend the same questions."""
from __future__ import annotations

from typing import Any, Protocol

from ontology.errors import AmbiguousName, QueryError
from queries import catalog
from queries.rows import Row, shape


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
    bound: dict[str, Any] = dict(params)
    for param, resolver in query.resolve.items():
        if param in bound:
            bound[param] = resolve_name(store, resolver, params[param])
    return shape(store.run(name, bound), query.collect)


def resolve_name(store: GraphStore, resolver: str, text: str) -> str:
    """The one entity a name means; an ambiguous name lists the candidates."""
    found = store.run(resolver, {"text": text})
    ids = {r["id"] for r in found}
    if len(ids) == 1:
        return ids.pop()
    if not ids:
        raise QueryError(f"no entity is named {text!r}")
    names = "、".join(sorted({r["name"] for r in found}))
    raise AmbiguousName(f"{text!r} names several entities: {names}")
