"""Pairings stated in titles and sentences, and a document's helper/helped
sides (loaders/facts/pairing_prose.py). Fragments written here: counties real,
schools, hospitals, companies and villages invented."""
from __future__ import annotations

from fragments import build
from loaders.build import place_in
from loaders.graph import Graph
from loaders.facts.pairing import is_generic
from loaders.facts.region_pairs import document_sides, region_pairs
from ontology.vocab import C, R


def pairings(graph: Graph) -> set[tuple[str, str, str]]:
    def side(node: str, rel: R) -> str:
        dst = next(e.dst for e in graph.edges.values() if e.src == node and e.rel is rel)
        return graph.nodes[dst].name
    return {(n.name, side(n.id, R.helper), side(n.id, R.helped))
            for n in graph.nodes.values() if n.cls is C.Pairing}


def names(divisions) -> list[str]:
    return [d.name for d in divisions]


def test_region_verbs_and_lists_of_helped_places() -> None:
    found = region_pairs("厦门市对口帮扶临夏县、和政县和康乐县，推动协作走深走实")
    assert [(h.name, names(x)) for _, _, h, x in found] == [("厦门市", ["临夏县", "和政县", "康乐县"])]
    found = region_pairs("持续深化天津市河东区对口支援会宁县工作")
    assert [(h.name, names(x)) for _, _, h, x in found] == [("河东区", ["会宁县"])]
    found = region_pairs("落实浙江省与四川省东西部协作联席会议部署")
    assert [(h.name, names(x)) for _, _, h, x in found] == [("浙江省", ["四川省"])]


def test_bare_help_and_comparisons_are_no_pairing() -> None:
    assert region_pairs("力度不低于厦门市帮扶临夏县的标准") == []
    # no helper named: the statement gives no pairing (only 定点帮扶 may name a side so)
    assert [h for _, _, h, _ in region_pairs("统筹安排专项资金对口帮扶新城区")] == [None]
    assert document_sides("", []) == ((), ())


def test_sentence_pairs_of_schools_hospitals_and_companies() -> None:
    text = """会宁县2024年东西部协作工作要点

一、重点任务
1．深化结对。推动天津市河东区第一中学与会宁县第四中学、河东区实验小学与会宁县城关小学开展结对共建，深化天津市河东区人民医院与会宁县人民医院组团式帮扶。（县教育局负责）
2．村企结对。引导企业与我县脱贫村开展村企结对，其中天津青禾食品有限公司与会宁县河畔镇青石村结对共建。（县工商联负责）
3．区县结对。办好“河东区优质学校与会宁县乡村学校”结对项目。落实河东区各街道与我县乡镇结对关系（大王庄街道—河畔镇、向阳楼街道—土门岘镇）。（县乡村振兴局负责）
"""
    found = pairings(build(text))
    assert ("school", "天津市河东区第一中学", "会宁县第四中学") in found
    assert ("school", "河东区实验小学", "会宁县城关小学") in found
    assert ("hospital", "天津市河东区人民医院", "会宁县人民医院") in found
    assert ("enterprise-village", "天津青禾食品有限公司", "青石村") in found
    # a street paired with a town: jurisdiction → jurisdiction
    assert ("district-county", "大王庄街道", "河畔镇") in found
    assert not any("脱贫村" in p[2] or p[1] == "企业" or "学校" in p[1] for p in found)


def test_the_village_of_a_sentence_lies_in_its_township_and_county() -> None:
    graph = build("""会宁县村企结对方案

一、其中天津青禾食品有限公司与会宁县河畔镇青石村结对共建。
""")
    village = next(n for n in graph.nodes.values() if n.cls is C.Village)
    up = [graph.nodes[e.dst].name for e in graph.edges.values() if e.src == village.id and e.rel is R.partOf]
    assert up == ["河畔镇"]


def test_dash_pairs_inside_a_sentence_about_pairing() -> None:
    found = pairings(build("""白银市东西部协作工作要点

一、深化区县结对。落实天津市各区与我市县区结对帮扶关系（河东区—会宁县、河西区—靖远县）。（市乡村振兴局负责）
"""))
    assert ("district-county", "河东区", "会宁县") in found
    assert ("district-county", "河西区", "靖远县") in found


def test_titles_and_citations() -> None:
    # a region pair in the document's title is its own; one in a citation is not
    found = pairings(build("""天津市河东区与会宁县东西部协作结对帮扶工作方案

根据《厦门市对口帮扶临夏县工作方案》，制定本方案。
"""))
    assert found == {("district-county", "河东区", "会宁县")}


