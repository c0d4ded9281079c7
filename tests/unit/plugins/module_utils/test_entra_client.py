# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The REST layer with a Microsoft Entra ID token, against the emulator's local authority over HTTPS: the token of a
service principal (auth_source env: its own client credentials grant, client_secret.py, without azure-identity) is
requested once for every request of a run and sent as Bearer (no HMAC), and a token the resource refuses fails with the
sentence that says so."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve
from ansible_collections.acs.administration.plugins.module_utils.transport.credentials import CredentialError, TokenSource, build
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSAuthenticationError

from ..modules.lifecycle_emulator import needs_emulator

pytest.importorskip("azure.identity")

LEGACY_IDENTITY = "2020-07-20-preview2"


@pytest.fixture(name="emulator")
def _emulator(emulator):
    """The worker's emulator (../conftest.py), its clock back on the wall clock: the tokens' lifetimes are checked."""
    emulator.reset(clock=True)
    return emulator


def _client(emulator, token_source):
    settings = resolve(endpoint=emulator.url, auth_source=token_source.auth_source, environ={})
    return ACSClient(settings, ca_path=emulator.ca, timeout=10, max_retries=0, token_source=token_source)


@needs_emulator
def test_one_token_per_run_sent_as_bearer(emulator):
    app = emulator.control("POST", "entra/clients", {})
    tenant = emulator.control("GET", "entra")["tenant_id"]
    source = TokenSource(lambda: build("env", tenant, app["client_id"], app["client_secret"], cloud_environment=emulator.url,
                                       ca_path=emulator.ca, environ={}), "env")
    client = _client(emulator, source)
    before = emulator.stats()["entra_tokens_issued"]
    emulator.clear_requests()
    for _attempt in range(3):
        client.request("POST", "/identities", "CommunicationIdentity_Create", LEGACY_IDENTITY, body={})
    assert [(r["operation"], r["auth"], r["status"]) for r in emulator.requests()] == [
        ("CommunicationIdentity_Create", "bearer", 200)] * 3
    assert emulator.stats()["entra_tokens_issued"] - before == 1
    assert client.stats["requests"] == 3


@needs_emulator
def test_a_service_principal_signs_in_without_azure_identity_in_one_request(emulator, monkeypatch):
    app = emulator.control("POST", "entra/clients", {})
    tenant = emulator.control("GET", "entra")["tenant_id"]
    monkeypatch.setitem(sys.modules, "azure.identity", None)  # import azure.identity -> ImportError
    monkeypatch.setitem(sys.modules, "azure.core.exceptions", None)
    source = TokenSource(lambda: build("env", tenant, app["client_id"], app["client_secret"], cloud_environment=emulator.url,
                                       ca_path=emulator.ca, environ={}), "env")
    emulator.clear_requests()
    before = emulator.stats()["entra_tokens_issued"]
    token = source.token()
    assert emulator.stats()["entra_tokens_issued"] - before == 1 and source.expires > time.time() + 600
    client = _client(emulator, source)
    assert client.request("POST", "/identities", "CommunicationIdentity_Create", LEGACY_IDENTITY, body={}).status == 200
    assert token not in str(emulator.requests())


SIGN_IN_ALONE = """
import sys
from ansible_collections.acs.administration.plugins.module_utils.transport.credentials import TokenSource, build
tenant, client, secret, url, ca = sys.argv[1:]
TokenSource(lambda: build("env", tenant, client, secret, cloud_environment=url, ca_path=ca, environ={}), "env").token()
print(sorted(name for name in sys.modules if name.startswith(("azure", "msal", "requests"))))
"""


@needs_emulator
def test_a_service_principals_sign_in_imports_neither_azure_identity_nor_requests(emulator):
    """In a process of its own, as a module run is: what it imports is what the task pays for (issue 29)."""
    app = emulator.control("POST", "entra/clients", {})
    tenant = emulator.control("GET", "entra")["tenant_id"]
    proc = subprocess.run([sys.executable, "-c", SIGN_IN_ALONE, tenant, app["client_id"], app["client_secret"], emulator.url,
                           emulator.ca], capture_output=True, text=True, timeout=60, check=False,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p)))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]", proc.stdout


@needs_emulator
def test_a_wrong_secret_an_unknown_tenant_and_an_unreachable_authority_are_one_sentence_each(emulator):
    app = emulator.control("POST", "entra/clients", {})
    tenant = emulator.control("GET", "entra")["tenant_id"]

    def sign_in(tenant_id, secret, url=None):
        source = TokenSource(lambda: build("env", tenant_id, app["client_id"], secret, cloud_environment=url or emulator.url,
                                           ca_path=emulator.ca, environ={}), "env")
        with pytest.raises(CredentialError) as err:
            source.token()
        return err.value

    wrong = sign_in(tenant, "not-the-secret")
    assert wrong.reason == "refused" and "not-the-secret" not in str(wrong)
    assert str(wrong).startswith("Microsoft Entra ID refused the credential of auth_source=env: (invalid_client) AADSTS7000215")
    unknown = sign_in("00000000-0000-0000-0000-000000000000", app["client_secret"])
    assert unknown.reason == "refused" and "AADSTS90002: Tenant" in str(unknown)
    gone = sign_in(tenant, app["client_secret"], url="https://127.0.0.1:9")
    assert gone.reason == "unreachable" and str(gone).startswith(
        "Microsoft Entra ID could not sign in auth_source=env: https://127.0.0.1:9 could not be reached (")
    assert app["client_secret"] not in str(gone) + str(unknown) + str(wrong)


