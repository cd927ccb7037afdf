#!/usr/bin/env bash
# Installs what the browser tests of graph pages need: Debian's chromium
# (driven over the DevTools protocol by tests/browser.py, so no chromedriver)
# and a CJK font, without which Chinese labels draw as empty boxes in the
# screenshots. Idempotent: does nothing when both are already there.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list :lang=zh 2>/dev/null | grep -q .; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-wqy-microhei fontconfig
