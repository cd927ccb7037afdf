"""The quality pages: the report of a generation, made once, shown in pages.

At 40 copies of the corpus the report holds 700,000 suspected pairs and its
curation.yaml 100 MB: one page with all of them was 100 MB. So /quality
shows each section's count and its first rows, each section has pages of
its own (/quality/SECTION?page=N, the suspected pairs also by kind:
?kind=place|unit), and the curation file is shown whole only while it is
small; /quality/curation.yaml downloads it whole at any size.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from viz.web.kept import PerGeneration

PREVIEW = 20        # rows of each section on /quality
PER_PAGE = 100      # rows of a section's own page
INLINE_CURATION = 60_000  # characters of curation.yaml shown on the page whole
CURATION_LINES = 200       # lines shown of a larger file
DUPLICATES = "suspected_duplicates"
KINDS = ("place", "unit")  # the kinds of suspected pairs, as the report writes them


@dataclass
class Quality:
    """A generation's report, its curation file, and the suspected pairs by kind."""

    report: dict[str, Any]
    curation: str
    by_kind: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # what the pages show of the file, worked out once: 100 MB at 40 copies
    # took a second per page to count and split
    curation_bytes: bytes = b""
    curation_shown: str = ""
    curation_lines: int = 0

    def __post_init__(self) -> None:
        self.curation_bytes = self.curation.encode("utf-8")
        self.curation_lines = self.curation.count("\n")
        self.curation_shown = self.curation
        if len(self.curation) > INLINE_CURATION:
            end = -1
            for _ in range(CURATION_LINES):
                end = self.curation.find("\n", end + 1)
                if end < 0:
                    break
            self.curation_shown = self.curation if end < 0 else self.curation[:end + 1]


class NoSuchPage(Exception):
    """A section or page the report does not have: the page says so, 404."""


_REPORTS: PerGeneration[Quality] = PerGeneration(keep=1)


def quality(store: Any, records: list[dict[str, Any]] | None = None) -> Quality:
    """The report of the store's generation (queries.quality) and its
    curation.yaml, made once; ``records`` when already read (the warming)."""
    def make() -> Quality:
        from queries.quality import report
        from viz.web.curation import curation_yaml
        found = report(records if records is not None else store.records(),
                       store.meta().get("curation", []))
        by_kind: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
        for row in found.get(DUPLICATES, []):
            by_kind.setdefault(row.get("kind", ""), []).append(row)
        return Quality(found, curation_yaml(found), by_kind)
    return _REPORTS.get(store, make)


def ready(store: Any) -> bool:
    return _REPORTS.holds(store)


def overview(found: Quality, sections: dict[str, str]) -> dict[str, Any]:
    """/quality: every section with its count, first rows and a link to the rest."""
    out = []
    for key, title in sections.items():
        rows = found.report.get(key, [])
        out.append({"key": key, "title": title, "total": len(rows), "rows": rows[:PREVIEW],
                    "more": len(rows) > PREVIEW, "link": _link(key, 1),
                    "kinds": _kind_counts(found) if key == DUPLICATES else {}})
    return {"sections": out, "curation": found.curation_shown,
            "curation_whole": len(found.curation_shown) == len(found.curation),
            "curation_lines": found.curation_lines, "curation_mb": len(found.curation_bytes) / 1e6}


def section_page(found: Quality, sections: dict[str, str], key: str, page: str | None,
                 kind: str | None) -> dict[str, Any]:
    """/quality/SECTION?page=N[&kind=]: the section's rows of that page, and
    the links to the others; NoSuchPage for a section, kind or page it lacks."""
    if key not in sections:
        raise NoSuchPage(f"数据质量报告没有“{key}”这一部分")
    rows = found.report.get(key, [])
    if kind:
        if key != DUPLICATES or kind not in found.by_kind:
            raise NoSuchPage(f"“{sections[key]}”不按“{kind}”分类")
        rows = found.by_kind[kind]
    pages = max(1, -(-len(rows) // PER_PAGE))
    try:
        number = int(page) if page else 1
    except ValueError:
        raise NoSuchPage(f"页码“{page}”不是数字") from None
    if not 1 <= number <= pages:
        raise NoSuchPage(f"“{sections[key]}”只有 {pages} 页，没有第 {number} 页")
    first = (number - 1) * PER_PAGE
    return {"key": key, "title": sections[key], "kind": kind or "", "total": len(rows),
            "rows": rows[first:first + PER_PAGE], "page": number, "pages": pages,
            "first_row": first + 1, "links": _page_links(key, number, pages, kind),
            "kinds": _kind_counts(found) if key == DUPLICATES else {}}


def _kind_counts(found: Quality) -> dict[str, dict[str, Any]]:
    return {k: {"total": len(rows), "link": _link(DUPLICATES, 1, k)}
            for k, rows in found.by_kind.items() if rows}


def _link(key: str, page: int, kind: str | None = None) -> str:
    query = {"kind": kind} if kind else {}
    if page != 1 or kind:
        query["page"] = str(page)
    return f"/quality/{key}" + (f"?{urlencode(query)}" if query else "")


def _page_links(key: str, page: int, pages: int, kind: str | None) -> list[dict[str, Any]]:
    """首页, 上一页, a few pages around this one, 下一页, 末页: every page one
    or two clicks away, even of 7,000 pages."""
    around = sorted({1, pages, *range(max(1, page - 3), min(pages, page + 3) + 1)})
    links = []
    if page > 1:
        links.append({"text": "上一页", "href": _link(key, page - 1, kind), "rel": "prev"})
    last = 0
    for n in around:
        if n > last + 1:
            links.append({"text": "…", "href": "", "rel": ""})
        links.append({"text": str(n), "href": "" if n == page else _link(key, n, kind),
                      "rel": "current" if n == page else ""})
        last = n
    if page < pages:
        links.append({"text": "下一页", "href": _link(key, page + 1, kind), "rel": "next"})
    return links
