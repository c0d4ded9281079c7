# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_sip_routing against the emulator over HTTPS: the whole configuration exclusively, in a safe order and as few
PATCHes as possible (none refused), purge_trunks, check and diff mode, idempotence, refusals before anything is sent."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_sip_routing

from .lifecycle_emulator import needs_emulator
from .utils import run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
PREVIEW = "2024-11-15-preview"
T1, T2, T3 = "sbc1.contoso.com", "sbc2.contoso.com", "sbc3.contoso.com"
SEATTLE = {"name": "seattle", "number_pattern": r"^\+1(425|206)\d{7}$", "trunks": [T1, T2]}
GLOBAL = {"name": "global", "number_pattern": r"^\+\d+$", "trunks": [T2], "description": "fallback"}


@pytest.mark.parametrize("args, fragment", [
    ({"trunks": [{"fqdn": "-1"}], "routes": []}, "trunks[0].fqdn '-1' is not a valid FQDN"),
    ({"trunks": [{"fqdn": T1, "sip_signaling_port": 0}], "routes": []}, "trunks[0].sip_signaling_port must be between 1 and 65535, not 0."),
    ({"trunks": [{"fqdn": T1}, {"fqdn": T1}], "routes": []}, "trunks lists sbc1.contoso.com more than once."),
    ({"trunks": [{"fqdn": T1, "enabled": True}], "routes": []}, "enabled is not available on api_version 2023-03-01"),
    ({"trunks": [{"fqdn": T1}], "routes": [SEATTLE]}, "Route 'seattle' names trunk(s) sbc2.contoso.com that trunks does not list"),
    ({"trunks": [{"fqdn": T1}], "routes": [dict(SEATTLE, trunks=[T1]), dict(SEATTLE, trunks=[T1])]},
     "Route names must be unique; 'seattle' appears more than once."),
    ({"trunks": [{"fqdn": T1}], "routes": [dict(SEATTLE, trunks=[T1, T1])]}, "names sbc1.contoso.com more than once"),
    ({"trunks": [{"fqdn": T1}], "routes": [dict(SEATTLE, trunks=[T1], number_pattern="^+1(")]}, "is not a valid .NET regular expression"),
    ({"trunks": [{"fqdn": T1}], "routes": [dict(SEATTLE, trunks=[T1], number_pattern="^[a-z]$")]}, "can match characters other than digits"),
    ({"trunks": [{"fqdn": T1}], "routes": [dict(SEATTLE, trunks=[T1], caller_id_override="+1")]}, "caller_id_override is not available"),
    ({"trunks": [{"fqdn": T1}], "routes": [{"name": "x"}]}, "missing required arguments: number_pattern"),
])
def test_bad_input_fails_before_anything_is_sent(args, fragment):
    failed, result = run_module(acs_sip_routing.main, dict(args, connection_string=GOOD))
    assert failed
    assert fragment in result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


def routing(emu, **args):
    return run_module(acs_sip_routing.main, dict(emu.args, **args))


def config(emu):
    return emu.call("GET", "/sip", "api-version=2023-03-01").json()


