"""Answers an analyst can quote (issue #12): money counted once, duties through
the groups a unit belongs to, the role a unit has in a dispatch.

Fragments are written here in the genre's form (invented places and units);
the corpus checks read the sample documents' own sentences."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DOC
from queries.api import build, query

# A plan that states one allocation three times (a goal, a measure, an agreement's
# clause whose year is in the agreement's title), a sum with its parts after 其中,
# and the same amount again in another year.
PLAN = """2025 年江夏区结对帮扶竹溪县工作方案

一、主要目标

坚持优势互补、互惠共赢，2025 年度全区安排财政性帮扶资金 900 万元。

二、重点任务

（一）强化资金支持

1．落实资金项目。2025 年，我区安排结对帮扶项目财政性支持资金 900 万元，重点支持竹溪县产业发展。

2．统筹预算。区财政年初预算安排帮扶资金共计 500 万元，其中：安排驻村工作经费共 120 万元；安排竹溪县结对帮扶经费 380 万元，助力乡村振兴。

3．加大投入。2026 年，我区安排财政性帮扶资金 900 万元。

附件 1

《2025 年区域协作协议书》条款内容

三、江夏区向竹溪县提供财政援助资金 900 万元
"""

# 其中 followed by amounts that add up to more than the sum: not its parts.
NOT_PARTS = """黄陂区结对帮扶郧西县工作要点

一、资金保障

区财政安排帮扶资金共计 100 万元，其中：安排驻村工作经费 80 万元；安排郧西县结对帮扶经费 60 万元。
"""


@pytest.fixture(scope="module")
def fragments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fragments")
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    (folder / "points.txt").write_text(NOT_PARTS, encoding="utf-8")
    store = folder / "store"
    build([folder / "plan.txt", folder / "points.txt"], store)
    return store


def funds(store: Path, **params: str) -> tuple[list[dict], dict]:
    rows = query(store, "funds", params)
    return rows[:-1], rows[-1]


# -- 2. money counted once -------------------------------------------------------------

def test_an_allocation_stated_three_times_is_one_row_with_three_mentions(fragments) -> None:
    body, total = funds(fragments, doc="plan.txt")
    nine = [r for r in body if r["amount"] == 900 and r["year"] == 2025]
    assert len(nine) == 1
    (row,) = nine
    assert row["source"] == ["江夏区"] and row["target"] == ["竹溪县"]
    quotes = [m["evidence"] for m in row["mentions"]]
    assert len(quotes) == 3
    assert any("全区安排财政性帮扶资金 900 万元" in q for q in quotes)
    assert any("我区安排结对帮扶项目财政性支持资金 900 万元" in q for q in quotes)
    assert any("提供财政援助资金 900 万元" in q for q in quotes)
    assert all(m["section"] and m["span"][0] < m["span"][1] for m in row["mentions"])
    # the same amount in another year is another allocation
    assert [r["year"] for r in body if r["amount"] == 900] == [2025, 2026]


def test_a_total_and_its_parts_are_not_added_together(fragments) -> None:
    body, total = funds(fragments, doc="plan.txt")
    parts = {r["amount"]: r for r in body if r["part_of"]}
    assert set(parts) == {120, 380}
    # the parts keep the sum's source and year
    assert all(r["source"] == ["江夏区财政"] and r["year"] == 2025 for r in parts.values())
    # 900 (2025) + 500 + 900 (2026): each once, 120 and 380 are inside 500
    assert total["amount"] == 2300
    assert total["document"] is None
    # the total row says what it sums
    assert "3 项" in total["allocation"] and "2 项分项" in total["allocation"]


def test_a_part_counts_when_its_total_is_not_asked_for(fragments) -> None:
    # only the 2026 allocation and nothing else: no parts, no mention of them
    body, total = funds(fragments, doc="plan.txt", year="2026")
    assert [r["amount"] for r in body] == [900] and total["amount"] == 900
    assert "分项" not in total["allocation"]


def test_amounts_after_qizhong_that_exceed_the_sum_are_not_its_parts(fragments) -> None:
    body, total = funds(fragments, doc="points.txt")
    assert sorted(r["amount"] for r in body) == [60, 80, 100]
    assert not any(r["part_of"] for r in body)
    assert total["amount"] == 240


def test_corpus_001_states_1850_once(ask) -> None:
    # 001: 一、主要目标 …2024 年度全区安排财政性帮扶资金 1850 万元; 10．推进资金项目落实
    # 2024 年，我区安排…1850 万元; 附件 1《2024 年省内区域协作协议书》三、洪山区向建始县
    # 提供财政援助资金 1850 万元 — one allocation, three mentions
    body, total = ask("funds", doc=DOC["001"])[:-1], ask("funds", doc=DOC["001"])[-1]
    assert [(r["amount"], r["year"]) for r in body] == [(1850, 2024)]
    assert len(body[0]["mentions"]) == 3
    assert total["amount"] == 1850
    hongshan = ask("funds", source="洪山区")
    assert [r["amount"] for r in hongshan[:-1]].count(1850) == 1


def test_corpus_002_sum_and_its_parts(ask) -> None:
    # 002 cover: 汉阳区年初预算安排乡村振兴和结对帮扶资金共计 2368 万元，其中：安排区直机关
    # 工委等预算单位乡村振兴专项经费共 618 万元…；安排恩施州来凤县结对帮扶经费 1750 万元
    rows = ask("funds", doc=DOC["002"])
    body, total = rows[:-1], rows[-1]
    whole = [r for r in body if r["amount"] == 2368]
    assert len(whole) == 1 and whole[0]["year"] == 2023 and whole[0]["source"] == ["汉阳区"]
    parts = [r for r in body if r["part_of"]]
    assert sorted(r["amount"] for r in parts) == [618, 1750]
    assert all(r["year"] == 2023 and r["source"] == ["汉阳区"] for r in parts)
    # the sum is counted, its parts are not added to it again
    assert total["amount"] == pytest.approx(sum(r["amount"] for r in body) - 618 - 1750)
    # 武汉市 → 恩施州: 15 亿元 (150000) for 2021—2025, 洪山区's 1850 once, and 汉阳区's
    # 1750 for 来凤县 (its sum 2368 names no target in 恩施州, so the part counts)
    to_enshi = ask("funds", source="武汉市", target="恩施州")
    assert to_enshi[-1]["amount"] == 150000 + 1850 + 1750


# -- 3. duties through groups ------------------------------------------------------------

# Two streets named one by one, and a task and a fund given to 各街道, the group they
# belong to (loaders/resolution/resolve.py link_groups: the streets of the district).
GROUPS = """江夏区2025年结对帮扶竹溪县工作方案

