"""对口帮扶工作需求清单: the words and shapes of a two-sided demand list.

A demand list's header names the two paired places and, under each, its unit
columns (洪山区 牵头单位 / 洪山区 责任单位 / 建始县 牵头单位 …); its rows are
numbered work categories holding numbered items, each followed by the unit
cells of both sides. This module holds the patterns of those rows and the
rules that tell a unit cell from item text and give a unit its side by its
jurisdiction prefix. The role of a unit column comes from the one role
vocabulary (ontology/data/roles.csv); see demand_header.py, demand_stream.py
and demand.py for the reading.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from loaders import rules
from loaders.tables.grid import ATTACHMENT
from loaders.vocabulary import label_roles

HAN = "\u4e00-\u9fff"

# ---------------------------------------------------------------- patterns
# A header row starts with 序号 (PDF tools sometimes split it: 序 号).
HEADER_WORD = "序号"  # a demand table's header opens with it, spaces allowed inside
HEADER_RE = re.compile("^" + r"\s*".join(HEADER_WORD))
# Role labels of unit columns: the label words of the role vocabulary.
ROLE = "|".join(sorted(map(re.escape, label_roles()), key=len, reverse=True))
# A side is a place name ending in its level character: 洪山区, 建始县, 恩施州.
SIDE = rf"[{HAN}·]{{1,10}}?[区县市州旗盟]"
LABEL_RE = re.compile(rf"(?P<side>{SIDE})?\s*(?P<role>{ROLE})?")
# The caption above the header: …需求清单, …对接表.
CAPTION_RE = re.compile(r"(?:清单|表)$")
# A category row: "1 产业发展", possibly followed by the first item.
CATEGORY_RE = re.compile(rf"^(\d{{1,2}})\s+([{HAN}（）()、·]{{2,12}})(?:\s+(.*))?$")
# A category number alone on its line; its name follows in short fragments.
BARE_NUMBER_RE = re.compile(r"^(\d{1,2})$")
# A wrapped category-name fragment: 建设用地 / 增减挂钩 / 和耕地占 / 补平衡.
CATEGORY_FRAGMENT_RE = re.compile(rf"^[{HAN}（）()]{{1,8}}$")
# An item number: 1. / 1． / 1、 — not a decimal such as 2.5万元.
ITEM_RE = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)")
# An item number glued to the end of a unit cell: …服务中心2.为建始籍务工人员….
GLUED_ITEM_RE = re.compile(rf"(?<=[{HAN}）)])(\d{{1,2}})\s*[.．、](?!\d)")
# An item number glued after the end of the previous item's text: …通道。2.….
GLUED_AFTER_SENTENCE_RE = re.compile(r"(?<=[。；;！!？?])\s*(\d{1,2})\s*[.．、](?!\d)")
# Lines that close the table: the next attachment (附件 3); page footers
# (— 5 —) are skipped. Both patterns are the shared ones.
END_RE = ATTACHMENT
PAGE_NUMBER_RE = rules.PAGE_FOOTER
SENTENCE_END = "。；;！!？?"
SEPARATORS_RE = re.compile(r"[、，,；;]")
# Characters no unit name contains; a line with them is prose.
PROSE_RE = re.compile(r"[。！？!?“”\"0-9０-９]")
# Suffixes that end a complete unit name. A cell fragment not ending in one
# broke a word (区经信和 / 科创局) and continues on the next line.
UNIT_SUFFIXES = (
    "局", "部", "委", "办", "室", "厅", "处", "科", "所", "院", "校", "站", "队",
    "社", "联", "会", "协", "中心", "公司", "集团", "街道", "镇", "乡", "村",
    "社区", "单位", "机构", "团", "馆", "行", "组", "场", "厂", "台",
)
# Group phrases that open a unit cell: 各街道, 相关乡镇, 有关单位, 全区….
GROUP_PREFIXES = ("各", "相关", "有关", "全", "中共")
# Higher levels that may appear in any side's cells (市城投公司 …).
UPPER_LEVELS = "市省州"
# A town, township or street office named alone: 花坪镇, 狮子山街道.
PLACE_UNIT_RE = re.compile(rf"^[{HAN}]{{2,5}}(?:街道|镇|乡)$")
# Unit names are short (区人大常委会办公室, 县公共就业和人才服务中心); a longer
# run without separators is a line of item prose.
MAX_UNIT_NAME = 16
# Which side level owns street offices and which owns towns and townships.
URBAN_LEVELS, RURAL_LEVELS = "区", "县旗"
URBAN_MARKERS, RURAL_MARKERS = ("街道",), ("乡镇", "镇", "乡", "卫生院")


# ------------------------------------------------------------- text rules
def ends_sentence(text: str) -> bool:
    """Item text that ends a sentence may be followed by unit cells."""
    return text.rstrip().endswith(tuple(SENTENCE_END))


def unit_parts(text: str) -> list[str]:
    """The names of a unit list, split only to judge it (not to output)."""
    return SEPARATORS_RE.split(text)


def is_open(text: str) -> bool:
    """A cell continues on the next line when it ends with 、 or ， or broke a
    word (its last name has no unit suffix: 区城管执 / 法局)."""
    last = unit_parts(text)[-1]
    return not last or not last.endswith(UNIT_SUFFIXES)


def lists_several_units(text: str) -> bool:
    return len([p for p in unit_parts(text) if p]) > 1


def whitespace_tokens(s: str, start: int) -> Iterator[tuple[str, int]]:
    for m in re.finditer(r"\S+", s):
        yield m.group(), start + m.start()


# Short keys of the roles, for a unit column's key lead@SIDE / resp@SIDE / coop@SIDE.
ROLE_KEYS = {"lead": "lead", "responsible": "resp", "cooperating": "coop"}


def role_key(label: str, side: str, taken: set[str]) -> str:
    """A column's key from its label's role; a second column of one role on
    one side (two 责任单位) is kept apart as coop@SIDE."""
    key = f"{ROLE_KEYS[label_roles()[label]]}@{side}"
    return key if key not in taken else f"coop@{side}"


@dataclass(frozen=True)
class Sides:
    """The paired places named in the header, and how their units are written."""

    names: tuple[str, ...]

    def levels(self) -> dict[str, str]:
        return {name: name[-1] for name in self.names}

    def stem_side(self, part: str) -> str | None:
        # 洪山经开区管委会 belongs to 洪山区: a unit named after the place.
        hits = [n for n in self.names if len(n) > 2 and part.startswith(n[:-1])]
        return hits[0] if len(hits) == 1 else None

    def level_side(self, level: str) -> str | None:
        hits = [n for n, lv in self.levels().items() if lv == level]
        return hits[0] if len(hits) == 1 else None

    def marker_side(self, part: str) -> str | None:
        # 街道 belong to a district, 乡/镇/卫生院 to a county; only decisive
        # when exactly one side is of that kind.
        for markers, kinds in ((URBAN_MARKERS, URBAN_LEVELS), (RURAL_MARKERS, RURAL_LEVELS)):
            if part.endswith(markers):
                hits = [n for n, lv in self.levels().items() if lv in kinds]
                return hits[0] if len(hits) == 1 else None
        return None

    def vote(self, part: str) -> str | None:
        """The side one unit name belongs to, by its jurisdiction prefix."""
        if not part:
            return None
        if side := self.stem_side(part):
            return side
        if re.match(r"^团.委", part):  # 团区委 / 团县委
            return self.level_side(part[1])
        if part[0] in self.levels().values():  # 区… / 县…
            return self.level_side(part[0])
        return self.marker_side(part)

    def side_of(self, text: str) -> str | None:
        """Majority side of the names in a cell; None when nothing decides."""
        votes = [v for v in map(self.vote, unit_parts(text)) if v]
        if not votes:
            return None
        best = max(set(votes), key=votes.count)
        return best if votes.count(best) * 2 > len(votes) else votes[0]

    def starts_unit(self, s: str) -> bool:
        """Does s begin a unit name (rather than continue a broken one)?"""
        first = unit_parts(s)[0]
        return bool(s) and (
            s[0] in "".join(self.levels().values()) + UPPER_LEVELS
            or s.startswith(GROUP_PREFIXES)
            or re.match(r"^团.委", s) is not None
            or self.stem_side(s) is not None
            or PLACE_UNIT_RE.match(first) is not None)

    def is_unit_list(self, token: str, open_end: bool) -> bool:
        """A whitespace-free token that reads as a list of unit names: it
        starts a unit, no part is prose, every part but the last is complete
        (the last may be broken off when open_end)."""
        parts = unit_parts(token)
        if not self.starts_unit(token) or PROSE_RE.search(token):
            return False
        if any(len(p) > MAX_UNIT_NAME for p in parts):
            return False
        closed = parts if not open_end else parts[:-1]
        return all(p == "" or p.endswith(UNIT_SUFFIXES) for p in closed)

    def starts_unit_run(self, s: str) -> bool:
        """After a finished item sentence: does this line open the unit cells?"""
        first = cut_glued_item(s.split()[0], None) if s.split() else ""
        return bool(first) and self.is_unit_list(first, open_end=True)

    def is_unit_line(self, s: str) -> bool:
        """A line made only of complete unit lists (no sentence end needed)."""
        tokens = s.split()
        return bool(tokens) and all(self.is_unit_list(t, open_end=False) for t in tokens)

    def conflicts(self, cell: str, token: str) -> bool:
        """A token of the other side cannot continue this cell."""
        mine, theirs = self.side_of(cell), self.vote(unit_parts(token)[0])
        return mine is not None and theirs is not None and mine != theirs


def cut_glued_item(s: str, expected: int | None) -> str:
    """The part of a units token before a glued item number (if any)."""
    m = GLUED_ITEM_RE.search(s)
    if m and (expected is None or int(m.group(1)) == expected):
        return s[:m.start()]
    return s
