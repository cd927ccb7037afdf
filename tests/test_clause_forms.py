"""Every clause form of the genre (loaders/clauses/clauses.py and clause_*.py), on
fragments written here in each form (district real, points invented), and
the sample documents transformed: re-wrapped at 20 and 60 characters,
部门 for 单位 in the labels, clauses moved onto lines of their own. The
facts (task, unit, role) must not change."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import CORPUS, DOC
from loaders.build import build_document
from loaders.graph import Graph
from loaders.text.normalize import normalize
from loaders.reading.read import RawDocument, read_document
from ontology.vocab import A, R

TITLE = "洪山区2024年乡村振兴重点工作方案\n"
ROLE_RELS = (R.leads, R.responsibleFor, R.cooperatesOn)
Fact = tuple[str, str, str]  # task, unit as written, role


def facts(text: str, name: str = "t.txt") -> set[Fact]:
    """The assignments read from the text's clauses (not from its tables)."""
    graph = Graph()
    build_document(RawDocument(name, Path(name), text), graph)
    return {(graph.nodes[e.dst].name, e.props[A.unitText], e.props[A.role])
            for e in graph.edges.values() if e.rel in ROLE_RELS and not (e.prov and e.prov.table)}


def point(clause: str, title: str = "做好示范工作") -> str:
    return f"{TITLE}一、重点任务\n（一）{title}。建设示范点3个，完善配套设施。{clause}\n"


def roles(found: set[Fact]) -> dict[str, str]:
    return {unit: role for _, unit, role in found}


# -- labelled clauses -------------------------------------------------------------------

def test_full_width_labels_with_three_roles() -> None:
    found = facts(point("（牵头单位：区农业农村局；责任单位：区财政局、区商务局；配合单位：各街道）"))
    assert found == {("做好示范工作", "区农业农村局", "lead"), ("做好示范工作", "区财政局", "responsible"),
                     ("做好示范工作", "区商务局", "responsible"), ("做好示范工作", "各街道", "cooperating")}


def test_half_width_brackets_colons_and_semicolons() -> None:
    found = facts(point("(牵头单位:区民政局;参与单位:区财政局,区总工会)"))
    assert roles(found) == {"区民政局": "lead", "区财政局": "cooperating", "区总工会": "cooperating"}


@pytest.mark.parametrize("label, role", [("牵头部门", "lead"), ("责任部门", "responsible"),
                                         ("配合部门", "cooperating"), ("主责单位", "lead"),
                                         ("协办单位", "cooperating"), ("参与单位", "cooperating")])
def test_every_label_gives_its_role(label: str, role: str) -> None:
    assert roles(facts(point(f"（{label}：区教育局）"))) == {"区教育局": role}


def test_lenticular_brackets_inline_and_on_a_line_of_their_own() -> None:
    inline = facts(point("【牵头单位：区商务局；责任单位：区供销社】"))
    assert roles(inline) == {"区商务局": "lead", "区供销社": "responsible"}
    bare = facts(point("【牵头单位】区商务局【责任单位】区供销社、区邮政分公司"))
    own_line = facts(point("\n【牵头单位】区商务局【责任单位】区供销社、区邮政分公司"))
    assert bare == own_line
    assert roles(bare) == {"区商务局": "lead", "区供销社": "responsible", "区邮政分公司": "responsible"}


def test_labels_on_lines_of_their_own_after_the_paragraph() -> None:
    found = facts(point("\n牵头部门：区人社局\n责任部门：区乡村振兴局、区总工会\n配合部门:各街道"))
    assert roles(found) == {"区人社局": "lead", "区乡村振兴局": "responsible", "区总工会": "responsible",
                            "各街道": "cooperating"}


def test_a_lead_marker_inside_a_list() -> None:
    found = facts(point("（责任单位：区农业农村局（牵头）、区财政局、区市场监管局）"))
    assert roles(found) == {"区农业农村局": "lead", "区财政局": "responsible", "区市场监管局": "responsible"}


def test_a_group_heading_over_table_rows_assigns_nothing() -> None:
    text = TITLE + "附件\n一、青菱街道（牵头单位：区委办）\n序号\t派出单位\t驻村地点\n1\t区财政局\t新湾村\n"
    assert facts(text) == set()


# -- verbs: inline and in prose ------------------------------------------------------------

