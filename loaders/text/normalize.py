"""Normalise extracted text while remembering where each character came from.

PDF-to-text output hard-wraps paragraphs, leaves page footers inside
sentences, repeats passages and keeps stray markup. This stage removes those
and re-joins paragraphs; every character of the result maps back to its
offset in the decoded document, so provenance spans point at the source.
Table regions (tab-separated rows, the tables loaders/tables/grid.py finds, or runs
of one-or-two-character lines left by a table drawn character by character)
are left out: the table rules read them from the raw text.
"""
from __future__ import annotations

from collections.abc import Sequence

import bisect
import difflib
import re
from itertools import accumulate
from dataclasses import dataclass
from functools import lru_cache

from loaders import rules

from loaders import vocabulary
from loaders.text.origins import Normalized, Origins

MANGLED_LINE_MAX = 3      # a line this short is a fragment of a drawn table...
MANGLED_RUN_MIN = 8       # ...when at least this many come in a row
REPEAT_MIN_CHARS = 60     # a repeated block shorter than this is left alone
REPEAT_SIMILARITY = 0.97  # how alike two copies of a repeated block are
REPEAT_MAX_CHARS = 20_000  # a longer block (some ten pages) is not looked for
UNWRAPPED_WIDTH = 60      # wider "pages" mean the text was not hard-wrapped
WRAP_SLACK = 3            # a wrapped line may stop this many characters short
PROSE_MARKS = "，。；"      # a line with these inside is prose, not a title
SENTENCE_END = ("。", "！", "？", "）", ")", "】")  # before a clause on a line of its own
# 附件, 附件2, 附件：1．… start a line; 附件2）， inside a sentence was only wrapped there.
ATTACHMENT = re.compile(r"附件\s*[\d一二三四五六七八九十]*\s*(?:[：:．.、\s]|$)")
# Columns aligned with runs of spaces (pdftotext -layout tables) say nothing of the page
# width. In a stripped line two spaces in a row have text on both sides: a pattern that
# starts with the spaces is looked for much faster than one starting with the text before.
LAYOUT_GAP = re.compile(r"\s\s")
# Markdown emphasis around text (**牵头单位**：, **牵头单位：**, __…__): the
# markers are dropped like markup tags so labels and headings read as plain
# text. Runs of three or more (_____ a template's blank, *** a rule) are not
# markers, nor is a marker next to a space.
EMPHASIS = re.compile(r"(?<![*_])(\*\*|__)(?![\s*_])(.+?)(?<![\s*_])\1(?![*_])")


@dataclass(frozen=True, slots=True)  # one per line of a document
class Line:
    text: str    # the line without its newline
    start: int   # offset of text[0] in the document


def split_lines(text: str) -> list[Line]:
    """The lines of text. The table readers and normalize() all ask for the
    lines of the same document: they are cut once and the list is shared, so
    no caller changes it. build_document() forgets them (forget_lines)."""
    return _split_lines(text)


def forget_lines() -> None:
    _split_lines.cache_clear()


@lru_cache(maxsize=1)
def _split_lines(text: str) -> list[Line]:
    raws = text.splitlines(keepends=True)
    return [Line(raw.rstrip("\r\n"), pos)
            for raw, pos in zip(raws, accumulate(map(len, raws), initial=0))]


def _is_table_line(line: Line) -> bool:
    return "\t" in line.text


def table_lines(lines: list[Line], tables: Sequence[tuple[int, int]]) -> set[int]:
    """Indexes of lines inside the spans of tables found in the document
    (space-aligned, Markdown pipes, one cell per line — the caller's table
    readers find them): the table rules read those cells, and as prose they
    would read as clauses."""
    if not tables:
        return set()
    return {i for i, line in enumerate(lines)
            if any(a < line.start + len(line.text) and line.start < b for a, b in tables)}


