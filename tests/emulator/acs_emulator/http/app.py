"""The WSGI application: signed ACS APIs plus the /_emulator control API."""

import base64
import errno
import json
import os
import time
from urllib.parse import parse_qsl, urlencode, quote

from werkzeug.exceptions import MethodNotAllowed, NotFound as RoutingNotFound
from werkzeug.wrappers import Request, Response

from ..service.clock import iso_ms
from ..service.errors import BadRequest, NotFound, ServiceError
from . import auth
from .control import ControlApi
from .faults import Faults
from .routes import SUPPORTED_VERSIONS, URL_MAP, api_version_for

JSON_TYPE = "application/json; charset=utf-8"


class DropConnection(ConnectionAbortedError):
    """Raised to close the connection without sending a response.

    It carries errno ECONNABORTED, which the server (cheroot) takes as "the connection is gone": it closes the socket
    quietly instead of answering 500.
    """

    def __init__(self, reason):
        super().__init__(errno.ECONNABORTED, reason)


def _int_param(args, name, default, minimum):
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise BadRequest("The query parameter '%s' must be an integer." % name, code="InvalidQueryParameter") from exc
    if value < minimum:
        raise BadRequest("The query parameter '%s' must be at least %d." % (name, minimum), code="InvalidQueryParameter")
    return value


def _bool_param(args, name):
    raw = args.get(name)
    if raw is None or raw == "":
        return False
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise BadRequest("The query parameter '%s' must be true or false." % name, code="InvalidQueryParameter")


def _json_body(request, required):
    data = request.get_data(cache=True)
    if not data.strip():
        if required:
            raise BadRequest("A JSON request body is required.", code="InvalidRequestBody")
        return None
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest("The request body is not valid JSON: %s" % exc, code="InvalidRequestBody") from exc


