"""The local Microsoft Entra ID authority: metadata, the client-credential and managed-identity token endpoints (through
azure-identity itself), the ACS API's bearer check (signature, issuer, audience, expiry) beside HMAC, and --entra."""

import base64
import json

import pytest
import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .helpers import Emulator

identity = pytest.importorskip("azure.identity")
from azure.core.exceptions import ClientAuthenticationError  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order

ACS_SCOPE = "https://communication.azure.com/.default"


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def claims_of(token):
    return json.loads(b64url_decode(token.split(".")[1]))


def entra(emu):
    return emu.control("GET", "entra")


def sp_credential(emu, client_id, secret, tenant=None):
    return identity.ClientSecretCredential(tenant or entra(emu)["tenant_id"], client_id, secret, authority=emu.endpoint,
                                           disable_instance_discovery=True, connection_verify=emu.ca)


def bearer_create(emu, token):
    """POST /identities (2023-10-01) with a bearer token instead of the HMAC signature."""
    return emu.session.post(emu.endpoint + "/identities?api-version=" + "2023-10-01", json={}, verify=emu.ca, timeout=30,
                            headers={"Authorization": "Bearer " + token})


@pytest.fixture(name="client")
def _client(emu):
    return emu.control("POST", "entra/clients", {"client_id": "app-1", "client_secret": "secret-of-app-1"})


def test_openid_configuration_and_keys_describe_the_tenant(emu):
    info = entra(emu)
    tenant = info["tenant_id"]
    config = emu.session.get("%s/%s/v2.0/.well-known/openid-configuration" % (emu.endpoint, tenant), verify=emu.ca).json()
    assert config["issuer"] == "%s/%s/v2.0" % (emu.endpoint, tenant) == info["issuer"]
    assert config["token_endpoint"] == "%s/%s/oauth2/v2.0/token" % (emu.endpoint, tenant)
    assert config["id_token_signing_alg_values_supported"] == ["RS256"]
    keys = emu.session.get(config["jwks_uri"], verify=emu.ca).json()["keys"]
    assert [(k["kty"], k["alg"], k["use"]) for k in keys] == [("RSA", "RS256", "sig")]
    unknown = emu.session.get(emu.endpoint + "/not-a-tenant/v2.0/.well-known/openid-configuration", verify=emu.ca)
    assert unknown.status_code == 400 and unknown.json()["error_codes"] == [90002]
    discovery = emu.session.get(emu.endpoint + "/common/discovery/instance?api-version=1.1", verify=emu.ca).json()
    assert discovery["tenant_discovery_endpoint"].endswith("/%s/v2.0/.well-known/openid-configuration" % tenant)


def test_client_secret_credential_gets_a_signed_token_the_api_accepts(emu, client):
    access = sp_credential(emu, "app-1", "secret-of-app-1").get_token(ACS_SCOPE)
    claims = claims_of(access.token)
    assert claims["aud"] == "https://communication.azure.com"
    assert claims["iss"] == entra(emu)["issuer"] and claims["appid"] == "app-1"
    assert claims["exp"] - claims["iat"] == 3600
    # the RS256 signature verifies with the published key
    header_b64, payload_b64, sig_b64 = access.token.split(".")
    jwk = emu.session.get("%s/%s/discovery/v2.0/keys" % (emu.endpoint, client["tenant_id"]), verify=emu.ca).json()["keys"][0]
    assert json.loads(b64url_decode(header_b64))["kid"] == jwk["kid"]
    public = rsa.RSAPublicNumbers(int.from_bytes(b64url_decode(jwk["e"]), "big"),
                                  int.from_bytes(b64url_decode(jwk["n"]), "big")).public_key()
    public.verify(b64url_decode(sig_b64), ("%s.%s" % (header_b64, payload_b64)).encode(), padding.PKCS1v15(), hashes.SHA256())

    emu.control("DELETE", "requests")
    created = bearer_create(emu, access.token)
    assert created.status_code == 201, created.text
    signed = emu.ident("POST", "/identities")  # the access key keeps working beside it
    assert signed.status_code in (200, 201)
    log = emu.control("GET", "requests")["requests"]
    assert [(r["operation"], r["auth"], r["status"]) for r in log] == [
        ("CommunicationIdentity_Create", "bearer", 201), ("CommunicationIdentity_Create", "access_key", signed.status_code)]
    assert emu.control("GET", "stats")["entra_tokens_issued"] >= 1


def test_wrong_secret_unknown_client_and_bad_scope_are_oauth_errors(emu, client):
    token_url = "%s/%s/oauth2/v2.0/token" % (emu.endpoint, client["tenant_id"])

    def post(**form):
        return emu.session.post(token_url, data=dict({"grant_type": "client_credentials", "scope": ACS_SCOPE}, **form),
                                verify=emu.ca, timeout=30)

    wrong = post(client_id="app-1", client_secret="not-it")
    assert wrong.status_code == 401
    assert (wrong.json()["error"], wrong.json()["error_codes"]) == ("invalid_client", [7000215])
    assert "not-it" not in wrong.text
    unknown = post(client_id="nobody", client_secret="x")
    assert (unknown.status_code, unknown.json()["error"]) == (400, "unauthorized_client")
    scope = post(client_id="app-1", client_secret="secret-of-app-1", scope="https://communication.azure.com/chat")
    assert (scope.status_code, scope.json()["error"]) == (400, "invalid_scope")
    with pytest.raises(ClientAuthenticationError, match="AADSTS7000215"):
        sp_credential(emu, "app-1", "not-it").get_token(ACS_SCOPE)
    assert emu.control("GET", "requests")["requests"] == []  # the authority is not the API: nothing in its log


