"""Responsibility clauses of a numbered point, in every form of the genre.

Read in this order, each span once:
  1. brackets: labelled (loaders/clauses/clause_labels.py), inline verbs
     (loaders/clauses/clause_verbs.py), or a bare list of units closing the point;
  2. label runs outside brackets: 【牵头单位】A【责任单位】B, or 牵头部门：A
     on a line of its own;
  3. a paragraph's last sentence made only of units and verbs (由X牵头，Y配合。),
     read wherever a bracket would be;
  4. running prose (由X牵头，Y配合 / X会同Y… / Z具体落实), except in the
     boilerplate sections every plan carries (指导思想, 保障措施 …), where
     such sentences speak of persons and mechanisms, not of this task.
职责分工 paragraphs (单位：负责…) name their own tasks: loaders/clauses/clause_duty.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.clauses import clause_labels

from loaders.clauses import clause_verbs
from loaders.clauses.clause_labels import Part, grouped
from loaders.clauses.clause_text import brackets, last_char_before, rest_of_line
from loaders.clauses.clause_units import is_unit, listed_units
from loaders.names.units import Context, UnitName
from ontology.vocab import C

BARE_LIST_MIN_UNITS = 0.6  # share of items that must read as units in a bare list
# Headings of the sections every plan carries whose prose assigns no task.
BOILERPLATE = re.compile(r"指导思想|总体要求|基本原则|工作原则|工作目标|主要目标|总体目标"
                         r"|保障措施|工作要求|组织领导|组织保障|工作保障|工作纪律|人员条件|选派范围")
HEADING_PUNCTUATION = "，。；,;"
HEADING_MARKS = re.compile("[（(【）)】" + HEADING_PUNCTUATION + "]")


@dataclass(frozen=True)
class Clause:
    """One role's units, with the span (in the section text) to quote."""

    role: str
    units: list[UnitName]
    start: int
    end: int
    list_start: int  # kept for callers of the older shape: the span's start


def is_boilerplate(path: str) -> bool:
    return bool(BOILERPLATE.search(path))


def bare_list(text: str, start: int, end: int, context: Context) -> list[Part]:
    """A bracket of unit names closing a point: (区纪委监委、区委宣传部、…)."""
    if rest_of_line(text, end).strip(" 。.；;"):
        return []
    before = last_char_before(text, start)
    if before and before not in "。；;.！？\n":
        return []  # 各乡镇（街道）: a bracket glued to a name is part of it
    inner = text[start + 1:end - 1]
    if "：" in inner or ":" in inner:
        return []
    listed = listed_units(inner, "responsible", context)
    # each item must read as a name, as in running text: no label vouches for
    # it, and a dateline (2024年2月26日…办公室印发) is no list of units
    known = [u for _, u in listed if u.cls is not C.OtherUnit and is_unit(u)]
    if not listed or len(known) < BARE_LIST_MIN_UNITS * len(listed):
        return []
    return grouped([Part(role, [unit], start, end) for role, unit in listed])


def find_clauses(text: str, context: Context, prose: bool = True,
                 duties: list[tuple[int, int]] | None = None) -> list[Clause]:
    """Every responsibility clause in a section's text; the spans of its
    职责分工 duties (loaders/clauses/clause_duty.py) are theirs, not running prose."""
    parts: list[Part] = []
    taken: list[tuple[int, int]] = []
    # Every form but the labelled ones needs a verb: a text without one
    # (most points, that name their units with labels) spares those readings.
    verbs = clause_verbs.has_verb(text)
    spans = brackets(text)
    heading_end = _heading_end(text) if spans else 0
    for start, end in spans:
        if start < heading_end:
            continue  # 一、大柘镇（牵头单位：县委办）: a group heading, not a task
        found = (clause_labels.in_bracket(text, start, end, context)
                 or verbs and clause_verbs.in_bracket(text, start, end, context)
                 or bare_list(text, start, end, context))
        if found:
            taken.append((start, end))
            parts += found
    runs = clause_labels.outside_brackets(text, taken, context)
    parts += runs
    if not verbs:
        return _once(parts)
    read = taken + [(p.start, p.end) for p in runs] + (duties or [])
    closing = clause_verbs.closing_sentences(text, read, context)
    parts += closing
    if prose:
        read += [(p.start, p.end) for p in closing]
        parts += clause_verbs.in_prose(text, read, context)
    return _once(parts)


def _heading_end(text: str) -> int:
    """End of a heading line that is all the paragraph holds and has no
    sentence in it (a group heading over table rows), else 0."""
    stop = text.find("\n")
    first = len(text) if stop < 0 else stop
    depth = 0
    for m in HEADING_MARKS.finditer(text, 0, first):  # only brackets and punctuation matter
        ch = text[m.start()]
        if ch in "（(【":
            depth += 1
        elif ch in "）)】":
            depth -= depth > 0
        elif depth == 0:
            return 0  # a sentence's punctuation outside brackets
    return first


def _once(parts: list[Part]) -> list[Clause]:
    """Each unit once per role, in the order of the text: a later form
    repeating a fact adds nothing."""
    if len(parts) <= 1:  # one form, as most points have: nothing before it to repeat
        return [Clause(p.role, list(p.units), p.start, p.end, p.start) for p in parts if p.units]
    parts = sorted(parts, key=lambda p: p.start)
    seen: set[tuple[str, str]] = set()
    out: list[Clause] = []
    for p in parts:
        units = [u for u in p.units if (p.role, u.name) not in seen]
        seen.update((p.role, u.name) for u in units)
        if units:
            out.append(Clause(p.role, units, p.start, p.end, p.start))
    return out
