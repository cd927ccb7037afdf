"""Group nodes: on a page with many nodes, the outer members of one class
around one neighbour (18 schools around 洪山区, the tasks of one unit) are
drawn as one node, 「学校 ×18」, that the reader expands with a click.

Only the choice of groups is made here; the page draws a group in its
members' class colour and re-draws the members' edges to and from it
(page.js). The focal entities (hop 0) and any node the caller asks to keep
are never grouped, so what was asked for is always on the page.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from ontology.vocab import C
from viz.style import node_style

GROUP_ABOVE = 60  # pages with more nodes than this start collapsed
MIN_MEMBERS = 3   # a group of two saves one node and hides two names


@dataclass(frozen=True)
class Group:
    """Members of one class that hang off one anchor node."""

    cls: C
    anchor: str
    members: tuple[str, ...]

    @property
    def id(self) -> str:
        # entity ids never contain a space, so this cannot collide with one
        return f"group {self.cls.value} {self.anchor}"

    @property
    def label(self) -> str:
        return f"{node_style(self.cls).label} ×{len(self.members)}"


def collapse(graph: nx.MultiDiGraph, *, above: int = GROUP_ABOVE,
             keep: Iterable[str] = ()) -> list[Group]:
    """The groups to draw collapsed, largest first, taken until at most ``above``
    nodes are drawn (or no group is left). None when the page is small."""
    if graph.number_of_nodes() <= above:
        return []
    hop = {n: d.get("hop", 0) for n, d in graph.nodes(data=True)}
    kept = set(keep) | {n for n, h in hop.items() if h == 0}
    outer = max(hop.values())
    near = graph.to_undirected(as_view=True)
    found: dict[tuple[C, str], list[str]] = {}
    for node in graph:
        neighbours = [n for n in near.neighbors(node) if n != node]
        # leaf-ish: on the outer ring of the page, or hanging off a single node
        if node in kept or not neighbours or (hop[node] != outer and len(neighbours) > 1):
            continue
        # the neighbour nearest the focus, the best connected among equals
        anchor = min(neighbours, key=lambda n: (hop[n], -near.degree(n), n))
        found.setdefault((graph.nodes[node]["cls"], anchor), []).append(node)
    candidates = sorted((Group(cls, anchor, tuple(sorted(members)))
                         for (cls, anchor), members in found.items() if len(members) >= MIN_MEMBERS),
                        key=lambda g: (-len(g.members), g.cls.value, g.anchor))
    drawn, chosen, grouped, anchors = graph.number_of_nodes(), [], set(), set()
    for group in candidates:
        if drawn <= above:
            break
        # a group hangs off a node that stays drawn
        if group.anchor in grouped or anchors.intersection(group.members):
            continue
        anchors.add(group.anchor)
        chosen.append(group)
        grouped.update(group.members)
        drawn -= len(group.members) - 1
    return chosen
