"""SIP routing over raw HTTP: 2023-03-01 and 2024-11-15-preview, merge semantics, every refusal, the limits, the
preview's domains, trunk flags, health (control API) and route testing, and reset."""

import pytest

from .helpers import Emulator
from .swagger_check import SwaggerCheck

STABLE = "2023-03-01"
PREVIEW = "2024-11-15-preview"
MERGE = {"Content-Type": "application/merge-patch+json"}
PATTERN = r"^\+1[0-9]{10}$"
# Every response a test looks at is validated against the swagger of its api-version (copied in swagger/).
CHECK = SwaggerCheck({STABLE: "sip-2023-03-01.json", PREVIEW: "sip-2024-11-15-preview.json"})


def get(emu, version=STABLE, query=""):
    """GET /sip -> response."""
    return emu.call("GET", "/sip", "api-version=%s%s" % (version, query))


def patch(emu, body, version=STABLE, headers=None):
    """PATCH /sip with a merge patch -> response."""
    return emu.call("PATCH", "/sip", "api-version=" + version, body, headers=headers or MERGE)


def ok(resp):
    """The JSON body of a 200."""
    assert resp.status_code == 200, resp.text
    CHECK(resp)
    assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
    assert resp.headers["api-supported-versions"] == "2023-03-01, 2024-11-15-preview"
    return resp.json()


def refused(resp, inner, status=422):
    """Assert the service's refusal body (UnprocessableConfiguration with an innererror)."""
    assert resp.status_code == status, resp.text
    CHECK(resp)
    assert resp.headers["Content-Type"] == "application/json"
    error = resp.json()["error"]
    assert error["code"] == "UnprocessableConfiguration" and error["message"] == "One or more request inputs are not valid."
    assert error["innererror"]["code"] == inner and error["innererror"]["message"].endswith(".")
    return error


def route(name, fqdns=(), pattern=PATTERN, **extra):
    """A route body."""
    return dict({"name": name, "numberPattern": pattern, "trunks": list(fqdns)}, **extra)


def trunks(*fqdns, port=5061):
    """A trunks map setting each FQDN."""
    return {fqdn: {"sipSignalingPort": port} for fqdn in fqdns}


def test_empty_configuration(emu):
    assert ok(get(emu)) == {"trunks": {}, "routes": []}
    assert ok(get(emu, PREVIEW)) == {"domains": {}, "trunks": {}, "routes": []}


def test_swagger_example_round_trip(emu):
    body = {"trunks": trunks("vendor.xyz.biz"),
            "routes": [{"name": "VendorXYZ", "description": "External route XYZ", "numberPattern": r"^\+?\d+$", "trunks": ["vendor.xyz.biz"]}]}
    assert ok(patch(emu, body)) == body
    assert ok(get(emu)) == body


def test_trunks_merge_and_null_deletes(emu):
    ok(patch(emu, {"trunks": trunks("a.example.com", "b.example.com")}))
    config = ok(patch(emu, {"trunks": {"c.example.com": {"sipSignalingPort": 5070}, "a.example.com": {"sipSignalingPort": 5080}}}))
    assert list(config["trunks"]) == ["a.example.com", "b.example.com", "c.example.com"]  # new ones appended, updates keep their place
    assert config["trunks"]["a.example.com"] == {"sipSignalingPort": 5080}
    config = ok(patch(emu, {"trunks": {"b.example.com": None, "never.example.com": None}}))
    assert list(config["trunks"]) == ["a.example.com", "c.example.com"]
    assert ok(get(emu))["trunks"] == config["trunks"]


def test_routes_replaced_whole_and_kept_when_absent(emu):
    ok(patch(emu, {"trunks": trunks("a.example.com", "b.example.com"), "routes": [route("one", ["a.example.com"]), route("two")]}))
    config = ok(patch(emu, {"trunks": trunks("c.example.com")}))
    assert [r["name"] for r in config["routes"]] == ["one", "two"]
    config = ok(patch(emu, {"routes": [route("three", ["b.example.com", "a.example.com"], description="d")]}))
    assert config["routes"] == [{"description": "d", "name": "three", "numberPattern": PATTERN, "trunks": ["b.example.com", "a.example.com"]}]
    assert ok(patch(emu, {"routes": []}))["routes"] == []


