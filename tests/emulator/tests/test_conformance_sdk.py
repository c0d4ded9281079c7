"""The official SDK (azure-communication-administration) against the emulator, every client method."""

import pytest

administration = pytest.importorskip("azure.communication.administration")

# pylint: disable=wrong-import-position
from azure.communication.administration import (  # noqa: E402
    CommunicationIdentityClient, CommunicationUser, CreateSearchOptions, LocationOptionsQuery, NumberUpdateCapabilities,
    PhoneNumberAdministrationClient, PstnConfiguration,
)
from azure.communication.administration import _polling  # noqa: E402
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError  # noqa: E402


class _FastTime:
    """Stands in for the time module inside the SDK pollers (they sleep a fixed 5 s)."""

    @staticmethod
    def sleep(_seconds):
        import time  # pylint: disable=import-outside-toplevel
        time.sleep(0.05)


@pytest.fixture(name="clients")
def _clients(emu, monkeypatch):
    """SDK clients built from the connection string, trusting the emulator CA."""
    monkeypatch.setattr(_polling, "time", _FastTime)
    identity = CommunicationIdentityClient.from_connection_string(emu.connection_string, connection_verify=emu.ca)
    phone = PhoneNumberAdministrationClient.from_connection_string(emu.connection_string, connection_verify=emu.ca)
    return identity, phone


def test_identity_client(emu, clients):
    identity, _phone = clients
    user = identity.create_user()
    assert user.identifier.startswith("8:acs:")
    token = identity.issue_token(user, ["chat", "voip"])
    assert token.token.count(".") == 2 and token.expires_on is not None
    assert emu.control("POST", "tokens/verify", {"token": token.token})["reason"] == "ok"
    identity.revoke_tokens(user)
    assert emu.control("POST", "tokens/verify", {"token": token.token})["reason"] == "revoked"
    identity.delete_user(user)
    with pytest.raises(ResourceNotFoundError):
        identity.issue_token(user, ["chat"])
    with pytest.raises(ResourceNotFoundError):
        identity.delete_user(CommunicationUser("8:acs:00000000-0000-0000-0000-000000000000_nope"))
    with pytest.raises(HttpResponseError) as info:
        identity.issue_token(identity.create_user(), ["email"])
    assert info.value.status_code == 400
    stats = emu.control("GET", "stats")
    assert stats["users_created"] == 2 and stats["users_deleted"] == 1 and stats["tokens_issued"] == 1


def test_phone_number_client_catalogue(clients):
    _identity, phone = clients
    countries = list(phone.list_all_supported_countries())
    assert {"US", "CA"} <= {c.country_code for c in countries}
    assert all(c.localized_name for c in countries)
    paged = list(phone.list_all_supported_countries(take=2))
    assert [c.country_code for c in paged] == [c.country_code for c in countries]
    groups = list(phone.list_phone_plan_groups("US", include_rate_information=True))
    assert {g.phone_number_type for g in groups} == {"Geographic", "TollFree"}
    assert all(g.rate_information.monthly_rate > 0 and g.rate_information.currency_type == "USD" for g in groups)
    assert all(g.rate_information is None for g in phone.list_phone_plan_groups("US"))
    geo = [g for g in groups if g.phone_number_type == "Geographic"][0]
    plans = list(phone.list_phone_plans("US", geo.phone_plan_group_id))
    assert plans and all(p.capabilities and p.maximum_search_size for p in plans)
    options = phone.get_phone_plan_location_options("US", geo.phone_plan_group_id, plans[0].phone_plan_id)
    assert options.location_options.label_id == "state"
    states = {o.value: o for o in options.location_options.options}
    assert states["CA"].location_options[0].options[0].value.startswith("NOAM-US-CA-")
    area_codes = phone.get_all_area_codes(
        "selection", "US", plans[0].phone_plan_id,
        location_options=[LocationOptionsQuery(label_id="state", options_value="CA"), LocationOptionsQuery(label_id="city", options_value="NOAM-US-CA-LA")])
    assert area_codes.primary_area_codes == ["213", "818"]
    fr = list(phone.list_all_supported_countries(locale="fr-CA"))
    assert [c.localized_name for c in fr if c.country_code == "US"] == ["États-Unis"]


