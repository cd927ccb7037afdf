"""Pairings stated in sentences in the forms of loaders/facts/pairing_lists.py:
several helpers of one helped (共同), passive (由…结对帮扶), directed (A对B实行…),
与…结成…对子, a —— list under an introducing line, and 、-lists of 与 pairs.
Fragments written here: counties and districts real, towns, villages,
schools, hospitals and companies invented."""
from __future__ import annotations

from fragments import build
from loaders.graph import Graph
from ontology.vocab import C, R


def pairings(graph: Graph) -> set[tuple[str, str, str]]:
    """(kind, helper, helped); a helped village as 村@its township."""
    def target(node: str, rel: R) -> str:
        return next(e.dst for e in graph.edges.values() if e.src == node and e.rel is rel)

    def name(node: str) -> str:
        n = graph.nodes[node]
        if n.cls is not C.Village:
            return n.name
        return f"{n.name}@{graph.nodes[target(node, R.partOf)].name}"
    return {(n.name, name(target(n.id, R.helper)), name(target(n.id, R.helped)))
            for n in graph.nodes.values() if n.cls is C.Pairing}


def plan(*paragraphs: str) -> str:
    return "岚皋县2024年结对帮扶工作方案\n\n一、结对安排\n" + "\n".join(
        "　　" + p for p in paragraphs) + "\n"


def test_several_helpers_before_a_joint_word_each_help() -> None:
    found = pairings(build(plan(
        "县交通运输局、县水利局、县林业局三个部门共同联包民主镇红岩村，打造示范村。",
        "县统计局、县审计局共同结对帮扶官元镇石门村。")))
    assert found == {
        ("enterprise-village", "岚皋县交通运输局", "红岩村@民主镇"),
        ("enterprise-village", "岚皋县水利局", "红岩村@民主镇"),
        ("enterprise-village", "岚皋县林业局", "红岩村@民主镇"),
        ("enterprise-village", "岚皋县统计局", "石门村@官元镇"),
        ("enterprise-village", "岚皋县审计局", "石门村@官元镇"),
    }


def test_passive_pairs_name_the_helped_first() -> None:
    found = pairings(build(plan(
        "官元镇团结村由县财政局和县税务局结对帮扶；岚皋县人民医院由汉滨区第一医院结对帮扶。",
        "重点村由多个部门共同帮扶。")))
    assert found == {
        ("enterprise-village", "岚皋县财政局", "团结村@官元镇"),
        ("enterprise-village", "岚皋县税务局", "团结村@官元镇"),
        ("hospital", "汉滨区第一医院", "岚皋县人民医院"),
    }


def test_one_helper_of_places_joined_by_and_or_sharing_a_township() -> None:
    found = pairings(build(plan(
        "县城关中学结对帮扶岚皋县南山中学和岚皋县河口中学。",
        "县农业农村局结对帮扶民主镇马安村、茶园村。")))
    assert found == {
        ("school", "岚皋县城关中学", "岚皋县南山中学"),
        ("school", "岚皋县城关中学", "岚皋县河口中学"),
        ("enterprise-village", "岚皋县农业农村局", "马安村@民主镇"),
        ("enterprise-village", "岚皋县农业农村局", "茶园村@民主镇"),
    }


def test_directed_pairs_and_pairs_formed_with_a_pair_word() -> None:
    found = pairings(build(plan(
        "（三）金融联村。县信用联社对民主镇马安村、官元镇茶园村实行“一社联两村”，"
        "县中医医院与佐龙镇长梁村结成“医村对子”。",
        "学校结对按“一校对一校”开展：县城关中学对岚皋县南山中学，县实验小学对岚皋县河口小学。",
        "县财政局针对佐龙镇长梁村开展调研，县商务局对接官元镇石门村。")))
    assert found == {
        ("enterprise-village", "岚皋县信用联社", "马安村@民主镇"),
        ("enterprise-village", "岚皋县信用联社", "茶园村@官元镇"),
        ("enterprise-village", "岚皋县中医医院", "长梁村@佐龙镇"),
        ("school", "岚皋县城关中学", "岚皋县南山中学"),
        ("school", "岚皋县实验小学", "岚皋县河口小学"),
    }


