"""The local Neo4j server the project's own script runs (scripts/neo4j)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ontology.errors import StoreError

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "neo4j" / "neo4j.sh"
LOCAL_URI = "bolt://127.0.0.1:7687"


def home() -> Path:
    return Path(os.environ.get("BANGFU_NEO4J_HOME", Path.home() / ".cache" / "bangfu" / "neo4j"))


def local_uri() -> str:
    port = os.environ.get("BANGFU_NEO4J_BOLT_PORT", "7687")
    return f"bolt://127.0.0.1:{port}"


def local_password() -> str | None:
    path = home() / "password"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def server(action: str) -> int:
    """Run the launcher script (start | stop | status); its output goes to the terminal."""
    if not SCRIPT.is_file():
        raise StoreError(f"the Neo4j launcher is missing: {SCRIPT}")
    return subprocess.call(["bash", str(SCRIPT), action])
