"""Facts of the five sample documents, written by reading them."""
from __future__ import annotations

import re
from collections import Counter

from conftest import CORPUS, DOC


def by(rows: list[dict], **match) -> list[dict]:
    return [r for r in rows if all(r.get(k) == v for k, v in match.items())]


# -- 000: the 29-row key-project list, written one or two characters per line ----

def test_projects_of_000(ask) -> None:
    rows = ask("projects", doc=DOC["000"])
    assert [r["seq"] for r in rows] == list(range(1, 30))
    first = rows[0]
    assert first["name"] == "浏湖村提升泵站设施配套项目"
    assert (first["district"], first["street"], first["village"]) == ("新洲区", "辛冲街道", "浏湖村")
    assert first["units"] == ["洪山区乡村振兴局"]
    assert first["deadline"] == "2024-12"
    assert first["content"].startswith("1、铺设1.0MPa-SDR17-200*11.9塑料管850m")


def test_project_rows_as_read(ask) -> None:
    rows = {r["seq"]: r for r in ask("projects", doc=DOC["000"])}
    assert rows[10]["name"] == "旧街街农商文旅融合发展运营项目"
    assert (rows[10]["street"], rows[10]["village"]) == ("旧街街道", None)
    assert rows[11]["units"] == ["洪山区委党校", "洪山区应急局", "洪山区住房和城市更新局"]
    assert rows[12]["units"] == ["洪山区国资局", "洪山区国资集团", "洪山区城投公司"]
    assert rows[13]["units"] == ["关山街道"] and rows[13]["village"] == "邢榨村"
    assert rows[18]["units"] == ["洪山区发展和改革局", "洪山区财政局", "洪山区卫生健康局"]
    assert rows[19]["deadline"] == "2025-12"
    assert rows[24]["units"] == ["洪山区经信和科创局", "洪山区退役军人事务局", "洪山区科投集团"]
    assert rows[27]["village"] == "寨岗村" and rows[27]["units"] == ["洪山街道"]
    assert rows[28]["units"] == ["洪山区水务湖泊局", "武汉站地区综管办"]
    assert rows[29]["name"] == "基础水利设施建设" and rows[29]["village"] == "狮子岩村"
    assert all(r["deadline"] in ("2024-12", "2025-12") for r in rows.values())


# -- 002: the 271-row dispatch table ----------------------------------------------------

def test_dispatch_table_has_271_rows(ask) -> None:
    rows = ask("dispatches", doc=DOC["002"])
    assert [r["seq"] for r in rows] == list(range(1, 272))
    assert rows[0]["units"] == ["武汉市委办公厅", "汉口银行"]
    assert (rows[0]["lead_unit"], rows[0]["village"]) == ("武汉市委办公厅", "双河村")
    assert (rows[0]["street"], rows[0]["district"]) == ("姚家集街道", "黄陂区")


def test_each_dispatch_group_has_the_villages_its_heading_counts(ask) -> None:
    text = (CORPUS / DOC["002"]).read_text(encoding="utf-8")
    headings = re.findall(r"[一二三四五六七八九十]+、(\S+?区)(\S+?)\s*(\d+)\s*个?村（牵头单位：(\S+?)）", text)
    assert len(headings) == 22
    rows = ask("dispatches", doc=DOC["002"])
    counts = Counter((r["district"], r["street"]) for r in rows)
    for district, street, count, _ in headings:
        street = street + "道" if street.endswith("街") else street
        assert counts[(district, street)] == int(count), (district, street)


def test_hongshan_dispatches_21_villages(ask) -> None:
    rows = [r for r in ask("dispatches") if "洪山区" in r["units"]]
    assert Counter(r["street"] for r in rows) == {"旧街街道": 12, "辛冲街道": 9}
    assert {r["lead_unit"] for r in rows} == {"武汉市教育局", "武汉市卫生健康委员会"}


# -- pairings -----------------------------------------------------------------------

def test_street_village_pairs_of_001(ask) -> None:
    rows = ask("pairings", doc=DOC["001"], kind="street-village")
    assert [(r["helper"], r["helped"]) for r in rows] == [
        ("珞南街道", "客坊村"), ("关山街道", "小茅田村"), ("狮子山街道", "铜锣村"),
        ("洪山街道", "白云村"), ("梨园街道", "黄金淌村"), ("张家湾街道", "石门村"),
        ("青菱街道", "石垭子社区"), ("和平街道", "老板厂村"), ("卓刀泉街道", "雷家村")]


