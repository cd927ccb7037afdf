"""Pairing and dispatch lists read as Grids (loaders/facts/place_grids.py,
loaders/facts/dispatch_grids.py): columns by role, places from the row, its
heading or caption, never from the helper's district.

The fragments are written here; villages, companies and most units are
invented, counties are real so the gazetteer knows them.
"""
from __future__ import annotations

from pathlib import Path

from loaders.build import build_document, place_in
from loaders.graph import Graph
from loaders.facts.place_grids import group_heading
from loaders.reading.read import RawDocument
from loaders.tables.table import Cell
from loaders.names.units import Context
from ontology.vocab import C, R


def build(text: str) -> Graph:
    graph = Graph()
    build_document(RawDocument("t.txt", Path("t.txt"), text), graph)
    return graph


def _out(graph: Graph, src: str, rel: R) -> list[str]:
    return [e.dst for e in graph.edges.values() if e.src == src and e.rel is rel]


def _chain(graph: Graph, node: str) -> list[str]:
    """A place and the places above it, by name."""
    names = [graph.nodes[node].name]
    while up := _out(graph, node, R.partOf):
        node = up[0]
        names.append(graph.nodes[node].name)
    return names


def pairings(graph: Graph) -> set[tuple[str, str, str]]:
    out = set()
    for node in graph.nodes.values():
        if node.cls is C.Pairing:
            helper = graph.nodes[_out(graph, node.id, R.helper)[0]].name
            helped = graph.nodes[_out(graph, node.id, R.helped)[0]].name
            out.add((node.name, helper, helped))
    return out


def dispatches(graph: Graph) -> dict[str, dict]:
    out = {}
    for node in graph.nodes.values():
        if node.cls is not C.Dispatch:
            continue
        village = _out(graph, node.id, R.village)[0]
        units = sorted((e.props.get("position"), graph.nodes[e.dst].name) for e in graph.edges.values()
                       if e.src == node.id and e.rel is R.dispatchingUnit)
        lead = [graph.nodes[u].name for u in _out(graph, node.id, R.leadUnit)]
        captain = [graph.nodes[u].name for u in _out(graph, node.id, R.captainUnit)]
        out[graph.nodes[village].name] = {"places": _chain(graph, village)[:3],
                                          "units": [u for _, u in units],
                                          "lead": lead, "captain": captain}
    return out


PAIRING_LIST = """会宁县2024年东西部协作工作方案

一、重点任务
（一）深化结对。推动各方结对帮扶。

附件
海淀区与会宁县结对帮扶名单
序号\t受援村\t帮扶单位\t所在乡镇
1\t青石村\t甘家口街道\t河畔镇
2\t红柳村\t北京青禾种业有限公司
3\t白杨村\t海淀区教育委员会\t土门岘镇
"""


def test_pairing_columns_by_role_and_places_from_the_row() -> None:
    graph = build(PAIRING_LIST)
    found = pairings(graph)
    assert ("street-village", "甘家口街道", "青石村") in found
    # the company and the bureau are not territorial: 村企结对 / 单位包村
    assert ("enterprise-village", "北京青禾种业有限公司", "红柳村") in found
    assert ("enterprise-village", "海淀区教育委员会", "白杨村") in found
    # the caption states the region pairing too
    assert ("district-county", "海淀区", "会宁县") in found
    assert len(found) == 4


def test_helped_village_lies_in_the_helped_county_and_shares_a_merged_town() -> None:
    graph = build(PAIRING_LIST)
    villages = {n.name: n.id for n in graph.nodes.values() if n.cls is C.Village}
    assert _chain(graph, villages["青石村"])[:3] == ["青石村", "河畔镇", "会宁县"]
    # row 2 leaves 所在乡镇 empty: the cell above is merged over it
    assert _chain(graph, villages["红柳村"])[:3] == ["红柳村", "河畔镇", "会宁县"]
    assert "海淀区" not in _chain(graph, villages["白杨村"])


COUNTY_COLUMN = """附件
山海协作村企结对安排表
序号\t结对县\t帮扶单位\t受援村
1\t会宁县\t海淀区学院路街道\t河畔镇青石村
2\t会宁县\t北京禾丰农业有限公司\t土门岘镇白杨村
"""


def test_a_helped_county_column_qualifies_the_village_it_stands_beside() -> None:
    graph = build(COUNTY_COLUMN)
    found = pairings(graph)
    assert ("street-village", "海淀区学院路街道", "白杨村") not in found
    assert ("street-village", "海淀区学院路街道", "青石村") in found
    assert ("enterprise-village", "北京禾丰农业有限公司", "白杨村") in found
    villages = {n.name: n.id for n in graph.nodes.values() if n.cls is C.Village}
    assert _chain(graph, villages["青石村"])[:3] == ["青石村", "河畔镇", "会宁县"]


