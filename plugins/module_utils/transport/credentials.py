# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Microsoft Entra ID sign-in: which azure-identity credential an auth_source stands for, and the bearer token a module
run uses (scope https://communication.azure.com/.default), checked before anything is sent to the resource and renewed
before it expires (TokenSource).

auth_source  credential
-----------  ----------------------------------------------------------------------------------------------------------
env          a service principal from tenant_id / client_id / secret, else AZURE_TENANT_ID (or AZURE_TENANT),
             AZURE_CLIENT_ID, AZURE_CLIENT_SECRET (or AZURE_SECRET): the client credentials grant of
             client_secret.py, without azure-identity
msi          ManagedIdentityCredential (client_id selects a user-assigned identity)
cli          AzureCliCredential (the `az login` of the host that runs the module)
credential   DefaultAzureCredential: environment, workload identity, managed identity, Azure CLI, ... in that order

azure-identity is optional: it is imported only for msi, cli and credential. No Ansible imports here. No secret and no
token is ever part of a message.
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import re
import sys
import threading
import time

from ansible_collections.acs.administration.plugins.module_utils.transport.client_secret import (
    ClientSecretCredential, SignInRefused, SignInUnreachable)

ACS_AUDIENCE = "https://communication.azure.com"
ACS_SCOPE = ACS_AUDIENCE + "/.default"
ENTRA_SOURCES = ("credential", "cli", "msi", "env")
AUTH_SOURCES = ("access_key",) + ENTRA_SOURCES
INSTALL = "pip install azure-identity"
# cloud_environment names (as azure.azcollection spells them) and their authority hosts.
CLOUDS = {
    "azurecloud": "https://login.microsoftonline.com",
    "azurechinacloud": "https://login.chinacloudapi.cn",
    "azureusgovernment": "https://login.microsoftonline.us",
}
# How DefaultAzureCredential's message begins when none of its credentials was available.
CHAIN_EXHAUSTED = "DefaultAzureCredential failed to retrieve a token from the included credentials"
# A token that expires within this many seconds is as good as expired for a module run.
EXPIRY_MARGIN = 30
# A token is renewed this long before it expires (azure-identity's own refresh margin), or half-way through its
# lifetime when that is shorter.
RENEW_MARGIN = 300


class CredentialError(Exception):
    """Sign-in failed before anything was sent to the resource; str() is the sentence for the user.

    `reason`: missing_library, no_credential (nothing to sign in with), refused (Entra ID refused the credential),
    unreachable (the authority could not be reached), bad_token (a token the resource would refuse: expired, for
    another audience, unreadable)."""

    def __init__(self, message, reason):
        super().__init__(message)
        self.reason = reason


def authority_host(cloud_environment=None, environ=None):
    """The authority host URL for a cloud name or URL; None for the public cloud unless AZURE_AUTHORITY_HOST says otherwise."""
    environ = os.environ if environ is None else environ
    value = (cloud_environment or "").strip()
    if not value:
        return environ.get("AZURE_AUTHORITY_HOST") or None
    if value.lower() in CLOUDS:
        return CLOUDS[value.lower()]
    if value.lower().startswith("https://"):
        return value.rstrip("/")
    raise CredentialError("cloud_environment %r is neither AzureCloud, AzureChinaCloud, AzureUSGovernment nor an https:// "
                          "authority host URL." % value, "no_credential")


def service_principal(tenant_id=None, client_id=None, secret=None, environ=None):
    """(tenant_id, client_id, secret) from the options, else from the environment (both azure.azcollection's and
    azure-identity's names); CredentialError naming what is missing."""
    environ = os.environ if environ is None else environ
    tenant_id = tenant_id or environ.get("AZURE_TENANT_ID") or environ.get("AZURE_TENANT")
    client_id = client_id or environ.get("AZURE_CLIENT_ID")
    secret = secret or environ.get("AZURE_CLIENT_SECRET") or environ.get("AZURE_SECRET")
    missing = [name for name, value in (("tenant_id (AZURE_TENANT_ID)", tenant_id), ("client_id (AZURE_CLIENT_ID)", client_id),
                                        ("secret (AZURE_CLIENT_SECRET)", secret)) if not value]
    if missing:
        raise CredentialError("No service principal was found for auth_source=env: %s %s not set."
                              % (" and ".join(missing), "is" if len(missing) == 1 else "are"), "no_credential")
    return tenant_id, client_id, secret


def _identity():
    """The azure.identity package, or CredentialError with the pip command."""
    try:
        identity = importlib.import_module("azure.identity")
    except ImportError:
        raise CredentialError("Microsoft Entra ID sign-in needs the azure-identity Python library on the host that runs "
                              "the module: %s." % INSTALL, "missing_library") from None
    return identity


def build(auth_source, tenant_id=None, client_id=None, secret=None, cloud_environment=None, ca_path=None,
          validate_certs=True, environ=None, identity=None):
    """The credential for `auth_source` (one of ENTRA_SOURCES): a service principal's own (client_secret.py) for env,
    else azure-identity's.

    A custom authority host (a sovereign cloud is known to azure-identity; a private one such as the emulator's is not)
    turns instance discovery off; `ca_path` is the CA bundle the credential's HTTP requests trust.
    """
    environ = os.environ if environ is None else environ
    host = authority_host(cloud_environment, environ)
    if auth_source == "env":
        tenant_id, client_id, secret = service_principal(tenant_id, client_id, secret, environ)
        verify = ca_path if (ca_path and validate_certs) else bool(validate_certs)
        return ClientSecretCredential(tenant_id, client_id, secret, authority=host, verify=verify)
    identity = identity or _identity()
    options = {}
    if host:
        options["authority"] = host
        if host not in CLOUDS.values():
            options["disable_instance_discovery"] = True
    if ca_path and validate_certs:
        options["connection_verify"] = ca_path
    elif not validate_certs:
        options["connection_verify"] = False
    transport = {k: v for k, v in options.items() if k == "connection_verify"}
    if auth_source == "msi":
        return identity.ManagedIdentityCredential(client_id=client_id, **transport) if client_id \
            else identity.ManagedIdentityCredential(**transport)
    if auth_source == "cli":
        return identity.AzureCliCredential(tenant_id=tenant_id) if tenant_id else identity.AzureCliCredential()
    if auth_source == "credential":
        chain = dict(options)
        if client_id:
            chain["managed_identity_client_id"] = client_id
        if tenant_id:
            chain["additionally_allowed_tenants"] = [tenant_id]
        return identity.DefaultAzureCredential(**chain)
    raise CredentialError("auth_source %r is not one of %s." % (auth_source, ", ".join(AUTH_SOURCES)), "no_credential")


def get_token(credential, auth_source, now=None):
    """Ask the credential for one token for the ACS scope and check it (audience, expiry) before it is used.

    Returns the token string; CredentialError says whether no credential was found, Entra ID refused it, or the token
    would be refused by the resource.
    """
    return get_token_info(credential, auth_source, now=now)[0]


def get_token_info(credential, auth_source, now=None):
    """get_token, and when the token expires (epoch seconds: its `exp` claim, else the credential's expires_on, else None)."""
    access = ask(credential, ACS_SCOPE, auth_source)
    check_token(access.token, auth_source, now=now)
    claims = token_claims(access.token) or {}
    expires = claims.get("exp", getattr(access, "expires_on", None))
    return access.token, (expires if isinstance(expires, (int, float)) and not isinstance(expires, bool) else None)


def ask(credential, scope, auth_source, access_key_hint=True):
    """The credential's token for `scope` (an object with .token and .expires_on); CredentialError saying whether no
    credential was found, the authority could not be reached, or Entra ID refused the credential. `access_key_hint`:
    whether an access key is the other way in (not on Azure Resource Manager)."""
    unavailable_error, refused_error = _azure_errors()
    try:
        return credential.get_token(scope)
    except unavailable_error as exc:
        raise CredentialError("No Microsoft Entra ID credential was found for auth_source=%s: %s"
                              % (auth_source, _first_sentence(exc)), "no_credential") from None
    except SignInUnreachable as exc:
        raise CredentialError("Microsoft Entra ID could not sign in auth_source=%s: %s." % (auth_source, _first_sentence(exc)),
                              "unreachable") from None
    except (refused_error, SignInRefused) as exc:
        if str(exc).startswith(CHAIN_EXHAUSTED):
            # the chain raises this when none of its credentials was available: nothing to sign in with, not a refusal
            tried = ", ".join(dict.fromkeys(re.findall(r"\b(\w+Credential):", str(exc)))) or "all of them"
            raise CredentialError("No Microsoft Entra ID credential was found for auth_source=%s: none of the "
                                  "DefaultAzureCredential chain could sign in on this host (tried %s); choose an auth_source "
                                  "and give its options%s." % (auth_source, tried, ", or give an access key" if access_key_hint else ""),
                                  "no_credential") from None
        raise CredentialError("Microsoft Entra ID refused the credential of auth_source=%s: %s"
                              % (auth_source, _first_sentence(exc)), "refused") from None


def check_token(token, auth_source, now=None):
    """CredentialError when a JWT's `aud` is not the ACS audience or its `exp` has passed (opaque tokens pass)."""
    claims = token_claims(token)
    if claims is None:
        return
    audience = str(claims.get("aud", ""))
    if audience.rstrip("/") != ACS_AUDIENCE:
        raise CredentialError("The Microsoft Entra ID token of auth_source=%s is for the audience %r, not %s; nothing was "
                              "sent. The identity must request the scope %s." % (auth_source, audience, ACS_AUDIENCE, ACS_SCOPE),
                              "bad_token")
    exp = claims.get("exp")
    now = time.time() if now is None else now
    if isinstance(exp, (int, float)) and exp <= now + EXPIRY_MARGIN:
        raise CredentialError("The Microsoft Entra ID token of auth_source=%s expired at %s (UTC), %d s ago; nothing was sent. "
                              "Check the clock of the host that runs the module, or the token source."
                              % (auth_source, time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(exp)), int(now - exp)),
                              "bad_token")


