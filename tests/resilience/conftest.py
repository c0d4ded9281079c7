"""Fixtures of the resilience suite: they live in acs_resilience.py, shared with tests/security."""

from __future__ import annotations

from acs_resilience import collections, emulator, emulator_factory  # noqa: F401  pylint: disable=unused-import
