"""Group nodes: a page with many nodes opens with the members of one class
around one node (18 schools around 洪山区, the 271 dispatches a document
states) drawn as one node, 「学校 ×18」, that the reader expands with a click.

The rule, the same for every page (unit, place, document, query):

* Every node hangs off one neighbour: the one nearest the focus (the focal
  entities, hop 0), the best connected among equals. This makes a tree
  rooted at the focal entities; the nodes the caller asks to keep are roots
  too, so nothing can hide them.
* A candidate group is the nodes of one class that hang off one node (its
  anchor), at least ``MIN_MEMBERS`` of them, together with everything that
  hangs off those members (their dependents): opening 「派驻 ×271」 shows the
  dispatches with their villages and work teams.
* Groups are taken in levels from the outside in: first those whose members
  have nothing hanging off them (the outer ring, leaves), then one level
  further in, and so on. Within a level the largest group goes first, unless
  a smaller one is enough: then the smallest that is enough, so no more is
  hidden than needed. Taking stops as soon as at most ``above`` nodes are drawn;
  then the closed groups that have become needless (a group taken further in
  hides enough) are opened again, the last taken first.
* A group taken at an outer level may end up inside one taken further in:
  groups nest. Opening the outer group shows the inner one as a group node.

Only the choice of groups is made here, and their description as vis-network
nodes; the page draws them and re-draws the edges of the nodes inside a
group to and from it (page.js).
"""
from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ontology.vocab import C
from viz.style import font_colour, node_style
from viz.subgraph import display_name

GROUP_ABOVE = 60  # pages with more nodes than this start collapsed
MIN_MEMBERS = 3   # a group of two saves one node and hides two names


@dataclass(frozen=True)
class Group:
    """Members of one class that hang off one anchor node, and what hangs
    off the members (their dependents, possibly in groups of their own)."""

    cls: C
    anchor: str
    members: tuple[str, ...]
    dependents: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        # entity ids never contain a space, so this cannot collide with one
        return f"group {self.cls.value} {self.anchor}"

    @property
    def label(self) -> str:
        return f"{node_style(self.cls).label} ×{len(self.members)}"

    @property
    def inside(self) -> frozenset[str]:
        """Every node the group hides while it is closed."""
        return frozenset(self.members) | frozenset(self.dependents)


def collapse(graph: nx.MultiDiGraph, *, above: int = GROUP_ABOVE,
             keep: Iterable[str] = ()) -> list[Group]:
    """The groups to draw collapsed, taken until at most ``above`` nodes are
    drawn (or no group is left), outermost level first. None when the page is
    small. Groups may nest: see ``nesting``."""
    if graph.number_of_nodes() <= above:
        return []
    near = graph.to_undirected(as_view=True)
    kept = set(keep) | {n for n, d in graph.nodes(data=True) if d.get("hop", 0) == 0}
    children = _tree(near, kept)
    height, below = _heights(children)
    found: dict[tuple[C, str], list[str]] = defaultdict(list)
    for anchor, kids in children.items():
        for kid in kids:
            found[(graph.nodes[kid]["cls"], anchor)].append(kid)
    levels: dict[int, list[Group]] = defaultdict(list)
    groups = []
    for (cls, anchor), members in found.items():
        if len(members) >= MIN_MEMBERS:
            groups.append(Group(cls, anchor, tuple(sorted(members)),
                                tuple(sorted(d for m in members for d in below[m]))))
            levels[max(height[m] for m in members)].append(groups[-1])
    drawn, chosen = graph.number_of_nodes(), []
    covered: dict[str, str] = {}  # node -> the outermost group taken so far that hides it
    shown = Counter(d["cls"] for _, d in graph.nodes(data=True))  # nodes and groups drawn, by class
    cls_of = {**{n: d["cls"] for n, d in graph.nodes(data=True)}, **{g.id: g.cls for g in groups}}
    for level in sorted(levels):
        # groups of one level never overlap, so each one's saving stands alone
        saving = {g: _drawn_inside(g, covered) - 1 for g in levels[level]}
        while drawn > above and saving:
            # rather a group that leaves every type on the page in sight (its
            # colour as the legend names it); then the smallest that is enough,
            # else the largest: hide no more than needed
            lost = {g: _lost(g, covered, cls_of) for g in saving}
            keeps = [g for g in saving if all(shown[c] > k for c, k in lost[g].items())] or list(saving)
            enough = [g for g in keeps if saving[g] >= drawn - above]
            group = (min(enough, key=lambda g: (saving[g], g.cls.value, g.anchor)) if enough else
                     min(keeps, key=lambda g: (-saving[g], g.cls.value, g.anchor)))
            drawn -= saving.pop(group)
            shown.subtract(lost[group])
            chosen.append(group)
            covered.update(dict.fromkeys(group.inside, group.id))
    # a group taken further in can make an outer one needless: open those again
    for group in reversed(list(chosen)):
        rest = [g for g in chosen if g is not group]
        if nesting(chosen)[1][group.id] is None and _at_load(graph, rest) <= above:
            chosen = rest
    return chosen


