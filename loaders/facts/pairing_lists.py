"""The sides of a pair as a sentence lists them (read by pairing_prose.py):
several helpers of one helped (A、B共同结对帮扶C, A、B三个部门共同联包C村),
a passive pair (C村由A和B结对帮扶), a directed pair (A对B村、C村实行…), and
lists of helped places whose later items leave out the places the first one
names (A镇B村、C村: C村 is in A镇 too).
"""
from __future__ import annotations

import re
from functools import cache

from loaders import rules
from loaders.facts.pairing import may_name_village, split_place
from loaders.names.unit_split import split_joined
from loaders.names.units import Context
from loaders.vocabulary import pairing_pattern, pairing_words

QUOTE = re.compile(r"[“”\"「」《》（）()]")
PASSIVE = "由"  # C由A结对帮扶: the helped before 由, the helpers after it
JOINERS = re.compile("[和及与]")  # what split_joined may split on
# A为X负责 …: no list of names holds these, a side longer than this is a phrase
MAX_NAME = 40
# Where a directed list (A对B、C) stops: the verb of what the pair does.
DIRECTED_TAIL = re.compile(r"实行|开展|进行|实施|建立|结成")
COUNT = r"(?:等)?(?:[一二三四五六七八九十两\d]+[个家所][\u4e00-\u9fff]{0,3}?)?"

Item = tuple[int, str]  # (offset in the text given, name)
# Where the name after a dash (A—B) ends.
AFTER_DASH = re.compile(r"[、）)]")
# 对 in a word that is no pairing: 针对, 面对, 相对, 一对一, 对接, 对于, 对象.
NOT_DIRECTED = re.compile(r"[针面相绝应核比一]对|.对[接于象照标应比待外话称]")


@cache
def _joint() -> re.Pattern[str]:
    """共同 closing a list of helpers, with a count of them before it
    (三个部门共同, 等两家医院共同): the words are ontology/data/pairing_words.csv's."""
    return re.compile(rf"{COUNT}(?:{pairing_pattern('joint').pattern})$")


@cache  # a handful of verbs, asked of every pairing verb of a plan
def joint_opening(verb: str) -> str:
    """The joint word a pairing verb opens with (共同帮扶 → 共同), else ""."""
    m = pairing_pattern("joint").match(verb)
    return m.group() if m else ""


NOWHERE = Context({}, "")


def names_in(text: str, base: int = 0, context: Context = NOWHERE) -> list[Item]:
    """The names of a list: split on 、 and on 和/及 where these join two
    names (县交通运输局和县公路段; 住房和城乡建设局 stays whole); the places of
    context tell a name that opens with a place's stem (渭源公路段)."""
    out, pos = [], base
    for item in text.split("、"):
        if not JOINERS.search(item):
            out += [(pos, item)] if item else []  # most items join no two names
        else:
            out += [(pos + k, piece) for k, piece in split_joined(item, context) if piece]
        pos += len(item) + 1
    return out


def helpers_before(head: str, base: int, context: Context = NOWHERE) -> list[Item]:
    """The helpers before a pairing verb: the last name (X结对帮扶…), or every
    name of the list a joint word closes (A、B共同结对帮扶…)."""
    inner = QUOTE.split(head)[-1]
    base += len(head) - len(inner)
    # the pattern only where a joint word closes the head (rare): a cheap test first
    joint = _joint().search(inner) if inner.endswith(pairing_words()["joint"]) else None
    if joint is None:
        last = inner.split("、")[-1]
        return [(base + len(inner) - len(last), last)]
    return names_in(inner[:joint.start()], base, context)


def passive(head: str, base: int, context: Context = NOWHERE) -> tuple[list[Item], list[Item]]:
    """C由A、B结对帮扶 with the verb closing the clause: (helpers, helped);
    every name after 由 helps (由A和B结对帮扶, 由A、B共同帮扶)."""
    by = head.rfind(PASSIVE)
    if by <= 0:
        return [], []
    before = QUOTE.split(head[:by])[-1]
    after = head[by + 1:]
    if (joint := _joint().search(after)) is not None:
        after = after[:joint.start()]
    helpers = names_in(after, base + by + 1, context)
    return helpers, with_places(names_in(before, base + by - len(before)))


