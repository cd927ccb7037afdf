"""`path`: the shortest chains of relations between two entities.

SPARQL has no shortest path, and Cypher's shortestPath would be a second
algorithm that could choose other chains. So both backends answer two plain
questions — every relation between two entities (adjacency.rq/.cypher, read
once per process and store generation) and the relations of a set of
entities with their evidence (path.rq/.cypher) — and this module searches
breadth first in memory over the first, level by level from `from` until `to`
is reached, then asks the second for the entities on the shortest chains
only. One query per step cost seconds each on a 40× corpus (issue #14).
Same rows in, same chains out.

A relation stated by several sentences is one step per sentence; a relation
also known without a sentence (the gazetteer's 隶属) counts only with its
sentences, so both stores, which keep such a pair differently, agree.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Protocol

from ontology.errors import QueryError
from ontology.vocab import R
from queries.rows import Row, shape

MAX_STEPS = 6        # a longer chain says little about how two entities relate
MAX_CHAINS = 2000    # chains enumerated before sorting: parallel evidence multiplies them
DEFAULT_LIMIT = 5
SNAKE = {r.value.upper(): r for r in R} | {
    "".join("_" + c if c.isupper() else c for c in r.value).upper(): r for r in R}


class Runs(Protocol):
    def run(self, name: str, params: dict[str, Any]) -> list[Row]: ...


@dataclass(frozen=True)
class Step:
    node: str        # the entity the step leaves from (id)
    other: str       # the entity it reaches (id)
    node_name: str
    other_name: str
    rel: R
    forward: bool    # node is the relation's subject
    document: str | None
    section: str | None
    evidence: str | None
    span: tuple[int, int] | None

    def key(self) -> tuple:
        return (self.rel.value, self.other_name, _local(self.other), not self.forward,
                self.document or "", self.span or (-1, -1), self.evidence or "")


def _local(entity_id: str) -> str:
    """The id without the embedded store's namespace: the same on both backends."""
    return entity_id.rsplit("/", 1)[-1]


def _steps(rows: list[Row]) -> list[Step]:
    steps = []
    for r in rows:
        rel = SNAKE.get(r["rel"].rsplit("#", 1)[-1].upper())
        if rel is None or rel is R.statedIn:
            continue
        span = tuple(r["span"]) if r.get("span") and r["span"][0] is not None else None
        steps.append(Step(r["_node"], r["_other"], r["node_name"], r["other_name"], rel,
                          r["direction"] == "out", r.get("document"), r.get("section"),
                          r.get("evidence"), span))
    stated = {(s.node, s.other, s.rel, s.forward) for s in steps if s.document}
    steps = [s for s in steps if s.document or (s.node, s.other, s.rel, s.forward) not in stated]
    return sorted(set(steps), key=lambda s: (_local(s.node), *s.key()))


_ADJACENCY: dict[str, dict[str, set[str]]] = {}


def adjacency(store: Runs) -> dict[str, set[str]]:
    """Each entity's neighbours by any relation path follows, either way."""
    key = str(getattr(store, "path", ""))
    cached = _ADJACENCY.get(key) if key else getattr(store, "_adjacency", None)
    if cached is not None:
        return cached
    out: dict[str, set[str]] = defaultdict(set)
    for r in store.run("adjacency", {}):
        rel = SNAKE.get(r["rel"].rsplit("#", 1)[-1].upper())
        if rel is not None and rel is not R.statedIn:
            out[r["_s"]].add(r["_o"])
            out[r["_o"]].add(r["_s"])
    if key:
        _ADJACENCY[key] = out
    else:  # a server store: kept on the object for its lifetime
        setattr(store, "_adjacency", out)
    return out


def _search(near: dict[str, set[str]], start: str, goal: str) -> tuple[dict[str, int], set[str]]:
    """Breadth first from start: each entity's depth, and the entities on a
    shortest chain to goal (empty when none is MAX_STEPS or shorter)."""
    depth, came = {start: 0}, defaultdict(set)
    frontier, level = {start}, 0
    while frontier and goal not in depth and level < MAX_STEPS:
        reached: set[str] = set()
        for node in frontier:
            for other in near.get(node, ()):
                if other not in depth:
                    depth[other] = level + 1
                    reached.add(other)
                if depth[other] == level + 1:
                    came[other].add(node)
        frontier, level = reached, level + 1
    if goal not in depth:
        return depth, set()
    on, todo = {goal}, [goal]
    while todo:
        for node in came[todo.pop()]:
            if node not in on:
                on.add(node)
                todo.append(node)
    return depth, on


def shortest_paths(store: Runs, first: list[Row], params: dict[str, Any]) -> list[Row]:
    """Rows of the chains from params['from'] to params['to'], one row per step;
    `first` are the relations of `from` (path.rq bound to it)."""
    start, goal = params["from"], params["to"]
    limit = _limit(params.get("limit"))
    if start == goal:
        raise QueryError("from and to name the same entity")
    depth, on = _search(adjacency(store), start, goal)
    if not on:
        return []
    rows = list(first)
    inner = sorted(on - {start, goal})
    if inner:
        rows += shape(store.run("path", {"from": inner}), (), keep_hidden=True)
    reached_by: dict[str, list[Step]] = defaultdict(list)
    for step in _steps(rows):
        if step.other in on and depth.get(step.other) == depth.get(step.node, -2) + 1:
            reached_by[step.other].append(step)
    chains = sorted(_chains(goal, start, reached_by),
                    key=lambda c: (sum(1 for s in c if not s.document), [s.key() for s in c]))
    return [_row(n, i, s) for n, chain in enumerate(chains[:limit], 1)
            for i, s in enumerate(chain, 1)]


def _chains(goal: str, start: str, reached_by: dict[str, list[Step]]) -> list[list[Step]]:
    """Every chain of steps from start to goal through reached_by, up to MAX_CHAINS."""
    out: list[list[Step]] = []

    def back(node: str, tail: list[Step]) -> None:
        if len(out) >= MAX_CHAINS:
            return
        if node == start:
            out.append(tail)
            return
        for step in reached_by[node]:
            back(step.node, [step, *tail])
    back(goal, [])
    return out


def _row(chain: int, number: int, step: Step) -> Row:
    from viz.style import relation_label  # the ontology's own Chinese label
    label = relation_label(step.rel)
    return {"chain": chain, "step": number, "from": step.node_name,
            "relation": f"{label} →" if step.forward else f"← {label}",
            "to": step.other_name, "document": step.document, "section": step.section,
            "evidence": step.evidence, "span": list(step.span) if step.span else None}


def _limit(value: Any) -> int:
    if value in (None, ""):
        return DEFAULT_LIMIT
    if not str(value).isdigit() or int(value) < 1:
        raise QueryError(f"-p limit= takes a whole number from 1, not {value!r}")
    return int(value)
