"""Rows rendered for people and for reports: an aligned table (by display
width, so Chinese lines up), JSON, CSV and Markdown."""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from rich.cells import cell_len

FORMATS = ("table", "json", "csv", "markdown")
MAX_CELL = 40  # wider cells are cut in the table view (JSON/CSV keep everything)
# A cell beginning with one of these would be a formula in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return f"{value[0]}-{value[1]}"  # a character span
    if isinstance(value, list):
        return "、".join(cell_text(v) for v in value)
    if isinstance(value, dict) and "evidence" in value:  # a mention: where, then the quote
        return f"{cell_text(value.get('span'))} {value['evidence']}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\n", " ")


def _cut(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch + "…") > width:
            break
        out += ch
    return out + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def _shown(column: str, value: Any) -> str:
    """A cell as the table shows it: a section path by its last heading (the
    whole path is in JSON, CSV and Markdown)."""
    if column == "mentions" and isinstance(value, list):
        return str(len(value)) if value else ""  # how many statements; JSON has each one
    text = cell_text(value)
    return "…" + text.rsplit(" > ", 1)[1] if column == "section" and " > " in text else text


def as_table(rows: list[dict[str, Any]], columns: list[str] | None = None,
             max_cell: int = MAX_CELL) -> str:
    if not rows:
        return "(no rows)"
    columns = columns or list(rows[0])
    cells = [[_cut(_shown(c, r.get(c)), max_cell) for c in columns] for r in rows]
    widths = [max([cell_len(c)] + [cell_len(row[i]) for row in cells])
              for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(v, w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def guard(text: str) -> str:
    """Neutralise a spreadsheet formula with a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def as_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(list(rows[0]))
        for row in rows:
            writer.writerow([guard(cell_text(v)) for v in row.values()])
    return out.getvalue()


MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md_text(value: Any) -> str:
    """Text safe in a Markdown table cell: no HTML, no Markdown syntax, one line.
    Every Markdown bangfu writes (query -f markdown, export -f md, the quality
    report) escapes document text with this one function."""
    text = cell_text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MD_SPECIAL.sub(r"\\\1", text).replace("\r", " ").replace("\n", " ")


def as_markdown(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "(no rows)"
    columns = list(dict.fromkeys(k for r in rows for k in r))
    lines = ["| " + " | ".join(md_text(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(md_text(r.get(c)) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def render(rows: list[dict[str, Any]], fmt: str, evidence: bool = True,
           max_cell: int = MAX_CELL) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1)
    if not evidence:
        rows = [{k: v for k, v in r.items() if k not in ("evidence", "span", "page")}
                for r in rows]
    if fmt == "csv":
        return as_csv(rows).rstrip("\n")
    if fmt == "markdown":
        return as_markdown(rows)
    return as_table(rows, max_cell=max_cell)
