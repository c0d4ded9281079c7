# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_phone_number: input validation (nothing sent), capabilities by difference and release, against the emulator over HTTPS."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.module_utils.drivers.numbers_2020 import capability_changes, predicted
from ansible_collections.acs.administration.plugins.modules import acs_phone_number, acs_phone_search

from .lifecycle_emulator import needs_emulator
from .utils import run_legacy as run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
TOLL_FREE_PLAN = "244d639a-b7d6-531f-8fd3-eb7ed0a667ff"


@pytest.mark.parametrize("args, fragment", [
    ({}, "one of the following is required: phone_number, phone_numbers"),
    ({"phone_number": "+18005550100", "phone_numbers": ["+18005550101"]}, "mutually exclusive"),
    ({"phone_number": "18005550100"}, "is not an E.164 number"),
    ({"phone_numbers": ["+18005550100", "800-555"]}, "phone_numbers '800-555' is not an E.164 number"),
    ({"phone_numbers": []}, "at least one number"),
    ({"phone_number": "+18005550100", "capabilities_add": ["Telepathy"]}, "capabilities_add has unknown capabilities 'Telepathy'"),
    ({"phone_number": "+18005550100", "capabilities_add": ["InboundCalling"], "capabilities_remove": ["InboundCalling"]},
     "cannot be both"),
    ({"phone_number": "+18005550100", "capabilities_remove": ["InboundCalling"], "state": "released"}, "do not go with state=released"),
    ({"phone_number": "+18005550100", "wait_timeout": -1}, "wait_timeout must be 1 or more"),
])
def test_bad_input_fails_before_anything_is_sent(args, fragment):
    failed, result = run_module(acs_phone_number.main, dict(args, connection_string=GOOD))
    assert failed
    assert fragment in result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


def test_only_the_difference_is_sent():
    current = {"+1": {"acquiredCapabilities": ["Azure", "InboundCalling"]}, "+2": {"acquiredCapabilities": ["Azure", "OutboundCalling"]}}
    changes = capability_changes(current, ["OutboundCalling"], ["InboundCalling"])
    assert changes == {"+1": {"add": ["OutboundCalling"], "remove": ["InboundCalling"]}}
    assert predicted(current["+1"], changes["+1"])["acquiredCapabilities"] == ["Azure", "OutboundCalling"]
    assert capability_changes(current, [], ["Premium"]) == {}


# -- against the emulator ---------------------------------------------------------------------------------------------

def buy(emu, name, quantity=2):
    failed, result = run_module(acs_phone_search.main, dict(emu.args, name=name, phone_plan_ids=[TOLL_FREE_PLAN], area_code="833",
                                                            quantity=quantity, state="purchased"))
    assert not failed, result
    return result["search"]["phone_numbers"]


def buy_on_the_clock(emu, name, quantity=1):
    """Buy without waiting in real time: reserve, purchase, and move the emulator's clock past each step."""
    args = dict(emu.args, name=name, phone_plan_ids=[TOLL_FREE_PLAN], area_code="833", quantity=quantity, wait=False)
    assert not run_module(acs_phone_search.main, dict(args, state="reserved"))[0]
    emu.advance(10)
    assert not run_module(acs_phone_search.main, dict(args, state="purchased"))[0]
    emu.advance(60)
    failed, bought = run_module(acs_phone_search.main, dict(args, state="purchased"))
    assert not failed and bought["search"]["status"] == "Success", bought
    return bought["search"]["phone_numbers"]


def number(emu, **args):
    return run_module(acs_phone_number.main, dict(emu.args, **args))


