"""The command line end to end, through the installed console entry point."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, DOC, ROOT

BANGFU = [sys.executable, "-c", "import cli; cli.run()"]


def bangfu(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BANGFU_STORE=str(store))
    return subprocess.run(BANGFU + list(args), capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = bangfu("build", str(CORPUS), store=store)
    assert result.returncode == 0, result.stderr
    assert "built 5 documents" in result.stdout
    return store


def test_build_prints_counts_per_type(built: Path) -> None:
    result = bangfu("stats", store=built)
    assert result.returncode == 0
    assert "Dispatch" in result.stdout and "271" in result.stdout


def test_query_json_is_an_array_of_objects_with_the_contract_fields(built: Path) -> None:
    result = bangfu("query", "projects", "--format", "json", store=built)
    rows = json.loads(result.stdout)
    assert len(rows) == 29
    assert {"document", "seq", "name", "district", "street", "village", "content", "units",
            "deadline", "evidence"} <= set(rows[0])
    result = bangfu("query", "assignments", "-f", "json", store=built)
    row = json.loads(result.stdout)[0]
    assert {"document", "section", "task", "unit", "unit_text", "role", "side", "evidence"} <= set(row)


def test_duties_by_qualified_name_and_by_text_as_written(built: Path) -> None:
    by_name = json.loads(bangfu("query", "duties", "-p", "unit=洪山区乡村振兴局", "-f", "json",
                                store=built).stdout)
    by_text = json.loads(bangfu("query", "duties", "-p", "unit=区乡村振兴局", "-f", "json",
                                store=built).stdout)
    assert by_name == by_text
    documents = {r["document"] for r in by_name}
    assert {DOC["000"], DOC["001"], DOC["003"]} <= documents
    assert {"task", "project"} <= {r["kind"] for r in by_name}


def test_table_output_aligns_chinese_by_display_width(built: Path) -> None:
    from rich.cells import cell_len
    out = bangfu("query", "pairings", "-p", "kind=hospital", store=built).stdout.splitlines()
    header, rule = out[0], out[1]
    helper_col = header.index("helper")
    for line in out[2:]:
        prefix = line[:len(line)]
        # the helper column starts at the same display column on every line
        cut = next(i for i in range(len(line) + 1) if cell_len(line[:i]) >= cell_len(header[:helper_col]))
        assert cell_len(line[:cut]) == cell_len(header[:helper_col]), prefix
    assert set(rule.replace(" ", "")) == {"-"}


def test_csv_output(built: Path) -> None:
    out = bangfu("query", "dispatches", "-f", "csv", store=built).stdout.splitlines()
    assert out[0].startswith("document,seq,units,lead_unit,village,street,district")
    assert len(out) == 272


def test_queries_lists_the_named_queries(built: Path) -> None:
    out = bangfu("queries", store=built).stdout
    for name in ("assignments", "projects", "pairings", "dispatches", "duties"):
        assert name in out
    assert "resolve_unit" not in out


@pytest.mark.parametrize("args,message", [
    (["build", "no/such/file.txt"], "no such file"),
    (["query", "nosuch"], "unknown query"),
    (["query", "projects", "-p", "colour=red"], "no parameter 'colour'"),
    (["query", "duties"], "needs -p unit"),
    (["query", "duties", "-p", "unit=火星局"], "no entity is named"),
    (["query", "projects", "-p", "novalue"], "not KEY=VALUE"),
    (["query", "projects", "--format", "yaml"], "unknown format"),
])
def test_errors_are_one_line_with_exit_code_2(built: Path, args: list[str], message: str) -> None:
    result = bangfu(*args, store=built)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_failed_build_leaves_the_store_as_it_was(built: Path, tmp_path: Path) -> None:
    before = bangfu("query", "pairings", "-f", "json", store=built).stdout
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01PDF\x00" * 100)
    result = bangfu("build", str(CORPUS / DOC["000"]), str(binary), store=built)
    assert result.returncode == 2 and "binary" in result.stderr
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes("洪山区".encode("utf-8")[:-1] + b"\xff\xfe\xfa" * 3)
    result = bangfu("build", str(undecodable), store=built)
    assert result.returncode == 2 and "decoded" in result.stderr
    assert bangfu("query", "pairings", "-f", "json", store=built).stdout == before


def test_gb18030_documents_are_read(tmp_path: Path) -> None:
    text = (CORPUS / DOC["003"]).read_text(encoding="utf-8")
    (tmp_path / "gb.txt").write_bytes(text.encode("gb18030"))
    store = tmp_path / "store"
    assert bangfu("build", str(tmp_path / "gb.txt"), store=store).returncode == 0
    rows = json.loads(bangfu("query", "assignments", "-f", "json", store=store).stdout)
    assert {r["document"] for r in rows} == {"gb.txt"} and len(rows) >= 10
