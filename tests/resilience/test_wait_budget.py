"""One wait budget per task (issue 25 item 2, issue 27 item 13): every wait of a reservation task draws on one
`wait_timeout`. Driven in process against a real emulator at the service's pace (--speed 1): another run makes the
reservation while this run's claim is refused (429) and retried, then holds a number and starts buying it; this run
waits for that purchase to start, then for it to end. Each wait used to get the whole budget (wait_timeout 3 waited
about 5.5 s); together they get 3 s.
"""

from __future__ import annotations

import threading
import time

import pytest

from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2025_06_01 as api
from ansible_collections.acs.administration.plugins.module_utils.drivers.reservations import ReservationLifecycle, Task
from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import TaskFailure
from ansible_collections.acs.administration.plugins.module_utils.transport.poller import Poller

CLAIM = "PhoneNumbers_CreateOrUpdateReservation"


def _client(emulator, sleep=lambda seconds: None):
    return ACSClient(resolve(connection_string=emulator.connection_string), ca_path=emulator.ca_path, max_retries=3, sleep=sleep)


def test_the_waits_of_a_reservation_task_share_one_wait_timeout(emulator_factory):
    emulator = emulator_factory(speed=1)  # a purchase takes 24 s
    name = "one-budget"
    rid = api.reservation_id(name)
    rival = _client(emulator)

    def rival_buys():
        offered = api.browse(rival, "US", "geographic", "application", None, ["206"])[:1]
        api.update_reservation(rival, rid, {n["id"]: {"countryCode": n["countryCode"], "phoneNumberType": n["phoneNumberType"],
                                                      "assignmentType": n["assignmentType"], "capabilities": n["capabilities"]}
                                            for n in offered})
        api.start_reservation_purchase(rival, rid)

    timers = []

    def rival_claims_meanwhile(_seconds):
        emulator.clear_faults()
        status, _body = api.update_reservation(rival, rid, {})
        assert status == 201
        timers.append(threading.Timer(1.5, rival_buys))
        timers[-1].start()

    client = _client(emulator, sleep=rival_claims_meanwhile)
    task = Task(name, "US", "geographic", "application", area_code="206", quantity=1, total=5)
    lifecycle = ReservationLifecycle(client, api, Poller(client, sleep=time.sleep), task, wait=True, wait_timeout=3)
    emulator.set_faults(rate=1.0, kinds=["429"], retry_after=1, operations=[CLAIM])
    started = time.monotonic()
    with pytest.raises(TaskFailure) as failure:
        lifecycle.ensure_purchased()
    took = time.monotonic() - started
    for timer in timers:
        timer.join()
    assert took < 4.0, (took, lifecycle.waits, str(failure.value))
    assert "did not finish within wait_timeout=3 s (one budget for all the waits" in str(failure.value)
    assert lifecycle.joined, lifecycle.actions
    assert [w["phase"] for w in lifecycle.waits] == ["other run", "purchase"], lifecycle.waits
    assert lifecycle.waits[-1]["timed_out"]
    assert sum(w["waited_seconds"] for w in lifecycle.waits) <= 3.5, lifecycle.waits
