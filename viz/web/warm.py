"""Reading a generation before anyone asks: at start-up and after each rebuild.

At 40 copies of the corpus the first request of a process paid 4–5 s (the
name index, the records, the whole graph) and the first /quality much more
(the report). A background thread makes them in turn as soon as the server
starts or a rebuild switches generation, reading the records once for all
the views that need them; a request that comes meanwhile waits for the value
being made (viz/web/kept.py), never makes it a second time.
"""
from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from queries.embedded import EmbeddedStore
from queries.store import keep_listings, listings_to_keep


def warm(store: Any) -> None:
    """Make every per-generation value of the store's current generation."""
    from viz.web import data, graph, quality_view
    data.names(store)
    if not isinstance(store, EmbeddedStore):  # Neo4j: the other views read the embedded store
        return
    store.name_index()  # the name forms that resolve a name (names.json)
    records = store.records()
    data.generation(store, records)
    graph.whole_graph(store, records)
    quality_view.quality(store, records)
    keep_listings(store)  # last: the pages above are what a first visitor opens


def warmed(store: Any) -> bool:
    """Whether every per-generation value of the store's generation is made."""
    from viz.web import data, graph, quality_view
    return (data._INDEXES.holds(store) and data._GENERATIONS.holds(store)
            and graph._WHOLE.holds(store) and quality_view.ready(store)
            and not listings_to_keep(store))


class Warming:
    """One thread warming the current generation; asked again while it runs
    (a rebuild just finished), it warms once more when it is done."""

    def __init__(self, open_store: Callable[[], Any]) -> None:
        self.open_store = open_store
        self._lock = threading.Lock()
        self._pending = False
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()

    def start(self) -> None:
        with self._lock:
            self._pending = True
            self._idle.clear()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="bangfu-warm", daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """True when nothing is being warmed (within ``timeout`` seconds)."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._thread = None
                    self._idle.set()
                    return
                self._pending = False
            try:
                warm(self.open_store())
            except Exception as exc:  # the pages make it on demand instead, and say what failed
                print(f"bangfu: warning: reading the store ahead failed: {exc}", file=sys.stderr)
