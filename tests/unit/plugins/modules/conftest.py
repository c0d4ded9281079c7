# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator fixtures of the module tests that run against the ACS emulator over HTTPS."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def emu(request):
    """The worker's emulator (../conftest.py) as if just started: state, faults, failures, request log and clock reset.

    In a test module that defines `hold(emu)`: the module's own emulator (`held`), set up once by it, with its request
    log and faults cleared (its state stays: those tests only read it)."""
    if hasattr(request.module, "hold"):
        held = request.getfixturevalue("held")
        held.clear_requests()
        held.clear_faults()
        return held
    emulator = request.getfixturevalue("emulator")
    emulator.reset(clock=True)
    return emulator


@pytest.fixture(scope="module")
def held(request):
    """An emulator of the test module's own, started for it and set up by its `hold(emu)`."""
    from .lifecycle_emulator import Emulator  # pylint: disable=import-outside-toplevel
    emulator = Emulator()
    try:
        request.module.hold(emulator)
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture(autouse=True)
def own_home(tmp_path, monkeypatch):
    """Each test its own HOME: acs_token records revocations in ~/.ansible/acs_revocations.json by default, and a
    test's revocation must neither leak into the real home nor into the next test."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(autouse=True)
def quick_waits(monkeypatch):
    """Every wait of a module (poll intervals, retry backoff, Retry-After) lasts a tenth of its time: the schedule is the
    modules' own, only shorter, and the shared emulator runs ten times as fast to match (see ../conftest.py)."""
    real_sleep = time.sleep
    monkeypatch.setattr(time, "sleep", lambda seconds: real_sleep(seconds / 10.0))
