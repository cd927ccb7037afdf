"""Unit names: split a list as written, qualify each by its jurisdiction,
and infer its type from the name.

区财政局 in a 洪山区 document is 洪山区财政局; 县乡村振兴局 on the 建始县 side is
建始县乡村振兴局; 市发改委 in a 武汉市 document is 武汉市发改委, which the
abbreviations of ontology/data/unit_aliases.csv then write in full
(武汉市发展和改革委员会). The text as written stays attached as an alias.
A place written in a short form is written in full (五峰县财政局 →
五峰土家族自治县财政局), so both spellings are one unit. Names relative to the
issuing unit take its name: 厅办公室 in a 江西省交通运输厅 plan, 镇财政所 in a
擂鼓镇 plan. Splitting a list is loaders/names/unit_split.py; the type of a
name is loaders/names/unit_types.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache

from loaders.names.gazetteer import Division, gazetteer
from loaders.names.unit_groups import group_items
from loaders.names.unit_split import (branch_place, split_joined, split_run, split_units,
                                unit_words)
from loaders.names.unit_types import BARE_GROUP, GROUP, LOCAL_AUTHORITY, STREET_SHORT, classify
from loaders.vocabulary import data_rows
from ontology.vocab import C

__all__ = ["Context", "UnitName", "parse_units", "qualify", "resolve", "split_units"]

# Which jurisdiction a level word names: 区… 县… 旗… 市… 省… 州… 自治区….
PREFIX_LEVELS: dict[str, tuple[str, ...]] = {
    "区": ("district",), "县": ("county",), "旗": ("county",), "市": ("city",),
    "省": ("province",), "州": ("prefecture",), "自治区": ("province",),
    "自治州": ("prefecture",), "自治县": ("county",), "自治旗": ("county",),
}
# A level word that begins another word, not a prefix: 市场监管局, 区域….
NOT_A_PREFIX = re.compile(r"^(?:市场|区域|县域|省级|市级|县级|区级|州级)")
# 我区 / 全区 / 我市 / 本旗 … name the issuing place itself.
SELF_REFERENCE = re.compile(r"^(?:我|全|本)([区县市省州旗])$")
# 团区委 → 共青团洪山区委, 团旗委 → 共青团库伦旗委.
YOUTH_LEAGUE = re.compile(r"^团([区县市省州旗])委$")
# The issuing unit of a plan when it is a town: 北川羌族自治县擂鼓镇人民政府 → 擂鼓镇.
TOWN_ISSUER = re.compile(r"([\u4e00-\u9fa5]{1,8}?(?:镇|乡|街道|苏木))(?:人民政府|政府|党委|办事处|党工委)?")
# Words a name relative to the issuing unit starts with: 厅办公室 (the 厅 that
# issued), 镇财政所 (the town that issued).
ISSUER_WORDS = ("厅", "局")
TOWN_WORDS = ("街道", "苏木", "镇", "乡")


@dataclass(frozen=True)
class Context:
    """The places a document (or a table side) speaks for, by level, and the
    unit that issued it (for names relative to it: 厅办公室, 镇财政所)."""

    places: dict[str, Division] = field(default_factory=dict)
    issuer: str = ""

    @classmethod
    def of(cls, division: Division | None, issuer: str = "") -> "Context":
        if division is None:
            return cls(issuer=issuer)
        chain = [division, *gazetteer().ancestors(division)]
        return cls({d.level: d for d in chain}, issuer)

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

    # cached: asked at every parse and lookup, and places never change
    @cached_property
    def key(self) -> tuple[tuple[str, Division], ...]:
        """The key of the caches below."""
        return tuple(self.places.items())

    @cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.places.values())

    @cached_property
    def town(self) -> str:
        """The town, township or street that issued the document, if one did."""
        m = TOWN_ISSUER.fullmatch(_after_places(self.issuer))
        return m.group(1) if m else ""

    def department(self, word: str) -> str:
        """The issuing unit up to its first ``word`` after its place:
        江西省交通运输厅办公室 → 江西省交通运输厅 for 厅."""
        rest = _after_places(self.issuer)
        head = self.issuer[:len(self.issuer) - len(rest)]
        return head + rest[:rest.index(word) + 1] if head and word in rest[1:] else ""


def _after_places(name: str) -> str:
    """The name after the run of division names it starts with."""
    end = 0
    for a, b, _ in gazetteer().find(name):
        if a != end:
            break
        end = b
    return name[end:]


def issuing_unit(issuer: str, title: str) -> str:
    """The unit that issued a document: its issuer line, else the unit its title
    starts with (擂鼓镇人民政府关于印发…, 江西省交通运输厅2024年…计划)."""
    if issuer:
        return issuer.split()[0]
    m = re.match(r"#?\s*([\u4e00-\u9fa5]{4,30}?)(?:关于|\d{4}\s*年|[(（《])", title)
    unit = m.group(1) if m else ""
    return unit if _after_places(unit).endswith(unit_words().ends) else ""


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


def qualify(written: str, context: Context) -> tuple[str, Division | None]:
    """The qualified name of a unit and the division it belongs to."""
    if m := SELF_REFERENCE.match(written):
        place = context.at(PREFIX_LEVELS[m.group(1)])
        return (place.name, place) if place else (written, None)
    if m := YOUTH_LEAGUE.match(written):
        place = context.at(PREFIX_LEVELS[m.group(1)])
        return (f"共青团{place.name}委", place) if place else (written, None)
    if lead := _leading_places(written, context):
        return lead
    if relative := _relative(written, context):
        return relative
    if found := branch_place(written, context):
        return _in_full(written, found), found[2]  # 国家税务总局静宁县税务局 is 静宁县's
    return written, _bracketed_place(written, context) or _local_jurisdiction(written, context)


MAX_PLACE_PREFIX = 14


def _leading_places(written: str, context: Context) -> tuple[str, Division] | None:
    """A name that starts with divisions, an autonomous one in full (五峰县财政局
    → 五峰土家族自治县财政局); it belongs to the most specific one, or to the place
    of its branch (市生态环境局平远分局 in 梅州市 belongs to 平远县)."""
    found = gazetteer().find(written[:MAX_PLACE_PREFIX], context.codes)
    if not found or found[0][0] != 0:
        return None
    name, end, place = "", 0, found[0][2]
    for a, b, d in found:
        if a != end:
            break
        name, end, place = name + _canonical(written[a:b], d), b, d
    branch = branch_place(written[end:], context)
    return name + written[end:], branch[2] if branch else place


def _canonical(form: str, d: Division) -> str:
    """An autonomous division in one spelling (彭水县, 彭水自治县 → 彭水苗族土家族
    自治县, 恩施自治州 → 恩施州); other forms stay as written (贵州电网…)."""
    return _prefix(d) if "自治" in d.name else form


def _in_full(written: str, found: tuple[int, int, Division, str]) -> str:
    """国家税务总局彭水县税务局 → 国家税务总局彭水苗族土家族自治县税务局; a bare
    stem (平远分局, 铜仁供电局) stays as written."""
    start, end, place, _ = found
    form = written[start:end]
    return written[:start] + _canonical(form, place) + written[end:] if form in place.forms else written


def _relative(written: str, context: Context) -> tuple[str, Division | None] | None:
    """区财政局, 旗财政局, 自治区商务厅 (the place in context at that level); 厅办公室,
    镇财政所 (the issuing department or town)."""
    word = next((w for w in PREFIX_LEVELS if written.startswith(w)), "")
    if word and len(written) > len(word) and not NOT_A_PREFIX.match(written):
        place = context.at(PREFIX_LEVELS[word])
        if place is not None and (len(word) == 1 and word != "旗" or place.name.endswith(word)):
            branch = branch_place(written[len(word):], context)
            return _prefix(place) + written[len(word):], branch[2] if branch else place
    for w in ISSUER_WORDS:
        if written.startswith(w) and (anchor := context.department(w)):
            return anchor + written[len(w):], context.most_specific
    w = next((w for w in TOWN_WORDS if written.startswith(w)), "")
    if w and context.town.endswith(w) and not BARE_GROUP.match(written) \
            and not written.startswith("乡镇"):
        return context.town + written[len(w):], context.at(("district", "county")) or context.most_specific
    return None


def _prefix(place: Division) -> str:
    # 恩施土家族苗族自治州 is written 恩施州 in unit names (恩施州财政局).
    return place.short_name if place.level == "prefecture" and place.short_name else place.name


def _local_jurisdiction(written: str, context: Context) -> Division | None:
    """Streets, towns and groups belong to the most specific place in context."""
    if LOCAL_AUTHORITY.match(written) or STREET_SHORT.match(written) or GROUP.search(written):
        return context.at(("district", "county")) or context.most_specific
    return context.most_specific if written.startswith(("各", "相关", "有关")) else None


def _bracketed_place(written: str, context: Context) -> Division | None:
    """临空港开发区（东西湖区）: the division named in brackets."""
    m = re.search(r"（([^（）]+)）$", written)
    return gazetteer().lookup(m.group(1), context.codes) if m else None


@cache
def abbreviations() -> dict[str, str]:
    """Abbreviation → full form of a unit name's core (ontology/data/unit_aliases.csv)."""
    return {row["written"]: row["canonical"] for row in data_rows("unit_aliases.csv")}


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
    unit = _resolve(written, context.key, context.issuer)
    # not dataclasses.replace: it inspects the fields at every call
    return unit if unit.start == start else UnitName(unit.written, unit.name, unit.cls,
                                                      unit.jurisdiction, start)


