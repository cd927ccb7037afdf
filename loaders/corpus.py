"""The whole read side: files in, one graph out."""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from loaders.build import build_document
from loaders.graph import Graph
from loaders.reading.read import RawDocument, collect_paths, read_document
from loaders.resolution.curation import apply_curation
from loaders.resolution.resolve import link_groups
from ontology.model import Edge, make_id
from ontology.vocab import A, C, R


def build_corpus(paths: list[Path], progress: Callable[[str], None] | None = None,
                 curation: Path | None = None, ocr: bool = False,
                 inputs: dict[str, Any] | None = None,
                 on_final: Callable[[list[Edge]], None] | None = None,
                 texts: dict[str, str] | None = None) -> Graph:
    """Read every document named (files or folders) into one graph, then
    resolve across documents and apply the analyst's curation file.

    What happened to the input files is added to ``inputs`` when given:
    ``skipped`` (path and reason of each file left out), ``omitted`` (path
    and reason of each part of a file the reader left out) and ``renamed``
    (the id of each document named by its folder because its file name is
    shared).

    ``on_final`` is given, document by document, the new relationships that
    no later step changes, while the next documents are still being read
    (the store loads them meanwhile).

    ``texts``, when given, is filled with each document's decoded text by its
    id: the text every span of its facts indexes into.
    """
    inputs = {} if inputs is None else inputs
    skipped: list[dict[str, str]] = inputs.setdefault("skipped", [])
    files = _once(collect_paths(paths, skipped), skipped)
    docs = [read_document(p, ocr) for p in files]  # all readable before any is built
    docs, renamed = distinct_documents(docs, skipped)
    inputs.setdefault("renamed", {}).update(renamed)
    inputs.setdefault("omitted", []).extend(
        {"path": str(d.path), "reason": note} for d in docs if d.layout for note in d.layout.omitted)
    if texts is not None:
        texts.update((doc.id, doc.text) for doc in docs)
    graph = Graph()
    for doc, part in zip(docs, _document_graphs(docs)):
        new = _merge(graph, part)
        del part  # one big document's graph is not held twice
        if on_final is not None and curation is None:  # curation rewrites any of them
            on_final([e for e in new if e.rel is not R.cites])  # link_citations rewrites these
        if progress:
            progress(doc.id)
    link_citations(graph)
    if curation is not None:
        graph.curation_log = apply_curation(graph, curation)
    link_groups(graph)
    return graph


def _merge(graph: Graph, part: Graph) -> Iterable[Edge]:
    """Add a document's graph; returns its relationships that are new. The
    first document's dicts are taken as they are (adding each of its facts
    to an empty graph makes the same dicts, in the same order), not copied
    into a second pair of dicts beside the first (issue #13 item 11)."""
    if not graph.nodes and not graph.edges:
        graph.nodes, graph.edges = part.nodes, part.edges
        return graph.edges.values()
    for node in part.nodes.values():
        graph.add_node(node)
    return [e for key, e in part.edges.items() if graph.edges.setdefault(key, e) is e]


# Documents are read independently (identifiers come from content, so a
# document's facts do not depend on the others), and merging their graphs in
# order gives the graph of reading them one after the other. Collections of
# at least PARALLEL_MIN_BYTES are read by one worker process per core.
PARALLEL_MIN_BYTES = 512 * 1024
_PENDING: list[RawDocument] = []  # the documents a forked worker reads


