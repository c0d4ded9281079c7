# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""When to read a long-running operation, per kind of operation (docs/polling_and_retries.md, "Schedules per kind").

ACS sends no Retry-After on its operations, but how long each kind takes is known from the recordings of the real
service. A schedule reads once soon (an operation that is already done, or an emulator that runs faster, is seen at
once), then rarely until the window in which that kind usually ends, every `step` seconds inside the window, and backs
off after it (times `factor`, up to `cap`). Offsets are seconds since the wait began (just after the request that
started the operation).

SCHEDULES is the table; read_offsets() and ScheduledReads are pure functions of it (no clock, no sleep).
"""

from __future__ import annotations

# kind: (early reads, window start, window end, step inside the window, factor after it, cap after it)
# The figures each window rests on (recorded durations; docs/polling_and_retries.md lists the sources):
#   search               ~10 s on 2025-06-01 (June 2025)          -> window  8.5-11.5 s (every 0.75 s), and
#                        1.4-1.7 s in 2024 (earlier api-versions)  -> one early read at 1.8 s
#   reservation_purchase ~6 s (the search purchase too)            -> window  4.9- 7.1 s
#   release              ~6.5 s                                    -> window  5.4- 7.6 s
#   capabilities         ~8.7 s                                    -> window  7.4-10.2 s
# (each window holds the recorded figure +-15 %, its last read at or after the upper end)
#   legacy_*             the 2020 emulator's durations (no recordings of the retired API's timing): reserve 5 s,
#                        purchase 30 s, cancel 3 s, release 20 s, capabilities update 5 s
#                        (the legacy purchase reads at 2 s as well: the emulator runs its 30 s at --speed 50 in tests)
#   default              no figure: today's back-off (0.5 s, x1.5, at most 5 s)
SCHEDULES = {
    "search": ((0.5, 1.8), 8.5, 11.5, 0.75, 1.5, 5.0),
    "reservation_purchase": ((0.5,), 4.9, 7.1, 0.7, 1.5, 5.0),
    "purchase": ((0.5,), 4.9, 7.1, 0.7, 1.5, 5.0),
    "release": ((0.5,), 5.4, 7.6, 0.7, 1.5, 5.0),
    "capabilities": ((0.5,), 7.4, 10.2, 0.7, 1.5, 5.0),
    "legacy_reservation": ((0.5,), 4.8, 5.8, 0.5, 1.5, 5.0),
    "legacy_purchase": ((0.5, 2.0, 10.0, 20.0), 29.0, 31.5, 0.7, 1.5, 5.0),
    "legacy_cancellation": ((0.5,), 2.8, 3.8, 0.5, 1.5, 5.0),
    "legacy_release": ((0.5, 7.0, 14.0), 19.0, 21.5, 0.7, 1.5, 5.0),
    "legacy_capabilities": ((0.5,), 4.8, 5.8, 0.5, 1.5, 5.0),
    "default": ((0.5,), 0.5, 0.5, 0.5, 1.5, 5.0),
}
DEFAULT = "default"


def schedule_of(kind):
    """The row of `kind`; an unknown kind gets the generic default."""
    return SCHEDULES.get(kind) or SCHEDULES[DEFAULT]


def read_offsets(kind, horizon):
    """The read times of `kind` (seconds since the wait began) up to `horizon`, in order."""
    out = []
    for at in _offsets(schedule_of(kind)):
        if at > horizon:
            return out
        out.append(at)
    return out  # pragma: no cover (the offsets never end)


def _offsets(row):
    """Every read time of a row, without end: the early reads before the window, every `step` inside it, then
    intervals growing from `step` by `factor` up to `cap`."""
    early, start, end, step, factor, cap = row
    for at in early:
        if at < start:
            yield at
    at = start
    while at <= end + 1e-9:
        yield round(at, 6)
        at += step
    at -= step
    interval = step
    while True:
        interval = min(cap, interval * factor)
        at += interval
        yield round(at, 6)


class ScheduledReads:
    """The read times of one wait: after(elapsed) is the next one later than `elapsed` and later than every one given
    before (a read is never given twice, even when a sleep took less than asked)."""

    def __init__(self, kind):
        self._times = _offsets(schedule_of(kind))

    def after(self, elapsed):
        at = next(self._times)
        while at <= elapsed:
            at = next(self._times)
        return at
