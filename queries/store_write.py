"""Writing a generation of the embedded store: RDF loaded while documents
are still being read, then the JSON records, the name index and the switch.

pyoxigraph's bulk loader releases the GIL and waits on the disk most of its
time, so a thread loads each chunk of N-Quads while the build goes on reading
documents in its worker processes; what is left when reading ends (the
entities, whose aliases grow with every document, links made across
documents, the closure of places) is loaded while the records are written.
"""
from __future__ import annotations

import hashlib
import json
import queue
import shutil
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from pyoxigraph import RdfFormat, Store

from ontology.errors import StoreError
from ontology.model import Edge, Node
from ontology.vocab import SUPERCLASSES, C
from queries import name_index
from queries.collector import gc_paused
from queries.generations import new_generation, remove_old, switch, writer_lock
from queries.records_write import write_records
from queries.to_rdf import edge_lines, node_lines, within_lines

# N-Quads characters per bulk load. Bounded so that a clause naming 10^4
# units, the quote of each of their relationships, never sits in memory at
# once (issue #13); large enough that 200 documents are a dozen loads, not
# hundreds of small files in the store.
CHUNK_CHARS = 4_000_000


class StoreWriter:
    """One new generation, written by one writer (the store's lock held from
    entering until the generation is current or removed)."""

    def __init__(self, root: Path, wait: float | None = None) -> None:
        self.root, self.wait = root, wait
        self._lines: list[str] = []
        self._chars = 0
        self._loaded: dict[str, Edge] = {}  # edges already sent to the store, by id
        # One chunk waiting while one loads: the loader is the slower side, so a
        # deeper queue only held more text (25 MB less at 40× with the bytes below).
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=1)
        self._failure: BaseException | None = None

    def __enter__(self) -> StoreWriter:
        self._lock = writer_lock(self.root, self.wait)
        self._lock.__enter__()
        try:
            self.generation, self._hold = new_generation(self.root)
            self.store = Store(str(self.generation / "rdf"))
        except OSError as exc:
            self._lock.__exit__(None, None, None)
            raise StoreError(f"cannot write the store in {self.root}: {exc.strerror}") from None
        self._thread = threading.Thread(target=self._load, name="bangfu-store-load", daemon=True)
        self._thread.start()
        self._done = False
        return self

    def add_edges(self, edges: Iterable[Edge]) -> None:
        """Edges final as they are (the build says which): loaded now."""
        for edge in edges:
            self._loaded[edge.id] = edge
            before = len(self._lines)
            edge_lines(edge, self._lines)
            self._filled(before)

    def _filled(self, before: int) -> None:
        """Count the lines added since ``before``; a full chunk goes to the loader."""
        self._chars += sum(map(len, self._lines[before:]))
        if self._chars >= CHUNK_CHARS:
            self._send()

    def finish(self, nodes: list[Node], edges: list[Edge], meta: dict[str, Any],
               texts: dict[str, str] | None = None) -> Path:
        """Write the rest of the graph and make the generation current.
        ``texts`` (document id → the decoded text its spans index into) are
        kept beside the graph, so a document is shown without its file."""
        check_complete(nodes, edges)
        with gc_paused():
            final = {e.id: e for e in edges}
            if any(final.get(i) is not e for i, e in self._loaded.items()):
                self._restart()  # resolution changed an edge already loaded
            self.add_edges(e for e in edges if self._loaded.get(e.id) is not e)
            for node in nodes:  # in chunks too: one load of every entity took 300 MB at 40×
                before = len(self._lines)
                node_lines(node, self._lines)
                self._filled(before)
            for lines in within_lines(nodes, edges):
                before = len(self._lines)
                self._lines += lines
                self._filled(before)
            self._send()
            self._chunks.put(None)
            _write_json(self.generation, nodes, edges, {**meta, "stats": class_counts(nodes, edges)})
            write_texts(self.generation, texts or {})
            name_index.write(self.generation, nodes, edges)
            self._thread.join()
        self._raise_failure()
        self.store.flush()
        del self.store
        switch(self.root, self.generation)
        self._done = True
        return self.generation

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if not self._done:
                self._stop()
                shutil.rmtree(self.generation, ignore_errors=True)
            self._hold.close()
            if self._done:
                remove_old(self.root)
        finally:
            self._lock.__exit__(None, None, None)
        if isinstance(exc, OSError):  # disk full, permissions: the old store holds
            raise StoreError(f"cannot write the store in {self.root} ({exc}); "
                             "the store is as it was") from None

    def _send(self) -> None:
        if self._lines:
            self._raise_failure()
            # UTF-8 now: the str of a chunk with Chinese quotes is 2 bytes a character
            # and pyoxigraph would keep a UTF-8 copy beside it while loading
            self._chunks.put("".join(self._lines).encode("utf-8"))
            self._lines, self._chars = [], 0

    def _load(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            if self._failure is None:
                try:
                    self.store.bulk_load(chunk, format=RdfFormat.N_QUADS)
                except BaseException as exc:  # raised again in the building thread
                    self._failure = exc

    def _raise_failure(self) -> None:
        if self._failure is not None:
            if isinstance(self._failure, OSError):
                raise self._failure
            raise StoreError(f"cannot write the store in {self.root}: {self._failure}") from None

    def _restart(self) -> None:
        """Start the RDF again from nothing (a loaded edge is no longer in the graph)."""
        self._chunks.put(None)
        self._thread.join()
        self.store.clear()
        self._loaded.clear()
        self._lines, self._chars = [], 0
        self._thread = threading.Thread(target=self._load, name="bangfu-store-load", daemon=True)
        self._thread.start()

    def _stop(self) -> None:
        if self._thread.is_alive():
            while True:  # make room for the end mark without waiting on a full queue
                try:
                    self._chunks.get_nowait()
                except queue.Empty:
                    break
            self._chunks.put(None)
            self._thread.join()


def write_store(root: Path, nodes: list[Node], edges: list[Edge], meta: dict[str, Any],
                wait: float | None = None) -> Path:
    """Write a complete new generation and switch to it; returns its path.
    One writer at a time: waits up to ``wait`` seconds (default
    $BANGFU_BUILD_WAIT, else 600) for another build to finish."""
    with StoreWriter(root, wait) as writer:  # finish checks the graph is complete
        return writer.finish(nodes, edges, meta)


def class_counts(nodes: list[Node], edges: list[Edge]) -> dict[str, int]:
    """What the `stats` query counts (entities by class and superclass, and
    the assertions), counted while the graph is written: the workbench's home
    page shows it, and the query took 0.8 s at 40× (bench/bench_serve.py)."""
    counts = Counter(c.value for n in nodes for c in (n.cls, *SUPERCLASSES.get(n.cls, ())))
    counts[C.Assertion.value] = len({e.id for e in edges if e.prov is not None or e.props})
    return dict(sorted(counts.items()))


def check_complete(nodes: list[Node], edges: list[Edge]) -> None:
    """A relationship must join two entities of the graph: a graph with a
    dangling one is never written (a later load or query would fail on it)."""
    ids = {n.id for n in nodes}
    dangling = [e for e in edges if e.src not in ids or e.dst not in ids]
    if dangling:
        e = dangling[0]
        raise StoreError(f"{len(dangling)} relationships point at no entity (first: {e.src} "
                         f"{e.rel.value} {e.dst}); the store was not changed")


def _write_json(generation: Path, nodes: list[Node], edges: list[Edge], meta: dict) -> None:
    write_records(generation / "graph.jsonl", nodes, edges)
    (generation / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1),
                                          encoding="utf-8")


TEXTS = "texts"


def text_file(generation: Path, doc_id: str) -> Path:
    """Where a document's text is kept: named by a hash of its id, so no id
    (a/plan.txt, ../x) ever becomes a path."""
    return generation / TEXTS / (hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:32] + ".txt")


def write_texts(generation: Path, texts: dict[str, str]) -> None:
    (generation / TEXTS).mkdir()
    for doc_id, text in texts.items():
        # newline="" keeps \r\n as read: spans count those characters too
        text_file(generation, doc_id).write_text(text, encoding="utf-8", newline="")
