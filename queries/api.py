"""The library calls the CLI makes: build a store, run a query, list queries."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from loaders.corpus import build_corpus
from ontology.errors import InputError, StoreError
from ontology.model import Edge, Node
from queries import catalog, name_index
from queries.ask import Answer, answer
from queries.embedded import EmbeddedStore
from queries.store import ask
from queries.collector import gc_paused
from queries.store_write import StoreWriter


def build(paths: list[Path], store_dir: Path, curation: Path | None = None,
          ocr: bool = False) -> dict[str, Any]:
    """Build the graph of the documents and make it the store's content."""
    inputs: dict[str, Any] = {}  # files skipped, documents named by their folder
    texts: dict[str, str] = {}  # each document's text, kept for the workbench's document view
    with StoreWriter(store_dir) as writer:
        # The graph and the parts read hold no cycles, and a collection walks
        # them all: 12.2 s instead of 10.7 s for 200 documents (bench_folder).
        with gc_paused():
            graph = build_corpus(paths, curation=curation, ocr=ocr, inputs=inputs,
                                 on_final=writer.add_edges, texts=texts)
        nodes = sorted(graph.nodes.values(), key=lambda n: n.id)
        edges = sorted(graph.edges.values(), key=lambda e: e.id)
        meta = _meta(nodes, edges, {"curation": graph.curation_log, **inputs})
        writer.finish(nodes, edges, meta, texts)
    return meta


def _meta(nodes: list[Node], edges: list[Edge], more: dict[str, Any]) -> dict[str, Any]:
    counts = Counter(n.cls.value for n in nodes)
    relations = Counter(e.rel.value for e in edges)
    documents = sorted(n.name for n in nodes if n.cls.value == "Document")
    return {"documents": documents, "nodes": dict(sorted(counts.items())),
            "relations": dict(sorted(relations.items())),
            "node_count": len(nodes), "edge_count": len(edges), **more}


def query(store_dir: Path, name: str, params: dict[str, str]) -> list[dict[str, Any]]:
    return ask(EmbeddedStore(store_dir), name, params)


def query_neo4j(uri: str, user: str, password: str, name: str,
                params: dict[str, str]) -> list[dict[str, Any]]:
    from queries.neo4j_store import Neo4jStore
    with Neo4jStore(uri, user, password) as store:
        return ask(store, name, params)


def load(store_dir: Path, uri: str, user: str, password: str, replace: list[str] | None = None,
         progress=None) -> dict[str, int]:
    """Write the built graph (or only the documents named) into Neo4j."""
    from queries.neo4j_store import Neo4jStore
    built = EmbeddedStore(store_dir)
    records = built.records()
    with Neo4jStore(uri, user, password) as store:
        # the built store's index is kept as the database's only after a first
        # load of everything (Neo4jStore.load says when): not read for --replace
        return store.load(records, set(replace) if replace else None, progress,
                          None if replace else name_index.data(built.path))


def stats(store_dir: Path) -> dict[str, Any]:
    return EmbeddedStore(store_dir).meta()


def list_queries() -> list[dict[str, Any]]:
    return [{"query": q.name, "description": q.description,
             "parameters": " ".join(p.name + ("" if p.required else "?") for p in q.params)}
            for q in catalog.catalogue().values() if not q.internal]


def query_parameters(name: str) -> list[dict[str, Any]]:
    """One query's parameters: whether required, what they take, how a name is resolved."""
    q = catalog.get(name)
    return [{"parameter": p.name, "required": p.required, "help": p.help,
             "resolved by": q.resolve.get(p.name, "")} for p in q.params]


def cypher(uri: str, user: str, password: str, text: str, params: dict[str, str],
           write: bool = False, timeout: float = 30.0) -> list[dict[str, Any]]:
    from queries.adhoc import run_cypher
    from queries.neo4j_store import Neo4jStore
    with Neo4jStore(uri, user, password) as store:
        return run_cypher(store.driver, store.database, text, params, write, timeout)


def sparql(store_dir: Path, text: str, params: dict[str, str], write: bool = False,
           timeout: float = 30.0) -> list[dict[str, Any]]:
    from queries.adhoc import run_sparql
    from queries.embedded import bind
    EmbeddedStore(store_dir)  # a missing store is reported before any thread starts
    return run_sparql(lambda: EmbeddedStore(store_dir),
                      bind(text, params, prefix="") if params else text, write, timeout)


def quality(store_dir: Path) -> dict[str, Any]:
    """The data-quality report of the built graph."""
    from queries.quality import report
    store = EmbeddedStore(store_dir)
    return report(store.records(), store.meta().get("curation", []))


def ask_question(store_dir: Path, question: str) -> Answer:
    """A question in Chinese answered by the named query it maps to (queries.ask)."""
    return answer(EmbeddedStore(store_dir), question)


def resolve_store(store: Path | None = None) -> Path:
    """The store a command works on: the one named, else $BANGFU_STORE,
    else the per-user data directory."""
    from queries.embedded import default_store_dir
    if store is not None:
        return store
    env = os.environ.get("BANGFU_STORE")
    return Path(env) if env else default_store_dir()


def resolve_curation(curation: Path | None) -> Path | None:
    """The curation a build applies: the one named, else ./curation.yaml in
    the folder the command runs in, if there is one."""
    if curation is None and Path("curation.yaml").is_file():
        return Path("curation.yaml")
    return curation


def neo4j_connection(uri: str | None, user: str | None,
                     password: str | None) -> tuple[str, str, str]:
    """Connection settings (uri, user, password): each as given, else from the
    environment, else the local server's (queries/neo4j_server.py)."""
    from queries.neo4j_server import local_password, local_uri
    uri = uri or os.environ.get("NEO4J_URI") or local_uri()
    user = user or os.environ.get("NEO4J_USER") or "neo4j"
    password = password or os.environ.get("NEO4J_PASSWORD") or local_password()
    if not password:
        raise StoreError("no Neo4j password: give --password or NEO4J_PASSWORD, or start the "
                         "local server with `bangfu neo4j start`")
    return uri, user, password


def read_password(path: Path) -> str:
    """A Neo4j password kept in a file (so that it is not in the process list)."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise InputError(f"--password-file {path}: {exc.strerror}") from None
