"""The phone numbers 2025-06-01 state model, driven directly (no HTTP): catalogue, browse, search and hold, purchase,
operations, capabilities, release, operator information, reservations, clock-driven expiry, timing and restarts."""

import uuid

import pytest

from acs_emulator.service import Backend
from acs_emulator.service.clock import parse_iso
from acs_emulator.service.errors import BadRequest, Conflict, Forbidden, NotFound
from acs_emulator.service.phonenumbers_ga import NEVER, InProgress
from acs_emulator.service.timing_ga import RECORDED_SPREAD

GEO_APP = {"phoneNumberType": "geographic", "assignmentType": "application", "capabilities": {"calling": "inbound+outbound", "sms": "none"}}
MOBILE_DE = {"phoneNumberType": "mobile", "assignmentType": "application", "capabilities": {"calling": "inbound+outbound", "sms": "inbound+outbound"}}
MOBILE_GB = dict(MOBILE_DE)


class Model:
    """The GA model inside the emulator's Backend (no HTTP): each call settles due transitions first, as a request does."""

    def __init__(self, path=None, speed=1.0):
        self.backend = Backend(path, speed=speed)
        self.store, self.clock, self.ga = self.backend.store, self.backend.clock, self.backend.phone_ga

    def settle(self):
        self.backend.settle()

    def __call__(self, name, *args):
        """Run one model call in a transaction after settling, as a request would."""
        with self.store.tx():
            self.settle()
            return getattr(self.ga, name)(*args)

    def advance(self, seconds):
        with self.store.tx():
            self.clock.advance(seconds)
            self.settle()

    def op(self, op_id):
        return self("operation", op_id)

    def run(self, op_id, seconds=60):
        """Advance until the operation is terminal; return it and the statuses seen once a second."""
        seen = [self.op(op_id)["status"]]
        for dummy in range(seconds):
            if seen[-1] in ("succeeded", "failed"):
                break
            self.advance(1)
            status = self.op(op_id)["status"]
            if status != seen[-1]:
                seen.append(status)
        return self.op(op_id), seen

    def search(self, country, body, quantity=1):
        started = self("search", country, dict(body, quantity=quantity))
        op, _seen = self.run(started["operationId"])
        return started["searchId"], op

    def buy(self, country, body, quantity=1, agree=False):
        search_id, _op = self.search(country, body, quantity)
        started = self("purchase", {"searchId": search_id, "agreeToNotResell": agree})
        op, _seen = self.run(started["operationId"])
        assert op["status"] == "succeeded"
        return self("search_result", search_id)["phoneNumbers"]


@pytest.fixture(name="m")
def _model():
    model = Model()
    yield model
    model.store.close()


