"""--arm: Azure Resource Manager for Microsoft.Communication/communicationServices (service/arm.py,
http/arm_2025_05_01.py), the cloud metadata endpoint, and each resource's own data plane (data_planes.py)."""

import email.utils
import json
import time
import uuid

import pytest
import requests

from acs_emulator.harness import sign

from .helpers import Emulator

API = "2025-05-01"
RT = "/providers/Microsoft.Communication/communicationServices"


@pytest.fixture(scope="module", name="arm")
def _arm(tmp_path_factory):
    """An emulator with --arm at the real pace (--speed 1): provisioning steps are driven by clock/advance."""
    emu = Emulator(tmp_path_factory.mktemp("arm"), "--arm")
    yield emu
    assert emu.stop() == 0


def token(emu, resource="https://management.azure.com/"):
    env = emu.env
    answer = emu.session.post("%s/%s/oauth2/v2.0/token" % (emu.url, env["AZURE_TENANT_ID"]), verify=emu.ca, timeout=30,
                              data={"grant_type": "client_credentials", "client_id": env["AZURE_CLIENT_ID"],
                                    "client_secret": env["AZURE_CLIENT_SECRET"], "scope": resource + "/.default"})
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def arm_call(emu, method, path, body=None, api=API, bearer=None, raw=None):
    headers = {} if bearer is False else {"Authorization": "Bearer " + (bearer or token(emu))}
    query = "" if api is None else "?api-version=" + api
    return emu.session.request(method, emu.url + path + query, json=body, data=raw, headers=headers, verify=emu.ca, timeout=30)


def rid(emu, group, name):
    return "/subscriptions/%s/resourceGroups/%s%s/%s" % (emu.env["AZURE_SUBSCRIPTION_ID"], group, RT, name)


def create(emu, group, name, location="Europe", **props):
    body = {"location": "global", "properties": dict({"dataLocation": location}, **props)}
    return arm_call(emu, "PUT", rid(emu, group, name), body)


def ready(emu, group, name, **props):
    answer = create(emu, group, name, **props)
    assert answer.status_code == 201, answer.text
    emu.advance(10)
    return arm_call(emu, "GET", rid(emu, group, name)).json()


def keys(emu, group, name):
    return arm_call(emu, "POST", rid(emu, group, name) + "/listKeys").json()