@needs_emulator
def test_a_token_the_resource_refuses(emulator):
    def no_more_tokens():
        raise CredentialError("Microsoft Entra ID refused the credential of auth_source=msi: no.", "refused")

    source = TokenSource(no_more_tokens, "msi")
    source._token = "opaque-token-the-emulator-cannot-read"  # pylint: disable=protected-access
    client = _client(emulator, source)
    with pytest.raises(ACSAuthenticationError) as err:
        client.request("POST", "/identities", "CommunicationIdentity_Create", LEGACY_IDENTITY, body={})
    assert str(err.value).startswith(
        "Authentication failed for CommunicationIdentity_Create (HTTP 401): the resource refused the Microsoft Entra ID "
        "token of auth_source=msi (the identity needs a role such as Contributor on the resource, and the token must be "
        "for its tenant). The service said: InvalidAuthenticationInfo - The bearer token is not a JSON Web Token. Request id: ")
    assert str(err.value).endswith("A new token could not be obtained: Microsoft Entra ID refused the credential of auth_source=msi: no.")
    assert "opaque-token" not in str(err.value)


def _env_source(emulator, app, now=None):
    tenant = emulator.control("GET", "entra")["tenant_id"]
    return TokenSource(lambda: build("env", tenant, app["client_id"], app["client_secret"], cloud_environment=emulator.url,
                                     ca_path=emulator.ca, environ={}), "env", now=now)


def _create(client):
    return client.request("POST", "/identities", "CommunicationIdentity_Create", LEGACY_IDENTITY, body={}).status


@needs_emulator
def test_the_token_is_renewed_before_it_expires(emulator):
    """Issue 27 item 14: a run that outlasts its bearer token renews it before it expires (here two hours pass on both
    clocks, the module's and the service's, between two requests of one run)."""
    app = emulator.control("POST", "entra/clients", {})
    offset = [0.0]
    source = _env_source(emulator, app, now=lambda: time.time() + offset[0])
    client = _client(emulator, source)
    before = emulator.stats()["entra_tokens_issued"]
    assert _create(client) == 200
    offset[0] = 7200.0
    emulator.advance(7200)
    assert _create(client) == 200
    assert emulator.stats()["entra_tokens_issued"] - before == 2 and source.renewals == 1
    assert [r["status"] for r in emulator.requests()][-2:] == [200, 200]  # no request was refused
    assert client.stats["requests"] == 2 and client.stats["retries"] == 0


@needs_emulator
def test_a_token_the_resource_finds_expired_is_renewed_and_the_request_sent_again(emulator):
    """The service's clock, not the module's, says the token expired (a 401): the token is renewed once and the request
    is sent again (counted in stats.retries)."""
    app = emulator.control("POST", "entra/clients", {})
    client = _client(emulator, _env_source(emulator, app))
    assert _create(client) == 200
    emulator.advance(7200)
    emulator.clear_requests()
    assert _create(client) == 200
    assert [r["status"] for r in emulator.requests()] == [401, 200]
    assert client.stats["requests"] == 3 and client.stats["retries"] == 1


@needs_emulator
def test_a_token_that_cannot_be_renewed_says_it_expired(emulator):
    """When no new token can be had (here the client secret was replaced meanwhile), the error says that the token
    expired, not that the identity lacks a role."""
    app = emulator.control("POST", "entra/clients", {})
    client = _client(emulator, _env_source(emulator, app))
    assert _create(client) == 200
    emulator.control("POST", "entra/clients", {"client_id": app["client_id"], "client_secret": "emu~another-secret"})
    emulator.advance(7200)
    with pytest.raises(ACSAuthenticationError) as err:
        _create(client)
    message = str(err.value)
    assert message.startswith("Authentication failed for CommunicationIdentity_Create (HTTP 401): the Microsoft Entra ID token "
                              "of auth_source=env has expired"), message
    assert "The service said: InvalidAuthenticationInfo - The bearer token has expired." in message, message
    assert "A new token could not be obtained: Microsoft Entra ID refused the credential of auth_source=env" in message, message
    assert "role" not in message, message