@needs_emulator
def test_capabilities_are_changed_by_difference_and_idempotent(emu):
    numbers = buy(emu, "caps")
    args = dict(phone_numbers=numbers, capabilities_add=["InboundA2PSms"], capabilities_remove=["OutboundCalling"])

    emu.clear_requests()
    failed, planned = number(emu, _ansible_check_mode=True, _ansible_diff=True, **args)
    assert not failed and planned["changed"], planned
    assert emu.writes() == [] and emu.operations() == ["GetAllPhoneNumbers"]
    before = planned["diff"]["before"][numbers[0]]["acquired_capabilities"]
    after = planned["diff"]["after"][numbers[0]]["acquired_capabilities"]
    assert "OutboundCalling" in before and "OutboundCalling" not in after and "InboundA2PSms" in after
    emu.clear_requests()

    failed, done = number(emu, _ansible_diff=True, **args)
    assert not failed and done["changed"], done
    assert done["capabilities_update"]["capabilities_update_status"] == "Complete"
    assert set(done["capabilities_update"]["phone_number_capabilities_updates"]) == set(numbers)
    assert done["diff"]["after"] == planned["diff"]["after"]
    for item in done["phone_numbers"]:
        assert "InboundA2PSms" in item["acquired_capabilities"] and "OutboundCalling" not in item["acquired_capabilities"]
    assert [w["phase"] for w in done["waits"]] == ["capabilities"]
    assert emu.operations().count("UpdateCapabilities") == 1

    emu.clear_requests()
    failed, again = number(emu, **args)
    assert not failed and not again["changed"] and emu.writes() == []
    assert "capabilities_update" not in again

    # one number only differs now: only it is in the update
    failed, one = number(emu, phone_numbers=numbers, capabilities_add=["Premium"],
                         capabilities_remove=[])
    assert not failed and one["changed"]
    failed, partial = number(emu, phone_number=numbers[0], capabilities_remove=["Premium"])
    assert not failed and partial["changed"]
    assert list(partial["capabilities_update"]["phone_number_capabilities_updates"]) == [numbers[0]]


@needs_emulator
def test_a_number_that_is_not_acquired_fails_clearly(emu):
    failed, result = number(emu, phone_number="+18005550199", capabilities_add=["InboundCalling"])
    assert failed and "+18005550199 is not acquired by this resource" in result["msg"]
    assert emu.writes() == []


@needs_emulator
def test_release_once_and_report_numbers_already_gone(emu):
    numbers = buy(emu, "rel", quantity=3)
    failed, planned = number(emu, phone_numbers=numbers[:2], state="released", _ansible_check_mode=True, _ansible_diff=True)
    assert not failed and planned["changed"] and planned["released"] == numbers[:2]
    assert planned["diff"]["after"] == {n: "not acquired" for n in numbers[:2]}
    assert planned["diff"]["before"] == {n: "acquired" for n in numbers[:2]}
    assert emu.stats()["releases_created"] == 0

    failed, released = number(emu, phone_numbers=numbers[:2], state="released")
    assert not failed and released["changed"], released
    assert released["release"]["status"] == "Complete"
    details = released["release"]["phone_number_release_status_details"]
    assert details == {n: {"status": "Success", "error_code": None} for n in numbers[:2]}
    assert released["phone_numbers"] == [] and released["released"] == numbers[:2]

    emu.clear_requests()
    failed, mixed = number(emu, phone_numbers=numbers, state="released")
    assert not failed and mixed["changed"]
    assert mixed["released"] == [numbers[2]] and mixed["not_acquired"] == numbers[:2]
    assert emu.operations().count("ReleasePhoneNumbers") == 1

    emu.clear_requests()
    failed, again = number(emu, phone_numbers=numbers, state="released")
    assert not failed and not again["changed"] and emu.writes() == []
    assert emu.stats()["releases_created"] == 2


@needs_emulator
def test_lost_release_response_is_found_and_not_sent_again(paced_emulator):
    emu = paced_emulator  # the lost release is still under way when the module looks for it
    emu.reset(clock=True)
    numbers = buy(emu, "lost-rel")
    emu.faults(rate=1.0, kinds=["lost_response"], operations=["ReleasePhoneNumbers"])
    try:
        failed, result = number(emu, phone_numbers=numbers, state="released")
    finally:
        emu.clear_faults()
    assert not failed, result
    assert result["changed"] and result["release"]["status"] == "Complete"
    assert emu.stats()["releases_created"] == 1
    assert any("found release" in a for a in result["actions"])


