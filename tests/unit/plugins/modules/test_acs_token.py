# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_token: validation before any request, reuse from the claims alone, and how the emulator's answers (legacy identity
API) become results."""

from __future__ import annotations

import base64
import json
import re
import time
from unittest import mock

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_token

from .lifecycle_emulator import needs_emulator
from .utils import run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
RESOURCE = "9b665d53-8164-4923-ad5d-5e983b07d2e7"
USER = "8:acs:%s_00000006-c6bc-a766-ea7c-5a3a0d000078" % RESOURCE
MISSING = USER  # not a user of the emulator (its resource is another)
LEGACY = "api-version=2020-07-20-preview2"
LOST_FIRST_SEED = 4  # with it the emulator loses an IssueToken answer, then answers


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def make_token(user=USER, scopes="chat", lifetime=86400):
    now = int(time.time())
    payload = {"skypeid": user[2:], "iat": now, "exp": now + lifetime, "acsScope": scopes, "resourceId": RESOURCE}
    return ".".join((b64url(b'{"alg":"HS256","typ":"JWT"}'), b64url(json.dumps(payload).encode()), b64url(b"signature-bytes")))


def args(**kwargs):
    kwargs.setdefault("connection_string", GOOD)
    kwargs.setdefault("api_version", "2020-07-20-preview2")  # these tests are of the legacy API; test_*_current.py of the current one
    kwargs.setdefault("user_id", USER)
    return kwargs


@pytest.mark.parametrize("params, fragment", [
    (args(user_id="00000006-c6bc"), "is not an Azure Communication Services identity"),
    (args(), "state=present needs scopes"),
    (args(scopes=[]), "scopes must name at least one of: chat, voip, pstn"),
    (args(scopes=["chat", "sms"]), "unknown scope(s) 'sms'; the valid scopes are chat, voip, pstn"),
    (args(scopes=["chat"], min_validity="an hour"), "min_validity 'an hour' is not a duration"),
    (args(scopes=["chat"], min_validity="-1h"), "is not a duration"),
    (args(scopes=["chat"], token=" "), "token is empty"),
    (args(scopes=["chat"], tokens_valid_from="2024-01-01T00:00:00Z"), "tokens_valid_from only applies to state=revoked"),
    (args(state="revoked", scopes=["chat"]), "scopes does not apply to state=revoked"),
    (args(state="revoked", token="a.b.c"), "token does not apply to state=revoked"),
    (args(state="revoked", tokens_valid_from="last week"), "tokens_valid_from 'last week' is not an ISO 8601 date-time"),
    (args(state="expired", scopes=["chat"]), "value of state must be one of: present, revoked"),
    ({"connection_string": GOOD, "scopes": ["chat"]}, "missing required arguments: user_id"),
])
def test_bad_input_fails_before_any_request(params, fragment):
    failed, result = run_module(acs_token.main, params)
    assert failed
    assert fragment in result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


def test_a_fitting_token_is_returned_unchanged_without_a_request():
    token = make_token(scopes="voip,chat")
    # The endpoint is unreachable, so a request would fail the task.
    failed, result = run_module(acs_token.main, args(scopes=["chat", "voip"], token=token, min_validity="23h"))
    assert not failed
    assert result["changed"] is False
    assert result["reused"] is True
    assert result["token"] == token
    assert result["scopes"] == ["chat", "voip"]
    assert result["expires_on"].endswith("+00:00")
    assert result["stats"]["requests"] == 0
    # The echoed arguments never show it.
    assert result["invocation"]["module_args"]["token"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert token not in json.dumps(result["invocation"])


@pytest.mark.parametrize("token, params, reason", [
    (make_token(lifetime=1800), {}, "less than 1h from now"),
    (make_token(), {"min_validity": "25h"}, "less than 1d1h from now"),
    (make_token(scopes="chat"), {"scopes": ["chat", "pstn"]}, "has the scopes [chat], not [chat, pstn]"),
    (make_token(user=USER[:-1] + "9"), {}, "issued for another user"),
    ("not-a-jwt", {}, "cannot be read"),
])
def test_check_mode_tells_why_a_new_token_would_be_issued(token, params, reason):
    params = dict({"scopes": ["chat"], "token": token, "_ansible_check_mode": True, "_ansible_diff": True}, **params)
    failed, result = run_module(acs_token.main, args(**params))
    assert not failed
    assert result["changed"] is True
    assert result["reused"] is False
    assert result["token"] is None
    assert reason in result["reissue_reason"]
    assert token not in result["reissue_reason"]
    assert result["stats"]["requests"] == 0
    assert result["diff"]["after"]["token_expires_on"] == "(new token)"
    assert token not in json.dumps(result["diff"])


@pytest.fixture(name="user")
def _user(emu):
    """A user of the emulator (legacy identity API), and the token requests only from here on in its log."""
    response = emu.call("POST", "/identities", LEGACY)
    assert response.status_code == 200, response.text
    emu.clear_requests()
    return response.json()["id"]


def on(emu, user, **kwargs):
    """args() for the emulator's user."""
    return args(**dict(emu.args, user_id=user, **kwargs))


