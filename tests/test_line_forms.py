"""Pairings and dispatches written as lines of a list, and a dispatch table's
village written with its town in brackets:
- 受援：A；支援：B、C (each side named after its label: B and C help A);
- 1.A村（B镇）：X（队长）、Y和Z (a dispatch line; （队长） marks the captain's unit);
- a 派驻村（乡镇） cell 甲村（乙镇), and a dispatch table under its own heading
  after a pairing table (two tables, not one).
Fragments written here: 紫阳县 and its towns real; villages, hospitals'
pairings and companies invented."""
from __future__ import annotations

from fragments import build
from loaders.graph import Graph
from ontology.vocab import C, R


def _target(graph: Graph, node: str, rel: R) -> str:
    return next(e.dst for e in graph.edges.values() if e.src == node and e.rel is rel)


def _name(graph: Graph, node: str) -> str:
    """A village as 村@its township, any other node by its name."""
    n = graph.nodes[node]
    if n.cls is not C.Village:
        return n.name
    return f"{n.name}@{graph.nodes[_target(graph, node, R.partOf)].name}"


def pairings(graph: Graph) -> set[tuple[str, str, str]]:
    """(kind, helper, helped)."""
    return {(n.name, _name(graph, _target(graph, n.id, R.helper)),
             _name(graph, _target(graph, n.id, R.helped)))
            for n in graph.nodes.values() if n.cls is C.Pairing}


def dispatches(graph: Graph) -> set[tuple[str, frozenset[str], str]]:
    """(village@town, sending units, captain unit or '')."""
    out = set()
    for n in graph.nodes.values():
        if n.cls is not C.Dispatch:
            continue
        edges = [e for e in graph.edges.values() if e.src == n.id]
        units = frozenset(graph.nodes[e.dst].name for e in edges if e.rel is R.dispatchingUnit)
        captain = next((graph.nodes[e.dst].name for e in edges if e.rel is R.captainUnit), "")
        out.add((_name(graph, _target(graph, n.id, R.village)), units, captain))
    return out


def notice(*lines: str) -> str:
    return "紫阳县2024年帮扶工作安排\n\n一、具体安排\n" + "\n".join(lines) + "\n"


def test_a_line_labelling_both_sides_pairs_each_helper_with_the_helped() -> None:
    found = pairings(build(notice(
        "今年继续开展医院结对，安排如下：",
        "1.受援：紫阳县人民医院；支援：安康市中心医院、安康市中医医院",
        "2.受帮扶：紫阳县妇幼保健院；帮扶：安康市妇幼保健院",
        # one side labelled only: no pair
        "受援：紫阳县中医医院。重点加强急诊科建设。")))
    assert found == {
        ("hospital", "安康市中心医院", "紫阳县人民医院"),
        ("hospital", "安康市中医医院", "紫阳县人民医院"),
        ("hospital", "安康市妇幼保健院", "紫阳县妇幼保健院"),
    }


def test_a_numbered_dispatch_line_names_village_town_units_and_captain() -> None:
    found = dispatches(build(notice(
        "各村驻村工作队派出单位如下（括号内为所在乡镇）：",
        "1.双桥村（蒿坪镇）：县财政局（队长）、县水利局和县林业局",
        "2.红椿村（洞河镇）：县审计局（队长）",
        # a line of the same shape whose items are no units: no dispatch
        "3.金堂村（蒿坪镇）：发展茶叶产业、建设冷链仓库")))
    assert found == {
        ("双桥村@蒿坪镇", frozenset({"紫阳县财政局", "紫阳县水利局", "紫阳县林业局"}),
         "紫阳县财政局"),
        ("红椿村@洞河镇", frozenset({"紫阳县审计局"}), "紫阳县审计局"),
    }


def test_a_dispatch_table_after_a_pairing_table_reads_its_bracketed_towns() -> None:
    graph = build(notice(
        "",
        "二、企业结对村安排",
        "",
        "所在乡镇\t结对村\t结对企业",
        "蒿坪镇\t双桥村\t紫阳茶业有限公司",
        "",
        "三、驻村工作队选派",
        "",
        "序号\t派驻村（乡镇）\t派出单位\t队长单位",
        "1\t红椿村（洞河镇）\t县审计局、紫阳茶业有限公司\t县审计局"))
    assert pairings(graph) == {("enterprise-village", "紫阳茶业有限公司", "双桥村@蒿坪镇")}
    assert dispatches(graph) == {
        ("红椿村@洞河镇", frozenset({"紫阳县审计局", "紫阳茶业有限公司"}), "紫阳县审计局"),
    }
