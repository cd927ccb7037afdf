"""Issue #13 item 11, one big text file: what the loaders keep per
relationship and per character is shared or compact, and reads the same as
before. Units mentioned again are one node id, equal attributes one dict,
the normalised text's map back to the source is kept as runs, a document's
lines are cut once for all its readers, and the mark-driven list splitter
agrees with a character-by-character reading. Nothing here is timed
(bench/bench_bigfile.py measures speed and memory, docs/benchmarks.md)."""
from __future__ import annotations

import random
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest

from loaders.build import build_document
from loaders.graph import EMPTY_PROPS, Graph
from loaders.names import unit_split
from loaders.names.gazetteer import gazetteer
from loaders.names.units import Context, resolve
from loaders.reading.read import RawDocument
from loaders.text.normalize import Origins, _split_lines, normalize, split_lines
from ontology.model import Edge, Node, Provenance, SourceText
from ontology.vocab import A, C, R

PLAN = ("青松区关于印发结对帮扶工作要点的通知\n一、加强组织领导\n"
        "1．建立工作专班。（责任单位：区财政局、区民政局）\n"
        "2．落实帮扶资金。（责任单位：区财政局、区民政局）\n"
        "3．做好劳务协作。（牵头单位：区人社局；责任单位：区财政局）\n")


def _build(text: str) -> Graph:
    graph = Graph()
    build_document(RawDocument("plan.txt", Path("plan.txt"), text), graph)
    return graph


def test_a_unit_named_at_every_point_is_one_id_string() -> None:
    graph = _build(PLAN)
    by_name = {n.name: n.id for n in graph.nodes.values()}
    finance = next(i for name, i in by_name.items() if name.endswith("财政局"))
    sources = [e.src for e in graph.edges.values() if e.src == finance and e.rel is R.responsibleFor]
    assert len(sources) == 3  # three points name it
    assert all(s is sources[0] for s in sources)  # one string, not one per relationship


def test_equal_attributes_are_one_dict_and_no_attributes_the_shared_empty_one() -> None:
    graph = _build(PLAN)
    assigned = [e for e in graph.edges.values() if e.rel is R.responsibleFor]
    first = [e for e in assigned if e.props[A.position] == 0 and e.props[A.unitText] == "区财政局"]
    assert len(first) >= 2
    assert all(e.props is first[0].props for e in first)
    plain = [e for e in graph.edges.values() if e.rel in (R.statedIn, R.partOf, R.jurisdiction)]
    assert plain and all(e.props is EMPTY_PROPS for e in plain)
    assert EMPTY_PROPS == {}  # nothing wrote into the shared mapping


def test_a_unit_whose_node_was_removed_is_made_again() -> None:
    graph = Graph()
    unit = resolve("区财政局", Context.of(gazetteer().lookup("洪山区")))
    node_id = graph.unit(unit)
    del graph.nodes[node_id]  # curation may drop a node
    assert graph.unit(unit) == node_id and node_id in graph.nodes


def test_origins_as_runs_read_like_an_offset_per_character() -> None:
    rnd = random.Random(5)
    runs, expected, pos = Origins(), [], 0
    for _ in range(500):
        pos += rnd.choice((0, 0, 1, 7))  # contiguous runs merge, gaps start new ones
        count = rnd.randint(0, 9)
        runs.extend_run(pos, count)
        expected += range(pos, pos + count)
        pos += count
    assert len(runs) == len(expected)
    assert [runs[i] for i in range(len(runs))] == expected
    assert runs[-1] == expected[-1]


def test_every_normalised_character_points_at_itself_in_the_source() -> None:
    text = ("一、总体要求\n  坚持<u>精准</u>帮扶，**牵头单位**：区财政局；\n"
            "落实到村到户。\n— 2 —\n二、工作措施\n1．建立台账。（责任单位：区民政局）\n")
    norm = normalize(text)
    for i, ch in enumerate(norm.text):
        if ch != "\n":
            assert text[norm.origin[i]] == ch, (i, ch)
    assert norm.span(0, len(norm.text)) == (norm.origin[0], norm.origin[len(norm.text) - 1] + 1)


def test_a_documents_lines_are_cut_once_and_forgotten_after_its_build() -> None:
    text = PLAN * 3
    assert split_lines(text) is split_lines(text)
    _build(text)
    assert _split_lines.cache_info().currsize == 0  # nothing of the document is kept


