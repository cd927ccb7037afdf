"""The local Neo4j server's HTTP side and its recovery, on a server of this
module's own: Bolt and HTTP on free ports, a temporary data directory, the
classes and jars of the test server's home (scripts/test.sh builds them).

Issue #12 item 8: the printed Neo4j Browser URL fills in the user name, never
the password. Issue #13: the HTTP connector allows only its own origin (not
`*`), and a server killed hard (as the OOM killer would) is reported in one
line and comes back with `bangfu neo4j start`, its data kept."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from neo4j import GraphDatabase

import browser
from conftest import ROOT
from queries.api import load

SCRIPT = ROOT / "scripts" / "neo4j" / "neo4j.sh"
TEST_HOME = Path(os.environ.get("BANGFU_TEST_NEO4J_HOME",
                                Path.home() / ".cache" / "bangfu" / "neo4j-test"))
BANGFU = [sys.executable, "-c", "import cli; cli.run()"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
EVIL = "http://evil.example"
WAIT = 120.0  # bound of every wait for the server or a process (a loaded 2-core machine)
# A read query that runs far longer than it takes to find and kill the server under it.
SLOW = "MATCH (a), (b), (c) WHERE a.id < b.id AND b.id < c.id RETURN count(*) AS n"


@dataclass
class Server:
    home: Path
    bolt: int
    http: int

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.http}"

    @property
    def password(self) -> str:
        return (self.home / "password").read_text(encoding="utf-8").strip()

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")}
        return env | {"BANGFU_NEO4J_HOME": str(self.home), "BANGFU_NEO4J_BOLT_PORT": str(self.bolt),
                      "BANGFU_NEO4J_HTTP_PORT": str(self.http)}

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """A bangfu command against this server."""
        return subprocess.run(BANGFU + list(args), cwd=ROOT, env=self.env(), text=True,
                              capture_output=True, timeout=600)

    def script(self, action: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", str(SCRIPT), action], env=self.env(), text=True,
                              capture_output=True, timeout=600)


def free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def require_neo4j() -> None:
    """As tests/neo4j_fixture.py: under scripts/test.sh (BANGFU_REQUIRE_NEO4J) a missing
    server is a failure, elsewhere a skip."""
    missing = [what for what, ok in (("java", shutil.which("java")),
                                     (f"{TEST_HOME}/classes", (TEST_HOME / "classes").is_dir()),
                                     (f"{TEST_HOME}/lib", (TEST_HOME / "lib").is_dir())) if not ok]
    if missing:
        message = f"no built Neo4j to run ({', '.join(missing)} missing; scripts/test.sh builds it)"
        if os.environ.get("BANGFU_REQUIRE_NEO4J"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def server() -> Server:
    require_neo4j()
    home = Path(tempfile.mkdtemp(prefix="bangfu-neo4j-http-"))
    # neo4j.sh compiles and downloads only when the stamps in these differ from the sources
    for name in ("classes", "lib"):
        (home / name).symlink_to(TEST_HOME / name)
    srv = Server(home, *free_ports(2))
    try:
        started = srv.script("start")  # itself bounded: 120 s, then it stops the JVM
        assert started.returncode == 0, started.stdout + started.stderr
        yield srv
    finally:
        srv.script("stop")  # SIGTERM, then SIGKILL after 60 s; fine when nothing runs
        shutil.rmtree(home, ignore_errors=True)  # removes the links, not what they point at


def ready(srv: Server) -> dict[str, str]:
    lines = (srv.home / "neo4j.ready").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def allowed_origin(url: str, origin: str, method: str = "GET") -> str | None:
    headers = {"Origin": origin}
    if method == "OPTIONS":  # a browser's preflight before a cross-origin POST
        headers |= {"Access-Control-Request-Method": "POST",
                    "Access-Control-Request-Headers": "content-type"}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers, method=method),
                                timeout=WAIT) as reply:
        return reply.headers.get("Access-Control-Allow-Origin")


@pytest.mark.parametrize("path,method", [("/", "GET"), ("/db/neo4j/tx/commit", "OPTIONS")])
def test_the_http_connector_allows_only_its_own_origin(server: Server, path: str, method: str) -> None:
    # Neo4j 5.26 answers with the configured origin whatever the request's Origin is;
    # a browser then lets only a page of that origin read the answer.
    for origin in (EVIL, server.origin):
        assert allowed_origin(server.origin + path, origin, method) == server.origin


def test_a_page_of_another_origin_cannot_read_the_server(server: Server,
                                                         chromium: browser.Browser) -> None:
    # localhost:PORT is another origin than 127.0.0.1:PORT: with `*` this fetch succeeded
    other = f"http://localhost:{server.http}"
    chromium.call("Page.navigate", session=True, url=other + "/")  # Neo4j sends it on to /browser/
    chromium.wait_for(f"location.origin === {other!r} && document.readyState === 'complete'")
    outcome = chromium.evaluate(f"fetch({server.origin + '/'!r}).then(r => 'read ' + r.status)"
                                ".catch(e => 'refused: ' + e.message)")
    assert outcome.startswith("refused"), outcome
    assert any("blocked by CORS policy" in e for e in chromium.log.errors()), chromium.log.errors()


def test_the_printed_browser_url_fills_in_the_user_name_never_the_password(
        server: Server, chromium: browser.Browser) -> None:
    text = (server.home / "neo4j.ready").read_text(encoding="utf-8")
    assert server.password not in text
    url = ready(server)["browser"]
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == server.origin and parts.path == "/browser/"
    assert parse_qs(parts.query)["dbms"] == [f"bolt://neo4j@127.0.0.1:{server.bolt}"]

    chromium.call("Page.navigate", session=True, url=url)
    field = "document.querySelector('input[data-testid=\"{}\"]')"
    user, pw, address = (field.format(n) for n in ("username", "password", "boltaddress"))
    connect = "document.querySelector('[data-testid=\"connect\"]')"
    # the form is busy (Connect disabled) while Neo4j Browser first tries to connect on its own
    chromium.wait_for(f"{user} !== null && {connect} !== null && !{connect}.disabled")
    assert chromium.evaluate(f"{user}.value") == "neo4j"
    assert chromium.evaluate(f"[{pw}.type, {pw}.value]") == ["password", ""]
    assert chromium.evaluate(f"{address}.value") == f"127.0.0.1:{server.bolt}"
    chromium.screenshot(ARTIFACTS / "neo4j_browser.png")  # before the password is typed

    # the form as filled in reaches the server: only the password is missing
    chromium.evaluate(f"{pw}.focus()")
    chromium.call("Input.insertText", session=True, text=server.password)
    chromium.evaluate(f"{connect}.click()")
    chromium.wait_for("document.body.innerText.includes('You are connected as user neo4j')")


def alive(pid: int) -> bool:
    """Running: not gone and not a zombie waiting for a parent that is not us."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def running_queries(srv: Server) -> list[str]:
    with GraphDatabase.driver(f"bolt://127.0.0.1:{srv.bolt}", auth=("neo4j", srv.password)) as d:
        records, _, _ = d.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery")
        return [r[0] for r in records]


