"""The phone number modules on the current API (2025-06-01) under 25-35 % faults on every writing operation, and
after a kill -9 of the emulator mid-purchase and mid-release (restarted on the same state): the play converges and
/_emulator/stats shows exactly one purchase per reservation and one release per number."""

from __future__ import annotations

import pytest

from acs_resilience import converge, read_json
from test_crash import crash_and_converge  # pylint: disable=import-error

RESERVATION_WRITES = ("CreateOrUpdateReservation", "PurchaseReservation", "DeleteReservation", "UpdateCapabilities",
                      "ReleasePhoneNumber")
FAULTS = {
    "mixed-30": {"kinds": ["429", "500", "503", "drop", "lost_response", "latency"], "rate": 0.3, "retry_after": 1,
                 "latency_ms": 200},
    "lost-response-35": {"kinds": ["lost_response"], "rate": 0.35},
    "errors-25": {"kinds": ["500", "503", "drop"], "rate": 0.25},
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_current_lifecycle_converges_under_faults_on_every_write(collections, emulator, name):
    emulator.set_faults(operations=["PhoneNumbers_" + op for op in RESERVATION_WRITES], seed=sum(map(ord, name)), **FAULTS[name])
    out = emulator.dir / "summary.json"
    runs = converge(collections, emulator, "lifecycle_current.yml", out, attempts=6)
    log = emulator.log()
    emulator.clear_faults()
    for run in runs:
        assert not run.crash_markers(), run
    assert runs[-1].rc == 0, "no convergence after %d runs: %r" % (len(runs), runs[-1])
    assert any(r["fault"] for r in log), "no fault was injected"
    summary = read_json(out)
    stats = emulator.stats()
    assert stats["ga_purchases"]["reservations"] == {summary["reservation_id"]: 1}, stats
    assert stats["ga_releases"] == {n: 1 for n in summary["numbers"][1:]}, stats
    assert stats["ga_numbers_purchased"] == 1, stats


def test_kill_mid_purchase_buys_once(collections, emulator_factory):
    # speed 5: the purchase takes about 5 s, long enough to be killed in the middle
    emulator = emulator_factory(speed=5)
    summary = crash_and_converge(collections, emulator, "purchase_current.yml", "PurchaseReservation", {})
    stats = emulator.stats()
    assert stats["ga_purchases"]["reservations"] == {summary["reservation_id"]: 1}, stats
    assert stats["ga_numbers_purchased"] == 2, stats
    rerun = converge(collections, emulator, "purchase_current.yml", emulator.dir / "summary.json", attempts=1)
    assert rerun[0].rc == 0 and read_json(emulator.dir / "summary.json")["changed"] is False


def test_kill_mid_release_releases_once(collections, emulator_factory):
    emulator = emulator_factory(speed=5)
    out = emulator.dir / "bought.json"
    runs = converge(collections, emulator, "purchase_current.yml", out, attempts=1)
    assert runs[-1].rc == 0, runs[-1]
    numbers = read_json(out)["numbers"]
    crash_and_converge(collections, emulator, "release_current.yml", "ReleasePhoneNumber", {"numbers": numbers})
    stats = emulator.stats()
    assert stats["ga_releases"] == {n: 1 for n in numbers}, stats
    assert stats["ga_numbers_purchased"] == 0, stats
