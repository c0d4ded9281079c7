"""State a recorded pair needs before it is replayed against the emulator, and the substitution of the ids it assigns.

A pair's `replay.setup` names steps of SETUPS; each step sends ordinary signed requests to a freshly reset emulator and
stores what the emulator assigned in `state` (user_id, number, search_id, operation_id, reservation_id, aad_*).
`replay.path`, `replay.body` and `replay.headers` then replace the recorded ones, with `{name}` placeholders filled
from `state` (URL-quoted in paths). A pair without `replay` is sent as recorded.

`send` is the signed request function: send(method, path_with_query, body=None, headers=None) -> requests.Response.
`advance` moves the emulator's clock: advance(seconds).
"""

import base64
import json
import uuid
from urllib.parse import quote

GA = "?api-version=2025-06-01"
PREVIEW = "?api-version=2025-03-02-preview"
IDENTITY = "?api-version=2023-10-01"
MERGE_PATCH = {"Content-Type": "application/merge-patch+json"}
TOLL_FREE = {"phoneNumberType": "tollFree", "assignmentType": "application", "capabilities": {"calling": "outbound", "sms": "none"}}
GEOGRAPHIC = {"phoneNumberType": "geographic", "assignmentType": "application", "capabilities": {"calling": "inbound+outbound", "sms": "none"}}
WANTED_US = {"calling": "inbound+outbound", "sms": "inbound+outbound"}
DONE = 120


class Replay:  # pylint: disable=too-few-public-methods
    """The emulator as a replay sees it: a signed request function, the clock, and the state of the setup steps."""

    def __init__(self, send, advance):
        self.send = send
        self.advance = advance
        self.state = {}


def _ok(resp, *statuses):
    assert resp.status_code in statuses, "setup request answered %s: %s" % (resp.status_code, resp.text)
    return resp


def _search(rep, country, body):
    resp = _ok(rep.send("POST", "/availablePhoneNumbers/countries/%s/:search%s" % (country, GA), body), 202)
    rep.state["search_id"] = resp.headers["search-id"]
    rep.state["operation_id"] = resp.headers["operation-id"]


def search_started(rep):
    """A US toll-free search (as NET-PN CreateSearch), not yet finished."""
    _search(rep, "US", TOLL_FREE)


def search(rep):
    """A finished US toll-free search."""
    search_started(rep)
    rep.advance(DONE)


def search_fr_started(rep):
    """A French toll-free search, not yet finished."""
    _search(rep, "FR", TOLL_FREE)


def search_fr(rep):
    """A finished French toll-free search (its numbers need the agreement to not resell)."""
    search_fr_started(rep)
    rep.advance(DONE)


def _buy(rep, country, body):
    _search(rep, country, body)
    rep.advance(DONE)
    numbers = _ok(rep.send("GET", "/availablePhoneNumbers/searchResults/%s%s" % (rep.state["search_id"], GA)), 200).json()["phoneNumbers"]
    _ok(rep.send("POST", "/availablePhoneNumbers/:purchase" + GA, {"searchId": rep.state["search_id"], "agreeToNotResell": True}), 202)
    rep.advance(DONE)
    return numbers


def number(rep):
    """A US toll-free number the resource holds."""
    rep.state["number"] = _buy(rep, "US", TOLL_FREE)[0]


def numbers_15(rep):
    """Fifteen numbers the resource holds (the recorded resource held 15)."""
    rep.state["number"] = _buy(rep, "US", dict(GEOGRAPHIC, quantity=15))[0]


def _operation(rep, resp):
    rep.state["operation_id"] = _ok(resp, 202).headers["operation-id"]


def capabilities_started(rep):
    """A capabilities update of a held number, not yet finished."""
    number(rep)
    body = {"calling": "outbound", "sms": "inbound+outbound"}
    _operation(rep, rep.send("PATCH", "/phoneNumbers/%s/capabilities%s" % (quote(rep.state["number"], safe=""), GA), body, MERGE_PATCH))


def capabilities_done(rep):
    """A finished capabilities update."""
    capabilities_started(rep)
    rep.advance(DONE)


def release_started(rep):
    """A release of a held number, not yet finished."""
    number(rep)
    _operation(rep, rep.send("DELETE", "/phoneNumbers/%s%s" % (quote(rep.state["number"], safe=""), GA)))


def release_done(rep):
    """A finished release."""
    release_started(rep)
    rep.advance(DONE)


def fresh_reservation_id(rep):
    """A reservation id the emulator has not seen."""
    rep.state["reservation_id"] = str(uuid.uuid4())


def _reservation_path(rep):
    return "/availablePhoneNumbers/reservations/%s%s" % (rep.state["reservation_id"], GA)


def reservation(rep):
    """An empty active reservation."""
    fresh_reservation_id(rep)
    _ok(rep.send("PATCH", _reservation_path(rep), {"phoneNumbers": {}}, MERGE_PATCH), 200, 201)


