#!/usr/bin/env bash
# Score bench/heldout (see bench/heldout_run.sh): bash bench/heldout/run.sh [score.py options]
exec bash "$(dirname "$(readlink -f "$0")")/../heldout_run.sh" "$(dirname "$(readlink -f "$0")")" "$@"
