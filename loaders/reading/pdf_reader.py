"""Read a PDF (pdfplumber, on pdfminer.six) into the text the rules read.

Per page: ruled tables are found from their lines and read cell by cell;
the other text comes as visual lines in reading order (top to bottom), and
lines are joined into paragraphs by geometry (a line that runs to the right
edge of the text continues on the next, also across a page break). Page
headers and footers — a page number such as — 5 —, or a line repeated at
the top or bottom of most pages — are dropped. A table continued on the next
page, its header row repeated there, is one table. Every stretch of text
keeps its page number (loaders.reading.layout).

CJK text: pdfminer maps CID fonts through their ToUnicode tables and the
Adobe-GB1 character collection, which covers what government PDFs embed
(SimSun, FangSong, KaiTi, SimHei and their subsets).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber

from loaders import rules
from loaders.reading.layout import Layout, TextBuilder, join_cell_lines
from ontology.errors import InputError

MARGIN = 0.09          # top and bottom share of a page where headers and footers sit
PAGE_NUMBER = re.compile(r"^[-—－–─\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*共?\s*\d+\s*页?)?[-—－–─\s]*$")
WRAP_SLACK = 1.6       # a line ending within this many characters of the edge was wrapped


@dataclass
class Line:
    """A visual line of text outside tables."""

    text: str
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    edge: bool = False  # in the page's top or bottom margin


@dataclass
class Grid:
    """A ruled table: cell texts on its grid, merges resolved."""

    page: int
    top: float
    bottom: float
    xs: tuple[float, ...]  # the column boundaries
    rows: list[list[str]]
    pages: list[int] = field(default_factory=list)  # the page of each row

    @property
    def x0(self) -> float:
        return self.xs[0] if self.xs else 0.0


def read_pdf(path: Path, ocr: bool = False) -> tuple[str, Layout]:
    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [read_page(page, k + 1) for k, page in enumerate(pdf.pages)]
    except MemoryError:  # the child's limit: reported as such
        raise
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise InputError(f"{path}: {pdf_failure(exc)}") from None
    if not any(pages):
        if not ocr:
            raise InputError(f"{path}: has no text layer (a scanned image?); {ocr_hint()}")
        from loaders.reading.ocr import ocr_pdf
        return ocr_pdf(path, len(pages))
    blocks = drop_running_lines([b for page in pages for b in page], len(pages))
    return write(merge_continued_tables(blocks))


def pdf_failure(exc: BaseException) -> str:
    """The reason, in words, from pdfminer's exception (pdfplumber wraps it)."""
    while exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    name = type(exc).__name__
    if "Password" in name or "Encrypt" in name:
        return "password-protected PDF; open it with the password and save an unprotected copy"
    if isinstance(exc, RecursionError):
        return "damaged PDF: its object structure loops"
    return f"damaged or not a PDF ({name}: {str(exc)[:120]})".replace("\n", " ")


def ocr_hint() -> str:
    from loaders.reading.ocr import ocr_available
    if ocr_available():
        return "run `bangfu build --ocr` to read it by OCR"
    return "install tesseract-ocr and tesseract-ocr-chi-sim and run `bangfu build --ocr`"


# -- one page ---------------------------------------------------------------------

def read_page(page: Any, number: int) -> list[Line | Grid]:
    """The page's lines and tables, in reading order (by their top)."""
    found = page.find_tables()
    boxes = [t.bbox for t in found]
    rest = page.filter(lambda o: not any(_centred_in(o, box) for box in boxes))
    blocks: list[Line | Grid] = [grid_of(page, t, number) for t in found]
    for l in rest.extract_text_lines(strip=True, return_chars=True, keep_blank_chars=True):
        if l["text"].strip():
            size = max((c["size"] for c in l["chars"]), default=10.0)
            edge = l["top"] < MARGIN * page.height or l["bottom"] > (1 - MARGIN) * page.height
            blocks.append(Line(l["text"], number, l["top"], l["bottom"], l["x0"], l["x1"],
                               size, edge))
    blocks.sort(key=lambda b: (b.top, b.x0))
    return blocks


def grid_of(page: Any, table: Any, number: int) -> Grid:
    """Cell texts on the table's grid. A position covered by a merged cell
    repeats the cell's text when the cell spans down to it (a vertical merge)
    and is empty when it spans across to it."""
    rows: list[list[str]] = []
    above: dict[int, tuple[float, str]] = {}  # per column: bottom of its last cell, text
    for row in table.rows:
        out: list[str] = []
        for c, cell in enumerate(row.cells):
            if cell is not None:
                above[c] = (cell[3], cell_text(page, cell))
                out.append(above[c][1])
            elif c in above and above[c][0] > row.bbox[1] + 1:
                out.append(above[c][1])
            else:
                out.append("")
                above[c] = (row.bbox[3], "")
        rows.append(out)
    xs = tuple(round(c[0]) for c in table.rows[0].cells if c is not None) if table.rows else ()
    return Grid(number, table.bbox[1], table.bbox[3], xs, rows, [number] * len(rows))


