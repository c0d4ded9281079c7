# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_token on the current identity API: validation before any request, and issue / reuse / revoke against a real
emulator over HTTPS."""

from __future__ import annotations

import time

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport.dates import parse_datetime
from ansible_collections.acs.administration.plugins.modules import acs_token, acs_user

from .lifecycle_emulator import needs_emulator
from .utils import run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
USER = "8:acs:9b665d53-8164-4923-ad5d-5e983b07d2e7_00000006-c6bc-a766-ea7c-5a3a0d000078"


@pytest.mark.parametrize("args, fragment", [
    (dict(scopes=["pstn"]), "scope 'pstn' is not available on api_version 2023-10-01; it needs api_version 2020-07-20-preview2"),
    (dict(scopes=["chat"], expires_in_minutes=59), "expires_in_minutes must be between 60 and 1440, not 59."),
    (dict(scopes=["chat"], expires_in_minutes=60, api_version="2020-07-20-preview2"),
     "expires_in_minutes is not available on api_version 2020-07-20-preview2"),
    (dict(state="revoked", tokens_valid_from="2024-01-01T00:00:00Z"),
     "tokens_valid_from is not available on api_version 2023-10-01; it needs api_version 2020-07-20-preview2."),
    (dict(state="revoked", expires_in_minutes=60), "expires_in_minutes only applies to state=present."),
    (dict(), "state=present needs scopes: one or more of chat, voip, chat.join, chat.join.limited, voip.join."),
])
def test_bad_input_fails_before_any_request(args, fragment):
    failed, result = run_module(acs_token.main, dict(args, connection_string=GOOD, user_id=USER))
    assert failed
    assert fragment in result["msg"]
    assert result["stats"]["requests"] == 0


@pytest.fixture
def user(emulator):
    emulator.reset(clock=True)
    failed, made = run_module(acs_user.main, dict(emulator.args, custom_ids=["tok"]))
    assert not failed
    emulator.clear_requests()
    return made["user_id"]


@needs_emulator
def test_issue_reuse_new_scopes_revoke(emulator, user):
    failed, first = run_module(acs_token.main, dict(emulator.args, user_id=user, scopes=["voip", "chat"], expires_in_minutes=60))
    assert not failed and first["changed"] and first["scopes"] == ["chat", "voip"] and first["reused"] is False
    failed, reused = run_module(acs_token.main, dict(emulator.args, user_id=user, scopes=["chat", "voip"], token=first["token"],
                                                     min_validity="30m"))
    assert not failed and reused["changed"] is False and reused["reused"] and reused["token"] == first["token"]
    failed, longer = run_module(acs_token.main, dict(emulator.args, user_id=user, scopes=["chat", "voip"], token=first["token"],
                                                     min_validity="2h"))
    assert not failed and longer["changed"] and "less than 2h from now" in longer["reissue_reason"]
    failed, revoked = run_module(acs_token.main, dict(emulator.args, user_id=user, state="revoked"))
    assert not failed and revoked["changed"] and revoked["tokens_valid_from"] is None
    assert emulator.operations() == ["IssueAccessToken", "IssueAccessToken", "RevokeAccessTokens"]
    assert {r["query"] for r in emulator.requests()} == {"api-version=2023-10-01"}


@needs_emulator
def test_a_lost_issue_response_is_sent_again(emulator, user):
    emulator.faults(rate=0.5, kinds=["lost_response", "500"], operations=["CommunicationIdentity_IssueAccessToken"], seed=4)
    failed, result = run_module(acs_token.main, dict(emulator.args, user_id=user, scopes=["chat"]))
    emulator.clear_faults()
    assert not failed and result["token"], result
    assert result["stats"]["retries"] >= 1


def _verify(emulator, token):
    """The emulator's own verdict on a token (signature, user, revocation, expiry)."""
    return emulator.control("POST", "tokens/verify", {"token": token})


@needs_emulator
@pytest.mark.parametrize("version", ["2023-10-01", "2025-03-02-preview", "2020-07-20-preview2"])
def test_a_token_revoked_by_the_module_is_not_reused(emulator, user, own_home, version):
    """Issue 13, item 3: after state=revoked the revoked token is no longer handed back as reused, on every version."""
    scopes = ["voip"]
    args = dict(emulator.args, user_id=user, api_version=version)
    failed, first = run_module(acs_token.main, dict(args, scopes=scopes))
    assert not failed and first["changed"]
    failed, checked = run_module(acs_token.main, dict(args, state="revoked", _ansible_check_mode=True))
    assert not failed and checked["changed"] and checked["revoked_at"] is None
    assert not (own_home / ".ansible" / "acs_revocations.json").exists()  # check mode records nothing
    failed, revoked = run_module(acs_token.main, dict(args, state="revoked"))
    assert not failed and revoked["changed"] and revoked["revoked_at"]
    assert _verify(emulator, first["token"])["reason"] == "revoked"
    record = (own_home / ".ansible" / "acs_revocations.json").read_text(encoding="utf-8")
    assert user in record and first["token"] not in record
    # A token issued in the revocation's second counts as revoked (the safe side): let that second pass.
    while int(time.time()) <= int(parse_datetime(revoked["revoked_at"]).timestamp()):
        time.sleep(0.2)
    emulator.clear_requests()
    failed, again = run_module(acs_token.main, dict(args, scopes=scopes, token=first["token"]))
    assert not failed and again["changed"] and again["reused"] is False and again["token"] != first["token"]
    assert "were revoked at %s" % revoked["revoked_at"] in again["reissue_reason"]
    assert _verify(emulator, again["token"])["valid"]
    assert len(emulator.requests()) == 1  # the one new token
    # The token issued after the revocation is reused.
    failed, later = run_module(acs_token.main, dict(args, scopes=scopes, token=again["token"]))
    assert not failed and later["reused"] is True and later["changed"] is False, later.get("reissue_reason")


@needs_emulator
def test_a_revocation_record_that_cannot_be_read_fails_before_sending(emulator, user, tmp_path):
    record = tmp_path / "record.json"
    record.write_text("not json", encoding="utf-8")
    failed, first = run_module(acs_token.main, dict(emulator.args, user_id=user, scopes=["chat"]))
    emulator.clear_requests()
    failed, result = run_module(acs_token.main, dict(emulator.args, user_id=user, scopes=["chat"], token=first["token"],
                                                     revocations_file=str(record)))
    assert failed and "Cannot tell whether the given token was revoked" in result["msg"] and str(record) in result["msg"]
    assert emulator.requests() == []
