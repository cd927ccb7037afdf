"""A table drawn one or two characters per line, read as a character stream.

A PDF-to-text tool may write a table (000's key project list: 序号 | 区（单位）|
项目名称 | 项目所在区/街（乡）/村 | 项目内容 | 责任单位 | 时限) one or two
characters per line, with a blank line after each visual line of a cell, the
header repeated on every page and page footers in between; or one row per
line with single spaces between cells. The reader works on the sequence of
non-blank characters and treats blank lines and spaces only as preferred
cut points. This module builds that stream and finds a project list's header
in it; stream_shapes.py knows the shape of each column's cells,
stream_split.py cuts rows and cells, project_lists.py makes Grids.

The header labels: in a stream nothing separates one label from the next
(序号区（单位）项目名称…), so the labels are cut by the patterns below, the
longest first; the role of each column in the Grid still comes from the
column vocabulary (ontology/data/columns.csv).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.tables.table import Cell
from loaders.text.normalize import split_lines

# --------------------------------------------------------------------------
# Header labels.  Labels are matched on header text with all whitespace
# removed ("序 号" -> "序号").  Keys starting with "_" are columns we must
# recognise so that the header run and the cell order stay intact, but which
# are not part of the output.
# --------------------------------------------------------------------------
HEADER_LABELS: dict[str, str] = {
    # 序号 / 编号: the running row number.
    "seq": r"序号|编号",
    # 区（单位） / 县（市、区） / 实施单位: who carries the project out, usually a
    # district or county of the helping side.
    "unit_area": (r"(?:区县|县市区|[区县市])(?:（单位）|\(单位\))"
                  r"|县（市、区）|县\(市、区\)|实施单位|帮扶单位|结对单位|帮扶方"),
    # 项目名称 / 名称.
    "name": r"项目名称|名称",
    # 项目所在区/街（乡）/村, 项目所在地, 实施地点, 建设地点 ...
    "location": (r"项目所在(?:地|[区县市街镇乡村（）()/、]+)"
                 r"|(?:项目|实施|建设)地点|所在地"),
    # 项目内容 / 建设内容 (及规模) / 主要内容 ...
    "content": (r"(?:项目|建设|主要|工作|帮扶|实施)内容(?:及规模|和规模)?"
                r"|建设规模(?:及|和)?内容|主要任务|具体措施"),
    # 责任单位 / 牵头单位 / 责任主体 ...
    "units": r"责任单位|牵头单位|责任部门|牵头部门|责任主体|实施主体|承办单位",
    # 时限 / 完成时限 / 完成时间 / 时间节点 ...
    "deadline": (r"(?:完成|实施|建设|办结)?时限|完成时间|时间节点|时间安排"
                 r"|完成期限|实施期限|建设期限|进度安排|实施年度"),
    # Columns the genre often has but which this loader does not output.
    "_co_units": r"配合单位|协办单位|参与单位|责任人",
    "_investment": (r"(?:总投资|计划投资|投资(?:额|规模|金额)?|资金(?:规模|数额)?|金额)"
                    r"(?:（万元）|\(万元\))?"),
    "_type": r"项目类(?:型|别)|类别",
    "_note": r"备注",
}
_LABEL_RES = {key: re.compile(rx) for key, rx in HEADER_LABELS.items()}
# A project-list header has a row number, a project name and at least two of
# these (so 序号/派出单位/派驻村 or 级次/预算单位/项目名称/预算数 are not taken).
_PROJECT_EVIDENCE = {"content", "units", "deadline", "location", "unit_area"}


# --------------------------------------------------------------------------
# Character stream: the non-whitespace characters of the text with their raw
# offsets and the positions where a cell may begin.
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Stream:
    text: str                 # non-whitespace characters, in order
    offsets: tuple[int, ...]  # raw offset of each character
    breaks: frozenset[int]    # indices that follow a layout gap (see _is_break)
    line_of: tuple[int, ...]  # raw line number of each character

    def cell(self, i: int, j: int) -> Cell:
        """The cell made of characters i..j-1; its span runs first to last char."""
        return Cell(self.text[i:j], self.offsets[i], self.offsets[j - 1] + 1)

    def subset(self, keep: list[int]) -> _Stream:
        """Only the characters at `keep`; a dropped run between two kept
        characters (a repeated header, a footer) counts as a layout gap."""
        breaks = {k for k, i in enumerate(keep)
                  if i in self.breaks or (k > 0 and keep[k - 1] != i - 1)}
        return _Stream("".join(self.text[i] for i in keep),
                       tuple(self.offsets[i] for i in keep), frozenset(breaks),
                       tuple(self.line_of[i] for i in keep))


def _line_lengths(text: str) -> tuple[list[int], list[int]]:
    """Start offset and non-whitespace length of every raw line."""
    lines = split_lines(text) or []
    return [l.start for l in lines], [len("".join(l.text.split())) for l in lines]


def _is_break(gap: str, prev_len: int, next_len: int) -> bool:
    """Whether the whitespace `gap` between two characters may separate cells.

    A blank line is the PDF tool's mark between visual lines; a space within a
    line separates cells in a space-laid-out table.  A single newline only
    counts when the lines around it are real lines, not 1–2 character shards
    of a character-per-line layout.
    """
    newlines = gap.count("\n")
    if newlines >= 2:
        return True
    if newlines == 0:
        return bool(gap)
    return prev_len > 3 or next_len > 3


NON_SPACE = re.compile(r"\S")
SPACE_RUN = re.compile(r"\s+")  # \s is what str.split() splits on


def _build_stream(text: str, lines: tuple[list[int], list[int]] | None = None) -> _Stream:
    """The stream of text; `lines` is _line_lengths(text) if the caller has it."""
    _, lengths = lines or _line_lengths(text)
    offsets = [m.start() for m in NON_SPACE.finditer(text)]
    # A line's characters follow each other in the stream: lengths[i] of line i.
    line_of = [i for i, n in enumerate(lengths) for _ in range(n)]
    breaks = {0} if offsets else set()
    # Only a gap between two characters can be a break: walk the whitespace
    # runs, not every character (index k is the character after the run).
    removed, size = 0, len(text)
    for m in SPACE_RUN.finditer(text):
        a, b = m.span()
        removed += b - a
        if a and b < size:
            k = b - removed
            if _is_break(m.group(), lengths[line_of[k - 1]], lengths[line_of[k]]):
                breaks.add(k)
    chars = SPACE_RUN.sub("", text)
    return _Stream(chars, tuple(offsets), frozenset(breaks), tuple(line_of))


def _compact_cell(text: str, start: int, end: int) -> _Stream:
    """A stream over one raw cell (used for delimited layouts)."""
    found = [(m.start(), m.group()) for m in re.finditer(r"\S", text[start:end])]
    return _Stream("".join(c for _, c in found),
                   tuple(start + o for o, _ in found), frozenset({0}),
                   tuple(0 for _ in found))


# --------------------------------------------------------------------------
# Header recognition.
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Header:
    start: int               # stream index of the first header character
    end: int                 # stream index just past the header
    cols: tuple[str, ...]    # column keys in header order
    labels: tuple[tuple[int, int], ...] = ()  # stream span of each label


def _label_at(s: str, pos: int, used: set[str]) -> tuple[str, int] | None:
    """The longest header label starting at s[pos] for a column not yet seen."""
    best: tuple[str, int] | None = None
    for key, rx in _LABEL_RES.items():
        m = rx.match(s, pos)
        if key not in used and m and (best is None or m.end() > best[1]):
            best = (key, m.end())
    return best


def _is_project_header(cols: tuple[str, ...]) -> bool:
    return ("seq" in cols and "name" in cols
            and len(_PROJECT_EVIDENCE.intersection(cols)) >= 2)


def _header_at(s: str, pos: int) -> _Header | None:
    """A run of header labels starting at s[pos], if it is a project header."""
    cols: list[str] = []
    labels: list[tuple[int, int]] = []
    end = pos
    while (found := _label_at(s, end, set(cols))) is not None:
        cols.append(found[0])
        labels.append((end, found[1]))
        end = found[1]
    if not cols or cols[0] != "seq" or not _is_project_header(tuple(cols)):
        return None
    return _Header(pos, end, tuple(cols), tuple(labels))


def _find_headers(s: str) -> list[_Header]:
    headers: list[_Header] = []
    for m in _LABEL_RES["seq"].finditer(s):
        h = _header_at(s, m.start())
        if h and (not headers or h.start >= headers[-1].end):
            headers.append(h)
    return headers


def label_key(label: str) -> str:
    """The key of a whole header label (序号 → seq), or "" if it is none."""
    return next((k for k, rx in _LABEL_RES.items() if rx.fullmatch(label)), "")
