# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_plan_group_info against the emulator: input checks, the snake_case mapping of GetPhonePlanGroups, the arguments
on the wire, the type filter and the not-found and service error messages."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_plan_group_info

from .lifecycle_emulator import needs_emulator
from .utils import refused, runner

# the emulator's US plan groups (tests/emulator/acs_emulator/data/catalog.json), in the service's order
GEO = "0f31a8ee-8833-52b5-9d68-35bf2f712158"
TOLL_FREE = "2e5e7ab9-eef1-5855-b2ea-49707837418b"
OUTBOUND = "7d1e0b86-5a3f-5e0c-9e4b-3b6f0a2c1d55"  # Geographic - Outbound Only
PATH = "/administration/phonenumbers/countries/US/phoneplangroups"

run = runner(acs_plan_group_info.main)


def queries(emu):
    """The query strings of the GetPhonePlanGroups requests sent."""
    return [r["query"] for r in emu.requests() if r["operation"] == "PhoneNumberAdministration_GetPhonePlanGroups"]


def ids(result):
    return [g["phone_plan_group_id"] for g in result["plan_groups"]]


@needs_emulator
@pytest.mark.parametrize("args, fragment", [
    ({}, "missing required arguments: country_code"),
    ({"country_code": "USA"}, "not an ISO 3166 alpha-2 country code"),
    ({"country_code": "U1"}, "not an ISO 3166 alpha-2 country code"),
    ({"country_code": "US", "locale": "english"}, "not a language-region pair"),
    ({"country_code": "US", "phone_number_type": "Mobile"}, "phone_number_type must be one of"),
    ({"country_code": "US", "query": "plan_groups[?"}, "not a valid JMESPath expression"),
])
def test_bad_input_fails_before_any_request(emu, args, fragment):
    assert fragment in refused(emu, run(emu, **args))


@needs_emulator
def test_result_is_snake_case_and_arguments_reach_the_api(emu):
    failed, result = run(emu, country_code="us", locale="fr-CA", include_rate_information=True, page_size=2)
    assert not failed, result["msg"]
    assert result["changed"] is False
    assert queries(emu) == ["locale=fr-CA&includeRateInformation=true&skip=%d&take=2&api-version=2020-07-20-preview1" % skip
                            for skip in (0, 2)]
    assert {r["path"] for r in emu.requests()} == {PATH}
    assert result["plan_groups"][0] == {
        "phone_plan_group_id": GEO, "phone_number_type": "Geographic", "localized_name": "Géographique",
        "localized_description": "Ce sont des numéros payants",
        "carrier_details": {"name": "ACS Emulator Carrier", "localized_name": "Opérateur de l'émulateur ACS"},
        "rate_information": {"monthly_rate": 1.0, "currency_type": "USD"}}
    assert ids(result) == [GEO, TOLL_FREE, OUTBOUND]
    assert result["stats"]["requests"] == 2
    assert "query_result" not in result


@needs_emulator
def test_limit_without_filter_is_passed_to_the_pager(emu):
    failed, result = run(emu, country_code="US", limit=1)
    assert not failed and ids(result) == [GEO]
    assert len(queries(emu)) == 1


@needs_emulator
def test_type_filter_reads_everything_then_applies_the_limit(emu):
    failed, result = run(emu, country_code="US", phone_number_type="Geographic", limit=1, page_size=1)
    assert not failed
    assert ids(result) == [GEO]
    # every page is read (the limit is not passed to the pager), one group per page, until the last page
    assert ["skip=%d&take=1" % n in q for n, q in enumerate(queries(emu))] == [True] * 4


@needs_emulator
def test_type_filter_without_limit_keeps_every_match(emu):
    _failed, result = run(emu, country_code="US", phone_number_type="Geographic")
    assert ids(result) == [GEO, OUTBOUND]


@needs_emulator
def test_type_filter_with_no_match_is_an_empty_list(emu):
    failed, result = run(emu, country_code="US", phone_number_type="Indirect")
    assert not failed and result["plan_groups"] == []


@needs_emulator
def test_query_picks_the_toll_free_group(emu):
    _failed, result = run(emu, country_code="US", query="plan_groups[?phone_number_type=='TollFree'].phone_plan_group_id | [0]")
    assert result["query_result"] == TOLL_FREE


@needs_emulator
def test_unknown_country_is_named(emu):
    failed, result = run(emu, country_code="zz")
    assert failed
    assert result["msg"] == "Country 'ZZ' is not offered by this resource; acs.administration.acs_country_info lists the countries that are."
    assert result["status"] == 404 and result["error_code"] == "CountryNotFound"


@needs_emulator
def test_other_errors_keep_the_service_message(emu):
    emu.faults(rate=1, kinds=["500"], operations=["PhoneNumberAdministration_GetPhonePlanGroups"])
    failed, result = run(emu, country_code="US", max_retries=0)
    assert failed
    assert result["msg"].startswith("Could not list the plan groups of US: GetPhonePlanGroups failed with HTTP 500. "
                                    "The service said: InternalServerError - Injected fault 500."), result["msg"]
