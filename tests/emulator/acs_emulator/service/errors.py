"""Service errors: each carries an HTTP status, an ACS error code and a message."""


class ServiceError(Exception):
    """An error the service reports to the client."""

    status = 400
    code = "BadRequest"

    def __init__(self, message, code=None, status=None, target=None):
        super().__init__(message)
        self.message = message
        self.target = target
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status

    def body(self):
        """The ACS error body."""
        error = {"code": self.code, "message": self.message}
        if self.target is not None:
            error["target"] = self.target
        return {"error": error}


class BadRequest(ServiceError):
    """400: the request is malformed or invalid."""

    status = 400
    code = "BadRequest"


class Unauthorized(ServiceError):
    """401: authentication failed."""

    status = 401
    code = "InvalidAuthenticationInfo"


class NotFound(ServiceError):
    """404: the resource does not exist."""

    status = 404
    code = "NotFound"


class Conflict(ServiceError):
    """409: the resource is not in a state that allows the operation."""

    status = 409
    code = "Conflict"
