"""Answers kept per store generation (issue #14): a query asked without
parameters has one answer for a generation, computed on the first ask in any
process and kept as a file beside the graph, and a bound ask of a query with
`# keys:` reads its rows from that listing (queries/listing.py). An update of
the generation in place changes its revision, and so the folder answers are
kept in (queries/embedded.py `update`)."""
from __future__ import annotations

import json
import logging
import mmap
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from queries.listing import RowKeys, chosen
from queries.rows import Row, visible

ANSWERS = "answers"  # answers of queries asked without parameters, kept per generation
KEYS = ".keys-1.json"  # NAME.keys-1.json: a kept answer's keys; another layout, another name
log = logging.getLogger(__name__)


class KeptAnswers:
    """The answers kept for one revision of one generation, in `folder`."""

    def __init__(self, folder: Path, writable: Path) -> None:
        self.folder = folder
        self.writable = writable  # the generation's folder: kept answers go below it
        self._indexes: dict[str, dict[str, Any]] = {}  # kept answers' keys, read once (rows)

    def kept(self, name: str, compute: Callable[[], list[Row]],
             keys: RowKeys | None = None) -> list[Row]:
        """The answer of a query asked without parameters. A generation does
        not change (an update clears what it kept), so that answer is computed
        on the first ask in any process and kept in answers/NAME.json: a
        listing then costs reading its rows, not joining them again (issue #14).
        With `keys`, compute's rows hold their hidden columns: each row's keys
        are kept beside the answer (NAME.keys-1.json) for `rows`."""
        path = self.folder / f"{name}.json"
        try:
            # an answer kept without the keys asked for (not written, or of
            # another layout) is computed again, so its keys are kept at last
            if keys is None or path.with_name(name + KEYS).exists():
                with path.open("rb") as fh:
                    return json.loads(fh.read())
        except (OSError, ValueError):
            pass  # not kept yet (or unreadable): compute it
        rows = compute()
        index = [keys.of(r) for r in rows] if keys else None
        rows = visible(rows) if keys and not keys.hidden else rows
        # one row a line, so kept_rows can read a row alone; still one JSON array
        lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode() for r in rows]
        body = b"[\n" + b",\n".join(lines) + b"\n]"
        self._keep(path, body)
        if keys is not None:
            starts = [2] if lines else []  # after "[\n"
            for line in lines[:-1]:
                starts.append(starts[-1] + len(line) + 2)  # ",\n" between rows
            self._keep(path.with_name(name + KEYS), json.dumps(
                {"size": len(body), "starts": starts, "lengths": [len(x) for x in lines],
                 "columns": keys.columns, "keys": index},
                ensure_ascii=False, separators=(",", ":")).encode())
        return rows

    def may_keep(self, name: str) -> bool:
        """Whether the answer `name` is not kept with its keys yet and can be
        (a read-only store would compute it again on every ask)."""
        return not (self.folder / f"{name}{KEYS}").is_file() and os.access(self.writable, os.W_OK)

    def rows(self, name: str, wanted: Callable[[], tuple[tuple[str, ...], set[tuple]]]
                  ) -> list[Row] | None:
        """The rows of the answer kept as `name` whose keys are all among those
        `wanted` gives, in its order (queries/listing.py `chosen`); None when
        it is not kept with its keys, or listing.chosen says it cannot tell."""
        path = self.folder / f"{name}.json"
        index = self._indexes.get(name)
        try:
            if index is None:
                with path.with_name(name + KEYS).open("rb") as fh:
                    index = self._indexes[name] = json.loads(fh.read())
            with path.open("rb") as fh:
                # mapped, not read: an ask copies its own rows, not the whole
                # listing (8 MB for helpers at 40×) each time
                body = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return None
        with body:
            if len(body) != index["size"]:
                return None  # not the answer the keys were kept with
            rows = chosen(index, *wanted())
            if rows is None:
                return None
            starts, lengths = index["starts"], index["lengths"]
            return json.loads(b"[" + b",".join(body[starts[i]:starts[i] + lengths[i]]
                                               for i in rows) + b"]")

    def _keep(self, path: Path, body: bytes) -> None:
        # another process may keep the same answer at once: each writes its own file, then replaces
        temp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(body)
            os.replace(temp, path)
        except OSError as exc:  # a read-only or full disk: the answer is still right
            temp.unlink(missing_ok=True)
            log.info("answer %s not kept: %s", path.name, exc)
