"""Name resolution shared by every backend: the one entity a name a user
writes means (queries/store.py `ask` resolves each `# resolve:` parameter with
it), from the store's name index when it keeps one, else by the resolver queries."""
from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from ontology.errors import AmbiguousName, QueryError
from queries.name_index import NameIndex
from queries.rows import Row

if TYPE_CHECKING:  # the interface is store.py's, which resolves names with this module
    from queries.store import GraphStore

EXACT = ("name", "alias", "written")  # how a resolver row matched, best first; then "fragment"
SHOWN = 15  # candidates an ambiguous name lists
PLACE_END = "省市州盟县区旗镇乡道"  # the last character of a place name (街道 ends in 道)
MIN_REST = 2  # a short name after a place has two characters at least (区 + 卫健局)
CLOSEST, CLOSE = 5, 0.4  # closest names an unknown name lists, and how alike they must be
# The kinds of the internal names query each resolver may answer with.
KINDS = {"resolve_unit": {"unit"}, "resolve_place": {"place"}, "resolve_party": {"unit", "place"},
         "resolve_document": {"document"}}


@dataclass
class Candidate:
    id: str
    name: str
    match: str
    parent: str | None = None
    scope: set[str] = field(default_factory=set)


def resolve_name(store: GraphStore, resolver: str, text: str, context: str | None = None) -> str:
    """The one entity a name means: by exact name, alias, the text as written,
    the name qualified by -p context= (区财政局 + 洪山区 → 洪山区财政局), then a
    fragment of a name. Within each of these, -p context= first keeps the
    candidates in or named after that place. An ambiguous name lists the
    candidates instead of guessing. A name no entity has is read as an analyst
    writes it — a place, then a short name (建始县文旅局, 洪山区张家湾街道) — and
    failing that the error lists the closest names the graph knows."""
    text = text.strip()
    found = _resolve(store, resolver, text, context)
    found = found or _place_and_short_name(store, resolver, text)
    if found is None:
        found = next(filter(None, (_resolve(store, resolver, t, context)
                                   for t in _expansions(text))), None)
    if found is None:
        raise QueryError(f"no entity is named {text!r}{_closest(store, resolver, text)}")
    return found


def _resolve(store: GraphStore, resolver: str, text: str, context: str | None,
             strict: bool = False) -> str | None:
    """resolve_name's tiers; strict keeps only candidates in the context's place."""
    texts = [text, *_variants(resolver, text)]
    found = _candidates(store, resolver, texts, exact=True)
    tiers: list[list[Candidate] | None] = [[c for c in found.values() if c.match == m]
                                           for m in EXACT]
    places: list[str] = []
    if context:
        places = _context_names(store, context.strip())
        qualified = _candidates(store, resolver, _qualified(text, places), exact=True)
        tiers.append([c for c in qualified.values() if c.match in EXACT])
    # the fragments last, looked for only when no whole name is chosen: a
    # search of every form, which grows with the collection (issue #14 item 2)
    tiers.append(None)
    keeps = [lambda c: _fits(c, places)] if places else []
    for keep in keeps + ([] if strict else [lambda c: True]):
        for k, tier in enumerate(tiers):
            if tier is None:
                tier = tiers[k] = [c for c in _candidates(store, resolver, texts).values()
                                   if c.match == "fragment"]
            chosen = [c for c in tier if keep(c)]
            named = [c for c in chosen if strict and any(c.name.startswith(p) for p in places)]
            if chosen:  # strict: 武汉市文旅局 is 武汉市's, not a unit of a district in it
                return _one(named or chosen, text)
    return None


def _place_and_short_name(store: GraphStore, resolver: str, text: str) -> str | None:
    """洪山区卫健局: the longest leading place the graph knows, then the rest
    within that place — as written, with its abbreviation in full
    (unit_aliases.csv), or as a short form of one of the place's units."""
    for cut in range(len(text) - MIN_REST, 1, -1):
        head, rest = text[:cut], text[cut:]
        if head[-1] not in PLACE_END:
            continue
        places = _context_names(store, head, strict=True)
        if not places:
            continue
        for core in dict.fromkeys([rest, *_expansions(rest)]):
            found = _resolve(store, resolver, core, head, strict=True)
            if found:
                return found
        return _short_form(store, resolver, places, rest)
    return None


def _expansions(text: str) -> list[str]:
    """卫健局 → 卫生健康局, 区发改局 → 区发展和改革局: abbreviations in national use
    in full, after an optional level word; the names in the graph are in full."""
    from loaders.names.units import abbreviations
    full = abbreviations()
    level = text[:1] if text[:1] in PLACE_END and text[1:] in full else ""
    core = text[len(level):]
    out = [level + full[core]] if core in full else []
    if core[:1] == "委" and core[1:] in full:  # 区委编办 → 区委机构编制委员会办公室
        out.append(level + "委" + full[core[1:]])
    return out


