# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_utils/drivers/locations.py: location trees to paths, and paths to the API's request shapes."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.module_utils.drivers.locations import (
    location_details, location_path_error, location_paths, location_query,
)


def city(name, value):
    return {"name": name, "value": value, "locationOptions": []}


# The shape GetPhonePlanLocationOptions returns (the live recording's state -> city, leaves with empty children).
API_TREE = {
    "labelId": "state", "labelName": "State",
    "options": [
        {"name": "CA", "value": "CA", "locationOptions": [
            {"labelId": "city", "labelName": "City", "options": [city("Los Angeles", "NOAM-US-CA-LA"), city("San Francisco", "NOAM-US-CA-SF")]},
        ]},
        {"name": "WA", "value": "WA", "locationOptions": [
            {"labelId": "city", "labelName": "City", "options": [city("Seattle", "NOAM-US-WA-SE")]},
        ]},
    ],
}

LA = [{"label_id": "state", "value": "CA"}, {"label_id": "city", "value": "NOAM-US-CA-LA"}]
SF = [{"label_id": "state", "value": "CA"}, {"label_id": "city", "value": "NOAM-US-CA-SF"}]
SE = [{"label_id": "state", "value": "WA"}, {"label_id": "city", "value": "NOAM-US-WA-SE"}]


def snake(tree):
    """The same tree with the modules' snake_case keys."""
    if isinstance(tree, list):
        return [snake(t) for t in tree]
    if not isinstance(tree, dict):
        return tree
    names = {"labelId": "label_id", "labelName": "label_name", "locationOptions": "location_options"}
    return {names.get(k, k): snake(v) for k, v in tree.items()}


def test_paths_of_a_two_level_tree_in_tree_order():
    assert location_paths(API_TREE) == [LA, SF, SE]


def test_snake_case_tree_gives_the_same_paths():
    assert location_paths(snake(API_TREE)) == [LA, SF, SE]


def test_response_wrapper_is_unwrapped():
    assert location_paths({"locationOptions": API_TREE}) == [LA, SF, SE]


@pytest.mark.parametrize("empty", [None, {}, [], {"labelId": "", "labelName": "", "options": []}, {"locationOptions": None}])
def test_tree_without_options_has_no_paths(empty):
    assert location_paths(empty) == []


def test_option_without_children_is_a_leaf_whatever_the_empty_form():
    tree = {"labelId": "state", "options": [
        {"name": "A", "value": "A"},                                              # no key
        {"name": "B", "value": "B", "locationOptions": None},                    # null
        {"name": "C", "value": "C", "locationOptions": [{"labelId": "city", "options": []}]},  # a child group with no options
    ]}
    assert location_paths(tree) == [[{"label_id": "state", "value": v}] for v in "ABC"]


def test_leaves_at_different_depths():
    tree = {"labelId": "state", "options": [
        {"name": "DC", "value": "DC"},
        {"name": "CA", "value": "CA", "locationOptions": [{"labelId": "city", "options": [city("Los Angeles", "NOAM-US-CA-LA")]}]},
    ]}
    assert location_paths(tree) == [[{"label_id": "state", "value": "DC"}], LA]


def test_three_levels():
    tree = {"labelId": "country", "options": [{"name": "US", "value": "US", "locationOptions": [API_TREE]}]}
    top = {"label_id": "country", "value": "US"}
    assert location_paths(tree) == [[top] + LA, [top] + SF, [top] + SE]


def test_several_child_groups_are_alternatives():
    tree = {"labelId": "state", "options": [{"name": "CA", "value": "CA", "locationOptions": [
        {"labelId": "city", "options": [city("Los Angeles", "NOAM-US-CA-LA")]},
        {"labelId": "region", "options": [city("Bay Area", "BAY")]},
    ]}]}
    assert location_paths(tree) == [LA, [{"label_id": "state", "value": "CA"}, {"label_id": "region", "value": "BAY"}]]


def test_a_list_of_top_groups():
    assert location_paths([API_TREE, {"labelId": "zone", "options": [city("Z", "Z1")]}]) == [LA, SF, SE, [{"label_id": "zone", "value": "Z1"}]]


def test_option_without_value_falls_back_to_its_name():
    assert location_paths({"labelId": "state", "options": [{"name": "CA"}]}) == [[{"label_id": "state", "value": "CA"}]]


def test_paths_do_not_share_step_dicts_with_each_other():
    paths = location_paths(API_TREE)
    paths[0][0]["value"] = "changed"
    assert paths[1][0]["value"] == "CA"


def test_query_shape_is_the_wire_example():
    # The body of the recorded GetAllAreaCodes request.
    assert location_query(LA) == [{"labelId": "state", "optionsValue": "CA"}, {"labelId": "city", "optionsValue": "NOAM-US-CA-LA"}]


def test_query_accepts_api_shaped_steps_too():
    assert location_query([{"labelId": "state", "optionsValue": "CA"}]) == [{"labelId": "state", "optionsValue": "CA"}]
    assert location_query([]) == []
    assert location_query(None) == []


def test_details_shape_for_create_search():
    assert location_details(SE) == [{"name": "state", "value": "WA"}, {"name": "city", "value": "NOAM-US-WA-SE"}]


def test_every_path_of_a_tree_is_valid_input():
    for path in location_paths(API_TREE):
        assert location_path_error(path) is None


@pytest.mark.parametrize("path, fragment", [
    ("CA", "must be a list"),
    ({"label_id": "state", "value": "CA"}, "must be a list"),
    (["CA"], "location_options[0] must be a dictionary"),
    ([{"label_id": "state"}], "location_options[0].value must be a non-empty string"),
    ([{"label_id": "state", "value": "CA"}, {"label_id": " ", "value": "X"}], "location_options[1].label_id must be a non-empty string"),
    ([{"label_id": "state", "value": 5}], "location_options[0].value must be a non-empty string, not 5"),
])
def test_bad_paths_are_named(path, fragment):
    error = location_path_error(path)
    assert error is not None and fragment in error
