# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_phone_search: input validation (nothing sent), and its state machine against the emulator over HTTPS."""

from __future__ import annotations

import time
from unittest import mock

import pytest

from ansible_collections.acs.administration.plugins.module_utils.drivers import searches_2020 as searches
from ansible_collections.acs.administration.plugins.module_utils.transport.dates import epoch_or_none as parse_api_datetime
from ansible_collections.acs.administration.plugins.modules import acs_phone_search

from .lifecycle_emulator import needs_emulator
from .utils import run_legacy as run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
TOLL_FREE_PLAN = "244d639a-b7d6-531f-8fd3-eb7ed0a667ff"
GEO_PLAN = "544f7088-7166-5a47-9d17-0e36fb0f65d1"


@pytest.mark.parametrize("args, fragment", [
    ({}, "one of the following is required: name, search_id"),
    ({"name": "x"}, "phone_plan_ids and area_code are needed to create a search named 'x'"),
    ({"name": "x", "phone_plan_ids": ["p"], "state": "purchased"}, "area_code is needed"),
    ({"name": "x", "phone_plan_ids": ["p"], "area_code": "8OO"}, "must be digits only"),
    ({"name": "x", "phone_plan_ids": ["p"], "area_code": "833", "quantity": 0}, "quantity must be 1 or more"),
    ({"name": "x" * 256, "phone_plan_ids": ["p"], "area_code": "833"}, "name must be 1 to 255 characters"),
    ({"name": "x", "phone_plan_ids": [""], "area_code": "833"}, "must not contain empty ids"),
    ({"name": "x", "phone_plan_ids": ["p"], "area_code": "833", "location_options": [{"label_id": "state"}]},
     "location_options[0].value must be a non-empty string"),
    ({"name": "x", "phone_plan_ids": ["p"], "area_code": "833", "location_options": ["CA"]}, "unable to convert to dict"),
    ({"name": "x", "phone_plan_ids": ["p"], "area_code": "833", "wait_timeout": 0}, "wait_timeout must be 1 or more"),
    ({"name": "x", "state": "bought"}, "value of state must be one of"),
])
def test_bad_input_fails_before_anything_is_sent(args, fragment):
    failed, result = run_module(acs_phone_search.main, dict(args, connection_string=GOOD))
    assert failed
    assert fragment in result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


def test_cancel_by_name_needs_no_plan():
    failed, result = run_module(acs_phone_search.main, {"name": "x", "state": "cancelled", "connection_string": GOOD,
                                                        "max_retries": 0, "timeout": 2})
    assert failed
    assert "refused or the host cannot be reached" in result["msg"]
    assert result["stats"]["requests"] == 1


def test_create_options_convert_a_location_path_to_the_api_shape():
    path = [{"label_id": "state", "value": "CA", "label_name": "State"}, {"label_id": "city", "value": "NOAM-US-CA-LA"}]
    options = searches.create_options("n", "d", ["p"], "213", 2, path)
    assert options == {"displayName": "n", "description": "d", "phonePlanIds": ["p"], "areaCode": "213", "quantity": 2,
                       "locationOptions": [{"name": "state", "value": "CA"}, {"name": "city", "value": "NOAM-US-CA-LA"}]}


# -- against the emulator ---------------------------------------------------------------------------------------------

def search(emu, **args):
    base = dict(emu.args, phone_plan_ids=[TOLL_FREE_PLAN], area_code="833")
    base.update(args)
    return run_module(acs_phone_search.main, base)


@needs_emulator
def test_reserve_then_purchase_then_rerun_buys_once(paced_emulator):
    emu = paced_emulator  # the reservation is still under way at the first read: a wait is recorded
    emu.reset(clock=True)
    failed, reserved = search(emu, name="line", quantity=2)
    assert not failed, reserved
    assert reserved["changed"]
    assert reserved["search"]["status"] == "Reserved"
    assert len(reserved["search"]["phone_numbers"]) == 2
    assert reserved["waits"][0]["phase"] == "reservation"
    assert reserved["waits"][0]["statuses_seen"][-1] == "Reserved"
    assert reserved["stats"]["polls"] >= 1

    emu.clear_requests()
    failed, again = search(emu, name="line", quantity=2)
    assert not failed and not again["changed"]
    assert again["search"]["search_id"] == reserved["search"]["search_id"]
    assert emu.writes() == []

    failed, bought = search(emu, name="line", quantity=2, state="purchased")
    assert not failed, bought
    assert bought["changed"]
    assert bought["search"]["status"] == "Success"
    assert bought["search"]["phone_numbers"] == reserved["search"]["phone_numbers"]
    assert [w["phase"] for w in bought["waits"]] == ["purchase"]

    emu.clear_requests()
    for state in ("purchased", "reserved"):
        failed, rerun = search(emu, name="line", quantity=2, state=state)
        assert not failed and not rerun["changed"], rerun
        assert rerun["search"]["status"] == "Success"
    assert emu.writes() == []
    assert emu.stats()["purchases"] == {reserved["search"]["search_id"]: 1}


