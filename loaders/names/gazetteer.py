"""The gazetteer of administrative divisions, and a longest-match finder.

ontology/data/divisions.csv (see ontology/data/README.md) lists China's
divisions down to county level with their 6-digit codes. Streets, towns and
villages are not in it: they come from the documents.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ontology.vocab import C

LEVEL_CLASS = {"province": C.Province, "city": C.City, "prefecture": C.Prefecture,
               "district": C.District, "county": C.County}
MAX_NAME = 12
# The level word a short name can keep: 恩施州, 五峰县, 库伦旗 (bare 洪山 is also
# a street, a school, a hill, so a short name without one is no name alone).
LEVEL_SUFFIXES = "省市州区县盟旗"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    short_name: str
    level: str
    parent_code: str

    @property
    def cls(self) -> C:
        return LEVEL_CLASS[self.level]

    @property
    def stem(self) -> str:
        """The place name without its level word: 平远 (平远县), 北川 (北川县 =
        北川羌族自治县), 库伦 (库伦旗), 宁夏; as written before 分局, 中学, 供电局."""
        short = self.short_name or self.name
        return short[:-1] if self._keeps_level(short) and len(short) > 2 else short

    def _keeps_level(self, short: str) -> bool:
        """Whether a short name ends in this division's own level word (库伦旗
        does; 红旗 of 红旗区 ends in 旗 but is a bare stem)."""
        return short[-1] in LEVEL_SUFFIXES and short[-1] == self.name[-1]

    @property
    def forms(self) -> set[str]:
        """Every spelling that names this division on its own: the full name,
        the short name when it keeps its level word (恩施州, 五峰县, 库伦旗), and
        for an autonomous division the stem + 自治 + level (彭水自治县, 宁夏自治区)."""
        out = {self.name}
        if self.short_name and self._keeps_level(self.short_name):
            out.add(self.short_name)
        if "自治" in self.name:
            out.add(self.stem + self.name[self.name.rindex("自治"):][:2] + self.name[-1])
        return out


class Gazetteer:
    """Divisions by code and by every name they are written with."""

    def __init__(self, rows: list[Division]) -> None:
        self.by_code = {d.code: d for d in rows}
        self.by_name: dict[str, list[Division]] = {}
        self.by_stem: dict[str, list[Division]] = {}
        for d in rows:
            for name in d.forms:
                self.by_name.setdefault(name, []).append(d)
            if len(d.stem) >= 2 and d.stem not in d.forms:
                self.by_stem.setdefault(d.stem, []).append(d)
        # The lengths of the names that open with each character, longest
        # first: a scan tries only those instead of every length at every
        # character (a big file was dominated by failed lookups).
        sizes: dict[str, set[int]] = {}
        for name in self.by_name:
            if len(name) >= 2:
                sizes.setdefault(name[0], set()).add(len(name))
        self.sizes_from = {ch: tuple(sorted(n, reverse=True)) for ch, n in sizes.items()}
        self.stem_starts = frozenset(stem[0] for stem in self.by_stem)

    def parent(self, d: Division) -> Division | None:
        return self.by_code.get(d.parent_code)

    def ancestors(self, d: Division) -> list[Division]:
        chain, cur = [], self.parent(d)
        while cur is not None and cur not in chain:
            chain.append(cur)
            cur = self.parent(cur)
        return chain

    def lookup(self, name: str, near: tuple[str, ...] = ()) -> Division | None:
        """The division a name means, preferring those nearest to known codes."""
        found = self.by_name.get(name)
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        return min(found, key=lambda d: (-_shared_prefix(d.code, near), d.code))

    def sizes_at(self, text: str, pos: int, longest: int = MAX_NAME) -> tuple[int, ...]:
        """The lengths a division name starting at text[pos] may have, longest
        first, at least 2 and at most ``longest`` and what is left of text."""
        sizes = self.sizes_from.get(text[pos]) if pos < len(text) else None
        if not sizes:
            return ()
        room = min(longest, len(text) - pos)
        return sizes if sizes[0] <= room else tuple(n for n in sizes if n <= room)

    def lookup_stem(self, stem: str, near: tuple[str, ...] = ()) -> Division | None:
        """A division by its bare stem (平远 → 平远县), only for callers that
        see a word confirming a place follows (平远分局, 铜仁供电局)."""
        found = self.by_stem.get(stem)
        if not found:
            return None
        return min(found, key=lambda d: (-_shared_prefix(d.code, near), d.code))

    def find(self, text: str, near: tuple[str, ...] = ()) -> list[tuple[int, int, Division]]:
        """Longest non-overlapping division names in text, with their spans."""
        out, i, n = [], 0, len(text)
        sizes_from = self.sizes_from
        while i < n:
            # sizes_at, inline: most characters open no name, and this runs at each
            room = min(MAX_NAME, n - i)
            for size in sizes_from.get(text[i], ()):
                if size <= room and (d := self.lookup(text[i:i + size], near)) is not None:
                    out.append((i, i + size, d))
                    i += size
                    break
            else:
                i += 1
        return out


def _shared_prefix(code: str, near: tuple[str, ...]) -> int:
    best = 0
    for other in near:
        n = 0
        while n < len(code) and code[n] == other[n]:
            n += 1
        best = max(best, n)
    return best


@cache
def gazetteer() -> Gazetteer:
    source = resources.files("ontology") / "data" / "divisions.csv"
    with source.open(encoding="utf-8") as fh:
        rows = [Division(r["code"], r["name"], r["short_name"], r["level"],
                         r["parent_code"]) for r in csv.DictReader(fh)]
    return Gazetteer(rows)
