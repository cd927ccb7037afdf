"""The data-quality report as Markdown for people (JSON is the report itself)."""
from __future__ import annotations

from typing import Any

from viz.table import as_markdown

SECTIONS = {
    "suspected_duplicates": "疑似重复（同一上级、名称相差一字）",
    "projects_disagreeing_with_dispatch": "项目所在村与驻村安排不一致",
    "tasks_without_unit": "没有责任单位的任务",
    "units_of_unknown_type": "无法判断类型的单位",
    "places_without_parent": "没有上级的地点",
    "villages_without_project": "有结对或派驻、但没有项目的村",
    "groups_without_members": "没有成员的单位集合",
    "curation": "人工校订（curation.yaml）已处理",
}


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if isinstance(value, dict):
            value = "；".join(f"{k}: {'、'.join(v) if isinstance(v, list) else v}"
                             for k, v in value.items())
        out[key] = value
    return out


def quality_markdown(report: dict[str, Any]) -> str:
    lines = ["# 数据质量报告", ""]
    for key, title in SECTIONS.items():
        rows = report.get(key, [])
        lines += [f"## {title}（{len(rows)}）", ""]
        lines += [as_markdown([_flat(r) for r in rows]) if rows else "无。", ""]
    return "\n".join(lines)
