# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_release_info: list summaries, releases read in full (details keyed by phone number), and unknown ids."""

from __future__ import annotations

from unittest import mock

import pytest

from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2020_07_20_preview1 as PN_API
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import error_for
from ansible_collections.acs.administration.plugins.modules import acs_release_info

from .utils import run_legacy as run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"

# The live list shape: displayName "<missing>", no focDate.
SUMMARIES = [
    {"id": "r-1", "createdAt": "2020-11-21T03:42:48.6019273+00:00", "displayName": "<missing>", "quantity": 1, "quantityObtained": 1,
     "status": "Complete"},
    {"id": "r-2", "createdAt": "2020-11-21T03:50:00.0000000+00:00", "displayName": "<missing>", "quantity": 2, "quantityObtained": 0,
     "status": "Failed"},
]
FULL = {
    "r-1": {"releaseId": "r-1", "createdAt": "2020-11-21T03:42:48.6019273+00:00", "status": "Complete",
            "phoneNumberReleaseStatusDetails": {"+18005550100": {"status": "Success"}}},
    "r-2": {"releaseId": "r-2", "createdAt": "2020-11-21T03:50:00.0000000+00:00", "status": "Failed", "errorMessage": "Carrier said no",
            "phoneNumberReleaseStatusDetails": {"+18005550101": {"status": "Error", "errorCode": 12},
                                                "18005550102": {"status": "Error", "errorCode": 12}}},
}


def get_full(release_id):
    if release_id not in FULL:
        raise error_for("GetReleaseById failed with HTTP 404.", status=404, code="ReleaseNotFound")
    return FULL[release_id]


def run(args, get=get_full, list_error=None):
    lister = mock.Mock(side_effect=list_error, return_value=SUMMARIES)
    getter = mock.Mock(side_effect=lambda client, release_id: get(release_id))
    with mock.patch.object(PN_API, "list_releases", lister), mock.patch.object(PN_API, "get_release", getter):
        failed, result = run_module(acs_release_info.main, dict({"connection_string": GOOD}, **args))
    return failed, result, lister, getter


@pytest.mark.parametrize("args, fragment", [
    ({"release_id": ""}, "release_id must not be empty"),
    ({"name": "x"}, "Unsupported parameters"),
])
def test_bad_input_fails_before_any_request(args, fragment):
    failed, result, lister, getter = run(args)
    assert failed
    assert fragment in result["msg"]
    assert not lister.called and not getter.called


def test_list_in_summary():
    failed, result, lister, getter = run({"page_size": 1})
    assert not failed
    assert lister.call_args.kwargs == {"limit": None, "page_size": 1}
    assert not getter.called
    assert result["releases"][0] == {"release_id": "r-1", "created_at": "2020-11-21T03:42:48.6019273+00:00", "display_name": "<missing>",
                                     "quantity": 1, "quantity_obtained": 1, "status": "Complete"}


def test_release_id_reads_it_in_full_with_number_keys_kept():
    failed, result, lister, _getter = run({"release_id": "r-2"})
    assert not failed
    assert not lister.called
    assert result["releases"] == [{
        "release_id": "r-2", "created_at": "2020-11-21T03:50:00.0000000+00:00", "status": "Failed", "error_message": "Carrier said no",
        "phone_number_release_status_details": {"+18005550101": {"status": "Error", "error_code": 12},
                                                "18005550102": {"status": "Error", "error_code": 12}}}]


def test_unknown_release_id_is_an_empty_list():
    failed, result, _lister, _getter = run({"release_id": "nope"})
    assert not failed and result["releases"] == []


def test_details_merges_summary_and_full_read():
    failed, result, _lister, getter = run({"details": True})
    assert not failed
    assert getter.call_count == 2
    second = result["releases"][1]
    assert second["quantity"] == 2 and second["error_message"] == "Carrier said no"
    assert set(second["phone_number_release_status_details"]) == {"+18005550101", "18005550102"}


def test_query_over_numbers():
    _failed, result, _lister, _getter = run({"details": True, "query": "releases[?status=='Failed'].release_id"})
    assert result["query_result"] == ["r-2"]


def test_read_error_fails_with_the_id():
    def boom(release_id):
        raise error_for("GetReleaseById failed with HTTP 500.", status=500)
    failed, result, _lister, _getter = run({"release_id": "r-1"}, get=boom)
    assert failed and result["msg"] == "Could not read release r-1: GetReleaseById failed with HTTP 500."
