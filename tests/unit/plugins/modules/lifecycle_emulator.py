# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real ACS emulator process (tests/emulator/acs-emulator, HTTPS) for the module tests, started by the emulator's own
harness (tests/emulator/acs_emulator/harness.py).

The modules run in-process (utils.run_module) and talk to it over HTTPS; the control API sets up faults, moves the
clock and reads the request log. Needs the emulator's requirements (werkzeug, cheroot, trustme): the tests that use it
are marked `needs_emulator` and skipped where those are missing (a failure when CI is set, see tests/conftest.py).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile

import pytest

# tests/emulator, found from this file: the same from the repo root and from ansible-test's copy of the collection
sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator")))

from acs_emulator import harness  # noqa: E402  pylint: disable=wrong-import-position

EMULATOR_DEPS = ("werkzeug", "cheroot", "trustme")
HAS_EMULATOR_DEPS = all(importlib.util.find_spec(m) is not None for m in EMULATOR_DEPS)
needs_emulator = pytest.mark.skipif(not HAS_EMULATOR_DEPS, reason="the ACS emulator needs %s" % ", ".join(EMULATOR_DEPS))


class Emulator(harness.Emulator):
    """One started emulator in a temporary directory, with the module options that reach it. At --speed 2000 a
    simulated operation ends before the modules' first poll (0.05 s with the tenfold shorter waits of modules/conftest.py)
    in most cases: the tests wait for polls, not the clock."""

    def __init__(self, speed=2000):
        super().__init__(tempfile.mkdtemp(prefix="acs-lifecycle-"), speed=speed, idle_exit=300)
        self.start()

    @property
    def args(self):
        """Connection options for a module."""
        return {"connection_string": self.connection_string, "ca_path": self.ca}

    def operations(self):
        """The operation of each logged request without its API prefix (CreateSearch, ...)."""
        return [(r["operation"] or "").split("_", 1)[-1] for r in self.requests()]
