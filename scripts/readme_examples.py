"""The README's examples and counts, generated from the sample corpus with cog.

    .venv/bin/cog -r README.md        rewrite them after a change
    .venv/bin/cog --check README.md   fails when they are stale (tests/test_readme.py)

Each block in README.md between ``[[[cog`` and ``[[[end]]]`` calls ``show``
or ``counts`` below: the output is the CLI's own, run in-process on a store
built from corpus/ once per run, and cut to the rows a reader needs.
"""
from __future__ import annotations

import functools
import json
import shlex
import tempfile
from pathlib import Path

import cog  # provided by cogapp while it runs the README's blocks
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent


@functools.lru_cache(maxsize=None)
def store() -> Path:
    from queries.api import build
    path = Path(tempfile.mkdtemp(prefix="bangfu-readme-")) / "store"
    build([ROOT / "corpus"], path)
    return path


def run(command: str) -> list[str]:
    """The CLI's output lines for ``bangfu COMMAND`` on the sample store."""
    import cli
    result = CliRunner().invoke(cli.app, [*shlex.split(command), "--store", str(store())])
    if result.exit_code != 0:
        raise RuntimeError(f"bangfu {command}: {result.output}")
    return result.stdout.splitlines()


def show(command: str, rows: int | None = None, lines: int | None = None) -> None:
    """``$ bangfu COMMAND`` and its output: a table's header and first rows,
    or the first lines (then " ...")."""
    out = run(command)
    if rows is not None:
        out = out[:2 + rows]
    elif lines is not None and len(out) > lines:
        out = out[:lines] + [" ..."]
    cog.outl(f"$ bangfu {command}")
    for line in out:
        cog.outl(line)


def counts() -> str:
    """"N nodes, M relationships": the graph `bangfu load` writes to Neo4j."""
    meta = json.loads((store() / "current" / "meta.json").read_text(encoding="utf-8"))
    return f"{meta['node_count']} nodes, {meta['edge_count']} relationships"
