"""The records that flow from the loaders to the stores.

Loaders yield Node and Edge values; stores turn them into RDF or Cypher.
Identifiers are derived from content (see make_id) so that every build and
every load is an idempotent MERGE.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ontology.vocab import SUPERCLASSES, A, C, R

PLACE_CLASSES = frozenset(c for c, ps in SUPERCLASSES.items() if C.Place in ps)
UNIT_CLASSES = frozenset(c for c, ps in SUPERCLASSES.items() if C.Unit in ps)


# A quote at least this long is stored once per document and referred to by
# its id (graph.jsonl, Neo4j): a clause naming 10^4 units is the quote of each
# of their relationships, and repeating it would make the store quadratic in
# the clause. The sample corpus's longest relationship quote is ~230 characters.
SHARED_QUOTE_MIN = 1000


def quote_id(doc: str, text: str) -> str:
    """The id of a shared quote: one per document and text."""
    return make_id("quote", doc, text)


def make_id(kind: str, *parts: str) -> str:
    """A stable identifier: kind plus a short hash of the identifying parts."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{kind}-{digest}"


# slots: a province's graph holds hundreds of thousands of these, and a
# per-object __dict__ was a third of a big document's memory (issue #13 item 11).
@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact is stated: document, section path, character span, quote."""

    doc: str
    section: str
    start: int
    end: int
    quote: str
    table: str = ""
    # Where in the original file (a .pdf page, a table cell: 1-based numbers),
    # and whether the text was read by OCR; None / False for a .txt.
    page: int | None = None
    table_no: int | None = None
    row: int | None = None
    col: int | None = None
    ocr: bool = False

    def as_dict(self) -> dict[str, Any]:
        out = {"document": self.doc, "section": self.section,
               "span": [self.start, self.end], "quote": self.quote,
               "table": self.table}
        for key in ("page", "table_no", "row", "col"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.ocr:
            out["ocr"] = True
        return out


@dataclass(frozen=True, slots=True)
class Node:
    """An entity. ``props`` holds attribute values keyed by ontology names."""

    id: str
    cls: C
    name: str
    props: dict[A, Any] = field(default_factory=dict, compare=False, hash=False)
    aliases: frozenset[str] = frozenset()
    prov: Provenance | None = None

    @property
    def is_place(self) -> bool:
        return self.cls in PLACE_CLASSES

    @property
    def is_unit(self) -> bool:
        return self.cls in UNIT_CLASSES


@dataclass(frozen=True, slots=True)
class Edge:
    """A relation between two nodes, with the provenance of its statement."""

    src: str
    rel: R
    dst: str
    props: dict[A, Any] = field(default_factory=dict, compare=False, hash=False)
    prov: Provenance | None = None
    _id: str = field(default="", init=False, repr=False, compare=False, hash=False)

    @property
    def id(self) -> str:
        """Asked for by every writer of every store: hashed once, then kept."""
        if not self._id:
            where = (self.prov.doc, str(self.prov.start)) if self.prov else ("", "")
            object.__setattr__(self, "_id", make_id("e", self.src, self.rel, self.dst, *where))
        return self._id
