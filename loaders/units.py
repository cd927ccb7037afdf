"""Unit names: split a list as written, qualify each by its jurisdiction,
and infer its type from the name.

区财政局 in a 洪山区 document is 洪山区财政局; 县乡村振兴局 on the 建始县 side is
建始县乡村振兴局; 市发改委 in a 武汉市 document is 武汉市发改委, which the
abbreviations of ontology/data/unit_aliases.csv then write in full
(武汉市发展和改革委员会). The text as written stays attached as an alias.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from loaders.gazetteer import Division, gazetteer
from ontology.vocab import C

# Which jurisdiction a one-character prefix names: 区… 县… 市… 省… 州….
PREFIX_LEVELS: dict[str, tuple[str, ...]] = {
    "区": ("district",), "县": ("county",), "市": ("city",), "省": ("province",),
    "州": ("prefecture",),
}
# 我区 / 全区 / 我市 … name the issuing place itself.
SELF_REFERENCE = re.compile(r"^(?:我|全|本)([区县市省州])$")
# 团区委 → 共青团洪山区委.
YOUTH_LEAGUE = re.compile(r"^团([区县市省州])委$")
# Group phrases: 各街道, 相关街道, 区各乡村振兴工作队及其派出单位, 区直相关单位 …
GROUP = re.compile(r"^(?:[区县市省州]?(?:直)?)?(?:各|相关|有关)|(?:各|相关|有关|涉及)"
                   r"|等[^等]{0,6}单位$|成员单位$|^(?:街道|乡镇|街乡|部门|单位)$")
BARE_GROUP = re.compile(r"^(?:各|相关|有关)|^(?:街道|乡镇|街乡|部门|单位)$")
# A street office, town or township acting for its place.
LOCAL_AUTHORITY = re.compile(r"^[\u4e00-\u9fa5]{1,6}(?:街道|街道办事处|镇|乡)$")
STREET_SHORT = re.compile(r"^[\u4e00-\u9fa5]{1,5}街$")

# Type rules on the name, first match wins; each is (class, pattern).
TYPE_RULES: tuple[tuple[C, re.Pattern[str]], ...] = (
    (C.WorkTeam, re.compile(r"工作队$")),
    (C.LeadingGroup, re.compile(r"领导小组")),
    (C.MedicalInstitution, re.compile(r"医院|卫生院|卫生服务中心|疾控中心|疾病预防控制中心|保健院|诊所")),
    (C.School, re.compile(r"小学|中学|幼儿园|学校|大学|学院|分校|高中|初中|园$")),
    (C.MassOrganisation, re.compile(r"工会|工商联|妇联|^共青团|团[区县市省州]委|侨联|科协|残联|文联|红十字会")),
    (C.Enterprise, re.compile(r"公司$|集团$|银行$|企业$|（集团）有限公司$")),
    (C.PartyOrgan, re.compile(r"^[\u4e00-\u9fa5]{0,12}?[区县市省州]委(?!员)|纪委|党工委|党委|工委$|党校$")),
    (C.SocialOrganisation, re.compile(r"协会$|商会$|学会$|基金会$|研究会$|慈善会$|社会组织$")),
    (C.PublicInstitution, re.compile(r"中心$|院$|社$|联社$|研究室$|馆$")),
    (C.GovernmentDepartment, re.compile(r"局$|委$|办$|办公室$|办公厅$|管委会$|委员会$|厅$|署$|站$|所$|处$|部$")),
)

# Brackets and quotes inside which a separator does not split a list.
OPENERS, CLOSERS = "（(“《「", "）)”》」"
SEPARATORS = "、，,；;"


@dataclass(frozen=True)
class Context:
    """The places a document (or a table side) speaks for, by level."""

    places: dict[str, Division] = field(default_factory=dict)

    @classmethod
    def of(cls, division: Division | None) -> "Context":
        if division is None:
            return cls()
        chain = [division, *gazetteer().ancestors(division)]
        return cls({d.level: d for d in chain})

    def at(self, levels: tuple[str, ...]) -> Division | None:
        for level in levels:
            if level in self.places:
                return self.places[level]
        return None

    @property
    def most_specific(self) -> Division | None:
        for level in ("district", "county", "city", "prefecture", "province"):
            if level in self.places:
                return self.places[level]
        return None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.places.values())


@dataclass(frozen=True)
class UnitName:
    """A unit as written and as qualified, with its inferred type."""

    written: str
    name: str
    cls: C
    jurisdiction: Division | None
    start: int = 0  # offset of the written text inside the list it came from

    @property
    def is_group(self) -> bool:
        return self.cls is C.UnitGroup


def split_units(text: str, spaces: bool = False) -> list[tuple[int, str]]:
    """Split a list of units as written; returns (offset, item) pairs.

    Separators inside brackets or quotes do not split; with ``spaces`` a run
    of spaces separates too (table cells), except before an opening bracket.
    """
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in SEPARATORS or spaces and ch.isspace()
                             and not text[i + 1:].lstrip().startswith(("（", "("))):
            items.append((start, text[start:i]))
            start = i + 1
    items.append((start, text[start:]))
    return [(s + len(t) - len(t.lstrip()), _tidy(t)) for s, t in items if _tidy(t)]


def _tidy(item: str) -> str:
    item = re.sub(r"\s+", "", item).replace("(", "（").replace(")", "）")
    return item.strip("。.：:")


# A unit name ends with one of these; where a run of names was written with no
# separator (区国资局区国资集团区城投公司), a new name starts after one of them.
# Only suffixes that end a name for sure: 社/会/院 also end words inside names
# (张家湾街社区卫生服务中心).
RUN_SUFFIXES = ("管委会", "委员会", "办公室", "集团", "公司", "街道", "中心", "局", "办", "委")


def split_run(text: str, context: Context) -> list[tuple[int, str]]:
    """Split names written back to back with no separator."""
    cuts = [0]
    for i in range(1, len(text) - 1):
        if text[:i].endswith(RUN_SUFFIXES) and _starts_name(text[i:], context) \
                and i - cuts[-1] >= 3:
            cuts.append(i)
    cuts.append(len(text))
    return [(a, text[a:b]) for a, b in zip(cuts, cuts[1:]) if b - a >= 2]


def _starts_name(rest: str, context: Context) -> bool:
    """Whether a new unit name can start here: a jurisdiction prefix or a place."""
    if len(rest) < 3:
        return False
    if rest[0] in PREFIX_LEVELS and rest[1] != "委" or rest.startswith("团"):
        return True
    gaz = gazetteer()
    for size in range(2, min(8, len(rest)) + 1):
        if gaz.lookup(rest[:size], context.codes):
            return True
    short = {d.short_name for d in context.places.values()}
    return any(s and rest.startswith(s) for s in short)


def qualify(written: str, context: Context) -> tuple[str, Division | None]:
    """The qualified name of a unit and the division it belongs to."""
    if m := SELF_REFERENCE.match(written):
        place = context.at(PREFIX_LEVELS[m.group(1)])
        return (place.name, place) if place else (written, None)
    if m := YOUTH_LEAGUE.match(written):
        place = context.at(PREFIX_LEVELS[m.group(1)])
        return (f"共青团{place.name}委", place) if place else (written, None)
    found = gazetteer().find(written[:MAX_PLACE_PREFIX], context.codes)
    if found and found[0][0] == 0:
        return written, found[0][2]
    if written[0] in PREFIX_LEVELS and len(written) > 1:
        place = context.at(PREFIX_LEVELS[written[0]])
        if place is not None:
            return _prefix(place) + written[1:], place
    return written, _bracketed_place(written, context) or _local_jurisdiction(written, context)


MAX_PLACE_PREFIX = 14


def _prefix(place: Division) -> str:
    # 恩施土家族苗族自治州 is written 恩施州 in unit names (恩施州财政局).
    return place.short_name if place.level == "prefecture" and place.short_name else place.name


def _local_jurisdiction(written: str, context: Context) -> Division | None:
    """Streets, towns and groups belong to the most specific place in context."""
    if LOCAL_AUTHORITY.match(written) or STREET_SHORT.match(written) or GROUP.search(written):
        return context.at(("district", "county")) or context.most_specific
    return context.most_specific if written.startswith(("各", "相关", "有关")) else None


def classify(name: str) -> C:
    """The unit's type from general rules on its name."""
    if GROUP.search(name):
        return C.UnitGroup
    if LOCAL_AUTHORITY.match(name) or STREET_SHORT.match(name) or _is_place_name(name):
        return C.LocalAuthority
    for cls, pattern in TYPE_RULES:
        if pattern.search(name):
            return cls
    return C.OtherUnit


