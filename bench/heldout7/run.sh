#!/usr/bin/env bash
# Score bench/heldout7 (see bench/heldout_run.sh): bash bench/heldout4/run.sh [score.py options]
exec bash "$(dirname "$(readlink -f "$0")")/../heldout_run.sh" "$(dirname "$(readlink -f "$0")")" "$@"
