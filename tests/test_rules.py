"""Each extraction rule on real fragments of the corpus's text."""
from __future__ import annotations

import pytest

from loaders import rules
from loaders.clauses.clauses import find_clauses
from loaders.names.gazetteer import gazetteer
from loaders.graph import canonical_place_name
from loaders.text.meta import doc_number
from loaders.text.normalize import normalize
from loaders.text.segment import heading_level, segment
from loaders.names.units import Context, parse_units, split_units

HONGSHAN = Context.of(gazetteer().lookup("洪山区"))
JIANSHI = Context.of(gazetteer().lookup("建始县"))
WUHAN = Context.of(gazetteer().lookup("武汉市"))


@pytest.mark.parametrize("line,level", [
    ("一、总体要求", 1), ("十、强化工作保障。认真落实", 1), ("（三）结对安排。洪山区", 2),
    ("(一) 市级统筹。市级成立", 2), ("1．协作共建产业园区。", 3), ("11.开展党政人才培育。", 3),
    ("1. 推动区域产业合作。", 3), ("1.0MPa-SDR17-200", 0), ("2024 年洪山区结对帮扶建始县工作方案", 0),
])
def test_heading_levels(line: str, level: int) -> None:
    assert heading_level(line) == level


@pytest.mark.parametrize("text,number", [
    ("武办文〔2021〕33号", "武办文〔2021〕33号"), ("（武办文[2021]40 号）", "武办文〔2021〕40号"),
    ("洪乡振发〔2022〕1号", "洪乡振发〔2022〕1号"), ("（武农组发〔2024〕4 号）", "武农组发〔2024〕4号"),
])
def test_document_numbers(text: str, number: str) -> None:
    assert doc_number(text) == number


def test_page_footer_is_a_footer_and_a_dash_in_content_is_not() -> None:
    assert rules.PAGE_FOOTER.match("— 5—")
    assert rules.PAGE_FOOTER.match("— 1 —")
    assert not rules.PAGE_FOOTER.match("井关东风牌——耕田地机械。")


def test_normalize_rejoins_wrapped_lines_and_drops_a_footer() -> None:
    text = "在等级医院评审、远程诊疗和远程\n\n\n\n— 5—\n\n教育培训等方面加大交流合作力度。"
    norm = normalize(text)
    assert norm.text == "在等级医院评审、远程诊疗和远程教育培训等方面加大交流合作力度。"
    start = norm.text.index("教育")
    a, b = norm.span(start, start + 2)
    assert text[a:b] == "教育"


def test_normalize_drops_a_passage_written_twice() -> None:
    block = ["2. 深化医疗协作。发挥我市医疗资源优势，深化医院结对帮扶。（责任单位：市卫生健康委，各区）",
             "（五）加大人才培育力度",
             "1. 开展干部双向挂职交流。每年选派我市干部到恩施州挂职锻炼。（责任单位：市委组织部）"]
    text = "\n\n".join(block + block + ["（六）推进乡村振兴"])
    assert normalize(text).text.count("深化医疗协作") == 1


def test_normalize_strips_markup() -> None:
    assert normalize("恩施州来凤县\t<u>汉阳区、蔡甸区</u>\n前言<u>下划线</u>。").text == "前言下划线。"


def test_segment_nests_sections() -> None:
    text = "工作方案\n一、重点任务\n（一）强化产业合作\n1．协作共建产业园区。继续支持。（责任单位：区发改局）"
    sections = segment(normalize(text))
    assert sections[-1].path == "工作方案 > 一、重点任务 > （一）强化产业合作 > 1．协作共建产业园区"


@pytest.mark.parametrize("written,context,names", [
    ("区委组织部、区乡村振兴局，各派出单位", HONGSHAN, ["洪山区委组织部", "洪山区乡村振兴局", "洪山区各派出单位"]),
    ("团区委、区直相关单位，各街道", HONGSHAN, ["共青团洪山区委", "洪山区直相关单位", "洪山区各街道"]),
    ("县委统战部、县文旅局、花坪镇", JIANSHI, ["建始县委统战部", "建始县文化和旅游局", "花坪镇"]),
    ("市发改委、市经信局，市工商联，各区", WUHAN, ["武汉市发展和改革委员会", "武汉市经信局", "武汉市工商联", "武汉市各区"]),
    ("区国资局区国资集团区城投公司", HONGSHAN, ["洪山区国资局", "洪山区国资集团", "洪山区城投公司"]),
    ("区水务湖泊局武汉站地区综管办", HONGSHAN, ["洪山区水务湖泊局", "武汉站地区综管办"]),
    ("区委党校、区应急局、区住房和城市更新局", HONGSHAN, ["洪山区委党校", "洪山区应急局", "洪山区住房和城市更新局"]),
    ("张家湾街社区卫生服务中心", HONGSHAN, ["张家湾街社区卫生服务中心"]),
])
def test_units_are_split_and_qualified(written: str, context: Context, names: list[str]) -> None:
    assert [u.name for u in parse_units(written, context)] == names


