"""Routing: a question to one named query and its parameters. The names come
from queries.linking, the wordings from queries.intents; here the names
become a template's tokens, the first rule that matches binds its slots, and
the names left over fill the query's other parameters where they fit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from queries import catalog
from queries.intent_words import (DUE_AFTER, DUE_BEFORE, DUE_FROM, DUE_THROUGH, KIND_WORDS,
                                  ROLE_VALUES, ROLE_WORDS, TOP, TOPIC_FILLER)
from queries.intents import CONTRACT, RULES, Rule
from queries.linking import Entity, Mention, NameIndex, fold

# Courtesy words before the question proper.
COURTESY = re.compile(r"^(?:请问|麻烦|帮我|帮忙|我想知道|我想问|想问一下|想了解)*(?:一下)?"
                      r"(?:查一下|查查|查询|看一下|看看|问一下|告诉我|列出|列一下|说说|介绍一下)?")
QUESTION_WORD = re.compile(r"哪|什么|谁|啥|多少|几")
TOKEN = re.compile(r"〈[A-Z]*(\d+)〉")


@dataclass
class Route:
    """The query a question asks, with its parameters as names."""

    query: str
    params: dict[str, str]
    rule: str  # the wording of the rule that matched
    ambiguous: dict[str, tuple[Entity, ...]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def clean(question: str) -> str:
    """The question as the linker reads it: folded, without courtesy words."""
    return COURTESY.sub("", fold(question))


def route(question: str, index: NameIndex) -> Route | None:
    """The first rule the question's template matches, with its slots bound."""
    text = clean(question)
    mentions = index.find(text)
    template = _template(text, mentions, index)
    for rule in RULES:
        m = rule.regex.search(template)
        if m is not None:
            bound = _bind(rule, m, template, mentions, index)
            if bound is not None:
                return bound
    return None


def _template(text: str, mentions: list[Mention], index: NameIndex) -> str:
    out, at = [], 0
    for n, m in enumerate(mentions):
        out.append(text[at:m.start])
        if m.qualifier:  # 新洲区辛冲街道 is one name: the qualified one's token stands for both
            at = mentions[n + 1].start
            continue
        out.append(f"〈{index.letters(m)}{n}〉")
        at = m.end
    out.append(text[at:])
    return "".join(out)


def _bind(rule: Rule, m: re.Match[str], template: str, mentions: list[Mention],
          index: NameIndex) -> Route | None:
    found = Route(rule.query, dict(rule.fixed), rule.why)
    found.params.update({k: v for k, v in rule.refine.items() if _accepts(rule.query, k)})
    used: set[int] = {n for n, x in enumerate(mentions) if x.qualifier}
    for group, (param, kind) in enumerate(rule.slots()):
        value = m.group(f"s{group}")
        if value is None:  # the slot is in an alternative that did not match
            continue
        if kind == "topic":
            topic = _topic(value, mentions, used)
            if topic is None:
                return None
            found.params[param] = topic
            continue
        n = int(value)
        used.add(n)
        if param != "_":
            _pick(found, param, kind, mentions[n], index)
    _fill(found, rule, template, mentions, used, index)
    for n, x in enumerate(mentions):
        if n not in used:
            found.notes.append(f"{x.text!r} was not used")
    return found


def _pick(found: Route, param: str, kind: str, mention: Mention, index: NameIndex) -> None:
    """Set one parameter from a linked name; several candidates stay visible."""
    if kind == "year":
        found.params[param] = (mention.value or "")[:4]
        return
    kinds = {"unit": ("unit",), "place": ("place",), "area": ("place",), "doc": ("document",),
             "party": ("unit", "place"), "entity": ("unit", "place", "task", "project"),
             "task": ("task", "project")}[kind]
    candidates = mention.of(*kinds)
    if kind == "area":
        candidates = tuple(e for e in candidates if e.id in index.areas) or candidates
    if kind == "doc":
        # a corpus document before a document it cites under the same name
        candidates = tuple(e for e in candidates if e.cls == "Document") or candidates
    names = sorted({e.name for e in candidates})
    if not candidates and mention.value:
        found.params[param] = mention.value
    elif len(names) == 1 and (len(candidates) == 1 or kind in ("party", "entity")):
        found.params[param] = names[0]
        if len(candidates) == 1:
            _keep_apart(found, candidates[0], index)
    else:
        found.params[param] = mention.text
        found.ambiguous[param] = candidates


def _keep_apart(found: Route, chosen: Entity, index: NameIndex) -> None:
    """A name the graph gives to several entities (三合村 in 辛冲街道 and in 消泗乡)
    goes to the query with the place the linker chose by, as -p context=, so
    that the printed parameters answer the same when run by hand."""
    namesakes = [e for e in index.strong.get(fold(chosen.name), [])
                 if e.kind == chosen.kind and e.id != chosen.id]
    if namesakes and chosen.parent_name and _accepts(found.query, "context"):
        found.params.setdefault("context", chosen.parent_name)