def test_inline_lead_and_cooperating() -> None:
    found = facts(point("（区委组织部牵头，区人社局、团区委配合）"))
    assert roles(found) == {"区委组织部": "lead", "区人社局": "cooperating", "团区委": "cooperating"}


def test_inline_half_width_and_responsible_lists() -> None:
    assert roles(facts(point("(区商务局负责,区工商联参与)"))) == {"区商务局": "responsible",
                                                              "区工商联": "cooperating"}
    assert roles(facts(point("（区教育局、区卫生健康局负责）"))) == {"区教育局": "responsible",
                                                              "区卫生健康局": "responsible"}
    assert roles(facts(point("（区发改局、区财政局按职责分工负责）"))) == {"区发改局": "responsible",
                                                                  "区财政局": "responsible"}


def test_prose_lead_cooperating_and_implementer() -> None:
    found = facts(point("由区住建局牵头，区交通局、区水务局配合，各街道具体落实，年底前完工。"))
    assert roles(found) == {"区住建局": "lead", "区交通局": "cooperating", "区水务局": "cooperating",
                            "各街道": "responsible"}


def test_prose_together_with() -> None:
    found = facts(point("区人社局会同区财政局、区乡村振兴局制定奖补办法，各街道具体负责日常管理。"))
    assert roles(found) == {"区人社局": "lead", "区财政局": "cooperating", "区乡村振兴局": "cooperating",
                            "各街道": "responsible"}


def test_prose_responsible_with_a_partner() -> None:
    found = facts(point("区统计局负责数据汇总，区财政局配合做好经费保障。"))
    assert roles(found) == {"区统计局": "responsible", "区财政局": "cooperating"}


def test_prose_about_persons_or_in_passing_assigns_nothing() -> None:
    assert facts(point("区委主要领导牵头负责，分管领导具体抓。")) == set()
    assert facts(point("区直有关单位按照职能做好相关配合工作。")) == set()


def test_boilerplate_prose_assigns_nothing() -> None:
    text = TITLE + "三、保障措施\n（一）加强组织领导。由区乡村振兴局牵头，区财政局配合，定期研究重大问题。\n"
    assert facts(text) == set()


def test_more_inline_and_prose_shapes() -> None:
    assert roles(facts(point("（区人社局牵头、区教育局配合）"))) == {"区人社局": "lead", "区教育局": "cooperating"}
    assert roles(facts(point("（区农业农村局主责，区财政局协办）"))) == {"区农业农村局": "lead",
                                                                  "区财政局": "cooperating"}
    assert roles(facts(point("由区住建局牵头，会同区交通局、区水务局推进改造。"))) == {
        "区住建局": "lead", "区交通局": "cooperating", "区水务局": "cooperating"}
    assert roles(facts(point("区乡村振兴局牵头，区财政局、区农业农村局等部门配合。"))) == {
        "区乡村振兴局": "lead", "区财政局": "cooperating", "区农业农村局": "cooperating"}
    assert roles(facts(point("组织企业参与投资，由区商务局负责对接。"))) == {"区商务局": "responsible"}


def test_a_clause_broken_across_hard_wrapped_lines() -> None:
    """A 24-character page with a blank line after every line, the label and
    a unit cut by the line ends."""
    paragraph = ("（一）做好示范工作。建设示范点3个，完善配套设施，提升服务水平，年内全部建成投用。（牵"
                 "头单位：区农业农村局；责任单位：区财政局、区乡村振兴局；配合单位：各街道）")
    lines = [paragraph[i:i + 24] for i in range(0, len(paragraph), 24)]
    text = TITLE + "一、重点任务\n" + "\n\n".join(lines) + "\n\n（二）做好后续工作。\n"
    assert roles(facts(text)) == {"区农业农村局": "lead", "区财政局": "responsible",
                                  "区乡村振兴局": "responsible", "各街道": "cooperating"}


def test_prose_by_duty_share_and_a_specific_implementer() -> None:
    found = facts(point("补助资金专账管理，由区财政局、区审计局按照职责分工负责监管，"
                        "区统计局具体负责数据核查，确保资金安全。"))
    assert roles(found) == {"区财政局": "responsible", "区审计局": "responsible",
                            "区统计局": "responsible"}


