# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_resource, acs_resource_info and acs_resource_key against the emulator with --arm (Azure Resource Manager over
HTTPS, signed in through the emulator's Entra ID authority found from the cloud metadata): create with PUT and wait,
PATCH only what differs, check and diff mode, data location refused, keys read and regenerated, secrets kept out of
messages, and each resource's own data plane reached with its connection string."""

from __future__ import annotations

import json
import tempfile
from unittest import mock

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_resource, acs_resource_info, acs_resource_key, acs_user

from .lifecycle_emulator import harness, needs_emulator
from .utils import run_module

pytestmark = needs_emulator


@pytest.fixture(scope="module", name="arm")
def _arm():
    emu = harness.Emulator(tempfile.mkdtemp(prefix="acs-arm-"), "--arm", speed=200, idle_exit=300)
    emu.start()
    yield emu
    emu.stop()


@pytest.fixture(scope="module", name="slow_arm")
def _slow_arm():
    """At the real pace (--speed 1): a deletion takes 3 s, long enough to be found under way."""
    emu = harness.Emulator(tempfile.mkdtemp(prefix="acs-arm-slow-"), "--arm", speed=1, idle_exit=300)
    emu.start()
    yield emu
    emu.stop()


def env(emu, **extra):
    """What a user exports after starting the emulator with --arm (azure.azcollection's names for the secret)."""
    e = emu.env
    base = {"AZURE_CLOUD_ENVIRONMENT": e["AZURE_CLOUD_ENVIRONMENT"], "AZURE_SUBSCRIPTION_ID": e["AZURE_SUBSCRIPTION_ID"],
            "AZURE_TENANT": e["AZURE_TENANT_ID"], "AZURE_CLIENT_ID": e["AZURE_CLIENT_ID"], "AZURE_SECRET": e["AZURE_CLIENT_SECRET"]}
    base.update(extra)
    return base


def run(emu, main, check=False, diff=False, environ=None, **args):
    args = dict(args, ca_path=emu.ca)
    if check:
        args["_ansible_check_mode"] = True
    if diff:
        args["_ansible_diff"] = True
    return run_module(main, args, environ or env(emu))


def arm_writes(emu, since):
    return [r for r in emu.requests()[since:] if r["method"] in ("PUT", "PATCH", "DELETE", "POST")]


def test_create_converge_and_delete(arm):
    failed, result = run(arm, acs_resource.main, check=True, diff=True, name="mod-one", resource_group="rg-mod",
                         data_location="Europe", tags={"env": "test"})
    assert not failed and result["changed"] is True and result["diff"]["before"] == {}
    assert result["resource"]["data_location"] == "Europe"
    assert run(arm, acs_resource_info.main, name="mod-one", resource_group="rg-mod")[1]["resources"] == []

    failed, created = run(arm, acs_resource.main, name="mod-one", resource_group="rg-mod", data_location="Europe",
                          tags={"env": "test"})
    assert not failed, created["msg"] if failed else None
    res = created["resource"]
    assert created["changed"] and res["provisioning_state"] == "Succeeded" and res["host_name"].startswith("127.0.0.1:")
    assert created["waits"] and created["waits"][0]["statuses_seen"][-1] == "Succeeded"

    failed, again = run(arm, acs_resource.main, name="mod-one", resource_group="rg-mod", data_location="Europe",
                        tags={"env": "test"})
    assert not failed and again["changed"] is False and again["stats"]["requests"] == 1  # one GET, no write

    failed, patched = run(arm, acs_resource.main, diff=True, name="mod-one", resource_group="rg-mod",
                          tags={"owner": "me"}, purge_tags=False, disable_local_auth=True)
    assert not failed and patched["changed"]
    assert patched["resource"]["tags"] == {"env": "test", "owner": "me"} and patched["resource"]["disable_local_auth"] is True
    assert patched["diff"]["before"]["disable_local_auth"] is False and patched["diff"]["after"]["disable_local_auth"] is True
    assert patched["actions"] == ["updated mod-one: disableLocalAuth, tags"]
    assert [r["operation"] for r in arm.requests()[-2:]] == ["CommunicationServices_Get", "CommunicationServices_Update"]

    failed, moved = run(arm, acs_resource.main, name="mod-one", resource_group="rg-mod", data_location="United States")
    assert failed and moved["msg"] == ("The data location of mod-one cannot change: it is Europe, the task asks for "
                                       "United States; create a new resource to move the data.")

    failed, listed = run(arm, acs_resource_info.main, resource_group="rg-mod", query="resources[].name")
    assert not failed and listed["query_result"] == ["mod-one"]

    failed, check_delete = run(arm, acs_resource.main, check=True, name="mod-one", resource_group="rg-mod", state="absent")
    assert not failed and check_delete["changed"]
    failed, deleted = run(arm, acs_resource.main, name="mod-one", resource_group="rg-mod", state="absent")
    assert not failed and deleted["changed"] and deleted["waits"]
    failed, gone = run(arm, acs_resource.main, name="mod-one", resource_group="rg-mod", state="absent")
    assert not failed and gone["changed"] is False


