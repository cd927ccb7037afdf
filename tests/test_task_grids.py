"""Task tables (重点任务分工表) → tasks and assignments, project lists →
projects, whatever form the table came in. Fragments are invented."""
from __future__ import annotations

from pathlib import Path

from loaders.build import build_document
from loaders.graph import Graph
from loaders.reading.read import RawDocument
from ontology.vocab import A, C, R

ROLE = {R.leads: "lead", R.responsibleFor: "responsible", R.cooperatesOn: "cooperating"}
PLAN = "会宁县2024年东西部协作工作要点\n一、总体要求\n全面推进协作工作。\n\n"


def build(text: str) -> Graph:
    graph = Graph()
    build_document(RawDocument("plan.txt", Path("plan.txt"), text), graph)
    return graph


def assignments(graph: Graph) -> set[tuple[str, str, str]]:
    """(task, unit, role) of every assignment."""
    return {(graph.nodes[e.dst].name, graph.nodes[e.src].name, ROLE[e.rel])
            for e in graph.edges.values() if e.rel in ROLE
            and graph.nodes[e.dst].cls is C.Task}


def projects(graph: Graph) -> list:
    return sorted((n for n in graph.nodes.values() if n.cls is C.Project),
                  key=lambda n: n.props[A.seq])


TASKS = (PLAN + "附件\n会宁县2024年东西部协作重点任务分工表\n"
         "序号\t重点任务\t具体措施\t牵头单位\t责任单位\t配合单位\t完成时限\n"
         "1\t发展马铃薯产业\t新建种薯基地1000亩\t县农业农村局\t县财政局、各乡镇\t县林业和草原局\t2024年10月\n"
         "2\t开展劳务协作\t转移就业500人\t县民政局\t\t县总工会\t长期坚持\n")


def test_task_table_gives_one_task_per_row_and_its_assignments() -> None:
    graph = build(TASKS)
    assert assignments(graph) == {
        ("发展马铃薯产业", "会宁县农业农村局", "lead"),
        ("发展马铃薯产业", "会宁县财政局", "responsible"),
        ("发展马铃薯产业", "会宁县各乡镇", "responsible"),
        ("发展马铃薯产业", "会宁县林业和草原局", "cooperating"),
        ("开展劳务协作", "会宁县民政局", "lead"),
        ("开展劳务协作", "会宁县总工会", "cooperating")}


def test_task_content_deadline_and_provenance() -> None:
    graph = build(TASKS)
    task = next(n for n in graph.nodes.values() if n.cls is C.Task and n.name == "发展马铃薯产业")
    assert task.props[A.content] == "发展马铃薯产业：新建种薯基地1000亩"
    assert task.props[A.deadline] == "2024-10"
    edge = next(e for e in graph.edges.values()
                if e.rel is R.responsibleFor and graph.nodes[e.src].name == "会宁县财政局")
    assert edge.prov.quote == "县财政局、各乡镇"
    assert TASKS[edge.prov.start:edge.prov.end] == "县财政局、各乡镇"
    assert edge.prov.table == "会宁县2024年东西部协作重点任务分工表"


def test_task_table_in_markdown_with_department_labels() -> None:
    text = (PLAN + "### 附件1　重点任务分工表\n\n"
            "| 序号 | 重点任务 | 牵头部门 | 责任部门 |\n|---|---|---|---|\n"
            "| 1 | 建设协作产业园 | 县教育局 | 县商务局 |\n")
    assert assignments(build(text)) == {("建设协作产业园", "会宁县教育局", "lead"),
                                        ("建设协作产业园", "会宁县商务局", "responsible")}


def test_a_table_without_unit_columns_gives_no_task() -> None:
    text = PLAN + "学校名单\n序号\t重点任务\t完成时限\n1\t建设茶叶基地\t2024年6月\n"
    assert assignments(build(text)) == set()


