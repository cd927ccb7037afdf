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


# A bound dispatches / projects answer read from the kept listing (`# keys:`,
# queries/listing.py) must be the answer the query gives itself, order included.

def _copy(store: Path, tmp_path: Path) -> Path:
    """The session's store copied with no answers kept: this test's own."""
    import shutil
    from queries.embedded import ANSWERS
    target = tmp_path / "store"
    shutil.copytree(store, target, symlinks=True)
    shutil.rmtree(target / "current" / ANSWERS, ignore_errors=True)
    return target


def _from_listing(store: EmbeddedStore, name: str, params: dict[str, Any]) -> list | None:
    """The rows the kept listing gives (None: the query would run itself)."""
    from queries import catalog, listing
    from queries.store import _answer_key
    return listing.bound_rows(store, name, catalog.get(name).keys, params, _answer_key(name))


def _bound_sets(graph) -> list[tuple[str, dict[str, Any]]]:
    """Every document, place, kind and role of the corpus for dispatches; every
    document, place, unit and month bound for projects; some of them together."""
    _, nodes, edges = graph
    docs = sorted(n["name"] for n in nodes.values() if n["class"] == "Document")
    places = sorted({_iri(dst) for _, dst in edges["partOf"]})
    units = sorted({_iri(src) for rel in ("leads", "responsibleFor", "cooperatesOn")
                    for src, dst in edges[rel] if nodes[dst]["class"] == "Project"})
    months = sorted({n["props"]["deadline"] for n in nodes.values()
                     if n["class"] == "Project" and n["props"].get("deadline")})
    kinds = sorted({nodes[u]["class"] for _, u in edges["dispatchingUnit"]}) + ["nothing"]
    assert docs and places and units and months and len(kinds) > 3
    sets = [("dispatches", {"role": r}) for r in ("dispatching", "lead")]
    sets += [("dispatches", {"kind": k}) for k in kinds]
    sets += [("dispatches", {"kind": k, "place": p}) for k in kinds[:3] for p in places]
    for d in docs:
        sets += [("dispatches", {"doc": d}), ("dispatches", {"doc": d, "role": "lead"}),
                 ("projects", {"doc": d})]
    for p in places:
        sets += [("dispatches", {"place": p}), ("projects", {"place": p})]
    sets += [("projects", {"unit": u}) for u in units]
    for m in [*months, "2000-01", "2099-12"]:
        sets += [("projects", {"due_before": m}), ("projects", {"due_after": m})]
    return sets


def test_bound_answers_read_from_the_kept_listing_are_the_query_s_own(graph, store: Path,
                                                                       tmp_path: Path) -> None:
    own = EmbeddedStore(_copy(store, tmp_path))
    sets = _bound_sets(graph)
    # nothing kept yet: each query runs itself
    assert all(_from_listing(own, name, params) is None for name, params in sets)
    before = [run_named(own, name, params) for name, params in sets]
    for name in ("dispatches", "projects"):
        run_named(own, name, {})  # the listings, kept
    reader = EmbeddedStore(own.root)  # another reader: the keys read from the kept files
    after = [_from_listing(reader, name, params) for name, params in sets]
    assert all(rows is not None for rows in after)
    for (name, params), want, got in zip(sets, before, after):
        assert got == want, (name, params)
        assert run_named(reader, name, params) == want, (name, params)
    assert sum(map(len, after)) > 1000  # the sets are not empty ones
    # unit= gives `role`, which the listing leaves empty: asked of the store
    unit = sorted({_iri(u) for _, u in graph[2]["leadUnit"]})[0]
    assert _from_listing(reader, "dispatches", {"unit": unit}) is None
    rows = run_named(reader, "dispatches", {"unit": unit})
    assert rows and all("lead" in r["role"] for r in rows)  # it leads each (and may send too)


