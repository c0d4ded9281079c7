"""Retry-After is honoured (measured from the emulator's request log) and a module gives up after max_retries
with a clear message instead of hanging."""

from __future__ import annotations

from datetime import datetime

from acs_resilience import operations, run_module

COUNTRIES = "GetAllSupportedCountries"


def _times(requests):
    return [datetime.fromisoformat(r["time"].replace("Z", "+00:00")).timestamp() for r in requests]


def _countries(collections, emulator, **args):
    run, result = run_module(collections, "acs_country_info",
                             dict({"connection_string": emulator.connection_string, "ca_path": emulator.ca_path,
                                   "api_version": "2020-07-20-preview1"}, **args))
    assert not run.crash_markers(), run
    assert result is not None, run
    return run, result


def test_retry_after_is_honoured_then_gives_up(collections, emulator):
    emulator.set_faults(rate=1.0, kinds=["429"], operations=[COUNTRIES], retry_after=2, seed=1)
    _run, result = _countries(collections, emulator, max_retries=2)
    sent = operations(emulator.log(), COUNTRIES)
    assert [r["status"] for r in sent] == [429, 429, 429], sent
    times = _times(sent)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(gap >= 1.95 for gap in gaps), gaps          # the server's Retry-After: 2, not the 0.5 s backoff
    assert all(gap < 4.0 for gap in gaps), gaps
    assert result["failed"]
    assert result["msg"].startswith("Could not list the supported countries: GetAllSupportedCountries failed with HTTP 429 after 3 attempts"), result
    assert result["stats"]["retries"] == 2 and result["stats"]["requests"] == 3, result
    assert 3.9 <= result["stats"]["waited_seconds"] <= 4.5, result


def test_retry_after_then_success(collections, emulator):
    # 429 on about half the requests: the module waits as told and succeeds
    emulator.set_faults(rate=0.5, kinds=["429"], operations=[COUNTRIES], retry_after=1, seed=2)
    _run, result = _countries(collections, emulator, page_size=1, max_retries=8)
    sent = operations(emulator.log(), COUNTRIES)
    assert not result.get("failed"), result
    assert [c["country_code"] for c in result["countries"]] == ["US", "CA"]  # the default catalogue
    throttled = [i for i, r in enumerate(sent) if r["status"] == 429]
    assert throttled, "no 429 was injected"
    times = _times(sent)
    for i in throttled:
        assert times[i + 1] - times[i] >= 0.95, (i, sent)
    assert result["stats"]["retries"] == len(throttled)


def test_retry_after_longer_than_the_module_waits_fails_at_once(collections, emulator):
    emulator.set_faults(rate=1.0, kinds=["429"], operations=[COUNTRIES], retry_after=3600, seed=1)
    _run, result = _countries(collections, emulator)
    assert result["failed"] and "Retry-After 3600 s, longer than the 300 s this module waits" in result["msg"], result
    assert len(operations(emulator.log(), COUNTRIES)) == 1
    assert result["stats"]["retries"] == 0 and result["stats"]["waited_seconds"] == 0, result


def test_503_gives_up_after_max_retries(collections, emulator):
    emulator.set_faults(rate=1.0, kinds=["503"], operations=[COUNTRIES], seed=1)
    _run, result = _countries(collections, emulator, max_retries=3)
    assert [r["status"] for r in operations(emulator.log(), COUNTRIES)] == [503] * 4
    assert result["failed"] and "failed with HTTP 503 after 4 attempts" in result["msg"], result
    # the backoff ceilings are 0.5, 1 and 2 s: the module slept no longer than their sum
    assert result["stats"]["retries"] == 3 and result["stats"]["waited_seconds"] <= 3.5, result


def test_max_retries_zero_sends_once(collections, emulator):
    emulator.set_faults(rate=1.0, kinds=["500"], operations=[COUNTRIES], seed=1)
    _run, result = _countries(collections, emulator, max_retries=0)
    assert len(operations(emulator.log(), COUNTRIES)) == 1
    assert result["failed"] and "failed with HTTP 500" in result["msg"] and result["stats"]["retries"] == 0, result


def test_dropped_connections_give_up_after_max_retries(collections, emulator):
    emulator.set_faults(rate=1.0, kinds=["drop"], operations=[COUNTRIES], seed=1)
    _run, result = _countries(collections, emulator, max_retries=2)
    assert len(operations(emulator.log(), COUNTRIES)) == 3
    assert result["failed"] and "closed before a response arrived" in result["msg"], result
    assert "gave up after 3 attempts" in result["msg"], result
    assert result["stats"]["retries"] == 2 and result["stats"]["waited_seconds"] <= 1.5, result


def test_slow_responses_time_out_instead_of_hanging(collections, emulator):
    emulator.set_faults(rate=1.0, kinds=["latency"], latency_ms=4000, operations=[COUNTRIES], seed=1)
    _run, result = _countries(collections, emulator, timeout=1, max_retries=1)
    assert result["failed"] and "no response within the timeout" in result["msg"], result
    assert "gave up after 2 attempts" in result["msg"], result
    assert result["stats"]["retries"] == 1 and result["stats"]["waited_seconds"] <= 0.5, result


def test_lost_purchase_response_is_not_resent(collections, emulator):
    """A write whose response is lost every time: the module reads state, never sends the purchase twice."""
    base = {"connection_string": emulator.connection_string, "ca_path": emulator.ca_path}
    args = dict(base, name="lost", phone_plan_ids=["244d639a-b7d6-531f-8fd3-eb7ed0a667ff"], area_code="833", quantity=1,
                api_version="2020-07-20-preview1")
    run, reserved = run_module(collections, "acs_phone_search", args)
    assert reserved and not reserved.get("failed"), run
    emulator.set_faults(rate=1.0, kinds=["lost_response"], operations=["PurchaseSearch"], seed=1)
    run, bought = run_module(collections, "acs_phone_search", dict(args, state="purchased"))
    assert not run.crash_markers(), run
    assert bought and not bought.get("failed") and bought["search"]["status"] == "Success", run
    assert len(operations(emulator.log(), "PurchaseSearch")) == 1
    assert list(emulator.stats()["purchases"].values()) == [1]
