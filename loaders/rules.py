"""Named pattern constants of the genre (Chinese policy documents).

Each pattern is a rule of how such documents are written, not of any one
document; tests/test_rules.py tries each on real fragments.
"""
from __future__ import annotations

import re

CN_NUM = "一二三四五六七八九十百零〇"

# Heading markers, outermost first: 一、 / （一） / 1． 1. 1、 / （1）.
# A level-3 marker must not be followed by a digit, so "1.0MPa" is no heading.
HEADING_LEVELS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^\s*([{CN_NUM}]+)\s*、"),
    re.compile(rf"^\s*[（(]\s*([{CN_NUM}]+)\s*[）)]"),
    re.compile(r"^\s*(\d{1,2})\s*[．.、](?![\d])"),
    re.compile(r"^\s*[（(](\d{1,2})[）)]"),
)

# An article of an agreement or of rules: 第三条 on its own line, 第三条　资金支持。…,
# 第六条  人才交流 (two spaces). Its marker stands before a space, the line's end,
# or a short title closed by 。/：/the line's end, so a line wrapped inside
# "按照本协议第三条规定，…" or "第三条的要求" (a reference: the title would
# open with 的/之/所/规定/第) starts no article. Articles sit above 一、 (see segment).
ARTICLE_HEADING = re.compile(rf"^[ \u3000\t]*第([{CN_NUM}]+|\d{{1,3}})条"
                             r"(?=[ \u3000]|$|(?!的|之|所|规定|第)"
                             r"[^，。；,;：:\s]{2,20}(?:[。：:]|[ \u3000]*$))")

# Page footers of PDF extractions: "— 5 —", "- 12 -", "— 5—".
PAGE_FOOTER = re.compile(r"^\s*[—–\-－]{1,2}\s*\d{1,3}\s*[—–\-－]{1,2}\s*$")

# Inline markup some converters leave behind (<u>…</u> for underlined text).
MARKUP_TAG = re.compile(r"</?(?:u|b|i|strong|em|span|sup|sub)\b[^>]*>")

# Sentence-final punctuation: a short line ending with one ends its paragraph.
PARAGRAPH_END = "。！？；：”"

# 文号: 武办文〔2021〕33号, 鄂办发〔2021〕15号, 洪乡振发〔2022〕1号 (also [ ] brackets).
DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fa5]{1,8})\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,4})\s*号")


def doc_number_in(text: str) -> re.Match[str] | None:
    """DOC_NUMBER.search, but only where a 号 is: the pattern tries eight
    characters at every character, and it is asked of every paragraph."""
    return DOC_NUMBER.search(text) if "号" in text else None


# A cited document: 《title》 optionally followed by its 文号 in brackets.
CITATION = re.compile(
    r"《([^《》]{4,80}?)》\s*(?:[（(]\s*(" + DOC_NUMBER.pattern + r")\s*[）)])?")

# Date of issue written in full: 2022 年 5 月 19 日.
ISSUE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")

# Role labels and verbs (牵头单位, 责任部门, X牵头 …) are data: ontology/data/roles.csv,
# read by loaders/vocabulary.py.

# Separators inside a unit list; 和/及 are not separators (区自然资源和城乡建设局).
UNIT_SEPARATORS = re.compile(r"[、，,；;]+|\s{1,}(?![（(])")

# Amounts of money: 300 万元, 15亿元.
AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|亿元)")
FUND_VERB = re.compile(r"安排|投入|筹措|提供|拨付|下达|统筹")
FUND_NOUN = re.compile(r"资金|经费")
RECURRING = re.compile(r"每年|每年度|年均")
YEAR = re.compile(r"(20\d{2})\s*年")

# A document title line: ends in one of the genre's document kinds.
TITLE_KINDS = re.compile(
    r"(方案|通知|意见|要点|办法|说明|清单|计划|决定|规划|责任书|协议书|条款内容)[》」]?$")

# Helper and helped named in a title or caption: 洪山区结对帮扶建始县, X帮扶Y.
HELPS = re.compile(
    r"([\u4e00-\u9fa5]{2,12}?(?:省|市|州|区|县|旗))(?:进一步落实)?(?:结对|对口|定点)?(?:帮扶|支援)"
    r"([\u4e00-\u9fa5]{2,12}?(?:省|市|州|区|县|旗))")

# The words that state a pairing (A对口帮扶B, A与B东西部协作, 定点帮扶) are data:
# ontology/data/pairing_words.csv, read by loaders/vocabulary.py.
# Pairs written with a dash inside a sentence: 江宁区—商州区、浦口区—洛南县.
# (X X? rather than X{1,2}: re then skips to the next dash, several times faster.)
PAIR_DASH = re.compile(r"[—–－][—–－]?|--?")

# Counts of villages in a group heading: 黄陂区姚家集街 12 个村, 旧街街 15 村,
# 库伦镇（2个嘎查村）.
VILLAGE_COUNT = re.compile(r"(\d+)\s*个?\s*(?:嘎查村|嘎查|村|社区)")
