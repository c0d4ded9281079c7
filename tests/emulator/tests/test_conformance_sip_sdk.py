"""The official SipRoutingClient of azure-communication-phonenumbers 1.4.0 (api-version 2023-03-01), sync and aio,
against the emulator over HTTPS: every public method gets its documented result, the refusals reach the caller
as HttpResponseError with the service's code and innererror, and every response the SDK received validates against
the 2023-03-01 swagger."""

import asyncio

import pytest
from azure.communication.phonenumbers.siprouting import SipRoutingClient, SipTrunk, SipTrunkRoute
from azure.communication.phonenumbers.siprouting.aio import SipRoutingClient as AioSipRoutingClient

from .sdk_calls import Calls, Recorder
from .swagger_ga import GaValidator

FIRST = SipTrunk(fqdn="sbs1.sipconfigtest.com", sip_signaling_port=1122)
SECOND = SipTrunk(fqdn="sbs2.sipconfigtest.com", sip_signaling_port=1123)
THIRD = SipTrunk(fqdn="sbs3.sipconfigtest.com", sip_signaling_port=2222)
FIRST_ROUTE = SipTrunkRoute(name="First rule", description="Handle numbers starting with '+123'", number_pattern=r"\+123[0-9]+", trunks=[])


def trunk_pairs(trunks):
    """(fqdn, port) of each trunk, in order."""
    return [(t.fqdn, t.sip_signaling_port) for t in trunks]


def route_tuples(routes):
    """(name, description, pattern, trunks) of each route, in order."""
    return [(r.name, r.description, r.number_pattern, list(r.trunks or [])) for r in routes]


async def _trunks(calls):
    assert await calls("list_trunks") == []
    assert await calls("set_trunks", []) is None  # the SDK sends nothing for an empty list on an empty configuration
    assert await calls("set_trunks", [FIRST, SECOND]) is None
    assert trunk_pairs(await calls("list_trunks")) == trunk_pairs([FIRST, SECOND])
    assert await calls("set_trunk", THIRD) is None
    assert await calls("set_trunk", SipTrunk(fqdn=SECOND.fqdn, sip_signaling_port=7777)) is None
    assert trunk_pairs(await calls("list_trunks")) == [(FIRST.fqdn, 1122), (SECOND.fqdn, 7777), (THIRD.fqdn, 2222)]
    got = await calls("get_trunk", FIRST.fqdn)
    assert (got.fqdn, got.sip_signaling_port) == (FIRST.fqdn, 1122)
    with pytest.raises(KeyError):
        await calls("get_trunk", "absent.sipconfigtest.com")
    assert await calls("delete_trunk", THIRD.fqdn) is None
    assert await calls("set_trunks", [SECOND]) is None  # deletes FIRST (null), keeps SECOND
    assert trunk_pairs(await calls("list_trunks")) == [(SECOND.fqdn, 1123)]


async def _routes(calls):
    assert await calls("list_routes") == []
    assert await calls("set_routes", [FIRST_ROUTE]) is None
    assert route_tuples(await calls("list_routes")) == route_tuples([FIRST_ROUTE])
    routed = [SipTrunkRoute(name="Alternative rule", description="Handle numbers starting with '+999'", number_pattern=r"\+999[0-9]+",
                            trunks=[SECOND.fqdn]),
              SipTrunkRoute(name="Plain", number_pattern="^+[1-9][0-9]{3,23}$")]
    assert await calls("set_routes", routed) is None
    assert route_tuples(await calls("list_routes")) == [("Alternative rule", "Handle numbers starting with '+999'", r"\+999[0-9]+",
                                                         [SECOND.fqdn]), ("Plain", None, "^+[1-9][0-9]{3,23}$", [])]


def _inner(exc):
    return exc.status_code, exc.error.code, exc.error.innererror["code"]


