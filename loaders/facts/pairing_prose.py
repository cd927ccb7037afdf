"""Pairings stated in titles and sentences.

Forms read (see docs/extraction.md):
- a region pairing (read in region_pairs.py, which also finds the
  helper/helped sides of a document);
- pairs of units listed in one sentence: A与B、C与D开展结对共建 / 组团式帮扶 /
  医联体, and A—B、C—D inside a sentence about 结对 (a dash between two digits,
  第1-12项, is a range: no pair); the kind comes from the two sides (two
  schools, two hospitals, a company and a village …).
Citations in 《》 state other documents' subjects, and a part title is the
title of an enclosed document: neither is read as this document's pairing,
except the document's own title (关于印发《X对口帮扶Y方案》的通知 names it).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from loaders import rules
from loaders.facts.context import DocumentContext
from loaders.facts.region_pairs import CLAUSE_SPLIT, blank_citations, division_run, region_pairs
from loaders.names.gazetteer import Division
from loaders.graph import Graph
from loaders.facts.line_pairings import side_label_pairs
from loaders.facts.pairing_lists import (NOWHERE, QUOTE, dash_right, directed_pairs, free_directed,
                                         helpers_before, joint_opening, names_in, pairs,
                                         passive, with_places)
from loaders.facts.pairing import (Side, add_pairing, division_side, helps_villages_only,
                                   is_generic, kind_of, may_name_village, split_place, unit_side,
                                   village_side)
from loaders.text.segment import Section, is_title
from loaders.names.units import Context, UnitName, resolve
from loaders.vocabulary import pairing_pattern
from ontology.model import Provenance
from ontology.vocab import C

# Words that close a list of pairs and start what the pairs do.
PAIR_TAIL = re.compile(r"开展|进行|建立|签订|组建|实现|形成|结成|“|\"|「|结对|组团|对口|院包科|医联体|"
                       r"共建|帮扶|协作|托管|联盟|合作")
# A sentence about pairs names one of these, or a topic word of
# ontology/data/pairing_words.csv (结成“医村对子”, 企业联村).
PAIR_WORD = re.compile(r"结对|帮扶|协作|共建|医联体|院包科|组团|对口|托管|联盟|"
                       + pairing_pattern("topic").pattern)
# A paragraph that closes on a colon introduces the lines below it: under
# 镇村结对，具体为： each line A——B村、C村 is a pair.
INTRO_END = ("：", ":")

# Verbs that open a clause before the first pair: 推动A与B…, 其中A与B….
LEAD_VERB = re.compile(r"^(?:推动|推进|组织|深化|巩固|支持|鼓励|引导|继续|持续|其中|加强|建立|落实|"
                       r"促进|实施|做好|指导|完善|扩大|加快|积极|全面|由)+")
MAX_NAME = 40
# 的 before words about the pairing ends the name before it: B的组团式帮扶.
OF_PAIRING = re.compile(rf"的(?=\S*?(?:{PAIR_WORD.pattern}|关系))")
ETC = re.compile(r"等$")  # 与金溪村等开展…: the side named, and others like it
SPACES = re.compile(r"\s+")
# Where the names beside a dash (A—B) end: compiled once, a plan has a dash per point.
BEFORE_DASH = re.compile(r"[、（(]")


def read_pairings(ctx: DocumentContext, title: str, section: Section,
                  context: Context) -> list[tuple[Pending, Pending, str, Provenance]]:
    """The pairs a section's title and sentences state, before any is in the
    graph: read while the section is, added after the document's tables."""
    out = []
    probe = _probe()
    listing = False  # under a paragraph about pairs that closes on a colon
    for para in section.paragraphs:
        under, listing = listing, _introduces(para.text, listing)
        if probe.search(para.text) is None:
            continue  # no 与, pairing verb or dash that is no range: nothing to read
        if is_title(para.text):
            own = para.text.replace(" ", "") == title.replace(" ", "")
            if not own:
                continue
            text = para.text  # the document's own title, 《》 included
        else:
            text = blank_citations(para.text)
        for a, b, side_a, side_b in _statements(text, context, under):
            kind = kind_of(side_a, side_b)  # type: ignore[arg-type]
            if kind is None or side_a.key == side_b.key:
                continue
            out.append((side_a, side_b, kind, ctx.prov(section.path, para.start + a,
                                                        para.start + b)))
    return out


