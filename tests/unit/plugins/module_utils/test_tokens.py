# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading ACS token claims without verification, the reuse decision, identity ids and date-times."""

from __future__ import annotations

import base64
import json
import os

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport import dates
from ansible_collections.acs.administration.plugins.module_utils.drivers import revocations, tokens

RESOURCE = "9b665d53-8164-4923-ad5d-5e983b07d2e7"
LOCAL = "00000006-c6bc-a766-ea7c-5a3a0d000078"
USER = "8:acs:%s_%s" % (RESOURCE, LOCAL)
NOW = 1700000000


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def make_token(claims=None, **overrides):
    """A JWT shaped like the service's (RS256 header, a fake signature): only its claims matter here."""
    payload = {"skypeid": "acs:%s_%s" % (RESOURCE, LOCAL), "scp": 1792, "csi": str(NOW), "iat": NOW,
               "exp": NOW + 86400, "acsScope": "chat", "resourceId": RESOURCE}
    if claims is not None:
        payload = claims
    payload.update(overrides)
    header = {"alg": "RS256", "kid": "102_int", "typ": "JWT"}
    return ".".join((b64url(json.dumps(header).encode()), b64url(json.dumps(payload).encode()), b64url(b"not-a-real-signature")))


# -- decode_claims --------------------------------------------------------------------------------------------

def test_claims_of_a_service_shaped_token():
    claims = tokens.decode_claims(make_token())
    assert claims["skypeid"] == "acs:%s_%s" % (RESOURCE, LOCAL)
    assert tokens.expires_at(claims) == NOW + 86400
    assert tokens.claim_user_id(claims) == USER
    assert tokens.claim_scopes(claims) == ["chat"]


def test_payload_needing_base64_padding_is_read():
    # Payload lengths that are not a multiple of 3 lose their '=' padding in base64url: every remainder must work.
    for extra in ("", "x", "xx"):
        assert tokens.decode_claims(make_token(pad=extra))["pad"] == extra


@pytest.mark.parametrize("text, fragment", [
    ("", "empty"),
    ("   ", "empty"),
    (None, "empty"),
    ("abc", "three dot-separated parts, it has 1"),
    ("a.b.c.d", "it has 4"),
    ("a.!!!.c", "not base64url-encoded JSON"),
    ("a.%s.c" % b64url(b"not json"), "not base64url-encoded JSON"),
    ("a.%s.c" % b64url(b"[1, 2]"), "not a JSON object"),
    ("a.%s.c" % b64url(b"\xff\xfe"), "not base64url-encoded JSON"),
])
def test_unreadable_tokens_raise_without_echoing_the_token(text, fragment):
    with pytest.raises(tokens.TokenError) as raised:
        tokens.decode_claims(text)
    assert fragment in str(raised.value)
    if text and text.strip():
        assert text not in str(raised.value)


@pytest.mark.parametrize("claims, expected", [
    ({"acsScope": "chat,voip"}, ["chat", "voip"]),
    ({"acsScope": "voip, chat"}, ["chat", "voip"]),
    ({"acsScope": "VoIP chat"}, ["chat", "voip"]),
    ({"acsScope": "chat,,chat"}, ["chat"]),
    ({"scopes": ["pstn", "chat"]}, ["chat", "pstn"]),
    ({"acsScope": "chat", "scopes": ["voip"]}, ["chat"]),
    ({"acsScope": 5}, []),
    ({}, []),
])
def test_scopes_from_acs_scope_or_scopes(claims, expected):
    assert tokens.claim_scopes(claims) == expected


@pytest.mark.parametrize("claims, expected", [
    ({"skypeid": "acs:r_1"}, "8:acs:r_1"),
    ({"skypeid": "8:acs:r_1"}, "8:acs:r_1"),
    ({"skypeid": ""}, None),
    ({"skypeid": 12}, None),
    ({}, None),
])
def test_user_from_skypeid(claims, expected):
    assert tokens.claim_user_id(claims) == expected


def test_non_numeric_times_are_unknown():
    assert tokens.expires_at({"exp": "1700000000"}) is None
    assert tokens.expires_at({"exp": True}) is None
    assert tokens.expires_at({}) is None
    assert tokens.expires_at({"exp": 1700000000.5}) == 1700000000.5


# -- reuse_decision -------------------------------------------------------------------------------------------

