"""Phone numbers 2025-06-01 on the wire: LRO headers and statuses, paging, accept-language, errors, faults, the request
log, stats, timing and restarts (signed requests over HTTPS; the SDK suite is test_conformance_phonenumbers_ga.py)."""

import time
import uuid
from urllib.parse import urlparse

import pytest
import requests

from .helpers import Emulator

GA = "2025-06-01"
V = "?api-version=" + GA
GEO_APP = {"phoneNumberType": "geographic", "assignmentType": "application", "capabilities": {"calling": "inbound+outbound", "sms": "none"}}
MERGE_PATCH = {"Content-Type": "application/merge-patch+json"}
NEVER = "0001-01-01T00:00:00+00:00"


def ga(emu, method, path, query="", body=None, **kw):
    """A signed 2025-06-01 request (api-version appended)."""
    return emu.call(method, path, (query + "&" if query else "") + "api-version=" + GA, body, **kw)


def follow(emu, link):
    """GET a nextLink or Location as the SDK does (signed, verbatim)."""
    parsed = urlparse(link)
    return emu.call("GET", parsed.path, parsed.query)


def _op(emu, op_id):
    return ga(emu, "GET", "/phoneNumbers/operations/" + op_id)


def _search(emu, country="US", body=None, **extra):
    return ga(emu, "POST", "/availablePhoneNumbers/countries/%s/:search" % country, body=dict(body or GEO_APP, **extra))


def _finish(emu, op_id):
    emu.advance(60)
    done = _op(emu, op_id).json()
    assert done["status"] == "succeeded", done
    return done


def _buy(emu, quantity=1, **extra):
    search_id = _search(emu, quantity=quantity, **extra).headers["search-id"]
    _finish(emu, "search_" + search_id)
    numbers = ga(emu, "GET", "/availablePhoneNumbers/searchResults/" + search_id).json()["phoneNumbers"]
    _finish(emu, ga(emu, "POST", "/availablePhoneNumbers/:purchase", body={"searchId": search_id}).headers["operation-id"])
    return numbers


def test_search_and_purchase_on_the_wire(slow):
    emu = slow
    resp = _search(emu, areaCode="206", quantity=2)
    search_id = resp.headers["search-id"]
    assert resp.status_code == 202 and resp.content == b"" and resp.headers["Content-Length"] == "0"
    assert resp.headers["Location"] == "/availablePhoneNumbers/searchResults/%s%s" % (search_id, V)
    assert resp.headers["Operation-Location"] == "/phoneNumbers/operations/search_%s%s" % (search_id, V)
    assert resp.headers["operation-id"] == "search_" + search_id and uuid.UUID(search_id)
    assert resp.headers["Access-Control-Expose-Headers"] == "Location,Operation-Location,operation-id,search-id"
    op = follow(emu, resp.headers["Operation-Location"])
    assert op.json()["status"] == "notStarted" and op.headers["Location"] == resp.headers["Location"]
    assert op.json()["resourceLocation"] == resp.headers["Location"] and op.json()["lastActionDateTime"] == NEVER
    assert follow(emu, resp.headers["Location"]).status_code == 404  # no result before the search has finished
    emu.advance(1.5)
    assert _op(emu, "search_" + search_id).json()["status"] == "running"
    emu.advance(3)
    assert _op(emu, "search_" + search_id).json()["status"] == "succeeded"
    result = follow(emu, resp.headers["Location"]).json()
    assert len(result["phoneNumbers"]) == 2 and result["searchId"] == search_id
    # purchase: running, back to notStarted, then succeeded; no resourceLocation and no Location
    resp = ga(emu, "POST", "/availablePhoneNumbers/:purchase", body={"searchId": search_id, "agreeToNotResell": False})
    assert resp.status_code == 202 and resp.content == b""
    assert resp.headers["Operation-Location"] == "/phoneNumbers/operations/purchase_%s%s" % (search_id, V)
    assert resp.headers["purchase-id"] == search_id and "Location" not in resp.headers
    statuses = [_op(emu, "purchase_" + search_id).json()["status"]]
    for step in (6, 20):
        emu.advance(step)
        statuses.append(_op(emu, "purchase_" + search_id).json()["status"])
    assert statuses == ["running", "notStarted", "succeeded"]
    op = _op(emu, "purchase_" + search_id)
    assert op.json()["resourceLocation"] is None and "Location" not in op.headers
    listed = ga(emu, "GET", "/phoneNumbers").json()
    assert [n["phoneNumber"] for n in listed["phoneNumbers"]] == result["phoneNumbers"] and "nextLink" not in listed  # D4


