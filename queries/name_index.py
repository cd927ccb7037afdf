"""One index of every name form, written with the store and read once per process.

Resolving a name with SPARQL scanned every name, alias and written unit text
with CONTAINS (1.8 s on a 40× corpus, issue #14). The index holds each
entity's forms — its name, aliases, 文号, title, file name and every way a
document wrote it (unitText) — and the few links resolution reads (partOf,
jurisdiction, actsFor, locatedIn). A name is then a dict lookup; a fragment
looks only at the forms holding the fragment's rarest character. `rows`
answers exactly as the internal resolve_*.rq queries do (the Neo4j backend
still runs their Cypher twins; tests/test_names.py compares the two).
"""
from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from ontology.model import Edge, Node
from ontology.vocab import SUPERCLASSES, A, R
from queries.collector import gc_paused

FILE = "names.json"
SEP = "\x00"  # between forms in NameIndex's string of them; no name holds it
FAMILIES = ("Unit", "Place", "Task", "Project", "Document", "FundAllocation", "WorkTeam")
LINKS = (R.partOf, R.jurisdiction, R.actsFor, R.locatedIn)
# Which entities each resolver answers with, and which kinds of form it reads.
RESOLVERS: dict[str, tuple[set[str], set[str]]] = {
    "resolve_unit": ({"Unit"}, {"name", "alias", "written"}),
    "resolve_place": ({"Place"}, {"name", "alias"}),
    "resolve_party": ({"Unit", "Place"}, {"name", "alias", "written"}),
    "resolve_entity": ({"Unit", "Place", "Task", "Project", "Document", "FundAllocation"},
                       {"name", "alias", "doc", "written"}),
}
# Where a resolver looks up for an entity's parent and the places above it.
UPWARD = {"resolve_unit": ("jurisdiction", "actsFor"), "resolve_place": ("partOf",),
          "resolve_party": ("jurisdiction", "partOf"),
          "resolve_entity": ("jurisdiction", "partOf", "locatedIn")}
TEXTS_OF = {"Task", "Project"}  # the entities whose texts owners.rq searches
SEARCHED = ("name", "content", "heading")  # the forms it searches them by
NAMED_KINDS = {"Unit": "unit", "Place": "place", "Task": "task", "Project": "project",
               "Document": "document"}  # the entities the question linker knows (names.rq)


# An entity as the index reads it: id, name, class and superclasses, class,
# aliases, and its document forms (docNumber, title, fileName; None if none).
EntityRow = tuple[str, str, list[str], str, list[str], tuple[Any, Any, Any]]
DOC_FORMS = ((A.docNumber, "doc"), (A.title, "doc"), (A.fileName, "file"))


def build(nodes: Iterable[Node], edges: Iterable[Edge]) -> dict[str, Any]:
    """The index as JSON-ready data, from the graph a build writes, with the
    texts of its tasks and projects."""
    nodes, edges = list(nodes), list(edges)
    data = assemble(
        ((n.id, n.name, [c.value for c in (n.cls, *SUPERCLASSES.get(n.cls, ()))], n.cls.value,
          sorted(n.aliases), tuple(n.props.get(key) for key, _ in DOC_FORMS)) for n in nodes),
        ((e.src, e.rel.value, e.dst) for e in edges if e.rel in LINKS),
        ((e.src, e.dst, str(e.props[A.unitText])) for e in edges if e.props.get(A.unitText)))
    at = {entity[0]: i for i, entity in enumerate(data["entities"])}
    data["forms"].extend([at[node.id], text, kind] for node in nodes
                         for text, kind in _texts(node))
    data["texts"] = True
    return data


def _texts(node: Node) -> list[tuple[str, str]]:
    """What owners.rq searches besides a task's or project's name: its content,
    and each heading it stands under below the part's title (STRAFTER of its
    bf:section values at " > ": the prov's section, and a section property)."""
    if not TEXTS_OF & {c.value for c in (node.cls, *SUPERCLASSES.get(node.cls, ()))}:
        return []
    out = [(str(node.props[A.content]), "content")] if node.props.get(A.content) else []
    sections = {node.prov.section if node.prov else None, node.props.get(A.section)}
    out += [(str(s).split(" > ", 1)[1], "heading") for s in sorted(filter(None, sections), key=str)
            if " > " in str(s) and str(s).split(" > ", 1)[1]]
    return out


