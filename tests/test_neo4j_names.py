"""The index of name forms a Neo4j database keeps beside the graph (issue #14
item 2), on the real server the test command starts: written by every load,
the built store's own index after a first load, read again when another
process loads, and answering as the resolver queries do."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from conftest import CORPUS
from neo4j_fixture import count, loaded, wipe
from ontology.errors import AmbiguousName, QueryError
from queries import name_index, neo4j_names
from queries.api import build, load
from queries.embedded import EmbeddedStore
from queries.neo4j_store import Neo4jStore
from queries.resolve import resolve_name

NAMES = [("resolve_unit", "洪山区乡村振兴局"), ("resolve_unit", "区教育局"), ("resolve_place", "旧街街道"),
         ("resolve_party", "恩施州"), ("resolve_unit", "英格中学"), ("resolve_document", "武办文〔2021〕33号"),
         ("resolve_place", "没有这个村"), ("resolve_unit", "财政局")]


def resolved(store, resolver: str, text: str) -> str:
    """The id a name resolves to, or the error a person would read."""
    try:
        return resolve_name(store, resolver, text).rsplit("/", 1)[-1]
    except (AmbiguousName, QueryError) as exc:
        return f"{type(exc).__name__}: {exc}"


def forms(data: dict) -> set[tuple]:
    ids = [e[0] for e in data["entities"]]
    return {(ids[i], form, kind) for i, form, kind in data["forms"]}


@pytest.fixture(scope="module")
def neo(store: Path):
    return loaded(store)


def test_a_first_load_keeps_the_built_stores_index(store: Path, neo) -> None:
    assert count(neo, "MATCH (i:BangfuIndex) RETURN count(i)") == 1
    with Neo4jStore(*neo) as db:
        index = db.name_index()
    built = EmbeddedStore(store).name_index()
    assert index is not None and built is not None
    assert sorted(map(tuple, index.forms)) == sorted(map(tuple, built.forms))
    # the index node is beside the graph, not counted in it
    with Neo4jStore(*neo) as db:
        assert db.counts()["nodes"] == count(neo, "MATCH (n) RETURN count(n)") - 1


def test_names_resolve_alike_with_the_index_the_queries_and_the_embedded_store(store: Path, neo) -> None:
    embedded = EmbeddedStore(store)
    with Neo4jStore(*neo) as db:
        with_index = [resolved(db, r, t) for r, t in NAMES]
        db.name_index = lambda: None  # this reader resolves by resolve_*.cypher
        by_queries = [resolved(db, r, t) for r, t in NAMES]
    assert with_index == [resolved(embedded, r, t) for r, t in NAMES]
    assert by_queries == with_index
    assert with_index[0] != with_index[-1] and "names several" in with_index[-1]


def test_an_index_read_from_the_database_is_the_index_of_what_it_holds(store: Path, neo) -> None:
    with GraphDatabase.driver(neo[0], auth=neo[1:]) as driver:
        neo4j_names.write_index(driver, None)  # no data given: read back from the graph
    with Neo4jStore(*neo) as db:
        index = db.name_index()
    built = name_index.data(EmbeddedStore(store).path)
    assert index is not None and built is not None
    # every name form; not the texts of tasks the embedded store's owners searches
    names = {form for form in forms(built) if form[2] not in ("content", "heading")}
    assert {(index.ids[i], f, k) for i, f, k in index.forms} == names
    assert not index.searches_texts and len(names) < len(forms(built))


def test_a_reader_sees_a_load_made_by_another_process(tmp_path: Path, neo, store: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neo4j_names, "CHECK_EVERY", 0.0)
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(sorted(CORPUS.glob("*.txt"))[4], docs)  # 004: one document, not the others
    small = tmp_path / "store"
    build([docs], small)
    wipe(neo)
    load(small, *neo)
    try:
        with Neo4jStore(*neo) as reader:
            before = resolved(reader, "resolve_unit", "英格中学")
            load(store, *neo)  # the whole corpus, loaded by someone else meanwhile
            after = resolved(reader, "resolve_unit", "英格中学")
        assert before.startswith("QueryError: no entity is named")
        assert not after.startswith("QueryError")
    finally:
        wipe(neo)
        load(store, *neo)
