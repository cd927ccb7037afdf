#!/usr/bin/env bash
# Score bench/heldout2 (see bench/heldout_run.sh): bash bench/heldout2/run.sh [score.py options]
exec bash "$(dirname "$(readlink -f "$0")")/../heldout_run.sh" "$(dirname "$(readlink -f "$0")")" "$@"