def test_school_and_hospital_pairs_of_001(ask) -> None:
    schools = ask("pairings", doc=DOC["001"], kind="school")
    assert len(schools) == 36
    assert (schools[0]["helper"], schools[0]["helped"]) == ("洪山区第一幼儿园", "建始县高坪镇中心幼儿园")
    assert (schools[35]["helper"], schools[35]["helped"]) == ("武汉市和平中学", "建始县红岩寺镇中学")
    assert ("武汉市卓刀泉中学", "景阳镇清江初级中学") in {(r["helper"], r["helped"]) for r in schools}
    hospitals = ask("pairings", doc=DOC["001"], kind="hospital")
    assert [(r["helper"], r["helped"]) for r in hospitals] == [
        ("洪山区疾控中心", "建始县疾控中心"), ("洪山区妇幼保健院", "建始县妇幼保健院"),
        ("张家湾街社区卫生服务中心", "业州镇卫生院"), ("珞南街社区卫生服务中心", "长梁镇中心卫生院"),
        ("和平街社区卫生服务中心", "三里乡卫生院"), ("洪山街社区卫生服务中心", "高坪镇中心卫生院")]


def test_district_county_pairs_of_002(ask) -> None:
    rows = ask("pairings", doc=DOC["002"], kind="district-county")
    pairs = {(r["helper"], r["helped"]) for r in rows}
    assert pairs == {
        ("东湖新技术开发区", "恩施市"), ("武汉经济技术开发区（汉南区）", "利川市"),
        ("洪山区", "建始县"), ("东湖生态旅游风景区", "建始县"),
        ("硚口区", "巴东县"), ("黄陂区", "巴东县"), ("江汉区", "宣恩县"), ("青山区", "宣恩县"),
        ("武汉临空港经济技术开发区（东西湖区）", "咸丰县"), ("汉阳区", "来凤县"), ("蔡甸区", "来凤县"),
        ("江岸区", "鹤峰县"), ("新洲区", "鹤峰县"), ("武昌区", "五峰土家族自治县"), ("江夏区", "五峰土家族自治县")}
    assert len(rows) == 15


# -- responsibility clauses ------------------------------------------------------------

def clause_units(rows: list[dict], task: str) -> list[str]:
    return [r["unit"] for r in rows if r["task"] == task]


def test_every_clause_of_000(ask) -> None:
    rows = ask("assignments", doc=DOC["000"])
    assert clause_units(rows, "选优配强驻村力量") == ["洪山区委组织部", "洪山区乡村振兴局", "洪山区各派出单位"]
    assert clause_units(rows, "落实资金帮扶政策") == ["洪山区乡村振兴局", "洪山区财政局", "洪山区各派出单位"]
    assert clause_units(rows, "助力培育特色产业") == ["洪山区各乡村振兴工作队及其派出单位"]
    assert clause_units(rows, "加强人才联育交流") == [
        "洪山区教育局", "洪山区卫生健康局", "洪山区各乡村振兴工作队及其派出单位"]
    assert clause_units(rows, "加大消费帮扶力度") == [
        "洪山区乡村振兴局", "洪山区城市管理执法局", "洪山区商务局", "洪山区文化和旅游局", "洪山区国资局",
        "洪山区机关事务服务中心", "洪山区总工会", "洪山区工商联", "洪山区各街道",
        "洪山区各乡村振兴工作队及其派出单位"]
    assert clause_units(rows, "实施带动就业帮扶") == ["洪山区人力资源局", "洪山区各乡村振兴工作队及其派出单位"]
    assert clause_units(rows, "深化社会帮扶关爱") == [
        "洪山区经信和科创局", "洪山区民政局", "洪山区国资局", "洪山区市场监督管理局", "洪山区工商联",
        "洪山区各乡村振兴工作队及其派出单位"]
    assert clause_units(rows, "强化动态监测帮扶") == ["洪山区各乡村振兴工作队及其派出单位"]
    assert len({r["task"] for r in rows}) == 8
    assert {r["role"] for r in rows} == {"responsible"}
    assert {r["side"] for r in rows} == {"helper"}


