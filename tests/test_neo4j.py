"""Neo4j as a backend, against the real server the test command starts."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DOC, ROOT
from neo4j_fixture import count, loaded
from queries import catalog
from queries.api import build, cypher, load, query, query_neo4j
from ontology.errors import QueryError, StoreError

PARITY = [("assignments", {}), ("projects", {}), ("pairings", {}), ("dispatches", {}),
          ("duties", {"unit": "区乡村振兴局"}), ("duties", {"unit": "洪山区财政局"}),
          ("duties", {"unit": "武汉市教育局"}), ("pairings", {"kind": "school"}),
          ("assignments", {"doc": DOC["003"], "role": "responsible"}), ("projects", {"doc": DOC["000"]})]
# the catalogue of issue #6, each query with the parameters an analyst would give
PARITY += [
    ("owners", {"text": "泵站"}), ("owners", {"text": "消费帮扶"}), ("owners", {"text": "医疗", "role": "lead"}),
    ("projects", {"place": "旧街街道", "due_before": "2024-12"}), ("projects", {"due_after": "2025-01"}),
    ("projects", {"unit": "区教育局", "context": "洪山区"}),
    ("pairings", {"unit": "英格中学"}), ("pairings", {"place": "建始县", "kind": "street-village"}),
    ("pairings", {"place": "恩施州"}), ("dispatches", {"place": "蔡甸区"}),
    ("dispatches", {"unit": "市委统战部"}), ("dispatches", {"kind": "enterprise"}),
    ("duties", {"unit": "财政局", "context": "洪山区"}),
    ("funds", {}), ("funds", {"source": "洪山区"}), ("funds", {"target": "恩施州"}), ("funds", {"year": "2024"}),
    ("document", {"doc": DOC["000"]}), ("document", {"doc": DOC["002"]}),
    ("document", {"doc": "武办文〔2021〕33号"}), ("document", {"doc": "武办文〔2021〕40号", "kind": "fund"}),
    ("document", {"doc": "鄂办发〔2021〕15号"}), ("document", {"doc": "洪乡振发〔2022〕1号"}),
    ("workload", {}), ("workload", {"by": "document", "top": "3"}), ("workload", {"doc": DOC["001"]}),
    ("partners", {"unit": "区教育局", "context": "洪山区"}), ("partners", {"unit": "武汉市教育局"}),
    ("gaps", {}), ("gaps", {"kind": "group-without-members"}),
    ("path", {"from": "区教育局", "to": "浏湖村", "context": "洪山区"}),
    ("path", {"from": "武汉市英格中学", "to": "建始县", "limit": "3"}),
    ("path", {"from": "区财政局", "to": "县财政局"}),
    ("helpers", {"place": "辛冲街道"}), ("helpers", {"place": "建始县"}),
    ("helpers", {"place": "黄陂区", "kind": "team"}),
    ("hierarchy", {"place": "新洲区"}), ("hierarchy", {"place": "恩施州"}),
]
# the listings whose Cypher twins return their rows packed, with other parameters
PARITY += [
    ("dispatches", {"kind": "school"}), ("dispatches", {"kind": "PartyOrgan"}),
    ("dispatches", {"place": "新洲区", "kind": "enterprise"}), ("workload", {"by": "document"}),
    # workload's twin sums each unit's documents itself unless by= is given
    ("workload", {"top": "2"}), ("workload", {"doc": DOC["000"], "by": "document", "top": "1"}),
    ("helpers", {"place": "新洲区"}), ("helpers", {"place": "新洲区", "kind": "dispatch"}),
    ("gaps", {"kind": "village-without-project"}), ("projects", {"place": "新洲区"}),
]


@pytest.fixture(scope="module")
def neo(store: Path):
    return loaded(store)


def canonical(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows)


def test_every_public_query_has_a_cypher_twin() -> None:
    for name in catalog.catalogue():
        assert catalog.get(name).text("cypher")


@pytest.mark.parametrize("name,params", PARITY)
def test_parity_with_the_embedded_store(store: Path, neo, name: str, params: dict) -> None:
    embedded = query(store, name, params)
    assert embedded, "a parity test needs rows to compare"
    assert canonical(query_neo4j(*neo, name, params)) == canonical(embedded)


def test_every_named_query_is_covered_by_the_parity_test() -> None:
    public = {n for n, q in catalog.catalogue().items() if not q.internal}
    assert public <= {name for name, _ in PARITY}


def plan_operators(plan: dict) -> list[str]:
    return [plan["operatorType"].split("@")[0],
            *(op for child in plan.get("children", []) for op in plan_operators(child))]


def test_no_named_query_scans_every_node(neo) -> None:
    """Issue #14 item 4: every named query (and each resolver it calls) starts
    from a label or an index, never from every node of the database. The plan
    of each query actually run is asked for with EXPLAIN, with its parameters."""
    from queries.neo4j_store import Neo4jStore
    from queries.store import ask
    scans: dict[str, set[str]] = {}

    class Explaining(Neo4jStore):  # the real store; it only asks the server for the plan too
        def run(self, name: str, params: dict) -> list:
            query = catalog.get(name)
            bound = {p.name: params.get(p.name) or None for p in query.params}
            with self.driver.session() as session:
                plan = session.run("EXPLAIN " + query.text_for("cypher", bound), bound).consume().plan
            scans.setdefault(name, set()).update(plan_operators(plan))
            return super().run(name, params)

    with Explaining(*neo) as store:
        for name, params in PARITY:
            ask(store, name, dict(params))
    assert {name for name, _ in PARITY} <= set(scans)
    assert {name: ops for name, ops in scans.items() if "AllNodesScan" in ops} == {}


def test_the_load_writes_every_node_and_relationship_of_the_store(store: Path, neo) -> None:
    # the README's "loaded into …: N nodes, M relationships" is generated from these
    meta = json.loads((store / "current" / "meta.json").read_text(encoding="utf-8"))
    # and beside them one node that is not part of the graph: the index of name forms
    assert count(neo, "MATCH (n) WHERE NOT n:BangfuIndex RETURN count(n)") == meta["node_count"]
    assert count(neo, "MATCH (n:BangfuIndex) RETURN count(n)") == 1
    assert count(neo, "MATCH ()-[r]->() RETURN count(r)") == meta["edge_count"]


def test_loading_twice_gives_the_same_counts(store: Path, neo) -> None:
    first = (count(neo, "MATCH (n) RETURN count(n)"), count(neo, "MATCH ()-[r]->() RETURN count(r)"))
    load(store, *neo)
    second = (count(neo, "MATCH (n) RETURN count(n)"), count(neo, "MATCH ()-[r]->() RETURN count(r)"))
    assert first == second and first[0] > 1000


def test_labels_and_types_follow_the_ontology(neo) -> None:
    assert count(neo, "MATCH (:Unit)-[r:RESPONSIBLE_FOR]->(:Task) RETURN count(r)") > 100
    assert count(neo, "MATCH (:Village)-[:PART_OF]->(:Street)-[:PART_OF]->(:District) RETURN count(*)") > 100
    assert count(neo, "MATCH (d:Dispatch) RETURN count(d)") == 271


def test_replace_changes_exactly_one_document(store: Path, neo, corpus_copy: Path,
                                              tmp_path: Path) -> None:
    path = corpus_copy / DOC["003"]
    path.write_text(path.read_text(encoding="utf-8").replace(
        "（责任单位：区乡村振兴局、区工商联、", "（责任单位：区乡村振兴局、区妇联、"), encoding="utf-8")
    edited = tmp_path / "edited"
    build([corpus_copy], edited)
    before_000 = canonical(query_neo4j(*neo, "assignments", {"doc": DOC["000"]}))
    try:
        load(edited, *neo, replace=[DOC["003"]])
        rows = query_neo4j(*neo, "assignments", {"doc": DOC["003"]})
        units = [r["unit"] for r in rows if r["task"] == "统筹用好帮扶力量"]
        assert units == ["洪山区乡村振兴局", "洪山区妇联", "洪山区各乡村振兴工作队及其派出单位"]
        assert canonical(query_neo4j(*neo, "assignments", {"doc": DOC["000"]})) == before_000
        # 洪山区工商联 is still named by 000 and 001, so it survives
        duties = query_neo4j(*neo, "duties", {"unit": "洪山区工商联"})
        assert DOC["003"] not in {r["document"] for r in duties}
        assert {DOC["000"], DOC["001"]} <= {r["document"] for r in duties}
    finally:
        load(store, *neo, replace=[DOC["003"]])
    assert canonical(query_neo4j(*neo, "assignments", {"doc": DOC["003"]})) == canonical(
        query(store, "assignments", {"doc": DOC["003"]}))


# -- the read-only guard -------------------------------------------------------------

BYPASSES = [
    "CREATE (n:Hack) RETURN n",
    "MERGE (n:Hack {x: 1}) RETURN n",
    "MATCH (n:Unit) SET n.hacked = true RETURN count(n)",
    "MATCH (n:Unit) REMOVE n:Unit RETURN count(n)",
    "MATCH (n:Unit) DETACH DELETE n",
    "MATCH ()-[r]->() DELETE r",
    "MATCH (n:Unit) SET n:Hacked RETURN count(n)",
    "MATCH (n:Unit) SET n += {x: 1} RETURN count(n)",
    "MATCH (n:Unit) WITH n LIMIT 1 CALL (n) { SET n.x = 1 } RETURN 1",
    "MATCH (n:Unit) WITH n LIMIT 1 CALL (n) { CREATE (m:Hack) } RETURN 1",
    "CALL () { CREATE (:Hack) } RETURN 1",
    "MATCH (n:Unit) CALL (n) { SET n.x = 1 } IN TRANSACTIONS RETURN 1",
    "UNWIND range(1, 3) AS i CALL (i) { CREATE (:Hack {i: i}) } IN TRANSACTIONS OF 1 ROWS RETURN 1",
    "FOREACH (i IN range(1, 3) | CREATE (:Hack))",
    "MATCH (n:Unit) FOREACH (x IN [1] | SET n.x = x)",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV WITH HEADERS FROM 'file:///etc/hosts' AS line RETURN line",
    "LOAD CSV FROM 'http://127.0.0.1:7474/' AS line RETURN line",
    "CALL dbms.components()",
    "CALL db.labels()",
    "CALL dbms.listConfig()",
    "CALL db.createLabel('Hack')",
    "CALL dbms.security.createUser('x', 'yyyyyyyy', false)",
    "CREATE INDEX hack FOR (n:Hack) ON (n.x)",
    "CREATE CONSTRAINT hack FOR (n:Hack) REQUIRE n.x IS UNIQUE",
    "DROP INDEX entity_name",
    "SHOW USERS",
    "MATCH (n:Unit) WITH n LIMIT 1 MERGE (n)-[:HACK]->(:Hack) RETURN 1",
    "MATCH (a:Unit), (b:Task) WITH a, b LIMIT 1 CREATE (a)-[:HACK]->(b)",
    "OPTIONAL MATCH (n:Nothing) WITH n MERGE (:Hack) RETURN 1",
    "MATCH (n:Unit) WITH n LIMIT 1 SET n.name = 'x' RETURN n.name",
    "RETURN 1 UNION CALL () { CREATE (:Hack) RETURN 2 AS x } RETURN x",
]


def test_at_least_30_ways_around_the_guard_are_refused(neo) -> None:
    assert len(BYPASSES) >= 30
    nodes = count(neo, "MATCH (n) RETURN count(n)")
    rels = count(neo, "MATCH ()-[r]->() RETURN count(r)")
    for text in BYPASSES:
        with pytest.raises(QueryError):
            cypher(*neo, text, {})
    assert count(neo, "MATCH (n) RETURN count(n)") == nodes
    assert count(neo, "MATCH ()-[r]->() RETURN count(r)") == rels
    assert count(neo, "MATCH (n) WHERE n.hacked OR n:Hack OR n:Hacked OR n.x IS NOT NULL "
                      "RETURN count(n)") == 0


def test_read_queries_run_with_parameters(neo) -> None:
    rows = cypher(*neo, "MATCH (u:Unit {name: $name})-[:RESPONSIBLE_FOR]->(t:Task) "
                        "RETURN count(t) AS n", {"name": "洪山区财政局"})
    assert rows[0]["n"] >= 3


def test_write_is_allowed_when_asked(neo) -> None:
    cypher(*neo, "CREATE (:Scratch {x: 1})", {}, write=True)
    assert count(neo, "MATCH (n:Scratch) RETURN count(n)") == 1
    cypher(*neo, "MATCH (n:Scratch) DELETE n", {}, write=True)


def test_a_slow_query_times_out(neo) -> None:
    with pytest.raises(QueryError):
        cypher(*neo, "UNWIND range(1, 100000000) AS i WITH i WHERE i % 7 = 123456789 "
                     "RETURN count(i)", {}, timeout=1)


# -- errors seen by users --------------------------------------------------------------

def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, **env)
    return subprocess.run([sys.executable, "-c", "import cli; cli.run()", *args], cwd=ROOT,
                          capture_output=True, text=True, env=full, timeout=120)


@pytest.mark.parametrize("args,message", [
    (["--uri", "bolt://127.0.0.1:1"], "not reachable"),
    (["--password", "wrong-password"], "wrong user or password"),
    (["--uri", "http://127.0.0.1:7474"], "not a Neo4j URI"),
    (["--uri", "neo4j+s://"], "not a Neo4j URI"),
])
def test_connection_errors_are_one_line(neo, args: list[str], message: str) -> None:
    result = run_cli("query", "projects", "--backend", "neo4j", *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_syntax_error_is_one_line(neo) -> None:
    result = run_cli("cypher", "MATCH (n RETURN n")
    assert result.returncode == 2 and "syntax error" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# -- a load killed part way ----------------------------------------------------------------

def big_document(folder: Path, rows: int) -> Path:
    lines = ["市派驻村工作力量安排一览表", "", "序号\t派出单位\t派驻村",
             f"一、黄陂区测试街 {rows} 个村（牵头单位：市测试局）\t\t"]
    lines += [f"{i}\t市测试局{i % 50}、测试公司{i % 7}\t测试{i}村" for i in range(1, rows + 1)]
    path = folder / "big.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_killed_load_leaves_no_half_document(neo, tmp_path: Path) -> None:
    rows = 3000  # one transaction of about 5 s, under the server's 256 MiB transaction limit
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    big_document(corpus, rows)
    store = tmp_path / "store"
    build([corpus], store)
    env = {"BANGFU_STORE": str(store)}
    proc = subprocess.Popen([sys.executable, "-c", "import cli; cli.run()", "load"], cwd=ROOT,
                            env=dict(os.environ, **env), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        running = count(neo, "SHOW TRANSACTIONS YIELD currentQuery "
                             "WHERE currentQuery CONTAINS 'UNWIND $rows' RETURN count(*)")
        if running:
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the load finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(1)
    written = count(neo, "MATCH (d:Dispatch {document: 'big.txt'}) RETURN count(d)")
    assert written in (0, rows)
    load(store, *neo)
    assert count(neo, "MATCH (d:Dispatch {document: 'big.txt'}) RETURN count(d)") == rows
    with pytest.raises(StoreError):
        load(store, *neo, replace=["not-there.txt"])
