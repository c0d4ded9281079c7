"""CommunicationIdentity behaviour."""

import base64
import json
import re

from .helpers import ID_VERSION


def _claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _q(user_id):
    return user_id.replace(":", "%3A")


def test_create_issue_revoke_delete(emu):
    resp = emu.ident("POST", "/identities")
    assert resp.status_code == 200
    user = resp.json()["id"]
    match = re.match(r"^8:acs:([0-9a-f-]{36})_00000006-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", user)
    assert match
    resource = match.group(1)
    assert emu.ident("POST", "/identities").json()["id"].startswith("8:acs:%s_" % resource)

    token = emu.ident("POST", "/identities/%s/token" % _q(user), {"scopes": ["chat", "voip"]})
    assert token.status_code == 200
    body = token.json()
    assert body["id"] == user
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$", body["expiresOn"])
    claims = _claims(body["token"])
    assert claims["skypeid"] == user[2:] and claims["resourceId"] == resource
    assert claims["acsScope"] == "chat,voip" and isinstance(claims["scp"], int)
    assert claims["exp"] - claims["iat"] == 86400 and claims["csi"] == str(claims["iat"])

    verdict = emu.control("POST", "tokens/verify", {"token": body["token"]})
    assert verdict == {"valid": True, "reason": "ok", "user_id": user, "scopes": ["chat", "voip"], "expires_on": body["expiresOn"]}

    revoke = emu.ident("PATCH", "/identities/" + _q(user), {}, headers={"Content-Type": "application/merge-patch+json"})
    assert revoke.status_code == 204 and revoke.content == b""
    assert emu.control("POST", "tokens/verify", {"token": body["token"]})["reason"] == "revoked"
    fresh = emu.ident("POST", "/identities/%s/token" % _q(user), {"scopes": ["pstn"]}).json()["token"]
    assert emu.control("POST", "tokens/verify", {"token": fresh})["valid"] is True

    assert emu.ident("DELETE", "/identities/" + _q(user)).status_code == 204
    assert emu.control("POST", "tokens/verify", {"token": fresh})["reason"] == "user_deleted"
    for method, path, payload in (("DELETE", "", None), ("PATCH", "", {}), ("POST", "/token", {"scopes": ["chat"]})):
        resp = emu.ident(method, "/identities/" + _q(user) + path, payload)
        assert resp.status_code == 404 and resp.json()["error"]["code"]
    stats = emu.control("GET", "stats")
    assert (stats["users_created"], stats["users_deleted"], stats["tokens_issued"]) == (2, 1, 2)


def test_revoke_with_explicit_time(emu):
    user = emu.ident("POST", "/identities").json()["id"]
    token = emu.ident("POST", "/identities/%s/token" % _q(user), {"scopes": ["chat"]}).json()["token"]
    assert emu.ident("PATCH", "/identities/" + _q(user), {"tokensValidFrom": "2000-01-01T00:00:00.000Z"}).status_code == 204
    assert emu.control("POST", "tokens/verify", {"token": token})["reason"] == "ok"
    assert emu.ident("PATCH", "/identities/" + _q(user), {"tokensValidFrom": "2999-01-01T00:00:00.1234567+00:00"}).status_code == 204
    assert emu.control("POST", "tokens/verify", {"token": token})["reason"] == "revoked"
    assert emu.ident("PATCH", "/identities/" + _q(user), {"tokensValidFrom": "yesterday"}).status_code == 400


def test_token_expiry_bad_signature_malformed(emu):
    user = emu.ident("POST", "/identities").json()["id"]
    token = emu.ident("POST", "/identities/%s/token" % _q(user), {"scopes": ["voip"]}).json()["token"]
    head, payload, sig = token.split(".")
    forged = head + "." + payload + "." + sig[:-3] + ("AAA" if sig[-3:] != "AAA" else "BBB")
    assert emu.control("POST", "tokens/verify", {"token": forged})["reason"] == "bad_signature"
    assert emu.control("POST", "tokens/verify", {"token": "not-a-jwt"})["reason"] == "malformed"
    emu.advance(86401)
    assert emu.control("POST", "tokens/verify", {"token": token})["reason"] == "expired"


def test_scope_validation(emu):
    user = emu.ident("POST", "/identities").json()["id"]
    for bad in ({"scopes": ["email"]}, {"scopes": []}, {"scopes": "chat"}, {}, None):
        resp = emu.ident("POST", "/identities/%s/token" % _q(user), bad)
        assert resp.status_code == 400, (bad, resp.text)
    assert emu.control("GET", "stats")["tokens_issued"] == 0
    assert emu.call("POST", "/identities/%s/token" % _q(user), "api-version=" + ID_VERSION,
                    raw_body=b'{"scopes": ["chat"').status_code == 400