def test_catalogue(m):
    countries, more = m("countries", "en-US", 0, 100)
    assert len(countries) >= 6 and not more
    first, more = m("countries", "fr-FR", 0, 2)
    assert more and len(first) == 2
    assert {"countryCode": "GB", "localizedName": "Royaume-Uni"} in m("countries", "fr-FR", 0, 100)[0]
    # localities with administrative divisions, filtered by division and localized
    wa, dummy = m("localities", "US", "en-US", 0, 100, "WA")
    assert [x["localizedName"] for x in wa] == ["Seattle", "Redmond", "Spokane", "Tacoma"]
    us, more = m("localities", "US", "en-US", 0, 100)  # D5: more than 100, Anchorage AK first, as recorded
    assert len(us) == 100 and more and us[0] == {"localizedName": "Anchorage", "administrativeDivision": {"localizedName": "AK", "abbreviatedName": "AK"}}
    assert len(m("localities", "US", "en-US", 100, 100)[0]) > 0
    dublin = [{"localizedName": "Dublin", "administrativeDivision": None}]  # mobile numbers with a locality, as recorded
    assert m("localities", "IE", "en-US", 0, 100, None, "mobile")[0] == dublin and m("localities", "IE", "en-US", 0, 100)[0] == dublin
    assert m("localities", "IE", "en-US", 0, 100, "D")[0] == [] and m("localities", "GB", "en-US", 0, 100, None, "mobile")[0] == []
    assert wa[0]["administrativeDivision"] == {"localizedName": "WA", "abbreviatedName": "WA"}
    qc, dummy = m("localities", "CA", "fr-CA", 0, 100, "Québec")
    assert qc == [{"localizedName": "Montréal", "administrativeDivision": {"localizedName": "Québec", "abbreviatedName": "QC"}}]
    assert m("localities", "US", "en-US", 0, 100, None, "tollFree")[0] == []
    # area codes per type and locality
    assert m("area_codes", "CA", "geographic", 0, 100, None, "Vancouver", "BC")[0] == [{"areaCode": "236"}, {"areaCode": "604"}]
    assert m("area_codes", "US", "tollFree", 0, 100)[0] == [{"areaCode": "888"}, {"areaCode": "855"}]  # as recorded
    assert [o["assignmentType"] for o in m("offerings", "US", 0, 100, "tollFree")[0]] == ["application"]  # no toll-free person
    fr_toll_free = m("offerings", "FR", 0, 100, "tollFree")[0]
    assert fr_toll_free[0]["cost"] == {"amount": 8.0, "currencyCode": "USD", "billingFrequency": "monthly"}  # as recorded
    assert m("area_codes", "GB", "mobile", 0, 100)[0] == [{"areaCode": "7400"}, {"areaCode": "7700"}]
    assert m("area_codes", "FR", "tollFree", 0, 100, "person")[0] == []
    with pytest.raises(BadRequest) as err:
        m("area_codes", "US", None, 0, 100)
    assert err.value.target == "phoneNumberType"
    with pytest.raises(BadRequest) as err:  # D11, as recorded
        m("offerings", "XX", 0, 100)
    assert (err.value.code, err.value.message, err.value.target) == ("InvalidInput", "Unable to parse country code.", "countrycode")
    # offerings: currency of the country, mobile only where offered
    gb, dummy = m("offerings", "GB", 0, 100)
    assert {o["phoneNumberType"] for o in gb} == {"geographic", "tollFree", "mobile"}
    assert all(o["cost"]["currencyCode"] == "GBP" and o["cost"]["billingFrequency"] == "monthly" for o in gb)
    assert not m("offerings", "US", 0, 100, "mobile")[0]
    assert {o["assignmentType"] for o in m("offerings", "US", 0, 100, "geographic")[0]} == {"person", "application"}
    assert m("offerings", "FR", 0, 100)[0][0]["cost"] == {"amount": 1.2, "currencyCode": "EUR", "billingFrequency": "monthly"}


def test_browse_skips_held_numbers(m):
    found = m("browse", "US", {"phoneNumberType": "geographic", "assignmentType": "application",
                               "capabilities": {"calling": "inbound+outbound"}, "phoneNumberPrefixes": ["1206"]})["phoneNumbers"]
    assert found and all(n["phoneNumber"].startswith("+1206") and n["status"] == "available" for n in found)
    assert found[0]["id"] == found[0]["phoneNumber"][1:] and found[0]["cost"]["currencyCode"] == "USD"
    assert m("browse", "US", {"phoneNumberType": "geographic", "capabilities": {"sms": "outbound"}})["phoneNumbers"] == []
    numbers = m.buy("US", dict(GEO_APP, areaCode="206"), 3)
    again = m("browse", "US", {"phoneNumberType": "geographic", "phoneNumberPrefixes": ["206"]})["phoneNumbers"]
    assert again and not set(numbers) & {n["phoneNumber"] for n in again}


def test_search_statuses_result_and_hold_expiry(m):
    started = m("search", "US", dict(GEO_APP, areaCode="425", quantity=2))
    search_id = started["searchId"]
    assert started["operationId"] == "search_" + search_id
    op = m.op(started["operationId"])
    assert op["status"] == "notStarted" and op["operationType"] == "search" and op["lastActionDateTime"] == NEVER
    assert op["resourceLocation"] == "/availablePhoneNumbers/searchResults/" + search_id
    with pytest.raises(NotFound):
        m("search_result", search_id)
    op, seen = m.run(started["operationId"])
    assert seen == ["notStarted", "running", "succeeded"] and "error" not in op
    result = m("search_result", search_id)
    assert len(result["phoneNumbers"]) == 2 and all(n.startswith("+1425") for n in result["phoneNumbers"])
    assert result["cost"] == {"amount": 1.0, "currencyCode": "USD", "billingFrequency": "monthly"}
    assert result["isAgreementToNotResellRequired"] is False and "errorCode" not in result
    created = parse_iso(op["createdDateTime"])
    assert parse_iso(result["searchExpiresBy"]) - created == pytest.approx(16 * 60, abs=0.01)
    # the hold: another search cannot get these numbers until the hold expires
    other, dummy = m.search("US", dict(GEO_APP, areaCode="425"), 10)
    assert not set(m("search_result", other)["phoneNumbers"]) & set(result["phoneNumbers"])
    m.advance(parse_iso(result["searchExpiresBy"]) - m.clock.now() + 0.5)
    with pytest.raises(Conflict) as err:
        m("purchase", {"searchId": search_id})
    assert err.value.code == "ReservationExpired"
    assert m("stats")["ga_numbers_held"] == 8  # only the second search's numbers


