"""graph.jsonl is composed field by field (queries.records_write) for speed;
each line must be what json.dumps(record, ensure_ascii=False, sort_keys=True)
writes for the record the readers expect, whatever fields a provenance has."""
from __future__ import annotations

import json
from pathlib import Path

from ontology.model import SHARED_QUOTE_MIN, Edge, Node, Provenance, quote_id
from ontology.vocab import A, C, R
from queries.records_write import write_records

LONG = "各村（社区）" * (SHARED_QUOTE_MIN // 6 + 1)  # long enough to be shared


def dumped(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False, sort_keys=True)


def test_records_are_the_json_of_their_fields(tmp_path: Path) -> None:
    cell = Provenance("表.pdf", "二、任务", 10, 14, '甲"局"\\乙\n', table="表1", page=2,
                      table_no=1, row=4, col=3, ocr=True)
    plain = Provenance("甲.txt", "一、组织", 3, 9, "（责任单位：甲局）")
    shared = Provenance("甲.txt", "三、派驻", 20, 20 + len(LONG), LONG)
    nodes = [Node("unit-a", C.GovernmentDepartment, "甲局", {}, frozenset({"甲", "局甲"})),
             Node("task-a", C.Task, "甲任务", {A.content: "修路", A.seq: 2}, prov=plain)]
    edges = [Edge("unit-a", R.responsibleFor, "task-a", {A.role: "lead", A.amount: 1.5}, cell),
             Edge("unit-a", R.leads, "task-a", {A.recurring: True}, shared),
             Edge("task-a", R.statedIn, "unit-a", {}, shared),
             Edge("unit-a", R.partOf, "task-a")]
    write_records(tmp_path / "graph.jsonl", nodes, edges)
    lines = (tmp_path / "graph.jsonl").read_text(encoding="utf-8").splitlines()

    qid = quote_id("甲.txt", LONG)
    where = {"document": "表.pdf", "section": "二、任务", "span": [10, 14], "quote": '甲"局"\\乙\n',
             "table": "表1", "page": 2, "table_no": 1, "row": 4, "col": 3, "ocr": True}
    by_id = {"document": "甲.txt", "section": "三、派驻", "span": [20, 20 + len(LONG)],
             "table": "", "quote_id": qid}
    expected = [
        {"kind": "node", "id": "unit-a", "class": "GovernmentDepartment", "name": "甲局",
         "aliases": ["局甲", "甲"], "props": {}, "prov": None},  # in code-point order
        {"kind": "node", "id": "task-a", "class": "Task", "name": "甲任务",
         "aliases": [], "props": {"content": "修路", "seq": 2},
         "prov": {"document": "甲.txt", "section": "一、组织", "span": [3, 9],
                  "quote": "（责任单位：甲局）", "table": ""}},
        {"kind": "edge", "id": edges[0].id, "src": "unit-a", "rel": "responsibleFor",
         "dst": "task-a", "props": {"role": "lead", "amount": 1.5}, "prov": where},
        {"kind": "quote", "id": qid, "text": LONG},  # before the first record naming it
        {"kind": "edge", "id": edges[1].id, "src": "unit-a", "rel": "leads", "dst": "task-a",
         "props": {"recurring": True}, "prov": by_id},
        {"kind": "edge", "id": edges[2].id, "src": "task-a", "rel": "statedIn", "dst": "unit-a",
         "props": {}, "prov": by_id},  # the quote once only
        {"kind": "edge", "id": edges[3].id, "src": "unit-a", "rel": "partOf", "dst": "task-a",
         "props": {}, "prov": None},
    ]
    assert lines == [dumped(rec) for rec in expected]
