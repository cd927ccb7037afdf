"""Post steps that add to each row what one more query, bound to the ids the
query found, gives: done here once for both backends, since in SPARQL the same
join read the whole graph or ran an EXISTS per row (issue #14).

helpers: a helper that is a group (各街道, 各派出单位) also helps through each
of its members. The query returns each helper's node; the members of those
that are groups come from members.rq, bound to them, and each member gets the
group's row with `via` naming the group (in SPARQL a UNION joined over every
membership of the graph: 90 of 98 ms at 40×).

dispatches and projects: each dispatch's dispatching units and each project's
units, in their order, from dispatch_units.rq / project_units.rq bound to the
entities found (in SPARQL an EXISTS per assertion of each dispatch: 1.0 of
1.4 s for kind=enterprise at 40×), and a project's village, street and
district from place_columns.rq bound to its locations."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from queries.rows import Row, order_key

MERGED = "_merged"  # the query's rows an output row was merged from

# helpers.rq's ORDER BY, then its other columns, as the embedded store orders ties
ORDER = ("kind", "document", "start", "pos", "via", "helper",
         "role", "place", "title", "section", "evidence", "end")


def with_members(store: Any, rows: list[Row], params: dict[str, Any]) -> list[Row]:
    """Each row, then a row for each member of its helper when that is a group;
    each row once, in the query's order."""
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)
    nodes = sorted({r["_hn"] for r in rows if r.get("_hn")})
    for m in store.run("members", {"group": nodes}) if nodes else []:
        members[m["group"]].append((m["member"], m["via"]))
    out: dict[tuple, Row] = {}
    for row in rows:
        for helper, via in [(row.get("helper"), None), *members.get(row.get("_hn") or "", [])]:
            new = {**row, "helper": helper, "via": via}
            # SELECT DISTINCT kept rows that differ in pos alone; the nodes are not
            # columns. MERGED: the rows it stands for, each with its own nodes
            # (a kept listing's row has the keys of each, queries/listing.py)
            alike = tuple(repr(v) for k, v in new.items() if not k.startswith("_"))
            out.setdefault(alike, {**new, MERGED: []})[MERGED].append(new)
    return sorted(out.values(), key=_key)


def _key(row: Row) -> list[tuple]:
    span = row.get("span") or [None, None]
    values = {**row, "start": span[0], "end": span[1]}
    return [order_key(values.get(k)) for k in ORDER]


# The ORDER BY of dispatches.rq and projects.rq, then their other columns: the
# order the embedded store gave the rows of one unit each before `units` was
# collected from them, which these steps keep.
DISPATCH_ORDER = ("document", "seq", "pos", "units", "lead_unit", "village", "street", "district",
                  "role", "section", "evidence", "page", "start", "end")
PROJECT_ORDER = ("document", "seq", "pos", "name", "district", "street", "village", "content",
                 "units", "deadline", "section", "evidence", "page", "start", "end")
NONE = [(None, None)]  # what a row whose entity has no unit statement had: one row, both unbound


def dispatch_units(store: Any, rows: list[Row]) -> list[Row]:
    """dispatches' post step: each dispatch's dispatching units."""
    return with_units(store, rows, "dispatch_units", "_ds", DISPATCH_ORDER)


def project_parts(store: Any, rows: list[Row]) -> list[Row]:
    """projects' post step: the places above each location, then the units."""
    return with_units(store, with_places(store, rows), "project_units", "_p", PROJECT_ORDER)