def _bracketed_place(written: str, context: Context) -> Division | None:
    """临空港开发区（东西湖区）: the division named in brackets."""
    m = re.search(r"（([^（）]+)）$", written)
    return gazetteer().lookup(m.group(1), context.codes) if m else None


def _is_place_name(name: str) -> bool:
    base = re.sub(r"（.*?）$", "", name)
    return bool(gazetteer().lookup(base)) or base.endswith(("开发区", "风景区", "新区"))


@cache
def abbreviations() -> dict[str, str]:
    """Abbreviation → full form of a unit name's core (ontology/data/unit_aliases.csv)."""
    source = resources.files("ontology") / "data" / "unit_aliases.csv"
    with source.open(encoding="utf-8") as fh:
        return {row["written"]: row["canonical"] for row in csv.DictReader(fh)}


def expand(name: str, place: Division | None) -> str:
    """洪山区发改局 → 洪山区发展和改革局: the core after the jurisdiction, in full."""
    if place is None:
        return name
    for prefix in (place.name, _prefix(place)):
        if name.startswith(prefix):
            core = name[len(prefix):]
            if core.startswith("委") and core[1:] in abbreviations():  # 区委编办 → 区委机构…
                return prefix + "委" + abbreviations()[core[1:]]
            return prefix + abbreviations().get(core, core)
    return name


def resolve(written: str, context: Context, start: int = 0) -> UnitName:
    name, place = qualify(written, context)
    name = expand(name, place)
    if place and name == written and BARE_GROUP.match(written):
        name = _prefix(place) + name  # 各街道 → 洪山区各街道: a group is someone's
    cls = C.UnitGroup if GROUP.search(written) else classify(name)
    return UnitName(written, name, cls, place, start)


def parse_units(text: str, context: Context, spaces: bool = False) -> list[UnitName]:
    """Split a unit list as written and resolve every item."""
    out: list[UnitName] = []
    for offset, item in split_units(text, spaces):
        for inner, piece in split_run(item, context):
            out.append(resolve(piece, context, offset + inner))
    return out