def nesting(groups: list[Group]) -> tuple[dict[str, str], dict[str, str | None]]:
    """Where each node and group sits: the innermost group each hidden node is
    in, and the group each group is in (None at the top)."""
    smallest_first = sorted(groups, key=lambda g: len(g.inside))
    node_in: dict[str, str] = {}
    for group in smallest_first:
        for node in group.inside:
            node_in.setdefault(node, group.id)
    return node_in, {g.id: node_in.get(g.anchor) for g in groups}


def closed_at_load(groups: list[Group]) -> tuple[int, int]:
    """How many group nodes the page opens with, and how many nodes they hide."""
    _, parent = nesting(groups)
    top = [g for g in groups if parent[g.id] is None]
    return len(top), sum(len(g.inside) for g in top)


def vis_nodes(graph: nx.MultiDiGraph, groups: list[Group]) -> list[dict[str, Any]]:
    """The group nodes as vis-network nodes: the class's colour and shape, a
    dashed border, the members' names in the tooltip. ``own`` are its members
    (of its class), ``members`` every entity it hides while closed, ``nodes``
    the entities a click shows (the rest are in groups inside it) and
    ``parent`` the group it is drawn inside."""
    node_in, parent = nesting(groups)
    out = []
    for group in groups:
        style = node_style(group.cls)
        names = [display_name(graph, m) for m in group.members]
        anchor = display_name(graph, group.anchor)
        more = f"，另有 {len(group.dependents)} 个相关节点" if group.dependents else ""
        title = [f"{style.label} {len(names)} 个，都连在「{anchor}」上{more}", "单击展开",
                 *names[:20], *(["…"] if len(names) > 20 else [])]
        out.append({"id": group.id, "label": group.label, "name": group.label, "aliases": [],
                    "title": "\n".join(title), "group": group.cls.value, "shape": style.shape,
                    "own": list(group.members), "members": sorted(group.inside),
                    "anchor": group.anchor, "parent": parent[group.id],
                    "nodes": sorted(n for n in group.inside if node_in[n] == group.id),
                    "size": 20, "borderWidth": 3, "shapeProperties": {"borderDashes": [6, 4]},
                    "font": {"color": font_colour(style.shape)}})
    return out


def _tree(near: nx.Graph, roots: set[str]) -> dict[str, list[str]]:
    """Each node's children: the nodes that hang off it (see the module's rule)."""
    distance = {r: 0 for r in roots if r in near}
    order = sorted(near, key=lambda n: (-near.degree(n), n))
    queue = deque(sorted(distance))
    while True:
        while queue:
            node = queue.popleft()
            for other in near.neighbors(node):
                if other not in distance:
                    distance[other] = distance[node] + 1
                    queue.append(other)
        # a part the focus does not reach hangs off its best connected node
        rest = next((n for n in order if n not in distance), None)
        if rest is None:
            break
        distance[rest] = 0
        queue.append(rest)
    children: dict[str, list[str]] = defaultdict(list)
    for node in near:
        if node in roots or distance[node] == 0:
            continue
        closer = [n for n in near.neighbors(node) if distance[n] == distance[node] - 1]
        children[min(closer, key=lambda n: (-near.degree(n), n))].append(node)
    return children


def _heights(children: dict[str, list[str]]) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Each node's height in the tree (0 for a leaf) and its descendants."""
    height: dict[str, int] = {}
    below: dict[str, list[str]] = {}

    def visit(node: str) -> None:
        # iterative post-order: trees of a few thousand nodes, but no recursion limit to worry about
        stack = [(node, False)]
        while stack:
            current, done = stack.pop()
            kids = children.get(current, [])
            if done:
                height[current] = 1 + max((height[k] for k in kids), default=-1)
                below[current] = [d for k in kids for d in (k, *below[k])]
            else:
                stack.append((current, True))
                stack.extend((k, False) for k in kids)

    for node in list(children):
        if node not in height:
            visit(node)
    return defaultdict(int, height), defaultdict(list, below)


def _at_load(graph: nx.MultiDiGraph, groups: list[Group]) -> int:
    top, hidden = closed_at_load(groups)
    return graph.number_of_nodes() - hidden + top


def _lost(group: Group, covered: dict[str, str], cls_of: dict[str, C]) -> Counter[C]:
    """What closing the group takes off the page, by class (the group node it
    adds counted against its own class)."""
    gone = [n for n in group.inside if n not in covered] + list(
        {covered[n] for n in group.inside if n in covered})
    lost = Counter(cls_of[n] for n in gone)
    lost[group.cls] -= 1
    return lost


def _drawn_inside(group: Group, covered: dict[str, str]) -> int:
    """How many nodes the group's contents draw now: nodes in no group taken
    yet, plus one per group already taken inside it."""
    return sum(1 for n in group.inside if n not in covered) + len(
        {covered[n] for n in group.inside if n in covered})
