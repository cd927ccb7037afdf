"""bangfu — 帮扶图谱: who is responsible for what in pairing-assistance documents.

A thin command line: parse, call one library function, render, and turn the
project's errors into one line on stderr with exit code 2. This file is the
list of commands; the options several share, the checks of their values and
the error mapping are in viz/cli_options.py.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from viz.cli_options import (AdhocOpts, DocOpt, FormatOpt, HopsOpt, ParamOpt, PasswordOpt,
                             PlaceOpt, QueryOpt, StoreOpt, TaskOpt, UnitOpt, UriOpt, UserOpt,
                             check_backend, configure_logging, fail, format_name, log,
                             parse_params, run_guarded, timeout_seconds)

# configure_logging is the callback: it takes --verbose, the one option before the command
app = typer.Typer(callback=configure_logging, add_completion=False, no_args_is_help=True,
                  pretty_exceptions_enable=False,
                  help="帮扶图谱 bangfu: a knowledge graph of who is responsible for what.")


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
    fmt = format_name(fmt, FORMATS)
    check_backend(backend)
    if backend == "neo4j":
        rows = api.query_neo4j(*api.neo4j_connection(uri, user, password), name,
                               parse_params(param or []))
    else:
        rows = api.query(api.resolve_store(store), name, parse_params(param or []))
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
    fmt = format_name(fmt, FORMATS)
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
    fmt = format_name(fmt, FORMATS)
    rows = api.query_parameters(name) if name else api.list_queries()
    typer.echo(render(rows, fmt, max_cell=120))


@app.command()
def stats(store: StoreOpt = None) -> None:
    """Count what the store holds. Example: bangfu stats"""
    from queries import api
    from viz.console import stats_summary
    typer.echo(stats_summary(api.stats(api.resolve_store(store))))


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
    choice = Choice(unit, place, task, doc, hops, query_name, parse_params(param or []))
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
    choice = Choice(unit, place, task, doc, hops, query_name, parse_params(param or []))
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
    fmt = format_name(fmt, ("markdown", "json"))
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
        fail("--overwrite goes with --import" if not admin_import
             else "--import loads the whole graph; --replace goes without it")
    done = import_store(store, *connection, overwrite,
                        lambda step, seconds: log.info("%s: %.1f s", step, seconds))
    typer.echo(f"imported into {connection[0]}: {done.nodes} nodes, {done.relationships} "
               f"relationships in {sum(done.seconds.values()):.1f} s")


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
    fmt = format_name(fmt, FORMATS)
    timeout = timeout_seconds(timeout)  # before any connection is made
    rows = api.cypher(*api.neo4j_connection(uri, user, password), text, parse_params(param or []),
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
    fmt = format_name(fmt, FORMATS)
    timeout = timeout_seconds(timeout)
    rows = api.sparql(api.resolve_store(store), text, parse_params(param or []), write, timeout)
    typer.echo(render(rows, fmt))


@app.command()
def neo4j(action: Annotated[str, typer.Argument(help="start, stop or status")]) -> None:
    """Run the local Neo4j server (Community 5.26, fetched from Maven Central once).

    Example: bangfu neo4j start
    """
    from queries.neo4j_server import server
    if action not in ("start", "stop", "status"):
        fail(f"unknown action {action!r} (actions: start, stop, status)")
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
    check_backend(backend)
    if password_file is not None:
        password = api.read_password(password_file)
    connection = api.neo4j_connection(uri, user, password) if backend == "neo4j" else None
    run_server(api.resolve_store(store), host, port, source or [], token,
               api.resolve_curation(curation), connection)


def run() -> None:
    """Console entry point (pyproject's `bangfu = "cli:run"`): no traceback ever
    reaches the user; viz.cli_options.run_guarded maps the errors to one line."""
    run_guarded(app)


if __name__ == "__main__":
    run()