def _short_form(store: GraphStore, resolver: str, places: list[str], short: str) -> str | None:
    """自然资源局 for 洪山区自然资源和城乡建设局: a unit of the place whose name
    after the place holds the short name's characters in order, ending alike.
    Several such units are listed, never guessed."""
    chosen: dict[str, Candidate] = {}
    for place in places:
        for c in _candidates(store, resolver, [place]).values():
            core = c.name[len(place):] if c.name.startswith(place) else ""
            if core[-1:] == short[-1:] and _in_order(short, core):
                chosen.setdefault(c.id, c)
    return _one(list(chosen.values()), short) if chosen else None


def _in_order(short: str, name: str) -> bool:
    chars = iter(name)
    return len(short) < len(name) and all(ch in chars for ch in short)


def _closest(store: GraphStore, resolver: str, text: str) -> str:
    """'; closest known names: …' — the names most alike, character by character."""
    kinds = KINDS.get(resolver)
    index = index_of(store)
    scores: dict[str, float] = index.closest(kinds, text, CLOSE) if index else {}
    for row in [] if index else store.run("names", {}):
        if kinds and row["kind"] not in kinds:
            continue
        for form in filter(None, (row["name"], row.get("alias"))):
            score = SequenceMatcher(None, text, form).ratio()
            if score > scores.get(row["name"], 0.0):
                scores[row["name"]] = score
    best = sorted((n for n, s in scores.items() if s >= CLOSE), key=lambda n: (-scores[n], n))
    return f"; closest known names: {'、'.join(best[:CLOSEST])}" if best else ""


def _candidates(store: GraphStore, resolver: str, texts: list[str],
                exact: bool = False) -> dict[str, Candidate]:
    """The resolver's rows for each text, one candidate per entity with its
    best match; exact: only the entities a text names whole (no fragments)."""
    out: dict[str, Candidate] = {}
    for text in dict.fromkeys(t for t in texts if t):
        for r in _lookup(store, resolver, text, exact):
            c = out.setdefault(r["id"], Candidate(r["id"], r["name"], r["match"]))
            if _rank(r["match"]) < _rank(c.match):
                c.match = r["match"]
            c.parent = c.parent or r.get("parent")
            if r.get("scope"):
                c.scope.add(r["scope"])
    return out


def index_of(store: GraphStore) -> NameIndex | None:
    """The store's index of name forms, when it keeps one (queries/name_index.py)."""
    index = getattr(store, "name_index", None)
    return index() if callable(index) else None


def _lookup(store: GraphStore, resolver: str, text: str, exact: bool = False) -> list[Row]:
    """A resolver's rows for text: from the name index, else by its query;
    exact: without the rows matching a fragment of a name."""
    index = index_of(store)
    if index:
        return index.rows(resolver, text, exact)
    rows = store.run(resolver, {"text": text})
    return [r for r in rows if r["match"] in EXACT] if exact else rows


def _rank(match: str) -> int:
    return EXACT.index(match) if match in EXACT else len(EXACT)


def _variants(resolver: str, text: str) -> list[str]:
    """Other spellings of the same name: a 文号 in its standard form (武办文[2021]33 号)."""
    if resolver != "resolve_document":
        return []
    from loaders.text.meta import doc_number
    return [doc_number(text)]


def _context_names(store: GraphStore, context: str, strict: bool = False) -> list[str]:
    """The place -p context= names, by its full name when the text is an alias (洪山 → 洪山区);
    strict: only a place the graph knows."""
    rows = _lookup(store, "resolve_place", context, exact=True)
    names = sorted({r["name"] for r in rows if r["match"] in EXACT})
    return names or ([] if strict else [context])


def _qualified(text: str, places: list[str]) -> list[str]:
    """区财政局 in 洪山区 → 洪山区财政局; 各街道 in 洪山区 → 洪山区各街道."""
    return [place + (text[1:] if text[:1] == place[-1:] else text) for place in places]


def _fits(c: Candidate, places: list[str]) -> bool:
    return any(c.name.startswith(p) or p in c.scope for p in places)


def _one(candidates: list[Candidate], text: str) -> str:
    ids = {c.id for c in candidates}
    if len(ids) == 1:
        return ids.pop()
    shown = sorted(candidates, key=lambda c: (c.name, c.parent or "", c.id))
    labels = [c.name + (f"（{c.parent}）" if c.parent else "") for c in shown]
    labels = [f"{label}〔{c.id.rsplit('/', 1)[-1]}〕" if labels.count(label) > 1 else label
              for label, c in zip(labels, shown)]
    more = f" and {len(labels) - SHOWN} more" if len(labels) > SHOWN else ""
    raise AmbiguousName(f"{text!r} names several entities: {'、'.join(labels[:SHOWN])}{more}"
                        " — give the full name, or the place with -p context=")
