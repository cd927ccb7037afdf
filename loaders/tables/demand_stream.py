"""Reading a demand list that a PDF-to-text tool flattened into a stream.

Header labels one per line, the header repeated on every page, item text
wrapped over several lines, unit cells wrapped or several to a line, a cell
glued to the next item, and cells merged over several items written only
once: the parser rebuilds the items and their unit cells (in stream order)
from rules of the genre only — the header gives the sides, a unit's
jurisdiction prefix gives its side, items are numbered afresh in each
category. demand.py then gives each cell its column.
"""
from __future__ import annotations

import re

from loaders.tables.demand_header import (Category, Header, Item, Text, body, body_start,
                                          label_tokens)
from loaders.tables.demand_text import (BARE_NUMBER_RE, CAPTION_RE, CATEGORY_FRAGMENT_RE,
                                        CATEGORY_RE, END_RE, GLUED_AFTER_SENTENCE_RE,
                                        HEADER_RE, ITEM_RE, PAGE_NUMBER_RE, PROSE_RE,
                                        SENTENCE_END, Sides, cut_glued_item, ends_sentence,
                                        is_open, whitespace_tokens)
from loaders.text.normalize import Line

class StreamParser:
    """Reads the interleaved line layout, one non-blank line at a time.

    state: start (before the first category), category (reading its name),
    text (reading an item), units (reading the item's unit cells).
    """

    def __init__(self, sides: Sides) -> None:
        self.sides = sides
        self.items: list[Item] = []
        self.category: Category | None = None
        self.state = "start"
        self.in_header = False
        self.absorbing = False  # skipping a category name repeated on a new page
        self.prev_line_cells: list[Text] = []

    # -- entry
    def feed(self, line: Line) -> bool:
        """Consume one line; False when the table has ended before it."""
        s = body(line)
        if END_RE.match(s) or (self.at_boundary() and CAPTION_RE.search(s) and len(s) > 6):
            return False
        if PAGE_NUMBER_RE.match(s):
            return True
        if HEADER_RE.match(s):  # the header repeated at the top of a page
            self.in_header = True
            return True
        if self.in_header and label_tokens(s):
            return True
        self.in_header = False
        return self.dispatch(s, body_start(line))

    def at_boundary(self) -> bool:
        """Not inside an unfinished item sentence."""
        return self.state != "text" or ends_sentence(self.items[-1].text.text)

    def dispatch(self, s: str, start: int) -> bool:
        if self.try_category(s, start) or self.try_fragment(s, start):
            return True
        if self.try_item(s, start):
            return True
        if self.state == "category":  # a category with one unnumbered item
            self.start_item(None, s, start)
            return True
        if self.state == "text":
            return self.text_or_units(s, start)
        if self.state == "units":
            return self.units(s, start)
        return True  # stray line before the first category

    # -- categories
    def try_category(self, s: str, start: int) -> bool:
        m = CATEGORY_RE.match(s) or BARE_NUMBER_RE.match(s)
        if not m or not self.at_boundary():
            return False
        seq, name = int(m.group(1)), (m.group(2) if m.re is CATEGORY_RE else "")
        current = int(self.category.seq.text) if self.category else 0
        if seq == current and self.category and self.category.name.text.startswith(name):
            self.absorbing = True  # the category repeated under a page header
            return True
        if seq != current + 1:  # category numbers run 1, 2, 3 …
            return False
        self.new_category(m, start)
        if m.re is CATEGORY_RE and m.group(3):
            self.dispatch(m.group(3), start + m.start(3))
        return True

    def new_category(self, m: re.Match[str], start: int) -> None:
        seq, name = Text(), Text()
        seq.add(m.group(1), start + m.start(1))
        if m.re is CATEGORY_RE:
            name.add(m.group(2), start + m.start(2))
        ident = self.category.ident + 1 if self.category else 1
        self.category = Category(ident, seq, name)
        self.state, self.absorbing = "category", False

    def try_fragment(self, s: str, start: int) -> bool:
        """A wrapped piece of the category name, before its first item."""
        absorbing, self.absorbing = self.absorbing, False
        if not CATEGORY_FRAGMENT_RE.match(s) or self.category is None:
            return False
        if absorbing and s in self.category.name.text:
            self.absorbing = True  # more of the repeated name
            return True
        if self.state != "category":
            return False
        self.category.name.add(s, start)
        return True

    # -- items
    def last_number(self) -> int | None:
        for item in reversed(self.items):
            if item.category is not self.category:
                return None
            if item.number is not None:
                return item.number
        return None

    def accepts_number(self, n: int) -> bool:
        """Items are numbered afresh in each category, 1, 2, 3 …; after unit
        cells a gap in the numbering is tolerated."""
        last = self.last_number()
        if last is None:
            return self.state in ("category", "start", "units") or n == 1
        return n == last + 1 or (self.state == "units" and n > last)

    def try_item(self, s: str, start: int) -> bool:
        m = ITEM_RE.match(s)
        if not m or not self.accepts_number(int(m.group(1))):
            return False
        self.start_item(int(m.group(1)), s, start)
        return True

    def start_item(self, number: int | None, s: str, start: int) -> None:
        self.items.append(Item(self.category, number, Text()))
        self.state, self.prev_line_cells = "text", []
        self.text_line(s, start)

    def text_or_units(self, s: str, start: int) -> bool:
        done = ends_sentence(self.items[-1].text.text)
        if (done and self.sides.starts_unit_run(s)) or self.sides.is_unit_line(s):
            self.state = "units"
            return self.units(s, start)
        self.text_line(s, start)
        return True

    def text_line(self, s: str, start: int) -> None:
        """Item text, possibly followed on the same line by unit cells
        ("…建设。 区市场监管局") or by the next item ("…通道。2.…")."""
        cut = self.split_text_units(s)
        glued = GLUED_AFTER_SENTENCE_RE.search(s[:cut] if cut is not None else s)
        if glued and int(glued.group(1)) == (self.items[-1].number or 0) + 1:
            self.items[-1].text.add(s[:glued.start()].rstrip(), start)
            self.dispatch(s[glued.start(1):], start + glued.start(1))
            return
        self.items[-1].text.add((s if cut is None else s[:cut]).rstrip(), start)
        if cut is not None:
            self.state = "units"
            self.units(s[cut:], start + cut)

    def split_text_units(self, s: str) -> int | None:
        """Where unit cells begin on an item line: after whitespace that ends a
        sentence and opens a unit, or before a run of complete unit names
        (glued straight to a sentence end only in that stricter case)."""
        for m in re.finditer(rf"\s+|(?<=[{SENTENCE_END}])(?=\S)", s):
            before, after = s[:m.start()], s[m.end():]
            spaced = m.end() > m.start()
            if spaced and ends_sentence(before) and self.sides.starts_unit_run(after):
                return m.end()
            if self.sides.is_unit_line(after):
                return m.end()
        return None

    # -- unit cells
    def units(self, s: str, start: int) -> bool:
        cut = len(cut_glued_item(s, (self.last_number() or 0) + 1))
        head = s[:cut]
        if PROSE_RE.search(head):  # prose after the table: it has ended
            return False
        self.add_unit_line(head, start)
        if cut < len(s):  # the next item glued on: 中心2.为建始籍…
            self.dispatch(s[cut:], start + cut)
        return True

    def add_unit_line(self, s: str, start: int) -> None:
        """Each whitespace token continues an open cell of the previous line,
        in order (so cells wrapped side by side stay apart), or opens a new
        cell if it begins a unit name, or else continues the last cell."""
        queue = [c for c in self.prev_line_cells if is_open(c.text)]
        touched: list[Text] = []
        for token, token_start in whitespace_tokens(s, start):
            cell = self.continuation_target(token, queue)
            if cell is None:
                cell = Text()
                self.items[-1].units.append(cell)
            cell.add(token, token_start)
            touched.append(cell)
        self.prev_line_cells = touched

    def continuation_target(self, token: str, queue: list[Text]) -> Text | None:
        if queue and not self.sides.conflicts(queue[0].text, token):
            return queue.pop(0)
        if self.sides.starts_unit(token):
            return None
        units = self.items[-1].units
        return units[-1] if units else None


def parse_stream(lines: list[Line], header: Header) -> tuple[list[Item], int]:
    parser = StreamParser(header.sides)
    j = header.next_line
    while j < len(lines) and parser.feed(lines[j]):
        j += 1
    return parser.items, j
