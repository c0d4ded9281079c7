"""Racing runs (issue 13): two ansible processes at once with the same search name buy once.

The emulator answers CreateSearch after 4 s (a latency fault on every CreateSearch), so both runs list the searches,
find none, and both create one: the gap a concurrency guard must close. Run several times, on fresh emulators.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from acs_resilience import TOLL_FREE_PLAN, operations, run_module

ROUNDS = 4


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_racing_purchases_with_one_name_buy_once(collections, emulator_factory, round_):
    emulator = emulator_factory("race-%d" % round_)
    emulator.set_faults(rate=1.0, kinds=["latency"], operations=["CreateSearch"], latency_ms=4000)
    args = {"name": "race-line", "phone_plan_ids": [TOLL_FREE_PLAN], "area_code": "833", "quantity": 1, "state": "purchased",
            "api_version": "2020-07-20-preview1", "connection_string": emulator.connection_string, "ca_path": emulator.ca_path}
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda run_number: run_module(collections, "acs_phone_search", args, timeout=180), range(2)))
    results = [result for _run, result in runs]
    assert all(r is not None and not r.get("failed") for r in results), [run.output for run, _result in runs]
    log = emulator.log()
    assert len(operations(log, "CreateSearch")) == 2, "the race did not happen: %s" % [r["actions"] for r in results]
    stats = emulator.stats()
    assert len(stats["purchases"]) == 1 and list(stats["purchases"].values()) == [1], (stats, [r["actions"] for r in results])
    # both runs report the one search that was bought
    assert len({r["search"]["search_id"] for r in results}) == 1, [r["actions"] for r in results]
    assert all(r["search"]["status"] == "Success" for r in results)
