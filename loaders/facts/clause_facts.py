"""The clauses of each point and the duties of 职责分工 paragraphs as
tasks and assignments."""
from __future__ import annotations

import re

from loaders import rules
from loaders.clauses import agreement
from loaders.clauses.clause_duty import Duty, find_duties
from loaders.clauses.clauses import find_clauses, is_boilerplate
from loaders.facts.context import DocumentContext, add_task, assign
from loaders.graph import Graph
from loaders.names.units import Context
from loaders.text.segment import Section

HEADING_MARKER = re.compile(r"^\s*[（(]?[\d一二三四五六七八九十]+[）)]?\s*[、．.]?\s*")  # once per point
TITLE_END = re.compile(r"[，；,;]")  # a title running on into its sentence stops at the first
FIRST_CLAUSE_END = re.compile(r"[，；,;。]")


def task_title(section: Section) -> str:
    """The point's own title (4．加大招商引资力度。… → 加大招商引资力度; 第六条
    人才交流 → 人才交流); a point without one (its first sentence runs on) is
    named by its first clause, a bare 第三条 by the first clause of its text."""
    title = _without_marker(section.title.replace("*", "").lstrip("# "))
    if section.headings and (m := TITLE_END.search(title)):
        title = title[:m.start()]
    if not title and section.headings and len(section.paragraphs) > 1:
        title = _without_marker(section.paragraphs[1].text)
        title = title[:m.start()] if (m := FIRST_CLAUSE_END.search(title)) else title
    return title


def _without_marker(title: str) -> str:
    if article := rules.ARTICLE_HEADING.match(title):
        return title[article.end():].strip(" \u3000")
    return HEADING_MARKER.sub("", title)


def add_clauses(ctx: DocumentContext, section: Section, context: Context, graph: Graph) -> None:
    """The point's clauses, assigned to the point's task, and the duties of
    职责分工 paragraphs, each its own task."""
    text = section.text
    base = section.start
    # prose assigns only inside a numbered point, and not in a plan's boilerplate
    prose = bool(section.headings) and not is_boilerplate(section.path)
    duties = find_duties(text, context) + _party_duties(ctx, section, text, context)
    clauses = find_clauses(text, context, prose, [(d.start, d.end) for d in duties])
    if clauses:
        whole = ctx.prov(section.path, base, base + len(text))
        # the content is the point's text (its quote, kept as a span of the document)
        task = add_task(ctx, section.path, graph, task_title(section), text, whole)
        for clause in clauses:
            prov = ctx.prov(section.path, base + clause.start, base + clause.end)
            for k, unit in enumerate(clause.units):
                assign(ctx, graph, unit, clause.role, task, prov, k)
    for duty in duties:
        prov = ctx.prov(section.path, base + duty.start, base + duty.end)
        task = add_task(ctx, section.path, graph, duty.task, text[duty.start:duty.end], prov)
        for k, unit in enumerate(duty.units):
            assign(ctx, graph, unit, duty.role, task, prov, k)


def _party_duties(ctx: DocumentContext, section: Section, text: str,
                  context: Context) -> list[Duty]:
    """甲方负责… in an agreement whose head names its parties (甲方：X人民政府);
    text is section.text, which is joined anew at every call."""
    if not agreement.PARTY_SUBJECT.search(text):
        return []  # most documents have no parties: skip the look at the head
    parties = agreement.find_parties(ctx.norm_text, context)
    fallback = task_title(section) if section.headings else ""
    return agreement.party_duties(text, parties, context, fallback)
