"""职责分工 paragraphs: a unit list, a colon and its duties.

    县财政局：负责资金拨付和监管，做好绩效评价；配合县乡村振兴局做好项目管理。
    县教育局、县卫生健康局：按照职责分工，负责教育、医疗帮扶工作。

Each duty (a sentence, or a part after ；) that has a verb of roles.csv at the
start of one of its parts is a task of its own: the verb gives the role
(负责 → responsible, 配合 → cooperating, 牵头负责 → lead) and the task is the
rest of that part (资金拨付和监管). So the role can change inside a paragraph.
A later part of the same duty that is exactly units and their verb names
other units of that duty: 县人社局：牵头负责劳务协作，各乡镇具体落实 → 各乡镇
responsible for 劳务协作; 县发改委：负责项目审批，县财政局、县审计局配合.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.clauses.clause_labels import label_token
from loaders.clauses.clause_text import clause_parts, sentences, split_outside
from loaders.clauses.clause_units import named_units
from loaders.clauses.clause_verbs import stated, verb_pattern
from loaders.names.units import Context, UnitName
from loaders import rules
from loaders import vocabulary

MAX_UNITS_TEXT = 40  # the unit list before the colon is short
DUTY_SEPARATORS = "；;"
COLON_OR_STOP = re.compile("[：:，。；,;]")


@dataclass(frozen=True)
class Duty:
    """One duty of one or more units: the task it names, with its span."""

    role: str
    units: list[UnitName]
    task: str
    start: int  # the duty's sentence, for the quote
    end: int


def find_duties(text: str, context: Context) -> list[Duty]:
    """Every duty of the 单位：职责 sentences in text."""
    if "：" not in text and ":" not in text:
        return []  # no unit list and its colon, no duty
    out: list[Duty] = []
    units: list[UnitName] = []
    for start, end in sentences(text):
        # the colon after the sentence's unit list: none when a comma or stop
        # comes first, or nothing within MAX_UNITS_TEXT
        m = COLON_OR_STOP.search(text, start, min(end, start + MAX_UNITS_TEXT + 1))
        colon = m.start() if m and m.group() in "：:" else -1
        if colon >= 0:
            subject = _without_marker(text[start:colon].strip())
            # a list starting with a bracket is no list of units (（责任单位：…),
            # as named_units would find: its first item starts with the bracket
            units = named_units(subject, context) if subject[:1] not in ("（", "(") else []
            body_start = colon + 1
        elif not units:
            continue
        else:
            body_start = start  # a further sentence of the same unit's duties
        if not units:
            continue
        found = _duties(text, body_start, end, units, context)
        if colon >= 0 and not found:
            units = []  # a colon not followed by a duty: no 单位：职责 paragraph
        out += found
        if "\n" in text[end:end + 2]:
            units = []  # the paragraph, and with it the unit's duties, ends
    return out


def _without_marker(subject: str) -> str:
    """（一）区财政局 → 区财政局: a numbered duty paragraph."""
    for pattern in rules.HEADING_LEVELS:
        if m := pattern.match(subject):
            return subject[m.end():].strip()
    return subject


def _duties(text: str, start: int, end: int, units: list[UnitName],
            context: Context) -> list[Duty]:
    out: list[Duty] = []
    roles = vocabulary.verb_roles()
    for a, b in split_outside(text, start, end, DUTY_SEPARATORS):
        task = ""
        for x, y in clause_parts(text, a, b):
            if task:  # after the duty: …，Y、Z配合 gives Y and Z their role in it
                for part in stated(text, x, y, context, (a, b)) or []:
                    out.append(Duty(part.role, part.units, task, a, b))
                continue
            verb = verb_pattern().match(text, x, y)
            if verb and verb.group(0) in roles and not label_token().match(text, x, y):
                task = text[verb.end():y].strip()
                if not task:
                    break
                out.append(Duty(roles[verb.group(0)], units, task, a, b))
    return out