def assemble(entities_in: Iterable[EntityRow], links_in: Iterable[tuple[str, str, str]],
             written_in: Iterable[tuple[str, str, str]]) -> dict[str, Any]:
    """The index from what any store can list: its entities, the links
    resolution reads (src, relation, dst), and each written unit text with the
    two ends of its assertion (src, dst, text). One builder for both stores."""
    entities: list[list[Any]] = []
    at: dict[str, int] = {}
    forms: list[list[Any]] = []
    for node_id, name, classes, cls, aliases, doc_forms in entities_in:
        i = at[node_id] = len(entities)
        entities.append([node_id, name, [c for c in classes if c in FAMILIES], cls])
        forms.append([i, name, "name"])
        forms.extend([i, alias, "alias"] for alias in aliases)
        forms.extend([i, str(value), kind] for value, (_, kind) in zip(doc_forms, DOC_FORMS) if value)
    links: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for src_id, rel, dst_id in links_in:
        src, dst = at.get(src_id), at.get(dst_id)
        if src is not None and dst is not None and dst not in links[src][rel]:
            links[src][rel].append(dst)
    written: set[tuple[int, str]] = set()
    for src_id, dst_id, text in written_in:  # a written form names the unit of an assertion, either end
        ends = (at.get(src_id), at.get(dst_id))
        written.update((e, text) for e in ends if e is not None and "Unit" in entities[e][2])
    forms.extend([i, text, "written"] for i, text in sorted(written))
    return {"entities": entities, "forms": forms,
            "links": {str(k): dict(v) for k, v in links.items()}}


def write(folder: Path, nodes: Iterable[Node], edges: Iterable[Edge]) -> None:
    (folder / FILE).write_text(json.dumps(build(nodes, edges), ensure_ascii=False),
                               encoding="utf-8")


def data(folder: Path) -> dict[str, Any] | None:
    """The index as written, for a store that keeps it elsewhere (Neo4j)."""
    path = folder / FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


@lru_cache(maxsize=4)  # one per store generation a process reads
def load(folder: str, prefix: str = "") -> NameIndex | None:
    path = Path(folder) / FILE
    if not path.is_file():
        return None  # a store written before the index: resolution runs the queries
    with gc_paused():  # the index's lists hold no cycles; a collection would walk them all
        return NameIndex(json.loads(path.read_text(encoding="utf-8")), prefix)


