# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_sip_trunk against the emulator over HTTPS: input checked before anything is sent, add/update/remove by difference,
check and diff mode, a trunk in use refused (naming its routes) or taken out of them."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_sip_route, acs_sip_trunk

from .lifecycle_emulator import needs_emulator
from .utils import run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
PREVIEW = "2024-11-15-preview"


@pytest.mark.parametrize("args, fragment", [
    ({}, "missing required arguments: fqdn"),
    ({"fqdn": "-1"}, "is not a valid FQDN"),
    ({"fqdn": "sbc"}, "is not a valid FQDN"),
    ({"fqdn": "sbc.contoso.123"}, "is not a valid FQDN"),
    ({"fqdn": "a" * 250 + ".com"}, "is not a valid FQDN"),
    ({"fqdn": "sbc.contoso.onmicrosoft.com"}, "domain Microsoft keeps"),
    ({"fqdn": "sbc.azure.com"}, "domain Microsoft keeps"),
    ({"fqdn": "sbc.contoso.com", "sip_signaling_port": 0}, "sip_signaling_port must be between 1 and 65535, not 0."),
    ({"fqdn": "sbc.contoso.com", "sip_signaling_port": 65536}, "between 1 and 65535"),
    ({"fqdn": "sbc.contoso.com", "enabled": False}, "enabled is not available on api_version 2023-03-01; it needs api_version 2024-11-15-preview."),
    ({"fqdn": "sbc.contoso.com", "privacy_header": "none"}, "privacy_header is not available on api_version 2023-03-01"),
    ({"fqdn": "sbc.contoso.com", "privacy_header": "ID", "api_version": PREVIEW}, "value of privacy_header must be one of"),
])
def test_bad_input_fails_before_anything_is_sent(args, fragment):
    failed, result = run_module(acs_sip_trunk.main, dict(args, connection_string=GOOD))
    assert failed
    assert fragment in result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


def trunk(emu, **args):
    return run_module(acs_sip_trunk.main, dict(emu.args, **args))


def route(emu, **args):
    return run_module(acs_sip_route.main, dict(emu.args, **args))


def sip_config(emu, version="2023-03-01"):
    return emu.call("GET", "/sip", "api-version=" + version).json()


@needs_emulator
def test_add_update_and_remove_by_difference(emu):
    failed, planned = trunk(emu, fqdn="sbc1.contoso.com", _ansible_check_mode=True, _ansible_diff=True)
    assert not failed and planned["changed"] and planned["actions"] == ["would add trunk sbc1.contoso.com"]
    assert planned["trunk"] == {"fqdn": "sbc1.contoso.com", "sip_signaling_port": 5061}
    assert planned["diff"] == {"before": {"trunks": {}, "routes": []},
                               "after": {"trunks": {"sbc1.contoso.com": {"sip_signaling_port": 5061}}, "routes": []}}
    assert emu.writes() == [] and sip_config(emu)["trunks"] == {}

    failed, added = trunk(emu, fqdn="sbc1.contoso.com")
    assert not failed and added["changed"] and added["msg"] == "added trunk sbc1.contoso.com" and added["patches"] == 1
    assert sip_config(emu)["trunks"] == {"sbc1.contoso.com": {"sipSignalingPort": 5061}}

    emu.clear_requests()
    failed, again = trunk(emu, fqdn="sbc1.contoso.com")
    assert not failed and not again["changed"] and again["patches"] == 0 and emu.writes() == []
    assert again["msg"] == "nothing to do" and again["stats"]["requests"] == 1

    failed, moved = trunk(emu, fqdn="sbc1.contoso.com", sip_signaling_port=5062, _ansible_diff=True)
    assert not failed and moved["changed"] and moved["actions"] == ["updated trunk sbc1.contoso.com"]
    assert moved["diff"]["before"]["trunks"]["sbc1.contoso.com"] == {"sip_signaling_port": 5061}
    assert moved["diff"]["after"]["trunks"]["sbc1.contoso.com"] == {"sip_signaling_port": 5062}
    assert sip_config(emu)["trunks"]["sbc1.contoso.com"] == {"sipSignalingPort": 5062}

    failed, gone = trunk(emu, fqdn="sbc1.contoso.com", state="absent")
    assert not failed and gone["changed"] and gone["trunk"] is None and sip_config(emu)["trunks"] == {}
    emu.clear_requests()
    failed, gone_again = trunk(emu, fqdn="sbc1.contoso.com", state="absent")
    assert not failed and not gone_again["changed"] and emu.writes() == []


