"""Quick answers to "can a table of this kind be here?" for grid.find_grids:
each reader runs only where its header can be. Each gate is a condition
every header of its reader meets (never a guess), so a document reads the
same, and prose (a big plan has no tab, pipe, double space nor column word
on a line of its own) is told "no table" in a few scans of its text."""
from __future__ import annotations

import re

from loaders.tables.grid_cells import HEADER_MIN, WORD_MAX
from loaders.text.normalize import split_lines
from loaders.vocabulary import column_role

# Spaces inside a line: every character str.isspace() (and re's \s) takes for
# a space and str.splitlines() not for a line break, but the tab (a line with
# a tab is no space-aligned header: layout_grids leaves it to tab_grids).
_LAYOUT_SPACE = ("\x1f \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                 "\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
_LAYOUT_GAP = re.compile(f"[{re.escape(_LAYOUT_SPACE)}]{{2,}}")


def spaced_cells(text: str) -> bool:
    """Whether a line may be a space-aligned header: two cells apart by two or
    more spaces (prose seldom has them, a big plan no space at all). Said by
    scanning the text, not by splitting every line."""
    if not any(c in text for c in _LAYOUT_SPACE):
        return False
    for m in _LAYOUT_GAP.finditer(text):
        a, b = m.start(), m.end()
        if a and b < len(text) and not text[a - 1].isspace() and not text[b].isspace():
            return True
    return False


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