def test_keys_work_on_the_resource_data_plane_and_rotate(arm):
    failed, created = run(arm, acs_resource.main, name="mod-keys", resource_group="rg-mod", data_location="UK")
    assert not failed
    with mock.patch("ansible.module_utils.basic.AnsibleModule.warn") as warn:
        failed, keys = run(arm, acs_resource_key.main, name="mod-keys", resource_group="rg-mod")
    assert not failed and keys["changed"] is False
    assert [call.args[0] for call in warn.call_args_list] == [acs_resource_key.NO_LOG_WARNING]
    with mock.patch("ansible.module_utils.basic.AnsibleModule.warn") as warn:
        failed, quiet = run(arm, acs_resource_key.main, name="mod-keys", resource_group="rg-mod", _ansible_no_log=True)
    assert not failed and warn.call_args_list == []
    assert keys["primary_connection_string"].startswith("endpoint=https://%s/;" % created["resource"]["host_name"])
    failed, user = run_module(acs_user.main, {"connection_string": keys["primary_connection_string"], "ca_path": arm.ca})
    assert not failed and user["user_id"].startswith("8:acs:%s_" % created["resource"]["immutable_resource_id"])

    failed, read_in_check = run(arm, acs_resource_key.main, check=True, name="mod-keys", resource_group="rg-mod")
    assert not failed and read_in_check["changed"] is False and read_in_check["primary_key"] == keys["primary_key"]
    failed, checked = run(arm, acs_resource_key.main, check=True, name="mod-keys", resource_group="rg-mod",
                          state="regenerated", key_type="primary")
    assert not failed and checked["changed"] and "primary_key" not in checked
    failed, rotated = run(arm, acs_resource_key.main, name="mod-keys", resource_group="rg-mod", state="regenerated",
                          key_type="primary")
    assert not failed and rotated["changed"] and rotated["primary_key"] != keys["primary_key"]
    assert "secondary_key" not in rotated
    failed, refused = run_module(acs_user.main, {"connection_string": keys["primary_connection_string"], "ca_path": arm.ca})
    assert failed and keys["primary_key"] not in json.dumps(refused)
    failed, fine = run_module(acs_user.main, {"connection_string": rotated["primary_connection_string"], "ca_path": arm.ca})
    assert not failed


@pytest.mark.parametrize("args, fragment", [
    (dict(name="x", resource_group="rg", state="regenerated"), "state=regenerated needs key_type"),
    (dict(name="x", resource_group="rg", key_type="primary"), "key_type is only used with state=regenerated"),
])
def test_key_options_are_checked_before_anything_is_sent(arm, args, fragment):
    failed, result = run(arm, acs_resource_key.main, **args)
    assert failed and fragment in result["msg"] and result["stats"]["requests"] == 0


def test_sign_in_problems_are_one_sentence(arm):
    failed, result = run(arm, acs_resource_info.main, environ=env(arm, AZURE_SECRET="wrong-secret"))
    assert failed and "refused the credential" in result["msg"] and "wrong-secret" not in json.dumps(result)
    failed, result = run(arm, acs_resource_info.main, environ=env(arm, AZURE_SUBSCRIPTION_ID=""))
    assert failed and result["msg"] == "No subscription was given: set subscription_id (or AZURE_SUBSCRIPTION_ID)."
    failed, result = run(arm, acs_resource_info.main, connection_string="endpoint=https://x/;accesskey=eA==")
    assert failed and "acs_resource modules talk to Azure Resource Manager" in result["msg"]
    failed, result = run(arm, acs_resource.main, name="nope", resource_group="rg-mod")
    assert failed and result["msg"] == "nope does not exist: data_location is needed to create it."
    failed, result = run(arm, acs_resource_info.main, environ=env(arm, AZURE_CLOUD_ENVIRONMENT="MarsCloud"))
    assert failed and "cloud_environment 'MarsCloud'" in result["msg"]


def test_a_deletion_under_way_is_waited_for_not_repeated(slow_arm):
    assert not run(slow_arm, acs_resource.main, name="mod-gone", resource_group="rg-mod", data_location="Japan")[0]
    failed, started = run(slow_arm, acs_resource.main, name="mod-gone", resource_group="rg-mod", state="absent", wait=False)
    assert not failed and started["changed"] and started["waits"] == []
    failed, found = run(slow_arm, acs_resource.main, name="mod-gone", resource_group="rg-mod", data_location="Japan")
    assert failed and found["msg"] == "mod-gone is being deleted; run the task again once it is gone to create it anew."
    failed, again = run(slow_arm, acs_resource.main, name="mod-gone", resource_group="rg-mod", state="absent")
    assert not failed and again["changed"] is False
    assert again["actions"] == ["mod-gone is being deleted already", "waited for the deletion of mod-gone: Deleting -> Deleted"]
    assert again["waits"] and again["waits"][0]["statuses_seen"][-1] == "Deleted"
    assert [r["operation"] for r in slow_arm.requests()].count("CommunicationServices_Delete") == 1
    assert run(slow_arm, acs_resource_info.main, name="mod-gone", resource_group="rg-mod")[1]["resources"] == []


def test_managed_identity_signs_in_to_resource_manager(arm):
    e = arm.env
    msi_env = {"AZURE_CLOUD_ENVIRONMENT": e["AZURE_CLOUD_ENVIRONMENT"], "AZURE_SUBSCRIPTION_ID": e["AZURE_SUBSCRIPTION_ID"],
               "IDENTITY_ENDPOINT": e["IDENTITY_ENDPOINT"], "IDENTITY_HEADER": e["IDENTITY_HEADER"]}
    failed, result = run(arm, acs_resource_info.main, environ=msi_env, auth_source="msi")
    assert not failed, result["msg"] if failed else None
    assert isinstance(result["resources"], list) and result["stats"]["requests"] == 1
