# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_user on the current identity API: the version chosen, validation before any request, and the desired-state
paths against a real emulator over HTTPS (custom ids, token in the create request, read before delete)."""

from __future__ import annotations

import ssl

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
    # the service answers 201 for a found user too (recorded, D17): the create-or-get asks for no token, so that its
    # lastTokenIssuedAt tells the user existed; the token is issued in a second request
    assert sorted((r["operation"], r["status"]) for r in emu.requests()) == \
        [("CommunicationIdentity_Create", 201)] * 2 + [("CommunicationIdentity_IssueAccessToken", 200)] * 2
    assert emu.stats()["users_created"] == 2


@needs_emulator
def test_custom_ids_without_tokens_are_found_on_a_rerun(emu):
    """Issue 26: without token_scopes a rerun reports changed=false and creates nothing, although the service answers 201."""
    failed, first = run_module(acs_user.main, dict(emu.args, custom_ids=["cy", "di"]))
    assert not failed and first["changed"] and first["created"] == 2 and first["found"] == 0
    assert all(u["token"] is None for u in first["users"])  # the marking token is discarded
    emu.clear_requests()
    failed, again = run_module(acs_user.main, dict(emu.args, custom_ids=["di", "cy"], _ansible_diff=True))
    assert not failed and again["changed"] is False and again["created"] == 0 and again["found"] == 2, again
    assert sorted(again["diff"]["before"]["user_ids"]) == sorted(u["user_id"] for u in first["users"])
    assert [(r["operation"], r["status"]) for r in emu.requests()] == [("CommunicationIdentity_Create", 201)] * 2
    assert emu.stats()["users_created"] == 2


@needs_emulator
def test_a_user_that_never_had_a_token_is_reported_created_once(emu):
    """What the API cannot tell: a user made elsewhere without a token looks new. It is reported as created once only."""
    made = emu.call("POST", "/identities", "api-version=2025-03-02-preview", {"customId": "elsewhere"})
    assert made.status_code == 201
    failed, first = run_module(acs_user.main, dict(emu.args, custom_ids=["elsewhere"]))
    assert not failed and first["changed"] and first["created"] == 1
    assert first["user_id"] == made.json()["identity"]["id"]
    failed, again = run_module(acs_user.main, dict(emu.args, custom_ids=["elsewhere"]))
    assert not failed and again["changed"] is False and again["found"] == 1 and again["created"] == 0
    assert emu.stats()["users_created"] == 1


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


def _seed_fault_then_none(kinds=("500",)):
    """A fault seed under which, at rate 0.5 with one kind, the first request gets the fault and the second does not
    (the emulator draws random() per request, then choice() of the kind when it strikes)."""
    import random  # pylint: disable=import-outside-toplevel
    for seed in range(1000):
        rng = random.Random(seed)
        if rng.random() < 0.5:
            rng.choice(list(kinds))
            if rng.random() >= 0.5:
                return seed
    raise AssertionError("no seed")


@needs_emulator
def test_a_resent_custom_id_create_is_counted_and_finds_the_user(emu):
    """A create by custom id answered 500 is re-sent by the client; the rerun finds the user (changed=false) and
    stats.retries counts the re-sent request (issue 27 item 15)."""
    failed, made = run_module(acs_user.main, dict(emu.args, custom_ids=["kept"]))
    assert not failed and made["changed"] and made["created"] == 1
    # The first create of the rerun is answered 500 (the emulator's 500 strikes before the service acts), the re-sent one 201.
    emu.faults(rate=0.5, kinds=["500"], operations=["CommunicationIdentity_Create"], seed=_seed_fault_then_none())
    emu.clear_requests()
    failed, again = run_module(acs_user.main, dict(emu.args, custom_ids=["kept"]))
    emu.clear_faults()
    assert [r["status"] for r in emu.requests()] == [500, 201]
    assert not failed and again["changed"] is False and again["created"] == 0 and again["found"] == 1, again
    assert again["user_id"] == made["user_id"]
    assert again["stats"]["requests"] == 2 and again["stats"]["retries"] == 1
    assert emu.stats()["users_created"] == 1


@needs_emulator
def test_a_lost_custom_id_create_is_resent_counted_and_reported_created_once(emu):
    """Issue 27 item 15: the re-sent creation is in stats.retries; the user the lost request created is reported as
    created (once), and found by the next run."""
    emu.faults(rate=0.5, kinds=["lost_response"], operations=["CommunicationIdentity_Create"], seed=_seed_fault_then_none(["lost_response"]))
    failed, first = run_module(acs_user.main, dict(emu.args, custom_ids=["lossy"], token_scopes=["chat"]))
    emu.clear_faults()
    sent = [(r["operation"], r["fault"]) for r in emu.requests()]
    assert sent[:2] == [("CommunicationIdentity_Create", "lost_response"), ("CommunicationIdentity_Create", None)]
    assert not failed and first["changed"] and first["created"] == 1 and first["found"] == 0, first
    assert first["stats"]["retries"] == 1 and first["stats"]["requests"] == 3  # create, create again, token
    failed, again = run_module(acs_user.main, dict(emu.args, custom_ids=["lossy"], token_scopes=["chat"]))
    assert not failed and again["changed"] is False and again["found"] == 1 and again["user_id"] == first["user_id"]
    assert again["stats"]["retries"] == 0
    assert emu.stats()["users_created"] == 1


@needs_emulator
def test_a_lost_create_without_custom_id_steers_to_custom_ids(emu):
    """Issue 20: plain count cannot recover a lost create (the API cannot list users): the message names custom_ids."""
    emu.faults(rate=1.0, kinds=["lost_response"], operations=["CommunicationIdentity_Create"], seed=1)
    failed, result = run_module(acs_user.main, dict(emu.args, count=1))
    emu.clear_faults()
    assert failed and result["ambiguous"] == 1
    assert "the API cannot list users, so such a user cannot be found again: name users with custom_ids" in result["msg"]


@needs_emulator
def test_the_workers_share_one_tls_context(emu, monkeypatch):
    """Each worker opens its own kept-alive connection; the CA file is read once for all of them, not once per
    connection (certifi's bundle takes some 25 ms to load: 16 workers spent 0.4 s of CPU on it)."""
    loaded = []
    real = ssl.SSLContext.load_verify_locations

    def counted(context, *args, **kwargs):
        loaded.append(args or kwargs)
        return real(context, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    failed, result = run_module(acs_user.main, dict(emu.args, count=64, token_scopes=["chat"], workers=16))
    assert not failed and result["created"] == 64 and result["stats"]["retries"] == 0
    assert len(loaded) == 1
