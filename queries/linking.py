"""Entity linking for questions: the names of units, places, tasks, projects
and documents in a Chinese question, found by longest match against the
graph's own names and aliases (the internal query ``names``), plus 文号 and
years by pattern. No word segmenter is needed: the dictionary is the graph.

A form a document wrote (区财政局) is an alias of the qualified name; a name
without its place prefix (财政局 for 洪山区财政局, 武汉市财政局 …) is a weak
form, used only when nothing stronger matches, and usually ambiguous. A place
written right before another name qualifies it: 辛冲街道三合村 is the 三合村
in 辛冲街道, 建始县的相关学校 is 建始县相关学校.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

# One letter a kind, in the order they appear in a template token (〈UPA3〉).
LETTERS = {"unit": "U", "place": "P", "area": "A", "task": "T", "project": "T",
           "document": "D", "year": "Y"}
ORDER = "UPATDY"
MIN_FORM = 2  # one character never names anything
LEVELS = set("省市州县区旗镇乡")  # the level word a relative unit name starts with (市卫健委)
MIN_WEAK = 3  # 街道 (洪山街道 without 洪山) is a word, not a name
ISSUER_STOP = set("的和与跟是在中里问查看请把按照据那这个份及")

# 文号: 武办文〔2021〕33号, also written with [], 【】, （） and spaces.
YEAR_BRACKET = re.compile(r"[\[【〔(（]\s*((?:19|20)\d{2})\s*[\]】〕)）]")
DOC_NUMBER_TAIL = re.compile(r"〔(?:19|20)\d{2}〕\d{1,4}号")
YEAR = re.compile(r"((?:19|20)\d{2})年(?:度)?(?:(\d{1,2})月(?:份)?)?")
TITLE_INNER = re.compile(r"《([^《》]{4,})》")
# Common nouns some sentences made a unit of (派出单位每年为驻点村筹措…); in a
# question they are words (哪些驻点村没有项目), not that unit's name.
COMMON_NOUNS = re.compile(r"^(?:驻点村|派出单位)$")


QUOTES = re.compile(r"[《》〈〉“”\"'‘’「」『』]")


def fold(text: str) -> str:
    """The form names and questions are compared in: NFKC (full-width digits
    and punctuation to ASCII), no whitespace, 文号 brackets as 〔〕, and no
    quotes or title marks (《方案》 and 方案 are the same name; 〈〉 would
    also clash with the template's tokens)."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    text = YEAR_BRACKET.sub(r"〔\1〕", text)
    return QUOTES.sub("", text)


@dataclass(frozen=True)
class Entity:
    """A named thing of the graph as the linker sees it."""

    id: str
    name: str
    kind: str  # unit | place | task | project | document
    cls: str
    parent: str | None = None
    parent_name: str | None = None

    def label(self) -> str:
        """三合村 (Village in 辛冲街道): enough to tell two of a name apart."""
        where = f" in {self.parent_name}" if self.parent_name else ""
        return f"{self.name} ({self.cls}{where})"


@dataclass(frozen=True)
class Mention:
    """A span of the folded question that names something."""

    start: int
    end: int
    text: str
    candidates: tuple[Entity, ...] = ()
    value: str | None = None  # a year (2024, 2024-12) or a 文号 the graph does not hold
    kind: str | None = None  # set for value mentions: year | document
    weak: bool = False
    qualifier: bool = False  # a place that only qualified the mention after it

    def of(self, *kinds: str) -> tuple[Entity, ...]:
        return tuple(e for e in self.candidates if e.kind in kinds)


@dataclass
class NameIndex:
    """Every form of every name, folded, to the entities it may mean."""

    entities: dict[str, Entity] = field(default_factory=dict)
    strong: dict[str, list[Entity]] = field(default_factory=dict)
    weak: dict[str, list[Entity]] = field(default_factory=dict)
    areas: set[str] = field(default_factory=set)  # places that are or contain villages
    lengths: list[int] = field(default_factory=list)  # of the forms, longest first

    @classmethod
    def from_rows(cls, rows: Iterable[dict[str, Any]]) -> NameIndex:
        index, aliases = cls(), {}
        for row in rows:
            entity = Entity(row["id"], row["name"], row["kind"], row["class"], row.get("parent"))
            index.entities.setdefault(entity.id, entity)
            aliases.setdefault(entity.id, set())
            if row.get("alias"):
                aliases[entity.id].add(row["alias"])
        for key, entity in index.entities.items():
            parent = index.entities.get(entity.parent or "")
            if parent is not None:
                index.entities[key] = replace(entity, parent_name=parent.name)
        for entity in index.entities.values():
            for form in _strong_forms(entity, aliases[entity.id]):
                index._add(index.strong, form, entity)
        index._add_weak_forms()
        index._find_areas()
        index.lengths = sorted({len(f) for f in index.strong} | {len(f) for f in index.weak},
                               reverse=True)
        return index

    def _add(self, table: dict[str, list[Entity]], form: str, entity: Entity) -> None:
        form = fold(form)
        if COMMON_NOUNS.match(form):
            return
        if len(form) >= MIN_FORM and entity not in table.setdefault(form, []):
            table[form].append(entity)

    def _add_weak_forms(self) -> None:
        """财政局 for 洪山区财政局: a unit's name without a place's name before it."""
        places = {f for f, es in self.strong.items() if any(e.kind == "place" for e in es)}
        prefixes = sorted(places, key=len, reverse=True)
        for entity in self.entities.values():
            if entity.kind != "unit":
                continue
            name = fold(entity.name)
            for prefix in prefixes:
                rest = name[len(prefix):]
                if not name.startswith(prefix) or len(rest) < MIN_WEAK:
                    continue
                if rest not in self.strong:
                    self._add(self.weak, rest, entity)
                for short in _short_forms(rest):  # 建始县文旅局 for 建始县文化和旅游局
                    self._add(self.strong, prefix + short, entity)
                    if short not in self.strong:
                        self._add(self.weak, short, entity)

    def _find_areas(self) -> None:
        for entity in self.entities.values():
            if entity.cls == "Village":
                self.areas.update(self.lineage(entity))

    def lineage(self, entity: Entity) -> list[str]:
        """The entity's id and its ancestors' ids, nearest first."""
        out, seen = [], set()
        current: Entity | None = entity
        while current is not None and current.id not in seen:
            out.append(current.id)
            seen.add(current.id)
            current = self.entities.get(current.parent) if current.parent else None
        return out

    def letters(self, mention: Mention) -> str:
        """The kinds a mention may stand for, as a template token's letters."""
        kinds = {LETTERS[mention.kind]} if mention.kind else set()
        for e in mention.candidates:
            kinds.add(LETTERS[e.kind])
            if e.kind == "place" and e.id in self.areas:
                kinds.add("A")
        return "".join(ch for ch in ORDER if ch in kinds)

    # -- finding mentions ----------------------------------------------------
    def find(self, text: str) -> list[Mention]:
        """Mentions in the folded text, left to right, longest match first."""
        patterned = _patterned(text)
        out, i = [], 0
        while i < len(text):
            best = patterned.get(i)
            for n in self.lengths:
                if best is not None and n < best.end - i:
                    break  # a pattern matched longer; on a tie the graph's name wins
                form = text[i:i + n]
                if form in self.strong or form in self.weak:
                    weak = form not in self.strong
                    found = (self.weak if weak else self.strong)[form]
                    best = Mention(i, i + n, form, tuple(found), weak=weak)
                    break
            if best is None:
                i += 1
                continue
            if not self._after_unknown_place(text, best, out[-1].end if out else 0):
                out.append(best)
            i = best.end
        return self._qualified(text, out)

    def _after_unknown_place(self, text: str, m: Mention, floor: int) -> bool:
        """黄冈市卫健委 is not 市卫健委 of the graph's city: a division of China the
        graph does not know ends right where a unit's relative name begins."""
        if m.weak or text[m.start:m.start + 1] not in LEVELS or not m.of("unit"):
            return False
        from loaders.names.gazetteer import gazetteer
        for j in range(max(floor, m.start - 8), m.start - 1):
            name = text[j:m.start + 1]
            if gazetteer().lookup(name) is not None and name not in self.strong:
                return True
        return False

    def _qualified(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """A place right before a name (nothing or 的 between) narrows it down."""
        out = list(mentions)
        for k in range(1, len(out)):
            a, b = out[k - 1], out[k]
            if text[a.end:b.start] not in ("", "的") or not a.of("place"):
                continue
            narrowed = self._narrow(a, b)
            if narrowed is not None:
                out[k - 1] = replace(a, qualifier=True)
                out[k] = replace(b, candidates=narrowed)
        return out

    def _narrow(self, a: Mention, b: Mention) -> tuple[Entity, ...] | None:
        places = {e.id for e in a.of("place")}
        prefixes = {fold(e.name) for e in a.of("place")} | {a.text}
        inside = tuple(e for e in b.of("place") if places & set(self.lineage(e)[1:]))
        named = tuple(e for e in b.of("unit") if any(fold(e.name).startswith(p) for p in prefixes))
        if not inside and not named:
            return None
        # each kind narrowed on its own: 武汉市洪山区 keeps 洪山区 the unit as well
        others = tuple(e for e in b.candidates if e.kind not in ("place", "unit"))
        return (inside or b.of("place")) + (named or b.of("unit")) + others


def _strong_forms(entity: Entity, aliases: set[str]) -> set[str]:
    forms = {entity.name, *aliases}
    if entity.kind == "document":
        forms.add(entity.name.removesuffix(".txt"))
        for title in aliases:
            forms.update(TITLE_INNER.findall(re.sub(r"\s+", "", title)))
    return forms


def _short_forms(core: str) -> list[str]:
    """文旅局 for 文化和旅游局: the abbreviations in national use that write this
    core of a unit's name (ontology/data/unit_aliases.csv, read the other way)."""
    from loaders.names.units import abbreviations
    out = [short for short, full in abbreviations().items() if full == core]
    return out + ["委" + short for short, full in abbreviations().items() if "委" + full == core]


def _patterned(text: str) -> dict[int, Mention]:
    """文号 and years, by the position they start at."""
    out: dict[int, Mention] = {}
    for m in DOC_NUMBER_TAIL.finditer(text):
        start = m.start()
        while start > 0 and start > m.start() - 6 and _issuer_char(text[start - 1]):
            start -= 1
        if start < m.start():
            out[start] = Mention(start, m.end(), text[start:m.end()], value=text[start:m.end()],
                                 kind="document")
    for m in YEAR.finditer(text):
        if any(s <= m.start() < v.end for s, v in out.items()):
            continue
        value = m.group(1) + (f"-{int(m.group(2)):02d}" if m.group(2) else "")
        out[m.start()] = Mention(m.start(), m.end(), m.group(0), value=value, kind="year")
    return out


def _issuer_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" and ch not in ISSUER_STOP
