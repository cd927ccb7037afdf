"""Names as analysts write them (issue #12, item 1): a place and then a short or
abbreviated name finds the unit; an unknown name lists the closest known names;
`ask` says which name it did not know.

The fragment is written here in the genre's form (a district's plan that writes
its units in full); the corpus checks use the names the issue reports."""
from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest

from ontology.errors import QueryError
from queries.api import ask_question, build, query
from queries.linking import NameIndex
from queries.resolve import _expansions, _in_order

PLAN = """江夏区结对帮扶竹溪县工作要点

一、产业帮扶

1．发展文旅产业。支持竹溪县发展乡村旅游。（责任单位：区文化和旅游局、区卫生健康局）

2．规范市场秩序。开展农产品质量检测。（责任单位：区市场监督管理局、区自然资源和规划局、纸坊街道）

3．稳定就业。组织劳务协作。（责任单位：区人力资源和社会保障局、区发展和改革局）
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("names")
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    store = folder / "store"
    build([folder / "plan.txt"], store)
    return store


def units(store: Path, name: str) -> set[str]:
    return {r["title"] for r in query(store, "duties", {"unit": name})}


@pytest.mark.parametrize("written, task", [
    ("江夏区文旅局", "发展文旅产业"), ("江夏区卫健局", "发展文旅产业"),
    ("江夏区市场监管局", "规范市场秩序"), ("江夏区市监局", "规范市场秩序"),
    ("江夏区人社局", "稳定就业"), ("江夏区人力资源社会保障局", "稳定就业"),
    ("江夏区发改局", "稳定就业"), ("江夏区发展改革局", "稳定就业"),
    ("江夏区纸坊街道", "规范市场秩序"),
    # not an abbreviation in the data: a unit of the place whose name holds it in order
    ("江夏区自然资源局", "规范市场秩序"),
])
def test_a_place_then_a_short_name_finds_the_unit(plan: Path, written: str, task: str) -> None:
    assert task in units(plan, written)


def test_a_short_name_of_another_place_is_not_this_place_s_unit(plan: Path) -> None:
    with pytest.raises(QueryError, match="no entity is named '黄陂区文旅局'"):
        query(plan, "duties", {"unit": "黄陂区文旅局"})


def test_an_unknown_name_lists_the_closest_known_names(plan: Path) -> None:
    with pytest.raises(QueryError) as exc:
        query(plan, "duties", {"unit": "江夏区文化旅游体育局"})
    assert "closest known names: 江夏区文化和旅游局" in str(exc.value)


@pytest.mark.parametrize("written, unit", [
    ("建始县文旅局", "建始县文化和旅游局"), ("洪山区卫健局", "洪山区卫生健康局"),
    ("武汉市卫健委", "武汉市卫生健康委员会"), ("洪山区张家湾街道", "张家湾街道"),
    ("洪山区市场监管局", "洪山区市场监督管理局"), ("洪山区发改局", "洪山区发展和改革局"),
    ("武汉市文旅局", "武汉市文化和旅游局"),
])
def test_the_names_the_issue_reports_find_the_unit(ask, store: Path, written: str,
                                                   unit: str) -> None:
    assert ask("duties", unit=written) == ask("duties", unit=unit) != []
    answer = ask_question(store, f"{written}负责哪些工作？")
    assert answer.answered and answer.route.params["unit"] == unit


def test_ask_names_the_place_it_does_not_know(store: Path) -> None:
    # 市卫健委 is 武汉市's in the corpus; 黄冈市's is not in the graph
    answer = ask_question(store, "黄冈市卫健委负责哪些工作？")
    assert not answer.answered and "'黄冈市'" in answer.reason


def test_abbreviations_expand_after_a_level_word() -> None:
    assert _expansions("卫健局") == ["卫生健康局"]
    assert _expansions("区发改局") == ["区发展和改革局"]
    assert _expansions("财政局") == []
    assert _in_order("自然资源局", "自然资源和城乡建设局")
    assert not _in_order("人社局", "人力资源局")


def test_the_linker_knows_the_short_forms_of_a_unit() -> None:
    rows = [{"id": "p", "name": "江夏区", "kind": "place", "class": "District"},
            {"id": "u", "name": "江夏区卫生健康局", "kind": "unit", "class": "GovernmentDepartment"}]
    index = NameIndex.from_rows(rows)
    assert [e.id for e in index.strong["江夏区卫健局"]] == ["u"]
    assert [e.id for e in index.weak["卫健局"]] == ["u"]


NATIONAL = {"发改局", "发展改革局", "人社局", "人力资源社会保障局", "住建局", "住房城乡建设局",
            "卫健局", "卫健委", "文旅局", "市场监管局", "医保局", "退役军人局", "市监局"}


def test_the_alias_data_covers_the_abbreviations_in_national_use() -> None:
    with (resources.files("ontology") / "data" / "unit_aliases.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert NATIONAL <= {r["written"] for r in rows}
    assert all(r["note"] for r in rows)