def test_prose_closing_on_units_and_their_verb() -> None:
    found = facts(point("确保年底前全部开工，区发改局、区住建局负责。"))
    assert found == {("做好示范工作", "区发改局", "responsible"),
                     ("做好示范工作", "区住建局", "responsible")}
    assert roles(facts(point("确保按期完成，区交通局配合。"))) == {"区交通局": "cooperating"}


def test_closing_verb_after_persons_passing_mentions_or_boilerplate_assigns_nothing() -> None:
    assert facts(point("确保年底前全部开工，区委主要领导负责。")) == set()
    assert facts(point("驻村工作队协助村两委开展工作，第一书记负责。")) == set()
    assert facts(point("区财政局负责资金拨付，确保及时到位。")) == set()
    text = TITLE + "三、保障措施\n（一）加强督查。定期通报进展，区督查室、区乡村振兴局负责。\n"
    assert facts(text) == set()


# -- 职责分工 paragraphs --------------------------------------------------------------------

def test_numbered_duty_paragraphs_and_a_lead_duty() -> None:
    text = TITLE + "三、职责分工\n（一）区乡村振兴局：牵头负责统筹协调。\n（二）区财政局：负责资金保障。\n组长：负责全面工作。\n"
    assert facts(text) == {("统筹协调", "区乡村振兴局", "lead"), ("资金保障", "区财政局", "responsible")}


def test_duty_paragraphs_verb_sets_the_role() -> None:
    text = (TITLE + "三、职责分工\n区财政局：负责帮扶资金的拨付和监管，做好绩效评价；配合区乡村振兴局做好项目管理。\n"
            "区教育局、区卫生健康局：按照职责分工，负责教育医疗帮扶工作。\n")
    assert facts(text) == {("帮扶资金的拨付和监管", "区财政局", "responsible"),
                           ("区乡村振兴局做好项目管理", "区财政局", "cooperating"),
                           ("教育医疗帮扶工作", "区教育局", "responsible"),
                           ("教育医疗帮扶工作", "区卫生健康局", "responsible")}


def test_a_duty_names_other_units_with_their_role() -> None:
    text = (TITLE + "三、职责分工\n区发改局：负责帮扶项目的立项审批，区财政局、区审计局配合。\n"
            "区人社局：牵头负责就业培训工作，各街道具体落实。\n")
    assert facts(text) == {("帮扶项目的立项审批", "区发改局", "responsible"),
                           ("帮扶项目的立项审批", "区财政局", "cooperating"),
                           ("帮扶项目的立项审批", "区审计局", "cooperating"),
                           ("就业培训工作", "区人社局", "lead"),
                           ("就业培训工作", "各街道", "responsible")}


def test_responsibility_subject_label() -> None:
    """责任主体 is decided once in roles.csv: the units that carry the task out."""
    found = facts(point("（责任主体：区教育局、区卫生健康局）"))
    assert roles(found) == {"区教育局": "responsible", "区卫生健康局": "responsible"}


# -- task titles ----------------------------------------------------------------------------

def test_task_is_the_points_title_or_its_first_clause() -> None:
    titled = TITLE + "二、重点任务\n4．加大招商引资力度。赴外地招商3次。（责任单位：区商务局）\n"
    assert {t for t, _, _ in facts(titled)} == {"加大招商引资力度"}
    untitled = TITLE + "二、重点任务\n（二）区财政每年安排资金不少于300万元，支持产业项目建设。（责任单位：区财政局）\n"
    assert {t for t, _, _ in facts(untitled)} == {"区财政每年安排资金不少于300万元"}


# -- the samples transformed ---------------------------------------------------------------

CLAUSE_DOCS = ("000", "002", "003")  # 001 also holds a demand list the transforms drop


def sample(key: str) -> str:
    return read_document(CORPUS / DOC[key]).text


def rewrapped(text: str, width: int) -> str:
    """The document's paragraphs hard-wrapped at width characters."""
    paragraphs = normalize(text).text.split("\n")
    return "\n".join(p[i:i + width] for p in paragraphs for i in range(0, max(len(p), 1), width))


@pytest.mark.parametrize("key", CLAUSE_DOCS)
def test_the_same_facts_at_any_line_width(key: str) -> None:
    original = facts(sample(key), DOC[key])
    assert original
    for width in (20, 60):
        assert facts(rewrapped(sample(key), width), DOC[key]) == original, width


