"""A long wait of provision_numbers.yml is not silent (issue 13, item 12): the wait runs in slices of
acs_wait_progress seconds, and Ansible prints a line at the end of each slice that did not see the end, then resumes
the wait without sending the purchase again."""

from __future__ import annotations

import re

import pytest

from acs_resilience import ROOT, run_playbook


@pytest.mark.parametrize("playbook, extra", [
    ("provision_numbers.yml", {}),
    ("provision_numbers_legacy.yml", {"acs_quantity": 1}),
])
def test_a_long_purchase_shows_progress_and_buys_once(collections, emulator_factory, playbook, extra):
    emulator = emulator_factory(speed=1)  # the service's own pace: the purchase takes many seconds
    run = run_playbook(collections, ROOT / "playbooks" / playbook,
                       dict(emulator.connection_vars(), acs_wait_progress=1, **extra))
    assert run.rc == 0, run.output
    progress = re.findall(r"^FAILED - RETRYING: \[localhost\]: (?:Hold and buy|Reserve and buy)[^\n]*retries left", run.stdout, re.M)
    assert len(progress) >= 2, run.stdout
    stats = emulator.stats()
    if playbook == "provision_numbers.yml":
        assert list(stats["ga_purchases"]["reservations"].values()) == [1], stats
    else:
        assert list(stats["purchases"].values()) == [1], stats
