#!/usr/bin/env bash
# The packaging check of `make test` (tests/runner/run_all.py, step "package"):
#
#   bash tests/utils/package-check.sh WORKDIR
#
# builds the collection with ansible-galaxy, refuses a tarball with files that build_ignore should keep out,
# installs it into a fresh path, runs ansible-doc from there, and runs acs.administration.provision_numbers from the
# installed collection only (its emulator, its playbook, from an empty directory) twice against that emulator: the
# second run must change nothing, and the emulator must have seen one purchase through one reservation.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${1:?usage: $0 WORKDIR}
cd "$ROOT"
mkdir -p "$WORK" && WORK=$(cd "$WORK" && pwd)  # absolute: the EXIT trap runs after a cd
dist="$WORK/dist" installed="$WORK/installed" run="$WORK/package-run"
mkdir -p "$dist" "$installed" "$run"

ansible-galaxy collection build --force --output-path "$dist" .
tarball=$(compgen -G "$dist/acs-administration-*.tar.gz")
echo "built $tarball ($(du -h "$tarball" | cut -f1), $(tar -tzf "$tarball" | wc -l) entries)"
if tar -tzf "$tarball" | grep -E '^(\.venv|\.venv-matrix|\.ansible|\.state|collections|tests/output|dist)/'; then
    echo "the tarball contains files that build_ignore in galaxy.yml should keep out (listed above)"
    exit 1
fi
ansible-galaxy collection install --force -p "$installed" "$tarball"
ANSIBLE_COLLECTIONS_PATH="$installed" ansible-galaxy collection list acs.administration
ANSIBLE_COLLECTIONS_PATH="$installed" ansible-doc acs.administration.acs_country_info | tee "$WORK/ansible-doc.txt"
grep -q 'connection_string' "$WORK/ansible-doc.txt"

coll="$installed/ansible_collections/acs/administration"
# the installed collection's emulator, started and stopped by its harness (it prints the env lines of $run/emulator.env)
harness() { PYTHONPATH="$coll/tests/emulator" python -m acs_emulator.harness "$@"; }
harness start --dir "$run" --speed 50 --idle-exit 300 >/dev/null
trap 'harness stop --dir "$run" >/dev/null || true' EXIT
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
