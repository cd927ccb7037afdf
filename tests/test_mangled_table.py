"""Tests for the project-list readers (loaders/tables/project_lists.py, stream*.py;
key project lists, 重点项目清单).

Three kinds of test:
* the named rules on short fragments copied from the corpus;
* synthetic tables written here, in the character-per-line and the delimited
  layout, with column orders that differ from the corpus table;
* expected facts of corpus/000_75707890b29a5263.txt, read off the document text.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from loaders import rules
from loaders.tables import project_lists as pl
from loaders.tables import stream as sm
from loaders.tables import stream_shapes as sh
from loaders.tables import stream_split as sp
from loaders.tables.project_lists import find_project_lists, project_grids
from loaders.tables.table import TableRow

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DOC_000 = CORPUS / "000_75707890b29a5263.txt"


def cells_text(row: TableRow) -> dict[str, str]:
    return {col: cell.text for col, cell in row.cells.items()}


def assert_spans(text: str, rows: list[TableRow]) -> None:
    """Every cell's span, with whitespace removed, reads as the cell text."""
    for row in rows:
        for col, cell in row.cells.items():
            raw = text[cell.start:cell.end]
            assert "".join(raw.split()) == cell.text, (row.get("seq"), col, raw)
            assert raw[0] == cell.text[0] and raw[-1] == cell.text[-1]


# ---------------------------------------------------------------------------
# Named rules on corpus fragments.
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("cell, district, street, village", [
    ("新洲区旧街街道王兴寨村", "新洲区", "旧街街道", "王兴寨村"),   # 000, row 9
    ("新洲区辛冲街道浏湖村", "新洲区", "辛冲街道", "浏湖村"),       # 000, row 1
    ("新洲区旧街街道", "新洲区", "旧街街道", None),                 # 000, row 10
    ("新洲区仓埠街", "新洲区", "仓埠街", None),                     # 002, 结对表
    ("黄陂区姚家集街", "黄陂区", "姚家集街", None),                 # 002, 结对表
])
def test_location_chain(cell: str, district: str, street: str, village: str | None) -> None:
    m = sh.LOCATION_RE.fullmatch(cell)
    assert m is not None
    assert (m.group("district"), m.group("street"), m.group("village")) == (district, street, village)


def test_location_rejects_project_text() -> None:
    # A project name or a content sentence is not an administrative chain.
    assert sh._location_match("旧街街农商文旅融合发展运营项目") is None
    assert sh._location_match("民宿、太阳能路灯等观光旅游设施建设") is None


def test_location_prefers_short_district_name() -> None:
    # 000 row 15: the name's last character 升 stands alone on a line, so
    # "升新洲区…" is also a chain; the shorter district must score higher.
    assert sh._score_location("新洲区辛冲街道浏湖村") > sh._score_location("升新洲区辛冲街道浏湖村")


@pytest.mark.parametrize("cell", ["2024年12月", "2025年12月", "2023年底", "2024年6月底前",
                                  "2024.12", "2024年3月-12月"])
def test_deadline_shapes(cell: str) -> None:
    assert sh.DEADLINE_RE.fullmatch(cell)


@pytest.mark.parametrize("cell", ["12月", "区乡村振兴局", "2024年12月区乡村振兴局", "1000株"])
def test_deadline_rejects(cell: str) -> None:
    assert not sh.DEADLINE_RE.fullmatch(cell)


@pytest.mark.parametrize("cell", [
    "区乡村振兴局",                          # 000 row 1
    "区国资局区国资集团区城投公司",          # 000 row 12: three units run together
    "区委党校、区应急局、区住房和城市更新局",  # 000 row 11
    "关山街道",                              # 000 row 13: a street as the unit
    "区水务湖泊局武汉站地区综管办",          # 000 row 28
    "区文旅局洪山经开区管委会",              # 000 row 25
    "市委办公厅、汉口银行",                  # 002 驻村 table
])
def test_units_cell(cell: str) -> None:
    assert sh.UNITS_RE.fullmatch(cell)


