"""Clause forms read since heldout7: bare 主办：/协办： labels, labels led in
by a dash (——牵头单位：X), label nouns said of units through 为 (X为牵头单位，
Y为责任单位), and role verbs inside a label's list (责任部门：X牵头，Y、Z参与).
Fragments are written here in each form (the district real, the points
invented); the facts are read off the fragment."""
from __future__ import annotations

from fragments import assignments, roles

TITLE = "江夏区2024年消费帮扶工作方案\n"
def point(clause: str, title: str = "办好农产品展销") -> str:
    return f"{TITLE}一、重点任务\n（一）{title}。每年举办展销活动2场，带动农户增收。{clause}\n"


# -- 主办：X；协办：Y ----------------------------------------------------------------------

def test_bare_host_and_cohost_labels() -> None:
    found = assignments(point("主办：区商务局；协办：区农业农村局、区供销社。"))
    assert found == {("办好农产品展销", "区商务局", "lead"),
                     ("办好农产品展销", "区农业农村局", "cooperating"),
                     ("办好农产品展销", "区供销社", "cooperating")}


def test_host_and_cohost_in_brackets() -> None:
    found = assignments(point("（主办：区文旅局；协办：区总工会）"))
    assert roles(found) == {"区文旅局": "lead", "区总工会": "cooperating"}


# -- labels led in by a dash -------------------------------------------------------------

def test_dash_led_label_lines() -> None:
    text = point("") + "——牵头单位：区乡村振兴局\n——配合单位：区市场监管局、区农业农村局\n"
    assert roles(assignments(text)) == {"区乡村振兴局": "lead", "区市场监管局": "cooperating",
                                  "区农业农村局": "cooperating"}


def test_single_dash_led_label_line() -> None:
    text = point("") + "—责任单位：区教育局\n"
    assert roles(assignments(text)) == {"区教育局": "responsible"}


# -- label nouns through the copula 为 ---------------------------------------------------

def test_labels_said_through_the_copula() -> None:
    found = assignments(point("区卫生健康局为牵头单位，区医保局、区民政局为责任单位。"))
    assert roles(found) == {"区卫生健康局": "lead", "区医保局": "responsible", "区民政局": "responsible"}


def test_cooperating_label_through_the_copula() -> None:
    found = assignments(point("区人社局为牵头单位，区财政局为配合单位。"))
    assert roles(found) == {"区人社局": "lead", "区财政局": "cooperating"}
    # without 为, 各责任单位 is a plain noun: the sentence names no unit with a role
    assert assignments(point("各责任单位要加强协调，形成工作合力。")) == set()


# -- role verbs inside a label's list ----------------------------------------------------

def test_verbs_inside_a_label_override_it() -> None:
    found = assignments(point("（责任部门：区发改局牵头，区财政局、区审计局参与）"))
    assert roles(found) == {"区发改局": "lead", "区财政局": "cooperating", "区审计局": "cooperating"}
    # a bracketed marker is its own unit's alone: 区水务局 keeps the label's role
    marked = assignments(point("（责任单位：区水务局、区城管局（牵头）、区园林局）"))
    assert roles(marked) == {"区水务局": "responsible", "区城管局": "lead", "区园林局": "responsible"}


# -- 按各自职责抓好落实: a firm phrase ---------------------------------------------------

def test_each_by_its_duties_carries_out() -> None:
    found = assignments(point("区商务局、区邮政分公司按各自职责抓好落实。"))
    assert roles(found) == {"区商务局": "responsible", "区邮政分公司": "responsible"}
