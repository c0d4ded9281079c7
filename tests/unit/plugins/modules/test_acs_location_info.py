# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_location_info against the emulator: the tree in snake_case, its flat paths, and not-found messages."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_location_info

from .lifecycle_emulator import needs_emulator
from .utils import refused, runner

# the emulator's catalogue (tests/emulator/acs_emulator/data/catalog.json)
GEO_GROUP = "0f31a8ee-8833-52b5-9d68-35bf2f712158"
GEO_PLAN = "544f7088-7166-5a47-9d17-0e36fb0f65d1"        # Selection: state, then city
TOLL_FREE_GROUP = "2e5e7ab9-eef1-5855-b2ea-49707837418b"
TOLL_FREE_PLAN = "244d639a-b7d6-531f-8fd3-eb7ed0a667ff"  # NotRequired: no locations
PATH = "/administration/phonenumbers/countries/US/phoneplangroups/%s/phoneplans/%s/locationoptions"
CA = [[{"label_id": "state", "value": "CA"}, {"label_id": "city", "value": "NOAM-US-CA-LA"}],
      [{"label_id": "state", "value": "CA"}, {"label_id": "city", "value": "NOAM-US-CA-SF"}]]

run = runner(acs_location_info.main, country_code="US", plan_group_id=GEO_GROUP, phone_plan_id=GEO_PLAN)


@needs_emulator
@pytest.mark.parametrize("args, fragment", [
    ({"phone_plan_id": None}, "phone_plan_id is required with api_version 2020-07-20-preview1"),
    ({"country_code": "1"}, "not an ISO 3166 alpha-2"),
    ({"plan_group_id": ""}, "plan_group_id must not be empty"),
    ({"phone_plan_id": " "}, "phone_plan_id must not be empty"),
    ({"locale": "x"}, "not a language-region pair"),
    ({"limit": 3}, "limit does not exist in the phone numbers API 2020-07-20-preview1"),
])
def test_bad_input_fails_before_any_request(emu, args, fragment):
    assert fragment in refused(emu, run(emu, **args))


@needs_emulator
def test_tree_and_paths(emu):
    failed, result = run(emu, country_code="us", locale="fr-CA")
    assert not failed, result["msg"]
    (sent,) = emu.requests()
    assert (sent["path"], sent["query"]) == (PATH % (GEO_GROUP, GEO_PLAN), "locale=fr-CA&api-version=2020-07-20-preview1")
    tree = result["location_options"]
    assert tree["label_id"] == "state" and tree["label_name"] == "État"
    california = [o for o in tree["options"] if o["value"] == "CA"][0]
    assert california["location_options"][0]["options"][1] == {"name": "San Francisco", "value": "NOAM-US-CA-SF", "location_options": []}
    assert [p for p in result["location_paths"] if p[0]["value"] == "CA"] == CA
    assert len(result["location_paths"]) == sum(len(o["location_options"][0]["options"]) for o in tree["options"])


@needs_emulator
def test_plan_without_locations(emu):
    failed, result = run(emu, plan_group_id=TOLL_FREE_GROUP, phone_plan_id=TOLL_FREE_PLAN)
    assert not failed
    assert result["location_options"]["options"] == []
    assert result["location_paths"] == []


@needs_emulator
def test_an_empty_answer_is_an_empty_tree(emu):
    """An answer the emulator's model never gives (an empty object), staged by its `reply` fault."""
    emu.faults(rate=1, kinds=["reply"], operations=["PhoneNumberAdministration_GetPhonePlanLocationOptions"],
               reply={"status": 200, "body": {}})
    failed, result = run(emu)
    assert not failed, result["msg"]
    assert [r["fault"] for r in emu.requests()] == ["reply"]
    assert result["location_options"]["options"] == []
    assert result["location_paths"] == []


@needs_emulator
def test_query_picks_a_path_by_its_leaf(emu):
    _failed, result = run(emu, query="location_paths[?length([?value=='NOAM-US-CA-SF']) > `0`] | [0]")
    assert result["query_result"] == CA[1]


@needs_emulator
def test_query_over_the_tree(emu):
    _failed, result = run(emu, query="location_options.options[?value=='CA'].location_options[].options[].name")
    assert result["query_result"] == ["Los Angeles", "San Francisco"]


@needs_emulator
def test_unknown_plan_is_named(emu):
    failed, result = run(emu, phone_plan_id="p-x")
    assert failed
    assert result["msg"].startswith("Phone plan 'p-x' is not offered in plan group '%s' of country 'US'" % GEO_GROUP)
