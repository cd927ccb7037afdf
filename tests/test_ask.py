"""Questions in Chinese: routing (question → query and parameters) against the
catalogue contract, answers end to end for the queries the catalogue has, and
refusals. The questions are written as analysts ask them, from the five
sample documents."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DOC, ROOT
from queries import catalog
from queries.ask import answer, name_index, route, suggest
from queries.embedded import EmbeddedStore
from queries.intents import CONTRACT
from queries.linking import NameIndex, fold

# (question, query, parameters) — parameters are the names the query is given.
ROUTES: list[tuple[str, str, dict[str, str]]] = [
    # duties: what a unit is responsible for; 区财政局 is written only in 洪山区's
    # documents, so the form as written names one unit
    ("区财政局负责哪些工作？", "duties", {"unit": "洪山区财政局"}),
    ("洪山区乡村振兴局负责哪些工作？", "duties", {"unit": "洪山区乡村振兴局"}),
    ("区委组织部牵头了哪些任务？", "duties", {"unit": "洪山区委组织部", "role": "lead"}),
    ("团区委的任务有哪些？", "duties", {"unit": "共青团洪山区委"}),
    ("市委办公厅承担哪些职责？", "duties", {"unit": "武汉市委办公厅"}),
    ("县乡村振兴局要做哪些事？", "duties", {"unit": "建始县乡村振兴局"}),
    ("请问区民政局的职责是什么？", "duties", {"unit": "洪山区民政局"}),
    ("区商务局牵头的工作有哪些", "duties", {"unit": "洪山区商务局", "role": "lead"}),
    ("区人力资源局", "duties", {"unit": "洪山区人力资源局"}),
    ("建始县的相关学校负责哪些工作？", "duties", {"unit": "建始县相关学校"}),
    ("武汉市洪山区负责哪些工作？", "duties", {"unit": "洪山区"}),
    # a role word filters the role (牵头 → lead); the bare 负责 asks for every role
    ("区乡村振兴局牵头哪些工作？", "duties", {"unit": "洪山区乡村振兴局", "role": "lead"}),
    ("张家湾街道负责哪些工作？", "duties", {"unit": "张家湾街道"}),
    # owners: who is responsible for a topic or a task
    ("谁负责消费帮扶？", "owners", {"text": "消费帮扶"}),
    ("防返贫监测由谁负责？", "owners", {"text": "防返贫监测"}),
    ("消费帮扶由哪个单位牵头", "owners", {"text": "消费帮扶", "role": "lead"}),
    # the keyword is cut clean of the role verbs before it
    ("哪个单位牵头负责电商冷链物流产业园", "owners", {"text": "电商冷链物流产业园", "role": "lead"}),
    ("泵站项目是谁在管", "owners", {"text": "泵站"}),
    ("哪些单位负责加大消费帮扶力度？", "owners", {"text": "加大消费帮扶力度"}),
    ("浏湖村提升泵站设施配套项目的责任单位是谁？", "owners",
     {"text": "浏湖村提升泵站设施配套项目", "role": "responsible"}),
    ("选优配强驻村力量是谁负责的？", "owners", {"text": "选优配强驻村力量"}),
    ("就业帮扶工作由哪个部门负责？", "owners", {"text": "就业帮扶"}),
    ("谁负责选派驻村第一书记？", "owners", {"text": "选派驻村第一书记"}),
    # projects: of a place (the helped village, street, district) or of a unit
    ("寨岗村有哪些项目？", "projects", {"place": "寨岗村"}),
    ("2024年洪山区对口帮扶新洲区有哪些项目？", "projects", {"place": "新洲区"}),
    ("新洲区辛冲街道有几个帮扶项目？", "projects", {"place": "辛冲街道"}),
    ("寨岗村的项目由谁负责？", "projects", {"place": "寨岗村"}),
    ("区乡村振兴局负责哪些项目？", "projects", {"unit": "洪山区乡村振兴局"}),
    ("2024年底前要完成哪些项目？", "projects", {"due_before": "2024-12"}),
    # read exactly: before 2025 ends in 2024-12, after 2024 starts in 2025-01
    ("2024年以后到期的项目有哪些？", "projects", {"due_after": "2025-01"}),
    ("2025年起到期的项目", "projects", {"due_after": "2025-01"}),
    ("截止时间在2025年之前的项目", "projects", {"due_before": "2024-12"}),
    ("2025年以前到期的项目", "projects", {"due_before": "2024-12"}),
    ("截至2024年底的项目", "projects", {"due_before": "2024-12"}),
    ("《洪山区进一步落实结对帮扶新洲区工作机制的实施方案》里有哪些项目？", "projects",
     {"doc": DOC["000"]}),
    # pairings: the helper is a unit, the helped a place; the kind from the words
    ("洪山区结对帮扶哪个县？", "pairings", {"unit": "洪山区", "kind": "district-county"}),
    ("珞南街道结对帮扶哪个村？", "pairings", {"unit": "珞南街道", "kind": "street-village"}),
    ("帮我查一下蔡甸区结对帮扶哪个县", "pairings", {"unit": "蔡甸区", "kind": "district-county"}),
    ("建始县和哪里结对？", "pairings", {"place": "建始县"}),
    ("宣恩县由哪个区结对帮扶？", "pairings", {"place": "宣恩县"}),
    ("洪山区第一小学和哪所学校结对？", "pairings", {"unit": "洪山区第一小学", "kind": "school"}),
    ("有哪些医院结对帮扶？", "pairings", {"kind": "hospital"}),
    ("洪山区有哪些学校和建始县结对？", "pairings", {"kind": "school", "place": "洪山区"}),
    ("洪山区对口帮扶的是哪个县？", "pairings", {"unit": "洪山区", "kind": "district-county"}),
    ("洪山区和建始县是结对关系吗？", "pairings", {"unit": "洪山区", "place": "建始县"}),
    # dispatches: by the dispatching unit, or in a place
    ("市委办公厅派驻了哪些村？", "dispatches", {"unit": "武汉市委办公厅"}),
    ("青山区向哪些村派驻了工作队？", "dispatches", {"unit": "青山区"}),
    ("双河村的驻村工作队是哪个单位派的？", "dispatches", {"place": "双河村"}),
    ("姚家集街道有哪些驻村工作队？", "dispatches", {"place": "姚家集街道"}),
    ("谁向寨岗村派驻了工作队？", "dispatches", {"place": "寨岗村"}),
    ("市卫健委牵头的驻村工作队在哪些村？", "dispatches", {"unit": "武汉市卫生健康委员会", "role": "lead"}),
    ("驻村工作队有哪些？", "dispatches", {}),
    # helpers: everyone who helps a place
    ("寨岗村由谁帮扶？", "helpers", {"place": "寨岗村"}),
    ("谁帮扶建始县？", "helpers", {"place": "建始县"}),
    ("辛冲街道三合村由哪些单位帮扶？", "helpers", {"place": "三合村", "context": "辛冲街道"}),
    ("浏湖村的帮扶单位有哪些？", "helpers", {"place": "浏湖村"}),
    ("新洲区", "helpers", {"place": "新洲区"}),
    ("寨岗村有谁在帮扶", "helpers", {"place": "寨岗村"}),
    ("浏湖村是谁在管？", "helpers", {"place": "浏湖村"}),
    ("辛冲街道有哪些单位在帮扶？", "helpers", {"place": "辛冲街道"}),
    # hierarchy
    ("旧街街道下辖哪些村？", "hierarchy", {"place": "旧街街道"}),
    ("旧街街道包括哪些村", "hierarchy", {"place": "旧街街道"}),
    ("新洲区下辖哪些街道？", "hierarchy", {"place": "新洲区"}),
    ("洪山区有哪些街道？", "hierarchy", {"place": "洪山区"}),
    ("辛冲街道有几个村？", "hierarchy", {"place": "辛冲街道"}),
    ("辛冲街道包括哪些村？", "hierarchy", {"place": "辛冲街道"}),
    ("建始县包括哪些乡镇？", "hierarchy", {"place": "建始县"}),
    ("恩施州下辖哪些县？", "hierarchy", {"place": "恩施土家族苗族自治州"}),
    # funds: X spends (source), Y receives (target)
    ("洪山区的帮扶资金是多少？", "funds", {"source": "洪山区"}),
    ("2024年洪山区安排了多少帮扶资金？", "funds", {"source": "洪山区", "year": "2024"}),
    ("汉阳区2023年乡村振兴资金预算是多少？", "funds", {"source": "汉阳区", "year": "2023"}),
    ("来凤县得到了多少帮扶资金？", "funds", {"target": "来凤县"}),
    ("武汉市对恩施州安排了多少财政性资金？", "funds",
     {"source": "武汉市", "target": "恩施土家族苗族自治州"}),
    ("区财政每年安排多少帮扶资金？", "funds", {"source": "洪山区财政"}),
    # document: by 文号 (any bracket), title or file name
    ("武办文〔2021〕33号讲了什么？", "document", {"doc": "武办文〔2021〕33号"}),
    ("武农组发[2024]4 号是什么文件？", "document", {"doc": "武农组发〔2024〕4号"}),
    ("洪乡振发〔2022〕1号是谁发的？", "document", {"doc": DOC["003"]}),
    ("《2024年洪山区结对帮扶建始县工作方案》的主要内容是什么？", "document", {"doc": DOC["001"]}),
    ("004_125ec1273e7c5965.txt讲了什么？", "document", {"doc": DOC["004"]}),
    # workload, partners, gaps
    ("哪个单位任务最多？", "workload", {}),
    ("各单位的任务量排名", "workload", {}),
    ("工作量最大的单位是哪个？", "workload", {}),
    ("任务最多的前十个单位", "workload", {"top": "10"}),
    ("哪个单位工作任务最多", "workload", {}),
    ("工作量前五名的单位", "workload", {"top": "5"}),
    ("区财政局和哪些单位一起负责？", "partners", {"unit": "洪山区财政局"}),
    ("区乡村振兴局的合作单位有哪些？", "partners", {"unit": "洪山区乡村振兴局"}),
    ("哪些单位和区教育局一起承担任务？", "partners", {"unit": "洪山区教育局"}),
    ("区教育局和哪些单位一起负责", "partners", {"unit": "洪山区教育局"}),
    ("和区民政局一起负责任务的单位", "partners", {"unit": "洪山区民政局"}),
    ("哪些村还没有项目？", "gaps", {"kind": "village-without-project"}),
    ("哪些驻点村没有安排帮扶项目？", "gaps", {"kind": "village-without-project"}),
    ("有哪些任务没有责任单位？", "gaps", {"kind": "task-without-unit"}),
    ("帮扶项目还有哪些缺口？", "gaps", {}),
    ("有哪些空白村", "gaps", {}),
    # path: how two names are connected
    ("洪山区和建始县是什么关系？", "path", {"from": "洪山区", "to": "建始县"}),
    ("区财政局与浏湖村有什么联系？", "path", {"from": "洪山区财政局", "to": "浏湖村"}),
    ("市委办公厅跟双河村之间是什么关系？", "path", {"from": "武汉市委办公厅", "to": "双河村"}),
    ("洪山区财政局和寨岗村有什么关系", "path", {"from": "洪山区财政局", "to": "寨岗村"}),
    ("区教育局与建始县是怎么关联的", "path", {"from": "洪山区教育局", "to": "建始县"}),
    # assignments: the division of labour, by role and document
    ("牵头单位有哪些？", "assignments", {"role": "lead"}),
    ("洪乡振发〔2022〕1号的责任单位有哪些？", "assignments",
     {"role": "responsible", "doc": DOC["003"]}),
    ("洪山区进一步落实结对帮扶新洲区工作机制的实施方案的责任分工是怎样的？", "assignments",
     {"doc": DOC["000"]}),
    ("任务分工有哪些", "assignments", {}),
    ("001_6c9c21c2501f9a44.txt的牵头单位有哪些？", "assignments", {"role": "lead", "doc": DOC["001"]}),
]

# A name that means several entities: the route keeps them all, and no answer is guessed.
AMBIGUOUS: list[tuple[str, str, set[str]]] = [
    ("财政局负责哪些工作？", "unit", {"洪山区财政局", "武汉市财政局", "建始县财政局"}),
    ("相关学校负责什么？", "unit", {"洪山区相关学校", "建始县相关学校"}),
    ("三合村由谁帮扶？", "place", {"三合村"}),
]

# Refused, with the closest queries: nothing to do with the graph, a unit it does not
# know, and questions no query answers (hierarchy lists the places below a place).
UNANSWERABLE = ["今天天气怎么样？", "帮我写一首诗", "火星局负责哪些工作？", "寨岗村怎么样？",
                "寨岗村属于哪个街道？"]


@pytest.fixture(scope="module")
def index(store: Path) -> NameIndex:
    return name_index(EmbeddedStore(store))


@pytest.mark.parametrize("question,query,params", ROUTES)
def test_questions_route_to_the_query_and_parameters(index: NameIndex, question: str,
                                                     query: str, params: dict) -> None:
    found = route(question, index)
    assert found is not None, question
    # a parameter beyond the contract (context, gaps' kind) is given only to a
    # catalogue query that takes it
    expected = {k: v for k, v in params.items() if k in CONTRACT[query] or accepts(query, k)}
    assert (found.query, found.params) == (query, expected)
    assert not found.ambiguous


def test_the_test_questions_cover_every_query_of_the_contract() -> None:
    assert len(ROUTES) >= 45
    assert {query for _, query, _ in ROUTES} == set(CONTRACT)


def accepts(query: str, param: str) -> bool:
    known = catalog.catalogue().get(query)
    return known is not None and param in {p.name for p in known.params}


def runnable(query: str, params: dict) -> bool:
    """The catalogue has the query, with every parameter the route gives it."""
    known = catalog.catalogue().get(query)
    return known is not None and set(params) <= {p.name for p in known.params}


@pytest.mark.parametrize("question,query,params", ROUTES)
def test_questions_are_answered_with_evidence(store: Path, question: str, query: str,
                                              params: dict) -> None:
    if not runnable(query, params):
        pytest.skip(f"the catalogue has no {query} with {sorted(params)} yet")
    result = answer(EmbeddedStore(store), question)
    assert result.answered, result.reason
    if question in NO_ROWS:
        assert result.rows == []
        return
    assert result.rows, question
    assert evidenced(query, result.rows), question


# Answered, and rightly with no rows: every task of the sample documents has a unit.
NO_ROWS = {"有哪些任务没有责任单位？"}


# Rows that are not a sentence's fact: workload counts assignments, hierarchy is the
# gazetteer (ontology/data/divisions.csv), a funds total adds the rows above it, and
# a path may step from a local authority to the place it acts for.
def evidenced(query: str, rows: list[dict]) -> bool:
    if query in ("workload", "hierarchy"):
        return True
    if query == "funds":
        rows = [r for r in rows if r["document"]]
    if query == "path":
        chains = {r["chain"] for r in rows}
        return chains == {r["chain"] for r in rows if r["evidence"]}
    return bool(rows) and all(r.get("evidence") and r.get("span") for r in rows)


def test_the_written_form_names_one_unit(index: NameIndex) -> None:
    (mention,) = index.find(fold("区财政局"))
    assert [e.name for e in mention.candidates] == ["洪山区财政局"]
    assert not mention.weak


def test_a_place_before_a_name_chooses_among_its_namesakes(store: Path, index: NameIndex) -> None:
    found = route("消泗乡三合村由哪些单位帮扶？", index)
    assert found.params == {"place": "三合村", "context": "消泗乡"}
    rows = answer(EmbeddedStore(store), "辛冲街道三合村由哪些单位帮扶？").rows
    assert rows and {r["place"] for r in rows} == {"三合村"}
    assert any("三合村" in r["evidence"] for r in rows)


def test_a_document_number_is_read_in_any_bracket_and_spacing() -> None:
    assert fold("武办文[2021]33 号") == fold("武办文【2021】33号") == "武办文〔2021〕33号"


@pytest.mark.parametrize("question,param,names", AMBIGUOUS)
def test_an_ambiguous_name_is_shown_not_guessed(store: Path, index: NameIndex, question: str,
                                                param: str, names: set[str]) -> None:
    found = route(question, index)
    assert {e.name for e in found.ambiguous[param]} == names
    assert len(found.ambiguous[param]) >= 2
    result = answer(EmbeddedStore(store), question)
    assert not result.answered and "several entities" in result.reason
    assert all(name in result.reason for name in names)


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_unanswerable_questions_are_refused_with_the_closest_queries(
        store: Path, index: NameIndex, question: str) -> None:
    assert route(question, index) is None
    result = answer(EmbeddedStore(store), question)
    assert not result.answered and result.rows == []
    assert result.suggestions and all(s["query"] in CONTRACT and s["example"]
                                      for s in result.suggestions)
    assert result.as_json()["query"] is None


# A refusal names what it did not understand: the unknown name, else the words.
REFUSALS = [("火星局负责哪些工作？", "'火星局'"), ("寨岗村属于哪个街道？", "'属于哪个街道'"),
            ("寨岗村怎么样？", "'怎么样'"), ("今天天气怎么样？", "'今天天气怎么样'")]


@pytest.mark.parametrize("question,named", REFUSALS)
def test_a_refusal_names_what_was_not_understood(store: Path, question: str, named: str) -> None:
    result = answer(EmbeddedStore(store), question)
    assert not result.answered and named in result.reason


def test_the_question_tests_ask_each_query_five_ways() -> None:
    counts = {q: sum(1 for _, query, _ in ROUTES if query == q) for q in CONTRACT}
    assert all(n >= 5 for n in counts.values()), counts


def test_a_role_word_filters_the_role(store: Path) -> None:
    db = EmbeddedStore(store)
    # 000/003: 区乡村振兴局 leads some tasks and is responsible for many more
    lead = answer(db, "区乡村振兴局牵头哪些工作？").rows
    every = answer(db, "区乡村振兴局负责哪些工作？").rows
    assert lead and {r["role"] for r in lead} == {"lead"} and len(every) > len(lead)
    # 001 需求清单 6 消费帮扶: the leads of its items (区国资局, 区商务局, 县供销社 …)
    consumption = answer(db, "消费帮扶由哪个单位牵头").rows
    assert {r["role"] for r in consumption} == {"lead"}
    assert {"洪山区国资局", "洪山区商务局", "建始县供销社"} <= {r["unit"] for r in consumption}
    # 002 十四、新洲区辛冲街 10 个村（牵头单位：市卫健委）
    area = answer(db, "市卫健委牵头的驻村工作队在哪些村？").rows
    assert len(area) == 10 and all("lead" in r["role"] for r in area)


def test_before_a_year_excludes_that_year(store: Path) -> None:
    db = EmbeddedStore(store)
    before = answer(db, "截止时间在2025年之前的项目").rows
    assert before and all(r["deadline"] < "2025-01" for r in before)
    through = answer(db, "截至2025年底的项目").rows
    assert any(r["deadline"].startswith("2025") for r in through)
    after = answer(db, "2024年以后到期的项目").rows
    assert after and all(r["deadline"] >= "2025-01" for r in after)


def test_top_ten_units_by_tasks(store: Path) -> None:
    rows = answer(EmbeddedStore(store), "任务最多的前十个单位").rows
    assert 10 <= len(rows) and all(r["rank"] <= 10 for r in rows)


def test_suggestions_follow_the_words_of_the_question() -> None:
    assert suggest("第一书记的考核怎么搞？")[0]["query"] == "dispatches"
    assert suggest("今天天气怎么样？")  # nothing in common: still somewhere to start


def test_the_names_query_is_internal() -> None:
    assert catalog.get("names").internal
    assert catalog.get("names").text("cypher")


# -- the command line ------------------------------------------------------------------

def bangfu(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BANGFU_STORE=str(store))
    return subprocess.run([sys.executable, "-c", "import cli; cli.run()", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_ask_prints_the_query_chosen_then_the_rows(store: Path) -> None:
    result = bangfu("ask", "区财政局负责哪些工作？", store=store)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "查询: duties 参数: unit=洪山区财政局"
    assert "落实资金帮扶政策" in result.stdout and "evidence" not in result.stdout
    shown = bangfu("ask", "区财政局负责哪些工作？", "--evidence", store=store).stdout
    assert "evidence" in shown


def test_ask_json_is_one_object_with_query_params_rows(store: Path) -> None:
    result = bangfu("ask", "区财政局负责哪些工作？", "--format", "json", store=store)
    out = json.loads(result.stdout)
    assert set(out) == {"query", "params", "rows"}
    assert (out["query"], out["params"]) == ("duties", {"unit": "洪山区财政局"})
    assert out["rows"] and all(r["evidence"] and r["span"] for r in out["rows"])


def test_ask_refuses_with_exit_code_3_and_suggestions_on_stdout(store: Path) -> None:
    result = bangfu("ask", "今天天气怎么样？", store=store)
    assert result.returncode == 3 and result.stderr == ""
    assert "cannot answer" in result.stdout and "closest queries" in result.stdout
    out = json.loads(bangfu("ask", "今天天气怎么样？", "-f", "json", store=store).stdout)
    assert out["query"] is None and out["suggestions"]
    ambiguous = bangfu("ask", "财政局负责哪些工作？", "-f", "json", store=store)
    assert ambiguous.returncode == 3
    assert len(json.loads(ambiguous.stdout)["candidates"]["unit"]) == 3


def test_ask_errors_are_exit_code_2(tmp_path: Path) -> None:
    result = bangfu("ask", "区财政局负责哪些工作？", store=tmp_path / "none")
    assert result.returncode == 2 and "run `bangfu build` first" in result.stderr
