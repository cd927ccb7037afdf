"""Where a page or an export is written, checked before anything is chosen
or drawn, so that a wrong path costs no work."""
from __future__ import annotations

from pathlib import Path

from ontology.errors import QueryError


def check_output(out: Path, folder: bool = False) -> None:
    """An output path the command can write: a file where a file is asked
    for, a folder where a folder is; its parent folder must exist (a typo is
    never turned into new folders)."""
    if folder and out.exists() and not out.is_dir():
        raise QueryError(f"{out} exists and is not a folder "
                         "(csv writes nodes.csv and edges.csv into a folder)")
    if not folder and out.is_dir():
        raise QueryError(f"{out} is a folder; give the name of the file to write")
    if not out.exists() and not out.parent.is_dir():
        raise QueryError(f"{out}: the folder {out.parent} does not exist")
