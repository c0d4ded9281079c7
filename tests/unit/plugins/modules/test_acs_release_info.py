# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_release_info against an emulator holding two releases, one Complete and one Failed (the recorded list shape:
displayName "<missing>", no focDate): summaries, full reads with the number keys kept, queries and errors."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_release_info

from .lifecycle_emulator import needs_emulator
from .utils import refused, runner

TOLL_FREE_PLAN = "244d639a-b7d6-531f-8fd3-eb7ed0a667ff"  # the emulator's US toll-free plan (area code 833)
PN = "/administration/phonenumbers"
VERSION = "api-version=2020-07-20-preview1"
TF1, TF2, TF3 = "+18335550100", "+18335550101", "+18335550102"  # the first numbers of the 833 pool


def _release(emu, numbers):
    response = emu.call("POST", PN + "/releases", VERSION, {"phoneNumbers": numbers})
    assert response.status_code == 200, response.text
    emu.advance(60)
    return response.json()["releaseId"]


def hold(emu):
    """This module's own emulator (modules/conftest.py) with, newest first: a release of TF2 and TF3 that Failed, one of
    TF1 Complete."""
    search = emu.call("POST", PN + "/searches", VERSION, {"displayName": "three", "description": "d", "phonePlanIds": [TOLL_FREE_PLAN],
                                                          "areaCode": "833", "quantity": 3}).json()["searchId"]
    emu.advance(10)
    assert emu.call("POST", "%s/searches/%s/purchase" % (PN, search), VERSION).status_code == 202
    emu.advance(60)
    complete = _release(emu, [TF1])
    emu.failures(release={"next": 1})
    emu.ids = [_release(emu, [TF2, TF3]), complete]


run = runner(acs_release_info.main)


def operations(emu):
    return [r["operation"].split("_", 1)[1] for r in emu.requests()]


@needs_emulator
@pytest.mark.parametrize("args, fragment", [
    ({"release_id": ""}, "release_id must not be empty"),
    ({"name": "x"}, "Unsupported parameters"),
])
def test_bad_input_fails_before_any_request(emu, args, fragment):
    assert fragment in refused(emu, run(emu, **args))


@needs_emulator
def test_list_in_summary(emu):
    failed, result = run(emu, page_size=1)
    assert not failed
    assert [r["query"] for r in emu.requests()] == ["skip=%d&take=1&%s" % (n, VERSION) for n in range(3)]  # no full read
    complete = result["releases"][1]
    assert set(complete) == {"release_id", "created_at", "display_name", "quantity", "quantity_obtained", "status"}
    assert (complete["release_id"], complete["display_name"], complete["quantity"], complete["quantity_obtained"],
            complete["status"]) == (emu.ids[1], "<missing>", 1, 1, "Complete")


@needs_emulator
def test_release_id_reads_it_in_full_with_number_keys_kept(emu):
    failed, result = run(emu, release_id=emu.ids[0])
    assert not failed
    assert operations(emu) == ["GetReleaseById"]
    (release,) = result["releases"]
    assert (release["release_id"], release["status"], release["error_message"]) == (
        emu.ids[0], "Failed", "The carrier could not complete the release.")
    assert release["created_at"]
    assert release["phone_number_release_status_details"] == {TF2: {"status": "Error", "error_code": 1012},
                                                              TF3: {"status": "Error", "error_code": 1012}}


@needs_emulator
def test_unknown_release_id_is_an_empty_list(emu):
    failed, result = run(emu, release_id="nope")
    assert not failed and result["releases"] == []


@needs_emulator
def test_details_merges_summary_and_full_read(emu):
    failed, result = run(emu, details=True)
    assert not failed
    assert operations(emu).count("GetReleaseById") == 2
    failed_release = result["releases"][0]
    assert failed_release["quantity"] == 2 and failed_release["error_message"] == "The carrier could not complete the release."
    assert set(failed_release["phone_number_release_status_details"]) == {TF2, TF3}


@needs_emulator
def test_query_over_numbers(emu):
    _failed, result = run(emu, details=True, query="releases[?status=='Failed'].release_id")
    assert result["query_result"] == [emu.ids[0]]


@needs_emulator
def test_read_error_fails_with_the_id(emu):
    emu.faults(rate=1, kinds=["500"], operations=["PhoneNumberAdministration_GetReleaseById"])
    failed, result = run(emu, release_id=emu.ids[1], max_retries=0)
    assert failed
    assert result["msg"].startswith("Could not read release %s: GetReleaseById failed with HTTP 500." % emu.ids[1]), result["msg"]
