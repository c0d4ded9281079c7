# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The phone numbers API, api-version 2025-06-01: its operations, one function each.

The only place that talks to this API. Functions take an ACSClient and return the API's own (camelCase) data;
errors are the client's (transport/errors.py): an unknown number or reservation raises ACSNotFoundError.

- The catalogue lists send the locale as the `accept-language` header and page with skip/maxPageSize; purchased
  numbers page with skip/top; reservations with maxPageSize only.
- Long-running operations (purchase of a reservation, release, capabilities update) answer 202 with an
  `Operation-Location`; start_* functions return that operation's path, get_operation() reads it.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSError, ACSNotFoundError

API_VERSION = "2025-06-01"
# Which drivers a module takes for this version (versions.driver): those of the current API.
GENERATION = "current"
# What this version lacks, as data (versions.lacking_error). LACKING_MODULES: the modules it has no counterpart
# for, and the sentence that says what to use instead. LACKING_OPTIONS: per module, the options it lacks and what to use instead.
NO_COUNTERPART = ("%s has no counterpart in the phone numbers API 2025-06-01: %s. Set api_version to 2020-07-20-preview1 to use it "
                  "against a resource that still serves the preview API.")
LACKING_MODULES = {module: NO_COUNTERPART % (module, instead) for module, instead in (
    ("acs_number_config", "incoming calls and SMS are routed with Event Grid (Call Automation), which this API does not configure"),
    ("acs_phone_plan_info", "offerings replaced plans: use acs.administration.acs_offering_info"),
    ("acs_plan_group_info", "offerings replaced plan groups: use acs.administration.acs_offering_info"),
    ("acs_release_info", "releases are one long-running operation per number there, reported by acs.administration.acs_phone_number "
                         "with state=released"),
)}
LACKING_SENTENCE = "%(option)s does not exist in the phone numbers API %(version)s: %(instead)s."
LACKING_OPTIONS = {
    "acs_area_code_info": {
        "phone_plan_id": "plans are gone; give phone_number_type and assignment_type (see acs.administration.acs_offering_info)",
        "location_type": "give phone_number_type instead",
        "location_options": "give locality and administrative_division (see acs.administration.acs_location_info)",
    },
    "acs_location_info": {
        "plan_group_id": "plan groups are gone; filter localities with administrative_division and phone_number_type",
        "phone_plan_id": "plans are gone; filter localities with administrative_division and phone_number_type",
    },
    "acs_phone_number": {
        "capabilities_add": "give capabilities with the desired calling and sms values",
        "capabilities_remove": "give capabilities with the desired calling and sms values (none to remove)",
    },
    "acs_phone_number_info": {
        "capabilities": "filter with query, for example phone_numbers[?capabilities.calling=='inbound+outbound']",
        "locale": "purchased numbers carry no localized names",
    },
    "acs_phone_search": {
        "search_id": "a hold is addressed by its name, which maps to its reservation id",
        "description": "reservations have no description",
        "phone_plan_ids": "give country_code, phone_number_type and assignment_type (see acs.administration.acs_offering_info)",
        "location_options": "give area_code or prefixes (see acs.administration.acs_area_code_info)",
    },
    "acs_phone_search_info": {"search_id": "give reservation_id or name"},
}
CATALOGUE_PAGING = ("skip", "maxPageSize")
NUMBERS_PAGING = ("skip", "top")
RESERVATIONS_PAGING = (None, "maxPageSize")
AVAILABLE = "/availablePhoneNumbers"
MERGE_PATCH = "application/merge-patch+json"

PHONE_NUMBER_TYPES = ("geographic", "tollFree", "mobile")
ASSIGNMENT_TYPES = ("person", "application")
CAPABILITY_VALUES = ("none", "inbound", "outbound", "inbound+outbound")
# Terminal statuses of an operation resource (compared lower-case).
OPERATION_DONE = ("succeeded", "failed", "canceled")

# Reservation ids are UUIDs the client chooses: uuid5(RESERVATION_NAMESPACE, name), so a name always maps to the
# same reservation and a rerun finds it without listing.
RESERVATION_NAMESPACE = uuid.UUID("6f1c3c57-5b7e-4b63-9a55-2f0d3c1e7a19")


# The record that the hold of a name was dropped (acs_phone_search state=absent) is an empty reservation with the id
# uuid5(DROPPED_NAMESPACE, name); this namespace is uuid5(RESERVATION_NAMESPACE, "dropped").
DROPPED_NAMESPACE = uuid.uuid5(RESERVATION_NAMESPACE, "dropped")


def reservation_id(name):
    """The reservation id of a hold name."""
    return str(uuid.uuid5(RESERVATION_NAMESPACE, name))