SCHOOLS = """附件
海淀区与会宁县学校结对名单
序号\t海淀区学校\t所在区\t会宁县结对学校
1\t北京市海淀区育英实验学校\t海淀区\t会宁县第五中学
2\t北京市海淀区培星小学\t海淀区\t会宁县东关小学
"""


def test_an_unmarked_school_column_faces_the_helped_one() -> None:
    found = pairings(build(SCHOOLS))
    assert {p for p in found if p[0] == "school"} == {
        ("school", "北京市海淀区育英实验学校", "会宁县第五中学"),
        ("school", "北京市海淀区培星小学", "会宁县东关小学")}
    # 海淀区与会宁县学校结对名单: the regions pair; the schools are no third side
    assert found - {p for p in found if p[0] == "school"} == {("district-county", "海淀区", "会宁县")}


REGIONS = """附件
市县结对关系表
序号\t帮扶方\t受援方
1\t厦门市\t临夏县
2\t泉州市\t和政县
"""


def test_two_jurisdictions_are_a_district_county_pairing() -> None:
    found = pairings(build(REGIONS))
    assert found == {("district-county", "厦门市", "临夏县"), ("district-county", "泉州市", "和政县")}


DISPATCH_COLUMNS = """附件
2024年驻村工作队选派安排表

一、会宁县（2个村）
序号\t驻村地点\t所在乡镇\t派出单位\t队长单位
1\t青石村\t河畔镇\t市财政局和市审计局\t市审计局
2\t红柳村\t土门岘镇\t市林业局、白银禾丰农业有限公司\t市林业局
"""


def test_dispatch_columns_heading_county_and_captain() -> None:
    found = dispatches(build(DISPATCH_COLUMNS))
    assert found["青石村"]["places"] == ["青石村", "河畔镇", "会宁县"]
    assert found["红柳村"]["places"] == ["红柳村", "土门岘镇", "会宁县"]
    assert found["红柳村"]["units"][1] == "白银禾丰农业有限公司"
    assert found["红柳村"]["captain"] and found["红柳村"]["captain"][0].endswith("林业局")
    assert len(found) == 2


DISPATCH_HEADINGS = """附件
驻村工作力量安排一览表
序号\t选派单位\t驻村地点
一、会宁县河畔镇 2 个村（牵头单位：县委办公室）\t\t
1\t县委办公室、县档案馆\t青石村
2\t县财政局\t红柳村
二、会宁县（1个村）（牵头单位：县教育局）\t\t
3\t县教育局\t土门岘镇白杨村
"""


def test_group_headings_give_place_and_lead_to_the_rows_under_them() -> None:
    found = dispatches(build(DISPATCH_HEADINGS))
    assert found["青石村"]["places"] == ["青石村", "河畔镇", "会宁县"]
    assert found["红柳村"]["lead"] == found["青石村"]["lead"] != []
    assert found["青石村"]["lead"][0].endswith("县委办公室")
    # a station cell naming 乡镇+村 gives the township; the heading the county and lead
    assert found["白杨村"]["places"] == ["白杨村", "土门岘镇", "会宁县"]
    assert found["白杨村"]["lead"][0].endswith("教育局")


DISPATCH_TOWN_COLUMN = """会宁县驻镇帮镇扶村工作方案

附件
驻镇帮镇扶村工作队组团帮扶安排表
序号\t帮扶镇\t组团帮扶单位\t驻点村
1\t河畔镇\t县发展改革局、会宁县农村信用合作联社\t青石村
"""


def test_a_column_of_townships_among_the_senders_is_the_row_township() -> None:
    found = dispatches(build(DISPATCH_TOWN_COLUMN))
    assert found["青石村"]["places"] == ["青石村", "河畔镇", "会宁县"]
    assert found["青石村"]["units"][1] == "会宁县农村信用合作联社"
    assert len(found["青石村"]["units"]) == 2


def test_group_heading_forms() -> None:
    context = Context.of(place_in("白银市"))
    group = group_heading(Cell("三、会宁县河畔镇（3个嘎查村）（牵头单位：市委办）", 0, 20), context)
    assert group is not None and group.district.name == "会宁县" and group.street == "河畔镇"
    assert group.lead is not None and group.lead.written == "市委办"
    assert group_heading(Cell("铜仁市2024年市直单位驻村工作队选派安排表", 0, 10), context) is None


GROUPED_PAIRING = """附件
村企结对名单
序号\t结对企业\t结对村
一、会宁县河畔镇\t\t
1\t白银青禾种业有限公司\t青石村
二、会宁县土门岘镇\t\t
2\t白银禾丰农业有限公司\t白杨村
"""