@pytest.mark.parametrize("cell", [
    "修建400米排水沟渠。",                   # 000 row 29 content
    "捐赠环卫设施。区乡村振兴局",             # content glued to units
    "2024年12月",
])
def test_units_rejects(cell: str) -> None:
    assert not sh.UNITS_RE.fullmatch(cell)


def test_unit_area_is_a_district() -> None:
    assert sh._score_unit_area("洪山区") == 3
    assert sh._score_unit_area("浏湖村提升泵站设施") is None


def test_cell_reach_keeps_the_cells_that_fit() -> None:
    # The cutter scores no span past cell_reach: a column's cell must stay
    # within it, and the reach stops where the column's shape cannot go on.
    s = "新洲区辛冲街道浏湖村修建400米排水沟渠。区委党校、区应急局、区住房和城市更新局2024年12月"
    units_at = s.index("区委党校")
    assert sh.cell_reach("location", s, 0, len(s)) == s.index("4")  # Han characters only
    assert sh._score_location(s[:len("新洲区辛冲街道浏湖村")]) is not None
    assert sh.cell_reach("name", s, 0, len(s)) == s.index("。")  # no sentence end in a name
    assert sh.cell_reach("units", s, units_at, len(s)) == s.index("2024")
    assert sh._score_units(s[units_at:s.index("2024")]) is not None
    # 修建… does not start like a unit: only an empty units cell fits there.
    assert sh.cell_reach("units", s, s.index("修建"), len(s)) == s.index("修建")
    assert sh.cell_reach("content", s, 0, len(s)) == len(s)  # content takes any text


@pytest.mark.parametrize("col", ["location", "name", "content", "units", "unit_area"])
def test_span_scorer_is_the_cell_score(col: str) -> None:
    # The cutter scores spans of the stream without copying them first; the
    # score must be the column's score of the span's text.
    s = "新洲区旧街街道王兴寨村升新洲区仓埠街区委党校、区应急局捐赠环卫设施。2024年12月"
    score = sh.span_scorer(col)
    for p in range(len(s)):
        for q in range(p, len(s) + 1):
            assert score(s, p, q) == sh._cell_score(col, s[p:q]), (p, q)


def test_longest_location_fits_its_reach() -> None:
    # Every level at its longest: prefecture and county 5 + 3, street 6 + 5, village 6 + 3.
    chain = "甲乙丙丁戊自治州甲乙丙丁戊自治县甲乙丙丁戊己街道办事处甲乙丙丁戊己居委会"
    assert sh._location_match(chain) is not None
    assert sh.cell_reach("location", chain + "乙村", 0, len(chain) + 2) >= len(chain)


@pytest.mark.parametrize("line", ["— 5—", "— 1 —", "- 12 -", "－3－"])
def test_footer(line: str) -> None:
    assert rules.PAGE_FOOTER.match("".join(line.split()))


def test_footer_not_a_dash_in_content() -> None:
    # 000 row 18 has "井关东风牌——耕田地机械。" with the dashes on lines of their own.
    assert not rules.PAGE_FOOTER.match("——")
    text = "井关东风牌\n—\n—\n耕田地机械。\n\n— 5 —\n"
    footers = pl._footer_offsets(text)
    assert text.index("— 5 —") in footers
    assert text.index("—") not in footers


def test_header_of_corpus_table() -> None:
    s = "序号区（单位）项目名称项目所在区/街（乡）/村项目内容责任单位时限1洪山区"
    h = sm._header_at(s, 0)
    assert h is not None
    assert h.cols == ("seq", "unit_area", "name", "location", "content", "units", "deadline")
    assert s[h.end:] == "1洪山区"


@pytest.mark.parametrize("header", [
    "序号派出单位派驻村",            # 002: village assignment, not a project list
    "级次预算单位项目名称预算数",    # 002: budget table
    "序号工作事项具体内容",          # 001: work plan
    "序号洪山区建始县",              # 001: pairing table
])
def test_other_tables_are_not_project_lists(header: str) -> None:
    assert sm._header_at(header, 0) is None


