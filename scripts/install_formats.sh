#!/usr/bin/env bash
# Installs what the document-format tests need from Debian's packages:
# LibreOffice's Writer without a GUI (the tests turn their generated .docx
# into a PDF with it, as an office would when it publishes), Tesseract with
# its Simplified Chinese model (for `bangfu build --ocr`) and a CJK font, so
# that the PDF carries real Chinese glyphs. Idempotent: does nothing when all
# are already there.
set -euo pipefail
if command -v soffice >/dev/null && command -v tesseract >/dev/null \
    && tesseract --list-langs 2>/dev/null | grep -qx chi_sim \
    && fc-list :lang=zh 2>/dev/null | grep -q .; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends libreoffice-writer-nogui \
  tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-microhei fontconfig
