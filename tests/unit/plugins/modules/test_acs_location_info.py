# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_location_info: the tree in snake_case, its flat paths, and not-found messages."""

from __future__ import annotations

from unittest import mock

import pytest

from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2020_07_20_preview1 as PN_API
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import error_for
from ansible_collections.acs.administration.plugins.modules import acs_location_info

from .utils import run_legacy as run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
ARGS = {"connection_string": GOOD, "country_code": "US", "plan_group_id": "g-1", "phone_plan_id": "p-1"}

TREE = {"labelId": "state", "labelName": "State", "options": [
    {"name": "CA", "value": "CA", "locationOptions": [{"labelId": "city", "labelName": "City", "options": [
        {"name": "Los Angeles", "value": "NOAM-US-CA-LA", "locationOptions": []},
        {"name": "San Francisco", "value": "NOAM-US-CA-SF", "locationOptions": []}]}]},
]}


def run(args, tree=None, error=None):
    fake = mock.Mock(side_effect=error, return_value=TREE if tree is None else tree)
    with mock.patch.object(PN_API, "get_location_options", fake):
        failed, result = run_module(acs_location_info.main, dict(ARGS, **args))
    return failed, result, fake


@pytest.mark.parametrize("args, fragment", [
    ({"phone_plan_id": None}, "phone_plan_id is required with api_version 2020-07-20-preview1"),
    ({"country_code": "1"}, "not an ISO 3166 alpha-2"),
    ({"plan_group_id": ""}, "plan_group_id must not be empty"),
    ({"phone_plan_id": " "}, "phone_plan_id must not be empty"),
    ({"locale": "x"}, "not a language-region pair"),
    ({"limit": 3}, "limit does not exist in the phone numbers API 2020-07-20-preview1"),
])
def test_bad_input_fails_before_any_request(args, fragment):
    args = {k: v for k, v in dict(ARGS, **args).items() if v is not None}
    fake = mock.Mock(return_value=TREE)
    with mock.patch.object(PN_API, "get_location_options", fake):
        failed, result = run_module(acs_location_info.main, args)
    assert failed
    assert fragment in result["msg"]
    assert not fake.called


def test_tree_and_paths():
    failed, result, fake = run({"country_code": "us", "locale": "fr-CA"})
    assert not failed
    assert fake.call_args.args[1:] == ("US", "g-1", "p-1", "fr-CA")
    tree = result["location_options"]
    assert tree["label_id"] == "state" and tree["label_name"] == "State"
    assert tree["options"][0]["location_options"][0]["options"][1] == {"name": "San Francisco", "value": "NOAM-US-CA-SF", "location_options": []}
    assert result["location_paths"] == [
        [{"label_id": "state", "value": "CA"}, {"label_id": "city", "value": "NOAM-US-CA-LA"}],
        [{"label_id": "state", "value": "CA"}, {"label_id": "city", "value": "NOAM-US-CA-SF"}],
    ]


@pytest.mark.parametrize("empty", [{}, {"labelId": "", "labelName": "", "options": []}])
def test_plan_without_locations(empty):
    failed, result, _fake = run({}, tree=empty)
    assert not failed
    assert result["location_options"]["options"] == []
    assert result["location_paths"] == []


def test_query_picks_a_path_by_its_leaf():
    _failed, result, _fake = run({"query": "location_paths[?length([?value=='NOAM-US-CA-SF']) > `0`] | [0]"})
    assert result["query_result"] == [{"label_id": "state", "value": "CA"}, {"label_id": "city", "value": "NOAM-US-CA-SF"}]


def test_query_over_the_tree():
    _failed, result, _fake = run({"query": "location_options.options[].location_options[].options[].name"})
    assert result["query_result"] == ["Los Angeles", "San Francisco"]


def test_unknown_plan_is_named():
    error = error_for("GetPhonePlanLocationOptions failed with HTTP 404.", status=404, code="PhonePlanNotFound")
    failed, result, _fake = run({"phone_plan_id": "p-x"}, error=error)
    assert failed
    assert result["msg"].startswith("Phone plan 'p-x' is not offered in plan group 'g-1' of country 'US'")
