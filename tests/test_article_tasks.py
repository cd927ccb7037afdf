"""An agreement's articles (第N条 标题) as points of the section tree: the
clauses of an article have its title as their task, a heading inside an
article ends with it, and an article without a title is named by its first
clause. Fragments written here in the form (places real, points invented)."""
from __future__ import annotations

import pytest

from fragments import build
from loaders import rules
from loaders.text.normalize import normalize
from loaders.text.segment import segment
from ontology.vocab import A, R

ROLE_RELS = (R.leads, R.responsibleFor, R.cooperatesOn)
Fact = tuple[str, str, str]  # task, unit as written, role

HEAD = """武汉市洪山区  恩施土家族苗族自治州建始县
结对帮扶合作协议书

甲方：武汉市洪山区人民政府
乙方：恩施土家族苗族自治州建始县人民政府

"""

# titles on lines of their own (two spaces after the number), a numbered
# heading inside the second article, the party's duty in the fourth
OWN_LINE = HEAD + """第一条  合作目标
    双方围绕乡村振兴深化结对帮扶，推动两地共同发展。

第二条  教育合作
    （一）学校结对。洪山区实验小学与建始县实验小学开展结对。（责任单位：洪山区教育局）
    （二）师资培训。每年培训教师100人次。（责任单位：建始县教育局）

第三条  产业合作
    共建茶叶产业园，引导洪山区企业到建始县投资。（牵头单位：洪山区商务局；配合单位：建始县农业农村局）

第四条  资金管理
    甲方每年安排帮扶资金。乙方负责资金的使用和监管，确保专款专用。
"""

# the title followed by two spaces and the text; a bare 第六条; an article
# whose first sentence runs on (no short title)
INLINE = HEAD + """第五条 人才交流  洪山区每年选派干部到建始县挂职。（责任单位：洪山区委组织部）
第六条
    双方共同组织消费帮扶活动，扩大农产品销售。（牵头单位：洪山区商务局）
第七条　为保障协议执行，双方建立联络机制。（责任单位：建始县乡村振兴局）
"""


def facts(text: str, name: str = "agreement.txt") -> set[Fact]:
    graph = build(text, name)
    return {(graph.nodes[e.dst].name, e.props[A.unitText], e.props[A.role])
            for e in graph.edges.values() if e.rel in ROLE_RELS and not (e.prov and e.prov.table)}


def test_clauses_of_an_article_take_its_title() -> None:
    found = facts(OWN_LINE)
    assert ("产业合作", "洪山区商务局", "lead") in found
    assert ("产业合作", "建始县农业农村局", "cooperating") in found


def test_a_heading_inside_an_article_ends_with_the_article() -> None:
    found = facts(OWN_LINE)
    assert ("学校结对", "洪山区教育局", "responsible") in found
    assert ("师资培训", "建始县教育局", "responsible") in found
    assert not any(task == "师资培训" and unit != "建始县教育局" for task, unit, _ in found)


def test_a_party_duty_in_an_article_titled_on_its_own_line() -> None:
    duties = {(task, role) for task, unit, role in facts(OWN_LINE) if "建始县人民政府" in unit}
    assert duties == {("资金管理", "responsible")}


def test_title_before_two_spaces_bare_article_and_untitled_article() -> None:
    found = facts(INLINE)
    assert ("人才交流", "洪山区委组织部", "responsible") in found
    assert ("双方共同组织消费帮扶活动", "洪山区商务局", "lead") in found
    assert ("为保障协议执行", "建始县乡村振兴局", "responsible") in found


def test_article_paths_and_numbering_restarting_inside_articles() -> None:
    text = ("结对帮扶合作协议书\n第一条  甲方义务\n一、选派干部挂职。\n二、安排帮扶资金。\n"
            "第二条  乙方义务\n一、做好服务保障。\n")
    paths = {s.path: s.part for s in segment(normalize(text))}
    assert paths["结对帮扶合作协议书 > 第二条 乙方义务 > 一、做好服务保障"] == \
        paths["结对帮扶合作协议书 > 第一条 甲方义务 > 一、选派干部挂职"]
    assert "结对帮扶合作协议书 > 第一条 甲方义务 > 二、安排帮扶资金" in paths


@pytest.mark.parametrize("line, article", [
    ("第三条　资金支持。甲方负责安排援助资金。", True), ("第六条  人才交流", True),
    ("第十二条", True), ("第6条 监督考核", True), ("第二条组织保障。双方成立领导小组。", True),
    ("第三条规定，乙方应当做好服务保障。", False), ("第三条的要求执行到位", False),
    ("第五条规定执行。", False), ("第三条第二款", False),
    ("第一批结对村名单", False),
])
def test_article_marker(line: str, article: bool) -> None:
    assert bool(rules.ARTICLE_HEADING.match(line)) == article
