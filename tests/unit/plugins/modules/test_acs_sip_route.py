# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_sip_route against the emulator over HTTPS: input checked before anything is sent, positions, a route keeps its
place, other routes untouched, check and diff mode, and the lost update of a concurrent writer detected and redone."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.module_utils.api import sip_routing_2023_03_01 as ga
from ansible_collections.acs.administration.plugins.module_utils.drivers import sip
from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import TaskFailure
from ansible_collections.acs.administration.plugins.modules import acs_sip_route, acs_sip_trunk

from .lifecycle_emulator import needs_emulator
from .utils import run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
PREVIEW = "2024-11-15-preview"
US = r"^\+1\d{10}$"


@pytest.mark.parametrize("args, fragment", [
    ({"name": "r"}, "state is present but all of the following are missing: number_pattern"),
    ({"name": " ", "number_pattern": US}, "name must not be empty."),
    ({"name": "n" * 257, "number_pattern": US}, "name is 257 characters long; the service takes at most 256."),
    ({"name": "r", "number_pattern": ""}, "number_pattern must not be empty."),
    ({"name": "r", "number_pattern": "^+1(425"}, "is not a valid .NET regular expression"),
    ({"name": "r", "number_pattern": r"^\+1.*$"}, "can match characters other than digits and '+'"),
    ({"name": "r", "number_pattern": r"^\+1\w+$"}, "can match characters other than digits"),
    ({"name": "r", "number_pattern": r"^[^5]+$"}, "can match characters other than digits"),
    ({"name": "r", "number_pattern": r"^\+1{,3}$"}, "can match characters other than digits"),  # a literal { in .NET
    ({"name": "r", "number_pattern": "1" * 1025}, "number_pattern is 1025 characters long"),
    ({"name": "r", "number_pattern": US, "description": "d" * 1025}, "description is 1025 characters long"),
    ({"name": "r", "number_pattern": US, "trunks": ["a.contoso.com", "a.contoso.com"]},
     "trunks of route 'r' names a.contoso.com more than once"),
    ({"name": "r", "number_pattern": US, "position": "middle"}, "position 'middle' must be first, last, before:<route name>"),
    ({"name": "r", "number_pattern": US, "position": "before:"}, "must be first, last"),
    ({"name": "r", "number_pattern": US, "caller_id_override": "+1425"}, "caller_id_override is not available on api_version 2023-03-01"),
])
def test_bad_input_fails_before_anything_is_sent(args, fragment):
    failed, result = run_module(acs_sip_route.main, dict(args, connection_string=GOOD))
    assert failed
    assert fragment in result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


def route(emu, **args):
    return run_module(acs_sip_route.main, dict(emu.args, **args))


def names(emu):
    return [r["name"] for r in emu.call("GET", "/sip", "api-version=2023-03-01").json()["routes"]]


@pytest.fixture
def trunks(emu):
    for fqdn in ("sbc1.contoso.com", "sbc2.contoso.com"):
        assert not run_module(acs_sip_trunk.main, dict(emu.args, fqdn=fqdn))[0]
    return emu


@needs_emulator
def test_positions_and_a_route_keeps_its_place(trunks):
    emu = trunks
    emu.clear_requests()
    failed, planned = route(emu, name="us", number_pattern=US, trunks=["sbc1.contoso.com"], _ansible_check_mode=True, _ansible_diff=True)
    assert not failed and planned["changed"] and planned["position"] == 1 and emu.writes() == []
    assert planned["diff"]["before"]["routes"] == []
    assert planned["diff"]["after"]["routes"] == [{"name": "us", "number_pattern": US, "trunks": ["sbc1.contoso.com"], "description": None}]
    assert names(emu) == []

    assert route(emu, name="us", number_pattern=US, trunks=["sbc1.contoso.com"])[1]["route"] == {
        "name": "us", "number_pattern": US, "trunks": ["sbc1.contoso.com"], "description": None}
    assert route(emu, name="seattle", number_pattern=r"^\+1(425|206)\d{7}$", trunks=["sbc2.contoso.com", "sbc1.contoso.com"],
                 position="first")[1]["routes"] == ["seattle", "us"]
    assert route(emu, name="global", number_pattern=r"^\+\d+$", trunks=["sbc2.contoso.com"])[1]["routes"] == ["seattle", "us", "global"]
    assert route(emu, name="uk", number_pattern=r"^\+44\d+$", trunks=["sbc2.contoso.com"], position="before:global")[1]["position"] == 3
    assert route(emu, name="fr", number_pattern=r"^\+33\d+$", trunks=["sbc2.contoso.com"], position="after:seattle")[1]["routes"] == [
        "seattle", "fr", "us", "uk", "global"]

    # an update without position keeps the place; the other routes stay as they are
    failed, updated = route(emu, name="us", number_pattern=US, trunks=["sbc2.contoso.com"], description="US")
    assert not failed and updated["changed"] and updated["position"] == 3 and updated["actions"] == ["updated route us"]
    assert names(emu) == ["seattle", "fr", "us", "uk", "global"]
    # omitted trunks and description are kept
    emu.clear_requests()
    failed, same = route(emu, name="us", number_pattern=US)
    assert not failed and not same["changed"] and same["route"]["trunks"] == ["sbc2.contoso.com"] and emu.writes() == []

    failed, moved = route(emu, name="global", number_pattern=r"^\+\d+$", position="first", _ansible_diff=True)
    assert not failed and moved["changed"] and moved["actions"] == ["reordered routes: global, seattle, fr, us, uk"]
    assert [r["name"] for r in moved["diff"]["before"]["routes"]] == ["seattle", "fr", "us", "uk", "global"]
    emu.clear_requests()
    failed, still = route(emu, name="global", number_pattern=r"^\+\d+$", position="first")
    assert not failed and not still["changed"] and emu.writes() == []

    failed, gone = route(emu, name="fr", state="absent")
    assert not failed and gone["changed"] and gone["route"] is None and names(emu) == ["global", "seattle", "us", "uk"]
    emu.clear_requests()
    failed, gone_again = route(emu, name="fr", state="absent")
    assert not failed and not gone_again["changed"] and emu.writes() == []


