"""CommunicationIdentity api-version 2023-10-01: the responses (routes in routes.py).

Unknown, deleted or foreign ids answer 401 IdentityNotOwned; validation errors are 400 ValidationError with a target.
"""

from ..service.errors import InvalidInput
from .responses import Reply


def token_request(call, required=True):
    """(scopes, expiresInMinutes, body) of a token request body; scopes None when the body has none."""
    body = call.json(required)
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise InvalidInput("The request body must be a JSON object.", code="ValidationError")
    return body.get("scopes"), body.get("expiresInMinutes"), body


def create_result(identity, token):
    """CommunicationIdentityAccessTokenResult: {identity: {id}, accessToken?} (the 2023-10-01 identity is only its id)."""
    body = {"identity": {"id": identity["id"]}}
    if token is not None:
        body["accessToken"] = token
    return body


def create(call):
    """POST /identities {createTokenWithScopes?, expiresInMinutes?} -> 201 {identity, accessToken?}."""
    _scopes, minutes, body = token_request(call, required=False)
    identity, token, _created = call.backend.identity.create_identity(body.get("createTokenWithScopes"), minutes)
    return Reply(201, create_result(identity, token))


def issue_access_token(call):
    """POST /identities/{id}/:issueAccessToken {scopes, expiresInMinutes?} -> 200 {token, expiresOn}."""
    scopes, minutes, _body = token_request(call)
    return Reply(200, call.backend.identity.issue_access_token(call.args["user_id"], scopes, minutes))


def revoke_access_tokens(call):
    """POST /identities/{id}/:revokeAccessTokens (no body) -> 204."""
    call.backend.identity.revoke_access_tokens(call.args["user_id"])
    return Reply(204)


def delete(call):
    """DELETE /identities/{id} -> 204."""
    call.backend.identity.delete_identity(call.args["user_id"])
    return Reply(204)


def exchange_teams_user_token(call):
    """POST /teamsUser/:exchangeAccessToken {token, appId, userId} -> 200 {token, expiresOn}."""
    _scopes, _minutes, body = token_request(call)
    return Reply(200, call.backend.identity.exchange_teams_token(body.get("token"), body.get("appId"), body.get("userId")))