def test_token_for_the_same_user_and_scopes_valid_long_enough_is_reused():
    token = make_token(acsScope="voip,chat")
    reusable, reason, claims = tokens.reuse_decision(token, USER, ["chat", "voip"], 3600, NOW)
    assert reusable is True
    assert "valid until 2023-11-15T22:13:20+00:00" in reason
    assert claims["acsScope"] == "voip,chat"


def test_scopes_compare_as_a_set_ignoring_case_and_duplicates():
    reusable, _reason, _claims = tokens.reuse_decision(make_token(acsScope="chat,voip"), USER, ["VOIP", "chat", "chat"], 0, NOW)
    assert reusable is True


def test_validity_boundary_is_inclusive():
    token = make_token(exp=NOW + 3600)
    assert tokens.reuse_decision(token, USER, ["chat"], 3600, NOW)[0] is True
    reusable, reason, _claims = tokens.reuse_decision(token, USER, ["chat"], 3601, NOW)
    assert reusable is False
    assert "less than 1h1s from now" in reason


@pytest.mark.parametrize("token, user, scopes, fragment", [
    (make_token(skypeid="acs:%s_other" % RESOURCE), USER, ["chat"], "issued for another user (8:acs:%s_other)" % RESOURCE),
    (make_token(acsScope="chat"), USER, ["chat", "voip"], "has the scopes [chat], not [chat, voip]"),
    (make_token(acsScope="chat,voip"), USER, ["chat"], "has the scopes [chat, voip], not [chat]"),
    (make_token(exp=NOW - 1), USER, ["chat"], "expired at"),
    (make_token(exp=NOW), USER, ["chat"], "expired at"),
    (make_token(exp=NOW + 60), USER, ["chat"], "less than 1h from now"),
    (make_token({"iat": NOW, "exp": NOW + 86400, "acsScope": "chat"}), USER, ["chat"], "no skypeid claim"),
    (make_token({"skypeid": "acs:%s_%s" % (RESOURCE, LOCAL), "acsScope": "chat"}), USER, ["chat"], "no exp claim"),
    ("garbage", USER, ["chat"], "cannot be read"),
])
def test_token_that_does_not_fit_is_not_reused_and_the_reason_hides_it(token, user, scopes, fragment):
    reusable, reason, _claims = tokens.reuse_decision(token, user, scopes, 3600, NOW)
    assert reusable is False
    assert fragment in reason
    assert token not in reason
    assert token.split(".")[-1] not in reason


# -- user ids, durations, date-times --------------------------------------------------------------------------

@pytest.mark.parametrize("value", [USER, "8:acs:abc_1"])
def test_good_user_ids(value):
    assert tokens.user_id_error(value) is None


@pytest.mark.parametrize("value", ["", "acs:%s_%s" % (RESOURCE, LOCAL), LOCAL, "8:acs:", "8:acs:a b", "8:acs:a/b", None, 42])
def test_bad_user_ids(value):
    error = tokens.user_id_error(value)
    assert error.startswith("user_id ")
    assert "8:acs:<resource id>_<user id>" in error


def test_a_long_bad_user_id_is_not_echoed_in_full():
    error = tokens.user_id_error("x" * 500)
    assert "x" * 200 not in error
    assert "(500 characters)" in error


@pytest.mark.parametrize("seconds, text", [(0, "0s"), (59, "59s"), (90, "1m30s"), (3600, "1h"), (90000, "1d1h"), (3661, "1h1m1s")])
def test_describe_seconds(seconds, text):
    assert tokens.describe_seconds(seconds) == text


@pytest.mark.parametrize("text, epoch, wire", [
    ("2020-10-10T00:00:00Z", 1602288000, "2020-10-10T00:00:00.000Z"),
    ("2020-10-10T00:00:00.1234567+00:00", 1602288000.123456, "2020-10-10T00:00:00.123Z"),
    ("2020-10-10T02:00:00+02:00", 1602288000, "2020-10-10T00:00:00.000Z"),
    ("2020-10-10T00:00:00", 1602288000, "2020-10-10T00:00:00.000Z"),
    ("2020-10-10 00:00:00z", 1602288000, "2020-10-10T00:00:00.000Z"),
])
def test_parse_datetime(text, epoch, wire):
    when = dates.parse_datetime(text)
    got_epoch, got_wire = when.timestamp(), dates.wire_utc(when)
    assert got_epoch == pytest.approx(epoch)
    assert got_wire == wire


