"""The route table: (method, path template, api-version family) -> (operationId, handler).

- A family is a name for a set of routes that belong together (one API at one version, e.g. "identity-2023-10-01").
- `API_VERSIONS`: for each api-version, the families that serve it, most specific first (a later version can
  reuse an earlier family's routes and override or add a few).
- `ROUTES`: one row per operation and family. Several families may share a (method, path); the request's
  api-version picks the row.
"""

from collections import namedtuple

from werkzeug.routing import Map, Rule

from . import identity_2020_07_20_preview2 as identity_2020
from . import identity_2023_10_01 as identity_2023
from . import identity_2025_03_02_preview as identity_2025p
from . import phonenumbers_2020_07_20_preview1 as pn_2020

Route = namedtuple("Route", "method template family operation handler")

IDENTITY_2020 = "identity-2020-07-20-preview2"
IDENTITY_2023 = "identity-2023-10-01"
IDENTITY_2025_PREVIEW = "identity-2025-03-02-preview"
PHONE_2020 = "phonenumbers-2020-07-20-preview1"

API_VERSIONS = {
    "2020-07-20-preview2": (IDENTITY_2020,),
    "2023-10-01": (IDENTITY_2023,),
    "2025-03-02-preview": (IDENTITY_2025_PREVIEW, IDENTITY_2023),
    "2020-07-20-preview1": (PHONE_2020,),
}

# The `api-supported-versions` header on identity responses (as the legacy service sends it).
IDENTITY_SUPPORTED_VERSIONS = "2020-07-20-preview1, 2020-07-20-preview2"

# ... and on responses at the current identity versions: the identity versions this emulator serves.
IDENTITY_CURRENT_SUPPORTED_VERSIONS = "2023-10-01, 2025-03-02-preview"

PN = "/administration/phonenumbers"
COUNTRY = PN + "/countries/<country_code>"
PLAN = COUNTRY + "/phoneplangroups/<group_id>/phoneplans/<plan_id>"
ID_OP = "CommunicationIdentity_"
PN_OP = "PhoneNumberAdministration_"

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
)]

TABLE = {(r.method, r.template, r.family): r for r in ROUTES}
# Every distinct operationId (fault configurations name these, with or without the prefix).
OPERATIONS = tuple(dict.fromkeys(r.operation for r in ROUTES))


# Endpoint of a rule = its (method, path template), the first two parts of the table's key.
URL_MAP = Map([Rule(template, methods=[method], endpoint=(method, template))
               for method, template in dict.fromkeys((r.method, r.template) for r in ROUTES)],
              strict_slashes=False, merge_slashes=False)


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
