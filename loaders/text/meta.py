"""Document metadata: title, 文号, issuer, date of issue, cited documents."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders import rules
from loaders.text.segment import Section, is_title

HEAD_PARAGRAPHS = 8  # the 文号 and issuer stand among the first paragraphs


@dataclass(frozen=True)
class Citation:
    title: str
    number: str
    start: int  # offsets in the normalised text
    end: int


@dataclass
class DocumentMeta:
    title: str = ""
    number: str = ""
    issuer: str = ""
    date: str = ""
    citations: list[Citation] = field(default_factory=list)


def doc_number(text: str) -> str:
    """A 文号 in its standard form: 武办文〔2021〕33号."""
    m = rules.doc_number_in(text)
    return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号" if m else ""


def title_of(sections: list[Section]) -> str:
    """The first title line (a 方案/通知/要点… line) of the document."""
    for section in sections:
        for para in section.paragraphs[:3]:
            if is_title(para.text):
                return section.part_title.replace(" ", "") if "《" not in para.text \
                    else para.text.strip()
    return sections[0].paragraphs[0].text.strip() if sections else ""


def issuer_of(head: list[str]) -> str:
    """An issuing organ named alone on a line: …文件 letterhead or a signature."""
    for text in head:
        stripped = text.strip()
        if stripped.endswith("文件") and len(stripped) <= 30:
            return stripped[:-2]
    for text in head:
        stripped = text.strip()
        if 3 <= len(stripped) <= 20 and stripped.endswith(("局", "厅", "办公室", "委", "政府")):
            return stripped
    return ""


def citations(text: str) -> list[Citation]:
    out = []
    for m in rules.CITATION.finditer(text):
        number = doc_number(m.group(2) or "")
        out.append(Citation(m.group(1).replace(" ", ""), number, m.start(), m.end()))
    return out


PRINTED = rules.ISSUE_DATE.pattern + r"\s*印发"


def _date(sections: list[Section]) -> str:
    """The date in the title's part or the part before it (a letterhead);
    else a closing …印发 line, when the file holds no other numbered document."""
    parts = [s.part for s in sections if s.part_title]
    title_part = parts[0] if parts else 0
    near = "\n".join(s.text for s in sections if title_part - 1 <= s.part <= title_part)
    m = rules.ISSUE_DATE.search(near)
    if m is None and not any(rules.doc_number_in(s.text) for s in sections[1:]):
        last = sections[-1].paragraphs[-1].text if sections else ""
        m = re.search(PRINTED, last)
    if m is None:
        return ""
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _printer(sections: list[Section]) -> str:
    """The office named on the closing …印发 line."""
    last = sections[-1].paragraphs[-1].text.strip() if sections else ""
    m = re.match(r"^(\S{3,30}?)\s*" + PRINTED, last)
    return m.group(1) if m else ""


def read_meta(sections: list[Section], text: str) -> DocumentMeta:
    # the letterhead and the title's own part: an embedded document's issuer
    # further down is not this document's
    parts = [s.part for s in sections if s.part_title]
    title_part = parts[0] if parts else 0
    head = [p.text for s in sections if s.part <= title_part
            for p in s.paragraphs][:HEAD_PARAGRAPHS]
    meta = DocumentMeta(title=title_of(sections), issuer=issuer_of(head))
    for para in head:
        stripped = para.strip()
        number = doc_number(stripped)
        if number and len(stripped) <= len(number) + 4:
            meta.number = number
            break
    meta.date = _date(sections)
    if not meta.issuer:
        meta.issuer = _printer(sections)
    meta.citations = citations(text)
    return meta
