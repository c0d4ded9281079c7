"""Phone numbers 2025-06-01: catalogue, browse, searches and their holds, purchases, operations, capabilities,
purchased numbers, releases, operator information and reservations. No HTTP here: lists return (items, more),
long-running work is an operation document advanced by the clock, and errors are model exceptions.

Store layout (tables of store.py): ops of kind "ga_op" (operations), "ga_search" (search results and their
holds) and "ga_reservation"; numbers in state "ga_held" (owner "search:<id>" or "reservation:<id>") or
"ga_purchased". Documents that the service deletes stay in the store marked "_deleted".
"""

import json
import random
import re
import uuid

from .catalog_ga import ASSIGNMENT_TYPES, NUMBER_TYPES, names
from .clock import iso
from .failures import Failures
from .errors import BadRequest, Conflict, Forbidden, NotFound
from .timing_ga import Timing

CAPABILITY_VALUES = ("none", "inbound", "outbound", "inbound+outbound")
DIRECTIONS = {"none": set(), "inbound": {"inbound"}, "outbound": {"outbound"}, "inbound+outbound": {"inbound", "outbound"}}
# Simulated-clock durations (not divided by --speed).
SEARCH_HOLD = 16 * 60.0
RESERVATION_IDLE = 15 * 60.0
RESERVATION_MAX = 2 * 3600.0
RETENTION = 30 * 86400.0
NEVER = "0001-01-01T00:00:00+00:00"  # lastActionDateTime in every recording
OUT_OF_STOCK = 1000
BROWSE_LIMIT = 20
OP, SEARCH, RESERVATION = "ga_op", "ga_search", "ga_reservation"
HELD, PURCHASED = "ga_held", "ga_purchased"
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
RESERVE_FAILED = {"code": "FailedToReserveNumber", "message": "Failed to add the number to the reservation."}
NOT_OWNED_MESSAGE = "Phone number not owned by this resource."  # recorded (403 InsufficientPermissions, target phonenumber)
# The error of a release or capabilities operation that found the number not held (D9: the service accepts the
# release with 202 and it fails in the operation; the operation's error was not recorded, this mirrors the 403).
NOT_OWNED_ERROR = {"code": "InsufficientPermissions", "message": NOT_OWNED_MESSAGE, "target": "phonenumber"}
NO_PLANS = "We are unable to find phone plans to match your requested capabilities."  # recorded innererror (D10)
SEARCH_AGREEMENT = "Do not resell agreement was not provided and it is required for this purchase."  # recorded (D13)
RESERVATION_AGREEMENT = "Consent not provided to not resell the phone numbers"  # recorded (D13)
RESERVATION_NOT_FOUND = "The reservation was not found and the operation could not be completed."  # recorded (D14)


def page(items, skip, take):
    """One page of a list and whether more follow."""
    return items[skip:skip + take], skip + take < len(items)


def public(doc):
    """A stored document without its internal (underscore) fields."""
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def _object(value, what="The request body"):
    if not isinstance(value, dict):
        raise BadRequest("%s must be a JSON object." % what, code="InvalidRequestBody")
    return value


def _enum(value, field, allowed, required=True):
    """An enum value matched case-insensitively and returned in its canonical spelling."""
    if value is None and not required:
        return None
    for canonical in allowed:
        if isinstance(value, str) and value.lower() == canonical.lower():
            return canonical
    if value is None:
        raise BadRequest("'%s' is required." % field, code="ValidationError", target=field)
    raise BadRequest("'%s' must be one of: %s; got %r." % (field, ", ".join(allowed), value), code="ValidationError", target=field)


def _capabilities(value, field="capabilities", required=True):
    """A {calling, sms} object; both keys are required when `required`."""
    if value is None and not required:
        return {}
    _object(value, "'%s'" % field)
    out = {}
    for key in ("calling", "sms"):
        item = _enum(value.get(key), "%s.%s" % (field, key), CAPABILITY_VALUES, required)
        if item is not None:
            out[key] = item
    return out


def _covers(available, wanted):
    return all(DIRECTIONS[v] <= DIRECTIONS[available[k]] for k, v in wanted.items())


def normalize_number(value, field="phoneNumber"):
    """An E.164 number with its '+', from '+digits' or 'digits'."""
    text = value.strip() if isinstance(value, str) else ""
    if text and not text.startswith("+"):
        text = "+" + text
    if not E164.match(text):
        raise BadRequest("'%s' must be a phone number in E.164 format, e.g. +14255550100; got %r." % (field, value),
                         code="ValidationError", target=field)
    return text


def _reservation_out(doc):
    """A reservation as the service shows it: without internal fields, its entries without theirs."""
    out = public(doc)
    out["phoneNumbers"] = {k: public(v) for k, v in doc["phoneNumbers"].items()}
    return out


