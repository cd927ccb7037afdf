"""The data-quality report: where identities or coverage are doubtful.

It reads the built graph (the store's records) and the gazetteers, and never
changes anything: suspected duplicates are reported with the evidence for and
against and a verdict, not merged (an analyst merges them in curation.yaml).
"""
from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ontology.model import PLACE_CLASSES, UNIT_CLASSES
from ontology.vocab import C, R

Record = dict[str, Any]
ASSIGN = {R.leads.value, R.responsibleFor.value, R.cooperatesOn.value}


@cache
def village_gazetteer() -> dict[tuple[str, str], frozenset[str]]:
    """(county code, town) → its villages, from ontology/data/villages_hubei.csv."""
    source = resources.files("ontology") / "data" / "villages_hubei.csv"
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    with source.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[(row["county_code"], row["town"])].add(row["village"])
    return {k: frozenset(v) for k, v in out.items()}


def one_apart(a: str, b: str) -> bool:
    """Same length, one character different: 浏湖村 / 洲湖村."""
    return len(a) == len(b) and a != b and sum(x != y for x, y in zip(a, b)) == 1


def one_apart_pairs(ids: list[str], name: Callable[[str], str]) -> Iterator[tuple[str, str]]:
    """The pairs (a, b) of ``ids``, a listed before b, whose names are
    one_apart, in the order a loop over every pair finds them. Comparing
    every pair took minutes at 40 copies of the corpus (the collection's
    work teams share no jurisdiction); here each name is filed under itself
    with one character masked, once per position, and only names filed
    together are paired: two names one character apart share exactly the
    key of the position they differ at, so no pair is missed or found twice."""
    blocks: dict[tuple[int, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for k, ident in enumerate(ids):
        text = name(ident)
        for p in range(len(text)):
            blocks[(p, text[:p] + text[p + 1:])][text].append(k)
    found: list[tuple[int, int]] = []
    for block in blocks.values():
        if len(block) < 2:  # one name (in any number of copies): nothing one apart
            continue
        groups = list(block.values())
        for i, first in enumerate(groups):
            for second in groups[i + 1:]:
                found.extend((min(a, b), max(a, b)) for a in first for b in second)
    found.sort()
    return ((ids[a], ids[b]) for a, b in found)


@dataclass
class Graph:
    nodes: dict[str, Record]
    out: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    into: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    # a node's documents, asked once per pair it is in: kept
    _documents: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, records: list[Record]) -> "Graph":
        g = cls({r["id"]: r for r in records if r["kind"] == "node"})
        for r in records:
            if r["kind"] == "edge":
                g.out[r["src"]].append(r)
                g.into[r["dst"]].append(r)
        return g

    def parent(self, node_id: str, rel: str = R.partOf.value) -> str | None:
        return next((e["dst"] for e in self.out[node_id] if e["rel"] == rel), None)

    def name(self, node_id: str | None) -> str:
        return self.nodes[node_id]["name"] if node_id in self.nodes else ""

    def documents(self, node_id: str) -> list[str]:
        """Documents that state something of the node (of a place: or of a place under it)."""
        if node_id in self._documents:
            return self._documents[node_id]
        ids = _below(self, node_id) if C(self.nodes[node_id]["class"]) in PLACE_CLASSES else {node_id}
        docs = {e["prov"]["document"] for i in ids for e in self.into[i] + self.out[i] if e["prov"]}
        self._documents[node_id] = sorted(docs)
        return self._documents[node_id]

    def county_code(self, node_id: str) -> str:
        cur: str | None = node_id
        while cur is not None:
            code = self.nodes[cur]["props"].get("code")
            if code:
                return str(code)
            cur = self.parent(cur)
        return ""


def duplicate_places(g: Graph) -> list[dict[str, Any]]:
    by_parent: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    for node_id, n in g.nodes.items():
        if C(n["class"]) in PLACE_CLASSES and not n["props"].get("code"):
            by_parent[(g.parent(node_id), n["class"])].append(node_id)
    out = []
    for (parent, cls), ids in by_parent.items():
        for a, b in one_apart_pairs(ids, g.name):
            # a document that names both in one list has told them apart
            if not set(g.documents(a)) & set(g.documents(b)):
                out.append(_judge_places(g, parent, a, b))
    return sorted(out, key=lambda d: (d["parent"], d["names"]))


@cache
def town_gazetteer() -> dict[str, frozenset[str]]:
    """County code → its towns and streets."""
    out: dict[str, set[str]] = defaultdict(set)
    for county, town in village_gazetteer():
        out[county].add(town)
    return {k: frozenset(v) for k, v in out.items()}


def _judge_places(g: Graph, parent: str | None, a: str, b: str) -> dict[str, Any]:
    town = g.name(parent)
    if g.nodes[a]["class"] in (C.Village.value, C.Community.value):
        known = village_gazetteer().get((g.county_code(parent or a), town))
    else:  # a street, town or township: the county's list of them
        known = town_gazetteer().get(g.county_code(parent or a))
    names = [g.name(a), g.name(b)]
    listed = [n for n in names if known and n in known]
    if known is None:
        verdict, why = "unknown", f"the gazetteer has no list for {town}"
    elif len(listed) == 2:
        verdict = "probably distinct"
        why = f"the gazetteer lists both {names[0]} and {names[1]} under {town}"
    elif len(listed) == 1 and g.nodes[a]["class"] not in (C.Village.value, C.Community.value):
        # the lists of streets lag behind new streets (洪山街道): no verdict
        other = names[1 - names.index(listed[0])]
        verdict = "unknown"
        why = f"the gazetteer lists {listed[0]} under {town} but not {other}, and its streets may be out of date"
    elif len(listed) == 1:
        other = names[1 - names.index(listed[0])]
        verdict = f"likely a misreading of {listed[0]}"
        why = f"the gazetteer lists {listed[0]} under {town} but has no {other}"
    else:
        verdict, why = "unknown", f"the gazetteer lists neither under {town}"
    return {"kind": "place", "parent": town, "names": names, "verdict": verdict,
            "evidence": why, "documents": {g.name(a): g.documents(a), g.name(b): g.documents(b)}}


def duplicate_units(g: Graph) -> list[dict[str, Any]]:
    by_place: dict[str | None, list[str]] = defaultdict(list)
    for node_id, n in g.nodes.items():
        if C(n["class"]) in UNIT_CLASSES:
            by_place[g.parent(node_id, R.jurisdiction.value)].append(node_id)
    out = []
    # at 40 copies of the corpus there are 700,000 pairs: a node's documents
    # are gathered once, not once per pair it is in
    docs: dict[str, frozenset[str]] = {}
    for place, ids in by_place.items():
        parent = g.name(place)
        for a, b in one_apart_pairs(ids, g.name):
            for n in (a, b):
                if n not in docs:
                    docs[n] = frozenset(g.documents(n))
            if docs[a].isdisjoint(docs[b]):
                name_a, name_b = g.nodes[a]["name"], g.nodes[b]["name"]
                out.append({"kind": "unit", "parent": parent, "names": [name_a, name_b],
                            "verdict": "unknown",
                            "evidence": "same jurisdiction, names one character apart",
                            "documents": {name_a: g.documents(a), name_b: g.documents(b)}})
    return out


def tasks_without_unit(g: Graph) -> list[dict[str, Any]]:
    return [{"task": n["name"], "document": n["prov"]["document"] if n["prov"] else ""}
            for node_id, n in g.nodes.items() if n["class"] == C.Task.value
            and not any(e["rel"] in ASSIGN for e in g.into[node_id])]


def untyped_units(g: Graph) -> list[dict[str, Any]]:
    return [{"unit": n["name"], "documents": g.documents(i)}
            for i, n in g.nodes.items() if n["class"] == C.OtherUnit.value]


def places_without_parent(g: Graph) -> list[dict[str, Any]]:
    return [{"place": n["name"], "class": n["class"]} for i, n in g.nodes.items()
            if C(n["class"]) in PLACE_CLASSES and n["class"] != C.Province.value
            and g.parent(i) is None]


def groups_without_members(g: Graph) -> list[dict[str, Any]]:
    return [{"group": n["name"], "documents": g.documents(i)} for i, n in g.nodes.items()
            if n["class"] == C.UnitGroup.value
            and not any(e["rel"] == R.memberOf.value for e in g.into[i])]


def _below(g: Graph, place: str) -> set[str]:
    """The place and every place under it."""
    found, frontier = {place}, [place]
    while frontier:
        cur = frontier.pop()
        for e in g.into[cur]:
            if e["rel"] == R.partOf.value and e["src"] not in found:
                found.add(e["src"])
                frontier.append(e["src"])
    return found


def villages_without_project(g: Graph) -> list[dict[str, Any]]:
    located = {e["dst"] for edges in g.out.values() for e in edges
               if e["rel"] == R.locatedIn.value}
    targets = {e["dst"]: e["prov"]["document"] for edges in g.out.values() for e in edges
               if e["rel"] in (R.village.value, R.helped.value) and e["prov"]
               and g.nodes[e["dst"]]["class"] in (C.Village.value, C.Community.value)}
    return [{"village": g.name(v), "parent": g.name(g.parent(v)), "document": doc}
            for v, doc in sorted(targets.items(), key=lambda kv: g.name(kv[0]))
            if not (_below(g, v) & located)]


def project_dispatch_disagreements(g: Graph) -> list[dict[str, Any]]:
    """Projects in a village whose dispatch rows name no unit of the project's side."""
    out = []
    for node_id, n in g.nodes.items():
        if n["class"] != C.Project.value:
            continue
        village = next((e["dst"] for e in g.out[node_id] if e["rel"] == R.locatedIn.value), None)
        if village is None or g.nodes[village]["class"] != C.Village.value:
            continue
        sides = {g.parent(e["src"], R.jurisdiction.value) for e in g.into[node_id]
                 if e["rel"] in ASSIGN} - {None}
        senders = [e2["dst"] for e in g.into[village] if e["rel"] == R.village.value
                   for e2 in g.out[e["src"]] if e2["rel"] == R.dispatchingUnit.value]
        sender_sides = {g.parent(s, R.jurisdiction.value) for s in senders}
        if sides and not sides & sender_sides:
            out.append({"project": n["name"], "village": g.name(village),
                        "street": g.name(g.parent(village)),
                        "project_side": sorted(g.name(s) for s in sides),
                        "dispatched_by": sorted({g.name(s) for s in senders}) or ["(no dispatch row)"],
                        "document": n["prov"]["document"] if n["prov"] else ""})
    return sorted(out, key=lambda d: (d["street"], d["village"]))


def report(records: list[Record], curation: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    from queries.collector import gc_paused
    g = Graph.of(records)
    # the rows hold no cycles, but at 40 copies each collection would walk
    # the 700,000 suspected pairs made so far (half of the report's time)
    with gc_paused():
        duplicates = duplicate_places(g) + duplicate_units(g)
    return {
        "suspected_duplicates": duplicates,
        "projects_disagreeing_with_dispatch": project_dispatch_disagreements(g),
        "tasks_without_unit": tasks_without_unit(g),
        "units_of_unknown_type": untyped_units(g),
        "places_without_parent": places_without_parent(g),
        "villages_without_project": villages_without_project(g),
        "groups_without_members": groups_without_members(g),
        "curation": curation or [],
    }
