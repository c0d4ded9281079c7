"""PhoneNumberAdministration: catalogue queries, searches, purchases, releases, capabilities, configuration."""

import re
import uuid

from .catalog import localize
from .clock import iso
from .errors import Conflict, InvalidInput, NotFound
from .failures import Failures

CAPABILITIES = (
    "UserAssignment", "FirstPartyVoiceAppAssignment", "ConferenceAssignment", "P2PSmsEnabled", "Geographic",
    "NonGeographic", "TollCalling", "TollFreeCalling", "Premium", "P2PSmsCapable", "A2PSmsCapable", "A2PSmsEnabled",
    "Calling", "TollFree", "FirstPartyAppAssignment", "ThirdPartyAppAssignment", "Azure", "Office365",
    "InboundCalling", "OutboundCalling", "InboundA2PSms", "OutboundA2PSms", "InboundP2PSms", "OutboundP2PSms",
)

# Real-pace durations in seconds, measured from the start of each operation; divided by --speed.
SEARCH_IN_PROGRESS = 2.0
SEARCH_RESERVED = 5.0
PURCHASE_PENDING = 10.0
PURCHASE_DONE = 30.0
CANCEL_DONE = 3.0
RELEASE_IN_PROGRESS = 7.0
RELEASE_NUMBERS_IN_PROGRESS = 12.0
RELEASE_DONE = 20.0
CAPABILITIES_IN_PROGRESS = 2.0
CAPABILITIES_DONE = 5.0
# How long a reservation holds its numbers (simulated clock time, not divided by --speed).
RESERVATION_TTL = 16 * 60.0
# SearchStatus.Error errorCode when the pool has fewer numbers than asked.
ERROR_NOT_ENOUGH_NUMBERS = 1000
# SearchStatus.Error errorCode of a search that failed after reserving its numbers (recorded; the numbers are freed,
# reservationExpiryDate and quantityObtained stay).
ERROR_AFTER_RESERVATION = 1011
# A release of numbers the resource does not hold is accepted and fails this long after (recorded: 6 to 10 s).
UNHELD_RELEASE_MIN, UNHELD_RELEASE_MAX = 6.0, 10.0
NO_ACQUIRED_NUMBERS = "No acquired numbers to process"
# Not recorded, chosen here: the message and per-number error code of a release that fails for a number it holds.
RELEASE_FAILED_MESSAGE = "The carrier could not complete the release."
RELEASE_ERROR_CODE = 1012
UNHELD_ERROR_CODE = 1013
# What PurchaseSearch accepts with 202 without doing anything more (recorded: purchasing a purchased search is 202).
PURCHASED_OR_PURCHASING = ("Completing", "PurchasePending", "Success")

E164 = re.compile(r"^\+?[1-9][0-9]{6,14}$")


def normalize_number(value, field="phoneNumber"):
    """Validate an E.164 number (with or without '+') and return it with '+'."""
    if not isinstance(value, str) or not E164.match(value.strip()):
        raise InvalidInput("'%s' is not a valid E.164 phone number: %r." % (field, value), code="InvalidPhoneNumber")
    value = value.strip()
    return value if value.startswith("+") else "+" + value


def _public(doc):
    """Drop the internal fields (leading underscore) of a stored document."""
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def _require_object(body):
    if not isinstance(body, dict):
        raise InvalidInput("The request body must be a JSON object.", code="InvalidRequestBody")
    return body


def _require_text(body, field, max_len=None):
    value = body.get(field)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("'%s' is required and must be a non-empty string." % field, code="InvalidRequestBody")
    if max_len is not None and len(value) > max_len:
        raise InvalidInput("'%s' must be at most %d characters." % (field, max_len), code="InvalidRequestBody")
    return value