def _one_dispatch(store: EmbeddedStore) -> tuple[str, str]:
    """A dispatch with one dispatching unit, and the village it goes to."""
    from queries.embedded import PREFIXES
    [row] = list(store.store.query("""
        SELECT ?ds ?v WHERE { ?ds a bf:Dispatch ; bf:village ?v ; bf:dispatchingUnit ?u .
                              FILTER NOT EXISTS { ?ds bf:dispatchingUnit ?other FILTER(?other != ?u) } }
        ORDER BY ?ds LIMIT 1""", prefixes=PREFIXES))
    return row[0].value, row[1].value


def test_a_listing_row_of_two_dispatches_is_not_read_for_one_of_them(store: Path,
                                                                       tmp_path: Path) -> None:
    """Two dispatches alike but for their dispatching units are one row of the
    listing, with both units; a kind only the second's unit has finds that
    dispatch alone, whose row has its unit only: the query runs itself."""
    from queries.api import sparql
    root = _copy(store, tmp_path)
    ds, village = _one_dispatch(EmbeddedStore(root))
    from queries.embedded import PREFIXES
    classes = {r[0].value.rsplit("#", 1)[-1] for r in EmbeddedStore(root).store.query(
        f"SELECT ?c WHERE {{ <{ds}> bf:dispatchingUnit ?u . ?u a ?c }}", prefixes=PREFIXES)}
    kind = next(k for k in ("School", "Enterprise") if k not in classes)
    # the second dispatch: the first's statements but its dispatching unit, of another kind
    sparql(root, f"""
        INSERT {{ id:ds2 ?p ?o }} WHERE {{ <{ds}> ?p ?o FILTER(?p != bf:dispatchingUnit) }} ;
        INSERT DATA {{
          id:u2 a bf:{kind} , bf:Unit ; bf:name "第二派出单位" .
          id:ds2 bf:dispatchingUnit id:u2 .
          id:a2 rdf:subject id:ds2 ; rdf:predicate bf:dispatchingUnit ;
                rdf:object id:u2 ; bf:position 0 .
        }}""", {}, write=True)
    own = EmbeddedStore(root)
    listing = run_named(own, "dispatches", {})
    both = [r for r in listing if "第二派出单位" in r["units"]]
    assert len(both) == 1 and len(both[0]["units"]) == 2  # one row, both units
    by_kind = run_named(own, "dispatches", {"kind": kind})
    assert _from_listing(own, "dispatches", {"kind": kind}) is None
    assert [r["units"] for r in by_kind if r["seq"] == both[0]["seq"]
            and r["document"] == both[0]["document"]] == [["第二派出单位"]]
    # the village finds both dispatches: their row is read from the listing
    by_place = _from_listing(own, "dispatches", {"place": village})
    assert by_place is not None and both[0] in by_place


def test_a_bound_answer_after_an_update_is_of_the_new_content(store: Path,
                                                              tmp_path: Path) -> None:
    """sparql --write changes the generation's revision: the listing kept
    before is not read again, by a bound ask either."""
    from queries.api import sparql
    from queries.store import _answer
    root = _copy(store, tmp_path)
    ds, village = _one_dispatch(EmbeddedStore(root))
    before = run_named(EmbeddedStore(root), "dispatches", {})  # kept
    seqs = [r["seq"] for r in run_named(EmbeddedStore(root), "dispatches", {"place": village})]
    sparql(root, f"""
        DELETE {{ <{ds}> bf:seq ?s }} INSERT {{ <{ds}> bf:seq 9999 }} WHERE {{ <{ds}> bf:seq ?s }}""",
           {}, write=True)
    fresh = EmbeddedStore(root)
    assert _from_listing(fresh, "dispatches", {"place": village}) is None  # not kept any more
    after = run_named(fresh, "dispatches", {"place": village})
    assert 9999 in [r["seq"] for r in after] and 9999 not in seqs
    assert run_named(fresh, "dispatches", {}) != before  # kept anew
    assert _from_listing(fresh, "dispatches", {"place": village}) == after
    assert _answer(fresh, "dispatches", {"place": village}) == after


