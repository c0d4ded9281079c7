"""URL map: one rule per operation; the endpoint is the swagger operationId."""

from werkzeug.routing import Map, Rule

IDENTITY_API_VERSION = "2020-07-20-preview2"
PHONE_API_VERSION = "2020-07-20-preview1"
SUPPORTED_VERSIONS = "2020-07-20-preview1, 2020-07-20-preview2"

PN = "/administration/phonenumbers"
COUNTRY = PN + "/countries/<country_code>"
PLAN = COUNTRY + "/phoneplangroups/<group_id>/phoneplans/<plan_id>"

RULES = [
    ("/identities", "POST", "CommunicationIdentity_Create"),
    ("/identities/<user_id>", "DELETE", "CommunicationIdentity_Delete"),
    ("/identities/<user_id>", "PATCH", "CommunicationIdentity_Update"),
    ("/identities/<user_id>/token", "POST", "CommunicationIdentity_IssueToken"),
    (PN + "/phonenumbers", "GET", "PhoneNumberAdministration_GetAllPhoneNumbers"),
    (COUNTRY + "/areacodes", "POST", "PhoneNumberAdministration_GetAllAreaCodes"),
    (PN + "/capabilities/<update_id>", "GET", "PhoneNumberAdministration_GetCapabilitiesUpdate"),
    (PN + "/capabilities", "POST", "PhoneNumberAdministration_UpdateCapabilities"),
    (PN + "/countries", "GET", "PhoneNumberAdministration_GetAllSupportedCountries"),
    (PN + "/numberconfiguration", "POST", "PhoneNumberAdministration_GetNumberConfiguration"),
    (PN + "/numberconfiguration/configure", "PATCH", "PhoneNumberAdministration_ConfigureNumber"),
    (PN + "/numberconfiguration/unconfigure", "PATCH", "PhoneNumberAdministration_UnconfigureNumber"),
    (COUNTRY + "/phoneplangroups", "GET", "PhoneNumberAdministration_GetPhonePlanGroups"),
    (COUNTRY + "/phoneplangroups/<group_id>/phoneplans", "GET", "PhoneNumberAdministration_GetPhonePlans"),
    (PLAN + "/locationoptions", "GET", "PhoneNumberAdministration_GetPhonePlanLocationOptions"),
    (PN + "/releases/<release_id>", "GET", "PhoneNumberAdministration_GetReleaseById"),
    (PN + "/releases", "POST", "PhoneNumberAdministration_ReleasePhoneNumbers"),
    (PN + "/releases", "GET", "PhoneNumberAdministration_GetAllReleases"),
    (PN + "/searches/<search_id>", "GET", "PhoneNumberAdministration_GetSearchById"),
    (PN + "/searches", "POST", "PhoneNumberAdministration_CreateSearch"),
    (PN + "/searches", "GET", "PhoneNumberAdministration_GetAllSearches"),
    (PN + "/searches/<search_id>/cancel", "POST", "PhoneNumberAdministration_CancelSearch"),
    (PN + "/searches/<search_id>/purchase", "POST", "PhoneNumberAdministration_PurchaseSearch"),
]

OPERATIONS = tuple(op for _path, _method, op in RULES)

URL_MAP = Map([Rule(path, methods=[method], endpoint=op) for path, method, op in RULES], strict_slashes=False, merge_slashes=False)


def api_version_for(operation):
    """The api-version an operation requires."""
    return IDENTITY_API_VERSION if operation.startswith("CommunicationIdentity_") else PHONE_API_VERSION


def canonical_operation(name):
    """Full operationId for a name given with or without its prefix; None when unknown."""
    for op in OPERATIONS:
        if name in (op, op.split("_", 1)[1]):
            return op
    return None
