"""The records that flow from the loaders to the stores.

Loaders yield Node and Edge values; stores turn them into RDF or Cypher.
Identifiers are derived from content (see make_id) so that every build and
every load is an idempotent MERGE.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
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
# start and length of a span in one int: a document has fewer than 2**25
# characters (loaders/reading/read.py MAX_TEXT_BYTES), and an int below 2**60
# is one object of 32 bytes, as the start alone was
_SPAN_BITS = 25
_SPAN_MASK = (1 << _SPAN_BITS) - 1


@lru_cache(maxsize=4096, typed=True)
def _source(doc: str, table: str, page: int | None, table_no: int | None, row: int | None,
            col: int | None, ocr: bool) -> tuple[str, str, tuple[Any, ...] | None]:
    """Document, table and page-and-cell of a provenance: one tuple shared by
    every provenance of the same (a .txt's facts all share one)."""
    where = (page, table_no, row, col, ocr)
    return (doc, table, None if where == _NOWHERE else where)


def _where_field(prov: Provenance, index: int, absent: Any) -> Any:
    """A field of a provenance's page and cell (None when it has none)."""
    where = prov._src[2]
    return where[index] if where else absent


@lru_cache(maxsize=1024)
def _plain_source(doc: str, table: str) -> tuple[str, str, None]:
    return (doc, table, None)  # a .txt's: no page, no cell


class Provenance:
    """Where a fact is stated: document, section path, character span, quote.

    Immutable; equal and hashed by its fields, like the frozen dataclass it was.
    A province's graph holds hundreds of thousands of these, so each is kept
    small (issue #13 item 11): four slots, 64 bytes. A quote that is the
    document's text at the span is given as the document's SourceText and
    sliced when asked for (a string per clause was ~1.1 bytes a byte of a big
    plan); start and length are one int; document, table, page and cell are
    one tuple shared by every provenance of the same.
    """

    __slots__ = ("section", "_span", "_src", "_quote")
    section: str

    def __init__(self, doc: str, section: str, start: int, end: int, quote: str | SourceText,
                 table: str = "", page: int | None = None, table_no: int | None = None,
                 row: int | None = None, col: int | None = None, ocr: bool = False) -> None:
        # where in the original file (a .pdf page, a table cell: 1-based numbers),
        # and whether the text was read by OCR; None / False for a .txt
        size = end - start
        span = start << _SPAN_BITS | size \
            if type(start) is int and type(end) is int and 0 <= start and 0 <= size <= _SPAN_MASK \
            else (start, size)
        src = _plain_source(doc, table) if page is None and table_no is None and row is None \
            and col is None and ocr is False else _source(doc, table, page, table_no, row, col, ocr)
        _SET_SECTION(self, section)  # the slots' own setters: __setattr__ refuses
        _SET_SPAN(self, span)
        _SET_SRC(self, src)
        _SET_QUOTE(self, quote)

    @property
    def doc(self) -> str:
        return self._src[0]

    @property
    def table(self) -> str:
        return self._src[1]

    @property
    def start(self) -> int:
        span = self._span
        return span >> _SPAN_BITS if span.__class__ is int else span[0]

    @property
    def end(self) -> int:
        span = self._span
        return (span >> _SPAN_BITS) + (span & _SPAN_MASK) if span.__class__ is int \
            else span[0] + span[1]

    @property
    def quote(self) -> str:
        q = self._quote
        return q.text[self.start:self.end] if isinstance(q, SourceText) else q

    def quotes(self, text: str) -> bool:
        """Whether text is the quote (quote == text), without cutting the quote
        from its document's text."""
        q = self._quote
        if q.__class__ is SourceText:
            start = self.start
            return len(text) == self.end - start and q.text.startswith(text, start)
        return q == text

    @property
    def _where(self) -> tuple[Any, ...] | None:
        return self._src[2]

    # where in the original file, each read from the one slot
    page = property(lambda self: _where_field(self, 0, None))
    table_no = property(lambda self: _where_field(self, 1, None))
    row = property(lambda self: _where_field(self, 2, None))
    col = property(lambda self: _where_field(self, 3, None))
    ocr = property(lambda self: _where_field(self, 4, False))

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


_SET_SECTION, _SET_SPAN, _SET_SRC, _SET_QUOTE = (Provenance.__dict__[n].__set__
                                                for n in Provenance.__slots__)


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


class TaskProps(Mapping[A, Any]):
    """A task's content and section read from its provenance, when the content
    is the provenance's quote (a point's text: the quote is a span of the
    document) and the section its section: 40 bytes a task, where Props and
    the content's own string were ~310 (issue #13 item 11). Read like Props."""

    __slots__ = ("_prov",)
    _KEYS = (A.content, A.section)

    def __init__(self, prov: Provenance) -> None:
        self._prov = prov

    def __getitem__(self, key: A) -> Any:
        if key == A.content:
            return self._prov.quote
        if key == A.section:
            return self._prov.section
        raise KeyError(key)

    def __iter__(self) -> Iterator[A]:
        return iter(TaskProps._KEYS)

    def __len__(self) -> int:
        return 2

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (TaskProps, (self._prov,))


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