def test_paging(emu):
    first = ga(emu, "GET", "/availablePhoneNumbers/countries", "skip=0&maxPageSize=4")
    assert first.status_code == 200 and len(first.json()["countries"]) == 4
    assert first.headers["Cache-Control"] == "max-age=21600, private, stale-while-revalidate=86400"
    # D5: relative, the request's parameters in their order with skip advanced
    assert first.json()["nextLink"] == "/availablePhoneNumbers/countries?skip=4&maxPageSize=4&api-version=2025-06-01"
    for path, query in (("/availablePhoneNumbers/countries/US/areaCodes", "phoneNumberType=tollFree"),
                        ("/availablePhoneNumbers/countries/US/offerings", ""), ("/availablePhoneNumbers/countries/US/localities", "")):
        assert ga(emu, "GET", path, query).headers["Cache-Control"] == "max-age=21600, private, stale-while-revalidate=86400", path
    assert ga(emu, "GET", "/availablePhoneNumbers/countries").json()["nextLink"] is None  # catalogue: null on the last page
    second = follow(emu, first.json()["nextLink"])
    assert len(second.json()["countries"]) == 4
    assert second.json()["nextLink"] == "/availablePhoneNumbers/countries?skip=8&maxPageSize=4&api-version=2025-06-01"
    last = ga(emu, "GET", "/availablePhoneNumbers/countries", "skip=40&maxPageSize=40").json()  # the recorded 42
    assert [c["countryCode"] for c in last["countries"]] == ["GB", "US"] and last["nextLink"] is None
    numbers = _buy(emu, 3)
    page = ga(emu, "GET", "/phoneNumbers", "top=2").json()
    assert page["nextLink"] == "/phoneNumbers?top=2&api-version=2025-06-01&skip=2"  # D4: as recorded
    rest = follow(emu, page["nextLink"]).json()
    assert [n["phoneNumber"] for n in page["phoneNumbers"] + rest["phoneNumbers"]] == numbers and "nextLink" not in rest
    ids = [str(uuid.uuid4()) for dummy in range(3)]
    for rid in ids:
        assert ga(emu, "PATCH", "/availablePhoneNumbers/reservations/" + rid, body={}, headers=MERGE_PATCH).status_code == 201
    page = ga(emu, "GET", "/availablePhoneNumbers/reservations", "maxPageSize=2").json()
    rest = follow(emu, page["nextLink"]).json()
    assert [r["id"] for r in page["reservations"] + rest["reservations"]] == ids and rest["nextLink"] is None
    assert ga(emu, "GET", "/availablePhoneNumbers/countries", "maxPageSize=0").status_code == 400


