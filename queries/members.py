"""helpers' post step: a helper that is a group (各街道, 各派出单位) also helps
through each of its members. The query returns each helper's node; the
members of those that are groups come from one more query, bound to them
(members.rq), and each member gets the group's row with `via` naming the
group. Done here once for both backends: in SPARQL the expansion was a
UNION joined over every membership of the graph (90 of 98 ms at 40×)."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from queries.rows import Row, order_key

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
            # SELECT DISTINCT kept rows that differ in pos alone; the node is not a column
            out.setdefault(tuple(repr(v) for k, v in new.items() if k != "_hn"), new)
    return sorted(out.values(), key=_key)


def _key(row: Row) -> list[tuple]:
    span = row.get("span") or [None, None]
    values = {**row, "start": span[0], "end": span[1]}
    return [order_key(values.get(k)) for k in ORDER]