@pytest.mark.parametrize("registration, reason, message", [
    ({"lifetime": -60}, "expired", "The bearer token has expired."),
    ({"audience": "https://management.azure.com"}, "audience",
     "The bearer token is for the audience 'https://management.azure.com', not 'https://communication.azure.com'."),
])
def test_api_refuses_expired_and_foreign_audience_tokens(emu, registration, reason, message):
    registered = emu.control("POST", "entra/clients", registration)
    token = sp_credential(emu, registered["client_id"], registered["client_secret"]).get_token(ACS_SCOPE).token
    assert emu.control("POST", "entra/verify", {"token": token})["reason"] == reason
    refused = bearer_create(emu, token)
    assert refused.status_code == 401
    assert refused.json() == {"error": {"code": "InvalidAuthenticationInfo", "message": message}}
    assert emu.control("GET", "stats")["users_created"] == 0


def test_tampered_token_and_the_clock(emu, client):
    token = sp_credential(emu, "app-1", "secret-of-app-1").get_token(ACS_SCOPE).token
    head, payload, sig = token.split(".")
    forged = json.loads(b64url_decode(payload))
    forged["aud"] = "https://communication.azure.com/"
    forged_payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    refused = bearer_create(emu, "%s.%s.%s" % (head, forged_payload, sig))
    assert refused.status_code == 401 and "signature is invalid" in refused.json()["error"]["message"]
    assert bearer_create(emu, "not-a-jwt").json()["error"]["message"] == "The bearer token is not a JSON Web Token."
    assert bearer_create(emu, token).status_code == 201
    emu.advance(3601)  # the emulator's clock decides expiry
    assert bearer_create(emu, token).json()["error"]["message"] == "The bearer token has expired."


def test_managed_identity_endpoint_through_azure_identity(emu, monkeypatch):
    info = entra(emu)
    monkeypatch.setenv("IDENTITY_ENDPOINT", info["identity_endpoint"])
    monkeypatch.setenv("IDENTITY_HEADER", info["identity_header"])
    for name in ("MSI_ENDPOINT", "MSI_SECRET", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    access = identity.ManagedIdentityCredential(connection_verify=emu.ca).get_token(ACS_SCOPE)
    claims = claims_of(access.token)
    assert claims["aud"] == "https://communication.azure.com" and claims["appid"] == info["managed_identity_client_id"]
    assert bearer_create(emu, access.token).status_code == 201
    wrong = emu.session.get(info["identity_endpoint"], params={"api-version": "2019-08-01", "resource": "https://communication.azure.com"},
                            headers={"X-IDENTITY-HEADER": "wrong"}, verify=emu.ca)
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_request"


def test_official_identity_sdk_signs_in_with_a_token_credential(emu, client):
    from azure.communication.identity import CommunicationIdentityClient  # pylint: disable=import-outside-toplevel
    sdk = CommunicationIdentityClient(emu.endpoint, sp_credential(emu, "app-1", "secret-of-app-1"), connection_verify=emu.ca)
    user = sdk.create_user()
    assert user.properties["id"].startswith("8:acs:")
    assert [r["auth"] for r in emu.control("GET", "requests")["requests"]] == ["bearer"]


def test_entra_flag_prints_a_service_principal_that_survives_a_restart(tmp_path):
    state = str(tmp_path / "state.sqlite")
    first = Emulator(tmp_path, "--state", state, "--entra", "--idle-exit", "60")
    try:
        env = first.env
        assert env["AZURE_AUTHORITY_HOST"] == first.endpoint
        assert env["IDENTITY_ENDPOINT"] == first.endpoint + "/msi/token"
        printed = [first.proc.stdout.readline().rstrip("\n") for _line in range(6)]
        assert [line.split("=", 1)[0] for line in printed] == [
            "AZURE_AUTHORITY_HOST", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "IDENTITY_ENDPOINT", "IDENTITY_HEADER"]
        token = identity.ClientSecretCredential(env["AZURE_TENANT_ID"], env["AZURE_CLIENT_ID"], env["AZURE_CLIENT_SECRET"],
                                                authority=env["AZURE_AUTHORITY_HOST"], disable_instance_discovery=True,
                                                connection_verify=first.ca).get_token(ACS_SCOPE).token
        assert bearer_create(first, token).status_code == 201
    finally:
        assert first.stop() == 0
    second = Emulator(tmp_path, "--state", state, "--entra", "--idle-exit", "60")
    try:
        assert {k: second.env[k] for k in ("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET")} == \
            {k: env[k] for k in ("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET")}
        # same key, other port: the old token's issuer is no longer this authority's
        refused = bearer_create(second, token)
        assert refused.status_code == 401 and "issuer" in refused.json()["error"]["message"]
    finally:
        assert second.stop() == 0


def test_registration_is_validated(emu):
    bad = requests.post(emu.endpoint + "/_emulator/entra/clients", json={"lifetime": "long"}, verify=emu.ca, timeout=30)
    assert bad.status_code == 400
    bad = requests.post(emu.endpoint + "/_emulator/entra/clients", json={"secret": "x"}, verify=emu.ca, timeout=30)
    assert bad.status_code == 400 and "Unknown field" in bad.json()["error"]["message"]
