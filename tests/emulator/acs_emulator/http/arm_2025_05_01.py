"""Azure Resource Manager: Microsoft.Communication/communicationServices at api-versions 2025-05-01 and 2025-09-01
(2025-09-01 has the same operations and properties for this resource type), and the cloud metadata endpoint.

Rows in routes.ARM_ROUTES. Every ARM request carries a Microsoft Entra ID bearer token for
https://management.azure.com (or https://management.core.windows.net), with or without the trailing slash;
the metadata endpoint needs none. Errors: {"error": {"code", "message"}} with ARM's codes.
"""

import json
import uuid

from werkzeug.wrappers import Response

from ..service.arm import ArmError, RESOURCE_TYPE, invalid, wire
from ..service.entra import TokenRejected

API_VERSIONS = ("2025-05-01", "2025-09-01")
ARM_AUDIENCES = ("https://management.azure.com/", "https://management.core.windows.net/")
METADATA_VERSIONS = ("2015-01-01", "2019-05-01")
PAGE_SIZE = 50
PROVIDER = "/providers/Microsoft.Communication"
# ARM matches the fixed segments of a path case-insensitively (an id answered with CommunicationServices is a path too).
FIXED_SEGMENTS = ("subscriptions", "resourceGroups", "providers", "Microsoft.Communication", "communicationServices",
                  "locations", "operationStatuses", "operationResults", "listKeys", "regenerateKey", "linkNotificationHub",
                  "checkNameAvailability")
_FIXED = {name.lower(): name for name in FIXED_SEGMENTS}


def _json(status, body, headers=None):
    payload = b"" if body is None else json.dumps(body, separators=(",", ":")).encode("utf-8")
    response = Response(payload, status=status)
    if body is None:
        del response.headers["Content-Type"]
    else:
        response.headers["Content-Type"] = "application/json; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["x-ms-request-id"] = str(uuid.uuid4())
    response.headers["x-ms-correlation-request-id"] = str(uuid.uuid4())
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def error_response(exc):
    """ARM's error body for an ArmError."""
    return _json(exc.status, {"error": {"code": exc.code, "message": exc.message}})


class ArmCall:
    """One ARM request: the request, path parameters, the model, the emulator's base URL."""

    def __init__(self, request, args, arm, base_url):
        self.request = request
        self.args = args
        self.arm = arm
        self.base_url = base_url

    @property
    def api_version(self):
        return self.request.args.get("api-version")

    def body(self):
        data = self.request.get_data(cache=True)
        if not data.strip():
            raise invalid("The request content was invalid and could not be deserialized: the body is empty.")
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise invalid("The request content was invalid and could not be deserialized: it is not JSON.") from None

    @staticmethod
    def resource(doc):
        return wire(doc)

    def operation_url(self, op_id, kind="operationStatuses"):
        return "%s/subscriptions/%s%s/locations/global/%s/%s?api-version=%s" % (
            self.base_url, self.args["subscription"], PROVIDER, kind, op_id, self.api_version)


def canonical_path(path):
    """The path with its fixed segments spelled as routes.ARM_ROUTES spells them (names and ids keep their case):
    every other segment of an ARM path is a value, and values follow fixed segments one for one."""
    parts = path.split("/")
    out = []
    for i, part in enumerate(parts):
        fixed = _FIXED.get(part.lower())
        # a segment right after "subscriptions", "resourceGroups", "communicationServices", ... is a value
        is_value = i > 0 and parts[i - 1].lower() in ("subscriptions", "resourcegroups", "communicationservices",
                                                      "locations", "operationstatuses", "operationresults")
        out.append(fixed if fixed and not is_value else part)
    return "/".join(out)


