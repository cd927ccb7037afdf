"""Questions in Chinese: a question becomes one named query and its parameters
(entity linking in queries.linking, wording in queries.intents), and the
query's rows are the answer. No network and no model: the dictionary is the
graph's own names, the grammar a table of patterns.

A question no pattern fits is refused with the closest queries; a name that
means several things is refused with its candidates — never guessed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ontology.errors import AmbiguousName
from queries import catalog
from queries.intent_words import EXAMPLES, KEYWORDS, NAME_LIKE, QUESTION_WORDS
from queries.intents import CONTRACT
from queries.linking import NameIndex, fold
from queries.routing import Route, clean, route
from queries.rows import Row
from queries.store import GraphStore, ask

DEFAULT_SUGGESTIONS = ("duties", "owners", "projects")


@dataclass
class Answer:
    """What `bangfu ask` prints: the route and rows, or why there is no answer."""

    question: str
    route: Route | None
    rows: list[Row] = field(default_factory=list)
    reason: str = ""
    suggestions: list[dict[str, str]] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return self.route is not None and not self.reason

    def as_json(self) -> dict[str, Any]:
        if self.answered and self.route is not None:
            return {"query": self.route.query, "params": self.route.params, "rows": self.rows}
        out: dict[str, Any] = {"query": None, "params": {}, "rows": [], "reason": self.reason,
                               "suggestions": self.suggestions}
        if self.route is not None:
            out["read_as"] = {"query": self.route.query, "params": self.route.params}
            out["candidates"] = {p: [e.label() for e in es]
                                 for p, es in self.route.ambiguous.items()}
        return out


# -- answering --------------------------------------------------------------------

_INDEXES: dict[str, NameIndex] = {}


def name_index(store: GraphStore) -> NameIndex:
    """The linker's dictionary of a store, built once per store generation."""
    key = str(getattr(store, "path", id(store)))
    cached = _INDEXES.get(key)
    if cached is None:
        cached = _INDEXES[key] = NameIndex.from_rows(store.run("names", {}))
    return cached


def answer(store: GraphStore, question: str) -> Answer:
    """Route the question and run its query; or say why not, with suggestions."""
    index = name_index(store)
    found = route(question, index)
    if found is None:
        return Answer(question, None, reason=not_understood(question, index),
                      suggestions=suggest(question))
    if found.ambiguous:
        param, candidates = next(iter(found.ambiguous.items()))
        names = ", ".join(e.label() for e in candidates)
        return Answer(question, found, reason=f"{found.params[param]!r} names several "
                      f"entities: {names}; write the place before it to choose one")
    if found.query not in catalog.catalogue():
        return Answer(question, found, reason=f"the question asks query {found.query!r}, "
                      "which this catalogue does not have", suggestions=suggest(question))
    try:
        return Answer(question, found, run(store, found))
    except AmbiguousName as exc:  # the query's resolver found namesakes the linker did not
        return Answer(question, found, reason=str(exc))


def not_understood(question: str, index: NameIndex) -> str:
    """Why a question is refused, naming what was not understood: a name the
    graph does not know (火星局), else the wording around the names it knows."""
    text = clean(question)
    mentions = index.find(text)
    rest, at = [], 0
    for m in mentions:
        rest.append(text[at:m.start])
        at = m.end
    rest.append(text[at:])
    unknown = [n for part in rest for chunk in QUESTION_WORDS.split(part)
               for n in NAME_LIKE.findall(chunk) if len(n) >= 2]
    if unknown:
        return (f"no entity is named {unknown[0]!r}: the graph knows no unit or place by "
                "that name (check the spelling, or ask with the name the document writes)")
    known = "、".join(dict.fromkeys(m.text for m in mentions if not m.qualifier))
    words = "".join(rest).strip("？?!！。 ")
    if not known:
        return f"no question pattern fits {words!r}, and it names nothing the graph knows"
    return f"no question pattern fits the words {words!r} around {known}"


def run(store: GraphStore, found: Route) -> list[Row]:
    """The rows of the routed query, by the same path as `bangfu query`."""
    return ask(store, found.query, found.params)


def suggest(question: str, most: int = 3) -> list[dict[str, str]]:
    """The queries whose keywords the question shares most, with an example each."""
    text = fold(question)
    known = catalog.catalogue()
    names = [q for q in CONTRACT if q in known] or list(CONTRACT)
    scored = sorted(((sum(len(k) for k in KEYWORDS[q].split() if k in text), -i, q)
                     for i, q in enumerate(names)), reverse=True)
    best = [q for score, _, q in scored if score > 0][:most]
    best = best or [q for q in DEFAULT_SUGGESTIONS if q in names] or names[:most]
    return [{"query": q, "description": known[q].description if q in known else "",
             "example": EXAMPLES[q]} for q in best]
