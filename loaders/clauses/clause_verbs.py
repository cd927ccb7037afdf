"""Clauses said with verbs (ontology/data/roles.csv, form "verb" and "with"):

    （X牵头，Y、Z配合）  (X负责,Y参与)  （X、Y负责）          inline, in brackets
    由X牵头，Y、Z配合，W具体落实。  X会同Y、Z制定…，W具体负责…   prose

Each part of a sentence between ，and ；is read as units followed by a verb
(X牵头 → X leads); 由 may stand before the units, and X会同Y… makes X lead
and Y cooperate. In brackets every part must be exactly units and a verb. In
running prose a sentence counts only when it names a lead, two roles, or
the agent (由X负责…, or a firm verb: X负总责, X为…的责任主体), divides the
work among units in two parts or more (X、Y负责…，Z负责…), or closes with
units and their verb and nothing after (…，X、Y负责。): a lone "Y配合做好…"
or "Y负责…" is as often said in passing.
"""
from __future__ import annotations

import re
from functools import cache

from loaders import vocabulary
from loaders.clauses.clause_labels import Part
from loaders.clauses.clause_text import clause_parts, rest_of_line, sentences, within
from loaders.clauses.clause_units import leading_units, named_units
from loaders.names.units import Context, UnitName

AGENT_MARK = "由"  # 由X牵头: X is the agent of the verb after it
# Between units and a role noun (roles.csv form "copula") stand a copula and
# perhaps the topic it is said of: 各镇为责任主体, 各乡镇党委为日常管理的责任主体.
COPULA = re.compile(r"(?:为|是)(?:[^，,。；;、]{1,20}?的)?$")


@cache
def verb_pattern() -> re.Pattern[str]:
    """Every verb and partner word, longest first (牵头负责 before 牵头)."""
    words = list(vocabulary.verb_roles()) + list(vocabulary.partner_roles())
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _read_part(text: str, start: int, end: int, context: Context, strict: bool,
               quote: tuple[int, int], lead: list[UnitName],
               topic: bool | None = None) -> list[Part] | None:
    """Units and roles of one part (X牵头 / 由X牵头统筹 / X会同Y… / 会同Y…
    after 由X牵头, whose X is ``lead``), or None. With ``topic`` (running
    prose, by default) a topic may stand before 由 (此项工作由X牵头)."""
    verb = _verb(text, start, end)
    if verb is None:
        return None
    word = verb.group(0)
    partners = vocabulary.partner_roles()
    subject = text[start:verb.start()].strip()
    topic = not strict if topic is None else topic
    if subject.startswith(AGENT_MARK) or topic and AGENT_MARK in subject:
        subject = subject[subject.rindex(AGENT_MARK) + 1:]
    if word in vocabulary.copula_words():
        copula = COPULA.search(subject)
        if copula is None:
            return None  # 压实街道责任主体责任: no unit is said to be one
        subject = subject[:copula.start()]  # X为…的责任主体: the units are X
    units = named_units(subject, context)
    if not units and not (word in partners and not subject and lead):
        return None
    rest = text[verb.end():end]
    if word in partners:
        others = leading_units(rest, context)
        if not others or strict and len(rest) > sum(len(u.written) + 1 for u in others):
            return None
        return ([Part("lead", units, *quote)] if units else []) + [Part(partners[word], others, *quote)]
    if strict and rest.strip():
        return None
    return [Part(vocabulary.verb_roles()[word], units, *quote)]


def has_verb(text: str) -> bool:
    """Whether text holds a verb some part could read: a copula noun counts
    only after its copula, so the labels of a plan (（责任单位：…）, on every
    point) do not send every section through the prose readings."""
    return bool(_plain_verbs().search(text) or _copula_nouns().search(text))


@cache
def _plain_verbs() -> re.Pattern[str]:
    copulas = vocabulary.copula_words()
    words = [w for w in list(vocabulary.verb_roles()) + list(vocabulary.partner_roles()) if w not in copulas]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


@cache
def _copula_nouns() -> re.Pattern[str]:
    """A copula noun after its copula, as COPULA reads it (X为…的责任主体)."""
    words = "|".join(map(re.escape, sorted(vocabulary.copula_words(), key=len, reverse=True)))
    return re.compile(COPULA.pattern.removesuffix("$") + f"(?:{words})")