@needs_emulator
def test_a_token_past_its_expiry_that_cannot_be_renewed_fails_before_sending(emulator):
    """The module's clock says the token expired and no new one can be had: nothing is sent; the sentence says so."""
    app = emulator.control("POST", "entra/clients", {})
    offset = [0.0]
    client = _client(emulator, _env_source(emulator, app, now=lambda: time.time() + offset[0]))
    assert _create(client) == 200
    emulator.control("POST", "entra/clients", {"client_id": app["client_id"], "client_secret": "emu~another-secret"})
    offset[0] = 7200.0
    emulator.clear_requests()
    with pytest.raises(ACSAuthenticationError) as err:
        _create(client)
    assert str(err.value).startswith("The Microsoft Entra ID token of auth_source=env expired at "), str(err.value)
    assert "and could not be renewed: Microsoft Entra ID refused the credential" in str(err.value)
    assert emulator.requests() == []


FAKE_AZ = '''#!%(python)s
"""A stand-in for the Azure CLI: `az account get-access-token` answered with a token of the emulator's authority."""
import json, os, sys
import requests
with open(os.environ["FAKE_AZ_ARGS"], "w") as handle:
    json.dump(sys.argv[1:], handle)
resource = sys.argv[sys.argv.index("--resource") + 1]
answer = requests.post(os.environ["FAKE_AZ_TOKEN_URL"], verify=os.environ["FAKE_AZ_CA"], timeout=10, data={
    "grant_type": "client_credentials", "client_id": os.environ["FAKE_AZ_CLIENT"], "client_secret": os.environ["FAKE_AZ_SECRET"],
    "scope": resource + "/.default"}).json()
print(json.dumps({"accessToken": answer["access_token"], "expires_on": 2000000000, "tokenType": "Bearer"}))
'''


@needs_emulator
def test_cli_flow_through_azure_identity_and_a_stand_in_az(emulator, tmp_path, monkeypatch):
    """The Azure CLI flow needs a real `az login`; here azure-identity's AzureCliCredential runs a stand-in `az` on PATH
    that gets its token from the emulator's authority, so everything but the real CLI is exercised."""
    app = emulator.control("POST", "entra/clients", {})
    tenant = emulator.control("GET", "entra")["tenant_id"]
    fake = tmp_path / "az"
    fake.write_text(FAKE_AZ % {"python": sys.executable})
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", "%s:%s" % (tmp_path, os.environ["PATH"]))
    for name, value in (("FAKE_AZ_ARGS", str(tmp_path / "args.json")), ("FAKE_AZ_CA", emulator.ca),
                        ("FAKE_AZ_TOKEN_URL", "%s/%s/oauth2/v2.0/token" % (emulator.url, tenant)),
                        ("FAKE_AZ_CLIENT", app["client_id"]), ("FAKE_AZ_SECRET", app["client_secret"])):
        monkeypatch.setenv(name, value)
    source = TokenSource(lambda: build("cli", tenant_id=tenant, environ={}), "cli")
    client = _client(emulator, source)
    emulator.clear_requests()
    client.request("POST", "/identities", "CommunicationIdentity_Create", LEGACY_IDENTITY, body={})
    assert [(r["auth"], r["status"]) for r in emulator.requests()] == [("bearer", 200)]
    args = (tmp_path / "args.json").read_text()
    assert '"--resource", "https://communication.azure.com"' in args and '"--tenant", "%s"' % tenant in args


@needs_emulator
def test_default_chain_signs_in_with_the_environment_service_principal(emulator, monkeypatch):
    """auth_source=credential (what an endpoint alone means): DefaultAzureCredential's first link, the environment."""
    app = emulator.control("POST", "entra/clients", {})
    for name, value in (("AZURE_TENANT_ID", emulator.control("GET", "entra")["tenant_id"]), ("AZURE_CLIENT_ID", app["client_id"]),
                        ("AZURE_CLIENT_SECRET", app["client_secret"]), ("AZURE_AUTHORITY_HOST", emulator.url)):
        monkeypatch.setenv(name, value)
    source = TokenSource(lambda: build("credential", ca_path=emulator.ca), "credential")
    client = _client(emulator, source)
    emulator.clear_requests()
    client.request("POST", "/identities", "CommunicationIdentity_Create", LEGACY_IDENTITY, body={})
    assert [(r["auth"], r["status"]) for r in emulator.requests()] == [("bearer", 200)]


@needs_emulator
def test_a_401_about_an_identity_is_not_a_reason_to_renew_the_token(emulator):
    """IdentityNotOwned (an id of another resource) is a 401 too; it says nothing about the bearer token."""
    app = emulator.control("POST", "entra/clients", {})
    client = _client(emulator, _env_source(emulator, app))
    before = emulator.stats()["entra_tokens_issued"]
    foreign = "8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081"
    with pytest.raises(ACSAuthenticationError) as err:
        client.request("DELETE", "/identities/" + ACSClient.quote_segment(foreign), "CommunicationIdentity_Delete", "2023-10-01",
                       expected=(204,))
    assert err.value.code == "IdentityNotOwned"
    assert client.stats["requests"] == 1 and emulator.stats()["entra_tokens_issued"] - before == 1
