# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_area_code_info: location paths turned into the API's query, results, and not-found messages."""

from __future__ import annotations

from unittest import mock

import pytest

from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2020_07_20_preview1 as PN_API
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import error_for
from ansible_collections.acs.administration.plugins.modules import acs_area_code_info

from .utils import run_legacy as run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
ARGS = {"connection_string": GOOD, "country_code": "US", "phone_plan_id": "p-1", "location_type": "Selection"}
LA = [{"label_id": "state", "value": "CA"}, {"label_id": "city", "value": "NOAM-US-CA-LA"}]
ANSWER = {"primaryAreaCodes": ["213", "323"], "secondaryAreaCodes": ["818"], "nextLink": None}


def run(args, answer=None, error=None):
    fake = mock.Mock(side_effect=error, return_value=ANSWER if answer is None else answer)
    with mock.patch.object(PN_API, "get_area_codes", fake):
        failed, result = run_module(acs_area_code_info.main, {k: v for k, v in dict(ARGS, **args).items() if v is not None})
    return failed, result, fake


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
def test_bad_input_fails_before_any_request(args, fragment):
    failed, result, fake = run(args)
    assert failed
    assert fragment in result["msg"]
    assert not fake.called


def test_a_path_becomes_the_api_query():
    failed, result, fake = run({"country_code": "us", "location_options": LA})
    assert not failed
    assert fake.call_args.args[1:] == ("US", "Selection", "p-1", [{"labelId": "state", "optionsValue": "CA"},
                                                                  {"labelId": "city", "optionsValue": "NOAM-US-CA-LA"}])
    assert result["primary_area_codes"] == ["213", "323"]
    assert result["secondary_area_codes"] == ["818"]
    assert "next_link" not in result and "nextLink" not in result


def test_without_location_and_with_an_empty_answer():
    failed, result, fake = run({"location_type": "NotRequired"}, answer={})
    assert not failed
    assert fake.call_args.args[1:] == ("US", "NotRequired", "p-1", [])
    assert result["primary_area_codes"] == [] and result["secondary_area_codes"] == []


def test_query():
    _failed, result, _fake = run({"query": "primary_area_codes[0]"})
    assert result["query_result"] == "213"


def test_unknown_plan_is_named():
    error = error_for("GetAllAreaCodes failed with HTTP 404.", status=404, code="PhonePlanNotFound")
    failed, result, _fake = run({"phone_plan_id": "p-x"}, error=error)
    assert failed
    assert result["msg"].startswith("Phone plan 'p-x' is not offered in country 'US'")


def test_wrong_location_type_keeps_the_service_reason():
    error = error_for("GetAllAreaCodes failed with HTTP 400. The service said: InvalidLocationType - no.", status=400,
                      code="InvalidLocationType")
    failed, result, _fake = run({}, error=error)
    assert failed
    assert result["msg"] == "Could not list the area codes of plan p-1: GetAllAreaCodes failed with HTTP 400. The service said: InvalidLocationType - no."