def test_row_number_rules() -> None:
    # In "2、95mm²" (000 row 1 content) the 2 enumerates, it does not start row 2;
    # after "…2024年12月" (a deadline) "2洪山区" does.
    s = "1洪山区项目新洲区辛冲街道浏湖村1、铺设850m；2、95mm²。区乡村振兴局2024年12月2洪山区项目"
    st = sm._Stream(s, tuple(range(len(s))), frozenset(), tuple(0 for _ in s))
    cols = ("seq", "unit_area", "name", "location", "content", "units", "deadline")
    assert sp._next_row_start(st, cols, 2, 1) == s.index("2洪山区")
    assert not sh._starts_like("unit_area", s, s.index("、95") )
    assert sh._ends_like("deadline", s, s.index("2洪山区"))


# ---------------------------------------------------------------------------
# Synthetic tables.
# ---------------------------------------------------------------------------
def shard(*visual_lines: str) -> list[str]:
    """Lay out visual lines the way the PDF tool did: one or two characters a
    line, and a blank line after each visual line."""
    out: list[str] = []
    for vl in visual_lines:
        i, width = 0, 1
        while i < len(vl):
            out.append(vl[i:i + width])
            i, width = i + width, 3 - width
        out.append("")
    return out


STREAM_HEADER = shard("序 号", "项目名称", "实施地点", "建设内容", "牵头单位", "完成时限")
STREAM_TABLE = "\n".join(
    ["这是正文的最后一段，附件列出了本年度的重点项目，请各单位抓好落实。", ""]
    + shard("附件 2", "某县2025年乡村振兴", "重点项目清单")
    + STREAM_HEADER
    + shard("1", "茶叶加工厂改造", "建始县高坪镇", "望坪村", "改造厂房600平方米，",
            "购置揉捻机4台。", "县农业农村局", "2025年6月底")
    + shard("2", "村组道路硬化", "建始县花坪镇", "硬化村组道路", "3公里，宽3.5米。",
            "县交通运输局", "县财政局", "2025年10月")
    + ["— 7 —"] + STREAM_HEADER
    + shard("3", "饮水安全巩固提升", "建始县业州街道", "三里社区", "1、新建蓄水池2口；",
            "2、铺设管网3000米。", "业州街道", "2025年底")
    + ["二、下一部分的正文在表格之后重新开始，这一行是一整行的文字内容。", ""]
)


def test_stream_table_other_column_order() -> None:
    rows = find_project_lists(STREAM_TABLE)
    assert [r.get("seq") for r in rows] == ["1", "2", "3"]
    assert {r.table for r in rows} == {"某县2025年乡村振兴重点项目清单"}
    assert cells_text(rows[0]) == {
        "seq": "1", "name": "茶叶加工厂改造", "location": "建始县高坪镇望坪村",
        "district": "建始县", "street": "高坪镇", "village": "望坪村",
        "content": "改造厂房600平方米，购置揉捻机4台。", "units": "县农业农村局",
        "deadline": "2025年6月底"}
    # No village; a number at the start of a visual line inside the content.
    assert cells_text(rows[1])["content"] == "硬化村组道路3公里，宽3.5米。"
    assert "village" not in rows[1].cells
    assert rows[1].get("units") == "县交通运输局县财政局"
    # After a page footer and a repeated header.
    assert (rows[2].get("street"), rows[2].get("village")) == ("业州街道", "三里社区")
    assert rows[2].get("units") == "业州街道" and rows[2].get("deadline") == "2025年底"
    assert_spans(STREAM_TABLE, rows)


def test_stream_table_location_last() -> None:
    # Deadline in the middle and location as the last column: rows are found
    # by numbers at line breaks and the shape of the column after 序号.
    text = "\n".join(
        shard("重点项目清单")
        + shard("序号", "项目名称", "完成时限", "责任单位", "项目所在地")
        + shard("1", "光伏电站建设", "2024年12月", "市发改委", "某某县城关镇", "东岳村")
        + shard("2", "冷链物流中心", "2025年6月", "市商务局", "某某县茅田乡"))
    rows = find_project_lists(text)
    assert [cells_text(r) for r in rows] == [
        {"seq": "1", "name": "光伏电站建设", "location": "某某县城关镇东岳村",
         "district": "某某县", "street": "城关镇", "village": "东岳村",
         "units": "市发改委", "deadline": "2024年12月"},
        {"seq": "2", "name": "冷链物流中心", "location": "某某县茅田乡",
         "district": "某某县", "street": "茅田乡", "units": "市商务局",
         "deadline": "2025年6月"}]
    assert_spans(text, rows)


