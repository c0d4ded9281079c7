"""The /_emulator control API (no signature; loopback clients only)."""

import ipaddress
import json

from werkzeug.wrappers import Response

from ..service.clock import iso
from ..service.entra import TokenRejected
from ..service.errors import ServiceError
from .responses import HttpError, error_reply


def _is_loopback(addr):
    try:
        ip = ipaddress.ip_address((addr or "").split("%", 1)[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


OPERATIONS_PREFIX = "/_emulator/operations/"


def _json(status, body):
    return Response(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8")


class ControlApi:
    """Handlers for /_emulator/*."""

    def __init__(self, app):
        self.app = app
        self.routes = {
            ("GET", "/_emulator/health"): self.health,
            ("POST", "/_emulator/reset"): self.reset,
            ("GET", "/_emulator/clock"): self.clock,
            ("POST", "/_emulator/clock/advance"): self.advance,
            ("GET", "/_emulator/requests"): self.requests,
            ("DELETE", "/_emulator/requests"): self.clear_requests,
            ("GET", "/_emulator/faults"): self.get_faults,
            ("PUT", "/_emulator/faults"): self.put_faults,
            ("DELETE", "/_emulator/faults"): self.delete_faults,
            ("GET", "/_emulator/throttle"): self.get_throttle,
            ("PUT", "/_emulator/throttle"): self.put_throttle,
            ("DELETE", "/_emulator/throttle"): self.delete_throttle,
            ("GET", "/_emulator/failures"): self.get_failures,
            ("PUT", "/_emulator/failures"): self.put_failures,
            ("DELETE", "/_emulator/failures"): self.delete_failures,
            ("GET", "/_emulator/stats"): self.stats,
            ("GET", "/_emulator/timing"): self.get_timing,
            ("PUT", "/_emulator/timing"): self.put_timing,
            ("POST", "/_emulator/tokens/verify"): self.verify_token,
            ("GET", "/_emulator/entra"): self.entra,
            ("POST", "/_emulator/entra/clients"): self.register_client,
            ("POST", "/_emulator/entra/verify"): self.verify_bearer,
            ("PUT", "/_emulator/sip/health"): self.put_sip_health,
        }

    @property
    def backend(self):
        """The service model."""
        return self.app.backend

    def dispatch(self, request):
        """Route a control request."""
        if not _is_loopback(request.remote_addr):
            return _json(403, {"error": {"code": "Forbidden", "message": "The control API only accepts loopback clients."}})
        path = request.path.rstrip("/")
        handler = self.routes.get((request.method, path))
        if handler is None and request.method == "GET" and path.startswith(OPERATIONS_PREFIX):
            handler = self.operation_schedule
        if handler is None:
            if any(p == path for _m, p in self.routes):
                return _json(405, {"error": {"code": "MethodNotAllowed", "message": "Method not allowed."}})
            return _json(404, {"error": {"code": "NotFound", "message": "Unknown control path %s." % path}})
        try:
            with self.backend.store.tx():
                self.backend.settle()
                return _json(200, handler(request))
        except (HttpError, ServiceError) as exc:
            reply = error_reply(exc)
            return _json(reply.status, reply.body)

    @staticmethod
    def _body(request):
        data = request.get_data(cache=True)
        if not data.strip():
            return {}
        try:
            body = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise HttpError(400, "BadRequest", "The request body is not valid JSON: %s" % exc) from exc
        if not isinstance(body, dict):
            raise HttpError(400, "BadRequest", "The request body must be a JSON object.")
        return body

    def health(self, request):  # pylint: disable=unused-argument
        """Liveness."""
        return {"ok": True, "now": iso(self.backend.clock.now())}

    def reset(self, request):
        """Wipe all state but the catalogue; with {"clock": true} also set the clock back to the wall clock."""
        rewind = self._body(request).get("clock") is True
        self.backend.reset()
        if self.app.arm is not None:
            self.app.arm.reset()  # --arm: the resources and their data planes go too
        if rewind:
            self.backend.clock.rewind()
        return {"reset": True}

    def clock(self, request):  # pylint: disable=unused-argument
        """Current simulated time."""
        return {"now": iso(self.backend.clock.now())}

    def advance(self, request):
        """Move the simulated clock forward by `seconds`."""
        seconds = self._body(request).get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise HttpError(400, "BadRequest", "'seconds' must be a non-negative number.")
        self.backend.clock.advance(seconds)
        self.backend.settle()
        return {"now": iso(self.backend.clock.now())}

    def requests(self, request):  # pylint: disable=unused-argument
        """The request log."""
        return {"requests": self.backend.store.requests()}

    def clear_requests(self, request):  # pylint: disable=unused-argument
        """Empty the request log."""
        self.backend.store.clear_requests()
        return {"requests": []}

    def get_faults(self, request):  # pylint: disable=unused-argument
        """The active fault configuration."""
        return {"faults": self.app.faults.get()}

    def put_faults(self, request):
        """Activate a fault configuration."""
        return {"faults": self.app.faults.set(self._body(request))}

    def delete_faults(self, request):  # pylint: disable=unused-argument
        """Disable faults."""
        self.app.faults.clear()
        return {"faults": None}

    def get_throttle(self, request):  # pylint: disable=unused-argument
        """The active throttle ({"window", "limits"}) or null."""
        return {"throttle": self.backend.throttle.get()}

    def put_throttle(self, request):
        """Answer 429 + Retry-After over the documented limits (service/throttle.py): {} or {"window"?, "limits"?}."""
        return {"throttle": self.backend.throttle.set(self._body(request))}

    def delete_throttle(self, request):  # pylint: disable=unused-argument
        """No throttling."""
        self.backend.throttle.clear()
        return {"throttle": None}

    def get_failures(self, request):  # pylint: disable=unused-argument
        """The active service-side failure configuration (service/failures.py)."""
        return {"failures": self.backend.phone.failures.get()}

    def put_failures(self, request):
        """Make operations fail the way the real service's did: {"release": {"next": 1}}, {"search": {"rate": 0.5}},
        {"profile": "recorded"}, optional "seed"."""
        return {"failures": self.backend.phone.failures.set(self._body(request))}

    def delete_failures(self, request):  # pylint: disable=unused-argument
        """No service-side failures."""
        self.backend.phone.failures.clear()
        return {"failures": None}

    def stats(self, request):  # pylint: disable=unused-argument
        """Counters."""
        return self.backend.stats()

    def get_timing(self, request):  # pylint: disable=unused-argument
        """How long GA phone number operations take: {"mode": "fixed"|"recorded", "seed": int}."""
        return {"timing": self.backend.phone_ga.timing.get()}

    def put_timing(self, request):
        """Choose fixed or recorded GA operation durations (body {"mode", "seed"?}); applies to operations started later."""
        body = self._body(request)
        return {"timing": self.backend.phone_ga.timing.set(body.get("mode"), body.get("seed"))}

    def operation_schedule(self, request):
        """When a 2025-06-01 operation changes status: {"id", "operationType", "status", "step", "steps": [{"at",
        "status"}], "terminalAt", "cancelled", "clockOffset"}. `at` and `terminalAt` are real wall-clock epoch seconds
        (the simulated clock minus its current offset), comparable with the request log's times."""
        op_id = request.path.rstrip("/")[len(OPERATIONS_PREFIX):]
        view = self.backend.phone_ga.operation_schedule(op_id)
        offset = self.backend.clock.offset()
        for step in view["steps"]:
            step["at"] -= offset
        view["terminalAt"] -= offset
        view["clockOffset"] = offset
        return view

    def verify_token(self, request):
        """Check a user access token."""
        token = self._body(request).get("token")
        return self.backend.identity.verify(token)

    def entra(self, request):  # pylint: disable=unused-argument
        """Where the local Entra ID authority is and what it accepts (see README, "Microsoft Entra ID sign-in")."""
        authority = self.backend.entra
        return {"authority_host": authority.base_url, "tenant_id": authority.tenant_id, "issuer": authority.issuer,
                "identity_endpoint": authority.base_url + "/msi/token", "identity_header": authority.identity_header,
                "managed_identity_client_id": authority.msi_client_id, "clients": sorted(authority.clients())}

    def register_client(self, request):
        """Register a client-credential application: {client_id?, client_secret?, audience?, lifetime?}."""
        body = self._body(request)
        unknown = set(body) - {"client_id", "client_secret", "audience", "lifetime"}
        if unknown:
            raise HttpError(400, "BadRequest", "Unknown field(s): %s." % ", ".join(sorted(unknown)))
        for name in ("client_id", "client_secret", "audience"):
            if body.get(name) is not None and (not isinstance(body[name], str) or not body[name]):
                raise HttpError(400, "BadRequest", "'%s' must be a non-empty string." % name)
        try:
            return self.backend.entra.register_client(body.get("client_id"), body.get("client_secret"),
                                                      body.get("audience"), body.get("lifetime"))
        except ValueError as exc:
            raise HttpError(400, "BadRequest", str(exc)) from None

    def verify_bearer(self, request):
        """Check a bearer token as the ACS API does: {"valid", "reason", "claims"}."""
        token = self._body(request).get("token")
        try:
            claims = self.backend.entra.verify(token if isinstance(token, str) else "")
        except TokenRejected as exc:
            return {"valid": False, "reason": exc.reason, "message": exc.message}
        return {"valid": True, "reason": "ok", "claims": claims}

    def put_sip_health(self, request):
        """Set a SIP trunk's health as the preview's `expand=trunks/health` shows it: {"fqdn", "tls"?, "ping"?,
        "overall"?, "reason"?} -> {"fqdn", "health"}."""
        body = self._body(request)
        unknown = set(body) - {"fqdn", "tls", "ping", "overall", "reason"}
        if unknown:
            raise HttpError(400, "BadRequest", "Unknown field(s): %s." % ", ".join(sorted(unknown)))
        fqdn = body.get("fqdn")
        try:
            health = self.backend.sip.set_health(fqdn, body.get("tls"), body.get("ping"), body.get("overall"), body.get("reason"))
        except KeyError:
            raise HttpError(404, "NotFound", "No SIP trunk '%s'." % fqdn) from None
        except ValueError as exc:
            raise HttpError(400, "BadRequest", str(exc)) from None
        return {"fqdn": fqdn, "health": health}
