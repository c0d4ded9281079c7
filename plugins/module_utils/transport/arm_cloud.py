# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure Resource Manager sign-in: which cloud (its ARM endpoint, Entra ID authority and ARM audience), the subscription,
and the one bearer token for ARM a module run uses.

`cloud_environment` (or AZURE_CLOUD_ENVIRONMENT) is a cloud name as azure.azcollection spells it (AzureCloud,
AzureChinaCloud, AzureUSGovernment), or the https:// URL of a custom cloud's ARM endpoint, whose
`/metadata/endpoints` (api-version 2019-05-01, else 2015-01-01) names its sign-in endpoint and ARM audiences: the
token is asked for the first audience it names. The credentials themselves come from credentials.build (the same
auth_source values as the data plane; access keys do not exist on ARM).

No Ansible imports. No secret and no token is ever part of a message.
"""

from __future__ import annotations

import os
import time
from urllib.parse import urlsplit

from ansible_collections.acs.administration.plugins.module_utils.transport import credentials
from ansible_collections.acs.administration.plugins.module_utils.transport.credentials import CredentialError
from ansible_collections.acs.administration.plugins.module_utils.transport.wire import Connections

# name -> (ARM endpoint, Entra ID authority, ARM audience)
ARM_CLOUDS = {
    "azurecloud": ("https://management.azure.com", "https://login.microsoftonline.com", "https://management.azure.com/"),
    "azurechinacloud": ("https://management.chinacloudapi.cn", "https://login.chinacloudapi.cn",
                        "https://management.chinacloudapi.cn/"),
    "azureusgovernment": ("https://management.usgovcloudapi.net", "https://login.microsoftonline.us",
                          "https://management.usgovcloudapi.net/"),
}
METADATA_VERSIONS = ("2019-05-01", "2015-01-01")


class ArmCloud:
    """ARM endpoint (scheme://host[:port]), Entra ID authority URL and the audience ARM tokens are asked for."""

    def __init__(self, endpoint, authority, audience):
        self.endpoint = endpoint.rstrip("/")
        self.authority = authority.rstrip("/")
        self.audience = audience

    @property
    def scope(self):
        return self.audience.rstrip("/") + "/.default"


def resolve_cloud(cloud_environment=None, environ=None, verify=True, timeout=30.0, get=None):
    """The ArmCloud of a cloud name or of a custom cloud's ARM endpoint URL (read from its metadata endpoint)."""
    environ = os.environ if environ is None else environ
    value = (cloud_environment or environ.get("AZURE_CLOUD_ENVIRONMENT") or "AzureCloud").strip()
    if value.lower() in ARM_CLOUDS:
        return ArmCloud(*ARM_CLOUDS[value.lower()])
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise CredentialError("cloud_environment %r is neither AzureCloud, AzureChinaCloud, AzureUSGovernment nor the "
                              "https:// URL of a cloud's Azure Resource Manager endpoint." % value, "no_credential")
    return _from_metadata(value.rstrip("/"), verify, timeout, get or _get)


def _get(url, verify=True, timeout=30.0):
    """One unsigned GET (the metadata endpoint is public)."""
    return Connections(verify, timeout).send("GET", url, None, {"Accept": "application/json"})


def _from_metadata(url, verify, timeout, get):
    """Read <url>/metadata/endpoints (2019-05-01, then 2015-01-01)."""
    problem = None
    for version in METADATA_VERSIONS:
        try:
            answer = get("%s/metadata/endpoints?api-version=%s" % (url, version), verify=verify, timeout=timeout)
        except (OSError, ValueError) as exc:
            problem = "it could not be reached (%s)" % " ".join(str(exc).split())[:200]
            break
        if answer.status_code != 200:
            problem = "it answered HTTP %d" % answer.status_code
            continue
        try:
            found = _parse_metadata(answer.json(), url)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            problem = "its answer does not describe a cloud"
            continue
        return found
    raise CredentialError("The cloud metadata of %s (%s/metadata/endpoints) cannot be read: %s." % (url, url, problem),
                          "no_credential")


def _parse_metadata(body, url):
    """ArmCloud from a 2019-05-01 list (the entry whose resourceManager is `url`, else the first) or a 2015-01-01 object."""
    if isinstance(body, list):
        entry = next((e for e in body if str(e.get("resourceManager", "")).rstrip("/") == url), body[0])
    else:
        entry = body
    auth = entry["authentication"]
    return ArmCloud(url, auth["loginEndpoint"], auth["audiences"][0])


def subscription(subscription_id=None, environ=None):
    """The subscription id from the option, else AZURE_SUBSCRIPTION_ID; CredentialError when neither is set."""
    environ = os.environ if environ is None else environ
    value = subscription_id or environ.get("AZURE_SUBSCRIPTION_ID")
    if not value:
        raise CredentialError("No subscription was given: set subscription_id (or AZURE_SUBSCRIPTION_ID).", "no_credential")
    return value


def default_auth_source(auth_source=None, environ=None):
    """auth_source for ARM: the one given; env when a service principal is complete in the environment (either
    azure.azcollection's or azure-identity's names); else credential. access_key does not exist on ARM."""
    environ = os.environ if environ is None else environ
    if auth_source == "access_key":
        raise CredentialError("Azure Resource Manager accepts Microsoft Entra ID tokens only: auth_source must be one of "
                              "%s, not access_key." % ", ".join(credentials.ENTRA_SOURCES), "no_credential")
    if auth_source:
        return auth_source
    complete = (environ.get("AZURE_TENANT_ID") or environ.get("AZURE_TENANT")) and environ.get("AZURE_CLIENT_ID") and (
        environ.get("AZURE_CLIENT_SECRET") or environ.get("AZURE_SECRET"))
    return "env" if complete else "credential"


class ArmTokenSource:
    """The bearer token for ARM of one module run: requested on first use, checked (audience, expiry), then reused."""

    def __init__(self, credential_factory, auth_source, cloud, on_token=None):
        self._factory = credential_factory
        self.auth_source = auth_source
        self.cloud = cloud
        self._on_token = on_token
        self._token = None

    def token(self):
        if self._token is None:
            self._token = self._get()
            if self._on_token is not None:
                self._on_token(self._token)
        return self._token

    def _get(self):
        access = credentials.ask(self._factory(), self.cloud.scope, self.auth_source, access_key_hint=False)
        self._check(access.token)
        return access.token

    def _check(self, token):
        claims = credentials.token_claims(token)
        if claims is None:
            return
        audience = str(claims.get("aud", ""))
        if audience.rstrip("/") != self.cloud.audience.rstrip("/"):
            raise CredentialError("The Microsoft Entra ID token of auth_source=%s is for the audience %r, not %s; nothing "
                                  "was sent." % (self.auth_source, audience, self.cloud.audience), "bad_token")
        exp = claims.get("exp")
        if isinstance(exp, (int, float)) and exp <= time.time() + credentials.EXPIRY_MARGIN:
            raise CredentialError("The Microsoft Entra ID token of auth_source=%s has expired; nothing was sent. Check the "
                                  "clock of the host that runs the module." % self.auth_source, "bad_token")