def _formats(number, country, area):
    """National and international formats as recorded: "(888) 123-1875" and "+1 888-123-1875" for +1 numbers."""
    if country is None:
        return {}
    national = number[1 + len(country["dialCode"]):]
    area = area or national[:3]
    rest = national[len(area):]
    if country["dialCode"] == "1":
        return {"nationalFormat": "(%s) %s-%s" % (area, rest[:3], rest[3:]),
                "internationalFormat": "+1 %s-%s-%s" % (area, rest[:3], rest[3:])}
    return {"nationalFormat": "0%s %s" % (area, rest), "internationalFormat": "+%s %s %s" % (country["dialCode"], area, rest)}


class InProgress(Conflict):
    """409: an operation on the number is running already; `operation_id` names it (the HTTP layer sends its
    Operation-Location and operation-id, so that a client can follow it instead of starting another)."""

    def __init__(self, message, code, operation_id):
        super().__init__(message, code=code, target="phoneNumber")
        self.operation_id = operation_id


def not_owned(number):
    """The recorded 403 of a capabilities update of a number the resource does not hold (also for a malformed one)."""
    del number
    return Forbidden(NOT_OWNED_MESSAGE, target="phonenumber")


def no_plans():
    """The recorded synchronous 400 of a search no offering matches (InternalError with innererror BadRequest)."""
    return BadRequest("The server encountered an internal error.", code="InternalError", inner=("BadRequest", NO_PLANS))


def not_found_number(number):
    """The recorded 404 for a number the resource does not own."""
    return NotFound("Input phoneNumber %s cannot be found." % number, code="NotFound", target="phonenumber")


