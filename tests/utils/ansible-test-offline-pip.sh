#!/usr/bin/env bash
# Offline pip bootstrap for ansible-test (ansible/ansible#77304 workaround).
#
# ansible-test creates its venvs without pip and bootstraps pip with a get-pip-<version>.py script that it
# downloads from ci-files.testing.ansible.com. Where only the package registries are reachable that download
# fails ("... does not have pip available"). ansible-test looks in ~/.ansible/test/cache/ first, so we put a
# stand-in there that installs pip from the pip wheel, which comes from PyPI.
#
# Run once per machine/HOME with the python of the venv that has ansible-core (default: python3 on PATH,
# or $PYTHON). Idempotent: does nothing when the wheel and the script are already in place.
set -euo pipefail

PYTHON=${PYTHON:-python3}

# The pip version ansible-test pins for its venvs (24.2 for ansible-core 2.19).
pip_version=$("$PYTHON" - <<'PY'
import sys
import types

from ansible_test._internal.python_requirements import get_venv_packages

print(get_venv_packages(types.SimpleNamespace(version='%d.%d' % sys.version_info[:2]))['pip'])
PY
)

cache="${HOME}/.ansible/test/cache"
script="${cache}/get_pip_${pip_version//./_}.py"
mkdir -p "$cache"

if ! compgen -G "${cache}/pip-${pip_version}-*.whl" >/dev/null; then
    "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: "pip==${pip_version}" -d "$cache"
fi

cat > "${script}.tmp" <<PY
# Offline stand-in for get-pip-${pip_version}.py, written by tests/utils/ansible-test-offline-pip.sh.
# Like get-pip, it runs "pip install --upgrade --force-reinstall <args>", here from the cached pip wheel.
import glob
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, sorted(glob.glob(os.path.join(here, 'pip-${pip_version}-*.whl')))[-1])

from pip._internal.cli.main import main  # noqa: E402

args = [a for a in sys.argv[1:] if a not in ('--no-setuptools', '--no-wheel')]
sys.exit(main(['install', '--upgrade', '--force-reinstall'] + args))
PY
mv -f "${script}.tmp" "$script"

echo "ansible-test pip ${pip_version} bootstrap: ${script}"
