# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_phone_number on the phone numbers API 2025-06-01: desired capabilities and release, one operation per number in
parallel, against the emulator over HTTPS."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_phone_number, acs_phone_search

from .lifecycle_emulator import needs_emulator
from .utils import run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
SEATTLE = {"country_code": "US", "phone_number_type": "geographic", "assignment_type": "application", "area_code": "206"}


@pytest.mark.parametrize("args, fragment", [
    ({"phone_number": "+12065551000", "capabilities_add": ["InboundCalling"]}, "capabilities_add does not exist in the phone numbers API 2025-06-01"),
    ({"phone_number": "+12065551000", "capabilities_remove": ["InboundCalling"]}, "capabilities_remove does not exist"),
    ({"phone_number": "+12065551000"}, "capabilities must give calling and/or sms with state=present"),
    ({"phone_number": "+12065551000", "capabilities": {"calling": "all"}}, "capabilities.calling 'all' is not one of"),
    ({"phone_number": "+12065551000", "capabilities": {"fax": "none"}}, "unknown key(s) 'fax'"),
    ({"phone_number": "+12065551000", "capabilities": {"sms": "none"}, "state": "released"}, "does not go with state=released"),
    ({"phone_number": "+12065551000", "state": "released", "workers": 0}, "workers must be between 1 and 50"),
    ({"phone_number": "+12065551000", "state": "released", "workers": 51}, "workers must be between 1 and 50"),
    ({"phone_numbers": ["+12065551000", "206"], "state": "released"}, "is not an E.164 number"),
    ({"phone_number": "+12065551000", "capabilities": {"sms": "none"}, "api_version": "2020-07-20-preview1"},
     "capabilities does not exist in the phone numbers API 2020-07-20-preview1"),
])
def test_bad_input_fails_before_anything_is_sent(args, fragment):
    failed, result = run_module(acs_phone_number.main, dict(args, connection_string=GOOD))
    assert failed
    assert fragment in result["msg"], result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


def buy(emu, name, quantity):
    failed, result = run_module(acs_phone_search.main, dict(emu.args, name=name, quantity=quantity, total=quantity + 100,
                                                            state="purchased", **SEATTLE))
    assert not failed, result["msg"]
    return result["reservation"]["phone_numbers"]


def number(emu, check=False, **args):
    base = dict(emu.args, wait_timeout=120, **args)
    if check:
        base["_ansible_check_mode"] = True
        base["_ansible_diff"] = True
    failed, result = run_module(acs_phone_number.main, base)
    assert not failed, result["msg"]
    return result


@needs_emulator
def test_capabilities_as_desired_values_only_where_they_differ(emu):
    numbers = buy(emu, "caps", 3)
    planned = number(emu, check=True, phone_numbers=numbers, capabilities={"calling": "inbound", "sms": "none"})
    assert planned["changed"] and [r["after"]["capabilities"]["calling"] for r in planned["results"]] == ["inbound"] * 3
    assert planned["diff"]["after"][numbers[0]]["calling"] == "inbound"
    emu.clear_requests()
    number(emu, phone_number=numbers[0], capabilities={"calling": "inbound"})
    assert [r["operation"] for r in emu.writes()] == ["PhoneNumbers_UpdateCapabilities"]
    emu.clear_requests()
    done = number(emu, phone_numbers=numbers, capabilities={"calling": "inbound"})
    assert [r["action"] for r in done["results"]] == ["none", "updated", "updated"]
    assert all(r["operation_status"] in (None, "succeeded") for r in done["results"])
    assert len(emu.writes()) == 2
    assert all(n["capabilities"]["calling"] == "inbound" for n in done["phone_numbers"])
    emu.clear_requests()
    again = number(emu, phone_numbers=numbers, capabilities={"calling": "inbound"})
    assert not again["changed"] and emu.writes() == []