@needs_emulator
def test_check_mode_reports_the_plan_and_sends_no_write(emu):
    failed, planned = search(emu, name="plan", state="purchased", _ansible_check_mode=True, _ansible_diff=True)
    assert not failed, planned
    assert planned["changed"]
    assert planned["search"]["display_name"] == "plan" and planned["search"]["status"] is None
    assert planned["actions"] == ["would create search 'plan'", "would purchase the new search once it is Reserved"]
    assert planned["diff"] == {"before": {}, "after": {"search_id": None, "display_name": "plan", "status": "Success",
                                                       "phone_numbers": [], "quantity": 1, "area_code": "833",
                                                       "phone_plan_ids": [TOLL_FREE_PLAN]}}
    assert emu.writes() == [] and emu.stats()["searches_created"] == 0

    failed, reserved = search(emu, name="plan", wait=False)
    assert not failed and reserved["changed"] and reserved["search"]["status"] in ("Pending", "InProgress", "Reserved")
    assert reserved["waits"] == []
    emu.clear_requests()
    failed, planned = search(emu, name="plan", state="purchased", _ansible_check_mode=True)
    assert not failed and planned["changed"]
    assert planned["actions"][-1].startswith("would purchase search ")
    failed, planned = search(emu, name="plan", state="cancelled", _ansible_check_mode=True, _ansible_diff=True)
    assert not failed and planned["changed"]
    assert planned["diff"]["after"]["status"] == "Cancelled" and planned["diff"]["before"]["status"] != "Cancelled"
    assert emu.writes() == []


@needs_emulator
def test_cancel_then_cancel_again_and_reserve_anew(emu):
    failed, reserved = search(emu, name="temp", quantity=3)
    assert not failed
    failed, cancelled = search(emu, name="temp", state="cancelled", _ansible_diff=True)
    assert not failed and cancelled["changed"], cancelled
    assert cancelled["search"]["status"] == "Cancelled"
    assert cancelled["diff"]["before"]["status"] == "Reserved" and cancelled["diff"]["after"]["status"] == "Cancelled"
    assert emu.stats()["numbers_reserved"] == 0
    emu.clear_requests()
    failed, again = search(emu, name="temp", state="cancelled")
    assert not failed and not again["changed"] and emu.writes() == []
    failed, nothing = search(emu, name="never-made", state="cancelled")
    assert not failed and not nothing["changed"] and nothing["search"] is None

    failed, purchase = search(emu, name="temp", state="purchased")
    assert failed and "state=reserved" in purchase["msg"] and "Cancelled" in purchase["msg"]
    failed, renewed = search(emu, name="temp", quantity=3)
    assert not failed and renewed["changed"]
    assert renewed["search"]["search_id"] != reserved["search"]["search_id"]
    assert renewed["search"]["status"] == "Reserved"


@needs_emulator
def test_a_purchased_search_cannot_be_cancelled(emu):
    failed, bought = search(emu, name="keep", state="purchased")
    assert not failed and bought["search"]["status"] == "Success"
    failed, result = search(emu, name="keep", state="cancelled")
    assert failed and "cannot be cancelled" in result["msg"] and "acs_phone_number" in result["msg"]


@needs_emulator
def test_expired_reservation_is_reported_and_not_purchased(emu):
    failed, reserved = search(emu, name="late")
    assert not failed
    emu.advance(17 * 60)
    for args in ({"name": "late"}, {"search_id": reserved["search"]["search_id"]}):
        failed, result = search(emu, state="purchased", **args)
        assert failed, result
        assert "expired" in result["msg"] and result["search"]["status"] == "Expired"
    assert emu.stats()["purchases"] == {}
    failed, by_id = search(emu, search_id=reserved["search"]["search_id"])
    assert failed and "cannot be reserved again" in by_id["msg"]
    failed, cancelled = search(emu, name="late", state="cancelled")
    assert not failed and not cancelled["changed"] and cancelled["search"]["status"] == "Expired"


@needs_emulator
def test_an_exhausted_pool_fails_with_the_error_code(emu):
    # Anchorage (907) has the catalogue's default pool of 25 numbers
    for name in ("first", "second"):
        failed, result = search(emu, name=name, quantity=10, area_code="907", phone_plan_ids=[GEO_PLAN])
        assert not failed and result["search"]["status"] == "Reserved"
    failed, result = search(emu, name="third", quantity=10, area_code="907", phone_plan_ids=[GEO_PLAN], state="purchased")
    assert failed
    assert result["search"]["status"] == "Error" and result["search"]["error_code"] == 1000
    assert "error code 1000" in result["msg"]
    assert emu.stats()["purchases"] == {}


