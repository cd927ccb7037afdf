"""funds asked with parameters reads its rows before the total from those kept
for its listing (`# keys: … before post`, issue #14) and makes the total row of
them: the rows must be those of the fragment below as a reader finds them, the
same with and without a kept listing, and the total that of the answer, not of
the listing. Nothing here is timed: bench/bench_queries.py measures."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loaders.corpus import doc_id
from ontology.model import Edge, Node, Provenance
from ontology.vocab import A, C, R
from queries.catalog import KEYS_QUERY
from queries.embedded import EmbeddedStore
from queries.store import _answer, run_named
from queries.store_write import write_store
from queries.to_rdf import ID_NS

DOC, OTHER = "甲.txt", "乙.txt"
F1 = "市财政局安排新洲区产业发展资金500万元。"
F2 = "2022年区财政局安排旧街街道100万元，其中寨岗村40万元。"
F4 = "市财政局每年安排乙街道30万元。"
AGAIN = "重申：市财政局安排新洲区产业发展资金500万元。"
F5 = "2023年区财政局安排乙街道50万元。"
F6 = "省教育厅安排新洲区第一中学20万元。"
F7 = "省教育厅安排区财政局10万元。"
TEXT = {DOC: f"一、资金\n{F1}\n{F2}\n{F4}\n二、重申\n{AGAIN}\n", OTHER: f"一、资金\n{F5}\n{F6}\n{F7}\n"}


def prov(doc: str, section: str, line: str) -> Provenance:
    start = TEXT[doc].index(line)
    return Provenance(doc, section, start, start + len(line), line)


def fragment() -> tuple[list[Node], list[Edge]]:
    """The places, units and allocations of TEXT, as a reader writes them down:
    f1 stated twice in 甲 (the same money), f3 a part (其中) of f2, f4 yearly;
    f6 and f7 go to units: a school whose jurisdiction is 新洲区, and 区财政局,
    which acts for it."""
    p1, p2, p4 = (prov(DOC, "一、资金", x) for x in (F1, F2, F4))
    again = prov(DOC, "二、重申", AGAIN)
    p5, p6, p7 = (prov(OTHER, "一、资金", x) for x in (F5, F6, F7))
    funds = [("f1", "产业发展资金", 500.0, None, False, p1, "city_fin", "xz"),
             ("f2", "旧街街道资金", 100.0, 2022, False, p2, "district_fin", "s1"),
             ("f3", "寨岗村资金", 40.0, 2022, False, p2, "district_fin", "v1"),
             ("f4", "乙街道资金", 30.0, None, True, p4, "city_fin", "s2"),
             ("f5", "乙街道2023年资金", 50.0, 2023, False, p5, "district_fin", "s2"),
             ("f6", "第一中学资金", 20.0, None, False, p6, "province_edu", "school"),
             ("f7", "区财政局资金", 10.0, None, False, p7, "province_edu", "district_fin")]
    nodes = [Node(doc_id(DOC), C.Document, DOC), Node(doc_id(OTHER), C.Document, OTHER),
             Node("wh", C.City, "武汉市"), Node("xz", C.District, "新洲区"),
             Node("s1", C.Street, "旧街街道"), Node("s2", C.Street, "乙街道"),
             Node("v1", C.Village, "寨岗村"),
             Node("city_fin", C.GovernmentDepartment, "市财政局"),
             Node("district_fin", C.GovernmentDepartment, "区财政局"),
             Node("province_edu", C.GovernmentDepartment, "省教育厅"),
             Node("school", C.School, "新洲区第一中学")]
    edges = [Edge("xz", R.partOf, "wh"), Edge("s1", R.partOf, "xz"), Edge("s2", R.partOf, "xz"),
             Edge("v1", R.partOf, "s1"),
             Edge("city_fin", R.actsFor, "wh"), Edge("district_fin", R.actsFor, "xz"),
             Edge("school", R.jurisdiction, "xz")]
    for fid, name, amount, year, recurring, p, source, target in funds:
        props: dict[Any, Any] = {A.amount: amount, A.recurring: recurring}
        if year:
            props[A.year] = year
        nodes.append(Node(fid, C.FundAllocation, name, props, prov=p))
        edges += [Edge(fid, R.statedIn, doc_id(p.doc), prov=p),
                  Edge(fid, R.fundSource, source, prov=p), Edge(fid, R.fundTarget, target, prov=p)]
    edges += [Edge("f1", R.statedIn, doc_id(DOC), prov=again),
              Edge("f3", R.partOfTotal, "f2", prov=p2)]
    return nodes, edges


@pytest.fixture(params=["query", "listing"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The fragment's store, asked before the funds listing is kept (each bound
    ask runs the query), or after (a bound ask reads the kept rows)."""
    write_store(tmp_path, *fragment(), {})
    if request.param == "listing":
        run_named(EmbeddedStore(tmp_path), "funds", {})
    return tmp_path


def funds(store: Path, **params: str) -> list[dict[str, Any]]:
    bound = {k: ID_NS + v if k in ("source", "target") else v for k, v in params.items()}
    return run_named(EmbeddedStore(store), "funds", bound)


def brief(rows: list[dict[str, Any]]) -> list[tuple]:
    """allocation, amount and year of each row, the total row last."""
    return [(r["allocation"], r["amount"], r["year"]) for r in rows]


