#!/usr/bin/env bash
# make demo: run playbooks/provision_numbers.yml (phone numbers API 2025-06-01) against the local ACS emulator.
#
# 1. ./.venv with requirements-dev.txt (scripts/ensure-venv.sh)
# 2. build the collection and install the tarball into ./.ansible/collections
# 3. start tests/emulator/acs-emulator in the background on a free port, state in ./.state/emulator.sqlite
#    (kept between runs), and wait for the env file it writes once ready
# 4. export ACS_CONNECTION_STRING / ACS_CA_PATH and run ansible-playbook playbooks/provision_numbers.yml (current API;
#    playbooks/provision_numbers_legacy.yml is the legacy flow)
# 5. stop the emulator (also on error or Ctrl-C); exit with the playbook's rc
#
# Environment: DEMO_PLAYBOOK_ARGS (extra ansible-playbook arguments, e.g. "-v"),
#              DEMO_EMULATOR_ARGS (extra emulator arguments, e.g. "--speed 10").
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

STATE_DIR="$ROOT/.state"
ENV_FILE="$STATE_DIR/emulator.env"
LOG_FILE="$STATE_DIR/emulator.log"
COLLECTIONS="$ROOT/.ansible/collections"
EMULATOR_PID=

# shellcheck disable=SC2317,SC2329  # called by the EXIT trap
stop_emulator() {
    if [[ -n $EMULATOR_PID ]] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
        echo "stopping the emulator (pid $EMULATOR_PID)"
        kill "$EMULATOR_PID" 2>/dev/null || true
        wait "$EMULATOR_PID" 2>/dev/null || true
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
rm -f "$ENV_FILE"
# shellcheck disable=SC2086  # DEMO_EMULATOR_ARGS is a list of words
python tests/emulator/acs-emulator --port 0 --state "$STATE_DIR/emulator.sqlite" --env-file "$ENV_FILE" \
    --idle-exit 900 ${DEMO_EMULATOR_ARGS:-} >"$LOG_FILE" 2>&1 &
EMULATOR_PID=$!

for _ in $(seq 1 150); do
    [[ -s $ENV_FILE ]] && break
    if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
        echo "the emulator exited before it was ready; its log ($LOG_FILE):" >&2
        cat "$LOG_FILE" >&2
        exit 1
    fi
    sleep 0.2
done
[[ -s $ENV_FILE ]] || { echo "the emulator was not ready after 30 s; see $LOG_FILE" >&2; exit 1; }

ACS_CONNECTION_STRING=$(sed -n 's/^ACS_CONNECTION_STRING=//p' "$ENV_FILE")
ACS_CA_PATH=$(sed -n 's/^ACS_EMULATOR_CA=//p' "$ENV_FILE")
export ACS_CONNECTION_STRING ACS_CA_PATH
echo "emulator ready: $(sed -n 's/^ACS_EMULATOR_URL=//p' "$ENV_FILE") (pid $EMULATOR_PID, log $LOG_FILE)"

echo "== ansible-playbook playbooks/provision_numbers.yml"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
rc=0
# shellcheck disable=SC2086  # DEMO_PLAYBOOK_ARGS is a list of words
ansible-playbook playbooks/provision_numbers.yml ${DEMO_PLAYBOOK_ARGS:-} || rc=$?
echo "playbook rc=$rc"
exit "$rc"