def _verb(text: str, start: int, end: int) -> re.Match[str] | None:
    """The part's first verb, passing over a copula noun said without its
    copula (各责任单位牵头…: 责任单位 is a plain noun there, 牵头 the verb)."""
    copulas = vocabulary.copula_words()
    first = None
    for verb in verb_pattern().finditer(text, start, end):
        if verb.group(0) not in copulas or COPULA.search(text[start:verb.start()].rstrip()):
            return verb
        first = first or verb
    return first  # a copula noun alone: _read_part reads no unit from it


def _verb_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a bracket: between ，and ；, and after each verb followed
    by 、 (（X牵头、Y配合）)."""
    out: list[tuple[int, int]] = []
    for a, b in clause_parts(text, start, end):
        for verb in verb_pattern().finditer(text, a, b):
            if text[verb.end():verb.end() + 1] == "、":
                out.append((a, verb.end()))
                a = verb.end() + 1
        out.append((a, b))
    return out


def stated(text: str, start: int, end: int, context: Context,
           quote: tuple[int, int]) -> list[Part] | None:
    """The part text[start:end] when it is exactly units and their verb
    (X、Y配合 / 各乡镇具体落实 / X会同Y), else None."""
    return _read_part(text, start, end, context, True, quote, [])


def in_bracket(text: str, start: int, end: int, context: Context) -> list[Part]:
    """An inline clause filling a bracket: （X牵头，Y、Z配合）, （X、Y负责）."""
    if verb_pattern().search(text, start + 1, end - 1) is None:
        return []  # its first part would read nothing (（第3项）, （2025年）): spare the split
    out: list[Part] = []
    for a, b in _verb_parts(text, start + 1, end - 1):
        found = _read_part(text, a, b, context, True, (start, end), [])
        if found is None:
            return []
        out += found
    return out


def closing_sentences(text: str, taken: list[tuple[int, int]], context: Context) -> list[Part]:
    """A paragraph's last sentence made only of units and their verbs
    (…。由X牵头，Y配合。): a clause without brackets, read as a bracket is,
    even where running prose is not (a point whose title names a boilerplate
    topic, 落实保障措施)."""
    out: list[Part] = []
    verbs = verb_pattern()
    for start, end in sentences(text):
        if any(start < y and x < end for x, y in taken) or rest_of_line(text, end).strip("。！？ \u3000"):
            continue
        if verbs.search(text, start, end) is None:
            continue  # no verb, no part reads: most sentences of a plan
        found: list[Part] = []
        for a, b in _verb_parts(text, start, end):
            parts = _read_part(text, a, b, context, True, (start, end), [], topic=True)
            if parts is None:
                found = []
                break
            found += parts
        out += found
    return out


def _firm(text: str, start: int, end: int) -> bool:
    """Whether the part's verb states its units' role on its own (X负总责)."""
    verb = _verb(text, start, end)  # the verb _read_part read
    return verb is not None and verb.group(0) in vocabulary.firm_verbs()


def in_prose(text: str, taken: list[tuple[int, int]], context: Context) -> list[Part]:
    """Roles stated in running sentences outside brackets already read."""
    out: list[Part] = []
    verbs = verb_pattern()
    for start, end in sentences(text):
        if within(taken, start, end):
            continue  # every part of it is read already
        if verbs.search(text, start, end) is None:
            continue  # no verb, no part reads (_read_part): spare the split
        found: list[Part] = []
        lead: list[UnitName] = []
        agent = False  # 由X负责…: the sentence says who acts
        closing = False  # …，X、Y负责。: the sentence ends on units and their verb
        divided = 0  # X负责…，Y负责…: parts that each open with units and a verb
        spans = clause_parts(text, start, end)
        for k, (a, b) in enumerate(spans):
            if any(a < y and x < b for x, y in taken):
                continue
            parts = _read_part(text, a, b, context, False, (start, end), lead) or []
            lead = next((p.units for p in parts if p.role == "lead"), lead)
            agent = agent or bool(parts) and (AGENT_MARK in text[a:b] or _firm(text, a, b))
            closing = closing or k == len(spans) - 1 and bool(parts) \
                and stated(text, a, b, context, (start, end)) is not None
            found += parts
            divided += bool(parts)
        roles = {p.role for p in found}
        if "lead" in roles or len(roles) >= 2 or agent or closing or divided >= 2:
            out += found
    return out
