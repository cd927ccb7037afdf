"""The store is written while documents are read (issue #11, #14 item 3):
relationships are loaded as each document's graph arrives, the rest when
reading ends. The result must be the store a write of the finished graph
gives, whatever resolution changed after a relationship was loaded."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Store

from conftest import CORPUS
from loaders.corpus import build_corpus
from ontology.errors import StoreError
from ontology.model import Edge, Node, Provenance
from ontology.vocab import NS, A, C, R
from queries.api import build
from queries.store_write import StoreWriter, write_store
from queries.to_rdf import ID_NS, graph_quads


def quads(store_dir: Path) -> set[str]:
    store = Store.read_only(str(store_dir / "current" / "rdf"))
    return {str(q) for q in store.quads_for_pattern(None, None, None)}


def test_a_streamed_build_is_the_store_of_the_finished_graph(tmp_path: Path) -> None:
    build([CORPUS], tmp_path / "streamed")
    graph = build_corpus([CORPUS])
    write_store(tmp_path / "whole", sorted(graph.nodes.values(), key=lambda n: n.id),
                sorted(graph.edges.values(), key=lambda e: e.id), {})
    streamed, whole = quads(tmp_path / "streamed"), quads(tmp_path / "whole")
    assert len(streamed) > 10_000 and streamed == whole


def unit_task(role: str) -> tuple[list[Node], Edge]:
    prov = Provenance("甲.txt", "一、组织", 3, 9, "（责任单位：甲局）")
    nodes = [Node("unit-a", C.GovernmentDepartment, "甲局"), Node("task-a", C.Task, "甲任务")]
    return nodes, Edge("unit-a", R.responsibleFor, "task-a", {A.role: role}, prov)


def roles(store_dir: Path) -> list[str]:
    store = Store.read_only(str(store_dir / "current" / "rdf"))
    role = NamedNode(NS + "role")
    return sorted(q.object.value for q in store.quads_for_pattern(None, role, None))





def test_an_edge_changed_after_it_was_loaded_is_written_as_it_ends(tmp_path: Path) -> None:
    nodes, early = unit_task("lead")
    _, late = unit_task("responsible")  # same id, other attributes: resolution replaced it
    assert early.id == late.id
    with StoreWriter(tmp_path) as writer:
        writer.add_edges([early])
        writer.finish(nodes, [late], {})
    assert roles(tmp_path) == ["responsible"]


def test_an_edge_dropped_after_it_was_loaded_is_not_in_the_store(tmp_path: Path) -> None:
    nodes, edge = unit_task("lead")
    with StoreWriter(tmp_path) as writer:
        writer.add_edges([edge])
        writer.finish(nodes, [], {})
    assert roles(tmp_path) == []
    assert not any(q for q in Store.read_only(str(tmp_path / "current" / "rdf"))
                   .quads_for_pattern(NamedNode(ID_NS + "unit-a"), None, NamedNode(ID_NS + "task-a")))


def test_a_build_that_fails_while_reading_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    nodes, edge = unit_task("lead")
    write_store(tmp_path, nodes, [edge], {})
    before = os.readlink(tmp_path / "current")
    with pytest.raises(RuntimeError):
        with StoreWriter(tmp_path) as writer:
            writer.add_edges([edge])
            raise RuntimeError("a document could not be read")
    assert os.readlink(tmp_path / "current") == before
    assert [p.name for p in tmp_path.glob("gen-*")] == [before]
    assert roles(tmp_path) == ["lead"]


def test_a_dangling_edge_is_refused_before_the_switch(tmp_path: Path) -> None:
    nodes, edge = unit_task("lead")
    with pytest.raises(StoreError, match="point at no entity"):
        with StoreWriter(tmp_path) as writer:
            writer.add_edges([edge])
            writer.finish(nodes[:1], [edge], {})
    assert not (tmp_path / "current").exists() and not list(tmp_path.glob("gen-*"))


def test_text_with_quotes_backslashes_and_line_breaks_reads_back_the_same() -> None:
    text = '甲局"乙"\\丙\n丁\r戊\t己'
    node = Node("unit-x", C.GovernmentDepartment, text, aliases=frozenset({text + "局"}))
    values = {q.object.value for q in graph_quads([node], []) if isinstance(q.object, Literal)}
    assert values == {text, text + "局"}


def test_the_counts_written_with_the_store_are_what_the_stats_query_counts(tmp_path: Path) -> None:
    from queries.embedded import EmbeddedStore
    build([CORPUS], tmp_path / "store")
    store = EmbeddedStore(tmp_path / "store")
    counted = store.stats()
    assert counted == store.meta()["stats"]  # read from the store, not queried
    assert counted == {r["name"]: r["count"] for r in store.run("stats", {})}
    assert counted["Assertion"] > 1000 and counted["Unit"] > counted["School"] > 0
