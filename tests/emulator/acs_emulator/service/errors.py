"""Model errors: what went wrong, in the service's own terms (an ACS error code, a message, optionally the field).

No HTTP here: the HTTP layer maps each class to a status code (`http/responses.py`, `STATUS_OF`).
"""


class ServiceError(Exception):
    """Base of every model error: `code` (ACS error code), `message`, optional `target` (the field at fault) and
    optional `inner` ((code, message) of the wire's `innererror`)."""

    code = "BadRequest"

    def __init__(self, message, code=None, target=None, inner=None):
        super().__init__(message)
        self.message = message
        self.target = target
        self.inner = inner
        if code is not None:
            self.code = code


class InvalidInput(ServiceError):
    """The request's content is invalid (a field, a parameter, the body)."""


class NotOwned(ServiceError):
    """The resource (an identity) does not belong to this ACS resource, or does not exist."""

    code = "IdentityNotOwned"


class Forbidden(ServiceError):
    """The resource may not act on it (a phone number it does not hold: 403 InsufficientPermissions, as recorded)."""

    code = "InsufficientPermissions"


class NotFound(ServiceError):
    """The resource does not exist."""

    code = "NotFound"


class Unprocessable(ServiceError):
    """The request is well formed but what it asks for cannot be accepted (422)."""

    code = "UnprocessableEntity"


class Conflict(ServiceError):
    """The resource is not in a state that allows the operation."""

    code = "Conflict"


# The name InvalidInput had before the split (models written against it keep working).
BadRequest = InvalidInput
