"""The official azure-communication-phonenumbers 1.4.0 clients, sync and aio, against the emulator over HTTPS:
every public method (LRO pollers included) gets its documented result, and every response body the SDK received
validates against the 2025-06-01 swagger."""

import asyncio
import uuid

import jsonschema
import pytest

from .sdk_calls import Calls, Recorder
from .swagger_ga import GaValidator

phonenumbers = pytest.importorskip("azure.communication.phonenumbers")

# pylint: disable=wrong-import-position
from azure.communication.phonenumbers import (  # noqa: E402
    OperatorInformationOptions, PhoneNumberAssignmentType, PhoneNumberCapabilities, PhoneNumberCapabilityType,
    PhoneNumbersClient, PhoneNumberType,
)
from azure.communication.phonenumbers.aio import PhoneNumbersClient as AioPhoneNumbersClient  # noqa: E402
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError  # noqa: E402

POLL = {"polling_interval": 0.05}
GEO = PhoneNumberType.GEOGRAPHIC
APP = PhoneNumberAssignmentType.APPLICATION
IO = PhoneNumberCapabilityType.INBOUND_OUTBOUND
NONE = PhoneNumberCapabilityType.NONE


def _clients(emu, recorder, kind, **kwargs):
    cls = PhoneNumbersClient if kind == "sync" else AioPhoneNumbersClient
    return cls.from_connection_string(emu.connection_string, connection_verify=emu.ca, raw_response_hook=recorder, **kwargs)


async def _catalogue(calls, french):
    countries = await calls("list_available_countries", max_page_size=2)
    assert len(countries) >= 6 and {"US", "GB", "FR", "DE", "CA", "AU"} <= {c.country_code for c in countries}
    assert "Royaume-Uni" in [c.localized_name for c in await french("list_available_countries")]
    seattle = await calls("list_available_localities", "US", administrative_division="WA", max_page_size=1)
    assert [loc.localized_name for loc in seattle] == ["Seattle", "Redmond", "Spokane", "Tacoma"]
    every = await calls("list_available_localities", "US")  # more than one page of 100 (D5), followed by the SDK
    assert len(every) > 100 and every[0].localized_name == "Anchorage"
    assert seattle[0].administrative_division.abbreviated_name == "WA"
    montreal = await french("list_available_localities", "CA", administrative_division="QC", phone_number_type=GEO)
    assert montreal[0].localized_name == "Montréal" and montreal[0].administrative_division.localized_name == "Québec"
    codes = await calls("list_available_area_codes", "CA", GEO, assignment_type=APP, locality="Vancouver", administrative_division="BC")
    assert [c.area_code for c in codes] == ["236", "604"]
    assert [c.area_code for c in await calls("list_available_area_codes", "GB", PhoneNumberType.MOBILE)] == ["7400", "7700"]
    offerings = await calls("list_available_offerings", "GB", phone_number_type=PhoneNumberType.MOBILE, assignment_type=APP)
    assert len(offerings) == 1 and offerings[0].cost.currency_code == "GBP" and offerings[0].cost.billing_frequency == "monthly"
    assert offerings[0].available_capabilities.sms == IO
    assert len(await calls("list_available_offerings", "US")) == 3  # the recorded three: no toll-free person


