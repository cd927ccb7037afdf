"""Issue #13 item 11, one big text file: refused with one line above the
documented size limit (loaders/reading/read.py MAX_TEXT_BYTES), and read in
memory proportional to its size below it. Nothing here is timed; the speed
is measured by bench/bench_bigfile.py (docs/benchmarks.md)."""
from __future__ import annotations

import gc
import os
import random
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT
from loaders.build import build_document
from loaders.graph import Graph
from loaders.reading.read import MAX_TEXT_BYTES, read_document
from ontology.errors import InputError

BANGFU = [sys.executable, "-c", "import cli; cli.run()"]
HEAD = "青松区关于印发结对帮扶工作要点的通知\n一、加强组织领导\n1．建立工作专班。（责任单位：区财政局）\n"
# What a ~2 MB plan may take at its peak, in bytes per byte of text (tracemalloc,
# the build of one document). Measured: ~28× for this plan (~25,000 relationships
# a MB, each with its provenance: the graph itself is ~20×); it was ~35× before
# shared unit ids and attribute dicts, offsets kept as runs and slotted lines
# (~52× before the offsets became an array of machine integers).
PEAK_PER_TEXT_BYTE = 32


def big_plan(chars: int) -> str:
    """A plan of numbered points, each with a responsibility clause of 1–4
    departments drawn at random (the form bench/bench_bigfile.py measures)."""
    rnd = random.Random(11)
    depts = ("财政局", "民政局", "商务局", "农业农村局", "教育局", "人社局", "住建局", "水务局")
    out, size, sec = ["青松区关于印发结对帮扶工作要点的通知\n"], 0, 0
    while size < chars:
        sec += 1
        out.append(f"第{sec}部分\n" if sec % 10 else f"{'一二三四五六七八九十'[sec // 10 % 10]}、第{sec}部分\n")
        for k in range(1, 21):
            units = "、".join(f"{rnd.choice(('青松区', '翠湖区'))}{rnd.choice(depts)}"
                             for _ in range(rnd.randint(1, 4)))
            line = f"{k}．推进第{sec}-{k}项帮扶工作，于{k % 12 + 1}月底前完成。（责任单位：{units}）\n"
            out.append(line)
            size += len(line)
    return "".join(out)


def sparse_text(path: Path, size: int) -> Path:
    """A text file of ``size`` bytes that costs nothing to make: a plan's
    first lines, then a hole the file system does not store."""
    path.write_text(HEAD, encoding="utf-8")
    os.truncate(path, size)
    return path


def test_a_text_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = sparse_text(tmp_path / "huge.txt", MAX_TEXT_BYTES + 1)
    tracemalloc.start()
    with pytest.raises(InputError) as refused:
        read_document(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    message = str(refused.value)
    assert str(path) in message and f"({MAX_TEXT_BYTES / 1e6:.0f} MB)" in message, message
    assert peak < 1_000_000, peak  # refused from its size: the 20 MB were never read


def test_a_file_at_the_limit_is_not_refused_for_its_size(tmp_path: Path) -> None:
    # the hole reads as NUL bytes, so the file is refused, but as binary: the
    # size check let it through to be read
    path = tmp_path / "edge.txt"
    path.write_text(HEAD, encoding="utf-8")
    assert read_document(path).text == HEAD
    os.truncate(path, MAX_TEXT_BYTES)
    with pytest.raises(InputError, match="binary file"):
        read_document(path)


def test_build_refuses_a_huge_file_with_one_line_and_exit_2(tmp_path: Path) -> None:
    path = sparse_text(tmp_path / "huge.txt", 3 * MAX_TEXT_BYTES)
    store = tmp_path / "store"
    result = subprocess.run(BANGFU + ["build", str(path)], capture_output=True, text=True,
                            cwd=ROOT, env=dict(os.environ, BANGFU_STORE=str(store)), timeout=120)
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bangfu: error:"), lines
    assert "60.0 MB of text is more than bangfu reads (20 MB)" in lines[0], lines
    assert not (store / "graph.jsonl").exists()


def test_the_size_limit_is_documented() -> None:
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    assert "MAX_TEXT_BYTES" in text and f"{MAX_TEXT_BYTES / 1e6:.0f} MB" in text


def test_a_big_plan_is_read_in_memory_proportional_to_its_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(big_plan(int(2e6 / 3)), encoding="utf-8")  # ~2 MB, ~3 bytes a character
    size = path.stat().st_size
    doc = read_document(path)
    build_document(read_document(next(CORPUS.glob("*.txt"))), Graph())  # load the word lists first
    gc.collect()
    graph = Graph()
    tracemalloc.start()
    build_document(doc, graph)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(graph.edges) > 15_000 * size / 1e6  # the plan was read, clause by clause
    assert peak < PEAK_PER_TEXT_BYTE * size, (peak, size, peak / size)
