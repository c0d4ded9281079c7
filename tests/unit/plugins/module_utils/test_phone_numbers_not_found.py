# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""errors.not_found_message / error_message: a sentence naming what was not found instead of the HTTP error."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport.errors import (
    ACSNotFoundError, error_for, error_message, not_found_message)

CHAIN = {"country_code": "US", "plan_group_id": "G1", "phone_plan_id": "P1"}


def err(status, code=None):
    """The error the client raises for this answer."""
    return error_for("GetPhonePlans failed with HTTP %s." % status, status=status, code=code, operation="GetPhonePlans")


@pytest.mark.parametrize("status, code, expected", [
    (404, None, True),
    (404, "CountryNotFound", True),
    (400, "InvalidPhonePlanId", True),
    (400, "PhonePlanNotFound", True),
    (400, "InvalidLocationType", False),
    (400, "InvalidQueryParameter", False),
    (400, None, False),
    (409, "SearchNotFound", False),
    (500, None, False),
    (None, None, False),
])
def test_is_not_found(status, code, expected):
    assert isinstance(err(status, code), ACSNotFoundError) is expected


@pytest.mark.parametrize("code, scope, start", [
    ("CountryNotFound", CHAIN, "Country 'US' is not offered by this resource"),
    ("PhonePlanGroupNotFound", CHAIN, "Plan group 'G1' is not offered in country 'US'"),
    ("PhonePlanNotFound", CHAIN, "Phone plan 'P1' is not offered in plan group 'G1' of country 'US'"),
    ("PhonePlanNotFound", {"country_code": "US", "phone_plan_id": "P1"}, "Phone plan 'P1' is not offered in country 'US'"),
    ("InvalidPhonePlanId", {"country_code": "US", "phone_plan_id": "P1"}, "Phone plan 'P1' is not offered in country 'US'"),
    ("SearchNotFound", {"search_id": "S1"}, "Search 'S1' does not exist"),
    ("ReleaseNotFound", {"release_id": "R1"}, "Release 'R1' does not exist"),
    ("PhoneNumberNotFound", {"phone_number": "+14255550100"}, "Phone number '+14255550100' is not acquired"),
])
def test_the_error_code_names_the_culprit(code, scope, start):
    assert not_found_message(err(404 if "NotFound" in code else 400, code), **scope).startswith(start)


def test_without_a_code_a_single_candidate_is_named():
    assert not_found_message(err(404), country_code="ZZ").startswith("Country 'ZZ' is not offered")


def test_without_a_code_every_candidate_is_named():
    message = not_found_message(err(404), **CHAIN)
    assert message == "Not found (HTTP 404): country 'US', plan group 'G1' or phone plan 'P1' is not offered by this resource."


def test_none_values_are_not_candidates():
    assert not_found_message(err(404), country_code="US", plan_group_id=None).startswith("Country 'US'")


def test_other_errors_are_not_rewritten():
    assert not_found_message(err(500), **CHAIN) is None
    assert not_found_message(err(400, "InvalidLocationType"), **CHAIN) is None
    assert not_found_message(err(404)) is None
    assert error_message(err(500), "Could not list the plans", **CHAIN) == "Could not list the plans: GetPhonePlans failed with HTTP 500."


def test_error_message_prefers_the_sentence():
    assert error_message(err(404, "CountryNotFound"), "Could not list", **CHAIN).startswith("Country 'US'")