一、重点任务

（一）深化村企共建。组织街道与结对村开展共建活动。（责任单位：纸坊街道、五里界街道）

（二）推进产销对接。组织社区开展消费帮扶活动。（责任单位：区各街道）

（三）落实帮扶资金。各街道每年为竹溪县筹措帮扶资金不少于 2 万元。
"""

# A dispatch list: one unit sends a team and leads its area, another leads an area
# whose teams other units send.
DISPATCH = """江夏区驻村工作方案

附件

驻村工作力量安排一览表

序号\t派出单位\t派驻村
一、江夏区金口街 2 个村（牵头单位：区卫健局）\t\t
1\t区卫健局\t槐山村
2\t区财政局、区税务局\t沙湖村
二、江夏区山坡街 1 个村（牵头单位：区财政局）\t\t
3\t区教育局\t光明村
"""


@pytest.fixture(scope="module")
def groups(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("groups")
    (folder / "groups.txt").write_text(GROUPS, encoding="utf-8")
    (folder / "dispatch.txt").write_text(DISPATCH, encoding="utf-8")
    store = folder / "store"
    build([folder / "groups.txt", folder / "dispatch.txt"], store)
    return store


def test_duties_include_the_tasks_of_the_groups_a_unit_belongs_to(groups) -> None:
    rows = query(groups, "duties", {"unit": "纸坊街道"})
    by_title = {r["title"]: r for r in rows}
    assert by_title["深化村企共建"]["via"] is None  # named itself
    via_group = by_title["推进产销对接"]
    assert via_group["via"] == "江夏区各街道" and via_group["role"] == "responsible"
    # the row keeps the group's own evidence
    assert via_group["evidence"] == "（责任单位：区各街道）" and via_group["span"][0] > 0
    # the other member too; the group itself answers without via
    assert "推进产销对接" in {r["title"] for r in query(groups, "duties", {"unit": "五里界街道"})}
    assert all(r["via"] is None for r in query(groups, "duties", {"unit": "区各街道",
                                                                   "context": "江夏区"}))


def test_duties_of_corpus_street_include_its_groups(ask) -> None:
    # 001: 2．推动开展产销对接 …（责任单位：…区各街道） and 12 more tasks of 洪山区各街道;
    # 张家湾街道 is one of the streets of 洪山区 the pairing table names
    rows = ask("duties", unit="张家湾街道")
    assert len([r for r in rows if r["via"] == "洪山区各街道"]) >= 14
    assert any(r["title"] == "推动开展产销对接" and r["via"] == "洪山区各街道" for r in rows)
    assert all(r["evidence"] and r["span"] for r in rows)


def test_helpers_of_a_place_name_the_members_of_a_helping_group(groups) -> None:
    rows = query(groups, "helpers", {"place": "竹溪县", "kind": "fund"})
    assert {(r["helper"], r["via"]) for r in rows} == {
        ("江夏区各街道", None), ("纸坊街道", "江夏区各街道"), ("五里界街道", "江夏区各街道")}
    assert all("每年为竹溪县筹措帮扶资金" in r["evidence"] for r in rows)


# -- 4. dispatch roles -----------------------------------------------------------------

def test_dispatch_rows_say_whether_the_unit_sends_or_leads(groups) -> None:
    health = query(groups, "dispatches", {"unit": "区卫健局"})
    assert {r["village"]: r["role"] for r in health} == {
        "槐山村": "dispatching, lead", "沙湖村": "lead"}
    finance = query(groups, "dispatches", {"unit": "区财政局"})
    assert {r["village"]: r["role"] for r in finance} == {"沙湖村": "dispatching", "光明村": "lead"}
    # no unit asked about: no role to say
    assert {r["role"] for r in query(groups, "dispatches", {})} == {None}


def test_dispatches_filter_by_role(groups) -> None:
    sends = query(groups, "dispatches", {"unit": "区卫健局", "role": "dispatching"})
    assert [r["village"] for r in sends] == ["槐山村"]
    leads = query(groups, "dispatches", {"unit": "区财政局", "role": "lead"})
    assert [r["village"] for r in leads] == ["光明村"]


def test_corpus_city_health_commission_sends_one_team(ask) -> None:
    # 002 十四、新洲区辛冲街 10 个村（牵头单位：市卫健委）175 市卫健委 绿山村; 176–184 洪山区
    rows = ask("dispatches", unit="市卫健委")
    assert len(rows) == 10
    assert [r["village"] for r in rows if "dispatching" in r["role"]] == ["绿山村"]
    assert len(ask("dispatches", unit="市卫健委", role="dispatching")) == 1
    assert len(ask("dispatches", unit="市卫健委", role="lead")) == 10


# -- 8. command-line conventions -------------------------------------------------------

def bangfu(*args: str, store: Path) -> "subprocess.CompletedProcess[str]":
    import os
    import subprocess
    import sys
    from conftest import ROOT
    env = dict(os.environ, BANGFU_STORE=str(store))
    return subprocess.run([sys.executable, "-c", "import cli; cli.run()", *args], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=120)


def test_md_and_markdown_name_one_format_everywhere(store: Path) -> None:
    for fmt in ("md", "markdown"):
        out = bangfu("query", "funds", "-p", "source=洪山区", "-f", fmt, store=store)
        assert out.returncode == 0 and out.stdout.startswith("| document |"), out.stderr
        report = bangfu("quality", "-f", fmt, store=store)
        assert report.returncode == 0 and report.stdout.startswith("#"), report.stderr
    refused = bangfu("query", "funds", "-f", "xml", store=store)
    assert refused.returncode == 2 and "md is markdown" in refused.stderr


def test_help_has_no_type_placeholders_and_every_option_has_help() -> None:
    import typer
    from typer.testing import CliRunner

    import cli
    command = typer.main.get_command(cli.app)
    runner = CliRunner()
    for name, sub in command.commands.items():
        assert all(p.help for p in sub.params if p.param_type_name == "option"), name
        shown = runner.invoke(cli.app, [name, "--help"], terminal_width=200).output
        for placeholder in ("<str>", "<bool>", "<list[str]>", "<path>", "<int>", "<float>"):
            assert placeholder not in shown, (name, placeholder)
    # -p of the ad-hoc queries says what it binds
    assert "A value for ?KEY" in runner.invoke(cli.app, ["sparql", "--help"],
                                               terminal_width=200).output


def test_sparql_write_is_documented_as_the_code_does_it() -> None:
    from conftest import ROOT
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `bangfu sparql"))
    assert "--write" in row and "read-only unless" in row
