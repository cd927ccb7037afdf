"""The built graph's records as Neo4j writes them: a node's labels and
properties, a relationship's type and properties (its provenance flattened,
a long quote stored once per document), and the graph cut into the parts
each document's transaction writes. Shared by the load (queries/neo4j_store.py)
and the neo4j-admin import (queries/neo4j_csv.py)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ontology.model import SHARED_QUOTE_MIN, SUPERCLASSES, quote_id
from ontology.vocab import C


def rel_type(name: str) -> str:
    """responsibleFor → RESPONSIBLE_FOR: Neo4j's convention for relationship types."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


def node_row(rec: dict[str, Any]) -> dict[str, Any]:
    cls = C(rec["class"])
    props = {"name": rec["name"], "aliases": rec["aliases"], **rec["props"]}
    props |= _prov_props(rec.get("prov"))
    if cls is C.Document:
        props["document"] = rec["name"]
    return {"id": rec["id"], "labels": [cls.value, *(c.value for c in SUPERCLASSES.get(cls, ()))],
            "props": props}


def edge_row(rec: dict[str, Any]) -> dict[str, Any]:
    props = dict(rec["props"]) | _prov_props(rec.get("prov"))
    if len(props.get("quote", "")) >= SHARED_QUOTE_MIN:
        # stored once per document as a (:Quote {id, text}) node; the named
        # queries read coalesce(r.quote, Quote text) as the evidence
        props["quoteId"] = _quote_id(props["document"], props.pop("quote"))
    return {"id": rec["id"], "src": rec["src"], "dst": rec["dst"], "type": rel_type(rec["rel"]),
            "props": props}


def quote_rows(records: list[dict[str, Any]]) -> dict[str, list[dict[str, str]]]:
    """The shared quotes of each document: {doc: [{id, text, document}]}."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for rec in records:
        prov = rec.get("prov")
        if rec["kind"] == "edge" and prov and len(prov["quote"]) >= SHARED_QUOTE_MIN:
            doc, text = prov["document"], prov["quote"]
            qid = _quote_id(doc, text)
            out.setdefault(doc, {}).setdefault(qid, {"id": qid, "text": text, "document": doc})
    return {doc: list(rows.values()) for doc, rows in out.items()}


# The str caches its hash and the records share one object per quote, so
# memoising spares hashing a long clause once per relationship (quadratic).
_quote_id = lru_cache(maxsize=1024)(quote_id)


def _prov_props(prov: dict[str, Any] | None) -> dict[str, Any]:
    if not prov:
        return {}
    out = {"document": prov["document"], "section": prov["section"], "start": prov["span"][0],
           "end": prov["span"][1], "quote": prov["quote"]}
    if prov.get("table"):
        out["tableName"] = prov["table"]
    # Page and table cell of a .pdf/.docx fact, and OCR: the RDF names, camelCase.
    for key, name in (("page", "page"), ("table_no", "tableNumber"), ("row", "rowNumber"),
                      ("col", "columnNumber"), ("ocr", "readByOcr")):
        if prov.get(key) is not None:
            out[name] = prov[key]
    return out


WORLD = ""  # the part of the graph no single document owns


def by_document(records: list[dict[str, Any]]) -> dict[str, tuple[list[dict], list[dict]]]:
    """The graph cut into parts: each document's nodes and relationships, and
    the world's (key WORLD): relationships no document states, such as the
    place hierarchy or a unit's jurisdiction, between nodes no document owns.

    A relationship belongs to the document that states it (its provenance),
    else to the document that owns one of its ends (a task's STATED_IN);
    a document's part also carries the shared nodes its relationships reach,
    so that it can be written, or rewritten, on its own."""
    nodes = {r["id"]: node_row(r) for r in records if r["kind"] == "node"}
    owner = {i: n["props"].get("document", WORLD) for i, n in nodes.items()}
    parts: dict[str, tuple[dict[str, dict], list[dict]]] = {}
    for i, doc in owner.items():
        if doc:
            parts.setdefault(doc, ({}, []))[0][i] = nodes[i]
    for rec in records:
        if rec["kind"] != "edge":
            continue
        edge = edge_row(rec)
        doc = edge["props"].get("document") or owner.get(edge["src"]) or owner.get(edge["dst"]) or WORLD
        part = parts.setdefault(doc, ({}, []))
        part[1].append(edge)
        for end in (edge["src"], edge["dst"]):
            part[0].setdefault(end, nodes[end])
    world = parts.pop(WORLD, ({}, []))
    ordered = {WORLD: world} | dict(sorted(parts.items()))
    return {doc: (sorted(ns.values(), key=lambda n: n["id"]), es) for doc, (ns, es) in ordered.items()}


def fresh_rows(parts: dict[str, tuple[list[dict], list[dict]]], quotes: dict[str, list[dict]]
               ) -> tuple[list[dict], list[dict], list[dict]]:
    """The whole graph as a first load writes it: quotes, nodes (each once),
    relationships; shared with the neo4j-admin import (queries/neo4j_import.py)."""
    nodes = {n["id"]: n for ns, _ in parts.values() for n in ns}
    return ([q for qs in quotes.values() for q in qs], list(nodes.values()),
            [e for _, es in parts.values() for e in es])
