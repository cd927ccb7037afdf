"""Answers of queries asked without parameters, kept per store generation
(issue #14: a listing costs reading its rows). A kept answer must be the
query's own answer, be read back on later asks, and never outlive the content
it was computed from: a rebuild, an update in place, a changed query."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import CORPUS
from loaders.corpus import doc_id
from ontology.model import Edge, Node, Provenance
from ontology.vocab import A, C, R
from queries.api import build, sparql
from queries.embedded import ANSWERS, EmbeddedStore
from queries.store import _answer, _answer_key, ask
from queries.store_write import write_store

LISTINGS = ("assignments", "dispatches", "pairings", "projects", "workload", "funds", "gaps", "stats")


def unit_task() -> tuple[list[Node], list[Edge]]:
    """甲区农业局 leads 修缮灌溉渠, as stated in 甲.txt."""
    prov = Provenance("甲.txt", "一、任务", 3, 9, "（牵头单位：甲区农业局）")
    nodes = [Node(doc_id("甲.txt"), C.Document, "甲.txt"), Node("u1", C.GovernmentDepartment, "甲区农业局"),
             Node("t1", C.Task, "修缮灌溉渠")]
    return nodes, [Edge("u1", R.leads, "t1", {A.role: "lead", A.position: 0}, prov)]


def kept_files(store_dir: Path) -> list[Path]:
    return sorted((store_dir / "current" / ANSWERS).rglob("*.json"))


def test_every_listing_answers_the_same_kept_as_computed(store: Path) -> None:
    for name in LISTINGS:
        computed = _answer(EmbeddedStore(store), name, {})
        first = ask(EmbeddedStore(store), name, {})
        again = ask(EmbeddedStore(store), name, {})  # another reader: from the kept file
        assert first == computed, name
        assert again == computed, name
    names = {p.name.split("-")[0] for p in kept_files(store)}
    assert set(LISTINGS) <= names


def test_the_kept_file_is_what_a_later_ask_reads(tmp_path: Path) -> None:
    nodes, edges = unit_task()
    write_store(tmp_path, nodes, edges, {})
    rows = ask(EmbeddedStore(tmp_path), "assignments", {})
    assert [r["unit"] for r in rows] == ["甲区农业局"]
    [path] = [p for p in kept_files(tmp_path) if p.name.startswith("assignments-")]
    path.write_text(json.dumps([{"unit": "读自保存的答案"}]), encoding="utf-8")
    assert ask(EmbeddedStore(tmp_path), "assignments", {}) == [{"unit": "读自保存的答案"}]
    # a parameter is a question of its own: it is asked of the store, never kept
    assert [r["unit"] for r in ask(EmbeddedStore(tmp_path), "assignments", {"role": "lead"})] \
        == ["甲区农业局"]


def test_a_rebuild_answers_from_its_own_content(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    first = sorted(CORPUS.glob("*.txt"))[0]
    shutil.copy(first, docs)
    store_dir = tmp_path / "store"
    build([docs], store_dir)
    before = {r["document"] for r in ask(EmbeddedStore(store_dir), "assignments", {})}
    assert before == {first.name}
    second = sorted(CORPUS.glob("*.txt"))[1]
    shutil.copy(second, docs)
    build([docs], store_dir)
    after = {r["document"] for r in ask(EmbeddedStore(store_dir), "assignments", {})}
    assert second.name in after


def test_an_update_in_place_is_seen_by_the_next_listing(tmp_path: Path) -> None:
    nodes = [Node("u1", C.GovernmentDepartment, "甲区农业局"), Node("t1", C.Task, "修缮灌溉渠")]
    write_store(tmp_path, nodes, [], {})
    assert ask(EmbeddedStore(tmp_path), "assignments", {}) == []
    reader = EmbeddedStore(tmp_path)  # opened before the update: it kept its snapshot
    sparql(tmp_path, """
        INSERT DATA {
          <urn:a1> bf:role "lead" ; rdf:subject id:u1 ; rdf:object id:t1 ;
                   rdf:predicate bf:leads ; bf:statedIn id:d9 ; bf:section "一" ;
                   bf:quote "甲区农业局牵头" ; bf:start 0 ; bf:end 7 ; bf:position 0 .
          id:d9 bf:name "乙.txt" .
        }""", {}, write=True)
    assert ask(reader, "assignments", {}) == []
    rows = ask(EmbeddedStore(tmp_path), "assignments", {})
    assert [(r["unit"], r["task"], r["role"]) for r in rows] == [("甲区农业局", "修缮灌溉渠", "lead")]


def test_the_store_that_updates_reads_its_own_update(tmp_path: Path) -> None:
    nodes = [Node("u1", C.GovernmentDepartment, "甲区农业局"), Node("t1", C.Task, "修缮灌溉渠")]
    write_store(tmp_path, nodes, [], {})
    store = EmbeddedStore(tmp_path)
    assert ask(store, "assignments", {}) == []  # kept under the first revision
    store.update("""
        INSERT DATA {
          <urn:a1> bf:role "lead" ; rdf:subject id:u1 ; rdf:object id:t1 ;
                   rdf:predicate bf:leads ; bf:statedIn id:d9 ; bf:section "一" ;
                   bf:quote "甲区农业局牵头" ; bf:start 0 ; bf:end 7 ; bf:position 0 .
          id:d9 bf:name "乙.txt" .
        }""")
    # the same object asks on: the new content, and its answer kept under the new revision
    rows = ask(store, "assignments", {})
    assert [(r["unit"], r["task"], r["role"]) for r in rows] == [("甲区农业局", "修缮灌溉渠", "lead")]
    assert ask(EmbeddedStore(tmp_path), "assignments", {}) == rows


def test_an_answer_kept_by_another_query_text_is_not_read(tmp_path: Path) -> None:
    nodes, edges = unit_task()
    write_store(tmp_path, nodes, edges, {})
    store = EmbeddedStore(tmp_path)
    folder = store.answers.folder
    folder.mkdir(parents=True)
    # what an older assignments.rq would have kept: another digest in the name
    (folder / "assignments-0000000000000000.json").write_text('[{"unit": "旧查询"}]', encoding="utf-8")
    assert [r["unit"] for r in ask(store, "assignments", {})] == ["甲区农业局"]
    assert _answer_key("assignments") != _answer_key("dispatches")
