"""Issue #13, nothing lost and nothing let in: documents that share a file
name, files skipped without a word, curation that would delete a unit, SPARQL
that would reach the network, Markdown that would carry HTML, user errors
reported as internal errors, and the format tests' install check.
(The store under concurrent builds and readers: test_reliability_store.py.)"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, DOC, ROOT
from loaders.reading.read import RawDocument
from ontology.errors import QueryError, StoreError
from ontology.model import Edge, Node
from ontology.vocab import C, R
from queries.adhoc import run_sparql, sparql_refusal
from queries.api import build, query
from queries.store_write import write_store

BANGFU = [sys.executable, "-c", "import cli; cli.run()"]

# An invented plan: three departments, and one name that is an HTML tag.
PLAN = """青松区乡村振兴局关于印发2025年结对帮扶工作要点的通知

一、强化组织保障
1．建立帮扶工作专班。定期研究结对帮扶工作。（责任单位：区财政局、区民政局）
2．落实帮扶资金。按时拨付帮扶资金。（责任单位：区财政局）
3．开展消费帮扶。组织单位采购帮扶产品。（牵头单位：区商务局；配合单位：区民政局）
4．做好宣传引导。（责任单位：区<img src=x onerror=alert(1)>局）
"""


def bangfu(*args: str, store: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(BANGFU + list(args), capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, BANGFU_STORE=str(store), **env), timeout=120)


def one_line_error(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bangfu: error:") and words in lines[0], lines


@pytest.fixture(scope="module")
def plan_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plan")
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    build([folder / "plan.txt"], folder / "store")
    return folder / "store"


# -- 1. documents with one file name ----------------------------------------------

def test_documents_sharing_a_file_name_are_both_built_under_folder_ids(tmp_path: Path) -> None:
    d = tmp_path / "d"
    for sub in ("a", "b"):
        (d / sub).mkdir(parents=True)
    shutil.copy(CORPUS / DOC["003"], d / "a" / "plan.txt")
    shutil.copy(CORPUS / DOC["001"], d / "b" / "plan.txt")
    shutil.copy(CORPUS / DOC["004"], d / "b" / "notice.txt")
    store = tmp_path / "store"
    result = bangfu("build", str(d), store=store)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 3 documents (2 named by their folder):")
    assert f"{d / 'b' / 'plan.txt'}: read as b/plan.txt" in result.stderr
    stats = bangfu("stats", store=store).stdout.splitlines()[0]
    assert stats == "documents: a/plan.txt, b/plan.txt, notice.txt"  # a unique name stays bare
    # each keeps its own facts: 003's tasks, 001's street-village pairings
    assert {r["document"] for r in query(store, "assignments", {})} >= {"a/plan.txt"}
    assert {r["document"] for r in query(store, "pairings", {})} == {"b/plan.txt"}


def test_a_copy_with_the_same_name_and_text_is_reported_not_built_twice(tmp_path: Path) -> None:
    d = tmp_path / "d"
    for sub in ("a", "b"):
        (d / sub).mkdir(parents=True)
        shutil.copy(CORPUS / DOC["003"], d / sub / "plan.txt")
    result = bangfu("build", str(d), store=tmp_path / "store")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 1 documents (1 file skipped):")
    assert result.stderr.strip() == (f"bangfu: skipped {d / 'b' / 'plan.txt'}: "
                                     f"the same text as {d / 'a' / 'plan.txt'}")


def test_a_link_to_a_file_already_read_is_reported_and_the_file_keeps_its_name(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    (d / "plan.txt").write_text(PLAN, encoding="utf-8")
    (d / "another.txt").symlink_to("plan.txt")  # sorts first
    result = bangfu("build", str(d), str(d / "plan.txt"), store=tmp_path / "store")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 1 documents (1 file skipped):")
    assert result.stderr.strip() == (f"bangfu: skipped {d / 'another.txt'}: "
                                     f"the same file as {d / 'plan.txt'}")
    assert bangfu("stats", store=tmp_path / "store").stdout.splitlines()[0] == "documents: plan.txt"


def test_folder_ids_take_as_many_folders_as_it_takes() -> None:
    from loaders.corpus import distinct_documents
    docs = [RawDocument("p.txt", Path("/x/a/s/p.txt"), "甲"),
            RawDocument("p.txt", Path("/x/b/s/p.txt"), "乙"),
            RawDocument("q.txt", Path("/x/a/s/q.txt"), "丙")]
    skipped: list[dict[str, str]] = []
    out, renamed = distinct_documents(docs, skipped)
    assert [d.id for d in out] == ["a/s/p.txt", "b/s/p.txt", "q.txt"]
    assert renamed == {"a/s/p.txt": "/x/a/s/p.txt", "b/s/p.txt": "/x/b/s/p.txt"}
    assert skipped == []


# -- 10. links to nothing and to devices ------------------------------------------

def test_a_dangling_link_and_a_device_are_reported_and_counted(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    (d / "plan.txt").write_text(PLAN, encoding="utf-8")
    (d / "gone.txt").symlink_to(tmp_path / "nothing.txt")
    (d / "zero.txt").symlink_to("/dev/zero")
    result = bangfu("build", str(d), store=tmp_path / "store")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 1 documents (2 files skipped):")
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"bangfu: skipped {d / 'gone.txt'}: a link to nothing")
    assert lines[1].startswith(f"bangfu: skipped {d / 'zero.txt'}: not a regular file")



ENTITY_DTD = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'


def docx_with_entity(path: Path) -> None:
    """A plan whose second clause holds an external entity reference, as a
    crafted file would: Word itself never writes a DOCTYPE."""
    import zipfile

    from docx import Document
    plain = path.with_name("plain.docx")
    doc = Document()
    for text in ("一、组织保障", "1．落实帮扶资金。（责任单位：青松区财政局）",
                 "2．开展技能培训。（责任单位：ENTITY青松区人社局）"):
        doc.add_paragraph(text)
    doc.save(str(plain))
    with zipfile.ZipFile(plain) as z, zipfile.ZipFile(path, "w") as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                head = xml.index("?>") + 2
                data = (xml[:head] + ENTITY_DTD + xml[head:]).replace("ENTITY青", "&xxe;青").encode()
            out.writestr(info, data)
    plain.unlink()


def test_a_docx_entity_is_left_out_said_and_the_text_around_it_kept(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    docx_with_entity(d / "plan.docx")
    result = bangfu("build", str(d), store=tmp_path / "store")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 1 documents (1 part of files left out):")
    assert result.stderr.strip() == (f"bangfu: {d / 'plan.docx'}: an XML entity reference "
                                     "&xxe; was left out, not expanded")
    rows = query(tmp_path / "store", "duties", {"unit": "青松区人社局"})
    assert [r["title"] for r in rows] == ["开展技能培训"]  # the clause after the entity is read
    assert os.uname().nodename not in json.dumps(rows, ensure_ascii=False)  # nothing expanded

# -- 5. curation that would lose a unit -------------------------------------------

CURATIONS = {
    "merge:\n  - into: 区财政局\n    names: [区财政局]\n": "merged into itself",
    "merge:\n  - into: 区财政局\n    names: [区民政局]\n  - into: 区民政局\n    names: [区财政局]\n":
        "merges form a cycle: 区民政局 → 区财政局 → 区民政局",
    "merge:\n  - into: 区财政局\n    names: [区商务局]\n  - into: 区民政局\n    names: [区商务局]\n":
        "'区商务局' is merged twice (into 区财政局 and into 区民政局)",
    "merge:\n  - into: 区财政局\n    names: [区水务局]\n": "no entity named '区水务局'",
}


@pytest.mark.parametrize("text", sorted(CURATIONS))
def test_a_curation_that_would_lose_a_unit_stops_the_build(text: str, tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    store = tmp_path / "store"
    assert bangfu("build", str(tmp_path / "plan.txt"), store=store).returncode == 0
    before = (os.readlink(store / "current"), (store / "current" / "graph.jsonl").read_bytes())
    (tmp_path / "curation.yaml").write_text(text, encoding="utf-8")
    result = bangfu("build", str(tmp_path / "plan.txt"), "--curation",
                    str(tmp_path / "curation.yaml"), store=store)
    one_line_error(result, CURATIONS[text])
    assert (os.readlink(store / "current"),
            (store / "current" / "graph.jsonl").read_bytes()) == before


def test_a_chain_of_merges_ends_on_the_last_name(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "curation.yaml").write_text(
        "merge:\n  - into: 区民政局\n    names: [区商务局]\n  - into: 区财政局\n    names: [区民政局]\n",
        encoding="utf-8")
    build([tmp_path / "plan.txt"], tmp_path / "store", tmp_path / "curation.yaml")
    rows = query(tmp_path / "store", "assignments", {})
    assert {r["unit"] for r in rows} == {"区财政局", "区<imgsrc=xonerror=alert（1）>局"}
    moved = {(r["task"], r["role"], r["unit_text"]) for r in rows if r["unit"] == "区财政局"}
    assert moved == {("建立帮扶工作专班", "responsible", "区财政局"),  # every role moved, none lost
                     ("建立帮扶工作专班", "responsible", "区民政局"),
                     ("落实帮扶资金", "responsible", "区财政局"),
                     ("开展消费帮扶", "lead", "区商务局"), ("开展消费帮扶", "cooperating", "区民政局")}


def test_a_graph_with_a_dangling_relationship_is_never_written(tmp_path: Path) -> None:
    nodes = [Node("unit-a", C.GovernmentDepartment, "甲局", {})]
    edges = [Edge("unit-a", R.responsibleFor, "task-gone", {})]
    with pytest.raises(StoreError, match="1 relationships point at no entity"):
        write_store(tmp_path / "store", nodes, edges, {})
    assert not (tmp_path / "store" / "current").exists()


# -- 6. read-only SPARQL never reaches the network ---------------------------------

# Port 9 (discard): pyoxigraph refuses it before connecting, so a form that it
# runs as SERVICE shows itself by that error, and nothing leaves the machine.
SVC = "<http://127.0.0.1:9/sparql>"
EXECUTED_AS_SERVICE = {
    "comment ended by CR": f"SELECT ?x WHERE {{ ?x ?y ?z # \r SERVICE {SVC} {{ ?x ?y ?z }} \n }}",
    "lower case": f"select ?x where {{ ?x ?y ?z . service {SVC} {{ ?x ?y ?z }} }}",
    "prefixed IRI": "PREFIX f: <http://127.0.0.1:9/> SELECT ?x WHERE { ?x ?y ?z SERVICE f:sparql { ?x ?y ?z } }",
    "escaped IRI": "SELECT ?x WHERE { ?x ?y ?z SERVICE <http://127.0.0.1:9/\\u0073parql> { ?x ?y ?z } }",
    "no spaces": f"SELECT ?x WHERE{{?x ?y ?z SERVICE{SVC}{{?x ?y ?z}}}}",
    "nested subquery": f"SELECT ?x WHERE {{ {{ SELECT ?x WHERE {{ ?x ?y ?z SERVICE {SVC} {{ ?x ?y ?z }} }} }} }}",
    "inside OPTIONAL": f"SELECT ?x WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE {SVC} {{ ?x ?y ?w }} }} }}",
    "inside UNION": f"SELECT ?x WHERE {{ {{ ?x ?y ?z }} UNION {{ SERVICE {SVC} {{ ?x ?y ?z }} }} }}",
}
ALSO_REFUSED = {
    "keyword spelled by \\u escapes": f"SELECT ?x WHERE {{ \\u0053ERVICE {SVC} {{ ?x ?y ?z }} }}",
    "an escape spelling an escape": f"SELECT ?x WHERE {{ \\u005Cu0053ERVICE {SVC} {{ ?x ?y ?z }} }}",
    "long s": f"SELECT ?x WHERE {{ \u017fERVICE {SVC} {{ ?x ?y ?z }} }}",
    "SILENT, whose failure the engine hides": f"ASK {{ SERVICE SILENT {SVC} {{ ?x ?y ?z }} }}",
}


@pytest.mark.parametrize("form", sorted(EXECUTED_AS_SERVICE))
def test_each_hidden_form_is_a_service_call_for_the_engine(form: str) -> None:
    from pyoxigraph import Literal, NamedNode, Quad, Store
    store = Store()
    store.add(Quad(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"), Literal("o")))
    with pytest.raises(OSError, match="port 9"):
        list(store.query(EXECUTED_AS_SERVICE[form]))


@pytest.mark.parametrize("form", sorted(EXECUTED_AS_SERVICE) + sorted(ALSO_REFUSED))
def test_a_read_only_query_naming_service_in_any_form_is_refused(form: str) -> None:
    text = {**EXECUTED_AS_SERVICE, **ALSO_REFUSED}[form]
    assert "SERVICE" in (sparql_refusal(text, write=False) or "")
    opened = []
    with pytest.raises(QueryError, match="^refused: .*SERVICE"):
        run_sparql(lambda: opened.append(1), text, False, 5.0)
    assert opened == []  # refused before the store is even opened


def test_an_update_hiding_load_behind_a_cr_comment_is_refused() -> None:
    text = "INSERT DATA { <http://e/s> <http://e/p> 1 } ; # \r LOAD <http://127.0.0.1:9/x.ttl>"
    assert "LOAD" in (sparql_refusal(text, write=True) or "")


def test_an_ordinary_read_query_still_runs(plan_store: Path) -> None:
    result = bangfu("sparql", "SELECT ?n WHERE { ?u bf:name ?n } ORDER BY ?n LIMIT 1",
                    "-f", "json", store=plan_store)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 1


# -- 8. Markdown output carries no HTML --------------------------------------------

def test_query_markdown_escapes_html_from_documents(plan_store: Path) -> None:
    from markdown_it import MarkdownIt
    result = bangfu("query", "assignments", "-f", "markdown", store=plan_store)
    assert result.returncode == 0, result.stderr
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    html = [t for t in tokens if t.type.startswith("html")]
    html += [c for t in tokens if t.type == "inline" for c in t.children or []
             if c.type.startswith("html")]
    assert html == []
    assert "&lt;img src=x onerror=alert(1)&gt;" in result.stdout  # the evidence, escaped
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 1 + 6  # the header and six assignments: no row broken


# -- 9. user errors are one line and exit 2 ----------------------------------------

@pytest.mark.parametrize("timeout", ["-1", "nan", "inf", "0"])
def test_a_bad_timeout_is_refused_before_connecting(timeout: str, tmp_path: Path) -> None:
    for command in ("cypher", "sparql"):
        result = bangfu(command, "RETURN 1" if command == "cypher" else "ASK {}",
                        f"--timeout={timeout}", store=tmp_path / "none",
                        NEO4J_URI="bolt://127.0.0.1:9", NEO4J_PASSWORD="x")
        one_line_error(result, "--timeout must be a number of seconds above 0")


def test_outputs_onto_the_wrong_kind_of_path_are_user_errors(plan_store: Path, tmp_path: Path) -> None:
    (tmp_path / "page.html").mkdir()
    (tmp_path / "taken.csv").write_text("x", encoding="utf-8")
    (tmp_path / "folder.json").mkdir()
    one_line_error(bangfu("viz", "--unit", "区财政局", "-o", str(tmp_path / "page.html"),
                          store=plan_store), "is a folder")
    one_line_error(bangfu("export", "--unit", "区财政局", "-f", "csv", "-o",
                          str(tmp_path / "taken.csv"), store=plan_store), "is not a folder")
    one_line_error(bangfu("export", "--unit", "区财政局", "-f", "json", "-o",
                          str(tmp_path / "folder.json"), store=plan_store), "is a folder")
    one_line_error(bangfu("export", "--unit", "区财政局", "-f", "xlsx", "-o",
                          str(tmp_path / "missing" / "x.xlsx"), store=plan_store), "does not exist")
    assert not (tmp_path / "missing").exists()
    fine = bangfu("export", "--unit", "区财政局", "-f", "csv", "-o", str(tmp_path / "new"),
                  store=plan_store)
    assert fine.returncode == 0 and (tmp_path / "new" / "nodes.csv").is_file(), fine.stderr


# -- 12. the install check tests capabilities, not signs ----------------------------

FAKE_SOFFICE_WRITER = """#!/bin/sh
# converts: writes <outdir>/<name>.pdf, as Writer (.docx) and Calc (.xlsx) do
out=.; for a in "$@"; do case $prev in --outdir) out=$a;; esac; prev=$a; last=$a; done
name=$(basename "$last"); name=${name%.*}; echo '%PDF-1.4' > "$out/$name.pdf"
"""
FAKE_SOFFICE_CALC = "#!/bin/sh\necho 'Error: no export filter' >&2\nexit 1\n"
FAKE_TESSERACT = "#!/bin/sh\necho 'List of available languages (2):'\necho chi_sim\necho eng\n"


def fake_fc_list(families: str) -> str:
    """fc-list that knows only the given families; any CJK font for :lang=zh."""
    return (f"#!/bin/sh\ncase \"$1\" in\n  :lang=zh) echo '/f/NotoSansCJK.ttc: Noto Sans CJK SC';;\n"
            f"  *) for f in {families}; do [ \"$1\" = \"$f\" ] && echo \"/f/$f.ttc\"; done;;\n"
            "esac\nexit 0\n")


def run_install_check(tmp_path: Path, soffice: str, fonts: str) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fakes = {"soffice": soffice, "tesseract": FAKE_TESSERACT, "fc-list": fake_fc_list(fonts),
             # never install anything from a test, whatever the script decides
             "apt-get": "#!/bin/sh\necho apt-get called >&2\nexit 97\n",
             "sudo": "#!/bin/sh\necho sudo called >&2\nexit 97\n"}
    for name, text in fakes.items():
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", PYTHON=sys.executable)
    return subprocess.run(["bash", str(ROOT / "scripts" / "install_formats.sh"), "--check"],
                          capture_output=True, text=True, env=env, timeout=60)


def test_install_check_sees_calc_without_writer_and_another_cjk_font(tmp_path: Path) -> None:
    result = run_install_check(tmp_path, FAKE_SOFFICE_CALC, "'Noto Sans CJK SC'")
    assert result.returncode == 1, result.stderr
    assert "cannot convert a .docx to PDF" in result.stderr
    assert "WenQuanYi Micro Hei" in result.stderr
    assert "called" not in result.stderr


def test_install_check_passes_with_writer_and_the_fixture_font(tmp_path: Path) -> None:
    result = run_install_check(tmp_path, FAKE_SOFFICE_WRITER, "'WenQuanYi Micro Hei'")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
