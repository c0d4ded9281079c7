#!/usr/bin/env bash
# Create ./.venv (if missing) and install requirements-dev.txt into it (only when the file changed since the
# last install: a stamp file in the venv holds its sha256). Used by tests/run-all.sh and scripts/demo.sh.
#
# Environment: PYTHON (interpreter for a new venv; default python3.11 if found, else python3).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
STAMP="$VENV/.requirements-dev.sha256"
REQS="$ROOT/requirements-dev.txt"

if [[ -z ${PYTHON:-} ]]; then
    if command -v python3.11 >/dev/null 2>&1; then PYTHON=python3.11; else PYTHON=python3; fi
fi

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

if [[ -e $VENV ]] && ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' 2>/dev/null; then
    echo "removing $VENV: its python is missing, broken or older than 3.11"
    rm -rf "$VENV"
fi
if [[ ! -x $VENV/bin/python ]]; then
    echo "creating $VENV with $("$PYTHON" --version 2>&1)"
    "$PYTHON" -m venv "$VENV"
fi

want=$(sha256sum "$REQS" | cut -d' ' -f1)
if [[ -f $STAMP && $(<"$STAMP") == "$want" ]]; then
    echo "$VENV is up to date with requirements-dev.txt (${want:0:12})"
else
    rm -f "$STAMP"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -r "$REQS"
    echo "$want" > "$STAMP"
    echo "installed requirements-dev.txt into $VENV (${want:0:12})"
fi