def token_claims(token):
    """The payload of a JWT as a dict (not verified: the resource does that), or None for an opaque token."""
    parts = (token or "").split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, TypeError):
        return None
    return claims if isinstance(claims, dict) else None


class _NoUnavailableError(Exception):
    """Stands for CredentialUnavailableError when azure-identity is absent (never raised)."""


class _NoAuthenticationError(Exception):
    """Stands for ClientAuthenticationError when azure-core is absent (never raised)."""


def _azure_errors():
    """(CredentialUnavailableError, ClientAuthenticationError): azure-identity's 'nothing to sign in with' (checked
    first: it is a subclass of the other) and 'the authority refused'. Only a credential of azure-identity raises them,
    and building one imported it: without it in sys.modules, stand-ins that nothing raises (importing azure-identity
    only to name its errors would cost a service principal's sign-in 160 ms)."""
    identity, core = sys.modules.get("azure.identity"), sys.modules.get("azure.core.exceptions")
    if identity is None or core is None:
        return _NoUnavailableError, _NoAuthenticationError
    return identity.CredentialUnavailableError, core.ClientAuthenticationError


def _first_sentence(exc, limit=400):
    """An exception's message on one line, cut to `limit` characters (azure-identity's can span many lines)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[:limit] + "..."


class TokenSource:
    """The bearer token of one module run: requested on first use, reused while it stays valid, and renewed (from a new
    credential, so that no cache hands back the old token) before it expires or when the resource refuses it.

    `now` is the clock (time.time). Safe to use from several threads: one renewal at a time."""

    def __init__(self, credential_factory, auth_source, on_token=None, now=None):
        self._factory = credential_factory
        self.auth_source = auth_source
        self._on_token = on_token
        self._now = now or time.time
        self._token = None
        self.expires = None  # epoch seconds, or None when the token says nothing about it
        self._renew_at = None
        self.renewals = 0
        self._lock = threading.Lock()

    def token(self):
        """The token to send now: the first one, or a new one when the current one is due for renewal."""
        with self._lock:
            if self._token is None:
                self._fetch()
            elif self._renew_at is not None and self._now() >= self._renew_at:
                self._renew()
            return self._token

    def renew(self, refused):
        """The resource refused the token `refused` (401): get a new one. True when there is a new token to send."""
        with self._lock:
            if self._token != refused:
                return True  # another thread renewed it meanwhile
            self._renew(force=True)
            return self._token != refused

    def expired(self):
        """Whether the current token's expiry (when it has one) has passed."""
        return self.expires is not None and self.expires <= self._now()

    def expiry_text(self):
        """'expired at <UTC time>' or 'expires at <UTC time>', or '' when the token has no expiry."""
        if self.expires is None:
            return ""
        return "%s at %s (UTC)" % ("expired" if self.expired() else "expires",
                                   time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(self.expires)))

    def _fetch(self):
        token, expires = get_token_info(self._factory(), self.auth_source, now=self._now())
        now = self._now()
        self._token, self.expires = token, expires
        self._renew_at = None if expires is None else expires - min(RENEW_MARGIN, max(0.0, (expires - now) / 2.0))
        if self._on_token is not None:
            self._on_token(token)

    def _renew(self, force=False):
        """A new token. When that fails, the old one is kept while it stays valid (unless the resource refused it);
        else CredentialError saying that the token expired and could not be renewed."""
        try:
            self._fetch()
        except CredentialError as exc:
            if force:
                raise  # the resource refused the token: the caller says so, with this reason
            if self.expires is not None and self.expires > self._now() + EXPIRY_MARGIN:
                self._renew_at = self._now() + EXPIRY_MARGIN  # try again later; the token is still good
                return
            raise CredentialError("The Microsoft Entra ID token of auth_source=%s %s and could not be renewed: %s"
                                  % (self.auth_source, self.expiry_text() or "was refused", exc), exc.reason) from None
        self.renewals += 1