PROJECTS = (PLAN + "附件\n2024年协作项目计划表\n"
            "序号\t项目名称\t实施地点\t建设内容\t投资(万元)\t实施单位\t完成时间\n"
            "1\t青松村冷库建设项目\t会宁县甲镇青松村\t新建冷库500立方米\t150\t甲镇人民政府\t2024年9月\n"
            "2\t协作产业园厂房项目\t会宁工业园区\t新建厂房1万平方米\t2000\t县教育局、县财政局\t2025年6月\n")


def test_project_list_gives_projects_with_place_units_and_deadline() -> None:
    graph = build(PROJECTS)
    first, second = projects(graph)
    assert (first.name, first.props[A.deadline], first.props[A.amount]) == \
        ("青松村冷库建设项目", "2024-09", 150.0)
    place = next(e.dst for e in graph.edges.values() if e.src == first.id and e.rel is R.locatedIn)
    village = graph.nodes[place]
    town = next(graph.nodes[e.dst] for e in graph.edges.values()
                if e.src == place and e.rel is R.partOf)
    assert (village.name, town.name) == ("青松村", "甲镇")
    units = {graph.nodes[e.src].name for e in graph.edges.values()
             if e.dst == second.id and e.rel is R.responsibleFor}
    assert units == {"会宁县教育局", "会宁县财政局"}
    assert second.props[A.deadline] == "2025-06"


def test_a_merged_task_cell_carries_over_and_a_total_row_is_no_task() -> None:
    text = (PLAN + "重点任务分工表\n"
            "序号\t重点任务\t具体措施\t牵头单位\n"
            "1\t壮大村集体经济\t发展光伏项目\t县审计局\n"
            "2\t\t盘活闲置资产\t县财政局\n"
            "合计\t\t\t\n")
    graph = build(text)
    assert {(t, r) for t, _, r in assignments(graph)} == {("壮大村集体经济", "lead")}
    assert len({u for _, u, _ in assignments(graph)}) == 2
    assert [n.name for n in graph.nodes.values() if n.cls is C.Task] == ["壮大村集体经济"]


def _place_of(graph: Graph, project) -> tuple[str, ...]:
    """The project's place and the places above it, by name."""
    names, node = [], next((e.dst for e in graph.edges.values()
                            if e.src == project.id and e.rel is R.locatedIn), None)
    while node is not None:
        names.append(graph.nodes[node].name)
        node = next((e.dst for e in graph.edges.values()
                     if e.src == node and e.rel is R.partOf), None)
    return tuple(names)


# A project list whose money column is called 资金 (not 投资): still a project
# list with a place, content and deadline per row, no budget table.
FUNDED_PROJECTS = (PLAN + "附件2\n会宁县2024年协作项目清单\n"
                   "序号\t项目名称\t建设地点\t建设内容\t资金规模（万元）\t责任单位\t完成时限\n"
                   "1\t青松村蔬菜大棚项目\t甲镇青松村\t新建大棚50座\t320\t甲镇人民政府\t2024年7月\n"
                   "2\t冷链物流中心项目\t丁沟镇物流园区\t新建冷库2000吨\t900\t县商务局\t2024年12月\n")


def test_a_project_list_with_a_funds_column_gives_projects() -> None:
    graph = build(FUNDED_PROJECTS)
    first, second = projects(graph)
    assert (first.name, first.props[A.amount], first.props[A.deadline]) == \
        ("青松村蔬菜大棚项目", 320.0, "2024-07")
    assert _place_of(graph, first)[:2] == ("青松村", "甲镇")
    assert second.name == "冷链物流中心项目"
    units = {graph.nodes[e.src].name for e in graph.edges.values()
             if e.dst == second.id and e.rel is R.responsibleFor}
    assert units == {"会宁县商务局"}


