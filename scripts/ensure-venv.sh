#!/usr/bin/env bash
# Create a virtualenv (if missing, or made with another Python) and install a requirements file into it, only when
# the file or the Python changed since the last install (a stamp file in the venv holds both).
#
#   bash scripts/ensure-venv.sh                      ./.venv with requirements-dev.txt (tests/run-all.sh, scripts/demo.sh)
#   bash scripts/ensure-venv.sh VENV REQS PYTHON     any venv, e.g. a matrix venv of tests/run-all.sh
#
# ./.venv runs on the newest Python that a supported ansible-core line runs on (tests/matrix/versions.txt) and that
# the machine has (scripts/find-python.sh: PATH, pyenv, /usr/local/bin, /usr/bin); requirements-dev.txt then picks
# the newest ansible-core for it. Environment: PYTHON (the interpreter for ./.venv instead).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/find-python.sh
. "$ROOT/scripts/find-python.sh"

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

# newest_python: the newest Python of tests/matrix/versions.txt that the machine has
newest_python() {
    local version
    # shellcheck disable=SC2046  # word splitting wanted: one version per word
    for version in $(grep -v '^#' "$ROOT/tests/matrix/versions.txt" | cut -d' ' -f2- | tr ' ' '\n' | grep . | sort -urV); do
        find_python "$version" && return 0
    done
    return 1
}

if (( $# == 3 )); then
    VENV=$1 REQS=$2 PYTHON=$3
elif (( $# == 0 )); then
    VENV="$ROOT/.venv" REQS="$ROOT/requirements-dev.txt"
    if [[ -z ${PYTHON:-} ]] && ! PYTHON=$(newest_python); then
        PYTHON=python3
        echo "WARNING: none of the Pythons in tests/matrix/versions.txt found; trying $PYTHON"
    fi
else
    echo "usage: $0 [VENV REQUIREMENTS PYTHON]" >&2
    exit 2
fi
STAMP="$VENV/.requirements.sha256"

# the interpreter's version and path, as the venv's python reports them (its sys.executable resolves symlinks)
want_python=$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])') \
    || { echo "$PYTHON does not run"; exit 1; }
"$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' \
    || { echo "$PYTHON is Python $want_python: ansible-core 2.19, the oldest supported line, needs 3.11 or newer"; exit 1; }

have_python=$("$VENV/bin/python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null || true)
if [[ -e $VENV && $have_python != "$want_python" ]]; then
    echo "removing $VENV: its Python is ${have_python:-missing or broken}, not $want_python"
    rm -rf "$VENV"
elif [[ -e $VENV ]] && ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    # a run stopped while "python -m venv" was still installing pip leaves a venv without it
    echo "removing $VENV: it has no pip (its creation was interrupted)"
    rm -rf "$VENV"
fi
if [[ ! -x $VENV/bin/python ]]; then
    echo "creating $VENV with Python $want_python ($PYTHON)"
    "$PYTHON" -m venv "$VENV"
fi

want="$(sha256sum "$REQS" | cut -d' ' -f1) python-$want_python"
if [[ -f $STAMP && $(<"$STAMP") == "$want" ]]; then
    echo "$VENV (Python $want_python) is up to date with ${REQS#"$ROOT"/} (${want:0:12})"
else
    rm -f "$STAMP"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -r "$REQS"
    echo "$want" > "$STAMP"
    echo "installed ${REQS#"$ROOT"/} into $VENV (Python $want_python, ${want:0:12})"
fi
