# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""credentials.py: which azure-identity credential each auth_source builds, the checks on the token, the sentences.

The real flows (service principal, managed identity) run against the emulator's Entra ID authority in
tests/integration/targets/acs_entra and tests/emulator/tests/test_entra.py; here fakes stand in for azure.identity
so that every branch (and a missing library) is covered without a network.
"""

from __future__ import annotations

import base64
import json
import sys
import time
import types

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport.client_secret import ClientSecretCredential
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import ConnectionSettingsError, resolve
from ansible_collections.acs.administration.plugins.module_utils.transport.credentials import (
    ACS_SCOPE, CredentialError, TokenSource, authority_host, build, check_token, get_token, service_principal, token_claims)

KEY = base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
NOW = 1_800_000_000


def jwt(**claims):
    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    return "%s.%s.%s" % (part({"alg": "RS256", "typ": "JWT"}), part(claims), "c2lnbmF0dXJl")


class Recorder:
    """A stand-in for one azure.identity credential class: records how it was built."""

    def __init__(self, name):
        self.name = name

    def __call__(self, *args, **kwargs):
        return types.SimpleNamespace(kind=self.name, args=args, kwargs=kwargs)


FAKE_IDENTITY = types.SimpleNamespace(**{name: Recorder(name) for name in (
    "ClientSecretCredential", "ManagedIdentityCredential", "AzureCliCredential", "DefaultAzureCredential")})


# -- which credential -------------------------------------------------------------------------------------------------

def test_env_builds_the_service_principals_own_sign_in_from_the_options_first_without_azure_identity():
    cred = build("env", "tenant-1", "client-1", "s3cret", cloud_environment="https://127.0.0.1:8443/", ca_path="/ca.pem",
                 environ={"AZURE_TENANT_ID": "other"}, identity=None)
    assert isinstance(cred, ClientSecretCredential)
    assert (cred.tenant_id, cred.client_id, cred.verify) == ("tenant-1", "client-1", "/ca.pem")
    assert cred.token_url == "https://127.0.0.1:8443/tenant-1/oauth2/v2.0/token"
    public = build("env", "t", "c", "s", validate_certs=False, environ={})
    assert public.token_url == "https://login.microsoftonline.com/t/oauth2/v2.0/token" and public.verify is False


@pytest.mark.parametrize("environ", [
    {"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s"},
    {"AZURE_TENANT": "t", "AZURE_CLIENT_ID": "c", "AZURE_SECRET": "s"},  # azure.azcollection's names
])
def test_env_reads_both_families_of_environment_names(environ):
    assert service_principal(environ=environ) == ("t", "c", "s")
    cred = build("env", environ=environ, identity=FAKE_IDENTITY)
    assert (cred.tenant_id, cred.client_id, cred.verify) == ("t", "c", True)


def test_env_names_what_is_missing_and_never_the_secret():
    with pytest.raises(CredentialError) as err:
        build("env", client_id="c", secret="do-not-show", environ={}, identity=FAKE_IDENTITY)
    assert err.value.reason == "no_credential"
    assert str(err.value) == "No service principal was found for auth_source=env: tenant_id (AZURE_TENANT_ID) is not set."
    with pytest.raises(CredentialError, match=r"tenant_id \(AZURE_TENANT_ID\) and client_id .* and secret .* are not set"):
        service_principal(environ={})


def test_msi_cli_and_chain():
    assert build("msi", environ={}, identity=FAKE_IDENTITY).kwargs == {}
    user_assigned = build("msi", client_id="mi-1", ca_path="/ca.pem", cloud_environment="https://x.example", environ={},
                          identity=FAKE_IDENTITY)
    # a managed identity knows its own endpoint: no authority, but the CA bundle applies
    assert user_assigned.kwargs == {"client_id": "mi-1", "connection_verify": "/ca.pem"}
    assert build("cli", tenant_id="t", environ={}, identity=FAKE_IDENTITY).kwargs == {"tenant_id": "t"}
    chain = build("credential", client_id="mi-1", cloud_environment="AzureUSGovernment", environ={}, identity=FAKE_IDENTITY)
    assert chain.kind == "DefaultAzureCredential"
    assert chain.kwargs == {"authority": "https://login.microsoftonline.us", "managed_identity_client_id": "mi-1"}


def test_validate_certs_false_reaches_the_credential():
    cred = build("msi", ca_path="/ca.pem", validate_certs=False, environ={}, identity=FAKE_IDENTITY)
    assert cred.kwargs == {"connection_verify": False}


def test_authority_host():
    assert authority_host(None, {}) is None
    assert authority_host(None, {"AZURE_AUTHORITY_HOST": "https://emu:1"}) == "https://emu:1"
    assert authority_host("AzureChinaCloud", {"AZURE_AUTHORITY_HOST": "https://emu:1"}) == "https://login.chinacloudapi.cn"
    assert authority_host("https://emu:1/", {}) == "https://emu:1"
    with pytest.raises(CredentialError, match="neither AzureCloud"):
        authority_host("http://plain", {})


def test_missing_library_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "azure.identity", None)  # import azure.identity -> ImportError
    with pytest.raises(CredentialError) as err:
        build("msi", environ={})
    assert err.value.reason == "missing_library"
    assert str(err.value) == ("Microsoft Entra ID sign-in needs the azure-identity Python library on the host that runs the "
                              "module: pip install azure-identity.")


# -- the token ----------------------------------------------------------------------------------------------------------

class FakeCredential:
    def __init__(self, token=None, error=None):
        self.token, self.error, self.scopes = token, error, []

    def get_token(self, *scopes):
        self.scopes.append(scopes)
        if self.error:
            raise self.error
        return types.SimpleNamespace(token=self.token, expires_on=NOW + 3600)


def test_token_for_the_acs_scope_requested_once_per_run():
    good = jwt(aud="https://communication.azure.com", exp=time.time() + 3600)
    credential = FakeCredential(good)
    built, seen = [], []
    source = TokenSource(lambda: built.append(1) or credential, "env", on_token=seen.append)
    assert source.token() == good and source.token() == good
    assert credential.scopes == [(ACS_SCOPE,)] and built == [1] and seen == [good]


def test_wrong_audience_and_expired_tokens_are_refused_before_use():
    with pytest.raises(CredentialError) as err:
        check_token(jwt(aud="https://management.azure.com", exp=NOW + 3600), "env", now=NOW)
    assert err.value.reason == "bad_token"
    assert "is for the audience 'https://management.azure.com', not https://communication.azure.com; nothing was sent" in str(err.value)
    with pytest.raises(CredentialError, match=r"expired at 2027-01-15 07:50:00 \(UTC\), 600 s ago; nothing was sent"):
        check_token(jwt(aud="https://communication.azure.com/", exp=NOW - 600), "msi", now=NOW)
    # about to expire within the margin: as good as expired
    with pytest.raises(CredentialError, match="expired"):
        check_token(jwt(aud="https://communication.azure.com", exp=NOW + 5), "msi", now=NOW)
    check_token(jwt(aud="https://communication.azure.com/", exp=NOW + 600), "msi", now=NOW)
    check_token("opaque-token", "msi", now=NOW)  # not a JWT: the resource decides
    assert token_claims("a.b.c") is None and token_claims(None) is None


def test_refused_and_unavailable_credentials_say_which():
    pytest.importorskip("azure.identity")
    from azure.core.exceptions import ClientAuthenticationError
    from azure.identity import CredentialUnavailableError
    with pytest.raises(CredentialError) as err:
        get_token(FakeCredential(error=ClientAuthenticationError("Authentication failed:\n AADSTS7000215: Invalid client secret")), "env")
    assert err.value.reason == "refused"
    assert str(err.value) == ("Microsoft Entra ID refused the credential of auth_source=env: Authentication failed: "
                              "AADSTS7000215: Invalid client secret")
    with pytest.raises(CredentialError) as err:
        get_token(FakeCredential(error=CredentialUnavailableError("ManagedIdentityCredential authentication unavailable.")), "msi")
    assert err.value.reason == "no_credential"
    assert str(err.value).startswith("No Microsoft Entra ID credential was found for auth_source=msi: ManagedIdentityCredential")
    # the chain reports "none available" as a ClientAuthenticationError: still no credential, not a refusal
    exhausted = ClientAuthenticationError(
        "DefaultAzureCredential failed to retrieve a token from the included credentials.\nAttempted credentials:\n\t"
        "EnvironmentCredential: EnvironmentCredential authentication unavailable.\n\tAzureCliCredential: Azure CLI not found on path")
    with pytest.raises(CredentialError) as err:
        get_token(FakeCredential(error=exhausted), "credential")
    assert err.value.reason == "no_credential"
    assert str(err.value) == ("No Microsoft Entra ID credential was found for auth_source=credential: none of the "
                              "DefaultAzureCredential chain could sign in on this host (tried EnvironmentCredential, "
                              "AzureCliCredential); choose an auth_source and give its options, or give an access key.")


# -- the connection that goes with it ------------------------------------------------------------------------------------

def test_endpoint_alone_means_the_default_chain():
    settings = resolve(endpoint="https://contoso.communication.azure.com/", environ={})
    assert (settings.endpoint, settings.auth_source, settings.key, settings.access_key) == (
        "https://contoso.communication.azure.com", "credential", None, None)
    assert resolve(environ={"ACS_ENDPOINT": "https://x"}, auth_source="msi").auth_source == "msi"
    # a key anywhere keeps today's behaviour
    assert resolve(endpoint="https://x", environ={"ACS_ACCESS_KEY": KEY}).auth_source == "access_key"


def test_entra_sources_refuse_a_key_and_need_an_endpoint():
    with pytest.raises(ConnectionSettingsError, match="auth_source=env signs in with Microsoft Entra ID: give endpoint alone"):
        resolve(endpoint="https://x", access_key=KEY, auth_source="env", environ={})
    with pytest.raises(ConnectionSettingsError, match=r"auth_source=cli needs the resource's endpoint: set endpoint \(or ACS_ENDPOINT\)"):
        resolve(auth_source="cli", environ={"ACS_ACCESS_KEY": KEY})
    with pytest.raises(ConnectionSettingsError, match="go together"):
        resolve(endpoint="https://x", auth_source="access_key", environ={})
