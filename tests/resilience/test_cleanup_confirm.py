"""cleanup.yml removes nothing unconfirmed, users onboarded by custom id included (issue 27, item 2).

On the current identity API onboard_users.yml keeps no ids file: cleanup.yml finds its users by custom id (the names
of their token files). Without -e acs_confirm_cleanup=true it must stop before deleting them or their token files,
also when there is no reservation and no number to release.
"""

from __future__ import annotations

from acs_resilience import ROOT, operations, run_playbook

NAMES = ["cleanup-a", "cleanup-b"]


def test_cleanup_deletes_no_user_by_custom_id_unless_confirmed(collections, emulator, tmp_path):
    tokens = tmp_path / "state" / "tokens"
    extra = dict(emulator.connection_vars(), acs_user_names=NAMES, acs_tokens_dir=str(tokens),
                 acs_users_file=str(tmp_path / "state" / "users.json"))
    onboard = run_playbook(collections, ROOT / "playbooks" / "onboard_users.yml", extra)
    assert onboard.rc == 0, onboard.output
    assert sorted(p.name for p in tokens.iterdir()) == ["cleanup-a.token", "cleanup-b.token"]
    emulator.clear_log()

    unconfirmed = run_playbook(collections, ROOT / "playbooks" / "cleanup.yml", extra)
    assert unconfirmed.rc != 0, unconfirmed.output
    assert "Nothing was removed" in unconfirmed.output
    assert "cleanup-a, cleanup-b" in unconfirmed.output  # the list of what would go, shown before the stop
    assert not operations(emulator.log(), "Delete"), emulator.log()
    assert sorted(p.name for p in tokens.iterdir()) == ["cleanup-a.token", "cleanup-b.token"]

    confirmed = run_playbook(collections, ROOT / "playbooks" / "cleanup.yml", dict(extra, acs_confirm_cleanup=True))
    assert confirmed.rc == 0, confirmed.output
    assert len(operations(emulator.log(), "Delete")) == len(NAMES)
    assert not list(tokens.iterdir())
