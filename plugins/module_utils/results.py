# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""API data (camelCase dicts) to module results (snake_case), one naming scheme:

<thing>_result(api data)  what a module returns of it
<thing>_diff(api data)    what the diff shows of it

No Ansible imports beyond the dict helper.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

# What a secret inside a value is shown as (the mask Ansible uses for no_log values).
MASK = "********"


def snake_dict(data, keep_under=()):
    """The API's camelCase keys in snake_case; values under keys in `keep_under` (keyed by phone numbers, say) stay as they are."""
    if data is None:
        return None
    return camel_dict_to_snake_dict(data, ignore_list=list(keep_under))


def _merged(summary, full, id_key):
    """A search or release as the list summarises it (a PhoneNumberEntity, whose `id` becomes `id_key`), merged with
    the full object read by id; either may be None."""
    merged = {}
    if summary:
        merged.update((k, v) for k, v in summary.items() if k != "id")
        merged[id_key] = summary.get("id")
    if full:
        merged.update(full)
    return merged


def search_result(summary=None, full=None):
    """A search: the list's summary (PhoneNumberEntity) and/or the full PhoneNumberSearch."""
    return snake_dict(_merged(summary, full, "searchId"))


def search_diff(search):
    """What the diff shows of a search."""
    if not search:
        return {}
    return {"search_id": search.get("searchId"), "display_name": search.get("displayName"), "status": search.get("status"),
            "phone_numbers": list(search.get("phoneNumbers") or []), "quantity": search.get("quantity"),
            "area_code": search.get("areaCode"), "phone_plan_ids": list(search.get("phonePlanIds") or [])}


def release_result(summary=None, full=None):
    """A release: the list's summary (PhoneNumberEntity) and/or the full PhoneNumberRelease.

    The per-number details are keyed by phone numbers, which stay as they are; their values are snake_cased.
    """
    merged = _merged(summary, full, "releaseId")
    details = merged.pop("phoneNumberReleaseStatusDetails", None)
    result = snake_dict(merged)
    if details is not None:
        result["phone_number_release_status_details"] = {number: snake_dict(d) if isinstance(d, dict) else d
                                                         for number, d in details.items()}
    return result


def release_status_result(release):
    """A release as a writing module reports it: every field, and per number only its status and error code."""
    if release is None:
        return None
    details = release.get("phoneNumberReleaseStatusDetails") or {}
    return {
        "release_id": release.get("releaseId"),
        "status": release.get("status"),
        "created_at": release.get("createdAt"),
        "error_message": release.get("errorMessage"),
        "phone_number_release_status_details": {
            number: {"status": item.get("status"), "error_code": item.get("errorCode")} for number, item in details.items()},
    }


def capabilities_update_result(update):
    """A capabilities update; what is added and removed stays keyed by phone number."""
    return snake_dict(update, keep_under=("phoneNumberCapabilitiesUpdates",))


def url_secrets(url):
    """The parts of a URL that may be secrets: the password of its user info and the value of every query parameter
    (an Azure Function key travels as ?code=...)."""
    if not isinstance(url, str) or not url:
        return []
    parts = urlsplit(url)
    values = [pair.split("=", 1)[1] for pair in parts.query.split("&") if "=" in pair and pair.split("=", 1)[1]]
    return ([parts.password] if parts.password else []) + values


def masked_url(url):
    """The URL with url_secrets() replaced by MASK; None stays None."""
    if not isinstance(url, str) or not url_secrets(url):
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password:
        netloc = "%s:%s@%s" % (parts.username or "", MASK, netloc.rsplit("@", 1)[1])
    query = "&".join(pair.split("=", 1)[0] + "=" + MASK if "=" in pair and pair.split("=", 1)[1] else pair
                     for pair in parts.query.split("&")) if parts.query else ""
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def number_configuration_result(config):
    """A PstnConfiguration (None stays None); secrets inside the callback URL are masked. The service adds the number's
    routable target id (azurePstnTargetId) to what it reports."""
    if config is None:
        return None
    result = {"callback_url": masked_url(config.get("callbackUrl")), "application_id": config.get("applicationId")}
    if config.get("azurePstnTargetId"):
        result["azure_pstn_target_id"] = config["azurePstnTargetId"]
    return result


# -- phone numbers 2025-06-01 ----------------------------------------------------------------------------------------

def offering_result(offering):
    """A PhoneNumberOffering: phone_number_type, assignment_type, available_capabilities, cost."""
    return {
        "phone_number_type": offering.get("phoneNumberType"),
        "assignment_type": offering.get("assignmentType"),
        "available_capabilities": dict(offering.get("availableCapabilities") or {}),
        "cost": snake_dict(offering.get("cost")),
    }


def _number_result(number):
    """What purchased and available numbers share."""
    return {
        "id": number.get("id"),
        "phone_number": number.get("phoneNumber"),
        "country_code": number.get("countryCode"),
        "phone_number_type": number.get("phoneNumberType"),
        "assignment_type": number.get("assignmentType"),
        "capabilities": dict(number.get("capabilities") or {}),
        "cost": snake_dict(number.get("cost")),
    }


def purchased_number_result(number):
    """A PurchasedPhoneNumber as the modules return it."""
    return dict(_number_result(number), purchase_date=number.get("purchaseDate"))


def available_number_result(number):
    """An AvailablePhoneNumber held in a reservation."""
    return dict(_number_result(number), status=number.get("status"),
                is_agreement_to_not_resell_required=number.get("isAgreementToNotResellRequired"))  # None: not said (2025-06-01)


def reservation_result(reservation, name=None):
    """A PhoneNumbersReservation: id, name (when known), status, expires_at, phone_numbers (E.164, sorted) and the
    per-number details with their cost."""
    held = [n for n in ((reservation or {}).get("phoneNumbers") or {}).values() if n]
    details = sorted((available_number_result(n) for n in held), key=lambda d: d["phone_number"] or "")
    return {
        "id": (reservation or {}).get("id"),
        "name": name,
        "status": (reservation or {}).get("status"),
        "expires_at": (reservation or {}).get("expiresAt"),
        "phone_numbers": [d["phone_number"] for d in details],
        "details": details,
    }


def operator_result(info):
    """An OperatorInformation item."""
    # the service sends isoCountryCode, numberType and operatorDetails as null without additional details: left out
    result = snake_dict({k: v for k, v in info.items() if k != "operatorDetails" and not (v is None and k in ("isoCountryCode", "numberType"))})
    if info.get("operatorDetails") is not None:
        result["operator_details"] = snake_dict(info["operatorDetails"])
    return result
