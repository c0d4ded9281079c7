# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transport/poll_schedule.py as data (pure functions), Poller.wait(kind=...) on a fake clock, and one reservation
purchase at the real service's pace on the emulator's recorded timing."""

from __future__ import annotations

import datetime
import math
import os
import sys
import time
import uuid

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport import poll_schedule as ps
from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient, Response
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import PollTimeout
from ansible_collections.acs.administration.plugins.module_utils.transport.poller import Poller
from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2025_06_01 as GA

sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator")))
sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "modules")))

from lifecycle_emulator import needs_emulator  # noqa: E402  pylint: disable=wrong-import-position,import-error

# The recorded durations each current-API kind rests on (recorded-service.md, 2025, api-version 2025-06-01), each with
# about 15 % either side (the emulator's recorded timing draws from within these, but for the search, which it draws
# from 1.4-10 s to cover the 2024 recordings too), and the SDK's read interval (azure-communication-phonenumbers 1.4.0:
# every 2 s, its first read at once).
RECORDED = {"search": (10.0, 8.5, 11.5), "reservation_purchase": (6.0, 5.0, 7.0), "purchase": (6.0, 5.0, 7.0),
            "release": (6.5, 5.5, 7.5), "capabilities": (8.7, 7.5, 10.0)}
SDK_INTERVAL = 2.0


def sdk_reads(duration):
    return 1 + math.ceil(duration / SDK_INTERVAL)


def reads_until(kind, end):
    """(reads, lag): the reads of `kind` up to the first at or after `end`, and how late that one is."""
    offsets = ps.read_offsets(kind, end + 60)
    seen = [t for t in offsets if t < end]
    return len(seen) + 1, offsets[len(seen)] - end


@pytest.mark.parametrize("kind", sorted(ps.SCHEDULES))
def test_every_schedule_reads_once_soon_then_in_order_and_backs_off_to_its_cap(kind):
    offsets = ps.read_offsets(kind, 120)
    early, start, end, step, dummy_factor, cap = ps.SCHEDULES[kind]
    assert offsets[0] == 0.5 and offsets == sorted(set(offsets))
    gaps = [round(b - a, 6) for a, b in zip(offsets, offsets[1:])]
    window = [g for a, g in zip(offsets, gaps) if start <= a and a + g <= end + 1e-6]
    after = [g for a, g in zip(offsets, gaps) if a >= end - 1e-6]
    assert all(g == pytest.approx(step) for g in window)
    assert after == sorted(after) and max(after) == cap and after[-1] == cap  # backs off, then holds the cap
    assert len([t for t in offsets if t < start]) == len([t for t in early if t < start]) <= 4  # rarely early
    assert ps.read_offsets(kind, 30) == [t for t in offsets if t <= 30]


@pytest.mark.parametrize("kind", sorted(RECORDED))
def test_current_kinds_read_often_around_their_recorded_end(kind):
    dummy_early, start, end, step, dummy_factor, dummy_cap = ps.SCHEDULES[kind]
    usual, low, high = RECORDED[kind]
    assert start <= low < usual < high <= end and step <= 0.75
    # anywhere in the spread: no more reads than the SDK's, and noticed within a step (the SDK: within 2 s, 1 s median)
    for tenth in range(int(low * 10), int(high * 10) + 1):
        reads, lag = reads_until(kind, tenth / 10.0)
        assert reads <= sdk_reads(tenth / 10.0) and lag <= step + 1e-6, (tenth, reads, lag)


def test_the_default_is_the_old_back_off_and_unknown_kinds_get_it():
    assert ps.read_offsets("default", 21) == pytest.approx([0.5, 1.25, 2.375, 4.0625, 6.59375, 10.390625, 15.390625, 20.390625])
    assert ps.read_offsets("no such kind", 21) == ps.read_offsets("default", 21)


def test_scheduled_reads_never_repeat_a_read_when_sleeping_took_less():
    reads = ps.ScheduledReads("reservation_purchase")
    assert [reads.after(0.0), reads.after(0.0), reads.after(0.0), reads.after(6.0), reads.after(6.0)] == [0.5, 4.9, 5.6, 6.3, 7.0]


def test_the_search_reads_once_where_the_2024_searches_ended():
    assert ps.read_offsets("search", 11.5) == [0.5, 1.8, 8.5, 9.25, 10.0, 10.75, 11.5]
    assert reads_until("search", 1.6) == (2, pytest.approx(0.2))


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class FakeClient:
    last_headers = {}

    def __init__(self):
        self.counted = []

    def count(self, **kwargs):
        self.counted.append(kwargs)


def _wait(clock, fetch, timeout, **kwargs):
    poller = Poller(FakeClient(), sleep=clock.sleep, clock=clock)
    return poller.wait(fetch, lambda b: b["status"], ("succeeded",), timeout, "The operation", **kwargs)


def _statuses_until(clock, end, headers=None):
    seen = []

    def fetch():
        seen.append(round(clock.now, 6))
        return Response(200, headers or {}, {"status": "succeeded" if clock.now >= end else "running"})
    return fetch, seen


def test_a_kind_reads_on_its_schedule_and_without_one_the_old_back_off():
    clock = FakeClock()
    fetch, seen = _statuses_until(clock, 6.1)
    body, record = _wait(clock, fetch, 60, kind="reservation_purchase")
    assert body["status"] == "succeeded" and seen == pytest.approx([0.5, 4.9, 5.6, 6.3]) and record.polls == 4
    clock = FakeClock()
    fetch, seen = _statuses_until(clock, 6.1)
    _wait(clock, fetch, 60, initial_delay=0.5)
    assert seen == pytest.approx([0.5, 1.25, 2.375, 4.0625, 6.59375])


def test_retry_after_wins_over_the_schedule_and_the_budget_over_both():
    clock = FakeClock()
    fetch, seen = _statuses_until(clock, 100, headers={"Retry-After": "3"})
    with pytest.raises(PollTimeout, match="did not finish within 10 s"):
        _wait(clock, fetch, 10, kind="release")
    assert seen == pytest.approx([0.5, 3.5, 6.5, 9.5, 10]) and clock.now == pytest.approx(10)
    clock = FakeClock()
    fetch, seen = _statuses_until(clock, 100)
    with pytest.raises(PollTimeout):
        _wait(clock, fetch, 5.0, kind="search")
    assert seen == pytest.approx([0.5, 1.8, 5.0])  # the window (8.5 s) lies past the budget: the last read is at its end


def test_a_spent_budget_reads_once_at_once():
    clock = FakeClock()
    fetch, seen = _statuses_until(clock, 100)
    with pytest.raises(PollTimeout):
        _wait(clock, fetch, 0, kind="release")
    assert seen == [0.0]


def _epoch(logged):
    """A request log's time (ISO 8601, UTC) as epoch seconds, like the operation schedule's."""
    return datetime.datetime.fromisoformat(logged.replace("Z", "+00:00")).timestamp()


@needs_emulator
def test_a_reservation_purchase_at_the_real_pace_is_noticed_soon_with_fewer_reads_than_the_sdk(tmp_path):
    from acs_emulator import harness  # pylint: disable=import-outside-toplevel,import-error
    emu = harness.Emulator(str(tmp_path), "--timing", "recorded", "--timing-seed", "11", speed=1, idle_exit=120)
    emu.start()
    try:
        client = ACSClient(resolve(emu.connection_string), ca_path=emu.ca, max_retries=0, timeout=30)
        offered = GA.browse(client, "US", "geographic", "application", prefixes=["425"])[0]
        reservation = str(uuid.uuid4())
        GA.update_reservation(client, reservation, {offered["id"]: offered})
        operation = GA.start_reservation_purchase(client, reservation)
        body, record = Poller(client, sleep=time.sleep).wait(lambda: GA.get_operation(client, operation), GA.operation_status,
                                                             GA.OPERATION_DONE, 60, "The purchase", kind="reservation_purchase")
        schedule = emu.operation("reservationPurchase_" + reservation)
        reads = sorted(_epoch(r["time"]) for r in emu.requests() if r["operation"] == "PhoneNumbers_GetOperation")
    finally:
        emu.stop()
    terminal = schedule["terminalAt"]
    duration = terminal - schedule["steps"][0]["at"]
    assert body["status"] == "succeeded" and 5.0 <= duration <= 7.0
    assert len(reads) == record.polls <= sdk_reads(duration)
    assert 0 <= reads[-1] - terminal <= 0.7 + 0.3  # a step of the window, and a loaded machine's slack
