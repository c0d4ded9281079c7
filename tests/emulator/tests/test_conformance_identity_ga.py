"""The official azure-communication-identity 1.5.0 (api-version 2023-10-01), sync and aio clients, against the emulator
over HTTPS: every public method, with the documented results and exceptions."""

import asyncio
import base64
import datetime
import json

import pytest

identity_sdk = pytest.importorskip("azure.communication.identity")

# pylint: disable=wrong-import-position
from azure.communication.identity import CommunicationIdentityClient, CommunicationTokenScope, CommunicationUserIdentifier  # noqa: E402
from azure.communication.identity.aio import CommunicationIdentityClient as AsyncCommunicationIdentityClient  # noqa: E402
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError  # noqa: E402

FOREIGN = CommunicationUserIdentifier("8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081")
ALL_SCOPES = [CommunicationTokenScope.CHAT, CommunicationTokenScope.VOIP, CommunicationTokenScope.CHAT_JOIN,
              CommunicationTokenScope.CHAT_JOIN_LIMITED, CommunicationTokenScope.VOIP_JOIN]


def _aad_token(app_id, oid):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return "%s.%s.c2ln" % (part({"alg": "RS256", "typ": "JWT"}), part({"appid": app_id, "oid": oid, "tid": "t", "exp": 4102444800}))


def _lifetime(token):
    payload = token.token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims["exp"] - claims["iat"]


def _verify(emu, token):
    return emu.control("POST", "tokens/verify", {"token": token.token})


def test_sync_client_every_method(emu):
    client = CommunicationIdentityClient.from_connection_string(emu.connection_string, connection_verify=emu.ca)
    user = client.create_user()
    assert user.raw_id.startswith("8:acs:") and user.properties["id"] == user.raw_id

    other, token = client.create_user_and_token(ALL_SCOPES, token_expires_in=datetime.timedelta(hours=1))
    assert other.raw_id != user.raw_id and _lifetime(token) == 3600
    # 1.5.0 passes expiresOn through as the raw service string
    assert _verify(emu, token) == {"valid": True, "reason": "ok", "user_id": other.raw_id,
                                   "scopes": [str(s.value) for s in ALL_SCOPES], "expires_on": token.expires_on}

    chat = client.get_token(user, [CommunicationTokenScope.CHAT])
    assert _lifetime(chat) == 1440 * 60 and _verify(emu, chat)["valid"]
    short = client.get_token(user, ["voip"], token_expires_in=datetime.timedelta(minutes=60))
    assert _lifetime(short) == 3600

    assert client.revoke_tokens(user) is None
    assert _verify(emu, chat)["reason"] == "revoked" and _verify(emu, short)["reason"] == "revoked"
    assert _verify(emu, client.get_token(user, ["chat.join"]))["valid"]

    teams = client.get_token_for_teams_user(_aad_token("app", "oid-9"), "app", "oid-9")
    assert _verify(emu, teams)["user_id"] == "8:orgid:oid-9"

    assert client.delete_user(user) is None
    assert _verify(emu, chat)["reason"] == "user_deleted"

    # documented errors
    for minutes in (30, 1441):
        with pytest.raises(HttpResponseError) as info:
            client.get_token(other, ["chat"], token_expires_in=datetime.timedelta(minutes=minutes))
        assert info.value.status_code == 400 and info.value.error.code == "ValidationError"
        assert info.value.error.target == "ExpiresInMinutes"
    with pytest.raises(HttpResponseError) as info:
        client.get_token(other, [])
    assert info.value.status_code == 400 and info.value.error.message == "Invalid scopes - Scopes field is required."
    for call in (lambda: client.get_token(user, ["chat"]), lambda: client.delete_user(user), lambda: client.revoke_tokens(FOREIGN)):
        with pytest.raises(ClientAuthenticationError) as info:
            call()
        assert info.value.status_code == 401 and info.value.error.code == "IdentityNotOwned"
    with pytest.raises(HttpResponseError) as info:
        client.get_token_for_teams_user(_aad_token("app", "oid-9"), "another-app", "oid-9")
    assert info.value.status_code == 400

    stats = emu.control("GET", "stats")
    assert stats["users_created"] == 2 and stats["users_deleted"] == 1 and stats["tokens_issued"] == 5
    operations = {r["operation"] for r in emu.control("GET", "requests")["requests"]}
    names = ("Create", "IssueAccessToken", "RevokeAccessTokens", "Delete", "ExchangeTeamsUserAccessToken")
    assert {"CommunicationIdentity_" + name for name in names} == operations


async def _aio_every_method(emu):
    async with AsyncCommunicationIdentityClient.from_connection_string(emu.connection_string, connection_verify=emu.ca) as client:
        user = await client.create_user()
        other, token = await client.create_user_and_token(["chat", "voip"], token_expires_in=datetime.timedelta(hours=2))
        assert _lifetime(token) == 7200 and _verify(emu, token)["user_id"] == other.raw_id
        voip = await client.get_token(user, [CommunicationTokenScope.VOIP_JOIN])
        assert _verify(emu, voip)["scopes"] == ["voip.join"]
        assert await client.revoke_tokens(user) is None
        assert _verify(emu, voip)["reason"] == "revoked"
        teams = await client.get_token_for_teams_user(_aad_token("app", "oid-1"), "app", "oid-1")
        assert _verify(emu, teams)["valid"]
        assert await client.delete_user(user) is None
        with pytest.raises(ClientAuthenticationError):
            await client.get_token(user, ["chat"])
        with pytest.raises(HttpResponseError) as info:
            await client.get_token(other, ["chat"], token_expires_in=datetime.timedelta(minutes=59))
        assert info.value.error.target == "ExpiresInMinutes"
    return emu.control("GET", "requests")["requests"]


def test_aio_client_every_method(emu):
    log = asyncio.run(_aio_every_method(emu))
    # aiohttp sends and signs the identity id unencoded in the path: every request passed the signature check
    assert [r["status"] for r in log] == [201, 201, 200, 204, 200, 204, 401, 400]
