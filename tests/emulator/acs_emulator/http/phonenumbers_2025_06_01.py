"""Phone numbers api-version 2025-06-01: the responses (routes in routes.py; the model is service/phonenumbers_ga.py).

- Catalogue lists page with skip/maxPageSize, purchased numbers with skip/top, reservations with maxPageSize (their
  nextLink carries the skip); nextLink is null on the last page. `accept-language` picks the names' language.
- Long-running operations answer 202 with `Operation-Location`, `operation-id` and their own id header (and
  `Location` for search and capabilities), relative and with ?api-version= as the service records them. The search's
  202 has the recorded empty body; the capabilities update's 202 carries the number (the swagger's body).
"""

from .responses import Reply, lro_headers, next_link

CATALOGUE_CACHE = "max-age=21600, private, stale-while-revalidate=86400"  # recorded on countries and localities


def _ga(call):
    return call.backend.phone_ga


def _locale(call):
    return call.request.headers.get("accept-language") or "en-US"


def _versioned(call, path):
    return None if path is None else "%s?api-version=%s" % (path, call.api_version)


def _page(call, key, fetch, skip_name="skip", size_name="maxPageSize", headers=None):
    """200 with one page of `fetch(skip, size) -> (items, more)`; nextLink only when more follow."""
    skip, size = call.page(skip_name, size_name)
    items, more = fetch(skip, size)
    link = next_link(call.request, skip, size, skip_name, size_name) if more else None
    return Reply(200, {key: items, "nextLink": link}, headers)


def _lro(call, started, id_header, id_value, location=None):
    """The headers of a started operation's 202."""
    return lro_headers(_versioned(call, "/phoneNumbers/operations/" + started["operationId"]), started["operationId"],
                       _versioned(call, location), {id_header: id_value})


# catalogue
def countries(call):
    """GET /availablePhoneNumbers/countries."""
    return _page(call, "countries", lambda skip, size: _ga(call).countries(_locale(call), skip, size),
                 headers={"Cache-Control": CATALOGUE_CACHE})


def localities(call):
    """GET /availablePhoneNumbers/countries/{countryCode}/localities."""
    query = call.query
    return _page(call, "phoneNumberLocalities", lambda skip, size: _ga(call).localities(
        call.args["country_code"], _locale(call), skip, size, query.get("administrativeDivision"), query.get("phoneNumberType")),
        headers={"Cache-Control": CATALOGUE_CACHE})


def area_codes(call):
    """GET /availablePhoneNumbers/countries/{countryCode}/areaCodes."""
    query = call.query
    return _page(call, "areaCodes", lambda skip, size: _ga(call).area_codes(
        call.args["country_code"], query.get("phoneNumberType"), skip, size, query.get("assignmentType"), query.get("locality"),
        query.get("administrativeDivision")))


def offerings(call):
    """GET /availablePhoneNumbers/countries/{countryCode}/offerings."""
    query = call.query
    return _page(call, "phoneNumberOfferings", lambda skip, size: _ga(call).offerings(
        call.args["country_code"], skip, size, query.get("phoneNumberType"), query.get("assignmentType")))


def browse(call):
    """POST /availablePhoneNumbers/countries/{countryCode}/:browse."""
    return Reply(200, _ga(call).browse(call.args["country_code"], call.json(True)))


# search and purchase
def search(call):
    """POST /availablePhoneNumbers/countries/{countryCode}/:search -> 202, empty body."""
    started = _ga(call).search(call.args["country_code"], call.json(True))
    return Reply(202, None, _lro(call, started, "search-id", started["searchId"], started["resourceLocation"]))


def search_result(call):
    """GET /availablePhoneNumbers/searchResults/{searchId}."""
    return Reply(200, _ga(call).search_result(call.args["search_id"]))


def purchase(call):
    """POST /availablePhoneNumbers/:purchase -> 202, empty body."""
    started = _ga(call).purchase(call.json(True))
    return Reply(202, None, _lro(call, started, "purchase-id", started["purchaseId"]))


# operations
def operation(call):
    """GET /phoneNumbers/operations/{operationId}: `resourceLocation` and the `Location` header for search and capabilities."""
    body = _ga(call).operation(call.args["operation_id"])
    body["resourceLocation"] = _versioned(call, body["resourceLocation"])
    return Reply(200, body, {"Location": body["resourceLocation"]} if body["resourceLocation"] else None)


def cancel_operation(call):
    """DELETE /phoneNumbers/operations/{operationId} -> 204."""
    _ga(call).cancel_operation(call.args["operation_id"])
    return Reply(204)


# purchased numbers
def purchased_numbers(call):
    """GET /phoneNumbers?skip&top."""
    return _page(call, "phoneNumbers", lambda skip, size: _ga(call).purchased_numbers(skip, size), size_name="top")


def purchased_number(call):
    """GET /phoneNumbers/{phoneNumber}."""
    return Reply(200, _ga(call).purchased_number(call.args["phone_number"]))


def update_capabilities(call):
    """PATCH /phoneNumbers/{phoneNumber}/capabilities -> 202 with the number as it is now."""
    ga = _ga(call)
    started = ga.update_capabilities(call.args["phone_number"], call.json(True))
    body = ga.purchased_number(call.args["phone_number"])
    return Reply(202, body, _lro(call, started, "capabilities-id", started["capabilitiesUpdateId"], started["resourceLocation"]))


def release(call):
    """DELETE /phoneNumbers/{phoneNumber} -> 202, empty body."""
    started = _ga(call).release(call.args["phone_number"])
    return Reply(202, None, _lro(call, started, "release-id", started["releaseId"]))


def operator_information(call):
    """POST /operatorInformation/:search."""
    return Reply(200, _ga(call).operator_information(call.json(True)))


# reservations
OUTCOME_STATUS = {"created": 201, "updated": 200, "partial": 207}


def reservations(call):
    """GET /availablePhoneNumbers/reservations?maxPageSize."""
    return _page(call, "reservations", lambda skip, size: _ga(call).reservations(skip, size))


def create_or_update_reservation(call):
    """PATCH /availablePhoneNumbers/reservations/{reservationId} (merge-patch) -> 201 / 200 / 207."""
    outcome, body = _ga(call).create_or_update_reservation(call.args["reservation_id"], call.json(True))
    return Reply(OUTCOME_STATUS[outcome], body)


def reservation(call):
    """GET /availablePhoneNumbers/reservations/{reservationId}."""
    return Reply(200, _ga(call).reservation(call.args["reservation_id"]))


def delete_reservation(call):
    """DELETE /availablePhoneNumbers/reservations/{reservationId} -> 204."""
    _ga(call).delete_reservation(call.args["reservation_id"])
    return Reply(204)


def purchase_reservation(call):
    """POST /availablePhoneNumbers/reservations/{reservationId}/:purchase -> 202, empty body."""
    started = _ga(call).purchase_reservation(call.args["reservation_id"], call.json(False))
    return Reply(202, None, _lro(call, started, "reservation-purchase-id", started["reservationPurchaseId"]))