def counts(srv: Server) -> list[dict]:
    done = srv.run("cypher", "MATCH (n) WITH count(n) AS nodes "
                   "MATCH ()-[r]->() RETURN nodes, count(r) AS relationships", "-f", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def one_error_line(code: int, err: str) -> str:
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("bangfu: error: "), err
    return lines[0]


# Last in the module: it kills the module's server (and brings it back).
def test_a_server_killed_hard_is_reported_in_one_line_and_start_recovers_it(
        server: Server, store: Path) -> None:
    load(store, f"bolt://127.0.0.1:{server.bolt}", "neo4j", server.password)
    before = counts(server)
    assert before[0]["nodes"] > 1000

    query = subprocess.Popen(BANGFU + ["cypher", SLOW, "--timeout", "300"], cwd=ROOT,
                             env=server.env(), text=True, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + WAIT
        while SLOW not in running_queries(server):
            assert query.poll() is None, query.communicate()
            assert time.monotonic() < deadline, "the query never reached the server"
            time.sleep(0.2)
        pid = int((server.home / "neo4j.pid").read_text())
        assert "bangfu.neo4j.Launcher" in Path(f"/proc/{pid}/cmdline").read_text()
        os.kill(pid, signal.SIGKILL)  # as the OOM killer would: no shutdown hook runs
        _, err = query.communicate(timeout=WAIT)
    finally:
        if query.poll() is None:
            query.kill()
            query.communicate()
    assert "bangfu neo4j start" in one_error_line(query.returncode, err)
    deadline = time.monotonic() + WAIT
    while alive(pid):
        assert time.monotonic() < deadline, f"pid {pid} outlived SIGKILL"
        time.sleep(0.2)

    status = server.run("neo4j", "status")
    assert status.returncode == 3 and "not running" in status.stdout, status.stdout
    done = server.run("cypher", "RETURN 1 AS one")
    line = one_error_line(done.returncode, done.stderr)
    assert f"not reachable at bolt://127.0.0.1:{server.bolt}" in line
    assert "bangfu neo4j start" in line

    started = server.run("neo4j", "start")
    assert started.returncode == 0, started.stdout + started.stderr
    assert counts(server) == before  # recovered from Neo4j's transaction log