class EmulatorApp:
    """WSGI callable. One instance per server."""

    def __init__(self, backend, access_key, check_skew=True):
        self.backend = backend
        self.access_key = access_key
        self.check_skew = check_skew
        self.faults = Faults(backend.store)
        self.control = ControlApi(self)
        self.last_request = time.monotonic()
        self.verbose = False

    # ------------------------------------------------------------------ WSGI
    def __call__(self, environ, start_response):
        self.last_request = time.monotonic()
        request = Request(environ)
        if request.path == "/_emulator" or request.path.startswith("/_emulator/"):
            response = self.control.dispatch(request)
        else:
            response = self.handle_api(request)
        if response.status_code == 204:
            # werkzeug drops Content-Length from 204 responses; the service sends "Content-Length: 0".
            def start_with_length(status, headers, exc_info=None):
                if not any(k.lower() == "content-length" for k, _v in headers):
                    headers = list(headers) + [("Content-Length", "0")]
                return start_response(status, headers, exc_info)
            return response(environ, start_with_length)
        return response(environ, start_response)

    # ------------------------------------------------------------------ responses
    def respond(self, request, status, body, started, operation=None):
        """Build a response with the service's headers."""
        if body is None:
            response = Response(b"", status=status)
            response.headers["Content-Length"] = "0"
            del response.headers["Content-Type"]
        else:
            payload = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            response = Response(payload, status=status, content_type=JSON_TYPE)
        response.headers["MS-CV"] = base64.b64encode(os.urandom(16)).decode("ascii").rstrip("=") + ".0"
        response.headers["X-Processing-Time"] = "%dms" % int((time.monotonic() - started) * 1000)
        response.headers["Strict-Transport-Security"] = "max-age=2592000"
        request_id = request.headers.get("x-ms-client-request-id")
        if request_id:
            response.headers["x-ms-client-request-id"] = request_id
        if request.path.startswith("/identities") or (operation or "").startswith("CommunicationIdentity_"):
            response.headers["api-supported-versions"] = SUPPORTED_VERSIONS
        return response

    def next_link(self, request, skip, take):
        """Absolute URL of the next page: same parameters, skip advanced by take."""
        raw_query = request.environ.get("QUERY_STRING", "")
        params = parse_qsl(raw_query, keep_blank_values=True)
        names = [k for k, _v in params]
        out = []
        for key, value in params:
            if key == "skip":
                value = str(skip + take)
            elif key == "api-version" and "skip" not in names:
                out.append(("skip", str(skip + take)))
                if "take" not in names:
                    out.append(("take", str(take)))
            out.append((key, value))
        if "skip" not in names and "api-version" not in names:
            out.append(("skip", str(skip + take)))
            if "take" not in names:
                out.append(("take", str(take)))
        host = request.headers.get("Host") or request.host
        return "%s://%s%s?%s" % (request.scheme, host, quote(request.path), urlencode(out, quote_via=quote))

    # ------------------------------------------------------------------ signed API
    def handle_api(self, request):
        """Authenticate, route, check api-version, inject faults, run the operation, log."""
        started = time.monotonic()
        received = time.time()
        operation, fault, status = None, None, None
        try:
            try:
                endpoint, args = URL_MAP.bind_to_environ(request.environ).match()
            except RoutingNotFound:
                endpoint, args = None, {}
            except MethodNotAllowed:
                endpoint, args = "405", {}
            operation = endpoint if endpoint not in (None, "405") else None
            try:
                body = request.get_data(cache=True)
                auth.verify(request.environ, request.headers, body, self.access_key, self.check_skew)
                if endpoint is None:
                    raise NotFound("No resource matches the path '%s'." % request.path, code="ResourceNotFound")
                if endpoint == "405":
                    raise ServiceError("The method '%s' is not allowed on '%s'." % (request.method, request.path),
                                       code="MethodNotAllowed", status=405)
                self._check_api_version(request, operation)
                fault, config = self.faults.pick(operation)
                early = self._early_fault(request, fault, config, started, operation)
                if early is not None:
                    status = early.status_code
                    return early
                status, result = self.run_operation(operation, request, args)
                response = self.respond(request, status, result, started, operation)
            except ServiceError as exc:
                status = exc.status
                response = self.respond(request, exc.status, exc.body(), started, operation)
            if fault == "lost_response":
                raise DropConnection("lost_response fault")
            return response
        finally:
            self._log(request, received, operation, status if fault != "drop" else None, fault)

    def _check_api_version(self, request, operation):
        wanted = api_version_for(operation)
        given = request.args.get("api-version")
        if not given:
            raise BadRequest("The api-version query parameter (?api-version=) is required for all requests.",
                             code="MissingApiVersionParameter")
        if given != wanted:
            raise BadRequest("The api-version '%s' is not supported for this operation. Supported version: '%s'." % (given, wanted),
                             code="UnsupportedApiVersion")

    def _early_fault(self, request, fault, config, started, operation):
        """Faults that answer (or drop) before the operation runs; latency just waits."""
        if fault == "latency":
            time.sleep(config["latency_ms"] / 1000.0)
            return None
        if fault == "drop":
            raise DropConnection("drop fault")
        if fault == "429":
            response = self.respond(request, 429, {"error": {"code": "TooManyRequests", "message": "Too many requests (injected fault)."}},
                                    started, operation)
            retry_after = config["retry_after"]
            response.headers["Retry-After"] = str(int(retry_after) if float(retry_after).is_integer() else retry_after)
            return response
        if fault in ("500", "503"):
            code = "InternalServerError" if fault == "500" else "ServiceUnavailable"
            return self.respond(request, int(fault), {"error": {"code": code, "message": "Injected fault %s." % fault}}, started, operation)
        return None

    def _log(self, request, received, operation, status, fault):
        entry = {"method": request.method, "path": request.path, "query": request.environ.get("QUERY_STRING", ""),
                 "status": status, "time": iso_ms(received), "operation": operation, "fault": fault}
        with self.backend.store.tx():
            self.backend.store.log_request(entry)
            self.backend.store.incr("requests")

    # ------------------------------------------------------------------ operations
    def run_operation(self, operation, request, args):
        """Run one operation in a transaction (after settling due transitions); return (status, body)."""
        handler = getattr(self, "op_" + operation.split("_", 1)[1])
        backend = self.backend
        with backend.store.tx():
            backend.settle()
            return handler(request, args)

    def _page(self, request):
        return _int_param(request.args, "skip", 0, 0), _int_param(request.args, "take", 100, 1)

    def _paged(self, request, key, items, skip, take):
        return 200, {key: items, "nextLink": self.next_link(request, skip, take) if len(items) == take else None}

    @staticmethod
    def _locale(request):
        return request.args.get("locale") or "en-US"

    # identity
    def op_Create(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """POST /identities."""
        return 200, self.backend.identity.create()

    def op_Delete(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """DELETE /identities/{id}."""
        self.backend.identity.delete(args["user_id"])
        return 204, None

    def op_Update(self, request, args):  # pylint: disable=invalid-name
        """PATCH /identities/{id}."""
        self.backend.identity.update(args["user_id"], _json_body(request, False))
        return 204, None

    def op_IssueToken(self, request, args):  # pylint: disable=invalid-name
        """POST /identities/{id}/token."""
        return 200, self.backend.identity.issue_token(args["user_id"], _json_body(request, True))

    # phone numbers: catalogue
    def op_GetAllSupportedCountries(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """GET countries."""
        skip, take = self._page(request)
        return self._paged(request, "countries", self.backend.phone.countries(self._locale(request), skip, take), skip, take)

    def op_GetPhonePlanGroups(self, request, args):  # pylint: disable=invalid-name
        """GET phone plan groups."""
        skip, take = self._page(request)
        include = _bool_param(request.args, "includeRateInformation")
        items = self.backend.phone.plan_groups(args["country_code"], self._locale(request), include, skip, take)
        return self._paged(request, "phonePlanGroups", items, skip, take)

    def op_GetPhonePlans(self, request, args):  # pylint: disable=invalid-name
        """GET phone plans."""
        skip, take = self._page(request)
        items = self.backend.phone.plans(args["country_code"], args["group_id"], self._locale(request), skip, take)
        return self._paged(request, "phonePlans", items, skip, take)

    def op_GetPhonePlanLocationOptions(self, request, args):  # pylint: disable=invalid-name
        """GET location options."""
        return 200, self.backend.phone.location_options(args["country_code"], args["group_id"], args["plan_id"], self._locale(request))

    def op_GetAllAreaCodes(self, request, args):  # pylint: disable=invalid-name
        """POST area codes."""
        return 200, self.backend.phone.area_codes(args["country_code"], request.args.get("locationType"),
                                                  request.args.get("phonePlanId"), _json_body(request, False))

    # phone numbers: acquired numbers and configuration
    def op_GetAllPhoneNumbers(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """GET acquired numbers."""
        skip, take = self._page(request)
        return self._paged(request, "phoneNumbers", self.backend.phone.acquired_numbers(self._locale(request), skip, take), skip, take)

    def op_GetNumberConfiguration(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """POST numberconfiguration."""
        return 200, self.backend.phone.get_configuration(_json_body(request, True))

    def op_ConfigureNumber(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """PATCH numberconfiguration/configure."""
        self.backend.phone.configure(_json_body(request, True))
        return 200, None

    def op_UnconfigureNumber(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """PATCH numberconfiguration/unconfigure."""
        self.backend.phone.unconfigure(_json_body(request, True))
        return 200, None

    # phone numbers: capabilities
    def op_UpdateCapabilities(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """POST capabilities."""
        return 200, self.backend.phone.update_capabilities(_json_body(request, True))

    def op_GetCapabilitiesUpdate(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """GET capabilities/{id}."""
        return 200, self.backend.phone.get_capabilities_update(args["update_id"])

    # phone numbers: searches
    def op_CreateSearch(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """POST searches."""
        return 201, self.backend.phone.create_search(_json_body(request, True))

    def op_GetSearchById(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """GET searches/{id}."""
        return 200, self.backend.phone.get_search(args["search_id"])

    def op_GetAllSearches(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """GET searches."""
        skip, take = self._page(request)
        return self._paged(request, "entities", self.backend.phone.list_searches(skip, take), skip, take)

    def op_CancelSearch(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """POST searches/{id}/cancel."""
        self.backend.phone.cancel_search(args["search_id"])
        return 202, None

    def op_PurchaseSearch(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """POST searches/{id}/purchase."""
        self.backend.phone.purchase_search(args["search_id"])
        return 202, None

    # phone numbers: releases
    def op_ReleasePhoneNumbers(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """POST releases."""
        return 200, self.backend.phone.release(_json_body(request, True))

    def op_GetReleaseById(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """GET releases/{id}."""
        return 200, self.backend.phone.get_release(args["release_id"])

    def op_GetAllReleases(self, request, args):  # pylint: disable=invalid-name,unused-argument
        """GET releases."""
        skip, take = self._page(request)
        return self._paged(request, "entities", self.backend.phone.list_releases(skip, take), skip, take)