@needs_emulator
def test_release_many_in_parallel_once_each(emu):
    numbers = buy(emu, "rel", 5)
    planned = number(emu, check=True, phone_numbers=numbers, state="released")
    assert planned["released"] == numbers and emu.stats()["ga_releases"] == {}
    done = number(emu, phone_numbers=numbers + ["+12065551099"], state="released", workers=5)
    assert done["released"] == numbers and done["not_acquired"] == ["+12065551099"]
    assert [r["owned_after"] for r in done["results"]] == [False] * 6
    assert emu.stats()["ga_releases"] == {n: 1 for n in numbers}
    emu.clear_requests()
    again = number(emu, phone_numbers=numbers, state="released")
    assert not again["changed"] and emu.writes() == []


@needs_emulator
def test_an_operation_is_first_read_one_interval_after_it_started(emu):
    # at speed 50 a release takes 0.4 s: the first read, 0.5 s after the DELETE, finds it done
    numbers = buy(emu, "first-read", 1)
    done = number(emu, phone_numbers=numbers, state="released")
    assert done["results"][0]["operation_status"] == "succeeded"
    assert done["results"][0]["polls"] == 1 and done["stats"]["polls"] == 1, done["stats"]


@needs_emulator
def test_lost_release_responses_release_once(emu):
    numbers = buy(emu, "lost", 3)
    emu.faults(rate=0.5, kinds=["lost_response", "500", "drop"], operations=["PhoneNumbers_ReleasePhoneNumber"], seed=3)
    done = number(emu, phone_numbers=numbers, state="released")
    emu.clear_faults()
    assert done["released"] == numbers and done["changed"]  # a retry that meets its own release counts as this task's
    assert emu.stats()["ga_releases"] == {n: 1 for n in numbers}


@needs_emulator
def test_a_number_not_owned_fails_its_capabilities_update_and_says_so(emu):
    failed, result = run_module(acs_phone_number.main, dict(emu.args, phone_number="+12065551009", capabilities={"sms": "none"}))
    assert failed and "does not own +12065551009" in result["msg"]
    assert result["results"][0]["error"]


@needs_emulator
def test_a_release_the_service_accepts_and_fails_as_not_owned_names_the_number_only(emu):
    """D9: a release of a number the resource no longer holds is accepted (202) and fails in its operation; that number
    ends in one sentence, the other numbers of the task are released."""
    numbers = buy(emu, "gone", 2)
    emu.control("PUT", "failures", {"ownership": {"next": 1}})  # the first release finds its number gone when it runs
    try:
        failed, result = run_module(acs_phone_number.main, dict(emu.args, phone_numbers=numbers, state="released", workers=1))
    finally:
        emu.control("DELETE", "failures")
    assert failed
    assert result["msg"] == "1 of 2 number(s) failed: The resource does not own %s; buy it first with acs.administration.acs_phone_search." % numbers[0]
    assert result["released"] == numbers and result["results"][1]["error"] is None and result["results"][1]["operation_status"] == "succeeded"
    assert result["results"][0]["operation_status"] == "failed" and result["results"][0]["owned_after"] is False


@needs_emulator
def test_a_capabilities_update_refused_with_403_names_the_number(emu):
    """D7: a capabilities update of a number the resource does not hold is 403 InsufficientPermissions; a number read as
    held and released before the update (a stale read) ends in the same sentence as one never held, not in an
    authentication error; the other number of the task is updated."""
    from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2025_06_01 as api
    from ansible_collections.acs.administration.plugins.module_utils.drivers.numbers import NumberOperations
    from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
    from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve
    from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSNotFoundError

    numbers = buy(emu, "stale", 2)
    client = ACSClient(resolve(emu.connection_string, None, None), ca_path=emu.ca)
    stale = {numbers[0]: api.get_phone_number(client, numbers[0])}
    number(emu, phone_number=numbers[0], state="released")

    class StaleRead:  # the API as it is, except that the first read of numbers[0] is the one taken before its release
        def __getattr__(self, name):
            return getattr(api, name)

        @staticmethod
        def get_phone_number(cli, phone_number):
            return stale.pop(phone_number) if phone_number in stale else api.get_phone_number(cli, phone_number)

    with pytest.raises(ACSNotFoundError) as err:
        api.start_capabilities_update(client, numbers[0], sms="none")
    assert err.value.status == 403 and "does not own" in str(err.value)
    operations = NumberOperations(client, StaleRead(), wait_timeout=120)
    results = operations.run(numbers, lambda n: operations.update_capabilities(n, {"calling": "inbound", "sms": None}))
    assert results[0]["error"] == "The resource does not own %s; buy it first with acs.administration.acs_phone_search." % numbers[0]
    assert results[1]["error"] is None and results[1]["after"]["capabilities"]["calling"] == "inbound"