def test_accept_language_and_catalogue(emu):
    french = ga(emu, "GET", "/availablePhoneNumbers/countries", headers={"accept-language": "fr-FR"}).json()["countries"]
    assert {"countryCode": "DE", "localizedName": "Allemagne"} in french
    localities = ga(emu, "GET", "/availablePhoneNumbers/countries/DE/localities", "administrativeDivision=BY",
                    headers={"accept-language": "de-DE"}).json()
    assert localities == {"phoneNumberLocalities": [{"localizedName": "München", "administrativeDivision": {
        "localizedName": "Bayern", "abbreviatedName": "BY"}}], "nextLink": None}
    codes = ga(emu, "GET", "/availablePhoneNumbers/countries/US/areaCodes",
               "phoneNumberType=geographic&skip=0&maxPageSize=100&assignmentType=application&locality=Seattle").json()
    assert codes == {"areaCodes": [{"areaCode": "206"}, {"areaCode": "425"}], "nextLink": None}
    missing = ga(emu, "GET", "/availablePhoneNumbers/countries/US/areaCodes")
    assert missing.status_code == 400 and missing.json()["error"]["target"] == "phoneNumberType"
    offerings = ga(emu, "GET", "/availablePhoneNumbers/countries/AU/offerings", "phoneNumberType=mobile").json()["phoneNumberOfferings"]
    assert offerings == [{"phoneNumberType": "mobile", "assignmentType": "application",
                          "availableCapabilities": {"calling": "inbound+outbound", "sms": "inbound+outbound"},
                          "cost": {"amount": 4.0, "currencyCode": "AUD", "billingFrequency": "monthly"}}]


def test_errors_numbers_and_capabilities(emu):
    missing = ga(emu, "GET", "/phoneNumbers/%2B14255550199")
    assert missing.status_code == 404 and missing.headers["Content-Type"] == "application/json"
    assert missing.json() == {"error": {"code": "NotFound", "message": "Input phoneNumber +14255550199 cannot be found.", "target": "phonenumber"}}
    assert ga(emu, "GET", "/administration/phonenumbers/countries").json()["error"]["code"] == "UnsupportedApiVersion"
    number = _buy(emu)[0]
    assert ga(emu, "GET", "/phoneNumbers/" + number).json()["phoneNumber"] == number  # raw '+'
    assert ga(emu, "GET", "/phoneNumbers/%2B" + number[1:]).json()["id"] == number[1:]
    resp = ga(emu, "PATCH", "/phoneNumbers/%2B" + number[1:] + "/capabilities", body={"calling": "outbound"}, headers=MERGE_PATCH)
    assert resp.status_code == 202 and resp.headers["Location"] == "/phoneNumbers/%s%s" % (number, V)
    assert resp.json() == {"capabilitiesUpdateId": resp.headers["capabilities-id"]}  # D6
    assert resp.headers["capabilities-id"] in resp.headers["operation-id"]
    _finish(emu, resp.headers["operation-id"])
    assert follow(emu, resp.headers["Location"]).json()["capabilities"]["calling"] == "outbound"
    refused = ga(emu, "PATCH", "/phoneNumbers/" + number + "/capabilities", body={"sms": "inbound"}, headers=MERGE_PATCH)
    assert refused.status_code == 400 and refused.json()["error"]["target"] == "capabilities"
    # agreement to not resell, and a search that finds nothing
    mobile = {"phoneNumberType": "mobile", "assignmentType": "person", "capabilities": {"calling": "inbound", "sms": "outbound"}}
    search_id = _search(emu, "GB", mobile).headers["search-id"]
    _finish(emu, "search_" + search_id)
    refused = ga(emu, "POST", "/availablePhoneNumbers/:purchase", body={"searchId": search_id})
    assert refused.status_code == 400 and refused.json()["error"] == {
        "code": "BadRequest", "message": "Do not resell agreement was not provided and it is required for this purchase."}
    empty = _search(emu, areaCode="999").headers["operation-id"]
    emu.advance(60)
    failed = _op(emu, empty).json()
    assert failed["status"] == "failed" and failed["error"]["code"] == "OutOfStock"
    result = ga(emu, "GET", "/availablePhoneNumbers/searchResults/" + empty[len("search_"):]).json()
    assert result["errorCode"] == 1000 and result["error"] == "OutOfStock"
    operator = ga(emu, "POST", "/operatorInformation/:search", body={"phoneNumbers": [number], "options": {"includeAdditionalOperatorDetails": True}})
    assert operator.json()["values"][0]["numberType"] == "geographic" and operator.json()["values"][0]["isoCountryCode"] == "US"


