"""More clause forms of the genre: bare role labels without 单位 (牵头：X；配合：Y),
inline 【】 runs that a gap of blanks ends, leaders' posts in a unit list,
firm role words (X负总责, X为…的责任主体), a sentence dividing the work, places
sharing a body, and a dateline in brackets. Fragments are written here in each
form (districts real, points invented); the facts are read off the fragment."""
from __future__ import annotations

from fragments import assignments, build, roles
from ontology.vocab import A, R

TITLE = "洪山区2024年乡村振兴重点工作方案\n"
def point(clause: str, title: str = "做好示范工作") -> str:
    return f"{TITLE}一、重点任务\n（一）{title}。建设示范点3个，完善配套设施。{clause}\n"


# -- bare labels: 牵头：/配合： ---------------------------------------------------------------

def test_bare_labels_closing_a_point() -> None:
    found = assignments(point("牵头：区人社局；配合：区财政局、区总工会、区妇联。"))
    assert found == {("做好示范工作", "区人社局", "lead"), ("做好示范工作", "区财政局", "cooperating"),
                     ("做好示范工作", "区总工会", "cooperating"), ("做好示范工作", "区妇联", "cooperating")}


def test_bare_labels_with_two_leads_and_in_brackets() -> None:
    two = assignments(point("牵头：区委农办、区农业农村局；配合：各街道。"))
    assert roles(two) == {"区委农办": "lead", "区农业农村局": "lead", "各街道": "cooperating"}
    bracket = assignments(point("（牵头：区民政局；配合：区卫生健康委、区残联）"))
    assert roles(bracket) == {"区民政局": "lead", "区卫生健康委": "cooperating", "区残联": "cooperating"}
    # 牵头 without a colon is the verb, as before: 区商务局牵头 leads
    assert roles(assignments(point("由区商务局牵头，区供销社配合。"))) == {"区商务局": "lead",
                                                               "区供销社": "cooperating"}


# -- inline 【】 runs end at a gap ----------------------------------------------------------

def test_an_inline_run_ends_at_two_blanks() -> None:
    found = assignments(point("【牵头单位】区科技局【配合单位】区教育局、区科协  每年举办科普讲座，宣传惠农政策。"))
    assert roles(found) == {"区科技局": "lead", "区教育局": "cooperating", "区科协": "cooperating"}
    # a gap before the next label does not end the run
    spaced = assignments(point("【牵头单位】区科技局  【配合单位】区教育局"))
    assert roles(spaced) == {"区科技局": "lead", "区教育局": "cooperating"}


# -- leaders' posts are persons, not units ----------------------------------------------------

def test_a_post_before_a_unit_in_a_lead_list() -> None:
    found = assignments(point("（牵头：区委副书记、区委组织部；配合：区民政局）"))
    assert roles(found) == {"区委组织部": "lead", "区民政局": "cooperating"}
    labelled = assignments(point("牵头单位：区政府分管副区长、区农业农村局"))
    assert roles(labelled) == {"区农业农村局": "lead"}


def test_a_post_with_its_department_and_a_comma() -> None:
    found = assignments(point("牵头：区委常委、组织部部长，区委组织部"))
    assert roles(found) == {"区委组织部": "lead"}


def test_a_post_in_a_table_cell() -> None:
    table = (TITLE + "附件\n重点任务分工表\n序号\t牵头单位\t重点任务\t配合单位\n"
             "1\t区委副书记、区乡村振兴局\t健全监测机制\t区民政局\n"
             "2\t区农业农村局\t稳定粮食生产\t区财政局\n")
    found = assignments(table)
    assert ("健全监测机制", "区乡村振兴局", "lead") in found
    assert not any("书记" in unit for _, unit, _ in found)


# -- firm role words in prose ----------------------------------------------------------------

def test_overall_responsibility_leads() -> None:
    found = assignments(point("此项工作由区委农办负总责，区乡村振兴局具体负责日常调度。"))
    assert roles(found) == {"区委农办": "lead", "区乡村振兴局": "responsible"}
    alone = assignments(point("年度考核由区委组织部负总责，考核结果作为评优依据。"))
    assert roles(alone) == {"区委组织部": "lead"}


def test_the_responsible_subject() -> None:
    found = assignments(point("各街道为责任主体，区交通局负责技术指导。"))
    assert roles(found) == {"各街道": "responsible", "区交通局": "responsible"}
    topic = assignments(point("各街道党工委为日常管理的责任主体，要建立考勤制度。"))
    assert roles(topic) == {"各街道党工委": "responsible"}
    # without the copula no unit is said to be the subject
    assert assignments(point("压实街道责任主体责任，区交通局负责技术指导。")) == set()


def test_units_each_responsible_for_their_share_count_alone() -> None:
    found = assignments(point("区财政局、区农业农村局按职责分工负责落实项目资金，为驻村干部办理保险。"))
    assert roles(found) == {"区财政局": "responsible", "区农业农村局": "responsible"}


def test_a_sentence_dividing_the_work_among_units() -> None:
    found = assignments(point("区财政局、区农业农村局负责资金拨付，区审计局负责审计监督。"))
    assert roles(found) == {"区财政局": "responsible", "区农业农村局": "responsible",
                            "区审计局": "responsible"}
    # one unit's duty said in passing is still no assignment
    assert assignments(point("区审计局负责审计监督，确保资金安全。")) == set()


def test_units_jointly_responsible() -> None:
    found = assignments(point("干部选派由洪山区委组织部、江夏区委组织部与建始县委组织部共同负责，每年轮换一次。"))
    assert roles(found) == {"洪山区委组织部": "responsible", "江夏区委组织部": "responsible",
                            "建始县委组织部": "responsible"}


def test_places_sharing_the_body_of_the_last() -> None:
    graph = build(point("由区委农办牵头，建始县、巴东县、鹤峰县人民政府具体落实。"))
    units = {graph.nodes[e.src].name: e.props[A.unitText] for e in graph.edges.values()
             if e.rel is R.responsibleFor}
    assert units == {"建始县人民政府": "建始县", "巴东县人民政府": "巴东县", "鹤峰县人民政府": "鹤峰县人民政府"}


# -- a dateline is no unit list ---------------------------------------------------------------

def test_a_dateline_in_brackets_assigns_nothing() -> None:
    text = (f"{TITLE}\n（2024年3月1日中共武汉市洪山区委农村工作领导小组办公室印发）\n\n"
            "一、重点任务\n（一）做好示范工作。建设示范点3个。\n")
    assert assignments(text) == set()
