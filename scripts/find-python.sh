#!/usr/bin/env bash
# Find a working Python interpreter of one minor version, for a virtualenv:
#
#   bash scripts/find-python.sh 3.12        prints its path; exit 1 (and a reason on stderr) when there is none
#   . scripts/find-python.sh; find_python 3.12
#
# Looks at python3.12 on PATH, then at pyenv's installs ($PYENV_ROOT/versions/3.12.*, default ~/.pyenv), then at
# /usr/local/bin and /usr/bin. A candidate counts only when it runs, reports that version, and can create a venv
# (has venv and ensurepip): a pyenv shim for a version that is not selected fails to run and is passed over, and
# so is a Debian python3.12 without python3.12-venv.

# find_python X.Y: print the path (its sys.executable, not a shim) of the first working interpreter of version X.Y;
# return 1 when there is none
find_python() {
    local want=$1 candidate found
    local -a candidates=()
    if command -v "python$want" >/dev/null 2>&1; then
        candidates+=("$(command -v "python$want")")
    fi
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}/versions/$want".*/bin/"python$want" \
        "/usr/local/bin/python$want" "/usr/bin/python$want"; do
        [[ -x $candidate ]] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        if found=$("$candidate" -c '
import sys, venv, ensurepip
sys.exit("%d.%d" % sys.version_info[:2] != sys.argv[1] or print(sys.executable))' "$want" 2>/dev/null) && [[ -x $found ]]; then
            printf '%s\n' "$found"
            return 0
        fi
    done
    return 1
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    [[ $# == 1 && $1 =~ ^[0-9]+\.[0-9]+$ ]] || { echo "usage: $0 X.Y" >&2; exit 2; }
    find_python "$1" || { echo "no working python$1 (PATH, ${PYENV_ROOT:-$HOME/.pyenv}/versions, /usr/local/bin, /usr/bin)" >&2; exit 1; }
fi