def workers(docs: list[RawDocument]) -> int:
    """How many processes read the documents: $BANGFU_WORKERS, else one per
    core for a large collection and one for a small one."""
    wanted = os.environ.get("BANGFU_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return min(int(wanted), len(docs)) or 1
    if sum(len(d.text) for d in docs) * 3 < PARALLEL_MIN_BYTES:  # ~3 bytes a character
        return 1
    return max(1, min(os.cpu_count() or 1, len(docs)))


def _document_graphs(docs: list[RawDocument]) -> Iterator[Graph]:
    count = workers(docs)
    if count == 1 or "fork" not in multiprocessing.get_all_start_methods():
        for doc in docs:
            yield _one(doc)
        return
    _PENDING[:] = docs
    try:
        context = multiprocessing.get_context("fork")  # workers share the loaded gazetteer
        with context.Pool(count) as pool:
            yield from pool.imap(_build_at, range(len(docs)), chunksize=4)
    finally:
        _PENDING.clear()


def _build_at(index: int) -> Graph:
    return _one(_PENDING[index])


def _one(doc: RawDocument) -> Graph:
    graph = Graph()
    build_document(doc, graph)
    return graph


def _once(files: list[Path], skipped: list[dict[str, str]]) -> list[Path]:
    """Each file is read once: named twice, it is read once without a word;
    reached also through a link, it is read under its own name and the link
    is reported as skipped."""
    chosen: dict[str, Path] = {}
    for path in files:
        key = os.path.realpath(path)
        if key not in chosen or (chosen[key].is_symlink() and not path.is_symlink()):
            chosen[key] = path
    out = []
    for path in files:
        first = chosen[os.path.realpath(path)]
        if path is first:
            out.append(path)
        elif os.path.abspath(path) != os.path.abspath(first):
            skipped.append({"path": str(path), "reason": f"the same file as {first}"})
    return out


def distinct_documents(docs: list[RawDocument],
                       skipped: list[dict[str, str]]) -> tuple[list[RawDocument], dict[str, str]]:
    """Documents under distinct ids. The id is the bare file name wherever
    it is unique (so outputs name files as analysts know them); documents
    sharing a file name are told apart by as many parent folders as it takes
    (a/plan.txt, b/plan.txt). A file with the same name and the same text as
    one already read is a copy: it is left out and reported in ``skipped``.
    Returns the documents and {new id: path} of those renamed."""
    kept: list[RawDocument] = []
    by_name: dict[str, list[RawDocument]] = {}
    for doc in docs:
        group = by_name.setdefault(doc.id, [])
        first = next((d for d in group if d.text == doc.text), None)
        if first is not None:
            skipped.append({"path": str(doc.path), "reason": f"the same text as {first.path}"})
            continue
        group.append(doc)
        kept.append(doc)
    new_ids: dict[str, str] = {}
    for group in by_name.values():
        if len(group) > 1:
            new_ids.update(zip((str(d.path) for d in group), _folder_ids([d.path for d in group])))
    renamed = {new_id: path for path, new_id in new_ids.items()}
    return [replace(d, id=new_ids.get(str(d.path), d.id)) for d in kept], renamed


def _folder_ids(paths: list[Path]) -> list[str]:
    """The shortest trailing parts of the paths that tell them all apart."""
    parts = [Path(os.path.abspath(p)).parts for p in paths]
    for depth in range(2, max(len(p) for p in parts) + 1):
        ids = ["/".join(p[-depth:]) for p in parts]
        if len(set(ids)) == len(ids):
            return ids
    return [str(Path(*p)) for p in parts]


def link_citations(graph: Graph) -> None:
    """A cited 文号 that is a document of the corpus points at that document."""
    by_number = {n.props.get(A.docNumber): n.id for n in graph.nodes.values()
                 if n.cls is C.Document and n.props.get(A.docNumber)}
    # only the citations are listed, not every relationship of a big document
    for key, edge in [(k, e) for k, e in graph.edges.items() if e.rel is R.cites]:
        number = graph.nodes[edge.dst].props.get(A.docNumber)
        target = by_number.get(number)
        if target and target != edge.src:
            graph.edges[key] = Edge(edge.src, R.cites, target, edge.props, edge.prov)
    citable = [n for n, node in graph.nodes.items() if node.cls is C.CitedDocument]
    if not citable:
        return  # nothing cites: no pass over every relationship for their ends
    unlinked = set(citable)
    cited = {e.dst for e in graph.edges.values() if e.dst in unlinked}
    for node_id in [n for n in citable if n not in cited]:
        del graph.nodes[node_id]


def doc_id(file_name: str) -> str:
    return make_id("doc", file_name)
