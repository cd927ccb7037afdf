"""Fund allocations stated in sentences: who puts how much (万元) into what,
for which year, and whether every year.

区财政每年统筹安排帮扶资金不少于 300 万元，助力新洲区辛冲街道… gives source
区财政, amount 300, recurring, targets the streets named after it.

A sum followed by 其中 (…共计 2368 万元，其中：安排…618 万元；安排…1750 万元。)
is a total and the amounts after 其中, up to the sentence's 。, are its parts:
they keep the total's source and year when they name none, and a sum over
allocations never adds a total and its parts together (queries/rows.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders import rules
from loaders.names.gazetteer import Division, gazetteer
from loaders.text.segment import Section
from loaders.names.units import Context, UnitName, resolve

SENTENCE = re.compile(r"[^。；\n]+[。；]?")
TIME_PREFIX = re.compile(r"^\s*\d{4}\s*年(?:\s*[—\-－至]\s*\d{4}\s*年)?度?\s*[，,]?\s*")
ADVERBS = re.compile(r"(?:每年度?|年初|全年|统筹|预算|原则上|共计|共|不少于|不低于|累计|每个单位)+$")
FILLERS = re.compile(r"^(?:不少于|共计|共|原则上|不低于)+|(?:不少于|共计|共|原则上|不低于)+$")
TARGET_MARK = re.compile(r"向|对|为")
PARTS_MARK = re.compile(r"其中")
UNIT_OF_AMOUNT = {"万元": 1.0, "亿元": 10000.0}
# The last characters of the units of UNIT_OF_AMOUNT (元): an amount is written with one.
AMOUNT_MARKS = frozenset(unit[-1] for unit in UNIT_OF_AMOUNT)
TEMPLATE_BLANK = "__"
# A local place named in a target phrase: 新洲区辛冲街道, 驻点村.
LOCAL = re.compile(r"[\u4e00-\u9fa5]{2,6}?(?:街道|镇|乡|村)(?![\u4e00-\u9fa5]*(?:局|委|办))")


@dataclass
class FundSentence:
    start: int
    end: int
    amount: float
    purpose: str
    year: str
    recurring: bool
    source: UnitName | None
    targets: list[UnitName | Division] = field(default_factory=list)
    part_of: int | None = None  # index of the total (in the section's list) it is a part of


def fund_sentences(section: Section, context: Context, ctx) -> list[FundSentence]:
    """Every sentence of a section that allocates money."""
    # every allocation states an amount, in a unit of UNIT_OF_AMOUNT (all end
    # in 元) written inside one paragraph: most sections state none
    for para in section.paragraphs:
        if any(mark in para.text for mark in AMOUNT_MARKS):
            break
    else:
        return []
    out = []
    text = section.text
    for sentence in SENTENCE.finditer(text):
        body = sentence.group(0)
        if TEMPLATE_BLANK in body or not rules.FUND_NOUN.search(body):
            continue
        for clause_start, clause in _clauses(body):
            found = _fund(clause, context, ctx)
            if found is not None:
                found.start += sentence.start() + clause_start
                found.end += sentence.start() + clause_start
                out.append(found)
    if not out:
        return out
    heading_year = _heading_year(section)
    for found in out:
        if not found.year and not found.recurring:
            found.year = heading_year  # 附件《2024 年…协议书》 > 三、…提供…资金 1850 万元
    _link_parts(text, out)
    return out


def _heading_year(section: Section) -> str:
    """The year the nearest heading (or the part's title) names, when it names one only."""
    for heading in reversed((section.part_title, *section.headings)):
        years = set(rules.YEAR.findall(heading or ""))
        if len(years) == 1:
            return years.pop()
    return ""


def _link_parts(text: str, found: list[FundSentence]) -> None:
    """Mark the amounts after 其中 as parts of the sum stated just before it,
    when they add up to no more than that sum."""
    for mark in PARTS_MARK.finditer(text):
        sentence_start = text.rfind("。", 0, mark.start()) + 1
        stop = text.find("。", mark.end())
        stop = len(text) if stop < 0 else stop
        before = [k for k, f in enumerate(found) if sentence_start <= f.start and f.end <= mark.start()]
        parts = [k for k, f in enumerate(found) if mark.start() <= f.start < stop]
        if not before or not parts:
            continue
        total = found[before[-1]]
        if sum(found[k].amount for k in parts) > total.amount + 1e-9:
            continue  # not a breakdown of that sum
        for k in parts:
            part = found[k]
            part.part_of = before[-1]
            part.source = part.source or total.source
            part.year = part.year or total.year


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """Clauses split after each amount: one allocation each."""
    out, pos = [], 0
    for m in rules.AMOUNT.finditer(sentence):
        if _inside_brackets(sentence, m.start()):
            continue
        end = sentence.find("，", m.end())
        end = len(sentence) if end < 0 else end
        out.append((pos, sentence[pos:end]))
        pos = end + 1
    return out


def _inside_brackets(text: str, i: int) -> bool:
    return text[:i].count("（") > text[:i].count("）")


def _fund(clause: str, context: Context, ctx) -> FundSentence | None:
    amount = next((m for m in rules.AMOUNT.finditer(clause)
                   if not _inside_brackets(clause, m.start())), None)
    if amount is None:
        return None
    head = re.sub(r"\s+", "", clause[:amount.start()])
    verbs = [v for v in rules.FUND_VERB.finditer(head) if rules.FUND_NOUN.search(head[v.end():])]
    if not verbs:
        return None
    verb = verbs[-1]  # the verb nearest the amount governs it
    cut = max(head.rfind(c, 0, verb.start()) for c in "，,：:")
    subject, target = _strip_opening(head[cut + 1:verb.start()]), ""
    mark = TARGET_MARK.search(subject)
    if mark:
        subject, target = subject[:mark.start()], subject[mark.end():]
    purpose = FILLERS.sub("", head[verb.end():])
    year = rules.YEAR.search(clause)
    found = FundSentence(0, amount.end(), float(amount.group(1)) * UNIT_OF_AMOUNT[amount.group(2)],
                         purpose, year.group(1) if year else "",
                         bool(rules.RECURRING.search(head)), _subject(subject, context))
    found.targets = (_targets(target, context) or _targets(purpose, context)
                     or _targets(clause[amount.end():], context) or list(ctx.helped))
    return found


def _strip_opening(text: str) -> str:
    """Drop a heading marker and a time phrase that open the clause."""
    for pattern in rules.HEADING_LEVELS:
        text = pattern.sub("", text, count=1)
    return TIME_PREFIX.sub("", text.replace("其中", ""))


def _subject(text: str, context: Context) -> UnitName | None:
    text = ADVERBS.sub("", text.strip())
    if len(text) < 2:
        return None
    return resolve(text, context)


def _targets(text: str, context: Context) -> list[UnitName | Division]:
    out: list[UnitName | Division] = []
    for _, _, d in gazetteer().find(text, context.codes):
        out.append(d)
    if not out and LOCAL.fullmatch(text):
        out.append(resolve(text, context))
    return out
