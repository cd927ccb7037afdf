"""bangfu — 帮扶图谱: who is responsible for what in pairing-assistance documents.

A thin command line: parse, call one library function, render, and turn the
project's errors into one line on stderr with exit code 2.
"""
from __future__ import annotations

import logging
import math
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer import core as typer_core

from ontology.errors import BangfuError

# typer prints a type placeholder (<str>, <bool>, <list[str]>) beside every option;
# the help text says what a value is, so only a metavar (KEY=VALUE) is shown.
typer_core.TyperOption.display_type_rich = lambda self, ctx: self.metavar
typer_core.TyperArgument.display_type_rich = lambda self, ctx: None

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="帮扶图谱 bangfu: a knowledge graph of who is responsible for what.")
log = logging.getLogger("bangfu")

StoreOpt = Annotated[Optional[Path], typer.Option(
    "--store", help="Store directory (default: $BANGFU_STORE or a per-user data directory).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json, csv or markdown (md).")]
# One spelling for every command: md and markdown name the same format.
FORMAT_ALIASES = {"md": "markdown", "markdown": "markdown"}


def _format(fmt: str, known: tuple[str, ...]) -> str:
    """The format asked for, by either of its names; unknown ones are refused."""
    name = FORMAT_ALIASES.get(fmt, fmt)
    if name not in known:
        _fail(f"unknown format {fmt!r} (formats: {', '.join(known)}; md is markdown)")
    return name


UriOpt = Annotated[Optional[str], typer.Option(
    "--uri", help="Neo4j URI: bolt://, neo4j://, neo4j+s:// (default $NEO4J_URI, else the local server).")]
UserOpt = Annotated[Optional[str], typer.Option("--user", help="Default $NEO4J_USER, else neo4j.")]
PasswordOpt = Annotated[Optional[str], typer.Option(
    "--password", help="Default $NEO4J_PASSWORD, else the local server's password file.")]


def _fail(message: str) -> None:
    typer.echo(f"bangfu: error: {message}", err=True)
    raise typer.Exit(2)


def _timeout(seconds: float) -> float:
    """A --timeout must be a finite number of seconds above zero (nan and inf are floats too)."""
    if not (math.isfinite(seconds) and seconds > 0):
        _fail(f"--timeout must be a number of seconds above 0, not {seconds:g}")
    return seconds


def _backend(backend: str) -> None:
    if backend not in ("embedded", "neo4j"):
        _fail(f"unknown backend {backend!r} (backends: embedded, neo4j)")


def _params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            _fail(f"parameter {pair!r} is not KEY=VALUE")
        out[key.strip()] = value.strip()
    return out


@app.callback()
def main(verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Log what each step does; show the trace of an internal error.")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not verbose:
        # the Neo4j driver logs a dead connection at ERROR; the command says it in one line itself
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)


@app.command()
def build(paths: Annotated[Optional[list[Path]], typer.Argument(
              help="Files or folders (default: corpus/).")] = None,
          curation: Annotated[Optional[Path], typer.Option(
              "--curation", help="An analyst's curation.yaml (default: ./curation.yaml if present).")] = None,
          ocr: Annotated[bool, typer.Option(
              "--ocr", help="Read PDFs without a text layer (scans) by OCR (tesseract, chi_sim).")] = False,
          store: StoreOpt = None) -> None:
    """Build the graph from documents (.txt, .docx, .pdf) into the store, replacing what it held.

    Example: bangfu build corpus/
    """
    from queries import api
    from viz import console
    meta = api.build(paths or [Path("corpus")], api.resolve_store(store),
                     api.resolve_curation(curation), ocr)
    for line in console.build_warnings(meta):
        typer.echo(line, err=True)
    typer.echo(console.build_summary(meta))


