# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_user on the current identity API: the version chosen, validation before any request, and the desired-state
paths against a real emulator over HTTPS (custom ids, token in the create request, read before delete)."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_user

from .lifecycle_emulator import needs_emulator
from .utils import run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
USER = "8:acs:9b665d53-8164-4923-ad5d-5e983b07d2e7_00000006-c6bc-a766-ea7c-5a3a0d000078"


def params(**kwargs):
    base = dict(state="present", api_version=None, user_id=None, user_ids=None, custom_ids=None, count=None,
                token_scopes=None, token_expires_in_minutes=None, workers=8)
    base.update(kwargs)
    return base


@pytest.mark.parametrize("given, version", [
    (params(), "2023-10-01"),
    (params(count=3, token_scopes=["chat"]), "2023-10-01"),
    (params(custom_ids=["a"]), "2025-03-02-preview"),
    (params(state="absent", user_ids=[USER]), "2025-03-02-preview"),
    (params(state="absent", user_ids=[USER], api_version="2023-10-01"), "2023-10-01"),
    (params(api_version="2020-07-20-preview2"), "2020-07-20-preview2"),
])
def test_the_version_is_chosen_by_what_the_task_needs(given, version):
    assert acs_user.api_version(given) == version


@pytest.mark.parametrize("args, fragment", [
    (dict(custom_ids=["a"], api_version="2023-10-01"), "custom_ids is not available on api_version 2023-10-01"),
    (dict(token_scopes=["pstn"]), "scope 'pstn' is not available on api_version 2023-10-01"),
    (dict(token_scopes=["chat"], token_expires_in_minutes=1441), "between 60 and 1440, not 1441"),
    (dict(token_expires_in_minutes=60), "token_expires_in_minutes needs token_scopes"),
    (dict(custom_ids=["x" * 257]), "is 257 characters long"),
    (dict(custom_ids=["ok", ""]), "item '' is 0 characters long"),
    (dict(custom_ids=[]), "custom_ids is an empty list"),
    (dict(custom_ids=["a"], user_ids=[USER]), "mutually exclusive"),
    (dict(state="absent", custom_ids=["a"], token_scopes=["chat"]), "token_scopes only applies to state=present"),
])
def test_bad_input_fails_before_any_request(args, fragment):
    failed, result = run_module(acs_user.main, dict(args, connection_string=GOOD))
    assert failed
    assert fragment in result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


def test_check_mode_by_custom_id_sends_nothing():
    failed, result = run_module(acs_user.main, dict(connection_string=GOOD, custom_ids=["a", "b", "a"], token_scopes=["chat"],
                                                    _ansible_check_mode=True))
    assert not failed and result["changed"] and result["would_create"] == 2 and result["found"] == 0
    assert [u["custom_id"] for u in result["users"]] == ["a", "b"]
    assert result["stats"]["requests"] == 0


# -- against the emulator ---------------------------------------------------------------------------------------------

@needs_emulator
def test_custom_ids_create_then_find(emu):
    failed, first = run_module(acs_user.main, dict(emu.args, custom_ids=["ann", "bo"], token_scopes=["voip"],
                                                   token_expires_in_minutes=90))
    assert not failed and first["changed"] and first["created"] == 2
    emu.clear_requests()
    failed, again = run_module(acs_user.main, dict(emu.args, custom_ids=["bo", "ann"], token_scopes=["voip"]))
    assert not failed and again["changed"] is False and again["found"] == 2 and again["created"] == 0
    assert {u["custom_id"]: u["user_id"] for u in again["users"]} == {u["custom_id"]: u["user_id"] for u in first["users"]}
    assert all(u["token"] for u in again["users"])
    assert [(r["operation"], r["status"]) for r in emu.requests()] == [("CommunicationIdentity_Create", 200)] * 2
    assert emu.stats()["users_created"] == 2


@needs_emulator
def test_known_users_get_tokens_as_credentials(emu):
    failed, made = run_module(acs_user.main, dict(emu.args, count=2))
    assert not failed and all(u["token"] is None for u in made["users"])
    ids = [u["user_id"] for u in made["users"]]
    emu.clear_requests()
    failed, result = run_module(acs_user.main, dict(emu.args, user_ids=ids, token_scopes=["chat.join"]))
    assert not failed and result["changed"] is False and all(u["token"] for u in result["users"])
    assert sorted(emu.operations()) == ["IssueAccessToken", "IssueAccessToken"]


@needs_emulator
def test_absent_reads_first_and_sends_no_delete_for_a_user_that_is_gone(emu):
    failed, made = run_module(acs_user.main, dict(emu.args, custom_ids=["gone"]))
    user_id = made["user_id"]
    failed, result = run_module(acs_user.main, dict(emu.args, user_id=user_id, state="absent", _ansible_diff=True))
    assert not failed and result["changed"] and result["deleted"] == [user_id]
    assert result["diff"] == {"before": {"user_ids": [user_id]}, "after": {"user_ids": []}}
    emu.clear_requests()
    failed, result = run_module(acs_user.main, dict(emu.args, user_id=user_id, state="absent"))
    assert not failed and result["changed"] is False and result["already_absent"] == [user_id]
    assert emu.operations() == ["Get"]


@needs_emulator
def test_absent_by_custom_id_reports_a_change_only_when_the_user_existed(emu):
    run_module(acs_user.main, dict(emu.args, custom_ids=["leaver"]))
    failed, result = run_module(acs_user.main, dict(emu.args, custom_ids=["leaver", "never"], state="absent"))
    assert not failed and result["changed"] and len(result["deleted"]) == 1
    assert result["already_absent"] == ["never"]
    assert result["users"][0]["custom_id"] == "leaver"
    failed, result = run_module(acs_user.main, dict(emu.args, custom_ids=["leaver"], state="absent"))
    assert not failed and result["changed"] is False
    assert emu.stats()["users_created"] - emu.stats()["users_deleted"] == 0


@needs_emulator
def test_a_create_without_custom_id_whose_response_is_lost_is_not_resent(emu):
    emu.faults(rate=1.0, kinds=["lost_response"], operations=["CommunicationIdentity_Create"], seed=1)
    failed, result = run_module(acs_user.main, dict(emu.args, count=1, token_scopes=["chat"]))
    emu.clear_faults()
    assert failed and result["ambiguous"] == 1 and result["users"] == []
    assert "may or may not have created a user" in result["msg"]
    assert emu.operations() == ["Create"]
