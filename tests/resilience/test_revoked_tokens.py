"""A revoked token is not handed out again by onboard_users.yml (issue 13, item 3).

The identity API never tells whether a token was revoked, on any version. acs_token state=revoked records when it
revoked a user's tokens (by default in ~/.ansible/acs_revocations.json, here under a HOME of the test), and the reuse
check of onboard_users.yml's acs_token task refuses a token issued before that time.
"""

from __future__ import annotations

import json

import pytest

from acs_resilience import ROOT, run_module, run_playbook

NAMES = ["alice", "bob"]


@pytest.mark.parametrize("version", ["2023-10-01", "2020-07-20-preview2"])
def test_a_token_revoked_with_acs_token_is_reissued_by_the_next_onboarding(collections, emulator, tmp_path, version):
    home = {"HOME": str(tmp_path / "home")}
    tokens = tmp_path / "tokens"
    extra = dict(emulator.connection_vars(), acs_identity_api_version=version, acs_user_names=NAMES,
                 acs_users_file=str(tmp_path / "users.json"), acs_tokens_dir=str(tokens))
    first = run_playbook(collections, ROOT / "playbooks" / "onboard_users.yml", extra, env=home)
    assert first.rc == 0, first.output
    assert "0 token(s) reused, 2 issued" in first.stdout, first.stdout
    before = {name: (tokens / (name + ".token")).read_text() for name in NAMES}

    if version == "2020-07-20-preview2":
        alice = json.loads((tmp_path / "users.json").read_text())["users"]["alice"]
    else:
        run, found = run_module(collections, "acs_user", dict(custom_ids=["alice"], **emulator_args(emulator)), env=home)
        assert found and not found.get("failed") and found["changed"] is False, run.output
        alice = found["user_id"]
    revoke = dict(user_id=alice, state="revoked", api_version=version, **emulator_args(emulator))
    run, revoked = run_module(collections, "acs_token", revoke, env=home)
    assert revoked and not revoked.get("failed") and revoked["changed"], run.output
    assert emulator.control("POST", "tokens/verify", {"token": before["alice"]})["reason"] == "revoked"

    second = run_playbook(collections, ROOT / "playbooks" / "onboard_users.yml", extra, env=home)
    assert second.rc == 0, second.output
    assert "1 token(s) reused, 1 issued" in second.stdout, second.stdout
    after = {name: (tokens / (name + ".token")).read_text() for name in NAMES}
    assert after["bob"] == before["bob"] and after["alice"] != before["alice"]
    assert emulator.control("POST", "tokens/verify", {"token": after["alice"]})["valid"]

    third = run_playbook(collections, ROOT / "playbooks" / "onboard_users.yml", extra, env=home)
    assert third.rc == 0, third.output
    assert "2 token(s) reused, 0 issued" in third.stdout, third.stdout


def emulator_args(emulator):
    return {"connection_string": emulator.connection_string, "ca_path": emulator.ca_path}