def test_purchase_steps_back_and_is_bought_once(m):
    search_id, dummy = m.search("US", dict(GEO_APP, areaCode="206"), 2)
    numbers = m("search_result", search_id)["phoneNumbers"]
    started = m("purchase", {"searchId": search_id, "agreeToNotResell": False})
    assert started == {"purchaseId": search_id, "operationId": "purchase_" + search_id}
    assert m("purchase", {"searchId": search_id}) == started  # a retried request joins the same purchase
    op, seen = m.run(started["operationId"])
    assert seen == ["running", "notStarted", "succeeded"]
    assert op["resourceLocation"] is None and op["operationType"] == "purchase"
    assert m("stats")["ga_purchases"]["searches"] == {search_id: 1}
    got = m("purchased_number", numbers[0])
    assert got["phoneNumber"] == numbers[0] and got["id"] == numbers[0][1:] and got["assignmentType"] == "application"
    assert parse_iso(got["purchaseDate"]) >= parse_iso(op["createdDateTime"])
    assert m("purchased_number", numbers[1][1:])["phoneNumber"] == numbers[1]  # without '+'
    first, more = m("purchased_numbers", 0, 1)
    assert more and first[0]["phoneNumber"] == numbers[0]
    assert m("purchased_numbers", 1, 1) == ([got | {"phoneNumber": numbers[1], "id": numbers[1][1:]}], False)
    m.advance(20 * 60)  # the hold's expiry does not take purchased numbers back
    assert m("purchased_numbers", 0, 10)[0][0]["phoneNumber"] == numbers[0]


def test_out_of_stock(m):
    assert len(m.buy("DE", MOBILE_DE, 4)) == 4  # the DE mobile pool holds 2 numbers per area code
    search_id, op = m.search("DE", MOBILE_DE)
    assert op["status"] == "failed" and op["error"]["code"] == "OutOfStock"
    result = m("search_result", search_id)
    assert result["errorCode"] == 1000 and result["error"] == "OutOfStock" and result["phoneNumbers"] == []
    with pytest.raises(BadRequest):
        m("purchase", {"searchId": search_id})
    partial, dummy = m.search("US", dict(GEO_APP, areaCode="312"), 25)  # only 10 numbers per area code
    assert len(m("search_result", partial)["phoneNumbers"]) == 10


def test_agreement_to_not_resell(m):
    search_id, dummy = m.search("GB", MOBILE_GB)
    assert m("search_result", search_id)["isAgreementToNotResellRequired"] is True
    with pytest.raises(BadRequest) as err:
        m("purchase", {"searchId": search_id})
    assert (err.value.code, err.value.message) == ("BadRequest", "Do not resell agreement was not provided and it is required for this purchase.")
    assert m("stats")["ga_purchases"]["searches"] == {}
    assert len(m.buy("GB", MOBILE_GB, 1, agree=True)) == 1


