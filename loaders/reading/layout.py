"""The text of a .docx or .pdf as the table rules read it, and where each
piece of that text stands in the original file.

The rules were written for text extracted from PDFs: paragraphs as lines,
tables as one row per line with tab-separated cells. A reader of an original
file writes exactly that, through a TextBuilder, and records beside it which
page, table, row and column each stretch of text comes from (the Layout), so
provenance can name them.

Merged cells: a vertically merged cell is repeated in every row it covers (a
row then carries all its cells, as a reader of the printed table sees them);
a horizontally merged cell is written once and followed by empty fields, so
each column keeps its position. A line break inside a cell cannot be a
newline (that would end the row): it becomes 、 between two names (the break
separates units in a 责任单位 cell) and a space elsewhere; the rules treat both
as they treat the same text in a PDF-to-text file.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

# A piece of cell text that ends like an organisation or place name: a line
# break after it separates two names (市委办公厅⏎汉口银行 → 市委办公厅、汉口银行).
NAME_END = re.compile(r"(?:局|办|厅|委|会|中心|公司|集团|银行|行|院|校|所|站|队|部|室|社|联|"
                      r"街道|镇|乡|村|社区|馆|园|处)$")
HAN_START = re.compile(r"^[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Place:
    """Where a stretch of text stands: page (PDF), table, row, column (1-based)."""

    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None


@dataclass
class Layout:
    """Offsets in the text → places in the file, as sorted, disjoint segments."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    ocr: bool = False  # the text was read from page images by OCR
    # What the reader met but could not put into the text, one line each
    # (an XML entity reference in a .docx): the build reports them.
    omitted: list[str] = field(default_factory=list)

    def add(self, start: int, end: int, place: Place) -> None:
        if end > start:
            self.starts.append(start)
            self.ends.append(end)
            self.places.append(place)

    def locate(self, start: int, end: int) -> dict[str, Any]:
        """Provenance fields for text[start:end]: the page of its first
        character, and the table, row and column it lies in when it lies in
        one of each."""
        i = bisect.bisect_right(self.ends, start)
        hit: list[Place] = []
        while i < len(self.starts) and self.starts[i] < max(end, start + 1):
            hit.append(self.places[i])
            i += 1
        out: dict[str, Any] = {"ocr": True} if self.ocr else {}
        if not hit:
            return out
        if hit[0].page is not None:
            out["page"] = hit[0].page
        for key in ("table", "row", "col"):
            values = {getattr(p, key) for p in hit}
            if len(values) != 1 or None in values:
                break
            out[key if key != "table" else "table_no"] = values.pop()
        return out

    def as_json(self) -> dict[str, Any]:
        return {"ocr": self.ocr, "omitted": self.omitted, "segments": [
            [a, b, p.page, p.table, p.row, p.col]
            for a, b, p in zip(self.starts, self.ends, self.places)]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Layout:
        layout = cls(ocr=bool(data.get("ocr")), omitted=list(data.get("omitted", [])))
        for a, b, page, table, row, col in data["segments"]:
            layout.add(a, b, Place(page, table, row, col))
        return layout


def join_cell_lines(lines: list[str]) -> str:
    """One cell's lines (its paragraphs or line breaks) as one line of text."""
    out = ""
    for line in (l.strip() for l in lines):
        if not line:
            continue
        if out:
            out += "、" if NAME_END.search(out) and HAN_START.match(line) else " "
        out += line
    return out


class TextBuilder:
    """Writes paragraphs and table rows as lines, keeping the Layout."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.layout = Layout()
        self.tables = 0

    def _write(self, text: str, place: Place | None) -> None:
        if place is not None:
            self.layout.add(self.pos, self.pos + len(text), place)
        self.parts.append(text)
        self.pos += len(text)

    def paragraph(self, text: str, page: int | None = None) -> None:
        """A paragraph as one line (line breaks inside it become spaces)."""
        text = re.sub(r"\s*[\r\n\v]+\s*", " ", text).replace("\t", " ").strip()
        if text:
            self._write(text, Place(page))
            self._write("\n", None)

    def table(self, rows: list[list[str]], pages: list[int | None] | None = None) -> None:
        """A table, one row per line; cells already resolved for merges."""
        self.tables += 1
        self._write("\n", None)
        for r, row in enumerate(rows):
            page = pages[r] if pages else None
            for c, cell in enumerate(row):
                if c:
                    self._write("\t", None)
                text = cell.replace("\t", " ").replace("\n", " ")
                self._write(text, Place(page, self.tables, r + 1, c + 1))
            self._write("\n", None)
        self._write("\n", None)

    def text(self) -> str:
        return "".join(self.parts)
