"""CommunicationIdentity api-version 2025-03-02-preview: what it adds to 2023-10-01 (routes in routes.py).

- create takes `customId` (the draft swagger's `externalId` is accepted as an alias): a repeat with the custom id of a
  live identity answers with that identity, and both a new and an existing identity are **201** (as recorded, D17:
  a client cannot tell them apart by the status; the swagger's 200 is never sent);
- identities carry `customId` and `lastTokenIssuedAt` (whole seconds); `GET /identities/{id}` reads one. A create
  without a custom id answers the identity as `{id}` only, even with a token (as recorded, D18).
The other operations are 2023-10-01's.
"""

from .identity_2023_10_01 import token_request
from .responses import Reply


def create(call):
    """POST /identities {customId?, createTokenWithScopes?, expiresInMinutes?} -> 201 {identity, accessToken?}, new or existing."""
    _scopes, minutes, body = token_request(call, required=False)
    custom_id = body.get("customId", body.get("externalId"))
    identity, token, _created = call.backend.identity.create_identity(body.get("createTokenWithScopes"), minutes, custom_id)
    result = {"identity": identity if custom_id is not None else {"id": identity["id"]}}
    if token is not None:
        result["accessToken"] = token
    return Reply(201, result)


def get(call):
    """GET /identities/{id} -> 200 {id, customId?, lastTokenIssuedAt?}."""
    return Reply(200, call.backend.identity.identity(call.args["user_id"]))
