"""The records that flow from the loaders to the stores.

Loaders yield Node and Edge values; stores turn them into RDF or Cypher.
Identifiers are derived from content (see make_id) so that every build and
every load is an idempotent MERGE.
"""
from __future__ import annotations

import hashlib
from dataclasses import FrozenInstanceError, dataclass, field
from collections.abc import Iterator, Mapping
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


class SourceText:
    """A document's text, one object shared by the provenance of its facts."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


_FIELDS = ("doc", "section", "start", "end", "quote", "table", "page", "table_no", "row", "col",
           "ocr")
_NOWHERE = (None, None, None, None, False)


def _where(prov: Provenance, index: int, absent: Any) -> Any:
    """A field of a provenance's page-and-cell slot (None when it has none)."""
    return prov._where[index] if prov._where else absent


class Provenance:
    """Where a fact is stated: document, section path, character span, quote.

    Immutable; equal and hashed by its fields, like the frozen dataclass it was.
    A province's graph holds hundreds of thousands of these, so each is kept
    small (issue #13 item 11): slots; a quote that is the document's text at
    the span is given as the document's SourceText and sliced when asked for
    (a string per clause was ~1.1 bytes a byte of a big plan); the end is kept
    as the span's length (below 257 an int Python shares, where an offset
    into a big document is an object of 32 bytes); page, table and cell,
    absent from a .txt, are one slot.
    """

    __slots__ = ("doc", "section", "start", "_size", "_quote", "table", "_where")
    doc: str
    section: str
    start: int
    table: str

    def __init__(self, doc: str, section: str, start: int, end: int, quote: str | SourceText,
                 table: str = "", page: int | None = None, table_no: int | None = None,
                 row: int | None = None, col: int | None = None, ocr: bool = False) -> None:
        # where in the original file (a .pdf page, a table cell: 1-based numbers),
        # and whether the text was read by OCR; None / False for a .txt
        where = (page, table_no, row, col, ocr)
        for name, value in (("doc", doc), ("section", section), ("start", start),
                            ("_size", end - start),
                            ("_quote", quote), ("table", table),
                            ("_where", None if where == _NOWHERE else where)):
            object.__setattr__(self, name, value)

    @property
    def end(self) -> int:
        return self.start + self._size

    @property
    def quote(self) -> str:
        q = self._quote
        return q.text[self.start:self.start + self._size] if isinstance(q, SourceText) else q

    # where in the original file, each read from the one slot
    page = property(lambda self: _where(self, 0, None))
    table_no = property(lambda self: _where(self, 1, None))
    row = property(lambda self: _where(self, 2, None))
    col = property(lambda self: _where(self, 3, None))
    ocr = property(lambda self: _where(self, 4, False))

    def _values(self) -> tuple[Any, ...]:
        return (self.doc, self.section, self.start, self.end, self.quote, self.table,
                *(self._where or _NOWHERE))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return "Provenance(" + ", ".join(f"{k}={v!r}" for k, v in zip(_FIELDS, self._values())) + ")"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        # the SourceText is pickled once per graph (pickle keeps one copy of a shared object)
        return (Provenance, (self.doc, self.section, self.start, self.end, self._quote,
                             self.table, *(self._where or _NOWHERE)))

    def as_dict(self) -> dict[str, Any]:
        out = {"document": self.doc, "section": self.section,
               "span": [self.start, self.end], "quote": self.quote,
               "table": self.table}
        if self._where:
            for key, value in zip(("page", "table_no", "row", "col"), self._where):
                if value is not None:
                    out[key] = value
            if self._where[4]:
                out["ocr"] = True
        return out


class Props(Mapping[A, Any]):
    """Attributes as one tuple of values beside a tuple of keys shared by every
    Props of the same keys: immutable, read like a dict. A big plan's tasks
    each carry content and section; a dict of two was 224 bytes a task, this
    is 104 (issue #13 item 11)."""

    __slots__ = ("_keys", "_values")
    _shared_keys: dict[tuple[A, ...], tuple[A, ...]] = {}

    def __init__(self, items: Mapping[A, Any]) -> None:
        keys = tuple(items)
        self._keys = Props._shared_keys.setdefault(keys, keys)
        self._values = tuple(items.values())

    def __getitem__(self, key: A) -> Any:
        try:
            return self._values[self._keys.index(key)]
        except ValueError:
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[A]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return repr(dict(zip(self._keys, self._values)))


@dataclass(frozen=True, slots=True)
class Node:
    """An entity. ``props`` holds attribute values keyed by ontology names
    (a dict, or Props: read them as a mapping, never change them)."""

    id: str
    cls: C
    name: str
    props: Mapping[A, Any] = field(default_factory=dict, compare=False, hash=False)
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
