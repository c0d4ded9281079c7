"""The route table: (method, path template, api-version family) -> (operationId, handler).

- A family is a name for a set of routes that belong together (one API at one version, e.g. "identity-2023-10-01").
- `API_VERSIONS`: for each api-version, the families that serve it, most specific first (a later version can
  reuse an earlier family's routes and override or add a few).
- `ROUTES`: one row per operation and family. Several families may share a (method, path); the request's
  api-version picks the row.
"""

from collections import namedtuple

from werkzeug.routing import Map, Rule

from . import arm_2025_05_01 as arm
from . import entra
from . import identity_2020_07_20_preview2 as identity_2020
from . import identity_2023_10_01 as identity_2023
from . import identity_2025_03_02_preview as identity_2025p
from . import phonenumbers_2020_07_20_preview1 as pn_2020
from . import phonenumbers_2025_06_01 as pn_2025
from . import sip_2023_03_01 as sip_2023
from . import sip_2024_11_15_preview as sip_2024p

Route = namedtuple("Route", "method template family operation handler")

IDENTITY_2020 = "identity-2020-07-20-preview2"
IDENTITY_2023 = "identity-2023-10-01"
IDENTITY_2025_PREVIEW = "identity-2025-03-02-preview"
PHONE_2020 = "phonenumbers-2020-07-20-preview1"
PHONE_2025 = "phonenumbers-2025-06-01"
SIP_2023 = "sip-2023-03-01"
SIP_2024_PREVIEW = "sip-2024-11-15-preview"

API_VERSIONS = {
    "2020-07-20-preview2": (IDENTITY_2020,),
    "2023-10-01": (IDENTITY_2023,),
    "2025-03-02-preview": (IDENTITY_2025_PREVIEW, IDENTITY_2023),
    "2020-07-20-preview1": (PHONE_2020,),
    "2025-06-01": (PHONE_2025,),
    "2023-03-01": (SIP_2023,),
    "2024-11-15-preview": (SIP_2024_PREVIEW,),
}

# Families whose error responses carry "Content-Type: application/json" without a charset (as recorded for the GA APIs).
PLAIN_JSON_ERRORS = {PHONE_2025, SIP_2023, SIP_2024_PREVIEW, IDENTITY_2023, IDENTITY_2025_PREVIEW}

# The `api-supported-versions` header on identity responses (as the legacy service sends it).
IDENTITY_SUPPORTED_VERSIONS = "2020-07-20-preview1, 2020-07-20-preview2"

# ... and on responses at the current identity versions: the identity versions this emulator serves.
IDENTITY_CURRENT_SUPPORTED_VERSIONS = "2023-10-01, 2025-03-02-preview"

# ... and on SIP routing responses (the service also names 2023-04-01-preview, which this emulator does not serve).
SIP_SUPPORTED_VERSIONS = "2023-03-01, 2024-11-15-preview"

PN = "/administration/phonenumbers"
COUNTRY = PN + "/countries/<country_code>"
PLAN = COUNTRY + "/phoneplangroups/<group_id>/phoneplans/<plan_id>"
ID_OP = "CommunicationIdentity_"
PN_OP = "PhoneNumberAdministration_"
APN = "/availablePhoneNumbers"
GA_COUNTRY = APN + "/countries/<country_code>"
RESERVATION = APN + "/reservations/<reservation_id>"
GA_OP = "PhoneNumbers_"
SIP_OP = "SipRouting_"

