"""The records of a generation (graph.jsonl): each entity and relationship as
one JSON object a line, as the workbench, the quality report and a Neo4j load
read them back (queries.embedded.records)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ontology.model import SHARED_QUOTE_MIN, Edge, Node, Provenance, quote_id


def write_records(path: Path, nodes: list[Node], edges: list[Edge]) -> None:
    """graph.jsonl: one JSON object per line, keys sorted, as json.dumps writes
    them (ensure_ascii off), composed from the fields: a dict and a dumps per
    record took 1.9 s at 40×. A long quote is written once, as a {"kind":
    "quote"} line before the first record that refers to it; the record
    keeps its id as "quote_id"."""
    with path.open("w", encoding="utf-8") as fh:
        shared: dict[tuple[str, str], str] = {}  # (document, long quote) → its id
        out: list[str] = []
        for node in nodes:
            prov = _prov_json(node.prov, shared, out)
            out.append(f'{{"aliases": [{", ".join(map(_str, sorted(node.aliases)))}], '
                       f'"class": {_str(node.cls.value)}, "id": {_str(node.id)}, "kind": "node", '
                       f'"name": {_value(node.name)}, "props": {_props(node.props)}, '
                       f'"prov": {prov}}}\n')
            _flush(out, fh)
        for edge in edges:
            prov = _prov_json(edge.prov, shared, out)
            out.append(f'{{"dst": {_str(edge.dst)}, "id": {_str(edge.id)}, "kind": "edge", '
                       f'"props": {_props(edge.props)}, "prov": {prov}, '
                       f'"rel": {_str(edge.rel.value)}, "src": {_str(edge.src)}}}\n')
            _flush(out, fh)
        fh.write("".join(out))


_str = json.encoder.encode_basestring  # a str as json.dumps writes it with ensure_ascii off
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _json_line(rec: dict[str, Any]) -> str:
    return _encode(rec) + "\n"


def _value(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _str(value)
    return int.__repr__(value) if kind is int else _encode(value)


def _props(props: dict[Any, Any]) -> str:
    return _encode({k.value: v for k, v in props.items()}) if props else "{}"


def _flush(out: list[str], fh: Any) -> None:
    if len(out) >= 1024:  # a write per line was a tenth of the records' time
        fh.write("".join(out))
        out.clear()


def _prov_json(prov: Provenance | None, shared: dict[tuple[str, str], str],
               out: list[str]) -> str:
    """Provenance.as_dict as JSON; a long quote becomes "quote_id", its
    {"kind": "quote"} line added to ``out`` the first time."""
    if prov is None:
        return "null"
    record = prov.as_dict()
    text = record["quote"]
    if len(text) >= SHARED_QUOTE_MIN:
        key = (prov.doc, text)
        qid = shared.get(key)
        if qid is None:
            qid = shared[key] = quote_id(*key)
            out.append(_json_line({"kind": "quote", "id": qid, "text": text}))
        del record["quote"]
        record["quote_id"] = qid
    return _encode(record)
