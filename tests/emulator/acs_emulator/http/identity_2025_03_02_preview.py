"""CommunicationIdentity api-version 2025-03-02-preview: what it adds to 2023-10-01 (routes in routes.py).

- create takes `customId` (the draft swagger's `externalId` is accepted as an alias): a repeat with the custom id of a
  live identity answers 200 with that identity, a new one 201;
- identities carry `customId` and `lastTokenIssuedAt`; `GET /identities/{id}` reads one.
The other operations are 2023-10-01's.
"""

from .identity_2023_10_01 import token_request
from .responses import Reply


def create(call):
    """POST /identities {customId?, createTokenWithScopes?, expiresInMinutes?} -> 201 new / 200 existing."""
    _scopes, minutes, body = token_request(call, required=False)
    custom_id = body.get("customId", body.get("externalId"))
    identity, token, created = call.backend.identity.create_identity(body.get("createTokenWithScopes"), minutes, custom_id)
    result = {"identity": identity}
    if token is not None:
        result["accessToken"] = token
    return Reply(201 if created else 200, result)


def get(call):
    """GET /identities/{id} -> 200 {id, customId?, lastTokenIssuedAt?}."""
    return Reply(200, call.backend.identity.identity(call.args["user_id"]))