async def _search_purchase_update_release(emu, calls):
    capabilities = PhoneNumberCapabilities(calling=IO, sms=NONE)
    poller = await calls("begin_search_available_phone_numbers", "US", GEO, APP, capabilities, area_code="425", quantity=2, **POLL)
    search = await calls.result(poller)
    assert await calls.status(poller) == "succeeded"
    assert len(search.phone_numbers) == 2 and search.cost.amount == 1.0 and search.search_expires_by is not None
    poller = await calls("begin_purchase_phone_numbers", search.search_id, agree_to_not_resell=False, **POLL)
    assert await calls.result(poller) is None and await calls.status(poller) == "succeeded"
    first = await calls("get_purchased_phone_number", search.phone_numbers[0])
    assert first.phone_number == search.phone_numbers[0] and first.capabilities.calling == IO and first.purchase_date is not None
    listed = await calls("list_purchased_phone_numbers", top=1)
    assert [n.phone_number for n in listed] == search.phone_numbers
    poller = await calls("begin_update_phone_number_capabilities", first.phone_number, calling=PhoneNumberCapabilityType.INBOUND, **POLL)
    updated = await calls.result(poller)
    assert updated.phone_number == first.phone_number and updated.capabilities.calling == PhoneNumberCapabilityType.INBOUND
    poller = await calls("begin_release_phone_number", first.phone_number, **POLL)
    assert await calls.result(poller) is None and await calls.status(poller) == "succeeded"
    with pytest.raises(ResourceNotFoundError):
        await calls("get_purchased_phone_number", first.phone_number)
    stats = emu.control("GET", "stats")
    assert stats["ga_purchases"]["searches"] == {search.search_id: 1} and stats["ga_releases"] == {first.phone_number: 1}
    # a search that finds nothing fails its poller; numbers that need the agreement are refused without it
    mobile = PhoneNumberCapabilities(calling=IO, sms=IO)
    poller = await calls("begin_search_available_phone_numbers", "US", GEO, APP, capabilities, area_code="999", **POLL)
    with pytest.raises(HttpResponseError, match="OutOfStock"):
        await calls.result(poller)
    poller = await calls("begin_search_available_phone_numbers", "GB", PhoneNumberType.MOBILE, APP, mobile, **POLL)
    held = await calls.result(poller)
    assert held.is_agreement_to_not_resell_required is True
    with pytest.raises(HttpResponseError) as err:
        await calls("begin_purchase_phone_numbers", held.search_id, **POLL)
    assert err.value.status_code == 400 and err.value.error.code == "BadRequest"  # D13, as recorded
    await calls.result(await calls("begin_purchase_phone_numbers", held.search_id, agree_to_not_resell=True, **POLL))


async def _browse_and_reservations(emu, calls):
    found = (await calls("browse_available_phone_numbers", country_code="US", phone_number_type=GEO, assignment_type=APP,
                         calling_capability=IO, phone_number_prefixes=["1206"])).phone_numbers
    assert len(found) >= 3 and all(n.phone_number.startswith("+1206") and n.status == "available" for n in found)
    rid, other = str(uuid.uuid4()), str(uuid.uuid4())
    created = await calls("create_or_update_reservation", reservation_id=rid, numbers_to_add=found[:2])
    assert created.status == "active" and sorted(created.phone_numbers) == sorted(n.id for n in found[:2])
    updated = await calls("create_or_update_reservation", reservation_id=rid, numbers_to_remove=[found[1].id])
    assert list(updated.phone_numbers) == [found[0].id] and updated.expires_at >= created.expires_at
    partial = await calls("create_or_update_reservation", reservation_id=other, numbers_to_add=[found[0], found[2]])
    assert partial.phone_numbers[found[0].id].status == "error"
    assert partial.phone_numbers[found[0].id].error.code == "FailedToReserveNumber"
    assert partial.phone_numbers[found[2].id].status == "reserved"
    got = await calls("get_reservation", rid)
    assert got.id == rid and list(got.phone_numbers) == [found[0].id]
    listed = await calls("list_reservations", max_page_size=1)
    assert [r.id for r in listed] == [rid, other] and all(not r.phone_numbers for r in listed)
    poller = await calls("begin_purchase_reservation", rid, agree_to_not_resell=True, **POLL)
    assert await calls.result(poller) is None and await calls.status(poller) == "succeeded"
    done = await calls("get_reservation", rid)
    assert done.status == "completed" and done.phone_numbers[found[0].id].status == "purchased"
    with pytest.raises(ResourceExistsError):  # only active reservations can change
        await calls("create_or_update_reservation", reservation_id=rid, numbers_to_remove=[found[0].id])
    await calls("delete_reservation", other)
    with pytest.raises(ResourceNotFoundError):
        await calls("get_reservation", other)
    with pytest.raises(ValueError):
        await calls("create_or_update_reservation", reservation_id="not-a-uuid")
    assert emu.control("GET", "stats")["ga_purchases"]["reservations"] == {rid: 1}


