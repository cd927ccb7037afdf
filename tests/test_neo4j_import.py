"""Issue #14 item 4: a first load into the local Neo4j with `neo4j-admin
database import full` from generated CSVs. On a server of this module's own
(its own home and free ports, the jars and classes of the test server's home,
as tests/test_neo4j_http.py), never the suite's: the import stops and starts it.

The import must give the graph a Bolt load gives: every node and relationship
with its labels, type and properties, the same answers from the named
queries, the same counts; and refuse, in one line, a database that holds
anything (unless asked to overwrite) and any server bangfu does not run."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from conftest import ROOT
from ontology.errors import StoreError
from queries.embedded import EmbeddedStore
from queries.neo4j_import import import_store
from queries.neo4j_store import Neo4jStore
from queries.store import ask
from neo4j_fixture import dump
from test_neo4j_http import TEST_HOME, free_ports, require_neo4j

SCRIPT = ROOT / "scripts" / "neo4j" / "neo4j.sh"
# Named queries whose rows must not change with the way the graph was written.
QUESTIONS = [("duties", {"unit": "区乡村振兴局"}), ("assignments", {}),
             ("helpers", {"place": "辛冲街道"}), ("projects", {}), ("pairings", {}),
             ("dispatches", {}), ("stats", {})]


@pytest.fixture(scope="module")
def local() -> Iterator[tuple[str, str, str]]:
    """The module's server, run by scripts/neo4j/neo4j.sh as `bangfu neo4j start`
    would: the library finds it from the same variables."""
    require_neo4j()
    home = Path(tempfile.mkdtemp(prefix="neo-import-test-"))
    for name in ("classes", "lib"):  # neo4j.sh fetches or compiles only when stamps differ
        (home / name).symlink_to(TEST_HOME / name)
    bolt, = free_ports(1)
    with pytest.MonkeyPatch.context() as env:
        env.delenv("NEO4J_PASSWORD", raising=False)
        env.setenv("BANGFU_NEO4J_HOME", str(home))
        env.setenv("BANGFU_NEO4J_BOLT_PORT", str(bolt))
        env.setenv("BANGFU_NEO4J_HTTP_PORT", "0")
        env.setenv("BANGFU_NEO4J_HEAP", "1g")
        try:
            started = subprocess.run(["bash", str(SCRIPT), "start"], text=True,
                                     capture_output=True, timeout=600)
            assert started.returncode == 0, started.stdout + started.stderr
            password = (home / "password").read_text(encoding="utf-8").strip()
            yield f"bolt://127.0.0.1:{bolt}", "neo4j", password
        finally:
            subprocess.run(["bash", str(SCRIPT), "stop"], capture_output=True, timeout=600)
            shutil.rmtree(home, ignore_errors=True)  # the links, not what they point at


def answers(conn: tuple[str, str, str]) -> dict[str, list[str]]:
    with Neo4jStore(*conn) as neo:
        return {name: sorted(json.dumps(r, ensure_ascii=False, sort_keys=True, default=str)
                             for r in ask(neo, name, params)) for name, params in QUESTIONS}


def schema(conn: tuple[str, str, str]) -> list[str]:
    with GraphDatabase.driver(conn[0], auth=conn[1:]) as driver:
        rows, _, _ = driver.execute_query("SHOW INDEXES YIELD name, type, state")
    # the two token lookup indexes have generated names: their type says which they are
    return sorted(f"{r['type']} {r['name'] if r['type'] != 'LOOKUP' else ''} {r['state']}"
                  for r in rows)


def test_an_import_gives_the_graph_and_the_answers_of_a_bolt_load(
        store: Path, local: tuple[str, str, str]) -> None:
    records = EmbeddedStore(store).records()
    with Neo4jStore(*local) as neo:
        bolt_counts = neo.load(records)  # the database is new, so this is the Bolt bulk path
    by_bolt, bolt_answers, bolt_schema = dump(local), answers(local), schema(local)
    meta = json.loads((store / "current" / "meta.json").read_text(encoding="utf-8"))
    assert (bolt_counts["nodes"], bolt_counts["relationships"]) == (meta["node_count"], meta["edge_count"])
    assert all(bolt_answers[name] for name, _ in QUESTIONS), bolt_answers  # real rows to compare

    with pytest.raises(StoreError, match=f"holds {bolt_counts['nodes']} nodes") as refused:
        import_store(store, *local)
    assert len(str(refused.value).splitlines()) == 1
    assert dump(local) == by_bolt  # refused before anything was stopped or written

    imported = import_store(store, *local, overwrite=True)
    assert (imported.nodes, imported.relationships) == (bolt_counts["nodes"], bolt_counts["relationships"])
    assert {"csv", "stop", "import", "start", "schema"} <= set(imported.seconds)
    by_import = dump(local)  # the Bolt load's graph is gone and the same one is there
    for got, want in zip(by_import, by_bolt):
        assert got == want, (sorted(set(got) - set(want))[:3], sorted(set(want) - set(got))[:3])
    assert answers(local) == bolt_answers
    assert schema(local) == bolt_schema and all(s.endswith("ONLINE") for s in bolt_schema)


@pytest.mark.parametrize("uri", ["neo4j+s://abcd1234.databases.neo4j.io", "bolt://10.0.0.7:7687",
                                 "bolt://127.0.0.1:{other}"])
def test_an_import_refuses_any_server_but_the_local_one_bangfu_runs(
        store: Path, local: tuple[str, str, str], uri: str) -> None:
    other = int(local[0].rsplit(":", 1)[1]) + 1
    with pytest.raises(StoreError, match="writes only into the local server bangfu runs") as refused:
        import_store(store, uri.format(other=other), *local[1:], overwrite=True)
    assert len(str(refused.value).splitlines()) == 1


def test_an_import_refuses_a_server_on_the_port_that_bangfu_does_not_run(
        store: Path, local: tuple[str, str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    # the same port, another home: whatever answers there is not this home's server
    monkeypatch.setenv("BANGFU_NEO4J_HOME", tempfile.mkdtemp(prefix="neo-import-other-"))
    (Path(os.environ["BANGFU_NEO4J_HOME"]) / "lib").mkdir()
    try:
        with pytest.raises(StoreError, match="not the one bangfu runs"):
            import_store(store, *local, overwrite=True)
    finally:
        shutil.rmtree(os.environ["BANGFU_NEO4J_HOME"], ignore_errors=True)
    with Neo4jStore(*local) as neo:
        assert neo.counts()["nodes"] > 0  # the module's server untouched



def test_the_cli_imports_into_a_database_holding_a_graph_only_when_told_to_overwrite(
        store: Path, local: tuple[str, str, str]) -> None:
    with Neo4jStore(*local) as neo:
        if neo.counts()["nodes"] == 0:
            neo.load(EmbeddedStore(store).records())
        held = neo.counts()

    def bangfu(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(ROOT / ".venv" / "bin" / "bangfu"), "load", "--store", str(store),
                               *args], text=True, capture_output=True, timeout=600)
    refused = bangfu("--import")
    assert refused.returncode == 2 and len(refused.stderr.splitlines()) == 1, refused.stderr
    assert f"holds {held['nodes']} nodes" in refused.stderr
    alone = bangfu("--overwrite")
    assert alone.returncode == 2 and "--overwrite goes with --import" in alone.stderr
    done = bangfu("--import", "--overwrite")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"imported into {local[0]}: {held['nodes']} nodes, "
                                  f"{held['relationships']} relationships in ")
    with Neo4jStore(*local) as neo:
        assert neo.counts() == held
        assert neo.name_index() is not None
