"""Tests for the demand-list reader (loaders/tables/demand*.py, 对口帮扶工作需求清单).

Three kinds of test:
* the named rules on short fragments copied from corpus/001;
* synthetic tables written here (江岸区·鹤峰县), in the interleaved line
  layout and the tab-separated row layout, checked row by row;
* expected facts of corpus/001_6c9c21c2501f9a44.txt, read off the document
  text and its layout by hand.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from loaders.tables import demand as dm
from loaders.tables import demand_header as dh
from loaders.tables import demand_stream as ds
from loaders.tables import demand_text as dt
from loaders.tables.demand import demand_grids, find_demand_lists
from loaders.tables.table import TableRow

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DOC_001 = CORPUS / "001_6c9c21c2501f9a44.txt"
CORPUS_SIDES = dt.Sides(("洪山区", "建始县"))
UNIT_KEYS = ("lead@洪山区", "resp@洪山区", "lead@建始县", "resp@建始县")


def assert_spans(text: str, rows: list[TableRow]) -> None:
    """Every cell's span, line breaks and the blanks around them removed,
    reads as the cell text; a cell wrapped side by side with its neighbours
    spans their fragments too, so its text must then read in order inside."""
    for row in rows:
        for key, cell in row.cells.items():
            written = re.sub(r"[ \t]*[\r\n]+[ \t]*", "", text[cell.start:cell.end])
            if written != cell.text:
                assert is_subsequence(cell.text, written), (key, cell, written)
                assert written[0] == cell.text[0] and written[-1] == cell.text[-1]


def is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(ch in rest for ch in short)


def units(row: TableRow, keys: tuple[str, ...]) -> tuple[str | None, ...]:
    return tuple(row.cells[k].text if k in row.cells else None for k in keys)


# ------------------------------------------------------------ rule units
class TestHeader:
    FRAGMENT = ("2024 年洪山区·建始县对口帮扶工作需求清单\n序号 工作事项 具体内容\n\n洪山区\n\n牵头单位\n\n"
                "洪山区\n\n责任单位\n\n建始县\n\n牵头单位\n\n建始县\n\n责任单位\n\n1 产业发展\n")

    def test_interleaved_labels_give_side_and_role(self) -> None:
        lines = dh.table_lines(self.FRAGMENT)
        header = dh.read_header(lines, 1)
        assert header is not None
        assert [c.key for c in header.columns] == list(UNIT_KEYS)
        assert dh.body(lines[header.next_line]) == "1 产业发展"
        assert dh.find_caption(lines, 1).text == "2024 年洪山区·建始县对口帮扶工作需求清单"

    def test_two_level_header(self) -> None:
        labels, content = dh.header_labels("序号 工作事项 具体内容 江岸区 鹤峰县")
        assert [c.text for c in content] == ["工作事项", "具体内容"]
        labels += dh.label_tokens("牵头单位 责任单位 牵头单位 责任单位") or []
        assert [c.key for c in dh.columns_from_labels(labels)] == [
            "lead@江岸区", "resp@江岸区", "lead@鹤峰县", "resp@鹤峰县"]

    def test_glued_label_and_side_written_once(self) -> None:
        # 配合单位 is a cooperating column (ontology/data/roles.csv)
        labels = dh.label_tokens("江岸区牵头单位 责任单位 鹤峰县 牵头单位 配合单位") or []
        columns = dh.columns_from_labels(labels)
        assert [c.key for c in columns] == [
            "lead@江岸区", "resp@江岸区", "lead@鹤峰县", "coop@鹤峰县"]
        assert [c.cell.text for c in columns] == [
            "江岸区牵头单位", "江岸区责任单位", "鹤峰县牵头单位", "鹤峰县配合单位"]

    def test_content_labels_and_units_are_not_labels(self) -> None:
        assert dh.label_tokens("序号 工作事项 具体内容") is None
        assert dh.label_tokens("县园林局") is None
        assert dh.label_tokens("1 产业发展") is None

    def test_mention_of_the_list_in_prose_is_no_table(self) -> None:
        # corpus/001 line 280 lists the attachment by name; no header follows.
        text = "附件：1．《协议书》条款内容\n\n2．2024 年洪山区·建始县对口帮扶工作需求清单\n\n3．结对表\n"
        assert find_demand_lists(text) == []


class TestTextRules:
    def test_sentence_end(self) -> None:
        assert dt.ends_sentence("宽就业渠道。")
        assert not dt.ends_sentence("2.共建共享教育培训和现场教学基地。支持建始")

    @pytest.mark.parametrize("fragment", [
        "区乡村振兴局、区城管执",  # broke a word
        "区经信和",
        "县工业园区管委会、",  # ends with 、
        "区工商联，相关",
        "心、区文旅局、洪山经开",
    ])
    def test_open_cells_continue(self, fragment: str) -> None:
        assert dt.is_open(fragment)

    @pytest.mark.parametrize("fragment", [
        "区乡村振兴局、区城管执法局、区商务局", "区委统战部", "团区委", "县公共就业和人才服务中心",
        "相关医疗机构", "县直相关单位、相关乡镇", "区国资局、区供销联社，各街道",
    ])
    def test_complete_cells(self, fragment: str) -> None:
        assert not dt.is_open(fragment)

    @pytest.mark.parametrize("line, expected", [
        ("1 产业发展", ("1", "产业发展")),
        ("2 劳务协作", ("2", "劳务协作")),
        ("500个，全年不低于 2000 个，帮助脱贫劳动力拓", None),
        ("9 个村（社区）的结对帮扶，持续开展", None),
    ])
    def test_category_row(self, line: str, expected: tuple[str, str] | None) -> None:
        m = dt.CATEGORY_RE.match(line)
        assert (m.group(1, 2) if m else None) == expected

    def test_wrapped_category_name(self) -> None:
        assert dt.BARE_NUMBER_RE.match("9")
        for fragment in ("建设用地", "增减挂钩", "和耕地占", "补平衡"):
            assert dt.CATEGORY_FRAGMENT_RE.match(fragment)
        assert not dt.CATEGORY_FRAGMENT_RE.match("支持建始县建设用地增减挂钩指标交易，优先购")

    @pytest.mark.parametrize("line, number", [
        ("1. 继续支持建始县电商冷链物流产业园建设。 区市场监管局", 1),
        ("2.协助招引马应龙药业集团股份有限公司到建", 2),
        ("3、双方加强交流学习", 3),
        ("4．支持组织开展", 4),
        ("500个，全年不低于 2000 个", None),
        ("2.5万元用于", None),
    ])
    def test_item_number(self, line: str, number: int | None) -> None:
        m = dt.ITEM_RE.match(line)
        assert (int(m.group(1)) if m else None) == number

    def test_item_glued_to_a_unit_cell(self) -> None:
        token = "县公共就业和人才服务中心2.为建始籍务工人员提供维权服务，开设绿色就"
        assert dt.cut_glued_item(token, 2) == "县公共就业和人才服务中心"
        assert dt.cut_glued_item(token, 5) == token  # only the next number counts


class TestUnitRules:
    @pytest.mark.parametrize("fragment, side", [
        ("区城管执法局", "洪山区"),
        ("县园林局", "建始县"),
        ("团区委", "洪山区"),
        ("团县委、相关乡镇", "建始县"),
        ("相关街道", "洪山区"),  # 街道 belong to the 区 side
        ("各乡镇", "建始县"),  # 乡镇 to the 县 side
        ("花坪镇", "建始县"),
        ("相关卫生院", "建始县"),
        ("洪山经开区管委会，", "洪山区"),  # named after the place itself
        ("县文旅局、县住建局、花坪镇、高坪镇、龙坪乡、茅田乡", "建始县"),
        ("相关学校", None),  # written on both sides
        ("相关医疗机构", None),
    ])
    def test_side_by_jurisdiction(self, fragment: str, side: str | None) -> None:
        assert CORPUS_SIDES.side_of(fragment) == side

    def test_side_letter_comes_from_the_side_name(self) -> None:
        sides = dt.Sides(("江岸区", "鹤峰县"))
        assert sides.side_of("区商务局") == "江岸区"
        assert sides.side_of("江岸经开区管委会") == "江岸区"
        assert sides.side_of("县商务局") == "鹤峰县"
        # two districts: the prefix 区 no longer tells the side
        assert dt.Sides(("江岸区", "新洲区")).side_of("区商务局") is None

    @pytest.mark.parametrize("fragment, starts", [
        ("区乡村振兴局、区城管执", True),
        ("相关乡镇", True),
        ("花坪镇", True),
        ("团县委", True),
        ("法局、区商务局", False),
        ("科创局", False),
        ("园街道、张家湾街道、青", False),
        ("镇", False),
    ])
    def test_unit_start(self, fragment: str, starts: bool) -> None:
        assert CORPUS_SIDES.starts_unit(fragment) is starts

    def test_item_text_starting_with_a_prefix_is_not_units(self) -> None:
        # item lines of corpus/001 that happen to begin with 区 / 县 / 相关
        for line in ("区企业参与投资建始县生态康养产业和民宿旅",
                     "县组织4期不低于200人次的县乡村三级党政干",
                     "相关培训班、区内“两代表一委员”和党员干部"):
            assert not CORPUS_SIDES.starts_unit_run(line)
            assert not CORPUS_SIDES.is_unit_line(line)

    def test_units_on_the_item_line(self) -> None:
        parser = ds.StreamParser(CORPUS_SIDES)
        line = "5.支持花坪镇黄鹤村养老综合体项目建设。 区民政局 区民政局 县民政局 花坪镇"
        assert line[parser.split_text_units(line):] == "区民政局 区民政局 县民政局 花坪镇"
        glued = "3.支持举办推介会。区商务局 区贸促会 县茶业中心 县商务局"  # no blank after 。
        assert glued[parser.split_text_units(glued):] == "区商务局 区贸促会 县茶业中心 县商务局"
        assert parser.split_text_units("1.巩固拓展两地学校结对共建成果，在现有 6所") is None
        assert parser.split_text_units("2.共建共享教育培训和现场教学基地。支持建始") is None
        assert parser.split_text_units("副产品“832 平台”供应商在汉的推介销售力度。") is None

    def test_lone_cell_listing_several_units_is_the_responsibility(self) -> None:
        cell = dh.Text("县直相关单位、相关乡镇", 0, 11)
        assert set(dm.roles_for_side(["lead@建始县", "resp@建始县"], [cell])) == {"resp@建始县"}
        single = dh.Text("县财政局", 0, 4)  # lead or responsibility? cannot tell
        placed = dm.roles_for_side(["lead@建始县", "resp@建始县"], [single])
        assert all(c is dh.BLOCKED for c in placed.values())


# --------------------------------------------------------- synthetic tables
# Interleaved layout, as a PDF-to-text tool writes it. Written to exercise:
# wrapped cells (broken words, trailing 、/，), several cells on one line,
# a cell glued to the next item, cells wrapped side by side, a repeated page
# header with the category repeated, merged cells written once (covering the
# items after, before, or ambiguously between), a side written only once, a
# lone responsibility cell, and a wrapped category with an unnumbered item.
SYNTHETIC = """\
附件 2

