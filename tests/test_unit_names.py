"""Unit names: lists split on 和/及/与 only between units, vertically managed
units kept whole, autonomous divisions in one spelling, and names qualified by
旗 / 自治区 / the issuing department or town. Fragments are invented."""
from __future__ import annotations

from pathlib import Path

import pytest

from loaders.build import build_document
from loaders.names.gazetteer import gazetteer
from loaders.graph import Graph
from loaders.reading.read import RawDocument
from loaders.names.units import Context, issuing_unit, parse_units
from ontology.vocab import C, R

HUINING = Context.of(gazetteer().lookup("会宁县"))          # 白银市会宁县 (甘肃)
BAIYIN = Context.of(gazetteer().lookup("白银市"))
YICHANG = Context.of(gazetteer().lookup("宜昌市"))
DALATE = Context.of(gazetteer().lookup("达拉特旗"))         # 鄂尔多斯市 (内蒙古)
GUANGXI = Context.of(gazetteer().lookup("广西壮族自治区"))
HUBEI = Context.of(gazetteer().lookup("湖北省"))


def names(text: str, context: Context) -> list[str]:
    return [u.name for u in parse_units(text, context)]


# -- 和 / 及 / 与 between units, never inside one name --------------------------

@pytest.mark.parametrize("written,expected", [
    ("县民政局和县教育局", ["会宁县民政局", "会宁县教育局"]),
    ("县妇联和各村", ["会宁县妇联", "会宁县各村"]),
    ("县统计局及县档案馆", ["会宁县统计局", "会宁县档案馆"]),
    ("县委宣传部与县委网信办", ["会宁县委宣传部", "会宁县委网信办"]),
    ("县委办和县政府办", ["会宁县委办", "会宁县政府办"]),
    ("县水务局和相关乡镇", ["会宁县水务局", "会宁县相关乡镇"]),
    ("县教育局及会宁一中", ["会宁县教育局", "会宁一中"]),
])
def test_joiner_between_two_units_splits(written: str, expected: list[str]) -> None:
    assert names(written, HUINING) == expected


@pytest.mark.parametrize("written", [
    "县自然资源和规划局", "县住房和城乡建设局", "县人力资源和社会保障局", "县文化和旅游局",
    "县工业和信息化局", "县林业和草原局", "县发展和改革局",
])
def test_joiner_inside_one_name_does_not_split(written: str) -> None:
    assert names(written, HUINING) == ["会宁县" + written[1:]]


def test_a_joiner_never_starts_or_ends_a_name() -> None:
    # 和 before a county named 和县 (安徽) is still a joiner between two bureaus
    units = names("县科技局和县农业农村局、县人力资源和社会保障局及各乡镇", HUINING)
    assert units == ["会宁县科技局", "会宁县农业农村局", "会宁县人力资源和社会保障局", "会宁县各乡镇"]
    assert not any(n.startswith(("和", "及", "与")) or n.endswith(("和", "及", "与")) for n in units)


def test_joiner_before_words_that_are_not_a_unit_does_not_split() -> None:
    # 人民政府 alone is no unit name start: 各县区委和人民政府 is one phrase
    assert len(parse_units("各县区委和人民政府", BAIYIN)) == 1


# -- vertically managed units ----------------------------------------------------

@pytest.mark.parametrize("written,context,name,place", [
    ("国家税务总局会宁县税务局", HUINING, "国家税务总局会宁县税务局", "会宁县"),
    ("市生态环境局会宁分局", HUINING, "白银市生态环境局会宁分局", "会宁县"),
    ("国网会宁县供电公司", HUINING, "国网会宁县供电公司", "会宁县"),
    ("中国邮政集团有限公司会宁县分公司", HUINING, "中国邮政集团有限公司会宁县分公司", "会宁县"),
    ("人行会宁县支行", HUINING, "人行会宁县支行", "会宁县"),
    ("中国人民银行白银市分行", BAIYIN, "中国人民银行白银市分行", "白银市"),
    ("中国农业银行会宁县支行", HUINING, "中国农业银行会宁县支行", "会宁县"),
    ("云南电网有限责任公司红河供电局", Context(), "云南电网有限责任公司红河供电局",
     "红河哈尼族彝族自治州"),
    ("广东电网有限责任公司韶关乳源供电局", Context(), "广东电网有限责任公司韶关乳源供电局",
     "乳源瑶族自治县"),
    ("国家统计局白银调查队", BAIYIN, "国家统计局白银调查队", "白银市"),
])
def test_vertical_unit_stays_whole_and_belongs_to_its_place(
        written: str, context: Context, name: str, place: str) -> None:
    units = parse_units(written, context)
    assert [u.name for u in units] == [name]
    assert units[0].jurisdiction is not None and units[0].jurisdiction.name == place


def test_vertical_unit_in_a_run_and_in_a_joined_list() -> None:
    assert names("县财政局国家税务总局会宁县税务局", HUINING) == ["会宁县财政局", "国家税务总局会宁县税务局"]
    assert names("县发改局及中国农业银行会宁县支行", HUINING) == [
        "会宁县发展和改革局", "中国农业银行会宁县支行"]


def test_a_local_tax_bureau_after_a_local_bureau_is_a_second_unit() -> None:
    # 税务局 continues only a 总局: two county bureaus written back to back stay two
    assert names("县财政局县税务局", HUINING) == ["会宁县财政局", "会宁县税务局"]


# -- autonomous divisions and their short forms ------------------------------------

