"""The one table model: every table source read into a Grid. Fragments are
invented, written in each form (tabs, pdftotext -layout, Markdown, one cell
per line)."""
from __future__ import annotations

import unicodedata

from loaders.tables.grid import find_grids
from loaders.text.normalize import normalize


def texts(row) -> list[str | None]:
    return [c.text if c else None for c in row.cells]


def pad(text: str, width: int) -> str:
    """text padded to a display width (a CJK character takes two columns), as
    pdftotext -layout aligns columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * (width - used)


def layout(*lines: tuple[str, ...], widths=(6, 18, 16, 14)) -> str:
    out = []
    for cells in lines:
        out.append("".join(pad(c, w) for c, w in zip(cells, widths)).rstrip())
    return "\n".join(out) + "\n"


# -- tab-separated lines ------------------------------------------------------------

TABS = ("附件1\n"
        "示范县2024年协作重点任务分工表\n"
        "序号\t重点任务\t牵头单位\t责任单位\t完成时限\n"
        "1\t建设茶叶基地\t县农业农村局\t县林业局、各乡镇\t2024年6月\n"
        "2\t开展技能培训\t县人社局\t县教育局\t2024年9月\n"
        "合计\t\t\t\t\n")


def test_tab_table() -> None:
    [grid] = find_grids(TABS)
    assert grid.source == "tabs"
    assert grid.caption.text == "示范县2024年协作重点任务分工表"
    assert grid.roles == ["seq", "task", "lead", "responsible", "deadline"]
    assert texts(grid.rows[0]) == ["1", "建设茶叶基地", "县农业农村局", "县林业局、各乡镇", "2024年6月"]
    assert [r.total for r in grid.rows] == [False, False, True]


def test_cells_keep_their_span() -> None:
    [grid] = find_grids(TABS)
    for row in grid.rows:
        for cell in filter(None, row.cells):
            assert TABS[cell.start:cell.end] == cell.text
    assert TABS[grid.start:grid.end].startswith("序号")


def test_tab_groups_under_headings_are_one_table() -> None:
    text = ("选派安排表\n"
            "一、甲县（2个村）\n"
            "序号\t驻村地点\t派出单位\n"
            "1\t青松村\t市财政局\n"
            "2\t白石村\t市审计局\n"
            "\n"
            "二、乙县（1个村）\n"
            "序号\t驻村地点\t派出单位\n"
            "1\t红岩村\t市商务局\n")
    [grid] = find_grids(text)
    assert grid.caption.text == "选派安排表"
    assert [(r.heading.text, r.text(1)) for r in grid.rows] == [
        ("一、甲县（2个村）", "青松村"), ("一、甲县（2个村）", "白石村"), ("二、乙县（1个村）", "红岩村")]


def test_no_table_in_prose() -> None:
    text = "序号、重点任务和牵头单位见附件。\n牵头单位：县委办\n责任单位：县财政局\n配合单位：县审计局\n"
    assert find_grids(text) == []


# -- space-aligned columns (pdftotext -layout) -------------------------------------------

HEAD = ("序号", "重点任务", "牵头单位", "责任单位")
LAYOUT = ("            示范市协作重点任务分工表\n\n"
          + layout(HEAD) + "\n"
          + layout(("1", "召开两地联席", "市委办", "市发改委、市"),
                   ("", "会议", "", "商务局")) + "\n"
          # a cell centred vertically: its 序号 stands on the row's second line
          + layout(("", "", "", "市人社局、市"),
                   ("2", "劳务协作", "市人社局", "总工会")) + "\n"
          + layout(("3", "消费协作专项", "市商务局", "市供销社、市")) + "\n\n"
          + "                    — 7 —\n\f"
          + layout(HEAD) + "\n"
          + layout(("", "行动", "", "农业农村局")) + "\n"
          + layout(("4", "人才交流", "市委组织部", "市教育局")) + "\n\n"
          + "附件2\n")


def test_layout_table_rows_and_wrapped_cells() -> None:
    [grid] = find_grids(LAYOUT)
    assert grid.source == "layout"
    assert grid.caption.text == "示范市协作重点任务分工表"
    assert [texts(r) for r in grid.rows] == [
        ["1", "召开两地联席会议", "市委办", "市发改委、市商务局"],
        ["2", "劳务协作", "市人社局", "市人社局、市总工会"],
        # the row the page break cut is joined again; the footer and the
        # repeated header are dropped
        ["3", "消费协作专项行动", "市商务局", "市供销社、市农业农村局"],
        ["4", "人才交流", "市委组织部", "市教育局"]]


def test_layout_table_is_left_out_of_the_prose() -> None:
    text = "一、总体要求\n全面推进协作工作。\n\n" + LAYOUT
    norm = normalize(text, [(g.start, g.end) for g in find_grids(text)])
    assert "市发改委" not in norm.text
    assert "全面推进协作工作" in norm.text


def test_layout_header_wrapped_and_tight_rows() -> None:
    head = layout(("序号", "项目名称", "投资(", "实施单位"))
    tail = layout(("", "", "万元)", ""))
    rows = layout(("1", "青松村茶厂建设", "120", "甲镇人民政府"),
                  ("2", "白石村道路硬化", "80", "县交通运输局、县"),
                  ("", "工程", "", "财政局"))
    [grid] = find_grids("项目计划表\n" + head + tail + rows + "\n以上项目年底前完成。\n")
    assert [c.text for c in grid.header] == ["序号", "项目名称", "投资(万元)", "实施单位"]
    assert [texts(r) for r in grid.rows] == [
        ["1", "青松村茶厂建设", "120", "甲镇人民政府"],
        ["2", "白石村道路硬化工程", "80", "县交通运输局、县财政局"]]


def test_layout_header_centred_over_its_columns() -> None:
    head = "  序号      派出单位          驻村地点\n"
    rows = layout(("1", "市财政局、市审", "甲镇青松村"),
                  ("", "计局", ""),
                  ("2", "市商务局", "乙乡白石村"), widths=(6, 20, 14))
    [grid] = find_grids("驻村安排表\n" + head + rows + "\n")
    assert [texts(r) for r in grid.rows] == [["1", "市财政局、市审计局", "甲镇青松村"],
                                            ["2", "市商务局", "乙乡白石村"]]


def test_two_space_separated_lines_not_aligned() -> None:
    text = ("结对安排表\n"
            "序号  帮扶单位  受援村\n"
            "1  某某区教育局  甲镇青松村\n"
            "2  某某投资集团有限公司  乙乡白石村\n\n"
            "二、工作要求\n")
    [grid] = find_grids(text)
    assert [texts(r) for r in grid.rows] == [["1", "某某区教育局", "甲镇青松村"],
                                            ["2", "某某投资集团有限公司", "乙乡白石村"]]


# -- Markdown pipes -------------------------------------------------------------------------

def test_markdown_table_with_group_headings() -> None:
    text = ("### 附件3　驻村安排表\n\n"
            "**一、甲县**\n\n"
            "| 序号 | 派出单位 | 驻村地点 |\n|---|---|---|\n"
            "| 1 | 市财政局 | 青松村 |\n\n"
            "**二、乙县**\n\n"
            "| 序号 | 派出单位 | 驻村地点 |\n|---|---|---|\n"
            "| 1 | 市商务局 |  |\n")
    [grid] = find_grids(text)
    assert grid.source == "markdown"
    assert grid.caption.text == "驻村安排表"
    assert [(r.heading.text, texts(r)) for r in grid.rows] == [
        ("一、甲县", ["1", "市财政局", "青松村"]), ("二、乙县", ["1", "市商务局", None])]


# -- one cell per line ----------------------------------------------------------------------

def test_flattened_html_rows_split_by_blank_lines() -> None:
    text = ("分工表\n\n序号\n重点任务\n牵头单位\n完成时限\n\n"
            "1\n建设茶叶基地\n县农业农村局\n2024年6月\n\n"
            "2\n开展技能培训\n县人社局\n长期坚持\n\n"
            "三、保障措施\n")
    [grid] = find_grids(text)
    assert grid.source == "cells"
    assert [texts(r) for r in grid.rows] == [["1", "建设茶叶基地", "县农业农村局", "2024年6月"],
                                            ["2", "开展技能培训", "县人社局", "长期坚持"]]


def test_pdftotext_cells_with_a_wrapped_cell() -> None:
    # every line is followed by a blank line; the page is 14 characters wide
    lines = ["为推进东西部协作工作，特制定本", "方案，请认真贯彻落实执行。", "项目计划表",
             "序号", "项目名称", "实施单位", "完成时间",
             "1", "青松村茶叶加工厂房新建扩建工", "程项目", "甲镇人民政府", "2024年9月",
             "2", "白石村道路硬化", "县交通运输局", "2024年10月",
             "附件2"]
    [grid] = find_grids("\n\n".join(lines) + "\n")
    assert [texts(r) for r in grid.rows] == [
        ["1", "青松村茶叶加工厂房新建扩建工程项目", "甲镇人民政府", "2024年9月"],
        ["2", "白石村道路硬化", "县交通运输局", "2024年10月"]]


def test_place_cell_whose_village_starts_like_a_district() -> None:
    # 红旗 is the stem of 红旗区 (新乡市), but 红旗镇红旗村 names a town and its village.
    from loaders.tables.grid_place import split_place
    assert split_place("红旗镇红旗村")[1:] == ("红旗镇", "红旗村")
    assert split_place("红旗村") == (None, "", "红旗村")
    county, town, village = split_place("开化县音坑乡下淤村")
    assert (county.name, town, village) == ("开化县", "音坑乡", "下淤村")


def test_a_short_name_keeps_a_level_word_only_if_it_is_its_own() -> None:
    # 沧州 of 沧州市 ends in 州, the level word of a 自治州, not of a city.
    from loaders.names.gazetteer import gazetteer
    cangzhou = next(d for d in gazetteer().by_code.values() if d.name == "沧州市")
    assert "沧州" not in cangzhou.forms
    kulun = next(d for d in gazetteer().by_code.values() if d.name == "库伦旗")
    assert "库伦旗" in kulun.forms


def test_columns_the_vocabulary_does_not_pair_stay_apart() -> None:
    # 帮扶方式 says how a pair works (a note), 帮扶重点 is unknown: neither is a
    # helper column, so neither is read with the helper beside it
    text = ("医院结对表\n序号\t帮扶医院\t受援医院\t帮扶方式\t帮扶重点\n"
            "1\t甲县康宁医院\t乙县人民医院\t组团式帮扶\t急诊科\n")
    [grid] = find_grids(text)
    assert grid.roles == ["seq", "helper", "helped", "note", None]
    assert grid.columns("helper") == [1]


def test_a_township_opening_a_place_that_is_no_village() -> None:
    from loaders.tables.grid_place import split_place
    assert split_place("丁沟镇物流园区")[1:] == ("丁沟镇", "")
    assert split_place("丁沟镇青松村3组")[1:] == ("丁沟镇", "青松村")
    assert split_place("丁沟镇青松村")[1:] == ("丁沟镇", "青松村")
    # no township: a park, a 城乡 word, a 乡村 word
    for text in ("会宁工业园区", "城乡结合部", "高山乡村旅游区"):
        assert split_place(text)[1:] == ("", ""), text


def test_a_village_may_carry_a_number() -> None:
    from loaders.tables.grid_place import split_place
    assert split_place("新华镇新华2村")[1:] == ("新华镇", "新华2村")
    assert split_place("2村") == (None, "", "")


# -- line breaks inside a cell, two-row headers -----------------------------------------

def test_markdown_stacked_header_gives_each_line_its_role() -> None:
    # 牵头单位<br>责任单位: two unit columns stacked in one cell; a row's first
    # line is the lead, the rest the responsible units
    text = ("### 附件　重点任务分工表\n\n"
            "| 序号 | 重点任务 | 牵头单位<br>责任单位 | 完成时限 |\n|---|---|---|---|\n"
            "| 1 | 建设茶叶基地 | 县农业农村局<br>县林业局、甲镇 | 2024年6月 |\n"
            "| 2 | 开展技能培训 | 县人社局<br/>县总工会<br>县教育局 | 2024年9月 |\n"
            "| 3 | 推进消费协作 | 县商务局 | 2024年12月 |\n")
    [grid] = find_grids(text)
    assert grid.roles == ["seq", "task", "lead", "responsible", "deadline"]
    assert [texts(r) for r in grid.rows] == [
        ["1", "建设茶叶基地", "县农业农村局", "县林业局、甲镇", "2024年6月"],
        ["2", "开展技能培训", "县人社局", "县总工会、县教育局", "2024年9月"],
        ["3", "推进消费协作", "县商务局", None, "2024年12月"]]
    cell = grid.rows[0].cells[3]
    assert text[cell.start:cell.end] == "县林业局、甲镇"


def test_markdown_line_break_separates_units_only_between_names() -> None:
    text = ("分工表\n\n"
            "| 序号 | 重点任务 | 完成<br>时限 | 责任单位 |\n|---|---|---|---|\n"
            "| 1 | 开展协作<br>资金审计 | 2024年<br>12月 | 县审计局<br>县财政局 |\n"
            "| 2 | 完善园区配套 | 2024年9月 | 县人力资源和社<br>会保障局 |\n"
            "| 3 | 落实税收优惠 | 2024年9月 | 国家税务总局<br>会宁县税务局 |\n")
    [grid] = find_grids(text)
    assert grid.roles == ["seq", "task", "deadline", "responsible"]
    assert [texts(r) for r in grid.rows] == [
        ["1", "开展协作资金审计", "2024年12月", "县审计局、县财政局"],
        ["2", "完善园区配套", "2024年9月", "县人力资源和社会保障局"],
        ["3", "落实税收优惠", "2024年9月", "国家税务总局会宁县税务局"]]


GROUPED = ("  序号   重点任务           责任主体                          完成时限\n"
           "                            牵头单位         配合单位\n\n"
           "  1      驻点干部轮换选     县委组织部       县民政局、各乡镇   2024年5月\n"
           "         派\n\n"
           "  2      劳务协作           县人力资源和社   县总工会           2024年12月\n"
           "                            会保障局\n\n"
           "  3      示范村建设         县农业农村局     甲镇、乙镇、丙     2024年11月\n"
           "                                             镇\n")


def test_layout_two_row_header_splits_the_group_into_its_columns() -> None:
    [grid] = find_grids("            重点任务分工表\n\n" + GROUPED)
    assert grid.source == "layout"
    assert grid.roles == ["seq", "task", "lead", "cooperating", "deadline"]
    # wrapped lines stay in their own column: neighbouring cells never glue
    assert [texts(r) for r in grid.rows] == [
        ["1", "驻点干部轮换选派", "县委组织部", "县民政局、各乡镇", "2024年5月"],
        ["2", "劳务协作", "县人力资源和社会保障局", "县总工会", "2024年12月"],
        ["3", "示范村建设", "县农业农村局", "甲镇、乙镇、丙镇", "2024年11月"]]


def test_layout_group_label_centred_over_its_columns() -> None:
    head = ("  序号   重点任务                  责任主体                完成时限\n"
            "                            牵头单位         配合单位\n\n")
    rows = GROUPED.split("\n\n", 1)[1]
    [grid] = find_grids("分工表\n\n" + head + rows)
    assert grid.roles == ["seq", "task", "lead", "cooperating", "deadline"]
    assert texts(grid.rows[1]) == ["2", "劳务协作", "县人力资源和社会保障局", "县总工会",
                                   "2024年12月"]


def test_layout_units_one_per_line_in_a_cell_are_separate() -> None:
    rows = layout(("1", "召开联席会议", "市委办", "市发改委"),
                  ("", "", "", "市商务局"),
                  ("2", "劳务协作", "市人社局", "市生态环境局"),
                  ("", "", "", "某某分局"))
    [grid] = find_grids("分工表\n" + layout(HEAD) + rows + "\n")
    assert [texts(r)[3] for r in grid.rows] == ["市发改委、市商务局", "市生态环境局某某分局"]


def test_a_total_row_with_empty_cells_ends_before_the_next_table() -> None:
    # one cell per line; the 合计 row writes only its first and its amount cell
    # (empty cells leave blank lines): the attachment after it is no cell of it
    text = ("项目计划表\n\n序号\n项目名称\n投资（万元）\n实施单位\n\n"
            "1\n甲村道路硬化\n120\n甲镇人民政府\n\n"
            "2\n乙村饮水工程\n80\n县水利局\n\n"
            "合计\n\n200\n\n\n"
            "附件2\n"
            "某区街镇与某县乡镇结对名单\n"
            "某区结对街镇\t某县结对乡镇\t结对村\n"
            "东山街道\t西岭镇\t青石村\n")
    grids = find_grids(text)
    assert [g.source for g in grids] == ["cells", "tabs"]
    cells, tabs = grids
    assert [r.text(1) for r in cells.rows if not r.total] == ["甲村道路硬化", "乙村饮水工程"]
    assert cells.end < text.index("附件2") and "附件2" not in texts(cells.rows[-1])
    assert [texts(r) for r in tabs.rows] == [["东山街道", "西岭镇", "青石村"]]


def test_markdown_line_break_before_a_township_government_or_a_company() -> None:
    # a typed <br> between a department and a township government or a
    # company separates them, though the township is no gazetteer place
    text = ("分工表\n\n"
            "| 序号 | 重点任务 | 牵头单位 | 责任单位 |\n|---|---|---|---|\n"
            "| 1 | 推进搬迁安置 | 县发展改革委 | 县人力资源社会保障局<br>青枫镇人民政府 |\n"
            "| 2 | 发展乡村旅游 | 县文旅局 | 县农业农村局<br>白鹭乡人民政府<br>松涛旅游开发有限公司 |\n")
    [grid] = find_grids(text)
    assert [r.text(3) for r in grid.rows] == [
        "县人力资源社会保障局、青枫镇人民政府",
        "县农业农村局、白鹭乡人民政府、松涛旅游开发有限公司"]


def test_layout_rows_with_vertically_centred_cells() -> None:
    # a cell of three lines is centred on its 序号 line: its first line stands
    # above it, under the row before, which keeps only whole names
    head = layout(("序号", "乡镇", "驻村地点", "派出单位", "队长单位"), widths=(6, 8, 10, 24, 14))
    rows = layout(("1", "甲镇", "青松村", "县委办、县财政局", "县委办"),
                  ("", "", "", "县交通运输局、县公路事", ""),
                  ("2", "乙镇", "白石村", "业发展中心、中国电信乙", "县交通运输局"),
                  ("", "", "", "镇分公司", ""),
                  ("3", "丙乡", "绿水村", "县人力资源社会保障局、", "县人力资源社会"),
                  ("", "", "", "县医保局", "保障局"),
                  ("", "", "", "县教育局、县", ""),
                  ("4", "丁乡", "青山村", "科协、县妇联、县", "县教育局"),
                  ("", "", "", "残联", ""),
                  ("5", "戊镇", "红柳村", "县民政局", "县民政局"),
                  widths=(6, 8, 10, 24, 14))
    [grid] = find_grids("驻村工作队选派名单\n\n" + head + rows + "\n")
    assert [texts(r) for r in grid.rows] == [
        ["1", "甲镇", "青松村", "县委办、县财政局", "县委办"],
        ["2", "乙镇", "白石村", "县交通运输局、县公路事业发展中心、中国电信乙镇分公司", "县交通运输局"],
        ["3", "丙乡", "绿水村", "县人力资源社会保障局、县医保局", "县人力资源社会保障局"],
        ["4", "丁乡", "青山村", "县教育局、县科协、县妇联、县残联", "县教育局"],
        ["5", "戊镇", "红柳村", "县民政局", "县民政局"]]


def test_cells_apart_by_ideographic_spaces() -> None:
    """A Word export separates cells by 　　 (U+3000) where pdftotext writes
    spaces: the table is read all the same."""
    text = ("结对安排表\n"
            "序号\u3000\u3000帮扶单位\u3000\u3000受援村\n"
            "1\u3000\u3000某某区教育局\u3000\u3000甲镇青松村\n"
            "2\u3000\u3000某某投资集团有限公司\u3000\u3000乙乡白石村\n\n"
            "二、工作要求\n")
    [grid] = find_grids(text)
    assert [texts(r) for r in grid.rows] == [["1", "某某区教育局", "甲镇青松村"],
                                            ["2", "某某投资集团有限公司", "乙乡白石村"]]


def test_prose_with_single_spaces_and_indents_has_no_table() -> None:
    text = ("\u3000\u3000一、工作要求\n"
            "\u3000\u3000各单位要 加强 组织领导，牵头单位 县委办 负责 统筹。\n"
            "  二、保障措施\n")
    assert find_grids(text) == []