def authenticate(request, authority):
    """401 unless the request carries a bearer token for ARM from the emulator's Entra ID authority."""
    header = request.headers.get("Authorization") or ""
    scheme, _sep, token = header.strip().partition(" ")
    if not header:
        raise ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.")
    if scheme.lower() != "bearer" or not token.strip():
        raise ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is provided in an "
                       "invalid format.")
    try:
        authority.verify(token.strip(), audiences=ARM_AUDIENCES)
    except TokenRejected as exc:
        code = "InvalidAuthenticationTokenAudience" if exc.reason == "audience" else (
            "ExpiredAuthenticationToken" if exc.reason == "expired" else "InvalidAuthenticationToken")
        raise ArmError(401, code, exc.message) from None


def check_api_version(request):
    """400 for a missing or unsupported api-version."""
    given = request.args.get("api-version")
    if not given:
        raise ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for "
                       "all requests.")
    if given not in API_VERSIONS:
        raise ArmError(400, "NoRegisteredProviderFound", "No registered resource provider found for location 'global' and "
                       "API version '%s' for type 'communicationServices'. The supported api-versions are '%s'."
                       % (given, ", ".join(API_VERSIONS)))


# -- operations ------------------------------------------------------------------------------------------------

def get(call):
    """CommunicationServices_Get."""
    a = call.args
    return _json(200, call.resource(call.arm.find(a["subscription"], a["group"], a["name"])))


def create_or_update(call):
    """CommunicationServices_CreateOrUpdate: 201 + Azure-AsyncOperation while provisioning runs."""
    a = call.args
    doc, _created, op_id = call.arm.put(a["subscription"], a["group"], a["name"], call.body())
    if op_id is None:
        return _json(200, call.resource(doc))
    return _json(201, call.resource(doc), {"Azure-AsyncOperation": call.operation_url(op_id), "Retry-After": "1"})


def update(call):
    """CommunicationServices_Update (PATCH, synchronous)."""
    a = call.args
    return _json(200, call.resource(call.arm.patch(a["subscription"], a["group"], a["name"], call.body())))


def delete(call):
    """CommunicationServices_Delete: 202 + Location (and Azure-AsyncOperation), 204 when there is nothing to delete."""
    a = call.args
    op_id = call.arm.delete(a["subscription"], a["group"], a["name"])
    if op_id is None:
        return _json(204, None)
    return _json(202, None, {"Location": call.operation_url(op_id, "operationResults"), "Retry-After": "1"})


def operation_status(call):
    """The status of a long-running operation (where Azure-AsyncOperation points)."""
    a = call.args
    return _json(200, call.arm.operation(a["subscription"], a["operation_id"]))


def operation_result(call):
    """Where a deletion's Location points: 202 (and Location again) while it runs, 204 once it is over."""
    a = call.args
    status = call.arm.operation(a["subscription"], a["operation_id"])["status"]
    if status in ("Succeeded", "Canceled"):
        return _json(204, None)
    return _json(202, None, {"Location": call.operation_url(a["operation_id"], "operationResults"), "Retry-After": "1"})


def _page(call, docs):
    skip = call.request.args.get("$skipToken") or "0"
    try:
        start = max(0, int(skip))
    except ValueError:
        raise invalid("The $skipToken '%s' is invalid." % skip) from None
    items = [call.resource(d) for d in docs[start:start + PAGE_SIZE]]
    body = {"value": items}
    if start + PAGE_SIZE < len(docs):
        body["nextLink"] = "%s%s?api-version=%s&$skipToken=%d" % (call.base_url, call.request.path, call.api_version,
                                                                  start + PAGE_SIZE)
    return _json(200, body)


def list_by_resource_group(call):
    """CommunicationServices_ListByResourceGroup (paged)."""
    return _page(call, call.arm.list(call.args["subscription"], call.args["group"]))


def list_by_subscription(call):
    """CommunicationServices_ListBySubscription (paged)."""
    return _page(call, call.arm.list(call.args["subscription"]))


def _keys(call, doc, which=("Primary", "Secondary")):
    body = {}
    for kind in which:
        key = doc[kind.lower() + "_key"]
        body[kind.lower() + "Key"] = key
        body[kind.lower() + "ConnectionString"] = "endpoint=https://%s/;accesskey=%s" % (doc["host_name"], key)
    return body


