"""The legacy phone number API behaves as the real 2020 service did in the recorded traffic (issue 16): its failure
states (reachable through /_emulator/failures), its answers to unusual requests, its list order and fields, and its
catalogue."""

from .helpers import acquire, create_search, plan_ids


def _get(emu, kind, op_id):
    return emu.pn("GET", "/%s/%s" % (kind, op_id)).json()


def _reserved(emu, plan, area_code, quantity, name="test search"):
    search_id = create_search(emu, plan, area_code, quantity, displayName=name).json()["searchId"]
    emu.advance(10)
    return search_id


def test_default_catalogue_follows_the_recorded_listings(emu):
    countries = emu.pn("GET", "/countries").json()["countries"]
    assert sorted(c["countryCode"] for c in countries) == ["CA", "US"]
    groups = emu.pn("GET", "/countries/US/phoneplangroups").json()["phonePlanGroups"]
    assert len(groups) == 3
    assert all(g["carrierDetails"]["name"] and g["carrierDetails"]["localizedName"] for g in groups)
    plans = plan_ids(emu)
    geo_group, geo = plans["Geographic"]
    tf_group, tollfree = plans["TollFree"]
    options = emu.pn("GET", "/countries/US/phoneplangroups/%s/phoneplans/%s/locationoptions" % (geo_group, geo[0])).json()
    states = options["locationOptions"]["options"]
    assert len(states) == 46 and len({s["value"] for s in states}) == 46
    la_query = {"locationOptions": [{"labelId": "state", "optionsValue": "CA"}, {"labelId": "city", "optionsValue": "NOAM-US-CA-LA"}]}
    la_codes = emu.pn("POST", "/countries/US/areacodes", "locationType=selection&phonePlanId=" + geo[0], la_query).json()
    assert la_codes["primaryAreaCodes"] == ["213", "818"]
    tf_plans = emu.pn("GET", "/countries/US/phoneplangroups/%s/phoneplans" % tf_group).json()["phonePlans"]
    assert all(p["areaCodes"] == ["833"] for p in tf_plans)


def test_acquired_numbers_fields(emu):
    plans = plan_ids(emu)
    acquire(emu, plans["Geographic"][1][0], "205", 1)
    acquire(emu, plans["TollFree"][1][0], "833", 1)
    by_area = {n["phoneNumber"][2:5]: n for n in emu.pn("GET", "/phonenumbers").json()["phoneNumbers"]}
    assert by_area["205"]["placeName"] == "Birmingham, United States"
    assert by_area["833"]["placeName"] == "Toll-Free, United States"
    toll_free = by_area["833"]["availableCapabilities"]
    assert "Office365" in toll_free and "ConferenceAssignment" in toll_free and "UserAssignment" not in toll_free
    number = by_area["833"]["phoneNumber"]
    config = {"phoneNumber": number, "pstnConfiguration": {"callbackUrl": "https://cb.example/x"}}
    assert emu.pn("PATCH", "/numberconfiguration/configure", body=config).status_code == 200
    first = emu.pn("POST", "/numberconfiguration", body={"phoneNumber": number}).json()["pstnConfiguration"]
    again = emu.pn("POST", "/numberconfiguration", body={"phoneNumber": number}).json()["pstnConfiguration"]
    assert first["azurePstnTargetId"] and first == again and first["callbackUrl"] == "https://cb.example/x"


