"""Generations of the embedded store, and who may touch them when.

A store directory holds generations (``gen-<time>-<pid>/``) and a ``current``
link naming the complete one. The guarantees, with the locks that give them
(``flock``: released by the kernel when a process dies, so a killed build
or reader never leaves a lock behind):

- One writer at a time: a build (or an update) holds ``<store>/.lock``
  exclusively; a second one waits up to ``BANGFU_BUILD_WAIT`` seconds
  (default 600), then refuses with one line.
- A generation in use is never removed: the build writing it, and every
  reader that opened it, hold a shared lock on its ``.in-use`` file. Cleanup
  removes a generation only when it is not current and it can lock it
  exclusively, and renames it away before deleting it, so a reader that
  resolved ``current`` just before the switch finds it gone (and retries
  once on the new current) rather than half deleted.
- Generations left by killed builds hold no lock: the next build removes them.
"""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ontology.errors import StoreError

CURRENT = "current"
WRITER_LOCK = ".lock"
IN_USE = ".in-use"
log = logging.getLogger(__name__)


def build_wait() -> float:
    """Seconds a build waits for another one to finish (0: refuse at once)."""
    try:
        wait = float(os.environ.get("BANGFU_BUILD_WAIT", "600"))
    except ValueError:
        raise StoreError("BANGFU_BUILD_WAIT must be a number of seconds") from None
    if not 0 <= wait < float("inf"):
        raise StoreError("BANGFU_BUILD_WAIT must be a number of seconds")
    return wait


@contextmanager
def writer_lock(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the store's writer lock, waiting at most ``wait`` seconds for it."""
    wait = build_wait() if wait is None else wait
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root / WRITER_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"cannot write the store in {root}: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(f"another build is writing the store in {root} "
                                     f"(waited {wait:g} s; BANGFU_BUILD_WAIT sets how long)") from None
                if not told:
                    log.warning("waiting for another build of %s to finish", root)
                    told = True
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def new_generation(root: Path) -> tuple[Path, IO[bytes]]:
    """A fresh generation directory, held in use by the caller (the writer)."""
    generation = root / f"gen-{time.time_ns():x}-{os.getpid()}"
    generation.mkdir()
    hold = (generation / IN_USE).open("wb")
    fcntl.flock(hold, fcntl.LOCK_SH)
    return generation, hold


def switch(root: Path, generation: Path) -> None:
    """Make the generation current: one atomic rename of a link."""
    link = root / CURRENT
    tmp = root / f".{CURRENT}.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(generation.name)
    os.replace(tmp, link)  # readers see the old or the new store, never half


def remove_old(root: Path) -> None:
    """Remove every generation that is neither current nor in use (called
    under the writer lock), and temporary links left by killed builds."""
    current = current_name(root)
    for old in sorted(root.glob("gen-*")):
        if old.name == current or not old.is_dir():
            continue
        try:
            hold = (old / IN_USE).open("rb")
        except FileNotFoundError:
            hold = None  # a build killed before it held its generation
        except OSError:
            continue
        try:
            if hold is not None:
                try:
                    fcntl.flock(hold, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a reader (or a writer) has it open
            gone = root / f".removing-{old.name}"
            os.rename(old, gone)  # whoever resolves the old name now finds nothing
            shutil.rmtree(gone, ignore_errors=True)
        finally:
            if hold is not None:
                hold.close()
    for leftover in root.glob(".removing-gen-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for link in root.glob(f".{CURRENT}.*"):
        if link.is_symlink():
            link.unlink(missing_ok=True)


def current_name(root: Path) -> str | None:
    try:
        return os.readlink(root / CURRENT)
    except OSError:
        return None


def open_current(root: Path) -> tuple[Path, IO[bytes] | None]:
    """The current generation, held in use until the returned file is closed.
    If it vanished between resolving ``current`` and holding it (a build
    switched and removed it), the new current is tried once more."""
    for _ in range(2):
        name = current_name(root)
        if name is None or not (root / CURRENT).exists():
            raise StoreError(f"no graph in {root}: run `bangfu build` first")
        path = root / name
        try:
            hold = (path / IN_USE).open("rb")
        except FileNotFoundError:
            if (path / "rdf").is_dir():
                return path, None  # written before generations were held
            continue
        fcntl.flock(hold, fcntl.LOCK_SH)  # waits while a cleanup holds it
        if (path / "rdf").is_dir():
            return path, hold
        hold.close()
    raise StoreError(f"the store in {root} changed while it was opened; run the command again")
