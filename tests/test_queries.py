"""The query catalogue against facts read in corpus/ (never copied from output):
each query's filters, the forgiving name matching, and the formats analysts paste."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DOC, ROOT
from ontology.errors import AmbiguousName, QueryError
from queries.embedded import EmbeddedStore, bind
from queries.parts import same_title
from queries.resolve import resolve_name

EVIDENCE = ("document", "section", "evidence", "span")


@pytest.fixture(scope="session")
def named(store: Path):
    """The graph's name for a unit as a document writes it (区城管执法局 in 洪山区), so
    that the tests keep to the documents while the loaders refine identities."""
    db = EmbeddedStore(store)

    def name(text: str, context: str | None = None, resolver: str = "resolve_unit") -> str:
        found = resolve_name(db, resolver, text, context)
        return db.select(f"SELECT ?n WHERE {{ <{found}> bf:name ?n }}")[0]["n"]
    return name


def keys(rows: list[dict], *fields: str) -> set[tuple]:
    return {tuple(r[f] for f in fields) for r in rows}


# -- owners -----------------------------------------------------------------------------

def test_owners_of_the_pumping_station(ask) -> None:
    # 000, project list row 1: 浏湖村提升泵站设施配套项目 … 区乡村振兴局 2024年12月
    rows = ask("owners", text="泵站")
    assert ("洪山区乡村振兴局", "project", "浏湖村提升泵站设施配套项目", "responsible",
            DOC["000"]) in keys(rows, "unit", "kind", "title", "role", "document")
    # 000 （三）: …协助对口帮扶地区加强道路、泵站等基础设施建设…（责任单位：区各乡村振兴工作队及其派出单位）
    assert "洪山区各乡村振兴工作队及其派出单位" in {r["unit"] for r in rows if r["kind"] == "task"}
    assert all(set(EVIDENCE) <= set(r) and r["evidence"] for r in rows)


def test_owners_of_consumption_assistance_and_medical_work(ask, named) -> None:
    # 000 （五）加大消费帮扶力度 …（责任单位：区乡村振兴局、区城管执法局、区商务局、…各街道…）
    units = {r["unit"] for r in ask("owners", text="消费帮扶") if r["title"] == "加大消费帮扶力度"}
    written = ("区乡村振兴局", "区城管执法局", "区商务局", "区总工会")
    assert {named(w, "洪山区") for w in written} <= units
    # 001 7．推进医疗协作帮扶 …（责任单位：区卫健局、相关医疗机构）
    medical = ask("owners", text="医疗")
    assert (named("区卫健局", "洪山区"), "推进医疗协作帮扶") in keys(medical, "unit", "title")
    assert all(r["role"] == "lead" for r in ask("owners", text="医疗", role="lead"))


# -- projects ----------------------------------------------------------------------------

def test_projects_by_place_rolled_up(ask) -> None:
    # 000 rows 9 (王兴寨村) and 26 (曹井村) lie in 旧街街道; row 1 (浏湖村) in 辛冲街道
    names = {r["name"] for r in ask("projects", place="旧街街道")}
    assert {"王兴寨村红色美丽村庄建设", "土地整治及村湾人居环境提升"} <= names
    assert "浏湖村提升泵站设施配套项目" not in names
    by_district = {r["name"] for r in ask("projects", place="新洲区")}
    assert names < by_district and "浏湖村提升泵站设施配套项目" in by_district


def test_projects_by_unit_keep_all_their_units(ask, named) -> None:
    # 000 row 26: 土地整治及村湾人居环境提升 … 区教育局 区人力资源局
    rows = ask("projects", unit="区教育局", context="洪山区")
    row = next(r for r in rows if r["name"] == "土地整治及村湾人居环境提升")
    assert row["units"] == [named("区教育局", "洪山区"), named("区人力资源局", "洪山区")]
    assert row["village"] == "曹井村"


def test_projects_by_deadline(ask) -> None:
    # 000 row 19: 产业发展及公共设施建设 … 区司法局 区市场监管局 2025年12月; the others 2024年12月
    late = {r["name"] for r in ask("projects", due_after="2025-01")}
    assert "产业发展及公共设施建设" in late and "浏湖村提升泵站设施配套项目" not in late
    early = {r["name"] for r in ask("projects", due_before="2024-12")}
    assert "浏湖村提升泵站设施配套项目" in early and "产业发展及公共设施建设" not in early
    with pytest.raises(QueryError, match="YYYY-MM"):
        ask("projects", due_before="2024年12月")


# -- pairings and dispatches -------------------------------------------------------------------

def test_pairings_by_unit_on_either_side(ask) -> None:
    # 001 附件 5: 1 洪山区疾控中心 建始县疾控中心; 附件 4: 武汉市英格中学 龙坪乡龙潭坪初级中学
    helped_side = ask("pairings", unit="建始县疾控中心")
    assert ("洪山区疾控中心", "建始县疾控中心", "hospital") in keys(helped_side, "helper", "helped", "kind")
    helper_side = ask("pairings", unit="武汉市英格中学")
    assert ("武汉市英格中学", "龙坪乡龙潭坪初级中学") in keys(helper_side, "helper", "helped")


def test_pairings_by_place_and_kind(ask) -> None:
    # 001 附件 3: nine streets of 洪山区 paired with villages of 建始县, 1 珞南街道 → 客坊村
    rows = ask("pairings", place="建始县", kind="street-village")
    assert len(rows) == 9 and ("珞南街道", "客坊村") in keys(rows, "helper", "helped")
    # 002 结对表: 恩施州建始县 ← 洪山区 东湖生态旅游风景区
    county = ask("pairings", place="恩施州", kind="district-county")
    assert ("洪山区", "建始县") in keys(county, "helper", "helped")


def test_dispatches_by_lead_unit_place_and_kind(ask) -> None:
    # 002: 十、黄陂区李家集街 12 个村（牵头单位：市委统战部）
    led = ask("dispatches", unit="市委统战部")
    assert len(led) == 12 and {r["street"] for r in led} == {"李家集街道"}
    # 002: 三、蔡甸区侏儒山街 22 个村, 十九、蔡甸区张湾街 12 个村, 二十、蔡甸区消泗乡 12 个村
    assert len(ask("dispatches", place="蔡甸区")) == 46
    # 002 row 1: 市委办公厅、汉口银行 双河村 — a bank is an enterprise
    enterprise = ask("dispatches", kind="enterprise")
    assert "双河村" in {r["village"] for r in enterprise}
    assert all(set(EVIDENCE) <= set(r) for r in enterprise)


# -- funds -----------------------------------------------------------------------------------

def test_funds_with_recurring_amounts_and_a_total(ask, named) -> None:
    rows = ask("funds")
    body, total = rows[:-1], rows[-1]
    # 000: 区财政每年统筹安排帮扶资金不少于 300 万元
    assert any(r["document"] == DOC["000"] and r["amount"] == 300 and r["recurring"] is True
               and r["source"] == [named("区财政", "洪山区")] for r in body)
    # 001: 2024 年度全区安排财政性帮扶资金 1850 万元 … 帮扶建始县
    assert any(r["document"] == DOC["001"] and r["amount"] == 1850 and r["year"] == 2024
               and "建始县" in r["target"] for r in body)
    assert total["allocation"].startswith("合计") and total["document"] is None
    # a part stated after 其中 is already in its total (tests/test_answers.py)
    assert total["amount"] == pytest.approx(sum(r["amount"] for r in body if not r["part_of"]))


def test_funds_by_source_target_and_year(ask) -> None:
    # 洪山区财政 is a unit of 洪山区: a source rolled up to the district takes it in
    by_source = ask("funds", source="洪山区")
    assert {300, 1850} <= {r["amount"] for r in by_source[:-1]}
    # 002: 安排恩施州来凤县结对帮扶经费 1750 万元; 来凤县 lies in 恩施州
    assert 1750 in {r["amount"] for r in ask("funds", target="恩施州")[:-1]}
    assert {r["year"] for r in ask("funds", year="2024")[:-1]} == {2024}


# -- document ----------------------------------------------------------------------------------

def test_a_document_embedded_in_a_file_is_found_by_its_number(ask, named) -> None:
    # 002 holds 武办文〔2021〕33号 (the plan for 恩施州 and 五峰县, with its pairing table)
    rows = ask("document", doc="武办文〔2021〕33号")
    own = [r for r in rows if r["kind"] != "cited-by"]
    assert {r["document"] for r in own} == {DOC["002"]}
    assert {r["part"] for r in own} == {"武办文〔2021〕33号"}
    # 3. 强化产销协作 …（责任单位：市商务局、市财政局，市供销合作总社、市总工会，各区）
    commerce = named("市商务局", "武汉市")
    assert any(r["kind"] == "task" and r["title"] == "强化产销协作" and commerce in r["unit"]
               for r in own)
    assert any(r["kind"] == "pairing" and r["title"] == "建始县" and "洪山区" in r["unit"] for r in own)
    # its preamble: 根据《省委办公厅、省政府办公厅关于…》（鄂办发〔2021〕15号）
    assert any(r["kind"] == "cites" and "鄂办发〔2021〕15号" in r["title"] for r in own)
    # the dispatch table belongs to 武办文〔2021〕40号, not to 33号
    assert not [r for r in rows if r["kind"] == "dispatch"]
    # the cover of 002 cites it: 《关于武汉市结对帮扶恩施州和宜昌市五峰县工作方案的通知》（武办文[2021]33 号）
    assert {r["document"] for r in rows if r["kind"] == "cited-by"} == {DOC["002"]}


def test_the_other_embedded_document_and_the_whole_file(ask, named) -> None:
    # 武办文〔2021〕40号 carries 附件：市派驻村工作力量安排一览表 — 1 市委办公厅、汉口银行 双河村
    forty = ask("document", doc="武办文[2021]40 号", kind="dispatch")
    assert forty and {r["part"] for r in forty} == {"武办文〔2021〕40号"}
    units = [named("市委办公厅", "武汉市"), named("汉口银行")]
    assert any(r["title"] == "双河村" and r["unit"] == units for r in forty)
    whole = ask("document", doc=DOC["002"])
    parts = {r["part"] for r in whole}
    assert {None, "武办文〔2021〕40号", "武办文〔2021〕33号"} <= parts
    # the cover's own sum: 汉阳区年初预算安排乡村振兴和结对帮扶资金共计 2368 万元
    assert any(r["kind"] == "fund" and r["amount"] == 2368 and r["part"] is None for r in whole)


def test_a_document_only_cited_answers_with_who_cites_it(ask) -> None:
    # 鄂办发〔2021〕15号 is cited by 002 (33号's preamble) and by 004, and is in no file
    rows = ask("document", doc="鄂办发〔2021〕15号")
    assert {r["kind"] for r in rows} == {"cited-by"}
    assert {r["document"] for r in rows} == {DOC["002"], DOC["004"]}
    # a file by its own 文号: 003 is 洪乡振发〔2022〕1号
    assert {r["document"] for r in ask("document", doc="洪乡振发〔2022〕1号")} == {DOC["003"]}


def test_titles_of_embedded_documents_are_recognised() -> None:
    assert same_title("关于武汉市结对帮扶恩施州和宜昌市五峰县工作方案的通知",
                      "武汉市结对帮扶恩施州和宜昌市五峰县工作方案")
    assert same_title("中共武汉市委办公厅关于做好重点乡村持续选派驻村第一书记和工作队的通知",
                      "中共武汉市委办公厅关于做好向重点乡村 持续选派驻村第一书记和工作队的通知")
    assert not same_title("武汉市帮扶恩施州、五峰县结对表", "市派驻村工作力量安排一览表")


# -- workload, partners, gaps -------------------------------------------------------------------

def test_workload_ranks_units(ask, named) -> None:
    # 000's project list names 区乡村振兴局 for rows 1 to 10, no other unit for more than three
    first = ask("workload", doc=DOC["000"])[0]
    assert (first["rank"], first["unit"], first["projects"]) == (1, named("区乡村振兴局", "洪山区"), 10)
    rows = ask("workload")
    assert all(r["total"] == r["lead"] + r["responsible"] + r["projects"] for r in rows)
    assert [r["total"] for r in rows] == sorted((r["total"] for r in rows), reverse=True)
    assert all(b["rank"] == (a["rank"] if a["total"] == b["total"] else i + 2)
               for i, (a, b) in enumerate(zip(rows, rows[1:])))
    per_document = ask("workload", by="document", top="1")
    assert {r["document"] for r in per_document} == {DOC[k] for k in ("000", "001", "002", "003")}


def test_partners_share_tasks(ask, named) -> None:
    rows = ask("partners", unit="区教育局", context="洪山区")
    # 000 row 26: 区教育局 区人力资源局; 001 6．深化教育协作帮扶（责任单位：区教育局、相关学校）
    pairs = keys(rows, "partner", "title")
    assert (named("区人力资源局", "洪山区"), "土地整治及村湾人居环境提升") in pairs
    assert (named("相关学校", "洪山区"), "深化教育协作帮扶") in pairs
    assert named("区教育局", "洪山区") not in {r["partner"] for r in rows}
    for partner in {r["partner"] for r in rows}:
        titles = {(r["document"], r["title"]) for r in rows if r["partner"] == partner}
        assert {r["shared"] for r in rows if r["partner"] == partner} == {len(titles)}


def test_gaps(ask, named) -> None:
    villages = ask("gaps", kind="village-without-project")
    names = {r["name"] for r in villages}
    # 002: 176 洪山区 蔡咀村, 1 市委办公厅、汉口银行 双河村 — no project names them;
    # 175 市卫健委 绿山村 has 000's row 8 (绿山村园区基础设施改善)
    assert {"蔡咀村", "双河村"} <= names and "绿山村" not in names
    # 003 is addressed to 区结对帮扶工作领导小组各成员单位; no document lists the members
    groups = {r["name"] for r in ask("gaps", kind="group-without-members", doc=DOC["003"])}
    assert named("区结对帮扶工作领导小组各成员单位", "洪山区") in groups
    assert all(r["gap"] in ("task-without-unit", "village-without-project", "project-without-deadline",
                            "project-without-unit", "group-without-members") for r in ask("gaps"))


# -- path, helpers, hierarchy ------------------------------------------------------------------

def test_path_between_two_finance_bureaus(ask, named) -> None:
    # 001 需求清单 6 消费帮扶 8.开展产销对接活动…: 区财政局 leads, and on the 建始县 side 县财政局
    rows = ask("path", **{"from": "区财政局", "to": "县财政局"})
    chains = {r["chain"] for r in rows}
    assert chains and all(len([r for r in rows if r["chain"] == c]) == 2 for c in chains)
    first = [r for r in rows if r["chain"] == 1]
    assert first[0]["from"] == named("区财政局", "洪山区")
    assert first[-1]["to"] == named("县财政局", "建始县")
    assert "产销对接" in first[0]["to"] and all(r["document"] == DOC["001"] and r["evidence"]
                                              for r in first)


def test_path_steps_join_up(ask, named) -> None:
    rows = ask("path", **{"from": "区教育局", "to": "浏湖村", "context": "洪山区", "limit": "2"})
    assert {r["chain"] for r in rows} == {1, 2}
    for chain in (1, 2):
        steps = [r for r in rows if r["chain"] == chain]
        assert steps[0]["from"] == named("区教育局", "洪山区") and steps[-1]["to"] == "浏湖村"
        assert all(a["to"] == b["from"] for a, b in zip(steps, steps[1:]))


def test_helpers_of_a_place(ask, named) -> None:
    rows = ask("helpers", place="辛冲街道")
    # 000 row 1 in 浏湖村; 002: 十四、新洲区辛冲街 … 175 市卫健委 绿山村
    helped = keys(rows, "kind", "helper", "place")
    assert ("project", named("区乡村振兴局", "洪山区"), "浏湖村") in helped
    assert ("dispatch", named("市卫健委", "武汉市"), "绿山村") in helped
    assert ("team", "绿山村") in keys(rows, "kind", "place")
    county = ask("helpers", place="建始县")
    # 001 附件 3: 珞南街道 → 客坊村; 002: 恩施州建始县 ← 洪山区; 001: 1850 万元 from 洪山区
    assert ("pairing", "珞南街道", "客坊村") in keys(county, "kind", "helper", "place")
    assert ("pairing", "洪山区", "建始县") in keys(county, "kind", "helper", "place")
    assert ("fund", "洪山区") in keys(county, "kind", "helper")
    assert all(r["document"] and r["evidence"] for r in county)


def test_hierarchy_is_a_tree(ask) -> None:
    rows = ask("hierarchy", place="新洲区")
    assert (rows[0]["place"], rows[0]["depth"]) == ("新洲区", 0)
    where = {r["place"]: r for r in rows}
    assert (where["辛冲街道"]["depth"], where["辛冲街道"]["parent"]) == (1, "新洲区")
    assert (where["浏湖村"]["depth"], where["浏湖村"]["parent"]) == (2, "辛冲街道")
    order = [r["place"] for r in rows]
    assert all(order.index(r["parent"]) < i for i, r in enumerate(rows) if r["parent"])


# -- forgiving names ---------------------------------------------------------------------------

def test_names_by_qualified_name_alias_written_context_and_fragment(ask, named) -> None:
    by_name = ask("duties", unit=named("区财政局", "洪山区"))
    assert by_name
    assert ask("duties", unit="区财政局") == by_name  # the text as written
    assert ask("duties", unit="财政局", context="洪山区") == by_name  # qualified by the context
    assert ask("duties", unit="财政局", context="洪山") == by_name  # the context by its alias
    # 恩施州 is the alias of 恩施土家族苗族自治州
    assert ask("hierarchy", place="恩施州")[0]["place"] == "恩施土家族苗族自治州"
    # a fragment that names one unit only
    assert ask("pairings", unit="英格中学")[0]["helper"] == "武汉市英格中学"


def test_an_ambiguous_name_lists_its_candidates(ask) -> None:
    with pytest.raises(AmbiguousName) as err:
        ask("duties", unit="财政局")
    for name in ("洪山区财政局", "武汉市财政局", "建始县财政局"):
        assert name in str(err.value)
    with pytest.raises(QueryError, match="no entity"):
        ask("document", doc="武办文〔2099〕1号")


def test_a_list_value_binds_one_row_per_item() -> None:
    bound = bind("SELECT ?x WHERE { ?x ?p ?p_from }", {"from": ["a", "b"]})
    assert 'VALUES (?p_from) { ("a") ("b") }' in bound


# -- the command line: formats an analyst pastes --------------------------------------------------

def bangfu(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BANGFU_STORE=str(store))
    return subprocess.run([sys.executable, "-c", "import cli; cli.run()", *args], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=120)


def test_markdown_is_a_table_with_the_total_row(store: Path) -> None:
    out = bangfu("query", "funds", "-p", "source=洪山区", "-f", "markdown", store=store)
    lines = out.stdout.splitlines()
    assert out.returncode == 0 and lines[0].startswith("| document | allocation | source | target")
    assert set(lines[1]) <= set("|-") and lines[-1].split("|")[2].strip().startswith("合计")
    assert all(line.count("|") == lines[0].count("|") for line in lines)


def test_csv_carries_evidence_and_reads_back(store: Path) -> None:
    out = bangfu("query", "owners", "-p", "text=泵站", "-f", "csv", store=store)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    row = next(r for r in rows if r["title"] == "浏湖村提升泵站设施配套项目")
    assert row["unit"] == "洪山区乡村振兴局" and row["evidence"] and row["document"] == DOC["000"]


def test_table_shows_evidence_when_asked(store: Path) -> None:
    plain = bangfu("query", "owners", "-p", "text=泵站", store=store).stdout
    full = bangfu("query", "owners", "-p", "text=泵站", "--evidence", store=store).stdout
    assert "evidence" not in plain.splitlines()[0] and "evidence" in full.splitlines()[0]


def test_cli_names_ambiguous_and_fragment(store: Path) -> None:
    result = bangfu("query", "duties", "-p", "unit=财政局", store=store)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "洪山区财政局" in result.stderr and "武汉市财政局" in result.stderr
    ok = bangfu("query", "pairings", "-p", "unit=英格中学", "-f", "json", store=store)
    assert json.loads(ok.stdout)[0]["helped"] == "龙坪乡龙潭坪初级中学"


def test_queries_lists_each_query_and_its_parameters(store: Path) -> None:
    listing = bangfu("queries", store=store).stdout
    for name in ("owners", "funds", "document", "workload", "partners", "gaps", "path", "helpers",
                 "hierarchy"):
        assert name in listing
    detail = bangfu("queries", "funds", "-f", "json", store=store)
    params = {p["parameter"]: p for p in json.loads(detail.stdout)}
    assert {"source", "target", "year"} <= set(params) and params["source"]["help"]
