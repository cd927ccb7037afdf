"""A place written in table cells, split into its levels.

A project or dispatch list may give the place in one cell naming several
levels (开化县音坑乡下淤村, 木黄镇凤仪村, 茫汗苏木) or spread over columns
(所在县 / 所在乡镇 / 村): the cells of the place columns are read highest
level first, the divisions of the gazetteer are taken from the front, and
the rest is a township-level place (街道, 镇, 乡, 苏木) and a village (村,
社区, 嘎查). A place that is neither (彭水工业园区) has no street or village;
one that opens with a township and goes on to a place that is no village
(花园镇产业园区, 河口乡集中区) lies in that township.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.names.gazetteer import Division, gazetteer
from loaders.tables.grid import GridRow
from loaders.tables.table import Cell

HAN = "\u4e00-\u9fff"
TOWN = rf"[{HAN}]{{1,10}}?(?:街道办事处|街道|镇|乡|苏木|街)"
# a village may carry a number (新华1村, 测试12村), never start with one
VILLAGE_WORDS = ("村委会", "居委会", "社区", "嘎查", "村")  # a village's name ends in one
VILLAGE = rf"[{HAN}][{HAN}\d]{{0,9}}?(?:{'|'.join(VILLAGE_WORDS)})"
TAIL = re.compile(rf"^(?P<street>{TOWN})?(?P<village>{VILLAGE})?$")
# A township opening a longer place (花园镇产业园区): two characters at least
# before the level word, so 城乡结合部 is no 城乡, and not 乡村 (高山乡村旅游区).
FRONT = re.compile(rf"^(?P<street>[{HAN}]{{2,10}}?(?:街道办事处|街道|镇|乡|苏木))(?!村)"
                   rf"(?P<village>{VILLAGE})?(?=.)")
SPACES = re.compile(r"\s+")
# Place columns, the highest level first.
PLACE_COLUMNS = ("province", "city", "county", "town", "village")


@dataclass(frozen=True)
class Place:
    division: Division | None  # the most specific division named (or None)
    street: str
    village: str
    cell: Cell | None          # the cells it was read from (their span)


def split_place(text: str, near: tuple[str, ...] = ()) -> tuple[Division | None, str, str]:
    """(division, street, village) of a place written as one string."""
    text = SPACES.sub("", text)
    division, start, end = None, 0, 0
    for a, b, d in gazetteer().find(text, near):
        if a != end:
            break
        division, start, end = d, a, b
    m = TAIL.match(text[end:]) or FRONT.match(text[end:])
    whole = TAIL.match(text)
    if division is not None and whole and whole.group(0) and (
            not m or not m.group(0) or text[start:end] not in division.forms):
        # a division's bare stem opening a lower place's name (红旗村, 红旗镇 are no 红旗区)
        division, m = None, whole
    if not m:
        return division, "", ""
    return division, m.group("street") or "", m.group("village") or ""


def row_place(row: GridRow, roles: list[str | None], near: tuple[str, ...] = ()) -> Place | None:
    """The place of a row from its place columns, or None without one."""
    cells = [row.cells[k] for level in PLACE_COLUMNS for k, r in enumerate(roles)
             if r == level and k < len(row.cells) and row.cells[k]]
    if not cells:
        return None
    division, street, village = split_place("".join(c.text for c in cells), near)
    span = Cell("".join(c.text for c in cells), min(c.start for c in cells),
                max(c.end for c in cells))
    return Place(division, street, village, span)
