"""The WSGI application: the signed ACS APIs (routed by routes.py) plus the /_emulator control API.

For a signed request: match (method, path template), check the signature, pick the route by api-version, inject
faults, run the handler in one transaction after settling due transitions, map errors, log.
"""

import math
import time

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound as RoutingNotFound
from werkzeug.wrappers import Request

from ..service.clock import iso_ms
from ..service.errors import ServiceError
from . import arm_2025_05_01, auth, entra, routes
from .control import ControlApi
from .faults import DropConnection, Faults, early_reply
from .responses import Call, HttpError, Reply, error_body, error_reply, json_response

__all__ = ["DropConnection", "EmulatorApp"]


class EmulatorApp:
    """WSGI callable. One instance per server."""

    def __init__(self, backend, access_key, check_skew=True, arm=None, credentials=None):
        self.backend = backend
        self.access_key = access_key
        # --arm: the ARM model (service/arm.py) this app serves; `credentials()` -> (keys, local auth allowed) of a
        # resource's own data plane (else the one access_key works).
        self.arm = arm
        self.credentials = credentials
        self.check_skew = check_skew
        self.faults = Faults(backend.store)
        self.control = ControlApi(self)
        self.last_request = time.monotonic()
        self.verbose = False

    def __call__(self, environ, start_response):
        self.last_request = time.monotonic()
        request = Request(environ)
        if request.path == "/_emulator" or request.path.startswith("/_emulator/"):
            response = self.control.dispatch(request)
        else:
            response = self.handle_entra(request) or self.handle_arm(request) or self.handle_api(request)
        if response.status_code == 204:
            # werkzeug drops Content-Length from 204 responses; the service sends "Content-Length: 0".
            def start_with_length(status, headers, exc_info=None):
                if not any(k.lower() == "content-length" for k, _v in headers):
                    headers = list(headers) + [("Content-Length", "0")]
                return start_response(status, headers, exc_info)
            return response(environ, start_with_length)
        return response(environ, start_response)

    @staticmethod
    def _service_headers(request):
        if request.path.startswith(("/identities", "/teamsUser")):
            return {"api-supported-versions": routes.identity_supported_versions(request.args.get("api-version"))}
        if request.path.startswith("/sip"):
            return {"api-supported-versions": routes.SIP_SUPPORTED_VERSIONS}
        return None

    def handle_entra(self, request):
        """A request to the local Entra ID authority (routes.ENTRA_ROUTES), or None when it is not one."""
        try:
            handler, args = routes.ENTRA_MAP.bind_to_environ(request.environ).match()
        except HTTPException:
            return None
        return entra.dispatch(request, self.backend.entra, handler, args)

    def handle_arm(self, request):
        """A request to Azure Resource Manager (routes.ARM_ROUTES) when --arm is on, or None when it is not one."""
        if self.arm is None:
            return None
        base_url = self.backend.entra.base_url
        if request.path.rstrip("/") == routes.ARM_METADATA:
            return arm_2025_05_01.metadata_endpoints(request, base_url)
        try:
            handler, args = routes.ARM_MAP.bind("arm").match(arm_2025_05_01.canonical_path(request.path), method=request.method)
        except HTTPException:
            return None
        received = time.time()
        response = arm_2025_05_01.dispatch(request, self.arm, self.backend.entra, base_url, handler, args)
        self._log(request, received, routes.ARM_OPERATION[handler], response.status_code, None)
        return response

    def handle_api(self, request):
        """Authenticate, route, check api-version, inject faults, run the operation, log."""
        started = time.monotonic()
        received = time.time()
        endpoint, args, operation, fault, reply, route = None, {}, None, None, None, None
        try:
            try:
                try:
                    endpoint, args = routes.URL_MAP.bind_to_environ(request.environ).match()
                    operation = routes.operation_at(endpoint)
                except MethodNotAllowed:
                    endpoint = "405"
                except RoutingNotFound:
                    pass
                keys, local_auth = self.credentials() if self.credentials else (self.access_key, True)
                auth.verify(request.environ, request.headers, request.get_data(cache=True), keys, self.check_skew,
                            bearer=self.backend.entra.verify, local_auth=local_auth)
                route = self._route(request, endpoint)
                operation = route.operation
                fault, config = self.faults.pick(operation)
                reply = early_reply(fault, config) or self._throttled(operation)
                if reply is None:
                    reply = self._run(route, Call(request, args, self.backend, request.args["api-version"]))
            except (HttpError, ServiceError) as exc:
                reply = error_reply(exc)
                if route is not None and route.family in routes.PLAIN_JSON_ERRORS:
                    reply.headers["Content-Type"] = "application/json"
            response = json_response(request, reply, started, self._service_headers(request))
            if fault == "lost_response":
                raise DropConnection("lost_response fault")
            return response
        finally:
            status = reply.status if reply is not None and fault != "drop" else None
            self._log(request, received, operation, status, fault)

    @staticmethod
    def _route(request, endpoint):
        """The route for the matched (method, path template) and the request's api-version."""
        if endpoint is None:
            raise HttpError(404, "ResourceNotFound", "No resource matches the path '%s'." % request.path)
        if endpoint == "405":
            raise HttpError(405, "MethodNotAllowed", "The method '%s' is not allowed on '%s'." % (request.method, request.path))
        given = request.args.get("api-version")
        if not given:
            raise HttpError(400, "MissingApiVersionParameter",
                            "The api-version query parameter (?api-version=) is required for all requests.")
        route = routes.select(endpoint, given)
        if route is None:
            raise HttpError(400, "UnsupportedApiVersion", "The api-version '%s' is not supported for this operation. "
                            "Supported version: '%s'." % (given, "', '".join(routes.supported_versions(endpoint))))
        return route

    def _throttled(self, operation):
        """The 429 of a request over the operation's documented limit (service/throttle.py), or None."""
        wait = self.backend.throttle.admit(operation)
        if wait is None:
            return None
        return Reply(429, error_body("TooManyRequests", "Too many requests: the limit of %s was reached; retry after the "
                                     "time given in Retry-After." % operation), {"Retry-After": str(max(1, math.ceil(wait)))})

    def _run(self, route, call):
        """Run one operation in a transaction, after settling due transitions."""
        with self.backend.store.tx():
            self.backend.settle()
            return route.handler(call)

    def _log(self, request, received, operation, status, fault):
        scheme = (request.headers.get("Authorization") or "").strip().split(" ", 1)[0].lower()
        entry = {"method": request.method, "path": request.path, "query": request.environ.get("QUERY_STRING", ""),
                 "status": status, "time": iso_ms(received), "operation": operation, "fault": fault,
                 "auth": {"hmac-sha256": "access_key", "bearer": "bearer"}.get(scheme)}
        with self.backend.store.tx():
            self.backend.store.log_request(entry)
            self.backend.store.incr("requests")