@needs_emulator
def test_lost_capabilities_response_converges(emu):
    numbers = buy(emu, "lost-caps", quantity=1)
    emu.faults(rate=1.0, kinds=["lost_response"], operations=["UpdateCapabilities"])
    try:
        failed, result = number(emu, phone_numbers=numbers, capabilities_add=["InboundA2PSms"])
    finally:
        emu.clear_faults()
    # the update was acted on: the module watches the numbers until it shows, and sends nothing more
    assert not failed, result
    assert result["changed"] and "InboundA2PSms" in result["phone_numbers"][0]["acquired_capabilities"]
    assert any("now have the wanted capabilities" in a for a in result["actions"])
    assert emu.operations().count("UpdateCapabilities") == 1
    emu.clear_requests()
    failed, result = number(emu, phone_numbers=numbers, capabilities_add=["InboundA2PSms"])
    assert not failed and not result["changed"] and emu.writes() == []


@needs_emulator
def test_a_release_under_way_is_found_before_anything_is_sent_again():
    from .lifecycle_emulator import Emulator  # pylint: disable=import-outside-toplevel
    slow = Emulator(speed=5)  # a release takes 4 s here: long enough to rerun while it is under way
    try:
        numbers = buy_on_the_clock(slow, "in-flight")
        failed, started = number(slow, phone_numbers=numbers, state="released", wait=False)
        assert not failed and started["changed"], started
        slow.clear_requests()
        failed, rerun = number(slow, phone_numbers=numbers, state="released")
        assert not failed, rerun
        assert not rerun["changed"], rerun
        assert slow.operations().count("ReleasePhoneNumbers") == 0, slow.operations()
        assert any("already under way" in a for a in rerun["actions"]), rerun["actions"]
        assert rerun["release"]["release_id"] == started["release"]["release_id"]
        assert rerun["release"]["status"] == "Complete"
        assert slow.stats()["releases_created"] == 1
    finally:
        slow.stop()


@needs_emulator
def test_a_capabilities_update_under_way_is_found_before_anything_is_sent_again(slow_emulator):
    slow = slow_emulator  # an update takes 5 s here; the purchase is moved on with the clock
    slow.reset(clock=True)
    numbers = buy_on_the_clock(slow, "updating")
    failed, started = number(slow, phone_numbers=numbers, capabilities_add=["InboundA2PSms"], wait=False)
    assert not failed and started["changed"], started
    assert started["capabilities_update"]["capabilities_update_id"]
    slow.clear_requests()
    # a rerun while it runs: nothing is sent, the task says so
    failed, rerun = number(slow, phone_numbers=numbers, capabilities_add=["InboundA2PSms"], wait=False)
    assert not failed and not rerun["changed"], rerun
    assert any("already under way" in a and "UpdatePending" in a for a in rerun["actions"]), rerun["actions"]
    # with wait: it waits for that update to end, then finds nothing left to send
    failed, waited = number(slow, phone_numbers=numbers, capabilities_add=["InboundA2PSms"])
    assert not failed and not waited["changed"], waited
    assert "InboundA2PSms" in waited["phone_numbers"][0]["acquired_capabilities"]
    assert waited["phone_numbers"][0]["activation_state"] == "Activated"
    assert any(a.startswith("waited for the capabilities update under way") for a in waited["actions"]), waited["actions"]
    assert any("the capabilities already match" in a for a in waited["actions"]), waited["actions"]
    assert slow.operations().count("UpdateCapabilities") == 0, slow.operations()


def test_an_unknown_capability_is_quoted_so_a_stray_space_shows():
    failed, result = run_module(acs_phone_number.main, {"phone_number": "+18005550100", "capabilities_add": [" Premium"],
                                                        "connection_string": "endpoint=https://127.0.0.1:9/;accesskey=a2V5"})
    assert failed and "unknown capabilities ' Premium'" in result["msg"], result["msg"]