def test_autonomous_county_short_forms_are_one_division() -> None:
    gaz = gazetteer()
    full = gaz.lookup("长阳土家族自治县")
    assert gaz.lookup("长阳县") == gaz.lookup("长阳自治县") == full is not None
    assert gaz.lookup("鄂伦春旗") == gaz.lookup("鄂伦春自治旗") is not None
    assert gaz.lookup("广西自治区") == gaz.lookup("广西壮族自治区") is not None


def test_autonomous_county_short_forms_give_one_unit() -> None:
    units = parse_units("长阳县财政局、长阳土家族自治县财政局、长阳自治县财政局", YICHANG)
    assert {u.name for u in units} == {"长阳土家族自治县财政局"}
    assert {u.jurisdiction.name for u in units if u.jurisdiction} == {"长阳土家族自治县"}
    assert [u.written for u in units][0] == "长阳县财政局"


def test_short_form_inside_a_vertical_unit_is_written_in_full() -> None:
    assert names("国家税务总局长阳县税务局", YICHANG) == ["国家税务总局长阳土家族自治县税务局"]


def test_a_province_short_name_ending_in_zhou_is_not_rewritten() -> None:
    # 贵州 ends in 州 but is no 州 here: the company's name stays as written
    assert names("贵州电网有限责任公司遵义供电局", Context()) == ["贵州电网有限责任公司遵义供电局"]


# -- prefixes: 旗, 自治区, the issuing department and town ---------------------------

def test_banner_prefixes() -> None:
    assert names("旗财政局、团旗委、旗委组织部、各苏木镇", DALATE) == [
        "达拉特旗财政局", "共青团达拉特旗委", "达拉特旗委组织部", "达拉特旗各苏木镇"]


def test_banner_prefix_needs_a_banner() -> None:
    assert names("旗财政局", HUINING) == ["旗财政局"]


def test_autonomous_region_prefix() -> None:
    assert names("自治区民政厅、自治区党委宣传部", GUANGXI) == [
        "广西壮族自治区民政厅", "广西壮族自治区党委宣传部"]
    assert names("自治区民政厅", HUBEI) == ["自治区民政厅"]  # 湖北省 is no 自治区


def test_names_relative_to_the_issuing_department() -> None:
    hunan = Context.of(gazetteer().lookup("湖南省"), "湖南省水利厅办公室")
    assert names("厅人事处、厅属各单位、厅规划处和厅建设处", hunan) == [
        "湖南省水利厅人事处", "湖南省水利厅属各单位", "湖南省水利厅规划处", "湖南省水利厅建设处"]
    assert names("厅人事处", HUBEI) == ["厅人事处"]  # no department issued it


def test_names_relative_to_the_issuing_town() -> None:
    town = Context.of(gazetteer().lookup("会宁县"), "会宁县柴门镇人民政府")
    assert names("镇财政所、镇文化站、各村", town) == ["柴门镇财政所", "柴门镇文化站", "柴门镇各村"]
    assert names("镇财政所", HUINING) == ["镇财政所"]


@pytest.mark.parametrize("issuer,title,unit", [
    ("", "柴门镇人民政府关于印发《柴门镇产业帮扶方案》的通知", "柴门镇人民政府"),
    ("", "湖南省水利厅2024年定点帮扶工作计划", "湖南省水利厅"),
    ("湖南省水利厅办公室", "关于印发定点帮扶工作计划的通知", "湖南省水利厅办公室"),
    ("", "会宁县2024年东西部协作工作要点", ""),
])
def test_issuing_unit(issuer: str, title: str, unit: str) -> None:
    assert issuing_unit(issuer, title) == unit


def test_a_department_plan_names_its_offices_in_full() -> None:
    text = ("湖南省水利厅2024年定点帮扶工作计划\n"
            "一、重点任务\n"
            "（一）强化水利项目帮扶\n"
            "支持帮扶县建设农村供水工程。（牵头单位：厅规划处；配合单位：厅建设处和厅财务处）\n")
    graph = Graph()
    build_document(RawDocument("plan.txt", Path("plan.txt"), text), graph)
    units = {graph.nodes[e.src].name: e.rel for e in graph.edges.values()
             if graph.nodes[e.src].cls is not C.Document and e.rel in (R.leads, R.cooperatesOn)}
    assert units == {"湖南省水利厅规划处": R.leads, "湖南省水利厅建设处": R.cooperatesOn,
                     "湖南省水利厅财务处": R.cooperatesOn}


# -- group phrases over level words ------------------------------------------------

def test_one_ge_over_two_level_words_is_two_groups() -> None:
    units = parse_units("县财政局，各乡、镇", HUINING)
    assert [(u.written, u.name) for u in units] == [
        ("县财政局", "会宁县财政局"), ("各乡", "会宁县各乡"), ("镇", "会宁县各镇")]
    assert units[2].is_group


def test_level_words_sharing_a_unit_word_are_one_group() -> None:
    gansu = Context.of(gazetteer().lookup("甘肃省"))
    units = parse_units("各市、县（区）人民政府、省扶贫办", gansu)
    assert [u.name for u in units] == ["甘肃省各市、县（区）人民政府", "甘肃省扶贫办"]
    assert units[0].is_group


# -- where each unit stands in its list ----------------------------------------------------

def test_each_unit_starts_where_it_is_written_in_its_list() -> None:
    # the same names at other places in other lists (the units of an item are
    # read once and kept: their offsets must be those of each list)
    for text in ("县财政局、县民政局", "县民政局、县财政局", "县教育局和县民政局、县财政局",
                 "县财政局县民政局、县教育局", "各乡镇、县财政局、县民政局"):
        units = parse_units(text, HUINING)
        assert [text[u.start:u.start + len(u.written)] for u in units] == [u.written for u in units], text
    assert [u.start for u in parse_units("县教育局和县民政局、县财政局", HUINING)] == [0, 5, 10]
