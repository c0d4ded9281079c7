# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_sip_info against the emulator over HTTPS: trunks and routes in snake_case, the preview's domains and health,
test_number evaluated as the service evaluates it, and the number pattern checks agreeing with the service's."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.module_utils.drivers import sip
from ansible_collections.acs.administration.plugins.modules import acs_sip_info, acs_sip_route, acs_sip_trunk

from .lifecycle_emulator import needs_emulator
from .utils import run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
PREVIEW = "2024-11-15-preview"
MERGE = {"Content-Type": "application/merge-patch+json"}
ROUTES = [
    ("seattle", r"^\+1(425|206)\d{7}$", ["sbc1.contoso.com"]),
    ("us", r"^\+1\d{10}$", ["sbc1.contoso.com", "sbc2.contoso.com"]),
    ("plus-anchor", r"^+1\d+", ["sbc2.contoso.com"]),        # .NET: a quantified anchor, then 1 - not a literal '+'
    ("named", r"^\+(?<cc>44)\d+$", ["sbc2.contoso.com"]),
    ("short", r"555", ["sbc2.contoso.com"]),                 # unanchored: anywhere in the number
    ("global", r"^\+\d+$", ["sbc2.contoso.com"]),
]


@pytest.mark.parametrize("args, fragment", [
    ({"test_number": "+1 425 555"}, "test_number '+1 425 555' is not a phone number"),
    ({"test_number": ""}, "is not a phone number"),
    ({"health": True}, "health is not available on api_version 2023-03-01; it needs api_version 2024-11-15-preview."),
    ({"query": "trunks[?"}, "is not a valid JMESPath expression"),
])
def test_bad_input_fails_before_anything_is_sent(args, fragment):
    failed, result = run_module(acs_sip_info.main, dict(args, connection_string=GOOD))
    assert failed
    assert fragment in result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


def info(emu, **args):
    return run_module(acs_sip_info.main, dict(emu.args, **args))


@pytest.fixture
def configured(emu):
    for fqdn, port in (("sbc1.contoso.com", 5061), ("sbc2.contoso.com", 5062)):
        assert not run_module(acs_sip_trunk.main, dict(emu.args, fqdn=fqdn, sip_signaling_port=port))[0]
    for name, pattern, trunks in ROUTES:
        failed, result = run_module(acs_sip_route.main, dict(emu.args, name=name, number_pattern=pattern, trunks=trunks))
        assert not failed, result["msg"]
    return emu


@needs_emulator
def test_reads_trunks_and_routes_in_order(configured):
    failed, result = info(configured, _ansible_check_mode=True)
    assert not failed and not result["changed"] and result["stats"]["requests"] == 1
    assert result["trunks"] == [{"fqdn": "sbc1.contoso.com", "sip_signaling_port": 5061}, {"fqdn": "sbc2.contoso.com", "sip_signaling_port": 5062}]
    assert [(r["name"], r["number_pattern"], r["trunks"], r["description"]) for r in result["routes"]] == [
        (name, pattern, trunks, None) for name, pattern, trunks in ROUTES]
    assert "domains" not in result and "matching_routes" not in result
    failed, queried = info(configured, query="routes[?contains(trunks, 'sbc1.contoso.com')].name")
    assert not failed and queried["query_result"] == ["seattle", "us"]