@pytest.mark.parametrize("key", CLAUSE_DOCS)
def test_the_same_facts_with_department_labels(key: str) -> None:
    text = sample(key)
    for unit_word in ("责任", "牵头", "配合"):
        text = text.replace(f"{unit_word}单位：", f"{unit_word}部门：")
    assert text != sample(key)
    assert facts(text, DOC[key]) == facts(sample(key), DOC[key])


@pytest.mark.parametrize("key", CLAUSE_DOCS)
@pytest.mark.parametrize("form", ["{label}：{units}", "【{label}】{units}"])
def test_the_same_facts_with_clauses_on_lines_of_their_own(key: str, form: str) -> None:
    """（责任单位：A、B）closing a paragraph becomes 责任单位：A、B (or
    【责任单位】A、B) on the next line."""
    text = normalize(sample(key)).text
    label = re.compile(r"[（(]\s*(责任单位|牵头单位)[：:]([^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*)[）)]"
                       r"\s*(?=\n|$)")
    moved = label.sub(lambda m: "\n" + form.format(label=m.group(1), units=m.group(2)), text)
    assert moved != text
    assert facts(moved, DOC[key]) == facts(sample(key), DOC[key])


@pytest.mark.parametrize("key", CLAUSE_DOCS)
def test_the_same_facts_with_half_width_punctuation(key: str) -> None:
    half = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")"})
    full = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})

    def as_full(found: set[Fact]) -> set[Fact]:
        return {(task.translate(full), unit.translate(full), role) for task, unit, role in found}
    text = normalize(sample(key)).text
    assert as_full(facts(text.translate(half), DOC[key])) == as_full(facts(sample(key), DOC[key]))


def test_prose_group_over_two_levels_distributes_its_each() -> None:
    # 各街道、乡 is 各街道 and 各乡: the lone 乡 is no unit name, but the group's half
    found = facts(point("由区民政局牵头，区残联配合，各街道、乡具体负责入户走访。"))
    assert roles(found) == {"区民政局": "lead", "区残联": "cooperating", "各街道": "responsible",
                            "乡": "responsible"}


def test_prose_together_with_stops_at_the_verb_and_a_task_force_is_a_unit() -> None:
    found = facts(point("区委组织部会同区农业农村局建立驻村干部考勤制度。"))
    assert roles(found) == {"区委组织部": "lead", "区农业农村局": "cooperating"}
    found = facts(point("区乡村振兴工作专班牵头，区民政局、区医保局配合。"))
    assert roles(found) == {"区乡村振兴工作专班": "lead", "区民政局": "cooperating",
                            "区医保局": "cooperating"}


# -- Markdown emphasis around labels --------------------------------------------------------

@pytest.mark.parametrize("line", ["**牵头单位**：区商务局", "**牵头单位：**区商务局", "__牵头单位__：区商务局"])
def test_a_bold_label_on_a_line_of_its_own(line: str) -> None:
    assert roles(facts(point(f"\n{line}\n责任单位：区供销社"))) == {"区商务局": "lead",
                                                                 "区供销社": "responsible"}


def test_two_bold_labels_on_one_line() -> None:
    found = facts(point("\n**牵头单位**：区文旅局；**责任单位**：区商务局、区交通局"))
    assert roles(found) == {"区文旅局": "lead", "区商务局": "responsible", "区交通局": "responsible"}


def test_emphasis_markers_leave_the_offsets_of_the_source() -> None:
    source = "一、重点任务\n**牵头单位**：区商务局\n"
    norm = normalize(source)
    at = norm.text.index("区商务局")
    a, b = norm.span(at, at + 4)
    assert "**" not in norm.text and source[a:b] == "区商务局"


def test_a_templates_blanks_are_no_emphasis() -> None:
    text = "_____（单位）承担_____县帮扶任务，投入资金__万元。"
    assert normalize(text).text == text


# -- clause sentences, 分别 ------------------------------------------------------------------

def test_a_closing_clause_sentence_in_a_point_named_after_a_boilerplate_topic() -> None:
    text = (TITLE + "一、重点任务\n（二）落实保障措施。按标准安排工作经费，办理意外保险。由区财政局牵头，各街道配合。\n")
    assert facts(text) == {("落实保障措施", "区财政局", "lead"), ("落实保障措施", "各街道", "cooperating")}