class NameIndex:
    """Lookups of names, aliases, written forms and fragments of them."""

    def __init__(self, data: dict[str, Any], prefix: str = "") -> None:
        self.prefix = prefix  # the store's namespace before an entity id
        self.ids = [e[0] for e in data["entities"]]
        self.names = [e[1] for e in data["entities"]]
        shared: dict[tuple[str, ...], frozenset[str]] = {}  # a few kinds of entity, many entities
        self.families = [shared.setdefault(tuple(e[2]), frozenset(e[2])) for e in data["entities"]]
        self.classes = [e[3] for e in data["entities"]]
        self.links = {int(k): v for k, v in data["links"].items()}
        self.forms: list[list[Any]] = data["forms"]  # [entity, form, kind]
        self.searches_texts = bool(data.get("texts"))  # holds what owners.rq searches
        # Every form in one string, each after a separator no name holds: a
        # lookup is one C-speed search of it (no per-character index to build
        # when a process reads the index: 0.7 s of 1 s at 40×).
        self._all = SEP + SEP.join(form for _, form, _ in self.forms) + SEP
        self._starts = list(accumulate((len(f) + 1 for _, f, _ in self.forms), initial=1))
        self.own: dict[tuple[int, str], set[str]] = defaultdict(set)  # (entity, kind) → forms
        for i, form, kind in self.forms:
            if kind != "name":
                self.own[(i, kind)].add(form)

    def mentioning(self, text: str) -> list[str]:
        """The tasks and projects whose name, content or heading holds text, as
        owners.rq tests it (CONTAINS), by id."""
        found = {self.forms[k][0] for k in self._holding(text) if self.forms[k][2] in SEARCHED}
        return sorted(self.prefix + self.ids[i] for i in found if TEXTS_OF & self.families[i])

    @cached_property
    def by_char(self) -> dict[str, set[int]]:
        """The forms holding each character (for `closest`, on an unknown name only)."""
        out: dict[str, set[int]] = defaultdict(set)
        for k, (_, form, _) in enumerate(self.forms):
            for ch in set(form):
                out[ch].add(k)
        return out

    def _up(self, i: int, rels: tuple[str, ...]) -> list[int]:
        links = self.links.get(i, {})
        return sorted({j for r in rels for j in links.get(r, [])}, key=lambda j: self.names[j])

    def ancestors(self, i: int) -> list[int]:
        """The places above i by partOf, nearest first, each once."""
        out, seen, todo = [], {i}, [i]
        while todo:
            for j in self.links.get(todo.pop(0), {}).get("partOf", []):
                if j not in seen:
                    seen.add(j)
                    out.append(j)
                    todo.append(j)
        return out

    def _holding(self, text: str) -> Iterable[int]:
        """The forms holding text, in order."""
        if not text or SEP in text:
            return range(len(self.forms)) if not text else ()
        found: list[int] = []
        at = self._all.find(text)
        while at != -1:
            k = bisect_right(self._starts, at) - 1
            found.append(k)
            # on to the next form: each form is counted once however often it holds text
            at = self._all.find(text, self._starts[k + 1])
        return found

    @cached_property
    def _equal(self) -> dict[str, list[int]]:
        """The forms by their text, for lookups of a whole name (made on the first one)."""
        out: dict[str, list[int]] = defaultdict(list)
        for k, (_, form, _) in enumerate(self.forms):
            out[form].append(k)
        return out

    def rows(self, resolver: str, text: str, exact: bool = False) -> list[dict[str, Any]]:
        """The rows resolver.rq would give for text: id, name, match, parent,
        scope; exact: only those matching text whole (no "fragment" rows), found
        without a search of every form."""
        if resolver == "resolve_document":
            found = self._documents(text)
            return [r for r in found if r["match"] != "fragment"] if exact else found
        families, kinds = RESOLVERS[resolver]
        out: dict[tuple, dict[str, Any]] = {}
        for k in self._equal.get(text, ()) if exact else self._holding(text):
            i, form, kind = self.forms[k]
            if kind not in kinds or not families & self.families[i]:
                continue
            match = "fragment" if form != text else self._match(resolver, i, text)
            for row in self._rows_of(resolver, i, match):
                out.setdefault(tuple(row.values()), row)
        return sorted(out.values(), key=lambda r: r["name"])

    def _match(self, resolver: str, i: int, text: str) -> str:
        if self.names[i] == text:
            return "name"
        aliases = self.own[(i, "alias")] | (self.own[(i, "doc")]
                                            if resolver == "resolve_entity" else set())
        return "alias" if text in aliases else "written"

    def _rows_of(self, resolver: str, i: int, match: str) -> list[dict[str, Any]]:
        places = [i]
        if resolver in ("resolve_party", "resolve_entity"):  # a local authority is its place
            places = self._up(i, ("actsFor",)) or [i]
        return [row for e in places for row in self._rows_at(resolver, e, match)]

    def _rows_at(self, resolver: str, e: int, match: str) -> list[dict[str, Any]]:
        rels = UPWARD[resolver]
        ups = self._up(e, rels)
        parents = [self.names[j] for j in ups] or [None]
        within = {j for u in ups for j in [u, *self.ancestors(u)]}
        if resolver == "resolve_place":
            within = set(self.ancestors(e))
        scopes = sorted({self.names[j] for j in within}) or [None]
        return [{"id": self.prefix + self.ids[e], "name": self.names[e], "match": match,
                 "parent": p, "scope": s} for p in parents for s in scopes]

    def _documents(self, text: str) -> list[dict[str, Any]]:
        """resolve_document.rq: a name or file name, a 文号 or title, spaces ignored."""
        wanted = text.replace(" ", "")
        best: dict[tuple, dict[str, Any]] = {}
        for i, bare, exact in self._document_forms:
            match = exact if bare == wanted else "fragment" if wanted in bare else ""
            if match:
                row = {"id": self.prefix + self.ids[i], "name": self.names[i], "match": match,
                       "parent": None, "scope": None}
                best.setdefault(tuple(row.values()), row)
        return sorted(best.values(), key=lambda r: r["name"])

    @cached_property
    def _document_forms(self) -> list[tuple[int, str, str]]:
        """Each document's names, file names and 文号/titles without spaces, with
        the match a whole one gives: a doc= ask reads these, not every form."""
        return [(i, form.replace(" ", ""), "name" if kind in ("name", "file") else "alias")
                for i, form, kind in self.forms
                if kind in ("name", "file", "doc") and "Document" in self.families[i]]

    def closest(self, kinds: set[str] | None, text: str, least: float) -> dict[str, float]:
        """The names most alike text (SequenceMatcher ratio ≥ least), by name: only
        forms sharing enough characters with text to reach that ratio are compared."""
        shared: dict[int, int] = defaultdict(int)
        for ch in set(text):
            for k in self.by_char.get(ch, ()):
                shared[k] += text.count(ch)
        scores: dict[str, float] = {}
        for k, common in shared.items():
            i, form, kind = self.forms[k]
            if kind in ("file", "content", "heading") or "WorkTeam" in self.families[i]:
                continue
            kind_of = {NAMED_KINDS[f] for f in self.families[i] if f in NAMED_KINDS}
            if not kind_of or (kinds and not kinds & kind_of):
                continue
            if 2 * min(common, len(form)) / (len(text) + len(form)) < least:
                continue  # cannot reach the ratio: fewer characters in common
            score = SequenceMatcher(None, text, form).ratio()
            if score >= least and score > scores.get(self.names[i], 0.0):
                scores[self.names[i]] = score
        return scores
