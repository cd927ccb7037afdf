"""Cut normalised text into parts and numbered sections.

A document may hold several documents (a notice that forwards a plan, with
attachments): a new part starts at an 附件 line, at a 文号 standing alone, or
where the top-level numbering starts again at 一、. Inside a part the heading
markers 一、 / （一） / 1． / （1） nest as levels 1–4, and an agreement's articles
(第三条　资金支持) sit above them: a heading inside an article ends with it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import re

from loaders import rules
from loaders.text.normalize import Normalized

TITLE_MAX = 60        # a title line is short...
HEADING_TITLE_MAX = 40  # ...and a heading's title is the text up to its first 。
ARTICLE_TITLE_MAX = 20  # an article's title (人才交流) is a few words
ARTICLE_TITLE_END = re.compile(r"[。：:]|[ \u3000]{2}|$")


@dataclass(frozen=True, slots=True)  # one per line of a document
class Paragraph:
    text: str
    start: int  # offset in the normalised text


@dataclass(slots=True)  # a big plan has tens of thousands of points
class Section:
    """A numbered point (or the unnumbered text of a part) and its paragraphs."""

    part: int
    part_title: str
    headings: tuple[str, ...]
    paragraphs: list[Paragraph] = field(default_factory=list)
    _path: str = field(default="", init=False, repr=False, compare=False)

    @property  # one string shared by the provenance of every fact of the point
    def path(self) -> str:
        if not self._path:
            parts = ((self.part_title,) if self.part_title else ()) + self.headings
            self._path = " > ".join(parts)
        return self._path

    @property
    def title(self) -> str:
        return self.headings[-1] if self.headings else self.part_title

    @property
    def start(self) -> int:
        return self.paragraphs[0].start if self.paragraphs else 0

    @property
    def end(self) -> int:
        last = self.paragraphs[-1]
        return last.start + len(last.text)

    @property
    def text(self) -> str:
        paragraphs = self.paragraphs
        if len(paragraphs) == 1:  # most points: the join's answer, without a generator
            return paragraphs[0].text
        return "\n".join([p.text for p in paragraphs])


def paragraphs(norm: Normalized) -> list[Paragraph]:
    out, pos = [], 0
    texts, norm.paragraphs = norm.paragraphs, None  # made once, read once
    for body in texts if texts is not None else norm.text.split("\n"):
        if body.strip():
            out.append(Paragraph(body, pos))
        pos += len(body) + 1
    return out


def heading_level(text: str) -> int:
    """1–4 for a numbered heading, 0 for body text."""
    for level, pattern in enumerate(rules.HEADING_LEVELS, start=1):
        if pattern.match(text):
            return level
    return 0


def _rank(text: str) -> int:
    """The heading's depth in the tree: 1 for an article, 2–5 for 一、…（1）."""
    if rules.ARTICLE_HEADING.match(text):
        return 1
    level = heading_level(text)
    return level + 1 if level else 0


def article_heading(text: str) -> str:
    """第六条  人才交流  东丽区每年… → 第六条  人才交流: the marker and the title
    up to 。, ：, two spaces or the line's end; an article without a short title
    (第一条　为加强…，制定本办法。) is named as any point, by its first sentence."""
    marker = rules.ARTICLE_HEADING.match(text)
    if marker is None:
        return heading_text(text)
    rest = text[marker.end():].lstrip(" \u3000")
    end = ARTICLE_TITLE_END.search(rest)
    title = rest[:end.start()] if end else rest
    if len(title) > ARTICLE_TITLE_MAX or any(c in title for c in "，；,;"):
        return heading_text(text)
    return (marker.group(0).strip() + " " + title).strip()


def heading_text(text: str) -> str:
    """The heading as a reader names it: marker and title, up to the first 。."""
    end = text.find("。")
    head = text if end < 0 else text[:end]  # not split(): the rest is not copied
    if len(head) > HEADING_TITLE_MAX:
        head = head[:HEADING_TITLE_MAX] + "…"
    return head.strip()


def is_title(text: str) -> bool:
    return (len(text) <= TITLE_MAX and heading_level(text) == 0
            and bool(rules.TITLE_KINDS.search(text.strip())))


def _starts_part(text: str, top: bool, seen_top: bool) -> bool:
    """top: text is a heading of the outermost numbering (一、)."""
    if text.startswith("附件"):
        return True
    stripped = text.strip()
    number = rules.doc_number_in(stripped)
    if number and len(stripped) <= len(number.group(0)) + 2:
        return True
    return top and seen_top and stripped.startswith("一")


def segment(norm: Normalized) -> list[Section]:
    sections: list[Section] = []
    part, part_title, seen_top = 0, "", False
    stack: list[str] = []
    levels: list[int] = []
    current = _open(sections, Section(0, "", ()))
    for para in paragraphs(norm):
        level = _rank(para.text)
        if level == 1:  # items numbered 一、 anew in the next article are no new part
            seen_top = False
        if _starts_part(para.text, level == 2, seen_top):
            part, seen_top, stack, levels = part + 1, False, [], []
            part_title = _attachment_title(para.text)
            current = _open(sections, Section(part, part_title, ()))
            if level == 0:
                current.paragraphs.append(para)
                continue
        if level == 0:
            if not stack and is_title(para.text):
                part_title = _title_with_broken_start(current, para.text.strip())
                current = _open(sections, Section(part, part_title, ()))
            current.paragraphs.append(para)
            continue
        seen_top = seen_top or level == 2
        while levels and levels[-1] >= level:
            levels.pop()
            stack.pop()
        levels.append(level)
        stack.append(article_heading(para.text) if level == 1 else heading_text(para.text))
        current = _open(sections, Section(part, part_title, tuple(stack)))
        current.paragraphs.append(para)
    return [s for s in sections if s.paragraphs]


def _title_with_broken_start(current: Section, title: str) -> str:
    """A title wrapped over two lines: a short line just before it is its start."""
    if current.paragraphs:
        prev = current.paragraphs[-1].text.strip()
        if len(prev) < TITLE_MAX // 2 and not any(c in prev for c in "，。：；") \
                and not rules.doc_number_in(prev) and not rules.ISSUE_DATE.search(prev) \
                and heading_level(prev) == 0 \
                and not prev.endswith(("文件", "局", "厅", "办公室")):
            current.paragraphs.pop()
            return prev + title
    return title


def _open(sections: list[Section], section: Section) -> Section:
    sections.append(section)
    return section


def _attachment_title(text: str) -> str:
    """附件：X gives the part the title X; a bare 附件 3 waits for its title line."""
    rest = text.split("：", 1)[1].strip() if "：" in text else ""
    return rest if rest and heading_level(rest) == 0 else ""