def reservation_deleted(rep):
    """A reservation that was deleted."""
    reservation(rep)
    _ok(rep.send("DELETE", _reservation_path(rep)), 204)


def _pick(numbers, wanted):
    matching = [item for item in numbers if item.get("capabilities") == wanted]
    return (matching or numbers)[0]


def _browse(rep, country, wanted):
    found = _ok(rep.send("POST", "/availablePhoneNumbers/countries/%s/:browse%s" % (country, GA), {"phoneNumberType": "tollFree"}), 200)
    item = _pick(found.json()["phoneNumbers"], wanted)
    rep.state.update(number=item["phoneNumber"], number_id=item["id"])
    return item


def browsed_us(rep):
    """An available US toll-free number (calling and SMS both ways where offered)."""
    _browse(rep, "US", WANTED_US)


def browsed_fr(rep):
    """An available French toll-free number."""
    _browse(rep, "FR", {"calling": "inbound+outbound", "sms": "none"})


def _hold(rep, country, item):
    entry = {"countryCode": country, "capabilities": item["capabilities"], "phoneNumberType": "tollFree", "assignmentType": "application"}
    _ok(rep.send("PATCH", _reservation_path(rep), {"phoneNumbers": {item["id"]: entry}}, MERGE_PATCH), 200, 201)


def reservation_us(rep):
    """An active reservation holding one US toll-free number."""
    fresh_reservation_id(rep)
    _hold(rep, "US", _browse(rep, "US", WANTED_US))


def reservation_fr(rep):
    """An active reservation holding one French toll-free number."""
    fresh_reservation_id(rep)
    _hold(rep, "FR", _browse(rep, "FR", {"calling": "inbound+outbound", "sms": "none"}))


def reservation_purchase_started(rep):
    """A purchase of a US reservation, not yet finished."""
    reservation_us(rep)
    _operation(rep, rep.send("POST", "/availablePhoneNumbers/reservations/%s/:purchase%s" % (rep.state["reservation_id"], GA), {"agreeToNotResell": False}))


def reservation_purchase_done(rep):
    """A finished purchase of a US reservation: its number is held."""
    reservation_purchase_started(rep)
    rep.advance(DONE)


def _identity(rep, query, body):
    rep.state["user_id"] = _ok(rep.send("POST", "/identities" + query, body), 200, 201).json()["identity"]["id"]


def user(rep):
    """An identity (2023-10-01)."""
    _identity(rep, IDENTITY, None)


def user_bob(rep):
    """The identity of custom id bob@contoso.com (2025-03-02-preview), as the recording created it first."""
    _identity(rep, PREVIEW, {"customId": "bob@contoso.com"})


def user_alice_token(rep):
    """The identity of custom id alice@contoso.com with a VoIP token (2025-03-02-preview)."""
    _identity(rep, PREVIEW, {"customId": "alice@contoso.com", "createTokenWithScopes": ["voip"], "expiresInMinutes": 120})


def _jwt(claims):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return "%s.%s.%s" % (part({"alg": "RS256", "typ": "JWT"}), part(claims), "c2lnbmF0dXJl")


def aad(rep):
    """An Entra token of a Teams user as the emulator accepts it (app-1 / oid-1), and an expired one."""
    claims = {"appid": "app-1", "oid": "oid-1", "tid": "tenant-1", "exp": 4102444800}
    rep.state.update(aad_app="app-1", aad_oid="oid-1", aad_token=_jwt(claims), aad_expired=_jwt(dict(claims, exp=1)))


SETUPS = {fn.__name__: fn for fn in (
    search_started, search, search_fr_started, search_fr, number, numbers_15, capabilities_started, capabilities_done,
    release_started, release_done, fresh_reservation_id, reservation, reservation_deleted, browsed_us, browsed_fr,
    reservation_us, reservation_fr, reservation_purchase_started, reservation_purchase_done, user, user_bob,
    user_alice_token, aad)}


def fill(text, state, quote_values=False):
    """Replace {name} placeholders of `text` with state values (URL-quoted when quote_values)."""
    for name, value in state.items():
        text = text.replace("{%s}" % name, quote(value, safe="") if quote_values else value)
    return text


def replay_request(pair, state):
    """(method, path with query, body, headers) to send for a pair, after its setup steps filled `state`."""
    replay = pair.get("replay", {})
    path = fill(replay.get("path", pair["request"]["path"]), state, quote_values=True)
    body = replay["body"] if "body" in replay else pair["request"]["body"]
    if body is not None:
        body = json.loads(fill(json.dumps(body), state))
    return pair["request"]["method"], path, body, replay.get("headers")


def prepare(rep, pair):
    """Run the pair's setup steps against a reset emulator."""
    for step in pair.get("replay", {}).get("setup", []):
        SETUPS[step](rep)
