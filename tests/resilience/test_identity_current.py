"""acs_user and acs_token on the current identity API (issue 20), through real HTTPS against the emulator.

- the round trip (users by custom id with tokens -> token reuse, new scopes, revoke -> offboarding by id) passes on its
  first run; its second run changes nothing but the revocation, and sends no write but the revocation and the
  create-or-get requests that find the users (answered 201, as the real service does) and their new tokens;
- count: 500 with token_scopes is 500 requests and 500 users;
- under 30 % mixed faults (429, 500, 503, drop, lost responses) 20 hosts at once (-f 20), 5 users each by custom id,
  converge in one run with exactly 100 users created;
- count under faults never creates a user it does not report (returned or counted as ambiguous); tokens converge.
"""

from __future__ import annotations

import json
import sys
import time

from acs_resilience import ansible_env, BIN, PLAYBOOKS, _run, operations, read_json, run_module, run_playbook

MIXED = ["429", "500", "503", "drop", "lost_response"]
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def _writes(log):
    return [r for r in log if r["method"] in WRITES]


def _summary(log):
    """{operation: {status: count}} of a request log, for messages and the record."""
    out = {}
    for r in log:
        by_status = out.setdefault((r["operation"] or "?").split("_", 1)[-1], {})
        key = str(r["status"]) if r["status"] is not None else r["fault"] or "no answer"
        by_status[key] = by_status.get(key, 0) + 1
    return out


def test_round_trip_then_second_run_writes_only_the_revocation(collections, emulator, tmp_path):
    base = {"connection_string": emulator.connection_string, "ca_path": emulator.ca_path}
    run, leaver = run_module(collections, "acs_user", dict(base, custom_ids=["leaver"]))
    assert leaver and not leaver.get("failed"), run
    extra = dict(emulator.connection_vars(), out=str(tmp_path), offboard_user_id=leaver["user_id"])

    emulator.clear_log()
    first = run_playbook(collections, "identity_current.yml", extra)
    assert first.rc == 0, first
    done = read_json(tmp_path / "results.json")
    first_log = emulator.log()
    assert done["onboard"]["changed"] and done["onboard"]["created"] == 3 and done["onboard"]["tokens"] == 3, done
    assert not done["reuse"]["changed"] and done["reuse"]["reused"] and done["reuse"]["requests"] == 0, done
    assert done["new_scopes"]["changed"] and done["new_scopes"]["scopes"] == ["chat", "voip.join"], done
    assert done["revoke"]["changed"], done
    assert done["offboard"] == {"changed": True, "deleted": [leaver["user_id"]], "already_absent": []}, done
    print("first run requests:", len(first_log), _summary(first_log))

    emulator.clear_log()
    second = run_playbook(collections, "identity_current.yml", extra)
    assert second.rc == 0, second
    again = read_json(tmp_path / "results.json")
    log = emulator.log()
    print("second run requests:", len(log), _summary(log))
    assert again["onboard"]["changed"] is False and again["onboard"]["found"] == 3, again
    assert again["onboard"]["ids"] == done["onboard"]["ids"] and again["onboard"]["tokens"] == 3, again
    assert again["reuse"]["changed"] is False and again["reuse"]["reused"], again
    assert again["new_scopes"]["changed"] is False and again["new_scopes"]["reused"], again
    assert again["revoke"]["changed"] is True, again
    assert again["offboard"] == {"changed": False, "deleted": [], "already_absent": [leaver["user_id"]]}, again
    # the PLAY RECAP: only the revocation changed
    assert second.recap().get("changed") == 1, second.recap()
    writes = [(r["operation"], r["status"]) for r in _writes(log)]
    assert writes.count(("CommunicationIdentity_Create", 201)) == 3
    assert writes.count(("CommunicationIdentity_IssueAccessToken", 200)) == 3  # the tokens of token_scopes, credentials
    assert writes.count(("CommunicationIdentity_RevokeAccessTokens", 204)) == 1
    assert len(writes) == 7, writes
    assert [r["operation"] for r in log if r["method"] == "GET"] == ["CommunicationIdentity_Get"]
    assert len(log) == 8
    assert emulator.stats()["users_created"] == 4


def test_count_500_with_tokens_is_500_requests(collections, emulator):
    emulator.clear_log()
    run, result = run_module(collections, "acs_user", {
        "connection_string": emulator.connection_string, "ca_path": emulator.ca_path,
        "count": 500, "token_scopes": ["chat", "voip"]}, timeout=600)
    assert result and not result.get("failed"), run
    log = emulator.log()
    print("count 500:", len(log), "requests", _summary(log), "stats", result["stats"])
    assert result["created"] == 500 and len({u["user_id"] for u in result["users"]}) == 500
    assert all(u["token"] for u in result["users"])
    assert len(log) == 500 and result["stats"]["requests"] == 500
    assert {(r["operation"], r["status"], r["query"]) for r in log} == {
        ("CommunicationIdentity_Create", 201, "api-version=2023-10-01")}
    assert emulator.stats()["users_created"] == 500
    assert emulator.stats()["tokens_issued"] == 500