def _accepts(query: str, param: str) -> bool:
    known = catalog.catalogue().get(query)
    return known is not None and any(p.name == param for p in known.params)


def _fill(found: Route, rule: Rule, template: str, mentions: list[Mention], used: set[int],
          index: NameIndex) -> None:
    """Open parameters from the names and words the rule did not bind."""
    open_ = [p for p in (rule.extras if rule.extras is not None else CONTRACT[rule.query])
             if p not in found.params]
    for param, pattern, step in (("due_before", DUE_THROUGH, 0), ("due_before", DUE_BEFORE, -1),
                                 ("due_after", DUE_AFTER, 1), ("due_after", DUE_FROM, 0)):
        m = pattern.search(template)
        if m and param in open_ and param not in found.params:
            n = int(next(g for g in m.groups() if g is not None))
            found.params[param] = month_bound(mentions[n].value or "", param == "due_after", step)
            used.add(n)
    words = TOKEN.sub("", template)
    for param, table in (("kind", KIND_WORDS), ("role", ROLE_WORDS)):
        if param in open_ and param not in found.params:
            kind = next((value for value, pattern in table if pattern.search(words)), None)
            if kind and (param != "role" or kind in ROLE_VALUES.get(found.query, ROLE_VALUES_DEFAULT)):
                found.params[param] = kind
    top = TOP.search(words)
    if top and "top" in open_ and _accepts(found.query, "top"):
        found.params["top"] = str(chinese_number(top.group(1)))
    for n, mention in enumerate(mentions):
        if n in used:
            continue
        param, kind = _open_slot(mention, open_, found, index)
        if param:
            used.add(n)
            _pick(found, param, kind, mention, index)


ROLE_VALUES_DEFAULT = ("lead", "responsible", "cooperating")


def month_bound(value: str, after: bool, step: int) -> str:
    """A year (2025) or month (2025-06) as a deadline bound, YYYY-MM. The bound
    starts from the period's first month (2025年起, and 2025年之前 one month
    earlier) or its last (截至2025年, and 2025年之后 one month later)."""
    year = int(value[:4])
    first = after == (step == 0)
    month = int(value[5:7]) if len(value) > 4 else (1 if first else 12)
    index = year * 12 + month - 1 + step
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def chinese_number(text: str) -> int:
    """10, 十, 二十, 十五, 两: the numbers a ranking is asked for with."""
    if text.isdigit():
        return int(text)
    digits = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch in ("十", "百"):
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
    return total + current


def _open_slot(mention: Mention, open_: list[str], found: Route,
               index: NameIndex) -> tuple[str | None, str]:
    """Which open parameter a name left over fills: a village area → place,
    a unit → unit, a place → place, a unit or place → source, then target."""
    free = [p for p in open_ if p not in found.params]
    is_area = any(e.id in index.areas for e in mention.of("place"))
    # only the document query reads a cited document (武办文〔2021〕40号); the
    # others filter by a file of the corpus
    corpus_file = any(e.cls == "Document" for e in mention.of("document"))
    cited = bool(mention.of("document")) or mention.kind == "document"
    choices = (("doc", "doc", corpus_file or (cited and found.query == "document")),
               ("year", "year", mention.kind == "year"),
               ("place", "area", is_area),
               ("unit", "unit", bool(mention.of("unit"))),
               ("place", "place", bool(mention.of("place"))),
               ("source", "party", bool(mention.of("unit", "place"))),
               ("target", "party", bool(mention.of("unit", "place"))))
    for param, kind, fits in choices:
        if fits and param in free:
            return param, kind
    return None, ""


def _topic(value: str, mentions: list[Mention], used: set[int]) -> str | None:
    """The words a question asks about: a task's or project's name when it
    names one, else the words themselves without filler."""
    tokens = [int(n) for n in TOKEN.findall(value)]
    tasks = [n for n in tokens if mentions[n].of("task", "project")]
    if any(mentions[n].of("document") or mentions[n].kind for n in tokens):
        return None  # a document or a year is not what a task is called
    if len(tasks) == 1:
        used.update(tokens)
        return mentions[tasks[0]].of("task", "project")[0].name
    words = TOKEN.sub(lambda t: mentions[int(t.group(1))].text, value)
    words = re.sub(r"[?？!。,，]+", "", words)
    while (stripped := TOPIC_FILLER.sub("", words)) != words:
        words = stripped
    bare = TOPIC_FILLER.sub("", TOKEN.sub("", value))
    if len(words) < 2 or QUESTION_WORD.search(words) or (tokens and not bare):
        return None  # nothing asked about, or only a unit's or place's name
    used.update(tokens)
    return words
