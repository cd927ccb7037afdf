"""What a pairing is made of, whichever form states it (a table, a title, a
sentence): the two sides as graph nodes, the kind the sides give, and the
Pairing node with its provenance.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from loaders.tables import grid_place

from loaders import rules
from loaders.facts.context import DocumentContext
from loaders.names.gazetteer import Division, gazetteer
from loaders.graph import Graph
from loaders.names.units import UnitName
from ontology.model import Node, Provenance, make_id
from ontology.vocab import A, C, R

KINDS = ("district-county", "street-village", "school", "hospital", "enterprise-village")

TOWN_LEVELS = (C.Town, C.Township, C.Street)
# Words that stand for a whole class of villages or units, not one of them:
# 我区脱贫村, 各村, 帮扶村, 福建企业, 南京市民营企业, 我市中小学.
# 我区, 全县, 本市, 该镇 point at a level; 全军, 本源 may open a proper name.
GENERIC_HEAD = re.compile(r"^(?:(?:我|本|全|该)[省市县区州旗盟镇乡村厅局委办]|所属|所在|各|相关|有关|其他|结对|帮扶|"
                          r"多个|多家|若干|"
                          r"受援|脱贫|贫困)")
GENERIC_VILLAGE = re.compile(r"(?:脱贫|贫困|帮扶|结对|受援|重点|示范|行政|相关|有关|各|薄弱)(?:村|嘎查)$")
# 优质学校, 乡村学校, 基层医院: a kind of school or hospital, not one.
GENERIC_KIND = re.compile(r"^(?:优质|乡村|农村|城区|城市|薄弱|基层|中小|各类|重点|民办|公办)"
                          r"(?:学校|中小学|小学|中学|医院|医疗机构|卫生院)$")
GENERIC_NOUN = re.compile(r"^[区市县省厅局委]?[属直内]?(?:民营|国有|爱心|知名|龙头|规模以上)?(?:企业|中小学|"
                          r"医疗机构|单位|部门|社会组织|村|嘎查|乡镇|街道|镇（街道）|县区|县（区）|设区市|区)$")
# A level and a kind of institution: 海东市县级医院, 乡镇卫生院, 县域学校 name a
# class (the hospitals of a level), not one. A place and a bare kind may be a
# name (北京市密云区医院), so the level word is what makes the class.
GENERIC_CLASS = re.compile(r"^(?:[省市县区乡镇村]级|乡镇|县域|城乡)(?:医院|学校|卫生院|幼儿园|"
                           r"医疗卫生机构|医疗机构)$")


@dataclass(frozen=True)
class Place:
    """A place cell read into its levels; any of them may be missing."""

    division: Division | None
    town: str
    village: str


# 村（乡镇）: a dispatch list's station written village first, its town in brackets.
BRACKET_TOWN = re.compile(r"^(?P<village>[^（）()\s]{2,30}?(?:村|社区|嘎查))"
                          r"[（(](?P<town>[^（）()\s]{2,12}?(?:镇|乡|街道|苏木))[）)]$")


def split_place(text: str, near: tuple[str, ...] = ()) -> Place:
    """遂川县草林镇红星村 → (遂川县, 草林镇, 红星村); 木黄镇凤仪村 → (None, 木黄镇, 凤仪村):
    the cell reading of loaders/tables/grid_place.py, with its levels named. A
    division read off the front that leaves no township or village behind was
    part of the name (红旗村 is no village of 红旗区). A village with its town
    in brackets after it (老姆登村（匹河乡）) reads as the town then the village."""
    if text.rstrip().endswith(("）", ")")) and (m := BRACKET_TOWN.match(text.strip())) is not None:
        text = m.group("town") + m.group("village")
    place = Place(*grid_place.split_place(text, near))
    if place.division is not None and not place.town and not place.village:
        m = grid_place.TAIL.match(re.sub(r"\s+", "", text))
        if m and (m.group("street") or m.group("village")):
            return Place(None, m.group("street") or "", m.group("village") or "")
    return place


# 和 / 及 join two places only after a place's level word (东岭村和西岭村), and
# only places of one level: 城关镇和平村 is the village 和平村 in 城关镇.
PLACE_JOINT = re.compile(r"(?<=[村区镇乡县市旗盟])[和及](?=[\u4e00-\u9fff]{2})")


def place_parts(text: str) -> list[str]:
    """The places one cell names: 波密县、察隅县 → two; 东岭村和西岭村 → two."""
    out = []
    for part in rules.UNIT_SEPARATORS.split(text.strip()):
        pieces = [p for p in PLACE_JOINT.split(part) if p]
        out += pieces if len({p[-1] for p in pieces}) == 1 else [part] if part else []
    return out


@lru_cache(maxsize=4096)  # the same names recur on every line of a big plan
def is_generic(name: str) -> bool:
    """Whether a name stands for a class (我区脱贫村, 福建企业) rather than one."""
    if GENERIC_HEAD.match(name) or GENERIC_VILLAGE.search(name):
        return True
    rest = name
    for a, b, _ in gazetteer().find(name):
        if a != len(name) - len(rest):
            break
        rest = name[b:]
    short = next((rest[:n] for n, names in _region_short_names() if rest[:n] in names), "")
    rest = rest[len(short):]
    return bool(GENERIC_HEAD.match(rest) or GENERIC_NOUN.match(rest) or GENERIC_KIND.match(rest)
                or GENERIC_CLASS.match(rest))


@cache
def _region_short_names() -> tuple[tuple[int, frozenset[str]], ...]:
    """福建, 南京, 聊城: provinces and cities as written before a noun (福建企业),
    grouped by length, longest first (a set per length: one probe each, not
    a scan of every name for every side of a pair)."""
    names = {d.short_name for d in gazetteer().by_code.values()
             if d.level in ("province", "city", "prefecture") and len(d.short_name) >= 2}
    return tuple((n, frozenset(s for s in names if len(s) == n))
                 for n in sorted({len(s) for s in names}, reverse=True))


@dataclass(frozen=True)
class Side:
    """One side of a pairing: its node and what it is (a division, a village or
    a unit of some class)."""

    node: str
    cls: C
    level: str  # "division" | "village" | "unit"


def unit_side(graph: Graph, unit: UnitName) -> Side:
    return Side(graph.unit(unit), unit.cls, "unit")


def division_side(graph: Graph, division: Division) -> Side:
    return Side(graph.division(division), division.cls, "division")


def village_side(graph: Graph, place: Place, county: Division | None) -> Side | None:
    """A village under its township under its county; None without a village."""
    if not place.village:
        return None
    parent = graph.division(county) if county else None
    if place.town:
        parent = graph.local_place(place.town, parent) or parent
    node = graph.local_place(place.village, parent)
    return Side(node, C.Village, "village") if node else None


# Every village name ends in one of grid_place's village words, read once
# spaces are taken out (split_place): a text without them names no village.
VILLAGE_WORD = re.compile("|".join(r"\s*".join(w) for w in grid_place.VILLAGE_WORDS))


def may_name_village(text: str) -> bool:
    """Whether split_place may find a village in text (cheap: no gazetteer)."""
    return VILLAGE_WORD.search(text) is not None


def helps_villages_only(helper: Side) -> bool:
    """Whether kind_of gives a kind to this helper only with a village helped:
    it is no jurisdiction, school or hospital (a company, a bureau …)."""
    return not (helper.level == "division"
                or helper.cls in (C.LocalAuthority, C.School, C.MedicalInstitution))


def kind_of(helper: Side, helped: Side) -> str | None:
    """The kind the two sides give: a village helped by a street or town is
    street-village, by anyone else (a company, a bureau, a college) is
    enterprise-village; two jurisdictions are district-county; a school pairs
    with a school and a hospital with a hospital (南京市与商洛市学校 is no pair)."""
    territorial = helper.level == "division" or helper.cls is C.LocalAuthority
    if helped.level == "village":
        return "street-village" if territorial else "enterprise-village"
    if helper.cls is C.School and helped.cls is C.School:
        return "school"
    if helper.cls is C.MedicalInstitution and helped.cls is C.MedicalInstitution:
        return "hospital"
    if territorial and (helped.level == "division" or helped.cls is C.LocalAuthority):
        return "district-county"
    return None


def add_pairing(ctx: DocumentContext, graph: Graph, kind: str, helper: str, helped: str,
                prov: Provenance, seq: int = 0, table: str = "") -> str:
    """The Pairing node of one helper → helped statement; stated twice in one
    document (a title and a sentence), it is one pairing."""
    pairing = make_id("pairing", ctx.doc.id, kind, helper, helped)
    if pairing in graph.nodes:
        # the first statement is its evidence; a second HELPER/HELPED edge would
        # be one more relationship in Neo4j (one row more) though one triple in RDF
        return pairing
    graph.add_node(Node(pairing, C.Pairing, kind, {A.kind: kind, A.seq: seq, A.tableName: table},
                        prov=prov))
    graph.add_edge(pairing, R.statedIn, ctx.doc_id)
    graph.add_edge(pairing, R.helper, helper, prov)
    graph.add_edge(pairing, R.helped, helped, prov)
    graph.add_edge(helper, R.pairedWith, helped, prov, kind=kind)
    return pairing
