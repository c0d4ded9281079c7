# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_phone_plan_info: input checks, the snake_case mapping of GetPhonePlans and not-found messages."""

from __future__ import annotations

from unittest import mock

import pytest

from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2020_07_20_preview1 as PN_API
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import error_for
from ansible_collections.acs.administration.plugins.modules import acs_phone_plan_info

from .utils import run_legacy as run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"

# The live example of the spec notes.
PLANS = [
    {"phonePlanId": "p-1", "localizedName": "Outbound Only PSTN For User - Geographic", "locationType": "Selection", "areaCodes": [],
     "capabilities": ["Azure", "OutboundCalling", "UserAssignment", "Geographic"], "maximumSearchSize": 20},
    {"phonePlanId": "p-2", "localizedName": "Inbound", "locationType": "Selection",
     "capabilities": ["Azure", "InboundCalling", "Geographic"], "maximumSearchSize": 10},
]


def run(args, plans=None, error=None):
    fake = mock.Mock(side_effect=error, return_value=PLANS if plans is None else plans)
    with mock.patch.object(PN_API, "list_plans", fake):
        failed, result = run_module(acs_phone_plan_info.main, dict({"connection_string": GOOD}, **args))
    return failed, result, fake


@pytest.mark.parametrize("args, fragment", [
    ({"country_code": "US"}, "missing required arguments: plan_group_id"),
    ({"plan_group_id": "g"}, "missing required arguments: country_code"),
    ({"country_code": "United States", "plan_group_id": "g"}, "not an ISO 3166 alpha-2"),
    ({"country_code": "US", "plan_group_id": "  "}, "plan_group_id must not be empty"),
    ({"country_code": "US", "plan_group_id": "g", "locale": "en_US"}, "not a language-region pair"),
    ({"country_code": "US", "plan_group_id": "g", "limit": 0}, "limit must be 1 or more"),
])
def test_bad_input_fails_before_any_request(args, fragment):
    failed, result, fake = run(args)
    assert failed
    assert fragment in result["msg"]
    assert not fake.called


def test_result_is_snake_case_and_arguments_reach_the_api():
    failed, result, fake = run({"country_code": "ca", "plan_group_id": " g-1 ", "locale": "fr-CA", "limit": 5, "page_size": 1})
    assert not failed
    assert fake.call_args.args[1:] == ("CA", "g-1", "fr-CA")
    assert fake.call_args.kwargs == {"limit": 5, "page_size": 1}
    assert result["phone_plans"][0] == {
        "phone_plan_id": "p-1", "localized_name": "Outbound Only PSTN For User - Geographic", "location_type": "Selection",
        "area_codes": [], "capabilities": ["Azure", "OutboundCalling", "UserAssignment", "Geographic"], "maximum_search_size": 20}
    # Fields the service leaves out stay out.
    assert "area_codes" not in result["phone_plans"][1]


def test_query_with_contains():
    _failed, result, _fake = run({"country_code": "US", "plan_group_id": "g",
                                  "query": "phone_plans[?contains(capabilities, 'InboundCalling')].phone_plan_id"})
    assert result["query_result"] == ["p-2"]


def test_query_that_fails_at_run_time_is_reported():
    failed, result, _fake = run({"country_code": "US", "plan_group_id": "g", "query": "phone_plans[0].phone_plan_id | abs(@)"})
    assert failed
    assert "The query" in result["msg"] and "failed" in result["msg"]


@pytest.mark.parametrize("code, start", [
    ("PhonePlanGroupNotFound", "Plan group 'g-x' is not offered in country 'US'"),
    ("CountryNotFound", "Country 'US' is not offered"),
    (None, "Not found (HTTP 404): country 'US' or plan group 'g-x' is not offered by this resource."),
])
def test_not_found_names_what_is_missing(code, start):
    error = error_for("GetPhonePlans failed with HTTP 404.", status=404, code=code, operation="GetPhonePlans")
    failed, result, _fake = run({"country_code": "US", "plan_group_id": "g-x"}, error=error)
    assert failed
    assert result["msg"].startswith(start)
