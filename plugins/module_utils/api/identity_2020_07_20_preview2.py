# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The identity API, api-version 2020-07-20-preview2: its four operations, one function each.

The only place that talks to this API. Functions take an ACSClient and return the API's own (camelCase) data;
errors are the client's (transport/errors.py): an unknown user raises ACSNotFoundError.
"""

from __future__ import annotations

from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient

API_VERSION = "2020-07-20-preview2"
# The token scopes of this version.
SCOPES = ("chat", "voip", "pstn")
# What this version lacks, per module and option, and what to use instead (versions.lacking_error says it).
LACKING_SENTENCE = "%(option)s is not available on api_version %(version)s; %(instead)s."
LACKING_OPTIONS = {
    "acs_user": {"custom_ids": "it needs api_version 2025-03-02-preview", "token_expires_in_minutes": "it needs api_version 2023-10-01 or 2025-03-02-preview"},
    "acs_token": {"expires_in_minutes": "it needs api_version 2023-10-01 or 2025-03-02-preview"},
}
# Whether GET /identities/{id} exists (a user can be read before it is deleted).
READS_USERS = False
# A token issued for an existing user is reported as a change on this version (issue 13, item 9).
NEW_TOKEN_IS_A_CHANGE = True


def _path(user_id, suffix=""):
    return "/identities/" + ACSClient.quote_segment(user_id) + suffix


def _refuse(argument, value):
    """This version lacks ARGUMENT: a caller that passes it gets a ValueError (the modules refuse the option first)."""
    if value is not None:
        raise ValueError("%s is not available on api_version %s" % (argument, API_VERSION))


def create_user(client, scopes=None, expires_in_minutes=None, custom_id=None):
    """POST /identities -> (body, created): {"identity": {"id"}}, True. The same signature as the later versions, but
    this one issues no token with the user (the caller issues it with issue_token: a second request, even with
    scopes) and knows no custom id or token lifetime. Not idempotent: a lost response may leave a user nobody knows."""
    del scopes  # no token with the user on this version: issue_token does it
    _refuse("expires_in_minutes", expires_in_minutes)
    _refuse("custom_id", custom_id)
    user_id = client.request("POST", "/identities", "CommunicationIdentity_Create", API_VERSION).body["id"]
    return {"identity": {"id": user_id}}, True


def delete_user(client, user_id):
    """DELETE /identities/{id}."""
    client.request("DELETE", _path(user_id), "CommunicationIdentity_Delete", API_VERSION, expected=(204,))


def issue_token(client, user_id, scopes, expires_in_minutes=None, retry_safe=False):
    """POST /identities/{id}/token -> {"id", "token", "expiresOn"}. This version has no token lifetime.

    retry_safe=True lets the client re-send it after a 500 or a lost response: a second token for the same
    user creates nothing that lasts (the lost one was never seen by anybody and expires on its own).
    """
    _refuse("expires_in_minutes", expires_in_minutes)
    return client.request("POST", _path(user_id, "/token"), "CommunicationIdentity_IssueToken", API_VERSION,
                          body={"scopes": list(scopes)}, idempotent=True if retry_safe else None).body


def revoke_tokens(client, user_id, tokens_valid_from=None):
    """PATCH /identities/{id} (merge-patch): tokens issued before tokens_valid_from (ISO 8601; default now) stop working.

    Returns the response headers (their Date is the service's time of the revocation)."""
    body = {"tokensValidFrom": tokens_valid_from} if tokens_valid_from else {}
    return client.request("PATCH", _path(user_id), "CommunicationIdentity_Update", API_VERSION, body=body,
                          expected=(204,), content_type="application/merge-patch+json").headers
