# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A service principal's sign-in with its secret (auth_source env), without azure-identity: the OAuth 2.0 client
credentials grant, one POST to the tenant's v2.0 token endpoint of the Microsoft identity platform,
<authority>/<tenant>/oauth2/v2.0/token, with client_id, client_secret, scope and grant_type=client_credentials
(form-encoded), answered with access_token and expires_in, or with an OAuth error (error, error_description).

Why not azure-identity here: importing it costs a module run about 160 ms and its first token another request (the
tenant's OpenID metadata); this grant needs neither (issue 29: per-task overhead). The other sign-ins (managed
identity, Azure CLI, the DefaultAzureCredential chain) still go through azure-identity.

get_token() has azure-identity's shape (an object with .token and .expires_on), so that credentials.TokenSource and
arm_cloud.ArmTokenSource take either. No secret and no token is ever part of a message. No Ansible imports here.
"""

from __future__ import annotations

import time
import uuid
from urllib.parse import quote, urlencode

from ansible_collections.acs.administration.plugins.module_utils.transport.wire import Connections, TLSFailure, WireError

PUBLIC_AUTHORITY = "https://login.microsoftonline.com"


class SignInRefused(Exception):
    """The authority answered with an OAuth error: str() is '(error) error_description', on one line."""


class SignInUnreachable(Exception):
    """The authority could not be reached (or its certificate was not trusted): nothing was signed in."""


class AccessToken:
    """A bearer token and when it expires (epoch seconds)."""

    def __init__(self, token, expires_on):
        self.token = token
        self.expires_on = expires_on


class ClientSecretCredential:
    """The client credentials grant of one service principal; `verify` is True, a CA bundle path or False."""

    def __init__(self, tenant_id, client_id, secret, authority=None, verify=True, timeout=30.0, clock=time.time):
        self.tenant_id = tenant_id
        self.client_id = client_id
        self._secret = secret
        self.authority = (authority or PUBLIC_AUTHORITY).rstrip("/")
        self.verify = verify
        self.timeout = timeout
        self._clock = clock

    @property
    def token_url(self):
        return "%s/%s/oauth2/v2.0/token" % (self.authority, quote(self.tenant_id, safe=""))

    def get_token(self, *scopes):
        """One new token for `scopes` (each call asks the authority: TokenSource decides when a new one is due)."""
        form = urlencode({"client_id": self.client_id, "client_secret": self._secret, "scope": " ".join(scopes),
                          "grant_type": "client_credentials"})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
                   "client-request-id": str(uuid.uuid4())}
        asked = self._clock()
        try:
            raw = Connections(self.verify, self.timeout).send("POST", self.token_url, form.encode("ascii"), headers)
        except TLSFailure as exc:
            raise SignInUnreachable("the TLS certificate of %s was not trusted (%s)" % (self.authority, exc)) from None
        except WireError as exc:
            raise SignInUnreachable("%s could not be reached (%s)" % (self.authority, exc)) from None
        except (OSError, ValueError) as exc:  # an unusable CA bundle
            raise SignInUnreachable("nothing was sent to %s (%s)" % (self.authority, exc)) from None
        return _answer(raw, asked)


def _answer(raw, asked):
    try:
        body = raw.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise SignInRefused("the token endpoint answered HTTP %d without a JSON body" % raw.status_code)
    if raw.status_code != 200 or not body.get("access_token"):
        error = body.get("error") or "HTTP %d" % raw.status_code
        description = " ".join(str(body.get("error_description") or "").split())
        raise SignInRefused("(%s) %s" % (error, description) if description else "(%s)" % error)
    try:
        lifetime = float(body.get("expires_in"))
    except (TypeError, ValueError):
        lifetime = 3600.0
    return AccessToken(body["access_token"], int(asked + lifetime))