def buy_on_the_clock(emu, name, quantity):
    """Buy without waiting in real time: start the purchase, then move the emulator's clock past it."""
    failed, result = run_module(acs_phone_search.main, dict(emu.args, name=name, quantity=quantity, total=quantity + 100,
                                                            state="purchased", wait=False, **SEATTLE))
    assert not failed, result["msg"]
    emu.advance(30)
    return result["reservation"]["phone_numbers"]


@needs_emulator
def test_a_rerun_during_a_release_starts_nothing_and_reports_it(slow_emulator):
    emu = slow_emulator
    emu.reset(clock=True)
    numbers = buy_on_the_clock(emu, "inflight-release", 2)
    first = number(emu, phone_number=numbers[0], state="released", wait=False)
    assert first["changed"] and first["results"][0]["operation_status"] == "accepted"
    emu.clear_requests()
    rerun = number(emu, phone_numbers=numbers, state="released", wait=False)
    inflight, fresh = rerun["results"]
    assert inflight["action"] == "already being released" and not inflight["changed"], inflight
    assert fresh["action"] == "released" and fresh["changed"]
    assert rerun["released"] == [numbers[1]]
    releases = [r for r in emu.requests() if r["operation"] == "PhoneNumbers_ReleasePhoneNumber"]
    assert sorted(r["status"] for r in releases) == [202, 409]  # the refused one started nothing
    emu.advance(30)
    done = number(emu, phone_numbers=numbers, state="released")
    assert not done["changed"] and [r["action"] for r in done["results"]] == ["not owned", "not owned"]
    assert emu.stats()["ga_releases"] == {numbers[0]: 1, numbers[1]: 1}


@needs_emulator
def test_a_rerun_during_a_capabilities_update_starts_nothing_and_reports_it(slow_emulator):
    emu = slow_emulator
    emu.reset(clock=True)
    numbers = buy_on_the_clock(emu, "inflight-caps", 1)
    first = number(emu, phone_number=numbers[0], capabilities={"calling": "inbound"}, wait=False)
    assert first["changed"] and first["results"][0]["action"] == "updated"
    rerun = number(emu, phone_number=numbers[0], capabilities={"calling": "inbound"}, wait=False)
    assert not rerun["changed"] and rerun["results"][0]["action"] == "already being updated", rerun["results"]
    updates = [r for r in emu.requests() if r["operation"] == "PhoneNumbers_UpdateCapabilities"]
    assert [r["status"] for r in updates] == [202, 409]
    emu.advance(15)
    emu.clear_requests()
    done = number(emu, phone_number=numbers[0], capabilities={"calling": "inbound"})
    assert not done["changed"] and done["phone_numbers"][0]["capabilities"]["calling"] == "inbound"
    assert emu.writes() == []


@contextlib.contextmanager
def clock_running(emu, seconds, every=0.2, after=0.0):
    """Move the real-pace emulator's clock on by `seconds` every `every` s of real time (after `after` s), so that its
    operations end while a module waits for them, at a pace the test chooses."""
    stop = threading.Event()

    def tick():
        if stop.wait(after):
            return
        while not stop.wait(every):
            emu.advance(seconds)

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield
    finally:
        stop.set()
        ticker.join()