2025 年江岸区·鹤峰县对口帮扶工作需求清单
序号 工作事项 具体内容

江岸区

牵头单位

江岸区

责任单位

鹤峰县

牵头单位

鹤峰县

责任单位

1 产业发展

1. 支持鹤峰县茶叶产业园建设。 区商务局
区发改局、区财政

局、区市场监管局
县商务局

县农业农村局、

各乡镇

2.协助引进茶企到鹤峰县投

资兴业。

区经信

局
区招商服务中心、

江岸经开区管委会
县招商服务中心
县经信局，

走马镇
3.支持举办鹤峰茶叶推介会。 区商务局 区贸促会 县茶业中心 县商务局
4.支持建设茶叶冷链仓储设施。
区经信 区商务局、区财 县经信 县财政局、县商
局 政局 局 务局
2 劳务协作
1.提供就业岗位不少于
300 个。
区人社局 区人社局 县人社局 县就业服务中心2.开展技能培训。
3.加强劳务信息交流。
 序号 工作事项 具体内容
江岸区
牵头单位
江岸区
责任单位
鹤峰县
牵头单位
鹤峰县
责任单位
2 劳务协作
4.开展返乡创业服务。
区人社局 各街道 县人社局 各乡镇
3 民生保障
1.支持鹤峰县学校结对。
2.组织医疗专家到鹤峰县义诊。
区教育局 相关学校 县教育局 相关学校
3.开展关爱留守儿童活动。
4 消费帮扶
1.支持鹤峰县农产品进机关食堂。
区商务局 区国资局 县供销社 县农业农村局、各乡镇
2.支持鹤峰县农产品进学校。 区教育局 区国资局
3.支持鹤峰县农产品进超市。 区商务局 区商务局 县供销社 县农业农村局、各乡镇
4.支持鹤峰县农产品进社区。
区民政局、各街道
县商务局、各乡镇
5
农村
改革
支持鹤峰县深化农村集体产权制度改革
区农业农村局 各街道 县农业农村局 各乡镇
附件 3