def test_twenty_hosts_onboard_by_custom_id_under_faults_in_one_run(collections, emulator, tmp_path):
    hosts = ["h%02d" % i for i in range(1, 21)]
    inventory = tmp_path / "hosts.ini"
    inventory.write_text("[all]\n" + "".join(
        "%s ansible_connection=local ansible_python_interpreter=%s\n" % (h, sys.executable) for h in hosts))
    vars_file = tmp_path / "vars.json"
    vars_file.write_text(json.dumps(dict(emulator.connection_vars(), acs_users_per_host=5, out=str(tmp_path))))
    emulator.set_faults(rate=0.3, kinds=MIXED, retry_after=1, seed=20)
    started = time.monotonic()
    run = _run([str(BIN / "ansible-playbook"), "-i", str(inventory), "-f", "20", "-e", "@%s" % vars_file,
                str(PLAYBOOKS / "onboard_custom_ids.yml")], ansible_env(collections), 900)
    emulator.clear_faults()
    log = emulator.log()
    print("20 hosts x 5 users under 30 %% faults: rc %s, %.0f s, %d requests %s, stats %s"
          % (run.rc, time.monotonic() - started, len(log), _summary(log), emulator.stats()))
    assert run.rc == 0, run
    assert sum(1 for r in log if r["fault"]) > 20, _summary(log)  # the faults did strike
    results = {h: read_json(tmp_path / ("%s.json" % h)) for h in hosts}
    ids = [u for r in results.values() for u in r["users"]]
    assert len(ids) == 100 and len(set(ids)) == 100
    assert all(r["tokens"] == 5 and r["custom_ids"] == ["%s-u%d" % (h, i) for i in range(1, 6)] for h, r in results.items())
    assert emulator.stats()["users_created"] == 100

    # a rerun without faults finds every user and creates none
    emulator.clear_log()
    rerun = _run([str(BIN / "ansible-playbook"), "-i", str(inventory), "-f", "20", "-e", "@%s" % vars_file,
                  str(PLAYBOOKS / "onboard_custom_ids.yml")], ansible_env(collections), 900)
    assert rerun.rc == 0, rerun
    again = {h: read_json(tmp_path / ("%s.json" % h)) for h in hosts}
    assert all(not r["changed"] and r["found"] == 5 for r in again.values()), again
    assert sorted(u for r in again.values() for u in r["users"]) == sorted(ids)
    assert {(r["operation"], r["status"]) for r in emulator.log()} == {("CommunicationIdentity_Create", 201),
                                                                       ("CommunicationIdentity_IssueAccessToken", 200)}
    assert emulator.stats()["users_created"] == 100


def test_count_under_faults_reports_every_user_it_may_have_created(collections, emulator):
    emulator.set_faults(rate=0.3, kinds=MIXED, retry_after=1, seed=7)
    run, result = run_module(collections, "acs_user", {
        "connection_string": emulator.connection_string, "ca_path": emulator.ca_path,
        "count": 20, "token_scopes": ["chat"], "workers": 4})
    emulator.clear_faults()
    assert result is not None and not run.crash_markers(), run
    created = emulator.stats()["users_created"]
    returned = len(result.get("users", []))
    assert returned <= created <= returned + result.get("ambiguous", 0) <= 20, (created, result)
    assert all(u["token"] for u in result.get("users", []))  # with the token in the create answer, no user lacks one


def test_tokens_converge_under_faults(collections, emulator):
    base = {"connection_string": emulator.connection_string, "ca_path": emulator.ca_path}
    run, user = run_module(collections, "acs_user", dict(base, custom_ids=["faulty"]))
    assert user and not user.get("failed"), run
    emulator.set_faults(rate=0.3, kinds=MIXED, retry_after=1, seed=3,
                        operations=["IssueAccessToken", "RevokeAccessTokens", "Create"])
    for _attempt in range(5):
        run, issued = run_module(collections, "acs_token", dict(base, user_id=user["user_id"], scopes=["chat", "voip"]))
        assert issued is not None and not run.crash_markers(), run
        assert not issued.get("failed"), issued  # issuing is safe to re-send: the retries absorb the faults
        run, found = run_module(collections, "acs_user", dict(base, custom_ids=["faulty"], token_scopes=["chat.join"]))
        # the user had a token before this task (lastTokenIssuedAt), so it is found whatever the faults did
        assert found and not found.get("failed") and found["user_id"] == user["user_id"], found
        assert found["changed"] is False and found["found"] == 1, found
        run, revoked = run_module(collections, "acs_token", dict(base, user_id=user["user_id"], state="revoked"))
        assert revoked and not revoked.get("failed") and revoked["changed"], revoked
    emulator.clear_faults()
    assert emulator.stats()["users_created"] == 1
    faults = [r for r in emulator.log() if r["fault"]]
    assert faults, "the faults did not strike"
    assert operations(emulator.log(), "RevokeAccessTokens")