@needs_emulator
def test_lost_create_response_is_found_by_name(emu):
    emu.faults(rate=1.0, kinds=["lost_response"], operations=["CreateSearch"])
    try:
        failed, result = search(emu, name="lost-create", quantity=2)
    finally:
        emu.clear_faults()
    assert not failed, result
    assert result["changed"] and result["search"]["status"] == "Reserved"
    assert any("found the new search" in a for a in result["actions"])
    assert emu.stats()["searches_created"] == 1


@needs_emulator
def test_lost_purchase_response_converges_without_buying_twice(emu):
    failed, reserved = search(emu, name="lost-buy")
    assert not failed
    emu.faults(rate=1.0, kinds=["lost_response"], operations=["PurchaseSearch"])
    try:
        failed, bought = search(emu, name="lost-buy", state="purchased")
    finally:
        emu.clear_faults()
    assert not failed, bought
    assert bought["changed"] and bought["search"]["status"] == "Success"
    assert any("the purchase went through" in a for a in bought["actions"])
    emu.clear_requests()
    failed, rerun = search(emu, name="lost-buy", state="purchased")
    assert not failed and not rerun["changed"] and emu.writes() == []
    assert emu.stats()["purchases"] == {reserved["search"]["search_id"]: 1}


@needs_emulator
def test_a_purchase_that_failed_before_the_server_acted_is_sent_once_more(emu):
    failed, reserved = search(emu, name="dropped")
    assert not failed
    emu.faults(rate=1.0, kinds=["drop"], operations=["PurchaseSearch"])
    try:
        failed, result = search(emu, name="dropped", state="purchased")
    finally:
        emu.clear_faults()
    # dropped twice: the search is read after each failure, it is still Reserved, and the task gives up after two sends
    assert failed and "Its status is now Reserved" in result["msg"]
    assert emu.operations().count("PurchaseSearch") == 2
    failed, result = search(emu, name="dropped", state="purchased")
    assert not failed and result["search"]["status"] == "Success"
    assert emu.stats()["purchases"] == {reserved["search"]["search_id"]: 1}


@needs_emulator
def test_lost_cancel_response_converges(emu):
    search(emu, name="lost-cancel")
    emu.faults(rate=1.0, kinds=["lost_response"], operations=["CancelSearch"])
    try:
        failed, result = search(emu, name="lost-cancel", state="cancelled")
    finally:
        emu.clear_faults()
    assert not failed, result
    assert result["changed"] and result["search"]["status"] == "Cancelled"
    assert emu.operations().count("CancelSearch") == 1


@needs_emulator
def test_warns_when_the_reservation_is_about_to_expire(emu):
    failed, reserved = search(emu, name="hurry")
    assert not failed
    # The emulator's clock may run ahead of this host's (clock/advance): make the window reach its expiry date.
    left = parse_api_datetime(reserved["search"]["reservation_expiry_date"]) - time.time()
    with mock.patch.object(searches, "EXPIRY_WARNING_SECONDS", left + 60), \
            mock.patch("ansible.module_utils.basic.AnsibleModule.warn") as warn:
        failed, result = search(emu, name="hurry", state="purchased")
    assert not failed and result["search"]["status"] == "Success"
    assert any("expires at" in call.args[0] for call in warn.call_args_list), warn.call_args_list


@needs_emulator
def test_other_parameters_than_the_found_search_warn(emu):
    search(emu, name="same", quantity=1)
    with mock.patch("ansible.module_utils.basic.AnsibleModule.warn") as warn:
        failed, result = search(emu, name="same", quantity=2)
    assert not failed and not result["changed"]
    assert any("quantity 1 (the task says 2)" in call.args[0] for call in warn.call_args_list)


@needs_emulator
def test_search_id_must_match_the_name_and_exist(emu):
    failed, reserved = search(emu, name="one")
    failed, result = search(emu, name="other", search_id=reserved["search"]["search_id"])
    assert failed and "is named 'one', not 'other'" in result["msg"]
    failed, result = search(emu, search_id="00000000-0000-0000-0000-000000000000", state="cancelled")
    assert failed and "was not found" in result["msg"]


@needs_emulator
def test_wait_timeout_fails_with_the_last_status_and_a_rerun_resumes(paced_emulator):
    emu = paced_emulator  # the purchase is still under way when the wait runs out
    emu.reset(clock=True)
    search(emu, name="slow")
    with mock.patch.object(time, "sleep"):  # no real waiting: the poll loop runs out of time at once
        with mock.patch("ansible_collections.acs.administration.plugins.module_utils.drivers.base.Deadline.remaining", return_value=0.0):
            failed, result = search(emu, name="slow", state="purchased")
    assert failed and "did not become Success" in result["msg"] and "never purchases twice" in result["msg"]
    assert result["search"]["status"] in ("Completing", "PurchasePending")
    failed, result = search(emu, name="slow", state="purchased")
    assert not failed and not result["changed"] and result["search"]["status"] == "Success"
    assert len(emu.stats()["purchases"]) == 1 and set(emu.stats()["purchases"].values()) == {1}


