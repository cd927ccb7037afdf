"""The whole read side: files in, one graph out."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from loaders.build import build_document
from loaders.graph import Graph
from loaders.read import collect_paths, read_document
from loaders.curation import apply_curation
from loaders.resolve import link_groups
from ontology.model import Edge, make_id
from ontology.vocab import A, C, R


def build_corpus(paths: list[Path], progress: Callable[[str], None] | None = None,
                 curation: Path | None = None, ocr: bool = False) -> Graph:
    """Read every document named (files or folders) into one graph, then
    resolve across documents and apply the analyst's curation file."""
    graph = Graph()
    docs = [read_document(p, ocr) for p in collect_paths(paths)]  # all readable before any is built
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            continue
        seen.add(doc.id)
        build_document(doc, graph)
        if progress:
            progress(doc.id)
    link_citations(graph)
    if curation is not None:
        graph.curation_log = apply_curation(graph, curation)
    link_groups(graph)
    return graph


def link_citations(graph: Graph) -> None:
    """A cited 文号 that is a document of the corpus points at that document."""
    by_number = {n.props.get(A.docNumber): n.id for n in graph.nodes.values()
                 if n.cls is C.Document and n.props.get(A.docNumber)}
    for key, edge in list(graph.edges.items()):
        if edge.rel is not R.cites:
            continue
        number = graph.nodes[edge.dst].props.get(A.docNumber)
        target = by_number.get(number)
        if target and target != edge.src:
            graph.edges[key] = Edge(edge.src, R.cites, target, edge.props, edge.prov)
    cited = {e.dst for e in graph.edges.values()}
    for node_id in [n for n, node in graph.nodes.items() if node.cls is C.CitedDocument]:
        if node_id not in cited:
            del graph.nodes[node_id]


def doc_id(file_name: str) -> str:
    return make_id("doc", file_name)
