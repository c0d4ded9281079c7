#!/usr/bin/env bash
# Set up and run every test level of acs.administration (make test; .ci/run calls make test and nothing else).
#
#   bash tests/run-all.sh                     everything, up to JOBS steps at once (default: the machine's cores)
#   bash tests/run-all.sh --list              the steps
#   bash tests/run-all.sh --only sanity       one step (repeatable)
#
# 1. ./.venv with requirements-dev.txt on the newest Python that a supported ansible-core line runs
#    (scripts/ensure-venv.sh; re-installs only when the file or the Python changes)
# 2. tests/runner/run_all.py with that venv's Python: the table of steps (sanity, units, integration and its
#    secrets scan on every supported ansible-core line, the emulator and SDK tests, resilience, security, the AWX path,
#    molecule, lint, docs, changelog, packaging, complexity, the benchmark smoke run); its docstring says the rest.
#
# Environment: PYTHON (interpreter for ./.venv), JOBS, KEEP_GOING=1, KEEP_WORK=1, MATRIX=0 (see run_all.py).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
t0=$(date +%s%N)
bash scripts/ensure-venv.sh
.venv/bin/python -m pip check
RUN_ALL_VENV_SECONDS=$(awk -v ns="$(( $(date +%s%N) - t0 ))" 'BEGIN { printf "%.1f", ns / 1e9 }')
export RUN_ALL_VENV_SECONDS
exec .venv/bin/python tests/runner/run_all.py "$@"
