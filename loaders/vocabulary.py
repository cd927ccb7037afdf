"""The two vocabularies every clause and table rule reads, kept as data.

ontology/data/roles.csv decides once which role each word of the genre gives
(牵头单位 → lead, 协办单位 → cooperating, X具体落实 → responsible); clause
labels, verbs in prose and table headers all look a word up here, so no rule
keeps a role list of its own. ontology/data/columns.csv maps the other header
words of a table (序号, 重点任务, 驻村地点, 队长单位 …) to a column role. See
docs/extraction.md for how to add a word.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

ROLES = ("lead", "responsible", "cooperating")
FORMS = ("label", "verb", "with", "colon", "firm", "copula")


@dataclass(frozen=True)
class RoleWord:
    word: str
    role: str
    form: str  # "label" (牵头单位：…, a column header), "verb" (X牵头, Y配合),
    #            "with" (X会同Y: the word's role is Y's, and X leads), "colon" (a
    #            label only before a colon: 牵头：X；配合：Y, never a header) or
    #            "firm" (a verb that states its units' role on its own: X负总责)
    #            or "copula" (a firm noun said of units through 为: X为责任主体)


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of one CSV file of ontology/data (package data), as dicts by header."""
    source = resources.files("ontology") / "data" / name
    with source.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def role_words() -> tuple[RoleWord, ...]:
    """Every role word, longest first so 牵头负责 is tried before 负责."""
    words = [RoleWord(r["word"], r["role"], r["form"]) for r in data_rows("roles.csv")]
    bad = [w.word for w in words if w.role not in ROLES or w.form not in FORMS]
    if bad:
        raise ValueError(f"roles.csv: unknown role or form for {bad}")
    return tuple(sorted(words, key=lambda w: -len(w.word)))


@cache
def label_roles() -> dict[str, str]:
    """Clause labels and header words: 牵头单位 → lead …"""
    return {w.word: w.role for w in role_words() if w.form == "label"}


@cache
def clause_label_roles() -> dict[str, str]:
    """The labels of clauses: every label and the words that are labels only
    before a colon (牵头：X；配合：Y). Table headers use label_roles alone: a
    header 牵头领导 names persons."""
    return {**label_roles(), **{w.word: w.role for w in role_words() if w.form == "colon"}}


@cache
def verb_roles() -> dict[str, str]:
    """Verbs of prose and inline clauses: 牵头 → lead, 配合 → cooperating …"""
    return {w.word: w.role for w in role_words() if w.form in ("verb", "firm", "copula")}


@cache
def firm_verbs() -> frozenset[str]:
    """Verbs that state their units' role on their own (X负总责, X为责任主体):
    a running sentence with one is no passing mention."""
    return frozenset(w.word for w in role_words() if w.form in ("firm", "copula"))


@cache
def copula_words() -> frozenset[str]:
    """Role nouns said of units only through a copula: X为(…的)责任主体."""
    return frozenset(w.word for w in role_words() if w.form == "copula")


@cache
def partner_roles() -> dict[str, str]:
    """Words that join a lead to its partners: X会同Y → Y cooperating."""
    return {w.word: w.role for w in role_words() if w.form == "with"}


@cache
def label_pattern() -> re.Pattern[str]:
    """A role label followed by a colon (full- or half-width) or a 】."""
    words = sorted(label_roles(), key=len, reverse=True)
    return re.compile(r"(" + "|".join(map(re.escape, words)) + r")\s*[：:】]")


@cache
def _labels_longest_first() -> tuple[tuple[str, str], ...]:
    """label_roles longest word first (牵头单位 before 单位), sorted once."""
    return tuple(sorted(label_roles().items(), key=lambda kv: -len(kv[0])))


@cache
def column_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, column role) in file order; the first match wins."""
    return tuple((re.compile(r["pattern"]), r["column"]) for r in data_rows("columns.csv"))


@lru_cache(maxsize=8192)  # header words repeat across the tables of a collection
def column_role(header: str) -> str | None:
    """The role of a table column from its header text, or None.

    A role label (牵头单位, 责任部门, 实施单位) names a unit column of that role;
    otherwise the first matching row of columns.csv decides.
    """
    text = re.sub(r"\s+", "", header)
    if not text:
        return None
    for word, role in _labels_longest_first():
        if word in text:
            return role
    for pattern, column in column_rules():
        if pattern.search(text):
            return column
    return None


# joint (A、B共同…), directed (A对B实行…), topic (words of a sentence about
# pairs that state none themselves: 对子, 联村): read by pairing_prose.py;
# dispatch (X向A村选派…): read by dispatch_prose.py; helper_label and
# helped_label (受援：X；支援：Y): a line's side labels, read by line_pairings.py
PAIRING_FORMS = ("verb", "helped", "cooperation", "abbreviated", "joint", "directed", "topic",
                 "dispatch", "helper_label", "helped_label")


@cache
def pairing_words() -> dict[str, tuple[str, ...]]:
    """The words that state a pairing (ontology/data/pairing_words.csv) by
    form: verb (A对口帮扶B), helped (定点帮扶 names the helped side only),
    cooperation (A与B东西部协作) and abbreviated (A与B闽宁协作)."""
    rows = data_rows("pairing_words.csv")
    bad = [r["word"] for r in rows if r["form"] not in PAIRING_FORMS]
    if bad:
        raise ValueError(f"pairing_words.csv: unknown form for {bad}")
    return {form: tuple(sorted((r["word"] for r in rows if r["form"] == form), key=len,
                               reverse=True)) for form in PAIRING_FORMS}


@cache
def pairing_pattern(*forms: str) -> re.Pattern[str]:
    """One pattern of the pairing words of the forms given, longest first; an
    abbreviated word takes the two characters before it (闽宁协作)."""
    words = pairing_words()
    parts = sorted((w for f in forms if f != "abbreviated" for w in words[f]), key=len,
                   reverse=True)
    out = [re.escape(w) for w in parts]
    if "abbreviated" in forms:
        out += [r"[\u4e00-\u9fff]{2}" + re.escape(w) for w in words["abbreviated"]]
    return re.compile("|".join(out))
