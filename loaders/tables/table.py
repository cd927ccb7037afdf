"""The table model every table rule reads and writes.

A cell keeps the character span of its text in the decoded document, so a
fact drawn from a table can be checked against its source like any other.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    """One cell: its cleaned text and where it stands in the document."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class TableRow:
    """One row of a table, cells keyed by a column name chosen by the rule."""

    table: str  # the table's caption as written, e.g. 市派驻村工作力量安排一览表
    cells: dict[str, Cell]
    heading: Cell | None = None  # a group heading the row sits under, if any

    def get(self, column: str) -> str:
        cell = self.cells.get(column)
        return cell.text if cell else ""

    @property
    def start(self) -> int:
        return min(c.start for c in self.cells.values())

    @property
    def end(self) -> int:
        return max(c.end for c in self.cells.values())