def test_reservations_on_the_wire(emu):
    found = ga(emu, "POST", "/availablePhoneNumbers/countries/US/:browse", body={"phoneNumberType": "tollFree"}).json()["phoneNumbers"]
    entry = {k: found[0][k] for k in ("countryCode", "phoneNumberType", "assignmentType", "capabilities")}
    rid, path = str(uuid.uuid4()), "/availablePhoneNumbers/reservations/"
    created = ga(emu, "PATCH", path + rid, body={"phoneNumbers": {found[0]["id"]: entry}}, headers=MERGE_PATCH)
    assert created.status_code == 201 and created.json()["phoneNumbers"][found[0]["id"]]["status"] == "reserved"
    assert ga(emu, "PATCH", path + rid, body={"phoneNumbers": {found[0]["id"]: entry}}, headers=MERGE_PATCH).status_code == 200
    other = str(uuid.uuid4())
    partial = ga(emu, "PATCH", path + other, body={"phoneNumbers": {found[0]["id"]: entry}}, headers=MERGE_PATCH)
    assert partial.status_code == 207 and partial.json()["phoneNumbers"][found[0]["id"]]["error"]["code"] == "FailedToReserveNumber"
    assert ga(emu, "GET", path + other).json()["phoneNumbers"] == {}
    assert ga(emu, "DELETE", path + other).status_code == 204
    assert ga(emu, "GET", path + other).status_code == 404
    assert ga(emu, "PATCH", path + "not-a-uuid", body={}, headers=MERGE_PATCH).status_code == 400
    # expiry: 15 minutes after the last change; then 409 with a CommunicationError
    emu.advance(15 * 60 + 1)
    assert ga(emu, "GET", path + rid).json()["status"] == "expired"
    for method, suffix, body in (("PATCH", "", {}), ("DELETE", "", None), ("POST", "/:purchase", {"agreeToNotResell": True})):
        resp = ga(emu, method, path + rid + suffix, body=body, headers=MERGE_PATCH if method == "PATCH" else None)
        assert resp.status_code == 409 and resp.json()["error"]["code"] == "ReservationNotActive"
        assert resp.headers["Content-Type"] == "application/json"
    # purchase, then a month later the service deletes the reservation
    again = str(uuid.uuid4())
    ga(emu, "PATCH", path + again, body={"phoneNumbers": {found[0]["id"]: entry}}, headers=MERGE_PATCH)
    resp = ga(emu, "POST", path + again + "/:purchase", body={"agreeToNotResell": False})
    assert resp.status_code == 202 and resp.content == b"" and resp.headers["reservation-purchase-id"] == again
    assert resp.headers["Operation-Location"] == "/phoneNumbers/operations/reservationPurchase_%s%s" % (again, V)
    _finish(emu, "reservationPurchase_" + again)
    assert ga(emu, "GET", path + again).json()["status"] == "completed"
    emu.advance(31 * 86400)
    assert ga(emu, "GET", path + again).status_code == 404
    assert ga(emu, "GET", "/phoneNumbers/" + found[0]["phoneNumber"]).status_code == 200


def _faults(emu, **config):
    return emu.control("PUT", "faults", config)["faults"]