ROUTES = [Route(*row) for row in (
    ("POST", "/identities", IDENTITY_2020, ID_OP + "Create", identity_2020.create),
    ("DELETE", "/identities/<user_id>", IDENTITY_2020, ID_OP + "Delete", identity_2020.delete),
    ("PATCH", "/identities/<user_id>", IDENTITY_2020, ID_OP + "Update", identity_2020.update),
    ("POST", "/identities/<user_id>/token", IDENTITY_2020, ID_OP + "IssueToken", identity_2020.issue_token),
    ("POST", "/identities", IDENTITY_2023, ID_OP + "Create", identity_2023.create),
    ("DELETE", "/identities/<user_id>", IDENTITY_2023, ID_OP + "Delete", identity_2023.delete),
    ("POST", "/identities/<user_id>/:revokeAccessTokens", IDENTITY_2023, ID_OP + "RevokeAccessTokens", identity_2023.revoke_access_tokens),
    ("POST", "/identities/<user_id>/:issueAccessToken", IDENTITY_2023, ID_OP + "IssueAccessToken", identity_2023.issue_access_token),
    ("POST", "/teamsUser/:exchangeAccessToken", IDENTITY_2023, ID_OP + "ExchangeTeamsUserAccessToken",
     identity_2023.exchange_teams_user_token),
    ("POST", "/identities", IDENTITY_2025_PREVIEW, ID_OP + "Create", identity_2025p.create),
    ("GET", "/identities/<user_id>", IDENTITY_2025_PREVIEW, ID_OP + "Get", identity_2025p.get),
    ("GET", PN + "/phonenumbers", PHONE_2020, PN_OP + "GetAllPhoneNumbers", pn_2020.acquired_numbers),
    ("POST", COUNTRY + "/areacodes", PHONE_2020, PN_OP + "GetAllAreaCodes", pn_2020.area_codes),
    ("GET", PN + "/capabilities/<update_id>", PHONE_2020, PN_OP + "GetCapabilitiesUpdate", pn_2020.get_capabilities_update),
    ("POST", PN + "/capabilities", PHONE_2020, PN_OP + "UpdateCapabilities", pn_2020.update_capabilities),
    ("GET", PN + "/countries", PHONE_2020, PN_OP + "GetAllSupportedCountries", pn_2020.countries),
    ("POST", PN + "/numberconfiguration", PHONE_2020, PN_OP + "GetNumberConfiguration", pn_2020.get_configuration),
    ("PATCH", PN + "/numberconfiguration/configure", PHONE_2020, PN_OP + "ConfigureNumber", pn_2020.configure),
    ("PATCH", PN + "/numberconfiguration/unconfigure", PHONE_2020, PN_OP + "UnconfigureNumber", pn_2020.unconfigure),
    ("GET", COUNTRY + "/phoneplangroups", PHONE_2020, PN_OP + "GetPhonePlanGroups", pn_2020.plan_groups),
    ("GET", COUNTRY + "/phoneplangroups/<group_id>/phoneplans", PHONE_2020, PN_OP + "GetPhonePlans", pn_2020.plans),
    ("GET", PLAN + "/locationoptions", PHONE_2020, PN_OP + "GetPhonePlanLocationOptions", pn_2020.location_options),
    ("GET", PN + "/releases/<release_id>", PHONE_2020, PN_OP + "GetReleaseById", pn_2020.get_release),
    ("POST", PN + "/releases", PHONE_2020, PN_OP + "ReleasePhoneNumbers", pn_2020.release),
    ("GET", PN + "/releases", PHONE_2020, PN_OP + "GetAllReleases", pn_2020.list_releases),
    ("GET", PN + "/searches/<search_id>", PHONE_2020, PN_OP + "GetSearchById", pn_2020.get_search),
    ("POST", PN + "/searches", PHONE_2020, PN_OP + "CreateSearch", pn_2020.create_search),
    ("GET", PN + "/searches", PHONE_2020, PN_OP + "GetAllSearches", pn_2020.list_searches),
    ("POST", PN + "/searches/<search_id>/cancel", PHONE_2020, PN_OP + "CancelSearch", pn_2020.cancel_search),
    ("POST", PN + "/searches/<search_id>/purchase", PHONE_2020, PN_OP + "PurchaseSearch", pn_2020.purchase_search),
    ("GET", APN + "/countries", PHONE_2025, GA_OP + "ListAvailableCountries", pn_2025.countries),
    ("GET", GA_COUNTRY + "/localities", PHONE_2025, GA_OP + "ListAvailableLocalities", pn_2025.localities),
    ("GET", GA_COUNTRY + "/areaCodes", PHONE_2025, GA_OP + "ListAreaCodes", pn_2025.area_codes),
    ("GET", GA_COUNTRY + "/offerings", PHONE_2025, GA_OP + "ListOfferings", pn_2025.offerings),
    ("POST", GA_COUNTRY + "/:browse", PHONE_2025, GA_OP + "BrowseAvailableNumbers", pn_2025.browse),
    ("POST", GA_COUNTRY + "/:search", PHONE_2025, GA_OP + "SearchAvailablePhoneNumbers", pn_2025.search),
    ("GET", APN + "/searchResults/<search_id>", PHONE_2025, GA_OP + "GetSearchResult", pn_2025.search_result),
    ("POST", APN + "/:purchase", PHONE_2025, GA_OP + "PurchasePhoneNumbers", pn_2025.purchase),
    ("GET", "/phoneNumbers/operations/<operation_id>", PHONE_2025, GA_OP + "GetOperation", pn_2025.operation),
    ("DELETE", "/phoneNumbers/operations/<operation_id>", PHONE_2025, GA_OP + "CancelOperation", pn_2025.cancel_operation),
    ("PATCH", "/phoneNumbers/<phone_number>/capabilities", PHONE_2025, GA_OP + "UpdateCapabilities", pn_2025.update_capabilities),
    ("GET", "/phoneNumbers/<phone_number>", PHONE_2025, GA_OP + "GetByNumber", pn_2025.purchased_number),
    ("DELETE", "/phoneNumbers/<phone_number>", PHONE_2025, GA_OP + "ReleasePhoneNumber", pn_2025.release),
    ("GET", "/phoneNumbers", PHONE_2025, GA_OP + "ListPhoneNumbers", pn_2025.purchased_numbers),
    ("POST", "/operatorInformation/:search", PHONE_2025, GA_OP + "OperatorInformationSearch", pn_2025.operator_information),
    ("GET", APN + "/reservations", PHONE_2025, GA_OP + "ListReservations", pn_2025.reservations),
    ("PATCH", RESERVATION, PHONE_2025, GA_OP + "CreateOrUpdateReservation", pn_2025.create_or_update_reservation),
    ("GET", RESERVATION, PHONE_2025, GA_OP + "GetReservation", pn_2025.reservation),
    ("DELETE", RESERVATION, PHONE_2025, GA_OP + "DeleteReservation", pn_2025.delete_reservation),
    ("POST", RESERVATION + "/:purchase", PHONE_2025, GA_OP + "PurchaseReservation", pn_2025.purchase_reservation),
    ("GET", "/sip", SIP_2023, SIP_OP + "Get", sip_2023.get),
    ("PATCH", "/sip", SIP_2023, SIP_OP + "Update", sip_2023.update),
    ("GET", "/sip", SIP_2024_PREVIEW, SIP_OP + "Get", sip_2024p.get),
    ("PATCH", "/sip", SIP_2024_PREVIEW, SIP_OP + "Update", sip_2024p.update),
    ("POST", "/sip:testRoutesWithNumber", SIP_2024_PREVIEW, SIP_OP + "TestRoutesWithNumber", sip_2024p.test_routes_with_number),
)]