@needs_emulator
def test_preview_domains_and_health(configured):
    emu = configured
    assert emu.call("PATCH", "/sip", "api-version=" + PREVIEW, body={"domains": {"contoso.com": {"enabled": True}}}, headers=MERGE).ok
    emu.control("PUT", "sip/health", {"fqdn": "sbc1.contoso.com", "tls": "ok", "ping": "ok", "overall": "inactive", "reason": "noRecentCalls"})
    failed, result = info(emu, api_version=PREVIEW, health=True, query="trunks[?health.overall.status != 'active'].fqdn")
    assert not failed
    assert result["domains"] == [{"domain": "contoso.com", "enabled": True}]
    assert result["trunks"][0] == {"fqdn": "sbc1.contoso.com", "sip_signaling_port": 5061, "enabled": True, "direct_transfer": False,
                                   "privacy_header": "id", "ip_address_version": "ipv4",
                                   "health": {"tls": {"status": "ok"}, "ping": {"status": "ok"},
                                              "overall": {"status": "inactive", "reason": "noRecentCalls"}}}
    assert result["query_result"] == ["sbc1.contoso.com", "sbc2.contoso.com"]
    failed, plain = info(emu, api_version=PREVIEW)
    assert not failed and "health" not in plain["trunks"][0]


@needs_emulator
@pytest.mark.parametrize("number", ["+14255550123", "+12065550123", "+13105550123", "14255550123", "+442071234567",
                                    "+4420", "+33155501234", "5550", "+7"])
def test_test_number_matches_as_the_service_does(configured, number):
    """The module evaluates the routes it read; the service's own testRoutesWithNumber (preview) must agree."""
    failed, result = info(configured, test_number=number)
    assert not failed
    service = configured.call("POST", "/sip:testRoutesWithNumber", "targetPhoneNumber=%s&api-version=%s" % (number.replace("+", "%2B"), PREVIEW),
                              body={}).json()["matchingRoutes"]
    assert [r["name"] for r in result["matching_routes"]] == [r["name"] for r in service]


def test_dotnet_patterns_the_python_way():
    # a quantified anchor is the anchor (.NET), not a literal '+'
    assert sip.matches(r"^+1\d+", "14255550123") and not sip.matches(r"^+1\d+", "+14255550123")
    assert sip.matches(r"^\+(?<cc>44)\d+$", "+442071234567")
    assert sip.matches(r"^\+(?'cc'44)\k<cc>\d*$", "+4444") and not sip.matches(r"^\+(?'cc'44)\k<cc>\d*$", "+4433")
    assert sip.matches(r"^\+1\d{10}\z", "+14255550123") and not sip.matches(r"^\+1\d{10}\z", "+14255550123\n")
    assert sip.matches(r"^\+1\p{Nd}{10}$", "+14255550123")
    assert sip.matches("555", "+14255550123")  # IsMatch: anywhere in the number
    assert sip.python_pattern(r"^\+1{,3}$") == r"^\+1\{,3}$"  # a literal in .NET


@needs_emulator
@pytest.mark.parametrize("pattern", [
    r"^\+1\d{10}$", r"^+1\d+", r"^\+(?<cc>44)\d+$", r"\d{3,}", r"^[0-9+]+$", r"^[1-9]\d*$", r"^\+?1?(425|206)\d{7}$",
    r"^\+(?=1)\d+$", r"^\+1\p{Nd}+$", r"^(\+|00)44\d+$",
    r"^\+1.*$", r"^[^0-9]$", r"\w+", r"^\+1(425", r"[a-z]+", r"^\+1{,3}$", r"^\s*\d+$", r"^\+1\d{10}x$",
])
def test_pattern_checks_agree_with_the_service(emu, pattern):
    """What the module refuses before sending is what the service refuses, and what it lets through is accepted."""
    assert emu.call("PATCH", "/sip", "api-version=2023-03-01", body={"trunks": {"sbc1.contoso.com": {"sipSignalingPort": 5061}}},
                    headers=MERGE).ok
    answer = emu.call("PATCH", "/sip", "api-version=2023-03-01", headers=MERGE,
                      body={"routes": [{"name": "r", "numberPattern": pattern, "trunks": ["sbc1.contoso.com"]}]})
    assert (sip.pattern_error(pattern) is None) == (answer.status_code == 200), (pattern, answer.text, sip.pattern_error(pattern))
    if answer.status_code != 200:
        assert answer.status_code == 422 and answer.json()["error"]["innererror"]["code"] in ("InvalidRegex", "InvalidRouteNumberPattern")
