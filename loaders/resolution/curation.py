"""An analyst's curation.yaml, applied at build time after every document is
read: merge names that are one real thing, add aliases, ignore entities.

    merge:
      - into: 浏湖村              # the name kept
        names: [洲湖村]           # names of the same real thing
        within: 辛冲街道          # optional: the parent place or jurisdiction
        note: 村级区划名录只有浏湖村，2021 年表中的“洲湖村”是误写
    alias:
      - name: 洪山区人力资源局
        alias: 洪山区人力资源和社会保障局
        note: 同一单位
    ignore:
      - name: 驻点村
        note: 泛指，不是一个单位

Relationships moved by a merge keep the provenance of their documents and
gain the analyst's note (curationNote); every action is logged for the
quality report.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from loaders.graph import Graph, edge_key
from ontology.errors import InputError
from ontology.model import Edge, Node
from ontology.vocab import A, R

ACTIONS = ("merge", "alias", "ignore")


def read_curation(path: Path) -> dict[str, list[dict[str, Any]]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read ({exc})") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or set(data) - set(ACTIONS):
        raise InputError(f"{path}: expected the sections {', '.join(ACTIONS)}")
    for action in ACTIONS:
        entries = data.get(action) or []
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise InputError(f"{path}: {action} must be a list of entries")
    return {a: data.get(a) or [] for a in ACTIONS}


def find(graph: Graph, name: str, within: str | None, source: Path) -> Node:
    """The one node a curated name means (by name or alias, under `within`)."""
    found = [n for n in graph.nodes.values() if name == n.name or name in n.aliases]
    if within:
        found = [n for n in found if _parent_name(graph, n.id) == within]
    if not found:
        raise InputError(f"{source}: no entity named {name!r}"
                         + (f" under {within}" if within else ""))
    if len(found) > 1:
        parents = "、".join(sorted(_parent_name(graph, n.id) for n in found))
        raise InputError(f"{source}: {name!r} names {len(found)} entities (under {parents}); "
                         "add `within:`")
    return found[0]


def _parent_name(graph: Graph, node_id: str) -> str:
    for e in graph.edges.values():
        if e.src == node_id and e.rel in (R.partOf, R.jurisdiction):
            return graph.nodes[e.dst].name
    return ""


def apply_curation(graph: Graph, path: Path) -> list[dict[str, Any]]:
    """Apply the file to the graph; returns the log of what it changed."""
    plan = read_curation(path)
    log: list[dict[str, Any]] = []
    merges = resolve_merges(graph, plan["merge"], path)
    for keep_id, drop, note in merges:
        keep = graph.nodes[_final(keep_id, merges)]
        moved = _merge(graph, keep, drop, note)
        log.append({"action": "merge", "name": drop.name, "into": keep.name,
                    "note": note, "relationships_moved": moved})
    for entry in plan["alias"]:
        node = find(graph, str(entry.get("name", "")), entry.get("within"), path)
        graph.nodes[node.id] = replace(node, aliases=node.aliases | {str(entry.get("alias"))})
        log.append({"action": "alias", "name": node.name, "alias": entry.get("alias"),
                    "note": entry.get("note", "")})
    for entry in plan["ignore"]:
        node = find(graph, str(entry.get("name", "")), entry.get("within"), path)
        removed = _remove(graph, node.id)
        log.append({"action": "ignore", "name": node.name, "note": entry.get("note", ""),
                    "relationships_removed": removed})
    return log


def resolve_merges(graph: Graph, entries: list[dict[str, Any]],
                   source: Path) -> list[tuple[str, Node, str]]:
    """Every merge as (id kept, node merged away, note), each name resolved
    on the graph as read, before anything changes; raises InputError with
    one line for a merge that would lose or loop: a name merged into itself,
    a name merged twice, merges that form a cycle."""
    merges: list[tuple[str, Node, str]] = []
    into_of: dict[str, Node] = {}
    for entry in entries:
        names = entry.get("names") or []
        if not isinstance(names, list):
            raise InputError(f"{source}: merge into {entry.get('into')!r}: names must be a list")
        keep = find(graph, str(entry.get("into", "")), entry.get("within"), source)
        for name in names:
            drop = find(graph, str(name), entry.get("within"), source)
            if drop.id == keep.id:
                raise InputError(f"{source}: {name!r} is merged into itself ({keep.name})")
            if drop.id in into_of:
                raise InputError(f"{source}: {drop.name!r} is merged twice "
                                 f"(into {into_of[drop.id].name} and into {keep.name})")
            into_of[drop.id] = keep
            merges.append((keep.id, drop, str(entry.get("note", ""))))
    for start in into_of:
        chain, node_id = [start], into_of[start].id
        while node_id in into_of:
            if node_id in chain:
                loop = chain[chain.index(node_id):] + [node_id]
                raise InputError(f"{source}: merges form a cycle: "
                                 + " → ".join(graph.nodes[n].name for n in loop))
            chain.append(node_id)
            node_id = into_of[node_id].id
    return merges


def _final(node_id: str, merges: list[tuple[str, Node, str]]) -> str:
    """Where a kept node ends up when it is itself merged away (a chain)."""
    into = {drop.id: keep for keep, drop, _ in merges}
    while node_id in into:
        node_id = into[node_id]
    return node_id


def _merge(graph: Graph, keep: Node, drop: Node, note: str) -> int:
    moved = 0
    for key, e in list(graph.edges.items()):
        if drop.id not in (e.src, e.dst):
            continue
        del graph.edges[key]
        src = keep.id if e.src == drop.id else e.src
        dst = keep.id if e.dst == drop.id else e.dst
        if src == dst:
            continue
        props = dict(e.props) | {A.curationNote: note}
        moved += 1
        moved_edge = Edge(src, e.rel, dst, props, e.prov)
        graph.edges[edge_key(moved_edge)] = moved_edge
    kept = graph.nodes[keep.id]
    graph.nodes[keep.id] = replace(kept, aliases=kept.aliases | {drop.name} | drop.aliases)
    del graph.nodes[drop.id]
    return moved


def _remove(graph: Graph, node_id: str) -> int:
    doomed = [k for k, e in graph.edges.items() if node_id in (e.src, e.dst)]
    for key in doomed:
        del graph.edges[key]
    del graph.nodes[node_id]
    return len(doomed)