def test_capabilities_release_and_not_found(m):
    tollfree = {"phoneNumberType": "tollFree", "assignmentType": "application", "capabilities": {"calling": "inbound+outbound", "sms": "none"}}
    number = m.buy("US", tollfree)[0]
    started = m("update_capabilities", number, {"sms": "outbound"})
    assert started["resourceLocation"] == "/phoneNumbers/" + number
    with pytest.raises(InProgress) as err:  # another update while this one runs is refused, naming it
        m("update_capabilities", number, {"sms": "outbound"})
    assert (err.value.code, err.value.operation_id) == ("UpdateInProgress", started["operationId"])
    op, seen = m.run(started["operationId"])
    assert seen == ["notStarted", "running", "succeeded"] and op["operationType"] == "updatePhoneNumberCapabilities"
    assert m("purchased_number", number)["capabilities"] == {"calling": "inbound+outbound", "sms": "outbound"}
    geo = m.buy("US", GEO_APP)[0]
    with pytest.raises(BadRequest) as err:  # geographic numbers here offer no SMS
        m("update_capabilities", geo, {"sms": "inbound"})
    assert err.value.target == "capabilities"
    with pytest.raises(BadRequest):
        m("update_capabilities", number, {"sms": "both"})
    release = m("release", number)
    assert release["operationId"] == "release_" + release["releaseId"]
    for repeat in (lambda: m("release", "+" + number[1:]), lambda: m("update_capabilities", number, {"calling": "inbound"})):
        with pytest.raises(InProgress) as err:  # while it runs, a repeat or an update is refused, naming the release
            repeat()
        assert (err.value.code, err.value.operation_id) == ("ReleaseInProgress", release["operationId"])
    with pytest.raises(Conflict):
        m("cancel_operation", release["operationId"])
    op, seen = m.run(release["operationId"])
    assert seen == ["notStarted", "running", "succeeded"] and op["resourceLocation"] is None
    with pytest.raises(NotFound) as err:
        m("purchased_number", number)
    assert (err.value.code, err.value.message, err.value.target) == ("NotFound", "Input phoneNumber %s cannot be found." % number,
                                                                     "phonenumber")
    # D9: a number the resource does not hold is accepted (202) and its operation fails, naming no one else
    gone = m("release", number)
    op, seen = m.run(gone["operationId"])
    assert op["status"] == "failed" and op["error"] == {"code": "InsufficientPermissions",
                                                        "message": "Phone number not owned by this resource.", "target": "phonenumber"}
    assert m("stats")["ga_releases"] == {number: 1}
    # D7 / D8: a capabilities update checks the body first ({} is 400 MissingInput), then ownership (403, also for a malformed number)
    with pytest.raises(BadRequest) as err:
        m("update_capabilities", number, {})
    assert (err.value.code, err.value.target) == ("MissingInput", "phonenumbercapabilitiesrequest")
    for unheld in (number, "invalid_phone_number"):
        with pytest.raises(Forbidden) as err:
            m("update_capabilities", unheld, {"calling": "none"})
        assert (err.value.code, err.value.message, err.value.target) == (
            "InsufficientPermissions", "Phone number not owned by this resource.", "phonenumber")
    with pytest.raises(BadRequest):
        m("purchased_number", "not-a-number")


def test_operator_information(m):
    number = m.buy("GB", MOBILE_GB, agree=True)[0]
    with pytest.raises(BadRequest) as err:  # D15: one number per request
        m("operator_information", {"phoneNumbers": [number, "+14255550100"]})
    assert (err.value.code, err.value.message, err.value.target) == ("BadRequest", "Can only accept one phoneNumber", None)
    plain = m("operator_information", {"phoneNumbers": [number]})["values"]
    assert plain == [{"phoneNumber": number, "nationalFormat": "07400 %s" % number[7:], "internationalFormat": "+44 7400 %s" % number[7:],
                      "isoCountryCode": None, "numberType": None, "operatorDetails": None}]
    us = m("operator_information", {"phoneNumbers": ["+14255550100"]})["values"][0]
    assert us["nationalFormat"] == "(425) 555-0100" and us["internationalFormat"] == "+1 425-555-0100"  # as recorded
    rich = m("operator_information", {"phoneNumbers": [number], "options": {"includeAdditionalOperatorDetails": True}})["values"]
    assert rich[0]["numberType"] == "mobile" and rich[0]["isoCountryCode"] == "GB"
    assert rich[0]["operatorDetails"] == {"name": "Microsoft", "mobileNetworkCode": "15", "mobileCountryCode": "234"}
    rich = m("operator_information", {"phoneNumbers": ["+18885553000"], "options": {"includeAdditionalOperatorDetails": True}})["values"]
    assert rich[0]["numberType"] == "other" and rich[0]["isoCountryCode"] == "US"
    assert rich[0]["operatorDetails"] == {"name": "Microsoft", "mobileNetworkCode": None, "mobileCountryCode": None}
    with pytest.raises(BadRequest):
        m("operator_information", {"phoneNumbers": []})


def _entry(number, body=None, country="US"):
    return {number[1:]: dict(body or GEO_APP, countryCode=country)}