TABLE = {(r.method, r.template, r.family): r for r in ROUTES}
# Every distinct operationId (fault configurations name these, with or without the prefix).
OPERATIONS = tuple(dict.fromkeys(r.operation for r in ROUTES))


# Endpoint of a rule = its (method, path template), the first two parts of the table's key.
URL_MAP = Map([Rule(template, methods=[method], endpoint=(method, template))
               for method, template in dict.fromkeys((r.method, r.template) for r in ROUTES)],
              strict_slashes=False, merge_slashes=False)


# The local Microsoft Entra ID authority (http/entra.py): no HMAC, no api-version routing, not in the request log.
# Rows: (method, path template, handler(request, authority, **path parameters)).
ENTRA_ROUTES = (
    ("GET", "/<tenant>/v2.0/.well-known/openid-configuration", entra.openid_configuration),
    ("GET", "/<tenant>/.well-known/openid-configuration", entra.openid_configuration),
    ("GET", "/<tenant>/discovery/v2.0/keys", entra.keys),
    ("GET", "/common/discovery/instance", entra.instance_discovery),
    ("POST", "/<tenant>/oauth2/v2.0/token", entra.token),
    ("GET", "/msi/token", entra.managed_identity),
)
ENTRA_MAP = Map([Rule(template, methods=[method], endpoint=handler) for method, template, handler in ENTRA_ROUTES],
                strict_slashes=False, merge_slashes=False)