def _split_by_characters(text: str, spaces: bool) -> list[tuple[int, str]]:
    """The list splitter as it read every character (the reference)."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in unit_split.OPENERS:
            depth += 1
        elif ch in unit_split.CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in unit_split.SEPARATORS or spaces and ch.isspace()
                             and not text[i + 1:].lstrip().startswith(("（", "("))):
            items.append((start, text[start:i]))
            start = i + 1
    items.append((start, text[start:]))
    return [(s + len(t) - len(t.lstrip()), unit_split._tidy(t)) for s, t in items
            if unit_split._tidy(t)]


def test_the_list_splitter_reads_like_one_that_looks_at_every_character() -> None:
    rnd = random.Random(3)
    alphabet = "（(“《「）)”》」、，,；; \t\u3000\xa0\n区县局委甲乙。："
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24)))
        for spaces in (False, True):
            assert unit_split.split_units(text, spaces) == _split_by_characters(text, spaces), text


def test_equal_but_different_values_are_not_shared() -> None:
    graph = Graph()
    graph.add_edge("a", R.leads, "b", None, position=1)
    graph.add_edge("c", R.leads, "d", None, position=1.0)
    graph.add_edge("e", R.leads, "f", None, position=True)
    kinds = {type(e.props[A.position]) for e in graph.edges.values()}
    assert kinds == {int, float, bool}


def test_the_collector_runs_as_before_once_a_document_is_read() -> None:
    import gc
    before = gc.get_threshold()
    _build(PLAN)
    assert gc.get_threshold() == before


def test_an_assignment_is_the_fact_add_edge_makes() -> None:
    """add_assignment is add_edge with the role's attributes as keywords:
    the same key (stores MERGE on it), the same attributes in the same order,
    and no side when the unit is on none."""
    prov = Provenance("plan.txt", "一、加强组织领导", 10, 20, "1．建立工作专班。")
    for side in ("helper", None):
        by_keywords, direct = Graph(), Graph()
        extra = {"side": side} if side else {}
        by_keywords.add_edge("unit-a", R.leads, "task-b", prov, role="lead", unitText="区财政局",
                             position=2, **extra)
        direct.add_assignment("unit-a", R.leads, "task-b", prov, "lead", "区财政局", 2, side)
        assert list(by_keywords.edges) == list(direct.edges)
        [a], [b] = by_keywords.edges.values(), direct.edges.values()
        assert list(a.props.items()) == list(b.props.items())
        assert (A.side in b.props) == bool(side)
    plain, new = Graph(), Graph()
    plain.add_edge("task-b", R.statedIn, "doc-c")
    new.add_new_edge("task-b", R.statedIn, "doc-c")
    assert list(plain.edges) == list(new.edges)
    assert next(iter(new.edges.values())).props is EMPTY_PROPS


def test_a_quote_is_compared_where_it_stands_in_the_document() -> None:
    source = SourceText("前言。区财政局负责。")
    prov = Provenance("plan.txt", "", 3, 6, source)  # 区财政
    assert prov.quotes("区财政") and prov.quote == "区财政"
    assert not prov.quotes("区民政") and not prov.quotes("区财政局") and not prov.quotes("区财")
    assert Provenance("plan.txt", "", 3, 6, "区财政").quotes("区财政")


def test_nodes_and_relationships_are_made_as_the_dataclasses_made_them() -> None:
    a, b = Node("n-1", C.Task, "任务"), Node("n-2", C.Task, "任务")
    assert a.props == {} and a.props is not b.props  # each its own, as default_factory made
    assert a.aliases == frozenset() and a.prov is None
    renamed = replace(a, aliases=frozenset({"工作"}))
    assert (renamed.id, renamed.name, renamed.aliases) == ("n-1", "任务", frozenset({"工作"}))
    edge = Edge("n-1", R.statedIn, "d-1")
    assert edge.props == {} and edge.prov is None and edge.id.startswith("e-")
    assert edge == Edge("n-1", R.statedIn, "d-1", {A.role: "lead"})  # props are not compared
    with pytest.raises(FrozenInstanceError):
        edge.src = "n-2"  # type: ignore[misc]
