#!/usr/bin/env bash
# make demo: run playbooks/provision_numbers.yml (phone numbers API 2025-06-01) against the local ACS emulator, and
# leave the emulator running for the README's next commands.
#
#   bash scripts/demo.sh          (make demo)
#     1. ./.venv with requirements-dev.txt (scripts/ensure-venv.sh)
#     2. build the collection and install the tarball into ./.ansible/collections
#     3. stop the emulator of an earlier demo, if it still runs; start tests/emulator/acs-emulator in the background on
#        a free port with the emulator's harness (python -m acs_emulator.harness start, the one launcher of the tests
#        and the benchmarks too), state in ./.state/emulator.sqlite (kept between runs), env file ./.state/emulator.env
#     4. write ./.state/demo.env (ACS_CONNECTION_STRING, ACS_CA_PATH, ANSIBLE_COLLECTIONS_PATH, for `source`) and run
#        ansible-playbook playbooks/provision_numbers.yml (playbooks/provision_numbers_legacy.yml is the legacy flow)
#     5. leave the emulator running (it stops by itself after an hour without requests), print how to use and stop it,
#        and exit with the playbook's rc. An error before the playbook, or Ctrl-C, stops it.
#   bash scripts/demo.sh stop     stop the demo's emulator (its state stays)
#   bash scripts/demo.sh reset    stop it (and any emulator started by hand on its state file) and delete its state (.state/emulator.sqlite, .state/users): the next demo
#                                 starts from an empty resource, e.g. after its numbers were released
#
# Environment: DEMO_PLAYBOOK_ARGS (extra ansible-playbook arguments, e.g. "-v"),
#              DEMO_EMULATOR_ARGS (extra emulator arguments, e.g. "--speed 10").
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

STATE_DIR="$ROOT/.state"
ENV_FILE="$STATE_DIR/emulator.env"
DEMO_ENV="$STATE_DIR/demo.env"
LOG_FILE="$STATE_DIR/emulator.log"
COLLECTIONS="$ROOT/.ansible/collections"
EMULATOR_PID=

# harness ARGS: the emulator's harness (tests/emulator/acs_emulator/harness.py): start, reset or stop an emulator
harness() {
    local python="$ROOT/.venv/bin/python"
    [[ -x $python ]] || python=python3
    PYTHONPATH="$ROOT/tests/emulator${PYTHONPATH:+:$PYTHONPATH}" "$python" -m acs_emulator.harness "$@"
}