def test_next_release_fails_with_message_and_details(slow):
    emu = slow
    numbers = acquire(emu, plan_ids(emu)["TollFree"][1][0], "833", 2)
    assert emu.control("PUT", "failures", {"release": {"next": 1}})["failures"]["release"] == {"next": 1, "rate": 0.0}
    release_id = emu.pn("POST", "/releases", body={"phoneNumbers": numbers}).json()["releaseId"]
    emu.advance(7.5)
    assert _get(emu, "releases", release_id)["status"] == "InProgress"
    emu.advance(15)
    failed = _get(emu, "releases", release_id)
    assert failed["status"] == "Failed" and failed["errorMessage"]
    assert set(failed["phoneNumberReleaseStatusDetails"]) == set(numbers)
    assert all(d["status"] == "Error" and isinstance(d["errorCode"], int) for d in failed["phoneNumberReleaseStatusDetails"].values())
    assert [n["phoneNumber"] for n in emu.pn("GET", "/phonenumbers").json()["phoneNumbers"]] == numbers  # still acquired
    assert emu.control("GET", "failures")["failures"]["release"]["next"] == 0
    # the next one is not struck: it releases the numbers the failed one kept
    second = emu.pn("POST", "/releases", body={"phoneNumbers": numbers}).json()["releaseId"]
    emu.advance(21)
    assert _get(emu, "releases", second)["status"] == "Complete"
    assert emu.pn("GET", "/phonenumbers").json()["phoneNumbers"] == []
    listed = emu.pn("GET", "/releases").json()["entities"]
    assert [(e["id"], e["status"]) for e in listed] == [(second, "Complete"), (release_id, "Failed")]  # newest first


def test_search_errors_after_reserving(emu):
    tollfree = plan_ids(emu)["TollFree"][1]
    emu.control("PUT", "failures", {"search": {"next": 1}})
    search_id = _reserved(emu, tollfree[0], "833", 3, "errs")
    doc = _get(emu, "searches", search_id)
    assert doc["status"] == "Error" and doc["errorCode"] == 1011
    assert len(doc["phoneNumbers"]) == 3 and doc["reservationExpiryDate"]
    assert emu.control("GET", "stats")["numbers_reserved"] == 0  # the numbers went back to the pool
    assert emu.pn("POST", "/searches/%s/purchase" % search_id).status_code == 409
    entity = emu.pn("GET", "/searches").json()["entities"][0]
    assert entity["status"] == "Error" and entity["quantityObtained"] == 3
    assert _get(emu, "searches", _reserved(emu, tollfree[0], "833", 3))["status"] == "Reserved"  # only the next one


def test_release_of_a_number_not_held_is_accepted_then_fails(slow):
    emu = slow
    resp = emu.pn("POST", "/releases", body={"phoneNumbers": ["+18339999999"]})
    assert resp.status_code == 200
    release_id = resp.json()["releaseId"]
    emu.advance(5.9)
    assert _get(emu, "releases", release_id)["status"] == "Pending"
    emu.advance(4.2)
    failed = _get(emu, "releases", release_id)
    assert failed["status"] == "Failed" and failed["errorMessage"] == "No acquired numbers to process"
    assert failed["phoneNumberReleaseStatusDetails"]["+18339999999"]["status"] == "Error"


def test_capabilities_update_of_a_number_not_held_is_accepted_then_fails(emu):
    resp = emu.pn("POST", "/capabilities", body={"phoneNumberCapabilitiesUpdate": {"+18339999999": {"add": ["Premium"]}}})
    assert resp.status_code == 200
    emu.advance(10)
    assert _get(emu, "capabilities", resp.json()["capabilitiesUpdateId"])["capabilitiesUpdateStatus"] == "Error"


def _activation(emu, numbers):
    listed = emu.pn("GET", "/phonenumbers").json()["phoneNumbers"]
    states = {n["phoneNumber"]: n["activationState"] for n in listed}
    return [states[n] for n in numbers]


