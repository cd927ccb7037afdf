"""Issue #13, bounded cost: a clause naming many units is stored once, not
once per unit (item 4); one big file is read in time linear in its size
(item 11: the repeated-passage check looked at every later line)."""
from __future__ import annotations

import tracemalloc
from pathlib import Path

from loaders.text.normalize import REPEAT_MAX_CHARS, Line, repeated_blocks
from ontology.model import SHARED_QUOTE_MIN
from queries.api import build, query
from queries.embedded import EmbeddedStore

N_UNITS = 1000  # invented departments, all in one responsibility clause


def many_units_plan() -> tuple[str, str]:
    names = "、".join(f"青松区第{i}号工作局" for i in range(N_UNITS))
    clause = f"1．建立帮扶工作专班。（责任单位：{names}）"
    return f"青松区关于印发结对帮扶工作要点的通知\n\n一、强化组织保障\n{clause}\n", clause


def test_a_clause_naming_many_units_is_stored_once(tmp_path: Path) -> None:
    text, clause = many_units_plan()
    assert len(clause) > SHARED_QUOTE_MIN
    (tmp_path / "plan.txt").write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    build([tmp_path / "plan.txt"], store)
    # each of the 1000 relationships quoting the clause used to repeat it: 36 MB
    size = (store / "current" / "graph.jsonl").stat().st_size
    assert size < 40 * len(text.encode("utf-8")), size
    tracemalloc.start()
    records = EmbeddedStore(store).records()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8_000_000, peak  # the records share one string for the clause
    quotes = {r["prov"]["quote"] for r in records if r["kind"] == "edge" and r["prov"]
              and r["rel"] == "responsibleFor"}
    assert len(quotes) == 1 and clause.endswith(next(iter(quotes))[-50:])
    rows = query(store, "assignments", {})
    assert len(rows) == N_UNITS
    assert {r["evidence"] for r in rows} == quotes  # the same text as before


def test_a_short_quote_stays_in_its_record(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(
        "青松区工作要点\n\n一、组织保障\n1．落实帮扶资金。（责任单位：青松区财政局）\n", encoding="utf-8")
    build([tmp_path / "plan.txt"], tmp_path / "store")
    lines = (tmp_path / "store" / "current" / "graph.jsonl").read_text(encoding="utf-8")
    assert '"kind": "quote"' not in lines and '"quote": "' in lines


def lines_of(texts: list[str]) -> list[Line]:
    out, pos = [], 0
    for t in texts:
        out.append(Line(t, pos))
        pos += len(t) + 1
    return out


def test_a_passage_written_twice_is_dropped_once() -> None:
    passage = [f"第{i}条：做好青松区第{i}项帮扶工作，按月报送进度情况。" for i in range(4)]
    texts = ["标题行，说明文字。"] + passage + passage + ["其后的一行正文内容。"]
    assert repeated_blocks(lines_of(texts)) == {5, 6, 7, 8}


def test_a_passage_longer_than_the_bound_is_not_looked_for() -> None:
    # the bound makes the check linear: a copy beyond it is left in
    line = "做好帮扶工作，按月报送进度情况，并做好台账资料的整理归档工作。"
    passage = [f"第{i}条：{line}" for i in range(REPEAT_MAX_CHARS // len(line) + 2)]
    assert repeated_blocks(lines_of(passage + passage)) == set()
    short = passage[:20]
    assert repeated_blocks(lines_of(short + short)) == set(range(20, 40))
