#!/usr/bin/env bash
# Build one held-out set (bench/heldout*/: docs/ and gold.json) with the
# bangfu in the current checkout and score it with the genre scorer.
#
# usage (from the project root):
#   bash bench/heldout_run.sh bench/heldout2 [extra score.py options, e.g. --json out.json]
# environment:
#   BANGFU       the bangfu command (default: .venv/bin/bangfu if present, else bangfu on PATH)
#   MISSES       how many misses to list per section (default 20)
#   KEEP_PRED    a directory to copy the four query outputs into (default: not kept)
#   SCORER       score.py to use (default: ../shared/genre/score.py beside the checkout)
set -euo pipefail

HERE="$(readlink -f "$1")"; shift
ROOT="$(dirname "$(dirname "$(readlink -f "$0")")")"
# the development set's scorer, unchanged, from the shared/ beside the checkout
SCORER="${SCORER:-$ROOT/../shared/genre/score.py}"

if [[ -n "${BANGFU:-}" ]]; then
  BF="$BANGFU"
elif [[ -x .venv/bin/bangfu ]]; then
  BF=.venv/bin/bangfu
elif command -v bangfu >/dev/null 2>&1; then
  BF=bangfu
else
  echo "run.sh: no bangfu found (.venv/bin/bangfu or bangfu on PATH); run from the project root" >&2
  exit 2
fi

BANGFU_STORE="$(mktemp -d)"
export BANGFU_STORE
PRED="$(mktemp -d)"
trap 'rm -rf "$BANGFU_STORE" "$PRED"' EXIT

"$BF" build "$HERE/docs" >"$PRED/build.log" 2>&1 || { cat "$PRED/build.log" >&2; exit 1; }
for q in assignments projects pairings dispatches; do
  "$BF" query "$q" --format json >"$PRED/$q.json"
done
if [[ -n "${KEEP_PRED:-}" ]]; then
  mkdir -p "$KEEP_PRED" && cp "$PRED"/*.json "$KEEP_PRED"/
fi

echo "bangfu: $BF   documents: $HERE/docs ($(ls "$HERE/docs" | wc -l) files)"
python3 "$SCORER" --gold "$HERE/gold.json" --pred "$PRED" --show-misses "${MISSES:-20}" "$@"