class PhoneNumbersGA:
    """The phone numbers 2025-06-01 service over the shared store and clock."""

    def __init__(self, store, clock, catalog, speed=1.0):
        self.store = store
        self.clock = clock
        self.catalog = catalog
        self.timing = Timing(store, speed)
        self.failures = Failures(store)
        self.advancers = {OP: self.advance_operation, SEARCH: self.advance_search, RESERVATION: self.advance_reservation}
        self._finish = {"search": self._finish_search, "purchase": self._finish_purchase,
                        "reservationPurchase": self._finish_reservation_purchase,
                        "updatePhoneNumberCapabilities": self._finish_capabilities, "releasePhoneNumber": self._finish_release}

    # ------------------------------------------------------------------ catalogue
    def _country(self, country_code):
        country = self.catalog.country(country_code)
        if country is None:
            raise BadRequest("Unable to parse country code.", code="InvalidInput", target="countrycode")  # recorded (D11)
        return country

    def _cost(self, country, offering):
        currency = offering.get("currencyCode", country["currencyCode"])  # France toll-free is priced in USD, as recorded
        return {"amount": offering["cost"], "currencyCode": currency, "billingFrequency": "monthly"}

    def countries(self, locale, skip, take):
        """ListAvailableCountries, by name as recorded (the 42 countries of the recording; those the catalogue sells
        nothing in have no offerings)."""
        items = [{"localizedName": self.catalog.localize(c["localizedName"], locale), "countryCode": c["countryCode"]}
                 for c in self.catalog.countries.values()]
        return page(sorted(items, key=lambda c: c["localizedName"]), skip, take)

    def localities(self, country_code, locale, skip, take, division=None, number_type=None):
        """ListAvailableLocalities, filtered by administrative division (abbreviation or name) and type."""
        country = self._country(country_code)
        number_type = _enum(number_type, "phoneNumberType", NUMBER_TYPES, required=False)
        items = []
        for loc, div in self.catalog.localities(country):
            if division and division.lower() not in names(div["localizedName"]) | {div["abbreviatedName"].lower()}:
                continue
            if number_type not in (None, "geographic") or (number_type and not self.catalog.offerings(country_code, number_type)):
                continue
            items.append({"localizedName": self.catalog.localize(loc["localizedName"], locale),
                          "administrativeDivision": {"localizedName": self.catalog.localize(div["localizedName"], locale),
                                                     "abbreviatedName": div["abbreviatedName"]}})
        if not division:  # non-geographic numbers with a locality and no division (Irish mobile numbers: Dublin, as recorded)
            for typed, locs in country.get("typeLocalities", {}).items():
                if number_type in (None, typed) and self.catalog.offerings(country_code, typed):
                    items.extend({"localizedName": self.catalog.localize(loc["localizedName"], locale), "administrativeDivision": None}
                                 for loc in locs)
        return page(items, skip, take)

    def area_codes(self, country_code, number_type, skip, take, assignment_type=None, locality=None, division=None):
        """ListAreaCodes: geographic ones per locality (all localities when none is given), others per type."""
        country = self._country(country_code)
        number_type = _enum(number_type, "phoneNumberType", NUMBER_TYPES)
        assignment_type = _enum(assignment_type, "assignmentType", ASSIGNMENT_TYPES, required=False)
        codes = []
        for offering in self.catalog.offerings(country_code, number_type, assignment_type):
            if number_type != "geographic":
                codes.extend(a for a in self.catalog.offering_area_codes(country_code, offering) if a not in codes)
                continue
            for loc, div in self.catalog.localities(country):
                if locality and locality.lower() not in names(loc["localizedName"]):
                    continue
                if division and division.lower() not in names(div["localizedName"]) | {div["abbreviatedName"].lower()}:
                    continue
                codes.extend(a for a in loc["areaCodes"] if a not in codes)
        return page([{"areaCode": a} for a in codes], skip, take)

    def offerings(self, country_code, skip, take, number_type=None, assignment_type=None):
        """ListOfferings."""
        country = self._country(country_code)
        number_type = _enum(number_type, "phoneNumberType", NUMBER_TYPES, required=False)
        assignment_type = _enum(assignment_type, "assignmentType", ASSIGNMENT_TYPES, required=False)
        items = [{"phoneNumberType": o["phoneNumberType"], "assignmentType": o["assignmentType"],
                  "availableCapabilities": dict(o["availableCapabilities"]), "cost": self._cost(country, o)}
                 for o in self.catalog.offerings(country_code, number_type, assignment_type)]
        return page(items, skip, take)

    def _offering(self, country_code, number_type, assignment_type, capabilities):
        """The one offering a search or reservation addresses; 400 when the country sells no such numbers."""
        found = self.catalog.offerings(country_code, number_type, assignment_type)
        if not found or not _covers(found[0]["availableCapabilities"], capabilities):
            raise no_plans()
        return found[0]

    # ------------------------------------------------------------------ browse
    def _available(self, number, country, offering, capabilities, status="available"):
        return {"id": number[1:], "phoneNumber": number, "countryCode": country["countryCode"],
                "capabilities": dict(offering["availableCapabilities"], **capabilities),
                "phoneNumberType": offering["phoneNumberType"], "assignmentType": offering["assignmentType"],
                "cost": self._cost(country, offering), "status": status}  # no isAgreementToNotResellRequired on 2025-06-01 (D2)

    def browse(self, country_code, body):
        """BrowseAvailableNumbers: up to BROWSE_LIMIT free numbers in random order."""
        country = self._country(country_code)
        body = _object(body)
        number_type = _enum(body.get("phoneNumberType"), "phoneNumberType", NUMBER_TYPES)
        assignment_type = _enum(body.get("assignmentType"), "assignmentType", ASSIGNMENT_TYPES, required=False)
        capabilities = _capabilities(body.get("capabilities"), required=False)
        prefixes = body.get("phoneNumberPrefixes") or []
        if not isinstance(prefixes, list) or not all(isinstance(p, str) and p.isdigit() for p in prefixes):
            raise BadRequest("'phoneNumberPrefixes' must be a list of digit strings.", code="ValidationError", target="phoneNumberPrefixes")
        candidates = []
        for offering in self.catalog.offerings(country_code, number_type, assignment_type):
            if not _covers(offering["availableCapabilities"], capabilities):
                continue
            for number in self.catalog.pools(country_code, offering):
                national = number[1 + len(country["dialCode"]):]
                if not prefixes or any(number[1:].startswith(p) or national.startswith(p) for p in prefixes):
                    candidates.append((number, offering))
        held = self.store.held_numbers([n for n, _o in candidates])
        free = [(n, o) for n, o in candidates if n not in held]
        random.Random("browse:%d" % self.store.next_seq("ga_browse")).shuffle(free)
        return {"phoneNumbers": [self._available(n, country, o, capabilities) for n, o in free[:BROWSE_LIMIT]]}

    # ------------------------------------------------------------------ operations
    def _start_operation(self, op_id, operation_type, target, resource_location=None):
        now = self.clock.now()
        steps = self.timing.schedule(operation_type, now)
        doc = {"operationType": operation_type, "status": steps[0][1], "resourceLocation": resource_location,
               "createdDateTime": iso(now), "id": op_id, "lastActionDateTime": NEVER,
               "_steps": steps, "_step": 0, "_target": target}
        self.store.put_op(OP, op_id, doc, steps[1][0])
        return doc

    def _live(self, kind, doc_id):
        doc = self.store.get_op(kind, doc_id)
        return None if doc is None or doc.get("_deleted") else doc

    def operation(self, op_id):
        """GetOperation."""
        doc = self._live(OP, op_id)
        if doc is None:
            raise NotFound("Operation '%s' was not found." % op_id, code="NotFound", target="operationId")
        return public(doc)

    def operation_schedule(self, op_id):
        """The control API's view of an operation: its status and every step's time (simulated clock, epoch seconds),
        the last one being when it reached (or will reach) its terminal status. Cancelled operations included."""
        doc = self.store.get_op(OP, op_id)
        if doc is None:
            raise NotFound("Operation '%s' was not found." % op_id, code="NotFound", target="operationId")
        steps = [{"at": at, "status": status} for at, status in doc["_steps"]]
        if doc["status"] == "failed":
            steps[-1]["status"] = "failed"
        return {"id": op_id, "operationType": doc["operationType"], "status": doc["status"], "step": doc["_step"],
                "steps": steps, "terminalAt": steps[-1]["at"], "cancelled": bool(doc.get("_deleted"))}

    def cancel_operation(self, op_id):
        """CancelOperation: forget the operation; a search's hold is dropped with it. Work already under way
        (purchase, release, capabilities) cannot be cancelled."""
        doc = self._live(OP, op_id)
        if doc is None:
            raise NotFound("Operation '%s' was not found." % op_id, code="NotFound", target="operationId")
        if doc["operationType"] == "search":
            search = self.store.get_op(SEARCH, doc["_target"]["searchId"])
            if search["_state"] in ("searching", "held", "failed"):
                self._free(search["phoneNumbers"], "search:" + search["searchId"])
                search.update(_state="cancelled", _deleted=True)
                self.store.put_op(SEARCH, search["searchId"], search, None)
        elif doc["status"] not in ("succeeded", "failed"):
            raise Conflict("Operation '%s' (%s) is %s and cannot be cancelled." % (op_id, doc["operationType"], doc["status"]),
                           code="OperationNotCancellable")
        doc["_deleted"] = True
        self.store.put_op(OP, op_id, doc, None)

    def advance_operation(self, doc, at):
        """Apply the next step of an operation due at `at`; the last step does the work. Returns (doc, next due)."""
        if doc.get("_deleted"):
            return doc, None
        doc["_step"] += 1
        steps = doc["_steps"]
        doc["status"] = steps[doc["_step"]][1]
        if doc["_step"] == len(steps) - 1:
            error = self._finish[doc["operationType"]](doc["_target"], at)
            if error is not None:
                doc.update(status="failed", error=error)
            return doc, None
        return doc, steps[doc["_step"] + 1][0]

    def _free(self, numbers, owner):
        for number in numbers:
            held = self.store.get_number(number)
            if held is not None and held[0] == HELD and held[1] == owner:
                self.store.del_number(number)

    def _acquire(self, numbers, owner, at):
        for number in numbers:
            _state, _owner, data = self.store.get_number(number)
            data["purchaseDate"] = iso(at)
            self.store.put_number(number, PURCHASED, owner, data)

    # ------------------------------------------------------------------ search and purchase
    def search(self, country_code, body):
        """SearchAvailablePhoneNumbers: starts the search operation; returns its ids."""
        country = self._country(country_code)
        body = _object(body)
        number_type = _enum(body.get("phoneNumberType"), "phoneNumberType", NUMBER_TYPES)
        assignment_type = _enum(body.get("assignmentType"), "assignmentType", ASSIGNMENT_TYPES)
        capabilities = _capabilities(body.get("capabilities"))
        area_code = body.get("areaCode")
        if area_code is not None and (not isinstance(area_code, str) or not area_code.isdigit()):
            raise BadRequest("'areaCode' must be a string of digits.", code="ValidationError", target="areaCode")
        quantity = body.get("quantity", 1)
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 2147483647:
            raise BadRequest("'quantity' must be an integer of at least 1.", code="ValidationError", target="quantity")
        offering = self._offering(country_code, number_type, assignment_type, capabilities)
        now = self.clock.now()
        search_id = str(uuid.uuid4())
        doc = {"searchId": search_id, "phoneNumbers": [], "phoneNumberType": number_type, "assignmentType": assignment_type,
               "capabilities": capabilities, "cost": self._cost(country, offering), "searchExpiresBy": iso(now + SEARCH_HOLD),
               "isAgreementToNotResellRequired": bool(offering.get("agreementToNotResellRequired")),
               "_country": country["countryCode"], "_areaCode": area_code, "_quantity": quantity, "_state": "searching",
               "_expires": now + SEARCH_HOLD}
        self.store.put_op(SEARCH, search_id, doc, now + SEARCH_HOLD)
        op = self._start_operation("search_" + search_id, "search", {"searchId": search_id},
                                   "/availablePhoneNumbers/searchResults/" + search_id)
        self.store.incr("ga_searches_created")
        return {"searchId": search_id, "operationId": op["id"], "resourceLocation": op["resourceLocation"]}

    def _finish_search(self, target, at):
        doc = self.store.get_op(SEARCH, target["searchId"])
        if doc["_state"] != "searching":
            return None
        offering = self.catalog.offerings(doc["_country"], doc["phoneNumberType"], doc["assignmentType"])[0]
        areas = [doc["_areaCode"]] if doc["_areaCode"] else self.catalog.offering_area_codes(doc["_country"], offering)
        pool = [n for a in areas for n in self.catalog.pool(doc["_country"], offering, a)]
        held = self.store.held_numbers(pool)
        numbers = [n for n in pool if n not in held][:doc["_quantity"]]
        owner = "search:" + doc["searchId"]
        data = {"countryCode": doc["_country"], "phoneNumberType": doc["phoneNumberType"], "assignmentType": doc["assignmentType"],
                "capabilities": doc["capabilities"], "cost": doc["cost"]}
        for number in numbers:
            self.store.put_number(number, HELD, owner, data)
        doc["phoneNumbers"] = numbers
        if numbers:
            doc["_state"] = "held"
            error = None
        else:
            doc.update(_state="failed", errorCode=OUT_OF_STOCK, error="OutOfStock")
            error = {"code": "OutOfStock", "message": "No %s numbers are available for this search%s." % (
                doc["phoneNumberType"], " in area code %s" % doc["_areaCode"] if doc["_areaCode"] else "")}
        self.store.put_op(SEARCH, doc["searchId"], doc, max(doc["_expires"], at))
        return error

    def _search(self, search_id):
        doc = self._live(SEARCH, search_id) if isinstance(search_id, str) else None
        if doc is None:
            raise NotFound("Search '%s' was not found." % search_id, code="NotFound", target="searchid")
        return doc

    def search_result(self, search_id):
        """GetSearchResult; a search that has not finished yet is not found."""
        doc = self._search(search_id)
        if doc["_state"] == "searching":
            raise NotFound("The search '%s' has not completed yet." % search_id, code="NotFound", target="searchid")
        out = public(doc)
        if "errorCode" not in out:
            out["error"] = "NoError"  # recorded on every successful search result (D1)
        return out

    def advance_search(self, doc, at):
        """The hold ends at searchExpiresBy unless a purchase has started."""
        del at
        if doc["_state"] in ("searching", "held", "failed"):
            self._free(doc["phoneNumbers"], "search:" + doc["searchId"])
            doc["_state"] = "expired"
        return doc, None

    @staticmethod
    def _check_agreement(required, agreed, message):
        if required and agreed is not True:
            raise BadRequest(message, code="BadRequest")

    def purchase(self, body):
        """PurchasePhoneNumbers: buy the numbers a search holds. Repeating the request returns the same operation."""
        body = _object(body)
        search_id = body.get("searchId")
        agreed = body.get("agreeToNotResell", False)
        if not isinstance(search_id, str) or not search_id:
            raise BadRequest("'searchId' is required.", code="ValidationError", target="searchId")
        if not isinstance(agreed, bool):
            raise BadRequest("'agreeToNotResell' must be true or false.", code="ValidationError", target="agreeToNotResell")
        doc = self._search(search_id)
        op_id = "purchase_" + search_id
        if self._live(OP, op_id) is not None:
            return {"purchaseId": search_id, "operationId": op_id}
        if doc["_state"] in ("purchasing", "purchased"):  # its operation record was cancelled: never buy twice
            raise Conflict("The numbers of search '%s' have already been purchased." % search_id, code="SearchAlreadyPurchased")
        if doc["_state"] == "searching":
            raise Conflict("The search '%s' has not completed yet." % search_id, code="SearchNotCompleted")
        if doc["_state"] == "expired":
            raise Conflict("The search '%s' expired at %s; its numbers are no longer held." % (search_id, doc["searchExpiresBy"]),
                           code="ReservationExpired")
        if not doc["phoneNumbers"]:
            raise BadRequest("The search '%s' holds no phone numbers to purchase." % search_id, code="ValidationError", target="searchId")
        self._check_agreement(doc["isAgreementToNotResellRequired"], agreed, SEARCH_AGREEMENT)
        doc["_state"] = "purchasing"
        self.store.put_op(SEARCH, search_id, doc, None)
        self._start_operation(op_id, "purchase", {"searchId": search_id})
        self.store.incr("ga_purchase:search:" + search_id)
        return {"purchaseId": search_id, "operationId": op_id}

    def _finish_purchase(self, target, at):
        doc = self.store.get_op(SEARCH, target["searchId"])
        self._acquire(doc["phoneNumbers"], "search:" + doc["searchId"], at)
        doc["_state"] = "purchased"
        self.store.put_op(SEARCH, doc["searchId"], doc, None)
        return None

    # ------------------------------------------------------------------ purchased numbers
    def _purchased(self, number):
        number = normalize_number(number)
        held = self.store.get_number(number)
        if held is None or held[0] != PURCHASED:
            raise not_found_number(number)
        return number, held

    @staticmethod
    def _number_out(number, data):
        return {"id": number[1:], "phoneNumber": number, "countryCode": data["countryCode"], "phoneNumberType": data["phoneNumberType"],
                "capabilities": dict(data["capabilities"]), "assignmentType": data["assignmentType"],
                "purchaseDate": data["purchaseDate"], "cost": dict(data["cost"])}

    def purchased_number(self, number):
        """GetByNumber."""
        number, (_state, _owner, data) = self._purchased(number)
        return self._number_out(number, data)

    def purchased_numbers(self, skip, take):
        """ListPhoneNumbers, in purchase order."""
        rows = self.store.all("SELECT number, data FROM numbers WHERE state = ? ORDER BY seq", (PURCHASED,))
        return page([self._number_out(n, json.loads(d)) for n, d in rows], skip, take)

    def _running(self, data, key):
        """The id of the operation of the number that `data[key]` names, while it has not ended; else None."""
        op = self._live(OP, data.get(key)) if data.get(key) else None
        return op["id"] if op is not None and op["status"] not in ("succeeded", "failed") else None

    def _ownership_lost(self):
        """Whether an `ownership` failure strikes the operation starting now (the number is gone when it runs)."""
        return self.failures.strikes("ownership")

    def release(self, number):
        """ReleasePhoneNumber: one number per operation. A number the resource does not hold is accepted all the same
        (202, as recorded, D9) and its operation fails with the not-owned error. While a release of a held number runs,
        a repeat is refused with 409 ReleaseInProgress naming the running operation (nothing is released twice)."""
        number = normalize_number(number)
        held = self.store.get_number(number)
        release_id = str(uuid.uuid4())
        target = {"phoneNumber": number, "notOwned": self._ownership_lost()}
        if held is None or held[0] != PURCHASED:
            op = self._start_operation("release_" + release_id, "releasePhoneNumber", dict(target, notOwned=True))
            return {"releaseId": release_id, "operationId": op["id"]}
        state, owner, data = held
        running = self._running(data, "_releasing")
        if running:
            raise InProgress("Phone number %s is already being released (operation %s)." % (number, running), "ReleaseInProgress", running)
        op = self._start_operation("release_" + release_id, "releasePhoneNumber", target)
        data["_releasing"] = op["id"]
        self.store.put_number(number, state, owner, data)
        self.store.incr("ga_release:" + number)
        return {"releaseId": release_id, "operationId": op["id"]}

    def _finish_release(self, target, at):
        del at
        held = self.store.get_number(target["phoneNumber"])
        if held is None or held[0] != PURCHASED or target.get("notOwned"):
            if held is not None and held[0] == PURCHASED:
                held[2].pop("_releasing", None)
                self.store.put_number(target["phoneNumber"], *held)
            return dict(NOT_OWNED_ERROR)
        self.store.del_number(target["phoneNumber"])
        return None

    def update_capabilities(self, number, body):
        """UpdateCapabilities (merge-patch of calling and/or sms), checked against the number's offering. As recorded,
        the body is checked first (`{}` is 400 MissingInput), then ownership: a number the resource does not hold, or
        a malformed one, is 403 InsufficientPermissions."""
        body = _object(body if body is not None else {})
        if body.get("calling") is None and body.get("sms") is None:
            raise BadRequest("At least one of Sms or Calling must exist.", code="MissingInput", target="phonenumbercapabilitiesrequest")
        changes = _capabilities(body, required=False)
        try:
            number = normalize_number(number)
        except BadRequest:
            raise not_owned(number) from None
        held = self.store.get_number(number)
        if held is None or held[0] != PURCHASED:
            raise not_owned(number)
        _state, _owner, data = held
        running = self._running(data, "_releasing")
        if running:
            raise InProgress("Phone number %s is being released (operation %s)." % (number, running), "ReleaseInProgress", running)
        running = self._running(data, "_updating")
        if running:
            raise InProgress("A capabilities update of phone number %s is running (operation %s)." % (number, running),
                             "UpdateInProgress", running)
        found = self.catalog.owner(number)
        available = found[1]["availableCapabilities"] if found else data["capabilities"]
        if not _covers(available, changes):
            raise BadRequest("The capabilities %s are not available for %s (available: %s)." % (changes, number, available),
                             code="ValidationError", target="capabilities")
        update_id = str(uuid.uuid4())
        op = self._start_operation("capabilities_" + update_id, "updatePhoneNumberCapabilities",
                                   {"phoneNumber": number, "changes": changes, "notOwned": self._ownership_lost()},
                                   "/phoneNumbers/" + number)
        data["_updating"] = op["id"]
        self.store.put_number(number, _state, _owner, data)
        return {"capabilitiesUpdateId": update_id, "operationId": op["id"], "resourceLocation": op["resourceLocation"]}

    def _finish_capabilities(self, target, at):
        del at
        held = self.store.get_number(target["phoneNumber"])
        if held is None or held[0] != PURCHASED:
            return dict(NOT_OWNED_ERROR)
        state, owner, data = held
        data.pop("_updating", None)
        if not target.get("notOwned"):
            data["capabilities"] = dict(data["capabilities"], **target["changes"])
        self.store.put_number(target["phoneNumber"], state, owner, data)
        return dict(NOT_OWNED_ERROR) if target.get("notOwned") else None

    # ------------------------------------------------------------------ operator information
    def _country_for(self, number):
        found = self.catalog.owner(number)
        if found:
            return self.catalog.country(found[0]), found[1]["phoneNumberType"], found[2]
        best = None
        for country in self.catalog.countries.values():
            dial = "+" + country["dialCode"]
            if not number.startswith(dial):
                continue
            national = number[len(dial):]
            for area_type in [("geographic", a) for loc in country.get("localities", []) for a in loc["areaCodes"]] + \
                    [(t, a) for t, codes in country.get("nonGeographicAreaCodes", {}).items() for a in codes]:
                if national.startswith(area_type[1]) and (best is None or len(area_type[1]) > len(best[2])):
                    best = (country, area_type[0], area_type[1])
        return best or (self.catalog.country_of(number), None, None)

    def operator_information(self, body):
        """OperatorInformationSearch, one number per request (recorded, D15): formats always; type, country and operator
        only when asked for, else present as null."""
        body = _object(body)
        numbers = body.get("phoneNumbers")
        if not isinstance(numbers, list) or not numbers:
            raise BadRequest("'phoneNumbers' is required and must be a non-empty list.", code="ValidationError", target="phoneNumbers")
        if len(numbers) > 1:
            raise BadRequest("Can only accept one phoneNumber", code="BadRequest")
        options = body.get("options") or {}
        details = _object(options, "'options'").get("includeAdditionalOperatorDetails", False)
        if not isinstance(details, bool):
            raise BadRequest("'options.includeAdditionalOperatorDetails' must be true or false.", code="ValidationError",
                             target="options.includeAdditionalOperatorDetails")
        number = normalize_number(numbers[0], "phoneNumbers")
        country, number_type, area = self._country_for(number)
        item = {"phoneNumber": number}
        item.update(_formats(number, country, area))
        item.update(isoCountryCode=None, numberType=None, operatorDetails=None)
        if details:
            item["isoCountryCode"] = country["countryCode"] if country else None
            item["numberType"] = {"geographic": "geographic", "mobile": "mobile", None: "unknown"}.get(number_type, "other")
            operator = dict(country.get("operator", {})) if country else {}
            codes = (operator.get("mobileNetworkCode"), operator.get("mobileCountryCode")) if number_type == "mobile" else (None, None)
            item["operatorDetails"] = {"name": operator.get("name"), "mobileNetworkCode": codes[0], "mobileCountryCode": codes[1]}
        return {"values": [item]}

    # ------------------------------------------------------------------ reservations
    def _reservation(self, reservation_id):
        doc = self._live(RESERVATION, reservation_id) if isinstance(reservation_id, str) else None
        if doc is None:
            raise NotFound(RESERVATION_NOT_FOUND, code="ReservationNotFound")
        return doc

    def _active(self, reservation_id, action):
        doc = self._reservation(reservation_id)
        if doc["status"] != "active":
            raise Conflict("Reservation '%s' is %s; only active reservations can be %s." % (reservation_id, doc["status"], action),
                           code="ReservationNotActive")
        return doc

    def _reserve_one(self, key, value, owner):
        """Hold one number for a reservation: (entry, failed?)."""
        _object(value, "The reservation entry '%s'" % key)
        country_code = value.get("countryCode")
        number_type = _enum(value.get("phoneNumberType"), "phoneNumbers.%s.phoneNumberType" % key, NUMBER_TYPES)
        assignment_type = _enum(value.get("assignmentType"), "phoneNumbers.%s.assignmentType" % key, ASSIGNMENT_TYPES)
        capabilities = _capabilities(value.get("capabilities"), "phoneNumbers.%s.capabilities" % key)
        if not isinstance(country_code, str) or not country_code:
            raise BadRequest("'phoneNumbers.%s.countryCode' is required." % key, code="ValidationError", target="countryCode")
        number = "+" + key
        found = self.catalog.owner(number)
        entry = {"id": key, "phoneNumber": number, "countryCode": country_code, "capabilities": capabilities,
                 "phoneNumberType": number_type, "assignmentType": assignment_type}
        if found is not None:
            country = self.catalog.country(found[0])
            entry.update(cost=self._cost(country, found[1]), _agreement=bool(found[1].get("agreementToNotResellRequired")))
        matches = found is not None and found[0] == country_code.upper() and found[1]["phoneNumberType"] == number_type \
            and found[1]["assignmentType"] == assignment_type and _covers(found[1]["availableCapabilities"], capabilities)
        if not matches or self.store.get_number(number) is not None:
            entry.update(status="error", error=dict(RESERVE_FAILED))
            return entry, True
        data = {"countryCode": found[0], "phoneNumberType": number_type, "assignmentType": assignment_type,
                "capabilities": capabilities, "cost": entry["cost"]}
        self.store.put_number(number, HELD, owner, data)
        entry["status"] = "reserved"
        return entry, False

    def create_or_update_reservation(self, reservation_id, body):
        """CreateOrUpdateReservation (merge-patch of phoneNumbers): returns (outcome, reservation), outcome being
        "created", "updated" or "partial" (some numbers could not be reserved; they carry an error)."""
        if not isinstance(reservation_id, str) or not UUID_RE.match(reservation_id):
            raise BadRequest("The reservation id must be a UUID; got %r." % (reservation_id,), code="ValidationError", target="reservationId")
        body = _object(body)
        changes = body.get("phoneNumbers") or {}
        _object(changes, "'phoneNumbers'")
        now = self.clock.now()
        existing = self._live(RESERVATION, reservation_id)
        if existing is None:
            doc = {"id": reservation_id, "expiresAt": None, "phoneNumbers": {}, "status": "active", "_created": now}
        else:
            doc = self._active(reservation_id, "updated")
        owner = "reservation:" + reservation_id
        failed = {}
        for key, value in changes.items():
            if value is None:
                if key in doc["phoneNumbers"]:
                    self._free(["+" + key], owner)
                    del doc["phoneNumbers"][key]
                continue
            if not key.isdigit():
                raise BadRequest("Reservation keys must be phone number ids (digits without '+'); got %r." % key,
                                 code="ValidationError", target="phoneNumbers")
            if key in doc["phoneNumbers"]:
                continue
            entry, error = self._reserve_one(key, value, owner)
            (failed if error else doc["phoneNumbers"])[key] = entry
        expires = min(now + RESERVATION_IDLE, doc["_created"] + RESERVATION_MAX)
        doc.update(expiresAt=iso(expires), _expires=expires)
        self.store.put_op(RESERVATION, reservation_id, doc, expires)
        out = _reservation_out(doc)
        out["phoneNumbers"].update({k: public(v) for k, v in failed.items()})
        return ("partial" if failed else "created" if existing is None else "updated"), out

    def reservation(self, reservation_id):
        """GetReservation."""
        return _reservation_out(self._reservation(reservation_id))

    def reservations(self, skip, take):
        """ListReservations, oldest first, without their numbers."""
        docs = [d for d in self.store.list_ops(RESERVATION, 0, 1 << 30) if not d.get("_deleted")]
        return page([{k: v for k, v in public(d).items() if k != "phoneNumbers"} for d in docs], skip, take)

    def delete_reservation(self, reservation_id):
        """DeleteReservation: active reservations only; the numbers go back to the pool."""
        doc = self._active(reservation_id, "deleted")
        self._free(["+" + k for k in doc["phoneNumbers"]], "reservation:" + reservation_id)
        doc["_deleted"] = True
        self.store.put_op(RESERVATION, reservation_id, doc, None)

    def purchase_reservation(self, reservation_id, body):
        """PurchaseReservation: active reservations with at least one number."""
        body = _object(body if body is not None else {})
        agreed = body.get("agreeToNotResell", False)
        if not isinstance(agreed, bool):
            raise BadRequest("'agreeToNotResell' must be true or false.", code="ValidationError", target="agreeToNotResell")
        doc = self._active(reservation_id, "purchased")
        if not doc["phoneNumbers"]:
            raise BadRequest("Reservation '%s' holds no phone numbers to purchase." % reservation_id, code="ValidationError",
                             target="reservationId")
        required = any(e.get("_agreement") for e in doc["phoneNumbers"].values())
        self._check_agreement(required, agreed, RESERVATION_AGREEMENT)
        doc["status"] = "submitted"
        self.store.put_op(RESERVATION, reservation_id, doc, None)
        op = self._start_operation("reservationPurchase_" + reservation_id, "reservationPurchase", {"reservationId": reservation_id})
        self.store.incr("ga_purchase:reservation:" + reservation_id)
        return {"reservationPurchaseId": reservation_id, "operationId": op["id"]}

    def _finish_reservation_purchase(self, target, at):
        doc = self.store.get_op(RESERVATION, target["reservationId"])
        self._acquire(["+" + k for k in doc["phoneNumbers"]], "reservation:" + doc["id"], at)
        for entry in doc["phoneNumbers"].values():
            entry["status"] = "purchased"
        doc["status"] = "completed"
        self.store.put_op(RESERVATION, doc["id"], doc, doc["_created"] + RETENTION)
        return None

    def advance_reservation(self, doc, at):
        """An active reservation expires (its numbers go back to the pool); a month after creation it is deleted."""
        if doc["status"] == "active" and at >= doc["_expires"]:
            self._free(["+" + k for k in doc["phoneNumbers"]], "reservation:" + doc["id"])
            for entry in doc["phoneNumbers"].values():
                entry["status"] = "expired"
            doc["status"] = "expired"
            return doc, doc["_created"] + RETENTION
        if doc["status"] in ("expired", "completed") and at >= doc["_created"] + RETENTION:
            doc["_deleted"] = True
            return doc, None
        return doc, doc["_expires"] if doc["status"] == "active" else None

    # ------------------------------------------------------------------ stats
    def stats(self):
        """GA counters: purchases started per search and per reservation, releases started per number."""
        return {"ga_searches_created": self.store.counter("ga_searches_created"),
                "ga_purchases": {"searches": self.store.counters("ga_purchase:search:"),
                                 "reservations": self.store.counters("ga_purchase:reservation:")},
                "ga_releases": self.store.counters("ga_release:"),
                "ga_numbers_purchased": self.store.count_numbers(PURCHASED),
                "ga_numbers_held": self.store.count_numbers(HELD)}