def test_group_headings_place_the_villages_of_a_pairing_list() -> None:
    graph = build(GROUPED_PAIRING)
    assert {p[1:] for p in pairings(graph)} == {("白银青禾种业有限公司", "青石村"),
                                                ("白银禾丰农业有限公司", "白杨村")}
    villages = {n.name: n.id for n in graph.nodes.values() if n.cls is C.Village}
    assert _chain(graph, villages["白杨村"])[:3] == ["白杨村", "土门岘镇", "会宁县"]


UNITS_AGAINST_VILLAGES = """附件
县直单位挂钩帮扶村安排表
序号\t帮扶责任单位\t挂钩村\t所在乡镇
1\t会宁县财政局\t青石村\t河畔镇
"""


def test_a_unit_column_against_villages_is_a_helper_column() -> None:
    found = pairings(build(UNITS_AGAINST_VILLAGES))
    assert found == {("enterprise-village", "会宁县财政局", "青石村")}


def _pad(text: str, width: int) -> str:
    """text padded to a display width, as pdftotext -layout aligns columns."""
    import unicodedata
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * (width - used)


def _layout(*rows: tuple[str, ...], widths=(6, 20, 20, 14, 12)) -> str:
    return "\n".join("".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in rows) + "\n"


# pdftotext -layout: five columns, hospital names wrapped onto the next line,
# a 帮扶方式 column (how they pair) and a 帮扶重点 column the vocabulary does
# not know beside the helper.
HOSPITALS = ("附件2\n\n        海淀区医院与会宁县县级医院结对帮扶表\n\n"
             + _layout(("序号", "海淀区帮扶医院", "会宁县受援医院", "帮扶方式", "帮扶重点"), ("",),
                       ("1", "海淀区康宁医院", "会宁县人民医院", "组团式帮扶", "急诊科"), ("",),
                       ("2", "海淀区仁和骨科医", "会宁县第二人民医", "远程会诊", "骨科"),
                       ("", "院", "院")))


def test_a_column_of_how_they_pair_is_no_part_of_the_helper() -> None:
    found = pairings(build(HOSPITALS))
    assert {p for p in found if p[0] == "hospital"} == {
        ("hospital", "海淀区康宁医院", "会宁县人民医院"),
        ("hospital", "海淀区仁和骨科医院", "会宁县第二人民医院")}


# Two spaces between cells, five columns: the helper's towns stand in a column
# headed by the helper district (海淀区结对街道), the village's township in a
# 受援乡镇 column, and a 结对方式 column says how.
STREETS = """附件2
北京市海淀区街道与会宁县脱贫村结对名单
序号  海淀区结对街道  会宁县受援乡镇  受援村  结对方式
1  学院路街道  河畔镇  青石村  街村结对
2  甘家口街道  土门岘镇  白杨村  街村结对
"""


def test_a_place_column_headed_by_the_helper_district_is_the_helper() -> None:
    graph = build(STREETS)
    found = pairings(graph)
    assert {p for p in found if p[0] == "street-village"} == {
        ("street-village", "学院路街道", "青石村"), ("street-village", "甘家口街道", "白杨村")}
    villages = {n.name: n.id for n in graph.nodes.values() if n.cls is C.Village}
    assert _chain(graph, villages["白杨村"])[:3] == ["白杨村", "土门岘镇", "会宁县"]


# -- helper columns named by kind, level or place; several places in one cell ---------

AID_CITIES = """附件2
山东省对口支援海北州各县安排表
| 援青城市 | 对口支援县（区） | 备注 |
|:---:|:---:|:---|
| 济南市 | 门源回族自治县、祁连县 | 两县合并安排 |
| 青岛市 | 海晏县 |  |
"""


def test_aid_cities_against_counties_with_two_counties_in_one_cell() -> None:
    found = pairings(build(AID_CITIES))
    assert ("district-county", "济南市", "门源回族自治县") in found
    assert ("district-county", "济南市", "祁连县") in found
    assert ("district-county", "青岛市", "海晏县") in found
    # the note column names no side
    assert not any(helped.startswith("两县") for _, _, helped in found)


HELPER_PLACE_HEADER = """商南县2024年苏陕协作工作方案

附件
江宁区街镇与商南县乡镇结对名单
江宁区结对街镇\t商南县结对乡镇\t结对村（社区）
东山街道\t青山镇\t石门村、柳湾村
秣陵街道\t白河镇\t桃源村
"""


