# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transport/arm_cloud.py: cloud names, a custom cloud read from its /metadata/endpoints (both api-versions, from the
emulator over HTTPS), the subscription, the default auth_source for ARM, and ARM operation URLs followed only on the
ARM endpoint."""

from __future__ import annotations

import tempfile

import pytest
import requests

from ansible_collections.acs.administration.plugins.module_utils.api import resource_manager_2025_05_01 as api
from ansible_collections.acs.administration.plugins.module_utils.transport import arm_cloud
from ansible_collections.acs.administration.plugins.module_utils.transport.credentials import CredentialError
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSError

from ..modules.lifecycle_emulator import harness, needs_emulator


@pytest.fixture(scope="module", name="arm")
def _arm():
    emu = harness.Emulator(tempfile.mkdtemp(prefix="acs-arm-cloud-"), "--arm", idle_exit=300)
    emu.start()
    yield emu
    emu.stop()


@pytest.mark.parametrize("name, endpoint, audience", [
    ("AzureCloud", "https://management.azure.com", "https://management.azure.com/"),
    ("azurechinacloud", "https://management.chinacloudapi.cn", "https://management.chinacloudapi.cn/"),
    ("AzureUSGovernment", "https://management.usgovcloudapi.net", "https://management.usgovcloudapi.net/"),
])
def test_cloud_names(name, endpoint, audience):
    cloud = arm_cloud.resolve_cloud(name, environ={})
    assert (cloud.endpoint, cloud.audience) == (endpoint, audience)
    assert cloud.scope == audience + ".default"


def test_the_public_cloud_by_default_and_the_environment_next():
    assert arm_cloud.resolve_cloud(None, environ={}).endpoint == "https://management.azure.com"
    assert arm_cloud.resolve_cloud(None, environ={"AZURE_CLOUD_ENVIRONMENT": "AzureChinaCloud"}).authority == \
        "https://login.chinacloudapi.cn"


def test_a_value_that_is_no_cloud_is_one_sentence():
    with pytest.raises(CredentialError) as refused:
        arm_cloud.resolve_cloud("MarsCloud", environ={})
    assert str(refused.value) == ("cloud_environment 'MarsCloud' is neither AzureCloud, AzureChinaCloud, AzureUSGovernment "
                                  "nor the https:// URL of a cloud's Azure Resource Manager endpoint.")


@needs_emulator
def test_a_custom_cloud_is_read_from_its_metadata(arm):
    cloud = arm_cloud.resolve_cloud(arm.url + "/", environ={}, verify=arm.ca)
    assert cloud.endpoint == arm.url and cloud.authority == arm.url
    assert cloud.audience == "https://management.core.windows.net/"


@needs_emulator
def test_the_2015_metadata_is_read_when_2019_is_not_served(arm):
    asked = []

    def get(url, **kwargs):
        asked.append(url.rsplit("=", 1)[1])
        if url.endswith("2019-05-01"):
            return requests.get(url.replace("2019-05-01", "1999-01-01"), **kwargs)  # the emulator answers 400
        return requests.get(url, **kwargs)
    cloud = arm_cloud.resolve_cloud(arm.url, environ={}, verify=arm.ca, get=get)
    assert asked == ["2019-05-01", "2015-01-01"] and cloud.authority == arm.url


@needs_emulator
def test_metadata_that_cannot_be_read_is_one_sentence(arm):
    with pytest.raises(CredentialError) as refused:
        arm_cloud.resolve_cloud(arm.url + "/nowhere", environ={}, verify=arm.ca)
    assert str(refused.value).endswith("/nowhere/metadata/endpoints) cannot be read: it answered HTTP 401.")


def test_subscription_and_auth_source():
    assert arm_cloud.subscription("sub", environ={"AZURE_SUBSCRIPTION_ID": "other"}) == "sub"
    assert arm_cloud.subscription(None, environ={"AZURE_SUBSCRIPTION_ID": "other"}) == "other"
    with pytest.raises(CredentialError):
        arm_cloud.subscription(None, environ={})
    azcollection = {"AZURE_TENANT": "t", "AZURE_CLIENT_ID": "c", "AZURE_SECRET": "s"}
    identity = {"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s"}
    assert arm_cloud.default_auth_source(None, azcollection) == "env"
    assert arm_cloud.default_auth_source(None, identity) == "env"
    assert arm_cloud.default_auth_source(None, {"AZURE_CLIENT_ID": "c"}) == "credential"
    assert arm_cloud.default_auth_source("cli", azcollection) == "cli"
    with pytest.raises(CredentialError) as refused:
        arm_cloud.default_auth_source("access_key", {})
    assert "Microsoft Entra ID tokens only" in str(refused.value)


class _Settings:
    endpoint = "https://management.azure.com"


class _Client:
    settings = _Settings()

    def request(self, *args, **kwargs):
        raise AssertionError("nothing may be sent")


def test_an_operation_url_on_another_host_is_not_followed():
    with pytest.raises(ACSError) as refused:
        api.follow(_Client(), "https://elsewhere.example.com/operationStatuses/1?api-version=x", "CreateOrUpdate (status)")
    assert "the token is not sent there" in str(refused.value)
