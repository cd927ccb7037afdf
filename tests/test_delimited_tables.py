"""Delimited tables: comma-separated values a system exports (RFC 4180
quoting) and lines cut by the bar ｜ or |, read into the one table model and
handed to the same fact rules as tab tables. Fragments are invented."""
from __future__ import annotations

from fragments import build
from loaders.graph import Graph
from loaders.tables.grid import find_grids
from ontology.vocab import A, C, R

ROLE = {R.leads: "lead", R.responsibleFor: "responsible", R.cooperatesOn: "cooperating"}
NOTICE = ("平江县2025年乡村振兴重点任务分工的通知\n"
          "各乡镇人民政府，县直有关单位：\n"
          "    现将分工表印发给你们，请认真抓好落实。\n\n")


def texts(row) -> list[str | None]:
    return [c.text if c else None for c in row.cells]


def assignments(graph: Graph) -> set[tuple[str, str, str]]:
    return {(graph.nodes[e.dst].name, graph.nodes[e.src].name, ROLE[e.rel])
            for e in graph.edges.values() if e.rel in ROLE and graph.nodes[e.dst].cls is C.Task}


def _out(graph: Graph, src: str, rel: R) -> list[str]:
    return [e.dst for e in graph.edges.values() if e.src == src and e.rel is rel]


# -- comma-separated values ------------------------------------------------------------

CSV_TASKS = (NOTICE + "附件：平江县2025年乡村振兴重点任务分工表（系统导出）\n\n"
             "序号,重点任务,具体措施,责任单位,配合单位,完成时限\n"
             "一、产业发展,,,,,\n"
             '1,做强油茶产业,"新造油茶林2000亩，\n改造低产林1000亩。","县林业局（牵头）、县财政局",'
             '"县农业农村局,县供销社",2025年11月\n'
             "二、乡村建设,,,,,\n"
             "2,改善农村供水,完成12处集中供水工程,县水利局,县卫生健康局、各乡镇,2025年10月\n")


def test_csv_table_is_read_into_a_grid_with_its_category_rows_as_headings() -> None:
    [grid] = find_grids(CSV_TASKS)
    assert grid.source == "csv"
    assert grid.caption.text == "平江县2025年乡村振兴重点任务分工表（系统导出）"
    assert grid.roles == ["seq", "task", "measure", "responsible", "cooperating", "deadline"]
    assert [(r.heading.text if r.heading else None, texts(r)) for r in grid.rows] == [
        ("一、产业发展", ["1", "做强油茶产业", "新造油茶林2000亩，改造低产林1000亩。",
                     "县林业局（牵头）、县财政局", "县农业农村局,县供销社", "2025年11月"]),
        ("二、乡村建设", ["2", "改善农村供水", "完成12处集中供水工程", "县水利局",
                     "县卫生健康局、各乡镇", "2025年10月"])]


def test_a_quoted_cell_spans_its_lines_without_its_quotes() -> None:
    [grid] = find_grids(CSV_TASKS)
    measure, units = grid.rows[0].cells[2], grid.rows[0].cells[3]
    assert CSV_TASKS[measure.start:measure.end] == "新造油茶林2000亩，\n改造低产林1000亩。"
    assert CSV_TASKS[units.start:units.end] == "县林业局（牵头）、县财政局"
    assert CSV_TASKS[units.start - 1] == '"' and CSV_TASKS[units.end] == '"'


def test_csv_task_table_gives_its_assignments_with_the_lead_marker() -> None:
    graph = build(CSV_TASKS)
    assert assignments(graph) == {
        ("做强油茶产业", "平江县林业局", "lead"),
        ("做强油茶产业", "平江县财政局", "responsible"),
        # a half-width comma inside quotes separates two units
        ("做强油茶产业", "平江县农业农村局", "cooperating"),
        ("做强油茶产业", "平江县供销社", "cooperating"),
        ("改善农村供水", "平江县水利局", "responsible"),
        ("改善农村供水", "平江县卫生健康局", "cooperating"),
        ("改善农村供水", "平江县各乡镇", "cooperating")}
    edge = next(e for e in graph.edges.values() if e.rel is R.cooperatesOn
                and graph.nodes[e.src].name == "平江县供销社")
    assert CSV_TASKS[edge.prov.start:edge.prov.end] == "县农业农村局,县供销社"


def test_prose_commas_and_short_records_make_no_table() -> None:
    # a sentence with half-width commas, a header-like line whose next line
    # has fewer fields, then a real table: only the table is read
    text = ("    按照要求,各单位要在3月底前完成,并报县农业农村局。\n"
            "序号,重点任务,牵头单位\n"
            "见附件,另行通知\n\n"
            "县级重点任务表\n"
            "序号,重点任务,牵头单位,完成时限\n"
            "1,建设冷链仓储,县商务局,2025年6月\n"
            "全县上下，团结一心，奋力完成全年目标任务。\n")
    [grid] = find_grids(text)
    assert grid.caption.text == "县级重点任务表"
    assert [texts(r) for r in grid.rows] == [["1", "建设冷链仓储", "县商务局", "2025年6月"]]