@lru_cache(maxsize=65536)  # one name is written many times in a collection
def _resolve(written: str, places: tuple[tuple[str, Division], ...], issuer: str) -> UnitName:
    context = Context(dict(places), issuer)
    name, place = qualify(written, context)
    name = expand(name, place)
    if place and name == written and BARE_GROUP.match(written):
        # 各街道 → 洪山区各街道, 各村 → 擂鼓镇各村: a group is someone's
        name = (context.town or _prefix(place)) + name
    cls = C.UnitGroup if GROUP.search(written) else classify(name)
    return UnitName(written, name, cls, place)


def parse_units(text: str, context: Context, spaces: bool = False) -> list[UnitName]:
    """Split a unit list as written and resolve every item."""
    return list(_parse_units(text, context.key, context.issuer, spaces))


@lru_cache(maxsize=4096)  # a plan repeats its lists of units (责任单位：…) many times
def _parse_units(text: str, places: tuple[tuple[str, Division], ...], issuer: str,
                 spaces: bool) -> tuple[UnitName, ...]:
    out: list[UnitName] = []
    posts = unit_words().posts
    for offset, written, meant in group_items(text, split_units(text, spaces)):
        if meant.endswith(posts):
            continue  # 牵头：县委副书记、县委农办: a leader's post names a person, not a unit
        if "、" in meant or written != meant:  # a group phrase: 各市、县（区）人民政府, 各街道、镇
            unit = resolve(meant, Context(dict(places), issuer), offset)
            out.append(replace(unit, written=written))
            continue
        out += _item_units(written, offset, places, issuer)
    return tuple(out)


# Lists differ, their items repeat, and mostly at the same few offsets in them.
@lru_cache(maxsize=16384)
def _item_units(written: str, offset: int, places: tuple[tuple[str, Division], ...],
                issuer: str) -> tuple[UnitName, ...]:
    """The names of one item at ``offset`` in its list: joined by 和/及, or back to back."""
    context = Context(dict(places), issuer)
    return tuple(resolve(piece, context, offset + joined + inner)
                 for joined, part in split_joined(written, context)
                 for inner, piece in split_run(part, context))
