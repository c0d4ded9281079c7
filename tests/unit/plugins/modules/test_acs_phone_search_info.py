# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_phone_search_info: list summaries, searches read in full, by id or name, and unknown ids."""

from __future__ import annotations

from unittest import mock

import pytest

from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2020_07_20_preview1 as PN_API
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import error_for
from ansible_collections.acs.administration.plugins.modules import acs_phone_search_info

from .utils import run_legacy as run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"

SUMMARIES = [
    {"id": "s-1", "createdAt": "2020-11-21T03:42:48.6019273+00:00", "displayName": "line", "quantity": 2, "quantityObtained": 2,
     "status": "Success"},
    {"id": "s-2", "createdAt": "2020-11-21T03:50:00.0000000+00:00", "displayName": "spare", "quantity": 1, "quantityObtained": 1,
     "status": "Reserved"},
    {"id": "s-3", "createdAt": "2020-11-21T04:00:00.0000000+00:00", "displayName": "line", "quantity": 1, "quantityObtained": 0,
     "status": "Error"},
]


def full(search_id):
    summary = next(s for s in SUMMARIES if s["id"] == search_id)
    return {"searchId": search_id, "displayName": summary["displayName"], "createdAt": summary["createdAt"], "description": "d",
            "phonePlanIds": ["p-1"], "areaCode": "425", "quantity": summary["quantity"],
            "locationOptions": [{"name": "state", "value": "WA"}], "status": summary["status"],
            "phoneNumbers": ["+14255550100"], "reservationExpiryDate": "2020-11-21T04:16:00.0000000+00:00"}


def not_found(search_id):
    raise error_for("GetSearchById failed with HTTP 404.", status=404, code="SearchNotFound")


def run(args, get=full, list_error=None):
    lister = mock.Mock(side_effect=list_error, return_value=SUMMARIES)
    getter = mock.Mock(side_effect=lambda client, search_id: get(search_id))
    with mock.patch.object(PN_API, "list_searches", lister), mock.patch.object(PN_API, "get_search", getter):
        failed, result = run_module(acs_phone_search_info.main, dict({"connection_string": GOOD}, **args))
    return failed, result, lister, getter


@pytest.mark.parametrize("args, fragment", [
    ({"search_id": "s-1", "name": "line"}, "mutually exclusive"),
    ({"search_id": " "}, "search_id must not be empty"),
    ({"details": "maybe"}, "details"),
])
def test_bad_input_fails_before_any_request(args, fragment):
    failed, result, lister, getter = run(args)
    assert failed
    assert fragment in result["msg"]
    assert not lister.called and not getter.called


def test_list_in_summary():
    failed, result, lister, getter = run({"page_size": 2, "limit": 10})
    assert not failed
    assert lister.call_args.kwargs == {"limit": 10, "page_size": 2}
    assert not getter.called
    assert result["searches"][0] == {"search_id": "s-1", "created_at": "2020-11-21T03:42:48.6019273+00:00", "display_name": "line",
                                     "quantity": 2, "quantity_obtained": 2, "status": "Success"}
    assert [s["search_id"] for s in result["searches"]] == ["s-1", "s-2", "s-3"]


def test_details_reads_each_search_and_merges_the_summary():
    failed, result, _lister, getter = run({"details": True})
    assert not failed
    assert [c.args[1] for c in getter.call_args_list] == ["s-1", "s-2", "s-3"]
    first = result["searches"][0]
    assert first["search_id"] == "s-1"
    assert first["quantity_obtained"] == 2  # from the summary
    assert first["phone_numbers"] == ["+14255550100"]  # from the full read
    assert first["location_options"] == [{"name": "state", "value": "WA"}]
    assert first["reservation_expiry_date"] == "2020-11-21T04:16:00.0000000+00:00"
    assert "id" not in first


def test_search_id_reads_one_search_only():
    failed, result, lister, getter = run({"search_id": "s-2"})
    assert not failed
    assert not lister.called
    assert getter.call_args.args[1] == "s-2"
    assert len(result["searches"]) == 1
    assert result["searches"][0]["search_id"] == "s-2" and result["searches"][0]["area_code"] == "425"


def test_unknown_search_id_is_an_empty_list():
    failed, result, _lister, _getter = run({"search_id": "nope"}, get=not_found)
    assert not failed
    assert result["searches"] == []


def test_other_read_errors_fail():
    def boom(search_id):
        raise error_for("GetSearchById failed with HTTP 500.", status=500)
    failed, result, _lister, _getter = run({"search_id": "s-1"}, get=boom)
    assert failed
    assert result["msg"] == "Could not read search s-1: GetSearchById failed with HTTP 500."


def test_name_reads_every_match_in_full():
    failed, result, lister, getter = run({"name": "line", "limit": 1})
    assert not failed
    assert lister.call_args.kwargs["limit"] is None
    assert [c.args[1] for c in getter.call_args_list] == ["s-1"]
    assert [s["search_id"] for s in result["searches"]] == ["s-1"]
    assert result["searches"][0]["phone_numbers"] == ["+14255550100"]


def test_name_without_match():
    failed, result, _lister, getter = run({"name": "none"})
    assert not failed and result["searches"] == [] and not getter.called


def test_a_search_gone_between_list_and_read_keeps_its_summary():
    failed, result, _lister, _getter = run({"details": True}, get=not_found)
    assert not failed
    assert [s["search_id"] for s in result["searches"]] == ["s-1", "s-2", "s-3"]
    assert "phone_numbers" not in result["searches"][0]


def test_query():
    _failed, result, _lister, _getter = run({"query": "searches[?status=='Error'].search_id"})
    assert result["query_result"] == ["s-3"]


def test_list_error():
    error = error_for("GetAllSearches failed with HTTP 500.", status=500)
    failed, result, _lister, _getter = run({}, list_error=error)
    assert failed and result["msg"] == "Could not list the searches: GetAllSearches failed with HTTP 500."
