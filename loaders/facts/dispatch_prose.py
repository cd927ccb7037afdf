"""Dispatches stated in sentences: a unit sends a work team (or a first
secretary) to a named village.

- X向A乡B村选派第一书记…, a list X向A村、Y向B村各选派…: one dispatch each;
- X继续派驻工作队到A乡B村 (到 / 至 / 进驻 before the village);
- 工作队员由Y选派 after one: Y sends too (one more unit of that dispatch);
- a line of a list, 1.A村（B镇）：X（队长）、Y和Z: the village (its town in
  brackets), a colon, the sending units (、/和/及 between them); the unit
  marked （队长） is the captain's, as a 队长单位 column's.
The verbs are ontology/data/pairing_words.csv's `dispatch` words. A place that
is no one village (重点乡村, 3个帮扶村, 脱贫村) states no dispatch. The county is
the document's (doc_county), as for a dispatch table without one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from loaders.facts.context import DocumentContext
from loaders.facts.dispatch_grids import add_dispatch, add_sender
from loaders.facts.pairing import Place, is_generic, split_place
from loaders.facts.place_grids import doc_county
from loaders.facts.region_pairs import CLAUSE_SPLIT, blank_citations
from loaders.graph import Graph
from loaders.names.gazetteer import Division
from loaders.names.unit_split import unit_words
from loaders.names.units import Context, UnitName, parse_units
from loaders.text.segment import Section, is_title
from loaders.vocabulary import pairing_pattern
from ontology.model import Provenance
from ontology.vocab import R

NAME = r"[^，。；、,;：:\s“”（）()]{2,40}?"
# A village as a sentence writes it: no count (3个帮扶村), no phrase (任务重的村).
PLACE = r"[^，。；、,;：:\s“”（）()0-9０-９个的]{2,30}?(?:村|社区|嘎查)"
# What may stand between a unit and its verb: 继续派驻, 持续选派.
ADVERB = r"(?:继续|持续|再|新)?"


@dataclass
class Pending:
    """A dispatch before it is in the graph: read while its section is."""

    units: list[UnitName]
    place: Place
    prov: Provenance
    county: Division | None = None
    # units a later clause adds (工作队员由Y选派), each with that clause's provenance
    more: list[tuple[UnitName, Provenance]] = field(default_factory=list)
    captain: UnitName | None = None  # the unit marked （队长） on a line


# 1.A村（B镇）：X（队长）、Y: a whole line, the village first and its town in brackets.
LINE = re.compile(rf"^\s*(?:\d+[.．、]|[（(]\d+[）)])?\s*(?P<place>{PLACE})"
                  r"(?:[（(](?P<town>[^（）()，。；\s]{2,12}?(?:镇|乡|街道))[）)])?[：:]"
                  r"(?P<units>[^。；：:]+?)[。；]?\s*$")
CAPTAIN = re.compile(r"[（(]队长[）)]")
LINE_SPLIT = re.compile(r"[、，,]|和|及")
# A cheap gate: a line with a village and a colon near its start.
LINE_GATE = re.compile(r"^[^：:]{0,40}(?:村|社区|嘎查)(?:[（(][^）)]{0,12}[）)])?[：:]")


@cache
def _shapes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    verbs = pairing_pattern("dispatch").pattern
    to = re.compile(rf"(?P<unit>{NAME})向(?P<place>{PLACE})(?=、|各?(?:{verbs}))")
    sent = re.compile(rf"(?P<unit>{NAME}){ADVERB}(?:{verbs})[^，。；向]{{0,12}}?"
                      rf"(?:到|至|进驻)(?P<place>{PLACE})")
    by = re.compile(rf"^[^，。；]{{0,8}}由(?P<unit>[^，。；]{{2,40}}?)(?:{verbs})$")
    return to, sent, by


def read_dispatches(ctx: DocumentContext, section: Section, context: Context) -> list[Pending]:
    """The dispatches a section's sentences state (added after the tables')."""
    words = pairing_pattern("dispatch")
    out: list[Pending] = []
    for para in section.paragraphs:
        if LINE_GATE.match(para.text) and (line := _line(ctx, section, para.start, para.text,
                                                          context)):
            out.append(line)
            continue
        if words.search(para.text) is None or is_title(para.text):
            continue  # most paragraphs send no one
        text = blank_citations(para.text)
        out += _sentence(ctx, section, para.start, text, context)
    return out


def _sentence(ctx: DocumentContext, section: Section, base: int, text: str,
              context: Context) -> list[Pending]:
    to, sent, by = _shapes()
    out: list[Pending] = []
    county = doc_county(ctx, context)
    pos = 0
    for clause in CLAUSE_SPLIT.split(text):
        found = list(to.finditer(clause)) or list(sent.finditer(clause))
        for m in found:
            place = split_place(m.group("place"), context.codes)
            written = _unit_text(m.group("unit"))
            # 持续向重点乡村选派: an adverb, no unit, before 向
            if not written.endswith(unit_words().ends):
                continue
            units = parse_units(written, context)
            if not place.village or is_generic(place.village) or len(units) != 1:
                continue
            prov = ctx.prov(section.path, base + pos + m.start(), base + pos + m.end())
            out.append(Pending(units, place, prov, county))
        if not found and out and (m := by.match(clause)) and not is_generic(m.group("unit")):
            prov = ctx.prov(section.path, base + pos + m.start(), base + pos + m.end())
            out[-1].more += [(u, prov) for u in parse_units(m.group("unit"), context)]  # 工作队员由Y选派
        pos += len(clause) + 1
    return out


def _line(ctx: DocumentContext, section: Section, base: int, text: str,
          context: Context) -> Pending | None:
    """A line 1.A村（B镇）：X（队长）、Y: a dispatch when every item after the
    colon is one unit (a line of anything else names no unit list)."""
    m = LINE.match(text)
    if m is None:
        return None
    # the bracketed town reads as split_place reads a table's 村（乡镇） cell
    place = split_place(text[m.start("place"):m.end("town") + 1 if m.group("town") else
                             m.end("place")], context.codes)
    if not place.village or is_generic(place.village):
        return None
    units: list[UnitName] = []
    captain = None
    for item in LINE_SPLIT.split(m.group("units")):
        marked = CAPTAIN.search(item) is not None
        written = CAPTAIN.sub("", item).strip()
        found = parse_units(written, context) if written.endswith(unit_words().ends) else []
        if len(found) != 1:
            return None
        units += found
        if marked and captain is None:
            captain = found[0]
    prov = ctx.prov(section.path, base + m.start("place"), base + m.end("units"))
    return Pending(units, place, prov, doc_county(ctx, context), captain=captain)


def _unit_text(text: str) -> str:
    """The unit before 向: after a list's 、 or a leading word (其中)."""
    return re.sub(r"^(?:其中|同时|另外|此外)", "", text)


def add_dispatches(ctx: DocumentContext, found: list[Pending], graph: Graph) -> None:
    """Dispatch nodes of the sentences' dispatches, numbered in the order read."""
    for seq, d in enumerate(found, start=1):
        parent = graph.division(d.county) if d.county else None
        street = graph.local_place(d.place.town, parent) if d.place.town else None
        village = graph.local_place(d.place.village, street or parent)
        if village is None:
            continue
        dispatch, team = add_dispatch(ctx, graph, "", seq, village, d.place.village, d.prov,
                                      source="prose")
        seen: set[str] = set()
        for k, (unit, prov) in enumerate([(u, d.prov) for u in d.units] + d.more):
            if graph.unit(unit) in seen:
                continue  # a unit named twice sends once
            seen.add(add_sender(graph, dispatch, team, unit, k, prov))
        if d.captain is not None:
            graph.add_edge(dispatch, R.captainUnit, graph.unit(d.captain), d.prov,
                           unitText=d.captain.written)
