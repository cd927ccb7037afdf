"""The text of a document, for the document view: the text the build kept in
the store (queries.store_write.write_texts), so a fact's span is an offset
into exactly this text and no source file is needed.

A store built before texts were kept has none: the text is then read from the
source folders given to `bangfu serve --source` by the same reader as `bangfu
build`. A request never names a file: the document id is first resolved in
the store, and its file is then looked up in an index of the source folders
made at start-up. A file whose text no longer holds the stored quotes (edited
since the build) is not shown, so a highlight never marks the wrong words.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from loaders.reading.read import collect_paths, read_document
from ontology.errors import BangfuError

SPACE = re.compile(r"\s+")
CACHED = 16  # texts kept in memory


class Sources:
    """The documents' files in the source folders, by file name (a document's id)."""

    def __init__(self, folders: list[Path]) -> None:
        self.files: dict[str, Path] = {}
        for path in collect_paths(folders, []) if folders else []:
            self.files.setdefault(path.name, path)
        self._texts: dict[str, str] = {}
        self._lock = threading.Lock()

    def text(self, doc_id: str, quotes: list[tuple[int, int, str]],
             store: Any = None) -> str | None:
        """The document's text: the store's (``store.text``, when it keeps
        one), else its file's, if the file is in a source folder and still
        agrees with the quotes the store holds (start, end, quote)."""
        kept = store.text(doc_id) if hasattr(store, "text") else None
        if kept is not None:
            return kept  # written by the build that wrote the spans
        path = self.files.get(doc_id)
        if path is None:
            return None
        with self._lock:
            text = self._texts.get(doc_id)
        if text is None:
            try:
                text = read_document(path).text
            except (BangfuError, OSError):
                return None
            with self._lock:
                if len(self._texts) >= CACHED:
                    self._texts.pop(next(iter(self._texts)))
                self._texts[doc_id] = text
        return text if agrees(text, quotes) else None


def agrees(text: str, quotes: list[tuple[int, int, str]]) -> bool:
    """Whether the quotes stand at their spans (white space aside: a quote
    is written with the line breaks of the extraction taken out). A few may
    differ — a page footer removed from inside a quote — most may not."""
    sample = quotes[:50]
    wrong = sum(1 for start, end, quote in sample
                if end > len(text) or squeeze(text[start:end]) != squeeze(quote))
    return wrong <= len(sample) // 5


def squeeze(text: str) -> str:
    return SPACE.sub("", text)
