"""Make the .docx and .pdf files the format tests read, from the corpus.

    python tests/make_fixtures.py OUTDIR

A corpus document is what a PDF-to-text tool made of an office's file; this
script makes the Word file the office would have had: the prose as Word
paragraphs (the corpus text normalised: page footers and repeated passages
gone, hard-wrapped lines joined) and every table as a real Word table —
tab-separated tables as they are (a group heading across the row becomes one
merged cell), the 001 demand list and pairing tables from the rows the table
rules read (a category, lead or town written once for several rows becomes a
vertically merged cell). LibreOffice then prints that .docx to PDF, as an
office publishes it. The malformed files of the error tests are made here too.
Nothing here is committed as a binary: the tests call these functions.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt  # noqa: E402

from loaders import rules  # noqa: E402

from loaders.tables import tables
from loaders.tables.demand import find_demand_lists  # noqa: E402
from loaders.text.normalize import normalize, split_lines  # noqa: E402

CJK_FONT = "WenQuanYi Micro Hei"
UP, LEFT = "\x00up", "\x00left"  # a cell merged with the one above / to its left
ROLES = {"lead": "牵头单位", "resp": "责任单位", "coop": "配合单位"}


@dataclass
class Table:
    start: int  # raw offsets of the region the table takes in the corpus text
    end: int
    rows: list[list[str]]
    header_rows: int = 1


# -- tables as the corpus text holds them --------------------------------------------

def tab_tables(text: str) -> list[Table]:
    """Runs of tab-separated lines (blank lines and page footers may interrupt)."""
    out: list[Table] = []
    block: list = []
    for line in split_lines(text) + [None]:
        if line is not None and "\t" in line.text:
            block.append(line)
            continue
        if line is not None and block and (not line.text.strip()
                                           or rules.PAGE_FOOTER.match(line.text)):
            continue
        if block:
            width = len(block[0].text.split("\t"))
            rows = []
            for l in block:
                cells = [c.strip() for c in l.text.split("\t")]
                while len(cells) > width and not cells[-1]:
                    cells.pop()
                cells += [""] * (width - len(cells))
                if cells[0] and not any(cells[1:]):  # a heading across the whole row
                    cells = [cells[0]] + [LEFT] * (width - 1)
                rows.append(cells)
            out.append(Table(block[0].start, block[-1].start + len(block[-1].text), rows))
            block = []
    return out


def demand_tables(text: str) -> list[Table]:
    """The demand list as rows; a cell the rule read once for several items
    (the same written span) is one vertically merged cell."""
    rows = find_demand_lists(text)
    if not rows:
        return []
    keys = [k for k in rows[0].cells if "@" in k]
    for row in rows:
        keys += [k for k in row.cells if "@" in k and k not in keys]
    header = ["序号", "工作事项", "具体内容"] + [
        f"{k.split('@')[1]}\n{ROLES[k.split('@')[0]]}" for k in keys]
    grid, prev = [header], None
    for row in rows:
        line = []
        for k in ["category_seq", "category", "item"] + keys:
            cell = row.cells.get(k)
            same = prev is not None and cell is not None and prev.cells.get(k) == cell
            line.append(UP if same else (cell.text if cell else ""))
        grid.append(line)
        prev = row
    start = text.rfind("序号", 0, min(c.start for c in rows[0].cells.values()))
    end = max(c.end for r in rows for c in r.cells.values())
    return [Table(start, end, grid)]


def pairing_grids(text: str, taken: list[Table]) -> list[Table]:
    """Pairing tables written with spaces: 序号, the helper, the helped (a town
    and a village under it, the town merged over its villages)."""
    out = []
    for caption, header, rows in tables.pairing_tables(text):
        if any(t.start <= rows[0].start < t.end for t in taken):
            continue  # already read as a tab-separated table
        width = max(len([k for k in r.cells if k.startswith("c")]) for r in rows)
        head = ["序号"] + [h.text for h in header] + [LEFT] * (width - len(header))
        grid = [head]
        for row in rows:
            cells = [row.cells[k].text for k in sorted(row.cells) if k.startswith("c")]
            if len(cells) < width:  # the town was merged with the row above
                cells = cells[:1] + [UP] * (width - len(cells)) + cells[1:]
            grid.append([row.get("seq")] + cells)
        start = text.find("序号", caption.end, rows[0].start)
        start = start if start >= 0 else rows[0].start
        end = max(c.end for r in rows for c in r.cells.values())
        out.append(Table(start, end, grid))
    return out


# -- the Word file -----------------------------------------------------------------

def build_docx(corpus_file: Path, out: Path) -> Path:
    text = corpus_file.read_text(encoding="utf-8")
    found = tab_tables(text)
    found += demand_tables(text)
    found += pairing_grids(text, found)
    blocks: list[tuple[int, object]] = [(t.start, t) for t in found]
    for at, para in paragraphs(text):
        if not any(t.start <= at < t.end for t in found):
            blocks.append((at, para))
    doc = _new_document()
    for _, block in sorted(blocks, key=lambda b: b[0]):
        if isinstance(block, Table):
            add_table(doc, block)
        else:
            doc.add_paragraph(block)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def paragraphs(text: str) -> list[tuple[int, str]]:
    """The normalised paragraphs with their raw offsets. Normalising hard-wrapped
    text can run a short title line (a table's caption) into the paragraph
    before it; a line that follows a sentence end on its own line, short and
    without punctuation, is set apart again."""
    norm = normalize(text)
    out: list[tuple[int, str]] = []
    pos = 0
    for para in norm.text.split("\n"):
        cuts = [0] + [j for j in range(1, len(para)) if _title_after(text, norm.origin, para,
                                                                     pos, j)] + [len(para)]
        for a, b in zip(cuts, cuts[1:]):
            if para[a:b].strip():
                out.append((norm.origin[pos + a], para[a:b]))
        pos += len(para) + 1
    return out


def _title_after(text: str, origin: list[int], para: str, pos: int, j: int) -> bool:
    if para[j - 1] != "。" or "\n" not in text[origin[pos + j - 1]:origin[pos + j]]:
        return False
    start = origin[pos + j]
    line = text[start:text.find("\n", start) if "\n" in text[start:] else len(text)].strip()
    return len(line) <= 40 and not any(p in line for p in "，。；：")


def _new_document():
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    style = doc.styles["Normal"]
    style.font.size = Pt(12)
    style.font.name = CJK_FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
    # The page number in the footer, as offices print it: — 5 —
    footer = section.footer.paragraphs[0]
    footer.alignment = 1
    footer.add_run("— ")
    _page_field(footer.add_run())
    footer.add_run(" —")
    return doc


def _page_field(run) -> None:
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "end")):
        el = OxmlElement(tag)
        if attr:
            el.set(qn("w:fldCharType"), attr)
        else:
            el.text = "PAGE"
        run._r.append(el)


def add_table(doc, table: Table) -> None:
    rows, cols = len(table.rows), max(len(r) for r in table.rows)
    t = doc.add_table(rows=rows, cols=cols)
    t.style = "Table Grid"
    for r, row in enumerate(table.rows):
        for c, value in enumerate(row):
            if value not in (UP, LEFT):
                lines = value.split("\n")
                cell = t.cell(r, c)
                cell.paragraphs[0].text = lines[0]
                for more in lines[1:]:
                    cell.add_paragraph(more)
    for r, row in enumerate(table.rows):  # merges, after all text is in place
        for c, value in enumerate(row):
            if value == LEFT:
                t.cell(r, c - 1).merge(t.cell(r, c))
            elif value == UP:
                t.cell(r - 1, c).merge(t.cell(r, c))
    for r in range(table.header_rows):  # the header repeats on every page
        t.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row in t.rows:  # a row is not broken across pages (Word: "allow row to break" off)
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def docx_to_pdf(docx: Path, outdir: Path) -> Path:
    """Print the .docx to PDF with LibreOffice (Debian's libreoffice-writer-nogui)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice is not installed (bash scripts/install_formats.sh)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                       check=True, capture_output=True, timeout=300)
    return outdir / (docx.stem + ".pdf")


# -- malformed files -------------------------------------------------------------

def zip_bomb_docx(out: Path, size_mib: int = 1024) -> Path:
    """A .docx whose document.xml inflates to size_mib MiB of spaces (~1 MiB on disk)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(size_mib):
                fh.write(chunk)
    return out


def loop_pdf(out: Path) -> Path:
    """A PDF whose page draws a form that draws itself (and whose page tree is
    its own child): a reader that follows either recurses without end."""
    form = b"/X1 Do"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
               b"/Resources << /XObject << /X1 4 0 R >> >> /Contents 5 0 R >>",
               b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
               b"/Resources << /XObject << /X1 4 0 R >> >> /Length %d >>\nstream\n%s\nendstream"
               % (len(form), form),
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(form), form)]
    out.write_bytes(_pdf(objects))
    return out


def corrupt_pdf(out: Path) -> Path:
    """A PDF header and then garbage: no cross-reference table, no objects."""
    out.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\nstartxref\n999999\n%%EOF\n")
    return out


def _pdf(objects: list[bytes]) -> bytes:
    body, offsets = b"%PDF-1.7\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return body


def encrypted_pdf(source: Path, out: Path, password: str = "secret") -> Path:
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-128")
    with out.open("wb") as fh:
        writer.write(fh)
    return out


def encrypted_docx(source: Path, out: Path, password: str = "secret") -> Path:
    """A Word file with an opening password (msoffcrypto-tool, as Word writes it)."""
    from msoffcrypto.format.ooxml import OOXMLFile
    with source.open("rb") as src, out.open("wb") as dst:
        OOXMLFile(src).encrypt(password, dst)
    return out


def scan_pdf(out: Path, lines: list[str], font: str | None = None) -> Path:
    """A PDF that is only a page image with the lines drawn on it (no text layer)."""
    from PIL import Image, ImageDraw, ImageFont
    font_path = font or _cjk_font_file()
    face = ImageFont.truetype(font_path, 40)
    page = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(page)
    for k, line in enumerate(lines):
        draw.text((150, 200 + k * 80), line, fill=0, font=face)
    page.save(str(out), "PDF", resolution=200)
    return out


def _cjk_font_file() -> str:
    found = subprocess.run(["fc-match", "-f", "%{file}", f"{CJK_FONT}:lang=zh"],
                           capture_output=True, text=True).stdout
    return found or "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def make_all(outdir: Path) -> dict[str, Path]:
    corpus = {p.name[:3]: p for p in (ROOT / "corpus").glob("*.txt")}
    outdir.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}
    for key in ("001", "002"):
        made[f"{key}.docx"] = build_docx(corpus[key], outdir / f"{corpus[key].stem}.docx")
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "fixtures")
    for name, path in make_all(target).items():
        print(name, path)
    if os.environ.get("PDF", "1") == "1":
        for path in sorted(target.glob("*.docx")):
            print(docx_to_pdf(path, target))