@app.command()
def query(name: Annotated[str, typer.Argument(help="A named query (see `bangfu queries`).")],
          param: Annotated[Optional[list[str]], typer.Option(
              "--param", "-p", help="KEY=VALUE, repeatable.")] = None,
          fmt: FormatOpt = "table",
          evidence: Annotated[bool, typer.Option(
              "--evidence/--no-evidence", help="Show quoted evidence in tables.")] = False,
          backend: Annotated[str, typer.Option(help="embedded or neo4j.")] = "embedded",
          uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
          store: StoreOpt = None) -> None:
    """Run a named query. Example: bangfu query duties -p unit=区乡村振兴局"""
    from queries import api
    from viz.table import FORMATS, render
    fmt = _format(fmt, FORMATS)
    _backend(backend)
    if backend == "neo4j":
        rows = api.query_neo4j(*api.neo4j_connection(uri, user, password), name, _params(param or []))
    else:
        rows = api.query(api.resolve_store(store), name, _params(param or []))
    typer.echo(render(rows, fmt, evidence=evidence or fmt != "table"))


@app.command()
def ask(question: Annotated[str, typer.Argument(help="A question in Chinese.")],
        fmt: FormatOpt = "table",
        evidence: Annotated[bool, typer.Option(
            "--evidence/--no-evidence", help="Show quoted evidence in tables.")] = False,
        store: StoreOpt = None) -> None:
    """Answer a question in Chinese with the named query it maps to.

    Prints the query and parameters chosen (查询: NAME 参数: k=v …), then the
    rows; --format json prints one object {"query", "params", "rows"}. A
    question no pattern fits, or a name that means several entities, is not
    answered: the reason and the closest queries go to stdout and the exit
    code is 3 (errors are 2, as for every command).

    Example: bangfu ask "区财政局负责哪些工作？"
    """
    from queries import api
    from viz.answer import render_answer
    from viz.table import FORMATS
    fmt = _format(fmt, FORMATS)
    result = api.ask_question(api.resolve_store(store), question)
    typer.echo(render_answer(result, fmt, evidence))
    if not result.answered:
        raise typer.Exit(3)


@app.command()
def queries(name: Annotated[Optional[str], typer.Argument(
                help="A query: list its parameters with their help.")] = None,
            fmt: FormatOpt = "table") -> None:
    """List the named queries with their parameters. Example: bangfu queries funds"""
    from queries import api
    from viz.table import FORMATS, render
    fmt = _format(fmt, FORMATS)
    rows = api.query_parameters(name) if name else api.list_queries()
    typer.echo(render(rows, fmt, max_cell=120))


@app.command()
def stats(store: StoreOpt = None) -> None:
    """Count what the store holds. Example: bangfu stats"""
    from queries import api
    from viz.console import stats_summary
    typer.echo(stats_summary(api.stats(api.resolve_store(store))))


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


@app.command("viz")
def viz_page(out: Annotated[Path, typer.Option("--output", "-o", help="The .html page to write.")],
        unit: UnitOpt = None, place: PlaceOpt = None, task: TaskOpt = None, doc: DocOpt = None,
        hops: HopsOpt = None, query_name: QueryOpt = None, param: ParamOpt = None,
        max_nodes: Annotated[int, typer.Option(
            "--max-nodes", help="Draw at most this many nodes, the nearest first.")] = 1500,
        store: StoreOpt = None) -> None:
    """Write an interactive page of a subgraph, self-contained and offline.

    Example: bangfu viz --unit 洪山区乡村振兴局 --hops 2 -o page.html
    """
    from queries import api
    from viz.output import check_output
    from viz.page import write_page
    from viz.subgraph import Choice
    choice = Choice(unit, place, task, doc, hops, query_name, _params(param or []))
    check_output(out)
    page = write_page(api.resolve_store(store), choice, out, max_nodes=max_nodes)
    typer.echo(f"wrote {page.path}: {page.nodes} nodes, {page.edges} edges"
               + (f" ({page.omitted_nodes} nodes left out)" if page.omitted_nodes else ""))


