"""What a newcomer meets first (issue 13, item 13): the emulator started without its requirements says what to install."""

from __future__ import annotations

import subprocess
import sys

from acs_resilience import EMULATOR


def test_the_emulator_without_its_requirements_says_what_to_install_in_one_sentence():
    # -S: no site-packages, as with a python3 that has none of the emulator's requirements
    proc = subprocess.run([sys.executable, "-S", str(EMULATOR), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "pip install -r tests/emulator/requirements.txt" in proc.stderr and ".venv/bin/python" in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