def test_phone_number_client_lifecycle(emu, clients):
    _identity, phone = clients
    groups = {g.phone_number_type: g for g in phone.list_phone_plan_groups("US")}
    plan = list(phone.list_phone_plans("US", groups["Geographic"].phone_plan_group_id))[0]
    options = CreateSearchOptions(display_name="sdk search", description="conformance", phone_plan_ids=[plan.phone_plan_id],
                                  area_code="415", quantity=2)
    reserved = phone.begin_reserve_phone_numbers(options=options).result()
    assert reserved.status == "Reserved" and len(reserved.phone_numbers) == 2
    assert reserved.reservation_expiry_date is not None and reserved.created_at is not None
    assert phone.get_reservation_by_id(reserved.reservation_id).status == "Reserved"

    purchased = phone.begin_purchase_reservation(reservation_id=reserved.reservation_id).result()
    assert purchased.status == "Success"
    assert emu.control("GET", "stats")["purchases"] == {reserved.reservation_id: 1}
    numbers = {n.phone_number: n for n in phone.list_all_phone_numbers()}
    assert set(reserved.phone_numbers) <= set(numbers)
    first = reserved.phone_numbers[0]
    assert numbers[first].acquired_capabilities == plan.capabilities
    assert numbers[first].assignment_status == "Unassigned" and numbers[first].activation_state == "Activated"
    assert numbers[first].place_name

    other = phone.begin_reserve_phone_numbers(options=CreateSearchOptions(
        display_name="to cancel", description="x", phone_plan_ids=[plan.phone_plan_id], area_code="415", quantity=1)).result()
    phone.cancel_reservation(other.reservation_id)
    assert phone.get_reservation_by_id(other.reservation_id).status in ("Cancelling", "Cancelled")
    searches = {s.id: s for s in phone.list_all_searches()}
    assert searches[reserved.reservation_id].status == "Success" and searches[reserved.reservation_id].quantity_obtained == 2

    phone.configure_number(PstnConfiguration(callback_url="https://callback.example", application_id="app-1"), first)
    config = phone.get_number_configuration(first)
    assert config.pstn_configuration.callback_url == "https://callback.example"
    assert config.pstn_configuration.application_id == "app-1"
    phone.unconfigure_number(first)
    with pytest.raises(ResourceNotFoundError):
        phone.get_number_configuration(first)

    update = phone.update_capabilities({first: NumberUpdateCapabilities(add=["InboundA2PSms"], remove=["InboundCalling"])})
    assert update.capabilities_update_id
    emu.advance(10)
    status = phone.get_capabilities_update(update.capabilities_update_id)
    assert status.capabilities_update_status == "Complete"
    assert status.phone_number_capabilities_updates[first].add == ["InboundA2PSms"]
    caps = [n for n in phone.list_all_phone_numbers() if n.phone_number == first][0].acquired_capabilities
    assert "InboundA2PSms" in caps and "InboundCalling" not in caps

    release = phone.begin_release_phone_numbers(phone_numbers=[first]).result()
    assert release.status == "Complete"
    assert release.phone_number_release_status_details[first].status == "Success"
    assert phone.get_release_by_id(release.release_id).status == "Complete"
    assert [r.id for r in phone.list_all_releases()] == [release.release_id]
    assert first not in {n.phone_number for n in phone.list_all_phone_numbers()}


def test_ca_bundle_from_environment(emu, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", emu.ca)
    phone = PhoneNumberAdministrationClient.from_connection_string(emu.connection_string)
    assert "US" in [c.country_code for c in phone.list_all_supported_countries()]
    identity = CommunicationIdentityClient.from_connection_string(emu.connection_string)
    assert identity.create_user().identifier.startswith("8:acs:")