def test_route_without_trunks_shows_an_empty_list(emu):
    config = ok(patch(emu, {"routes": [{"name": "bare", "numberPattern": r"\+123[0-9]+"}]}))
    assert config["routes"] == [{"name": "bare", "numberPattern": r"\+123[0-9]+", "trunks": []}]


@pytest.mark.parametrize("body", [{}, {"trunks": {}}, {"trunks": None}, {"domains": {"x.example.com": {"enabled": True}}}])
def test_empty_patch(emu, body):
    refused(patch(emu, body), "EmptyPatch")


@pytest.mark.parametrize("fqdn", ["-1", "a", "bad_name.example.com", "x." * 124 + "com", "sbc.contoso.onmicrosoft.com",
                                  "sbc.communication.azure.com", "azure.com", "1.2.3.4"])
def test_invalid_or_forbidden_fqdn(emu, fqdn):
    refused(patch(emu, {"trunks": trunks(fqdn)}), "InvalidTrunkFqdn")
    assert ok(get(emu))["trunks"] == {}


def test_fqdn_of_249_characters_is_accepted_250_refused(emu):
    fqdn = "a" * 60 + "." + "b" * 60 + "." + "c" * 60 + "." + "d" * 62 + ".com"
    assert len(fqdn) == 249
    refused(patch(emu, {"trunks": trunks("e" + fqdn)}), "InvalidTrunkFqdn")
    assert list(ok(patch(emu, {"trunks": trunks(fqdn)}))["trunks"]) == [fqdn]


@pytest.mark.parametrize("port", [0, -1, 65536])
def test_port_out_of_range(emu, port):
    refused(patch(emu, {"trunks": trunks("a.example.com", port=port)}), "InvalidTrunkSipSignalingPort")


def test_port_bounds_and_missing_port(emu):
    assert ok(patch(emu, {"trunks": {"a.example.com": {"sipSignalingPort": 1}, "b.example.com": {"sipSignalingPort": 65535}}}))
    refused(patch(emu, {"trunks": {"new.example.com": {}}}), "InvalidTrunkSipSignalingPort")
    assert ok(patch(emu, {"trunks": {"a.example.com": {}}}))["trunks"]["a.example.com"] == {"sipSignalingPort": 1}


def test_port_of_the_wrong_type(emu):
    resp = patch(emu, {"trunks": {"a.example.com": {"sipSignalingPort": "5061"}}})
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "BadRequest"


def test_route_refusals(emu):
    ok(patch(emu, {"trunks": trunks("a.example.com")}))
    refused(patch(emu, {"routes": [route("")]}), "InvalidRouteName")
    refused(patch(emu, {"routes": [route("x" * 257)]}), "InvalidRouteName")
    refused(patch(emu, {"routes": [route("r", pattern="")]}), "InvalidRouteNumberPattern")
    refused(patch(emu, {"routes": [{"name": "r"}]}), "InvalidRouteNumberPattern")
    refused(patch(emu, {"routes": [route("r", pattern="1" * 1025)]}), "InvalidRouteNumberPattern")
    refused(patch(emu, {"routes": [route("r", description="d" * 1025)]}), "InvalidRouteDescription")
    refused(patch(emu, {"routes": [route("r", ["missing.example.com"])]}), "MissingTrunk")
    refused(patch(emu, {"routes": [route("r", ["a.example.com", "a.example.com"])]}), "DuplicatedRouteTrunk")
    refused(patch(emu, {"routes": [route("same"), route("same")]}), "DuplicatedRoute", status=400)
    assert ok(get(emu))["routes"] == []
    assert ok(patch(emu, {"routes": [route("x" * 256, description="d" * 1024, pattern="1" * 1024)]}))


@pytest.mark.parametrize("pattern", ["[", "(1", "1{2,1}", r"\q"])
def test_invalid_regex(emu, pattern):
    refused(patch(emu, {"routes": [route("r", pattern=pattern)]}), "InvalidRegex")


