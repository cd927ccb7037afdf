"""Where each character of the normalised text came from, and the normalised
text itself read back from the document through that map.

Normalisation copies the document in runs (a line, the part of a line
between markup tags) and puts a newline between paragraphs; nothing else.
So the runs and the places of those newlines say what every normalised
character is, and the normalised text need not be kept beside the document
while its facts are read: a span of it is cut from the document when asked
for. A copy of the text was ~0.8 bytes a byte of a big plan, alive beside the
whole graph (issue #13 item 11).
"""
from __future__ import annotations

import bisect
from array import array
from collections.abc import Sequence


class Origins(Sequence[int]):
    """The document offset of each normalised character, kept as runs: one
    start per run says where every character came from. An offset per
    character, even as an array of machine integers, was 4 bytes a character
    (issue #13 item 11). A paragraph's newline where the document has no
    newline (spaces left at the end of the line, a line break written \\r\\n)
    is a run of its own, marked: its character is a newline all the same."""

    __slots__ = ("_at", "_source", "_newline", "_size")

    def __init__(self) -> None:
        self._at = array("I")  # where each run starts in the normalised text...
        self._source = array("I")  # ...and in the document (4 bytes: MAX_TEXT_BYTES < 2**32)
        self._newline = bytearray()  # 1 where the run is a paragraph's newline
        self._size = 0

    def extend_run(self, start: int, count: int) -> None:
        """The next ``count`` characters are the document's from ``start`` on."""
        if count <= 0:
            return
        if not self._source or self._newline[-1] \
                or self._source[-1] + self._size - self._at[-1] != start:
            self._new_run(start, 0)
        self._size += count

    def add_newline(self, document: str) -> None:
        """A newline between paragraphs, placed just after the last character
        (where its span points in the document). Where the document has its
        line break there, the newline is the document's own character and
        continues the run (a plain text is then one run, looked up at once)."""
        at = self._source[-1] + self._size - self._at[-1]
        if document.startswith("\n", at):
            self.extend_run(at, 1)
            return
        self._new_run(at, 1)
        self._size += 1

    def verbatim(self, start: int, end: int) -> int | None:
        """The document offset of normalised text[start:end] when it is the
        document's text there unchanged (inside one copied run), else None."""
        if not 0 <= start < end <= self._size:
            return None
        run = bisect.bisect_right(self._at, start) - 1
        stop = self._at[run + 1] if run + 1 < len(self._at) else self._size
        if end > stop or self._newline[run]:
            return None
        return self._source[run] + start - self._at[run]

    def _new_run(self, start: int, newline: int) -> None:
        self._at.append(self._size)
        self._source.append(start)
        self._newline.append(newline)

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index):  # type: ignore[override]  # ints only: span() asks for one
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(index)
        run = bisect.bisect_right(self._at, index) - 1
        return self._source[run] + index - self._at[run]

    def text(self, document: str, start: int, end: int) -> str:
        """The normalised text[start:end] (0 <= start <= end <= len), cut from the document."""
        if end <= start:
            return ""
        run = bisect.bisect_right(self._at, start) - 1
        pieces = []
        while start < end:
            stop = min(end, self._at[run + 1] if run + 1 < len(self._at) else self._size)
            if self._newline[run]:
                pieces.append("\n")
            else:
                at = self._source[run] + start - self._at[run]
                pieces.append(document[at:at + stop - start])
            start, run = stop, run + 1
        return pieces[0] if len(pieces) == 1 else "".join(pieces)


class Normalized:
    """Paragraphs separated by newlines, with a map back to the source: the
    text is read from the document through the map (``text``, ``cut``)."""

    __slots__ = ("origin", "paragraphs", "_document")

    def __init__(self, document: str, origin: Origins, paragraphs: list[str] | None = None) -> None:
        self._document = document  # the decoded document: no copy
        self.origin = origin
        # the paragraphs as normalize() joined them: loaders.text.segment takes
        # them from here, then drops the list
        self.paragraphs = paragraphs

    @property
    def text(self) -> str:
        """The whole normalised text: made anew at every call (a copy as big as
        the document), so rules that read it more than once keep it themselves."""
        return self.origin.text(self._document, 0, len(self.origin))

    def cut(self, start: int, end: int) -> str:
        """text[start:end] without making the whole text."""
        size = len(self.origin)
        start = min(max(start, 0), size)
        return self.origin.text(self._document, start, min(max(end, start), size))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The document span of text[start:end]."""
        if end <= start:
            return (self.origin[start], self.origin[start]) if self.origin else (0, 0)
        return self.origin[start], self.origin[end - 1] + 1