def test_reservation_merge_patch_and_purchase(m):
    rid = str(uuid.uuid4())
    found = m("browse", "US", {"phoneNumberType": "geographic", "assignmentType": "application"})["phoneNumbers"]
    a, b = found[0]["phoneNumber"], found[1]["phoneNumber"]
    outcome, res = m("create_or_update_reservation", rid, {"phoneNumbers": _entry(a)})
    assert outcome == "created" and res["status"] == "active" and res["phoneNumbers"][a[1:]]["status"] == "reserved"
    assert res["phoneNumbers"][a[1:]]["cost"]["currencyCode"] == "USD"
    m.advance(60)
    outcome, res = m("create_or_update_reservation", rid, {"phoneNumbers": dict(_entry(a), **_entry(b))})
    assert outcome == "updated" and sorted(res["phoneNumbers"]) == sorted([a[1:], b[1:]])
    outcome, res = m("create_or_update_reservation", rid, {"phoneNumbers": {a[1:]: None}})
    assert outcome == "updated" and list(res["phoneNumbers"]) == [b[1:]]
    assert m("browse", "US", {"phoneNumberType": "geographic", "phoneNumberPrefixes": [a[1:]]})["phoneNumbers"][0]["phoneNumber"] == a
    # 207: a number someone else holds, and a number of another offering
    other = str(uuid.uuid4())
    outcome, res = m("create_or_update_reservation", other, {"phoneNumbers": dict(_entry(b), **_entry(a))})
    assert outcome == "partial"
    assert res["phoneNumbers"][b[1:]]["status"] == "error"
    assert res["phoneNumbers"][b[1:]]["error"] == {"code": "FailedToReserveNumber", "message": "Failed to add the number to the reservation."}
    assert res["phoneNumbers"][a[1:]]["status"] == "reserved"
    assert list(m("reservation", other)["phoneNumbers"]) == [a[1:]]  # failed numbers are not kept
    person = dict(GEO_APP, assignmentType="person")
    assert m("create_or_update_reservation", other, {"phoneNumbers": _entry("+12065551000", person)})[0] == "partial"
    # list: no numbers in the items, pages of maxPageSize
    items, more = m("reservations", 0, 1)
    assert more and items == [{"id": rid, "expiresAt": m("reservation", rid)["expiresAt"], "status": "active"}]
    # purchase: submitted, then completed; numbers purchased; nothing can change it any more
    with pytest.raises(BadRequest):
        m("purchase_reservation", other, {"agreeToNotResell": "yes"})
    started = m("purchase_reservation", rid, None)
    assert started == {"reservationPurchaseId": rid, "operationId": "reservationPurchase_" + rid}
    assert m("reservation", rid)["status"] == "submitted"
    for action, args in (("create_or_update_reservation", (rid, {"phoneNumbers": {}})), ("delete_reservation", (rid,)),
                         ("purchase_reservation", (rid, {}))):
        with pytest.raises(Conflict) as err:
            m(action, *args)
        assert err.value.code == "ReservationNotActive"
    op, seen = m.run(started["operationId"])
    assert seen == ["running", "notStarted", "succeeded"] and op["operationType"] == "reservationPurchase"
    done = m("reservation", rid)
    assert done["status"] == "completed" and done["phoneNumbers"][b[1:]]["status"] == "purchased"
    assert m("purchased_number", b)["phoneNumber"] == b
    assert m("stats")["ga_purchases"]["reservations"] == {rid: 1}
    # delete: numbers back to the pool, then gone
    m("delete_reservation", other)
    with pytest.raises(NotFound):
        m("reservation", other)
    assert m("stats")["ga_numbers_held"] == 0
    # the service deletes reservations a month after creation
    m.advance(31 * 86400)
    with pytest.raises(NotFound):
        m("reservation", rid)
    with pytest.raises(BadRequest):
        m("create_or_update_reservation", "not-a-uuid", {})
    with pytest.raises(BadRequest) as err:  # an entry without its type: the whole request is refused
        m("create_or_update_reservation", str(uuid.uuid4()), {"phoneNumbers": {"12065551000": {"countryCode": "US"}}})
    assert err.value.target.endswith("phoneNumberType")


def test_reservation_expiry(m):
    rid = str(uuid.uuid4())
    number = m("browse", "CA", {"phoneNumberType": "geographic"})["phoneNumbers"][0]
    key = number["id"]
    entry = {key: {"countryCode": "CA", "phoneNumberType": number["phoneNumberType"], "assignmentType": number["assignmentType"],
                   "capabilities": number["capabilities"]}}
    dummy, res = m("create_or_update_reservation", rid, {"phoneNumbers": entry})
    created = parse_iso(res["expiresAt"]) - 15 * 60
    # each change extends the hold to 15 minutes after it, at most 2 hours after creation
    for dummy in range(8):  # the last change at 112 minutes
        m.advance(14 * 60)
        dummy, res = m("create_or_update_reservation", rid, {"phoneNumbers": {}})
    assert parse_iso(res["expiresAt"]) == pytest.approx(created + 2 * 3600, abs=0.01)
    assert m("reservation", rid)["status"] == "active"
    m.advance(created + 2 * 3600 - m.clock.now() + 1)
    expired = m("reservation", rid)
    assert expired["status"] == "expired" and expired["phoneNumbers"][key]["status"] == "expired"
    assert m("stats")["ga_numbers_held"] == 0
    with pytest.raises(Conflict):
        m("purchase_reservation", rid, {"agreeToNotResell": True})
    # an idle reservation expires 15 minutes after its last change
    idle = str(uuid.uuid4())
    m("create_or_update_reservation", idle, {"phoneNumbers": entry})
    m.advance(14 * 60)
    assert m("reservation", idle)["status"] == "active"
    m.advance(61)
    assert m("reservation", idle)["status"] == "expired"