def data_plane(emu, connection_string=None, host=None, key=None, bearer=None, method="POST",
               target="/identities?api-version=2023-10-01", body=b"{}", content_type="application/json"):
    """A request (by default POST /identities, 2023-10-01) to a resource's data plane, signed with its key or with a
    bearer token."""
    if connection_string:
        endpoint, key = [part.split("=", 1)[1] for part in connection_string.split(";")[:2]]
        host = endpoint.split("://", 1)[1].rstrip("/")
    headers = {"Content-Type": content_type}
    if bearer:
        headers["Authorization"] = "Bearer " + bearer
    else:
        date = email.utils.formatdate(usegmt=True)
        content_hash, signature = sign(key, method, target, date, host, body)
        headers.update({"x-ms-date": date, "x-ms-content-sha256": content_hash,
                        "Authorization": "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + signature})
    return emu.session.request(method, "https://%s%s" % (host, target), data=body, headers=headers, verify=emu.ca, timeout=30)


def test_arm_prints_the_lines_a_user_exports(arm):
    env = arm.env
    assert env["AZURE_CLOUD_ENVIRONMENT"] == arm.url
    uuid.UUID(env["AZURE_SUBSCRIPTION_ID"])
    for name in ("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_AUTHORITY_HOST"):
        assert env[name]


@pytest.mark.parametrize("version", ["2015-01-01", "2019-05-01"])
def test_metadata_endpoint_describes_the_emulator_as_a_cloud(arm, version):
    answer = arm.session.get(arm.url + "/metadata/endpoints?api-version=" + version, verify=arm.ca, timeout=30)
    assert answer.status_code == 200
    body = answer.json()
    auth = body["authentication"] if version == "2015-01-01" else body[0]["authentication"]
    assert auth["loginEndpoint"].rstrip("/") == arm.url
    assert "https://management.azure.com/" in auth["audiences"]
    if version == "2019-05-01":
        assert body[0]["resourceManager"].rstrip("/") == arm.url
    bad = arm.session.get(arm.url + "/metadata/endpoints?api-version=2010-01-01", verify=arm.ca, timeout=30)
    assert bad.status_code == 400


def test_arm_refuses_requests_without_a_token_for_arm(arm):
    path = rid(arm, "rg-auth", "nothing-here")
    missing = arm_call(arm, "GET", path, bearer=False)
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "AuthenticationFailed"
    acs_token = arm_call(arm, "GET", path, bearer=token(arm, "https://communication.azure.com/"))
    assert acs_token.status_code == 401 and acs_token.json()["error"]["code"] == "InvalidAuthenticationTokenAudience"
    no_slash = arm_call(arm, "GET", path, bearer=token(arm, "https://management.azure.com"))
    assert no_slash.status_code == 404 and no_slash.json()["error"]["code"] == "ResourceNotFound"
    other_sub = arm_call(arm, "GET", path.replace(arm.env["AZURE_SUBSCRIPTION_ID"], str(uuid.uuid4())))
    assert other_sub.status_code == 403 and other_sub.json()["error"]["code"] == "AuthorizationFailed"
    assert arm_call(arm, "GET", path, api=None).json()["error"]["code"] == "MissingApiVersionParameter"
    assert arm_call(arm, "GET", path, api="2099-01-01").status_code == 400
    assert arm_call(arm, "GET", path, api="2025-09-01").status_code == 404


def test_create_runs_through_creating_to_succeeded_on_the_clock(arm):
    answer = create(arm, "rg-steps", "res-steps", tags={"a": "b"})
    assert answer.status_code == 201
    body = answer.json()
    assert body["properties"]["provisioningState"] == "Creating"
    assert body["type"] == "Microsoft.Communication/CommunicationServices" and body["location"] == "global"
    status_url = answer.headers["Azure-AsyncOperation"]
    assert "/operationStatuses/" in status_url
    hdrs = {"Authorization": "Bearer " + token(arm)}
    assert arm.session.get(status_url, headers=hdrs, verify=arm.ca).json()["status"] == "Running"
    arm.advance(10)
    assert arm.session.get(status_url, headers=hdrs, verify=arm.ca).json()["status"] == "Succeeded"
    got = arm_call(arm, "GET", rid(arm, "rg-steps", "res-steps")).json()
    assert got["properties"]["provisioningState"] == "Succeeded"
    assert got["properties"]["dataLocation"] == "Europe" and got["properties"]["immutableResourceId"]


def test_data_location_cannot_change_and_names_are_global(arm):
    ready(arm, "rg-dl", "res-dl")
    moved = create(arm, "rg-dl", "res-dl", location="United States")
    assert moved.status_code == 400 and moved.json()["error"]["code"] == "InvalidRequestContent"
    assert "dataLocation" in moved.json()["error"]["message"]
    taken = create(arm, "rg-other", "RES-DL")
    assert taken.status_code == 409
    check = arm_call(arm, "POST", "/subscriptions/%s/providers/Microsoft.Communication/checkNameAvailability"
                     % arm.env["AZURE_SUBSCRIPTION_ID"], {"name": "res-dl", "type": "Microsoft.Communication/CommunicationServices"})
    assert check.json()["nameAvailable"] is False and check.json()["reason"] == "AlreadyExists"
    no_location = arm_call(arm, "PUT", rid(arm, "rg-dl", "res-x"), {"location": "global", "properties": {}})
    assert no_location.status_code == 400 and no_location.json()["error"]["code"] == "InvalidRequestContent"
    patch_dl = arm_call(arm, "PATCH", rid(arm, "rg-dl", "res-dl"), {"properties": {"dataLocation": "UK"}})
    assert patch_dl.status_code == 400


def test_patch_is_synchronous_and_changes_only_what_it_carries(arm):
    ready(arm, "rg-patch", "res-patch")
    answer = arm_call(arm, "PATCH", rid(arm, "rg-patch", "res-patch"),
                      {"tags": {"env": "test"}, "identity": {"type": "SystemAssigned"}, "properties": {"publicNetworkAccess": "Disabled"}})
    assert answer.status_code == 200
    body = answer.json()
    assert body["tags"] == {"env": "test"} and body["identity"]["type"] == "SystemAssigned"
    assert body["properties"]["publicNetworkAccess"] == "Disabled" and body["properties"]["disableLocalAuth"] is False


def test_each_resource_has_its_own_data_plane_and_keys(arm):
    one = ready(arm, "rg-dp", "res-dp-one")
    two = ready(arm, "rg-dp", "res-dp-two")
    assert one["properties"]["hostName"] != two["properties"]["hostName"]
    keys_one, keys_two = keys(arm, "rg-dp", "res-dp-one"), keys(arm, "rg-dp", "res-dp-two")
    assert keys_one["primaryConnectionString"].startswith("endpoint=https://%s/;" % one["properties"]["hostName"])
    created = data_plane(arm, keys_one["primaryConnectionString"])
    assert created.status_code == 201, created.text
    assert data_plane(arm, keys_one["secondaryConnectionString"]).status_code == 201
    host_one = one["properties"]["hostName"]
    assert data_plane(arm, host=host_one, key=keys_two["primaryKey"]).status_code == 401
    assert data_plane(arm, host=host_one, key=arm.access_key).status_code == 401
    assert data_plane(arm, host=arm.host, key=keys_one["primaryKey"]).status_code == 401
    # users live in their resource: resource one's user id names resource one's immutable id
    assert one["properties"]["immutableResourceId"] in created.json()["identity"]["id"]


def test_regenerate_key_invalidates_the_old_key_only(arm):
    ready(arm, "rg-rot", "res-rot")
    before = keys(arm, "rg-rot", "res-rot")
    answer = arm_call(arm, "POST", rid(arm, "rg-rot", "res-rot") + "/regenerateKey", {"keyType": "Secondary"})
    assert answer.status_code == 200
    new = answer.json()
    assert set(new) == {"secondaryKey", "secondaryConnectionString"} and new["secondaryKey"] != before["secondaryKey"]
    assert data_plane(arm, before["secondaryConnectionString"]).status_code == 401
    assert data_plane(arm, new["secondaryConnectionString"]).status_code == 201
    assert data_plane(arm, before["primaryConnectionString"]).status_code == 201
    bad = arm_call(arm, "POST", rid(arm, "rg-rot", "res-rot") + "/regenerateKey", {"keyType": "Tertiary"})
    assert bad.status_code == 400


def test_disable_local_auth_refuses_keys_but_not_entra(arm):
    res = ready(arm, "rg-dla", "res-dla", disableLocalAuth=True)
    assert res["properties"]["disableLocalAuth"] is True
    cs = keys(arm, "rg-dla", "res-dla")["primaryConnectionString"]
    refused = data_plane(arm, cs)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "LocalAuthDisabled"
    host = res["properties"]["hostName"]
    assert data_plane(arm, host=host, bearer=token(arm, "https://communication.azure.com/")).status_code == 201
    arm_call(arm, "PATCH", rid(arm, "rg-dla", "res-dla"), {"properties": {"disableLocalAuth": False}})
    assert data_plane(arm, cs).status_code == 201


def test_delete_is_long_running_and_lists_follow(arm):
    ready(arm, "rg-del", "res-del")
    assert [r["name"] for r in arm_call(arm, "GET", "/subscriptions/%s/resourceGroups/rg-del%s"
                                        % (arm.env["AZURE_SUBSCRIPTION_ID"], RT)).json()["value"]] == ["res-del"]
    answer = arm_call(arm, "DELETE", rid(arm, "rg-del", "res-del"))
    assert answer.status_code == 202
    location = answer.headers["Location"]
    hdrs = {"Authorization": "Bearer " + token(arm)}
    assert arm.session.get(location, headers=hdrs, verify=arm.ca).status_code == 202
    assert arm_call(arm, "GET", rid(arm, "rg-del", "res-del")).json()["properties"]["provisioningState"] == "Deleting"
    arm.advance(10)
    assert arm.session.get(location, headers=hdrs, verify=arm.ca).status_code == 204
    assert arm_call(arm, "GET", rid(arm, "rg-del", "res-del")).status_code == 404
    assert arm_call(arm, "DELETE", rid(arm, "rg-del", "res-del")).status_code == 204
    listed = arm_call(arm, "GET", "/subscriptions/%s%s" % (arm.env["AZURE_SUBSCRIPTION_ID"], RT)).json()["value"]
    assert "res-del" not in [r["name"] for r in listed]


def test_resources_and_their_data_planes_survive_a_restart(tmp_path):
    state = tmp_path / "state" / "emulator.sqlite"
    emu = Emulator(tmp_path / "run", "--arm", "--state", str(state), "--speed", "50")
    try:
        res = ready(emu, "rg-restart", "res-restart")
        cs = keys(emu, "rg-restart", "res-restart")["primaryConnectionString"]
        assert data_plane(emu, cs).status_code == 201
        assert (state.parent / "resources" / "res-restart.sqlite").exists()
        assert emu.stop() == 0
        emu.restart()
        emu.endpoint = emu.url
        again = arm_call(emu, "GET", rid(emu, "rg-restart", "res-restart")).json()
        assert again["properties"]["hostName"] == res["properties"]["hostName"]
        assert data_plane(emu, cs).status_code == 201
        assert arm_call(emu, "DELETE", rid(emu, "rg-restart", "res-restart")).status_code == 202
        emu.advance(10)
        assert arm_call(emu, "GET", rid(emu, "rg-restart", "res-restart")).status_code == 404
    finally:
        emu.stop()


def test_paths_are_case_insensitive_and_an_id_is_a_path(arm):
    res = ready(arm, "rg-Case", "res-Case")
    assert res["id"].split("/providers/")[1].startswith("Microsoft.Communication/CommunicationServices/res-Case")
    assert arm_call(arm, "GET", res["id"]).json()["name"] == "res-Case"
    lower = arm_call(arm, "GET", rid(arm, "rg-Case", "res-Case").replace("resourceGroups", "resourcegroups")
                     .replace("communicationServices", "COMMUNICATIONSERVICES"))
    assert lower.status_code == 200
    assert arm_call(arm, "POST", res["id"] + "/LISTKEYS").json()["primaryKey"]


def test_sip_configuration_and_numbers_are_per_resource(arm):
    ready(arm, "rg-sip", "res-sip-a")
    ready(arm, "rg-sip", "res-sip-b")
    cs_a, cs_b = keys(arm, "rg-sip", "res-sip-a")["primaryConnectionString"], keys(arm, "rg-sip", "res-sip-b")["primaryConnectionString"]
    sip = "/sip?api-version=2023-03-01"
    patched = data_plane(arm, cs_a, method="PATCH", target=sip, content_type="application/merge-patch+json",
                         body=json.dumps({"trunks": {"sbc.contoso.com": {"sipSignalingPort": 5061}}}).encode())
    assert patched.status_code == 200, patched.text
    assert list(data_plane(arm, cs_a, method="GET", target=sip, body=b"").json()["trunks"]) == ["sbc.contoso.com"]
    assert data_plane(arm, cs_b, method="GET", target=sip, body=b"").json()["trunks"] == {}
    numbers = "/phoneNumbers?api-version=2025-06-01"
    assert data_plane(arm, cs_b, method="GET", target=numbers, body=b"").json()["phoneNumbers"] == []


def test_reset_removes_the_resources_and_their_data_planes(tmp_path):
    emu = Emulator(tmp_path, "--arm", "--speed", "50")
    try:
        ready(emu, "rg-reset", "res-reset")
        cs = keys(emu, "rg-reset", "res-reset")["primaryConnectionString"]
        assert data_plane(emu, cs).status_code == 201
        emu.reset()
        assert arm_call(emu, "GET", rid(emu, "rg-reset", "res-reset")).status_code == 404
        with pytest.raises(requests.exceptions.ConnectionError):
            for _attempt in range(50):  # the listener stops in the background
                data_plane(emu, cs)
                time.sleep(0.1)
        assert create(emu, "rg-other", "res-reset").status_code == 201  # the name is free again
    finally:
        emu.stop()
