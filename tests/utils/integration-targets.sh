#!/usr/bin/env bash
# Run some integration targets against the emulator, the way `make test` does, without the rest of the suite:
#   bash tests/utils/integration-targets.sh acs_user acs_token        (no target: every target)
# The tree (tracked and untracked, not ignored files) is copied to a scratch ansible_collections/acs/administration,
# as ansible-test needs, and ansible-test runs there with ./.venv's Python; the copy is left in $WORK for its logs.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bash "$root/scripts/ensure-venv.sh" >/dev/null
work=${WORK:-$(mktemp -d /tmp/acs-targets.XXXXXX)}
dest=$work/ansible_collections/acs/administration
mkdir -p "$dest"
git -C "$root" ls-files -z --cached --others --exclude-standard \
  | (cd "$root" && xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"') \
  | (cd "$root" && tar --null --no-recursion -T - -cf -) | tar -xf - -C "$dest"
PYTHON="$root/.venv/bin/python" bash "$root/tests/utils/ansible-test-offline-pip.sh" >/dev/null
py=$("$root/.venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
cd "$dest"
echo "copy: $dest"
PATH="$root/.venv/bin:$PATH" VIRTUAL_ENV="$root/.venv" ansible-test integration --venv --python "$py" --color no "$@"
