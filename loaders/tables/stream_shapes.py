"""The shapes of a project list's cells, for cutting a character stream.

Nothing here knows a particular document: cell boundaries come from the
general shapes of the genre (sequence numbers, administrative-place chains,
unit names, date shapes). Each column's scorer says how well a piece of the
stream fits that column; stream_split.py finds rows and cells with them.
"""
from __future__ import annotations

import re
from typing import Callable

HAN = "\u4e00-\u9fff"  # CJK unified ideographs, for use inside a [...] class
H = f"[{HAN}]"

# A county-level unit, optionally under a prefecture: 新洲区, 建始县, 恩施州建始县.
# Both parts are lazy so that the first admin suffix ends the district: read
# greedily, 建始县业州街道三里社区 would parse as prefecture 建始县业州 +
# "district" 街道三里社区.
COUNTY_WORDS = ("新区", "自治县", "区", "县", "市", "旗")
DISTRICT = (rf"(?:{H}{{1,5}}?(?:自治州|州|地区|盟|市))??"
            rf"{H}{{1,5}}?(?:{'|'.join(COUNTY_WORDS)})")
# A township-level unit: 辛冲街道, 旧街街道, 仓埠街, 姚家集街, 某某镇, 某某乡.
# The name part is greedy so that 旧街街道 is read as one street, not 旧街 + 街道….
STREET_WORDS = ("街道办事处", "街道", "街", "镇", "乡")
STREET = rf"{H}{{1,6}}(?:{'|'.join(STREET_WORDS)})"
# A village-level unit: 浏湖村, 王兴寨村, 某某社区.
VILLAGE_WORDS = ("村委会", "村", "社区", "居委会")
VILLAGE = rf"{H}{{1,6}}?(?:{'|'.join(VILLAGE_WORDS)})"
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
# The last character of each level's words (DISTRICT, STREET, VILLAGE above):
# a location cell ends in one of them.
_LOCATION_ENDS = frozenset(w[-1] for w in (*COUNTY_WORDS, *STREET_WORDS, *VILLAGE_WORDS))
_ADMIN_SUFFIX_HINT = set("区县市旗街镇乡")  # a place chain has one within 6 chars of its start
_CHAIN_END_RE = re.compile(r"村委会|居委会|社区|街道|村|街|镇|乡")

# An amount of money (investment columns).
AMOUNT_RE = re.compile(r"\d+(?:\.\d+)?(?:万元|万|亿元)?")
# Text a cell cannot start with: a digit followed by these is an enumeration
# (2、), a decimal (1.2), a quantity (8米) — not a row number followed by a cell.
_NOT_AFTER_SEQ = set("、.．，,)）%％:：-—~～/*") | set("米个亩盏根株吨台套座条年月日号")
_SENTENCE_END = "。；;！!"
_SENTENCE_END_RE = re.compile(f"[{_SENTENCE_END}]")


# -- scoring a cell against its column
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
    if _SENTENCE_END_RE.search(cell):
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


# How far a cell of a column can reach from its start, so the cutter need not
# score spans that cannot fit (each bound follows from the column's scorer).
# A location cell is Han characters only, at most LOCATION_MAX of them: the
# longest LOCATION_RE matches (district 8+8, street 11, village 9).
LOCATION_MAX = 36
_NOT_HAN_RE = re.compile(f"[^{HAN}]")
# A units cell (UNITS_RE, and DISTRICT_RE's Han) holds only these characters
# and starts with a unit start or a district.
_NOT_UNITS_RE = re.compile(f"[^{HAN}（）()、，,]")


def _first(rx: re.Pattern[str], s: str, p: int, hi: int) -> int:
    m = rx.search(s, p, hi)
    return m.start() if m else hi


def _reach_name(s: str, p: int, hi: int) -> int:
    return _first(_SENTENCE_END_RE, s, p, hi)


def _reach_location(s: str, p: int, hi: int) -> int:
    return _first(_NOT_HAN_RE, s, p, min(hi, p + LOCATION_MAX))


def _reach_units(s: str, p: int, hi: int) -> int:
    if not UNIT_START_RE.match(s, p, hi):
        return p
    return _first(_NOT_UNITS_RE, s, p, hi)


def _reach_unit_area(s: str, p: int, hi: int) -> int:
    if not (UNIT_START_RE.match(s, p, hi) or DISTRICT_RE.match(s, p, hi)):
        return p
    return _first(_NOT_UNITS_RE, s, p, hi)


_REACH: dict[str, Callable[[str, int, int], int]] = {
    "name": _reach_name, "location": _reach_location, "units": _reach_units,
    "_co_units": _reach_units, "unit_area": _reach_unit_area,
}


def cell_reach(col: str, s: str, p: int, hi: int) -> int:
    """The end q <= hi beyond which s[p:q] cannot fit column `col` (_cell_score
    is None for every longer span); hi when nothing is known."""
    reach = _REACH.get(col)
    return reach(s, p, hi) if reach else hi


def _content_span(s: str, p: int, q: int) -> float:
    # _cell_score("content", s[p:q]) without copying the span: content fits
    # any text, scored by its last character alone.
    return _EMPTY_CELL if q == p else _score_content(s[q - 1])


def span_scorer(col: str) -> Callable[[str, int, int], float | None]:
    """_cell_score of column `col` as a function of a span s[p:q]."""
    if col == "content":
        return _content_span
    if col == "location":  # a chain ends in its last level's word: 区, 街道, 村 …
        return lambda s, p, q: (_score_location(s[p:q]) if s[q - 1] in _LOCATION_ENDS
                                else None) if q > p else _EMPTY_CELL
    # _cell_score with its dispatch on the column done once, not per span.
    empty = None if col == "name" else _EMPTY_CELL
    scorer = _SCORERS.get(col)
    if scorer is None:
        return lambda s, p, q: 0.0 if q > p else empty
    return lambda s, p, q: scorer(s[p:q]) if q > p else empty


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