def test_faults_log_and_stats(emu):
    search_id = _search(emu, quantity=2).headers["search-id"]
    _finish(emu, "search_" + search_id)
    numbers = ga(emu, "GET", "/availablePhoneNumbers/searchResults/" + search_id).json()["phoneNumbers"]
    # a lost answer: the purchase happened; the client's retry joins it instead of buying again
    _faults(emu, rate=1, kinds=["lost_response"], operations=["PhoneNumbers_PurchasePhoneNumbers"])
    with pytest.raises(requests.ConnectionError):
        ga(emu, "POST", "/availablePhoneNumbers/:purchase", body={"searchId": search_id})
    emu.control("DELETE", "faults")
    retry = ga(emu, "POST", "/availablePhoneNumbers/:purchase", body={"searchId": search_id})
    assert retry.status_code == 202 and retry.headers["operation-id"] == "purchase_" + search_id
    _finish(emu, "purchase_" + search_id)
    # 429 with Retry-After on polls; a dropped release sends nothing; a repeated release is refused, naming the first
    _faults(emu, rate=1, kinds=["429"], operations=["PhoneNumbers_GetOperation"], retry_after=2)
    throttled = _op(emu, "purchase_" + search_id)
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "2"
    _faults(emu, rate=1, kinds=["drop"], operations=["PhoneNumbers_ReleasePhoneNumber"])
    with pytest.raises(requests.ConnectionError):
        ga(emu, "DELETE", "/phoneNumbers/" + numbers[0])
    emu.control("DELETE", "faults")
    first = ga(emu, "DELETE", "/phoneNumbers/" + numbers[0])
    again = ga(emu, "DELETE", "/phoneNumbers/" + numbers[0])
    assert first.status_code == 202 and again.status_code == 409 and again.json()["error"]["code"] == "ReleaseInProgress"
    assert first.headers["Operation-Location"] == "/phoneNumbers/operations/release_%s%s" % (first.headers["release-id"], V)
    assert again.headers["Operation-Location"] == first.headers["Operation-Location"]
    assert again.headers["operation-id"] == first.headers["operation-id"] and again.headers["Content-Type"] == "application/json"
    _finish(emu, first.headers["operation-id"])
    stats = emu.control("GET", "stats")
    assert stats["ga_purchases"]["searches"] == {search_id: 1} and stats["ga_releases"] == {numbers[0]: 1}
    assert stats["ga_numbers_purchased"] == 1
    log = [(r["operation"], r["fault"], r["status"]) for r in emu.control("GET", "requests")["requests"] if r["fault"]]
    assert log == [("PhoneNumbers_PurchasePhoneNumbers", "lost_response", 202), ("PhoneNumbers_GetOperation", "429", 429),
                   ("PhoneNumbers_ReleasePhoneNumber", "drop", None)]


def test_timing_setting(emu):
    assert emu.control("GET", "timing") == {"timing": {"mode": "fixed", "seed": 0}}
    try:
        assert emu.control("PUT", "timing", {"mode": "recorded", "seed": 5}) == {"timing": {"mode": "recorded", "seed": 5}}
        resp = emu.session.put(emu.endpoint + "/_emulator/timing", json={"mode": "slow"}, verify=emu.ca, timeout=30)
        assert resp.status_code == 400
    finally:
        emu.control("PUT", "timing", {"mode": "fixed"})


def test_operation_schedule_control(slow):
    """GET /_emulator/operations/{id}: each step's real wall-clock time, the terminal one included, for benchmarks."""
    before = time.time()
    search_id = _search(slow).headers["search-id"]
    view = slow.control("GET", "operations/search_" + search_id)
    assert [s["status"] for s in view["steps"]] == ["notStarted", "running", "succeeded"]
    assert view["operationType"] == "search" and view["status"] == "notStarted" and view["step"] == 0
    start = view["steps"][0]["at"]
    assert before - 0.5 <= start <= time.time() + 0.5
    assert view["terminalAt"] == view["steps"][-1]["at"] and view["terminalAt"] - start == pytest.approx(4.0)  # fixed timing
    _finish(slow, "search_" + search_id)
    done = slow.control("GET", "operations/search_" + search_id)
    # the clock moved 60 s forward: the same steps, now 60 s earlier on the wall clock
    assert done["status"] == "succeeded" and done["step"] == 2 and done["clockOffset"] == view["clockOffset"] + 60
    assert done["terminalAt"] == pytest.approx(view["terminalAt"] - 60)
    resp = slow.session.get(slow.endpoint + "/_emulator/operations/search_nope", verify=slow.ca, timeout=30)
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "NotFound"


