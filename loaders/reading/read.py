"""Read a document file into text: the first stage of the pipeline.

Text is decoded as UTF-8, else GB18030 (a superset of GBK and GB2312: decoding
as GB2312 would silently change characters such as · and ——). A .docx or .pdf
is parsed in a child process with limits (loaders.reading.isolate) into the same kind
of text, with a layout that tells the page and table cell of each stretch.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.reading.layout import Layout
from ontology.errors import InputError

READABLE_SUFFIXES = (".txt", ".docx", ".pdf")
# The largest text read, in bytes (of a .txt file, or of the UTF-8 text of a
# .docx/.pdf). Reading is linear but slow: ~0.7–1 MB/s on one core and a peak
# RSS of ~18× the text (docs/benchmarks.md, "One big text file"), so 20 MB is
# some 20–30 s and ~400 MB; a larger file is refused at once with one line rather
# than read for minutes into gigabytes. A real policy document is under 1 MB.
MAX_TEXT_BYTES = 20_000_000
# Formats analysts meet that bangfu does not read; named, so a folder holding
# one says so instead of leaving the document out unnoticed.
UNSUPPORTED = {
    ".doc": "a Word 97-2003 .doc file is not read; save it as .docx",
    ".wps": "a WPS Office .wps file is not read; save it as .docx",
    ".ofd": "an OFD file is not read; export it to PDF",
}


@dataclass(frozen=True)
class RawDocument:
    """A decoded document; its id is the file name (loaders.corpus tells
    documents with one file name apart)."""

    id: str
    path: Path
    text: str
    layout: Layout | None = field(default=None, compare=False)  # .docx / .pdf only

    def locate(self, start: int, end: int) -> dict[str, Any]:
        """Page and table cell of text[start:end], as Provenance fields."""
        return self.layout.locate(start, end) if self.layout else {}


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary file, not a text document")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name}: cannot be decoded as UTF-8 or GB18030")


def read_document(path: Path, ocr: bool = False) -> RawDocument:
    """Read and decode one file; raise InputError with one clear line.
    With ocr, a PDF without a text layer is read by OCR."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise InputError(f"{path}: {UNSUPPORTED[suffix]}")
    if suffix in (".docx", ".pdf"):
        from loaders.reading.isolate import read_isolated
        text, layout = read_isolated(path, ocr)
        if not text.strip():
            raise InputError(f"{path}: empty document")
        if len(text) * 4 > MAX_TEXT_BYTES:  # at most 4 bytes a character: encode only then
            _refuse_size(path, len(text.encode("utf-8")))
        return RawDocument(id=path.name, path=path, text=text, layout=layout)
    try:
        _refuse_size(path, path.stat().st_size)  # before reading: a huge file is never loaded
    except OSError:
        pass  # read_bytes below says why the file cannot be read
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    text = decode(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: empty document")
    return RawDocument(id=path.name, path=path, text=text)


def _refuse_size(path: Path, size: int) -> None:
    if size > MAX_TEXT_BYTES:
        raise InputError(f"{path}: {size / 1e6:.1f} MB of text is more than bangfu reads "
                         f"({MAX_TEXT_BYTES / 1e6:.0f} MB); split it into its documents")


def collect_paths(paths: list[Path], skipped: list[dict[str, str]] | None = None) -> list[Path]:
    """Files named directly, and the readable files inside named folders.
    A document name in a folder that is not a regular file (a link to
    nothing, a device such as /dev/zero, a pipe) is left out and, when
    ``skipped`` is given, added to it with the reason."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.suffix.lower() not in READABLE_SUFFIXES + tuple(UNSUPPORTED):
                    continue
                if p.is_file():
                    found.append(p)
                elif skipped is not None and not p.is_dir():
                    skipped.append({"path": str(p), "reason": _not_regular(p)})
        else:
            found.append(path)
    if not found:
        raise InputError("no documents found in " + ", ".join(map(str, paths)))
    return found


def _not_regular(path: Path) -> str:
    if path.is_symlink() and not path.exists():
        return f"a link to nothing ({os.readlink(path)})"
    return "not a regular file (a device, pipe or socket)"