class PhoneNumberService:
    """Phone number administration over the store."""

    def __init__(self, store, clock, catalog, speed=1.0):
        self.store = store
        self.clock = clock
        self.catalog = catalog
        self.speed = float(speed)
        self.failures = Failures(store)

    def _after(self, start, seconds):
        return start + seconds / self.speed

    # ---------------------------------------------------------------- catalogue
    def countries(self, locale, skip, take):
        """GetAllSupportedCountries."""
        items = [{"localizedName": localize(c["localizedName"], locale), "countryCode": c["countryCode"]}
                 for c in self.catalog.data["countries"]]
        return items[skip:skip + take]

    def _country(self, country_code):
        country = self.catalog.country(country_code)
        if country is None:
            raise NotFound("Country '%s' is not supported." % country_code, code="CountryNotFound")
        return country

    def _group(self, country_code, group_id):
        self._country(country_code)
        group = self.catalog.groups.get((country_code.upper(), group_id))
        if group is None:
            raise NotFound("Phone plan group '%s' was not found in country '%s'." % (group_id, country_code), code="PhonePlanGroupNotFound")
        return group

    def _plan_in(self, country_code, group_id, plan_id):
        group = self._group(country_code, group_id)
        for plan in group.get("phonePlans", []):
            if plan["phonePlanId"] == plan_id:
                return plan
        raise NotFound("Phone plan '%s' was not found in plan group '%s'." % (plan_id, group_id), code="PhonePlanNotFound")

    def plan_groups(self, country_code, locale, include_rate, skip, take):
        """GetPhonePlanGroups."""
        country = self._country(country_code)
        items = []
        for group in country.get("phonePlanGroups", []):
            item = {"phonePlanGroupId": group["phonePlanGroupId"], "phoneNumberType": group.get("phoneNumberType", "Unknown"),
                    "localizedName": localize(group["localizedName"], locale),
                    "localizedDescription": localize(group["localizedDescription"], locale)}
            carrier = group.get("carrierDetails")
            if carrier:
                item["carrierDetails"] = {"name": carrier.get("name"), "localizedName": localize(carrier.get("localizedName"), locale)}
            if include_rate and group.get("rateInformation"):
                item["rateInformation"] = dict(group["rateInformation"])
            items.append(item)
        return items[skip:skip + take]

    def plans(self, country_code, group_id, locale, skip, take):
        """GetPhonePlans."""
        group = self._group(country_code, group_id)
        items = []
        for plan in group.get("phonePlans", []):
            items.append({"phonePlanId": plan["phonePlanId"], "localizedName": localize(plan["localizedName"], locale),
                          "locationType": plan["locationType"], "areaCodes": list(plan.get("areaCodes") or []),
                          "capabilities": list(plan.get("capabilities", [])), "maximumSearchSize": plan.get("maximumSearchSize", 20)})
        return items[skip:skip + take]

    def location_options(self, country_code, group_id, plan_id, locale):
        """GetPhonePlanLocationOptions."""
        plan = self._plan_in(country_code, group_id, plan_id)
        tree = self.catalog.localized_location_options(plan.get("locationOptions"), locale)
        return {"locationOptions": tree or {"labelId": "", "labelName": "", "options": []}}

    def area_codes(self, country_code, location_type, plan_id, body):
        """GetAllAreaCodes."""
        self._country(country_code)
        if not location_type:
            raise InvalidInput("The query parameter 'locationType' is required.", code="MissingParameter")
        if not plan_id:
            raise InvalidInput("The query parameter 'phonePlanId' is required.", code="MissingParameter")
        found = self.catalog.plan(plan_id)
        if found is None or found[0] != country_code.upper():
            raise NotFound("Phone plan '%s' was not found in country '%s'." % (plan_id, country_code), code="PhonePlanNotFound")
        plan = found[2]
        if location_type.lower() != plan["locationType"].lower():
            raise InvalidInput("locationType '%s' does not match the plan's location type '%s'." % (location_type, plan["locationType"]),
                               code="InvalidLocationType")
        queries = []
        if body is not None:
            _require_object(body)
            queries = body.get("locationOptions") or []
            if not isinstance(queries, list) or not all(isinstance(q, dict) for q in queries):
                raise InvalidInput("'locationOptions' must be a list of {labelId, optionsValue}.", code="InvalidRequestBody")
        wanted = [q.get("optionsValue") for q in queries if q.get("optionsValue")]
        codes = list(plan.get("areaCodes") or [])
        for values, _names, area_codes in sorted(self.catalog.walk_locations(plan)):
            if all(w in values for w in wanted):
                codes.extend(c for c in area_codes if c not in codes)
        return {"primaryAreaCodes": codes, "secondaryAreaCodes": []}

    # ---------------------------------------------------------------- acquired numbers
    def _number_out(self, number, data, locale):
        found = self.catalog.plan(data["planIds"][0]) if data.get("planIds") else None
        place = data.get("placeName")
        if found:
            place = self.catalog.place_name(found[0], found[2], data.get("areaCode"), locale)
        return {"phoneNumber": number, "acquiredCapabilities": list(data["acquiredCapabilities"]),
                "availableCapabilities": list(data["availableCapabilities"]), "assignmentStatus": data.get("assignmentStatus", "Unassigned"),
                "placeName": place, "activationState": data.get("activationState", "Activated")}

    def acquired_numbers(self, locale, skip, take):
        """GetAllPhoneNumbers."""
        return [self._number_out(n, d, locale) for n, d in self.store.acquired(skip, take)]

    def _acquired(self, number, field="phoneNumber"):
        number = normalize_number(number, field)
        held = self.store.get_number(number)
        if held is None or held[0] != "acquired":
            raise NotFound("Phone number '%s' is not acquired by this resource." % number, code="PhoneNumberNotFound")
        return number, held[2]

    # ---------------------------------------------------------------- configuration
    def get_configuration(self, body):
        """GetNumberConfiguration (a POST)."""
        body = _require_object(body)
        number, data = self._acquired(body.get("phoneNumber"))
        config = data.get("pstnConfiguration")
        if not config:
            raise NotFound("Phone number '%s' has no configuration." % number, code="NumberConfigurationNotFound")
        return {"pstnConfiguration": dict(config, azurePstnTargetId=data.get("azurePstnTargetId") or self._pstn_target(number))}

    def _pstn_target(self, number):
        """The routable target id the service reports for a number (recorded as pstnConfiguration.azurePstnTargetId;
        stable per resource and number here)."""
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "acs:%s:%s" % (self.store.get_meta("resource_id"), number)))

    def configure(self, body):
        """ConfigureNumber."""
        body = _require_object(body)
        pstn = body.get("pstnConfiguration")
        if not isinstance(pstn, dict):
            raise InvalidInput("'pstnConfiguration' is required and must be an object.", code="InvalidRequestBody")
        callback = _require_text(pstn, "callbackUrl")
        app_id = pstn.get("applicationId")
        if app_id is not None and not isinstance(app_id, str):
            raise InvalidInput("'applicationId' must be a string.", code="InvalidRequestBody")
        number, data = self._acquired(body.get("phoneNumber"))
        config = {"callbackUrl": callback}
        if app_id is not None:
            config["applicationId"] = app_id
        target = pstn.get("azurePstnTargetId")
        if isinstance(target, str) and target:  # the swagger variant that has it (P6): kept as given
            data["azurePstnTargetId"] = target
        data["pstnConfiguration"] = config
        self.store.put_number(number, "acquired", self.store.get_number(number)[1], data)

    def unconfigure(self, body):
        """UnconfigureNumber."""
        body = _require_object(body)
        number, data = self._acquired(body.get("phoneNumber"))
        data.pop("pstnConfiguration", None)
        data.pop("azurePstnTargetId", None)
        self.store.put_number(number, "acquired", self.store.get_number(number)[1], data)

    # ---------------------------------------------------------------- searches
    def create_search(self, body):
        """CreateSearch: validate, then start the reservation."""
        body = _require_object(body)
        display_name = _require_text(body, "displayName", 255)
        description = _require_text(body, "description", 255)
        plan_ids = body.get("phonePlanIds")
        if not isinstance(plan_ids, list) or not plan_ids or not all(isinstance(p, str) for p in plan_ids):
            raise InvalidInput("'phonePlanIds' is required and must be a non-empty list of strings.", code="InvalidRequestBody")
        area_code = body.get("areaCode")
        if not isinstance(area_code, str) or not area_code.strip():
            raise InvalidInput("'areaCode' is required and must be a non-empty string.", code="InvalidRequestBody")
        quantity = body.get("quantity", 1)
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            raise InvalidInput("'quantity' must be an integer.", code="InvalidRequestBody")
        location_options = body.get("locationOptions") or []
        if not isinstance(location_options, list) or not all(isinstance(o, dict) for o in location_options):
            raise InvalidInput("'locationOptions' must be a list of objects.", code="InvalidRequestBody")
        countries = set()
        max_size = None
        for plan_id in plan_ids:
            found = self.catalog.plan(plan_id)
            if found is None:
                raise InvalidInput("Unknown phone plan id '%s'." % plan_id, code="InvalidPhonePlanId")
            countries.add(found[0])
            size = int(found[2].get("maximumSearchSize", 20))
            max_size = size if max_size is None else min(max_size, size)
        if len(countries) != 1:
            raise InvalidInput("All phone plans of a search must belong to the same country.", code="InvalidPhonePlanId")
        if quantity < 1 or quantity > max_size:
            raise InvalidInput("'quantity' must be between 1 and %d (the plan's maximumSearchSize)." % max_size, code="InvalidQuantity")
        now = self.clock.now()
        search_id = str(uuid.uuid4())
        doc = {"searchId": search_id, "displayName": display_name, "createdAt": iso(now), "description": description,
               "phonePlanIds": list(plan_ids), "areaCode": area_code, "quantity": quantity, "locationOptions": location_options,
               "status": "Pending", "phoneNumbers": [], "_country": countries.pop(), "_start": now,
               "_listed": all(area_code in self.catalog.plan_area_codes(self.catalog.plan(p)[2]) for p in plan_ids)}
        self.store.put_op("search", search_id, doc, self._after(now, SEARCH_IN_PROGRESS))
        self.store.incr("searches_created")
        return {"searchId": search_id}

    def _op(self, kind, op_id, what, code):
        """A stored operation document; NotFound when there is none."""
        doc = self.store.get_op(kind, op_id)
        if doc is None:
            raise NotFound("%s '%s' was not found." % (what, op_id), code=code)
        return doc

    def _search(self, search_id):
        return self._op("search", search_id, "Search", "SearchNotFound")

    def get_search(self, search_id):
        """GetSearchById."""
        return _public(self._search(search_id))

    def list_searches(self, skip, take):
        """GetAllSearches (newest first; quantityObtained is what the search reserved, kept after it ends)."""
        out = []
        for doc in self.store.list_ops("search", skip, take, newest_first=True):
            out.append({"id": doc["searchId"], "createdAt": doc["createdAt"], "displayName": doc["displayName"], "quantity": doc["quantity"],
                        "quantityObtained": doc.get("_obtained", 0), "status": doc["status"]})
        return out

    def cancel_search(self, search_id):
        """CancelSearch."""
        doc = self._search(search_id)
        if doc["status"] not in ("Pending", "InProgress", "Reserved"):
            raise Conflict("Search '%s' cannot be cancelled in status '%s'." % (search_id, doc["status"]), code="InvalidSearchState")
        now = self.clock.now()
        doc.update(status="Cancelling", _cancel_start=now)
        doc.pop("_expiry", None)
        self.store.put_op("search", search_id, doc, self._after(now, CANCEL_DONE))

    def purchase_search(self, search_id):
        """PurchaseSearch."""
        doc = self._search(search_id)
        if doc["status"] in PURCHASED_OR_PURCHASING:
            return
        if doc["status"] != "Reserved":
            raise Conflict("Search '%s' cannot be purchased in status '%s'; it must be Reserved." % (search_id, doc["status"]),
                           code="InvalidSearchState")
        now = self.clock.now()
        doc.update(status="Completing", _purchase_start=now)
        self.store.put_op("search", search_id, doc, self._after(now, PURCHASE_PENDING))
        self.store.incr("purchase:" + search_id)

    def _free_numbers(self, doc):
        for number in doc.get("phoneNumbers", []):
            held = self.store.get_number(number)
            if held is not None and held[0] == "reserved" and held[1] == doc["searchId"]:
                self.store.del_number(number)

    def advance_search(self, doc, at):
        """Apply the transition of a search due at `at`; return (doc, next due)."""
        status = doc["status"]
        if status == "Pending":
            doc["status"] = "InProgress"
            return doc, self._after(doc["_start"], SEARCH_RESERVED)
        if status == "InProgress":
            doc, due = self._reserve(doc, at)
            if doc["status"] == "Reserved" and self.failures.strikes("search"):
                self._free_numbers(doc)
                doc.update(status="Error", errorCode=ERROR_AFTER_RESERVATION)
                doc.pop("_expiry", None)
                return doc, None
            return doc, due
        if status == "Reserved":
            doc["status"] = "Expired"
            self._free_numbers(doc)
            return doc, None
        if status == "Completing":
            doc["status"] = "PurchasePending"
            return doc, self._after(doc["_purchase_start"], PURCHASE_DONE)
        if status == "PurchasePending":
            self._acquire(doc)
            doc["status"] = "Success"
            return doc, None
        if status == "Cancelling":
            self._free_numbers(doc)
            doc["status"] = "Cancelled"
            return doc, None
        return doc, None

    def _reserve(self, doc, at):
        # An area code the plans do not list is accepted (201) but has no numbers: Error 1000 (not recorded; chosen).
        pool = self.catalog.pool(doc["_country"], doc["areaCode"]) if doc.get("_listed", True) else []
        held = self.store.held_numbers(pool)
        free = [n for n in pool if n not in held]
        if len(free) < doc["quantity"]:
            doc.update(status="Error", errorCode=ERROR_NOT_ENOUGH_NUMBERS)
            return doc, None
        numbers = free[:doc["quantity"]]
        for number in numbers:
            self.store.put_number(number, "reserved", doc["searchId"], {"areaCode": doc["areaCode"], "planIds": doc["phonePlanIds"]})
        expiry = at + RESERVATION_TTL
        doc.update(status="Reserved", phoneNumbers=numbers, reservationExpiryDate=iso(expiry), _expiry=expiry, _obtained=len(numbers))
        return doc, expiry

    def _acquire(self, doc):
        caps, available = [], []
        for plan_id in doc["phonePlanIds"]:
            _code, group, plan = self.catalog.plan(plan_id)
            caps.extend(c for c in plan.get("capabilities", []) if c not in caps)
            available.extend(c for c in self.catalog.available_capabilities(group) if c not in available)
        for number in doc["phoneNumbers"]:
            data = {"areaCode": doc["areaCode"], "planIds": doc["phonePlanIds"], "acquiredCapabilities": caps,
                    "availableCapabilities": available, "assignmentStatus": "Unassigned", "activationState": "Activated"}
            self.store.put_number(number, "acquired", doc["searchId"], data)
        self.store.incr("numbers_acquired_total", len(doc["phoneNumbers"]))

    # ---------------------------------------------------------------- releases
    def release(self, body):
        """ReleasePhoneNumbers. Numbers the resource does not hold are accepted too (as the real service did): they
        fail when the release ends; a release of none it holds ends Failed 6 to 10 s later ("No acquired numbers to
        process")."""
        body = _require_object(body)
        numbers = body.get("phoneNumbers")
        if not isinstance(numbers, list) or not numbers:
            raise InvalidInput("'phoneNumbers' is required and must be a non-empty list.", code="InvalidRequestBody")
        normalized = []
        for value in numbers:
            number = normalize_number(value, "phoneNumbers")
            if number not in normalized:
                normalized.append(number)
        held = []
        for number in normalized:
            found = self.store.get_number(number)
            if found is None or found[0] != "acquired":
                continue
            if found[2].get("_releasing"):
                raise Conflict("Phone number '%s' is already being released." % number, code="ReleaseInProgress")
            held.append(number)
        now = self.clock.now()
        release_id = str(uuid.uuid4())
        for number in held:
            state, owner, data = self.store.get_number(number)
            data["_releasing"] = release_id
            self.store.put_number(number, state, owner, data)
        doc = {"releaseId": release_id, "createdAt": iso(now), "status": "Pending",
               "phoneNumberReleaseStatusDetails": {n: {"status": "Pending"} for n in normalized}, "_start": now, "_numbers": held,
               "_unheld": [n for n in normalized if n not in held], "_fail": bool(held) and self.failures.strikes("release")}
        if held:
            due = self._after(now, RELEASE_IN_PROGRESS)
        else:  # fails 6 to 10 s later; where in that span follows from the id (the same on every run of a test)
            due = self._after(now, UNHELD_RELEASE_MIN + (UNHELD_RELEASE_MAX - UNHELD_RELEASE_MIN) * (int(release_id[:8], 16) / 0xFFFFFFFF))
        self.store.put_op("release", release_id, doc, due)
        self.store.incr("releases_created")
        return {"releaseId": release_id}

    def get_release(self, release_id):
        """GetReleaseById."""
        return _public(self._op("release", release_id, "Release", "ReleaseNotFound"))

    def list_releases(self, skip, take):
        """GetAllReleases (newest first)."""
        out = []
        for doc in self.store.list_ops("release", skip, take, newest_first=True):
            details = doc["phoneNumberReleaseStatusDetails"]
            out.append({"id": doc["releaseId"], "createdAt": doc["createdAt"], "displayName": "<missing>", "quantity": len(details),
                        "quantityObtained": sum(1 for d in details.values() if d["status"] == "Success"), "status": doc["status"]})
        return out

    def advance_release(self, doc, at):
        """Apply the transition of a release due at `at`."""
        del at
        details = doc["phoneNumberReleaseStatusDetails"]
        if not doc["_numbers"]:
            return self._end_release(doc, NO_ACQUIRED_NUMBERS), None
        if doc["status"] == "Pending":
            doc["status"] = "InProgress"
            return doc, self._after(doc["_start"], RELEASE_NUMBERS_IN_PROGRESS)
        if doc["status"] == "InProgress" and all(d["status"] == "Pending" for d in details.values()):
            for item in details.values():
                item["status"] = "InProgress"
            return doc, self._after(doc["_start"], RELEASE_DONE)
        if doc["status"] == "InProgress":
            if doc.get("_fail"):
                return self._end_release(doc, RELEASE_FAILED_MESSAGE), None
            for number in doc["_numbers"]:
                self.store.del_number(number)
                details[number]["status"] = "Success"
            if doc.get("_unheld"):
                return self._end_release(doc, "%s: %s" % (NO_ACQUIRED_NUMBERS, ", ".join(doc["_unheld"]))), None
            doc["status"] = "Complete"
        return doc, None

    def _end_release(self, doc, message):
        """Failed: every number not released gets Error and an error code; held ones stay acquired."""
        details = doc["phoneNumberReleaseStatusDetails"]
        for number in doc["_numbers"]:
            if details[number]["status"] != "Success":
                details[number] = {"status": "Error", "errorCode": RELEASE_ERROR_CODE}
                found = self.store.get_number(number)
                if found is not None and found[2].get("_releasing") == doc["releaseId"]:
                    found[2].pop("_releasing")
                    self.store.put_number(number, found[0], found[1], found[2])
        for number in doc.get("_unheld", []):
            details[number] = {"status": "Error", "errorCode": UNHELD_ERROR_CODE}
        doc.update(status="Failed", errorMessage=message)
        return doc

    # ---------------------------------------------------------------- capabilities
    def update_capabilities(self, body):
        """UpdateCapabilities."""
        body = _require_object(body)
        updates = body.get("phoneNumberCapabilitiesUpdate")
        if not isinstance(updates, dict) or not updates:
            raise InvalidInput("'phoneNumberCapabilitiesUpdate' is required and must be a non-empty object.", code="InvalidRequestBody")
        targets = {}
        for key, change in updates.items():
            number = normalize_number(key, "phoneNumberCapabilitiesUpdate")  # held or not: checked when it is applied
            if not isinstance(change, dict):
                raise InvalidInput("The update for '%s' must be an object with 'add' and/or 'remove'." % key, code="InvalidRequestBody")
            for field in ("add", "remove"):
                value = change.get(field, [])
                if value is None:
                    value = []
                if not isinstance(value, list):
                    raise InvalidInput("'%s' of '%s' must be a list." % (field, key), code="InvalidRequestBody")
                unknown = [c for c in value if c not in CAPABILITIES]
                if unknown:
                    raise InvalidInput("Unknown capability %r for '%s'." % (unknown[0], key), code="InvalidCapability")
            targets[key] = number
        now = self.clock.now()
        update_id = str(uuid.uuid4())
        echo = {}
        for key, change in updates.items():
            echo[key] = {"add": list(change.get("add") or []), "remove": list(change.get("remove") or [])}
        doc = {"capabilitiesUpdateId": update_id, "createdAt": iso(now), "capabilitiesUpdateStatus": "Pending",
               "phoneNumberCapabilitiesUpdates": echo, "_start": now, "_targets": targets, "_fail": self.failures.strikes("capabilities")}
        for number in targets.values():  # held numbers read UpdatePending until the update ends
            held = self.store.get_number(number)
            if held is not None and held[0] == "acquired":
                held[2].update(activationState="UpdatePending", _updating=update_id)
                self.store.put_number(number, *held)
        self.store.put_op("capabilities", update_id, doc, self._after(now, CAPABILITIES_IN_PROGRESS))
        return {"capabilitiesUpdateId": update_id}

    def _end_update(self, doc, status):
        """The update ends with `status`: its held numbers read Activated again (UpdateFailed after an Error), unless a
        newer update of theirs is still running."""
        doc["capabilitiesUpdateStatus"] = status
        for number in doc["_targets"].values():
            held = self.store.get_number(number)
            if held is not None and held[0] == "acquired" and held[2].get("_updating") == doc["capabilitiesUpdateId"]:
                held[2].pop("_updating")
                held[2]["activationState"] = "Activated" if status == "Complete" else "UpdateFailed"
                self.store.put_number(number, *held)
        return doc, None

    def get_capabilities_update(self, update_id):
        """GetCapabilitiesUpdate."""
        return _public(self._op("capabilities", update_id, "Capabilities update", "CapabilitiesUpdateNotFound"))

    def advance_capabilities(self, doc, at):
        """Apply the transition of a capabilities update due at `at`."""
        del at
        if doc["capabilitiesUpdateStatus"] == "Pending":
            doc["capabilitiesUpdateStatus"] = "InProgress"
            return doc, self._after(doc["_start"], CAPABILITIES_DONE)
        if doc.get("_fail"):
            return self._end_update(doc, "Error")
        unheld = [doc["_targets"][key] for key in doc["phoneNumberCapabilitiesUpdates"]
                  if (self.store.get_number(doc["_targets"][key]) or ("",))[0] != "acquired"]
        if unheld:  # nothing is applied when one of the numbers is not held
            return self._end_update(doc, "Error")
        for key, change in doc["phoneNumberCapabilitiesUpdates"].items():
            number = doc["_targets"][key]
            state, owner, data = self.store.get_number(number)
            caps = [c for c in data["acquiredCapabilities"] if c not in change["remove"]]
            caps.extend(c for c in change["add"] if c not in caps)
            data["acquiredCapabilities"] = caps
            data["availableCapabilities"] = data["availableCapabilities"] + [c for c in change["add"] if c not in data["availableCapabilities"]]
            self.store.put_number(number, state, owner, data)
        return self._end_update(doc, "Complete")
