"""The response layer every API version shares: errors, replies, service headers, paging, LRO headers, request parsing.

A handler (in an `http/<api>_<version>.py` module) takes a `Call` and returns a `Reply`; model errors it lets through
are mapped to status codes by `STATUS_OF`.
"""

import base64
import json
import os
import time
from urllib.parse import parse_qsl, quote, urlencode

from werkzeug.wrappers import Response

from ..service import errors

JSON_TYPE = "application/json; charset=utf-8"

# Model error class -> HTTP status (the first matching class wins).
STATUS_OF = ((errors.InvalidInput, 400), (errors.NotOwned, 401), (errors.Forbidden, 403), (errors.NotFound, 404), (errors.Conflict, 409),
             (errors.Unprocessable, 422))


class HttpError(Exception):
    """An error of the HTTP layer itself (authentication, routing, api-version, query syntax, control API)."""

    def __init__(self, status, code, message, target=None):
        super().__init__(message)
        self.status, self.code, self.message, self.target = status, code, message, target


def error_body(code, message, target=None, details=None, inner=None):
    """The ACS error body: {"error": {"code", "message"[, "target"][, "details"][, "innererror": {"code", "message"}]}}."""
    error = {"code": code, "message": message}
    if target is not None:
        error["target"] = target
    if details:
        error["details"] = details
    if inner is not None:
        error["innererror"] = {"code": inner[0], "message": inner[1]}
    return {"error": error}


def error_reply(exc):
    """The Reply for an HttpError or a model error (ServiceError)."""
    if isinstance(exc, HttpError):
        status = exc.status
    else:
        status = next(code for cls, code in STATUS_OF + ((errors.ServiceError, 400),) if isinstance(exc, cls))
    return Reply(status, error_body(exc.code, exc.message, exc.target, inner=getattr(exc, "inner", None)))


class Reply:
    """What a handler returns: a status, a JSON body (None: empty body) and extra headers."""

    def __init__(self, status, body=None, headers=None):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})


def json_response(request, reply, started, extra_headers=None):
    """A werkzeug Response for a Reply, with the headers the service always sends."""
    if reply.body is None:
        response = Response(b"", status=reply.status)
        response.headers["Content-Length"] = "0"
        del response.headers["Content-Type"]
    else:
        payload = json.dumps(reply.body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        response = Response(payload, status=reply.status, content_type=JSON_TYPE)
    response.headers["MS-CV"] = base64.b64encode(os.urandom(16)).decode("ascii").rstrip("=") + ".0"
    response.headers["X-Processing-Time"] = "%dms" % int((time.monotonic() - started) * 1000)
    response.headers["Strict-Transport-Security"] = "max-age=2592000"
    request_id = request.headers.get("x-ms-client-request-id")
    if request_id:
        response.headers["x-ms-client-request-id"] = request_id
    for name, value in list((extra_headers or {}).items()) + list(reply.headers.items()):
        response.headers[name] = value
    return response


def lro_headers(operation_location, operation_id, location=None, ids=None):
    """Headers of a long-running operation's 202: `Operation-Location` (relative, with ?api-version=), `operation-id`,
    `Location` when given, and per-kind ids (`ids={"search-id": ...}`); `Access-Control-Expose-Headers` names them."""
    headers = {} if location is None else {"Location": location}  # the recorded order: Location,Operation-Location,...
    headers.update({"Operation-Location": operation_location, "operation-id": operation_id})
    headers.update(ids or {})
    headers["Access-Control-Expose-Headers"] = ",".join(headers)
    return headers


def next_link(request, skip, size, skip_name="skip", size_name="take"):
    """Absolute URL of the next page: the same parameters with `skip_name` advanced by `size`.

    Paging parameters the request did not carry are inserted before `api-version` (appended when it is absent).
    """
    params = parse_qsl(request.environ.get("QUERY_STRING", ""), keep_blank_values=True)
    names = [k for k, _v in params]
    added = [(skip_name, str(skip + size))] + ([(size_name, str(size))] if size_name not in names else [])
    out = []
    for key, value in params:
        if key == skip_name:
            value = str(skip + size)
        elif key == "api-version" and skip_name not in names:
            out.extend(added)
        out.append((key, value))
    if skip_name not in names and "api-version" not in names:
        out.extend(added)
    host = request.headers.get("Host") or request.host
    return "%s://%s%s?%s" % (request.scheme, host, quote(request.path), urlencode(out, quote_via=quote))


def relative_next_link(request, skip, size, skip_name="skip", size_name="take"):
    """Relative link of the next page, as the 2025-06-01 service records it: the request's path and parameters in
    their order, `skip_name` advanced by `size` (appended when absent), then `size_name` when the request had none
    (`/phoneNumbers?top=7&api-version=2025-06-01&skip=7`, `/availablePhoneNumbers/countries/US/localities?api-version=
    2025-06-01&skip=100&maxPageSize=100`)."""
    params = parse_qsl(request.environ.get("QUERY_STRING", ""), keep_blank_values=True)
    names = [k for k, _v in params]
    out = [(k, str(skip + size) if k == skip_name else v) for k, v in params]
    if skip_name not in names:
        out.append((skip_name, str(skip + size)))
    if size_name not in names:
        out.append((size_name, str(size)))
    return "%s?%s" % (quote(request.path), urlencode(out, quote_via=quote))


class Call:
    """One API request as a handler sees it: the request, the path parameters, the model, the api-version."""

    def __init__(self, request, args, backend, api_version):
        self.request = request
        self.args = args
        self.backend = backend
        self.api_version = api_version

    @property
    def query(self):
        """The query parameters."""
        return self.request.args

    def int_param(self, name, default, minimum):
        """An integer query parameter (default when absent or empty)."""
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError as exc:
            raise HttpError(400, "InvalidQueryParameter", "The query parameter '%s' must be an integer." % name) from exc
        if value < minimum:
            raise HttpError(400, "InvalidQueryParameter", "The query parameter '%s' must be at least %d." % (name, minimum))
        return value

    def bool_param(self, name):
        """A true/false query parameter (False when absent or empty)."""
        raw = self.query.get(name)
        if raw is None or raw == "":
            return False
        if raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise HttpError(400, "InvalidQueryParameter", "The query parameter '%s' must be true or false." % name)

    def json(self, required):
        """The JSON body (None when empty and not required)."""
        data = self.request.get_data(cache=True)
        if not data.strip():
            if required:
                raise HttpError(400, "InvalidRequestBody", "A JSON request body is required.")
            return None
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise HttpError(400, "InvalidRequestBody", "The request body is not valid JSON: %s" % exc) from exc

    def page(self, skip_name="skip", size_name="take", default_size=100):
        """(skip, size) from the paging query parameters."""
        return self.int_param(skip_name, 0, 0), self.int_param(size_name, default_size, 1)

    def paged(self, key, fetch, skip_name="skip", size_name="take", default_size=100):
        """200 with one page: `fetch(skip, size)` gives the items; `nextLink` is set only on a full page, else null."""
        skip, size = self.page(skip_name, size_name, default_size)
        items = fetch(skip, size)
        link = next_link(self.request, skip, size, skip_name, size_name) if len(items) == size else None
        return Reply(200, {key: items, "nextLink": link})
