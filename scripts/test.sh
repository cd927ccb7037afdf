#!/usr/bin/env bash
# The test command of the README: installs what the tests need into the
# project's own virtual environment, starts a real Neo4j server (fetched from
# Maven Central by scripts/neo4j on first use), runs the whole suite, and
# stops the server again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
bash scripts/install_chromium.sh
bash scripts/install_formats.sh
export BANGFU_STORE="${BANGFU_STORE:-$(mktemp -d)/store}"

# A server of the tests' own (its own data directory and port), so the tests,
# which empty its database, never touch an analyst's graph.
export BANGFU_NEO4J_HOME="${BANGFU_TEST_NEO4J_HOME:-$HOME/.cache/bangfu/neo4j-test}"
export BANGFU_NEO4J_BOLT_PORT="${BANGFU_TEST_NEO4J_BOLT_PORT:-7688}"
export BANGFU_NEO4J_HTTP_PORT=0
unset NEO4J_URI NEO4J_USER NEO4J_PASSWORD
started=0
if ! bash scripts/neo4j/neo4j.sh status >/dev/null 2>&1; then
  bash scripts/neo4j/neo4j.sh start
  started=1
fi
stop_neo4j() { [ "$started" = 1 ] && bash scripts/neo4j/neo4j.sh stop || true; }
trap stop_neo4j EXIT
export BANGFU_REQUIRE_NEO4J=1

.venv/bin/python -m pytest "$@"