async def _operator_information(calls):
    result = await calls("search_operator_information", ["+14255550100"])
    assert result.values[0].international_format == "+1 425-555-0100" and result.values[0].operator_details is None
    rich = await calls("search_operator_information", "+447400496300",
                       options=OperatorInformationOptions(include_additional_operator_details=True))
    assert rich.values[0].number_type == "mobile" and rich.values[0].iso_country_code == "GB"


@pytest.mark.parametrize("kind", ["sync", "aio"])
def test_every_public_method(emu, kind):
    recorder = Recorder()
    client = _clients(emu, recorder, kind)
    french_client = _clients(emu, recorder, kind, accepted_language="fr-FR")
    calls, french = Calls(client), Calls(french_client)

    async def scenario():
        await _catalogue(calls, french)
        await _search_purchase_update_release(emu, calls)
        await _browse_and_reservations(emu, calls)
        await _operator_information(calls)
        if kind == "aio":
            await client.close()
            await french_client.close()

    asyncio.run(scenario())
    validator = GaValidator()
    for response in recorder.responses():
        validator.check(*response)
    public = {name for name in dir(PhoneNumbersClient) if not name.startswith("_") and name not in ("from_connection_string", "close")}
    assert calls.called | french.called == public and len(public) == 17
    assert len({op for op, _status in validator.covered}) == 19  # all but CancelOperation, which no public method calls
    assert {200, 201, 207, 409} <= {status for op, status in validator.covered if op == "PhoneNumbers_CreateOrUpdateReservation"}
    assert ("PhoneNumbers_PurchasePhoneNumbers", 400) in validator.covered and ("PhoneNumbers_GetByNumber", 404) in validator.covered


def test_the_validator_rejects_what_the_swagger_forbids():
    validator = GaValidator()
    good = b'{"countries": [{"countryCode": "US", "localizedName": "United States"}], "nextLink": null}'
    validator.check("GET", "/availablePhoneNumbers/countries", 200, "application/json; charset=utf-8", good)
    with pytest.raises(jsonschema.ValidationError):
        validator.check("GET", "/availablePhoneNumbers/countries", 200, "application/json; charset=utf-8", b'{"countries": [{"countryCode": "US"}]}')
    with pytest.raises(AssertionError):  # a status the operation does not declare
        validator.check("GET", "/availablePhoneNumbers/countries", 201, "application/json; charset=utf-8", good)
    with pytest.raises(AssertionError):  # errors come without a charset
        validator.check("GET", "/phoneNumbers/+1425", 404, "application/json; charset=utf-8", b'{"error": {"code": "NotFound", "message": "m"}}')


def test_sync_client_through_throttled_and_failing_polls(emu):
    """429 with Retry-After and 503 on the polls and result reads: the SDK's retries carry the LROs through, and the
    numbers are bought and released once."""
    client = PhoneNumbersClient.from_connection_string(emu.connection_string, connection_verify=emu.ca)
    emu.control("PUT", "faults", {"rate": 0.4, "kinds": ["429", "503"], "retry_after": 1, "seed": 11,
                                  "operations": ["PhoneNumbers_GetOperation", "PhoneNumbers_GetSearchResult", "PhoneNumbers_GetByNumber"]})
    try:
        search = client.begin_search_available_phone_numbers(
            "US", GEO, APP, PhoneNumberCapabilities(calling=IO, sms=NONE), quantity=2, **POLL).result()
        client.begin_purchase_phone_numbers(search.search_id, **POLL).result()
        for number in search.phone_numbers:
            assert client.get_purchased_phone_number(number).phone_number == number
            client.begin_release_phone_number(number, **POLL).result()
    finally:
        emu.control("DELETE", "faults")
    stats = emu.control("GET", "stats")
    assert stats["ga_purchases"]["searches"] == {search.search_id: 1}
    assert stats["ga_releases"] == {number: 1 for number in search.phone_numbers} and stats["ga_numbers_purchased"] == 0
    faults = [r for r in emu.control("GET", "requests")["requests"] if r["fault"]]
    assert {r["fault"] for r in faults} == {"429", "503"}