@pytest.mark.parametrize("name,cls", [
    ("洪山区委组织部", "PartyOrgan"), ("洪山区财政局", "GovernmentDepartment"),
    ("洪山区工商联", "MassOrganisation"), ("共青团洪山区委", "MassOrganisation"),
    ("洪山区城投公司", "Enterprise"), ("武汉市洪山中学", "School"), ("建始县疾控中心", "MedicalInstitution"),
    ("关山街道", "LocalAuthority"), ("洪山区各街道", "UnitGroup"),
    ("洪山区结对帮扶工作领导小组各成员单位", "UnitGroup"),
])
def test_unit_types_from_names(name: str, cls: str) -> None:
    from loaders.names.unit_types import classify
    assert classify(name).value == cls


def test_split_keeps_brackets_and_quotes_whole() -> None:
    items = [t for _, t in split_units("临空港开发区（东西湖区、汉南区）、“某某”项目办")]
    assert items == ["临空港开发区（东西湖区、汉南区）", "“某某”项目办"]


def test_labelled_clause_with_a_repeated_first_character() -> None:
    # a page break repeated 责 in 002: （责\n\n责任单位：市委宣传部…）
    clauses = find_clauses("按照规定组织疗养。（责责任单位：市委宣传部、市文化和旅游局，各区）", WUHAN)
    assert [u.name for u in clauses[0].units] == ["武汉市委宣传部", "武汉市文化和旅游局", "武汉市各区"]


def test_bare_unit_list_closing_a_point() -> None:
    text = "持续讲好“洪山故事”。（区纪委监委、区委宣传部、区委编办、区乡村振兴局）"
    clauses = find_clauses(text, HONGSHAN)
    assert clauses[0].role == "responsible"
    assert [u.name for u in clauses[0].units] == ["洪山区纪委监委", "洪山区委宣传部", "洪山区委机构编制委员会办公室", "洪山区乡村振兴局"]


def test_a_bracket_that_is_not_a_unit_list_is_no_clause() -> None:
    assert find_clauses("支持建始县开展关爱妇女儿童系列活动（含困境妇女儿童关心慰问）。", HONGSHAN) == []


def test_labelled_roles() -> None:
    clauses = find_clauses("做好工作。（牵头单位：区乡村振兴局；配合单位：区财政局、区民政局）", HONGSHAN)
    assert [(c.role, [u.name for u in c.units]) for c in clauses] == [
        ("lead", ["洪山区乡村振兴局"]), ("cooperating", ["洪山区财政局", "洪山区民政局"])]


def test_street_spellings_are_one_street() -> None:
    assert canonical_place_name("旧街街") == canonical_place_name("旧街街道") == "旧街街道"


def test_unit_types_follow_the_data_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # The type rules are data (ontology/data/unit_types.csv): a row added to it
    # types a name no rule typed, and the rows' order decides (供电局 is an
    # enterprise only because that row comes before the departments' …局).
    from loaders.names import unit_types
    from loaders.vocabulary import data_rows
    rows = data_rows("unit_types.csv")
    assert unit_types.classify("某某县气象台").value == "OtherUnit"
    assert unit_types.classify("国网某某县供电局").value == "Enterprise"
    added = [{"class": "PublicInstitution", "pattern": "气象台$", "note": ""}]
    reordered = [r for r in rows if r["class"] == "GovernmentDepartment"] + \
        [r for r in rows if r["class"] != "GovernmentDepartment"]
    for new, name, cls in ((rows + added, "某某县气象台", "PublicInstitution"),
                           (reordered, "国网某某县供电局", "GovernmentDepartment")):
        monkeypatch.setattr(unit_types, "data_rows", lambda _, new=new: new)
        unit_types.type_rules.cache_clear()
        try:
            assert unit_types.classify(name).value == cls
        finally:
            unit_types.type_rules.cache_clear()
    monkeypatch.undo()
    bad = [{"class": "Bureau", "pattern": "局$", "note": ""}]
    monkeypatch.setattr(unit_types, "data_rows", lambda _: bad)
    unit_types.type_rules.cache_clear()
    with pytest.raises(ValueError, match="unknown class"):
        unit_types.type_rules()
    monkeypatch.undo()
    unit_types.type_rules.cache_clear()
