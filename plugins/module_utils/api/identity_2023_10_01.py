# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The identity API, api-version 2023-10-01: create (with a token in the same request), issue, revoke, delete.

The only place that talks to this API version. Functions take an ACSClient and return the API's own (camelCase) data;
errors are the client's (transport/errors.py). The service answers an id it does not own (unknown, deleted, or of another
resource) with 401 IdentityNotOwned: that is raised as ACSNotFoundError, like a 404 on the legacy version.
"""

from __future__ import annotations

from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSAuthenticationError, ACSNotFoundError

API_VERSION = "2023-10-01"
# The CommunicationIdentityTokenScope enum of this version.
SCOPES = ("chat", "voip", "chat.join", "chat.join.limited", "voip.join")
# What this version lacks, per module and option, and what to use instead (versions.lacking_error says it).
LACKING_SENTENCE = "%(option)s is not available on api_version %(version)s; %(instead)s."
LACKING_OPTIONS = {
    "acs_user": {"custom_ids": "it needs api_version 2025-03-02-preview"},
    "acs_token": {"tokens_valid_from": "it needs api_version 2020-07-20-preview2"},
}
# Whether GET /identities/{id} exists (a user can be read before it is deleted).
READS_USERS = False
# Token lifetime in minutes the service accepts (expiresInMinutes).
LIFETIME = (60, 1440)
# A token issued for an existing user is a credential handed out, not a change (changed=false).
NEW_TOKEN_IS_A_CHANGE = False


def _path(user_id, suffix=""):
    return "/identities/" + ACSClient.quote_segment(user_id) + suffix


def not_owned_as_not_found(exc, user_id):
    """The error to raise for an ACSAuthenticationError: IdentityNotOwned means the user does not exist here."""
    if exc.code == "IdentityNotOwned":
        ref = " Request id: %s." % exc.request_id if exc.request_id else ""
        return ACSNotFoundError("%s failed with HTTP %s: user %s does not belong to this resource (IdentityNotOwned).%s"
                                % (exc.operation, exc.status, user_id, ref), status=exc.status, code=exc.code,
                                operation=exc.operation, request_id=exc.request_id)
    return exc


def send(client, method, user_id, suffix, operation, api_version, **kwargs):
    """One request about one identity, IdentityNotOwned turned into ACSNotFoundError."""
    try:
        return client.request(method, _path(user_id, suffix), "CommunicationIdentity_" + operation, api_version, **kwargs)
    except ACSAuthenticationError as exc:
        raise not_owned_as_not_found(exc, user_id) from None


def create_body(scopes=None, expires_in_minutes=None):
    """The CommunicationIdentityCreateRequest: createTokenWithScopes and expiresInMinutes only when given."""
    body = {}
    if scopes:
        body["createTokenWithScopes"] = list(scopes)
        if expires_in_minutes is not None:
            body["expiresInMinutes"] = int(expires_in_minutes)
    return body


def create_user(client, scopes=None, expires_in_minutes=None, api_version=API_VERSION, custom_id=None):
    """POST /identities -> (201 body {"identity": {"id"}, "accessToken"?: {"token", "expiresOn"}}, True).

    With scopes the user's token comes in the same answer (createTokenWithScopes): one request per user.
    Not idempotent: a lost response may leave a user nobody knows, so it is never re-sent blindly.
    This version knows no custom id: passing one is a ValueError (the modules refuse the option first).
    """
    if custom_id is not None:
        raise ValueError("custom_id is not available on api_version %s" % api_version)
    answer = client.request("POST", "/identities", "CommunicationIdentity_Create", api_version,
                            body=create_body(scopes, expires_in_minutes), expected=(201,))
    return answer.body, True


def issue_token(client, user_id, scopes, expires_in_minutes=None, retry_safe=False, api_version=API_VERSION):
    """POST /identities/{id}/:issueAccessToken -> {"token", "expiresOn"}.

    retry_safe=True lets the client re-send it after a 500 or a lost response: a second token for the same user
    creates nothing that lasts.
    """
    body = {"scopes": list(scopes)}
    if expires_in_minutes is not None:
        body["expiresInMinutes"] = int(expires_in_minutes)
    return send(client, "POST", user_id, "/:issueAccessToken", "IssueAccessToken", api_version, body=body,
                idempotent=True if retry_safe else None).body


def revoke_tokens(client, user_id, tokens_valid_from=None, api_version=API_VERSION):
    """POST /identities/{id}/:revokeAccessTokens (no body): every token of the user stops working. Safe to repeat.

    Returns the response headers (their Date is the service's time of the revocation). This version revokes the tokens
    issued until now: it has no tokens_valid_from, and refuses one (the same signature as the legacy version)."""
    if tokens_valid_from is not None:
        raise ValueError("tokens_valid_from is not available on api_version %s." % api_version)
    return send(client, "POST", user_id, "/:revokeAccessTokens", "RevokeAccessTokens", api_version, expected=(204,), idempotent=True).headers


def delete_user(client, user_id, api_version=API_VERSION):
    """DELETE /identities/{id}; an unknown or deleted id raises ACSNotFoundError."""
    send(client, "DELETE", user_id, "", "Delete", api_version, expected=(204,))
