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
SENTENCE_ENDS = "。！？\n"
CLAUSE_SEPARATORS = "，,；;"
BRACKET_MARKS = re.compile("[" + re.escape(BRACKET_OPENERS) + "）)】\n]")


def brackets(text: str) -> list[tuple[int, int]]:
    """Spans of top-level （…） / (…) / 【…】 brackets, outermost only."""
    spans, depth, start = [], 0, 0
    for m in BRACKET_MARKS.finditer(text):  # only brackets and line breaks matter
        i, ch = m.start(), m.group()
        if ch in BRACKET_OPENERS:
            if depth == 0:
                start = i
            depth += 1
        elif ch in "）)】" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
        elif ch == "\n":
            depth = 0  # a bracket never spans paragraphs: an unclosed one ends here
    return spans


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
    return list(_sentences(text))


@lru_cache(maxsize=8)  # each clause form reads the sentences of the same section
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(split_outside(text, 0, len(text), SENTENCE_ENDS))


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