@needs_emulator
def test_converges_exclusively_in_as_few_patches_as_possible(emu):
    wanted = dict(trunks=[{"fqdn": T1}, {"fqdn": T2, "sip_signaling_port": 5062}], routes=[SEATTLE, GLOBAL])
    failed, planned = routing(emu, _ansible_check_mode=True, _ansible_diff=True, **wanted)
    assert not failed and planned["changed"] and emu.writes() == []
    assert planned["actions"] == ["would add trunk sbc1.contoso.com", "would add trunk sbc2.contoso.com",
                                  "would add route seattle at position 1", "would add route global at position 2"]
    assert [r["name"] for r in planned["diff"]["after"]["routes"]] == ["seattle", "global"]

    failed, done = routing(emu, **wanted)
    assert not failed and done["changed"] and done["patches"] == 1 and done["conflicts"] == 0
    assert done["routes"] == [dict(SEATTLE, description=None), GLOBAL]
    assert done["trunks"] == [{"fqdn": T1, "sip_signaling_port": 5061}, {"fqdn": T2, "sip_signaling_port": 5062}]

    emu.clear_requests()
    failed, again = routing(emu, **wanted)
    assert not failed and not again["changed"] and emu.writes() == [] and again["stats"]["requests"] == 1

    # T2 leaves, T3 comes: the routes used T2, so its removal goes in a second PATCH after the routes changed
    emu.clear_requests()
    moved = dict(trunks=[{"fqdn": T1}, {"fqdn": T3}], routes=[dict(GLOBAL, trunks=[T3, T1]), dict(SEATTLE, trunks=[T1])])
    failed, done = routing(emu, _ansible_diff=True, **moved)
    assert not failed and done["changed"] and done["patches"] == 2
    assert [w["status"] for w in emu.writes()] == [200, 200]
    assert done["actions"] == ["added trunk sbc3.contoso.com", "updated route global", "updated route seattle",
                               "reordered routes: global, seattle", "removed trunk sbc2.contoso.com"]
    assert config(emu) == {"trunks": {T1: {"sipSignalingPort": 5061}, T3: {"sipSignalingPort": 5061}},
                           "routes": [{"description": "fallback", "name": "global", "numberPattern": r"^\+\d+$", "trunks": [T3, T1]},
                                      {"name": "seattle", "numberPattern": SEATTLE["number_pattern"], "trunks": [T1]}]}
    assert done["diff"]["before"]["trunks"] == {T1: {"sip_signaling_port": 5061}, T2: {"sip_signaling_port": 5062}}

    # a trunk no route uses goes in the same PATCH as the rest
    failed, done = routing(emu, trunks=[{"fqdn": T1}, {"fqdn": T3}], routes=[dict(GLOBAL, trunks=[T3])])
    assert not failed and done["patches"] == 1
    failed, done = routing(emu, trunks=[{"fqdn": T3}, {"fqdn": T2}], routes=[dict(GLOBAL, trunks=[T3, T2])])
    assert not failed and done["patches"] == 1 and list(config(emu)["trunks"]) == [T3, T2]
    assert done["actions"] == ["added trunk sbc2.contoso.com", "updated route global", "removed trunk sbc1.contoso.com"]

    failed, empty = routing(emu, trunks=[], routes=[])
    assert not failed and empty["changed"] and config(emu) == {"trunks": {}, "routes": []}


@needs_emulator
def test_purge_trunks_false_leaves_other_trunks_alone(emu):
    assert not routing(emu, trunks=[{"fqdn": T1}, {"fqdn": T2}], routes=[])[0]
    failed, done = routing(emu, purge_trunks=False, trunks=[], routes=[dict(GLOBAL, trunks=[T2])])
    assert not failed and done["changed"] and [t["fqdn"] for t in done["trunks"]] == [T1, T2]
    emu.clear_requests()
    failed, missing = routing(emu, purge_trunks=False, trunks=[], routes=[dict(GLOBAL, trunks=[T3])])
    assert failed and missing["msg"].startswith("Route 'global' names trunk(s) sbc3.contoso.com that the configuration does not have")
    assert emu.writes() == []


@needs_emulator
def test_preview_trunk_flags_and_caller_id(emu):
    args = dict(api_version=PREVIEW, trunks=[{"fqdn": T1, "enabled": False, "privacy_header": "none"}],
                routes=[{"name": "r", "number_pattern": r"^\+1\d+$", "trunks": [T1], "caller_id_override": "+14255550100"}])
    failed, done = routing(emu, **args)
    assert not failed and done["changed"]
    assert done["trunks"][0]["enabled"] is False and done["trunks"][0]["privacy_header"] == "none"
    assert done["routes"][0]["caller_id_override"] == "+14255550100"
    emu.clear_requests()
    assert not routing(emu, **args)[1]["changed"] and emu.writes() == []
