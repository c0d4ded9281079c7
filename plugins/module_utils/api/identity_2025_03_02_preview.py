# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The identity API, api-version 2025-03-02-preview: 2023-10-01 plus custom ids and reading one identity.

The only place that talks to this API version. A create with a `customId` is idempotent on the service: every answer
carries the one identity that has this custom id, so such a create is safe to send again (the client re-sends it after
a lost response or a 500, and counts that in stats.retries). The real service answers **201** both when it creates the
identity and when it finds it (recorded; the swagger's 200 for a found one is accepted too): the status cannot tell
them apart. Its `lastTokenIssuedAt` can: a token was issued for the identity before, so it existed.
"""

from __future__ import annotations

from ansible_collections.acs.administration.plugins.module_utils.api import identity_2023_10_01 as ga

API_VERSION = "2025-03-02-preview"
SCOPES = ga.SCOPES
LACKING_SENTENCE = ga.LACKING_SENTENCE
LACKING_OPTIONS = {"acs_token": ga.LACKING_OPTIONS["acs_token"]}
READS_USERS = True
LIFETIME = ga.LIFETIME
NEW_TOKEN_IS_A_CHANGE = ga.NEW_TOKEN_IS_A_CHANGE
# customId length the service accepts
CUSTOM_ID_LENGTH = (1, 256)


def create_user(client, scopes=None, expires_in_minutes=None, custom_id=None):
    """POST /identities [customId] -> (body, created).

    Without a custom id this is 2023-10-01's create (never re-sent blindly): created is True.
    With one, created is False when the answered identity shows a token issued before (`lastTokenIssuedAt`, only
    asked without scopes: the token of this very request would set it), else None: a new identity, or an existing one
    that never had a token, which no answer of the API tells apart.
    """
    if custom_id is None:
        return ga.create_user(client, scopes, expires_in_minutes, api_version=API_VERSION)
    body = dict(ga.create_body(scopes, expires_in_minutes), customId=custom_id)
    answer = client.request("POST", "/identities", "CommunicationIdentity_Create", API_VERSION, body=body,
                            expected=(200, 201), idempotent=True)
    identity = (answer.body or {}).get("identity") or {}
    return answer.body, (False if not scopes and identity.get("lastTokenIssuedAt") else None)


def get_user(client, user_id):
    """GET /identities/{id} -> {"id", "customId"?, "lastTokenIssuedAt"?}; ACSNotFoundError when it does not exist."""
    return ga.send(client, "GET", user_id, "", "Get", API_VERSION).body


def issue_token(client, user_id, scopes, expires_in_minutes=None, retry_safe=False):
    """POST /identities/{id}/:issueAccessToken -> {"token", "expiresOn"} (as 2023-10-01)."""
    return ga.issue_token(client, user_id, scopes, expires_in_minutes, retry_safe, api_version=API_VERSION)


def revoke_tokens(client, user_id, tokens_valid_from=None):
    """POST /identities/{id}/:revokeAccessTokens (as 2023-10-01, no tokens_valid_from); returns the response headers."""
    return ga.revoke_tokens(client, user_id, tokens_valid_from, api_version=API_VERSION)


def delete_user(client, user_id):
    """DELETE /identities/{id} (as 2023-10-01)."""
    ga.delete_user(client, user_id, api_version=API_VERSION)