@app.command("export")
def export_subgraph(out: Annotated[Path, typer.Option(
               "--output", "-o", help="The file to write (a folder for csv).")],
           fmt: Annotated[str, typer.Option(
               "--format", "-f", help="graphml, json, ttl, jsonld, csv, xlsx or md.")] = "graphml",
           unit: UnitOpt = None, place: PlaceOpt = None, task: TaskOpt = None,
           doc: DocOpt = None, hops: HopsOpt = None, query_name: QueryOpt = None,
           param: ParamOpt = None, store: StoreOpt = None) -> None:
    """Export a subgraph with its provenance for other tools and reports.

    Example: bangfu export --doc 000_75707890b29a5263.txt --format xlsx -o 分工.xlsx
    """
    from queries import api
    from viz.export import export_choice
    from viz.output import check_output
    from viz.subgraph import Choice
    choice = Choice(unit, place, task, doc, hops, query_name, _params(param or []))
    check_output(out, folder=fmt == "csv")
    written = export_choice(api.resolve_store(store), choice, fmt, out)
    typer.echo("wrote " + ", ".join(str(p) for p in written))


@app.command()
def quality(fmt: Annotated[str, typer.Option("--format", "-f", help="markdown (md) or json.")] = "md",
            store: StoreOpt = None) -> None:
    """The data-quality report: suspected duplicates, gaps, what curation resolved.

    Example: bangfu quality --format md > quality.md
    """
    import json
    from queries import api
    from viz.quality import quality_markdown
    fmt = _format(fmt, ("markdown", "json"))
    report = api.quality(api.resolve_store(store))
    typer.echo(json.dumps(report, ensure_ascii=False, indent=1) if fmt == "json"
               else quality_markdown(report))


@app.command()
def load(uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
         replace: Annotated[Optional[list[str]], typer.Option(
             "--replace", help="Replace only this document's facts (a file name); repeatable.")] = None,
         admin_import: Annotated[bool, typer.Option(
             "--import", help="A first load into the local server with neo4j-admin import "
                              "(stops and restarts it; for graphs of millions of relationships).")] = False,
         overwrite: Annotated[bool, typer.Option(
             "--overwrite", help="With --import: replace a database that holds a graph.")] = False,
         store: StoreOpt = None) -> None:
    """Write the built graph into Neo4j: in bulk into an empty database, else one transaction per document.

    Example: bangfu load --uri neo4j+s://xxxx.databases.neo4j.io --user neo4j
    """
    from queries import api
    from viz.console import load_progress
    connection = api.neo4j_connection(uri, user, password)
    if admin_import or overwrite:
        _import(api.resolve_store(store), connection, admin_import, overwrite, replace)
        return
    names = [Path(r).name for r in replace] if replace else None
    with load_progress() as step:
        counts = api.load(api.resolve_store(store), *connection, names, step)
    typer.echo(f"loaded into {connection[0]}: {counts['nodes']} nodes, "
               f"{counts['relationships']} relationships")


def _import(store: Path, connection: tuple[str, str, str], admin_import: bool, overwrite: bool,
            replace: list[str] | None) -> None:
    from queries.neo4j_import import import_store
    if not admin_import or replace:
        _fail("--overwrite goes with --import" if not admin_import
              else "--import loads the whole graph; --replace goes without it")
    done = import_store(store, *connection, overwrite,
                        lambda step, seconds: log.info("%s: %.1f s", step, seconds))
    typer.echo(f"imported into {connection[0]}: {done.nodes} nodes, {done.relationships} "
               f"relationships in {sum(done.seconds.values()):.1f} s")


AdhocOpts = {"write": typer.Option("--write", help="Allow the query to change the graph."),
             "timeout": typer.Option("--timeout", help="Seconds before the query is stopped.")}


