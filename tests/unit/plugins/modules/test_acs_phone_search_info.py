# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_phone_search_info against an emulator holding three searches (two named "line"): summaries, details merged from
each search's full read, the id and name filters, queries and errors. A search gone between the list and its read (a
race the emulator's model cannot stage) is its `reply` fault answering SearchNotFound to the reads."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_phone_search_info

from .lifecycle_emulator import needs_emulator
from .utils import refused, runner

# the emulator's catalogue (tests/emulator/acs_emulator/data/catalog.json)
TOLL_FREE_PLAN = "244d639a-b7d6-531f-8fd3-eb7ed0a667ff"
GEO_PLAN = "544f7088-7166-5a47-9d17-0e36fb0f65d1"  # does not list area code 833: a search for it ends Error (1000)
SEARCHES = "/administration/phonenumbers/searches"
VERSION = "api-version=2020-07-20-preview1"


def _create(emu, name, quantity, plan):
    response = emu.call("POST", SEARCHES, VERSION, {"displayName": name, "description": "d", "phonePlanIds": [plan], "areaCode": "833",
                                                    "quantity": quantity})
    assert response.status_code == 201, response.text
    return response.json()["searchId"]


def hold(emu):
    """This module's own emulator (modules/conftest.py) with, newest first: "line" (Error), "spare" (Reserved), "line"
    (Success, 2 numbers)."""
    bought = _create(emu, "line", 2, TOLL_FREE_PLAN)
    emu.advance(10)
    assert emu.call("POST", "%s/%s/purchase" % (SEARCHES, bought), VERSION).status_code == 202
    emu.advance(60)
    spare = _create(emu, "spare", 1, TOLL_FREE_PLAN)
    emu.ids = [_create(emu, "line", 1, GEO_PLAN), spare, bought]  # listed newest first
    emu.advance(10)


run = runner(acs_phone_search_info.main)


def reads(emu):
    """The ids of the searches read one by one (GetSearchById)."""
    return [r["path"].rsplit("/", 1)[1] for r in emu.requests() if r["operation"] == "PhoneNumberAdministration_GetSearchById"]


def lists(emu):
    return [r["query"] for r in emu.requests() if r["operation"] == "PhoneNumberAdministration_GetAllSearches"]


@needs_emulator
@pytest.mark.parametrize("args, fragment", [
    ({"search_id": "s-1", "name": "line"}, "mutually exclusive"),
    ({"search_id": " "}, "search_id must not be empty"),
    ({"details": "maybe"}, "details"),
])
def test_bad_input_fails_before_any_request(emu, args, fragment):
    assert fragment in refused(emu, run(emu, **args))


@needs_emulator
def test_list_in_summary(emu):
    failed, result = run(emu, page_size=2, limit=10)
    assert not failed
    assert lists(emu) == ["skip=0&take=2&" + VERSION, "skip=2&take=2&" + VERSION] and reads(emu) == []
    first = result["searches"][0]
    assert set(first) == {"search_id", "created_at", "display_name", "quantity", "quantity_obtained", "status"}
    assert (first["search_id"], first["display_name"], first["quantity"], first["quantity_obtained"], first["status"]) == (
        emu.ids[0], "line", 1, 0, "Error")
    assert [s["search_id"] for s in result["searches"]] == emu.ids


@needs_emulator
def test_details_reads_each_search_and_merges_the_summary(emu):
    failed, result = run(emu, details=True)
    assert not failed
    assert reads(emu) == emu.ids
    bought = result["searches"][2]
    assert bought["search_id"] == emu.ids[2]
    assert bought["quantity_obtained"] == 2  # from the summary
    assert bought["phone_numbers"] == ["+18335550100", "+18335550101"]  # from the full read
    assert bought["location_options"] == [] and bought["phone_plan_ids"] == [TOLL_FREE_PLAN]
    assert bought["reservation_expiry_date"]
    assert "id" not in bought


@needs_emulator
def test_search_id_reads_one_search_only(emu):
    failed, result = run(emu, search_id=emu.ids[1])
    assert not failed
    assert lists(emu) == [] and reads(emu) == [emu.ids[1]]
    assert len(result["searches"]) == 1
    assert result["searches"][0]["search_id"] == emu.ids[1] and result["searches"][0]["area_code"] == "833"


@needs_emulator
def test_unknown_search_id_is_an_empty_list(emu):
    failed, result = run(emu, search_id="nope")
    assert not failed
    assert result["searches"] == []


@needs_emulator
def test_other_read_errors_fail(emu):
    emu.faults(rate=1, kinds=["500"], operations=["PhoneNumberAdministration_GetSearchById"])
    failed, result = run(emu, search_id=emu.ids[2], max_retries=0)
    assert failed
    assert result["msg"].startswith("Could not read search %s: GetSearchById failed with HTTP 500." % emu.ids[2]), result["msg"]


@needs_emulator
def test_name_reads_every_match_in_full(emu):
    failed, result = run(emu, name="line", limit=1, page_size=1)
    assert not failed
    assert len(lists(emu)) == 4  # the limit is not passed to the pager: every page is read
    assert reads(emu) == [emu.ids[0]]
    assert [s["search_id"] for s in result["searches"]] == [emu.ids[0]]
    assert result["searches"][0]["error_code"] == 1000 and result["searches"][0]["phone_numbers"] == []


@needs_emulator
def test_name_without_match(emu):
    failed, result = run(emu, name="none")
    assert not failed and result["searches"] == [] and reads(emu) == []


@needs_emulator
def test_a_search_gone_between_list_and_read_keeps_its_summary(emu):
    emu.faults(rate=1, kinds=["reply"], operations=["PhoneNumberAdministration_GetSearchById"],
               reply={"status": 404, "body": {"error": {"code": "SearchNotFound", "message": "The search was not found."}}})
    failed, result = run(emu, details=True)
    assert not failed, result["msg"]
    assert reads(emu) == emu.ids  # each read answered 404
    assert [s["search_id"] for s in result["searches"]] == emu.ids
    assert "phone_numbers" not in result["searches"][2] and result["searches"][2]["quantity_obtained"] == 2


@needs_emulator
def test_query(emu):
    _failed, result = run(emu, query="searches[?status=='Error'].search_id")
    assert result["query_result"] == [emu.ids[0]]


@needs_emulator
def test_list_error(emu):
    emu.faults(rate=1, kinds=["500"], operations=["PhoneNumberAdministration_GetAllSearches"])
    failed, result = run(emu, max_retries=0)
    assert failed and result["msg"].startswith("Could not list the searches: GetAllSearches failed with HTTP 500."), result["msg"]
