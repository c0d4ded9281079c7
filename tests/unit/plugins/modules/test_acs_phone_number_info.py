# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_phone_number_info against the emulator holding two toll-free numbers and one geographic number: the snake_case
mapping of GetAllPhoneNumbers, the number and capabilities filters, limits, queries and errors."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_phone_number_info, acs_phone_search

from .lifecycle_emulator import needs_emulator
from .utils import refused, run_legacy as run_module, runner

# the emulator's catalogue (tests/emulator/acs_emulator/data/catalog.json)
TOLL_FREE_PLAN = "244d639a-b7d6-531f-8fd3-eb7ed0a667ff"
GEO_PLAN = "544f7088-7166-5a47-9d17-0e36fb0f65d1"
BIRMINGHAM = [{"label_id": "state", "options_value": "AL"}, {"label_id": "city", "options_value": "NOAM-US-AL-BI"}]
TF1, TF2, GEO = "+18335550100", "+18335550101", "+12055550100"  # the first numbers of the 833 and 205 pools


def hold(emu):
    """This module's own emulator (modules/conftest.py) holds TF1, TF2 (toll free) and GEO (Birmingham)."""
    for name, args in (("tf", {"phone_plan_ids": [TOLL_FREE_PLAN], "area_code": "833", "quantity": 2}),
                       ("bham", {"phone_plan_ids": [GEO_PLAN], "area_code": "205", "quantity": 1, "location_options": BIRMINGHAM})):
        failed, result = run_module(acs_phone_search.main, dict(emu.args, name=name, state="purchased", **args))
        assert not failed, result["msg"]


run = runner(acs_phone_number_info.main)


def found(result):
    return [n["phone_number"] for n in result["phone_numbers"]]


@needs_emulator
@pytest.mark.parametrize("args, fragment", [
    ({"phone_number": "18005550100"}, "not an E.164 number"),
    ({"phone_number": "+1 800 555 0100"}, "not an E.164 number"),
    ({"capabilities": ["Teleport"]}, "Got no match for: Teleport"),
    ({"locale": "fr_FR"}, "not a language-region pair"),
    ({"page_size": 0}, "page_size must be 1 or more"),
])
def test_bad_input_fails_before_any_request(emu, args, fragment):
    assert fragment in refused(emu, run(emu, **args))


@needs_emulator
def test_every_number_in_snake_case(emu):
    failed, result = run(emu, locale="fr-CA", page_size=2, limit=2)
    assert not failed, result["msg"]
    assert [r["query"] for r in emu.requests()] == ["locale=fr-CA&skip=0&take=2&api-version=2020-07-20-preview1"]
    assert result["phone_numbers"][0] == {
        "phone_number": TF1, "acquired_capabilities": ["Azure", "InboundCalling", "OutboundCalling", "ThirdPartyAppAssignment", "TollFree"],
        "available_capabilities": ["Azure", "InboundCalling", "OutboundCalling", "InboundA2PSms", "OutboundA2PSms",
                                   "ThirdPartyAppAssignment", "TollFree", "Office365", "ConferenceAssignment", "FirstPartyAppAssignment"],
        "assignment_status": "Unassigned", "place_name": "Toll-Free, États-Unis", "activation_state": "Activated"}
    assert found(result) == [TF1, TF2]  # the pager stops at the limit
    assert found(run(emu)[1]) == [TF1, TF2, GEO]


@needs_emulator
def test_phone_number_filter(emu):
    failed, result = run(emu, phone_number=GEO, limit=1, page_size=1)
    assert not failed
    assert len(emu.requests()) == 4  # the limit is not passed to the pager: every page is read, one number per page
    assert found(result) == [GEO]


@needs_emulator
def test_phone_number_not_acquired_is_an_empty_list(emu):
    failed, result = run(emu, phone_number="+19995550100")
    assert not failed and result["phone_numbers"] == []


@needs_emulator
@pytest.mark.parametrize("caps, expected", [
    (["TollFree"], [TF1, TF2]),
    (["InboundCalling", "TollFree"], [TF1, TF2]),
    (["Geographic"], [GEO]),
    (["Geographic", "TollFree"], []),
    ([], [TF1, TF2, GEO]),
])
def test_capabilities_filter_needs_every_capability(emu, caps, expected):
    _failed, result = run(emu, capabilities=caps)
    assert found(result) == expected


@needs_emulator
def test_filter_with_limit_counts_matches(emu):
    _failed, result = run(emu, capabilities=["TollFree"], limit=1, page_size=1)
    assert len(emu.requests()) == 4  # every page is read, then the limit applies to the matches
    assert found(result) == [TF1]


@needs_emulator
def test_both_filters_combine(emu):
    _failed, result = run(emu, capabilities=["TollFree"], phone_number=GEO)
    assert result["phone_numbers"] == []


@needs_emulator
def test_query(emu):
    _failed, result = run(emu, query="phone_numbers[?contains(acquired_capabilities, 'Geographic')].phone_number")
    assert result["query_result"] == [GEO]


@needs_emulator
def test_errors_are_reported_with_their_details(emu):
    emu.faults(rate=1, kinds=["503"], operations=["PhoneNumberAdministration_GetAllPhoneNumbers"], retry_after=0)
    failed, result = run(emu, max_retries=1)
    assert failed
    assert result["msg"].startswith("Could not list the acquired phone numbers: GetAllPhoneNumbers failed with HTTP 503 after "
                                    "2 attempts. The service said: ServiceUnavailable - Injected fault 503."), result["msg"]
    assert result["status"] == 503
