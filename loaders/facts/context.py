"""What every fact rule needs of the document being read: its provenance
maker and sides (DocumentContext), tasks, and role assignments."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.graph import Graph
from loaders.names.gazetteer import Division, gazetteer
from loaders.names.units import UnitName
from loaders.reading.read import RawDocument
from loaders.text.normalize import Normalized
from ontology.model import Node, Props, Provenance, SourceText, TaskProps, make_id
from ontology.vocab import A, C, R


SPACES = re.compile(r"\s+")


@dataclass
class DocumentContext:
    """What the rules need to know about the document being read."""

    doc: RawDocument
    norm: Normalized
    doc_id: str
    helpers: tuple[Division, ...] = ()
    helped: tuple[Division, ...] = ()
    # The document's text as the provenance of its facts refers to it: a quote
    # found verbatim at its span is that span, not a string of its own.
    source: SourceText = field(init=False, repr=False)
    _norm_text: str | None = field(default=None, init=False, repr=False)
    # a .txt has no pages nor cells: its provenance is made without asking where
    _plain: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        self.source = SourceText(self.doc.text)
        self._plain = self.doc.layout is None

    @property
    def norm_text(self) -> str:
        """The whole normalised text, made once for the rules that read all of
        it (an agreement's parties) and kept: only documents that ask pay for it."""
        if self._norm_text is None:
            self._norm_text = self.norm.text
        return self._norm_text

    def prov(self, section: str, start: int, end: int, table: str = "") -> Provenance:
        """Provenance for a span of the normalised text."""
        a = self.norm.origin.verbatim(start, end)
        if a is not None:  # inside one run copied from the document (most clauses)
            b = a + end - start
            if self._plain:
                return Provenance(self.doc.id, section, a, b, self.source, table)
            return Provenance(self.doc.id, section, a, b, self.source, table,
                              **self.doc.locate(a, b))
        a, b = self.norm.span(start, end)
        quote: str | SourceText = self.norm.cut(start, end)
        if b - a == len(quote) and self.doc.text.startswith(quote, a):  # type: ignore[arg-type]
            quote = self.source
        return Provenance(self.doc.id, section, a, b, quote, table,
                          **self.doc.locate(a, b))  # page and cell of a .pdf/.docx

    def raw_prov(self, section: str, start: int, end: int, table: str = "") -> Provenance:
        """Provenance for a span of the document as read (table cells)."""
        raw = self.doc.text[start:end]
        quote: str | SourceText = SPACES.sub(" ", raw).strip()
        if quote == raw:
            quote = self.source
        if self._plain:
            return Provenance(self.doc.id, section, start, end, quote, table)
        return Provenance(self.doc.id, section, start, end, quote, table,
                          **self.doc.locate(start, end))  # page and cell of a .pdf/.docx

    def side(self, unit: UnitName) -> str | None:
        place = unit.jurisdiction
        if place is None or not (self.helpers or self.helped):
            return None  # most documents name no sides
        chain = _codes_up(place)
        if any(d.code in chain for d in self.helpers):
            return "helper"
        if any(d.code in chain for d in self.helped):
            return "helped"
        return None


@lru_cache(maxsize=4096)  # asked for every unit of every clause
def _codes_up(place: Division) -> frozenset[str]:
    """The codes of a division and of every division above it."""
    return frozenset({place.code} | {d.code for d in gazetteer().ancestors(place)})


def place_in(text: str, near: tuple[str, ...] = ()) -> Division | None:
    """The most specific division named at the start of a run of division names:
    武汉市洪山区乡村振兴局 → 洪山区."""
    found = gazetteer().find(text, near)
    if not found:
        return None
    best, end = found[0][2], found[0][1]
    for a, b, d in found[1:]:
        if a != end:
            break
        best, end = d, b
    return best


def add_task(ctx: DocumentContext, path: str, graph: Graph, title: str,
             content: str, prov: Provenance) -> str:
    task_id = make_id("task", ctx.doc.id, path, title)
    # a point's content is its quote: read from the provenance, not kept twice
    props = TaskProps(prov) if prov.quotes(content) else \
        Props({A.content: content, A.section: prov.section})
    graph.add_node(Node(task_id, C.Task, title, props, prov=prov))
    graph.add_new_edge(task_id, R.statedIn, ctx.doc_id)
    return task_id


ROLE_REL = {"lead": R.leads, "responsible": R.responsibleFor, "cooperating": R.cooperatesOn}


def assign(ctx: DocumentContext, graph: Graph, unit: UnitName, role: str, target: str,
           prov: Provenance, position: int) -> None:
    graph.add_assignment(graph.unit(unit), ROLE_REL[role], target, prov, role, unit.written,
                         position, ctx.side(unit))
