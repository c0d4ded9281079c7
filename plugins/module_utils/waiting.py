# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The wait/wait_timeout options of the modules that start long-running operations, and one deadline per task.

Documented in the acs.administration.acs.wait doc fragment. No Ansible imports.
"""

from __future__ import annotations

import datetime
import time

DEFAULT_WAIT_TIMEOUT = 300


def wait_argument_spec():
    """Options of modules that wait for long-running operations."""
    return dict(
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=DEFAULT_WAIT_TIMEOUT),
    )


def wait_timeout_error(value):
    """An error sentence when wait_timeout is not a positive number of seconds, else None."""
    if value is None or value < 1:
        return "wait_timeout must be 1 or more seconds, not %s." % value
    return None


class Deadline:
    """One time budget shared by every wait of a task (reserve, then purchase, say)."""

    def __init__(self, seconds, clock=time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self.end = clock() + seconds

    def remaining(self):
        return max(0.0, self.end - self.clock())


class NotIn:
    """A `terminal` set for Poller.wait: every status except the given transitional ones (unknown ones included)."""

    def __init__(self, transitional):
        self.transitional = frozenset(transitional)

    def __contains__(self, status):
        return status not in self.transitional


def parse_api_datetime(text):
    """Epoch seconds of an API date-time such as 2020-11-21T03:42:48.6019273+00:00 (7 fractional digits); None if unreadable."""
    if not isinstance(text, str) or "T" not in text:
        return None
    value = text.strip()
    if value[-1:] in ("Z", "z"):
        value = value[:-1] + "+00:00"
    head, dot, tail = value.partition(".")
    if dot:
        digits = ""
        while tail and tail[0].isdigit():
            digits, tail = digits + tail[0], tail[1:]
        value = head + "." + (digits[:6].ljust(6, "0") if digits else "000000") + tail
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.timestamp()
