"""Rows as the Neo4j store reads them from the driver's records (no server
needed): a listing's Cypher twin may return its rows packed, records of the
column names and a list of rows, which the store reads as the rows they hold."""
from __future__ import annotations

import re

import pytest
from neo4j import Record

from queries import catalog
from queries.neo4j_store import PACKED, unpacked
from queries.rows import ranked


def test_packed_records_give_their_rows_in_order_under_the_column_names() -> None:
    columns = ["document", "seq", "units", "_ds"]
    records = [Record({"_columns": columns, "_rows": [["a.txt", 1, None, "d1"], ["a.txt", 2, None, "d2"]]}),
               Record({"_columns": columns, "_rows": [["b.txt", 1, None, "d3"]]})]
    assert unpacked(records, PACKED) == [
        {"document": "a.txt", "seq": 1, "units": None, "_ds": "d1"},
        {"document": "a.txt", "seq": 2, "units": None, "_ds": "d2"},
        {"document": "b.txt", "seq": 1, "units": None, "_ds": "d3"}]
    # the columns keep the query's order: rows are printed and kept as JSON in it
    assert list(unpacked(records, PACKED)[0]) == columns


def test_a_listing_without_rows_has_no_records() -> None:
    assert unpacked([], PACKED) == []


def test_plain_records_are_rows_as_they_come() -> None:
    records = [Record({"unit": "洪山区财政局", "lead": 2}), Record({"unit": "洪山区教育局", "lead": 0})]
    assert unpacked(records, ["unit", "lead"]) == [{"unit": "洪山区财政局", "lead": 2},
                                                   {"unit": "洪山区教育局", "lead": 0}]


def _top_level(text: str) -> list[str]:
    """The items of a Cypher list's inside, split at its own commas."""
    items, depth, current, quote = [], 0, "", ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
            continue
        current += ch
    return [*items, current.strip()] if current.strip() else items


def _packed(name: str) -> tuple[list[str], list[str]] | None:
    """The column names a Cypher twin packs its rows under, and the values of each row."""
    text = re.sub(r"//[^\n]*", "", catalog.get(name).text("cypher"))
    names = re.search(r"RETURN\s*\[(.*?)\]\s*AS _columns", text, re.S)
    if names is None:
        return None
    end = text.find("]) AS rows")
    assert end > 0, f"{name}.cypher names its columns but packs no rows"
    start = text.rindex("collect([", 0, end) + len("collect([")
    return re.findall(r'"(\w+)"', names.group(1)), _top_level(text[start:end])


def _select(name: str) -> list[str]:
    text = re.sub(r"#[^\n]*", "", catalog.get(name).text("rq"))
    head = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s+WHERE", text, re.S)
    assert head
    return re.findall(r"\?(\w+)", head.group(1))


PACKING = [n for n in catalog.catalogue() if _packed(n)]


def test_the_listings_come_packed() -> None:
    assert {"dispatches", "projects", "workload", "helpers", "assignments", "gaps",
            "pairings"} <= set(PACKING)


@pytest.mark.parametrize("name", PACKING)
def test_a_packed_twin_has_its_sparql_twins_columns_in_order(name: str) -> None:
    """A value for each name, and the visible columns those of the .rq's SELECT
    in its order (hidden ones, `_` and `pos`, are each store's own)."""
    columns, values = _packed(name)  # type: ignore[misc]
    assert len(values) == len(columns)
    visible = [c for c in columns if not c.startswith("_") and c != "pos"]
    assert visible == [c for c in _select(name) if not c.startswith("_") and c != "pos"]


def test_workload_ranks_a_units_rows_summed_by_the_store_as_its_rows_per_document() -> None:
    """Without by=, Neo4j's workload sums a unit's documents itself and says how
    many in _documents; the post step ranks that as it ranks one row per document."""
    per_document = [
        {"_unit": "u-a", "unit": "甲局", "document": "1.txt", "lead": 2, "responsible": 1,
         "cooperating": 1, "projects": 0},
        {"_unit": "u-a", "unit": "甲局", "document": "2.txt", "lead": 0, "responsible": 1,
         "cooperating": 0, "projects": 1},
        {"_unit": "u-b", "unit": "乙局", "document": "1.txt", "lead": 1, "responsible": 3,
         "cooperating": 0, "projects": 0}]
    summed = [
        {"_unit": "u-a", "unit": "甲局", "document": "1.txt", "lead": 2, "responsible": 2,
         "cooperating": 1, "projects": 1, "_documents": 2},
        {"_unit": "u-b", "unit": "乙局", "document": "1.txt", "lead": 1, "responsible": 3,
         "cooperating": 0, "projects": 0, "_documents": 1}]
    # 甲局: 2 + 1 + 0 and 0 + 1 + 1 over two documents; 乙局: 1 + 3 + 0 in one
    expected = [
        {"rank": 1, "unit": "甲局", "total": 5, "lead": 2, "responsible": 2, "projects": 1,
         "cooperating": 1, "documents": 2},
        {"rank": 2, "unit": "乙局", "total": 4, "lead": 1, "responsible": 3, "projects": 0,
         "cooperating": 0, "documents": 1}]
    assert ranked(per_document, {}) == expected
    assert ranked(summed, {}) == expected
    assert ranked(summed, {"top": "1"}) == expected[:1]
