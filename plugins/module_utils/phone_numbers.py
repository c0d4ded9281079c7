# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The 19 operations of the ACS phone number administration API (api-version 2020-07-20-preview1), one function each.

Functions take an ACSClient and return the API's own (camelCase) dicts; modules turn them into snake_case results.
Long-running operations return the id to poll; wait_* helpers poll with the shared Poller.
"""

from __future__ import annotations

from .client import ACSClient, ACSError, PHONE_NUMBERS_API_VERSION as API

BASE = "/administration/phonenumbers"

# Search statuses (SearchStatus enum) grouped by what a module does with them.
SEARCH_LIVE = frozenset(("Pending", "InProgress", "Reserved", "Refreshing", "Expiring"))
SEARCH_PURCHASING = frozenset(("Completing", "PurchasePending"))
SEARCH_DONE = frozenset(("Success", "Expired", "Cancelled", "Error", "Manual"))
RELEASE_DONE = frozenset(("Complete", "Failed", "Expired"))
CAPABILITIES_DONE = frozenset(("Complete", "Error"))


def _seg(value):
    return ACSClient.quote_segment(value)


def _paging(limit, page_size):
    return {"limit": limit, "page_size": page_size}


# -- catalogue -----------------------------------------------------------------------------------------------------

def list_countries(client, locale="en-US", limit=None, page_size=None):
    return client.paged(BASE + "/countries", "GetAllSupportedCountries", API, "countries",
                        params=[("locale", locale)], **_paging(limit, page_size))


def list_plan_groups(client, country_code, locale="en-US", include_rate_information=False, limit=None, page_size=None):
    return client.paged(BASE + "/countries/%s/phoneplangroups" % _seg(country_code), "GetPhonePlanGroups", API, "phonePlanGroups",
                        params=[("locale", locale), ("includeRateInformation", include_rate_information)], **_paging(limit, page_size))


def list_plans(client, country_code, plan_group_id, locale="en-US", limit=None, page_size=None):
    path = BASE + "/countries/%s/phoneplangroups/%s/phoneplans" % (_seg(country_code), _seg(plan_group_id))
    return client.paged(path, "GetPhonePlans", API, "phonePlans", params=[("locale", locale)], **_paging(limit, page_size))


def get_location_options(client, country_code, plan_group_id, phone_plan_id, locale="en-US"):
    """The nested LocationOptions tree (a single object) of one plan."""
    path = BASE + "/countries/%s/phoneplangroups/%s/phoneplans/%s/locationoptions" % (
        _seg(country_code), _seg(plan_group_id), _seg(phone_plan_id))
    body = client.request("GET", path, "GetPhonePlanLocationOptions", API, params=[("locale", locale)]).body or {}
    return body.get("locationOptions") or {}


def get_area_codes(client, country_code, location_type, phone_plan_id, location_options=None):
    """POST .../areacodes (a read): {"primaryAreaCodes", "secondaryAreaCodes"}; location_options are {labelId, optionsValue}."""
    body = {"locationOptions": list(location_options)} if location_options else {}
    return client.request("POST", BASE + "/countries/%s/areacodes" % _seg(country_code), "GetAllAreaCodes", API,
                          params=[("locationType", location_type), ("phonePlanId", phone_plan_id)], body=body,
                          idempotent=True).body or {}


# -- acquired numbers ----------------------------------------------------------------------------------------------

def list_phone_numbers(client, locale="en-US", limit=None, page_size=None):
    return client.paged(BASE + "/phonenumbers", "GetAllPhoneNumbers", API, "phoneNumbers",
                        params=[("locale", locale)], **_paging(limit, page_size))


def update_capabilities(client, updates):
    """updates: {"+1...": {"add": [...], "remove": [...]}} -> capabilitiesUpdateId. Not idempotent."""
    return client.request("POST", BASE + "/capabilities", "UpdateCapabilities", API,
                          body={"phoneNumberCapabilitiesUpdate": updates}).body["capabilitiesUpdateId"]


def get_capabilities_update(client, update_id):
    return client.request("GET", BASE + "/capabilities/%s" % _seg(update_id), "GetCapabilitiesUpdate", API).body


# -- number configuration (callback routing) -----------------------------------------------------------------------

def get_number_configuration(client, phone_number):
    """The pstnConfiguration of a number, or None when it has none (the service answers 404)."""
    try:
        body = client.request("POST", BASE + "/numberconfiguration", "GetNumberConfiguration", API,
                              body={"phoneNumber": phone_number}, idempotent=True).body or {}
    except ACSError as exc:
        if exc.status == 404:
            return None
        raise
    return body.get("pstnConfiguration")


def configure_number(client, phone_number, callback_url, application_id=None):
    pstn = {"callbackUrl": callback_url}
    if application_id is not None:
        pstn["applicationId"] = application_id
    client.request("PATCH", BASE + "/numberconfiguration/configure", "ConfigureNumber", API,
                   body={"phoneNumber": phone_number, "pstnConfiguration": pstn})


def unconfigure_number(client, phone_number):
    client.request("PATCH", BASE + "/numberconfiguration/unconfigure", "UnconfigureNumber", API, body={"phoneNumber": phone_number})


# -- searches (reserve, purchase, cancel) ---------------------------------------------------------------------------

def list_searches(client, limit=None, page_size=None):
    """PhoneNumberEntity items: {id, createdAt, displayName, quantity, quantityObtained, status, focDate}."""
    return client.paged(BASE + "/searches", "GetAllSearches", API, "entities", **_paging(limit, page_size))


def get_search(client, search_id):
    return client.request("GET", BASE + "/searches/%s" % _seg(search_id), "GetSearchById", API).body


def create_search(client, options):
    """options: CreateSearchOptions (displayName, description, phonePlanIds, areaCode, quantity, locationOptions) -> searchId."""
    return client.request("POST", BASE + "/searches", "CreateSearch", API, body=options, expected=(201,)).body["searchId"]


def purchase_search(client, search_id):
    client.request("POST", BASE + "/searches/%s/purchase" % _seg(search_id), "PurchaseSearch", API, expected=(202,))


def cancel_search(client, search_id):
    client.request("POST", BASE + "/searches/%s/cancel" % _seg(search_id), "CancelSearch", API, expected=(202,))


def merge_entity(summary, full, id_key):
    """A search or release as the list summarises it (a PhoneNumberEntity, whose `id` becomes `id_key`), merged with
    the full object read by id; either may be None."""
    merged = {}
    if summary:
        merged.update((k, v) for k, v in summary.items() if k != "id")
        merged[id_key] = summary.get("id")
    if full:
        merged.update(full)
    return merged


# -- releases -------------------------------------------------------------------------------------------------------

def list_releases(client, limit=None, page_size=None):
    return client.paged(BASE + "/releases", "GetAllReleases", API, "entities", **_paging(limit, page_size))


def get_release(client, release_id):
    return client.request("GET", BASE + "/releases/%s" % _seg(release_id), "GetReleaseById", API).body


def release_numbers(client, phone_numbers):
    """POST /releases -> releaseId. Not idempotent."""
    return client.request("POST", BASE + "/releases", "ReleasePhoneNumbers", API,
                          body={"phoneNumbers": list(phone_numbers)}).body["releaseId"]


# -- waiting --------------------------------------------------------------------------------------------------------

def wait_for_search(poller, client, search_id, terminal, timeout, initial_delay=None):
    """Poll a search until its status is in `terminal`; returns (search, PollRecord)."""
    return poller.wait(lambda: client.request("GET", BASE + "/searches/%s" % _seg(search_id), "GetSearchById", API),
                       lambda body: body.get("status"), terminal, timeout, "Search %s" % search_id, initial_delay=initial_delay)


def wait_for_release(poller, client, release_id, timeout, initial_delay=None):
    return poller.wait(lambda: client.request("GET", BASE + "/releases/%s" % _seg(release_id), "GetReleaseById", API),
                       lambda body: body.get("status"), RELEASE_DONE, timeout, "Release %s" % release_id, initial_delay=initial_delay)


def wait_for_capabilities_update(poller, client, update_id, timeout, initial_delay=None):
    return poller.wait(lambda: client.request("GET", BASE + "/capabilities/%s" % _seg(update_id), "GetCapabilitiesUpdate", API),
                       lambda body: body.get("capabilitiesUpdateStatus"), CAPABILITIES_DONE, timeout,
                       "Capabilities update %s" % update_id, initial_delay=initial_delay)


# -- capabilities -----------------------------------------------------------------------------------------------------

# The Capability enum (spec 2020-07-20-preview1), for validating filters and updates before anything is sent.
CAPABILITIES = (
    "UserAssignment", "FirstPartyVoiceAppAssignment", "ConferenceAssignment", "P2PSmsEnabled", "Geographic", "NonGeographic",
    "TollCalling", "TollFreeCalling", "Premium", "P2PSmsCapable", "A2PSmsCapable", "A2PSmsEnabled", "Calling", "TollFree",
    "FirstPartyAppAssignment", "ThirdPartyAppAssignment", "Azure", "Office365", "InboundCalling", "OutboundCalling",
    "InboundA2PSms", "OutboundA2PSms", "InboundP2PSms", "OutboundP2PSms",
)


# -- errors that name what was not found ------------------------------------------------------------------------------

# What a request may name, outermost first: (keyword, words in an error code that point at it).
_NAMED = (
    ("country_code", ("country",)),
    ("plan_group_id", ("plangroup",)),
    ("phone_plan_id", ("phoneplan", "planid")),
    ("search_id", ("search",)),
    ("release_id", ("release",)),
    ("phone_number", ("phonenumber", "number")),
)


def is_not_found(exc):
    """True when an ACSError says something the request named does not exist.

    That is HTTP 404, or a 400 whose error code says an id is unknown (InvalidPhonePlanId, ...NotFound):
    some operations answer an unknown id in the body with 400 rather than 404.
    """
    status = getattr(exc, "status", None)
    if status == 404:
        return True
    code = (getattr(exc, "code", None) or "").lower()
    return status == 400 and ("notfound" in code or (code.startswith(("invalid", "unknown")) and code.endswith("id")))


def _culprit(code, scope):
    """The keyword of `scope` that an error code points at, or None when the code does not say."""
    code = (code or "").lower().replace("_", "")
    for keyword, words in _NAMED:
        if keyword in scope and any(word in code for word in words):
            # "PhonePlanGroupNotFound" contains "phoneplan" too: the group is checked first and wins.
            return keyword
    return None


def _describe(keyword, scope):
    country, group, plan = scope.get("country_code"), scope.get("plan_group_id"), scope.get("phone_plan_id")
    if keyword == "country_code":
        return ("Country '%s' is not offered by this resource; acs.administration.acs_country_info lists the countries that are."
                % country)
    if keyword == "plan_group_id":
        return ("Plan group '%s' is not offered in country '%s'; acs.administration.acs_plan_group_info lists the plan groups."
                % (group, country))
    if keyword == "phone_plan_id":
        where = "plan group '%s' of country '%s'" % (group, country) if group else "country '%s'" % country
        return "Phone plan '%s' is not offered in %s; acs.administration.acs_phone_plan_info lists the plans." % (plan, where)
    if keyword == "search_id":
        return "Search '%s' does not exist on this resource." % scope[keyword]
    if keyword == "release_id":
        return "Release '%s' does not exist on this resource." % scope[keyword]
    return "Phone number '%s' is not acquired by this resource." % scope[keyword]


def not_found_message(exc, **scope):
    """A sentence naming what was not found, or None when `exc` is not a not-found error.

    `scope` holds what the request named: country_code, plan_group_id, phone_plan_id, search_id, release_id,
    phone_number (None values are ignored). The error code decides which one is missing; when it does not say
    (the real service may answer 404 with an empty body), the sentence names every candidate.
    """
    if not is_not_found(exc):
        return None
    scope = {k: v for k, v in scope.items() if v is not None}
    named = [keyword for keyword, _words in _NAMED if keyword in scope]
    if not named:
        return None
    keyword = _culprit(getattr(exc, "code", None), scope) or (named[0] if len(named) == 1 else None)
    if keyword:
        return _describe(keyword, scope)
    labels = {"country_code": "country", "plan_group_id": "plan group", "phone_plan_id": "phone plan", "search_id": "search",
              "release_id": "release", "phone_number": "phone number"}
    parts = ["%s '%s'" % (labels[k], scope[k]) for k in named]
    return "Not found (HTTP %s): %s or %s is not offered by this resource." % (
        getattr(exc, "status", "?"), ", ".join(parts[:-1]), parts[-1])


def error_message(exc, action, **scope):
    """The message of a failed read: the not-found sentence when that is what happened, else '<action>: <error>'."""
    return not_found_message(exc, **scope) or "%s: %s" % (action, exc)
