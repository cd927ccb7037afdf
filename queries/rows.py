"""Rows as both backends return them, made into the contract's shape:
a span field from start/end, arrays from collected fields, hidden helpers dropped.

The few answers a query language cannot give alike on both backends (a total
row, a ranking, a tree order) are computed here, once, on the rows both
return — so the backends cannot disagree about them.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from ontology.errors import QueryError

HIDDEN = ("pos",)  # and every field whose name starts with "_": ids and keys for post steps

Row = dict[str, Any]


def shape(rows: list[Row], collect: tuple[str, ...], keep_hidden: bool = False) -> list[Row]:
    rows = [_with_span(r) for r in rows]
    if collect:
        rows = _collected(rows, collect)
    return rows if keep_hidden else visible(rows)


def visible(rows: list[Row]) -> list[Row]:
    """The rows without their helper fields. The fields a row shows are worked
    out once for each set of fields (a listing's rows share one): testing
    every field of 10,840 rows was a fifth of a listing's Python on Neo4j."""
    shown: dict[tuple[str, ...], list[str]] = {}
    out = []
    for r in rows:
        fields = tuple(r)
        keep = shown.get(fields)
        if keep is None:
            keep = shown[fields] = [k for k in fields if not _hidden(k)]
        out.append({k: r[k] for k in keep})
    return out


def _hidden(key: str) -> bool:
    return key in HIDDEN or key.startswith("_")


def _with_span(row: Row) -> Row:
    out = {k: v for k, v in row.items() if k not in ("start", "end")}
    if "start" in row:
        out["span"] = [row.get("start"), row.get("end")]
    return out


def _collected(rows: list[Row], collect: tuple[str, ...]) -> list[Row]:
    """Merge rows that differ only in the collected fields, keeping order of pos."""
    merged: dict[tuple, Row] = {}
    order: dict[tuple, list[tuple[Any, dict[str, Any]]]] = {}
    for row in rows:
        key = tuple((k, repr(v)) for k, v in row.items() if k not in collect and k not in HIDDEN)
        if key not in merged:
            merged[key] = dict(row)
            order[key] = []
        values = {c: row.get(c) for c in collect}
        if any(v is not None for v in values.values()):
            order[key].append((row.get("pos") if row.get("pos") is not None else 0, values))
    out = []
    for key, row in merged.items():
        seen = sorted(order[key], key=lambda item: item[0])
        for c in collect:
            values = []
            for _, v in seen:
                if v[c] is not None and v[c] not in values:
                    values.append(v[c])
            row[c] = values
        out.append(row)
    return out


def with_total(rows: list[Row], params: dict[str, Any]) -> list[Row]:
    """funds: one row per allocation, then a 合计 row that says what it sums.

    The query returns a row per statement of an allocation; the statements of
    one allocation (_fund) become its `mentions` (section, span, evidence each),
    the first giving the row's own evidence. The total adds each allocation
    once, a yearly (recurring) amount once, and leaves out a part (其中…) whose
    total is among the rows: it is already in that total."""
    merged: dict[Any, Row] = {}
    for r in rows:
        mention = {"section": r.get("section"), "span": r.get("span"), "evidence": r.get("evidence")}
        row = merged.setdefault(r.get("_fund"), {**r, "mentions": []})
        if mention not in row["mentions"]:
            row["mentions"].append(mention)
        for key in ("source", "target"):
            row[key] = row[key] + [v for v in r.get(key) or [] if v not in row[key]]
    out = list(merged.values())
    if not out:
        return out
    parts = [r for r in out if r.get("_total") in merged]
    counted = [r for r in out if r.get("_total") not in merged]
    total = round(sum(r.get("amount") or 0 for r in counted), 4)
    label = f"合计 {len(counted)} 项，各计一次"
    if parts:
        label += f"；不含已在总额中的 {len(parts)} 项分项"
    if any(r.get("recurring") for r in counted):
        label += "；每年的按一年计"
    row = {k: None for k in out[0]}
    row.update(allocation=label, amount=total, source=[], target=[], mentions=[])
    return out + [row]


def ranked(rows: list[Row], params: dict[str, Any]) -> list[Row]:
    """workload: the units ranked by lead + responsible tasks + projects.

    The query counts per unit and document; overall, a unit's counts are the
    sums over documents (a task or project is stated in one document only).
    -p by=document ranks within each document instead; ties share a rank.
    A row may be a unit's sum over documents already (Neo4j's without by=):
    its hidden _documents says how many."""
    per_document = params.get("by") == "document" or bool(params.get("doc"))
    groups: dict[tuple, Row] = {}
    for r in rows:
        key = (r["_unit"], r["document"]) if per_document else (r["_unit"],)
        g = groups.setdefault(key, {"document": r["document"] if per_document else None,
                                    "unit": r["unit"], "lead": 0, "responsible": 0,
                                    "projects": 0, "cooperating": 0, "documents": 0})
        for field in ("lead", "responsible", "projects", "cooperating"):
            g[field] += r[field]
        g["documents"] += r.get("_documents", 1)
    out = []
    by_document: dict[Any, list[Row]] = defaultdict(list)
    for g in groups.values():
        g["total"] = g["lead"] + g["responsible"] + g["projects"]
        by_document[g["document"]].append(g)
    top = _whole(params.get("top"), "top")
    for document in sorted(by_document, key=lambda d: d or ""):
        ranking = sorted(by_document[document], key=lambda g: (
            -g["total"], -g["lead"], -g["responsible"], g["unit"]))
        for i, g in enumerate(ranking):
            previous = ranking[i - 1] if i else None
            same = previous is not None and previous["total"] == g["total"]
            g["rank"] = previous["rank"] if same else i + 1
        ranking = [g for g in ranking if top is None or g["rank"] <= top]
        columns = (("rank", "document", "unit") if per_document else ("rank", "unit")) + (
            "total", "lead", "responsible", "projects", "cooperating") + (
            () if per_document else ("documents",))
        out += [{c: g[c] for c in columns} for g in ranking]
    return out


def counted(rows: list[Row], params: dict[str, Any]) -> list[Row]:
    """partners: how many tasks and projects each partner shares, most first."""
    shared: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        shared[r["partner"]].add(r["_task"])
    out = [{"partner": r["partner"], "shared": len(shared[r["partner"]]),
            **{k: v for k, v in r.items() if k != "partner"}} for r in rows]
    return sorted(out, key=lambda r: (-r["shared"], r["partner"], r["document"] or "",
                                      (r.get("span") or [0])[0] or 0, r["title"]))


def tree(rows: list[Row], params: dict[str, Any]) -> list[Row]:
    """hierarchy: the places in tree order (each place before the places in it),
    with their depth below the place asked about."""
    by_id = {r["_id"]: r for r in rows}
    children: dict[Any, list[Row]] = defaultdict(list)
    for r in rows:
        parent = r["_parent"] if r["_parent"] in by_id and r["_parent"] != r["_id"] else None
        if all(c["_id"] != r["_id"] for c in children[parent]):
            children[parent].append(r)
    out: list[Row] = []
    seen: set[str] = set()

    def visit(row: Row, depth: int, parent: str | None) -> None:
        if row["_id"] in seen:
            return
        seen.add(row["_id"])
        out.append({"depth": depth, "place": row["place"], "level": row["level"],
                    "parent": parent, "code": row["code"]})
        for child in sorted(children[row["_id"]], key=_place_order):
            visit(child, depth + 1, row["place"])
    for root in sorted(children[None], key=_place_order):
        visit(root, 0, None)
    return out


def _place_order(row: Row) -> tuple[str, str]:
    return (row.get("code") or "~", row["place"])  # coded (gazetteer) places first


def _whole(value: Any, name: str) -> int | None:
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise QueryError(f"-p {name}= takes a whole number, not {value!r}")
    return int(value)


def order_key(value: Any) -> tuple:
    """SPARQL's order: unbound first, then numbers by value, then text."""
    if value is None:
        return (0, 0)
    if isinstance(value, (bool, int, float)):
        return (1, value)
    return (2, str(value))
