"""The graph being built: nodes and edges keyed by their content-derived ids,
with helpers that add places and units together with their hierarchy."""
from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from loaders.names.gazetteer import Division, gazetteer
from loaders.names.units import UnitName
from ontology.model import Edge, Node, Provenance, make_id
from ontology.vocab import A, C, R

# Local places by their suffix; 街 as written names the same street as 街道.
# Inner Mongolia's 嘎查 is a village and 苏木 a township.
LOCAL_LEVELS: tuple[tuple[re.Pattern[str], C], ...] = (
    (re.compile(r"社区$"), C.Community),
    (re.compile(r"村$|嘎查$"), C.Village),
    (re.compile(r"街道$|街$"), C.Street),
    (re.compile(r"镇$"), C.Town),
    (re.compile(r"乡$|苏木$"), C.Township),
)


SPACES = re.compile(r"\s+")


def canonical_place_name(name: str) -> str:
    """旧街街 and 旧街街道 name one street: the canonical form ends in 街道."""
    name = SPACES.sub("", name)
    return name + "道" if name.endswith("街") else name


@lru_cache(maxsize=4096)  # a place grid names the same villages row after row
def local_class(name: str) -> C | None:
    for pattern, cls in LOCAL_LEVELS:
        if pattern.search(name):
            return cls
    return None


_sha1 = hashlib.sha1
_FIRST_8_BYTES = struct.Struct(">Q").unpack_from  # the digest's first 8 bytes, big-endian


def _edge_key(*parts: str) -> int:
    """make_id's 64-bit hash of the parts, as an int."""
    return _FIRST_8_BYTES(_sha1("\x1f".join(parts).encode()).digest())[0]


def edge_key(edge: Edge) -> int:
    """The key of a relationship that curation rewrites: its id's hash."""
    return int(edge.id[2:], 16)


@lru_cache(maxsize=4096)  # a unit's jurisdiction edge is asked for at every mention
def _plain_edge_key(src: str, rel: R, dst: str) -> int:
    return _edge_key(src, rel, dst, "", "")  # the hash of Edge.id without provenance


# Relationships without attributes share one empty mapping, and equal
# attribute sets one dict (a plan names the same unit at the same place of
# its lists thousands of times): a dict per relationship was a fifth of a
# big document's graph (issue #13 item 11). Nothing mutates an edge's props;
# curation copies them (loaders/resolution/curation.py).
EMPTY_PROPS: dict[A, Any] = {}


@lru_cache(maxsize=8192)
def _shared_props(items: tuple[tuple[str, type, Any], ...]) -> dict[A, Any]:
    return {A(k): v for k, _, v in items}


@lru_cache(maxsize=8192, typed=True)  # typed: as _props tells 1 from True
def _role_props(role: str, written: str, position: int, side: str | None) -> dict[A, Any]:
    """_props of a role assignment's attributes, from its values as they are:
    no dict of keywords to hash item by item (one per assignment)."""
    if side:
        return {A.role: role, A.unitText: written, A.position: position, A.side: side}
    return {A.role: role, A.unitText: written, A.position: position}


