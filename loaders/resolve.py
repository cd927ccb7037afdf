"""Resolution across documents, after every document is read: cited
documents, group phrases and their members, and the analyst's curation."""
from __future__ import annotations

import re
from collections.abc import Callable

from loaders.gazetteer import gazetteer
from loaders.graph import Graph
from ontology.model import Node
from ontology.vocab import A, C, R

# Who belongs to a group phrase, by what the phrase names; each rule takes the
# graph, the group's jurisdiction (a place node id) and a candidate unit node.
Member = Callable[[Graph, str, Node], bool]


def _jurisdiction(graph: Graph, node_id: str) -> str | None:
    return next((e.dst for e in graph.edges.values()
                 if e.src == node_id and e.rel is R.jurisdiction), None)


def _acts_for(graph: Graph, node_id: str) -> str | None:
    return next((e.dst for e in graph.edges.values()
                 if e.src == node_id and e.rel is R.actsFor), None)


def _street_of(graph: Graph, place: str, unit: Node) -> bool:
    return (unit.cls is C.LocalAuthority and unit.name.endswith(("街道", "街"))
            and _jurisdiction(graph, unit.id) == place)


def _town_of(graph: Graph, place: str, unit: Node) -> bool:
    return (unit.cls is C.LocalAuthority and unit.name.endswith(("镇", "乡"))
            and _jurisdiction(graph, unit.id) == place)


def _district_of(graph: Graph, place: str, unit: Node) -> bool:
    acts = _acts_for(graph, unit.id)
    return (unit.cls is C.LocalAuthority and acts is not None and acts != place
            and (acts, R.partOf, place) in _parents(graph))


def _of_class(cls: C) -> Member:
    def rule(graph: Graph, place: str, unit: Node) -> bool:
        return unit.cls is cls and _jurisdiction(graph, unit.id) == place
    return rule


def _dispatcher(graph: Graph, place: str, unit: Node) -> bool:
    return (_jurisdiction(graph, unit.id) == place
            and any(e.src == unit.id and e.rel is R.dispatches for e in graph.edges.values()))


def _team_of(graph: Graph, place: str, unit: Node) -> bool:
    senders = {e.src for e in graph.edges.values() if e.dst == unit.id and e.rel is R.dispatches}
    return unit.cls is C.WorkTeam and any(_jurisdiction(graph, s) == place for s in senders)


# (pattern on the group's name, member rule): the members a phrase names.
GROUP_MEMBERS: tuple[tuple[re.Pattern[str], Member], ...] = (
    (re.compile(r"(各|相关)街道$|街乡$"), _street_of),
    (re.compile(r"(各|相关)乡镇$|街乡$"), _town_of),
    (re.compile(r"各区$"), _district_of),
    (re.compile(r"(各|相关)(学校|中小学)$"), _of_class(C.School)),
    (re.compile(r"(各|相关)(医疗机构|医院|卫生院)$"), _of_class(C.MedicalInstitution)),
    (re.compile(r"派出单位$"), _dispatcher),
    (re.compile(r"工作队"), _team_of),
)


def _parents(graph: Graph) -> set[tuple[str, R, str]]:
    return {(e.src, e.rel, e.dst) for e in graph.edges.values() if e.rel is R.partOf}


def link_groups(graph: Graph) -> None:
    """Link each group phrase to the members the corpus enumerates."""
    units = [n for n in graph.nodes.values() if n.is_unit and n.cls is not C.UnitGroup]
    for group in [n for n in graph.nodes.values() if n.cls is C.UnitGroup]:
        place = _jurisdiction(graph, group.id)
        if place is None:
            continue
        for pattern, member in GROUP_MEMBERS:
            if pattern.search(group.name):
                for unit in units:
                    if member(graph, place, unit):
                        graph.add_edge(unit.id, R.memberOf, group.id)


def place_code(graph: Graph, node_id: str) -> str:
    return str(graph.nodes[node_id].props.get(A.code, ""))


__all__ = ["link_groups", "gazetteer"]
