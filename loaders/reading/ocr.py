"""OCR for PDFs without a text layer: Debian's tesseract-ocr with chi_sim.

Pages are rendered with pypdfium2 (which pdfplumber brings along) and read
by the tesseract command, so no Python binding is needed. The text it gives
is marked as read by OCR: every fact from it says so in its provenance.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from loaders.reading.layout import Layout, TextBuilder
from ontology.errors import InputError

LANG = "chi_sim"
DPI = 300
# Tesseract writes a space between CJK characters; none was printed there.
CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+"
                     r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def ocr_available() -> bool:
    if shutil.which("tesseract") is None:
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return LANG in langs.stdout.split()


def ocr_pdf(path: Path, n_pages: int) -> tuple[str, Layout]:
    """Every page rendered and read; each line of the OCR output is a line."""
    if not ocr_available():
        raise InputError(f"{path}: has no text layer, and OCR needs tesseract-ocr and "
                         "tesseract-ocr-chi-sim (apt-get install them)")
    import pypdfium2
    out = TextBuilder()
    pdf = pypdfium2.PdfDocument(str(path))
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(n_pages):
            image = Path(tmp) / f"page{k + 1}.png"
            pdf[k].render(scale=DPI / 72).to_pil().convert("L").save(image)
            text = subprocess.run(["tesseract", str(image), "stdout", "-l", LANG, "--psm", "6"],
                                  capture_output=True, text=True, timeout=300).stdout
            for line in text.splitlines():
                out.paragraph(CJK_GAP.sub("", line), k + 1)
    pdf.close()
    if not out.text().strip():
        raise InputError(f"{path}: has no text layer, and OCR found no text in it")
    out.layout.ocr = True
    return out.text(), out.layout
