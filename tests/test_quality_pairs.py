"""The data-quality report's suspected duplicates: the pairs the sample corpus
holds (read from the documents, not from an earlier output), and the same
pairs whether names are compared pair by pair or in blocks (issue #15 item 6:
comparing every pair took minutes at 40 copies of the corpus)."""
from __future__ import annotations

import itertools
from collections import defaultdict
from pathlib import Path

from conftest import CORPUS, DOC
from ontology.model import PLACE_CLASSES, UNIT_CLASSES
from ontology.vocab import C, R
from queries.api import build, quality
from queries.embedded import EmbeddedStore
from queries.quality import Graph, duplicate_places, duplicate_units, one_apart, one_apart_pairs


def every_pair(ids: list[str], name: dict[str, str]) -> list[tuple[str, str]]:
    """The pairs as the report found them before blocking: each pair compared."""
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if one_apart(name[a], name[b])]


def test_blocks_find_every_pair_one_character_apart_in_the_same_order() -> None:
    # every name of up to three characters over three, each twice (copies of
    # a collection name the same thing again), and names of other lengths
    names = ["".join(t) for n in range(4) for t in itertools.product("甲乙丙", repeat=n)]
    names = names + names[::-1] + ["甲乙丙丁", "甲乙丙戊", "乙"]
    ids = [f"n{k}" for k in range(len(names))]
    name = dict(zip(ids, names))
    expected = every_pair(ids, name)
    assert len(expected) > 400  # the test can fail: most names have neighbours
    assert list(one_apart_pairs(ids, name.__getitem__)) == expected


def test_the_report_lists_the_pairs_the_corpus_holds(store: Path) -> None:
    """Read from the corpus: the 2021 dispatch table (002, rows 176, 181, 183)
    writes 蔡咀村, 洲湖村, 高桥村 under 辛冲街道 where the project table of 000
    (written one character per line) has 蔡院村, 浏湖村, 高湾村; the gazetteer
    lists 浏湖村 but not 洲湖村, and both of the other two pairs. 001 names
    高坪镇 of 建始县, and the gazetteer 花坪镇 beside it; 洪山区 has 关山街道
    (001's list of streets) and 洪山街道, which its list of streets lacks.
    No two units of one jurisdiction are one character apart."""
    found = {(d["kind"], d["parent"], frozenset(d["names"])): d
             for d in quality(store)["suspected_duplicates"]}
    village = ("place", "辛冲街道")
    assert set(found) == {(*village, frozenset({"洲湖村", "浏湖村"})),
                          (*village, frozenset({"蔡咀村", "蔡院村"})),
                          (*village, frozenset({"高桥村", "高湾村"})),
                          ("place", "建始县", frozenset({"花坪镇", "高坪镇"})),
                          ("place", "洪山区", frozenset({"洪山街道", "关山街道"}))}
    misread = found[(*village, frozenset({"洲湖村", "浏湖村"}))]
    assert misread["verdict"] == "likely a misreading of 浏湖村"
    assert misread["documents"] == {"洲湖村": [DOC["002"]], "浏湖村": [DOC["000"]]}
    for pair in ({"蔡咀村", "蔡院村"}, {"高桥村", "高湾村"}):
        assert found[(*village, frozenset(pair))]["verdict"] == "probably distinct"
    assert found[("place", "建始县", frozenset({"花坪镇", "高坪镇"}))]["verdict"] == "probably distinct"
    assert found[("place", "洪山区", frozenset({"洪山街道", "关山街道"}))]["verdict"] == "unknown"


def test_copies_of_documents_give_the_pairs_of_comparing_every_pair(tmp_path: Path) -> None:
    """Three copies of the dispatch table and the project table, the
    districts renamed in each (洪山区 → 洪山乙区), as bench/ copies the corpus:
    their work teams share no jurisdiction, so the teams of two villages one
    character apart pair across the copies — the case that made the report
    quadratic."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for k in range(3):
        for doc in (DOC["000"], DOC["002"]):
            text = (CORPUS / doc).read_text(encoding="utf-8")
            for district in ("洪山区", "新洲区", "武汉市") if k else ():
                text = text.replace(district, district[:-1] + "甲乙丙"[k] + district[-1])
            (folder / f"c{k}_{doc}").write_text(text, encoding="utf-8")
    build([folder], tmp_path / "store")
    g = Graph.of(EmbeddedStore(tmp_path / "store").records())
    name = {i: n["name"] for i, n in g.nodes.items()}

    by_place: dict[str | None, list[str]] = defaultdict(list)
    for i, n in g.nodes.items():
        if C(n["class"]) in UNIT_CLASSES:
            by_place[g.parent(i, R.jurisdiction.value)].append(i)
    units = [[name[a], name[b]] for ids in by_place.values() for a, b in every_pair(ids, name)
             if not set(g.documents(a)) & set(g.documents(b))]
    assert len(units) > 100
    assert [d["names"] for d in duplicate_units(g)] == units

    by_parent: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    for i, n in g.nodes.items():
        if C(n["class"]) in PLACE_CLASSES and not n["props"].get("code"):
            by_parent[(g.parent(i), n["class"])].append(i)
    places = sorted(((g.name(parent), [name[a], name[b]])
                     for (parent, _), ids in by_parent.items() for a, b in every_pair(ids, name)
                     if not set(g.documents(a)) & set(g.documents(b))))
    assert places and sorted((d["parent"], d["names"]) for d in duplicate_places(g)) == places
