"""The writing modules under injected faults converge to the end state of a clean run, and nothing is done twice."""

from __future__ import annotations

import fcntl
import json

import pytest

from acs_resilience import Emulator, converge, operations, read_json, run_module, snapshot

# kind(s), rate and extra fault settings; every rate is 20 % or more, and the seeds make the runs reproducible.
FAULTS = {
    "429-retry-after": {"kinds": ["429"], "rate": 0.3, "retry_after": 1},
    "500-503": {"kinds": ["500", "503"], "rate": 0.3},
    "drop": {"kinds": ["drop"], "rate": 0.25},
    "lost-response": {"kinds": ["lost_response"], "rate": 0.3},
    "latency": {"kinds": ["latency"], "rate": 0.3, "latency_ms": 300},
    "mixed": {"kinds": ["429", "500", "503", "drop", "lost_response", "latency"], "rate": 0.35, "retry_after": 1,
              "latency_ms": 200},
}
WRITES = ("CreateSearch", "PurchaseSearch", "CancelSearch", "UpdateCapabilities", "ReleasePhoneNumbers",
          "UpdatePstnConfiguration", "ConfigureNumber", "UnconfigureNumber")


@pytest.fixture(scope="module")
def clean_state(collections, tmp_path_factory, worker_id):
    """End state, stats and summary of the lifecycle play run once without faults, shared by the xdist workers."""
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent
    cached = root / "clean-lifecycle.json"
    with open(root / "clean-lifecycle.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cached.exists():
            emulator = Emulator(root / "clean-lifecycle").start()
            try:
                out = emulator.dir / "summary.json"
                runs = converge(collections, emulator, "lifecycle.yml", out, attempts=1)
                assert runs[-1].rc == 0, runs[-1]
                state = {"snapshot": snapshot(collections, emulator), "stats": emulator.stats(), "summary": read_json(out)}
            finally:
                emulator.stop()
            cached.write_text(json.dumps(state))
    return json.loads(cached.read_text())


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_lifecycle_converges_under_faults(collections, emulator, clean_state, name):
    faults = dict(FAULTS[name], seed=sum(map(ord, name)))
    emulator.set_faults(**faults)
    out = emulator.dir / "summary.json"
    runs = converge(collections, emulator, "lifecycle.yml", out)
    log = emulator.log()
    emulator.clear_faults()

    for run in runs:
        assert not run.crash_markers(), run
    assert runs[-1].rc == 0, "no convergence after %d runs: %r" % (len(runs), runs[-1])

    injected = [r for r in log if r.get("fault")]
    assert len(injected) >= 3, "too few faults injected to prove anything: %s" % injected
    assert {r["fault"] for r in injected} <= set(faults["kinds"])

    # The same end state as a clean run: numbers, capabilities, routing, searches, releases.
    assert snapshot(collections, emulator) == clean_state["snapshot"]
    stats, clean = emulator.stats(), clean_state["stats"]
    # Nothing was done twice and nothing is left reserved or lost.
    assert list(stats["purchases"].values()) == [1], stats
    for key in ("searches_created", "releases_created", "numbers_acquired", "numbers_reserved", "numbers_available"):
        assert stats[key] == clean[key], (key, stats, clean)
    assert stats["numbers_reserved"] == 0

    # A rerun without faults has nothing left to do and sends no write.
    emulator.clear_log()
    rerun = converge(collections, emulator, "lifecycle.yml", out, attempts=1)
    assert rerun[0].rc == 0, rerun[0]
    assert read_json(out)["changed"] == [False] * len(clean_state["summary"]["changed"])
    assert [r for r in emulator.log() if (r["operation"] or "").split("_", 1)[-1] in WRITES] == []


@pytest.mark.parametrize("name", ["500-503", "drop", "lost-response", "mixed"])
def test_user_batch_under_faults_never_duplicates(collections, emulator, name):
    """acs_user count: N creates at most N users; every user the service created is returned or counted as ambiguous."""
    emulator.set_faults(**dict(FAULTS[name], seed=7 + len(name)))
    run, result = run_module(collections, "acs_user", {
        "connection_string": emulator.connection_string, "ca_path": emulator.ca_path,
        "count": 20, "token_scopes": ["chat"], "workers": 4, "api_version": "2020-07-20-preview2"})  # a user, then its token
    log = emulator.log()
    emulator.clear_faults()
    stats = emulator.stats()
    assert not run.crash_markers(), run
    assert result is not None, run

    creates = operations(log, "Create")
    answered = [r for r in creates if r["status"] in (200, 201) and r.get("fault") in (None, "latency")]
    acted_unanswered = [r for r in creates if r.get("fault") == "lost_response"]
    # A creation is never re-sent after a failure where the service may have acted.
    ambiguous_faults = [r for r in creates if r.get("fault") in ("500", "drop", "lost_response")]
    assert stats["users_created"] == len(answered) + len(acted_unanswered), (stats, creates)
    assert stats["users_created"] <= 20, stats
    assert len(creates) - len([r for r in creates if r.get("fault") in ("429", "503")]) <= 20, creates
    assert result["created"] == len(answered), result
    assert result["ambiguous"] == len(ambiguous_faults), result
    returned = [u["user_id"] for u in result["users"]]
    assert len(set(returned)) == len(returned) == result["created"]
    if ambiguous_faults:
        assert result.get("failed") and str(len(ambiguous_faults)) in result["msg"], result
    # No user is orphaned silently: everything returned is real and has its token (or the failure says so).
    tokens = [u for u in result["users"] if u.get("token")]
    if len(tokens) != len(returned):
        assert result.get("failed"), result
    # Token issues are retry-safe by design (identity.issue_token(retry_safe=True)): a lost token is never seen by
    # anybody and expires. Every answered issue is a token that was returned, one per user.
    issued = [r for r in operations(log, "IssueToken") if r["status"] == 200 and r.get("fault") in (None, "latency")]
    assert len(issued) == len(tokens), (issued, tokens)
    assert len({u["user_id"] for u in tokens}) == len(tokens)


def test_token_issue_and_revoke_converge_under_faults(collections, emulator):
    base = {"connection_string": emulator.connection_string, "ca_path": emulator.ca_path}
    run, created = run_module(collections, "acs_user", dict(base, count=1))
    assert created and created["created"] == 1, run
    user_id = created["users"][0]["user_id"]
    emulator.set_faults(**dict(FAULTS["mixed"], rate=0.5, seed=11))
    token = None
    for _attempt in range(5):
        run, result = run_module(collections, "acs_token", dict(base, user_id=user_id, scopes=["chat", "voip"]))
        assert not run.crash_markers(), run
        if result and not result.get("failed"):
            token = result["token"]
            break
    assert token, run
    revoked = None
    for _attempt in range(5):
        run, revoked = run_module(collections, "acs_token", dict(base, user_id=user_id, state="revoked"))
        assert not run.crash_markers(), run
        if revoked and not revoked.get("failed"):
            break
    assert revoked and not revoked.get("failed"), run
    log = emulator.log()
    emulator.clear_faults()
    assert [r for r in log if r.get("fault")], "no fault was injected"
    verdict = emulator.control("POST", "tokens/verify", {"token": token})
    assert verdict["valid"] is False and verdict["reason"] == "revoked", verdict
