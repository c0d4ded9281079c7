"""Numbers bought through a name can be released months later (issue 27, item 3).

The service deletes a reservation 31 days after it was created (the emulator: RETENTION). release_numbers.yml and
cleanup.yml found the numbers to release through the reservation only, so after that they said "0 number(s) to
release", exited 0, and the numbers stayed owned and billed. provision_numbers.yml now records the numbers each name
bought (acs_purchases_file), and a name with neither a reservation nor a record fails the play, saying what to do.
"""

from __future__ import annotations

from acs_resilience import ROOT, operations, run_module, run_playbook

MONTH_AND_A_DAY = 31 * 86400 + 3600


def _owned(collections, emulator):
    run, result = run_module(collections, "acs_phone_number_info", {
        "connection_string": emulator.connection_string, "ca_path": emulator.ca_path, "query": "phone_numbers[].phone_number"})
    assert result and not result.get("failed"), run.output
    return sorted(result["query_result"])


def _reservation(collections, emulator, name):
    run, result = run_module(collections, "acs_phone_search_info", {
        "connection_string": emulator.connection_string, "ca_path": emulator.ca_path, "name": name})
    assert result and not result.get("failed"), run.output
    return result["reservations"]


def _buy_and_age(collections, emulator, extra):
    bought = run_playbook(collections, ROOT / "playbooks" / "provision_numbers.yml", extra)
    assert bought.rc == 0, bought.output
    numbers = _owned(collections, emulator)
    assert len(numbers) == 2
    emulator.advance(MONTH_AND_A_DAY)
    assert _reservation(collections, emulator, extra["acs_search_name"]) == []  # the service deleted it
    emulator.clear_log()
    return numbers


def test_numbers_bought_a_month_ago_are_released_through_the_record(collections, emulator, tmp_path):
    record = tmp_path / "state" / "purchases.json"
    extra = dict(emulator.connection_vars(), acs_search_name="months-later", acs_quantity=2, acs_purchases_file=str(record))
    numbers = _buy_and_age(collections, emulator, extra)
    assert record.exists()

    for playbook in ("release_numbers.yml", "cleanup.yml"):
        unconfirmed = run_playbook(collections, ROOT / "playbooks" / playbook, dict(extra, acs_tokens_dir=str(tmp_path / "tokens")))
        assert unconfirmed.rc != 0 and ("2 number(s)" in unconfirmed.stdout or ", ".join(numbers) in unconfirmed.stdout), unconfirmed.output
        assert not operations(emulator.log(), "ReleasePhoneNumber")

    released = run_playbook(collections, ROOT / "playbooks" / "release_numbers.yml", dict(extra, acs_confirm_release=True))
    assert released.rc == 0, released.output
    assert "released 2 number(s)" in released.stdout, released.stdout
    assert _owned(collections, emulator) == []
    again = run_playbook(collections, ROOT / "playbooks" / "release_numbers.yml", dict(extra, acs_confirm_release=True))
    assert again.rc == 0 and "released 0 number(s)" in again.stdout, again.output


def test_without_a_record_the_release_fails_and_says_what_to_do(collections, emulator, tmp_path):
    extra = dict(emulator.connection_vars(), acs_search_name="months-later", acs_quantity=2,
                 acs_purchases_file=str(tmp_path / "bought.json"))
    numbers = _buy_and_age(collections, emulator, extra)
    elsewhere = dict(extra, acs_purchases_file=str(tmp_path / "another-host.json"), acs_tokens_dir=str(tmp_path / "tokens"))

    for playbook, confirm in (("release_numbers.yml", "acs_confirm_release"), ("cleanup.yml", "acs_confirm_cleanup")):
        failed = run_playbook(collections, ROOT / "playbooks" / playbook, dict(elsewhere, **{confirm: True}))
        assert failed.rc != 0, failed.output
        assert "31 days" in failed.stdout and "acs_release_numbers" in failed.stdout, failed.stdout
        assert all(n in failed.stdout for n in numbers), failed.stdout
        assert not operations(emulator.log(), "ReleasePhoneNumber")

    listed = run_playbook(collections, ROOT / "playbooks" / "release_numbers.yml",
                          dict(elsewhere, acs_release_numbers=numbers, acs_confirm_release=True))
    assert listed.rc == 0, listed.output
    assert _owned(collections, emulator) == []