async def _refusals(calls):
    unprocessable = (422, "UnprocessableConfiguration")
    assert _inner(await calls.refused("set_trunk", SipTrunk(fqdn="-1", sip_signaling_port=8239))) == unprocessable + ("InvalidTrunkFqdn",)
    assert _inner(await calls.refused("set_trunk", SipTrunk(fqdn="sbc.contoso.onmicrosoft.com", sip_signaling_port=5061))) == \
        unprocessable + ("InvalidTrunkFqdn",)
    assert _inner(await calls.refused("set_trunk", SipTrunk(fqdn="111.fqdn.com", sip_signaling_port=0))) == \
        unprocessable + ("InvalidTrunkSipSignalingPort",)
    assert _inner(await calls.refused("delete_trunk", SECOND.fqdn)) == unprocessable + ("MissingTrunk",)  # a route uses it
    assert _inner(await calls.refused("set_trunks", [FIRST])) == unprocessable + ("MissingTrunk",)
    bad_routes = (([SipTrunkRoute(name="", number_pattern=r"^\+\d+$")], "InvalidRouteName"),
                  ([SipTrunkRoute(name="r", number_pattern="")], "InvalidRouteNumberPattern"),
                  ([SipTrunkRoute(name="r", number_pattern="[")], "InvalidRegex"),
                  ([SipTrunkRoute(name="r", number_pattern=".*")], "InvalidRouteNumberPattern"),
                  ([SipTrunkRoute(name="r", number_pattern=r"^\+\d+$", trunks=["notExisting.fqdn.com"])], "MissingTrunk"),
                  ([SipTrunkRoute(name="r", number_pattern=r"^\+\d+$", trunks=[SECOND.fqdn, SECOND.fqdn])], "DuplicatedRouteTrunk"))
    for routes, inner in bad_routes:
        assert _inner(await calls.refused("set_routes", routes)) == unprocessable + (inner,), inner
    same = [SipTrunkRoute(name="sameNameRoute", number_pattern="^+[1-9][0-9]{3,23}$")] * 2
    assert _inner(await calls.refused("set_routes", same)) == (400, "UnprocessableConfiguration", "DuplicatedRoute")
    assert len(await calls("list_routes")) == 2 and trunk_pairs(await calls("list_trunks")) == [(SECOND.fqdn, 1123)]


async def _cleanup(calls):
    assert await calls("set_routes", []) is None
    assert await calls("delete_trunk", SECOND.fqdn) is None
    assert await calls("list_trunks") == [] and await calls("list_routes") == []


async def _scenario(client):
    calls = Calls(client)
    await _trunks(calls)
    await _routes(calls)
    await _refusals(calls)
    await _cleanup(calls)
    return calls.called


def _client(emu, kind, recorder=None):
    cls = SipRoutingClient if kind == "sync" else AioSipRoutingClient
    return cls.from_connection_string(emu.connection_string, connection_verify=emu.ca, raw_response_hook=recorder)


@pytest.mark.parametrize("kind", ["sync", "aio"])
def test_every_public_method(emu, kind):
    recorder = Recorder()

    async def run():
        client = _client(emu, kind, recorder)
        if kind == "sync":
            with client:
                return await _scenario(client)
        async with client:
            return await _scenario(client)

    called = asyncio.run(run())
    public = {name for name in dir(SipRoutingClient) if not name.startswith("_") and name not in ("from_connection_string", "close")}
    assert public == {name for name in dir(AioSipRoutingClient) if not name.startswith("_") and name not in ("from_connection_string", "close")}
    assert called == public, public - called
    log = emu.control("GET", "requests")["requests"]
    assert {e["query"] for e in log} == {"api-version=2023-03-01"}
    assert {e["operation"] for e in log} == {"SipRouting_Get", "SipRouting_Update"}
    assert all(e["auth"] == "access_key" for e in log)
    validator = GaValidator("sip-2023-03-01.json")
    for response in recorder.responses():
        validator.check(*response)
    assert validator.covered == {("SipRouting_Get", 200), ("SipRouting_Update", 200), ("SipRouting_Update", 422), ("SipRouting_Update", 400)}
    assert len(recorder.http_responses) == len(log)


@pytest.mark.parametrize("kind", ["sync", "aio"])
def test_close(emu, kind):
    async def run():
        client = _client(emu, kind)
        assert await Calls(client)("list_trunks") == []
        if kind == "aio":
            await client.close()
        else:
            client.close()

    asyncio.run(run())
    assert [e["operation"] for e in emu.control("GET", "requests")["requests"]] == ["SipRouting_Get"]
