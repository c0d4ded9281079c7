# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_area_code_info against the emulator: location paths turned into the API's query, results, and not-found
messages."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_area_code_info

from .lifecycle_emulator import needs_emulator
from .utils import refused, runner

# the emulator's catalogue (tests/emulator/acs_emulator/data/catalog.json)
GEO_PLAN = "544f7088-7166-5a47-9d17-0e36fb0f65d1"        # US geographic, Selection
TOLL_FREE_PLAN = "244d639a-b7d6-531f-8fd3-eb7ed0a667ff"  # US toll free, NotRequired, 833
LA = [{"label_id": "state", "value": "CA"}, {"label_id": "city", "value": "NOAM-US-CA-LA"}]
BIRMINGHAM = [{"label_id": "state", "value": "AL"}, {"label_id": "city", "value": "NOAM-US-AL-BI"}]

run = runner(acs_area_code_info.main, country_code="US", phone_plan_id=GEO_PLAN, location_type="Selection")


@needs_emulator
@pytest.mark.parametrize("args, fragment", [
    ({"location_type": None}, "location_type is required with api_version 2020-07-20-preview1"),
    ({"location_type": "selection"}, "location_type must be one of"),
    ({"country_code": "USA"}, "not an ISO 3166 alpha-2"),
    ({"phone_plan_id": ""}, "phone_plan_id must not be empty"),
    ({"location_options": [{"label_id": "state"}]}, "missing required arguments: value"),
    ({"location_options": [{"label_id": "state", "value": "CA", "name": "California"}]}, "Unsupported parameters"),
    ({"location_options": [{"label_id": "state", "value": " "}]}, "location_options[0].value must be a non-empty string"),
    ({"location_options": [{"label_id": "", "value": "CA"}]}, "location_options[0].label_id must be a non-empty string"),
])
def test_bad_input_fails_before_any_request(emu, args, fragment):
    assert fragment in refused(emu, run(emu, **args))


@needs_emulator
def test_a_path_becomes_the_api_query(emu):
    failed, result = run(emu, country_code="us", location_options=LA)
    assert not failed, result["msg"]
    (sent,) = emu.requests()
    assert (sent["method"], sent["path"], sent["operation"]) == (
        "POST", "/administration/phonenumbers/countries/US/areacodes", "PhoneNumberAdministration_GetAllAreaCodes")
    assert sent["query"] == "locationType=Selection&phonePlanId=%s&api-version=2020-07-20-preview1" % GEO_PLAN
    # the service answers for the location in the body: Los Angeles has 213 and 818, Birmingham 205
    assert result["primary_area_codes"] == ["213", "818"]
    assert result["secondary_area_codes"] == []
    assert "next_link" not in result and "nextLink" not in result
    assert run(emu, location_options=BIRMINGHAM)[1]["primary_area_codes"] == ["205"]


@needs_emulator
def test_without_location(emu):
    failed, result = run(emu, phone_plan_id=TOLL_FREE_PLAN, location_type="NotRequired")
    assert not failed
    assert "locationType=NotRequired&phonePlanId=%s" % TOLL_FREE_PLAN in emu.requests()[0]["query"]
    assert result["primary_area_codes"] == ["833"] and result["secondary_area_codes"] == []


@needs_emulator
def test_an_empty_answer_is_two_empty_lists(emu):
    """An answer the emulator's model never gives (an empty object), staged by its `reply` fault."""
    emu.faults(rate=1, kinds=["reply"], operations=["PhoneNumberAdministration_GetAllAreaCodes"], reply={"status": 200, "body": {}})
    failed, result = run(emu, phone_plan_id=TOLL_FREE_PLAN, location_type="NotRequired")
    assert not failed, result["msg"]
    assert [r["fault"] for r in emu.requests()] == ["reply"]
    assert result["primary_area_codes"] == [] and result["secondary_area_codes"] == []


@needs_emulator
def test_query(emu):
    _failed, result = run(emu, location_options=LA, query="primary_area_codes[0]")
    assert result["query_result"] == "213"


@needs_emulator
def test_unknown_plan_is_named(emu):
    failed, result = run(emu, phone_plan_id="p-x")
    assert failed
    assert result["msg"].startswith("Phone plan 'p-x' is not offered in country 'US'")


@needs_emulator
def test_wrong_location_type_keeps_the_service_reason(emu):
    failed, result = run(emu, phone_plan_id=TOLL_FREE_PLAN)
    assert failed
    assert result["msg"].startswith(
        "Could not list the area codes of plan %s: GetAllAreaCodes failed with HTTP 400. The service said: InvalidLocationType - "
        "locationType 'Selection' does not match the plan's location type 'NotRequired'." % TOLL_FREE_PLAN), result["msg"]
