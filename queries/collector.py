"""Pausing Python's cyclic garbage collector around work that makes many
objects and no cycles: the rows of an answer, the records of a store. Each
collection walks every object alive (a store's caches, a listing's rows), so
a 10,840-row listing spent a third of its time in it (issue #14).

Reference counting still frees everything as usual; only the cycle search
waits. Pauses nest and may overlap across threads (the workbench serves
requests in threads): the collector runs again when the last pause ends, if
it ran before the first began.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block (nor in other threads meanwhile)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
