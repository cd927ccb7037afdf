"""Read a document file into text: the first stage of the pipeline.

Text is decoded as UTF-8, else GB18030 (a superset of GBK and GB2312: decoding
as GB2312 would silently change characters such as · and ——).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ontology.errors import InputError

READABLE_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class RawDocument:
    """A decoded document; its id is the file name."""

    id: str
    path: Path
    text: str


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary file, not a text document")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name}: cannot be decoded as UTF-8 or GB18030")


def read_document(path: Path) -> RawDocument:
    """Read and decode one file; raise InputError with one clear line."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    text = decode(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: empty document")
    return RawDocument(id=path.name, path=path, text=text)


def collect_paths(paths: list[Path]) -> list[Path]:
    """Files named directly, and the readable files inside named folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*")
                            if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES)
        else:
            found.append(path)
    if not found:
        raise InputError("no documents found in " + ", ".join(map(str, paths)))
    return found
