"""Bound answers read from a kept listing (`# keys:` in a query's header).

A query asked without parameters has one answer per store generation, which
the embedded store keeps (queries/embedded.py `kept`). For `dispatches` (but
unit=, which fills `role`) and `projects`, every row of a bound answer is a row
of that listing, in the listing's order: the parameters only choose rows. So a
bound ask runs the query's keys query (NAME.keys.rq: its bound patterns
and filters alone,
returning the ids a row stands for, ~10 ms for 1,360 at 40×) and reads the
listing's rows with those keys (~5 µs a row) instead of joining each row again
(0.1–0.4 ms a row at 40×, issue #14). The listing keeps each row's keys beside it.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

from queries.catalog import KEYS_QUERY, Keys
from queries.members import MERGED
from queries.rows import Row

Key = tuple[Any, ...]


@dataclass(frozen=True)
class RowKeys:
    """The key columns of a listing, and each row's keys in them."""
    columns: tuple[str, ...]
    hidden: bool = False  # the rows are kept with their hidden columns (a post step reads them)

    def of(self, row: Row) -> list[list[Any]]:
        """A row's own keys, or those of each row a post step merged into it
        (two entities alike but for their units are one row)."""
        return [[r.get(c) for c in self.columns] for r in row.get(MERGED) or [row]]


def bound_rows(store: Any, name: str, keys: Keys, bound: dict[str, Any], answer: str,
               make: Callable[[], None] | None = None) -> list[Row] | None:
    """The rows of a bound ask, from the listing kept as `answer`; None when it
    cannot be (a parameter in `unless`, a store that keeps no listing, no
    listing kept yet): the query then runs itself. A listing not kept yet is
    made for a bound answer only by `make` (made_by_bound_asks): that costs
    seconds at 40× where the query itself costs 0.1–0.5 s, and a listing a
    user can ask for is kept by its own first ask."""
    rows_of = getattr(store, "kept_rows", None)
    if not callable(rows_of) or any(bound.get(p) not in (None, "") for p in keys.unless):
        return None

    def wanted() -> tuple[tuple[str, ...], set[Key]]:
        # the key columns the keys query returns for these parameters (`# if:`
        # lines): the entity's, and those the parameters choose its rows by
        found = store.run(name, bound, KEYS_QUERY)
        columns = tuple(c for c in keys.columns if found and c in found[0])
        return columns, {tuple(r[c] for c in columns) for r in found}
    rows = rows_of(answer, wanted)
    if rows is None and make is not None and store.may_keep(answer):
        make()  # seconds at 40×, once per generation: no listing ask would make it
        rows = rows_of(answer, wanted)
    return rows


def made_by_bound_asks(query: Any) -> bool:
    """Whether a bound ask keeps the query's listing when none is kept: only
    when no one can ask for the listing itself (the query requires a
    parameter: helpers, owners); else the first listing ask keeps it."""
    return any(p.required for p in query.params)


def chosen(index: dict[str, Any], columns: tuple[str, ...], wanted: set[Key]) -> list[int] | None:
    """The positions in a kept listing of the rows whose keys in `columns`
    are all `wanted`; None when a row has some of them wanted but not all
    (merged from entities the bound query does not all find: it would give
    that row otherwise). `index` is the kept keys file: "columns", and each
    row's "keys"; the rows by key in these columns are made once, kept in it."""
    if not wanted:
        return []
    rows_of, counts = index.setdefault("by", {}).get(columns) or _by_key(index, columns)
    found: dict[int, int] = {}
    for k in wanted:
        for i in rows_of.get(k, ()):
            found[i] = found.get(i, 0) + 1
    if any(n != counts[i] for i, n in found.items()):
        return None
    return sorted(found)


def _by_key(index: dict[str, Any],
            columns: tuple[str, ...]) -> tuple[dict[Key, list[int]], list[int]]:
    """The listing's rows by each key in `columns`, and how many keys each row has there."""
    at = [index["columns"].index(c) for c in columns]
    rows_of: dict[Key, list[int]] = {}
    counts = []
    for i, row_keys in enumerate(index["keys"]):
        mine = {tuple(k[j] for j in at) for k in row_keys}
        counts.append(len(mine))
        for k in mine:
            rows_of.setdefault(k, []).append(i)
    index["by"][columns] = (rows_of, counts)
    return rows_of, counts
