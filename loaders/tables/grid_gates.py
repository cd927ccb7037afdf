"""A quick answer to "can a header written one cell per line be here?" for
grid.find_grids: a condition every header of grid_cells' reader meets (never
a guess), so a document reads the same, and prose (no column word on a line
of its own) is told "no table" in one pass over its lines."""
from __future__ import annotations

import re

from loaders.tables.grid_cells import HEADER_MIN, WORD_MAX
from loaders.text.normalize import split_lines
from loaders.vocabulary import column_role

NOT_A_WORD = re.compile(r"[\s：:。，；|\t]")  # in no column word (grid_cells._is_word)


def column_words(text: str) -> bool:
    """Whether a header may be written one cell per line: a 序号 word, then
    more short column words, HEADER_MIN in all, each at most two lines below
    the one before (grid_cells._header_run; prose has few such lines)."""
    run, last = 0, 0
    roles: dict[str, str | None] = {}  # a table repeats its header words
    for i, line in enumerate(split_lines(text)):
        body = line.text.strip()
        if not 0 < len(body) <= WORD_MAX or NOT_A_WORD.search(body):
            continue
        if body not in roles:
            roles[body] = column_role(body)
        role = roles[body]
        if role is None:
            continue
        run = run + 1 if run and i - last <= 2 else int(role == "seq")
        last = i
        if run >= HEADER_MIN:
            return True
    return False