def test_recorded_timing_and_restart(tmp_path):
    state = str(tmp_path / "state" / "acs.db")
    emu = Emulator(tmp_path, "--state", state, "--speed", "1", "--timing", "recorded", "--timing-seed", "3")
    try:
        assert emu.control("GET", "timing") == {"timing": {"mode": "recorded", "seed": 3}}
        search_id = _search(emu).headers["search-id"]
        emu.advance(1.2)  # a recorded search takes 1.4 to 10 seconds
        assert _op(emu, "search_" + search_id).json()["status"] != "succeeded"
        emu.advance(8.9)
        assert _op(emu, "search_" + search_id).json()["status"] == "succeeded"
        assert ga(emu, "POST", "/availablePhoneNumbers/:purchase", body={"searchId": search_id}).status_code == 202
        rid = str(uuid.uuid4())
        assert ga(emu, "PATCH", "/availablePhoneNumbers/reservations/" + rid, body={}, headers=MERGE_PATCH).status_code == 201
    finally:
        assert emu.stop() == 0
    emu = Emulator(tmp_path, "--state", state, "--speed", "1")
    try:
        assert _op(emu, "purchase_" + search_id).json()["status"] in ("running", "notStarted")
        emu.advance(3)  # a recorded purchase takes 5 to 7 seconds
        assert _op(emu, "purchase_" + search_id).json()["status"] != "succeeded"
        emu.advance(4.1)
        assert _op(emu, "purchase_" + search_id).json()["status"] == "succeeded"
        assert len(ga(emu, "GET", "/phoneNumbers").json()["phoneNumbers"]) == 1
        assert ga(emu, "GET", "/availablePhoneNumbers/reservations/" + rid).json()["status"] == "active"
        assert emu.control("GET", "stats")["ga_purchases"]["searches"] == {search_id: 1}
        assert emu.control("GET", "timing") == {"timing": {"mode": "recorded", "seed": 3}}  # the setting survives too
    finally:
        assert emu.stop() == 0


def test_cancel_operation(slow):
    emu = slow
    search_id = _search(emu, quantity=2).headers["search-id"]
    emu.advance(5)
    assert emu.control("GET", "stats")["ga_numbers_held"] == 2
    cancelled = ga(emu, "DELETE", "/phoneNumbers/operations/search_" + search_id)
    assert cancelled.status_code == 204 and cancelled.content == b"" and cancelled.headers["Content-Length"] == "0"
    assert emu.control("GET", "stats")["ga_numbers_held"] == 0  # the hold is dropped
    assert _op(emu, "search_" + search_id).status_code == 404
    assert ga(emu, "GET", "/availablePhoneNumbers/searchResults/" + search_id).status_code == 404
    assert ga(emu, "DELETE", "/phoneNumbers/operations/search_" + search_id).status_code == 404
    # a purchase under way cannot be cancelled; once it has finished its record can be
    search_id = _search(emu).headers["search-id"]
    emu.advance(5)
    ga(emu, "POST", "/availablePhoneNumbers/:purchase", body={"searchId": search_id})
    refused = ga(emu, "DELETE", "/phoneNumbers/operations/purchase_" + search_id)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "OperationNotCancellable"
    emu.advance(30)
    assert ga(emu, "DELETE", "/phoneNumbers/operations/purchase_" + search_id).status_code == 204
    again = ga(emu, "POST", "/availablePhoneNumbers/:purchase", body={"searchId": search_id})
    assert again.status_code == 409 and again.json()["error"]["code"] == "SearchAlreadyPurchased"
    assert len(ga(emu, "GET", "/phoneNumbers").json()["phoneNumbers"]) == 1
    assert emu.control("GET", "stats")["ga_purchases"]["searches"] == {search_id: 1}