def dropped_record_id(name):
    """The id of the empty reservation that records that the hold of `name` was dropped."""
    return str(uuid.uuid5(DROPPED_NAMESPACE, name))


def _seg(value):
    return ACSClient.quote_segment(value)


def _language(locale):
    return {"accept-language": locale} if locale else None


def _list(client, path, operation, item_key, params=None, limit=None, page_size=None, paging=CATALOGUE_PAGING, locale=None):
    return client.paged(path, operation, API_VERSION, item_key, params=params, limit=limit, page_size=page_size,
                        paging=paging, headers=_language(locale))


def _call(client, method, path, operation, **kwargs):
    return client.request(method, path, operation, API_VERSION, **kwargs)


# -- catalogue -----------------------------------------------------------------------------------------------------

def list_countries(client, locale=None, limit=None, page_size=None):
    return _list(client, AVAILABLE + "/countries", "ListAvailableCountries", "countries", None, limit, page_size, locale=locale)


def list_localities(client, country_code, administrative_division=None, phone_number_type=None, locale=None, limit=None,
                    page_size=None):
    return _list(client, AVAILABLE + "/countries/%s/localities" % _seg(country_code), "ListAvailableLocalities",
                 "phoneNumberLocalities", [("administrativeDivision", administrative_division), ("phoneNumberType", phone_number_type)],
                 limit, page_size, locale=locale)


def list_area_codes(client, country_code, phone_number_type, assignment_type=None, locality=None, administrative_division=None,
                    locale=None, limit=None, page_size=None):
    params = [("phoneNumberType", phone_number_type), ("assignmentType", assignment_type), ("locality", locality),
              ("administrativeDivision", administrative_division)]
    return _list(client, AVAILABLE + "/countries/%s/areaCodes" % _seg(country_code), "ListAreaCodes", "areaCodes", params,
                 limit, page_size, locale=locale)


def list_offerings(client, country_code, phone_number_type=None, assignment_type=None, locale=None, limit=None, page_size=None):
    return _list(client, AVAILABLE + "/countries/%s/offerings" % _seg(country_code), "ListOfferings", "phoneNumberOfferings",
                 [("phoneNumberType", phone_number_type), ("assignmentType", assignment_type)], limit, page_size, locale=locale)


def browse(client, country_code, phone_number_type, assignment_type=None, capabilities=None, prefixes=None):
    """Free numbers matching the filter (AvailablePhoneNumber items, random order). A read, safe to resend."""
    body = {"phoneNumberType": phone_number_type}
    if capabilities:
        body["capabilities"] = capabilities
    if assignment_type:
        body["assignmentType"] = assignment_type
    if prefixes:
        body["phoneNumberPrefixes"] = list(prefixes)
    return (_call(client, "POST", AVAILABLE + "/countries/%s/:browse" % _seg(country_code), "BrowseAvailableNumbers",
                  body=body, idempotent=True).body or {}).get("phoneNumbers") or []


# -- reservations ----------------------------------------------------------------------------------------------------

def list_reservations(client, limit=None, page_size=None):
    """Reservations without their phoneNumbers (the list does not carry them)."""
    return _list(client, AVAILABLE + "/reservations", "ListReservations", "reservations", None, limit, page_size,
                 paging=RESERVATIONS_PAGING)


def get_reservation(client, reservation):
    return _call(client, "GET", AVAILABLE + "/reservations/%s" % _seg(reservation), "GetReservation").body


def update_reservation(client, reservation, phone_numbers):
    """Merge-patch the held numbers: {id: AvailablePhoneNumber} adds, {id: None} removes. Idempotent (a PUT-like upsert).

    Returns (status, reservation): 201 created, 200 updated, 207 when some numbers could not be held."""
    response = _call(client, "PATCH", AVAILABLE + "/reservations/%s" % _seg(reservation), "CreateOrUpdateReservation",
                     body={"phoneNumbers": phone_numbers}, expected=(200, 201, 207), content_type=MERGE_PATCH)
    return response.status, response.body


def delete_reservation(client, reservation):
    _call(client, "DELETE", AVAILABLE + "/reservations/%s" % _seg(reservation), "DeleteReservation", expected=(204,))


def start_reservation_purchase(client, reservation, agree_to_not_resell=False):
    """Buy the held numbers; returns the operation path. Not re-sent blindly: the reservation's status decides."""
    response = _call(client, "POST", AVAILABLE + "/reservations/%s/:purchase" % _seg(reservation), "PurchaseReservation",
                     body={"agreeToNotResell": bool(agree_to_not_resell)}, expected=(202,))
    return operation_path(response.headers, "reservationPurchase_" + reservation)


# -- purchased numbers -------------------------------------------------------------------------------------------------

