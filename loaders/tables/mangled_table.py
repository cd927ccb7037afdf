"""Find "key project list" tables (重点项目清单 and the like) in raw document text.

A key project list has a header such as

    序号 | 区（单位） | 项目名称 | 项目所在区/街（乡）/村 | 项目内容 | 责任单位 | 时限

and one row per project.  Layouts:

* delimited: one row per text line, cells separated by tabs or runs of spaces;
* character stream: the PDF-to-text tool emitted the table one or two
  characters per line, with a blank line after each visual line of a cell,
  the header repeated on every page, and page footers ("— 5 —") in between.
  The same reader also takes rows with single spaces between cells, and
  streams without the blank lines: it works on the sequence of non-blank
  characters and treats blank lines / spaces only as preferred cut points.

``find_project_lists`` tries the delimited layout first and falls back to the
character stream for every header the delimited reading could not use.

Stream reading: find the header (a run of known labels starting at 序号) ->
drop repeated headers and page footers -> find row starts (row number n+1
after row n, followed by the shape of the next column, preceded by the shape
of the last column) -> split each row into the header's columns by dynamic
programming over cut points, scoring each cell against its column's shape.
Spans: Cell.start is the offset of the cell's first character, Cell.end one
past its last character, both in the text given.

Nothing here knows a particular document: the table is found by its header
vocabulary, the column order is the header's order, and cell boundaries come
from the general shapes of the genre (sequence numbers, administrative-place
chains, unit names, date shapes) plus the layout's own line breaks.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable

from loaders.tables.table import Cell, TableRow

HAN = "\u4e00-\u9fff"  # CJK unified ideographs, for use inside a [...] class
H = f"[{HAN}]"

# --------------------------------------------------------------------------
# Header vocabulary.  Labels are matched on header text with all whitespace
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
# Output order of the cells of a row.
OUTPUT_COLUMNS = ("seq", "unit_area", "name", "location", "district", "street",
                  "village", "content", "units", "deadline")

# --------------------------------------------------------------------------
# Cell shapes.
# --------------------------------------------------------------------------
# A county-level unit, optionally under a prefecture: 新洲区, 建始县, 恩施州建始县.
# Both parts are lazy so that the first admin suffix ends the district: read
# greedily, 建始县业州街道三里社区 would parse as prefecture 建始县业州 +
# "district" 街道三里社区.
DISTRICT = (rf"(?:{H}{{1,5}}?(?:自治州|州|地区|盟|市))??"
            rf"{H}{{1,5}}?(?:新区|自治县|区|县|市|旗)")
# A township-level unit: 辛冲街道, 旧街街道, 仓埠街, 姚家集街, 某某镇, 某某乡.
# The name part is greedy so that 旧街街道 is read as one street, not 旧街 + 街道….
STREET = rf"{H}{{1,6}}(?:街道办事处|街道|街|镇|乡)"
# A village-level unit: 浏湖村, 王兴寨村, 某某社区.
VILLAGE = rf"{H}{{1,6}}?(?:村委会|村|社区|居委会)"
# The location cell: an administrative chain, each level optional.
LOCATION_RE = re.compile(
    rf"(?P<district>{DISTRICT})?(?P<street>{STREET})?(?P<village>{VILLAGE})?")
DISTRICT_RE = re.compile(DISTRICT)

# Deadline shapes: 2024年12月, 2024年12月底(前), 2024年底, 2024年6月30日, 2024.12,
# and ranges of these (2024年3月-12月).
_DATE = (r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|末|上旬|中旬|下旬)?"
         r"(?:前|以前|之前|内)?"
         r"|\d{4}[.．/-]\d{1,2}(?:[.．/-]\d{1,2})?")
DEADLINE = rf"(?:{_DATE})(?:[-—–~～至到](?:{_DATE}|\d{{1,2}}月(?:底|末)?))?"
DEADLINE_RE = re.compile(DEADLINE)
DEADLINE_END_RE = re.compile(rf"(?:{DEADLINE})$")
# Deadlines written as words instead of a date.
DEADLINE_WORDS_RE = re.compile(r"长期(?:坚持)?|持续推进|常态化推进|全年|年内")

# Responsible units begin with an administrative prefix (区/县/市/省…), with a
# place name (关山街道, 洪山区…), or with a national-organisation word.
UNIT_START = (rf"[区县市省州乡镇]|{H}{{1,6}}?(?:街道|镇|乡|区|县|市|州)"
              r"|中共|共青团|国家|中国|国网")
# …and end with an organisation-type word.
ORG_SUFFIX = (r"(?:管委会|委员会|办公室|办事处|公司|集团|中心|街道|党校|学校|医院"
              r"|银行|局|委|办|部|会|院|所|站|室|队|馆|团|社|厅|处|校|镇|乡|区|县|市|组)")
# A units cell as written: one or more unit names, possibly run together or
# separated by 、/，; only ideographs, brackets and list separators.
UNITS_RE = re.compile(
    rf"(?:{UNIT_START})(?:[{HAN}（）()、，,]*{ORG_SUFFIX})?")
UNITS_END_RE = re.compile(rf"{ORG_SUFFIX}$")
UNIT_START_RE = re.compile(UNIT_START)
LOCATION_START_RE = re.compile(rf"{DISTRICT}|{STREET}")
LOCATION2_START_RE = re.compile(rf"{DISTRICT}{STREET}|{STREET}{VILLAGE}")
_ADMIN_SUFFIX_HINT = set("区县市旗街镇乡")  # a place chain has one within 6 chars of its start
_CHAIN_END_RE = re.compile(r"村委会|居委会|社区|街道|村|街|镇|乡")

# An amount of money (investment columns).
AMOUNT_RE = re.compile(r"\d+(?:\.\d+)?(?:万元|万|亿元)?")
# Page footers: "— 5 —", "- 5 -", "－5－", "第5页".
FOOTER_RE = re.compile(r"[—–\-－─]{1,2}\d{1,3}[—–\-－─]{1,2}|第\d{1,3}页(?:共\d{1,3}页)?")
# "附件1：", "附表：" before a caption.
ATTACHMENT_RE = re.compile(r"^附(?:件|表)[\d一二三四五六七八九十]*[：:、.．]?")
# A group heading inside a delimited table: 一、黄陂区姚家集街 12 个村（…）.
GROUP_HEADING_RE = re.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）")
# Text a cell cannot start with: a digit followed by these is an enumeration
# (2、), a decimal (1.2), a quantity (8米) — not a row number followed by a cell.
_NOT_AFTER_SEQ = set("、.．，,)）%％:：-—~～/*") | set("米个亩盏根株吨台套座条年月日号")
_SENTENCE_END = "。；;！!"

# Lines with at least this many characters that do not start with a digit are
# prose: they end a character-stream table (table cells are narrower than a
# full printed line, which holds ~28 characters).
PROSE_LINE_MIN = 25


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
    starts, lengths, pos = [], [], 0
    for line in text.split("\n"):
        starts.append(pos)
        lengths.append(len("".join(line.split())))
        pos += len(line) + 1
    return starts, lengths


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


def _build_stream(text: str) -> _Stream:
    starts, lengths = _line_lengths(text)
    chars: list[str] = []
    offsets: list[int] = []
    lines: list[int] = []
    breaks: set[int] = set()
    prev = -1
    for m in re.finditer(r"\S", text):
        o = m.start()
        line = bisect.bisect_right(starts, o) - 1
        if prev < 0 or _is_break(text[prev + 1:o], lengths[lines[-1]], lengths[line]):
            breaks.add(len(chars))
        chars.append(m.group())
        offsets.append(o)
        lines.append(line)
        prev = o
    return _Stream("".join(chars), tuple(offsets), frozenset(breaks), tuple(lines))


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
    end = pos
    while (found := _label_at(s, end, set(cols))) is not None:
        cols.append(found[0])
        end = found[1]
    if not cols or cols[0] != "seq" or not _is_project_header(tuple(cols)):
        return None
    return _Header(pos, end, tuple(cols))


def _find_headers(s: str) -> list[_Header]:
    headers: list[_Header] = []
    for m in _LABEL_RES["seq"].finditer(s):
        h = _header_at(s, m.start())
        if h and (not headers or h.start >= headers[-1].end):
            headers.append(h)
    return headers


# --------------------------------------------------------------------------
# Shapes of single cells, used both to find row starts and to split a row.
# --------------------------------------------------------------------------
def _location_match(cell: str) -> re.Match[str] | None:
    m = LOCATION_RE.fullmatch(cell)
    return m if m and any(m.groups()) else None


def _score_unit_area(cell: str) -> float | None:
    # A district/county name fits best; an organisation name is tolerated.
    if DISTRICT_RE.fullmatch(cell):
        return 3 - 0.5 * max(0, len(cell) - 6)
    return 1 if len(cell) >= 2 and UNITS_RE.fullmatch(cell) else None


def _score_name(cell: str) -> float | None:
    # Names are short titles: no sentence ends; long ones are less likely.
    if any(ch in cell for ch in _SENTENCE_END):
        return None
    return -0.1 * max(0, len(cell) - 20)


def _score_location(cell: str) -> float | None:
    # More administrative levels is a better fit.  County-level names are
    # mostly two characters plus the suffix (新洲区, 建始县); when a project name
    # wraps so that its last character stands alone on a line (…环境提 / 升),
    # the cut before that character and the cut after it are both at line
    # breaks, and only the length of the district name tells them apart — so
    # each character beyond three costs a little.  Conversely a street name
    # is read to its last suffix (旧街街道, not 旧街 + 街道…), as STREET does,
    # which matters when no line break marks the end of the cell.
    m = _location_match(cell)
    if m is None:
        return None
    levels = sum(1 for g in m.groups() if g)
    district, street = m.group("district") or "", m.group("street") or ""
    return (levels + (1 if levels >= 2 else 0)
            - 0.5 * max(0, len(district) - 3) + 0.1 * len(street))


def _score_content(cell: str) -> float:
    # Content is free text that usually ends a sentence (。/；).
    return 2 if cell[-1] in _SENTENCE_END else 0


def _score_units(cell: str) -> float | None:
    return 2 if len(cell) >= 2 and UNITS_RE.fullmatch(cell) else None


def _score_deadline(cell: str) -> float | None:
    if DEADLINE_RE.fullmatch(cell):
        return 3
    return 1 if DEADLINE_WORDS_RE.fullmatch(cell) else None


def _score_amount(cell: str) -> float | None:
    return 2 if AMOUNT_RE.fullmatch(cell) else None


_SCORERS: dict[str, Callable[[str], float | None]] = {
    "unit_area": _score_unit_area, "name": _score_name,
    "location": _score_location, "content": _score_content,
    "units": _score_units, "_co_units": _score_units,
    "deadline": _score_deadline, "_investment": _score_amount,
}
_EMPTY_CELL = -5.0  # an empty cell is possible but unlikely


def _cell_score(col: str, cell: str) -> float | None:
    """How well `cell` fits column `col`; None when it cannot be that cell."""
    if not cell:
        return None if col == "name" else _EMPTY_CELL
    scorer = _SCORERS.get(col)
    return scorer(cell) if scorer else 0.0


def _starts_like(col: str | None, s: str, j: int) -> bool:
    """Whether s[j:] can begin a cell of column `col` (right after a row number)."""
    if j >= len(s):
        return False
    if s[j] in _NOT_AFTER_SEQ or (s[j].isdigit() and col not in ("deadline", "_investment")):
        return False
    if col in ("unit_area", "units", "_co_units"):
        return bool(DISTRICT_RE.match(s, j) or UNIT_START_RE.match(s, j))
    if col == "location":
        return bool(LOCATION_START_RE.match(s, j))
    if col == "deadline":
        return bool(DEADLINE_RE.match(s, j))
    return True


def _ends_like(col: str, s: str, i: int) -> bool:
    """Whether s[:i] can end a cell of column `col` (the last of the previous row)."""
    if col == "deadline":
        return bool(DEADLINE_END_RE.search(s, max(0, i - 30), i)
                    or DEADLINE_WORDS_RE.search(s, max(0, i - 6), i))
    if col in ("units", "_co_units"):
        return bool(UNITS_END_RE.search(s, max(0, i - 4), i))
    if col == "content":
        return i > 0 and s[i - 1] in _SENTENCE_END
    return True


# --------------------------------------------------------------------------
# Character-stream layout: rows.
# --------------------------------------------------------------------------
def _next_row_start(st: _Stream, cols: tuple[str, ...], n: int, pos: int) -> int | None:
    """Where row number `n` begins at or after `pos`.

    Candidates are occurrences of the number not glued to other digits.  The
    number must be followed by something shaped like the column after 序号,
    and is better when preceded by the end shape of the table's last column
    and when it sits at a layout gap.  The best-scoring candidate wins; among
    equals, the earliest.
    """
    s, after_col = st.text, (cols[1] if len(cols) > 1 else None)
    best: tuple[int, int] | None = None
    for m in re.finditer(rf"(?<!\d){n}(?!\d)", s[pos:]):
        i = pos + m.start()
        if not _starts_like(after_col, s, i + len(str(n))):
            continue
        score = 2 * _ends_like(cols[-1], s, i) + (i in st.breaks)
        if score >= 1 and (best is None or score > best[0]):
            best = (score, i)
    return best[1] if best else None


def _row_spans(st: _Stream, cols: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """(start, end of the row number, end of row) of each row, in order.

    Rows are numbered 1, 2, 3 …: after row n, row n+1 is searched for.  The
    table's first row may start with any number if it stands right at the top.
    """
    first = re.match(r"\d{1,3}(?!\d)", st.text)
    if first and _starts_like(cols[1] if len(cols) > 1 else None, st.text, first.end()):
        n, start = int(first.group()), 0
    elif (found := _next_row_start(st, cols, 1, 0)) is not None:
        n, start = 1, found
    else:
        return []
    spans: list[tuple[int, int, int]] = []
    while True:
        seq_end = start + len(str(n))
        nxt = _next_row_start(st, cols, n + 1, seq_end)
        spans.append((start, seq_end, nxt if nxt is not None else len(st.text)))
        if nxt is None:
            return spans
        start, n = nxt, n + 1


def _cut_points(st: _Stream, lo: int, hi: int) -> list[int]:
    """Positions where a cell boundary may fall inside s[lo:hi].

    Layout gaps first of all.  Shapes add the boundaries a layout without
    gaps would hide: after a sentence end (content → units), before a date
    (units → deadline), before a two-level place chain (name → location), and
    after a district name at the start of the row (区（单位） → name).
    """
    s = st.text
    pts = {lo, hi} | {i for i in st.breaks if lo < i < hi}
    pts |= {i + 1 for i in range(lo, hi - 1) if s[i] in _SENTENCE_END}
    pts |= {lo + m.start() for m in re.finditer(r"(?<!\d)\d{4}[年.．/-]", s[lo:hi])}
    chains = {j for i in range(lo, hi) if s[i] in _ADMIN_SUFFIX_HINT
              for j in range(max(lo, i - 6), i) if LOCATION2_START_RE.match(s, j, hi)}
    for j in chains:  # the chain's start, and any admin suffix that may end it
        pts.add(j)
        pts |= {j + m.end() for m in _CHAIN_END_RE.finditer(s[j:min(hi, j + 24)])}
    if (m := DISTRICT_RE.match(s, lo, hi)) is not None:
        pts.add(m.end())
    return sorted(pts)


def _split_cells(st: _Stream, lo: int, hi: int,
                 cols: tuple[str, ...]) -> list[tuple[int, int]] | None:
    """Split s[lo:hi] into one cell per column of `cols`, in header order.

    Dynamic programming over the cut points: every cell must fit its
    column's shape; the split with the best total fit wins.  A cut at a layout
    gap earns a bonus and a cut inside a visual line a penalty, because the
    PDF tool breaks lines between cells, and rarely joins two cells.
    """
    s, cuts = st.text, _cut_points(st, lo, hi)
    best: list[dict[int, tuple[float, int]]] = [{lo: (0.0, lo)}]
    for k, col in enumerate(cols):
        layer: dict[int, tuple[float, int]] = {}
        ends = [hi] if k == len(cols) - 1 else cuts
        for p, (total, _) in best[-1].items():
            for q in ends:
                fit = _cell_score(col, s[p:q]) if q >= p else None
                if fit is None:
                    continue
                gap = 0 if q == hi else (1 if q in st.breaks else -2)
                if q not in layer or total + fit + gap > layer[q][0]:
                    layer[q] = (total + fit + gap, p)
        best.append(layer)
    if hi not in best[-1]:
        return None
    bounds, q = [], hi
    for layer in reversed(best[1:]):
        p = layer[q][1]
        bounds.append((p, q))
        q = p
    return bounds[::-1]


def _split_row(st: _Stream, lo: int, hi: int, cols: tuple[str, ...],
               last: bool) -> list[tuple[int, int]] | None:
    """Split a row body, trimming the end to a deadline if the whole body fails.

    A row body may carry trailing text that is not part of the table (after
    the last row, or a stray group heading); when the last column is a
    deadline, the row is retried ending at each date in it.  For the table's
    last row the earliest fitting date wins (what follows is not table), for
    other rows the whole body is tried first.
    """
    ends = [lo + m.end() for m in DEADLINE_RE.finditer(st.text[lo:hi])] \
        if cols[-1] == "deadline" else []
    order = ends + [hi] if last else [hi] + ends[::-1]
    for end in order:
        if (cuts := _split_cells(st, lo, end, cols)) is not None:
            return cuts
    return None


def _location_parts(st: _Stream, lo: int, hi: int) -> dict[str, Cell]:
    """district / street / village cells of a location cell s[lo:hi]."""
    m = _location_match(st.text[lo:hi])
    if m is None:
        return {}
    return {part: st.cell(lo + m.start(part), lo + m.end(part))
            for part in ("district", "street", "village") if m.group(part)}


def _make_row(st: _Stream, caption: str, bounds: dict[str, tuple[int, int]],
              heading: Cell | None = None) -> TableRow:
    cells = {col: st.cell(p, q) for col, (p, q) in bounds.items()
             if p < q and not col.startswith("_")}
    if "location" in bounds and bounds["location"][0] < bounds["location"][1]:
        cells.update(_location_parts(st, *bounds["location"]))
    ordered = {k: cells[k] for k in OUTPUT_COLUMNS if k in cells}
    return TableRow(caption, ordered, heading)


def _stream_rows(st: _Stream, cols: tuple[str, ...], caption: str) -> list[TableRow]:
    rows: list[TableRow] = []
    spans = _row_spans(st, cols)
    for k, (start, seq_end, end) in enumerate(spans):
        cuts = _split_row(st, seq_end, end, cols[1:], last=k == len(spans) - 1)
        if cuts is None:
            continue  # the row cannot be read reliably; better no facts than wrong ones
        bounds = {"seq": (start, seq_end)} | dict(zip(cols[1:], cuts))
        rows.append(_make_row(st, caption, bounds))
    return rows


# --------------------------------------------------------------------------
# Character-stream layout: the table region.
# --------------------------------------------------------------------------
def _footer_offsets(text: str) -> set[int]:
    """Raw offsets of page footers: a line, or a block of non-blank lines (the
    footer broken into shards), that reads as a page number."""
    out: set[int] = set()
    pieces = list(re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text))  # blocks
    pieces += list(re.finditer(r"[^\n]*\S[^\n]*", text))  # single lines
    for m in pieces:
        if FOOTER_RE.fullmatch("".join(m.group().split())):
            out.update(range(m.start(), m.end()))
    return out


def _region_end(st: _Stream, lengths: list[int], h: _Header,
                headers: list[_Header]) -> int:
    """The table runs from its header to the next different header, the first
    prose line (not starting with a row number), or the end of the text."""
    stop = next((o.start for o in headers if o.start > h.start and o.cols != h.cols),
                len(st.text))
    for i in range(h.end, stop):
        new_line = st.line_of[i] != st.line_of[i - 1]
        if new_line and lengths[st.line_of[i]] >= PROSE_LINE_MIN and not st.text[i].isdigit():
            return i
    return stop


def _stream_caption(text: str, st: _Stream, lengths: list[int], h: _Header,
                    end: int) -> str:
    """The caption: the lines just before the header that share the table's
    layout (no longer than its longest line), cut after the last sentence
    end or colon and with an 附件 prefix removed."""
    widest = max(lengths[st.line_of[h.start]:st.line_of[end - 1] + 1], default=2)
    starts, _ = _line_lengths(text)
    parts: list[str] = []
    line = st.line_of[h.start] - 1
    while line >= 0 and lengths[line] <= widest and sum(map(len, parts)) < 80:
        raw = text[starts[line]:starts[line + 1] - 1 if line + 1 < len(starts) else len(text)]
        parts.insert(0, "".join(raw.split()))
        line -= 1
    # A unit note (单位：万元) may sit between caption and header.
    caption = re.sub(r"[（(]?单位[:：][^（()）]*[）)]?$", "", "".join(parts))
    caption = re.split(r"[。；;：:！!？?]", caption)[-1]
    return ATTACHMENT_RE.sub("", caption)


def _stream_tables(text: str, claimed: list[tuple[int, int]]) -> list[TableRow]:
    # The stream is the text's non-whitespace characters: look for a header
    # in them first, so a document without one costs one pass, not a stream.
    if not _find_headers("".join(text.split())):
        return []
    st = _build_stream(text)
    _, lengths = _line_lengths(text)
    footers = _footer_offsets(text)
    headers = _find_headers(st.text)
    rows: list[TableRow] = []
    done = 0
    for h in headers:
        if h.start < done or any(a <= st.offsets[h.start] < b for a, b in claimed):
            continue
        end = _region_end(st, lengths, h, headers)
        repeats = [(o.start, o.end) for o in headers
                   if h.end <= o.start < end and o.cols == h.cols]
        keep = [i for i in range(h.end, end)
                if st.offsets[i] not in footers
                and not any(a <= i < b for a, b in repeats)]
        caption = _stream_caption(text, st, lengths, h, end)
        rows += _stream_rows(st.subset(keep), h.cols, caption)
        done = end
    return rows


# --------------------------------------------------------------------------
# Delimited layout: one row per line, tabs or runs of spaces between cells.
# --------------------------------------------------------------------------
def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _line_cells(base: int, line: str) -> list[tuple[int, int]] | None:
    """Raw spans of the cells of a separated line; None if it has no separator.

    With tabs every tab is a separator (so empty cells keep their place);
    otherwise two or more spaces separate cells and a single space stays
    inside a cell ("序 号", "2024 年").
    """
    if "\t" in line:
        spans, pos = [], 0
        for part in line.split("\t"):
            lead = len(part) - len(part.lstrip())
            spans.append((base + pos + lead, base + pos + len(part.rstrip())))
            pos += len(part) + 1
        return spans
    found = [(base + m.start(), base + m.end())
             for m in re.finditer(r"\S+(?: \S+)*", line)]
    return found if len(found) > 1 else None


def _compact(text: str, span: tuple[int, int]) -> str:
    return "".join(text[span[0]:span[1]].split())


def _header_columns(text: str, cells: list[tuple[int, int]]) -> tuple[str, ...] | None:
    """Column keys of a separated header line ("" for an unknown label)."""
    keys: list[str] = []
    for span in cells:
        label = _compact(text, span)
        key = next((k for k, rx in _LABEL_RES.items() if rx.fullmatch(label)), "")
        keys.append("" if key in keys else key)
    return tuple(keys) if _is_project_header(tuple(keys)) else None


def _delimited_caption(text: str, lines: list[tuple[int, str]], at: int) -> str:
    """The nearest non-blank line above the header, skipping 单位：万元 notes."""
    for base, line in reversed(lines[max(0, at - 4):at]):
        words = "".join(line.split())
        if not words or re.match(r"[（(]?单位[:：]", words):
            continue
        caption = ATTACHMENT_RE.sub("", words)
        return "" if "。" in caption or len(caption) > 80 else caption
    return ""


def _delimited_row(text: str, cols: tuple[str, ...], cells: list[tuple[int, int]],
                   caption: str, heading: Cell | None) -> TableRow | None:
    """A row if the line has the header's cells and a number in the 序号 cell."""
    tabbed = len(cells) <= len(cols) and "\t" in text[cells[0][0]:cells[-1][1]]
    if not (len(cells) == len(cols) or tabbed):
        return None
    seq_at = cols.index("seq")
    if seq_at >= len(cells) or not re.fullmatch(r"\d{1,3}", _compact(text, cells[seq_at])):
        return None
    cells_st = {col: _compact_cell(text, *span) for col, span in zip(cols, cells) if col}
    out = {col: s.cell(0, len(s.text)) for col, s in cells_st.items()
           if s.text and not col.startswith("_")}
    if "location" in cells_st and cells_st["location"].text:
        loc = cells_st["location"]
        out.update(_location_parts(loc, 0, len(loc.text)))
    return TableRow(caption, {k: out[k] for k in OUTPUT_COLUMNS if k in out}, heading)