@pytest.mark.parametrize("pattern", [".*", "^[a-z]+$", r"\w+", "[^5]", r"^\+1 \d+$", r"\s"])
def test_pattern_matching_more_than_digits(emu, pattern):
    refused(patch(emu, {"routes": [route("r", pattern=pattern)]}), "InvalidRouteNumberPattern")


@pytest.mark.parametrize("pattern", [r"^\+?\d+$", "^+[1-9][0-9]{3,23}$", r"\+123[0-9]+", r"^\+1(425|206)\d{7}$",
                                     r"^(?<cc>\+1)\d{10}$", "[0-9+]+", r"^(?:\+44|0)\d{10}$"])
def test_dotnet_patterns_accepted(emu, pattern):
    assert ok(patch(emu, {"routes": [route("r", pattern=pattern)]}))["routes"][0]["numberPattern"] == pattern


def test_deleting_a_trunk_a_route_uses(emu):
    ok(patch(emu, {"trunks": trunks("a.example.com", "b.example.com"), "routes": [route("r", ["a.example.com"])]}))
    refused(patch(emu, {"trunks": {"a.example.com": None}}), "MissingTrunk")
    config = ok(patch(emu, {"trunks": {"a.example.com": None}, "routes": [route("r", ["b.example.com"])]}))
    assert list(config["trunks"]) == ["b.example.com"] and config["routes"][0]["trunks"] == ["b.example.com"]


def test_limits(emu):
    many = {"t%d.example.com" % i: {"sipSignalingPort": 5061} for i in range(250)}
    ok(patch(emu, {"trunks": many}))
    refused(patch(emu, {"trunks": trunks("one-more.example.com")}), "TooManyTrunks")
    ok(patch(emu, {"routes": [route("all", list(many))]}))
    refused(patch(emu, {"routes": [route("r%d" % i) for i in range(251)]}), "TooManyRoutes")
    assert len(ok(patch(emu, {"routes": [route("r%d" % i) for i in range(250)]}))["routes"]) == 250
    refused(patch(emu, {"routes": [route("r", list(many) + ["t0.example.com"])]}), "TooManyRouteTrunks")


def test_a_refused_patch_changes_nothing(emu):
    before = ok(patch(emu, {"trunks": trunks("a.example.com"), "routes": [route("r", ["a.example.com"])]}))
    refused(patch(emu, {"trunks": trunks("b.example.com"), "routes": [route("r", ["a.example.com"]), route("s", ["c.example.com"])]}), "MissingTrunk")
    assert ok(get(emu)) == before


def test_content_type_and_body(emu):
    resp = patch(emu, {"trunks": trunks("a.example.com")}, headers={"Content-Type": "application/json"})
    assert CHECK(resp).status_code == 415
    assert resp.json() == {"error": {"code": "UnsupportedMediaType", "message": "Unsupported Media Type."}}
    resp = emu.call("PATCH", "/sip", "api-version=" + STABLE, raw_body=b"{nope", headers=MERGE)
    assert resp.status_code == 400
    assert patch(emu, [1, 2]).status_code == 400


def test_api_versions(emu):
    assert emu.call("GET", "/sip", "api-version=2025-06-01").json()["error"]["code"] == "UnsupportedApiVersion"
    assert emu.call("POST", "/sip:testRoutesWithNumber", "api-version=%s&targetPhoneNumber=1" % STABLE).status_code == 400


def test_stable_ignores_and_keeps_preview_fields(emu):
    ok(patch(emu, {"domains": {"example.com": {"enabled": True}},
                   "trunks": {"a.example.com": {"sipSignalingPort": 5061, "directTransfer": True, "privacyHeader": "none"}},
                   "routes": [route("r", ["a.example.com"], callerIdOverride="+15551234567")]}, PREVIEW))
    stable = ok(patch(emu, {"trunks": {"a.example.com": {"sipSignalingPort": 5099, "enabled": False}}}))
    assert stable == {"trunks": {"a.example.com": {"sipSignalingPort": 5099}}, "routes": [route("r", ["a.example.com"])]}
    preview = ok(get(emu, PREVIEW))
    assert preview["trunks"]["a.example.com"] == {
        "sipSignalingPort": 5099, "enabled": True, "directTransfer": True, "privacyHeader": "none", "ipAddressVersion": "ipv4"}
    assert preview["routes"][0] == {"name": "r", "numberPattern": PATTERN, "callerIdOverride": "+15551234567", "trunks": ["a.example.com"]}


