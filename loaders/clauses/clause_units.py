"""Unit lists inside clauses.

A label's list is trusted to name units (牵头单位：… says so), except that a
unit may carry its own role: 县发改局（牵头） in a 责任单位 list leads. Text
before a verb in running prose is not trusted: 主要领导 or 按照职能做好相关
stand before 负责 and 配合 too, so each item must read as a unit name.
"""
from __future__ import annotations

import re
from functools import cache

from loaders import vocabulary
from loaders.names.unit_split import unit_words
from loaders.names.units import Context, UnitName, parse_units, resolve
from ontology.vocab import C

# Persons, not units: sentences about them assign nothing (领导小组 is a unit).
PERSON = re.compile(r"领导(?!小组)|负责同志|负责人|书记|干部|队员|同志|人员|组长|群众|农户")
# Words of a sentence that never occur inside a unit's name.
NOT_IN_NAMES = re.compile(r"按照|做好|开展|制定|推进|推动|加强|组织(?!部)|引导|动员|鼓励|支持|[的要将把\d]")
# A list closed by a group word: 区财政局、区农业农村局等部门 → the units named.
LIST_CLOSER = re.compile(r"等(?:有关|相关)?(?:部门|单位)?$")
# Punctuation that no list of units holds: a sentence, or more than a list.
LIST_BREAK = re.compile("[，。；：:,;]")
# Places acting as units whose names the type rules do not know: 项目所在镇村.
LOCAL_END = re.compile(r"(?:[村镇乡]|社区）)$")
# Separators that end a run of units a verb after them speaks of.
RUN_BREAK = re.compile("[，,；;]")
MAX_NAME = 30       # a unit's name is shorter than this
MAX_NAME_GAP = 8    # 市委 → 市委组织部: a longer name within this many characters wins


@cache
def role_marker() -> re.Pattern[str]:
    """A role verb closing a list item: 县发改局（牵头）, 县人社局牵头."""
    words = "|".join(map(re.escape, sorted(_marker_words(), key=len, reverse=True)))
    return re.compile(rf"(?:[（(]({words})[）)]|({words}))$")


def _marker_words() -> list[str]:
    """Verbs only: a copula noun (责任单位) said without its 为 is part of a
    name or a group (县直责任单位), never a unit's own role."""
    copulas = vocabulary.copula_words()
    return [w for w in vocabulary.verb_roles() if w not in copulas]


@cache
def marker_ends() -> frozenset[str]:
    """The last characters of role_marker() matches: the pattern is anchored at
    the end, but a search tries it at every character of the name."""
    return frozenset({"）", ")"} | {w[-1] for w in _marker_words()})


def listed_units(body: str, role: str, context: Context) -> list[tuple[str, UnitName]]:
    """The units of a label's list, each with its role: the label's, or the
    one a marker after the unit gives. A verb written after a unit without
    brackets closes a run of units (责任部门：X牵头，Y、Z参与: Y and Z take
    part), so it gives its role to the unmarked units before it back to the
    last separator ，；; a bracketed marker (Y、Z（牵头）) is Z's alone."""
    out: list[tuple[str, UnitName]] = []
    ends = marker_ends()
    text = body.strip(" \u3000；;，,。：:【】\n")
    run: list[int] = []  # unmarked units since the last marker or separator
    breaks = RUN_BREAK.search(text) is not None  # most lists are one run: spare the searches
    for unit in parse_units(text, context):
        if breaks and out and RUN_BREAK.search(text, out[-1][1].start, unit.start):
            run = []
        marked = role_marker().search(unit.written) if unit.written[-1:] in ends else None
        if marked and marked.start() >= 2:
            word = marked.group(1) or marked.group(2)
            rest = unit.written[:marked.start()]
            marked_role = vocabulary.verb_roles()[word]
            if marked.group(2):
                for k in run:
                    out[k] = (marked_role, out[k][1])
            run = []
            out.append((marked_role, resolve(rest, context, unit.start)))
        else:
            run.append(len(out))
            out.append((role, unit))
    return out


def is_unit(unit: UnitName) -> bool:
    """Whether an item of running text reads as a unit's name."""
    written = unit.written
    if len(written) == 1 and unit.is_group:
        return True  # 乡 after 各镇、 means 各乡 (unit_groups.group_items)
    if not 2 <= len(written) <= MAX_NAME or PERSON.search(written) or NOT_IN_NAMES.search(written):
        return False
    if written[0] in "（(【" or written in vocabulary.label_roles():
        return False  # （牵头单位 is a label's start, not a unit
    # the name as meant may end like one where the written item does not
    # (广南县 of 广南县、富宁县人民政府 means 广南县人民政府)
    return unit.cls is not C.OtherUnit or ends_like_name(written) or ends_like_name(unit.name)


def ends_like_name(text: str) -> bool:
    """Ends with a word that ends unit names (ontology/data/unit_words.csv:
    局, 委, 联合会, 单位 …) or with a place acting as a unit (项目所在镇村)."""
    base = re.sub(r"（[^（）]*）$", "", text)  # 各村（社区）
    return base.endswith(unit_words().ends) or bool(LOCAL_END.search(text))


def named_units(text: str, context: Context) -> list[UnitName]:
    """The units text names when it is nothing but a list of units, else []."""
    text = LIST_CLOSER.sub("", text)
    if not text or LIST_BREAK.search(text):
        return []
    units = parse_units(text, context)
    return units if units and all(map(is_unit, units)) else []


def leading_units(text: str, context: Context) -> list[UnitName]:
    """The units listed at the start of text, before the sentence goes on:
    会同县乡村振兴局、县财政局制定… → 县乡村振兴局, 县财政局."""
    out: list[UnitName] = []
    pos = 0
    while pos < len(text):
        stop = text.find("、", pos)
        item = text[pos:stop] if stop >= 0 else text[pos:]
        units = named_units(item, context) if stop >= 0 else []
        if units:
            out += units
            pos = stop + 1
            continue
        cut = name_end(item, context)
        if cut:
            out.append(resolve(item[:cut], context, pos))
        break
    return out


def name_end(text: str, context: Context) -> int:
    """Length of the unit name text starts with, 0 if none: the first prefix
    that reads as a unit, or a longer one close after it (市委 → 市委组织部,
    市生态环境局 → 市生态环境局库伦旗分局)."""
    cuts = [i for i in range(2, min(len(text), MAX_NAME) + 1)
            if ends_like_name(text[:i]) and is_unit(resolve(text[:i], context))]
    if not cuts:
        return 0
    end = cuts[0]
    for cut in cuts[1:]:
        if cut - end > MAX_NAME_GAP:
            break
        # a longer name ends like an organisation; one ending like a place
        # has run into the sentence (县农业农村局建立驻村…)
        if text[:cut].endswith(unit_words().ends):
            end = cut
    return end
