"""Racing voice routes: two ansible-playbook processes, started together, each add their own route with
acs.administration.acs_sip_route. The SIP routing API takes the routes only as a whole list and has no ETag, so both
runs read the same list and the later write replaces the earlier one: the run whose route was dropped must notice
(it reads back after writing) and write again. Every SIP request is slowed down by a latency fault, so that both runs
read before either writes; each run waits for the other to be ready before its first request.

10 rounds on one emulator: each round starts from the same configuration (two trunks, one route nobody touches) and
must end with both new routes and everything that was there before.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from acs_resilience import read_json, run_playbook

ROUNDS = 10
LATENCY_MS = 1200
MERGE = {"Content-Type": "application/merge-patch+json"}
BEFORE = {"trunks": {"sbc1.contoso.com": {"sipSignalingPort": 5061}, "sbc2.contoso.com": {"sipSignalingPort": 5062}},
          "routes": [{"name": "existing", "numberPattern": r"^\+33\d+$", "trunks": ["sbc2.contoso.com"]}]}


def _configure(emulator, body):
    answer = emulator.call("PATCH", "/sip", "api-version=2023-03-01", body=body, headers=MERGE)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _round(collections, emulator, n):
    emulator.clear_faults()
    _configure(emulator, {"trunks": BEFORE["trunks"]})
    _configure(emulator, {"routes": BEFORE["routes"]})
    emulator.clear_log()
    emulator.set_faults(rate=1.0, kinds=["latency"], latency_ms=LATENCY_MS, operations=["SipRouting_Get", "SipRouting_Update"])
    ready = emulator.dir / ("ready-%d" % n)  # each run waits there for the other (race_sip.yml)
    ready.mkdir()
    runs_args = [dict(emulator.connection_vars(), route="route-%s" % side, other="route-%s" % ("ba"[i]), pattern=r"^\+1%d\d+$" % (i + 2),
                      ready_dir=str(ready), out=str(emulator.dir / ("round-%d-%s.json" % (n, side)))) for i, side in enumerate("ab")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda extra: run_playbook(collections, "race_sip.yml", extra, timeout=240), runs_args))
    log = emulator.log()
    emulator.clear_faults()
    for run in runs:
        assert run.rc == 0 and not run.crash_markers(), run
    results = [read_json(extra["out"]) for extra in runs_args]
    final = emulator.call("GET", "/sip", "api-version=2023-03-01").json()
    return runs, results, final, log


def test_two_plays_adding_their_own_route_both_end_with_it(collections, emulator_factory):
    emulator = emulator_factory("sip-race")
    raced = 0
    for n in range(ROUNDS):
        runs, results, final, log = _round(collections, emulator, n)
        names = [r["name"] for r in final["routes"]]
        # both routes present, and nothing else removed or changed
        assert sorted(names) == ["existing", "route-a", "route-b"], (n, final, [r["actions"] for r in results])
        assert final["routes"][names.index("existing")] == BEFORE["routes"][0], final
        assert final["trunks"] == BEFORE["trunks"], final
        assert all(r["changed"] and r["route"]["name"] in names for r in results), results
        patches = [r for r in log if r["method"] == "PATCH"]
        assert all(p["status"] == 200 for p in patches), patches
        # both read the list before either wrote: then one write replaced the other and had to be redone
        gets = [i for i, r in enumerate(log) if r["method"] == "GET"]
        first_patch = next(i for i, r in enumerate(log) if r["method"] == "PATCH")
        if len([i for i in gets if i < first_patch]) >= 2:
            raced += 1
            assert sum(r["conflicts"] for r in results) >= 1 and len(patches) >= 3, (n, [r["actions"] for r in results], log)
    # the race must have happened in most rounds, or this test proves nothing
    assert raced >= ROUNDS // 2, raced