def test_dash_lines_under_a_line_that_introduces_them() -> None:
    text = """汉滨区 岚皋县镇村结对协议

第二条　镇村结对
　　甲方所属镇与乙方脱贫村开展镇村结对，具体为：
　　汉滨区新城街道——岚皋县民主镇马安村、茶园村；
　　汉滨区大河镇——岚皋县官元镇石门村、佐龙镇长梁村。
　　结对镇每年至少赴结对村对接1次。
"""
    found = pairings(build(text))
    assert found == {
        ("street-village", "汉滨区新城街道", "马安村@民主镇"),
        ("street-village", "汉滨区新城街道", "茶园村@民主镇"),
        ("street-village", "汉滨区大河镇", "石门村@官元镇"),
        ("street-village", "汉滨区大河镇", "长梁村@佐龙镇"),
    }


def test_a_list_of_joined_pairs_pairs_each_item_only() -> None:
    text = """结对帮扶协议

　　海淀区与阜平县、海淀区与涞源县、朝阳区与丰宁满族自治县建立县（区）结对关系。
"""
    found = {(h, d) for _, h, d in pairings(build(text))}
    assert found == {("海淀区", "阜平县"), ("海淀区", "涞源县"), ("朝阳区", "丰宁满族自治县")}


def test_a_class_of_companies_and_of_villages_is_no_side() -> None:
    found = pairings(build(plan("组织县内规模以上企业与经济薄弱村结对，名单见附件。")))
    assert found == set()


def dispatches(graph: Graph) -> set[tuple[str, tuple[str, ...]]]:
    """(村@its township, the dispatching units in order) of every dispatch."""
    out = set()
    for node in graph.nodes.values():
        if node.cls is not C.Dispatch:
            continue
        village = next(e.dst for e in graph.edges.values() if e.src == node.id and e.rel is R.village)
        town = next(e.dst for e in graph.edges.values() if e.src == village and e.rel is R.partOf)
        units = sorted((e.props.get("position"), graph.nodes[e.dst].name) for e in graph.edges.values()
                       if e.src == node.id and e.rel is R.dispatchingUnit)
        out.add((f"{graph.nodes[village].name}@{graph.nodes[town].name}", tuple(u for _, u in units)))
    return out


def test_dispatches_stated_in_sentences() -> None:
    text = """岚皋县关于公布驻村第一书记选派名单的通知

一、选派安排
　　陕西省财政厅向民主镇马安村、陕西省水利厅向官元镇石门村各选派第一书记1名；安康市税务局向佐龙镇长梁村选派第一书记，工作队员由岚皋县税务局选派。
　　安康市交通运输局继续派驻工作队到蔺河镇桥亭村驻村帮扶，第一书记由该局选派。
　　全县共向15个村选派驻村工作队，持续向重点乡村选派第一书记。
"""
    assert dispatches(build(text)) == {
        ("马安村@民主镇", ("陕西省财政厅",)),
        ("石门村@官元镇", ("陕西省水利厅",)),
        ("长梁村@佐龙镇", ("安康市税务局", "岚皋县税务局")),
        ("桥亭村@蔺河镇", ("安康市交通运输局",)),
    }


def test_a_unit_a_later_clause_adds_is_quoted_from_that_clause() -> None:
    text = ("岚皋县关于公布驻村第一书记选派名单的通知\n\n一、选派安排\n"
            "　　安康市税务局向佐龙镇长梁村选派第一书记，工作队员由岚皋县税务局选派。\n")
    graph = build(text)
    quotes = {graph.nodes[e.dst].name: e.prov.quote for e in graph.edges.values()
              if e.rel is R.dispatchingUnit}
    assert quotes == {"安康市税务局": "安康市税务局向佐龙镇长梁村",
                      "岚皋县税务局": "工作队员由岚皋县税务局选派"}