def test_document_sides_from_the_title_or_the_first_statement() -> None:
    helpers, helped = document_sides("会宁县2024年东西部协作工作要点", [])
    assert (helpers, helped) == ((), ())
    helpers, helped = document_sides("天津市河东区对口支援会宁县2024年工作方案", [])
    assert (names(helpers), names(helped)) == (["河东区"], ["会宁县"])
    # 定点帮扶 names the helped county though a unit, not a place, helps; no pairing
    helpers, helped = document_sides("江西省某厅定点帮扶遂川县工作计划", [])
    assert (helpers, names(helped)) == ((), ["遂川县"])
    graph = build("""江西省某厅2024年定点帮扶工作计划

结合我厅定点帮扶吉安市遂川县工作实际，制定本计划。
""")
    assert not pairings(graph)


def test_assignments_get_their_side() -> None:
    graph = build("""会宁县2024年东西部协作工作实施方案

为推动天津市河东区对口支援会宁县工作，制定本方案。
一、重点任务
（一）共建产业园区。建设标准化厂房1万平方米。（责任单位：县工信局）
""")
    sides = {e.props.get("side") for e in graph.edges.values() if e.rel is R.responsibleFor}
    assert sides == {"helped"}


def test_generic_names_are_no_side() -> None:
    for name in ("我县脱贫村", "天津企业", "河东区民营企业", "开化县行政村", "厅属单位", "会宁县乡村学校"):
        assert is_generic(name), name
    for name in ("天津青禾食品有限公司", "会宁县人民医院", "青石村"):
        assert not is_generic(name), name
    assert place_in("会宁县") is not None


def test_a_phrase_that_is_no_pair_leaves_no_node() -> None:
    # "2021年—2025年" reads like the A—B of a sentence about 帮扶, but a year is
    # no side of a pair: nothing of it may stay in the graph.
    graph = build("一、工作目标\n加大帮扶资金投入，2021年—2025年，我县安排财政资金支持结对帮扶。\n")
    assert not [n for n in graph.nodes.values() if "2025" in n.name]
    assert not [n for n in graph.nodes.values() if n.cls is C.Pairing]


def test_cooperation_verbs_come_from_the_pairing_vocabulary() -> None:
    from loaders.vocabulary import pairing_words
    words = pairing_words()
    assert "对口合作" in words["verb"] and "定点帮扶" in words["helped"]
    found = region_pairs("为深化天津市河东区对口合作会宁县，制定本要点")
    assert [(h.name, names(x)) for _, _, h, x in found] == [("河东区", ["会宁县"])]
    found = region_pairs("推动河东区与会宁县对口合作走深走实")
    assert [(h.name, names(x)) for _, _, h, x in found] == [("河东区", ["会宁县"])]
    graph = build("会宁县2024年工作要点\n\n为深化天津市河东区对口合作会宁县，制定本要点。\n")
    assert pairings(graph) == {("district-county", "河东区", "会宁县")}


def test_a_side_followed_by_etc_is_the_side_named() -> None:
    found = pairings(build("""会宁县2024年村企结对工作要点

一、重点任务
1．推进村企共建。引导白银青禾种业有限公司与河畔镇青石村等开展村企共建。（县工商联负责）
"""))
    assert ("enterprise-village", "白银青禾种业有限公司", "青石村") in found


def test_classes_of_hospitals_are_no_pair() -> None:
    # a level and a kind (县级医院) is every hospital of that level, not one
    found = pairings(build("""会宁县2024年东西部协作工作要点

一、重点任务
1．深化医疗帮扶。巩固天津市医院与会宁县县级医院“一对一”帮扶关系，河东区人民医院与会宁县人民医院开展组团式帮扶。（县卫健局负责）
"""))
    assert {p for p in found if p[0] == "hospital"} == {
        ("hospital", "河东区人民医院", "会宁县人民医院")}
    assert is_generic("会宁县县级医院") and not is_generic("天津市河东区人民医院")


def test_hospital_helps_hospital_by_a_verb() -> None:
    text = """麻江县2024年东西部协作工作要点

一、重点任务
1．深化医疗帮扶。杭州市余杭区第一人民医院对口帮扶麻江县人民医院，浙江青禾大学附属医院携手帮扶麻江县中医医院、麻江县妇幼保健院，推动远程会诊。（县卫生健康局负责）
2．推进名校帮扶。余杭区实验中学组团式帮扶麻江县第二中学。（县教育局负责）
"""
    found = pairings(build(text))
    assert ("hospital", "杭州市余杭区第一人民医院", "麻江县人民医院") in found
    assert ("hospital", "浙江青禾大学附属医院", "麻江县中医医院") in found
    assert ("hospital", "浙江青禾大学附属医院", "麻江县妇幼保健院") in found
    assert ("school", "余杭区实验中学", "麻江县第二中学") in found
    # a class of hospitals helped is no pairing
    assert not any(kind == "hospital" and "推动" in helper for kind, helper, _ in found)