def add_pairings(ctx: DocumentContext, found: list[tuple[Pending, Pending, str, Provenance]],
                 graph: Graph) -> None:
    """Pairings of the document's title and of its sentences (read_pairings)."""
    for side_a, side_b, kind, prov in found:
        # nodes are made only for a pair that holds: a probe of a
        # phrase that is no pair (2025年与…) leaves nothing behind
        helper, helped = side_a.make(graph), side_b.make(graph)
        if helper is None or helped is None:
            continue
        add_pairing(ctx, graph, kind, helper.node, helped.node, prov)


@dataclass(frozen=True)
class Pending:
    """One side of a pair before it is in the graph: what kind_of reads (cls,
    level), a key to tell two sides apart, and how to make its node."""

    key: tuple[str, ...]
    cls: C
    level: str
    make: Callable[[Graph], Side | None]


def _introduces(text: str, listing: bool) -> bool:
    """Whether the paragraphs after this one are lines of a list of pairs: it
    closes on a colon in a sentence about pairs, or it is such a line itself
    (a dash that is no range) under one."""
    text = text.rstrip()
    if text.endswith(INTRO_END):
        return PAIR_WORD.search(text) is not None
    return listing and any(not _is_range(text, m) for m in rules.PAIR_DASH.finditer(text))


def _statements(text: str, context: Context,
                under: bool = False) -> list[tuple[int, int, Pending, Pending]]:
    out = []
    for a, b, helper, helped in region_pairs(text, near=context.codes):
        if helper is None:
            continue
        for d in helped:
            out.append((a, b, _division_unit(helper), _division(d)))
    if under or PAIR_WORD.search(text):
        for a, b, left, right in _unit_pairs(text, context):
            helper = _side_in(left, context.key, context.issuer, True)
            if helper is None:
                continue  # no pair without a helper
            # a helper that is no jurisdiction, school or hospital pairs only
            # with a village: a side naming none is not worth resolving
            if helps_villages_only(helper) and not may_name_village(right):  # type: ignore[arg-type]
                continue
            helped = _side_in(right, context.key, context.issuer, False)
            if helped:
                out.append((a, b, helper, helped))
    for a, b, left, right in side_label_pairs(text):  # 受援：A；支援：B、C
        helper = _side_in(left, context.key, context.issuer, True)
        helped = _side_in(right, context.key, context.issuer, False)
        if helper and helped:
            out.append((a, b, helper, helped))
    return out


def _division(d: Division) -> Pending:
    return Pending(("division", d.code), d.cls, "division", lambda g: division_side(g, d))


def _unit(unit: UnitName) -> Pending:
    code = unit.jurisdiction.code if unit.jurisdiction else ""
    return Pending(("unit", code, unit.name), unit.cls, "unit", lambda g: unit_side(g, unit))


def _division_unit(d: Division) -> Pending:
    """A jurisdiction that helps acts as a unit (洪山区 as the helping party)."""
    return _unit(resolve(d.name, Context.of(d)))


def _unit_pairs(text: str, context: Context = NOWHERE) -> list[tuple[int, int, str, str]]:
    """A与B、C与D <tail> and A—B、C—D in the clauses of a sentence about pairs."""
    # only the clauses with a 与, a pairing verb or a dash that is no range
    # are read (a plan's 第1-12项 stands on every line)
    hits = [m.start() for m in _probe().finditer(text)]
    if not hits:
        return []
    cuts = [m.start() for m in CLAUSE_SPLIT.finditer(text)]
    out = []
    for k in sorted({bisect_left(cuts, at) for at in hits}):
        start = cuts[k - 1] + 1 if k else 0
        clause = text[start:cuts[k] if k < len(cuts) else len(text)]
        if "与" in clause:
            out += _joined_pairs(clause, start)
        out += _verb_pairs(clause, start, context)
        for m in rules.PAIR_DASH.finditer(clause):
            if _is_range(clause, m):
                continue
            left = BEFORE_DASH.split(clause[:m.start()])[-1]
            if left:
                out += pairs([(m.start() - len(left), left)], dash_right(clause, m.end()), start)
    if free_directed(text):
        # A对B实行…: read in every clause with a 对 (no probe word marks it)
        for k, clause in enumerate(CLAUSE_SPLIT.split(text)):
            if "对" in clause:
                lead = LEAD_VERB.match(clause)
                out += directed_pairs(clause, lead.end() if lead else 0, k and cuts[k - 1] + 1,
                                      context)
    return out