def test_funds_from_a_unit_or_a_place_are_those_the_fragment_states(store: Path) -> None:
    # 市财政局's own: f1 (stated twice, one row) and f4 (yearly, counted once)
    rows = funds(store, source="city_fin")
    assert brief(rows) == [("产业发展资金", 500.0, None), ("乙街道资金", 30.0, None),
                           ("合计 2 项，各计一次；每年的按一年计", 530.0, None)]
    assert [m["evidence"] for m in rows[0]["mentions"]] == [F1, AGAIN]
    assert rows[0]["source"] == ["市财政局"] and rows[0]["target"] == ["新洲区"]
    # from 武汉市: its units' and those of the places within it (区财政局 acts for
    # 新洲区); ordered by document (乙 before 甲), span, source, target
    assert brief(funds(store, source="wh")) == [
        ("乙街道2023年资金", 50.0, 2023), ("产业发展资金", 500.0, None),
        ("寨岗村资金", 40.0, 2022), ("旧街街道资金", 100.0, 2022), ("乙街道资金", 30.0, None),
        ("合计 4 项，各计一次；不含已在总额中的 1 项分项；每年的按一年计", 680.0, None)]


def test_funds_to_a_place_include_those_to_its_units(store: Path) -> None:
    # a unit asked for is a target itself: 区财政局 (no place is within a unit)
    assert brief(funds(store, target="district_fin")) == [("区财政局资金", 10.0, None),
                                                          ("合计 1 项，各计一次", 10.0, None)]
    assert brief(funds(store, target="school")) == [("第一中学资金", 20.0, None),
                                                    ("合计 1 项，各计一次", 20.0, None)]
    # 新洲区: the places within it, the school whose jurisdiction it is and
    # 区财政局, which acts for it; 乙 before 甲, then by span, source, target
    assert brief(funds(store, target="xz")) == [
        ("乙街道2023年资金", 50.0, 2023), ("第一中学资金", 20.0, None), ("区财政局资金", 10.0, None),
        ("产业发展资金", 500.0, None), ("寨岗村资金", 40.0, 2022), ("旧街街道资金", 100.0, 2022),
        ("乙街道资金", 30.0, None),
        ("合计 6 项，各计一次；不含已在总额中的 1 项分项；每年的按一年计", 710.0, None)]
    # 旧街街道: neither unit is its own; with a source, only what both allow
    assert brief(funds(store, target="s1")) == [
        ("寨岗村资金", 40.0, 2022), ("旧街街道资金", 100.0, 2022),
        ("合计 1 项，各计一次；不含已在总额中的 1 项分项", 100.0, None)]
    assert brief(funds(store, source="province_edu", target="xz", doc=OTHER)) == [
        ("第一中学资金", 20.0, None), ("区财政局资金", 10.0, None), ("合计 2 项，各计一次", 30.0, None)]
    assert brief(funds(store, source="wh", target="school")) == []


def test_the_total_is_that_of_the_answer_not_of_the_listing(store: Path) -> None:
    # with its whole (f2) in the answer, the part f3 is not added again ...
    assert brief(funds(store, source="xz", doc=DOC)) == [
        ("寨岗村资金", 40.0, 2022), ("旧街街道资金", 100.0, 2022),
        ("合计 1 项，各计一次；不含已在总额中的 1 项分项", 100.0, None)]
    # ... but alone (寨岗村 is within 旧街街道, not the other way) it is the total
    assert brief(funds(store, target="v1")) == [("寨岗村资金", 40.0, 2022),
                                                ("合计 1 项，各计一次", 40.0, None)]
    assert brief(funds(store, year="2023")) == [("乙街道2023年资金", 50.0, 2023),
                                                ("合计 1 项，各计一次", 50.0, None)]
    assert brief(funds(store, source="city_fin", target="s1")) == []  # 市财政局: 新洲区, 乙街道


def test_bound_funds_are_the_querys_own_rows(store: Path) -> None:
    places = ("wh", "xz", "s1", "s2", "v1", "city_fin", "district_fin", "province_edu", "school")
    asks = [{"source": p} for p in places] + [{"target": p} for p in places]
    asks += [{"source": s, "target": t} for s in places for t in places]
    asks += [{"doc": d, **({"year": y} if y else {})} for d in (DOC, OTHER, "丙.txt")
             for y in (None, "2022", "2023", "1999")]
    asks += [{"source": p, "year": "2022"} for p in places]
    asks += [{"target": p, "year": "2022"} for p in places] + [{"target": p, "doc": OTHER} for p in places]
    for params in asks:
        bound = {k: ID_NS + v if k in ("source", "target") else v for k, v in params.items()}
        assert run_named(EmbeddedStore(store), "funds", bound) \
            == _answer(EmbeddedStore(store), "funds", bound), params


def test_a_kept_listing_is_what_a_bound_ask_reads(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    write_store(tmp_path, *fragment(), {})
    listing = run_named(EmbeddedStore(tmp_path), "funds", {})
    assert listing[-1]["allocation"].startswith("合计 6 项")  # f1, f2, f4–f7; f3 is in f2
    store = EmbeddedStore(tmp_path)
    asked: list[tuple[str, str]] = []
    original = store.run
    monkeypatch.setattr(store, "run", lambda name, params, language="rq":
                        asked.append((name, language)) or original(name, params, language))
    rows = run_named(store, "funds", {"target": ID_NS + "v1"})
    assert asked == [("funds", KEYS_QUERY)]  # the keys alone: the rows came from those kept
    assert brief(rows)[-1] == ("合计 1 项，各计一次", 40.0, None)
    # the listing itself is read as kept, the same as computed
    assert run_named(store, "funds", {}) == listing
