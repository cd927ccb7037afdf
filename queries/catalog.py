"""The catalogue of named queries: one file per question, NAME.rq (and its
Cypher twin NAME.cypher), with a header of comment lines that describes it:

    # description: …          what it answers
    # param: NAME? — help     a parameter (? marks it optional)
    # collect: FIELD          rows differing only in FIELD are merged into an array
    # resolve: P by QUERY     parameter P is a name, resolved to an entity first
    # internal: true          not listed to users
    # post: STEP              rows go through a shared Python step (queries/store.py)
    # class: P                parameter P names a class of the ontology (any case):
                              the embedded store binds it as the class's IRI
    # keys: K… [unless P…]    asked with parameters (none of the P), the rows
                              are those of the query's own kept listing whose
                              keys (columns K, hidden or not) NAME.keys.rq,
                              bound alike, returns: a store that keeps listings
                              (the embedded one) reads them, not joins them again;
                              `K… before post`: the listing's rows before the
                              query's post step are read, and the step applied
                              to them (a total row over the answer, funds)

A line of the query ending in `# if: P` (`// if: P` in Cypher) is kept only
when parameter P is given, one ending in `# if not: P` only when it is not:
so a query with a bound entity starts from it (VALUES, then a triple pattern
on it) instead of testing every row against it with FILTER EXISTS.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from importlib import resources

from ontology.errors import QueryError

HEADER = re.compile(r"^#\s*(\w+):\s*(.*)$")
CONDITION = re.compile(r"\s*(?:#|//)\s*if( not)?:\s*(\w+)\s*$")
PARAM = re.compile(r"^(\w+)(\?)?\s*(?:—\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    required: bool
    help: str


# NAME.keys.rq: the keys of the rows a bound query gives (another text of NAME, no query of its own)
KEYS_QUERY = "keys.rq"


@dataclass(frozen=True)
class Keys:
    """`# keys:` — how a bound query's rows are found in the kept listing."""
    columns: tuple[str, ...]  # the listing's columns NAME.keys.rq returns (some of)
    unless: tuple[str, ...] = ()  # parameters that shape a row otherwise than the listing does
    # the rows read are those before the post step, kept beside the listing,
    # and the step runs on them: a step whose rows are not the listing's
    # (a total over the answer) still has the answer's rows as input
    before_post: bool = False


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    collect: tuple[str, ...] = ()
    resolve: dict[str, str] = field(default_factory=dict)
    internal: bool = False
    post: str = ""
    search: str = ""
    classes: tuple[str, ...] = ()
    keys: Keys | None = None

    def text(self, language: str = "rq") -> str:
        source = resources.files("queries") / "named" / f"{self.name}.{language}"
        if not source.is_file():
            raise QueryError(f"query {self.name} has no .{language} file")
        return source.read_text(encoding="utf-8")

    def text_for(self, language: str, params: dict[str, Any]) -> str:
        """The query text with its conditional lines chosen by the given parameters."""
        out = []
        for line in self.text(language).splitlines():
            m = CONDITION.search(line)
            if m and bool(m.group(1)) == (params.get(m.group(2)) not in (None, "")):
                continue
            out.append(line[:m.start()] if m else line)
        return "\n".join(out) + "\n"

    def check_params(self, given: dict[str, str]) -> None:
        known = {p.name for p in self.params}
        for key in given:
            if key not in known:
                allowed = ", ".join(sorted(known)) or "none"
                raise QueryError(f"query {self.name} has no parameter {key!r} (parameters: {allowed})")
        for p in self.params:
            if p.required and not given.get(p.name):
                raise QueryError(f"query {self.name} needs -p {p.name}=… ({p.help})")


def parse(name: str, text: str) -> NamedQuery:
    description, params, collect, resolve, internal, post, search = "", [], [], {}, False, "", ""
    classes: list[str] = []
    keys: Keys | None = None
    for line in text.splitlines():
        m = HEADER.match(line)
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "description":
            description = value
        elif key == "param":
            pm = PARAM.match(value)
            if pm:
                params.append(Param(pm.group(1), not pm.group(2), pm.group(3) or ""))
        elif key == "collect":
            collect.append(value)
        elif key == "resolve":
            param, _, query = value.partition(" by ")
            resolve[param.strip()] = query.strip()
        elif key == "internal":
            internal = value == "true"
        elif key == "post":
            post = value
        elif key == "search":
            search = value
        elif key == "class":
            classes.append(value)
        elif key == "keys":
            keys = _keys(name, value)
    return NamedQuery(name, description, tuple(params), tuple(collect), resolve, internal, post,
                      search, tuple(classes), keys)


BEFORE_POST = " before post"


def _keys(name: str, value: str) -> Keys:
    before_post = value.rstrip().endswith(BEFORE_POST)
    value = value.rstrip().removesuffix(BEFORE_POST)
    columns, _, unless = value.partition(" unless ")
    if not columns.split() or not all(w.isidentifier() for w in (columns + unless).split()):
        raise QueryError(f"query {name}: `# keys:` takes COLUMN… [unless PARAM…] "
                         f"[before post], not {value!r}")
    return Keys(tuple(columns.split()), tuple(unless.split()), before_post)


@cache
def catalogue() -> dict[str, NamedQuery]:
    folder = resources.files("queries") / "named"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = entry.name[:-3]
        if entry.name.endswith(".rq") and "." not in name:  # NAME.keys.rq belongs to NAME
            out[name] = parse(name, entry.read_text(encoding="utf-8"))
    return out


def get(name: str) -> NamedQuery:
    query = catalogue().get(name)
    if query is None:
        public = ", ".join(n for n, q in catalogue().items() if not q.internal)
        raise QueryError(f"unknown query {name!r} (queries: {public})")
    return query
