"""Running the workbench: checks of the address and token, then uvicorn."""
from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

from ontology.errors import BangfuError
from queries.embedded import EmbeddedStore

LOOPBACK_NAMES = {"localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_address(host: str, token: str | None) -> str | None:
    """None when the address may be served as asked; else why not. Any
    address other than loopback is reachable by others: it needs a token."""
    if is_loopback(host):
        return None
    if not token:
        return (f"--host {host} makes the workbench reachable from other machines; "
                "give --token SECRET (every request must then carry it)")
    if len(token) < 12:
        return "--token must be at least 12 characters"
    return None


def serve(store_dir: Path, host: str = "127.0.0.1", port: int = 8765,
          sources: list[Path] | None = None, token: str | None = None,
          curation: Path | None = None, neo4j: tuple[str, str, str] | None = None) -> None:
    """Serve the store until interrupted. Raises BangfuError for a bad address
    or a store that cannot be opened (checked before the port is bound).
    ``curation`` is applied by the rebuild after a document is added; with
    ``neo4j`` (uri, user, password) the pages read that database instead."""
    import uvicorn
    from viz.web.app import create_app
    problem = check_address(host, token)
    if problem:
        raise BangfuError(problem)
    if neo4j is None:
        EmbeddedStore(store_dir)  # no store: one line now, not an error page per request
    for folder in sources or []:
        if not folder.is_dir():
            raise BangfuError(f"--source {folder} is not a folder")
    hosts = None if not is_loopback(host) else ["127.0.0.1", "localhost", "[::1]", "::1"]
    if curation is not None and not curation.is_file():
        raise BangfuError(f"--curation {curation}: no such file")
    app = create_app(store_dir, sources, token, hosts, curation, neo4j)  # Neo4j reached here
    if not is_loopback(host):
        print(f"bangfu: warning: serving on {host}: anyone who can reach this address and "
              "has the token can read the whole graph", file=sys.stderr)
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    print(f"bangfu workbench on {where}" + (f"?token={token}" if token else ""), file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
