"""PhoneNumberAdministration behaviour: catalogue, searches, purchases, cancels, expiry, releases, capabilities, configuration."""

import re

from .helpers import acquire, create_search, plan_ids

ISO7 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$")


def _status(emu, search_id):
    return emu.pn("GET", "/searches/" + search_id).json()


def test_catalogue(emu):
    groups = emu.pn("GET", "/countries/US/phoneplangroups").json()
    assert groups["nextLink"] is None
    assert all("rateInformation" not in g for g in groups["phonePlanGroups"])
    rated = emu.pn("GET", "/countries/US/phoneplangroups", "includeRateInformation=true").json()["phonePlanGroups"]
    assert all(g["rateInformation"]["currencyType"] == "USD" for g in rated)
    assert emu.pn("GET", "/countries/XX/phoneplangroups").status_code == 404
    plans = plan_ids(emu)
    geo_group, geo = plans["Geographic"]
    tf_group, tollfree = plans["TollFree"]
    assert emu.pn("GET", "/countries/CA/phoneplangroups/%s/phoneplans" % geo_group).status_code == 404
    tf_plans = emu.pn("GET", "/countries/US/phoneplangroups/%s/phoneplans" % tf_group).json()["phonePlans"]
    assert tf_plans[0]["locationType"] == "NotRequired" and tf_plans[0]["areaCodes"] == ["833"]
    options = emu.pn("GET", "/countries/US/phoneplangroups/%s/phoneplans/%s/locationoptions" % (geo_group, geo[0])).json()
    states = {o["value"]: o for o in options["locationOptions"]["options"]}
    cities = states["CA"]["locationOptions"][0]["options"]
    assert "NOAM-US-CA-LA" in [c["value"] for c in cities]
    # area codes: location filter, case-insensitive location type, wrong type, missing parameters
    query = "locationType=selection&phonePlanId=" + geo[0]
    by_city = emu.pn("POST", "/countries/US/areacodes", query, {"locationOptions": [
        {"labelId": "state", "optionsValue": "CA"}, {"labelId": "city", "optionsValue": "NOAM-US-CA-LA"}]}).json()
    assert by_city == {"primaryAreaCodes": ["213", "818"], "secondaryAreaCodes": [], "nextLink": None}
    by_state = emu.pn("POST", "/countries/US/areacodes", query, {"locationOptions": [{"labelId": "state", "optionsValue": "CA"}]}).json()
    assert set(by_state["primaryAreaCodes"]) == {"213", "818", "415", "628"}
    toll = emu.pn("POST", "/countries/US/areacodes", "locationType=notrequired&phonePlanId=" + tollfree[0]).json()
    assert toll["primaryAreaCodes"] == ["833"]
    assert emu.pn("POST", "/countries/US/areacodes", "locationType=CivicAddress&phonePlanId=" + geo[0]).status_code == 400
    assert emu.pn("POST", "/countries/US/areacodes", "phonePlanId=" + geo[0]).status_code == 400
    assert emu.pn("POST", "/countries/CA/areacodes", query).status_code == 404
    # localized names
    ca_fr = emu.pn("GET", "/countries/CA/phoneplangroups", "locale=fr-CA").json()["phonePlanGroups"]
    ca_en = emu.pn("GET", "/countries/CA/phoneplangroups", "locale=en-US").json()["phonePlanGroups"]
    assert ca_fr[0]["localizedName"] != ca_en[0]["localizedName"]


def test_search_reserve_purchase(slow):
    emu = slow
    geo = plan_ids(emu)["Geographic"][1]
    resp = create_search(emu, geo[0], "425", 3)
    assert resp.status_code == 201
    search_id = resp.json()["searchId"]
    first = _status(emu, search_id)
    assert first["status"] == "Pending" and first["phoneNumbers"] == [] and "reservationExpiryDate" not in first
    assert ISO7.match(first["createdAt"])
    assert emu.pn("POST", "/searches/%s/purchase" % search_id).status_code == 409
    emu.advance(2.5)
    assert _status(emu, search_id)["status"] == "InProgress"
    emu.advance(3)
    reserved = _status(emu, search_id)
    assert reserved["status"] == "Reserved" and len(reserved["phoneNumbers"]) == 3
    assert all(n.startswith("+1425") for n in reserved["phoneNumbers"])
    assert ISO7.match(reserved["reservationExpiryDate"])
    stats = emu.control("GET", "stats")
    assert stats["numbers_reserved"] == 3
    assert emu.pn("POST", "/searches/%s/purchase" % search_id).status_code == 202
    seen = [_status(emu, search_id)["status"]]
    for dummy in range(3):
        emu.advance(10.5)
        seen.append(_status(emu, search_id)["status"])
    assert seen == ["Completing", "PurchasePending", "PurchasePending", "Success"]
    assert emu.pn("POST", "/searches/%s/purchase" % search_id).status_code == 202  # recorded: a purchased search answers 202
    assert _status(emu, search_id)["status"] == "Success"
    acquired = emu.pn("GET", "/phonenumbers").json()
    assert [n["phoneNumber"] for n in acquired["phoneNumbers"]] == reserved["phoneNumbers"]
    number = acquired["phoneNumbers"][0]
    assert number["assignmentStatus"] == "Unassigned" and number["activationState"] == "Activated"
    assert number["placeName"] == "Redmond, United States"
    stats = emu.control("GET", "stats")
    assert stats["purchases"] == {search_id: 1} and stats["numbers_acquired"] == 3 and stats["numbers_reserved"] == 0
    entity = emu.pn("GET", "/searches").json()["entities"][0]
    assert entity["id"] == search_id and entity["status"] == "Success" and entity["quantityObtained"] == 3