def test_api_dates_with_seven_fractional_digits_are_read():
    assert parse_api_datetime("2020-11-21T03:42:48.6019273+00:00") == pytest.approx(1605930168.601927)
    assert parse_api_datetime("2020-11-21T03:42:48Z") == 1605930168.0
    assert parse_api_datetime("not a date") is None and parse_api_datetime(None) is None


@needs_emulator
@pytest.mark.parametrize("change, said", [
    ({"quantity": 3}, "quantity 1 (the task says 3)"),
    ({"area_code": "888"}, "area_code 833 (the task says 888)"),
    ({"phone_plan_ids": [GEO_PLAN]}, "phone_plan_ids %s (the task says %s)" % (TOLL_FREE_PLAN, GEO_PLAN)),
])
def test_a_reservation_that_differs_from_the_task_is_not_bought(emu, change, said):
    failed, reserved = search(emu, name="differs", quantity=1)
    assert not failed, reserved
    emu.clear_requests()
    failed, result = search(emu, **dict({"name": "differs", "quantity": 1, "state": "purchased"}, **change))
    assert failed, result
    assert said in result["msg"] and "not purchased" in result["msg"], result["msg"]
    assert emu.writes() == [] and emu.stats()["purchases"] == {}
    assert result["search"]["status"] == "Reserved"


@needs_emulator
@pytest.mark.parametrize("state", ["reserved", "purchased"])
def test_check_mode_returns_the_full_search_shape(emu, state):
    failed, planned = search(emu, name="shape", quantity=2, state=state, _ansible_check_mode=True)
    assert not failed, planned
    for key in ("search_id", "status", "phone_numbers", "reservation_expiry_date", "quantity", "area_code", "phone_plan_ids"):
        assert key in planned["search"], (key, planned["search"])
    assert planned["search"]["phone_numbers"] == [] and planned["search"]["quantity"] == 2
    assert emu.writes() == []


@needs_emulator
def test_a_purchase_that_fails_twice_says_what_happened_and_to_run_again(emu):
    failed, reserved = search(emu, name="twice", quantity=1)
    assert not failed, reserved
    emu.faults(rate=1.0, kinds=["500"], operations=["PurchaseSearch"])
    try:
        failed, result = search(emu, name="twice", quantity=1, state="purchased", max_retries=5)
    finally:
        emu.clear_faults()
    assert failed, result
    assert emu.operations().count("PurchaseSearch") == 2
    assert emu.stats()["purchases"] == {}
    assert "not re-sent blindly" not in result["msg"], result["msg"]
    assert "nothing was bought" in result["msg"] and "Run the task again" in result["msg"], result["msg"]
    assert any("sent once more" in a for a in result["actions"]), result["actions"]


# -- issue 13, item 12 -------------------------------------------------------------------------------------------------

@needs_emulator
def test_check_mode_diff_of_a_new_search_shows_what_it_asks_for(emu):
    failed, planned = search(emu, name="diffed", quantity=2, state="reserved", _ansible_check_mode=True, _ansible_diff=True)
    assert not failed, planned
    after = planned["diff"]["after"]
    assert after["quantity"] == 2 and after["area_code"] == "833" and after["phone_plan_ids"] == [TOLL_FREE_PLAN], after


@pytest.mark.parametrize("name", ["support-line ", " support-line"])
def test_a_name_with_surrounding_spaces_is_refused(name):
    failed, result = run_module(acs_phone_search.main, {"name": name, "phone_plan_ids": ["p"], "area_code": "800",
                                                        "connection_string": GOOD})
    assert failed and "spaces" in result["msg"] and repr(name) in result["msg"], result["msg"]
    assert result["stats"]["requests"] == 0


@needs_emulator
def test_a_wait_that_times_out_is_recorded_in_waits(slow_emulator):
    slow = slow_emulator  # a purchase takes 30 s here; the reservation is moved on with the clock
    slow.reset(clock=True)
    failed, reserved = search(slow, name="timed", wait=False)
    assert not failed, reserved
    slow.advance(10)
    failed, result = search(slow, name="timed", state="purchased", wait_timeout=2)
    assert failed and "did not become Success" in result["msg"], result["msg"]
    assert result["waits"] and result["waits"][-1]["phase"] == "purchase" and result["waits"][-1]["polls"] >= 1, result["waits"]
    assert result["waits"][-1]["timed_out"] is True
