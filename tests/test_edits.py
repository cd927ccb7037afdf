"""Edit a copy of a document and see the graph follow the edit."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import DOC
from queries.api import build, query


def rebuilt(corpus: Path, tmp_path: Path, name: str, **params: str) -> list[dict]:
    store = tmp_path / "store"
    build([corpus], store)
    return query(store, name, params)


def test_a_renamed_unit_follows(corpus_copy: Path, tmp_path: Path) -> None:
    path = corpus_copy / DOC["003"]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("（责任单位：区乡村振兴局、区工商联、", "（责任单位：区乡村振兴局、区妇联、"),
                    encoding="utf-8")
    rows = rebuilt(corpus_copy, tmp_path, "assignments", doc=DOC["003"])
    units = [r["unit"] for r in rows if r["task"] == "统筹用好帮扶力量"]
    assert units == ["洪山区乡村振兴局", "洪山区妇联", "洪山区各乡村振兴工作队及其派出单位"]


def test_an_added_dispatch_row_follows(corpus_copy: Path, tmp_path: Path) -> None:
    path = corpus_copy / DOC["002"]
    text = path.read_text(encoding="utf-8")
    row = "129\t硚口区\t驻程岗村\n"
    assert row in text
    path.write_text(text.replace(row, row + "130\t测试区派出单位、某某公司\t新增村\n"), encoding="utf-8")
    rows = rebuilt(corpus_copy, tmp_path, "dispatches", doc=DOC["002"])
    added = [r for r in rows if r["village"] == "新增村"]
    assert len(added) == 1
    assert added[0]["units"][1] == "某某公司" and added[0]["street"] == "李家集街道"


def test_a_moved_task_follows(corpus_copy: Path, tmp_path: Path) -> None:
    # move point 九 of 003 to the end: its section path follows the new numbering
    path = corpus_copy / DOC["003"]
    text = path.read_text(encoding="utf-8")
    start = text.index("九、严格驻村工作队管理")
    end = text.index("十、强化工作保障")
    moved = text[start:end].replace("九、", "十一、", 1)
    path.write_text(text[:start] + text[end:].rstrip("\n") + "\n\n" + moved, encoding="utf-8")
    rows = rebuilt(corpus_copy, tmp_path, "assignments", doc=DOC["003"])
    sections = {r["section"].split(" > ")[-1] for r in rows if r["task"] == "严格驻村工作队管理"}
    assert sections == {"十一、严格驻村工作队管理"}


def test_a_project_row_edit_follows(corpus_copy: Path, tmp_path: Path) -> None:
    path = corpus_copy / DOC["000"]
    text = path.read_text(encoding="utf-8")
    # row 19's deadline 2025年12月 is written "2" "02" "5" "年" … on lines of their own
    year = re.compile(r"\n2\n+02\n+5\n+年")
    assert len(year.findall(text)) == 1
    path.write_text(year.sub(lambda m: m.group(0).replace("5", "6"), text), encoding="utf-8")
    rows = {r["seq"]: r for r in rebuilt(corpus_copy, tmp_path, "projects")}
    assert rows[19]["deadline"] == "2026-12"
    assert rows[18]["deadline"] == "2024-12"
