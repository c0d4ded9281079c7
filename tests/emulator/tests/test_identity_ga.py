"""CommunicationIdentity 2023-10-01 and 2025-03-02-preview over real HTTPS, beside the legacy version on the same
process: behaviour, recorded errors, schema, faults, request log, stats and restarts."""

import base64
import json
import re
import sqlite3

import pytest

from .helpers import ID_VERSION, Emulator
from .swagger_check import SwaggerCheck

GA = "2023-10-01"
PREVIEW = "2025-03-02-preview"
ISO7 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$")
# lastTokenIssuedAt, as recorded: whole seconds (2025-04-14T15:32:27+00:00)
ISO_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
ID_FORMAT = re.compile(r"^8:acs:[0-9a-f-]{36}_00000006-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
NOT_OWNED = {"error": {"code": "IdentityNotOwned", "message": "Provided identity doesn't belong to the resource."}}
FOREIGN = "8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081"


@pytest.fixture(name="check", scope="module")
def _check():
    """Validates every response against the successor swagger of its api-version; collects coverage."""
    check = SwaggerCheck({GA: "identity-2023-10-01.json", PREVIEW: "identity-2025-03-02-preview.json"})
    yield check
    expected = {("CommunicationIdentity_Create", 201), ("CommunicationIdentity_Get", 200),
                ("CommunicationIdentity_IssueAccessToken", 200), ("CommunicationIdentity_IssueAccessToken", 400),
                ("CommunicationIdentity_IssueAccessToken", 401), ("CommunicationIdentity_RevokeAccessTokens", 204),
                ("CommunicationIdentity_RevokeAccessTokens", 401), ("CommunicationIdentity_Delete", 204),
                ("CommunicationIdentity_Delete", 401), ("CommunicationIdentity_ExchangeTeamsUserAccessToken", 200),
                ("CommunicationIdentity_ExchangeTeamsUserAccessToken", 400), ("CommunicationIdentity_Get", 401)}
    missing = expected - check.covered
    assert not missing, "not exercised: %s" % sorted(missing)


def call(emu, check, method, path, body=None, version=GA, **kw):
    """A signed identity request at `version`, validated against that version's swagger."""
    return check(emu.call(method, path, "api-version=" + version, body, **kw))


def _q(user_id):
    return user_id.replace(":", "%3A")


def _claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _verify(emu, token):
    return emu.control("POST", "tokens/verify", {"token": token})


def _new_user(emu, check):
    return call(emu, check, "POST", "/identities").json()["identity"]["id"]


def test_create_without_and_with_token(emu, check):
    resp = call(emu, check, "POST", "/identities")
    assert resp.status_code == 201
    assert set(resp.json()) == {"identity"} and set(resp.json()["identity"]) == {"id"}
    assert ID_FORMAT.match(resp.json()["identity"]["id"])
    assert "2023-10-01" in resp.headers["api-supported-versions"]

    resp = call(emu, check, "POST", "/identities", {"createTokenWithScopes": ["chat", "voip"], "expiresInMinutes": 60})
    assert resp.status_code == 201
    body = resp.json()
    user, token = body["identity"]["id"], body["accessToken"]
    assert set(token) == {"token", "expiresOn"} and ISO7.match(token["expiresOn"])
    claims = _claims(token["token"])
    assert claims["exp"] - claims["iat"] == 3600 and claims["acsScope"] == "chat,voip" and claims["skypeid"] == user[2:]
    assert _verify(emu, token["token"]) == {"valid": True, "reason": "ok", "user_id": user, "scopes": ["chat", "voip"],
                                            "expires_on": token["expiresOn"]}
    stats = emu.control("GET", "stats")
    assert stats["users_created"] == 2 and stats["tokens_issued"] == 1


def test_issue_token_scopes_and_lifetimes(emu, check):
    user = _new_user(emu, check)
    path = "/identities/%s/:issueAccessToken" % _q(user)
    default = call(emu, check, "POST", path, {"scopes": ["chat"]})
    assert default.status_code == 200 and set(default.json()) == {"token", "expiresOn"}
    claims = _claims(default.json()["token"])
    assert claims["exp"] - claims["iat"] == 1440 * 60
    for scope in ("chat", "voip", "chat.join", "chat.join.limited", "voip.join"):
        token = call(emu, check, "POST", path, {"scopes": [scope], "expiresInMinutes": 60}).json()["token"]
        assert _verify(emu, token)["scopes"] == [scope]
    for minutes in (60, 1440):
        claims = _claims(call(emu, check, "POST", path, {"scopes": ["voip"], "expiresInMinutes": minutes}).json()["token"])
        assert claims["exp"] - claims["iat"] == minutes * 60
    # the unencoded path (as the aio client sends it) reaches the same identity
    raw = call(emu, check, "POST", "/identities/%s/:issueAccessToken" % user, {"scopes": ["chat"]})
    assert raw.status_code == 200 and _verify(emu, raw.json()["token"])["user_id"] == user
    assert emu.control("GET", "stats")["tokens_issued"] == 9


def test_recorded_validation_errors(emu, check):
    user = _new_user(emu, check)
    path = "/identities/%s/:issueAccessToken" % _q(user)
    for minutes in (59, 1441):
        resp = call(emu, check, "POST", path, {"scopes": ["chat"], "expiresInMinutes": minutes})
        assert resp.status_code == 400
        assert resp.json() == {"error": {"code": "ValidationError", "message": "ExpiresInMinutes value %d is invalid." % minutes,
                                         "target": "ExpiresInMinutes"}}
    resp = call(emu, check, "POST", path, {"scopes": []})
    assert resp.status_code == 400
    assert resp.json() == {"error": {"code": "ValidationError", "message": "Invalid scopes - Scopes field is required.", "target": "scopes"}}
    # a body without scopes names the field capitalised, as recorded (PY-ID test_get_token_with_no_scopes)
    resp = call(emu, check, "POST", path, {})
    assert resp.json() == {"error": {"code": "ValidationError", "message": "Scopes: The Scopes field is required.", "target": "Scopes"}}
    assert resp.headers["Content-Type"] == "application/json"  # identity errors carry no charset, as recorded
    for bad in ({"scopes": ["pstn"]}, {"scopes": ["chat"], "expiresInMinutes": "60"}, {"nothing": 1}):
        resp = call(emu, check, "POST", path, bad)
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "ValidationError", bad
    resp = call(emu, check, "POST", "/identities", {"createTokenWithScopes": ["chat"], "expiresInMinutes": 30})
    assert resp.status_code == 400 and resp.json()["error"]["target"] == "ExpiresInMinutes"
    resp = call(emu, check, "POST", "/identities", {"createTokenWithScopes": []})
    assert resp.status_code == 400 and resp.json()["error"]["target"] == "scopes"
    stats = emu.control("GET", "stats")
    assert stats["users_created"] == 1 and stats["tokens_issued"] == 0  # a failed request changes nothing


def test_revoke_delete_and_not_owned(emu, check):
    user = _new_user(emu, check)
    first = call(emu, check, "POST", "/identities/%s/:issueAccessToken" % _q(user), {"scopes": ["chat"]}).json()["token"]
    # the SDK sends no body and no Content-Type
    revoke = call(emu, check, "POST", "/identities/%s/:revokeAccessTokens" % _q(user), headers={"Content-Type": None})
    assert revoke.status_code == 204 and revoke.content == b"" and revoke.headers["Content-Length"] == "0"
    assert _verify(emu, first)["reason"] == "revoked"
    fresh = call(emu, check, "POST", "/identities/%s/:issueAccessToken" % _q(user), {"scopes": ["voip"]}).json()["token"]
    assert _verify(emu, fresh)["valid"] is True

    delete = call(emu, check, "DELETE", "/identities/" + _q(user))
    assert delete.status_code == 204 and delete.content == b""
    assert _verify(emu, fresh)["reason"] == "user_deleted"
    for gone in (user, FOREIGN):
        for method, suffix, body in (("POST", "/:issueAccessToken", {"scopes": ["chat"]}), ("POST", "/:revokeAccessTokens", None),
                                     ("DELETE", "", None)):
            resp = call(emu, check, method, "/identities/" + _q(gone) + suffix, body)
            assert (resp.status_code, resp.json()) == (401, NOT_OWNED), (gone, method, suffix)
    stats = emu.control("GET", "stats")
    assert stats["users_deleted"] == 1 and stats["tokens_issued"] == 2


def test_legacy_and_current_versions_share_identities(emu, check):
    legacy = emu.ident("POST", "/identities")
    assert legacy.status_code == 200 and legacy.headers["api-supported-versions"] == "2020-07-20-preview1, 2020-07-20-preview2"
    user = legacy.json()["id"]
    token = call(emu, check, "POST", "/identities/%s/:issueAccessToken" % _q(user), {"scopes": ["chat.join"]}).json()["token"]
    assert _verify(emu, token)["valid"] is True
    # revoking with the legacy PATCH revokes the token issued on the current version
    assert emu.ident("PATCH", "/identities/" + _q(user), {}).status_code == 204
    assert _verify(emu, token)["reason"] == "revoked"
    # the legacy routes keep the legacy answers; the current ones answer at their versions only
    assert emu.ident("POST", "/identities/%s/token" % _q(user), {"scopes": ["chat.join"]}).status_code == 400
    assert emu.call("POST", "/identities/%s/token" % _q(user), "api-version=" + GA, {"scopes": ["chat"]}).status_code == 400
    wrong = emu.call("POST", "/identities/%s/:revokeAccessTokens" % _q(user), "api-version=" + ID_VERSION)
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "UnsupportedApiVersion"
    assert "'2023-10-01', '2025-03-02-preview'" in wrong.json()["error"]["message"]
    get_on_ga = emu.call("GET", "/identities/" + _q(user), "api-version=" + GA)
    assert get_on_ga.status_code == 400 and get_on_ga.json()["error"]["code"] == "UnsupportedApiVersion"


def test_preview_custom_id_and_get(emu, check):
    first = call(emu, check, "POST", "/identities", {"customId": "sally@contoso.com"}, version=PREVIEW)
    assert first.status_code == 201
    identity = first.json()["identity"]
    assert identity == {"id": identity["id"], "customId": "sally@contoso.com"} and ID_FORMAT.match(identity["id"])
    # D17: a repeat with an existing custom id is 201 too (not the swagger's 200), with the existing identity
    repeat = call(emu, check, "POST", "/identities", {"customId": "sally@contoso.com"}, version=PREVIEW)
    assert repeat.status_code == 201 and repeat.json() == {"identity": identity}
    again = call(emu, check, "POST", "/identities", {"customId": "sally@contoso.com", "createTokenWithScopes": ["chat"],
                                                     "expiresInMinutes": 60}, version=PREVIEW)
    assert again.status_code == 201
    body = again.json()
    assert body["identity"]["id"] == identity["id"] and body["identity"]["customId"] == "sally@contoso.com"
    assert ISO_SECONDS.match(body["identity"]["lastTokenIssuedAt"]) and _verify(emu, body["accessToken"]["token"])["valid"]
    # ... and from then on every answer for that custom id shows that a token was issued before (whole seconds)
    after = call(emu, check, "POST", "/identities", {"customId": "sally@contoso.com"}, version=PREVIEW)
    assert after.status_code == 201 and after.json()["identity"] == body["identity"]
    other = call(emu, check, "POST", "/identities", {"externalId": "bob@contoso.com"}, version=PREVIEW)  # the draft's name
    assert other.status_code == 201 and other.json()["identity"]["customId"] == "bob@contoso.com"
    assert other.json()["identity"]["id"] != identity["id"]
    plain = call(emu, check, "POST", "/identities", version=PREVIEW)
    assert plain.status_code == 201 and set(plain.json()["identity"]) == {"id"}
    # D18: without a custom id the identity is {id} only, even with a token
    with_token = call(emu, check, "POST", "/identities", {"createTokenWithScopes": ["chat"]}, version=PREVIEW)
    assert with_token.status_code == 201 and set(with_token.json()["identity"]) == {"id"}
    assert ISO_SECONDS.match(call(emu, check, "GET", "/identities/" + _q(with_token.json()["identity"]["id"]),
                                  version=PREVIEW).json()["lastTokenIssuedAt"])

    got = call(emu, check, "GET", "/identities/" + _q(identity["id"]), version=PREVIEW)
    assert got.status_code == 200
    assert got.json() == {"id": identity["id"], "customId": "sally@contoso.com",
                          "lastTokenIssuedAt": body["identity"]["lastTokenIssuedAt"]}
    assert call(emu, check, "GET", "/identities/" + _q(plain.json()["identity"]["id"]), version=PREVIEW).json() == plain.json()["identity"]
    # the preview serves the 2023-10-01 operations too
    assert call(emu, check, "POST", "/identities/%s/:revokeAccessTokens" % _q(identity["id"]), version=PREVIEW).status_code == 204
    assert call(emu, check, "DELETE", "/identities/" + _q(identity["id"]), version=PREVIEW).status_code == 204
    assert call(emu, check, "GET", "/identities/" + _q(identity["id"]), version=PREVIEW).json() == NOT_OWNED
    # a deleted identity frees its custom id
    reborn = call(emu, check, "POST", "/identities", {"customId": "sally@contoso.com"}, version=PREVIEW)
    assert reborn.status_code == 201 and reborn.json()["identity"]["id"] != identity["id"]
    for bad in ("", "x" * 257, 7):
        resp = call(emu, check, "POST", "/identities", {"customId": bad}, version=PREVIEW)
        assert resp.status_code == 400 and resp.json()["error"]["target"] == "customId", bad
    assert emu.control("GET", "stats")["users_created"] == 5


def _aad_token(claims):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return "%s.%s.%s" % (part({"alg": "RS256", "typ": "JWT"}), part(claims), "c2lnbmF0dXJl")


def test_teams_user_token_exchange(emu, check):
    aad = _aad_token({"appid": "app-1", "oid": "oid-1", "tid": "tenant-1", "exp": 4102444800})
    resp = call(emu, check, "POST", "/teamsUser/:exchangeAccessToken", {"token": aad, "appId": "app-1", "userId": "oid-1"})
    assert resp.status_code == 200 and set(resp.json()) == {"token", "expiresOn"}
    verdict = _verify(emu, resp.json()["token"])
    assert verdict["valid"] is True and verdict["user_id"] == "8:orgid:oid-1" and verdict["scopes"] == ["voip"]
    # the Teams user is not an identity of the resource
    resp = call(emu, check, "POST", "/identities/8%3Aorgid%3Aoid-1/:issueAccessToken", {"scopes": ["chat"]})
    assert (resp.status_code, resp.json()) == (401, NOT_OWNED)
    # D16: the Entra token is checked first; one the service does not accept is 401 InvalidAccessToken, no target
    for body in ({"token": "not-a-jwt", "appId": "app-1", "userId": "oid-1"},
                 {"token": "invalid", "appId": "app-1", "userId": ""},
                 {"token": _aad_token({"appid": "app-1", "oid": "oid-1", "exp": 1}), "appId": "app-1", "userId": "oid-1"},
                 {"token": "", "appId": "app-1", "userId": "oid-1"},
                 {"appId": "app-1", "userId": "oid-1"}):
        resp = call(emu, check, "POST", "/teamsUser/:exchangeAccessToken", body)
        assert (resp.status_code, resp.json()) == (401, {"error": {"code": "InvalidAccessToken",
                                                                   "message": "Provided access token is not valid."}}), body
        assert resp.headers["Content-Type"] == "application/json"  # identity errors carry no charset, as recorded
    # ... then the appId and userId: 400 ValidationError with the field as target (AppId when it is missing)
    for body, target in (({"token": aad, "appId": "app-2", "userId": "oid-1"}, "appId"),
                         ({"token": aad, "appId": "app-1", "userId": "oid-2"}, "userId"),
                         ({"token": aad, "userId": "oid-1"}, "AppId")):
        resp = call(emu, check, "POST", "/teamsUser/:exchangeAccessToken", body)
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "ValidationError", body
        assert resp.json()["error"]["target"] == target, body


def test_faults_and_request_log_cover_current_operations(emu, check):
    user = _new_user(emu, check)
    emu.control("PUT", "faults", {"rate": 1, "kinds": ["429"], "operations": ["RevokeAccessTokens"], "retry_after": 2})
    limited = emu.call("POST", "/identities/%s/:revokeAccessTokens" % _q(user), "api-version=" + GA)
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "2"
    emu.control("PUT", "faults", {"rate": 1, "kinds": ["lost_response"], "operations": ["CommunicationIdentity_IssueAccessToken"]})
    with pytest.raises(Exception):  # the connection closes without a response
        emu.call("POST", "/identities/%s/:issueAccessToken" % _q(user), "api-version=" + GA, {"scopes": ["chat"]})
    emu.control("DELETE", "faults")
    assert emu.control("GET", "stats")["tokens_issued"] == 1  # the lost response's token was issued
    call(emu, check, "GET", "/identities/" + _q(user), version=PREVIEW)
    log = [(r["method"], r["operation"], r["status"], r["fault"]) for r in emu.control("GET", "requests")["requests"]]
    assert log == [("POST", "CommunicationIdentity_Create", 201, None),
                   ("POST", "CommunicationIdentity_RevokeAccessTokens", 429, "429"),
                   ("POST", "CommunicationIdentity_IssueAccessToken", 200, "lost_response"),
                   ("GET", "CommunicationIdentity_Get", 200, None)]


def test_restart_keeps_current_identities(tmp_path):
    state = str(tmp_path / "state.sqlite")
    emu = Emulator(tmp_path, "--state", state)
    check = SwaggerCheck({GA: "identity-2023-10-01.json", PREVIEW: "identity-2025-03-02-preview.json"})
    try:
        created = call(emu, check, "POST", "/identities", {"customId": "kept", "createTokenWithScopes": ["voip"]}, version=PREVIEW)
        user, token = created.json()["identity"]["id"], created.json()["accessToken"]["token"]
        second = call(emu, check, "POST", "/identities/%s/:issueAccessToken" % _q(user), {"scopes": ["chat"]}).json()["token"]
        before = call(emu, check, "GET", "/identities/" + _q(user), version=PREVIEW).json()
    finally:
        assert emu.stop() == 0
    emu = Emulator(tmp_path, "--state", state)
    try:
        assert call(emu, check, "GET", "/identities/" + _q(user), version=PREVIEW).json() == before
        assert _verify(emu, token)["valid"] and _verify(emu, second)["valid"]
        again = call(emu, check, "POST", "/identities", {"customId": "kept"}, version=PREVIEW)
        assert again.status_code == 201 and again.json()["identity"] == before
        call(emu, check, "POST", "/identities/%s/:revokeAccessTokens" % _q(user))
    finally:
        assert emu.stop() == 0
    emu = Emulator(tmp_path, "--state", state)
    try:
        assert _verify(emu, token)["reason"] == "revoked"
    finally:
        assert emu.stop() == 0


def test_state_file_from_before_custom_ids(tmp_path):
    """A state file written before users had custom ids and last-token times gets the columns at start."""
    state = str(tmp_path / "old.sqlite")
    emu = Emulator(tmp_path, "--state", state)
    try:
        user = emu.ident("POST", "/identities").json()["id"]
    finally:
        assert emu.stop() == 0
    with sqlite3.connect(state) as conn:
        for column in ("custom_id", "last_token"):
            conn.execute("ALTER TABLE users DROP COLUMN %s" % column)
    emu = Emulator(tmp_path, "--state", state)
    check = SwaggerCheck({GA: "identity-2023-10-01.json", PREVIEW: "identity-2025-03-02-preview.json"})
    try:
        assert call(emu, check, "GET", "/identities/" + _q(user), version=PREVIEW).json() == {"id": user}
        token = call(emu, check, "POST", "/identities/%s/:issueAccessToken" % _q(user), {"scopes": ["chat"]}).json()["token"]
        assert ISO_SECONDS.match(call(emu, check, "GET", "/identities/" + _q(user), version=PREVIEW).json()["lastTokenIssuedAt"])
        assert _verify(emu, token)["valid"]
    finally:
        assert emu.stop() == 0