def mangled_zones(lines: list[Line]) -> set[int]:
    """Indexes of lines inside runs of very short lines (a drawn table)."""
    zone: set[int] = set()
    run: list[int] = []
    for i, line in enumerate(lines):
        body = line.text.strip()
        if not body:
            continue
        if len(body) <= MANGLED_LINE_MAX:
            run.append(i)
            continue
        if len(run) >= MANGLED_RUN_MIN:
            zone.update(range(run[0], run[-1] + 1))
        run = []
    if len(run) >= MANGLED_RUN_MIN:
        zone.update(range(run[0], run[-1] + 1))
    return zone


def repeated_blocks(lines: list[Line]) -> set[int]:
    """Indexes of lines that repeat the block just before them verbatim.

    PDF extraction sometimes writes a passage twice in a row; the second copy
    is dropped so that its facts are stated once.
    """
    content: list[int] = []
    texts: list[str] = []
    for i, line in enumerate(lines):
        body = line.text.strip()
        if body:
            content.append(i)
            texts.append(body)
    # Where each line's text occurs, and the characters before each line:
    # a block's copy starts at a later line of the same text, and a block
    # longer than REPEAT_MAX_CHARS is not looked for, so one big file costs
    # time linear in its size (a scan of all later lines was quadratic).
    at: dict[str, list[int]] = {}
    for j, text in enumerate(texts):
        at.setdefault(text, []).append(j)
    before = [0]
    for text in texts:
        before.append(before[-1] + len(text))
    dropped: set[int] = set()
    k = 0
    while k < len(texts):
        same = at[texts[k]]
        size = _repeat_size(texts, k, same, before) if len(same) > 1 else 0  # else no copy
        if size:
            dropped.update(content[k + size: k + 2 * size])
            k += 2 * size
        else:
            k += 1
    return dropped


def _repeat_size(texts: list[str], k: int, same: list[int], before: list[int]) -> int:
    """Length in lines of a block starting at k that the next lines repeat.

    The copy need not be verbatim (an extraction may differ by a character or
    two between the copies), only nearly so. ``same`` lists the lines whose
    text is that of line k; ``before`` the characters before each line.
    """
    if len(texts[k]) < 10:
        return 0
    for j in same[bisect.bisect_right(same, k):]:
        size = j - k
        chars = before[j] - before[k]
        if chars > REPEAT_MAX_CHARS:
            break
        copy_chars = before[min(j + size, len(texts))] - before[j]
        if chars < REPEAT_MIN_CHARS or abs(chars - copy_chars) > chars * (1 - REPEAT_SIMILARITY):
            continue
        block, copy = "".join(texts[k:j]), "".join(texts[j:j + size])
        if block == copy or _nearly_equal(block, copy):
            return size
    return 0