def test_numbers_read_update_pending_while_their_capabilities_update_runs(emu):
    numbers = acquire(emu, plan_ids(emu)["TollFree"][1][0], "833", 2)
    assert _activation(emu, numbers) == ["Activated", "Activated"]
    update = {"phoneNumberCapabilitiesUpdate": {numbers[0]: {"add": ["Premium"]}}}
    update_id = emu.pn("POST", "/capabilities", body=update).json()["capabilitiesUpdateId"]
    assert _activation(emu, numbers) == ["UpdatePending", "Activated"]
    emu.advance(10)
    assert _get(emu, "capabilities", update_id)["capabilitiesUpdateStatus"] == "Complete"
    assert _activation(emu, numbers) == ["Activated", "Activated"]
    emu.control("PUT", "failures", {"capabilities": {"next": 1}})
    emu.pn("POST", "/capabilities", body=update)
    assert _activation(emu, numbers) == ["UpdatePending", "Activated"]
    emu.advance(10)
    assert _activation(emu, numbers) == ["UpdateFailed", "Activated"]


def test_area_code_the_plan_does_not_list_is_accepted(emu):
    geo = plan_ids(emu)["Geographic"][1]
    resp = create_search(emu, geo[0], "833", 1)
    assert resp.status_code == 201
    emu.advance(10)
    doc = _get(emu, "searches", resp.json()["searchId"])
    assert doc["status"] == "Error" and doc["errorCode"] == 1000 and doc["phoneNumbers"] == []


def test_purchasing_a_purchased_search_answers_202_and_buys_nothing(emu):
    tollfree = plan_ids(emu)["TollFree"][1]
    search_id = _reserved(emu, tollfree[0], "833", 1)
    assert emu.pn("POST", "/searches/%s/purchase" % search_id).status_code == 202
    assert emu.pn("POST", "/searches/%s/purchase" % search_id).status_code == 202  # while Completing
    emu.advance(60)
    assert emu.pn("POST", "/searches/%s/purchase" % search_id).status_code == 202  # once Success
    stats = emu.control("GET", "stats")
    assert stats["purchases"] == {search_id: 1} and stats["numbers_acquired"] == 1


def test_searches_newest_first_and_quantity_obtained_kept(emu):
    tollfree = plan_ids(emu)["TollFree"][1]
    cancelled = _reserved(emu, tollfree[0], "833", 4, "first")
    assert emu.pn("POST", "/searches/%s/cancel" % cancelled).status_code == 202
    expired = _reserved(emu, tollfree[0], "833", 2, "second")
    emu.advance(17 * 60)
    newest = _reserved(emu, tollfree[0], "833", 1, "third")
    listed = emu.pn("GET", "/searches").json()["entities"]
    assert [(e["id"], e["status"], e["quantityObtained"]) for e in listed] == [
        (newest, "Reserved", 1), (expired, "Expired", 2), (cancelled, "Cancelled", 4)]
    page = emu.pn("GET", "/searches", "skip=0&take=1").json()
    assert [e["id"] for e in page["entities"]] == [newest] and page["nextLink"]


def test_failure_rates_configuration_and_reset(emu):
    tollfree = plan_ids(emu)["TollFree"][1]
    assert emu.session.put(emu.endpoint + "/_emulator/failures", json={"release": {"rate": 2}}, verify=emu.ca).status_code == 400
    assert emu.session.put(emu.endpoint + "/_emulator/failures", json={"purchase": {"next": 1}}, verify=emu.ca).status_code == 400
    recorded = emu.control("PUT", "failures", {"profile": "recorded", "seed": 7})["failures"]
    assert recorded["release"]["rate"] == 14 / 16.0
    emu.control("PUT", "failures", {"release": {"rate": 1.0}})
    numbers = acquire(emu, tollfree[0], "833", 3)
    ids = [emu.pn("POST", "/releases", body={"phoneNumbers": [n]}).json()["releaseId"] for n in numbers]
    emu.advance(30)
    assert [_get(emu, "releases", i)["status"] for i in ids] == ["Failed"] * 3
    emu.control("DELETE", "failures")
    assert emu.control("GET", "failures")["failures"] is None
    emu.control("PUT", "failures", {"release": {"next": 5}})
    emu.control("POST", "reset")
    assert emu.control("GET", "failures")["failures"] is None
