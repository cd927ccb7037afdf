"""The plumbing the `bangfu` commands (cli.py at the root) share: the option types several
commands take, the checks of their values, and the one place where a bad
value or one of the project's errors becomes one line on stderr.

Kept apart from cli.py so that cli.py reads as the list of commands; every
check here fails the same way (``bangfu: error: …``, exit code 2).
"""
from __future__ import annotations

import logging
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from typer import core as typer_core

from ontology.errors import BangfuError

# typer prints a type placeholder (<str>, <bool>, <list[str]>) beside every option;
# the help text says what a value is, so only a metavar (KEY=VALUE) is shown.
typer_core.TyperOption.display_type_rich = lambda self, ctx: self.metavar
typer_core.TyperArgument.display_type_rich = lambda self, ctx: None

log = logging.getLogger("bangfu")

StoreOpt = Annotated[Optional[Path], typer.Option(
    "--store", help="Store directory (default: $BANGFU_STORE or a per-user data directory).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json, csv or markdown (md).")]
# One spelling for every command: md and markdown name the same format.
FORMAT_ALIASES = {"md": "markdown", "markdown": "markdown"}

UriOpt = Annotated[Optional[str], typer.Option(
    "--uri", help="Neo4j URI: bolt://, neo4j://, neo4j+s:// (default $NEO4J_URI, else the local server).")]
UserOpt = Annotated[Optional[str], typer.Option("--user", help="Default $NEO4J_USER, else neo4j.")]
PasswordOpt = Annotated[Optional[str], typer.Option(
    "--password", help="Default $NEO4J_PASSWORD, else the local server's password file.")]

# How `viz` and `export` choose a subgraph (viz.subgraph.Choice).
UnitOpt = Annotated[Optional[str], typer.Option("--unit", help="A unit's name or alias.")]
PlaceOpt = Annotated[Optional[str], typer.Option("--place", help="A place's name or alias.")]
TaskOpt = Annotated[Optional[str], typer.Option("--task", help="A task's or project's name.")]
DocOpt = Annotated[Optional[str], typer.Option(
    "--doc", help="A document (file name): alone, what it states; with another choice, limits it.")]
HopsOpt = Annotated[Optional[int], typer.Option(
    "--hops", help="Radius around the entity (default 1; 0 with --query).")]
QueryOpt = Annotated[Optional[str], typer.Option(
    "--query", help="A named query whose rows name the entities to show.")]
ParamOpt = Annotated[Optional[list[str]], typer.Option(
    "--param", "-p", help="KEY=VALUE for --query, repeatable.")]

# The ad-hoc query commands (cypher, sparql) share these two.
AdhocOpts = {"write": typer.Option("--write", help="Allow the query to change the graph."),
             "timeout": typer.Option("--timeout", help="Seconds before the query is stopped.")}


def fail(message: str) -> NoReturn:
    """Stop the command: one line on stderr, exit code 2."""
    typer.echo(f"bangfu: error: {message}", err=True)
    raise typer.Exit(2)


def format_name(fmt: str, known: tuple[str, ...]) -> str:
    """The format asked for, by either of its names; unknown ones are refused."""
    name = FORMAT_ALIASES.get(fmt, fmt)
    if name not in known:
        fail(f"unknown format {fmt!r} (formats: {', '.join(known)}; md is markdown)")
    return name


def timeout_seconds(seconds: float) -> float:
    """A --timeout must be a finite number of seconds above zero (nan and inf are floats too)."""
    if not (math.isfinite(seconds) and seconds > 0):
        fail(f"--timeout must be a number of seconds above 0, not {seconds:g}")
    return seconds


def check_backend(backend: str) -> None:
    """Refuse a --backend other than the two stores."""
    if backend not in ("embedded", "neo4j"):
        fail(f"unknown backend {backend!r} (backends: embedded, neo4j)")


def parse_params(pairs: list[str]) -> dict[str, str]:
    """-p KEY=VALUE options as a dict; a pair without = or key is refused."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            fail(f"parameter {pair!r} is not KEY=VALUE")
        out[key.strip()] = value.strip()
    return out


def configure_logging(verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Log what each step does; show the trace of an internal error.")] = False) -> None:
    """The app's callback: INFO logs with --verbose, else warnings only. (Typer(help=)
    gives the app's help text, so this docstring never shows.)"""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not verbose:
        # the Neo4j driver logs a dead connection at ERROR; the command says it in one line itself
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)


def run_guarded(app: Callable[..., object]) -> None:
    """Run the command line so that no traceback ever reaches the user. The
    project's errors (ontology/errors.py) raised by any command become one
    line and exit code 2 here, in one place."""
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