def test_search_validation_changes_nothing(emu):
    geo = plan_ids(emu)["Geographic"][1]
    bad_bodies = [
        {"description": "d", "phonePlanIds": [geo[0]], "areaCode": "213", "quantity": 1},
        {"displayName": "x" * 256, "description": "d", "phonePlanIds": [geo[0]], "areaCode": "213", "quantity": 1},
        {"displayName": "n", "phonePlanIds": [geo[0]], "areaCode": "213", "quantity": 1},
        {"displayName": "n", "description": "d", "phonePlanIds": ["unknown"], "areaCode": "213", "quantity": 1},
        {"displayName": "n", "description": "d", "phonePlanIds": [geo[0]], "areaCode": "213", "quantity": 0},
        {"displayName": "n", "description": "d", "phonePlanIds": [geo[0]], "areaCode": "213", "quantity": 21},
        {"displayName": "n", "description": "d", "phonePlanIds": [geo[0]], "areaCode": "213", "quantity": "2"},
        {"displayName": "n", "description": "d", "phonePlanIds": [], "areaCode": "213"},
        ["not", "an", "object"],
    ]
    for body in bad_bodies:
        resp = emu.pn("POST", "/searches", body=body)
        assert resp.status_code == 400, (body, resp.text)
        assert resp.json()["error"]["code"]
    assert emu.pn("GET", "/searches").json() == {"entities": [], "nextLink": None}
    assert emu.control("GET", "stats")["searches_created"] == 0
    for path in ("/searches/nope", "/releases/nope", "/capabilities/nope"):
        assert emu.pn("GET", path).status_code == 404
    assert emu.pn("POST", "/searches/nope/cancel").status_code == 404


def test_pool_exhaustion_gives_error(emu):
    geo = plan_ids(emu)["Geographic"][1]
    ids = [create_search(emu, geo[0], "907", 20).json()["searchId"], create_search(emu, geo[0], "907", 10).json()["searchId"]]
    emu.advance(10)
    first, second = _status(emu, ids[0]), _status(emu, ids[1])
    assert first["status"] == "Reserved" and len(first["phoneNumbers"]) == 20
    assert second["status"] == "Error" and isinstance(second["errorCode"], int) and second["phoneNumbers"] == []
    assert emu.control("GET", "stats")["numbers_reserved"] == 20
    # cancel gives the numbers back; then a new search can take them
    assert emu.pn("POST", "/searches/%s/cancel" % ids[0]).status_code == 202
    assert _status(emu, ids[0])["status"] == "Cancelling"
    assert emu.pn("POST", "/searches/%s/cancel" % ids[1]).status_code == 409
    emu.advance(1)
    assert _status(emu, ids[0])["status"] == "Cancelled"
    assert emu.pn("POST", "/searches/%s/cancel" % ids[0]).status_code == 409
    assert emu.pn("POST", "/searches/%s/purchase" % ids[0]).status_code == 409
    third = create_search(emu, geo[0], "907", 20).json()["searchId"]
    emu.advance(10)
    assert _status(emu, third)["status"] == "Reserved"


def test_reservation_expires(emu):
    geo = plan_ids(emu)["Geographic"][1]
    search_id = create_search(emu, geo[0], "205", 2).json()["searchId"]
    emu.advance(10)
    assert _status(emu, search_id)["status"] == "Reserved"
    emu.advance(15 * 60)
    assert _status(emu, search_id)["status"] == "Reserved"
    emu.advance(61)
    assert _status(emu, search_id)["status"] == "Expired"
    assert emu.pn("POST", "/searches/%s/purchase" % search_id).status_code == 409
    stats = emu.control("GET", "stats")
    assert stats["numbers_reserved"] == 0 and stats["numbers_acquired"] == 0


def test_cancel_while_pending(emu):
    geo = plan_ids(emu)["Geographic"][1]
    search_id = create_search(emu, geo[0], "212", 1).json()["searchId"]
    assert emu.pn("POST", "/searches/%s/cancel" % search_id).status_code == 202
    emu.advance(10)
    doc = _status(emu, search_id)
    assert doc["status"] == "Cancelled" and doc["phoneNumbers"] == []


