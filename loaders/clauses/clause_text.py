"""Where clauses sit in a section's text: brackets, sentences and the
separators between a clause's parts, all outside nested brackets and quotes.

Offsets are relative to the text given; every helper returns spans so that
each fact can quote exactly what it was read from.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

OPENERS = "（(【〔[“《"
CLOSERS = "）)】〕]”》"
BRACKET_OPENERS = "（(【"  # brackets that can hold a responsibility clause
BRACKET_CLOSERS = "）)】"
SENTENCE_ENDS = "。！？\n"
CLAUSE_SEPARATORS = "，,；;"


def brackets(text: str) -> list[tuple[int, int]]:
    """Spans of top-level （…） / (…) / 【…】 brackets, outermost only; a
    bracket never spans paragraphs (an unclosed one ends at the line break)."""
    return list(_layout(text)[1])


def split_outside(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """Spans of text[start:end] between separators that are not inside
    brackets or quotes; empty pieces are dropped, spans are stripped."""
    pieces, depth, begin = [], 0, start
    for m in _marks(separators).finditer(text, start, end):  # only the characters that matter
        i, ch = m.start(), m.group()
        if ch == "\n":
            depth = 0  # an unclosed bracket ends with its paragraph
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in separators:
            pieces.append((begin, i))
            begin = i + 1
    pieces.append((begin, end))
    return _stripped(text, pieces)


def _stripped(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for a, b in pieces:  # strip_span, inline: this runs for every sentence and clause
        while a < b and text[a] in BLANKS:
            a += 1
        while b > a and text[b - 1] in BLANKS:
            b -= 1
        if b > a:
            out.append((a, b))
    return out


@cache
def _marks(separators: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(OPENERS + CLOSERS + separators + "\n") + "]")


BLANKS = " \u3000\t\n"


def strip_span(text: str, start: int, end: int, chars: str = BLANKS) -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: cut at 。！？ and paragraph breaks outside brackets."""
    return list(_layout(text)[0])


@lru_cache(maxsize=8)  # each clause form reads the sentences and brackets of the same section
def _layout(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """The sentences (split_outside(text, 0, len(text), SENTENCE_ENDS)) and the
    top-level brackets of text, in one pass over its marks: the marks of
    brackets are among those of sentences."""
    pieces, spans = [], []
    depth = begin = 0  # of every opener and closer, for sentences
    level = start = 0  # of （(【 and their closers only, for brackets
    for m in _marks(SENTENCE_ENDS).finditer(text):
        i = m.start()
        ch = text[i]  # not m.group(): a method call at every mark
        if ch in OPENERS:
            depth += 1
            if ch in BRACKET_OPENERS:
                if level == 0:
                    start = i
                level += 1
        elif ch in CLOSERS:
            if depth:
                depth -= 1
            if level and ch in BRACKET_CLOSERS:
                level -= 1
                if level == 0:
                    spans.append((start, i + 1))
        elif ch == "\n":  # a paragraph ends every bracket open in it
            depth = level = 0
            pieces.append((begin, i))
            begin = i + 1
        elif depth == 0:
            pieces.append((begin, i))
            begin = i + 1
    pieces.append((begin, len(text)))
    return tuple(_stripped(text, pieces)), tuple(spans)


def clause_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a sentence between ，and ；."""
    return split_outside(text, start, end, CLAUSE_SEPARATORS)


def rest_of_line(text: str, pos: int) -> str:
    """text[pos:] up to its line break: not text[pos:].split("\n", 1)[0],
    which copies the rest of the section for every sentence of it."""
    stop = text.find("\n", pos)
    return text[pos:stop] if stop >= 0 else text[pos:]


def last_char_before(text: str, pos: int, blanks: str = " \u3000") -> str:
    """The last character of text[:pos].rstrip(blanks), "" if none, without the copy."""
    while pos > 0 and text[pos - 1] in blanks:
        pos -= 1
    return text[pos - 1] if pos else ""


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the spans."""
    return any(a <= start and end <= b for a, b in spans)