def test_stream_table_with_investment_column() -> None:
    # A column the loader does not output (总投资) still keeps the cell order,
    # and a unit note between caption and header is not part of the caption.
    text = "\n".join(
        shard("附件", "某区2023年东西部协作", "项目清单", "单位：万元")
        + shard("序号", "县（市、区）", "项目名称", "建设内容及规模", "总投资（万元）",
                "责任单位", "完成时限")
        + shard("1", "来凤县", "万亩油茶基地", "新造油茶林1000亩。", "350", "县林业局", "2023年底")
        + shard("2", "鹤峰县", "村级光伏电站", "建设光伏电站1座。", "120.5", "县发改局",
                "2023年9月"))
    rows = find_project_lists(text)
    assert [r.table for r in rows] == ["某区2023年东西部协作项目清单"] * 2
    assert [cells_text(r) for r in rows] == [
        {"seq": "1", "unit_area": "来凤县", "name": "万亩油茶基地",
         "content": "新造油茶林1000亩。", "units": "县林业局", "deadline": "2023年底"},
        {"seq": "2", "unit_area": "鹤峰县", "name": "村级光伏电站",
         "content": "建设光伏电站1座。", "units": "县发改局", "deadline": "2023年9月"}]
    assert_spans(text, rows)


TAB_TABLE = "\n".join([
    "附件1：某市2024年结对帮扶重点项目清单",
    "序号\t项目名称\t完成时限\t责任单位\t建设地点\t建设内容",
    "一、高坪镇（2个）",
    "1\t茶园提质增效\t2024年11月\t市农业农村局、县茶叶局\t建始县高坪镇石垭子村\t改造低产茶园500亩。",
    "2\t村级服务中心\t2024年底\t市民政局\t建始县高坪镇\t新建服务中心1处。",
    "— 3 —",
    "序号\t项目名称\t完成时限\t责任单位\t建设地点\t建设内容",
    "3\t产业路建设\t2024年12月\t\t建始县花坪镇唐坝子社区\t硬化产业路2公里。",
    "",
    "二、保障措施。各单位要加强组织领导。",
])


def test_tab_table_other_column_order() -> None:
    rows = find_project_lists(TAB_TABLE)
    assert [r.get("seq") for r in rows] == ["1", "2", "3"]
    assert rows[0].table == "某市2024年结对帮扶重点项目清单"
    assert cells_text(rows[0]) == {
        "seq": "1", "name": "茶园提质增效", "location": "建始县高坪镇石垭子村",
        "district": "建始县", "street": "高坪镇", "village": "石垭子村",
        "content": "改造低产茶园500亩。", "units": "市农业农村局、县茶叶局",
        "deadline": "2024年11月"}
    assert rows[0].heading is not None and rows[0].heading.text == "一、高坪镇（2个）"
    assert "units" not in rows[2].cells  # empty tab cell
    assert rows[2].get("village") == "唐坝子社区"
    assert_spans(TAB_TABLE, rows)


def test_space_separated_table() -> None:
    text = "\n".join([
        "重点项目清单",
        "序 号    项目名称      项目内容          责任单位      时限",
        "1        村湾环境整治  清理沟渠3000米。  区城管局      2024年12月",
        "2        农产品展销    举办展销会2场。   区商务局      2024年10月",
    ])
    rows = find_project_lists(text)
    assert [cells_text(r) for r in rows] == [
        {"seq": "1", "name": "村湾环境整治", "content": "清理沟渠3000米。",
         "units": "区城管局", "deadline": "2024年12月"},
        {"seq": "2", "name": "农产品展销", "content": "举办展销会2场。",
         "units": "区商务局", "deadline": "2024年10月"}]
    assert_spans(text, rows)


