"""The pieces that keep named queries independent of the collection's size
(issue #14): the place closure the store writer materialises, the index of
name forms, conditional query lines, ORDER BY in Python and the in-memory
path search. Nothing here is timed: bench/bench_queries.py measures."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ontology.errors import AmbiguousName
from ontology.model import Edge, Node
from ontology.vocab import A, C, R
from queries import catalog, name_index
from queries.catalog import NamedQuery
from queries.embedded import EmbeddedStore, _order
from queries.rows import order_key
from queries.store_write import write_store
from queries.paths import _search
from queries.resolve import _lookup, resolve_name
from queries.to_rdf import within

RESOLVERS = ("resolve_unit", "resolve_place", "resolve_party", "resolve_entity",
             "resolve_document")


def _graph() -> tuple[list[Node], list[Edge]]:
    """甲区 > 乙街道 > 丙村, a unit of 甲区 written two ways, a project in 丙村."""
    nodes = [Node("d1", C.District, "甲区"), Node("s1", C.Street, "乙街道"),
             Node("v1", C.Village, "丙村", aliases=frozenset({"丙家村"})),
             Node("u1", C.GovernmentDepartment, "甲区农业局"),
             Node("p1", C.Project, "丙村灌溉渠"), Node("t1", C.Task, "修缮灌溉渠")]
    edges = [Edge("s1", R.partOf, "d1"), Edge("v1", R.partOf, "s1"),
             Edge("u1", R.jurisdiction, "d1"), Edge("p1", R.locatedIn, "v1"),
             Edge("u1", R.leads, "t1", props={A.unitText: "区农业局"})]
    return nodes, edges


def test_within_is_each_place_with_every_place_above_it() -> None:
    nodes, edges = _graph()
    closure = within(nodes, edges)
    assert closure["v1"] == ["v1", "s1", "d1"]
    assert closure["s1"] == ["s1", "d1"]
    assert closure["d1"] == ["d1"]
    assert "u1" not in closure and "p1" not in closure  # neither a place nor part of one


def test_within_is_written_to_the_store_with_the_class_above(tmp_path: Path) -> None:
    nodes, edges = _graph()
    write_store(tmp_path, nodes, edges, {})
    store = EmbeddedStore(tmp_path)
    rows = store.select("SELECT ?x WHERE { ?x bf:withinDistrict id:d1 } ORDER BY ?x")
    assert [r["x"].rsplit("/", 1)[-1] for r in rows] == ["d1", "s1", "v1"]
    assert store.select("SELECT ?v WHERE { id:s1 bf:withinVillage ?v }") == []


def _matches(tmp_path: Path, exact: bool = False) -> Callable[[str, str], set[tuple[str, str]]]:
    """(id, match) of the name index's rows, on a store of _graph()."""
    nodes, edges = _graph()
    write_store(tmp_path, nodes, edges, {})
    index = EmbeddedStore(tmp_path).name_index()
    assert index is not None

    def matches(resolver: str, text: str) -> set[tuple[str, str]]:
        return {(r["id"].rsplit("/", 1)[-1], r["match"])
                for r in index.rows(resolver, text, exact)}
    return matches


def test_name_index_answers_a_name_an_alias_a_written_form_and_a_fragment(tmp_path: Path) -> None:
    matches = _matches(tmp_path)
    assert matches("resolve_place", "丙村") == {("v1", "name")}
    assert matches("resolve_place", "丙家村") == {("v1", "alias")}
    # as written, and also a fragment of the full name 甲区农业局
    assert matches("resolve_unit", "区农业局") == {("u1", "written"), ("u1", "fragment")}
    assert matches("resolve_unit", "农业") == {("u1", "fragment")}
    assert matches("resolve_place", "农业") == set()  # a unit is no place
    index = EmbeddedStore(tmp_path).name_index()
    assert index is not None
    assert {r["scope"] for r in index.rows("resolve_place", "丙村")} == {"乙街道", "甲区"}


def test_an_exact_lookup_gives_the_whole_name_rows_and_no_fragment(tmp_path: Path) -> None:
    exact = _matches(tmp_path, exact=True)
    # 区农业局 is written so and is a fragment of 甲区农业局: only the first
    assert exact("resolve_unit", "区农业局") == {("u1", "written")}
    assert exact("resolve_unit", "农业") == set()  # a fragment only
    assert exact("resolve_place", "丙家村") == {("v1", "alias")}