def _nearly_equal(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > len(a) * (1 - REPEAT_SIMILARITY):
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= REPEAT_SIMILARITY and matcher.ratio() >= REPEAT_SIMILARITY


def _typical_width(lines: list[Line]) -> int:
    """The page width of hard-wrapped text: most lines of a paragraph reach it."""
    widths = []
    for line in lines:
        body = line.text.strip()
        if len(body) > 10 and not LAYOUT_GAP.search(body):
            widths.append(_line_width(line.text))
    widths.sort()
    return widths[int(len(widths) * 0.75)] if widths else 0


def _line_width(text: str) -> int:
    """Characters of a line, its indentation included (two spaces fill one
    character's place): a paragraph's indented first line reaches the width too."""
    body = text.strip()
    indent = text[:len(text) - len(text.lstrip())]
    return len(body) + (indent.count(" ") + 1) // 2 + indent.count("\u3000") if body else 0


def _starts_heading(text: str) -> bool:
    return any(p.match(text) for p in rules.HEADING_LEVELS) or bool(ATTACHMENT.match(text)) \
        or bool(rules.ARTICLE_HEADING.match(text))  # an article starts anew, as 一、 does


def _is_heading_line(text: str, starts: bool | None = None) -> bool:
    """``starts``, when given, is _starts_heading(text)."""
    return (_starts_heading(text) if starts is None else starts) and "。" not in text \
        and len(text) <= 30


def _ends_paragraph(prev: Line, nxt: str, width: int, nxt_heads: bool | None = None,
                    prev_heads: bool | None = None) -> bool:
    """Whether the line break between prev and nxt ends a paragraph.

    Hard-wrapped text (a page width under 60) continues while a line reaches
    the width; unwrapped text continues only across a page break, where a long
    line stops without its closing punctuation. A responsibility clause on a
    line of its own (牵头部门：…, 【牵头单位】…) after a full stop starts anew,
    even when the sentence before it happened to fill its line.
    ``nxt_heads`` and ``prev_heads``, when given, are _starts_heading of nxt
    and of prev's text (normalize() asks once a line).
    """
    body = prev.text.strip()
    if nxt_heads is None:
        nxt_heads = _starts_heading(nxt)
    if nxt_heads or _starts_clause(nxt) and body.endswith(SENTENCE_END):
        return True
    wrapped = bool(width) and width <= UNWRAPPED_WIDTH
    full = wrapped and _line_width(prev.text) >= width - WRAP_SLACK
    # a heading ends its line, unless it fills the line: a long title or a
    # sentence wrapped (a group heading closing with its bracket still ends)
    if _is_heading_line(body, prev_heads) and not (full and not body.endswith(("）", ")", "】"))):
        return True
    if wrapped:
        return not full
    return body.endswith(tuple(rules.PARAGRAPH_END)) or not any(p in body for p in PROSE_MARKS)


def _starts_clause(text: str) -> bool:
    return bool(vocabulary.label_pattern().match(text.lstrip("【（(")))


def normalize(text: str, tables: Sequence[tuple[int, int]] = ()) -> Normalized:
    """The text as paragraphs, without page furniture, repeats and the
    spans of ``tables`` (document offsets of tables read elsewhere)."""
    lines = split_lines(text)
    skip = mangled_zones(lines) | repeated_blocks(lines) | table_lines(lines, tables)
    kept = [l for i, l in enumerate(lines)
            if i not in skip and l.text.strip() and not _is_table_line(l)
            and not rules.PAGE_FOOTER.match(l.text)]
    width = _typical_width(kept)
    paragraphs: list[str] = []
    out: list[str] = []  # the pieces of the paragraph being joined
    started = False
    origin = Origins()
    prev, prev_heads = Line("", 0), False
    for line in kept:
        body = line.text.strip()
        lead = line.start + (len(line.text) - len(line.text.lstrip()))
        heads = _starts_heading(body)  # asked once a line: of the next line, then of the previous
        if started and _ends_paragraph(prev, body, width, heads, prev_heads):
            paragraphs.append("".join(out))
            out = []
            origin.add_newline(text)
        _append_clean(body, lead, out, origin)
        started = started or bool(out)
        prev, prev_heads = line, heads
    paragraphs.append("".join(out))
    # a paragraph of one line whole is that line's string (join of one string
    # is the string): segment() takes them while the lines are alive; the
    # normalised text is read from the document through ``origin``
    return Normalized(text, origin, paragraphs)


def _append_clean(body: str, start: int, out: list[str], origin: Origins) -> None:
    """Append a line without its markup tags and emphasis markers, keeping
    each character's offset."""
    if "<" not in body and "**" not in body and "__" not in body:
        if body:  # no tag, no emphasis: most lines
            out.append(body)
            origin.extend_run(start, len(body))
        return
    dropped = [(m.start(), m.end()) for m in rules.MARKUP_TAG.finditer(body)]
    for m in EMPHASIS.finditer(body):
        dropped += [(m.start(1), m.end(1)), (m.end(2), m.end())]
    pos = 0
    for a, b in sorted(dropped) + [(len(body), len(body))]:
        if a > pos:  # kept runs are appended whole: one string per run, not per character
            out.append(body[pos:a])
            origin.extend_run(start + pos, a - pos)
        pos = max(pos, b)
