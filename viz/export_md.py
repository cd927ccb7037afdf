"""The Markdown report an export writes (``bangfu export -f md``): the
subgraph's tasks, units, projects and funds as tables, each fact's evidence
quoted in a numbered footnote. Document text is never trusted: every cell
and quote goes through md_text, which escapes HTML and Markdown's own syntax.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from ontology.vocab import C, R
from viz.export_rows import provenances
from viz.style import ROLE_RELATIONS, class_label, family, role_label
from viz.table import md_text
from viz.workbook import MARKS, position


class _Notes:
    """Footnotes numbered in order of first use; the same evidence is one note."""

    def __init__(self) -> None:
        self.notes: dict[tuple[str, Any, str], int] = {}

    def cite(self, provs: list[dict[str, Any] | None]) -> str:
        refs = []
        for p in provs:
            if p:
                key = (p["document"], tuple(p["span"]), p["quote"])
                n = self.notes.setdefault(key, len(self.notes) + 1)
                if f"[^{n}]" not in refs:
                    refs.append(f"[^{n}]")
        return "".join(refs)

    def lines(self) -> list[str]:
        return [f"[^{n}]: 「{md_text(despaced(quote))}」—— {md_text(doc)}（{span[0]}–{span[1]}）"
                for (doc, span, quote), n in self.notes.items()]


SPACED = re.compile(r"(?<=\S)\s+(?=\S)")


def despaced(quote: str) -> str:
    """区司法局 for 「区 司 法 局」: text a PDF extraction wrote one or two characters
    a line (a vertical table) is quoted without the spaces between them; the
    span still points at the text as the document holds it."""
    tokens = quote.split()
    short = sum(1 for t in tokens if len(t) <= 2)
    if len(tokens) < 4 or short < 0.8 * len(tokens):
        return quote
    return SPACED.sub("", quote)


def write_markdown(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    """The report as a UTF-8 .md file."""
    out.write_text(markdown(graph), encoding="utf-8")
    return [out]


def markdown(graph: nx.MultiDiGraph) -> str:
    """The report: the subgraph's tasks, units, projects and funds as tables,
    each fact's evidence quoted in a footnote."""
    notes = _Notes()
    docs = sorted({p["document"] for p in provenances(graph)})
    parts = [f"# 帮扶图谱报告：{md_text(graph.graph.get('title', ''))}", "",
             f"节点 {graph.number_of_nodes()} 个，关系 {graph.number_of_edges()} 条。"
             + ("出处文件：" + "、".join(md_text(d) for d in docs) + "。" if docs else "")]
    parts += _task_table(graph, notes)
    parts += _unit_table(graph)
    parts += _project_table(graph, notes)
    parts += _fund_table(graph, notes)
    if notes.notes:
        parts += ["", "## 出处", "", *notes.lines()]
    return "\n".join(parts) + "\n"


def _of(graph: nx.MultiDiGraph, test: Callable[[C], bool]) -> list[str]:
    return sorted((n for n in graph if test(graph.nodes[n]["cls"])), key=lambda n: position(graph, n))


def _table(title: str, header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["", f"## {title}（{len(rows)}）", ""]
    if not rows:
        return lines + ["（无）"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(r) + " |" for r in rows]


def _roles_of(graph: nx.MultiDiGraph, target: str) -> tuple[dict[str, list[str]], list[dict]]:
    roles: dict[str, list[str]] = defaultdict(list)
    provs = []
    for u, _, d in graph.in_edges(target, data=True):
        if d["rel"] in ROLE_RELATIONS:
            name = graph.nodes[u]["name"]
            if name not in roles[ROLE_RELATIONS[d["rel"]]]:
                roles[ROLE_RELATIONS[d["rel"]]].append(name)
            provs.append(d["prov"])
    return roles, provs


def _task_table(graph: nx.MultiDiGraph, notes: _Notes) -> list[str]:
    rows = []
    for task in _of(graph, lambda c: c is C.Task):
        roles, provs = _roles_of(graph, task)
        d = graph.nodes[task]
        rows.append([md_text(d["name"]), md_text((d["prov"] or {}).get("document", "")),
                     *(md_text("、".join(roles[m])) for m in MARKS),
                     notes.cite([d["prov"], *provs])])
    return _table("任务", ["任务", "文件", *(role_label(m) for m in MARKS), "出处"], rows)


def _unit_table(graph: nx.MultiDiGraph) -> list[str]:
    rows = []
    for unit in sorted((n for n in graph if family(graph.nodes[n]["cls"]) == "unit"),
                       key=lambda n: graph.nodes[n]["name"]):
        counts = Counter(ROLE_RELATIONS[d["rel"]] for _, _, d in graph.out_edges(unit, data=True)
                         if d["rel"] in ROLE_RELATIONS)
        d = graph.nodes[unit]
        rows.append([md_text(d["name"]), md_text(class_label(d["cls"])),
                     md_text("、".join(d["aliases"])), *(str(counts[m]) for m in MARKS)])
    return _table("单位", ["单位", "类型", "别名", *(role_label(m) for m in MARKS)], rows)


def _project_table(graph: nx.MultiDiGraph, notes: _Notes) -> list[str]:
    rows = []
    for project in _of(graph, lambda c: c is C.Project):
        roles, provs = _roles_of(graph, project)
        d = graph.nodes[project]
        places = graph.graph.get("located", {}).get(project) or [
            graph.nodes[v]["name"] for _, v, e in graph.out_edges(project, data=True)
            if e["rel"] is R.locatedIn]
        units = [n for m in MARKS for n in roles[m]]
        rows.append([md_text(d["name"]), md_text("、".join(places)), md_text("、".join(units)),
                     md_text(d["props"].get("deadline", "")), notes.cite([d["prov"], *provs])])
    return _table("项目", ["项目", "地点", "责任单位", "时限", "出处"], rows)


def _fund_table(graph: nx.MultiDiGraph, notes: _Notes) -> list[str]:
    rows = []
    for fund in _of(graph, lambda c: c is C.FundAllocation):
        d = graph.nodes[fund]
        ends = defaultdict(list)
        for _, v, e in graph.out_edges(fund, data=True):
            ends[e["rel"]].append(graph.nodes[v]["name"])
        rows.append([md_text(d["name"]), md_text(d["props"].get("amount", "")),
                     md_text("、".join(ends[R.fundSource])), md_text("、".join(ends[R.fundTarget])),
                     notes.cite([d["prov"]])])
    return _table("资金", ["资金", "金额（万元）", "来源", "去向", "出处"], rows)
