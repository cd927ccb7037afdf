"""Rows as both backends return them, made into the contract's shape:
a span field from start/end, arrays from collected fields, hidden helpers dropped."""
from __future__ import annotations

from typing import Any

HIDDEN = ("pos",)

Row = dict[str, Any]


def shape(rows: list[Row], collect: tuple[str, ...]) -> list[Row]:
    rows = [_with_span(r) for r in rows]
    if collect:
        rows = _collected(rows, collect)
    return [{k: v for k, v in r.items() if k not in HIDDEN} for r in rows]


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
