"""`document`: which part of a file each fact belongs to, when the file holds
documents of its own (a notice with the plan it issues, the cover of 002 with
武办文〔2021〕40号 and 33号 behind it).

The graph knows a file's facts with their section paths and spans, and the
documents the file cites with their titles. A top-level section whose title
is the title of a document the file cites starts that document's part; the
sections after it (its attachments) belong to it until the next such title;
sections before the first belong to the file itself. A fact without a section
(a citation) belongs to the part whose facts it precedes — a document's
header comes before its content — except that a file citing a document it
embeds speaks for itself (the cover's list of attachments).

So `document -p doc=武办文〔2021〕33号` answers with the part of 002 that is
33号, and a 文号 no file embeds answers with the documents that cite it.
"""
from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from typing import Any

from queries.rows import Row

SAME_TITLE = 0.85  # 中共武汉市委办公厅关于做好（向）重点乡村… differ by one character
INNER_TITLE = re.compile(r"[《〈]([^》〉]{4,})[》〉]")
NOISE = re.compile(r"[\s《》〈〉<>“”\"]")
COLUMNS = ("document", "part", "kind", "title", "unit", "role", "amount", "section",
           "evidence", "span")


def _forms(title: str) -> set[str]:
    """The title and the title it issues (关于印发《X》的通知 → X), without noise."""
    out = set()
    for text in [title, *INNER_TITLE.findall(title)]:
        text = NOISE.sub("", text)
        text = re.sub(r"^(关于印发|关于|印发)", "", text)
        text = re.sub(r"(的通知|通知)$", "", text)
        if text:
            out.add(text)
    return out


def same_title(a: str, b: str) -> bool:
    for x in _forms(a):
        for y in _forms(b):
            short, long = sorted((x, y), key=len)
            if x == y or (len(short) >= 8 and short in long):
                return True
            if SequenceMatcher(None, x, y).ratio() >= SAME_TITLE:
                return True
    return False


def _root(row: Row) -> str:
    return (row.get("section") or "").split(" > ")[0].strip()


def _start(row: Row) -> int:
    span = row.get("span") or [0, 0]
    return span[0] or 0


def label_parts(rows: list[Row]) -> dict[int, frozenset[str]]:
    """For each row of one file (by index), the cited documents (names) whose part it is in;
    an empty set is the file's own part."""
    cited = {r["_cited"]: r["title"] for r in rows if r["kind"] == "cites" and r.get("_cited")}
    roots: dict[str, list[int]] = defaultdict(list)  # root title → [first start, last end]
    for r in rows:
        if _root(r):
            span = r.get("span") or [0, 0]
            bounds = roots.setdefault(_root(r), [span[0] or 0, span[1] or 0])
            bounds[0], bounds[1] = min(bounds[0], span[0] or 0), max(bounds[1], span[1] or 0)
    owner: dict[str, frozenset[str]] = {}
    current: frozenset[str] = frozenset()
    for root in sorted(roots, key=lambda t: (roots[t][0], t)):
        matched = frozenset(name for name, title in cited.items() if same_title(title, root))
        current = matched or current
        owner[root] = current
    ends = sorted((bounds[1], root) for root, bounds in roots.items())
    out: dict[int, frozenset[str]] = {}
    for i, r in enumerate(rows):
        if _root(r):
            out[i] = owner[_root(r)]
            continue
        after = [root for end, root in ends if end >= _start(r)]
        part = owner[after[0]] if after else (owner[ends[-1][1]] if ends else frozenset())
        out[i] = frozenset() if r.get("_cited") in part else part
    return out


def document_parts(rows: list[Row], params: dict[str, Any]) -> list[Row]:
    """The rows of `document`: the target's own facts (all of a file, or the part of
    each file that embeds a cited document), what it cites and who cites it."""
    if not rows:
        return rows
    target = rows[0]["_target"]
    files: dict[str, list[Row]] = defaultdict(list)
    cited_by: list[Row] = []
    for r in rows:
        (cited_by if r["kind"] == "cited-by" else files[r["document"]]).append(r)
    numbers = {r["_cited"]: r.get("_number") for rs in files.values() for r in rs
               if r["kind"] == "cites" and r.get("_cited")}
    out: list[Row] = []
    for document, file_rows in sorted(files.items()):
        parts = label_parts(file_rows)
        whole = document == target
        for i, r in enumerate(file_rows):
            part = parts[i]
            if whole or target in part:
                out.append(_row(r, _part_name(part, numbers, file_rows)))
    out.sort(key=lambda r: (r["document"], _start(r), r["kind"], r["title"] or ""))
    out += sorted((_row(r, None) for r in cited_by), key=lambda r: (r["document"], _start(r)))
    kind = params.get("kind")
    return [r for r in out if r["kind"] == kind] if kind else out


def _part_name(part: frozenset[str], numbers: dict[str, Any], rows: list[Row]) -> str | None:
    """A part is named by the 文号 of the document it is, else by its title."""
    if not part:
        return None
    numbered = sorted(n for n in part if numbers.get(n))
    if numbered:
        return numbers[numbered[0]]
    titles = {r["_cited"]: r["title"] for r in rows if r.get("_cited") in part}
    return titles[sorted(titles)[0]] if titles else sorted(part)[0]


def _row(r: Row, part: str | None) -> Row:
    out = {c: r.get(c) for c in COLUMNS}
    out["part"] = part
    number = r.get("_number")
    if r["kind"] in ("cites", "cited-by") and number and number not in (out["title"] or ""):
        out["title"] = f"{out['title']}（{number}）"
    return out
