"""Racing runs on the current API (2025-06-01): two ansible-playbook processes started together with the same
reservation name buy once, and only what the task asks for.

The emulator answers CreateOrUpdateReservation and PurchaseReservation after 4 s (a latency fault before the
operation runs), so both runs read the reservation, find none, browse and hold: the gap between the read and the
hold, and between the hold and the purchase, is where a second purchase or a second set of numbers could slip in. The
task browses without an area code, so the two runs are offered different numbers. Run several rounds, each on a fresh
emulator.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from acs_resilience import operations, read_json, run_playbook

ROUNDS = 4
QUANTITY = 2


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_racing_purchases_of_one_name_buy_once(collections, emulator_factory, round_):
    emulator = emulator_factory("race-current-%d" % round_)
    emulator.set_faults(rate=1.0, kinds=["latency"], latency_ms=4000,
                        operations=["PhoneNumbers_CreateOrUpdateReservation", "PhoneNumbers_PurchaseReservation"])
    outs = [emulator.dir / ("run-%d.json" % n) for n in range(2)]

    def play(out):
        return run_playbook(collections, "race_current.yml", dict(emulator.connection_vars(), out=str(out)), timeout=240)

    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(play, outs))
    log = emulator.log()
    emulator.clear_faults()
    for run in runs:
        assert not run.crash_markers(), run
    # the race happened: both runs found no reservation and both sent a hold
    assert len([r for r in operations(log, "GetReservation") if r["status"] == 404]) >= 2, [r["operation"] for r in log]
    assert len(operations(log, "CreateOrUpdateReservation")) >= 2, [r["operation"] for r in log]
    stats = emulator.stats()
    # exactly one purchase, of exactly the quantity asked for: no number bought twice, none bought unasked
    assert list(stats["ga_purchases"]["reservations"].values()) == [1], stats
    assert stats["ga_numbers_purchased"] == QUANTITY, (stats, runs)
    assert stats["ga_numbers_held"] == 0, stats
    # both runs end consistent: each succeeded and reports the same bought reservation
    assert all(run.rc == 0 for run in runs), runs
    results = [read_json(out) for out in outs]
    assert len({r["reservation"]["id"] for r in results}) == 1
    assert all(r["reservation"]["status"] == "completed" for r in results), [r["actions"] for r in results]
    assert results[0]["reservation"]["phone_numbers"] == results[1]["reservation"]["phone_numbers"]
    assert len(results[0]["reservation"]["phone_numbers"]) == QUANTITY
    # one run made the reservation and bought it; the other found it made, held nothing and did not buy
    assert sorted(r["changed"] for r in results) == [False, True], [r["actions"] for r in results]
    assert any("another run made reservation" in a for r in results for a in r["actions"]), [r["actions"] for r in results]
