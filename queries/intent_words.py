"""The words of a question beyond its pattern (queries/intents.py says which
query a wording asks): the words that set a parameter the pattern leaves open
(a pairing's kind, a role, how many, a deadline; read by queries/routing.py),
and the words that explain a question left unanswered (a name the graph does
not know, the closest queries with an example each; read by queries/ask.py).
"""
from __future__ import annotations

import re

# Pairing kinds by the words of the question (names are already tokens).
KIND_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("school", re.compile(r"学校|小学|中学|幼儿园")),
    ("hospital", re.compile(r"医院|医疗机构|卫生院")),
    ("street-village", re.compile(r"村|社区")),
    ("district-county", re.compile(r"县|州")),
)
GENERIC_VERBS = ("负责",)


def _role_words() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Roles by the words of the question, from the role vocabulary
    (ontology/data/roles.csv), longest word first: 牵头负责 → lead, 配合 and 参与 →
    cooperating, 责任单位 → responsible. The bare verb 负责 is how any question
    asks who is in charge (谁负责X, X负责哪些工作: the lead too), so it filters nothing."""
    from loaders.vocabulary import role_words
    words = [(w.role, w.word) for w in role_words() if w.word not in GENERIC_VERBS]
    words += [("responsible", "负责单位"), ("cooperating", "协同")]
    return tuple((role, re.compile(re.escape(word))) for role, word in words)


ROLE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = _role_words()
# The roles a query's -p role= takes (the others: lead, responsible, cooperating).
ROLE_VALUES: dict[str, tuple[str, ...]] = {"dispatches": ("lead", "dispatching")}
# 前十个单位, 前 5 名: how many a ranking lists.
TOP = re.compile(r"前\s*([0-9]+|[一二两三四五六七八九十百]+)\s*(?:个|名|家|位)?")
# Deadlines of projects: a year or month token, then before / after words.
YEAR_TOKEN = r"〈[A-Z]*Y[A-Z]*(?P<n>\d+)〉"
# Read exactly: 2025年之前 ends in 2024-12; 2025年底前, 截至2025年, 2025年完成 in
# 2025-12; 2025年之后 starts in 2026-01, 2025年起 in 2025-01 (a month alike).
YEAR_ANY = r"〈[A-Z]*Y[A-Z]*(\d+)〉"
DUE_THROUGH = re.compile(r"(?:截至|截止到|截止|到)" + YEAR_ANY + r"|" + YEAR_ANY
                         + r"(?:底|末|内|为止|完成|到期|截止|竣工)")
DUE_BEFORE = re.compile(YEAR_TOKEN + r"(?:之前|以前|前)")
DUE_AFTER = re.compile(YEAR_TOKEN + r"(?:之后|以后|后)")
DUE_FROM = re.compile(YEAR_TOKEN + r"(?:起|开始|以来)")
# Words that are not a topic on their own.
TOPIC_FILLER = re.compile(r"^(?:关于|有关|对于|在|所有|全部|各项|各)|(?:工作|任务|事项|项目|方面|这项|这件事|的|呢|吗)+$")
# A run of words that looks like a unit's or place's name: a refusal names it when
# the graph does not know it (火星局).
NAME_LIKE = re.compile(r"[\u4e00-\u9fa5]{1,10}?(?:局|委|办|厅|部|院|中心|公司|集团|街道|社区|村|镇|乡|县|区|市|州)")
# The question's own words, cut out before looking for a name it does not know.
QUESTION_WORDS = re.compile(r"哪个|哪些|哪里|哪家|哪所|哪几个|什么|谁|多少|几个|是否|有没有|负责|牵头|承担|配合"
                            r"|参与|帮扶|结对|对口|派驻|派出|选派|工作|任务|项目|资金|和|与|跟|的|在|由|有|是|了")

# What each query is about, for suggesting the closest ones to a question
# no rule matched, with an example question for each.
EXAMPLES: dict[str, str] = {
    "duties": "区财政局负责哪些工作？",
    "owners": "谁负责消费帮扶？",
    "projects": "寨岗村有哪些项目？",
    "pairings": "洪山区结对帮扶哪个县？",
    "dispatches": "武汉市委办公厅派驻了哪些村？",
    "helpers": "寨岗村由谁帮扶？",
    "hierarchy": "旧街街道下辖哪些村？",
    "funds": "洪山区的帮扶资金是多少？",
    "document": "武办文〔2021〕33号讲了什么？",
    "workload": "哪个单位任务最多？",
    "partners": "区财政局和哪些单位一起负责？",
    "gaps": "哪些村还没有项目？",
    "path": "洪山区和建始县是什么关系？",
    "assignments": "牵头单位有哪些？",
}
KEYWORDS: dict[str, str] = {
    "duties": "负责 任务 职责 工作 承担 单位",
    "owners": "谁 负责 牵头 哪些单位 哪个部门",
    "projects": "项目 清单 村 建设 时限 完成",
    "pairings": "结对 对口 帮扶 县 学校 医院 街道",
    "dispatches": "派驻 驻村 工作队 第一书记 选派 派出",
    "helpers": "帮扶 谁 援助 支援 帮助",
    "hierarchy": "下辖 包括 属于 位于 哪里 上级 地方 区划",
    "funds": "资金 经费 预算 万元 钱 财政 多少",
    "document": "文件 通知 方案 文号 内容 印发",
    "workload": "最多 任务量 工作量 排名 哪个单位",
    "partners": "一起 合作 配合 协作 伙伴",
    "gaps": "没有 缺口 覆盖 空白 还",
    "path": "关系 联系 关联 之间",
    "assignments": "牵头单位 责任单位 配合单位 分工",
}