@app.command()
def cypher(text: Annotated[str, typer.Argument(help="A Cypher query; values as $name.")],
           param: Annotated[Optional[list[str]], typer.Option(
               "--param", "-p", metavar="KEY=VALUE",
               help="A value for $KEY in the query, repeatable.")] = None,
           fmt: FormatOpt = "table",
           write: Annotated[bool, AdhocOpts["write"]] = False,
           timeout: Annotated[float, AdhocOpts["timeout"]] = 30.0,
           uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None) -> None:
    """Run an ad-hoc Cypher query on Neo4j, read-only unless --write.

    Example: bangfu cypher "MATCH (u:Unit {name: $n})-[r]->(t) RETURN t.name" -p n=洪山区财政局
    """
    from queries import api
    from viz.table import FORMATS, render
    fmt = _format(fmt, FORMATS)
    timeout = _timeout(timeout)  # before any connection is made
    rows = api.cypher(*api.neo4j_connection(uri, user, password), text, _params(param or []),
                      write, timeout)
    typer.echo(render(rows, fmt))


@app.command()
def sparql(text: Annotated[str, typer.Argument(help="A SPARQL query; -p name=value binds ?name.")],
           param: Annotated[Optional[list[str]], typer.Option(
               "--param", "-p", metavar="KEY=VALUE",
               help="A value for ?KEY in the query, repeatable.")] = None,
           fmt: FormatOpt = "table",
           write: Annotated[bool, typer.Option(
               "--write", help="Allow an update (INSERT, DELETE) to change the built store.")] = False,
           timeout: Annotated[float, AdhocOpts["timeout"]] = 30.0,
           store: StoreOpt = None) -> None:
    """Run an ad-hoc SPARQL query on the embedded store (prefixes bf:, rdf:, id:), read-only unless --write.

    Example: bangfu sparql "SELECT ?t WHERE { ?u bf:name ?n ; bf:responsibleFor ?t }" -p n=洪山区财政局
    """
    from queries import api
    from viz.table import FORMATS, render
    fmt = _format(fmt, FORMATS)
    timeout = _timeout(timeout)
    rows = api.sparql(api.resolve_store(store), text, _params(param or []), write, timeout)
    typer.echo(render(rows, fmt))


@app.command()
def neo4j(action: Annotated[str, typer.Argument(help="start, stop or status")]) -> None:
    """Run the local Neo4j server (Community 5.26, fetched from Maven Central once).

    Example: bangfu neo4j start
    """
    from queries.neo4j_server import server
    if action not in ("start", "stop", "status"):
        _fail(f"unknown action {action!r} (actions: start, stop, status)")
    raise typer.Exit(server(action))


@app.command()
def serve(port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8765,
          host: Annotated[str, typer.Option(
              "--host", help="Address to bind; other than loopback needs --token.")] = "127.0.0.1",
          token: Annotated[Optional[str], typer.Option(
              "--token", help="Access token every request must carry (?token= once, then a cookie).")] = None,
          source: Annotated[Optional[list[Path]], typer.Option(
              "--source", help="Folder of the built documents, to show their full text; repeatable.")] = None,
          curation: Annotated[Optional[Path], typer.Option(
              "--curation", help="curation.yaml a rebuild after an upload applies (default: ./curation.yaml if present).")] = None,
          store: StoreOpt = None,
          backend: Annotated[str, typer.Option(help="embedded or neo4j.")] = "embedded",
          uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
          password_file: Annotated[Optional[Path], typer.Option(
              "--password-file", help="A file holding the Neo4j password (kept out of the process list).")] = None) -> None:
    """The analyst's workbench: a local web application over the graph.

    Example: bangfu serve --source corpus/   then open http://127.0.0.1:8765/
    """
    from queries import api
    from viz.web.serve import serve as run_server
    _backend(backend)
    if password_file is not None:
        password = api.read_password(password_file)
    connection = api.neo4j_connection(uri, user, password) if backend == "neo4j" else None
    run_server(api.resolve_store(store), host, port, source or [], token,
               api.resolve_curation(curation), connection)


def run() -> None:
    """Console entry point: no traceback ever reaches the user. The project's
    errors (ontology/errors.py) raised by any command become one line and
    exit code 2 here, in one place."""
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
