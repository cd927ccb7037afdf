"""The type of a unit from its name: a group phrase (各街道, 成员单位), a town or
street acting for its place, or the first matching rule of ``TYPE_RULES``
(…局 government department, …公司 enterprise, …医院 medical institution …).

Kept apart from loaders/names/units.py, which qualifies a name by its
jurisdiction and asks here only for the type and for the group and local
authority patterns that also decide a name's jurisdiction.
"""
from __future__ import annotations

import re

from loaders.names.gazetteer import gazetteer
from ontology.vocab import C

__all__ = ["BARE_GROUP", "GROUP", "LOCAL_AUTHORITY", "STREET_SHORT", "TYPE_RULES", "classify"]

# Group phrases: 各街道, 相关街道, 区各乡村振兴工作队及其派出单位, 区直相关单位 …
GROUP = re.compile(r"^(?:[区县市省州旗]?(?:直)?)?(?:各|相关|有关)|(?:各|相关|有关|涉及)"
                   r"|等[^等]{0,6}单位$|成员单位$|^(?:街道|乡镇|街乡|部门|单位)$")
BARE_GROUP = re.compile(r"^(?:各|相关|有关)|^(?:街道|乡镇|街乡|部门|单位)$")
# A street office, town or township (苏木 in Inner Mongolia) acting for its place.
LOCAL_AUTHORITY = re.compile(r"^[\u4e00-\u9fa5]{1,6}(?:街道|街道办事处|镇|乡|苏木)$")
STREET_SHORT = re.compile(r"^[\u4e00-\u9fa5]{1,5}街$")

# Type rules on the name, first match wins; each is (class, pattern).
TYPE_RULES: tuple[tuple[C, re.Pattern[str]], ...] = (
    (C.WorkTeam, re.compile(r"工作队$")),
    (C.LeadingGroup, re.compile(r"领导小组")),
    (C.MedicalInstitution, re.compile(r"医院|卫生院|卫生服务中心|医疗中心|疾控中心|疾病预防控制中心|保健院|诊所")),
    (C.School, re.compile(r"小学|中学|幼儿园|学校|大学|学院|分校|高中|初中|园$")),
    (C.MassOrganisation, re.compile(r"工会|工商联|妇联|^共青团|团[区县市省州旗]委|侨联|科协|残联|文联|红十字会")),
    (C.Enterprise, re.compile(r"公司$|集团$|银行$|支行$|分行$|供电局$|企业$|（集团）有限公司$")),
    (C.PartyOrgan, re.compile(r"^[\u4e00-\u9fa5]{0,12}?[区县市省州旗]委(?!员)|纪委|党工委|党委|工委$|党校$")),
    (C.SocialOrganisation, re.compile(r"协会$|商会$|学会$|基金会$|研究会$|慈善会$|社会组织$")),
    (C.PublicInstitution, re.compile(r"中心$|院$|社$|联社$|研究室$|馆$")),
    (C.GovernmentDepartment, re.compile(r"局$|委$|办$|办公室$|办公厅$|管委会$|委员会$|厅$|署$|站$|所$|处$|部$")),
)


def classify(name: str) -> C:
    """The unit's type from general rules on its name."""
    if GROUP.search(name):
        return C.UnitGroup
    if LOCAL_AUTHORITY.match(name) or STREET_SHORT.match(name) or _is_place_name(name):
        return C.LocalAuthority
    for cls, pattern in TYPE_RULES:
        if pattern.search(name):
            return cls
    return C.OtherUnit


def _is_place_name(name: str) -> bool:
    base = re.sub(r"（.*?）$", "", name)
    return bool(gazetteer().lookup(base)) or base.endswith(("开发区", "风景区", "新区"))
