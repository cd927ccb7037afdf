"""bangfu — 帮扶图谱: who is responsible for what in pairing-assistance documents.

A thin command line: parse, call one library function, render, and turn the
project's errors into one line on stderr with exit code 2.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ontology.errors import BangfuError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="帮扶图谱 bangfu: a knowledge graph of who is responsible for what.")
log = logging.getLogger("bangfu")

StoreOpt = Annotated[Optional[Path], typer.Option(
    "--store", help="Store directory (default: $BANGFU_STORE or a per-user data directory).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json, csv or markdown.")]


def _store(store: Path | None) -> Path:
    from queries.embedded import default_store_dir
    if store is not None:
        return store
    env = os.environ.get("BANGFU_STORE")
    return Path(env) if env else default_store_dir()


def _fail(message: str) -> None:
    typer.echo(f"bangfu: error: {message}", err=True)
    raise typer.Exit(2)


def _params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            _fail(f"parameter {pair!r} is not KEY=VALUE")
        out[key.strip()] = value.strip()
    return out


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


@app.command()
def build(paths: Annotated[Optional[list[Path]], typer.Argument(
              help="Files or folders (default: corpus/).")] = None,
          store: StoreOpt = None) -> None:
    """Build the graph from documents into the store, replacing what it held.

    Example: bangfu build corpus/
    """
    from queries.api import build as build_store
    try:
        meta = build_store(paths or [Path("corpus")], _store(store))
    except BangfuError as exc:
        _fail(str(exc))
    typer.echo(f"built {len(meta['documents'])} documents: "
               f"{meta['node_count']} nodes, {meta['edge_count']} edges")
    for name, count in meta["nodes"].items():
        typer.echo(f"  {name:<22}{count:>6}")


@app.command()
def query(name: Annotated[str, typer.Argument(help="A named query (see `bangfu queries`).")],
          param: Annotated[Optional[list[str]], typer.Option(
              "--param", "-p", help="KEY=VALUE, repeatable.")] = None,
          fmt: FormatOpt = "table",
          evidence: Annotated[bool, typer.Option(
              "--evidence/--no-evidence", help="Show quoted evidence in tables.")] = False,
          store: StoreOpt = None) -> None:
    """Run a named query. Example: bangfu query duties -p unit=区乡村振兴局"""
    from queries.api import query as run_query
    from viz.table import FORMATS, render
    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    try:
        rows = run_query(_store(store), name, _params(param or []))
    except BangfuError as exc:
        _fail(str(exc))
    typer.echo(render(rows, fmt, evidence=evidence or fmt != "table"))


@app.command()
def queries(fmt: FormatOpt = "table") -> None:
    """List the named queries with their parameters. Example: bangfu queries"""
    from queries.api import list_queries
    from viz.table import render
    typer.echo(render(list_queries(), fmt, max_cell=120))


@app.command()
def stats(store: StoreOpt = None) -> None:
    """Count what the store holds. Example: bangfu stats"""
    from queries.api import stats as read_stats
    try:
        meta = read_stats(_store(store))
    except BangfuError as exc:
        _fail(str(exc))
    typer.echo(f"documents: {', '.join(meta['documents'])}")
    for section in ("nodes", "relations"):
        typer.echo(f"{section}:")
        for name, count in meta[section].items():
            typer.echo(f"  {name:<22}{count:>6}")


def run() -> None:
    """Console entry point: no traceback ever reaches the user."""
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        typer.echo("bangfu: interrupted", err=True)
        sys.exit(130)
    except BangfuError as exc:
        typer.echo(f"bangfu: error: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:  # a bug: one line for the user, the trace with --verbose
        log.debug("unexpected error", exc_info=True)
        typer.echo(f"bangfu: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    run()