def test_every_keys_header_has_a_keys_query_chosen_by_the_same_parameters() -> None:
    """The keys query of a `# keys:` query (NAME.keys.rq, no query of its own)
    reads only parameters the query takes, none of those it is not used with,
    and returns key columns only, each of which the query returns too."""
    import re
    from queries import catalog
    from queries.catalog import CONDITION, KEYS_QUERY
    from queries.store import HITS
    with_keys = [q for q in catalog.catalogue().values() if q.keys]
    assert {q.name for q in with_keys} >= {"dispatches", "projects"}
    assert not any("." in name for name in catalog.catalogue())
    for q in with_keys:
        text = q.text(KEYS_QUERY)
        used = set(re.findall(r"\?p_(\w+)", text)) | {
            m.group(2) for line in text.splitlines() if (m := CONDITION.search(line))}
        given = {p.name for p in q.params} | ({HITS} if q.search else set())  # a search's hits too
        assert used and used <= given - set(q.keys.unless), q.name
        returned = set(re.findall(r"\?(\w+)", re.search(r"SELECT(.*?)WHERE", text, re.S).group(1)))
        main = set(re.findall(r"\?(\w+)", re.search(r"SELECT(.*?)WHERE", q.text("rq"), re.S).group(1)))
        assert returned <= set(q.keys.columns) <= main, q.name
    with pytest.raises(Exception, match="keys"):
        catalog.parse("bad", "# keys: _ds, _v\nSELECT ?x WHERE { }")


def test_a_place_chooses_the_rows_of_a_dispatch_s_village_in_it(store: Path, tmp_path: Path) -> None:
    """A dispatch to two villages is two rows of the listing; a place holding
    one of them gives that village's row alone, read from the listing."""
    from queries.api import sparql
    from queries.embedded import PREFIXES
    from queries.store import _answer
    root = _copy(store, tmp_path)
    ds, village = _one_dispatch(EmbeddedStore(root))
    [(other, name, place)] = [tuple(t.value for t in r) for r in EmbeddedStore(root).store.query(f"""
        SELECT ?v2 ?name ?p WHERE {{ ?v2 a bf:Village ; bf:name ?name ; bf:within ?p .
          FILTER(?v2 != <{village}> && ?p != ?v2) FILTER NOT EXISTS {{ <{village}> bf:within ?p }} }}
        ORDER BY ?v2 ?p LIMIT 1""", prefixes=PREFIXES)]
    sparql(root, f"INSERT DATA {{ <{ds}> bf:village <{other}> }}", {}, write=True)
    own = EmbeddedStore(root)
    [key] = [(r[0].value, int(r[1].value)) for r in own.store.query(
        f"SELECT ?n ?s WHERE {{ <{ds}> bf:seq ?s ; bf:statedIn ?d . ?d bf:name ?n }}", prefixes=PREFIXES)]
    listed = [r["village"] for r in run_named(own, "dispatches", {}) if (r["document"], r["seq"]) == key]
    assert len(listed) == 2 and name in listed  # kept: a row for each village
    got = _from_listing(own, "dispatches", {"place": place})
    assert got is not None and got == _answer(own, "dispatches", {"place": place})
    assert [r["village"] for r in got if (r["document"], r["seq"]) == key] == [name]


def test_a_listing_kept_without_its_keys_is_kept_again_with_them(store: Path, tmp_path: Path) -> None:
    """Keys not written (a full disk) or of another layout: the bound ask runs
    the query, and the next listing ask keeps the listing with its keys."""
    from queries.embedded import ANSWERS
    from queries.store import _answer
    own = EmbeddedStore(_copy(store, tmp_path))
    listing = run_named(own, "projects", {})
    [keys] = (own.path / ANSWERS).rglob("projects-*.keys-*.json")
    keys.unlink()
    asked = {"due_after": "2000-01"}
    assert _from_listing(EmbeddedStore(own.root), "projects", asked) is None
    assert run_named(EmbeddedStore(own.root), "projects", {}) == listing
    assert keys.exists()
    got = _from_listing(EmbeddedStore(own.root), "projects", asked)
    assert got and got == _answer(own, "projects", asked)