@needs_emulator
def test_wait_timeout_is_one_budget_for_all_the_numbers_of_a_task(slow_emulator):
    # issue 27 item 13: 6 numbers one at a time, each release about 2 s long, wait_timeout 3: the task used to wait up to
    # 3 s per number (about 12 s, and succeed); the budget is the task's, so it ends after about 3 s of waiting
    emu = slow_emulator
    emu.reset(clock=True)
    numbers = buy_on_the_clock(emu, "one-budget", 6)
    started = time.monotonic()
    with clock_running(emu, 2.0):
        failed, result = run_module(acs_phone_number.main, dict(emu.args, phone_numbers=numbers, state="released", workers=1,
                                                                wait_timeout=3))
    took = time.monotonic() - started
    assert failed and took < 6, (took, result.get("msg"))
    timed_out = [r for r in result["results"] if r["operation_status"] == "timeout"]
    assert timed_out and "within wait_timeout=3 s, the budget of all the waits of the task" in timed_out[-1]["error"]
    assert "Run the task again to keep waiting" in result["msg"]
    # every wait is reported, in the order of the numbers, the last ones with timed_out
    assert [w["phone_number"] for w in result["waits"]] == numbers and result["waits"][-1]["timed_out"]
    assert all(w["phase"] == "release" for w in result["waits"])
    assert sum(w["waited_seconds"] for w in result["waits"]) < 4.5


@needs_emulator
def test_waits_of_parallel_numbers_fill_waits_and_count_once_in_waited_seconds(slow_emulator):
    # issue 27 item 15: five numbers released at once, each waiting about 2 s: waited_seconds used to be their sum
    emu = slow_emulator
    emu.reset(clock=True)
    numbers = buy_on_the_clock(emu, "wall-time", 5)
    started = time.monotonic()
    with clock_running(emu, 2.0):
        done = number(emu, phone_numbers=numbers, state="released", workers=5)
    took = time.monotonic() - started
    assert done["released"] == numbers and len(done["waits"]) == 5
    summed = sum(w["waited_seconds"] for w in done["waits"])
    assert summed > 1.5 * took, (summed, took)  # the threads did wait at the same time
    assert done["stats"]["waited_seconds"] <= took, (done["stats"], took)


@needs_emulator
@pytest.mark.parametrize("state", ["released", "present"])
def test_a_retry_after_429_never_adopts_another_runs_operation(slow_emulator, state):
    # issue 27 item 4: another run's operation runs on the number; this task's request is answered 429, then (retried)
    # 409 naming that operation. It used to count as this task's own: "updated" with the other run's values.
    emu = slow_emulator
    emu.reset(clock=True)
    numbers = buy_on_the_clock(emu, "adopt-" + state, 1)
    if state == "released":
        other = dict(state="released")
        mine = dict(state="released")
        operation = "PhoneNumbers_ReleasePhoneNumber"
    else:
        other = dict(capabilities={"calling": "inbound"})
        mine = dict(capabilities={"calling": "outbound"})
        operation = "PhoneNumbers_UpdateCapabilities"
    number(emu, phone_number=numbers[0], wait=False, **other)
    emu.clear_requests()
    # seed 36: this task's first request draws the fault (429), the next ones do not
    emu.faults(rate=0.5, kinds=["429"], operations=[operation], seed=36)
    with clock_running(emu, 3.0, after=0.5):
        done = number(emu, phone_number=numbers[0], **mine)
    emu.clear_faults()
    sent = [r["status"] for r in emu.requests() if r["operation"] == operation]
    entry = done["results"][0]
    if state == "released":
        assert sent == [429, 409], sent
        assert entry["action"] == "already being released" and not done["changed"] and done["released"] == []
        assert entry["owned_after"] is False
    else:
        assert sent == [429, 409, 202], sent  # waited for the other run's update, then sent its own
        assert entry["action"] == "updated" and done["changed"]
        assert entry["after"]["capabilities"]["calling"] == "outbound"
        now = number(emu, phone_number=numbers[0], capabilities={"calling": "outbound"})
        assert not now["changed"]
