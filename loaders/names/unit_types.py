"""The type of a unit from its name: a group phrase (各街道, 成员单位), a town or
street acting for its place, or the first matching rule of
ontology/data/unit_types.csv
(…局 government department, …公司 enterprise, …医院 medical institution …).

Kept apart from loaders/names/units.py, which qualifies a name by its
jurisdiction and asks here only for the type and for the group and local
authority patterns that also decide a name's jurisdiction.
"""
from __future__ import annotations

import re
from functools import cache

from loaders.names.gazetteer import gazetteer
from loaders.vocabulary import data_rows
from ontology.vocab import C

__all__ = ["BARE_GROUP", "GROUP", "LOCAL_AUTHORITY", "STREET_SHORT", "classify", "type_rules"]

# Group phrases: 各街道, 相关街道, 区各乡村振兴工作队及其派出单位, 区直相关单位 …
GROUP = re.compile(r"^(?:[区县市省州旗]?(?:直)?)?(?:各|相关|有关)|(?:各|相关|有关|涉及)"
                   r"|等[^等]{0,6}单位$|成员单位$|^(?:街道|乡镇|街乡|部门|单位)$")
BARE_GROUP = re.compile(r"^(?:各|相关|有关)|^(?:街道|乡镇|街乡|部门|单位)$")
# A street office, town or township (苏木 in Inner Mongolia) acting for its place.
LOCAL_AUTHORITY = re.compile(r"^[\u4e00-\u9fa5]{1,6}(?:街道|街道办事处|镇|乡|苏木)$")
STREET_SHORT = re.compile(r"^[\u4e00-\u9fa5]{1,5}街$")


@cache
def type_rules() -> tuple[tuple[C, re.Pattern[str]], ...]:
    """The type rules on a name, first match wins: (class, pattern) from
    ontology/data/unit_types.csv in its order (供电局 is an enterprise only
    because that row comes before the government departments' …局)."""
    rows = data_rows("unit_types.csv")
    classes = {c.value: c for c in C}
    bad = [r["class"] for r in rows if r["class"] not in classes]
    if bad:
        raise ValueError(f"unit_types.csv: unknown class {bad}")
    return tuple((classes[r["class"]], re.compile(r["pattern"])) for r in rows)


def classify(name: str) -> C:
    """The unit's type from general rules on its name."""
    if GROUP.search(name):
        return C.UnitGroup
    if LOCAL_AUTHORITY.match(name) or STREET_SHORT.match(name) or _is_place_name(name):
        return C.LocalAuthority
    for cls, pattern in type_rules():
        if pattern.search(name):
            return cls
    return C.OtherUnit


def _is_place_name(name: str) -> bool:
    base = re.sub(r"（.*?）$", "", name)
    return bool(gazetteer().lookup(base)) or base.endswith(("开发区", "风景区", "新区"))
