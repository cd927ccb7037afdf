"""Read a Word .docx (python-docx) into the text the rules read.

Body paragraphs come in document order, each as one line, with the number
Word draws before it (一、 / 1．, from numbering.xml) written out; tables are
written as tables (loaders.reading.layout). Page headers and footers live in their own
parts of the package and are never read. A .docx is a zip: its members'
declared sizes are checked before anything is inflated, so a zip bomb is
refused instead of filling memory.
"""
from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from lxml.etree import Entity, _Element

from loaders.reading.layout import Layout, TextBuilder, join_cell_lines
from ontology.errors import InputError

MAX_MEMBER = 256 << 20     # no part of a real document inflates to more than this
MAX_TOTAL = 512 << 20
MAX_RATIO = 200            # deflate reaches ~10:1 on XML; 200:1 is crafted
RATIO_FLOOR = 8 << 20      # small members may compress well (repeated styles)
MAX_MEMBERS = 10_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

CN_DIGITS = "零一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def check_package(path: Path) -> None:
    """Refuse what is not a plain .docx package before parsing it."""
    head = path.read_bytes()[:8]
    if head == OLE_MAGIC:
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError(f"{path}: password-protected Word file; remove the password "
                             "in Word and save it again as .docx")
        raise InputError(f"{path}: a Word 97-2003 (.doc) file, not .docx; save it as .docx")
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path}: not a Word .docx file (not a zip package)")
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"{path}: refused, {len(infos)} parts in the package")
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER or total > MAX_TOTAL or \
                    (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
                raise InputError(
                    f"{path}: refused as a zip bomb ({info.filename} would inflate to "
                    f"{info.file_size >> 20} MiB from {info.compress_size >> 10} KiB)")
        if "word/document.xml" not in z.namelist():
            raise InputError(f"{path}: not a Word document (no word/document.xml)")


def read_docx(path: Path) -> tuple[str, Layout]:
    check_package(path)
    doc = Document(str(path))
    numbers = Numbering(doc)
    out = TextBuilder()
    # Word never writes an entity reference; a crafted file may (&xxe;). The
    # parser does not expand it (no file or network is read): the paragraph
    # keeps the text around it, and the build says what was left out.
    out.layout.omitted += [f"an XML entity reference {e.text} was left out, not expanded"
                           for e in doc.element.body.iter(Entity)]
    for block in _blocks(doc.element.body):
        if block.tag == qn("w:tbl"):
            out.table(table_rows(block, numbers))
        else:
            out.paragraph(numbers.label(block) + paragraph_text(block))
    return out.text(), out.layout


def _blocks(parent: _Element) -> Iterator[_Element]:
    """Paragraphs and tables in order, looking inside content controls."""
    for child in parent:
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def paragraph_text(p: _Element) -> str:
    """The paragraph's text as shown: runs, tabs and line breaks (not deleted
    revisions, which Word stores as w:delText, nor tab-stop definitions)."""
    out = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if el.tag == qn("w:t"):
            out.append(el.text or "")
            out.extend(child.tail or "" for child in el)  # the text after an entity
        elif el.tag == qn("w:tab"):
            if el.getparent().tag != qn("w:tabs"):
                out.append(" ")
        else:
            out.append("\n")
    return "".join(out)


def table_rows(tbl: _Element, numbers: Numbering) -> list[list[str]]:
    """The table as a grid of cell texts: a vertically merged cell repeated
    down the rows it covers, a horizontally merged one written once."""
    grid: list[list[str]] = []
    for tr in tbl.findall(qn("w:tr")):
        row: list[str] = []
        before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
        if before is not None:
            row += [""] * int(before.get(qn("w:val"), "0"))
        for tc in tr.findall(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
            vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            width = int(span.get(qn("w:val"), "1")) if span is not None else 1
            col = len(row)
            if vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue" \
                    and grid and col < len(grid[-1]):
                text = grid[-1][col]
            else:
                text = cell_text(tc, numbers)
            row += [text] + [""] * (width - 1)
        grid.append(row)
    return grid


def cell_text(tc: _Element, numbers: Numbering) -> str:
    lines: list[str] = []
    for block in _blocks(tc):
        if block.tag == qn("w:tbl"):  # a table nested in the cell: its cells as lines
            lines += [c for r in table_rows(block, numbers) for c in r if c]
        else:
            lines += (numbers.label(block) + paragraph_text(block)).split("\n")
    return join_cell_lines(lines)


class Numbering:
    """The numbers Word draws before list paragraphs (一、, （一）, 1．)."""

    def __init__(self, doc: Any) -> None:  # a python-docx Document
        self.nums: dict[str, _Element] = {}       # numId → abstractNum
        self.styles: dict[str, _Element] = {}     # styleId → its numPr
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (NotImplementedError, KeyError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None and ref.get(qn("w:val")) in abstract:
                self.nums[num.get(qn("w:numId"))] = abstract[ref.get(qn("w:val"))]
        for style in doc.styles.element.findall(qn("w:style")):
            numpr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if numpr is not None:
                self.styles[style.get(qn("w:styleId"))] = numpr

    def _numpr(self, p: _Element) -> tuple[str, int] | None:
        ppr = p.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is None and ppr is not None:
            style = ppr.find(qn("w:pStyle"))
            numpr = self.styles.get(style.get(qn("w:val"))) if style is not None else None
        if numpr is None:
            return None
        num_id = numpr.find(qn("w:numId"))
        ilvl = numpr.find(qn("w:ilvl"))
        if num_id is None or num_id.get(qn("w:val")) not in self.nums:
            return None
        return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0

    def label(self, p: _Element) -> str:
        found = self._numpr(p)
        if found is None:
            return ""
        num_id, level = found
        levels = {int(l.get(qn("w:ilvl"))): l for l in self.nums[num_id].findall(qn("w:lvl"))}
        if level not in levels:
            return ""
        if _val_str(levels[level], "w:numFmt") == "bullet":
            return ""  # a bullet glyph (often from a symbol font) carries no number
        counts = self.counters.setdefault(num_id, {})
        counts[level] = counts.get(level, _val(levels[level], "w:start", 1) - 1) + 1
        for k in [k for k in counts if k > level]:  # deeper levels restart
            del counts[k]
        for k in range(level):  # a parent never drawn shows its start value
            counts.setdefault(k, _val(levels.get(k), "w:start", 1))
        text = _val_str(levels[level], "w:lvlText")
        for k in range(level + 1):
            fmt = _val_str(levels.get(k), "w:numFmt") or "decimal"
            text = text.replace(f"%{k + 1}", format_number(counts[k], fmt))
        return text if not text or text[-1] in "、．.)）:：" else text + " "


def _val_str(lvl: _Element | None, tag: str) -> str:
    el = lvl.find(qn(tag)) if lvl is not None else None
    return el.get(qn("w:val"), "") if el is not None else ""


def _val(lvl: _Element | None, tag: str, default: int) -> int:
    value = _val_str(lvl, tag)
    return int(value) if value.isdigit() else default


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "japaneseCounting", "taiwaneseCounting", "chineseLegalSimplified"):
        return chinese_numeral(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalEnclosedCircle" and 0 < n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "none":
        return ""
    return str(n)


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if not rest else ("零" + CN_DIGITS[rest] if rest < 10 else
                                (CN_DIGITS[1] if rest < 20 else "") + chinese_numeral(rest))
    return CN_DIGITS[n // 100 % 10] + "百" + tail


def _roman(n: int) -> str:
    out = ""
    for value, sign in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                        (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                        (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sign, n - value
    return out
