"""Building one written fragment into a graph, as the loaders build a document:
the helper the extraction tests share (a fragment is text written in a form
of the genre, never a copy of a corpus file)."""
from __future__ import annotations

from pathlib import Path

from loaders.build import build_document
from loaders.graph import Graph
from loaders.reading.read import RawDocument


def build(text: str, name: str = "plan.txt") -> Graph:
    """The graph of ``text`` read as the document ``name``."""
    graph = Graph()
    build_document(RawDocument(name, Path(name), text), graph)
    return graph
