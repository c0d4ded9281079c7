"""SDK conformance: the official azure-mgmt-communication 3.0.0 client (api-version 2025-09-01 by default, and
2025-05-01) runs create, get, update, list, listKeys, regenerateKey, checkNameAvailability and delete against --arm,
and a connection string from listKeys works with azure-communication-identity on that resource only."""

import pytest

from .helpers import Emulator

mgmt = pytest.importorskip("azure.mgmt.communication")
identity = pytest.importorskip("azure.identity")
from azure.communication.identity import CommunicationIdentityClient  # noqa: E402  pylint: disable=wrong-import-position
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError  # noqa: E402
from azure.mgmt.communication import models  # noqa: E402  pylint: disable=wrong-import-position

TYPE = "Microsoft.Communication/CommunicationServices"


@pytest.fixture(scope="module", name="emu")
def _emu(tmp_path_factory):
    emu = Emulator(tmp_path_factory.mktemp("armsdk"), "--arm", "--speed", "20")
    yield emu
    assert emu.stop() == 0


def client(emu, api_version=None):
    env = emu.env
    credential = identity.ClientSecretCredential(env["AZURE_TENANT_ID"], env["AZURE_CLIENT_ID"], env["AZURE_CLIENT_SECRET"],
                                                 authority=env["AZURE_AUTHORITY_HOST"], disable_instance_discovery=True,
                                                 connection_verify=emu.ca)
    extra = {"api_version": api_version} if api_version else {}
    return mgmt.CommunicationServiceManagementClient(
        credential, env["AZURE_SUBSCRIPTION_ID"], base_url=env["AZURE_CLOUD_ENVIRONMENT"], connection_verify=emu.ca,
        credential_scopes=["https://management.azure.com/.default"], polling_interval=0.1, **extra).communication_services


@pytest.mark.parametrize("api_version", [None, "2025-05-01"])
def test_sdk_flow(emu, api_version):
    ops = client(emu, api_version)
    name = "sdk-" + (api_version or "default")
    check = ops.check_name_availability(models.NameAvailabilityParameters(name=name, type=TYPE))
    assert check.name_available is True
    created = ops.begin_create_or_update("rg-sdk", name, models.CommunicationServiceResource(
        location="global", data_location="United States", tags={"team": "a"})).result()
    assert created.provisioning_state == "Succeeded" and created.data_location == "United States"
    assert created.type == TYPE and created.host_name.startswith("127.0.0.1:")
    assert ops.check_name_availability(models.NameAvailabilityParameters(name=name, type=TYPE)).name_available is False
    updated = ops.update("rg-sdk", name, models.CommunicationServiceResourceUpdate(
        tags={"team": "b"}, disable_local_auth=False, public_network_access="Enabled"))
    assert updated.tags == {"team": "b"} and ops.get("rg-sdk", name).tags == {"team": "b"}
    assert name in [r.name for r in ops.list_by_resource_group("rg-sdk")]
    assert name in [r.name for r in ops.list_by_subscription()]
    keys = ops.list_keys("rg-sdk", name)
    users = CommunicationIdentityClient.from_connection_string(keys.primary_connection_string, connection_verify=emu.ca)
    assert users.create_user().properties["id"].startswith("8:acs:%s_" % created.immutable_resource_id)
    new = ops.regenerate_key("rg-sdk", name, models.RegenerateKeyParameters(key_type="Primary"))
    assert new.primary_key != keys.primary_key
    with pytest.raises(ClientAuthenticationError):
        users.create_user()
    fresh = CommunicationIdentityClient.from_connection_string(new.primary_connection_string, connection_verify=emu.ca)
    assert fresh.create_user().properties["id"]
    ops.begin_delete("rg-sdk", name).result()
    with pytest.raises(ResourceNotFoundError):
        ops.get("rg-sdk", name)


def test_sdk_sees_arm_errors(emu):
    ops = client(emu)
    ops.begin_create_or_update("rg-sdk", "sdk-errors", models.CommunicationServiceResource(
        location="global", data_location="Europe")).result()
    with pytest.raises(HttpResponseError) as refused:
        ops.begin_create_or_update("rg-sdk", "sdk-errors", models.CommunicationServiceResource(
            location="global", data_location="UK")).result()
    assert refused.value.status_code == 400 and refused.value.error.code == "InvalidRequestContent"
    with pytest.raises(HttpResponseError) as taken:
        ops.begin_create_or_update("rg-elsewhere", "sdk-errors", models.CommunicationServiceResource(
            location="global", data_location="Europe")).result()
    assert taken.value.status_code == 409
