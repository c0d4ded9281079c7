"""The local Microsoft Entra ID authority's endpoints (no HMAC; rows in routes.ENTRA_ROUTES).

- GET  /<tenant>/v2.0/.well-known/openid-configuration   OpenID provider metadata (also without /v2.0)
- GET  /<tenant>/discovery/v2.0/keys                       the signing keys (JWKS)
- GET  /common/discovery/instance                          instance discovery (for clients that ask for it)
- POST /<tenant>/oauth2/v2.0/token                         client-credential grant
- GET  /msi/token                                          managed identity, App Service form (IDENTITY_ENDPOINT)

Errors carry Entra's OAuth body: {"error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id"}.
"""

import datetime
import json
import uuid

from werkzeug.wrappers import Response

from ..service.entra import EntraError


def _json(status, body, headers=None):
    response = Response(json.dumps(body, separators=(",", ":")), status=status, content_type="application/json; charset=utf-8")
    response.headers["Cache-Control"] = "no-store, no-cache"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def error_response(exc, request):
    """Entra's OAuth error body for an EntraError."""
    body = {"error": exc.error, "error_description": exc.description, "error_codes": [exc.aadsts] if exc.aadsts else [],
            "timestamp": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ"),
            "trace_id": str(uuid.uuid4()),
            "correlation_id": request.headers.get("client-request-id") or str(uuid.uuid4())}
    return _json(exc.status, body)


def _unknown_tenant(tenant):
    return EntraError("invalid_tenant", 90002, "Tenant '%s' not found. Check to make sure you have the correct tenant ID "
                      "and are signing into the correct cloud." % tenant)


def openid_configuration(request, authority, tenant):
    """OpenID provider metadata of the tenant."""
    if not authority.known_tenant(tenant):
        raise _unknown_tenant(tenant)
    return _json(200, authority.openid_configuration(tenant))


def keys(request, authority, tenant):  # pylint: disable=unused-argument
    """The JWKS."""
    if not authority.known_tenant(tenant):
        raise _unknown_tenant(tenant)
    return _json(200, authority.jwks())


def instance_discovery(request, authority):
    """What login.microsoftonline.com/common/discovery/instance answers for a known authority."""
    host = authority.base_url.split("://", 1)[1]
    return _json(200, {
        "tenant_discovery_endpoint": "%s/%s/v2.0/.well-known/openid-configuration" % (authority.base_url, authority.tenant_id),
        "api-version": request.args.get("api-version", "1.1"),
        "metadata": [{"preferred_network": host, "preferred_cache": host, "aliases": [host]}],
    })


def token(request, authority, tenant):
    """The v2.0 token endpoint (application/x-www-form-urlencoded)."""
    form = request.form.to_dict()
    auth = request.authorization
    if auth is not None and auth.type == "basic" and "client_id" not in form:
        # client_secret_basic
        form["client_id"], form["client_secret"] = auth.username, auth.password
    body = authority.client_credentials(tenant, form)
    authority.store.incr("entra_tokens_issued")
    return _json(200, body)


def managed_identity(request, authority):
    """The App Service managed-identity endpoint: GET ?api-version=2019-08-01&resource=...[&client_id=...]."""
    if request.args.get("api-version") != "2019-08-01":
        raise EntraError("invalid_request", 0, "api-version must be 2019-08-01.", status=400)
    body = authority.managed_identity(request.headers.get("X-IDENTITY-HEADER"), request.args.get("resource"),
                                      request.args.get("client_id"))
    authority.store.incr("entra_tokens_issued")
    return _json(200, body)


def dispatch(request, authority, handler, args):
    """Run one authority handler inside a store transaction; EntraError -> Entra's error body."""
    try:
        with authority.store.tx():
            return handler(request, authority, **args)
    except EntraError as exc:
        return error_response(exc, request)