def with_units(store: Any, rows: list[Row], query: str, key: str,
               order: tuple[str, ...]) -> list[Row]:
    """Each row with the units of its entity (row[key]) by position, and the
    first position, from `query` bound to the entities found; rows alike but
    for their entity merge, their units together, as the rows of one unit each
    did when `units` was a collected column of the query."""
    found: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    if rows and "_units" in rows[0]:
        # a store whose query gathered each entity's units itself (Cypher's
        # collect: one query where a second one cost Neo4j 0.8 s for the
        # 10,840 dispatches at 40×), as [position, unit] pairs
        for row in rows:
            if row[key] not in found:
                pairs = [(p, u) for p, u in row["_units"] or () if (p, u) != (None, None)]
                if pairs:
                    found[row[key]] = pairs
    else:
        ids = sorted({r[key] for r in rows if r.get(key)})
        for u in store.run(query, {"id": ids}) if ids else []:
            found[u["id"]].append((u.get("pos"), u.get("unit")))
    merged: dict[tuple, tuple[Row, list[tuple[Any, Any]], list[Row]]] = {}
    compared: dict[tuple[str, ...], list[str]] = {}  # the fields rows are alike in, by field set
    for row in rows:
        fields = tuple(row)
        same = compared.get(fields)
        if same is None:
            same = compared[fields] = [k for k in fields if k not in ("units", "pos")
                                       and not k.startswith("_")]
        alike = tuple(map(repr, map(row.__getitem__, same)))
        entry = merged.setdefault(alike, (row, [], []))
        entry[1].extend(found.get(row.get(key) or "", NONE))
        entry[2].append(row)
    out = []
    for row, units, parts in merged.values():
        # the order the rows of one unit each had, then their units by position
        if len(units) > 1:
            units.sort(key=lambda pu: (order_key(pu[0]), order_key(pu[1])))
        names: list[Any] = []
        for _, unit in sorted(units, key=lambda pu: pu[0] if pu[0] is not None else 0) \
                if len(units) > 1 else units:
            if unit is not None and unit not in names:
                names.append(unit)
        # MERGED: the rows it holds, whose hidden ids say which entities a kept
        # listing's row stands for (queries/listing.py)
        out.append({**row, "units": names, "pos": units[0][0], "_first": units[0][1],
                    MERGED: parts})
    return _in_order(out, order)


def with_places(store: Any, rows: list[Row], key: str = "_loc") -> list[Row]:
    """Each row once for each (village, street, district) of its location
    (row[key]), from place_columns bound to the locations found: a project's
    few places, where the query read them for each of its rows."""
    found: dict[str, list[Row]] = defaultdict(list)
    ids = sorted({r[key] for r in rows if r.get(key)})
    for p in store.run("place_columns", {"id": ids}) if ids else []:
        found[p["id"]].append({k: p.get(k) for k in ("district", "street", "village")})
    blank = [{"district": None, "street": None, "village": None}]
    return [{**row, **columns} for row in rows for columns in found.get(row.get(key) or "", blank)]


# How many fields of `order` tell almost every two rows apart (document, seq,
# pos): rows are sorted by these, and only rows alike in them by all fields.
DECIDING = 3


def _in_order(rows: list[Row], order: tuple[str, ...]) -> list[Row]:
    """Rows sorted by _unit_key(row, order), as sorted() would: by the first
    fields, then each run alike in them by the whole key (a stable sort by a
    key's head, then of each run by the key, is the stable sort by the key).
    The whole key of every row was half of the post step of 10,840 dispatches."""
    heads = [_unit_key(r, order[:DECIDING]) for r in rows]
    by_head = sorted(range(len(rows)), key=heads.__getitem__)
    out: list[Row] = []
    i = 0
    while i < len(by_head):
        j = i + 1
        while j < len(by_head) and heads[by_head[j]] == heads[by_head[i]]:
            j += 1
        run = [rows[k] for k in by_head[i:j]]
        out += sorted(run, key=lambda r: _unit_key(r, order)) if len(run) > 1 else run
        i = j
    return out


def _unit_key(row: Row, order: tuple[str, ...]) -> list[tuple]:
    """A row's place in `order`, its units by the first one (the row it came first in)."""
    span = row.get("span") or [None, None]
    values = {**row, "start": span[0], "end": span[1], "units": row["_first"]}
    return [order_key(values.get(k)) for k in order]