def cell_text(page: Any, bbox: tuple[float, float, float, float]) -> str:
    """A cell's visual lines as one text: wrapped lines joined, and a line that
    stops short (the end of a paragraph in the cell) kept as a line break."""
    lines = page.filter(lambda o: o.get("object_type") == "char" and _centred_in(o, bbox)) \
        .extract_text_lines(strip=True, return_chars=True, keep_blank_chars=True)
    if not lines:
        return ""
    right = max(l["x1"] for l in lines)
    paragraphs, current = [], ""
    for l in lines:
        current = join_wrapped(current, l["text"])
        size = max((ch["size"] for ch in l["chars"]), default=10.0)
        if right - l["x1"] > WRAP_SLACK * size:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return join_cell_lines(paragraphs)


def _centred_in(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    """By the centre: glyphs next to a table may touch its rules."""
    if "x0" not in obj or "top" not in obj:
        return False
    return box[0] <= (obj["x0"] + obj["x1"]) / 2 <= box[2] \
        and box[1] <= (obj["top"] + obj["bottom"]) / 2 <= box[3]


def join_wrapped(before: str, after: str) -> str:
    """Two pieces of one wrapped paragraph: Latin words keep their space."""
    if before and after and before[-1].isascii() and before[-1].isalnum() \
            and after[0].isascii() and after[0].isalnum():
        return before + " " + after
    return before + after


# -- the whole document -----------------------------------------------------------

def drop_running_lines(blocks: list[Line | Grid], n_pages: int) -> list[Line | Grid]:
    """Drop page numbers and running headers/footers: lines in a page's top or
    bottom margin that read as a page number, or that recur (digits aside)
    on at least half of the pages."""
    edge = [b for b in blocks if isinstance(b, Line) and b.edge]
    shapes = Counter(_shape(b.text) for b in edge)
    recurring = {s for s, k in shapes.items() if n_pages >= 2 and k >= max(2, (n_pages + 1) // 2)}
    drop = {id(b) for b in edge if PAGE_NUMBER.match(b.text) or _shape(b.text) in recurring}
    return [b for b in blocks if id(b) not in drop]


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def merge_continued_tables(blocks: list[Line | Grid]) -> list[Line | Grid]:
    """A table that goes on at the top of the next page, with the same columns,
    is the same table; its repeated header row is dropped."""
    out: list[Line | Grid] = []
    for b in blocks:
        prev = out[-1] if out else None
        if isinstance(b, Grid) and isinstance(prev, Grid) and b.page == prev.pages[-1] + 1 \
                and _same_columns(b.xs, prev.xs):
            rows, pages = b.rows, b.pages
            if rows and rows[0] == prev.rows[0]:
                rows, pages = rows[1:], pages[1:]
            prev.rows += rows
            prev.pages += pages
            continue
        out.append(b)
    return out


def _same_columns(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 3 for x, y in zip(a, b))


def write(blocks: list[Line | Grid]) -> tuple[str, Layout]:
    """Paragraphs and tables through the TextBuilder."""
    right = max((b.x1 for b in blocks if isinstance(b, Line)), default=0.0)
    left = min((b.x0 for b in blocks if isinstance(b, Line)), default=0.0)
    out = TextBuilder()
    para: list[Line] = []

    def flush() -> None:
        if para:
            text = ""
            for line in para:
                text = join_wrapped(text, line.text)
            out.paragraph(text, para[0].page)
            para.clear()

    for b in blocks:
        if isinstance(b, Grid):
            flush()
            out.table(b.rows, b.pages)
            continue
        if para and not continues(para[-1], b, left, right):
            flush()
        para.append(b)
    flush()
    return out.text(), out.layout


def continues(prev: Line, line: Line, left: float, right: float) -> bool:
    """Whether line goes on with prev's paragraph: prev ran to the right edge,
    and line starts at the left edge (not an indented first line) and not
    with a heading number (一、 / （一） / 1．), which begins a paragraph even
    when the one before happened to fill its last line."""
    if any(p.match(line.text) for p in rules.HEADING_LEVELS) or line.text.startswith("附件"):
        return False
    return right - prev.x1 <= WRAP_SLACK * prev.size and line.x0 - left <= prev.size * 0.5
