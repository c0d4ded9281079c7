# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules against the failure states the real 2020 service produced (issue 16), reproduced by the emulator over
HTTPS: releases ending Failed, searches ending Error after reserving, requests about numbers the resource does not hold
accepted and failing later, a purchased search answering 202 to PurchaseSearch, lists newest first."""

from __future__ import annotations

import contextlib

from ansible_collections.acs.administration.plugins.modules import (
    acs_number_config, acs_phone_number, acs_phone_number_info, acs_phone_search, acs_phone_search_info, acs_plan_group_info,
    acs_release_info)

from .lifecycle_emulator import needs_emulator
from .utils import run_legacy as run_module

TOLL_FREE_PLAN = "244d639a-b7d6-531f-8fd3-eb7ed0a667ff"
GEO_PLAN = "544f7088-7166-5a47-9d17-0e36fb0f65d1"
NOT_HELD = "+18339999999"


def search(emu, **args):
    args = dict(dict(phone_plan_ids=[TOLL_FREE_PLAN], area_code="833", quantity=2), **args)
    return run_module(acs_phone_search.main, dict(emu.args, **args))


def buy(emu, name, quantity=2):
    failed, result = search(emu, name=name, quantity=quantity, state="purchased")
    assert not failed, result
    return result["search"]["phone_numbers"]


def number(emu, **args):
    return run_module(acs_phone_number.main, dict(emu.args, **args))


@contextlib.contextmanager
def stale_first_read(emu, extra):
    """The next list of acquired numbers also lists `extra` (the emulator's reply fault, once): what a run sees when
    another run releases the numbers between its read and its request."""
    listed = emu.call("GET", "/administration/phonenumbers/phonenumbers", "api-version=2020-07-20-preview1&locale=en-US")
    assert listed.status_code == 200, listed.text
    body = listed.json()
    body["phoneNumbers"] = body.get("phoneNumbers", []) + [
        {"phoneNumber": item, "acquiredCapabilities": ["Azure"], "availableCapabilities": ["Azure", "Premium"]} for item in extra]
    body["nextLink"] = None
    emu.clear_requests()
    emu.faults(rate=1, kinds=["reply"], operations=["PhoneNumberAdministration_GetAllPhoneNumbers"], times=1,
               reply={"status": 200, "body": body})
    try:
        yield
    finally:
        emu.clear_faults()
    assert [r["fault"] for r in emu.requests() if r["operation"] == "PhoneNumberAdministration_GetAllPhoneNumbers"][:1] == ["reply"]


@needs_emulator
def test_a_failed_release_is_one_sentence_is_not_resent_and_a_rerun_converges(emu):
    numbers = buy(emu, "to-release")
    emu.failures(release={"next": 1})
    emu.clear_requests()
    failed, result = number(emu, phone_numbers=numbers, state="released")
    assert failed, result
    msg = result["msg"]
    assert msg.startswith("Release %s ended with status Failed: " % result["release"]["release_id"]) and msg.count(". ") == 0, msg
    assert result["release"]["error_message"].rstrip(".") + "; not released: " in msg
    for item in numbers:
        assert "%s (Error, error code 1012)" % item in msg
    assert "still acquired, and running the task again sends one new release" in msg
    assert emu.operations().count("ReleasePhoneNumbers") == 1  # nothing retried blindly
    failed, rerun = number(emu, phone_numbers=numbers, state="released")
    assert not failed and rerun["changed"] and rerun["released"] == numbers and rerun["release"]["status"] == "Complete", rerun
    failed, third = number(emu, phone_numbers=numbers, state="released")
    assert not failed and not third["changed"] and third["not_acquired"] == numbers
    assert emu.stats()["releases_created"] == 2


@needs_emulator
def test_at_the_recorded_failure_rates_reruns_of_a_release_converge(emu):
    numbers = buy(emu, "recorded-rates")
    emu.failures(profile="recorded", seed=11)  # 14 of 16 releases fail, as recorded; this seed fails the first two
    runs = []
    while not runs or runs[-1][0]:
        assert len(runs) < 10, [r["msg"] for _f, r in runs]
        runs.append(number(emu, phone_numbers=numbers, state="released"))
    for failed, result in runs[:-1]:
        assert failed and result["msg"].startswith("Release %s ended with status Failed: " % result["release"]["release_id"])
        assert "running the task again sends one new release" in result["msg"]
    assert len(runs) == 3 and runs[-1][1]["released"] == numbers, runs[-1]
    assert emu.stats()["releases_created"] == len(runs)  # one release per run, none re-sent blindly
    failed, again = number(emu, phone_numbers=numbers, state="released")
    assert not failed and not again["changed"] and again["not_acquired"] == numbers


@needs_emulator
def test_a_release_of_numbers_another_run_released_is_reported_as_not_held(emu):
    numbers = buy(emu, "raced", quantity=1)
    emu.clear_requests()
    with stale_first_read(emu, [NOT_HELD]):
        failed, result = number(emu, phone_numbers=numbers + [NOT_HELD], state="released")
    assert not failed, result
    # the service accepted the release of the number it does not hold (200) and failed that part of it later
    assert result["release"]["status"] == "Failed" and result["release"]["phone_number_release_status_details"][NOT_HELD]["status"] == "Error"
    assert result["released"] == numbers and result["not_acquired"] == [NOT_HELD]
    assert "%s is not acquired by this resource (any more), so there is nothing left to release" % NOT_HELD in result["msg"]
    assert emu.operations().count("ReleasePhoneNumbers") == 1
    failed, only_stale = None, None
    with stale_first_read(emu, [NOT_HELD]):
        failed, only_stale = number(emu, phone_number=NOT_HELD, state="released")
    assert not failed and only_stale["release"]["error_message"] == "No acquired numbers to process", only_stale
    assert only_stale["not_acquired"] == [NOT_HELD] and only_stale["released"] == []


@needs_emulator
def test_a_capabilities_update_of_a_number_no_longer_held_names_it(emu):
    numbers = buy(emu, "caps-raced", quantity=1)
    with stale_first_read(emu, [NOT_HELD]):
        failed, result = number(emu, phone_numbers=numbers + [NOT_HELD], capabilities_add=["Premium"])
    assert failed, result
    assert result["msg"] == ("Capabilities update %s ended with status Error: %s is not acquired by this resource any more (the "
                             "service accepts an update of a number it does not hold and fails it later)."
                             % (result["capabilities_update"]["capabilities_update_id"], NOT_HELD))
    emu.failures(capabilities={"next": 1})
    failed, result = number(emu, phone_numbers=numbers, capabilities_add=["Premium"])
    assert failed and "the service gives no reason, and running the task again sends only what is still missing" in result["msg"]
    failed, rerun = number(emu, phone_numbers=numbers, capabilities_add=["Premium"])
    assert not failed and rerun["changed"] and "Premium" in rerun["phone_numbers"][0]["acquired_capabilities"]


@needs_emulator
def test_a_search_that_errors_after_reserving_buys_nothing_and_a_rerun_converges(emu):
    emu.failures(search={"next": 1})
    failed, result = search(emu, name="flaky", state="purchased")
    assert failed, result
    reserved = result["search"]["phone_numbers"]
    assert len(reserved) == 2 and result["search"]["error_code"] == 1011
    assert result["msg"] == ("Search %s was not reserved: the service reports status Error with error code 1011 after reserving %s "
                             "(reservation until %s); none of them was purchased, and running the task again creates a new "
                             "search under this name." % (result["search"]["search_id"], ", ".join(reserved),
                                                          result["search"]["reservation_expiry_date"]))
    assert emu.stats()["purchases"] == {}
    failed, rerun = search(emu, name="flaky", state="purchased")
    assert not failed and rerun["changed"] and rerun["search"]["status"] == "Success", rerun
    assert "ended with status Error, error code 1011; creating a new one" in rerun["msg"]
    assert emu.stats()["purchases"] == {rerun["search"]["search_id"]: 1} and emu.stats()["searches_created"] == 2
    failed, again = search(emu, name="flaky", state="purchased")
    assert not failed and not again["changed"]


@needs_emulator
def test_an_area_code_the_plan_does_not_list_is_accepted_and_fails_with_its_code(emu):
    failed, result = search(emu, name="wrong-area", phone_plan_ids=[GEO_PLAN], area_code="833", quantity=1)
    assert failed and result["search"]["status"] == "Error" and "error code 1000" in result["msg"], result
    assert emu.stats()["searches_created"] == 1 and emu.stats()["purchases"] == {}


@needs_emulator
def test_a_purchased_search_is_never_purchased_again_although_the_service_would_answer_202(emu):
    numbers = buy(emu, "bought")
    failed, found = search(emu, name="bought")
    search_id = found["search"]["search_id"]
    emu.clear_requests()
    for args in ({"name": "bought"}, {"search_id": search_id}):
        failed, again = search(emu, state="purchased", **args)
        assert not failed and not again["changed"] and again["search"]["phone_numbers"] == numbers
    assert "PurchaseSearch" not in emu.operations() and emu.writes() == []
    assert emu.stats()["purchases"] == {search_id: 1}


@needs_emulator
def test_info_modules_list_newest_first(emu):
    first, second = buy(emu, "older", 1), buy(emu, "newer", 1)
    failed, searches = run_module(acs_phone_search_info.main, dict(emu.args, limit=1))
    assert not failed and [s["display_name"] for s in searches["searches"]] == ["newer"]
    failed, searches = run_module(acs_phone_search_info.main, dict(emu.args))
    assert [s["display_name"] for s in searches["searches"]] == ["newer", "older"]
    for item in (first, second):
        assert not number(emu, phone_numbers=item, state="released")[0]
    failed, releases = run_module(acs_release_info.main, dict(emu.args, limit=1, details=True))
    assert not failed and list(releases["releases"][0]["phone_number_release_status_details"]) == second


@needs_emulator
def test_a_cancelled_search_keeps_its_quantity_obtained_in_the_list(emu):
    failed, reserved = search(emu, name="given-back", state="reserved")
    assert not failed, reserved
    failed, cancelled = search(emu, name="given-back", state="cancelled")
    assert not failed and cancelled["changed"], cancelled
    failed, listed = run_module(acs_phone_search_info.main, dict(emu.args))
    assert not failed
    assert [(s["display_name"], s["status"], s["quantity"], s["quantity_obtained"]) for s in listed["searches"]] == [
        ("given-back", "Cancelled", 2, 2)]


@needs_emulator
def test_recorded_fields_reach_the_results(emu):
    bham = [{"label_id": "state", "options_value": "AL"}, {"label_id": "city", "options_value": "NOAM-US-AL-BI"}]
    geo = run_module(acs_phone_search.main, dict(emu.args, name="bham", phone_plan_ids=[GEO_PLAN], area_code="205", quantity=1,
                                                 location_options=bham, state="purchased"))[1]["search"]["phone_numbers"]
    toll_free = buy(emu, "tf", 1)
    failed, info = run_module(acs_phone_number_info.main, dict(emu.args))
    assert not failed
    by_number = {n["phone_number"]: n for n in info["phone_numbers"]}
    assert by_number[geo[0]]["place_name"] == "Birmingham, United States"
    assert "Office365" in by_number[toll_free[0]]["available_capabilities"]
    assert "UserAssignment" not in by_number[toll_free[0]]["available_capabilities"]
    failed, configured = run_module(acs_number_config.main, dict(emu.args, phone_number=toll_free[0], callback_url="https://hooks.example.com/x"))
    assert not failed and configured["pstn_configuration"]["azure_pstn_target_id"]
    failed, groups = run_module(acs_plan_group_info.main, dict(emu.args, country_code="US"))
    assert not failed and len(groups["plan_groups"]) == 3 and all(g["carrier_details"]["name"] for g in groups["plan_groups"])