def test_reservation_agreement_and_empty_purchase(m):
    rid = str(uuid.uuid4())
    m("create_or_update_reservation", rid, {})
    with pytest.raises(BadRequest):
        m("purchase_reservation", rid, {})
    number = m("browse", "FR", {"phoneNumberType": "geographic"})["phoneNumbers"][0]
    assert "isAgreementToNotResellRequired" not in number  # D2: not on 2025-06-01
    dummy, res = m("create_or_update_reservation", rid, {"phoneNumbers": {number["id"]: {
        "countryCode": "FR", "phoneNumberType": "geographic", "assignmentType": "application", "capabilities": {"calling": "outbound", "sms": "none"}}}})
    assert "isAgreementToNotResellRequired" not in res["phoneNumbers"][number["id"]]
    with pytest.raises(BadRequest) as err:
        m("purchase_reservation", rid, {"agreeToNotResell": False})
    assert (err.value.code, err.value.message) == ("BadRequest", "Consent not provided to not resell the phone numbers")
    assert m("reservation", rid)["status"] == "active"
    assert m("purchase_reservation", rid, {"agreeToNotResell": True})["operationId"] == "reservationPurchase_" + rid


def test_cancel_search_operation_drops_the_hold(m):
    search_id, op = m.search("AU", GEO_APP | {"capabilities": {"calling": "inbound", "sms": "none"}}, 2)
    assert m("stats")["ga_numbers_held"] == 2
    m("cancel_operation", op["id"])
    assert m("stats")["ga_numbers_held"] == 0
    for name, arg in (("operation", op["id"]), ("search_result", search_id)):
        with pytest.raises(NotFound):
            m(name, arg)


def test_recorded_timing_is_seeded_and_divided_by_speed():
    def durations(seed, speed):
        model = Model(speed=speed)
        model.ga.timing.set("recorded", seed)
        out = []
        for dummy in range(5):
            started = model("search", "US", dict(GEO_APP, quantity=1))
            doc = model.store.get_op("ga_op", started["operationId"])
            out.append(doc["_steps"][-1][0] - doc["_steps"][0][0])
        model.store.close()
        return out
    first = durations(7, 1.0)
    low, high = RECORDED_SPREAD["search"]
    assert all(low <= d <= high for d in first) and len(set(round(d, 6) for d in first)) == 5
    assert durations(7, 1.0) == pytest.approx(first)
    assert durations(7, 10.0) == pytest.approx([d / 10 for d in first])
    assert durations(8, 1.0) != pytest.approx(first)
    with pytest.raises(BadRequest):
        Model().ga.timing.set("random")


def test_state_survives_a_restart(tmp_path):
    path = str(tmp_path / "state.sqlite")
    m = Model(path)
    search_id, dummy = m.search("US", GEO_APP, 1)
    started = m("purchase", {"searchId": search_id})
    rid = str(uuid.uuid4())
    number = m("browse", "US", {"phoneNumberType": "tollFree"})["phoneNumbers"][0]
    m("create_or_update_reservation", rid, {"phoneNumbers": {number["id"]: {
        "countryCode": "US", "phoneNumberType": "tollFree", "assignmentType": number["assignmentType"],
        "capabilities": {"calling": "inbound", "sms": "none"}}}})
    m.store.close()
    m = Model(path)
    op, _seen = m.run(started["operationId"])
    assert op["status"] == "succeeded" and len(m("purchased_numbers", 0, 10)[0]) == 1
    assert m("reservation", rid)["phoneNumbers"][number["id"]]["status"] == "reserved"
    assert m("purchase", {"searchId": search_id})["operationId"] == started["operationId"]
    assert m("stats")["ga_purchases"]["searches"] == {search_id: 1}
    m.store.close()
