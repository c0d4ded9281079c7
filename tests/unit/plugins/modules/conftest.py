# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator fixtures of the module tests that run against the ACS emulator over HTTPS."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def emulator():
    """One emulator process per test module."""
    from .lifecycle_emulator import Emulator  # pylint: disable=import-outside-toplevel
    emu = Emulator()
    yield emu
    emu.stop()


@pytest.fixture
def emu(emulator):
    """The module's emulator with its state, faults and request log wiped."""
    emulator.reset()
    emulator.clear_faults()
    return emulator