def test_no_table_in_prose() -> None:
    text = (CORPUS / "003_289782a075fc321e.txt").read_text(encoding="utf-8")
    assert find_project_lists(text) == []


# ---------------------------------------------------------------------------
# Expected facts of corpus/000_75707890b29a5263.txt, read off the document
# (table 附件 洪山区2024年对口帮扶新洲区重点项目清单, from line 218 on).
# name, (district, street, village), units as written, deadline.
# ---------------------------------------------------------------------------
EXPECTED_000 = {
    1: ("浏湖村提升泵站设施配套项目", ("新洲区", "辛冲街道", "浏湖村"), "区乡村振兴局", "2024年12月"),
    10: ("旧街街农商文旅融合发展运营项目", ("新洲区", "旧街街道", None), "区乡村振兴局", "2024年12月"),
    11: ("农村休闲农场建设", ("新洲区", "辛冲街道", "龙岗村"),
         "区委党校、区应急局、区住房和城市更新局", "2024年12月"),
    12: ("菌菇种植及村湾人居环境提升", ("新洲区", "辛冲街道", "上塘村"),
         "区国资局区国资集团区城投公司", "2024年12月"),
    13: ("油茶基地建设", ("新洲区", "辛冲街道", "邢榨村"), "关山街道", "2024年12月"),
    15: ("农村水利基础设施建设及村湾人居环境提升", ("新洲区", "辛冲街道", "浏湖村"),
         "区商务局区国资公司", "2024年12月"),
    18: ("农机产品购买建设工程", ("新洲区", "旧街街道", "戴湾村"),
         "区发改局区财政局、区卫健局", "2024年12月"),
    19: ("产业发展及公共设施建设", ("新洲区", "旧街街道", "新集村"),
         "区司法局区市场监管局", "2025年12月"),
    20: ("关爱行，深入乡村绿色行动", ("新洲区", "旧街街道", "三河口村"), "狮子山街道", "2024年12月"),
    24: ("美丽乡村建设及村湾人居环境提升", ("新洲区", "旧街街道", "旧街村"),
         "区经信和科创局区退役军人事务局区科投集团", "2024年12月"),
    25: ("产业发展", ("新洲区", "旧街街道", "姚河村"), "区文旅局洪山经开区管委会", "2024年12月"),
    27: ("土地整治", ("新洲区", "旧街街道", "寨岗村"), "洪山街道", "2024年12月"),
    28: ("虾稻种植", ("新洲区", "旧街街道", "熊畈村"), "区水务湖泊局武汉站地区综管办", "2024年12月"),
    29: ("基础水利设施建设", ("新洲区", "旧街街道", "狮子岩村"),
         "区城管执法局区住房和城市更新局", "2024年12月"),
}

EXPECTED_CONTENT_000 = {
    1: "1、铺设1.0MPa-SDR17-200*11.9塑料管850m；2、95mm²带铠电缆750m；"
       "3、UPVC-50电缆保护管750m；4、DN200螺纹阀门6个。",
    10: "民宿、太阳能路灯等观光旅游设施建设，观光车辆的购置。",
    18: "井关东风牌——耕田地机械。",
    20: "1、狮子山街道人大代表为三河口村捐赠农科院优质梨树树苗1000株；2、捐赠环卫设施。",
    27: "帮扶寨岗村进行撂荒地整治，便于土地流转，实现粮食增产，农户增收。",
    29: "修建400米排水沟渠。",
}


@pytest.fixture(scope="module")
def doc_000() -> tuple[str, list[TableRow]]:
    text = DOC_000.read_text(encoding="utf-8")
    return text, find_project_lists(text)


def test_000_rows_and_caption(doc_000: tuple[str, list[TableRow]]) -> None:
    _, rows = doc_000
    assert len(rows) == 29
    assert [r.get("seq") for r in rows] == [str(n) for n in range(1, 30)]
    assert {r.table for r in rows} == {"洪山区2024年对口帮扶新洲区重点项目清单"}
    assert {r.get("unit_area") for r in rows} == {"洪山区"}


