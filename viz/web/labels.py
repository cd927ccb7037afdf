"""The Chinese the workbench's pages write for row fields and their values,
and where a field's value links to. Field names are the named queries' own
(docs/queries.md); a field not listed here is shown under its own name."""
from __future__ import annotations

from viz.style import class_label

FIELDS = {
    "document": "文件", "part": "部分", "kind": "类别", "role": "角色", "title": "名称",
    "via": "经由集合", "section": "章节", "evidence": "原文", "unit": "单位", "units": "单位",
    "unit_text": "原文写法", "side": "方面", "helper": "帮扶方", "helped": "受援方",
    "place": "地点", "village": "村", "street": "街道", "district": "区县", "seq": "序号",
    "lead_unit": "牵头单位", "content": "内容", "deadline": "时限", "amount": "金额（万元）",
    "partner": "合作单位", "shared": "共担", "tasks": "事项", "name": "名称", "level": "层级",
    "task": "任务", "source": "来源", "target": "去向", "year": "年度", "count": "数量",
    "parent": "上级", "depth": "层次", "class": "类型", "team": "工作队",
}
VALUES = {
    "lead": "牵头", "responsible": "责任", "cooperating": "配合", "helper": "帮扶",
    "dispatching": "派出", "helped": "受援", "task": "任务", "project": "项目",
    "pairing": "结对", "dispatch": "派驻", "fund": "资金", "cites": "引用",
    "cited-by": "被引用", "district-county": "区县结对", "street-village": "街村结对",
    "school": "学校结对", "hospital": "医院结对", "source": "来源", "target": "去向",
    "team": "工作队",
}
# Fields whose values are units or places: the cell links to their page.
UNIT_FIELDS = {"unit", "units", "lead_unit", "partner", "via"}
PLACE_FIELDS = {"place", "village", "street", "district"}
SEARCH_FIELDS = {"helper", "helped", "source", "target"}  # a unit or a place
HIDDEN = {"span", "evidence", "document", "section", "page", "table_no", "row", "col"}
KINDS = {"unit": "单位", "place": "地点", "document": "文件", "task": "任务", "project": "项目"}


def field_label(name: str) -> str:
    return FIELDS.get(name, name)


def value_label(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(value_label(v) for v in value)
    return VALUES.get(str(value), str(value))


def where_label(row: object) -> str:
    """第3页 · 表1 第2行第4列: where a fact stands in a .pdf or .docx (1-based)."""
    get = row.get if isinstance(row, dict) else (lambda k: getattr(row, k, None))
    parts = []
    if get("page"):
        parts.append(f"第{get('page')}页")
    cell = f"表{get('table_no')}" if get("table_no") else ""
    if get("row"):
        cell += f" 第{get('row')}行" + (f"第{get('col')}列" if get("col") else "")
    if cell.strip():
        parts.append(cell.strip())
    return " · ".join(parts)


def class_name(cls: str) -> str:
    """政府部门 for GovernmentDepartment (viz.style's labels, as the graph pages use)."""
    from ontology.vocab import C
    try:
        return class_label(C(cls))
    except ValueError:
        return cls


def link_of(field: str) -> str | None:
    """The page a field's value opens: unit, place, search, or none."""
    if field in UNIT_FIELDS:
        return "unit"
    if field in PLACE_FIELDS:
        return "place"
    if field in SEARCH_FIELDS:
        return "search"
    return None