def test_preview_example_round_trip(emu):
    body = {"domains": {"xyz.biz": {"enabled": True}, "abc.biz": {"enabled": True}},
            "trunks": {"vendor.xyz.biz": {"sipSignalingPort": 5061, "enabled": True, "directTransfer": False, "privacyHeader": "none",
                                          "ipAddressVersion": "ipv4"}},
            "routes": [{"description": "External route XYZ", "name": "VendorXYZ", "numberPattern": r"^\+?\d+$",
                        "callerIdOverride": "+1234567890", "trunks": ["vendor.xyz.biz"]}]}
    assert ok(patch(emu, body, PREVIEW)) == body
    assert ok(get(emu, PREVIEW)) == body


def test_preview_trunk_defaults_and_bad_values(emu):
    trunk = ok(patch(emu, {"trunks": trunks("a.example.com")}, PREVIEW))["trunks"]["a.example.com"]
    assert trunk == {"sipSignalingPort": 5061, "enabled": True, "directTransfer": False, "privacyHeader": "id", "ipAddressVersion": "ipv4"}
    for field, value in (("privacyHeader", "ID"), ("ipAddressVersion", "IPv6"), ("enabled", "yes"), ("directTransfer", 1)):
        resp = patch(emu, {"trunks": {"a.example.com": {field: value}}}, PREVIEW)
        assert CHECK(resp).status_code == 400 and resp.json()["error"]["code"] == "BadRequest", (field, resp.text)


def test_preview_domains(emu):
    config = ok(patch(emu, {"domains": {"contoso.com": {"enabled": True}, "fabrikam.com": {"enabled": False}}}, PREVIEW))
    assert config["domains"] == {"contoso.com": {"enabled": True}, "fabrikam.com": {"enabled": False}}
    refused(patch(emu, {"trunks": trunks("sbc.fabrikam.com")}, PREVIEW), "DisabledDomain")
    refused(patch(emu, {"domains": {"-1": {"enabled": True}}}, PREVIEW), "InvalidDomain")
    refused(patch(emu, {"domains": {"x.onmicrosoft.com": {"enabled": True}}}, PREVIEW), "InvalidDomain")
    ok(patch(emu, {"trunks": trunks("sbc.contoso.com", "sbc.unlisted.net")}, PREVIEW))
    refused(patch(emu, {"domains": {"contoso.com": None}}, PREVIEW), "DomainInUse")
    config = ok(patch(emu, {"domains": {"fabrikam.com": {"enabled": True}}}, PREVIEW))
    assert config["domains"]["fabrikam.com"] == {"enabled": True}
    assert "sbc.fabrikam.com" in ok(patch(emu, {"trunks": trunks("sbc.fabrikam.com")}, PREVIEW))["trunks"]
    assert ok(patch(emu, {"domains": {"fabrikam.com": None}, "trunks": {"sbc.fabrikam.com": None}}, PREVIEW))["domains"] == {
        "contoso.com": {"enabled": True}}
    assert "domains" not in ok(get(emu))


def test_health_expand_and_control(emu):
    ok(patch(emu, {"trunks": trunks("a.example.com", "b.example.com")}, PREVIEW))
    assert "health" not in ok(get(emu, PREVIEW))["trunks"]["a.example.com"]
    unknown = {"tls": {"status": "unknown"}, "ping": {"status": "unknown"}, "overall": {"status": "unknown"}}
    assert ok(get(emu, PREVIEW, "&expand=trunks/health"))["trunks"]["a.example.com"]["health"] == unknown
    set_to = emu.control("PUT", "sip/health", {
        "fqdn": "b.example.com", "tls": "certExpiring", "ping": "ok", "overall": "inactive", "reason": "noRecentCalls"})
    expected = {"tls": {"status": "certExpiring"}, "ping": {"status": "ok"}, "overall": {"status": "inactive", "reason": "noRecentCalls"}}
    assert set_to == {"fqdn": "b.example.com", "health": expected}
    config = ok(get(emu, PREVIEW, "&expand=trunks/health"))
    assert config["trunks"]["b.example.com"]["health"] == expected and config["trunks"]["a.example.com"]["health"] == unknown
    assert emu.control("PUT", "sip/health", {"fqdn": "b.example.com", "overall": "active"})["health"]["overall"] == {"status": "active"}
    assert get(emu, PREVIEW, "&expand=routes").status_code == 400
    assert "health" not in ok(get(emu, STABLE, "&expand=trunks/health"))["trunks"]["a.example.com"]


