"""CommunicationIdentity api-version 2020-07-20-preview2: the responses (routes in routes.py)."""

from .responses import Reply


def create(call):
    """POST /identities -> 200 {id}."""
    return Reply(200, call.backend.identity.create())


def delete(call):
    """DELETE /identities/{id} -> 204."""
    call.backend.identity.delete(call.args["user_id"])
    return Reply(204)


def update(call):
    """PATCH /identities/{id} {tokensValidFrom?} -> 204 (revokes tokens issued before)."""
    call.backend.identity.update(call.args["user_id"], call.json(False))
    return Reply(204)


def issue_token(call):
    """POST /identities/{id}/token {scopes} -> 200 {id, token, expiresOn}."""
    return Reply(200, call.backend.identity.issue_token(call.args["user_id"], call.json(True)))