@cache
def _probe() -> re.Pattern[str]:
    """What a clause _unit_pairs reads has: 与, a pairing verb, or a dash
    character with no digit before it or none after it (a dash that is no
    range, as _is_range reads it, has one of these)."""
    dashes = "".join(sorted({c for c in rules.PAIR_DASH.pattern if rules.PAIR_DASH.fullmatch(c)}))
    dash = f"[{re.escape(dashes)}]"
    # the lookbehind after the dash keeps the dash first: re then skips to it
    words = pairing_pattern("verb", "topic").pattern
    # a side's label before a colon (受援：A；支援：B) opens a line of a pair
    labels = pairing_pattern("helped_label").pattern
    return re.compile(rf"与|{words}|{dash}(?:(?<!\d.)|(?!\d))|(?:{labels})\S{{0,4}}[：:]")


def _is_range(text: str, dash: re.Match[str]) -> bool:
    """A dash between two digits writes a range of numbers (第1-12项,
    2021-2025年), no pair. isdecimal is what \\d of _probe matches (Unicode
    category Nd)."""
    a, b = dash.start(), dash.end()
    return 0 < a and b < len(text) and text[a - 1].isdecimal() and text[b].isdecimal()


def _verb_pairs(clause: str, start: int, context: Context) -> list[tuple[int, int, str, str]]:
    """A<verb>B in one clause, A and B named units (广东省人民医院对口帮扶林芝市
    人民医院, X携手帮扶Y); B may be a list (Y、Z, Y和Z), A too when a joint
    word closes it (A、B共同帮扶Y); B由A<verb> closing the clause is passive.
    The verbs are the pairing words' (ontology/data/pairing_words.csv); a
    pair of jurisdictions is region_pairs'."""
    out = []
    verbs = pairing_pattern("verb")
    lead = LEAD_VERB.match(clause)
    begin = lead.end() if lead else 0
    for m in verbs.finditer(clause):
        head = clause[begin:m.start()]
        if not clause[m.end():].strip():
            if "由" not in head:
                continue  # nothing after the verb and no 由 before it: no pair
            helpers, helped = passive(head, begin, context)  # C由A结对帮扶
            out += pairs(helpers, helped, start)
            continue
        # 共同帮扶 is a verb that opens with the joint word: the list before it
        # is of helpers as before 共同结对帮扶
        joint = joint_opening(m.group())
        helpers = helpers_before(head + joint, begin, context)
        if not any(2 <= len(h) <= MAX_NAME for _, h in helpers):
            continue
        pos, helped = m.end(), []
        for item in rules.UNIT_SEPARATORS.split(clause[m.end():]):
            right = OF_PAIRING.split(item)[0]  # B的组团式帮扶: the name ends at 的
            if verbs.search(right):
                break  # A对口帮扶B、C对口帮扶D: C starts the next pair
            if 2 <= len(right) <= MAX_NAME:
                helped += names_in(right, pos, context)
            if right != item:
                break
            pos += len(item) + 1
        out += pairs(helpers, with_places(helped), start)
    return out


def _joined_pairs(clause: str, start: int) -> list[tuple[int, int, str, str]]:
    last = clause.rindex("与")
    tail = PAIR_TAIL.search(clause, last + 2)
    if tail is None:
        return []
    lead = LEAD_VERB.match(clause)
    begin = lead.end() if lead else 0
    out, pos = [], begin
    for item in clause[begin:tail.start()].split("、"):
        if item.count("与") == 1:
            left, right = item.split("与")
            left = QUOTE.split(left)[-1]  # 办好“A与B”: the pair is inside the quote
            if 2 <= len(left) <= MAX_NAME and 2 <= len(right) <= MAX_NAME:
                out.append((start + pos, start + pos + len(item), left, right))
        pos += len(item) + 1
    return out


@lru_cache(maxsize=4096)  # the same phrases stand beside 与 and 帮扶 line after line
def _side_in(text: str, places: tuple[tuple[str, Division], ...], issuer: str,
             helper: bool) -> Pending | None:
    """A place or unit named on one side of a pair (places and issuer: the
    context's key), or None for a class of them (我区脱贫村, 福建企业)."""
    context = Context(dict(places), issuer)
    # A与B等: B and others like it — the pair names B
    text = ETC.sub("", SPACES.sub("", text))
    if not text or is_generic(text):
        return None
    stop, d = division_run(text, 0, context.codes)
    if d is not None and stop == len(text):
        return _division_unit(d) if helper else _division(d)
    place = split_place(text, context.codes)
    if place.village and not helper:
        county = place.division
        return Pending(("village", county.code if county else "", place.town, place.village),
                       C.Village, "village", lambda g: village_side(g, place, county))
    unit = resolve(text, context)
    return None if unit.is_group else _unit(unit)