# is_emulator PID: whether PID runs tests/emulator/acs-emulator (quiet when it has exited)
is_emulator() {
    [[ $1 =~ ^[0-9]+$ ]] && { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null | grep -q acs-emulator
}

# emulators_on_state: the pids of every acs-emulator that uses the demo's state file, the demo's own or one started by
# hand (`--state .state/emulator.sqlite`, relative to its working directory, or absolute)
emulators_on_state() {
    local dir pid state
    for dir in /proc/[0-9]*; do
        pid=${dir#/proc/}
        is_emulator "$pid" || continue
        state=$({ tr '\0' '\n' <"$dir/cmdline"; } 2>/dev/null | sed -n '/^--state$/{n;p;q}; s/^--state=//p' | head -n1)
        [[ -n $state ]] || continue
        [[ $state == /* ]] || state="$(readlink "$dir/cwd" 2>/dev/null)/$state"
        [[ $(realpath -m "$state") == "$(realpath -m "$STATE_DIR/emulator.sqlite")" ]] && echo "$pid"
    done
}

# stop_pid PID: stop it and wait up to 10 s
stop_pid() {
    kill "$1" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
}

# stop_earlier: stop the emulator an earlier demo left running (the pid in its env file, if that pid is an acs-emulator)
stop_earlier() {
    [[ ! -e $ENV_FILE ]] || harness stop --dir "$STATE_DIR"
    rm -f "$STATE_DIR/emulator.pid" "$DEMO_ENV"  # emulator.pid: written by the demos of earlier versions
}

# stop_all: stop_earlier, and any other emulator on the demo's state file (one started by hand)
stop_all() {
    local pid
    stop_earlier
    for pid in $(emulators_on_state); do
        echo "stopping the emulator on $STATE_DIR/emulator.sqlite (pid $pid)"
        stop_pid "$pid"
    done
}

case ${1:-} in
    "") ;;
    stop) stop_earlier; exit 0 ;;
    reset)
        stop_all
        rm -rf "$STATE_DIR/emulator.sqlite" "$STATE_DIR/emulator.sqlite-wal" "$STATE_DIR/emulator.sqlite-shm" "$STATE_DIR/emulator.sqlite.lock" "$STATE_DIR/users" "$ENV_FILE"
        echo "the demo's state is gone; make demo starts from an empty resource"
        exit 0 ;;
    *) echo "usage: $0 [stop|reset]" >&2; exit 2 ;;
esac

# shellcheck disable=SC2317,SC2329  # called by the EXIT trap
stop_emulator() {
    if [[ -n $EMULATOR_PID ]]; then
        harness stop --dir "$STATE_DIR" || true
        rm -f "$DEMO_ENV"
    fi
}
trap stop_emulator EXIT
trap 'exit 130' INT TERM

bash scripts/ensure-venv.sh
# shellcheck source=/dev/null
. "$ROOT/.venv/bin/activate"

echo "== building and installing the collection into $COLLECTIONS"
export ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS"  # for the install below and the playbook run
dist=$(mktemp -d "${TMPDIR:-/tmp}/acs-demo-dist.XXXXXX")
ansible-galaxy collection build --force --output-path "$dist" . >/dev/null
ansible-galaxy collection install --force -p "$COLLECTIONS" "$dist"/acs-administration-*.tar.gz
rm -rf "$dist"

echo "== starting the ACS emulator"
mkdir -p "$STATE_DIR"
stop_all
rm -f "$LOG_FILE"
# shellcheck disable=SC2086  # DEMO_EMULATOR_ARGS is a list of words
harness start --dir "$STATE_DIR" --state "$STATE_DIR/emulator.sqlite" --idle-exit 3600 -- ${DEMO_EMULATOR_ARGS:-} >/dev/null
EMULATOR_PID=$(sed -n 's/^ACS_EMULATOR_PID=//p' "$ENV_FILE")

ACS_CONNECTION_STRING=$(sed -n 's/^ACS_CONNECTION_STRING=//p' "$ENV_FILE")
ACS_CA_PATH=$(sed -n 's/^ACS_EMULATOR_CA=//p' "$ENV_FILE")
export ACS_CONNECTION_STRING ACS_CA_PATH
echo "emulator ready: $(sed -n 's/^ACS_EMULATOR_URL=//p' "$ENV_FILE") (pid $EMULATOR_PID, log $LOG_FILE)"
{
    echo "# written by make demo (scripts/demo.sh): the connection to the demo's emulator, and its collection"
    printf 'export ACS_CONNECTION_STRING=%q\n' "$ACS_CONNECTION_STRING"
    printf 'export ACS_CA_PATH=%q\n' "$ACS_CA_PATH"
    printf 'export ANSIBLE_COLLECTIONS_PATH=%q\n' "$COLLECTIONS"
    echo "# the playbooks run on localhost without an inventory: no warnings about that"
    echo "export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false"
} >"$DEMO_ENV"
chmod 600 "$DEMO_ENV"

echo "== ansible-playbook playbooks/provision_numbers.yml"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
rc=0
# shellcheck disable=SC2086  # DEMO_PLAYBOOK_ARGS is a list of words
ansible-playbook playbooks/provision_numbers.yml ${DEMO_PLAYBOOK_ARGS:-} || rc=$?
echo "playbook rc=$rc"
trap - EXIT  # from here on the emulator stays up for the next commands
cat <<EOT

The emulator keeps running (pid $EMULATOR_PID; it stops by itself after an hour without requests). In your shell:
  source .venv/bin/activate     # ansible-playbook and the other tools of ./.venv
  source .state/demo.env        # ACS_CONNECTION_STRING, ACS_CA_PATH and ANSIBLE_COLLECTIONS_PATH of this demo
  ansible-playbook playbooks/provision_numbers.yml --check -e acs_quantity=1 -e acs_total=3 -e acs_search_name=support-line
Stop it:        bash scripts/demo.sh stop
Start over:     bash scripts/demo.sh reset    (stops it and deletes its state: no numbers, no users)
EOT
exit "$rc"