@pytest.mark.parametrize("seq", sorted(EXPECTED_000))
def test_000_expected_row(doc_000: tuple[str, list[TableRow]], seq: int) -> None:
    _, rows = doc_000
    row = rows[seq - 1]
    name, (district, street, village), units, deadline = EXPECTED_000[seq]
    assert row.get("name") == name
    assert row.get("location") == district + street + (village or "")
    assert (row.get("district"), row.get("street")) == (district, street)
    if village is None:
        assert "village" not in row.cells
    else:
        assert row.get("village") == village
    assert row.get("units") == units
    assert row.get("deadline") == deadline
    if seq in EXPECTED_CONTENT_000:
        assert row.get("content") == EXPECTED_CONTENT_000[seq]


def test_000_every_row_complete(doc_000: tuple[str, list[TableRow]]) -> None:
    text, rows = doc_000
    for row in rows:
        assert re.fullmatch(r"\d{4}年\d{1,2}月", row.get("deadline")), row.get("seq")
        for col in ("unit_area", "name", "location", "district", "street", "content", "units"):
            assert row.get(col), (row.get("seq"), col)
        # Cells follow the header order in the text.
        order = [row.cells[c].start for c in ("seq", "unit_area", "name", "location",
                                              "content", "units", "deadline")]
        assert order == sorted(order)
    assert_spans(text, rows)
    starts = [r.start for r in rows]
    assert starts == sorted(starts) and starts[0] > text.index("重点项目清单")


def test_000_same_facts_without_blank_lines(doc_000: tuple[str, list[TableRow]]) -> None:
    # Another PDF tool may not leave blank lines between visual lines; the
    # shapes alone must then find the same cells.
    text, rows = doc_000
    squeezed = re.sub(r"\n\s*\n", "\n", text)
    again = find_project_lists(squeezed)
    assert [cells_text(r) for r in again] == [cells_text(r) for r in rows]
    assert_spans(squeezed, again)


def test_single_space_rows() -> None:
    # One row per line with single spaces between cells: not a delimited
    # table (a single space also occurs inside cells), read as a stream where
    # the spaces are the layout gaps.
    text = "\n".join([
        "附件：某区2024年帮扶项目清单",
        "序号 项目名称 项目所在地 项目内容 责任单位 完成时限",
        "1 产业路建设 某某县桥头镇新桥村 硬化产业路2公里。 区交通局 2024年9月",
        "2 冷库建设 某某县桥头镇 新建冷库1座。 区商务局、区农业农村局 2024年底",
        "各单位要按照时间节点推进项目建设，确保按期完成各项任务，这是正文。",
    ])
    rows = find_project_lists(text)
    assert [r.table for r in rows] == ["某区2024年帮扶项目清单"] * 2
    assert [(r.get("name"), r.get("village"), r.get("units"), r.get("deadline")) for r in rows] == [
        ("产业路建设", "新桥村", "区交通局", "2024年9月"),
        ("冷库建设", "", "区商务局、区农业农村局", "2024年底")]
    assert_spans(text, rows)


def test_grid_roles_from_the_column_vocabulary() -> None:
    # The project list is a Grid: its header labels as written, each with its
    # role from ontology/data/columns.csv and roles.csv.
    text = "\n".join([
        "某区帮扶项目清单",
        "序号\t项目名称\t项目所在区/街（乡）/村\t项目内容\t责任单位\t时限",
        "1\t茶园改造\t某某县桥头镇新桥村\t改造茶园100亩。\t区农业农村局\t2024年9月",
    ])
    (grid,) = project_grids(text)
    assert grid.roles == ["seq", "project", "town", "content", "responsible", "deadline"]
    assert [c.text if c else None for c in grid.rows[0].cells][1:3] == ["茶园改造", "某某县桥头镇新桥村"]
    assert pl.place_parts("某某县桥头镇新桥村") == {
        "district": "某某县", "street": "桥头镇", "village": "新桥村"}