def _directed(clause: str, at: int, context: Context = NOWHERE) -> list[Item]:
    """The helped of A对B、C实行… (at: where B starts): the list runs to the
    clause's end or to the verb of what the pair does; [] otherwise."""
    tail = DIRECTED_TAIL.search(clause, at)
    end = tail.start() if tail else len(clause)
    if QUOTE.search(clause, at, end) or end == at:
        return []
    return with_places(names_in(clause[at:end], at, context))


def with_places(items: list[Item]) -> list[Item]:
    """Items that name a village under no place take the places of the item
    before (A镇B村、C村 → A镇C村; X县A镇B村、D镇E村 → X县D镇E村)."""
    out: list[Item] = []
    town_prefix = county_prefix = ""  # the places written before the last village
    for at, name in items:
        if not may_name_village(name):
            out.append((at, name))  # no village: nothing to take or to give
            continue
        place = split_place(name)
        if place.village and name.endswith(place.village):
            # the offset moves back by what is taken, so that offset + length
            # still ends the item (a span inside the item before, never before it)
            if not place.town and place.division is None:
                name, at = town_prefix + name, at - len(town_prefix)
            elif place.division is None:
                name, at = county_prefix + name, at - len(county_prefix)
            place = split_place(name)
            town_prefix = name[:len(name) - len(place.village)]
            county_prefix = town_prefix[:town_prefix.rfind(place.town)] if place.town else ""
        out.append((at, name))
    return out


def dash_right(clause: str, at: int) -> list[Item]:
    """What a dash pairs its left side with: the name after it, and the
    villages listed after that one with no dash of their own
    (A镇——B县C镇D村、E村: A镇 helps both villages)."""
    right = AFTER_DASH.split(clause[at:])[0]
    if not right:
        return []
    items: list[Item] = [(at, right)]
    pos = at + len(right)
    while may_name_village(items[-1][1]) and clause.startswith("、", pos):
        item = clause[pos + 1:].split("、")[0]
        item = AFTER_DASH.split(item)[0]
        if not item or rules.PAIR_DASH.search(item) or not may_name_village(item):
            break
        items.append((pos + 1, item))
        pos += 1 + len(item)
    return with_places(items)


def directed_pairs(clause: str, begin: int, start: int,
                   context: Context) -> list[tuple[int, int, str, str]]:
    """A对B、C实行… / A对B closing a clause: the helper is all that stands
    before 对 (from begin, after a leading verb), one name."""
    out: list[tuple[int, int, str, str]] = []
    found = list(pairing_pattern("directed").finditer(clause, begin))
    if not found:
        return out
    words = [w.span() for w in _pairing_words().finditer(clause)]
    for m in found:
        if any(a <= m.start() < b for a, b in words) or NOT_DIRECTED.match(clause, m.start() - 1):
            continue  # 结对帮扶, 对口支援, 针对, 对接: 对 is part of a word
        head = clause[begin:m.start()]
        if not 2 <= len(head) <= MAX_NAME or QUOTE.search(head) or "、" in head:
            continue
        out += pairs([(begin, head)], _directed(clause, m.end(), context), start)
    return out


@cache
def _pairing_words() -> re.Pattern[str]:
    return pairing_pattern("verb", "helped", "cooperation", "topic")


@cache
def _words_or_directed() -> re.Pattern[str]:
    return re.compile(f"{_pairing_words().pattern}|{pairing_pattern('directed').pattern}")


def free_directed(text: str) -> bool:
    """Whether text has a directed word (对) that is no part of a pairing word
    (结对帮扶, 对口支援) or of another word (对接, 针对): one pass over a
    paragraph, most of whose 对 are in 结对."""
    directed = pairing_pattern("directed")
    return any(directed.fullmatch(m.group()) and not NOT_DIRECTED.match(text, max(0, m.start() - 1))
               for m in _words_or_directed().finditer(text))


def pairs(helpers: list[Item], helped: list[Item], start: int) -> list[tuple[int, int, str, str]]:
    """Every helper with every helped name, spans from the helper to the
    helped (offsets in a clause that starts at start)."""
    return [(start + min(a, b), start + max(a + len(x), b + len(y)), x, y)
            for a, x in helpers if 2 <= len(x) <= MAX_NAME
            for b, y in helped if 2 <= len(y) <= MAX_NAME]