CSV_DISPATCH = (NOTICE + "附件\n平江县2025年驻村第一书记和工作队选派名单\n"
                "序号,乡镇,派驻村,第一书记,第一书记所在单位,工作队员派出单位\n"
                '1,三市镇,石牛村,李明,岳阳市水利局,"县水利局,县气象局"\n'
                "2,加义镇,龙源村,王芳,县审计局,县审计局\n")


def test_csv_dispatch_list_counts_the_first_secretary_unit_as_captain_and_sender() -> None:
    graph = build(CSV_DISPATCH)
    found = {}
    for node in graph.nodes.values():
        if node.cls is C.Dispatch:
            village = graph.nodes[_out(graph, node.id, R.village)[0]].name
            units = sorted((e.props.get("position"), graph.nodes[e.dst].name)
                           for e in graph.edges.values()
                           if e.src == node.id and e.rel is R.dispatchingUnit)
            captain = [graph.nodes[u].name for u in _out(graph, node.id, R.captainUnit)]
            found[village] = ([u for _, u in units], captain)
    assert found == {
        "石牛村": (["岳阳市水利局", "平江县水利局", "平江县气象局"], ["岳阳市水利局"]),
        # a unit in both columns is one sender
        "龙源村": (["平江县审计局"], ["平江县审计局"])}


# -- bar-separated lines -------------------------------------------------------------------

BAR_PROJECTS = ("通渭县与天津市协作框架协议\n"
                "    双方商定，实施下列项目。\n\n"
                "附件\n2025年协作项目清单\n"
                "序号｜项目名称｜建设地点｜实施单位｜援助资金（万元）｜完成时限\n"
                "1｜襄南镇马营村马铃薯仓储项目｜襄南镇马营村｜通渭县农业农村局｜300｜2025年9月\n"
                "2｜平襄镇光伏帮扶电站项目｜平襄镇｜通渭县发展和改革局、平襄镇人民政府｜450｜2025年12月\n"
                "合计｜｜｜｜750｜\n")


def test_full_width_bar_project_list_with_a_total_row() -> None:
    [grid] = find_grids(BAR_PROJECTS)
    assert grid.source == "bars"
    assert [r.total for r in grid.rows] == [False, False, True]
    assert texts(grid.rows[2]) == ["合计", None, None, None, "750", None]
    graph = build(BAR_PROJECTS)
    projects = sorted((n for n in graph.nodes.values() if n.cls is C.Project),
                      key=lambda n: n.props[A.seq])
    assert [(p.name, p.props.get(A.amount), p.props.get(A.deadline)) for p in projects] == [
        ("襄南镇马营村马铃薯仓储项目", 300.0, "2025-09"),
        ("平襄镇光伏帮扶电站项目", 450.0, "2025-12")]


BAR_PAIRINGS = (NOTICE + "附件\n平江县县直单位包村结对表\n"
                "序号｜乡镇｜结对村｜包村部门（单位）｜备注\n"
                "1｜三市镇｜石牛村｜县发展和改革局｜\n"
                "2｜｜白马村｜县教育局、县文旅广体局｜重点村\n"
                "3｜加义镇｜龙源村｜县商务局｜\n")


def test_full_width_bar_pairing_list_with_merged_town_cells_left_empty() -> None:
    graph = build(BAR_PAIRINGS)
    found = set()
    for node in graph.nodes.values():
        if node.cls is C.Pairing:
            helper = graph.nodes[_out(graph, node.id, R.helper)[0]].name
            helped = _out(graph, node.id, R.helped)[0]
            town = graph.nodes[_out(graph, helped, R.partOf)[0]].name
            found.add((helper, graph.nodes[helped].name, town))
    assert found == {("平江县发展和改革局", "石牛村", "三市镇"),
                     # the empty 乡镇 cell is the one above it
                     ("平江县教育局", "白马村", "三市镇"),
                     ("平江县文旅广体局", "白马村", "三市镇"),
                     ("平江县商务局", "龙源村", "加义镇")}


def test_half_width_bars_without_end_bars_or_rule_line() -> None:
    text = ("重点任务表\n"
            "序号|重点任务|牵头单位|完成时限\n"
            "1|建设冷链仓储|县商务局|2025年6月\n"
            "2|培训致富带头人|县人社局|\n")
    [grid] = find_grids(text)
    assert grid.roles == ["seq", "task", "lead", "deadline"]
    assert [texts(r) for r in grid.rows] == [["1", "建设冷链仓储", "县商务局", "2025年6月"],
                                             ["2", "培训致富带头人", "县人社局", None]]