@pytest.mark.parametrize("body, status", [({"fqdn": "missing.example.com", "tls": "ok"}, 404), ({"fqdn": "a.example.com", "tls": "bad"}, 400),
                                          ({"fqdn": "a.example.com", "reason": "noRecentCalls"}, 400), ({"fqdn": "a.example.com", "x": 1}, 400)])
def test_health_control_refusals(emu, body, status):
    ok(patch(emu, {"trunks": trunks("a.example.com")}))
    resp = emu.session.put(emu.endpoint + "/_emulator/sip/health", json=body, verify=emu.ca, timeout=30)
    assert resp.status_code == status, resp.text


def test_health_of_a_deleted_trunk_is_forgotten(emu):
    ok(patch(emu, {"trunks": trunks("a.example.com")}))
    emu.control("PUT", "sip/health", {"fqdn": "a.example.com", "ping": "error"})
    ok(patch(emu, {"trunks": {"a.example.com": None}}))
    ok(patch(emu, {"trunks": trunks("a.example.com")}))
    assert ok(get(emu, PREVIEW, "&expand=trunks/health"))["trunks"]["a.example.com"]["health"]["ping"] == {"status": "unknown"}


def _test_routes(emu, number, body=None):
    return emu.call("POST", "/sip:testRoutesWithNumber", "api-version=%s&targetPhoneNumber=%s" % (PREVIEW, number.replace("+", "%2B")), body,
                    headers={"Content-Type": "application/json"})


def test_routes_with_number_swagger_example(emu):
    config = {"trunks": {name: {"sipSignalingPort": 5011} for name in ("seattle.contoso.com", "us1.contoso.com", "global.contoso.com")},
              "routes": [{"name": "Seattle", "description": "Seattle route", "numberPattern": r"^\+1(425|206)\d{7}$", "trunks": ["seattle.contoso.com"]},
                         {"name": "US", "description": "US route", "numberPattern": r"^\+1\d{10}$", "trunks": ["us1.contoso.com"]},
                         {"name": "Russia", "description": "Russian route", "numberPattern": r"^\+7\d+$", "trunks": []},
                         {"name": "Global", "description": "Fallback route", "numberPattern": r"^\+\d+$", "trunks": ["global.contoso.com"],
                          "callerIdOverride": "+1234567890"}]}
    matched = ok(_test_routes(emu, "+14251234567", config))["matchingRoutes"]
    assert [r["name"] for r in matched] == ["Seattle", "US", "Global"]
    assert matched[2] == {"description": "Fallback route", "name": "Global", "numberPattern": r"^\+\d+$", "callerIdOverride": "+1234567890",
                          "trunks": ["global.contoso.com"]}
    assert ok(_test_routes(emu, "+14251234567"))["matchingRoutes"] == []  # nothing stored
    ok(patch(emu, config, PREVIEW))
    assert [r["name"] for r in ok(_test_routes(emu, "+79991234567"))["matchingRoutes"]] == ["Russia", "Global"]
    assert ok(_test_routes(emu, "+14251234567", {"routes": []}))["matchingRoutes"] == []


def test_routes_with_number_semantics(emu):
    ok(patch(emu, {"routes": [route("plus", pattern="^+[1-9][0-9]{3,23}$"), route("anywhere", pattern=r"\+123[0-9]+")]}))
    assert [r["name"] for r in ok(_test_routes(emu, "12345"))["matchingRoutes"]] == ["plus"]  # .NET: '^+' is '^' repeated
    assert [r["name"] for r in ok(_test_routes(emu, "+1234"))["matchingRoutes"]] == ["anywhere"]
    assert _test_routes(emu, "").status_code == 400
    refused(_test_routes(emu, "+1", {"routes": [route("r", pattern="[")]}), "InvalidRegex")