def test_a_column_headed_by_the_helpers_place_is_the_helper() -> None:
    graph = build(HELPER_PLACE_HEADER)
    found = pairings(graph)
    assert ("street-village", "东山街道", "石门村") in found
    assert ("street-village", "东山街道", "柳湾村") in found
    assert ("street-village", "秣陵街道", "桃源村") in found
    villages = {n.name: n.id for n in graph.nodes.values() if n.cls is C.Village}
    # the village lies in the helped county's town, never in the helper's district
    assert _chain(graph, villages["柳湾村"])[:3] == ["柳湾村", "青山镇", "商南县"]


INSIDE_HELPER = """商南县2024年东西部协作工作方案

为落实江苏省与陕西省东西部协作部署，制定本方案。

附件
结对帮扶名单
浦口区结对街镇\t结对村\t所在乡镇
江浦街道\t双河村\t青山镇
"""


def test_a_header_place_inside_the_documents_helper_is_the_helper() -> None:
    # no caption names the helper: 浦口区 lies in the document's helper 江苏省
    found = pairings(build(INSIDE_HELPER))
    assert ("street-village", "江浦街道", "双河村") in found


PARTY_COLUMN = """附件2

余杭区结对主体\t结对村\t所在乡镇\t结对方式
仁和街道\t龙潭村\t谷坪镇\t镇村结对
杭州余禾茶业有限公司\t金竹村\t谷坪镇\t村企结对
余杭区农业农村局\t岩口村\t龙洞乡\t单位结对
"""


def test_a_pairing_party_column_without_sequence_column() -> None:
    found = pairings(build(PARTY_COLUMN))
    assert ("street-village", "仁和街道", "龙潭村") in found
    assert ("enterprise-village", "杭州余禾茶业有限公司", "金竹村") in found
    assert ("enterprise-village", "余杭区农业农村局", "岩口村") in found
    # the 结对方式 column is a remark, no side
    assert not any(h.endswith("结对") or x.endswith("结对") for _, h, x in found)


LAYOUT_STREETS = """附件3

         浦口区街镇与旬阳市村结对帮扶名单

  浦口区帮扶街镇     受援村           所属乡镇         帮扶措施

  江浦街道           红岩村           蜀河镇           产业项目、消费帮扶

  桥林街道           庙坪村           棕溪镇           就业帮扶
"""


def test_a_layout_list_of_helping_streets() -> None:
    graph = build(LAYOUT_STREETS)
    found = pairings(graph)
    assert ("street-village", "江浦街道", "红岩村") in found
    assert ("street-village", "桥林街道", "庙坪村") in found
    villages = {n.name: n.id for n in graph.nodes.values() if n.cls is C.Village}
    assert _chain(graph, villages["庙坪村"])[:3] == ["庙坪村", "棕溪镇", "旬阳市"]


def test_caption_sides_after_a_table_label() -> None:
    from loaders.facts.place_grids import caption_sides
    helper, helped, _ = caption_sides("表2　余杭区与麻江县结对帮扶名单（截至2024年3月）")
    assert (helper.name, helped.name) == ("余杭区", "麻江县")


def test_place_parts_splits_lists_but_not_names() -> None:
    from loaders.facts.pairing import place_parts
    assert place_parts("门源回族自治县、祁连县") == ["门源回族自治县", "祁连县"]
    assert place_parts("东岭村和西岭村") == ["东岭村", "西岭村"]
    assert place_parts("城关镇和平村") == ["城关镇和平村"]  # 和平村 in 城关镇
    assert place_parts("") == []


def test_the_units_under_a_department_are_the_helper_column() -> None:
    # 厅属单位 / 县直单位 name the helping units of a 单位包村 list
    text = ("某省农业农村厅定点帮扶工作方案\n一、结对安排\n厅属单位结对帮扶村安排表\n"
            "序号\t厅属单位\t结对帮扶村\t所在乡镇\n"
            "1\t省农业科学院\t青林村\t杏花镇\n"
            "2\t省种子管理站\t白杨村\t杏花镇\n")
    found = pairings(build(text))
    assert ("enterprise-village", "省农业科学院", "青林村") in {(k, h[-6:], v) for k, h, v in found}
    assert len(found) == 2


DISPATCH_TWO_VILLAGES = """附件
会宁县驻村工作队选派名单
序号\t乡镇\t驻村地点\t派出单位\t队长单位
1\t河畔镇\t青石村、红柳村\t县发展改革委、县统计局\t县发展改革委
2\t土门岘镇\t白杨村\t县民政局\t县民政局
"""


def test_two_villages_in_one_station_cell_get_a_dispatch_each() -> None:
    found = dispatches(build(DISPATCH_TWO_VILLAGES))
    assert set(found) == {"青石村", "红柳村", "白杨村"}
    for village in ("青石村", "红柳村"):
        assert found[village]["places"] == [village, "河畔镇", "会宁县"]
        assert found[village]["units"] == ["会宁县发展和改革委员会", "会宁县统计局"]
