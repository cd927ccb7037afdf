"""owners: the tasks and projects mentioning a text found in the store's
index of texts (issue #14: an answer-sized cost) must be those the query's own
CONTAINS tests find — in a name, in a content, in a heading below the part's
title, never in the part's title alone."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.corpus import doc_id
from ontology.model import Edge, Node, Provenance
from ontology.vocab import A, C, R
from queries import name_index
from queries.embedded import EmbeddedStore
from queries.store import HITS, ask, run_named
from queries.store_write import write_store

TEXTS = ["泵站", "消费帮扶", "医疗", "劳务协作", "村", "区教育局", " > ", "没有这个词", "2024"]


def test_the_index_finds_what_the_query_finds_in_the_corpus(store: Path) -> None:
    index = EmbeddedStore(store).name_index()
    assert index is not None and index.searches_texts
    found = 0
    for text in TEXTS:
        with_index = ask(EmbeddedStore(store), "owners", {"text": text})
        by_contains = run_named(EmbeddedStore(store), "owners", {"text": text})  # no hits given
        assert with_index == by_contains, text
        found += len(with_index)
    assert found > 100


def plan(tmp_path: Path) -> Path:
    """One plan: four tasks of 甲区水利局, each naming 泵站 in another place."""
    doc = "甲.txt"
    nodes = [Node(doc_id(doc), C.Document, doc), Node("u1", C.GovernmentDepartment, "甲区水利局")]
    edges = []
    tasks = [("t-name", "新建泵站", None, "一、基础设施 > 1 水利"),
             ("t-content", "完善灌溉设施", "含泵站维修", "一、基础设施 > 1 水利"),
             ("t-heading", "维修渠道", None, "一、基础设施 > 2 泵站建设"),
             ("t-title", "清淤", None, "泵站专项 > 3 河道")]  # only the part's title names it
    for k, (tid, name, content, section) in enumerate(tasks):
        prov = Provenance(doc, section, 10 * k, 10 * k + 5, name)
        nodes.append(Node(tid, C.Task, name, props={A.content: content} if content else {}, prov=prov))
        edges.append(Edge("u1", R.responsibleFor, tid, {A.role: "responsible", A.position: 0}, prov))
    write_store(tmp_path, nodes, edges, {})
    return tmp_path


def test_a_name_a_content_and_a_heading_are_searched_a_part_title_is_not(tmp_path: Path) -> None:
    store = EmbeddedStore(plan(tmp_path))
    rows = ask(store, "owners", {"text": "泵站"})
    assert sorted(r["title"] for r in rows) == ["完善灌溉设施", "新建泵站", "维修渠道"]
    assert {r["kind"] for r in rows} == {"task"} and {r["unit"] for r in rows} == {"甲区水利局"}
    assert [r["title"] for r in ask(store, "owners", {"text": "3 河道"})] == ["清淤"]  # its heading
    assert ask(store, "owners", {"text": "泵站专项"}) == []  # the part's title alone


def test_a_store_whose_index_holds_no_texts_answers_by_the_query(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = plan(tmp_path)
    names = EmbeddedStore(root).path / name_index.FILE
    data = json.loads(names.read_text(encoding="utf-8"))
    del data["texts"]  # as a store written before the index held texts
    data["forms"] = [f for f in data["forms"] if f[2] not in ("content", "heading")]
    names.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    name_index.load.cache_clear()
    store = EmbeddedStore(root)
    assert not store.name_index().searches_texts
    seen: list[dict] = []
    original = store.run
    monkeypatch.setattr(store, "run", lambda name, params, language="rq":
                        seen.append(params) or original(name, params, language))
    rows = ask(store, "owners", {"text": "泵站"})
    assert sorted(r["title"] for r in rows) == ["完善灌溉设施", "新建泵站", "维修渠道"]
    # the query and its keys query (owners.keys.rq) test the texts themselves
    assert seen and all(HITS not in params for params in seen)