def _props(props: dict[str, Any]) -> dict[A, Any]:
    if not props:
        return EMPTY_PROPS
    # the type is part of the key: 1, 1.0 and True are equal, but not the same value
    items = tuple((k, type(v), v) for k, v in props.items())
    try:
        return _shared_props(items)
    except TypeError:  # an unhashable value (a list): its own dict
        return {A(k): v for k, v in props.items()}


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    # Keyed by the hash of what makes a relationship one fact (make_id's
    # 16 hex digits as an int): as a string the key was 72 bytes a relationship,
    # the largest holder of a big document's graph after the relationships
    # themselves (issue #13 item 11); the int is 40.
    edges: dict[int, Edge] = field(default_factory=dict)
    curation_log: list[dict[str, Any]] = field(default_factory=list)
    # A unit's id by what decides its node and edges (not where it was
    # written): a plan names the same units at every point.
    _units: dict[tuple[Any, ...], str] = field(default_factory=dict, repr=False, compare=False)

    def add_node(self, node: Node) -> str:
        old = self.nodes.get(node.id)
        if old is None:
            self.nodes[node.id] = node
        elif node.aliases - old.aliases:
            self.nodes[node.id] = replace(old, aliases=old.aliases | node.aliases)
        return node.id

    def add_edge(self, src: str, rel: R, dst: str, prov: Provenance | None = None,
                 **props: Any) -> None:
        if prov is None:
            key = _plain_edge_key(src, rel, dst)
        else:
            # a fact stated twice in one document (a repeated passage) is one fact
            key = _edge_key(src, rel, dst, prov.doc, prov.section, str(props.get("role", "")))
        if key not in self.edges:  # the same edge again (a unit's jurisdiction) makes nothing
            self.edges[key] = Edge(src, rel, dst, _props(props), prov)

    def add_assignment(self, src: str, rel: R, dst: str, prov: Provenance, role: str,
                       written: str, position: int, side: str | None = None) -> None:
        """add_edge(src, rel, dst, prov, role=role, unitText=written,
        position=position[, side=side]), without the keywords: a big plan
        assigns units tens of thousands of times."""
        key = _edge_key(src, rel, dst, prov.doc, prov.section, role)
        edges = self.edges
        if key not in edges:
            edges[key] = Edge(src, rel, dst, _role_props(role, written, position, side), prov)

    def add_new_edge(self, src: str, rel: R, dst: str) -> None:
        """add_edge(src, rel, dst) for an edge from a node just made (a task
        stated in its document): its key is asked for once, so it is not
        kept among the keys of edges asked for again (a unit's jurisdiction)."""
        key = _edge_key(src, rel, dst, "", "")
        if key not in self.edges:
            self.edges[key] = Edge(src, rel, dst, EMPTY_PROPS, None)

    # -- places ---------------------------------------------------------
    def division(self, d: Division) -> str:
        node_id = f"place-{d.code}"
        if node_id not in self.nodes:
            aliases = frozenset({d.short_name} - {"", d.name})
            self.add_node(Node(node_id, d.cls, d.name, {A.code: d.code, A.level: d.level},
                               aliases))
            parent = gazetteer().parent(d)
            if parent is not None:
                self.add_edge(node_id, R.partOf, self.division(parent))
        return node_id

    def local_place(self, written: str, parent: str | None) -> str | None:
        """A street, town, township, village or community under its parent."""
        name = canonical_place_name(written)
        cls = local_class(name)
        if cls is None:
            return None
        node_id = make_id("place", parent or "", name)
        old = self.nodes.get(node_id)
        if old is None or (written != name and written not in old.aliases):
            # a node only when add_node would add or change one (a place grid
            # names the same village in many rows)
            self.add_node(Node(node_id, cls, name, {A.level: cls.value.lower()},
                               frozenset({written} - {name})))
        if parent:
            self.add_edge(node_id, R.partOf, parent)
        return node_id

    # -- units ----------------------------------------------------------
    def unit(self, u: UnitName) -> str:
        key = (u.written, u.name, u.cls, u.jurisdiction)
        known = self._units.get(key)
        if known is not None and known in self.nodes:
            return known  # its node, jurisdiction and place are already there
        node_id = self._new_unit(u)
        self._units[key] = node_id
        return node_id

    def _new_unit(self, u: UnitName) -> str:
        place = u.jurisdiction
        node_id = make_id("unit", place.code if place and u.cls is C.LocalAuthority else "",
                          u.name)
        self.add_node(Node(node_id, u.cls, u.name, {}, frozenset({u.written} - {u.name})))
        if place is not None:
            self.add_edge(node_id, R.jurisdiction, self.division(place))
        if u.cls is C.LocalAuthority:
            acts_for = self._place_of_authority(u)
            if acts_for:
                self.add_edge(node_id, R.actsFor, acts_for)
        return node_id

    def _place_of_authority(self, u: UnitName) -> str | None:
        if u.jurisdiction is not None and u.jurisdiction.name == u.name:
            return self.division(u.jurisdiction)  # 青山区 of 武汉市, not of 包头市
        near = (u.jurisdiction.code,) if u.jurisdiction else ()
        d = gazetteer().lookup(u.name, near)
        if d is not None:
            return self.division(d)
        parent = self.division(u.jurisdiction) if u.jurisdiction else None
        return self.local_place(u.name, parent)
