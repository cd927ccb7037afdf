"""Resolution across documents, after every document is read: group phrases
and the members the corpus enumerates for them."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from loaders.graph import Graph
from ontology.model import Node
from ontology.vocab import C, R


@dataclass(frozen=True)
class Links:
    """The relationships the member rules look at, indexed once per build."""

    jurisdiction: dict[str, str]
    acts_for: dict[str, str]
    part_of: set[tuple[str, str]]
    senders: dict[str, set[str]]  # team → the units that dispatch it

    @classmethod
    def of(cls, graph: Graph) -> "Links":
        jurisdiction: dict[str, str] = {}
        acts_for: dict[str, str] = {}
        part_of: set[tuple[str, str]] = set()
        senders: dict[str, set[str]] = defaultdict(set)
        for e in graph.edges.values():
            if e.rel is R.jurisdiction:
                jurisdiction.setdefault(e.src, e.dst)
            elif e.rel is R.actsFor:
                acts_for.setdefault(e.src, e.dst)
            elif e.rel is R.partOf:
                part_of.add((e.src, e.dst))
            elif e.rel is R.dispatches:
                senders[e.dst].add(e.src)
        return cls(jurisdiction, acts_for, part_of, senders)

    @property
    def dispatchers(self) -> set[str]:
        return {s for units in self.senders.values() for s in units}


# Who belongs to a group phrase, by what the phrase names; each rule takes the
# indexed links, the group's jurisdiction (a place node id) and a candidate unit.
Member = Callable[[Links, str, Node], bool]


def _street_of(links: Links, place: str, unit: Node) -> bool:
    return (unit.cls is C.LocalAuthority and unit.name.endswith(("街道", "街"))
            and links.jurisdiction.get(unit.id) == place)


def _town_of(links: Links, place: str, unit: Node) -> bool:
    return (unit.cls is C.LocalAuthority and unit.name.endswith(("镇", "乡"))
            and links.jurisdiction.get(unit.id) == place)


def _district_of(links: Links, place: str, unit: Node) -> bool:
    acts = links.acts_for.get(unit.id)
    return (unit.cls is C.LocalAuthority and acts is not None and acts != place
            and (acts, place) in links.part_of)


def _of_class(cls: C) -> Member:
    def rule(links: Links, place: str, unit: Node) -> bool:
        return unit.cls is cls and links.jurisdiction.get(unit.id) == place
    return rule


def _dispatcher(links: Links, place: str, unit: Node) -> bool:
    return links.jurisdiction.get(unit.id) == place and unit.id in links.dispatchers


def _team_of(links: Links, place: str, unit: Node) -> bool:
    return unit.cls is C.WorkTeam and any(links.jurisdiction.get(s) == place
                                          for s in links.senders.get(unit.id, ()))


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


def link_groups(graph: Graph) -> None:
    """Link each group phrase to the members the corpus enumerates."""
    links = Links.of(graph)
    units = [n for n in graph.nodes.values() if n.is_unit and n.cls is not C.UnitGroup]
    for group in [n for n in graph.nodes.values() if n.cls is C.UnitGroup]:
        place = links.jurisdiction.get(group.id)
        if place is None:
            continue
        for pattern, member in GROUP_MEMBERS:
            if pattern.search(group.name):
                for unit in units:
                    if member(links, place, unit):
                        graph.add_edge(unit.id, R.memberOf, group.id)
