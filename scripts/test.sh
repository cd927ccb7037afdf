#!/usr/bin/env bash
# The test command of the README: installs what the tests need into the
# project's own virtual environment and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
export BANGFU_STORE="${BANGFU_STORE:-$(mktemp -d)/store}"
.venv/bin/python -m pytest "$@"
