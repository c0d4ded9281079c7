"""A local Microsoft Entra ID authority (no HTTP): one tenant, client-credential clients, a managed identity, and the
RS256 access tokens it signs for the ACS audience; plus the check the ACS API runs on a bearer token.

State (meta keys, kept across restarts and /_emulator/reset): `entra_tenant_id`, `entra_key` (PEM of the RSA signing
key), `entra_clients` ({client_id: {secret, audience?, lifetime?}}), `entra_identity_header`, `entra_msi_client_id`.
The issuer depends on where the authority is served: `base_url` is set by the command line once the port is known.
"""

import base64
import hashlib
import json
import secrets
import uuid

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.exceptions import InvalidSignature

ACS_AUDIENCE = "https://communication.azure.com"
ACS_SCOPE = ACS_AUDIENCE + "/.default"
DEFAULT_LIFETIME = 3600
# Every token the authority signs has this lifetime unless a client is registered with another.
MAX_LIFETIME = 24 * 3600


class EntraError(Exception):
    """An OAuth error as Entra ID reports it: `error` (invalid_client, ...), an AADSTS description, its number."""

    def __init__(self, error, aadsts, description, status=400):
        super().__init__(description)
        self.error = error
        self.aadsts = aadsts
        self.description = "AADSTS%d: %s" % (aadsts, description)
        self.status = status


