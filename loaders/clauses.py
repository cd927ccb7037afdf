"""Responsibility clauses: （责任单位：…）, （牵头单位：…；配合单位：…）, and a
bare list of units in brackets closing a numbered point."""
from __future__ import annotations

from dataclasses import dataclass

from loaders import rules
from loaders.units import Context, UnitName, parse_units
from ontology.vocab import C

BARE_LIST_MIN_UNITS = 0.6  # share of items that must read as units in a bare list


@dataclass(frozen=True)
class Clause:
    """One role's unit list inside a bracket, with offsets in the section text."""

    role: str
    units: list[UnitName]
    start: int      # the whole bracket, for the quote
    end: int
    list_start: int  # where the unit list starts (unit offsets are relative to it)


def brackets(text: str) -> list[tuple[int, int]]:
    """Spans of top-level （…） / (…) brackets, outermost only."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            if depth == 0:
                start = i
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def labelled(text: str, start: int, end: int, context: Context) -> list[Clause]:
    """Clauses in a bracket that begins with a role label (责任单位：…)."""
    inner = text[start + 1:end - 1]
    labels = list(rules.CLAUSE_LABEL.finditer(inner))
    if not labels or not _only_artifact(inner[:labels[0].start()], labels[0].group(1)):
        return []
    out = []
    for k, label in enumerate(labels):
        stop = labels[k + 1].start() if k + 1 < len(labels) else len(inner)
        body = inner[label.end():stop]
        offset = start + 1 + label.end()
        units = parse_units(body.rstrip("；;，, "), context)
        out.append(Clause(rules.ROLE_LABELS[label.group(1)], units, start, end, offset))
    return out


def _only_artifact(before: str, label: str) -> bool:
    """Nothing, or a page break's repeat of the label's first characters (（责责任单位：)."""
    before = before.strip()
    return not before or len(before) <= 2 and label.startswith(before)


def bare_list(text: str, start: int, end: int, context: Context) -> list[Clause]:
    """A bracket of unit names closing a point: (区纪委监委、区委宣传部、…)."""
    if text[end:].strip(" 。.；;"):
        return []
    inner = text[start + 1:end - 1]
    if "：" in inner or ":" in inner:
        return []
    units = parse_units(inner, context)
    known = [u for u in units if u.cls is not C.OtherUnit]
    if not units or len(known) < BARE_LIST_MIN_UNITS * len(units):
        return []
    return [Clause("responsible", units, start, end, start + 1)]


def find_clauses(text: str, context: Context) -> list[Clause]:
    """Every responsibility clause in a section's text."""
    out: list[Clause] = []
    for start, end in brackets(text):
        found = labelled(text, start, end, context)
        out += found or bare_list(text, start, end, context)
    return out
