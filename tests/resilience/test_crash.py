"""kill -9 the emulator in the middle of a purchase and of a release, restart it on the same state file, rerun the play:
it converges and every number is bought or released exactly once."""

from __future__ import annotations

import json
import subprocess
import time

import pytest

from acs_resilience import BIN, PLAYBOOKS, ansible_env, converge, operations, read_json, snapshot


def _start_play(collections, emulator, playbook, extra_vars):
    vars_file = emulator.dir / ("%s.vars.json" % playbook)
    vars_file.write_text(json.dumps(dict(emulator.connection_vars(), **extra_vars)))
    return subprocess.Popen([str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e", "@%s" % vars_file,
                             str(PLAYBOOKS / playbook)], env=ansible_env(collections), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _kill_when(emulator, operation, play, timeout=60):
    """SIGKILL the emulator as soon as its log shows `operation` accepted (answered 2xx)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(200 <= (r["status"] or 0) < 300 for r in operations(emulator.log(), operation)):
            emulator.kill9()
            return
        assert play.poll() is None, "the play ended before %s was sent: %s" % (operation, play.stdout.read())
        time.sleep(0.05)
    pytest.fail("%s was not sent within %d s" % (operation, timeout))


def crash_and_converge(collections, emulator, playbook, operation, extra_vars):
    """Start `playbook`, kill -9 the emulator once it has accepted `operation`, restart it on the same state, then rerun
    the playbook until it converges (no traceback, no crash markers); returns the summary the playbook wrote."""
    out = emulator.dir / "summary.json"
    play = _start_play(collections, emulator, playbook, dict(extra_vars, out=str(out)))
    try:
        _kill_when(emulator, operation, play)
        time.sleep(0.5)
        emulator.restart()
        first = play.communicate(timeout=240)[0]
    finally:
        if play.poll() is None:
            play.kill()
    assert "Traceback" not in first and "MODULE FAILURE" not in first, first
    runs = converge(collections, emulator, playbook, out, attempts=3, extra_vars=extra_vars)
    assert runs[-1].rc == 0, runs[-1]
    for run in runs:
        assert not run.crash_markers(), run
    return read_json(out)


@pytest.mark.parametrize("kill_after", ["CreateSearch", "PurchaseSearch"])
def test_kill_mid_purchase(collections, emulator_factory, kill_after):
    # speed 5: the reservation takes 1 s and the purchase 6 s, long enough to be killed in the middle
    emulator = emulator_factory(speed=5)
    summary = crash_and_converge(collections, emulator, "purchase.yml", kill_after, {})
    stats = emulator.stats()
    assert stats["searches_created"] == 1, stats
    assert stats["purchases"] == {summary["search_id"]: 1}, stats
    assert stats["numbers_acquired"] == 2 and stats["numbers_reserved"] == 0, stats
    state = snapshot(collections, emulator)
    assert [n["number"] for n in state["numbers"]] == summary["numbers"]
    assert [(s["name"], s["status"]) for s in state["searches"]] == [("crash-bought", "Success")]


def test_kill_mid_release(collections, emulator_factory):
    emulator = emulator_factory(speed=5)
    out = emulator.dir / "summary.json"
    runs = converge(collections, emulator, "purchase.yml", out, attempts=1, extra_vars={"quantity": 3})
    assert runs[-1].rc == 0, runs[-1]
    numbers = read_json(out)["numbers"]
    before = emulator.stats()

    crash_and_converge(collections, emulator, "release.yml", "ReleasePhoneNumbers", {"numbers": numbers})

    stats = emulator.stats()
    assert stats["releases_created"] == 1, stats
    assert stats["numbers_acquired"] == 0 and stats["numbers_reserved"] == 0, stats
    assert stats["numbers_available"] == before["numbers_available"] + 3, (before, stats)
    state = snapshot(collections, emulator)
    assert state["numbers"] == []
    assert state["releases"] == [{"numbers": numbers, "status": "Complete"}], state["releases"]
    # The rerun after convergence has nothing left to release.
    rerun = converge(collections, emulator, "release.yml", out, attempts=1, extra_vars={"numbers": numbers})
    assert rerun[0].rc == 0 and read_json(out)["changed"] is False, rerun[0]
