"""Values the workbench makes once per store generation and shares: the
name index, the records' metadata and table cells, the whole graph, the
quality report. A generation never changes, so a value made from it stays
right until a rebuild switches to the next one.

Made under a lock: a request that asks while the start-up warming
(viz/web/warm.py) is making the value waits for it instead of making it a
second time on a machine of two cores.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def generation_key(store: Any) -> str:
    """The generation a store object reads (a Neo4j store: the object itself)."""
    return str(getattr(store, "path", id(store)))


class PerGeneration(Generic[T]):
    """One value per generation, at most ``keep`` generations held (the
    current one and those before a rebuild that requests still read)."""

    def __init__(self, keep: int = 2) -> None:
        self.keep = keep
        self._values: dict[str, T] = {}
        self._lock = threading.Lock()

    def get(self, store: Any, make: Callable[[], T]) -> T:
        key = generation_key(store)
        with self._lock:
            if key not in self._values:
                value = make()
                if len(self._values) >= self.keep:
                    self._values.clear()
                self._values[key] = value
            return self._values[key]

    def holds(self, store: Any) -> bool:
        return generation_key(store) in self._values