def test_release_lifecycle(slow):
    emu = slow
    tollfree = plan_ids(emu)["TollFree"][1]
    numbers = acquire(emu, tollfree[0], "833", 2)
    assert emu.pn("POST", "/releases", body={"phoneNumbers": ["12ab"]}).status_code == 400
    assert emu.pn("POST", "/releases", body={"phoneNumbers": []}).status_code == 400
    resp = emu.pn("POST", "/releases", body={"phoneNumbers": numbers})
    assert resp.status_code == 200
    release_id = resp.json()["releaseId"]
    assert emu.pn("POST", "/releases", body={"phoneNumbers": numbers[:1]}).status_code == 409
    states = []
    for dummy in range(4):
        doc = emu.pn("GET", "/releases/" + release_id).json()
        states.append((doc["status"], doc["phoneNumberReleaseStatusDetails"][numbers[0]]["status"]))
        emu.advance(7.5)
    assert states == [("Pending", "Pending"), ("InProgress", "Pending"), ("InProgress", "InProgress"), ("Complete", "Success")]
    assert emu.pn("GET", "/phonenumbers").json()["phoneNumbers"] == []
    entities = emu.pn("GET", "/releases").json()["entities"]
    assert entities[0]["id"] == release_id and entities[0]["status"] == "Complete" and entities[0]["quantity"] == 2
    stats = emu.control("GET", "stats")
    assert stats["releases_created"] == 1 and stats["numbers_acquired"] == 0


def test_capabilities_update(slow):
    emu = slow
    tollfree = plan_ids(emu)["TollFree"][1]
    number = acquire(emu, tollfree[0], "833", 1)[0]
    bad = [
        {"phoneNumberCapabilitiesUpdate": {number: {"add": ["Flying"]}}},
        {"phoneNumberCapabilitiesUpdate": {}},
        {"phoneNumberCapabilitiesUpdate": {number: {"add": "Premium"}}},
    ]
    assert [emu.pn("POST", "/capabilities", body=b).status_code for b in bad] == [400, 400, 400]
    resp = emu.pn("POST", "/capabilities", body={"phoneNumberCapabilitiesUpdate": {number[1:]: {"add": ["Premium"], "remove": ["TollFree"]}}})
    update_id = resp.json()["capabilitiesUpdateId"]
    doc = emu.pn("GET", "/capabilities/" + update_id).json()
    assert doc["capabilitiesUpdateStatus"] == "Pending" and doc["phoneNumberCapabilitiesUpdates"][number[1:]]["add"] == ["Premium"]
    emu.advance(2.5)
    assert emu.pn("GET", "/capabilities/" + update_id).json()["capabilitiesUpdateStatus"] == "InProgress"
    caps = emu.pn("GET", "/phonenumbers").json()["phoneNumbers"][0]["acquiredCapabilities"]
    assert "TollFree" in caps and "Premium" not in caps
    emu.advance(3)
    assert emu.pn("GET", "/capabilities/" + update_id).json()["capabilitiesUpdateStatus"] == "Complete"
    caps = emu.pn("GET", "/phonenumbers").json()["phoneNumbers"][0]["acquiredCapabilities"]
    assert "TollFree" not in caps and "Premium" in caps


def test_number_configuration(emu):
    tollfree = plan_ids(emu)["TollFree"][1]
    number = acquire(emu, tollfree[0], "833", 1)[0]
    assert emu.pn("POST", "/numberconfiguration", body={"phoneNumber": number}).status_code == 404
    assert emu.pn("POST", "/numberconfiguration", body={"phoneNumber": "+18559999999"}).status_code == 404
    assert emu.pn("POST", "/numberconfiguration", body={"phoneNumber": "abc"}).status_code == 400
    assert emu.pn("PATCH", "/numberconfiguration/configure", body={"phoneNumber": number}).status_code == 400
    config = {"phoneNumber": number, "pstnConfiguration": {"callbackUrl": "https://cb.example/x", "applicationId": "app"}}
    resp = emu.pn("PATCH", "/numberconfiguration/configure", body=config)
    assert resp.status_code == 200 and resp.content == b"" and resp.headers["Content-Length"] == "0"
    got = emu.pn("POST", "/numberconfiguration", body={"phoneNumber": number}).json()
    target = got["pstnConfiguration"].pop("azurePstnTargetId")  # recorded: the service adds the number's routable target id
    assert got == {"pstnConfiguration": {"callbackUrl": "https://cb.example/x", "applicationId": "app"}} and target
    assert emu.pn("PATCH", "/numberconfiguration/unconfigure", body={"phoneNumber": number}).status_code == 200
    assert emu.pn("POST", "/numberconfiguration", body={"phoneNumber": number}).status_code == 404
    assert emu.pn("PATCH", "/numberconfiguration/unconfigure", body={"phoneNumber": "+18559999999"}).status_code == 404


def test_acquired_numbers_paging(emu):
    tollfree = plan_ids(emu)["TollFree"][1]
    numbers = acquire(emu, tollfree[0], "833", 6)
    pages, link = [], "/administration/phonenumbers/phonenumbers?locale=en-US&skip=0&take=3&api-version=2020-07-20-preview1"
    while link:
        page = emu.call("GET", link).json()
        pages.append([n["phoneNumber"] for n in page["phoneNumbers"]])
        link = page["nextLink"][len(emu.endpoint):] if page["nextLink"] else None
    assert pages == [numbers[:3], numbers[3:], []]
