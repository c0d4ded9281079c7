"""provision_numbers.yml (and its legacy twin) after the reservation expired names the way out: a new acs_search_name
(issue 13, item 6)."""

from __future__ import annotations

from acs_resilience import ROOT, TOLL_FREE_PLAN, run_module, run_playbook


def test_an_expired_reservation_tells_to_set_a_new_search_name(collections, emulator):
    run, reserved = run_module(collections, "acs_phone_search", {
        "name": "expired-line", "phone_plan_ids": [TOLL_FREE_PLAN], "area_code": "833", "state": "reserved",
        "api_version": "2020-07-20-preview1", "connection_string": emulator.connection_string, "ca_path": emulator.ca_path})
    assert reserved and not reserved.get("failed"), run.output
    emulator.control("POST", "clock/advance", {"seconds": 17 * 60})  # a reservation holds its numbers for 16 minutes
    run = run_playbook(collections, ROOT / "playbooks" / "provision_numbers_legacy.yml",
                       dict(emulator.connection_vars(), acs_search_name="expired-line", acs_quantity=1))
    assert run.rc != 0
    assert "expired" in run.stdout and "-e acs_search_name=" in run.stdout, run.output


def test_an_expired_reservation_on_the_current_api_tells_to_set_a_new_name(collections, emulator):
    run, held = run_module(collections, "acs_phone_search", {
        "name": "expired-current", "country_code": "US", "phone_number_type": "geographic", "assignment_type": "application",
        "capabilities": {"calling": "inbound+outbound", "sms": "none"}, "area_code": "206",
        "connection_string": emulator.connection_string, "ca_path": emulator.ca_path})
    assert held and not held.get("failed"), run.output
    emulator.control("POST", "clock/advance", {"seconds": 16 * 60})  # a reservation expires 15 minutes after its last change
    run = run_playbook(collections, ROOT / "playbooks" / "provision_numbers.yml",
                       dict(emulator.connection_vars(), acs_search_name="expired-current", acs_quantity=1))
    assert run.rc != 0
    assert "expired" in run.stdout and "-e acs_search_name=" in run.stdout, run.output
    assert emulator.stats()["ga_purchases"]["reservations"] == {}
