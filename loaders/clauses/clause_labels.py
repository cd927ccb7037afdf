"""Labelled clauses: a role label (ontology/data/roles.csv, form "label")
followed by its unit list, however the document sets it:

    （牵头单位：A；责任单位：B、C）   (牵头单位:A;配合单位:B)   【牵头单位：A；责任单位：B】
    【牵头单位】A【责任单位】B、C     (inline, or on a line of its own)
    牵头部门：A                      (a line of its own after the paragraph)
    主责单位:A  协办单位：B、C

A label's list runs to the next label or to the end of its bracket, sentence
or line. The labels of a bracket may follow a page break's repeat of the
label's first characters (（责责任单位：).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from loaders import vocabulary
from loaders.clauses.clause_text import inside, sentences, within
from loaders.clauses.clause_units import listed_units
from loaders.names.units import Context, UnitName

CLAUSE_START_AFTER = "。；;！？）)】\n"  # a label after one of these starts a clause
# Dashes that lead a label in as a list item (——牵头单位：X): no unit name
# ends with one, so a label after them still starts its clause.
LEAD_IN = " \u3000—－–-"
LABEL_MARKS = frozenset("】：:")  # label_token() matches only text holding one of these
LABEL_MARK = re.compile("[】：:]")


@dataclass(frozen=True)
class Part:
    """Units of one role read from a span of the section text."""

    role: str
    units: list[UnitName]
    start: int  # the span to quote: the bracket, sentence or line
    end: int


@cache
def label_token() -> re.Pattern[str]:
    """【牵头单位】, 牵头单位：, 牵头单位: (with the 【 when there is one)."""
    roles = sorted(vocabulary.label_roles(), key=len, reverse=True)
    # 牵头：X (a word of form "colon") is a label only with its colon
    colon = sorted(vocabulary.clause_label_roles(), key=len, reverse=True)
    words = "|".join(map(re.escape, roles))
    colon_words = "|".join(map(re.escape, colon))
    # The lookahead on the first character changes no match; it spares trying
    # every label word at every character of a long text.
    first = re.escape("【" + "".join(sorted({w[0] for w in colon})))
    return re.compile(rf"(?=[{first}])(?:【\s*({words})\s*】|({colon_words})\s*[：:])")


def _word(m: re.Match[str]) -> str:
    return m.group(1) or m.group(2)


def label_run(text: str, start: int, end: int, quote: tuple[int, int],
              context: Context, first: re.Match[str] | None = None) -> list[Part]:
    """The clauses of text[start:end], which holds labels and their lists;
    ``first``, when given, is the label at ``start``, found already."""
    if first is None:
        labels = list(label_token().finditer(text, start, end))
    else:  # the search from start would find it again
        labels = [first, *label_token().finditer(text, first.end(), end)]
    out: list[Part] = []
    roles = vocabulary.clause_label_roles()
    for k, label in enumerate(labels):
        stop = labels[k + 1].start() if k + 1 < len(labels) else end
        body = text[label.end():stop]
        for role, unit in listed_units(body, roles[_word(label)], context):
            # grouped() as we go: every part has the one quote
            if out and out[-1].role == role:
                out[-1].units.append(unit)
            else:
                out.append(Part(role, [unit], *quote))
    return out


def grouped(parts: list[Part]) -> list[Part]:
    """Consecutive units of one role and span as one part."""
    out: list[Part] = []
    for p in parts:
        if out and out[-1].role == p.role and (out[-1].start, out[-1].end) == (p.start, p.end):
            out[-1].units.extend(p.units)
        else:
            out.append(Part(p.role, list(p.units), p.start, p.end))
    return out


def in_bracket(text: str, start: int, end: int, context: Context) -> list[Part]:
    """Clauses of a bracket that begins with a role label (责任单位：…)."""
    first = label_token().search(text, start + 1, end - 1)
    if not first or first.group(1) or not _only_artifact(text[start + 1:first.start()], _word(first)):
        # 【牵头单位】 alone is a label token outside any list: see after_labels
        return []
    return label_run(text, first.start(), end - 1, (start, end), context, first)


def _only_artifact(before: str, label: str) -> bool:
    """Nothing, or a page break's repeat of the label's first characters (（责责任单位：)."""
    before = before.strip()
    return not before or len(before) <= 2 and label.startswith(before)


def outside_brackets(text: str, taken: list[tuple[int, int]], context: Context) -> list[Part]:
    """Label runs outside brackets: a 【label】 anywhere, or a label with a
    colon that starts a line or a sentence; each runs to its sentence's end."""
    if _no_bracket_in_labels() and not _mark_outside(text, taken):
        return []
    out: list[Part] = []
    for start, end in sentences(text):
        if within(taken, start, end):
            continue  # a bracket already read: every label in it is inside
        if not LABEL_MARKS.intersection(text[start:end]):
            continue  # a label token closes with 】 or a colon: most sentences have neither
        first = next((m for m in label_token().finditer(text, start, end)
                      if not inside(taken, m.start()) and _starts_clause(text, start, m)), None)
        if first is None:
            continue
        stop = _run_end(text, first.start(), end, taken)
        out += label_run(text, first.start(), stop, (first.start(), stop), context)
    return out


@cache
def _no_bracket_in_labels() -> bool:
    return not any(ch in word for word in vocabulary.clause_label_roles() for ch in "（(【")


def _mark_outside(text: str, taken: list[tuple[int, int]]) -> bool:
    """Whether a 】 or colon lies outside the brackets read: a token's does
    when its start does (between them stand only a label word and blanks, no
    opening bracket), so with none there is no run to read."""
    for m in LABEL_MARK.finditer(text):
        i = m.start()
        for a, b in taken:
            if a <= i < b:
                break
        else:
            return True
    return False


def _starts_clause(text: str, sentence_start: int, m: re.Match[str]) -> bool:
    if m.group(1):
        return True
    before = text[sentence_start:m.start()].rstrip(LEAD_IN)
    return not before or before[-1] in CLAUSE_START_AFTER


# Two blanks or more between words: the gap a document leaves after an inline
# run (【配合单位】A、B  每年组织…) before its text goes on.
GAP = re.compile(r"(?<=\S)[ \u3000\t]{2,}(?=\S)")


def _run_end(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> int:
    """A run stops at a bracket already read as a clause (its own list), or
    at a gap of blanks not followed by another label."""
    for a, _ in taken:
        if start < a < end:
            end = a
            break
    for gap in GAP.finditer(text, start, end):
        # blanks after a label's mark start its list; before a label, the next list
        if text[gap.start() - 1] not in LABEL_MARKS and not label_token().match(text, gap.end(), end):
            return gap.start()
    return end
