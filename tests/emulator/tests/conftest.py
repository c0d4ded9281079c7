"""Fixtures: one emulator process per session (reset before each test), more where a test needs its own."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from .helpers import Emulator  # noqa: E402  pylint: disable=wrong-import-position


def _process(tmp_path_factory, name, speed):
    """A session's emulator process (HTTPS, in-memory state) at this speed; it must exit cleanly at the end."""
    emu = Emulator(tmp_path_factory.mktemp(name), "--speed", str(speed), "--idle-exit", "300")
    yield emu
    assert emu.stop() == 0


@pytest.fixture(scope="session", name="emulator_proc")
def _emulator_proc(tmp_path_factory):
    """The shared emulator process (--speed 50)."""
    yield from _process(tmp_path_factory, "emu", 50)


@pytest.fixture(scope="session", name="slow_proc")
def _slow_proc(tmp_path_factory):
    """An emulator at the real service's pace (--speed 1), for status-sequence tests driven by clock/advance."""
    yield from _process(tmp_path_factory, "slow", 1)


@pytest.fixture(name="emu")
def _emu(emulator_proc):
    """The shared emulator, reset."""
    emulator_proc.reset()
    return emulator_proc


@pytest.fixture(name="slow")
def _slow(slow_proc):
    """The real-pace emulator, reset."""
    slow_proc.reset()
    return slow_proc
