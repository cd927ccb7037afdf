"""对口帮扶工作需求清单: the two-sided demand list of a pairing agreement.

A demand list is a table whose header names the two paired places and, under
each, a lead column and a responsibility column (洪山区 牵头单位 / 洪山区 责任单位 /
建始县 牵头单位 / 建始县 责任单位 …). Its rows are numbered work categories
(1 产业发展) holding numbered items (1. 继续支持…), each followed by the unit
cells of both sides.

PDF-to-text tools flatten such a table into a stream: header labels one per
line, the header repeated on every page, item text wrapped over several
lines, unit cells wrapped or several to a line, a cell glued to the next item,
and cells merged over several items written only once. This module rebuilds
the rows from that stream using rules of the genre only: the header gives the
sides and roles, a unit's jurisdiction prefix gives its side, the lead cell
comes before the responsibility cell of a side, items are numbered afresh in
each category. A tab-separated export of the same table (one row per line,
merged cells left empty) is read by position instead.

    find_demand_lists(text) -> list[TableRow]

Each TableRow has cells category_seq, category, item and, per header column,
lead@SIDE / resp@SIDE; heading is the category cell. Spans index into the text
passed in and run from a cell's first fragment to its last: a cell wrapped over
lines is joined without the line breaks, and a cell wrapped side by side with
its neighbours (one line holding pieces of several cells) spans their pieces
too. A merged cell repeated on several rows keeps the span where it is written.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from loaders.tables.table import Cell, TableRow

__all__ = ["find_demand_lists"]

HAN = "\u4e00-\u9fff"

# ---------------------------------------------------------------- patterns
# A header row starts with 序号 (PDF tools sometimes split it: 序 号).
HEADER_RE = re.compile(r"^序\s*号")
# Role labels of unit columns, and the key each becomes. 配合/协办 units share
# the responsibility of the 责任 column; a second such column of one side is
# kept apart as coop@SIDE (see role_key).
ROLE_KEYS = {"牵头单位": "lead", "主责单位": "lead", "主办单位": "lead",
             "责任单位": "resp", "配合单位": "resp", "协办单位": "resp",
             "参与单位": "resp"}
ROLE = "|".join(ROLE_KEYS)
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
# Lines that close the table: the next attachment.
END_RE = re.compile(r"^附\s*(?:件|表)")
# Page numbers such as "— 5 —" or "- 5 -".
PAGE_NUMBER_RE = re.compile(r"^[-—－–─]+\s*\d{1,3}\s*[-—－–─]+$")
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


def role_key(label: str, side: str, taken: set[str]) -> str:
    key = f"{ROLE_KEYS[label]}@{side}"
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


# ----------------------------------------------------------------- header
@dataclass(frozen=True)
class Header:
    columns: tuple[tuple[str, str], ...]  # (key, side) in header order
    next_line: int  # index of the first line after the header labels
    tab_fields: tuple[str, ...] = ()  # field labels when the table is tab-separated

    @property
    def sides(self) -> Sides:
        return Sides(tuple(dict.fromkeys(side for _, side in self.columns)))


def label_tokens(s: str) -> list[tuple[str, str]] | None:
    """Side and role labels of a header line; None if a token is neither."""
    out: list[tuple[str, str]] = []
    for token in s.split():
        m = LABEL_RE.fullmatch(token)
        if not m:
            return None
        out += [(k, m.group(k)) for k in ("side", "role") if m.group(k)]
    return out


def header_labels(s: str) -> list[tuple[str, str]]:
    """Side/role labels on the 序号 line itself; other tokens name content columns."""
    labels: list[tuple[str, str]] = []
    for token in s.split()[1:]:
        labels += label_tokens(token) or []
    return labels


def columns_from_labels(labels: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Pair roles with sides. Either interleaved (洪山区 牵头单位 洪山区 责任单位 …),
    each role taking the side named last, or two-level (洪山区 建始县 / 牵头单位
    责任单位 牵头单位 责任单位), the roles dealt out evenly in side order."""
    sides = [v for k, v in labels if k == "side"]
    roles = [v for k, v in labels if k == "role"]
    kinds = "".join(k[0] for k, _ in labels)
    pairs: list[tuple[str, str]] = []
    if len(sides) > 1 and re.fullmatch(r"s+r+", kinds) and len(roles) % len(sides) == 0:
        per = len(roles) // len(sides)
        pairs = [(roles[i], sides[i // per]) for i in range(len(roles))]
    else:
        side = None
        for kind, value in labels:
            side = value if kind == "side" else side
            if kind == "role" and side:
                pairs.append((value, side))
    taken: set[str] = set()
    columns = []
    for role, side in pairs:
        key = role_key(role, side, taken)
        taken.add(key)
        columns.append((key, side))
    return tuple(columns)


# ------------------------------------------------------------------ lines
@dataclass(frozen=True)
class Line:
    raw: str
    start: int  # offset of raw in the document

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def text_start(self) -> int:
        return self.start + len(self.raw) - len(self.raw.lstrip())


def split_lines(text: str) -> list[Line]:
    return [Line(m.group(), m.start()) for m in re.finditer(r"[^\r\n]+", text)
            if m.group().strip()]


def read_header(lines: list[Line], i: int) -> Header | None:
    """A header at line i: 序号 … then side/role labels on it or the lines after."""
    line = lines[i]
    if not HEADER_RE.match(line.text):
        return None
    if "\t" in line.text:
        fields = tuple(f.strip() for f in line.raw.split("\t"))
        labels = [lab for f in fields for lab in (label_tokens(f.replace(" ", "")) or [])]
        columns = columns_from_labels(labels)
        return Header(columns, i + 1, fields) if columns else None
    labels, j = header_labels(line.text), i + 1
    while j < len(lines) and (more := label_tokens(lines[j].text)):
        labels, j = labels + more, j + 1
    columns = columns_from_labels(labels)
    return Header(columns, j) if columns else None


def find_caption(lines: list[Line], i: int) -> str:
    """The caption as written: the nearest …清单/…表 line within three lines
    above the header, joined to the line before it when it is only a tail."""
    for k in range(i - 1, max(i - 4, -1), -1):
        s = lines[k].text
        if CAPTION_RE.search(s):
            head = lines[k - 1].text if k > 0 else ""
            joinable = len(s) < 6 and bool(head) and not END_RE.match(head)
            return head + s if joinable else s
    return ""


# ------------------------------------------------------------------ model
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
    fixed: dict[str, Cell] | None = None  # tab layout: by column


BLOCKED = Cell("", -1, -1)  # a column whose cell is written but cannot be placed


# --------------------------------------------------------- stream reading
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
        s = line.text
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
        return self.dispatch(s, line.text_start)

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


# ------------------------------------------------------------ tab reading
def tab_fields(line: Line) -> list[tuple[str, int]]:
    out, pos = [], line.start
    for raw in line.raw.split("\t"):
        lead = len(raw) - len(raw.lstrip())
        out.append((raw.strip(), pos + lead))
        pos += len(raw) + 1
    return out


def tab_layout(header: Header) -> tuple[int, int | None, int, dict[int, str]]:
    """Field positions: 序号, category (first content column, if two), item
    (last content column) and the unit columns."""
    unit_fields = [i for i, f in enumerate(header.tab_fields) if label_tokens(f.replace(" ", ""))]
    content = [i for i in range(1, len(header.tab_fields)) if i not in unit_fields]
    category = content[0] if len(content) > 1 else None
    keys = {i: key for i, (key, _) in zip(unit_fields, header.columns)}
    return 0, category, content[-1], keys


def parse_tabs(lines: list[Line], header: Header) -> tuple[list[Item], int]:
    """One row per line. A merged cell is written in its first row and left
    empty below, so an empty field is inherited from above (see build_rows)."""
    seq_i, cat_i, item_i, keys = tab_layout(header)
    items: list[Item] = []
    category: Category | None = None
    j = header.next_line
    while j < len(lines) and "\t" in lines[j].raw and not END_RE.match(lines[j].text):
        fields = tab_fields(lines[j])
        j += 1
        if HEADER_RE.match(lines[j - 1].text) or len(fields) <= item_i:
            continue
        new_seq = fields[seq_i][0] and (category is None or fields[seq_i][0] != category.seq.text)
        if new_seq and cat_i is not None and fields[cat_i][0]:  # not a page repeat
            category = Category((category.ident + 1) if category else 1,
                                Text(*field_span(fields[seq_i])), Text(*field_span(fields[cat_i])))
        if fields[item_i][0]:
            items.append(tab_item(fields, item_i, keys, category))
    return items, j


def field_span(f: tuple[str, int]) -> tuple[str, int, int]:
    return f[0], f[1], f[1] + len(f[0])


def tab_item(fields: list[tuple[str, int]], item_i: int, keys: dict[int, str],
             category: Category | None) -> Item:
    text = Text(*field_span(fields[item_i]))
    m = ITEM_RE.match(text.text)
    fixed = {key: Cell(*field_span(fields[i])) for i, key in keys.items()
             if i < len(fields) and fields[i][0]}
    return Item(category, int(m.group(1)) if m else None, text, fixed=fixed)


# ------------------------------------------------------------ row building
def group_by_side(cells: list[Text], sides: Sides, capacity: dict[str, int]) -> dict[str, list[Text]]:
    """Give each cell its side: by its jurisdiction prefix, else (相关学校,
    相关医疗机构) the side being filled, moving on once it has all its columns."""
    groups: dict[str, list[Text]] = {name: [] for name in sides.names}
    cur = 0
    for cell in cells:
        side = sides.side_of(cell.text)
        if side is None:
            full = len(groups[sides.names[cur]]) >= capacity[sides.names[cur]]
            cur = cur + 1 if full and cur + 1 < len(sides.names) else cur
            side = sides.names[cur]
        else:
            cur = max(cur, sides.names.index(side))
        groups[side].append(cell)
    return groups


def roles_for_side(keys: list[str], cells: list[Text]) -> dict[str, Cell]:
    """Cells of one side, in header order. Missing cells (merged with another
    item) are left for inheritance. When some but not all are written:
    a lone cell naming several units is the responsibility cell, because a
    lead column names one unit; any other mismatch cannot be placed, so the
    side's columns are blocked (neither filled nor inherited)."""
    if len(cells) == len(keys):
        return {k: c.cell() for k, c in zip(keys, cells)}
    if not cells:
        return {}
    if len(keys) == 2 and len(cells) == 1 and keys[0].startswith("lead@") \
            and lists_several_units(cells[0].text):
        return {keys[1]: cells[0].cell()}
    return {k: BLOCKED for k in keys}


def own_cells(item: Item, header: Header) -> dict[str, Cell]:
    """The unit cells written for this item itself."""
    if item.fixed is not None:
        return dict(item.fixed)
    sides = header.sides
    by_side = {s: [k for k, side in header.columns if side == s] for s in sides.names}
    groups = group_by_side(item.units, sides, {s: len(k) for s, k in by_side.items()})
    out: dict[str, Cell] = {}
    for side, keys in by_side.items():
        out.update(roles_for_side(keys, groups[side]))
    return out


def nearest(own: list[dict[str, Cell]], items: list[Item], i: int, key: str, step: int) -> Cell | None:
    """The nearest cell written for this column in the same category, walking
    one way; a blocked cell on the way stops the walk (unknown value)."""
    j = i + step
    while 0 <= j < len(items) and same_category(items[i], items[j]):
        cell = own[j].get(key)
        if cell is BLOCKED:
            return None
        if cell is not None:
            return cell
        j += step
    return None


def same_category(a: Item, b: Item) -> bool:
    return (a.category.ident if a.category else 0) == (b.category.ident if b.category else 0)


def inherited(own: list[dict[str, Cell]], items: list[Item], i: int, key: str, upward: bool) -> Cell | None:
    """A merged cell is written once, in the stream near the middle of the
    items it covers; so an item without the cell takes it from the nearest
    item above in its category, or from the nearest below when nothing is
    above. When both exist and differ, the item could belong to either merge
    (or have an empty cell): it is left out. Tab exports write a merged cell
    in its first row, so there only the cell above counts (upward=False)."""
    above = nearest(own, items, i, key, -1)
    below = nearest(own, items, i, key, +1) if upward else None
    if above and below:
        return above if above.text == below.text else None
    return above or below


def build_rows(caption: str, header: Header, items: list[Item], upward: bool) -> list[TableRow]:
    own = [own_cells(item, header) for item in items]
    rows = []
    for i, item in enumerate(items):
        cells = base_cells(item)
        for key, _ in header.columns:
            cell = own[i].get(key) or (None if key in own[i] else inherited(own, items, i, key, upward))
            if cell is not None and cell is not BLOCKED:
                cells[key] = cell
        heading = item.category.name.cell() if item.category and item.category.name.text else None
        rows.append(TableRow(caption, cells, heading))
    return rows


def base_cells(item: Item) -> dict[str, Cell]:
    cells = {"item": item.text.cell()}
    if item.category:
        cells["category_seq"] = item.category.seq.cell()
        if item.category.name.text:
            cells["category"] = item.category.name.cell()
    return cells


# ------------------------------------------------------------------- API
def find_demand_lists(text: str) -> list[TableRow]:
    """Every demand-list row in the text, in document order."""
    lines = split_lines(text)
    rows: list[TableRow] = []
    i = 0
    while i < len(lines):
        header = read_header(lines, i)
        if header is None:
            i += 1
            continue
        tabbed = bool(header.tab_fields)
        items, end = (parse_tabs if tabbed else parse_stream)(lines, header)
        rows += build_rows(find_caption(lines, i), header, items, upward=not tabbed)
        i = max(end, i + 1)
    return rows
