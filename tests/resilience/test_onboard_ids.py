"""onboard_users.yml keeps the id of every user it created, even when the run fails (issue 13, item 4).

The identity API cannot list users: an id that is not written down is lost for good, and the rerun creates the user
again. Faults that fail some creations (500 without acting, 503 until the retries run out) make the first run fail.
"""

from __future__ import annotations

import json

from acs_resilience import ROOT, operations, run_playbook

NAMES = ["user-%02d" % i for i in range(12)]


def test_a_failed_onboarding_keeps_every_created_id_and_the_rerun_creates_only_the_rest(collections, emulator, tmp_path):
    # 500 without acting (the emulator's 500 fault answers before the service acts): creation fails, nothing is lost
    emulator.set_faults(rate=0.4, kinds=["500"], operations=["CommunicationIdentity_Create"], seed=11)
    users_file = tmp_path / "state" / "users.json"
    # the legacy API keeps the ids in a file (the current API finds users by custom id, tests/resilience/test_identity_current.py)
    extra = dict(emulator.connection_vars(), acs_identity_api_version="2020-07-20-preview2", acs_user_names=NAMES,
                 acs_users_file=str(users_file),
                 acs_tokens_dir=str(tmp_path / "state" / "tokens"))
    first = run_playbook(collections, ROOT / "playbooks" / "onboard_users.yml", extra)
    created_first = emulator.stats()["users_created"]
    assert first.rc != 0, first.output  # some creations failed
    assert 0 < created_first < len(NAMES), emulator.stats()
    kept = json.loads(users_file.read_text())["users"]
    assert len(kept) == created_first, (kept, first.output)

    emulator.clear_faults()
    emulator.clear_log()
    second = run_playbook(collections, ROOT / "playbooks" / "onboard_users.yml", extra)
    assert second.rc == 0, second.output
    assert len(operations(emulator.log(), "Create")) == len(NAMES) - created_first
    assert emulator.stats()["users_created"] == len(NAMES)
    final = json.loads(users_file.read_text())["users"]
    assert sorted(final) == NAMES and len(set(final.values())) == len(NAMES)
    assert all(final[name] == user_id for name, user_id in kept.items())
