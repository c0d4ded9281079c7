"""tests/security uses the helpers and fixtures of tests/resilience (acs_resilience.py)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "resilience"))
sys.path.insert(0, str(HERE))

from acs_resilience import collections, emulator, emulator_factory  # noqa: E402,F401  pylint: disable=unused-import,wrong-import-position