def list_phone_numbers(client, limit=None, page_size=None):
    return _list(client, "/phoneNumbers", "ListPhoneNumbers", "phoneNumbers", None, limit, page_size, paging=NUMBERS_PAGING)


def get_phone_number(client, phone_number):
    return _call(client, "GET", "/phoneNumbers/%s" % _seg(phone_number), "GetByNumber").body


# 409 codes of an operation on a number that is running already; the answer names it in Operation-Location.
RELEASE_IN_PROGRESS, UPDATE_IN_PROGRESS = "ReleaseInProgress", "UpdateInProgress"
# The service's word for a number the resource does not hold: a capabilities update is refused at once with 403
# InsufficientPermissions "Phone number not owned by this resource." (target phonenumber); a release is accepted (202)
# and its operation fails.
NOT_OWNED_CODE = "InsufficientPermissions"


def is_not_owned(error):
    """Whether an error object (of a 403 answer or of a failed operation) says the resource does not hold the number."""
    error = error or {}
    return error.get("code") == NOT_OWNED_CODE or "not owned" in str(error.get("message") or "").lower()


def _started(response, operation, running_codes):
    """(operation path, None) for a 202; (the running operation's path, its code) for a 409 naming one; else raises.

    The API lists no operations and a number shows no state, so an operation already running on a number is only
    seen in the service's refusal of another one (409 with the running operation in Operation-Location)."""
    error = (response.body or {}).get("error") or {}
    if response.status == 403 and is_not_owned(error):
        raise ACSNotFoundError("%s failed with HTTP 403: the resource does not own the number. The service said: %s - %s."
                               % (operation, error.get("code"), str(error.get("message") or "").rstrip(".")),
                               status=403, code=error.get("code"), operation=operation)
    if response.status != 409:
        return operation_path(response.headers), None
    if error.get("code") in running_codes and (response.headers or {}).get("Operation-Location"):
        return operation_path(response.headers), error["code"]
    said = " - ".join(str(p).rstrip(".") for p in (error.get("code"), error.get("message")) if p)
    raise ACSError("%s failed with HTTP 409.%s" % (operation, " The service said: %s." % said if said else ""), status=409,
                   code=error.get("code"), operation=operation)


def start_release(client, phone_number):
    """DELETE one number; returns (operation path, None), or (the running release's path, RELEASE_IN_PROGRESS) when the
    number is being released already (nothing new is started then)."""
    response = _call(client, "DELETE", "/phoneNumbers/%s" % _seg(phone_number), "ReleasePhoneNumber", expected=(202, 409))
    return _started(response, "ReleasePhoneNumber", (RELEASE_IN_PROGRESS,))


def start_capabilities_update(client, phone_number, calling=None, sms=None):
    """PATCH the capabilities (desired values); returns (operation path, None), or (the running operation's path, its
    code) when the number is being released or updated already (nothing new is started then). A number the resource
    does not hold (403 InsufficientPermissions) raises ACSNotFoundError. The 202's body ({"capabilitiesUpdateId"}) is
    not read."""
    body = {k: v for k, v in (("calling", calling), ("sms", sms)) if v is not None}
    response = _call(client, "PATCH", "/phoneNumbers/%s/capabilities" % _seg(phone_number), "UpdateCapabilities",
                     body=body, expected=(202, 403, 409), content_type=MERGE_PATCH)
    return _started(response, "UpdateCapabilities", (RELEASE_IN_PROGRESS, UPDATE_IN_PROGRESS))


def search_operator_information(client, phone_number, include_additional_details=False):
    """The OperatorInformation of ONE number (the service takes one per request: two are 400 "Can only accept one
    phoneNumber"), or None when it answers no value. A read that may cost money with include_additional_details."""
    body = {"phoneNumbers": [phone_number], "options": {"includeAdditionalOperatorDetails": bool(include_additional_details)}}
    values = (_call(client, "POST", "/operatorInformation/:search", "OperatorInformationSearch", body=body,
                    idempotent=True).body or {}).get("values") or []
    return values[0] if values else None


# -- operations -------------------------------------------------------------------------------------------------------

def operation_path(headers, fallback_id=None):
    """The path and query of the Operation-Location header (always sent to our own endpoint)."""
    location = (headers or {}).get("Operation-Location")
    if not location:
        if not fallback_id:
            raise ACSError("The service accepted the request but sent no Operation-Location to follow.")
        return "/phoneNumbers/operations/%s" % _seg(fallback_id), None
    parts = urlsplit(location)
    return parts.path, parts.query or None


def get_operation(client, operation):
    """GET an operation (a (path, query) pair from start_* or operation_path)."""
    path, query = operation
    if not query:
        query = ACSClient.encode_query(None, API_VERSION)
    return _call(client, "GET", path, "GetOperation", query=query).body


def operation_status(body):
    return ((body or {}).get("status") or "").lower()