@needs_emulator
def test_a_new_token_is_issued_with_sorted_unique_scopes_and_retry_safe(emu, user):
    failed, result = run_module(acs_token.main, on(emu, user, scopes=["voip", "chat", "voip"], token=make_token(user, lifetime=60)))
    assert not failed, result["msg"]
    assert result["changed"] is True
    verdict = emu.verify_token(result["token"])
    assert verdict["valid"] and verdict["user_id"] == user and verdict["scopes"] == ["chat", "voip"], verdict
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", result["expires_on"])  # the form of a reused token's expiry (issue 13, item 13)
    # retry-safe: a lost answer is asked again, and the task still ends with one token in hand
    emu.faults(rate=0.5, kinds=["lost_response"], operations=["CommunicationIdentity_IssueToken"], seed=LOST_FIRST_SEED)
    failed, result = run_module(acs_token.main, on(emu, user, scopes=["chat"]))
    emu.clear_faults()
    assert not failed, result["msg"]
    faults = [r["fault"] for r in emu.requests() if r["operation"] == "CommunicationIdentity_IssueToken"]
    assert "lost_response" in faults and faults[-1] is None, faults
    assert result["stats"]["retries"] >= 1 and emu.verify_token(result["token"])["valid"]


@needs_emulator
def test_a_missing_user_is_reported_as_such(emu):
    failed, result = run_module(acs_token.main, on(emu, MISSING, scopes=["chat"]))
    assert failed
    assert "User %s does not exist" % MISSING in result["msg"]
    assert result["status"] == 404
    assert result["error_code"] == "IdentityNotFound"


def test_check_mode_revoke_sends_nothing():
    failed, result = run_module(acs_token.main, args(state="revoked", _ansible_check_mode=True))
    assert not failed
    assert result["changed"] is True
    assert result["tokens_valid_from"] is None
    assert result["stats"]["requests"] == 0


@needs_emulator
def test_revoke_sends_the_normalized_time(emu, user):
    issued = emu.call("POST", "/identities/%s/token" % user, LEGACY, {"scopes": ["chat"]}).json()["token"]
    emu.clear_requests()
    failed, result = run_module(acs_token.main, on(emu, user, state="revoked", tokens_valid_from="2020-10-10T02:00:00+02:00"))
    assert not failed
    assert result["changed"] is True
    assert result["tokens_valid_from"] == "2020-10-10T00:00:00.000Z"
    assert [(r["method"], r["operation"]) for r in emu.requests()] == [("PATCH", "CommunicationIdentity_Update")]
    assert emu.verify_token(issued)["valid"]  # valid from 2020: a token issued since stays valid


@needs_emulator
def test_revoking_the_tokens_of_a_missing_user_is_not_a_change(emu):
    with mock.patch("ansible.module_utils.basic.AnsibleModule.warn") as warn:
        failed, result = run_module(acs_token.main, on(emu, MISSING, state="revoked"))
    assert not failed
    assert result["changed"] is False
    assert "has no valid tokens to revoke" in warn.call_args[0][0]


@needs_emulator
def test_a_far_future_revocation_time_warns(emu, user):
    issued = emu.call("POST", "/identities/%s/token" % user, LEGACY, {"scopes": ["chat"]}).json()["token"]
    with mock.patch("ansible.module_utils.basic.AnsibleModule.warn") as warn:
        failed, _result = run_module(acs_token.main, on(emu, user, state="revoked", tokens_valid_from="2999-01-01T00:00:00Z"))
    assert not failed
    assert "is in the future" in warn.call_args[0][0]
    assert emu.verify_token(issued)["reason"] == "revoked"


@needs_emulator
def test_results_say_what_was_done_in_msg_and_actions(emu, user):
    failed, result = run_module(acs_token.main, on(emu, user, scopes=["chat"]))
    assert not failed and result["actions"] == ["issued a token for %s" % user] and result["msg"] == result["actions"][0]
    failed, result = run_module(acs_token.main, on(emu, user, state="revoked"))
    assert not failed and result["actions"] == ["revoked the tokens of %s" % user], result


@needs_emulator
def test_expiry_has_one_form_whether_the_token_is_issued_or_reused(emu, user):
    failed, issued = run_module(acs_token.main, on(emu, user, scopes=["chat"]))
    failed_again, reused = run_module(acs_token.main, args(scopes=["chat"], token=make_token(lifetime=86400)))
    assert not failed and not failed_again and reused["reused"], reused
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", issued["expires_on"]), issued["expires_on"]
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", reused["expires_on"]), reused["expires_on"]