# Azure Resource Manager (--arm; http/arm_2025_05_01.py serves 2025-05-01 and 2025-09-01): bearer tokens for ARM, ARM's
# error shapes, not in the request log. Rows: (method, path template, operationId, handler(ArmCall)).
ARM_RG = "/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Communication"
ARM_SUB = "/subscriptions/<subscription>/providers/Microsoft.Communication"
ARM_RESOURCE = ARM_RG + "/communicationServices/<name>"
ARM_OP = "CommunicationServices_"
ARM_ROUTES = (
    ("GET", ARM_RESOURCE, ARM_OP + "Get", arm.get),
    ("PUT", ARM_RESOURCE, ARM_OP + "CreateOrUpdate", arm.create_or_update),
    ("PATCH", ARM_RESOURCE, ARM_OP + "Update", arm.update),
    ("DELETE", ARM_RESOURCE, ARM_OP + "Delete", arm.delete),
    ("GET", ARM_RG + "/communicationServices", ARM_OP + "ListByResourceGroup", arm.list_by_resource_group),
    ("GET", ARM_SUB + "/communicationServices", ARM_OP + "ListBySubscription", arm.list_by_subscription),
    ("POST", ARM_RESOURCE + "/listKeys", ARM_OP + "ListKeys", arm.list_keys),
    ("POST", ARM_RESOURCE + "/regenerateKey", ARM_OP + "RegenerateKey", arm.regenerate_key),
    ("POST", ARM_RESOURCE + "/linkNotificationHub", ARM_OP + "LinkNotificationHub", arm.link_notification_hub),
    ("POST", ARM_SUB + "/checkNameAvailability", ARM_OP + "CheckNameAvailability", arm.check_name_availability),
    ("GET", ARM_SUB + "/locations/<location>/operationStatuses/<operation_id>", "OperationStatuses_Get", arm.operation_status),
    ("GET", ARM_SUB + "/locations/<location>/operationResults/<operation_id>", "OperationResults_Get", arm.operation_result),
)
ARM_MAP = Map([Rule(template, methods=[method], endpoint=handler) for method, template, _op, handler in ARM_ROUTES],
              strict_slashes=False, merge_slashes=False)
ARM_OPERATION = {handler: op for _method, _template, op, handler in ARM_ROUTES}
# The cloud metadata endpoint (no sign-in): api-versions arm.METADATA_VERSIONS.
ARM_METADATA = "/metadata/endpoints"


def select(endpoint, api_version):
    """The route serving (method, path template) at `api_version`; None when that version does not serve it."""
    for family in API_VERSIONS.get(api_version, ()):
        route = TABLE.get(endpoint + (family,))
        if route is not None:
            return route
    return None


def operation_at(endpoint):
    """The operationId of (method, path template) in its first family (for the request log of rejected requests)."""
    return next(r.operation for r in ROUTES if (r.method, r.template) == endpoint)


def supported_versions(endpoint):
    """The api-versions that serve (method, path template)."""
    return [v for v, families in API_VERSIONS.items() if any(endpoint + (f,) in TABLE for f in families)]


def identity_supported_versions(api_version):
    """The `api-supported-versions` header of an identity response at `api_version`."""
    current = IDENTITY_2023 in API_VERSIONS.get(api_version, ())
    return IDENTITY_CURRENT_SUPPORTED_VERSIONS if current else IDENTITY_SUPPORTED_VERSIONS


def canonical_operation(name):
    """Full operationId for a name given with or without its prefix; None when unknown."""
    for op in OPERATIONS:
        if name in (op, op.split("_", 1)[1]):
            return op
    return None
