# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_plan_group_info: input checks, the snake_case mapping of GetPhonePlanGroups, the type filter and not-found messages."""

from __future__ import annotations

from unittest import mock

import pytest

from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2020_07_20_preview1 as PN_API
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import error_for
from ansible_collections.acs.administration.plugins.modules import acs_plan_group_info

from .utils import run_legacy as run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"

GROUPS = [
    {"phonePlanGroupId": "g-geo", "phoneNumberType": "Geographic", "localizedName": "Geographic",
     "localizedDescription": "These are Toll numbers", "carrierDetails": {"name": "C", "localizedName": "Carrier"},
     "rateInformation": {"monthlyRate": 1.0, "currencyType": "USD", "rateErrorMessage": None}},
    {"phonePlanGroupId": "g-tf1", "phoneNumberType": "TollFree", "localizedName": "Toll Free", "localizedDescription": "TF"},
    {"phonePlanGroupId": "g-tf2", "phoneNumberType": "TollFree", "localizedName": "Toll Free 2", "localizedDescription": "TF2"},
]


def run(args, groups=None, error=None):
    fake = mock.Mock(side_effect=error, return_value=GROUPS if groups is None else groups)
    with mock.patch.object(PN_API, "list_plan_groups", fake):
        failed, result = run_module(acs_plan_group_info.main, dict({"connection_string": GOOD}, **args))
    return failed, result, fake


@pytest.mark.parametrize("args, fragment", [
    ({}, "missing required arguments: country_code"),
    ({"country_code": "USA"}, "not an ISO 3166 alpha-2 country code"),
    ({"country_code": "U1"}, "not an ISO 3166 alpha-2 country code"),
    ({"country_code": "US", "locale": "english"}, "not a language-region pair"),
    ({"country_code": "US", "phone_number_type": "Mobile"}, "phone_number_type must be one of"),
    ({"country_code": "US", "query": "plan_groups[?"}, "not a valid JMESPath expression"),
])
def test_bad_input_fails_before_any_request(args, fragment):
    failed, result, fake = run(args)
    assert failed
    assert fragment in result["msg"]
    assert not fake.called


def test_result_is_snake_case_and_arguments_reach_the_api():
    failed, result, fake = run({"country_code": "us", "locale": "fr-CA", "include_rate_information": True, "page_size": 2})
    assert not failed
    assert result["changed"] is False
    assert fake.call_args.args[1:] == ("US", "fr-CA", True)
    assert fake.call_args.kwargs == {"limit": None, "page_size": 2}
    first = result["plan_groups"][0]
    assert first == {"phone_plan_group_id": "g-geo", "phone_number_type": "Geographic", "localized_name": "Geographic",
                     "localized_description": "These are Toll numbers", "carrier_details": {"name": "C", "localized_name": "Carrier"},
                     "rate_information": {"monthly_rate": 1.0, "currency_type": "USD", "rate_error_message": None}}
    assert [g["phone_plan_group_id"] for g in result["plan_groups"]] == ["g-geo", "g-tf1", "g-tf2"]
    assert result["stats"]["requests"] == 0  # the fake sent nothing
    assert "query_result" not in result


def test_limit_without_filter_is_passed_to_the_pager():
    _failed, _result, fake = run({"country_code": "US", "limit": 1})
    assert fake.call_args.kwargs["limit"] == 1


def test_type_filter_reads_everything_then_applies_the_limit():
    failed, result, fake = run({"country_code": "US", "phone_number_type": "TollFree", "limit": 1, "page_size": 1})
    assert not failed
    assert fake.call_args.kwargs == {"limit": None, "page_size": 1}
    assert [g["phone_plan_group_id"] for g in result["plan_groups"]] == ["g-tf1"]


def test_type_filter_without_limit_keeps_every_match():
    _failed, result, _fake = run({"country_code": "US", "phone_number_type": "TollFree"})
    assert [g["phone_plan_group_id"] for g in result["plan_groups"]] == ["g-tf1", "g-tf2"]


def test_type_filter_with_no_match_is_an_empty_list():
    failed, result, _fake = run({"country_code": "US", "phone_number_type": "Indirect"})
    assert not failed and result["plan_groups"] == []


def test_query_picks_the_toll_free_group():
    _failed, result, _fake = run({"country_code": "US", "query": "plan_groups[?phone_number_type=='TollFree'].phone_plan_group_id | [0]"})
    assert result["query_result"] == "g-tf1"


def test_unknown_country_is_named():
    error = error_for("GetPhonePlanGroups failed with HTTP 404.", status=404, code="CountryNotFound", operation="GetPhonePlanGroups")
    failed, result, _fake = run({"country_code": "zz"}, error=error)
    assert failed
    assert result["msg"] == "Country 'ZZ' is not offered by this resource; acs.administration.acs_country_info lists the countries that are."
    assert result["status"] == 404 and result["error_code"] == "CountryNotFound"


def test_other_errors_keep_the_service_message():
    error = error_for("GetPhonePlanGroups failed with HTTP 500.", status=500, operation="GetPhonePlanGroups")
    failed, result, _fake = run({"country_code": "US"}, error=error)
    assert failed
    assert result["msg"] == "Could not list the plan groups of US: GetPhonePlanGroups failed with HTTP 500."
