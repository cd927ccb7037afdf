#!/usr/bin/env bash
# Installs what the document-format tests need from Debian's packages:
# LibreOffice's Writer without a GUI (the tests turn their generated .docx
# into a PDF with it, as an office would when it publishes) and its Calc (the
# 责任分工表 workbook is printed to PDF to count its pages), Tesseract with
# its Simplified Chinese model (for `bangfu build --ocr`) and the CJK font the
# fixtures name (tests/make_fixtures.py CJK_FONT), so that the PDFs and the
# scan carry real Chinese glyphs.
#
# It checks the capabilities themselves, not signs of them: any `soffice`
# is not enough (Calc alone cannot convert a .docx), nor is any CJK font (the
# scan fixture draws with one named font). Idempotent: installs nothing when
# every check passes.
#
#   bash scripts/install_formats.sh           check, install what is missing, check again
#   bash scripts/install_formats.sh --check   only say what is missing (exit 1 if anything is)
set -euo pipefail
FONT_FAMILY="WenQuanYi Micro Hei"  # tests/make_fixtures.py CJK_FONT
PY=${PYTHON:-python3}

# Exit 0 when soffice converts DIR/FILE into a non-empty DIR/<name>.pdf.
to_pdf() {
  local soffice=$1 dir=$2 file=$3
  timeout 300 "$soffice" "-env:UserInstallation=file://$dir/profile" --headless \
    --convert-to pdf --outdir "$dir" "$dir/$file" >/dev/null 2>&1 && [ -s "$dir/${file%.*}.pdf" ]
}

# Exit 0 when this soffice turns a tiny .docx into a non-empty PDF.
writer_converts() {
  local soffice=$1 dir ok=1
  dir=$(mktemp -d)
  "$PY" - "$dir/probe.docx" <<'EOF'
import sys, zipfile
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
parts = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
    'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="'
    'application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>',
    "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}">'
    '<w:body><w:p><w:r><w:t>结对帮扶</w:t></w:r></w:p></w:body></w:document>',
}
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for name, text in parts.items():
        z.writestr(name, text)
EOF
  to_pdf "$soffice" "$dir" probe.docx && ok=0
  rm -rf "$dir"
  return $ok
}

# Exit 0 when this soffice prints a spreadsheet (a .csv opens in Calc) to a PDF.
calc_converts() {
  local soffice=$1 dir ok=1
  dir=$(mktemp -d)
  printf '任务,单位\n结对帮扶,区财政局\n' >"$dir/probe.csv"
  to_pdf "$soffice" "$dir" probe.csv && ok=0
  rm -rf "$dir"
  return $ok
}

# One line for each capability the tests use that does not work here.
missing() {
  local soffice
  soffice=$(command -v soffice || command -v libreoffice || true)
  if [ -z "$soffice" ]; then
    echo "LibreOffice Writer: no soffice"
  elif ! writer_converts "$soffice"; then
    echo "LibreOffice Writer: $soffice cannot convert a .docx to PDF"
  fi
  if [ -n "$soffice" ] && ! calc_converts "$soffice"; then
    echo "LibreOffice Calc: $soffice cannot print a spreadsheet to PDF (tests/test_print.py)"
  fi
  if ! fc-list "$FONT_FAMILY" file 2>/dev/null | grep -q .; then
    echo "the font $FONT_FAMILY (the fixtures draw with it)"
  fi
  if ! command -v tesseract >/dev/null; then
    echo "tesseract: not installed"
  elif ! tesseract --list-langs 2>/dev/null | grep -qx chi_sim; then
    echo "tesseract: no chi_sim model"
  fi
}

gaps=$(missing)
if [ -z "$gaps" ]; then
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  sed 's/^/missing: /' <<<"$gaps" >&2
  exit 1
fi
sed 's/^/installing, missing: /' <<<"$gaps" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui \
  tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-microhei fontconfig
gaps=$(missing)
if [ -n "$gaps" ]; then
  sed 's/^/still missing after installing: /' <<<"$gaps" >&2
  exit 1
fi
