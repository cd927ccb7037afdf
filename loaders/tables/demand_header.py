"""The header, caption and rows of a demand list (对口帮扶工作需求清单).

The header is 序号 and the content labels (工作事项 具体内容), then the side and
role labels of the unit columns, on the 序号 line or the lines after it:
interleaved (洪山区 牵头单位 洪山区 责任单位 …) or two-level (洪山区 建始县 /
牵头单位 责任单位 牵头单位 责任单位). Each unit column keeps the cells of its
labels, so the Grid's header cell reads 洪山区牵头单位: its role comes from the
role vocabulary, its side from the place before the role word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.tables.demand_text import (CAPTION_RE, END_RE, HEADER_RE, LABEL_RE, Sides,
                                        role_key)
from loaders.tables.table import Cell
from loaders.text.normalize import Line, split_lines


@dataclass(frozen=True)
class Column:
    """A unit column: its key (lead@洪山区), side and header cell."""

    key: str
    side: str
    cell: Cell


@dataclass(frozen=True)
class Header:
    columns: tuple[Column, ...]  # unit columns in header order
    next_line: int  # index of the first line after the header labels
    seq: Cell  # the 序号 label
    content: tuple[Cell, ...] = ()  # content labels (工作事项, 具体内容)
    tab_fields: tuple[str, ...] = ()  # field labels when the table is tab-separated

    @property
    def sides(self) -> Sides:
        return Sides(tuple(dict.fromkeys(c.side for c in self.columns)))


# -- lines: the shared splitter, blank lines left out ---------------------------

def table_lines(text: str) -> list[Line]:
    """The non-blank lines of the text (a demand list's blank lines carry no
    meaning: PDF tools put them between any two lines)."""
    return [line for line in split_lines(text) if line.text.strip()]


def body(line: Line) -> str:
    return line.text.strip()


def body_start(line: Line) -> int:
    return line.start + len(line.text) - len(line.text.lstrip())


# -- labels ---------------------------------------------------------------------

Label = tuple[str, Cell]  # ("side" | "role", the label as written)


def label_tokens(s: str, start: int = 0) -> list[Label] | None:
    """Side and role labels of a header line; None if a token is neither."""
    out: list[Label] = []
    for token in re.finditer(r"\S+", s):
        m = LABEL_RE.fullmatch(token.group())
        if not m:
            return None
        at = start + token.start()
        out += [(k, Cell(m.group(k), at + m.start(k), at + m.end(k)))
                for k in ("side", "role") if m.group(k)]
    return out


def header_labels(s: str, start: int = 0) -> tuple[list[Label], list[Cell]]:
    """Side/role labels on the 序号 line itself, and its other tokens: the
    content columns' labels."""
    labels: list[Label] = []
    content: list[Cell] = []
    seq = HEADER_RE.match(s)
    for token in re.finditer(r"\S+", s[seq.end() if seq else 0:]):
        at = start + (seq.end() if seq else 0) + token.start()
        found = label_tokens(token.group(), at)
        if found:
            labels += found
        elif found is None:
            content.append(Cell(token.group(), at, at + len(token.group())))
    return labels, content


def columns_from_labels(labels: list[Label]) -> tuple[Column, ...]:
    """Pair roles with sides. Either interleaved (洪山区 牵头单位 洪山区 责任单位 …),
    each role taking the side named last, or two-level (洪山区 建始县 / 牵头单位
    责任单位 牵头单位 责任单位), the roles dealt out evenly in side order."""
    sides = [v for k, v in labels if k == "side"]
    roles = [v for k, v in labels if k == "role"]
    kinds = "".join(k[0] for k, _ in labels)
    pairs: list[tuple[Cell, Cell]] = []
    if len(sides) > 1 and re.fullmatch(r"s+r+", kinds) and len(roles) % len(sides) == 0:
        per = len(roles) // len(sides)
        pairs = [(roles[i], sides[i // per]) for i in range(len(roles))]
    else:
        side: Cell | None = None
        for kind, value in labels:
            side = value if kind == "side" else side
            if kind == "role" and side:
                pairs.append((value, side))
    taken: set[str] = set()
    columns = []
    for role, side in pairs:
        key = role_key(role.text, side.text, taken)
        taken.add(key)
        cell = Cell(side.text + role.text, min(side.start, role.start), max(side.end, role.end))
        columns.append(Column(key, side.text, cell))
    return tuple(columns)


def read_header(lines: list[Line], i: int) -> Header | None:
    """A header at line i: 序号 … then side/role labels on it or the lines after."""
    line = lines[i]
    s, at = body(line), body_start(line)
    seq = HEADER_RE.match(s)
    if not seq:
        return None
    seq_cell = Cell(seq.group(), at, at + seq.end())
    if "\t" in s:
        fields = tab_cells(line)
        labels = [(k, Cell(c.text, f.start, f.end)) for f in fields
                  for k, c in (label_tokens(f.text.replace(" ", "")) or [])]
        content = tuple(f for f in fields[1:] if not label_tokens(f.text.replace(" ", "")))
        columns = columns_from_labels(labels)
        return Header(columns, i + 1, seq_cell, content,
                      tuple(f.text for f in fields)) if columns else None
    labels, content = header_labels(s, at)
    j = i + 1
    while j < len(lines) and (more := label_tokens(body(lines[j]), body_start(lines[j]))):
        labels, j = labels + more, j + 1
    columns = columns_from_labels(labels)
    return Header(columns, j, seq_cell, tuple(content)) if columns else None


def tab_cells(line: Line) -> list[Cell]:
    """The tab-separated fields of a line, each stripped, with its span."""
    out, pos = [], line.start
    for raw in line.text.split("\t"):
        lead = len(raw) - len(raw.lstrip())
        out.append(Cell(raw.strip(), pos + lead, pos + lead + len(raw.strip())))
        pos += len(raw) + 1
    return out


def find_caption(lines: list[Line], i: int) -> Cell:
    """The caption as written: the nearest …清单/…表 line within three lines
    above the header, joined to the line before it when it is only a tail."""
    for k in range(i - 1, max(i - 4, -1), -1):
        s = body(lines[k])
        if CAPTION_RE.search(s):
            head = body(lines[k - 1]) if k > 0 else ""
            end = body_start(lines[k]) + len(s)
            if len(s) < 6 and bool(head) and not END_RE.match(head):
                return Cell(head + s, body_start(lines[k - 1]), end)
            return Cell(s, body_start(lines[k]), end)
    at = body_start(lines[i])
    return Cell("", at, at)


# -- the rows as read -------------------------------------------------------------

@dataclass
class Text:
    """Text gathered from fragments on one or more lines, and its span."""

    text: str = ""
    start: int = -1
    end: int = -1

    def add(self, s: str, start: int) -> None:
        if self.start < 0:
            self.start = start
        self.text += s
        self.end = start + len(s)

    def cell(self) -> Cell:
        return Cell(self.text, self.start, self.end)


@dataclass
class Category:
    ident: int  # the same for a category repeated under a page header
    seq: Text
    name: Text


@dataclass
class Item:
    category: Category | None
    number: int | None
    text: Text
    units: list[Text] = field(default_factory=list)  # stream layout: in order
    fixed: dict[str, Cell] | None = None  # tab layout: by column key


BLOCKED = Cell("", -1, -1)  # a column whose cell is written but cannot be placed