class TokenRejected(Exception):
    """A bearer token the ACS API does not accept; `reason` is one of malformed, signature, issuer, audience, expired."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason
        self.message = message


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class EntraAuthority:
    """The tenant, its clients and managed identity, and the tokens it signs."""

    def __init__(self, store, clock):
        self.store = store
        self.clock = clock
        self.base_url = "https://127.0.0.1"
        with store.tx():
            if store.get_meta("entra_tenant_id") is None:
                store.set_meta("entra_tenant_id", str(uuid.uuid4()))
            if store.get_meta("entra_key") is None:
                key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
                pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
                store.set_meta("entra_key", pem.decode("ascii"))
            if store.get_meta("entra_identity_header") is None:
                store.set_meta("entra_identity_header", secrets.token_urlsafe(24))
            if store.get_meta("entra_msi_client_id") is None:
                store.set_meta("entra_msi_client_id", str(uuid.uuid4()))
            if store.get_meta("entra_clients") is None:
                store.set_meta("entra_clients", {})
            self.tenant_id = store.get_meta("entra_tenant_id")
            self.identity_header = store.get_meta("entra_identity_header")
            self.msi_client_id = store.get_meta("entra_msi_client_id")
            self._key = serialization.load_pem_private_key(store.get_meta("entra_key").encode("ascii"), password=None)
        numbers = self._key.public_key().public_numbers()
        self._jwk = {"kty": "RSA", "use": "sig", "alg": "RS256",
                     "n": _b64url(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
                     "e": _b64url(numbers.e.to_bytes(3, "big"))}
        self.kid = _b64url(hashlib.sha256(json.dumps(self._jwk, sort_keys=True).encode("ascii")).digest())[:32]
        self._jwk["kid"] = self.kid

    # -- metadata -------------------------------------------------------------------------------------------------

    @property
    def issuer(self):
        """The issuer of every token: <authority>/<tenant>/v2.0."""
        return "%s/%s/v2.0" % (self.base_url, self.tenant_id)

    def known_tenant(self, tenant):
        """True for the tenant id and the aliases clients use for a single-tenant authority."""
        return tenant in (self.tenant_id, "organizations", "common")

    def openid_configuration(self, tenant):
        """The OpenID provider metadata of the tenant (what MSAL reads before asking for a token)."""
        base = "%s/%s" % (self.base_url, tenant)
        return {
            "issuer": self.issuer,
            "authorization_endpoint": base + "/oauth2/v2.0/authorize",
            "token_endpoint": base + "/oauth2/v2.0/token",
            "device_authorization_endpoint": base + "/oauth2/v2.0/devicecode",
            "end_session_endpoint": base + "/oauth2/v2.0/logout",
            "jwks_uri": "%s/%s/discovery/v2.0/keys" % (self.base_url, self.tenant_id),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic", "private_key_jwt"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "grant_types_supported": ["client_credentials"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid", "appid", "azp"],
            "tenant_region_scope": "EU",
            "cloud_instance_name": "acs-emulator",
            "cloud_graph_host_name": "graph.windows.net",
            "msgraph_host": "graph.microsoft.com",
            "rbac_url": "https://pas.windows.net",
        }

    def jwks(self):
        """The public signing keys."""
        return {"keys": [dict(self._jwk)]}

    # -- clients ----------------------------------------------------------------------------------------------------

    def clients(self):
        """{client_id: {secret, audience?, lifetime?}}."""
        return self.store.get_meta("entra_clients", {})

    def register_client(self, client_id=None, secret=None, audience=None, lifetime=None):
        """Register (or replace) a client-credential application; return its id and secret.

        `audience` and `lifetime` (seconds, negative for tokens already expired) make the authority issue the tokens a
        misconfigured or stale setup would see; by default tokens are for the ACS audience and last an hour.
        """
        client_id = client_id or str(uuid.uuid4())
        secret = secret or "emu~" + secrets.token_urlsafe(30)
        if lifetime is not None and (isinstance(lifetime, bool) or not isinstance(lifetime, int) or lifetime > MAX_LIFETIME):
            raise ValueError("lifetime must be a whole number of seconds up to %d" % MAX_LIFETIME)
        entry = {"secret": secret}
        if audience:
            entry["audience"] = audience
        if lifetime is not None:
            entry["lifetime"] = lifetime
        clients = self.clients()
        clients[client_id] = entry
        self.store.set_meta("entra_clients", clients)
        return {"client_id": client_id, "client_secret": secret, "tenant_id": self.tenant_id}

    # -- token endpoints --------------------------------------------------------------------------------------------

    def client_credentials(self, tenant, form):
        """The v2.0 token endpoint for grant_type=client_credentials: (token response) or EntraError."""
        if not self.known_tenant(tenant):
            raise EntraError("invalid_request", 90002, "Tenant '%s' not found. Check to make sure you have the correct "
                             "tenant ID and are signing into the correct cloud." % tenant)
        if form.get("grant_type") != "client_credentials":
            raise EntraError("unsupported_grant_type", 70003, "The app requested an unsupported grant type '%s'; this "
                             "authority supports client_credentials only." % form.get("grant_type"))
        client_id = form.get("client_id") or ""
        client = self.clients().get(client_id)
        if client is None:
            raise EntraError("unauthorized_client", 700016, "Application with identifier '%s' was not found in the "
                             "directory '%s'." % (client_id, self.tenant_id), status=400)
        given = form.get("client_secret")
        if given is None:
            raise EntraError("invalid_client", 7000218, "The request body must contain the following parameter: "
                             "'client_assertion' or 'client_secret'.", status=401)
        if not secrets.compare_digest(given.encode("utf-8"), client["secret"].encode("utf-8")):
            raise EntraError("invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent "
                             "in the request is the client secret value, not the client secret ID, for a secret added "
                             "to app '%s'." % client_id, status=401)
        scopes = (form.get("scope") or "").split()
        default = [s for s in scopes if s.endswith("/.default")]
        if len(default) != 1 or len(scopes) != 1:
            raise EntraError("invalid_scope", 1002012, "The provided value for scope '%s' is not valid. Client "
                             "credential flows must have a scope value with /.default suffixed to the resource "
                             "identifier (application ID URI)." % " ".join(scopes))
        resource = default[0][:-len("/.default")]
        audience = client.get("audience") or resource
        token, lifetime = self._sign(audience, client_id, client_id, client.get("lifetime", DEFAULT_LIFETIME))
        return {"token_type": "Bearer", "expires_in": max(lifetime, 0), "ext_expires_in": max(lifetime, 0),
                "access_token": token}

    def managed_identity(self, header, resource, client_id=None):
        """The App Service managed-identity endpoint (api-version 2019-08-01): a token response or EntraError."""
        if not header or not secrets.compare_digest(header.encode("utf-8"), self.identity_header.encode("utf-8")):
            raise EntraError("invalid_request", 0, "The X-IDENTITY-HEADER header is missing or wrong.", status=401)
        if not resource:
            raise EntraError("invalid_request", 0, "The 'resource' query parameter is required.", status=400)
        if client_id and client_id != self.msi_client_id:
            raise EntraError("invalid_request", 0, "No user-assigned managed identity with client id '%s' is assigned "
                             "to this host." % client_id, status=400)
        resource = resource[:-len("/.default")] if resource.endswith("/.default") else resource
        token, lifetime = self._sign(resource.rstrip("/"), self.msi_client_id, "msi-" + self.msi_client_id, DEFAULT_LIFETIME)
        return {"access_token": token, "expires_on": str(int(self.clock.now()) + lifetime), "resource": resource,
                "token_type": "Bearer", "client_id": self.msi_client_id}

    def _sign(self, audience, app_id, subject, lifetime):
        now = int(self.clock.now())
        claims = {"aud": audience, "iss": self.issuer, "iat": now, "nbf": now - 5 if lifetime > 0 else now + lifetime - 5,
                  "exp": now + lifetime, "tid": self.tenant_id, "appid": app_id, "azp": app_id, "oid": subject,
                  "sub": subject, "idtyp": "app", "ver": "2.0", "uti": _b64url(uuid.uuid4().bytes)}
        header = {"typ": "JWT", "alg": "RS256", "kid": self.kid}
        signing_input = "%s.%s" % (_b64url(json.dumps(header, separators=(",", ":")).encode("utf-8")),
                                   _b64url(json.dumps(claims, separators=(",", ":")).encode("utf-8")))
        signature = self._key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + _b64url(signature), lifetime

    # -- the ACS API's check --------------------------------------------------------------------------------------

    def verify(self, token, audiences=(ACS_AUDIENCE,)):
        """The claims of a bearer token the ACS API (or, with `audiences`, ARM) accepts; TokenRejected otherwise
        (signature, issuer, audience, expiry). An audience matches with or without its trailing slash."""
        try:
            header_b64, payload_b64, signature_b64 = token.split(".")
            header = json.loads(_b64url_decode(header_b64))
            claims = json.loads(_b64url_decode(payload_b64))
            signature = _b64url_decode(signature_b64)
        except (ValueError, AttributeError, TypeError):
            raise TokenRejected("malformed", "The bearer token is not a JSON Web Token.") from None
        if not isinstance(header, dict) or not isinstance(claims, dict) or header.get("alg") != "RS256":
            raise TokenRejected("malformed", "The bearer token is not an RS256 JSON Web Token.")
        try:
            self._key.public_key().verify(signature, ("%s.%s" % (header_b64, payload_b64)).encode("ascii"),
                                          padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise TokenRejected("signature", "The bearer token's signature is invalid: it was not issued by this "
                                "resource's Microsoft Entra tenant.") from None
        if claims.get("iss") != self.issuer:
            raise TokenRejected("issuer", "The bearer token's issuer '%s' is not trusted; expected '%s'."
                                % (claims.get("iss"), self.issuer))
        if str(claims.get("aud", "")).rstrip("/") not in [a.rstrip("/") for a in audiences]:
            raise TokenRejected("audience", "The bearer token is for the audience '%s', not '%s'."
                                % (claims.get("aud"), "' or '".join(audiences)))
        exp = claims.get("exp")
        if not isinstance(exp, (int, float)) or exp <= self.clock.now():
            raise TokenRejected("expired", "The bearer token has expired.")
        return claims
