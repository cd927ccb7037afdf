"""Named queries that start from a bound entity (issue #14 item 1): their rows
against the definition each one states, computed here from the graph's
records over every party, place and kind of the sample corpus — so a rewrite
for speed that changed an answer fails. Nothing here is timed:
bench/bench_queries.py measures."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from queries.embedded import EmbeddedStore
from queries.store import run_named
from queries.to_rdf import ID_NS

KINDS = ("project", "pairing", "dispatch", "team", "fund")


@pytest.fixture(scope="module")
def graph(store: Path) -> tuple[EmbeddedStore, dict[str, dict], dict[str, list[tuple[str, str]]]]:
    """The store, its nodes by id and its edges by relation as (src, dst)."""
    embedded = EmbeddedStore(store)
    nodes: dict[str, dict] = {}
    edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rec in embedded.records():
        if rec["kind"] == "node":
            nodes[rec["id"]] = rec
        elif rec["kind"] == "edge":
            edges[rec["rel"]].append((rec["src"], rec["dst"]))
    return embedded, nodes, edges


def _up(edges: dict[str, list[tuple[str, str]]], start: str) -> set[str]:
    """start and every place it is part of (bf:partOf*)."""
    up = nx.DiGraph(edges["partOf"])
    return {start} | (nx.descendants(up, start) if start in up else set())


def _scope(edges: dict[str, list[tuple[str, str]]], party: str) -> set[str]:
    """What a fund's party stands within: (bf:actsFor|bf:jurisdiction)?/bf:partOf*."""
    out = _up(edges, party)
    for rel in ("actsFor", "jurisdiction"):
        for src, dst in edges[rel]:
            if src == party:
                out |= _up(edges, dst)
    return out


def _iri(node_id: str) -> str:
    return ID_NS + node_id


def _fund_names(rows: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    return sorted((r["allocation"], r["amount"]) for r in rows[:-1])


def test_funds_by_source_and_target_are_the_allocations_within_the_party(graph) -> None:
    store, nodes, edges = graph
    source = {f: s for f, s in edges["fundSource"]}
    target = {f: t for f, t in edges["fundTarget"]}
    funds = [n for n in nodes.values() if n["class"] == "FundAllocation"]
    parties = {p for f in funds for side in (source, target) if f["id"] in side
               for p in _scope(edges, side[f["id"]])}
    assert len(parties) > 5  # the corpus has districts, a city and units as parties
    for party in sorted(parties):
        for key, side in (("source", "fundSource"), ("target", "fundTarget")):
            want = sorted((f["name"], f["props"].get("amount")) for f in funds
                          if any(s == f["id"] and party in _scope(edges, o) for s, o in edges[side]))
            got = run_named(store, "funds", {key: _iri(party)})
            assert _fund_names(got) == want, (key, nodes[party]["name"])


def test_funds_with_both_sides_bound_are_those_of_each(graph) -> None:
    store, nodes, edges = graph
    funds = {n["id"]: n for n in nodes.values() if n["class"] == "FundAllocation"}

    def within(side: str, party: str) -> set[str]:
        return {f for f, o in edges[side] if f in funds and party in _scope(edges, o)}
    sources = {p for _, s in edges["fundSource"] for p in _scope(edges, s)}
    targets = {p for _, t in edges["fundTarget"] for p in _scope(edges, t)}
    answered = 0
    for s in sorted(sources):
        for t in sorted(targets):
            both = within("fundSource", s) & within("fundTarget", t)
            want = sorted((funds[f]["name"], funds[f]["props"].get("amount")) for f in both)
            got = run_named(store, "funds", {"source": _iri(s), "target": _iri(t)})
            assert _fund_names(got) == want, (nodes[s]["name"], nodes[t]["name"])
            answered += bool(want)
    assert answered  # some pairs have allocations, others none


def test_dispatches_by_kind_are_those_with_a_unit_of_that_class(graph) -> None:
    store, nodes, edges = graph
    units_of: dict[str, set[str]] = defaultdict(set)
    for ds, unit in edges["dispatchingUnit"]:
        units_of[ds].add(nodes[unit]["class"])
    for kind in ("Enterprise", "school", "PARTYORGAN", "governmentdepartment", "nothing"):
        rows = run_named(store, "dispatches", {"kind": kind})
        seqs = {(r["document"], r["seq"]) for r in rows}
        want = {(nodes[ds]["prov"]["document"], nodes[ds]["props"]["seq"]) for ds, classes in units_of.items()
                if kind.lower() in {c.lower() for c in classes}}
        assert seqs == want, kind
    assert run_named(store, "dispatches", {"kind": "nothing"}) == []


def test_helpers_rolled_up_and_by_kind(graph) -> None:
    """A district's helpers hold those of each village in it, and each kind
    asked alone gives the rows of that kind."""
    store, nodes, edges = graph
    places = [n["id"] for n in nodes.values() if n["class"] in ("District", "County", "Street", "Town")]
    assert places
    for place in places:
        rows = run_named(store, "helpers", {"place": _iri(place)})
        for kind in KINDS:
            assert run_named(store, "helpers", {"place": _iri(place), "kind": kind}) == \
                [r for r in rows if r["kind"] == kind]
        children = [src for src, dst in edges["partOf"] if dst == place]
        for child in children:
            below = run_named(store, "helpers", {"place": _iri(child)})
            assert all(r in rows for r in below), (nodes[place]["name"], nodes[child]["name"])


def test_dispatches_by_unit_are_those_it_sends_or_leads(graph) -> None:
    store, nodes, edges = graph
    by_unit: dict[str, set[str]] = defaultdict(set)
    for rel in ("dispatchingUnit", "leadUnit"):
        for ds, unit in edges[rel]:
            by_unit[unit].add(ds)
    for unit in sorted(by_unit)[:40]:
        rows = run_named(store, "dispatches", {"unit": _iri(unit)})
        want = {(nodes[ds]["prov"]["document"], nodes[ds]["props"]["seq"]) for ds in by_unit[unit]}
        assert {(r["document"], r["seq"]) for r in rows} == want, nodes[unit]["name"]


def test_dispatches_list_each_dispatch_units_in_their_order(graph) -> None:
    """`units` (added after the query, from one query bound to the dispatches
    found) are the names of each dispatch's dispatching units by position, for
    every document of the corpus and for a kind."""
    store, nodes, edges = graph
    positions = {}
    for rec in store.records():
        if rec["kind"] == "edge" and rec["rel"] == "dispatchingUnit":
            positions[(rec["src"], rec["dst"])] = rec["props"].get("position", 0)
    units: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for ds, unit in edges["dispatchingUnit"]:
        key = (nodes[ds]["prov"]["document"], nodes[ds]["props"]["seq"])
        units[key].append((positions[(ds, unit)], nodes[unit]["name"]))
    want = {key: [name for _, name in sorted(found)] for key, found in units.items()}
    docs = sorted({doc for doc, _ in want})
    assert docs and sum(len(names) > 1 for names in want.values()) > 5
    for doc in docs:
        rows = run_named(store, "dispatches", {"doc": doc})
        assert {(r["document"], r["seq"]): r["units"] for r in rows} == \
            {key: names for key, names in want.items() if key[0] == doc}, doc
    for row in run_named(store, "dispatches", {"kind": "Enterprise"}):
        assert row["units"] == want[(row["document"], row["seq"])]