def test_a_closing_clause_sentence_after_a_topic_names_the_unit_after_you() -> None:
    found = facts(point("此项工作由区民政局牵头，区残联配合。"))
    assert roles(found) == {"区民政局": "lead", "区残联": "cooperating"}


@pytest.mark.parametrize("verb, role", [("分别负责", "responsible"), ("分别牵头", "lead")])
def test_units_each_with_their_share(verb: str, role: str) -> None:
    assert roles(facts(point(f"（区教育局、区卫生健康局{verb}）"))) == {"区教育局": role,
                                                                   "区卫生健康局": role}


# -- the parties of an agreement ------------------------------------------------------------

AGREEMENT = ("洪山区　建始县结对协作协议书\n\n甲方：湖北省武汉市洪山区人民政府\n乙方：湖北省恩施州建始县人民政府\n\n"
             "　　经甲乙双方协商，达成如下协议。\n"
             "　　第一条　协作原则。甲乙双方坚持优势互补、互利共赢。\n"
             "　　第二条　产业协作。甲方负责引导企业到乙方投资兴业。乙方负责落实用地保障。\n"
             "　　第三条　项目实施。乙方负责组织实施援建项目。甲方负责跟踪问效。\n"
             "　　第四条　联络机制。甲方确定洪山区农业农村局、乙方确定建始县乡村振兴局为日常联络单位，负责信息互通。\n\n"
             "甲方（盖章）：湖北省武汉市洪山区人民政府　　乙方（盖章）：湖北省恩施州建始县人民政府\n")
HEAD_A, HEAD_B = "湖北省武汉市洪山区人民政府", "湖北省恩施州建始县人民政府"


def test_party_obligations_per_article() -> None:
    found = {f for f in facts(AGREEMENT) if f[0] != "联络机制"}
    assert found == {("产业协作", HEAD_A, "responsible"), ("产业协作", HEAD_B, "responsible"),
                     ("项目实施", HEAD_B, "responsible"), ("项目实施", HEAD_A, "responsible")}


def test_units_the_parties_designate() -> None:
    found = {f for f in facts(AGREEMENT) if f[0] == "联络机制"}
    assert found == {("联络机制", "洪山区农业农村局", "responsible"),
                     ("联络机制", "建始县乡村振兴局", "responsible")}


def test_party_words_without_a_head_that_names_the_parties_assign_nothing() -> None:
    without_head = re.sub(r"^[甲乙]方：.*\n", "", AGREEMENT, flags=re.M)
    assert {f for f in facts(without_head) if f[0] != "联络机制"} == set()


def test_a_label_bracket_that_opens_its_sentence_is_no_unit_list_of_a_duty() -> None:
    # （责任单位：…） has a colon after what precedes it, but （责任单位 names no unit:
    # the bracket is the point's clause, not a 单位：职责 duty
    found = facts(point("（责任单位：区财政局、区民政局）"))
    assert found == {("做好示范工作", "区财政局", "responsible"), ("做好示范工作", "区民政局", "responsible")}


def test_sentences_and_brackets_read_like_a_reader_of_every_character() -> None:
    import random
    from loaders.clauses import clause_text

    def by_characters(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        cuts, spans, depth, level, start = [-1], [], 0, 0, 0
        for i, ch in enumerate(text):
            if ch == "\n":
                depth = level = 0
            if ch in clause_text.OPENERS:
                depth += 1
            elif ch in clause_text.CLOSERS:
                depth = max(0, depth - 1)
            elif depth == 0 and ch in clause_text.SENTENCE_ENDS:
                cuts.append(i)
            if ch in "（(【":
                start = i if level == 0 else start
                level += 1
            elif ch in "）)】" and level:
                level -= 1
                if level == 0:
                    spans.append((start, i + 1))
        cuts.append(len(text))
        pieces = [clause_text.strip_span(text, a + 1, b) for a, b in zip(cuts, cuts[1:])]
        return [(a, b) for a, b in pieces if b > a], spans

    rnd = random.Random(7)
    alphabet = "（(【〔[“《）)】〕]”》。！？\n，；  \u3000甲乙"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        assert (clause_text.sentences(text), clause_text.brackets(text)) == by_characters(text), text
