# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator of the tests that talk to the ACS emulator over HTTPS: one process per pytest(-xdist) worker."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def emulator():
    """One emulator process (--speed 2000: the modules' waits last a tenth of their time in these tests, see
    modules/conftest.py) per worker; tests take `emu` (reset) or reset it themselves."""
    from .modules.lifecycle_emulator import Emulator  # pylint: disable=import-outside-toplevel
    emu = Emulator()
    yield emu
    emu.stop()


@pytest.fixture(scope="session")
def slow_emulator():
    """One emulator at the real service's pace (--speed 1) per worker, started on first use, for the tests that catch an
    operation under way and move it on with the clock; each such test resets it first."""
    from .modules.lifecycle_emulator import Emulator  # pylint: disable=import-outside-toplevel
    emu = Emulator(speed=1)
    yield emu
    emu.stop()


@pytest.fixture(scope="session")
def paced_emulator():
    """One emulator at --speed 40 per worker, started on first use, for the tests that need an operation still under way
    at the modules' first read; each such test resets it first. A legacy reservation (about 5.3 s at the real pace)
    then lasts about 130 ms, past the first read of its poll schedule (0.5 s, 50 ms with quick_waits' sleeps)."""
    from .modules.lifecycle_emulator import Emulator  # pylint: disable=import-outside-toplevel
    emu = Emulator(speed=40)
    yield emu
    emu.stop()
