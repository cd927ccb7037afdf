"""Where one unit name ends and the next begins in a list as written.

A list is split on 、，； (never inside brackets or quotes; 各街道、镇 is 各街道
and 各镇, 各市、县（区）人民政府 one group: loaders/names/unit_groups.py), then on 和/及/与
where both sides are unit names (县总工会和各乡镇 is two units, 自然资源和规划局
is one), then where names were written back to back (区国资局区国资集团). A
vertically managed unit (国家税务总局静宁县税务局, 市生态环境局平远分局) is one
name: the place and branch word after an organisation's name continue it.
The words that end a name, start one, or make a branch are data
(ontology/data/unit_words.csv), as are the posts (县委副书记, 分管副县长): a
leader listed among units is a person, and is no item of the list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from loaders.names.gazetteer import Division, gazetteer
from loaders.vocabulary import data_rows

if TYPE_CHECKING:
    from loaders.names.units import Context

# Brackets and quotes inside which a separator does not split a list.
OPENERS, CLOSERS = "（(“《「", "）)”》」"
SEPARATORS = "、，,；;"
# Words that join two units in a list, and also join words inside one name.
JOINERS = "和及与"
# Level words a relative name starts with (区财政局, 旗财政局, 自治区商务厅),
# longest first; units.py qualifies them, split_run starts a name at them.
LEVEL_WORDS = ("自治区", "自治州", "自治县", "自治旗", "区", "县", "市", "省", "州", "旗")


@dataclass(frozen=True)
class UnitWords:
    """ontology/data/unit_words.csv by kind."""

    ends: tuple[str, ...]
    starts: tuple[str, ...]  # start a name after 和/及/与
    heads: tuple[str, ...]  # start a name anywhere, even with no separator before
    branches: dict[str, str]  # branch word → the word its parent must end with ("" = any)
    posts: tuple[str, ...] = ()  # a leader's post ends with one: 县委副书记 is a person


@cache
def unit_words() -> UnitWords:
    rows = data_rows("unit_words.csv")
    bad = [r["word"] for r in rows if r["kind"] not in ("end", "start", "head", "branch", "post")]
    if bad:
        raise ValueError(f"unit_words.csv: unknown kind for {bad}")

    def of(kind: str) -> tuple[str, ...]:
        return tuple(sorted((r["word"] for r in rows if r["kind"] == kind), key=len, reverse=True))
    return UnitWords(of("end"), of("start") + of("head"), of("head"),
                     {r["word"]: r["after"] for r in rows if r["kind"] == "branch"}, of("post"))


def split_units(text: str, spaces: bool = False) -> list[tuple[int, str]]:
    """Split a list of units as written; returns (offset, item) pairs.

    Separators inside brackets or quotes do not split; with ``spaces`` a run
    of spaces separates too (table cells), except before an opening bracket.
    """
    if not spaces and PLAIN_LIST.fullmatch(text):
        return _plain_items(text)
    items, depth, start = [], 0, 0
    # only brackets, separators and (with spaces) whitespace matter
    for m in (SPACED_MARKS if spaces else LIST_MARKS).finditer(text):
        i, ch = m.start(), m.group()
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in SEPARATORS or spaces and ch.isspace()
                             and not text[i + 1:].lstrip().startswith(("（", "("))):
            items.append((start, text[start:i]))
            start = i + 1
    items.append((start, text[start:]))
    tidy = ((s, t, _tidy(t)) for s, t in items)
    return [(s + len(t) - len(t.lstrip()), item) for s, t, item in tidy if item]


LIST_MARKS = re.compile("[" + re.escape(OPENERS + CLOSERS + SEPARATORS) + "]")
SPACED_MARKS = re.compile("[" + re.escape(OPENERS + CLOSERS + SEPARATORS) + r"]|\s")


# A list with no bracket, quote, whitespace or separator but 、 (区财政局、区民政局):
# the common case, split by str.split with the same items and offsets.
PLAIN_LIST = re.compile("[^" + re.escape(OPENERS + CLOSERS + SEPARATORS.replace("、", "")) + r"\s]*")


def _plain_items(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for t in text.split("、"):
        item = t.strip("。.：:")  # _tidy, with nothing for it to remove but these
        if item:
            out.append((pos, item))
        pos += len(t) + 1
    return out


SPACES = re.compile(r"\s+")  # compiled once: _tidy runs for every item of every list


def _tidy(item: str) -> str:
    item = SPACES.sub("", item).replace("(", "（").replace(")", "）")
    return item.strip("。.：:")


def split_joined(text: str, context: Context) -> list[tuple[int, str]]:
    """Split on 和/及/与 where the left part ends like a unit name and the
    right part starts like one: 县卫生健康局和县农业农村局 → two, but
    住房和城乡建设局 and 人力资源和社会保障局 stay whole."""
    out, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in JOINERS:
            left, right = text[start:i], text[i + 1:]
            if units_meet(left, right, context):
                out.append((start, left))
                start = i + 1
    out.append((start, text[start:]))
    return out


def units_meet(left: str, right: str, context: Context) -> bool:
    """Whether left ends like a unit name and right starts like one: the test
    for 和/及/与 between units, and for a line break inside a table cell."""
    words = unit_words()
    return len(left) >= 2 and len(right) >= 2 and _ends_name(left, words) \
        and _starts_joined(right, words, context)


def _ends_name(left: str, words: UnitWords) -> bool:
    return re.sub(r"（[^（）]*）$", "", left).endswith(words.ends)


def _starts_joined(right: str, words: UnitWords, context: Context) -> bool:
    return right.startswith(words.starts) or place_at(right, context) is not None


# A unit name ends with one of these; where a run of names was written with no
# separator (区国资局区国资集团区城投公司), a new name starts after one of them.
# Only suffixes that end a name for sure: 社/会/院 also end words inside names
# (张家湾街社区卫生服务中心).
RUN_SUFFIXES = ("管委会", "委员会", "办公室", "集团", "公司", "街道", "中心", "局", "办", "委")


def split_run(text: str, context: Context) -> list[tuple[int, str]]:
    """Split names written back to back with no separator; a branch of a
    vertically managed unit (…总局 | 静宁县税务局) is not a new name."""
    cuts = [0]
    for i in range(1, len(text) - 1):
        if text.endswith(RUN_SUFFIXES, 0, i) and _starts_name(text[i:], context) \
                and i - cuts[-1] >= 3:
            cuts.append(i)
    cuts.append(len(text))
    keep = [0] + [b for a, b, c in zip(cuts, cuts[1:], cuts[2:])
                  if not is_branch(text[a:b], text[b:c], context)] + [len(text)]
    return [(a, text[a:b]) for a, b in zip(keep, keep[1:]) if b - a >= 2]


def _starts_name(rest: str, context: Context) -> bool:
    """Whether a new unit name can start here: a jurisdiction prefix or a place."""
    if len(rest) < 3:
        return False
    if rest.startswith(LEVEL_WORDS) and rest[1] != "委" or rest.startswith("团") \
            or rest.startswith(unit_words().heads):
        return True
    return place_at(rest, context) is not None


def place_at(text: str, context: Context) -> tuple[int, Division] | None:
    """A division named at the start of text (its length): a name of the
    gazetteer, or the bare stem of a place in context (铜仁 in 铜仁学院)."""
    gaz = gazetteer()
    for size in gaz.sizes_at(text, 0, 12):
        if d := gaz.lookup(text[:size], context.codes):
            return size, d
    for d in context.places.values():
        for form in (d.short_name, d.stem):
            if form and text.startswith(form):
                return len(form), d
    return None


def is_branch(parent: str, piece: str, context: Context) -> bool:
    """Whether piece continues parent as its local branch: 国家税务总局 +
    静宁县税务局, 市生态环境局 + 平远分局, 贵州电网有限责任公司 + 铜仁供电局."""
    found = branch_place(piece, context)
    if found is None or found[0] != 0:
        return False
    after = unit_words().branches[found[3]]
    return parent.endswith(after) if after else True


# Words between a branch's place and its branch word: 彭水(供电)分公司, 武汉(石油)分公司.
MAX_BETWEEN = 6


def branch_place(name: str, context: Context) -> tuple[int, int, Division, str] | None:
    """The place of a name ending with a branch word, and the branch word:
    (start, end, division, word) of the last run of places before the word
    (梅州平远供电局 → 平远县). Places are gazetteer names or stems."""
    words = unit_words()
    word = next((w for w in sorted(words.branches, key=len, reverse=True)
                 if name.endswith(w)), None)
    if word is None:
        return None
    body = name[:-len(word)]
    near = context.codes
    best = None
    for start in _name_boundaries(body, words):
        end, place = start, None
        while found := _place_or_stem(body[end:], near, context):
            end, place = end + found[0], found[1]
        if place is not None and len(body) - end <= MAX_BETWEEN \
                and (best is None or end > best[1]):
            best = (start, end, place, word)
    return best


def _name_boundaries(body: str, words: UnitWords) -> list[int]:
    """Where a place may follow an organisation's name: at the start, or after
    a word that ends a name (…总局, …有限公司) or one that starts one (国网, 人行)."""
    return [i for i in range(len(body) - 1)
            if i == 0 or body[:i].endswith(words.ends) or body[:i] in words.starts]


def _place_or_stem(text: str, near: tuple[str, ...], context: Context) -> tuple[int, Division] | None:
    if found := place_at(text, context):
        return found
    gaz = gazetteer()
    for size in range(min(6, len(text)), 1, -1):
        if d := gaz.lookup_stem(text[:size], near):
            return size, d
    return None
