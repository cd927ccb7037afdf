"""One entity per real thing: hierarchy, units across documents and spellings,
groups, work teams, the quality report and curation (issue #5)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import DOC, ROOT
from loaders.corpus import build_corpus
from loaders.resolution.curation import apply_curation
from ontology.vocab import C, R
from queries.api import build, quality


def test_the_same_unit_across_documents_is_one(ask) -> None:
    rows = ask("duties", unit="洪山区乡村振兴局")
    tasks = {r["document"] for r in rows if r["kind"] == "task"}
    assert {DOC["000"], DOC["001"], DOC["003"]} <= tasks
    assert len([r for r in rows if r["kind"] == "project"]) == 10  # rows 1–10 of 000's list


def test_abbreviation_and_full_name_are_one_unit(ask) -> None:
    # 002 writes 市卫健委 in a dispatch heading and 市卫生健康委 in its plan
    rows = ask("duties", unit="武汉市卫生健康委员会")
    assert {r["kind"] for r in rows} == {"task", "dispatch"}
    assert ask("duties", unit="市卫健委") == rows


def test_every_place_reaches_hubei(store: Path) -> None:
    report = quality(store)
    assert report["places_without_parent"] == []
    graph = build_corpus([ROOT / "corpus"])
    parent = {e.src: e.dst for e in graph.edges.values() if e.rel is R.partOf}
    for node in graph.nodes.values():
        if node.is_place and node.cls is not C.Province:
            top, seen = node.id, set()
            while top in parent and top not in seen:
                seen.add(top)
                top = parent[top]
            assert graph.nodes[top].name in ("湖北省",), node.name


def test_group_phrases_link_their_members() -> None:
    graph = build_corpus([ROOT / "corpus"])
    members: dict[str, set[str]] = {}
    for e in graph.edges.values():
        if e.rel is R.memberOf:
            members.setdefault(graph.nodes[e.dst].name, set()).add(graph.nodes[e.src].name)
    # the streets of 洪山区 that 001's pairing table and demand list name
    assert {"珞南街道", "关山街道", "狮子山街道", "洪山街道", "梨园街道", "张家湾街道", "青菱街道",
            "和平街道", "卓刀泉街道"} <= members["洪山区各街道"]
    assert {"花坪镇", "高坪镇", "龙坪乡", "茅田乡"} <= members["建始县各乡镇"]
    teams = {m for m in members["洪山区各乡村振兴工作队及其派出单位"] if m.endswith("工作队")}
    assert len(teams) == 21


def test_work_teams_are_sent_by_a_unit_and_stationed_in_a_village() -> None:
    graph = build_corpus([ROOT / "corpus"])
    sent = {e.dst for e in graph.edges.values() if e.rel is R.dispatches}
    stationed = {e.src: e.dst for e in graph.edges.values() if e.rel is R.stationedIn}
    teams = [n for n in graph.nodes.values() if n.cls is C.WorkTeam]
    assert len(teams) == 271
    for team in teams:
        assert team.id in sent and graph.nodes[stationed[team.id]].cls is C.Village


def test_quality_lists_the_three_suspected_village_pairs(store: Path) -> None:
    pairs = {tuple(sorted(d["names"])): d["verdict"] for d in quality(store)["suspected_duplicates"]}
    assert pairs[("洲湖村", "浏湖村")] == "likely a misreading of 浏湖村"
    assert pairs[("蔡咀村", "蔡院村")] == "probably distinct"
    assert pairs[("高桥村", "高湾村")] == "probably distinct"
    # the same name under two jurisdictions is never a duplicate
    assert not any("财政局" in "".join(n) for n in pairs)


def test_projects_that_disagree_with_the_dispatch_table(store: Path) -> None:
    rows = {r["village"]: r for r in quality(store)["projects_disagreeing_with_dispatch"]}
    assert {"蔡院村", "高湾村", "浏湖村"} <= set(rows)  # the 2021 table writes 蔡咀村, 高桥村, 洲湖村
    assert rows["绿山村"]["dispatched_by"] == ["武汉市卫生健康委员会"]
    assert "寨岗村" not in rows  # 洪山区 is dispatched there (row 174) and has a project


def test_a_village_renamed_in_one_place_is_caught(corpus_copy: Path, tmp_path: Path) -> None:
    path = corpus_copy / DOC["002"]
    text = path.read_text(encoding="utf-8")
    assert text.count("\t铁河村\n") == 1
    path.write_text(text.replace("\t铁河村\n", "\t铁合村\n"), encoding="utf-8")
    store = tmp_path / "store"
    build([corpus_copy], store)
    pairs = {tuple(sorted(d["names"])): d for d in quality(store)["suspected_duplicates"]}
    found = pairs[("铁合村", "铁河村")]
    assert found["verdict"] == "likely a misreading of 铁河村" and found["parent"] == "辛冲街道"


def test_curation_merges_aliases_and_ignores(tmp_path: Path) -> None:
    curation = tmp_path / "curation.yaml"
    curation.write_text(
        "merge:\n  - into: 浏湖村\n    names: [洲湖村]\n    within: 辛冲街道\n"
        "    note: 名录只有浏湖村\n"
        "alias:\n  - name: 洪山区人力资源局\n    alias: 洪山区人力资源和社会保障局\n    note: 同一单位\n"
        "ignore:\n  - name: 驻点村\n    note: 泛指\n", encoding="utf-8")
    store = tmp_path / "store"
    build([ROOT / "corpus"], store, curation)
    from queries.api import query
    rows = query(store, "dispatches", {"doc": DOC["002"]})
    assert [r["village"] for r in rows if r["seq"] == 181] == ["浏湖村"]
    assert query(store, "duties", {"unit": "洪山区人力资源和社会保障局"})
    report = quality(store)
    assert [c["action"] for c in report["curation"]] == ["merge", "alias", "ignore"]
    assert report["curation"][0]["relationships_moved"] >= 3
    assert not any("洲湖村" in d["names"] for d in report["suspected_duplicates"])
    graph = build_corpus([ROOT / "corpus"])
    log = apply_curation(graph, curation)
    assert log[0]["into"] == "浏湖村"
    notes = [e for e in graph.edges.values() if e.props.get("curationNote") == "名录只有浏湖村"]
    stated = [e for e in notes if e.prov]  # the dispatch row's facts, still with their source
    assert stated and all(e.prov.doc == DOC["002"] and "洲湖村" in e.prov.quote for e in stated)


def test_bad_curation_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "curation.yaml"
    bad.write_text("merge: [unclosed\n", encoding="utf-8")
    ambiguous = tmp_path / "ambiguous.yaml"
    ambiguous.write_text("merge:\n  - into: 竹园村\n    names: [赵畈村]\n", encoding="utf-8")
    for path, message in ((bad, "not valid YAML"), (ambiguous, "add `within:`")):
        result = subprocess.run([sys.executable, "-c", "import cli; cli.run()", "build", "corpus",
                                 "--curation", str(path)], cwd=ROOT, capture_output=True, text=True,
                                env=dict(os.environ, BANGFU_STORE=str(tmp_path / "s")))
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_quality_cli_formats(store: Path) -> None:
    env = dict(os.environ, BANGFU_STORE=str(store))
    md = subprocess.run([sys.executable, "-c", "import cli; cli.run()", "quality"], cwd=ROOT,
                        capture_output=True, text=True, env=env).stdout
    assert md.startswith("# 数据质量报告") and "洲湖村" in md
    js = subprocess.run([sys.executable, "-c", "import cli; cli.run()", "quality", "-f", "json"],
                        cwd=ROOT, capture_output=True, text=True, env=env).stdout
    assert json.loads(js)["places_without_parent"] == []