def _heading_cell(text: str, base: int, line: str) -> Cell | None:
    """A group heading line inside the table (一、… / （一）…)."""
    words = "".join(line.split())
    # A heading is a short label, not a sentence (二、保障措施。… ends the table).
    if not GROUP_HEADING_RE.match(words) or "。" in words or len(words) > 40:
        return None
    st = _compact_cell(text, base, base + len(line))
    return st.cell(0, len(st.text))


def _delimited_body(text: str, lines: list[tuple[int, str]], at: int,
                    cols: tuple[str, ...], caption: str) -> tuple[int, list[TableRow]]:
    """Rows under the header at line `at`; returns the line after the table."""
    rows: list[TableRow] = []
    heading: Cell | None = None
    for i in range(at + 1, len(lines)):
        base, line = lines[i]
        words = "".join(line.split())
        if not words or FOOTER_RE.fullmatch(words):
            continue  # blank line or page footer
        cells = _line_cells(base, line)
        if cells and _header_columns(text, cells) == cols:
            continue  # header repeated on a new page
        row = _delimited_row(text, cols, cells, caption, heading) if cells else None
        if row is not None:
            rows.append(row)
        elif (found := _heading_cell(text, base, line)) is not None:
            heading = found
        else:
            return i, rows
    return len(lines), rows


def _delimited_tables(text: str) -> tuple[list[TableRow], list[tuple[int, int]]]:
    """Rows of all delimited tables, and the raw spans of the tables read."""
    lines = _lines(text)
    rows: list[TableRow] = []
    claimed: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        base, line = lines[i]
        cells = _line_cells(base, line)
        cols = _header_columns(text, cells) if cells else None
        if cols is None:
            i += 1
            continue
        nxt, found = _delimited_body(text, lines, i, cols, _delimited_caption(text, lines, i))
        if found:
            # The whole table, repeated headers included, is read; the stream
            # reader must not read it again.
            rows += found
            claimed.append((base, found[-1].end))
        i = max(nxt, i + 1)
    return rows, claimed


# --------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------
def find_project_lists(text: str) -> list[TableRow]:
    """Rows of every key-project-list table in `text` (the decoded document).

    Each row carries cells ``seq``, ``unit_area``, ``name``, ``location``,
    ``district``, ``street``, ``village``, ``content``, ``units`` and
    ``deadline`` as far as the table has them; spans index into `text`.
    Delimited tables are read first; headers they could not use are read as
    a character stream.
    """
    rows, claimed = _delimited_tables(text)
    return rows + _stream_tables(text, claimed)