def test_reset_clears_sip_state(emu):
    ok(patch(emu, {"domains": {"contoso.com": {"enabled": True}}, "trunks": trunks("a.contoso.com"), "routes": [route("r", ["a.contoso.com"])]},
             PREVIEW))
    emu.control("PUT", "sip/health", {"fqdn": "a.contoso.com", "tls": "ok"})
    emu.control("POST", "reset")
    assert ok(get(emu, PREVIEW, "&expand=trunks/health")) == {"domains": {}, "trunks": {}, "routes": []}


def test_request_log_names_the_operations(emu):
    get(emu)
    patch(emu, {"trunks": trunks("a.example.com")})
    _test_routes(emu, "+1")
    log = emu.control("GET", "requests")["requests"]
    assert [e["operation"] for e in log[-3:]] == ["SipRouting_Get", "SipRouting_Update", "SipRouting_TestRoutesWithNumber"]


def test_every_operation_validates_against_its_swagger(emu):
    check = SwaggerCheck({STABLE: "sip-2023-03-01.json", PREVIEW: "sip-2024-11-15-preview.json"})
    for version in (STABLE, PREVIEW):
        check(patch(emu, {"trunks": trunks("a.example.com"), "routes": [route("r", ["a.example.com"])]}, version))
        check(get(emu, version))
        check(patch(emu, {"routes": [route("r", ["b.example.com"])]}, version))
        check(patch(emu, {"routes": [route("r"), route("r")]}, version))
        check(patch(emu, {"routes": []}, version, headers={"Content-Type": "application/json"}))
    check(get(emu, PREVIEW, "&expand=trunks/health"))
    check(_test_routes(emu, "+12345678901"))
    check(_test_routes(emu, "+1", {"routes": [route("r", pattern="[")]}))
    assert check.covered == {("SipRouting_Get", 200), ("SipRouting_Update", 200), ("SipRouting_Update", 422), ("SipRouting_Update", 400),
                             ("SipRouting_Update", 415), ("SipRouting_TestRoutesWithNumber", 200), ("SipRouting_TestRoutesWithNumber", 422)}


def test_faults_by_full_operation_id(emu):
    # "Get" and "Update" alone name the identity operations (the first rows of the route table): SIP needs the full id.
    faults = emu.control("PUT", "faults", {"operations": ["SipRouting_Update"], "kinds": ["500"], "rate": 1})["faults"]
    assert faults["operations"] == ["SipRouting_Update"]
    try:
        assert patch(emu, {"trunks": trunks("a.example.com")}).status_code == 500
        assert ok(get(emu)) == {"trunks": {}, "routes": []}
    finally:
        emu.control("DELETE", "faults")
    assert ok(patch(emu, {"trunks": trunks("a.example.com")}))["trunks"] == trunks("a.example.com")


@pytest.fixture(name="start_with_state")
def _start_with_state(tmp_path):
    """The one place this module starts its own emulator: start(state file) -> a running emulator, stopped at the end."""
    started = []

    def start():
        emu = Emulator(tmp_path, "--state", str(tmp_path / "state" / "acs.db"), "--idle-exit", "60")
        started.append(emu)
        return emu

    yield start
    for emu in started:
        emu.stop()


def test_configuration_survives_a_restart(start_with_state):
    first = start_with_state()
    written = ok(patch(first, {"trunks": trunks("a.example.com", "b.example.com"), "routes": [route("r", ["b.example.com", "a.example.com"])]}))
    first.control("PUT", "sip/health", {"fqdn": "a.example.com", "tls": "certExpired"})
    assert first.stop() == 0
    second = start_with_state()
    assert ok(get(second)) == written
    assert ok(get(second, PREVIEW, "&expand=trunks/health"))["trunks"]["a.example.com"]["health"]["tls"] == {"status": "certExpired"}