def test_a_township_before_a_place_that_is_no_village_is_the_street() -> None:
    # two spaces between cells; 丁沟镇物流园区 lies in 乙镇 (a park, not a village)
    text = (PLAN + "会宁县2024年协作项目计划表\n"
            "序号  项目名称  建设地点  建设内容  资金（万元）  责任单位  完成时限\n"
            "1  冷链物流中心项目  丁沟镇物流园区  新建冷库2000吨  900  县商务局  2024年12月\n"
            "2  城郊产业园项目  会宁工业园区  新建厂房  500  县工信局  2024年10月\n")
    graph = build(text)
    first, second = projects(graph)
    assert _place_of(graph, first)[:2] == ("丁沟镇", "会宁县")
    assert _place_of(graph, second)[:1] == ("会宁县",)  # 会宁工业园区 names no township


def test_stacked_lead_and_responsible_cell_in_markdown() -> None:
    text = (PLAN + "### 附件　重点任务分工表\n\n"
            "| 序号 | 重点任务 | 牵头单位<br>责任单位 | 完成时限 |\n|---|---|---|---|\n"
            "| 1 | 开展资金审计 | 县审计局<br>县财政局、甲镇 | 2024年12月 |\n")
    assert assignments(build(text)) == {("开展资金审计", "会宁县审计局", "lead"),
                                        ("开展资金审计", "会宁县财政局", "responsible"),
                                        ("开展资金审计", "甲镇", "responsible")}


def test_two_row_layout_header_gives_lead_and_cooperating() -> None:
    text = (PLAN + "附件\n            重点任务分工表\n\n"
            "  序号   重点任务           责任主体                          完成时限\n"
            "                            牵头单位         配合单位\n\n"
            "  1      劳务协作           县人力资源和社   县总工会           2024年12月\n"
            "                            会保障局\n\n"
            "  2      消费协作           县商务局         县供销社、县邮政   2024年10月\n"
            "                                             管理局\n")
    assert assignments(build(text)) == {
        ("劳务协作", "会宁县人力资源和社会保障局", "lead"),
        ("劳务协作", "会宁县总工会", "cooperating"),
        ("消费协作", "会宁县商务局", "lead"),
        ("消费协作", "会宁县供销社", "cooperating"),
        ("消费协作", "会宁县邮政管理局", "cooperating")}


def test_project_list_one_cell_per_line_with_an_implementing_party() -> None:
    # 实施主体 is the project's implementing unit (roles.csv: as 实施单位)
    text = (PLAN + "附件1\n会宁县2024年协作项目计划表\n\n"
            "序号\n项目名称\n建设地点\n建设内容\n协作资金（万元）\n实施主体\n建设期限\n\n"
            "1\n青松村冷库项目\n甲镇青松村\n新建冷库500立方米\n150\n甲镇人民政府、县商务局\n2024年9月\n\n"
            "2\n白石村道路项目\n乙镇白石村\n硬化村道3公里\n90\n县交通运输局\n2024年11月\n\n"
            "合计\n\n\n240\n\n")
    graph = build(text)
    first, second = projects(graph)
    assert (first.name, first.props[A.deadline]) == ("青松村冷库项目", "2024-09")
    assert (second.name, second.props[A.deadline]) == ("白石村道路项目", "2024-11")
    units = {graph.nodes[e.src].name for e in graph.edges.values()
             if e.dst == first.id and e.rel is R.responsibleFor}
    assert units == {"甲镇人民政府", "会宁县商务局"}


def test_a_lead_marker_inside_a_table_cell() -> None:
    # as in a clause, 县商务局（牵头） in a 责任单位 cell leads; the rest keep the column's role
    graph = build(PLAN + "重点任务清单\n序号\t工作任务\t责任单位\t完成时限\n"
                  "1\t建设消费帮扶专馆\t县商务局（牵头）、县供销社\t2024年8月\n")
    found = assignments(graph)
    assert ("建设消费帮扶专馆", "会宁县商务局", "lead") in found
    assert ("建设消费帮扶专馆", "会宁县供销社", "responsible") in found
    assert not [u for _, u, _ in found if "牵头" in u]
