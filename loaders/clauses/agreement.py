"""The obligations of the parties of an agreement (协议书, 责任书).

An agreement names its parties at its head, each on a line of its own, and
then speaks of them only by their party word:

    甲方：某某市某某区人民政府
    乙方：某某县人民政府
    第三条　资金支持。甲方负责安排援助资金…。乙方负责资金的规范使用…。
    第九条　联络机制。甲方确定A局、乙方确定B局为日常联络单位，负责…。

A sentence that opens with a party word and a verb of roles.csv (甲方负责…)
gives that party's unit the verb's role in the article, whose title is the
task (资金支持). A unit a party designates for the agreement (甲方确定A局…为…
单位，负责…) is responsible for that article. Articles are 第N条 with a short
title; a point of the plan's own numbering (the section's title) stands in
for an article where there is none. The signature block (甲方（盖章）：…) is
not a head line and names no party.
"""
from __future__ import annotations

import re

from loaders import rules
from loaders.clauses.clause_duty import Duty
from loaders.clauses.clause_text import sentences
from loaders.clauses.clause_units import named_units
from loaders.clauses.clause_verbs import verb_pattern
from loaders import vocabulary
from loaders.names.units import Context, UnitName

PARTY_WORDS = "甲乙丙丁"
# 甲方：X on a line of its own; 甲方（盖章）：X of the signature block is no definition.
PARTY_LINE = re.compile(rf"^[ \u3000]*([{PARTY_WORDS}]方)[ \u3000]*[：:][ \u3000]*(\S[^\n]*?)[ \u3000]*$",
                        re.M)
# 第三条　资金支持。: an article and its title, at a paragraph's or sentence's start;
# a title on a line of its own (第八条　资金保障) ends with its line.
ARTICLE = re.compile(rf"(?:^|(?<=[。！？\n]))[ \u3000]*第([{rules.CN_NUM}]+)条[ \u3000]*"
                     r"(?:([^，。；,;\n]{2,20})(?:[。．.：:]|(?=[ \u3000]*(?:\n|$))))?")
PARTY_SUBJECT = re.compile(rf"([{PARTY_WORDS}]方)")
# 甲方确定A局、乙方确定B局为…单位，负责…: a unit a party names to act for it.
DESIGNATE = re.compile(rf"([{PARTY_WORDS}]方)(?:确定|指定|明确)(.+?)(?=[、，,][{PARTY_WORDS}]方|为)")
DESIGNATED_DUTY = re.compile(r"^为[^，。；]{0,20}(?:单位|部门|机构)[，,]?负责")


def find_parties(text: str, context: Context) -> dict[str, UnitName]:
    """The parties an agreement defines at its head: 甲方 → its unit. Only
    the first definition of each counts, and it must name one unit."""
    out: dict[str, UnitName] = {}
    for m in PARTY_LINE.finditer(text):
        units = named_units(m.group(2), context)
        if m.group(1) not in out and len(units) == 1:
            out[m.group(1)] = units[0]
    return out


def articles(text: str, fallback: str) -> list[tuple[str, int, int]]:
    """(task, start, end) of each article of text; without 第N条 markers the
    whole text is one article named ``fallback`` (empty: none)."""
    found = list(ARTICLE.finditer(text))
    if not found:
        return [(fallback, 0, len(text))] if fallback else []
    out = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(text)
        title = (m.group(2) or "").strip() or m.group(0).strip()
        out.append((title, m.start(), end))
    return out


def party_duties(text: str, parties: dict[str, UnitName], context: Context,
                 fallback: str = "") -> list[Duty]:
    """Each party's role in each article of text, once per party and role."""
    if not parties:
        return []
    out: list[Duty] = []
    spans = sentences(text)
    for task, a, b in articles(text, fallback):
        seen: set[tuple[str, str]] = set()
        for start, end in spans:
            if not a <= start < b:
                continue
            for duty in _sentence_duties(text, start, end, parties, context, task):
                key = (duty.role, duty.units[0].name)
                if key not in seen:
                    seen.add(key)
                    out.append(duty)
    return out


def _sentence_duties(text: str, start: int, end: int, parties: dict[str, UnitName],
                     context: Context, task: str) -> list[Duty]:
    sentence = text[start:end]
    body = ARTICLE.sub("", sentence, count=1) if ARTICLE.match(sentence) else sentence
    offset = start + len(sentence) - len(body)
    subject = PARTY_SUBJECT.match(body)
    if subject and subject.group(1) in parties:
        verb = verb_pattern().match(text, offset + subject.end(), end)
        role = vocabulary.verb_roles().get(verb.group(0)) if verb else None
        if role:
            return [Duty(role, [parties[subject.group(1)]], task, start, end)]
    return _designated(body, start, end, context, task)


def _designated(body: str, start: int, end: int, context: Context, task: str) -> list[Duty]:
    """甲方确定A局、乙方确定B局为联络单位，负责…: A局 and B局 responsible."""
    found = list(DESIGNATE.finditer(body))
    if not found or not DESIGNATED_DUTY.match(body[found[-1].end():]):
        return []
    out = []
    for m in found:
        for unit in named_units(m.group(2), context):
            out.append(Duty("responsible", [unit], task, start, end))
    return out