def test_a_fragment_is_read_only_when_no_whole_name_is_chosen(tmp_path: Path) -> None:
    """丙村 is the village named so whole, though the project 丙村灌溉渠 holds
    it; 丙村灌 only a fragment of the project's name; 灌溉渠 a fragment of a
    project and of a task, so two entities; 农业局 a fragment of 甲区农业局."""
    nodes, edges = _graph()
    write_store(tmp_path, nodes, edges, {})
    store = EmbeddedStore(tmp_path)
    assert resolve_name(store, "resolve_entity", "丙村").endswith("/v1")
    assert resolve_name(store, "resolve_entity", "丙村灌").endswith("/p1")
    with pytest.raises(AmbiguousName):
        resolve_name(store, "resolve_entity", "灌溉渠")
    assert resolve_name(store, "resolve_unit", "农业局").endswith("/u1")
    assert resolve_name(store, "resolve_unit", "区农业局").endswith("/u1")


def test_document_rows_come_from_the_documents_forms_alone(store: Path) -> None:
    """doc= reads only the documents' names, file names and 文号/titles: the
    same rows as the resolver query, whole and in fragments."""
    embedded = EmbeddedStore(store)
    index = embedded.name_index()
    assert index is not None
    for text in ("000_", "武汉市", "方案", "洪山区"):
        by_query = sorted(map(repr, embedded.run("resolve_document", {"text": text})))
        assert sorted(map(repr, index.rows("resolve_document", text))) == by_query, text
        whole = [r for r in index.rows("resolve_document", text, exact=True)]
        assert all(r["match"] != "fragment" for r in whole)


def test_name_index_gives_the_rows_of_the_resolver_queries(store: Path) -> None:
    """On the sample corpus, for names, aliases and fragments of them."""
    embedded = EmbeddedStore(store)
    index = embedded.name_index()
    assert index is not None
    texts = ["区乡村振兴局", "洪山区", "乡村振兴", "街道", "寨岗村", "武办文", "方案", "区财政局"]
    for resolver in RESOLVERS:
        for text in texts:
            by_query = sorted(map(repr, embedded.run(resolver, {"text": text})))
            by_index = sorted(map(repr, index.rows(resolver, text)))
            assert by_index == by_query, (resolver, text)
            assert sorted(map(repr, _lookup(embedded, resolver, text))) == by_query


def test_a_store_without_the_index_resolves_by_query(tmp_path: Path) -> None:
    nodes, edges = _graph()
    generation = write_store(tmp_path, nodes, edges, {})
    (generation / name_index.FILE).unlink()
    store = EmbeddedStore(tmp_path)
    assert store.name_index() is None
    rows = _lookup(store, "resolve_place", "丙村")  # one row per place above it
    assert {(r["match"], r["scope"]) for r in rows} == {("name", "乙街道"), ("name", "甲区")}


def test_conditional_lines_follow_the_given_parameters() -> None:
    query = catalog.get("projects")
    unbound = query.text_for("rq", {})
    bound = query.text_for("rq", {"doc": "x.txt"})
    assert "?d bf:name ?p_doc" not in unbound
    assert "  ?d bf:name ?p_doc .\n" in bound
    fake = NamedQuery("fake", "", ())
    lines = "a  # if: x\nb  # if not: x\nc\n"
    object.__setattr__(fake, "text", lambda language="rq": lines)
    assert fake.text_for("rq", {"x": "1"}).split() == ["a", "c"]
    assert fake.text_for("rq", {"x": ""}).split() == ["b", "c"]


def test_order_by_is_taken_out_and_sorts_as_sparql() -> None:
    text, keys = _order("SELECT ?a ?b WHERE { ?a ?p ?b }\nORDER BY ?b ?a\n")
    assert keys == ["b", "a"] and "ORDER" not in text
    assert _order("SELECT ?a WHERE { } ORDER BY DESC(?a)")[1] == []  # not plain variables
    values = ["b", None, 10, 2, "a"]
    assert sorted(values, key=order_key) == [None, 2, 10, "a", "b"]


@pytest.mark.parametrize("goal, on", [("e", {"a", "b", "c", "e"}), ("z", set())])
def test_search_keeps_the_entities_of_every_shortest_chain(goal: str, on: set[str]) -> None:
    near = {"a": {"b", "c", "d"}, "b": {"a", "e"}, "c": {"a", "e"}, "d": {"a", "f"},
            "e": {"b", "c", "f"}, "f": {"d", "e"}}
    depth, found = _search(near, "a", goal)
    assert found == on
    assert depth["e"] == 2 and depth["f"] == 2
