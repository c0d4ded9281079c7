# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_phone_number_info: input checks, the snake_case mapping of GetAllPhoneNumbers, and the filters."""

from __future__ import annotations

from unittest import mock

import pytest

from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2020_07_20_preview1 as PN_API
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import error_for
from ansible_collections.acs.administration.plugins.modules import acs_phone_number_info

from .utils import run_legacy as run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"


def number(value, caps):
    return {"phoneNumber": value, "acquiredCapabilities": caps, "availableCapabilities": caps + ["UserAssignment"],
            "assignmentStatus": "Unassigned", "placeName": "Toll-Free, United States", "activationState": "Activated"}


NUMBERS = [
    number("+18005550100", ["Azure", "InboundCalling", "TollFree"]),
    number("+18005550101", ["Azure", "InboundCalling", "TollFree"]),
    number("+12065550100", ["Azure", "OutboundCalling", "UserAssignment"]),
]


def run(args, numbers=None, error=None):
    fake = mock.Mock(side_effect=error, return_value=NUMBERS if numbers is None else numbers)
    with mock.patch.object(PN_API, "list_phone_numbers", fake):
        failed, result = run_module(acs_phone_number_info.main, dict({"connection_string": GOOD}, **args))
    return failed, result, fake


@pytest.mark.parametrize("args, fragment", [
    ({"phone_number": "18005550100"}, "not an E.164 number"),
    ({"phone_number": "+1 800 555 0100"}, "not an E.164 number"),
    ({"capabilities": ["Teleport"]}, "Got no match for: Teleport"),
    ({"locale": "fr_FR"}, "not a language-region pair"),
    ({"page_size": 0}, "page_size must be 1 or more"),
])
def test_bad_input_fails_before_any_request(args, fragment):
    failed, result, fake = run(args)
    assert failed
    assert fragment in result["msg"]
    assert not fake.called


def test_every_number_in_snake_case():
    failed, result, fake = run({"locale": "fr-CA", "page_size": 2, "limit": 2})
    assert not failed
    assert fake.call_args.args[1:] == ("fr-CA",)
    assert fake.call_args.kwargs == {"limit": 2, "page_size": 2}
    assert result["phone_numbers"][0] == {
        "phone_number": "+18005550100", "acquired_capabilities": ["Azure", "InboundCalling", "TollFree"],
        "available_capabilities": ["Azure", "InboundCalling", "TollFree", "UserAssignment"], "assignment_status": "Unassigned",
        "place_name": "Toll-Free, United States", "activation_state": "Activated"}
    assert len(result["phone_numbers"]) == 3  # the pager does the limit; the fake ignores it


def test_phone_number_filter():
    failed, result, fake = run({"phone_number": "+12065550100", "limit": 5})
    assert not failed
    assert fake.call_args.kwargs["limit"] is None
    assert [n["phone_number"] for n in result["phone_numbers"]] == ["+12065550100"]


def test_phone_number_not_acquired_is_an_empty_list():
    failed, result, _fake = run({"phone_number": "+19995550100"})
    assert not failed and result["phone_numbers"] == []


@pytest.mark.parametrize("caps, expected", [
    (["InboundCalling"], ["+18005550100", "+18005550101"]),
    (["InboundCalling", "TollFree"], ["+18005550100", "+18005550101"]),
    (["UserAssignment"], ["+12065550100"]),
    (["UserAssignment", "InboundCalling"], []),
    ([], ["+18005550100", "+18005550101", "+12065550100"]),
])
def test_capabilities_filter_needs_every_capability(caps, expected):
    _failed, result, _fake = run({"capabilities": caps})
    assert [n["phone_number"] for n in result["phone_numbers"]] == expected


def test_filter_with_limit_counts_matches():
    _failed, result, fake = run({"capabilities": ["InboundCalling"], "limit": 1})
    assert fake.call_args.kwargs["limit"] is None
    assert [n["phone_number"] for n in result["phone_numbers"]] == ["+18005550100"]


def test_both_filters_combine():
    _failed, result, _fake = run({"capabilities": ["TollFree"], "phone_number": "+12065550100"})
    assert result["phone_numbers"] == []


def test_query():
    _failed, result, _fake = run({"query": "phone_numbers[?contains(acquired_capabilities, 'UserAssignment')].phone_number"})
    assert result["query_result"] == ["+12065550100"]


def test_errors_are_reported_with_their_details():
    error = error_for("GetAllPhoneNumbers failed with HTTP 503 after 6 attempts.", status=503, operation="GetAllPhoneNumbers")
    failed, result, _fake = run({}, error=error)
    assert failed
    assert result["msg"] == "Could not list the acquired phone numbers: GetAllPhoneNumbers failed with HTTP 503 after 6 attempts."
    assert result["status"] == 503
