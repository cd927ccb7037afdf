"""Pairings between regions named in titles and sentences, and the
helper/helped sides of a document.

- A结对帮扶B / A对口帮扶B / A对口支援B (B may be a list: X市对口帮扶A县、B县和C县),
  A与B东西部协作 / 山海协作 / 闽宁协作 / A与B结对; A and B are runs of gazetteer
  divisions (天津市武清区); A、B分别结对帮扶X、Y pairs them in order.
- A document's sides: its title's pairing, else the first its text states.
Citations in 《》 state other documents' subjects and are not read.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import chain

from loaders import rules
from loaders.names.gazetteer import MAX_NAME, Division, gazetteer
from loaders.text.segment import Section, is_title
from loaders.vocabulary import pairing_pattern

CITATION = re.compile(r"《[^《》]*》")
CLAUSE_SPLIT = re.compile(r"[，。；：,;:！？\n]")
# How far after A与B the cooperation may be named: 开展东西部协作, 高质量结对帮扶.
COOPERATION_REACH = 10
JOINED = re.compile("与")  # A与B: compiled once, asked of every paragraph twice
# What may stand between a helper and its verb: 洪山区进一步落实结对帮扶新洲区.
FILLER = re.compile(r"(?:进一步|继续|持续|深入|全面)?(?:落实|推进|深化|做好|开展|加强)?")


def division_run(text: str, start: int, near: tuple[str, ...] = ()) -> tuple[int, Division | None]:
    """Division names written back to back from start (天津市武清区): where they
    end and the most specific one; each name is looked up near the one before."""
    gaz, pos, best = gazetteer(), start, None
    while pos < len(text):
        for size in gaz.sizes_at(text, pos, MAX_NAME):
            d = gaz.lookup(text[pos:pos + size], (best.code,) if best else near)
            if d is not None:
                best, pos = d, pos + size
                break
        else:
            if best is not None or (stem := _province_stem(text, pos)) is None:
                break
            best, pos = stem, pos + len(stem.stem)
    return pos, best


STEM_SIZES = (3, 2)  # a province's stem: 内蒙古, 新疆


def _province_stem(text: str, pos: int) -> Division | None:
    """A province's bare stem opening a run only before one of its own
    divisions (新疆喀什地区, 广东广州市); alone, 新疆 names no division."""
    gaz = gazetteer()
    if pos >= len(text) or text[pos] not in gaz.stem_starts:
        return None  # no stem starts with this character (the common case)
    for size in STEM_SIZES:
        d = gaz.lookup_stem(text[pos:pos + size])
        if d is None or d.level != "province":
            continue
        for inner in gaz.sizes_at(text, pos + size, MAX_NAME):
            below = gaz.lookup(text[pos + size:pos + size + inner], (d.code,))
            if below is not None and below.parent_code and d in gaz.ancestors(below):
                return d
    return None


@cache
def _run_ends() -> tuple[re.Pattern[str], frozenset[str], frozenset[str]]:
    """What a run of division names may end with: the last characters of the
    names (a run always ends after a name: a province stem opens a run only
    before one of its divisions), the last characters of the stems that may
    open a run, and the character pairs inside names and those stems."""
    gaz = gazetteer()
    names = [n for n in gaz.by_name if len(n) >= 2]
    stems = [s for s, ds in gaz.by_stem.items() if any(d.level == "province" for d in ds)]
    ends = "".join(sorted({n[-1] for n in names}))
    pairs = frozenset(w[i:i + 2] for w in names + stems for i in range(len(w) - 1))
    return re.compile(f"[{re.escape(ends)}]"), frozenset(s[-1] for s in stems), pairs


def _may_end_run(text: str, end: int) -> bool:
    """Whether a run of division names can stop at end or before a filler that
    leads to end (which run_before asks of every start before end): a name must
    end there, or a name or stem must reach across end. Most verbs follow
    no place at all, and the scan below is then skipped."""
    name_end, stem_ends, pairs = _run_ends()
    if text[end - 1:end] in stem_ends or text[end - 1:end + 1] in pairs:
        return True
    return any(FILLER.fullmatch(text, m.end(), end)
               for m in name_end.finditer(text, max(0, end - 32), end))


def run_before(text: str, end: int, near: tuple[str, ...] = ()) -> tuple[int, Division | None]:
    """A run of division names that ends at end, or before an adverb and verb
    that lead to it (洪山区进一步落实结对帮扶…), and where it starts."""
    if not _may_end_run(text, end):
        return end, None
    gaz = gazetteer()
    for start in range(max(0, end - 32), end - 1):
        if text[start] not in gaz.sizes_from and text[start] not in gaz.stem_starts:
            continue  # no name or stem starts here: division_run would find nothing
        stop, d = division_run(text, start, near)
        if d is not None and FILLER.fullmatch(text[stop:end]):
            return start, d
    return end, None


RESPECTIVELY = "分别"


def respective_helpers(text: str, end: int, near: tuple[str, ...] = ()) -> tuple[int, list[Division]]:
    """A list of places before 分别 that ends at end (黄埔区、番禺区、花都区分别…),
    read back from 分别, and where it starts; [] without 分别."""
    if not text[:end].endswith(RESPECTIVELY):
        return end, []
    out: list[Division] = []
    pos = end - len(RESPECTIVELY)
    while True:
        start, d = run_before(text, pos, near + tuple(x.parent_code for x in out[:1]
                                                      if x.parent_code))
        if d is None:
            break
        out.insert(0, d)
        if start == 0 or text[start - 1] not in "、和及":
            break
        pos = start - 1
    return (start if out else end), out


# What may stand between two pairs of one helper: 、 / ， / 和 / 并 / 同时.
SHARED_HELPER = "、，,和及并同时还 "


# What division_run reads to tell whether a run starts: a name, or a
# province's stem (at most 3 characters) and a name after it.
RUN_OPENING = max(STEM_SIZES) + MAX_NAME


@lru_cache(maxsize=4096)  # what follows a pairing verb repeats (结对帮扶工作，…)
def _opens_run(opening: str) -> bool:
    """Whether a run of division names starts at the front of opening; which
    division it is may depend on what is near, that it is one does not."""
    return division_run(opening, 0)[1] is not None


def run_list(text: str, start: int, near: tuple[str, ...] = ()) -> tuple[int, list[Division]]:
    """Runs of division names joined by 、 / 和 / 及 from start: A县、B县和C县."""
    if not _opens_run(text[start:start + RUN_OPENING]):
        return start, []
    out: list[Division] = []
    pos = start
    while True:
        stop, d = division_run(text, pos, near)
        if d is None:
            break
        out.append(d)
        pos = stop
        if pos < len(text) and text[pos] in "、和及与":
            nxt, d2 = division_run(text, pos + 1, near)
            # 宜川县、吴江区对口支援霍城县: a place followed by a pairing verb
            # is the next pair's helper, not one more helped place; so is one
            # followed by 与 (A与B、C与D结对: C pairs with D)
            if d2 is not None and not pairing_pattern("verb").match(text, nxt) \
                    and not text.startswith(JOINED.pattern, nxt):
                pos += 1
                continue
        break
    return (pos if out else start), out


def region_pairs(text: str, verbs: re.Pattern[str] | None = None,
                 near: tuple[str, ...] = ()) -> list[tuple[int, int, Division | None, list[Division]]]:
    """(start, end, helper, helped) of A<verb>B and A与B<协作|结对> in one text
    (the words: ontology/data/pairing_words.csv); the helper is None where the
    verb follows something other than a place (我厅定点帮扶吉安市遂川县)."""
    verbs = verbs or pairing_pattern("verb")
    out: list[tuple[int, int, Division | None, list[Division]]] = []
    for m in verbs.finditer(text):
        # the helped places first: without them nothing is stated, and most
        # verbs are followed by no place (结对帮扶工作)
        b, helped = run_list(text, m.end(), near)
        if not helped:
            continue
        a, helper = run_before(text, m.start(), near)
        if helper is None:
            start, helpers = respective_helpers(text, m.start(), near)
            if len(helpers) == len(helped) > 1:
                # A、B、C分别结对帮扶X、Y、Z: the i-th helper helps the i-th place
                out += [(start, b, h, [d]) for h, d in zip(helpers, helped)]
                continue
        if helper is None and out and out[-1][2] is not None \
                and not text[out[-1][1]:m.start()].strip(SHARED_HELPER):
            # 吴江区对口帮扶宜川县、对口支援霍城县: the second verb keeps the helper
            a, helper = m.start(), out[-1][2]
        out.append((a, b, helper, helped))
    if "与" in text:
        cooperation = pairing_pattern("cooperation", "abbreviated")
        for m in JOINED.finditer(text):
            b, helped = run_list(text, m.end(), near)
            if not helped:
                continue
            a, helper = run_before(text, m.start(), near)
            if helper is None:
                continue
            gap = cooperation.search(text, b, b + COOPERATION_REACH)
            if gap and not CLAUSE_SPLIT.search(text[b:gap.start()]):
                out.append((a, gap.end(), helper, helped))
    return sorted(out, key=lambda r: r[0]) if len(out) > 1 else out


def blank_citations(text: str) -> str:
    """Cited titles as spaces: offsets stay, their words are not read."""
    if "《" not in text:
        return text  # most paragraphs cite nothing
    return CITATION.sub(lambda m: " " * len(m.group(0)), text)


def document_sides(title: str, sections: list[Section]) -> tuple[tuple[Division, ...],
                                                                 tuple[Division, ...]]:
    """The helper and helped divisions of a document: its title's pairing
    (洪山区结对帮扶建始县, X与Y山海协作), else the first region pairing its text
    states. Only 定点帮扶 may name no helping place (我厅定点帮扶遂川县: a unit
    helps); 专项资金对口帮扶新城区 names no side."""
    verbs = pairing_pattern("verb", "helped")
    first = title.replace(" ", "")
    # a paragraph with no pairing verb and no 与 states no region pairing:
    # it is neither cleaned of citations nor read
    texts = chain([first], (blank_citations(p.text) for s in sections for p in s.paragraphs
                            if ("与" in p.text or verbs.search(p.text)) and not is_title(p.text)))
    for text in texts:
        found = region_pairs(text, verbs)
        if not found and text is first and (m := rules.HELPS.search(text)):
            found = region_pairs(text[m.start():], rules.HELPS)
        for a, b, helper, helped in found:
            if helper is not None or text[a:b].startswith("定点帮扶"):
                return ((helper,) if helper else ()), tuple(helped)
    return (), ()


