# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_phone_plan_info against the emulator: input checks, the snake_case mapping of GetPhonePlans, the arguments on the
wire, queries and not-found messages. Two answers the emulator's model never gives (a plan without a field, a 404
without an error code) are staged by its `reply` fault."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_phone_plan_info

from .lifecycle_emulator import needs_emulator
from .utils import refused, runner

GET_PLANS = "PhoneNumberAdministration_GetPhonePlans"
# the emulator's catalogue (tests/emulator/acs_emulator/data/catalog.json): the US geographic group and its plans
GEO_GROUP = "0f31a8ee-8833-52b5-9d68-35bf2f712158"
GEO_PLAN = "544f7088-7166-5a47-9d17-0e36fb0f65d1"
OUTBOUND_USER_PLAN = "95e5d8b3-ba08-5079-99b6-12769cbccbce"

run = runner(acs_phone_plan_info.main)


@needs_emulator
@pytest.mark.parametrize("args, fragment", [
    ({"country_code": "US"}, "missing required arguments: plan_group_id"),
    ({"plan_group_id": "g"}, "missing required arguments: country_code"),
    ({"country_code": "United States", "plan_group_id": "g"}, "not an ISO 3166 alpha-2"),
    ({"country_code": "US", "plan_group_id": "  "}, "plan_group_id must not be empty"),
    ({"country_code": "US", "plan_group_id": "g", "locale": "en_US"}, "not a language-region pair"),
    ({"country_code": "US", "plan_group_id": "g", "limit": 0}, "limit must be 1 or more"),
])
def test_bad_input_fails_before_any_request(emu, args, fragment):
    assert fragment in refused(emu, run(emu, **args))


@needs_emulator
def test_result_is_snake_case_and_arguments_reach_the_api(emu):
    failed, result = run(emu, country_code="us", plan_group_id=" %s " % GEO_GROUP, locale="fr-CA", limit=1, page_size=1)
    assert not failed, result["msg"]
    (sent,) = emu.requests()
    assert sent["path"] == "/administration/phonenumbers/countries/US/phoneplangroups/%s/phoneplans" % GEO_GROUP
    assert sent["query"] == "locale=fr-CA&skip=0&take=1&api-version=2020-07-20-preview1"
    assert result["phone_plans"] == [{
        "phone_plan_id": GEO_PLAN, "localized_name": "RTPC entrant et sortant - Géographique", "location_type": "Selection",
        "area_codes": [], "capabilities": ["Azure", "InboundCalling", "OutboundCalling", "ThirdPartyAppAssignment", "Geographic"],
        "maximum_search_size": 20}]


@needs_emulator
def test_fields_the_service_leaves_out_stay_out(emu):
    plans = [{"phonePlanId": "p-2", "localizedName": "Inbound", "locationType": "Selection",
              "capabilities": ["Azure", "InboundCalling", "Geographic"], "maximumSearchSize": 10}]
    emu.faults(rate=1, kinds=["reply"], operations=[GET_PLANS], reply={"status": 200, "body": {"phonePlans": plans, "nextLink": None}})
    failed, result = run(emu, country_code="US", plan_group_id="g")
    assert not failed, result["msg"]
    assert result["phone_plans"][0]["phone_plan_id"] == "p-2" and "area_codes" not in result["phone_plans"][0]


@needs_emulator
def test_query_with_contains(emu):
    _failed, result = run(emu, country_code="US", plan_group_id=GEO_GROUP,
                          query="phone_plans[?contains(capabilities, 'UserAssignment')].phone_plan_id")
    assert result["query_result"] == [OUTBOUND_USER_PLAN]


@needs_emulator
def test_query_that_fails_at_run_time_is_reported(emu):
    failed, result = run(emu, country_code="US", plan_group_id=GEO_GROUP, query="phone_plans[0].phone_plan_id | abs(@)")
    assert failed
    assert "The query" in result["msg"] and "failed" in result["msg"]


@needs_emulator
@pytest.mark.parametrize("country, start", [
    ("US", "Plan group 'g-x' is not offered in country 'US'"),  # PhonePlanGroupNotFound
    ("ZZ", "Country 'ZZ' is not offered"),                      # CountryNotFound
])
def test_not_found_names_what_is_missing(emu, country, start):
    failed, result = run(emu, country_code=country, plan_group_id="g-x")
    assert failed
    assert result["msg"].startswith(start)


@needs_emulator
def test_a_not_found_without_a_code_names_both(emu):
    emu.faults(rate=1, kinds=["reply"], operations=[GET_PLANS], reply={"status": 404, "body": None})
    failed, result = run(emu, country_code="US", plan_group_id="g-x")
    assert failed
    assert result["msg"].startswith("Not found (HTTP 404): country 'US' or plan group 'g-x' is not offered by this resource.")