def list_keys(call):
    """CommunicationServices_ListKeys."""
    a = call.args
    return _json(200, _keys(call, call.arm.find(a["subscription"], a["group"], a["name"])))


def regenerate_key(call):
    """CommunicationServices_RegenerateKey: the new key of the kind asked for (and its connection string)."""
    a = call.args
    body = call.body()
    key_type = body.get("keyType") if isinstance(body, dict) else None
    doc = call.arm.regenerate_key(a["subscription"], a["group"], a["name"], key_type)
    return _json(200, _keys(call, doc, (key_type,)))


def link_notification_hub(call):
    """CommunicationServices_LinkNotificationHub."""
    a = call.args
    return _json(200, {"resourceId": call.arm.link_notification_hub(a["subscription"], a["group"], a["name"], call.body())})


def check_name_availability(call):
    """CommunicationServices_CheckNameAvailability."""
    body = call.body()
    if not isinstance(body, dict) or not isinstance(body.get("name"), str):
        raise invalid("checkNameAvailability needs 'name' and 'type'.")
    if str(body.get("type", "")).lower() != RESOURCE_TYPE.lower():
        raise invalid("The type '%s' is not %s." % (body.get("type"), RESOURCE_TYPE))
    available, reason, message = call.arm.name_available(call.args["subscription"], body["name"])
    return _json(200, {"nameAvailable": available, "reason": reason, "message": message})


# -- the cloud metadata endpoint --------------------------------------------------------------------------------

def metadata_endpoints(request, base_url):
    """GET /metadata/endpoints: this emulator as a custom cloud (sign-in at its Entra ID authority, ARM here)."""
    version = request.args.get("api-version")
    if version not in METADATA_VERSIONS:
        return _json(400, {"error": {"code": "InvalidApiVersionParameter", "message": "The api-version '%s' is invalid. "
                                     "The supported versions are '%s'." % (version, "', '".join(METADATA_VERSIONS))}})
    audiences = [ARM_AUDIENCES[1], ARM_AUDIENCES[0]]
    if version == "2015-01-01":
        return _json(200, {"galleryEndpoint": base_url + "/", "graphEndpoint": base_url + "/",
                           "portalEndpoint": base_url + "/",
                           "authentication": {"loginEndpoint": base_url + "/", "audiences": audiences}})
    return _json(200, [{
        "portal": base_url + "/", "authentication": {"loginEndpoint": base_url + "/", "audiences": audiences,
                                                     "tenant": "common", "identityProvider": "AAD"},
        "media": base_url + "/", "graphAudience": base_url + "/", "graph": base_url + "/", "name": "AcsEmulator",
        "suffixes": {"acrLoginServer": "azurecr.io", "keyVaultDns": "vault.azure.net", "storage": "core.windows.net"},
        "batch": base_url + "/", "resourceManager": base_url + "/", "vmImageAliasDoc": base_url + "/",
        "activeDirectoryDataLake": base_url + "/", "sqlManagement": base_url + "/", "microsoftGraphResourceId": base_url + "/",
        "appInsightsResourceId": base_url + "/", "appInsightsTelemetryChannelResourceId": base_url + "/",
        "attestationResourceId": base_url + "/", "synapseAnalyticsResourceId": base_url + "/",
        "logAnalyticsResourceId": base_url + "/", "ossrDbmsResourceId": base_url + "/", "gallery": base_url + "/"}])


def dispatch(request, arm, authority, base_url, handler, args):
    """Authenticate, check the api-version, settle due provisioning steps and run one handler in a transaction."""
    try:
        authenticate(request, authority)
        check_api_version(request)
        if "subscription" in args:
            arm.check_subscription(args["subscription"])
        with arm.store.tx():
            arm.settle()
            return handler(ArmCall(request, args, arm, base_url))
    except ArmError as exc:
        return error_response(exc)
