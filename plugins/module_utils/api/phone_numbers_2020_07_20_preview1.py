# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The phone number administration API, api-version 2020-07-20-preview1: its 19 operations, one function each.

The only place that talks to this API. Functions take an ACSClient and return the API's own (camelCase) data;
errors are the client's (transport/errors.py): an unknown id raises ACSNotFoundError. Long-running operations return the id
to poll with the matching get_* function.
"""

from __future__ import annotations

from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient

API_VERSION = "2020-07-20-preview1"
# Which drivers a module takes for this version (versions.driver): those of the legacy API.
GENERATION = "legacy"
# What this version lacks, as data (versions.lacking_error). LACKING_MODULES: the modules it has no counterpart
# for, and the sentence that says what to use instead. LACKING_OPTIONS: per module, the options it lacks and what to use instead.
LACKING_MODULES = {
    "acs_offering_info": ("acs_offering_info needs the phone numbers API 2025-06-01: with api_version 2020-07-20-preview1 use "
                          "acs.administration.acs_plan_group_info and acs.administration.acs_phone_plan_info instead."),
    "acs_operator_info": "acs_operator_info needs the phone numbers API 2025-06-01; the 2020-07-20-preview1 API has no operator information.",
}
LACKING_SENTENCE = "%(option)s does not exist in the phone numbers API %(version)s: %(instead)s."
LACKING_OPTIONS = {
    "acs_area_code_info": {
        "phone_number_type": "give phone_plan_id and location_type instead",
        "assignment_type": "give phone_plan_id instead",
        "locality": "give location_options instead",
        "administrative_division": "give location_options instead",
        "locale": "area codes are not localized there",
        "limit": "the legacy area codes are not paged",
        "page_size": "the legacy area codes are not paged",
    },
    "acs_location_info": {
        "administrative_division": "give plan_group_id and phone_plan_id and read the location tree",
        "phone_number_type": "give plan_group_id and phone_plan_id",
        "limit": "the location tree is not paged",
        "page_size": "the location tree is not paged",
    },
    "acs_phone_number": {"capabilities": "give capabilities_add and capabilities_remove"},
    "acs_phone_search": {
        "country_code": "give phone_plan_ids", "phone_number_type": "give phone_plan_ids", "assignment_type": "give phone_plan_ids",
        "capabilities": "give phone_plan_ids", "prefixes": "give area_code", "total": "a search name buys once",
        "agree_to_not_resell": "the preview API has no such agreement",
    },
    "acs_phone_search_info": {"reservation_id": "give search_id or name"},
}
# The (offset, page size) query parameters of its pageable lists.
PAGING = ("skip", "take")
BASE = "/administration/phonenumbers"


def _seg(value):
    return ACSClient.quote_segment(value)


def _list(client, path, operation, item_key, params=None, limit=None, page_size=None):
    return client.paged(BASE + path, operation, API_VERSION, item_key, params=params, limit=limit, page_size=page_size,
                        paging=PAGING)


def _call(client, method, path, operation, **kwargs):
    return client.request(method, BASE + path, operation, API_VERSION, **kwargs)


# -- catalogue -----------------------------------------------------------------------------------------------------

def list_countries(client, locale="en-US", limit=None, page_size=None):
    return _list(client, "/countries", "GetAllSupportedCountries", "countries", [("locale", locale)], limit, page_size)


def list_plan_groups(client, country_code, locale="en-US", include_rate_information=False, limit=None, page_size=None):
    return _list(client, "/countries/%s/phoneplangroups" % _seg(country_code), "GetPhonePlanGroups", "phonePlanGroups",
                 [("locale", locale), ("includeRateInformation", include_rate_information)], limit, page_size)


def list_plans(client, country_code, plan_group_id, locale="en-US", limit=None, page_size=None):
    path = "/countries/%s/phoneplangroups/%s/phoneplans" % (_seg(country_code), _seg(plan_group_id))
    return _list(client, path, "GetPhonePlans", "phonePlans", [("locale", locale)], limit, page_size)


def get_location_options(client, country_code, plan_group_id, phone_plan_id, locale="en-US"):
    """The nested LocationOptions tree (a single object) of one plan."""
    path = "/countries/%s/phoneplangroups/%s/phoneplans/%s/locationoptions" % (
        _seg(country_code), _seg(plan_group_id), _seg(phone_plan_id))
    body = _call(client, "GET", path, "GetPhonePlanLocationOptions", params=[("locale", locale)]).body or {}
    return body.get("locationOptions") or {}


def get_area_codes(client, country_code, location_type, phone_plan_id, location_options=None):
    """POST .../areacodes (a read): {"primaryAreaCodes", "secondaryAreaCodes"}; location_options are {labelId, optionsValue}."""
    body = {"locationOptions": list(location_options)} if location_options else {}
    return _call(client, "POST", "/countries/%s/areacodes" % _seg(country_code), "GetAllAreaCodes",
                 params=[("locationType", location_type), ("phonePlanId", phone_plan_id)], body=body, idempotent=True).body or {}


# -- acquired numbers ----------------------------------------------------------------------------------------------

def list_phone_numbers(client, locale="en-US", limit=None, page_size=None):
    return _list(client, "/phonenumbers", "GetAllPhoneNumbers", "phoneNumbers", [("locale", locale)], limit, page_size)


def update_capabilities(client, updates):
    """updates: {"+1...": {"add": [...], "remove": [...]}} -> capabilitiesUpdateId. Not idempotent."""
    return _call(client, "POST", "/capabilities", "UpdateCapabilities",
                 body={"phoneNumberCapabilitiesUpdate": updates}).body["capabilitiesUpdateId"]


def get_capabilities_update(client, update_id):
    return _call(client, "GET", "/capabilities/%s" % _seg(update_id), "GetCapabilitiesUpdate").body


# -- number configuration (callback routing) -----------------------------------------------------------------------

def get_number_configuration(client, phone_number):
    """The pstnConfiguration of a number. The service answers 404 (ACSNotFoundError) both when the number has none
    and, with the error code PhoneNumberNotFound, when it is not acquired."""
    body = _call(client, "POST", "/numberconfiguration", "GetNumberConfiguration", body={"phoneNumber": phone_number},
                 idempotent=True).body or {}
    return body.get("pstnConfiguration")


def configure_number(client, phone_number, callback_url, application_id=None):
    pstn = {"callbackUrl": callback_url}
    if application_id is not None:
        pstn["applicationId"] = application_id
    _call(client, "PATCH", "/numberconfiguration/configure", "ConfigureNumber", body={"phoneNumber": phone_number, "pstnConfiguration": pstn})


def unconfigure_number(client, phone_number):
    _call(client, "PATCH", "/numberconfiguration/unconfigure", "UnconfigureNumber", body={"phoneNumber": phone_number})


# -- searches (reserve, purchase, cancel) ---------------------------------------------------------------------------

def list_searches(client, limit=None, page_size=None):
    """PhoneNumberEntity items: {id, createdAt, displayName, quantity, quantityObtained, status, focDate}."""
    return _list(client, "/searches", "GetAllSearches", "entities", None, limit, page_size)


def get_search(client, search_id):
    return _call(client, "GET", "/searches/%s" % _seg(search_id), "GetSearchById").body


def create_search(client, options):
    """options: CreateSearchOptions (displayName, description, phonePlanIds, areaCode, quantity, locationOptions) -> searchId."""
    return _call(client, "POST", "/searches", "CreateSearch", body=options, expected=(201,)).body["searchId"]


def purchase_search(client, search_id):
    _call(client, "POST", "/searches/%s/purchase" % _seg(search_id), "PurchaseSearch", expected=(202,))


def cancel_search(client, search_id):
    _call(client, "POST", "/searches/%s/cancel" % _seg(search_id), "CancelSearch", expected=(202,))


# -- releases -------------------------------------------------------------------------------------------------------

def list_releases(client, limit=None, page_size=None):
    return _list(client, "/releases", "GetAllReleases", "entities", None, limit, page_size)


def get_release(client, release_id):
    return _call(client, "GET", "/releases/%s" % _seg(release_id), "GetReleaseById").body


def release_numbers(client, phone_numbers):
    """POST /releases -> releaseId. Not idempotent."""
    return _call(client, "POST", "/releases", "ReleasePhoneNumbers", body={"phoneNumbers": list(phone_numbers)}).body["releaseId"]
