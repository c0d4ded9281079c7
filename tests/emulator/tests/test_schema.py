"""Every response body validates against the swagger schema of its operation (and status code)."""

import copy
import json
import os
import re

import jsonschema
import pytest

from .helpers import PN, acquire, create_search, plan_ids

SWAGGER_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "swagger")
SWAGGERS = ("CommunicationIdentity.json", "communicationservicesadministration.json")


def _nullable_next_links(node):
    """The service sends "nextLink": null on the last page; the swagger only says string."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict) and "nextLink" in props:
            props["nextLink"] = dict(props["nextLink"], type=["string", "null"])
        for value in node.values():
            _nullable_next_links(value)
    elif isinstance(node, list):
        for value in node:
            _nullable_next_links(value)


def _load_operations():
    ops = []
    for name in SWAGGERS:
        with open(os.path.join(SWAGGER_DIR, name), encoding="utf-8") as handle:
            doc = json.load(handle)
        definitions = copy.deepcopy(doc["definitions"])
        _nullable_next_links(definitions)
        for path, methods in doc["paths"].items():
            pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", re.escape(path).replace(r"\{", "{").replace(r"\}", "}")) + "$")
            for method, op in methods.items():
                ops.append((method.upper(), pattern, op["operationId"], op["responses"], definitions))
    return ops


OPERATIONS = _load_operations()


class Validator:
    """Checks responses and remembers which operations and status codes were covered."""

    def __init__(self):
        self.covered = set()
        self.checked = 0

    def __call__(self, resp):
        method = resp.request.method
        path = resp.request.path_url.split("?", 1)[0]
        for op_method, pattern, op_id, responses, definitions in OPERATIONS:
            if op_method == method and pattern.match(path):
                break
        else:
            raise AssertionError("no swagger operation for %s %s" % (method, path))
        spec = responses.get(str(resp.status_code))
        if spec is None:
            assert resp.status_code >= 400, "%s answered %s, not in the swagger" % (op_id, resp.status_code)
            spec = responses.get("default", {"schema": {"$ref": "#/definitions/ErrorResponse"}})
            if "ErrorResponse" not in definitions:  # identity declares no error schema: use the common ACS shape
                definitions = dict(definitions, ErrorResponse={"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}})
        if "schema" in spec:
            schema = dict(spec["schema"], definitions=definitions)
            jsonschema.validate(resp.json(), schema, cls=jsonschema.Draft4Validator, format_checker=jsonschema.FormatChecker())
            assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
        else:
            assert resp.content == b"" and resp.headers["Content-Length"] == "0", (op_id, resp.content)
        self.covered.add((op_id, resp.status_code))
        self.checked += 1
        return resp


@pytest.fixture(name="check")
def _check():
    return Validator()


def test_every_operation_and_error_validates(emu, check):
    # identity
    user = check(emu.ident("POST", "/identities")).json()["id"]
    quoted = user.replace(":", "%3A")
    check(emu.ident("POST", "/identities/%s/token" % quoted, {"scopes": ["chat", "pstn"]}))
    check(emu.ident("POST", "/identities/%s/token" % quoted, {"scopes": ["nope"]}))
    check(emu.ident("PATCH", "/identities/" + quoted, {"tokensValidFrom": "2020-10-10T00:00:00.000Z"}))
    check(emu.ident("PATCH", "/identities/" + quoted, {}))
    check(emu.ident("DELETE", "/identities/" + quoted))
    check(emu.ident("DELETE", "/identities/" + quoted))
    # catalogue
    check(emu.pn("GET", "/countries", "locale=en-US&skip=0&take=2"))
    check(emu.pn("GET", "/countries"))
    check(emu.pn("GET", "/countries/US/phoneplangroups", "includeRateInformation=true"))
    check(emu.pn("GET", "/countries/ZZ/phoneplangroups"))
    plans = plan_ids(emu)
    geo_group, geo_plans = plans["Geographic"]
    tf_group, tf_plans = plans["TollFree"]
    check(emu.pn("GET", "/countries/US/phoneplangroups/%s/phoneplans" % geo_group, "take=1"))
    check(emu.pn("GET", "/countries/US/phoneplangroups/%s/phoneplans" % tf_group))
    check(emu.pn("GET", "/countries/US/phoneplangroups/%s/phoneplans/%s/locationoptions" % (geo_group, geo_plans[0])))
    check(emu.pn("GET", "/countries/US/phoneplangroups/%s/phoneplans/%s/locationoptions" % (tf_group, tf_plans[0])))
    check(emu.pn("POST", "/countries/US/areacodes", "locationType=selection&phonePlanId=" + geo_plans[0],
                 {"locationOptions": [{"labelId": "state", "optionsValue": "WA"}]}))
    check(emu.pn("POST", "/countries/US/areacodes", "locationType=NotRequired&phonePlanId=" + tf_plans[0]))
    check(emu.pn("POST", "/countries/US/areacodes", "phonePlanId=" + tf_plans[0]))
    # searches
    check(create_search(emu, geo_plans[0], "999"))
    search_id = check(create_search(emu, geo_plans[0], "206", 2)).json()["searchId"]
    check(emu.pn("GET", "/searches/" + search_id))
    check(emu.pn("POST", "/searches/%s/purchase" % search_id))
    emu.advance(10)
    check(emu.pn("GET", "/searches/" + search_id))
    check(emu.pn("POST", "/searches/%s/cancel" % search_id))
    emu.advance(10)
    check(emu.pn("GET", "/searches/" + search_id))
    check(emu.pn("GET", "/searches", "skip=0&take=1"))
    check(emu.pn("GET", "/searches/nope"))
    numbers = acquire(emu, tf_plans[0], "833", 2)
    check(emu.pn("GET", "/phonenumbers", "locale=en-US&take=1"))
    check(emu.pn("GET", "/phonenumbers"))
    # configuration
    check(emu.pn("PATCH", "/numberconfiguration/configure", body={"phoneNumber": numbers[0], "pstnConfiguration": {"callbackUrl": "https://x"}}))
    check(emu.pn("POST", "/numberconfiguration", body={"phoneNumber": numbers[0]}))
    check(emu.pn("PATCH", "/numberconfiguration/unconfigure", body={"phoneNumber": numbers[0]}))
    check(emu.pn("POST", "/numberconfiguration", body={"phoneNumber": numbers[0]}))
    check(emu.pn("PATCH", "/numberconfiguration/configure", body={"phoneNumber": "+19999999999", "pstnConfiguration": {"callbackUrl": "x"}}))
    # capabilities
    update_id = check(emu.pn("POST", "/capabilities", body={"phoneNumberCapabilitiesUpdate": {numbers[0][1:]: {"add": ["Premium"]}}})).json()
    check(emu.pn("GET", "/capabilities/" + update_id["capabilitiesUpdateId"]))
    emu.advance(10)
    check(emu.pn("GET", "/capabilities/" + update_id["capabilitiesUpdateId"]))
    check(emu.pn("POST", "/capabilities", body={"phoneNumberCapabilitiesUpdate": {numbers[0]: {"add": ["Teleportation"]}}}))
    check(emu.pn("GET", "/capabilities/nope"))
    # releases
    release_id = check(emu.pn("POST", "/releases", body={"phoneNumbers": numbers})).json()["releaseId"]
    check(emu.pn("GET", "/releases/" + release_id))
    emu.advance(30)
    check(emu.pn("GET", "/releases/" + release_id))
    check(emu.pn("GET", "/releases"))
    check(emu.pn("POST", "/releases", body={"phoneNumbers": numbers}))
    check(emu.pn("GET", "/releases/nope"))
    # wire-level errors on both APIs
    check(emu.call("GET", PN + "/countries", "api-version=2099-01-01"))
    check(emu.call("POST", "/identities", ""))
    check(emu.pn("GET", "/countries", sign_with="d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktIQ=="))

    ops = {op for op, _status in check.covered}
    assert ops == {op_id for _m, _p, op_id, _r, _d in OPERATIONS}, "operations not exercised: %s" % (
        {op_id for _m, _p, op_id, _r, _d in OPERATIONS} - ops)
    assert {status for _op, status in check.covered} >= {200, 201, 202, 204, 400, 401, 404, 409}
    assert check.checked >= 45