@needs_emulator
def test_refusals_that_need_the_configuration_send_no_write(trunks):
    emu = trunks
    assert not route(emu, name="us", number_pattern=US, trunks=["sbc1.contoso.com"])[0]
    emu.clear_requests()
    failed, missing = route(emu, name="uk", number_pattern=r"^\+44\d+$", trunks=["sbc1.contoso.com", "sbc9.contoso.com"])
    assert failed and missing["msg"].startswith("Route 'uk' names trunk(s) sbc9.contoso.com that the configuration does not have")
    failed, anchor = route(emu, name="uk", number_pattern=r"^\+44\d+$", position="after:nowhere")
    assert failed and anchor["msg"] == "position 'after:nowhere' names route 'nowhere', which the configuration does not have (routes: us)."
    failed, itself = route(emu, name="us", number_pattern=US, position="before:us")
    assert failed and "names the route itself" in itself["msg"]
    assert emu.writes() == []


@needs_emulator
def test_preview_caller_id_override(trunks):
    emu = trunks
    failed, done = route(emu, name="us", number_pattern=US, trunks=["sbc1.contoso.com"], caller_id_override="+14255550100", api_version=PREVIEW)
    assert not failed and done["route"]["caller_id_override"] == "+14255550100"
    emu.clear_requests()
    assert not route(emu, name="us", number_pattern=US, caller_id_override="+14255550100", api_version=PREVIEW)[1]["changed"]
    assert emu.writes() == []


class OtherWriter:
    """The API module, with another writer that replaces the routes right after our PATCH (dropping our route) the
    first `times` times: what a concurrent task with an older read does."""

    def __init__(self, emu, times=1):
        self.emu, self.times, self.dropped = emu, times, 0

    def get_configuration(self, client, expand_health=False):
        return ga.get_configuration(client)

    def update_configuration(self, client, patch):
        answer = ga.update_configuration(client, patch)
        if self.dropped < self.times:
            self.dropped += 1
            other = {"routes": [{"name": "theirs%d" % self.dropped, "numberPattern": r"^\+44\d+$", "trunks": ["sbc2.contoso.com"]}]}
            response = self.emu.call("PATCH", "/sip", "api-version=2023-03-01", body=other,
                                     headers={"Content-Type": "application/merge-patch+json"})
            assert response.status_code == 200
        return answer


def client_of(emu):
    return ACSClient(resolve(emu.connection_string, None, None), ca_path=emu.ca, max_retries=0)


@needs_emulator
def test_a_lost_update_is_detected_and_written_again(trunks):
    emu = trunks
    other = OtherWriter(emu, times=2)
    converger = sip.Converger(client_of(emu), other)
    wanted = {"name": "ours", "numberPattern": US, "trunks": ["sbc1.contoso.com"]}
    converger.converge(lambda config: sip.plan_route(config, wanted), lambda config: any(r["name"] == "ours" for r in config["routes"]))
    assert converger.conflicts == 2 and converger.patches == 3 and converger.changed
    # ours is there, and so is what the other writer wrote last (re-read, not overwritten)
    assert names(emu) == ["theirs2", "ours"]


@needs_emulator
def test_a_writer_that_never_stops_fails_in_one_sentence(trunks):
    emu = trunks
    converger = sip.Converger(client_of(emu), OtherWriter(emu, times=99), attempts=3)
    wanted = {"name": "ours", "numberPattern": US, "trunks": []}
    with pytest.raises(TaskFailure, match="what this task wrote was undone 3 times"):
        converger.converge(lambda config: sip.plan_route(config, wanted), lambda config: any(r["name"] == "ours" for r in config["routes"]))
