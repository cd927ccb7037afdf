"""Every export format read back by the tool that reads it, with the
subgraph's counts, its provenance, and document text kept inert."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Graph, URIRef

from conftest import DOC, ROOT
from ontology.errors import QueryError
from ontology.vocab import NS, A, C
from queries.to_rdf import ID_NS
from test_viz import EVIL, hostile_store  # noqa: F401 - a fixture, shared
from viz.export import despaced, export, markdown, write_xlsx
from viz.style import ROLE_RELATIONS, family
from viz.subgraph import Choice, choose, graph_from_records
from viz.table import FORMULA_START

SHAPES = ROOT / "ontology" / "shapes.ttl"
CHOICES = {"unit": Choice(unit="洪山区乡村振兴局", hops=2), "doc": Choice(doc=DOC["002"])}


@pytest.fixture(scope="module", params=sorted(CHOICES))
def sub(request: pytest.FixtureRequest, store: Path) -> nx.MultiDiGraph:
    return choose(store, CHOICES[request.param])


def written(graph: nx.MultiDiGraph, fmt: str, tmp_path: Path, name: str) -> list[Path]:
    return export(graph, fmt, tmp_path / name)


# -- graph formats ------------------------------------------------------------

def test_graphml_reads_back_in_networkx(sub: nx.MultiDiGraph, tmp_path: Path) -> None:
    [path] = written(sub, "graphml", tmp_path, "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == \
        (sub.number_of_nodes(), sub.number_of_edges())
    assert set(back) == set(sub)
    assert {k for _, _, k in back.edges(keys=True)} == {k for _, _, k in sub.edges(keys=True)}
    for u, v, k, d in sub.edges(keys=True, data=True):
        again = back.edges[u, v, k]
        assert again["rel"] == d["rel"].value
        if d["prov"]:
            assert (again["document"], again["quote"]) == (d["prov"]["document"], d["prov"]["quote"])
    node = next(iter(sub))
    assert back.nodes[node]["label"] and back.nodes[node]["class"] == sub.nodes[node]["cls"].value


def test_json_is_node_link_and_keeps_provenance(sub: nx.MultiDiGraph, tmp_path: Path) -> None:
    [path] = written(sub, "json", tmp_path, "g.json")
    back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    assert (back.number_of_nodes(), back.number_of_edges()) == \
        (sub.number_of_nodes(), sub.number_of_edges())
    for u, v, k, d in sub.edges(keys=True, data=True):
        assert back.edges[u, v, k]["prov"] == d["prov"]
        assert back.edges[u, v, k]["rel"] == d["rel"].value


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # inside rdflib's parser
def test_rdf_reparses_counts_and_conforms_to_the_shapes(sub: nx.MultiDiGraph, tmp_path: Path,
                                                        fmt: str) -> None:
    from pyshacl import validate
    [path] = written(sub, fmt, tmp_path, f"g.{fmt}")
    rdf = Graph().parse(path, format="turtle" if fmt == "ttl" else "json-ld")
    typed = {str(s).removeprefix(ID_NS) for s in rdf.subjects(RDF.type, None)}
    assertions = {str(s).removeprefix(ID_NS) for s in rdf.subjects(RDF.type, URIRef(NS + C.Assertion))}
    cited = {s for s in typed - assertions if s not in sub}
    assert typed - assertions - cited == set(sub)
    # what lies beyond the subgraph is the documents its evidence is stated in
    assert all(s.startswith("doc-") for s in cited)
    assert assertions == {k for _, _, k, d in sub.edges(keys=True, data=True) if d["prov"] or d["props"]}
    direct = {(str(s).removeprefix(ID_NS), str(p).removeprefix(NS), str(o).removeprefix(ID_NS))
              for s, p, o in rdf if str(p).startswith(NS) and isinstance(o, URIRef)
              and str(s).removeprefix(ID_NS) in sub and str(o).removeprefix(ID_NS) in sub}
    assert direct == {(u, d["rel"].value, v) for u, v, d in sub.edges(data=True)}
    conforms, _, report = validate(rdf, shacl_graph=Graph().parse(SHAPES), inference="none")
    assert conforms, report


def test_the_whole_graph_conforms_and_the_shapes_catch_breakage(store: Path) -> None:
    from pyshacl import validate

    from queries.embedded import EmbeddedStore
    from viz.export import rdf_graph
    shapes = Graph().parse(SHAPES)
    rdf = rdf_graph(graph_from_records(EmbeddedStore(store).records()))
    conforms, _, report = validate(rdf, shacl_graph=shapes, inference="none")
    assert conforms, report
    task = next(rdf.subjects(RDF.type, URIRef(NS + C.Task)))
    assertion = next(rdf.subjects(RDF.type, URIRef(NS + C.Assertion)))
    rdf.remove((task, URIRef(NS + A.name), None))
    rdf.set((assertion, URIRef(NS + A.role), URIRef(NS + "boss")))
    conforms, results, _ = validate(rdf, shacl_graph=shapes, inference="none")
    focus = set(results.objects(None, URIRef("http://www.w3.org/ns/shacl#focusNode")))
    assert not conforms and {task, assertion} <= focus


# -- tables -------------------------------------------------------------------

def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_has_a_row_per_node_and_edge_with_evidence(sub: nx.MultiDiGraph, tmp_path: Path) -> None:
    nodes_csv, edges_csv = written(sub, "csv", tmp_path, "out")
    nodes, edges = read_csv(nodes_csv), read_csv(edges_csv)
    assert (nodes_csv.name, edges_csv.name) == ("nodes.csv", "edges.csv")
    assert len(nodes) == sub.number_of_nodes() and len(edges) == sub.number_of_edges()
    assert {r["id"] for r in edges} == {k for _, _, k in sub.edges(keys=True)}
    stated = {k: d["prov"] for _, _, k, d in sub.edges(keys=True, data=True) if d["prov"]}
    for row in edges:
        if row["id"] in stated:
            assert row["document"] == stated[row["id"]]["document"] and row["quote"]


def test_csv_cells_that_would_be_formulas_are_neutralised(hostile_store: Path, tmp_path: Path) -> None:
    sub = choose(hostile_store, Choice(doc="evil.txt"))
    nodes_csv, edges_csv = export(sub, "csv", tmp_path / "out")
    names = {r["name"] for r in read_csv(nodes_csv)}
    assert {"'=cmd|' /C calc'!A0", "'@SUM(1+1)做好帮扶", "'-2+3加强对接", EVIL} <= names
    for row in read_csv(nodes_csv) + read_csv(edges_csv):
        assert not any(v.startswith(FORMULA_START) for v in row.values()), row


def test_xlsx_is_strings_a_duty_table_per_document_and_every_fact(sub: nx.MultiDiGraph,
                                                                    tmp_path: Path) -> None:
    from openpyxl import load_workbook
    [path] = written(sub, "xlsx", tmp_path, "g.xlsx")
    book = load_workbook(path)
    assert book.worksheets[0].title == "汇总"
    assert book["实体"].max_row - 1 == sub.number_of_nodes()
    assert book["关系"].max_row - 1 == sub.number_of_edges()
    marks = Counter()  # (document) → distinct task × unit × role marks in the subgraph
    for u, v, d in sub.edges(data=True):
        if d["rel"] in ROLE_RELATIONS and d["prov"]:
            marks[(d["prov"]["document"], u, v, d["rel"])] = 1
    per_doc = Counter(doc for doc, *_ in marks)
    assert set(book.sheetnames) == {"汇总", "实体", "关系", *(d.removesuffix(".txt") for d in per_doc)}
    for doc, count in per_doc.items():
        sheet = book[doc.removesuffix(".txt")]
        found = sum(len(c.value.split("、")) for row in sheet.iter_rows(min_row=2, min_col=4)
                    for c in row if c.value)
        assert found == count
        assert all(c.comment for row in sheet.iter_rows(min_row=2, min_col=4) for c in row if c.value)
        assert sheet.column_dimensions["B"].width > 10  # wide enough for Chinese task names
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f" and c.hyperlink is None


def test_xlsx_writes_formulas_as_text_and_drops_control_characters(
        hostile_store: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    sub = choose(hostile_store, Choice(doc="evil.txt"))
    node = next(n for n, d in sub.nodes(data=True) if d["cls"] is C.Task)
    sub.nodes[node]["name"] = "分页\x0c符\x07与=SUM(A1)"
    write_xlsx(sub, tmp_path / "e.xlsx")
    book = load_workbook(tmp_path / "e.xlsx")
    values = [c.value for s in book.worksheets for row in s.iter_rows() for c in row
              if isinstance(c.value, str)]
    assert "=cmd|' /C calc'!A0" in values and "分页符与=SUM(A1)" in values
    assert not any(ch in v for v in values for ch in "\x0c\x07")
    assert all(c.data_type != "f" for s in book.worksheets for row in s.iter_rows() for c in row)


# -- report -------------------------------------------------------------------

def parse_markdown(text: str) -> list:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    return MarkdownIt("commonmark").enable("table").use(footnote_plugin).parse(text)


def tables_by_heading(tokens: list) -> dict[str, int]:
    """Heading text → rows in the body of the table under it."""
    out: dict[str, int] = {}
    heading, in_body = "", False
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h2":
            heading = tokens[i + 1].content.split("（")[0]
        in_body = tok.type == "tbody_open" or (in_body and tok.type != "tbody_close")
        if in_body and tok.type == "tr_open":
            out[heading] = out.get(heading, 0) + 1
    return out


def footnote_texts(tokens: list) -> list[str]:
    """The plain text of each footnote, Markdown escapes and entities resolved."""
    out, inside = [], False
    for tok in tokens:
        if tok.type == "footnote_open":
            inside, out = True, out + [""]
        elif tok.type == "footnote_close":
            inside = False
        elif inside and tok.type == "inline":
            out[-1] += "".join(c.content for c in tok.children or [] if c.type == "text")
    return out


def test_markdown_report_tables_and_footnotes(sub: nx.MultiDiGraph, tmp_path: Path) -> None:
    [path] = written(sub, "md", tmp_path, "r.md")
    tokens = parse_markdown(path.read_text(encoding="utf-8"))
    rows = tables_by_heading(tokens)
    classes = Counter(family(d["cls"]) for _, d in sub.nodes(data=True))
    assert rows.get("任务", 0) == classes[C.Task.value]
    assert rows.get("单位", 0) == classes["unit"]
    assert rows.get("项目", 0) == classes[C.Project.value]
    assert rows.get("资金", 0) == classes[C.FundAllocation.value]
    refs = {t.meta["id"] for t in tokens if t.type == "inline"
            for t in t.children or [] if t.type == "footnote_ref"}
    notes = {t.meta["id"] for t in tokens if t.type == "footnote_open"}
    assert refs and refs == notes
    # each task's, project's and fund's own evidence is quoted in a footnote, verbatim
    # (vertical table text without its spaces: viz.export.despaced)
    quoted = "\n".join(footnote_texts(tokens))
    for _, d in sub.nodes(data=True):
        if d["prov"] and d["cls"] in (C.Task, C.Project, C.FundAllocation):
            assert "「" + despaced(d["prov"]["quote"]).replace("\n", " ") + "」" in quoted


def test_markdown_report_carries_no_html_from_documents(hostile_store: Path) -> None:
    report = markdown(choose(hostile_store, Choice(doc="evil.txt")))
    tokens = parse_markdown(report)
    html = [t for t in tokens if t.type.startswith("html")]
    html += [c for t in tokens if t.type == "inline" for c in t.children or [] if c.type.startswith("html")]
    assert html == []
    assert "洪山区&lt;script&gt;alert（1）&lt;/script&gt;局" in report
    assert tables_by_heading(tokens)["任务"] == 5


# -- the command ----------------------------------------------------------------

def test_export_command_writes_what_the_library_chooses(store: Path, tmp_path: Path) -> None:
    env = dict(os.environ, BANGFU_STORE=str(store))
    out = tmp_path / "d.json"
    run = subprocess.run([sys.executable, "-c", "import cli; cli.run()", "export", "--query",
                          "duties", "-p", "unit=区乡村振兴局", "--format", "json", "-o", str(out)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    back = json.loads(out.read_text(encoding="utf-8"))
    sub = choose(store, Choice(query="duties", params={"unit": "区乡村振兴局"}))
    assert (len(back["nodes"]), len(back["edges"])) == (sub.number_of_nodes(), sub.number_of_edges())
    bad = subprocess.run([sys.executable, "-c", "import cli; cli.run()", "export", "--unit",
                          "洪山区乡村振兴局", "--format", "pdf", "-o", str(tmp_path / "x.pdf")],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and bad.stderr.startswith("bangfu: error: unknown format")
    with pytest.raises(QueryError):
        export(sub, "pdf", tmp_path / "x.pdf")