def test_every_clause_of_003(ask) -> None:
    rows = ask("assignments", doc=DOC["003"])
    assert len({r["task"] for r in rows}) == 10
    assert clause_units(rows, "优化完善防返贫监测和帮扶机制") == ["洪山区各乡村振兴工作队及其派出单位"]
    assert clause_units(rows, "统筹用好帮扶力量") == [
        "洪山区乡村振兴局", "洪山区工商联", "洪山区各乡村振兴工作队及其派出单位"]
    assert clause_units(rows, "接续做好省内区域协作帮扶工作") == ["洪山区结对帮扶工作领导小组各成员单位"]
    assert clause_units(rows, "严格驻村工作队管理") == [
        "洪山区纪委监委", "洪山区委组织部", "洪山区乡村振兴局", "洪山区各乡村振兴工作队及其派出单位"]
    # a bare list in brackets closes points 八 and 十
    assert clause_units(rows, "强化工作保障") == [
        "洪山区纪委监委", "洪山区委宣传部", "洪山区委机构编制委员会办公室", "洪山区乡村振兴局",
        "洪山区各乡村振兴工作队及其派出单位"]
    assert clause_units(rows, "全面推进各类问题整改")[0] == "洪山区乡村振兴局"


def test_every_clause_of_the_002_plan_once(ask) -> None:
    rows = [r for r in ask("assignments", doc=DOC["002"]) if "工作方案" in r["section"]]
    tasks = Counter(r["task"] for r in rows)
    assert len(tasks) == 20  # 三、重点帮扶措施: 4 + 3 + 3 + 2 + 2 + 4 + (七) + (八)
    # the passage written twice ((四)2 … (六)1) yields its facts once
    assert clause_units(rows, "深化医疗协作") == ["武汉市卫生健康委员会", "武汉市各区"]
    assert clause_units(rows, "开展干部双向挂职交流") == ["武汉市委组织部", "武汉市民政局", "武汉市各区"]
    assert clause_units(rows, "加强规划协作") == [
        "武汉市发展和改革委员会", "武汉市自然资源和规划局", "武汉市农业农村局", "武汉市各区"]
    assert clause_units(rows, "开展旅游宣传帮扶") == ["武汉市委宣传部", "武汉市文化和旅游局", "武汉市总工会", "武汉市各区"]
    assert clause_units(rows, "推进补充耕地和建设用地区增减挂钩指标交易") == ["武汉市各区"]


def test_every_clause_of_the_001_plan(ask) -> None:
    rows = [r for r in ask("assignments", doc=DOC["001"]) if "需求清单" not in r["section"]]
    assert len({r["task"] for r in rows}) == 14
    assert clause_units(rows, "推进就业创业帮扶") == ["洪山区人力资源局"]
    assert clause_units(rows, "深化教育协作帮扶") == ["洪山区教育局", "洪山区相关学校"]
    assert clause_units(rows, "开展创业人才培训") == ["洪山区经信和科创局", "洪山区人力资源局", "共青团洪山区委"]
    assert len(clause_units(rows, "协作共建产业园区")) == 17


def test_every_row_has_evidence_that_is_in_the_document(ask) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    for name in ("assignments", "projects", "pairings", "dispatches"):
        for row in ask(name):
            start, end = row["span"]
            source = re.sub(r"\s+", "", texts[row["document"]][start:end])
            quote = re.sub(r"\s+", "", row["evidence"])
            assert quote and quote[:6] in source, (name, row)


# -- 001: the demand list with four unit columns ----------------------------------------

def demand(rows: list[dict], task: str) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        if r["task"] == task and "需求清单" in r["section"]:
            out.setdefault((r["side"], r["role"]), []).append(r["unit"])
    return out


def test_demand_list_cells_become_assignments(ask) -> None:
    rows = ask("assignments", doc=DOC["001"])
    assert demand(rows, "继续支持建始县电商冷链物流产业园建设") == {
        ("helper", "lead"): ["洪山区市场监督管理局"],
        ("helper", "responsible"): ["洪山区乡村振兴局", "洪山区城市管理执法局", "洪山区商务局"],
        ("helped", "lead"): ["建始县乡村振兴局"],
        ("helped", "responsible"): ["建始县农业农村局", "建始县供销社", "建始县国投公司"]}
    assert demand(rows, "支持花坪镇黄鹤村养老综合体项目建设") == {
        ("helper", "lead"): ["洪山区民政局"], ("helper", "responsible"): ["洪山区民政局"],
        ("helped", "lead"): ["建始县民政局"], ("helped", "responsible"): ["花坪镇"]}
    assert demand(rows, "支持建始县建设用地增减挂钩指标交易，优先购买建始县建设用地增减挂钩指标") == {
        ("helper", "lead"): ["洪山区自然资源和城乡建设局"],
        ("helper", "responsible"): ["洪山区住房和城市更新局", "洪山区城投公司"],
        ("helped", "lead"): ["建始县自然资源和规划局"], ("helped", "responsible"): ["建始县财政局"]}
    items = {r["task"] for r in rows if "需求清单" in r["section"]}
    assert len(items) == 35
