# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real ACS emulator process (tests/emulator/acs-emulator, HTTPS) for the tests of the number lifecycle modules.

The modules run in-process (utils.run_module) and talk to it over HTTPS; the control API sets up faults, moves the
clock and reads the request log. Needs the emulator's requirements (werkzeug, cheroot, trustme): the tests that use it
are marked `needs_emulator` and skipped where those are missing.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time

import pytest
import requests

EMULATOR_DEPS = ("werkzeug", "cheroot", "trustme")
HAS_EMULATOR_DEPS = all(importlib.util.find_spec(m) is not None for m in EMULATOR_DEPS)
needs_emulator = pytest.mark.skipif(not HAS_EMULATOR_DEPS, reason="the ACS emulator needs %s" % ", ".join(EMULATOR_DEPS))

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.normpath(os.path.join(HERE, "..", "..", "..", "emulator", "acs-emulator"))
WRITES = ("POST", "PATCH", "PUT", "DELETE")
# POSTs that only read.
READ_POSTS = ("PhoneNumberAdministration_GetNumberConfiguration", "PhoneNumberAdministration_GetAllAreaCodes")


class Emulator:
    """Start, control and stop one emulator."""

    def __init__(self, speed=50):
        self.dir = tempfile.mkdtemp(prefix="acs-lifecycle-")
        env_file = os.path.join(self.dir, "emulator.env")
        self.log = open(os.path.join(self.dir, "emulator.log"), "w", encoding="utf-8")  # pylint: disable=consider-using-with
        self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, SCRIPT, "--port", "0", "--speed", str(speed), "--env-file", env_file, "--idle-exit", "300"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not os.path.exists(env_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the emulator did not start; see %s" % self.log.name)
            time.sleep(0.05)
        with open(env_file, encoding="utf-8") as handle:
            self.env = dict(line.strip().split("=", 1) for line in handle if "=" in line)
        self.url = self.env["ACS_EMULATOR_URL"]
        self.ca = self.env["ACS_EMULATOR_CA"]
        self.session = requests.Session()

    @property
    def args(self):
        """Connection options for a module."""
        return {"connection_string": self.env["ACS_CONNECTION_STRING"], "ca_path": self.ca}

    def control(self, method, path, body=None):
        response = self.session.request(method, self.url + "/_emulator/" + path, json=body, verify=self.ca, timeout=30)
        response.raise_for_status()
        return response.json()

    def reset(self):
        self.control("POST", "reset")

    def advance(self, seconds):
        return self.control("POST", "clock/advance", {"seconds": seconds})

    def faults(self, **config):
        return self.control("PUT", "faults", config)

    def clear_faults(self):
        return self.control("DELETE", "faults")

    def failures(self, **config):
        """Service-side failures: release/search/capabilities operations accepted and ending badly (PUT /_emulator/failures)."""
        return self.control("PUT", "failures", config)

    def requests(self):
        return self.control("GET", "requests")["requests"]

    def clear_requests(self):
        self.control("DELETE", "requests")

    def writes(self):
        """The logged requests that change something."""
        return [r for r in self.requests() if r["method"] in WRITES and r["operation"] not in READ_POSTS]

    def operations(self):
        return [(r["operation"] or "").split("_", 1)[-1] for r in self.requests()]

    def stats(self):
        return self.control("GET", "stats")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