def test_a_province_stem_before_its_prefecture() -> None:
    found = region_pairs("认真落实河北省对口支援西藏阿里地区工作部署")
    assert [(h.name, names(x)) for _, _, h, x in found] == [("河北省", ["阿里地区"])]
    # a stem alone names no place
    assert region_pairs("河北省对口支援西藏工作") == []


def test_a_second_verb_keeps_the_helper_and_a_named_company_is_no_class() -> None:
    found = region_pairs("海曙区对口帮扶延吉市、对口支援和龙市，推动协作提质增效")
    assert [(h.name, names(x)) for _, _, h, x in found] == [("海曙区", ["延吉市"]), ("海曙区", ["和龙市"])]
    # the helper written again is the next pair's, not one more helped place
    found = region_pairs("海曙区对口帮扶延吉市、海曙区对口支援和龙市")
    assert [(h.name, names(x)) for _, _, h, x in found] == [("海曙区", ["延吉市"]), ("海曙区", ["和龙市"])]
    # 全 opens 全县, 全市 (a class), but also proper names (全兴, 全军乡)
    assert is_generic("全县企业") and is_generic("我厅")
    assert not is_generic("延吉市全兴食品有限公司")


def test_respectively_pairs_the_ith_helper_with_the_ith_helped() -> None:
    found = region_pairs("巩固宁波市海曙区、江北区、镇海区分别结对帮扶延吉市、和龙市、龙井市的关系")
    assert [(h.name, names(x)) for _, _, h, x in found] == [
        ("海曙区", ["延吉市"]), ("江北区", ["和龙市"]), ("镇海区", ["龙井市"])]
    # lists of different lengths say nothing of who helps whom
    found = region_pairs("海曙区、江北区分别结对帮扶延吉市、和龙市、龙井市")
    assert [h for _, _, h, _ in found] == [None]


def test_two_hospital_pairs_in_one_sentence() -> None:
    text = """麻江县2024年东西部协作工作要点

一、重点任务
1．深化医疗帮扶。深化杭州市余杭区第一人民医院对口帮扶麻江县人民医院、杭州市青禾妇女儿童医疗中心对口帮扶麻江县妇幼保健院的组团式帮扶，推动优质资源下沉。（县卫生健康局负责）
"""
    found = {p for p in pairings(build(text)) if p[0] == "hospital"}
    assert found == {("hospital", "杭州市余杭区第一人民医院", "麻江县人民医院"),
                     ("hospital", "杭州市青禾妇女儿童医疗中心", "麻江县妇幼保健院")}


def test_a_helper_before_an_adverb_and_a_verb() -> None:
    # the helper's run of names ends before the words that lead to the verb
    found = region_pairs("洪山区进一步落实结对帮扶新洲区，巩固帮扶成果")
    assert [(h.name, names(x)) for _, _, h, x in found] == [("洪山区", ["新洲区"])]
    found = region_pairs("组织开展结对帮扶新洲区工作")
    assert [h for _, _, h, _ in found] == [None]


def test_a_dash_between_digits_is_a_range_not_a_pair() -> None:
    from loaders.facts.pairing_prose import _unit_pairs
    # 第1-12项 numbers a task of a plan about 结对帮扶: no sides beside its dash
    assert not [p for p in _unit_pairs("组织开展结对帮扶工作（第1-12项）") if p[2] == "第1"]
    found = _unit_pairs("落实结对关系（河东区—会宁县、河西区-靖远县）")
    assert [(left, right) for _, _, left, right in found] == [("河东区", "会宁县"), ("河西区", "靖远县")]


def test_what_can_pair_with_a_helper_that_is_no_place_school_or_hospital() -> None:
    from loaders.facts.pairing import (Side, helps_villages_only, kind_of, may_name_village,
                                       split_place)
    for text in ("青石村", "会宁县河畔镇青石村", "城关社区", "巴音嘎查"):
        assert may_name_village(text) and split_place(text).village, text
    for text in ("工作（第1-12项）", "会宁县人民医院", "河畔镇"):
        assert not may_name_village(text) and not split_place(text).village, text
    company = Side("c", C.Enterprise, "unit")
    assert helps_villages_only(company)
    assert kind_of(company, Side("h", C.MedicalInstitution, "unit")) is None
    assert kind_of(company, Side("v", C.Village, "village")) == "enterprise-village"
    for side in (Side("s", C.School, "unit"), Side("t", C.LocalAuthority, "unit"),
                 Side("d", C.County, "division")):
        assert not helps_villages_only(side)
