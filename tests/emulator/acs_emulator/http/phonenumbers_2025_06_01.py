"""Phone numbers api-version 2025-06-01: the responses (routes in routes.py; the model is service/phonenumbers_ga.py).

- Catalogue lists page with skip/maxPageSize (100 by default), purchased numbers with skip/top, reservations with
  maxPageSize (their nextLink carries the skip). As recorded, nextLink is relative (the request's parameters in their
  order, then skip and the page size); on the last page it is null, except for purchased numbers, whose last page has
  no nextLink key at all. `accept-language` picks the names' language; the four catalogue lists send Cache-Control.
- Long-running operations answer 202 with `Operation-Location`, `operation-id` and their own id header (and
  `Location` for search and capabilities), relative and with ?api-version= as the service records them. The search's
  202 has the recorded empty body; the capabilities update's 202 carries `{"capabilitiesUpdateId"}` (recorded).
"""

from ..service.phonenumbers_ga import InProgress
from .responses import Reply, error_reply, lro_headers, relative_next_link

CATALOGUE_CACHE = "max-age=21600, private, stale-while-revalidate=86400"  # recorded on the four catalogue lists


def _ga(call):
    return call.backend.phone_ga


def _locale(call):
    return call.request.headers.get("accept-language") or "en-US"


def _versioned(call, path):
    return None if path is None else "%s?api-version=%s" % (path, call.api_version)


def _page(call, key, fetch, skip_name="skip", size_name="maxPageSize", headers=None, last_without_link=False):
    """200 with one page of `fetch(skip, size) -> (items, more)`; a relative nextLink when more follow, else null (or
    no nextLink key with `last_without_link`)."""
    skip, size = call.page(skip_name, size_name)
    items, more = fetch(skip, size)
    body = {key: items}
    if more:
        body["nextLink"] = relative_next_link(call.request, skip, size, skip_name, size_name)
    elif not last_without_link:
        body["nextLink"] = None
    return Reply(200, body, headers)


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
        query.get("administrativeDivision")), headers={"Cache-Control": CATALOGUE_CACHE})


def offerings(call):
    """GET /availablePhoneNumbers/countries/{countryCode}/offerings."""
    query = call.query
    return _page(call, "phoneNumberOfferings", lambda skip, size: _ga(call).offerings(
        call.args["country_code"], skip, size, query.get("phoneNumberType"), query.get("assignmentType")),
        headers={"Cache-Control": CATALOGUE_CACHE})


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
    """GET /phoneNumbers/operations/{operationId}: `resourceLocation` and the `Location` header for search and capabilities;
    a reservation purchase's GET repeats Operation-Location, operation-id and reservation-purchase-id."""
    body = _ga(call).operation(call.args["operation_id"])
    body["resourceLocation"] = _versioned(call, body["resourceLocation"])
    headers = {"Location": body["resourceLocation"]} if body["resourceLocation"] else {}
    if body["operationType"] == "reservationPurchase":  # recorded (April 2025): its GET repeats the 202's headers
        headers.update(_lro(call, {"operationId": body["id"]}, "reservation-purchase-id", body["id"].split("_", 1)[1]))
    return Reply(200, body, headers)


def cancel_operation(call):
    """DELETE /phoneNumbers/operations/{operationId} -> 204."""
    _ga(call).cancel_operation(call.args["operation_id"])
    return Reply(204)


# purchased numbers
def purchased_numbers(call):
    """GET /phoneNumbers?skip&top."""
    return _page(call, "phoneNumbers", lambda skip, size: _ga(call).purchased_numbers(skip, size), size_name="top",
                 last_without_link=True)


def purchased_number(call):
    """GET /phoneNumbers/{phoneNumber}."""
    return Reply(200, _ga(call).purchased_number(call.args["phone_number"]))


def _in_progress(call, exc):
    """409 for an operation on the number that is running already, with its Operation-Location and operation-id."""
    reply = error_reply(exc)
    reply.headers.update({"Content-Type": "application/json",  # errors carry no charset, as recorded
                          "Operation-Location": _versioned(call, "/phoneNumbers/operations/" + exc.operation_id),
                          "operation-id": exc.operation_id})
    return reply


def update_capabilities(call):
    """PATCH /phoneNumbers/{phoneNumber}/capabilities -> 202 {"capabilitiesUpdateId"}; 409 naming the running
    operation while the number is being released or updated."""
    try:
        started = _ga(call).update_capabilities(call.args["phone_number"], call.json(False))
    except InProgress as exc:
        return _in_progress(call, exc)
    return Reply(202, {"capabilitiesUpdateId": started["capabilitiesUpdateId"]},
                 _lro(call, started, "capabilities-id", started["capabilitiesUpdateId"], started["resourceLocation"]))


def release(call):
    """DELETE /phoneNumbers/{phoneNumber} -> 202, empty body; 409 naming the running operation while it is being released."""
    try:
        started = _ga(call).release(call.args["phone_number"])
    except InProgress as exc:
        return _in_progress(call, exc)
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
    """PATCH /availablePhoneNumbers/reservations/{reservationId} (merge-patch) -> 201 (with the recorded Location, no
    api-version) / 200 / 207."""
    outcome, body = _ga(call).create_or_update_reservation(call.args["reservation_id"], call.json(True))
    headers = {"Location": "/availablePhoneNumbers/reservations/" + body["id"]} if outcome == "created" else None
    return Reply(OUTCOME_STATUS[outcome], body, headers)


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
