# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The four operations of the ACS identity API (api-version 2020-07-20-preview2), one function each."""

from __future__ import annotations

from .client import ACSClient, ACSError, IDENTITY_API_VERSION


def _path(user_id, suffix=""):
    return "/identities/" + ACSClient.quote_segment(user_id) + suffix


def create_user(client):
    """POST /identities -> the new user's id. Not idempotent: a lost response may leave a user nobody knows."""
    return client.request("POST", "/identities", "CommunicationIdentity_Create", IDENTITY_API_VERSION).body["id"]


def delete_user(client, user_id):
    """DELETE /identities/{id}; True when deleted, False when the user was already gone (404)."""
    try:
        client.request("DELETE", _path(user_id), "CommunicationIdentity_Delete", IDENTITY_API_VERSION, expected=(204,))
    except ACSError as exc:
        if exc.status == 404:
            return False
        raise
    return True


def issue_token(client, user_id, scopes, retry_safe=False):
    """POST /identities/{id}/token -> {"id", "token", "expiresOn"}.

    retry_safe=True lets the client re-send it after a 500 or a lost response: a second token for the same
    user creates nothing that lasts (the lost one was never seen by anybody and expires on its own).
    """
    return client.request("POST", _path(user_id, "/token"), "CommunicationIdentity_IssueToken", IDENTITY_API_VERSION,
                          body={"scopes": list(scopes)}, idempotent=True if retry_safe else None).body


def revoke_tokens(client, user_id, tokens_valid_from=None):
    """PATCH /identities/{id} (merge-patch): tokens issued before tokens_valid_from (ISO 8601; default now) stop working."""
    body = {"tokensValidFrom": tokens_valid_from} if tokens_valid_from else {}
    client.request("PATCH", _path(user_id), "CommunicationIdentity_Update", IDENTITY_API_VERSION, body=body,
                   expected=(204,), content_type="application/merge-patch+json")