@needs_emulator
def test_preview_flags_are_set_and_kept(emu):
    failed, added = trunk(emu, fqdn="sbc1.contoso.com", api_version=PREVIEW, enabled=False, privacy_header="none")
    assert not failed and added["changed"]
    assert added["trunk"] == {"fqdn": "sbc1.contoso.com", "sip_signaling_port": 5061, "enabled": False, "direct_transfer": False,
                              "privacy_header": "none", "ip_address_version": "ipv4"}
    # omitted flags keep their value: only the port changes
    failed, ported = trunk(emu, fqdn="sbc1.contoso.com", api_version=PREVIEW, sip_signaling_port=5070)
    assert not failed and ported["changed"] and ported["trunk"]["enabled"] is False and ported["trunk"]["privacy_header"] == "none"
    emu.clear_requests()
    failed, same = trunk(emu, fqdn="sbc1.contoso.com", api_version=PREVIEW, sip_signaling_port=5070, enabled=False)
    assert not failed and not same["changed"] and emu.writes() == []


@needs_emulator
def test_a_trunk_in_use_is_refused_naming_its_routes_or_taken_out_of_them(emu):
    for fqdn in ("sbc1.contoso.com", "sbc2.contoso.com"):
        assert not trunk(emu, fqdn=fqdn)[0]
    assert not route(emu, name="both", number_pattern=r"^\+1\d{10}$", trunks=["sbc1.contoso.com", "sbc2.contoso.com"])[0]
    assert not route(emu, name="only2", number_pattern=r"^\+44\d+$", trunks=["sbc2.contoso.com"])[0]
    assert not route(emu, name="other", number_pattern=r"^\+33\d+$", trunks=["sbc1.contoso.com"])[0]
    emu.clear_requests()

    failed, refused = trunk(emu, fqdn="sbc2.contoso.com", state="absent")
    assert failed and refused["msg"] == ("Trunk sbc2.contoso.com is used by route(s) both, only2; remove it from them first, "
                                         "or set remove_from_routes: true.")
    assert emu.writes() == []

    failed, planned = trunk(emu, fqdn="sbc2.contoso.com", state="absent", remove_from_routes=True, _ansible_check_mode=True)
    assert not failed and planned["changed"] and emu.writes() == []
    assert planned["actions"] == ["would update route both", "would update route only2", "would remove trunk sbc2.contoso.com"]

    failed, removed = trunk(emu, fqdn="sbc2.contoso.com", state="absent", remove_from_routes=True)
    assert not failed and removed["changed"]
    # the routes first, then the trunk: two PATCHes, none refused
    writes = emu.writes()
    assert [w["status"] for w in writes] == [200, 200] and removed["patches"] == 2
    config = sip_config(emu)
    assert list(config["trunks"]) == ["sbc1.contoso.com"]
    assert [(r["name"], r["trunks"]) for r in config["routes"]] == [
        ("both", ["sbc1.contoso.com"]), ("only2", []), ("other", ["sbc1.contoso.com"])]

    failed, dropped = trunk(emu, fqdn="sbc1.contoso.com", state="absent", remove_from_routes=True, remove_empty_routes=True)
    assert not failed and dropped["changed"]
    config = sip_config(emu)
    # routes left without trunks by this task go; only2 had none before it and stays
    assert config == {"trunks": {}, "routes": [{"name": "only2", "numberPattern": r"^\+44\d+$", "trunks": []}]}