结对表
"""
SYN_KEYS = ("lead@江岸区", "resp@江岸区", "lead@鹤峰县", "resp@鹤峰县")
SYN_EXPECTED = [
    ("1", "产业发展", "1. 支持鹤峰县茶叶产业园建设。",
     ("区商务局", "区发改局、区财政局、区市场监管局", "县商务局", "县农业农村局、各乡镇")),
    ("1", "产业发展", "2.协助引进茶企到鹤峰县投资兴业。",
     ("区经信局", "区招商服务中心、江岸经开区管委会", "县招商服务中心", "县经信局，走马镇")),
    ("1", "产业发展", "3.支持举办鹤峰茶叶推介会。", ("区商务局", "区贸促会", "县茶业中心", "县商务局")),
    # cells wrapped side by side: each continuation goes to its own column
    ("1", "产业发展", "4.支持建设茶叶冷链仓储设施。", ("区经信局", "区商务局、区财政局", "县经信局", "县财政局、县商务局")),
    ("2", "劳务协作", "1.提供就业岗位不少于300 个。", ("区人社局", "区人社局", "县人社局", "县就业服务中心")),
    # items 2–3 sit between item 1's cells and item 4's: they may share either
    # merge. The leads agree (区人社局 / 县人社局) so they are theirs either
    # way; the responsibility cells differ, so those are left out.
    ("2", "劳务协作", "2.开展技能培训。", ("区人社局", None, "县人社局", None)),
    ("2", "劳务协作", "3.加强劳务信息交流。", ("区人社局", None, "县人社局", None)),
    ("2", "劳务协作", "4.开展返乡创业服务。", ("区人社局", "各街道", "县人社局", "各乡镇")),
    # a merged cell written at item 2 covers item 1 (nothing above it in the
    # category) and item 3 (nothing below)
    ("3", "民生保障", "1.支持鹤峰县学校结对。", ("区教育局", "相关学校", "县教育局", "相关学校")),
    ("3", "民生保障", "2.组织医疗专家到鹤峰县义诊。", ("区教育局", "相关学校", "县教育局", "相关学校")),
    ("3", "民生保障", "3.开展关爱留守儿童活动。", ("区教育局", "相关学校", "县教育局", "相关学校")),
    ("4", "消费帮扶", "1.支持鹤峰县农产品进机关食堂。", ("区商务局", "区国资局", "县供销社", "县农业农村局、各乡镇")),
    # 鹤峰县 cells missing; the same above and below, so merged
    ("4", "消费帮扶", "2.支持鹤峰县农产品进学校。", ("区教育局", "区国资局", "县供销社", "县农业农村局、各乡镇")),
    ("4", "消费帮扶", "3.支持鹤峰县农产品进超市。", ("区商务局", "区商务局", "县供销社", "县农业农村局、各乡镇")),
    # one cell per side, listing several units: the responsibility cell; the
    # lead is merged from above
    ("4", "消费帮扶", "4.支持鹤峰县农产品进社区。", ("区商务局", "区民政局、各街道", "县供销社", "县商务局、各乡镇")),
    ("5", "农村改革", "支持鹤峰县深化农村集体产权制度改革", ("区农业农村局", "各街道", "县农业农村局", "各乡镇")),
]


@pytest.fixture(scope="module")
def syn_rows() -> list[TableRow]:
    return find_demand_lists(SYNTHETIC)


class TestSyntheticInterleaved:
    def test_row_by_row(self, syn_rows: list[TableRow]) -> None:
        assert len(syn_rows) == len(SYN_EXPECTED)
        for row, (seq, category, item, cells) in zip(syn_rows, SYN_EXPECTED):
            assert row.table == "2025 年江岸区·鹤峰县对口帮扶工作需求清单"
            assert (row.get("category_seq"), row.get("category"), row.get("item")) == (seq, category, item)
            assert units(row, SYN_KEYS) == cells, item

    def test_spans(self, syn_rows: list[TableRow]) -> None:
        assert_spans(SYNTHETIC, syn_rows)

    def test_merged_cells_share_the_span(self, syn_rows: list[TableRow]) -> None:
        rows = syn_rows
        assert rows[8].cells["lead@江岸区"] == rows[9].cells["lead@江岸区"] == rows[10].cells["lead@江岸区"]

    def test_two_level_header(self) -> None:
        text = ("2025 年江岸区·鹤峰县对口帮扶工作需求清单\n序号 工作事项 具体内容 江岸区 鹤峰县\n"
                "牵头单位 责任单位 牵头单位 责任单位\n1 产业发展\n1.支持茶叶产业。\n"
                "区商务局 区发改局 县商务局 县农业农村局\n")
        (row,) = find_demand_lists(text)
        assert units(row, SYN_KEYS) == ("区商务局", "区发改局", "县商务局", "县农业农村局")

    def test_item_without_full_stop_before_complete_units(self) -> None:
        text = ("清单\n序号 工作事项 具体内容\n江岸区 牵头单位 江岸区 责任单位 鹤峰县 牵头单位 鹤峰县 责任单位\n"
                "1 产业发展\n1.支持茶叶产业\n区商务局\n区发改局、区财政局\n县商务局\n县农业农村局\n")
        (row,) = find_demand_lists(text)
        assert row.get("item") == "1.支持茶叶产业"
        assert units(row, SYN_KEYS) == ("区商务局", "区发改局、区财政局", "县商务局", "县农业农村局")


# Tab-separated rows: merged cells are written in their first row and left
# empty below, so only the cell above is inherited.
TABBED = (
    "2025 年江岸区·鹤峰县对口帮扶工作需求清单\n"
    "序号\t工作事项\t具体内容\t江岸区牵头单位\t江岸区责任单位\t鹤峰县牵头单位\t鹤峰县责任单位\n"
    "1\t产业发展\t1.支持鹤峰县茶叶产业园建设。\t区商务局\t区发改局、区财政局\t县商务局\t县农业农村局、各乡镇\n"
    "\t\t2.协助引进茶企到鹤峰县投资。\t区经信局\t\t县招商服务中心\t县经信局\n"
    "2\t劳务协作\t1.提供就业岗位不少于 300 个。\t\t区人社局\t县人社局\t县就业服务中心\n"
    "\t\t2.开展技能培训。\t区人社局\t各街道\t\t\n"
    "序号\t工作事项\t具体内容\t江岸区牵头单位\t江岸区责任单位\t鹤峰县牵头单位\t鹤峰县责任单位\n"
    "2\t劳务协作\t3.加强劳务信息交流。\t\t\t\t县人社局\n"
    "附件 3\n"
)
TAB_EXPECTED = [
    ("1", "产业发展", "1.支持鹤峰县茶叶产业园建设。", ("区商务局", "区发改局、区财政局", "县商务局", "县农业农村局、各乡镇")),
    ("1", "产业发展", "2.协助引进茶企到鹤峰县投资。", ("区经信局", "区发改局、区财政局", "县招商服务中心", "县经信局")),
    # first row of its category: an empty cell has nothing above to merge with
    ("2", "劳务协作", "1.提供就业岗位不少于 300 个。", (None, "区人社局", "县人社局", "县就业服务中心")),
    ("2", "劳务协作", "2.开展技能培训。", ("区人社局", "各街道", "县人社局", "县就业服务中心")),
    # after a repeated page header the category (written again) goes on
    ("2", "劳务协作", "3.加强劳务信息交流。", ("区人社局", "各街道", "县人社局", "县人社局")),
]


def test_tab_separated_rows() -> None:
    rows = find_demand_lists(TABBED)
    assert len(rows) == len(TAB_EXPECTED)
    for row, (seq, category, item, cells) in zip(rows, TAB_EXPECTED):
        assert row.table == "2025 年江岸区·鹤峰县对口帮扶工作需求清单"
        assert (row.get("category_seq"), row.get("category"), row.get("item")) == (seq, category, item)
        assert units(row, SYN_KEYS) == cells, item
    assert_spans(TABBED, rows)
    assert rows[1].cells["resp@江岸区"] == rows[0].cells["resp@江岸区"]


# ------------------------------------------------------- corpus/001 facts
# Read by hand from corpus/001 lines 324–858 (附件 2). Each entry:
# (category_seq, start of the item text, 洪山区 lead, 洪山区 resp, 建始县 lead,
#  建始县 resp); None = the cell is not in the table as far as it can be read.
A = "相关学校"
DOC_001_EXPECTED = [
    ("1", "1. 继续支持建始县电商冷链物流产业园建设。", "区市场监管局", "区乡村振兴局、区城管执法局、区商务局",
     "县乡村振兴局", "县农业农村局、县供销社、县国投公司"),
    ("1", "2.协助招引马应龙药业集团股份有限公司到建始县投资。", "区经信和科创局",
     "区乡村振兴局、区商务局、区卫健局、区市场监管局、狮子山街道", "县科经局",
     "县工业园区管委会、县招商服务中心、县农业农村局、县乡村振兴局、县卫健局、县财政局、县国投公司，各乡镇"),
    ("1", "3.推进建始县康养民宿旅游产业的发展", "区委统战部",
     "区发改局、区经信和科创局、区民政局、区商务局、区文旅局、区住房和城市更新局、区市场监管局、区工商联、"
     "关山街道、梨园街道、张家湾街道、青菱街道", "县委统战部", "县文旅局、县住建局、花坪镇、高坪镇、龙坪乡、茅田乡"),
    ("1", "4.支持建始县鸡爪槭", "区城管执法局", "区城管执法局", "县园林局", "县园林局"),
    # 劳务协作: one set of cells, written between items 1 and 2 (glued to the
    # start of item 2), covers items 1–3; nothing else is written in the category.
    ("2", "1.定期互通信息", "区人力资源局", "区人力资源局", "县人社局", "县公共就业和人才服务中心"),
    ("2", "2.为建始籍务工人员提供维权服务", "区人力资源局", "区人力资源局", "县人社局", "县公共就业和人才服务中心"),
    ("2", "3.双方加强交流学习", "区人力资源局", "区人力资源局", "县人社局", "县公共就业和人才服务中心"),
    ("3", "1.支持建始县社区党组织书记2名", "区委组织部", "相关街道", "县委组织部", "相关乡镇"),
    # AMBIGUOUS: item 2 has one cell per side, each a list of units written at
    # the width of the 责任单位 column, so they are the responsibility cells.
    # Its lead cells are not written: merged with item 1 (区委组织部/县委组织部),
    # with item 3 (团区委/团县委) or empty. The body text (task 12) lists
    # 区委组织部 among its units, which hints at item 1, but the table does not
    # say, so a careful reader leaves the leads undecided.
    ("3", "2.共建共享教育培训和现场教学基地", None,
     "区人大常委会办公室、区政协办公室、区委直属机关工委、区委党校，相关街道", None, "县直相关单位、相关乡镇"),
    ("3", "3.实施青年创业者等重点群体专项培训", "团区委", "区经信和科创局、区人力资源局", "团县委", "县科经局、县人社局"),
    ("3", "4.选派教育系统优秀校长", "区教育局", A, "县教育局", A),
    ("4", "1.巩固拓展两地学校结对共建成果", "区教育局", A, "县教育局", A),
    ("4", "2.支持改善对口帮扶乡镇的医疗服务能力", "区卫健局", "相关医疗机构", "县卫健局", "相关卫生院"),
    ("4", "3.邀请心理咨询专家", "团区委", "区经信和科创局、区工商联，相关街道", "团县委", "县科经局、县工商联，相关乡镇"),
    ("4", "4.支持建始县开展关爱妇女儿童", "区妇联", "团区委、相关街道", "县妇联", "团县委、相关乡镇"),
    ("4", "5.支持花坪镇黄鹤村养老综合体项目建设。", "区民政局", "区民政局", "县民政局", "花坪镇"),
    ("4", "6.持续支持洪山—东湖—建始经济统战交流服务中心", "区委统战部", "区工商联、区供销联社",
     "县委统战部", "县工商联、县供销社"),
    ("5", "1.继续深化洪山区9个街道", "区乡村振兴局",
     "区融媒体中心、区经信和科创局、区文旅局、区市场监管局、区供销联社，各街道", "县乡村振兴局",
     "县农业农村局、县科经局、县供销社、县文旅局、县融媒体中心，各乡镇"),
    # Item 2 writes only the (wide, multi-unit) responsibility cells; the lead
    # cells are merged with item 1, the only other item of the category.
    ("5", "2.加快推进结对帮扶村的村庄规划建设。", "区乡村振兴局", "区发改局、区自然资源和城乡建设局，相关街道",
     "县乡村振兴局", "县自然资源和规划局、相关乡镇"),
    # 消费帮扶: the 建始县 cells (县供销社 / 县财政局…各乡镇) are written at item 1
    # and again at item 4 (top of the next page) and cover items 2–8 as well.
    ("6", "1. 搭建建始县农副产品", "区国资局", "区国资局", "县供销社", "县财政局、县农业农村局、县乡村振兴局、县总工会、县工商联，各乡镇"),
    ("6", "2.支持组织开展建始县农副产品进学校活动。", "区教育局", "区国资局", "县供销社", "县财政局、县农业农村局、县乡村振兴局、县总工会、县工商联，各乡镇"),
    ("6", "3.支持组织开展建始县农副产品进企业活动。", "区经信和科创局", "区发改局、区国资局、洪山经开区管委会、区工商联",
     "县供销社", "县财政局、县农业农村局、县乡村振兴局、县总工会、县工商联，各乡镇"),
    ("6", "4.支持组织开展建始县农副产品进超市活动。", "区商务局", "区商务局", "县供销社", "县财政局、县农业农村局、县乡村振兴局、县总工会、县工商联，各乡镇"),
    ("6", "5.支持组织开展建始县农副产品进社区活动。", "区乡村振兴局", "区国资局、区供销联社，各街道", "县供销社", "县财政局、县农业农村局、县乡村振兴局、县总工会、县工商联，各乡镇"),
    ("6", "6.支持组织开展建始县农副产品进食堂活动。", "区乡村振兴局", "区国资局、区机关事务服务中心", "县供销社", "县财政局、县农业农村局、县乡村振兴局、县总工会、县工商联，各乡镇"),
    ("6", "7.进一步支持线上产销对接活动", "区国资局", "区财政局、区商务局", "县供销社", "县财政局、县农业农村局、县乡村振兴局、县总工会、县工商联，各乡镇"),
    ("6", "8.开展产销对接活动", "区财政局", "区乡村振兴局、区总工会", "县供销社", "县财政局、县农业农村局、县乡村振兴局、县总工会、县工商联，各乡镇"),
    ("7", "1.加大对建始旅游资源的宣传和营销", "区委宣传部", "区委统战部、区融媒体中心、区文旅局、洪山经开区管委会，各街道",
     "县委宣传部", "县委统战部、县融媒体中心、县文旅局，各乡镇"),
    ("7", "2.把建始县作为辖区内党政机关、企事业单位干部职工", "区总工会", "区委老干部局、区文旅局、区直相关单位，各街道",
     "县总工会", "县委组织部、县文旅局，各乡镇"),
    ("7", "3.把建始县作为辖区内党政机关、企事业单位团建", "团区委", "各街道", "团县委", "各乡镇"),
    ("7", "4.促进两地开展文化交流合作", "区文旅局", "各街道", "县文旅局", "各乡镇"),
    ("7", "5.支持指导建始县举办第二届黄四姐文化旅游周活动", "区文旅局", "相关街道", "县文旅局", "相关乡镇"),
    ("8", "1.组织国有企业、民营企业、村办企业", "区工商联", "区发改局、区经信和科创局、区商务局、区国资局、洪山经开区管委会，各街道",
     "县工商联", "县工业园区管委会、县招商服务中心、县国资局、县工商联、县科经局"),
    ("8", "2.组织一部分有实力的社会组织", "区委统战部",
     "区发改局、区经信和科创局、区民政局、区商务局、洪山经开区管委会、区工商联，各街道", "县委统战部",
     "县工商联、县民政局、县科经局、县教育局，各乡镇"),
    # category 9 wraps its name over four lines and has one unnumbered item
    ("9", "支持建始县建设用地增减挂钩指标交易", "区自然资源和城乡建设局", "区住房和城市更新局、区城投公司",
     "县自然资源和规划局", "县财政局"),
]


@pytest.fixture(scope="module")
def text() -> str:
    return DOC_001.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rows(text: str) -> list[TableRow]:
    return find_demand_lists(text)


class TestCorpus001:
    def test_number_of_items(self, rows: list[TableRow]) -> None:
        assert len(rows) == 35 == len(DOC_001_EXPECTED)

    def test_caption(self, rows: list[TableRow]) -> None:
        assert {row.table for row in rows} == {"2024 年洪山区·建始县对口帮扶工作需求清单"}

    @pytest.mark.parametrize("index", range(len(DOC_001_EXPECTED)))
    def test_item_units(self, rows: list[TableRow], index: int) -> None:
        seq, item_start, *cells = DOC_001_EXPECTED[index]
        row = rows[index]
        assert row.get("category_seq") == seq
        assert row.get("item").startswith(item_start)
        assert units(row, UNIT_KEYS) == tuple(cells)

    def test_categories(self, rows: list[TableRow]) -> None:
        names = list(dict.fromkeys((r.get("category_seq"), r.get("category")) for r in rows))
        assert names == [("1", "产业发展"), ("2", "劳务协作"), ("3", "人才培育"), ("4", "民生保障"),
                         ("5", "重点乡村"), ("6", "消费帮扶"), ("7", "文旅协作"), ("8", "招商引资"),
                         ("9", "建设用地增减挂钩和耕地占补平衡")]

    def test_items_joined_across_lines(self, rows: list[TableRow]) -> None:
        assert rows[0].get("item") == "1. 继续支持建始县电商冷链物流产业园建设。"
        assert rows[1].get("item") == "2.协助招引马应龙药业集团股份有限公司到建始县投资。"
        assert rows[5].get("item") == "2.为建始籍务工人员提供维权服务，开设绿色就业通道。"
        assert rows[14].get("item") == "4.支持建始县开展关爱妇女儿童、家风家教等系列活动（含困境妇女儿童关心慰问）。"
        assert rows[34].get("item") == "支持建始县建设用地增减挂钩指标交易，优先购买建始县建设用地增减挂钩指标。"

    def test_spans(self, text: str, rows: list[TableRow]) -> None:
        assert_spans(text, rows)
        annex = text.index("附件 2")  # inside the annex, not the body text
        assert all(annex < row.start and row.end < text.index("附件 3") for row in rows)
        assert text[rows[0].cells["category"].start:].startswith("产业发展")

    def test_merged_cell_is_one_cell(self, rows: list[TableRow]) -> None:
        assert rows[4].cells["lead@洪山区"] == rows[5].cells["lead@洪山区"] == rows[6].cells["lead@洪山区"]

    def test_no_table_in_other_documents(self) -> None:
        for path in sorted(CORPUS.glob("*.txt")):
            if path != DOC_001:
                assert find_demand_lists(path.read_text(encoding="utf-8")) == [], path.name

    @pytest.mark.parametrize("variant", ["renamed", "no_blank_lines"])
    def test_same_facts_in_a_variant(self, text: str, rows: list[TableRow], variant: str) -> None:
        """Nothing depends on this document's place names or blank lines:
        renamed 洪山→江岸, 建始→鹤峰 (or squeezed) it gives the same cells."""
        if variant == "renamed":
            other = text.replace("洪山", "江岸").replace("建始", "鹤峰")
            keys = ("lead@江岸区", "resp@江岸区", "lead@鹤峰县", "resp@鹤峰县")
        else:
            other, keys = re.sub(r"\n\s*\n", "\n", text), UNIT_KEYS
        got = find_demand_lists(other)
        assert [units(r, keys) for r in got] == [
            tuple(None if c is None else c.replace("洪山", "江岸") if variant == "renamed" else c
                  for c in units(r, UNIT_KEYS)) for r in rows]


def test_demand_list_is_a_grid_with_sides() -> None:
    # Each unit column's header cell is its side and role label; the role
    # comes from the role vocabulary and the side from the place before it.
    (grid,) = demand_grids(TABBED)
    assert grid.roles[3:] == ["lead", "responsible", "lead", "responsible"]
    assert [dm.column_side(c.text) for c in grid.header[3:]] == ["江岸区", "江岸区", "鹤峰县", "鹤峰县"]
    assert [(k, r, s) for k, r, s in dm.unit_columns(grid)][:2] == [
        (3, "lead", "江岸区"), (4, "responsible", "江岸区")]
    first = grid.rows[0]
    assert first.heading is not None and first.heading.text == "产业发展"
    assert first.cells[2].text == "1.支持鹤峰县茶叶产业园建设。"
