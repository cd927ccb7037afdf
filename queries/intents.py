"""The question patterns: which wording asks which named query.

A rule's pattern is a regular expression over the question as a template: the
folded question with each name the linker found replaced by a token such as
〈UPA0〉 (the letters say what the name may be: U unit, P place, A a place that
is or holds villages, T task or project, D document, Y year). In a pattern a
slot stands for such a token and binds a parameter:

    {unit}  {place}  {area:place}  {doc}  {year}   a name of that kind → param
    {party:source}                                a unit or a place → source
    {entity:from}                                 a unit, place, task or project
    {topic:text}                                  free words (or a task's name)
    {party:_}                                     a name that is only context

Rules are tried in order; the first that matches (with every slot filled)
wins, so the narrow wordings come before the broad ones. Parameters a rule
leaves open are filled from the names the question still has (see ask.py) and
from its words (queries/intent_words.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

# The catalogue contract: each public query's parameters, known here even
# before the query exists, so that routing can be tested on its own.
CONTRACT: dict[str, tuple[str, ...]] = {
    "assignments": ("doc", "role"),
    "projects": ("doc", "place", "unit", "due_before", "due_after"),
    "pairings": ("doc", "kind", "unit", "place"),
    "dispatches": ("doc", "unit", "place", "role"),
    "duties": ("unit", "role"),
    "helpers": ("place",),
    "hierarchy": ("place",),
    "owners": ("text", "role"),
    "funds": ("source", "target", "year"),
    "document": ("doc",),
    "workload": ("top",),
    "partners": ("unit",),
    "gaps": (),
    "path": ("from", "to"),
}

SLOT_KINDS = {"unit": "U", "place": "P", "area": "A", "doc": "D", "year": "Y", "task": "T",
              "party": "UP", "entity": "UPT"}
SLOT = re.compile(r"\{(\w+)(?::(\w+))?\}")

# Words that ask "who / which unit".
WHO = r"(?:谁|哪个单位|哪些单位|哪个部门|哪些部门|哪家单位|哪几个单位)"
# Verbs of being responsible for something, one or several (牵头负责, 具体负责, 在管).
OWN = r"(?:在|具体|主要)?(?:负责|牵头|承担|主抓|落实|主管|分管|抓|管)+"
AND = r"(?:和|与|跟|同|及)"
WHICH = r"(?:哪个|哪些|哪里|哪儿|哪几个|哪家|哪所|什么|谁)"
END = r"[?？!。]*$"
NO_PROJECT = r"(?:还|仍|仍然|目前)?(?:没有|没|未|尚未|缺少)(?:安排|落实|列入)?(?:帮扶)?项目"


@dataclass(frozen=True)
class Rule:
    """One wording of one query: a pattern over the template, its slots, and
    the parameters the wording itself sets (牵头单位 → role=lead)."""

    query: str
    pattern: str
    why: str  # the analysts' wording the rule is for
    fixed: dict[str, str] = field(default_factory=dict)
    extras: tuple[str, ...] | None = None  # open parameters later names may fill (None: all)
    # parameters beyond the contract that narrow the answer, set only when the
    # catalogue's query takes them (gaps -p kind=village-without-project)
    refine: dict[str, str] = field(default_factory=dict)

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern)

    def slots(self) -> list[tuple[str, str]]:
        """(param, kind) of each slot, in the order of the groups s0, s1 …"""
        return [(m.group(2) or m.group(1), m.group(1)) for m in SLOT.finditer(self.pattern)]


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    counter = iter(range(100))

    def slot(m: re.Match[str]) -> str:
        group = f"s{next(counter)}"
        if m.group(1) == "topic":
            return f"(?P<{group}>.+?)"
        letters = SLOT_KINDS[m.group(1)]
        return f"〈[A-Z]*[{letters}][A-Z]*(?P<{group}>\\d+)〉"
    return re.compile(SLOT.sub(slot, pattern))


RULES: tuple[Rule, ...] = (
    # -- how two things are connected ------------------------------------------------
    Rule("path", r"{entity:from}" + AND + r"{entity:to}(?:之间)?(?:是|有|存在)?"
         r"(?:什么|何种|哪些|怎样的|啥)?(?:样的)?(?:关系|联系|关联)",
         "X和Y是什么关系 / X与Y有什么联系"),
    Rule("path", r"{entity:from}" + AND + r"{entity:to}(?:之间)?(?:是)?(?:怎么|如何|怎样)(?:关联|联系|连|扯)",
         "X和Y是怎么关联的"),
    Rule("path", r"{entity:from}" + AND + r"{entity:to}(?:之间)?(?:有没有|是否有|有)(?:关系|联系)",
         "X和Y有没有关系"),
    # -- what is missing, who does most ----------------------------------------------
    Rule("gaps", r"(?:哪些|哪个|什么|那些)(?:村|村庄|驻点村|脱贫村|结对村)\S{0,4}?" + NO_PROJECT,
         "哪些村还没有项目", refine={"kind": "village-without-project"}),
    Rule("gaps", r"(?:哪些|哪个|什么|那些)\S{0,6}?" + NO_PROJECT,
         "哪些驻点村没有安排项目"),
    Rule("gaps", r"(?:哪些|哪个|什么|那些)?任务\S{0,4}?(?:没有|没|未|尚未|缺少)(?:明确)?(?:责任|牵头)?(?:单位|部门)",
         "有哪些任务没有责任单位", refine={"kind": "task-without-unit"}),
    Rule("gaps", r"(?:哪些|哪个|什么|那些)?项目\S{0,4}?(?:没有|没|未|尚未|缺少)(?:明确)?(?:完成)?(?:时限|期限|截止时间)",
         "哪些项目没有时限", refine={"kind": "project-without-deadline"}),
    Rule("gaps", r"缺口|空白村|(?:没有|未)(?:被)?覆盖|项目(?:还)?没(?:有)?覆盖",
         "有哪些缺口 / 哪些村没有覆盖"),
    Rule("workload", r"(?:哪个|哪些|哪家|什么)(?:单位|部门)(?:的)?(?:承担的|负责的)?(?:工作任务|任务|工作|职责|事情|事)(?:量)?最(?:多|重|大)",
         "哪个单位任务最多 / 哪个单位工作任务最多"),
    Rule("workload", r"(?:任务|工作)(?:量)?最(?:多|重|大)的(?:前\S{1,3}?(?:个|名|家|位)?)?(?:单位|部门|是谁|是哪)|谁的(?:任务|工作)(?:量)?最(?:多|重|大)",
         "任务最多的单位是谁"),
    Rule("workload", r"(?:工作量|任务量|任务数|任务|工作)(?:最多|最重|最大)?(?:的)?前[0-9一二两三四五六七八九十]+(?:个|名|家|位)?",
         "工作量前五名的单位 / 任务前十的部门"),
    Rule("workload", r"(?:工作量|任务量|任务数)(?:的)?(?:排名|排行|统计|对比)|各(?:单位|部门)(?:的)?(?:任务|工作)(?:量|数)",
         "各单位任务量排名"),
    # -- who works with a unit -------------------------------------------------------
    Rule("partners", r"{unit}" + AND + r"(?:哪些|哪个|什么|哪几个)(?:单位|部门)(?:一起|一同|共同|联合|合作|配合|协作)",
         "X和哪些单位一起负责"),
    Rule("partners", r"{unit}(?:的)?(?:合作|配合|协作)(?:单位|部门|伙伴|对象)",
         "X的合作单位有哪些"),
    Rule("partners", r"(?:哪些|哪个)(?:单位|部门)?" + AND + r"{unit}(?:一起|一同|共同|联合|合作|配合|协作)",
         "哪些单位和X一起"),
    Rule("partners", AND + r"{unit}(?:一起|一同|共同|联合)(?:负责|承担|牵头)?\S{0,6}(?:单位|部门)",
         "和X一起负责任务的单位"),
    # -- 派驻 / 驻村: by a unit, or in a place -------------------------------------------
    Rule("dispatches", r"{unit}(?:向|在|往|给|到)?\S{0,6}?(?:派驻|派出|选派|派了|派往|派到|下派)",
         "X派驻了哪些村 / X向哪些村选派了工作队"),
    Rule("dispatches", WHO + r"(?:向|在|往|给|到)?{area:place}(?:派驻|派出|选派|派了|派)",
         "谁向X派驻了工作队"),
    Rule("dispatches", r"{area:place}(?:有|的)?\S{0,4}?(?:驻村工作队|工作队|第一书记|驻村干部|驻村)",
         "X有哪些驻村工作队 / X的工作队是哪个单位派的"),
    Rule("dispatches", r"{unit}(?:的)?\S{0,4}?(?:驻村工作队|工作队|第一书记|驻点村)",
         "X的驻村工作队在哪些村"),
    # -- 结对: of a unit (the helper) or of a place (the helped) -----------------------
    Rule("pairings", r"{unit}" + AND + r"?{place}(?:之间)?(?:是)?(?:结对|对口)(?:帮扶)?(?:关系)?(?:吗|了吗|么)",
         "X和Y结对了吗", extras=("doc", "kind")),
    Rule("pairings", r"{unit}(?:主要|都)?" + AND
         + r"?(?:结对|对口)(?:帮扶|支援|援助)?(?:了)?(?:的)?(?:是)?" + WHICH,
         "X结对帮扶哪个县 / 珞南街道结对帮扶哪个村"),
    Rule("pairings", r"{unit}" + AND + WHICH + r"\S{0,6}?结对",
         "X和哪里结对"),
    Rule("pairings", r"{place}(?:是)?(?:由|被)?" + AND + r"?" + WHICH + r"\S{0,6}?(?:结对|对口)",
         "X和哪里结对 / X由哪个区结对帮扶"),
    Rule("pairings", WHICH + r"\S{0,6}?(?:结对|对口)(?:帮扶|支援|援助)?(?:了)?{place}",
         "哪个区结对帮扶X"),
    # -- projects in a place or of a unit --------------------------------------------
    Rule("projects", r"{party:_}(?:对口|结对)?(?:帮扶|援助|支援){area:place}\S{0,8}?项目",
         "2024年洪山区对口帮扶新洲区有哪些项目"),
    Rule("projects", r"{area:place}\S{0,10}?项目",
         "X有哪些项目 / X的项目"),
    Rule("projects", r"{unit}\S{0,10}?项目",
         "X负责的项目 / X有哪些项目"),
    # -- who helps a place -----------------------------------------------------------
    Rule("helpers", WHO + r"?(?:在|来|负责)?(?:对口)?(?:帮扶|援助|支援|帮助)(?:了)?{place}",
         "谁帮扶X / 哪些单位帮扶X"),
    Rule("helpers", r"{place}(?:有|是)?" + WHO + r"(?:在|来)(?:对口)?(?:帮扶|援助|支援|帮助|负责|管)",
         "X有谁在帮扶 / X是谁在管"),
    Rule("helpers", r"{place}(?:是)?(?:由|被)" + WHO + r"?(?:来)?(?:对口)?(?:帮扶|援助|支援|帮助)",
         "X由谁帮扶"),
    Rule("helpers", r"{place}(?:的)?(?:帮扶单位|帮扶方|帮扶力量|帮扶主体)",
         "X的帮扶单位有哪些"),
    Rule("helpers", r"{place}(?:得到|获得|受到|接受)(?:了)?(?:哪些|谁的|哪些单位的)(?:帮扶|支持|援助|帮助)",
         "X得到了哪些帮扶"),
    Rule("helpers", r"^" + WHO + r"(?:在)?负责{place}" + END,
         "谁负责寨岗村"),
    # -- money: from a source, to a target -------------------------------------------
    Rule("funds", r"{party:target}(?:得到|获得|收到|接受|争取到|拿到)(?:了)?\S{0,8}?(?:资金|经费|钱|援助)",
         "X得到了多少帮扶资金"),
    Rule("funds", r"{party:source}[^〈〉]{0,6}?{party:target}[^〈〉]{0,12}?(?:资金|经费|预算|万元|钱)",
         "X对口帮扶Y的资金是多少"),
    Rule("funds", r"{party:source}[^〈〉]{0,12}?(?:资金|经费|预算|万元|多少钱)",
         "X的帮扶资金是多少 / X安排了多少资金"),
    # -- places: what a place holds (hierarchy lists downwards only: 寨岗村属于哪个街道
    # has no query and is refused) -----------------------------------
    Rule("hierarchy", r"{place}(?:下辖|下设|管辖|辖|包括|包含|下面有|下属|有)"
         r"(?:哪些|几个|多少|什么)?(?:村|街道|乡镇|镇|乡|县|区|社区|街)",
         "X下辖哪些村 / X包括哪些街道"),
    Rule("hierarchy", r"{place}(?:的)?(?:上级|下级|行政区划|隶属关系|所属)",
         "X的上级是哪里"),
    # -- a unit's duties -------------------------------------------------------------
    Rule("duties", r"{unit}(?:主要|具体|都|一共|共|还)?(?:负责|承担|牵头|参与|配合|分管|抓|管)"
         r"(?:了)?(?:哪些|什么|啥|多少|几项|哪几项|那些)",
         "X负责哪些工作 / X牵头了哪些任务"),
    Rule("duties", r"{unit}(?:负责|承担|牵头|参与|配合)的(?:任务|工作|事项|事情|职责)",
         "X牵头的工作有哪些"),
    Rule("duties", r"{unit}(?:的|有|都有)?(?:哪些|什么)?(?:任务|职责|工作|分工|责任|事情)(?:有|是)?(?:哪些|什么|啥)?",
         "X的任务有哪些 / X的职责"),
    Rule("duties", r"{unit}(?:要|需要|应当|应该|得)(?:做|干|完成)(?:哪些|什么|啥)",
         "X要做哪些事"),
    # -- a document ------------------------------------------------------------------
    Rule("document", r"{doc}(?:这个|这份|这一|的)?(?:文件|文|通知|方案)?(?:主要|都|具体)?"
         r"(?:讲|说|写|规定|要求|提|涉及|包括|包含)(?:了)?(?:些)?(?:什么|哪些|啥)",
         "X文件讲了什么"),
    Rule("document", r"{doc}(?:这个|这份|的)?(?:文件|通知|方案)?(?:的)?(?:主要)?"
         r"(?:内容|概况|摘要|简介|基本信息|发文单位|发文机关|文号|标题|题目|印发日期|日期)",
         "X的主要内容 / X的发文单位"),
    Rule("document", r"{doc}(?:是)?(?:什么|哪个|哪份|啥)(?:文件|通知)?"
         r"|{doc}(?:是)?(?:谁|哪个单位|什么时候|何时|哪天)(?:发|印发|制定|出台)",
         "X是什么文件 / X是谁发的"),
    # -- who owns a task (a topic in free words or a task's name); after the rules
    # with names, so that 谁向寨岗村派驻 is a dispatch, not a topic ---
    Rule("owners", r"^{topic:text}(?:工作|任务|事项)?的(?:牵头|责任|负责|主责|配合)(?:单位|部门)",
         "消费帮扶的牵头单位是谁"),
    Rule("owners", r"^(?:是)?" + WHO + r"(?:来)?" + OWN
         + r"{topic:text}(?:工作|任务|事项)?(?:的)?(?:吗|呢)?" + END,
         "谁负责消费帮扶 / 哪些单位负责X"),
    Rule("owners", r"^{topic:text}(?:工作|任务|事项)?(?:是)?(?:由|归)" + WHO + r"(?:来)?" + OWN,
         "X由谁牵头"),
    Rule("owners", r"^{topic:text}(?:工作|任务|事项)?(?:是)?" + WHO + OWN + r"(?:的)?" + END,
         "X是谁负责的"),
    Rule("owners", r"^(?:是)?" + WHO + r"(?:参与|配合|协助)(?:了)?{topic:text}(?:工作|任务|事项)?" + END,
         "哪些单位参与了X"),
    # -- keywords alone: the kind of fact asked for, with no name to anchor it;
    # last, so that 谁负责选派第一书记 is a question about a topic ------
    Rule("dispatches", r"驻村工作队|派驻|派出单位|驻点村|第一书记|驻村|选派",
         "驻村工作队有哪些"),
    Rule("pairings", r"(?:学校|小学|中学|幼儿园)\S{0,6}?结对|结对\S{0,6}?(?:学校|小学|中学|幼儿园)",
         "有哪些学校结对", fixed={"kind": "school"}, extras=("doc", "place")),
    Rule("pairings", r"(?:医院|医疗机构|卫生院)\S{0,6}?结对|结对\S{0,6}?(?:医院|医疗机构|卫生院)",
         "有哪些医院结对", fixed={"kind": "hospital"}, extras=("doc", "place")),
    Rule("pairings", r"结对(?:关系|表|情况|安排)|结对",
         "有哪些结对关系"),
    Rule("projects", r"{year:_}[^〈〉]{0,12}?项目",
         "2025年之前到期的项目 / 截至2024年底的项目 / 截止时间在2025年之前的项目"),
    Rule("projects", r"项目(?:清单|列表|有哪些|有什么)|(?:哪些|什么|所有|全部)(?:帮扶|重点)?项目|(?:完成|到期)的项目",
         "有哪些项目 / 项目清单"),
    Rule("funds", r"(?:资金|经费|预算)(?:安排|情况|有多少|是多少|多少|总额|一共)|多少(?:资金|经费|钱)",
         "帮扶资金有多少"),
    Rule("assignments", r"牵头(?:单位|部门)|(?:单位|部门)(?:是|作为|担任)?牵头|谁牵头",
         "牵头单位有哪些", fixed={"role": "lead"}),
    Rule("assignments", r"配合(?:单位|部门)|协同(?:单位|部门)",
         "配合单位有哪些", fixed={"role": "cooperating"}),
    Rule("assignments", r"责任(?:单位|部门)|负责(?:单位|部门)",
         "责任单位有哪些", fixed={"role": "responsible"}),
    Rule("assignments", r"分工|任务(?:清单|安排|分配)|(?:所有|全部)(?:的)?任务",
         "责任分工 / 任务分工"),
    # -- a bare name: what the graph says about it -----------------------------------
    Rule("document", r"^{doc}" + END, "X（只写文件名或文号）"),
    Rule("helpers", r"^{area:place}" + END, "X（只写有村的地名）"),
    Rule("duties", r"^{unit}" + END, "X（只写单位名）"),
    Rule("helpers", r"^{place}" + END, "X（只写地名）"),
)
