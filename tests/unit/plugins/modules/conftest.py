# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator fixtures of the module tests that run against the ACS emulator over HTTPS."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def emu(emulator):
    """The worker's emulator (../conftest.py) as if just started: state, faults, failures, request log and clock reset."""
    emulator.reset(clock=True)
    return emulator


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