@pytest.mark.parametrize("text, fragment", [
    ("yesterday", "not an ISO 8601 date-time"),
    ("", "not an ISO 8601 date-time"),
    ("2020-13-01T00:00:00Z", "not an ISO 8601 date-time"),
    ("2020-10-10", "a date without a time"),
])
def test_bad_datetimes(text, fragment):
    with pytest.raises(ValueError) as raised:
        dates.parse_datetime(text)
    assert fragment in str(raised.value)


def test_iso_utc():
    assert tokens.iso_utc(NOW) == "2023-11-14T22:13:20+00:00"


# -- revocation (issue 13, item 3) -----------------------------------------------------------------------------

@pytest.mark.parametrize("revoked_at, reusable, fragment", [
    (None, True, "valid until"),
    (NOW - 1, True, "valid until"),                       # revoked before the token was issued: a later token
    (NOW, False, "not after"),                            # the same second counts as revoked: the safe side
    (NOW + 60, False, "were revoked at 2023-11-14T22:14:20+00:00"),
])
def test_a_token_issued_at_or_before_a_recorded_revocation_is_not_reused(revoked_at, reusable, fragment):
    token = make_token()
    ok, reason = tokens.reuse_decision(token, USER, ["chat"], 3600, NOW + 10, revoked_at=revoked_at)[:2]
    assert ok is reusable and fragment in reason and token not in reason


def test_a_token_without_iat_is_not_reused_once_its_user_was_revoked():
    claims = {"skypeid": "acs:%s_%s" % (RESOURCE, LOCAL), "exp": NOW + 86400, "acsScope": "chat"}
    ok, reason = tokens.reuse_decision(make_token(claims), USER, ["chat"], 3600, NOW, revoked_at=NOW - 100)[:2]
    assert not ok and "no iat claim" in reason
    assert tokens.reuse_decision(make_token(claims), USER, ["chat"], 3600, NOW)[0]


def test_the_revocation_record_keeps_the_later_time_per_user_and_never_a_token(tmp_path):
    path = tmp_path / "sub" / "record.json"
    assert revocations.read(str(path)) == {}
    revocations.record(str(path), USER, NOW)
    revocations.record(str(path), USER, NOW - 500)          # an older revocation does not move the record back
    revocations.record(str(path), "8:acs:other_1", NOW + 1)
    assert revocations.read(str(path)) == {USER: NOW, "8:acs:other_1": NOW + 1}
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    path.write_text("[1, 2]")
    with pytest.raises(revocations.RecordError, match="is not a JSON object"):
        revocations.revoked_at(str(path), USER)


def test_parallel_records_lose_no_user(tmp_path):
    from concurrent.futures import ThreadPoolExecutor  # pylint: disable=import-outside-toplevel
    path = str(tmp_path / "record.json")
    users = ["8:acs:r_%d" % i for i in range(40)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda u: revocations.record(path, u, NOW), users))
    assert sorted(revocations.read(path)) == sorted(users)


def test_the_service_time_comes_from_the_date_header():
    assert revocations.service_time({"Date": "Tue, 14 Nov 2023 22:13:20 GMT"}) == NOW
    assert revocations.service_time({}) is None and revocations.service_time(None) is None
    assert revocations.service_time({"Date": "yesterday"}) is None


def test_a_revocation_record_that_is_a_symlink_is_written_through_the_link(tmp_path):
    """Issue 27 item 8: hosts that share one record through a link all see a revocation; the link stays a link."""
    shared = tmp_path / "shared" / "revocations.json"
    shared.parent.mkdir()
    revocations.record(str(shared), "8:acs:first", 100)
    link = tmp_path / "host" / "acs_revocations.json"
    link.parent.mkdir()
    link.symlink_to(shared)
    revocations.record(str(link), "8:acs:second", 200)
    assert link.is_symlink() and os.readlink(link) == str(shared)
    assert revocations.read(str(shared)) == {"8:acs:first": 100, "8:acs:second": 200}
    assert revocations.read(str(link)) == revocations.read(str(shared))
    assert not [p.name for p in link.parent.iterdir() if p.name != "acs_revocations.json"]  # no lock or temp file beside the link
