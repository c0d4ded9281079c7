# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_user: validation before any request, the paths that send nothing, and the outcome of concurrent batches against
the emulator (legacy identity API): lost responses and errors are the emulator's faults. Two mixes it cannot stage (an
authentication error from the third creation on, one of two deletes failing) still replace the identity functions.
"""

from __future__ import annotations

import re
import threading
import time

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve
from ansible_collections.acs.administration.plugins.modules import acs_user

from .lifecycle_emulator import needs_emulator
from .utils import run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
USER = "8:acs:9b665d53-8164-4923-ad5d-5e983b07d2e7_00000006-c6bc-a766-ea7c-5a3a0d000078"
OTHER = "8:acs:9b665d53-8164-4923-ad5d-5e983b07d2e7_00000006-0000-0000-0000-000000000002"


LATENCY_MS = 100
LOST_SEED = 5  # the emulator loses some of the 10 creations' answers with it


def held(emu, users):
    """Whether the emulator holds each of these users (GET /identities/{id} of 2025-03-02-preview) and they are distinct."""
    return len(set(users)) == len(users) and all(
        emu.call("GET", "/identities/" + user, "api-version=2025-03-02-preview").status_code == 200 for user in users)


def ms(stamp):
    """Milliseconds of a request log time (2024-05-01T10:11:12.345Z) since the start of its day."""
    hours, minutes, seconds = stamp[11:23].split(":")
    return ((int(hours) * 60 + int(minutes)) * 60 + float(seconds)) * 1000


def make_user(emu):
    """A user made on the emulator outside the module; the log is cleared after it."""
    response = emu.call("POST", "/identities", "api-version=2020-07-20-preview2")
    assert response.status_code == 200, response.text
    emu.clear_requests()
    return response.json()["id"]


def gone(user):
    """A well-formed id of this resource that the emulator does not hold."""
    return user[:-4] + "ffff"


def on_emulator(emu, **params):
    return run_module(acs_user.main, args(**dict(emu.args, **params)))


def args(**kwargs):
    kwargs.setdefault("connection_string", GOOD)
    kwargs.setdefault("api_version", "2020-07-20-preview2")  # these tests are of the legacy API; test_*_current.py of the current one
    return kwargs


@pytest.mark.parametrize("params, fragment", [
    (args(user_id="acs:abc_1"), "is not an Azure Communication Services identity"),
    (args(user_ids=[USER, "nope"]), "user_ids item 'nope' is not an Azure Communication Services identity"),
    (args(user_ids=[]), "user_ids is an empty list"),
    (args(count=0), "count must be between 1 and 1000, not 0"),
    (args(count=1001), "count must be between 1 and 1000"),
    (args(token_scopes=["chat", "video"]), "unknown scope(s) 'video'"),
    (args(token_scopes=[]), "token_scopes must name at least one of: chat, voip, pstn"),
    (args(workers=0), "workers must be between 1 and 50"),
    (args(workers=51), "workers must be between 1 and 50"),
    (args(state="absent"), "state=absent needs user_id or user_ids"),
    (args(state="absent", user_id=USER, token_scopes=["chat"]), "token_scopes only applies to state=present"),
    (args(state="absent", user_ids=[USER], count=2), "mutually exclusive"),
    (args(user_id=USER, count=2), "mutually exclusive"),
    (args(user_id=USER, user_ids=[USER]), "mutually exclusive"),
    (args(state="gone"), "value of state must be one of: present, absent"),
    ({}, "No connection was given"),
])
def test_bad_input_fails_before_any_request(params, fragment):
    failed, result = run_module(acs_user.main, params)
    assert failed
    assert fragment in result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


def test_known_user_sends_nothing_and_is_not_changed():
    # The endpoint is unreachable: any request would fail the task. (With token_scopes a token is issued: see below.)
    failed, result = run_module(acs_user.main, args(user_id=USER))
    assert not failed
    assert result["changed"] is False
    assert result["user_id"] == USER
    assert result["users"] == [{"user_id": USER, "token": None, "expires_on": None}]
    assert result["stats"]["requests"] == 0


def test_known_users_are_deduplicated():
    failed, result = run_module(acs_user.main, args(user_ids=[USER, OTHER, USER]))
    assert not failed
    assert [u["user_id"] for u in result["users"]] == [USER, OTHER]
    assert "user_id" not in result
    assert result["stats"]["requests"] == 0


def test_check_mode_create_sends_nothing():
    failed, result = run_module(acs_user.main, args(count=5, token_scopes=["chat"], _ansible_check_mode=True, _ansible_diff=True))
    assert not failed
    assert result["changed"] is True
    assert result["would_create"] == 5
    assert result["users"] == []
    assert result["stats"]["requests"] == 0
    assert len(result["diff"]["after"]["user_ids"]) == 5


def test_check_mode_delete_sends_nothing():
    failed, result = run_module(acs_user.main, args(state="absent", user_ids=[USER, OTHER], _ansible_check_mode=True))
    assert not failed
    assert result["changed"] is True
    assert result["deleted"] == [USER, OTHER]
    assert result["stats"]["requests"] == 0


# -- batches ----------------------------------------------------------------------------------------------------

@needs_emulator
def test_count_creates_every_user_concurrently_with_tokens(emu):
    emu.faults(rate=1, kinds=["latency"], latency_ms=LATENCY_MS, operations=["CommunicationIdentity_Create"])
    failed, result = on_emulator(emu, count=40, token_scopes=["voip", "chat", "voip"], workers=8)
    assert not failed, result["msg"]
    assert result["changed"] is True
    assert result["created"] == 40
    assert result["ambiguous"] == 0
    assert held(emu, [u["user_id"] for u in result["users"]]) and emu.stats()["users_created"] == 40
    for user in result["users"]:
        verdict = emu.verify_token(user["token"])
        # Scopes deduplicated in the given order
        assert verdict["valid"] and verdict["user_id"] == user["user_id"] and verdict["scopes"] == ["voip", "chat"], verdict
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$", user["expires_on"]), user["expires_on"]
    # concurrently: creations arrive while another one is still being answered (each takes LATENCY_MS)
    arrivals = sorted(r["time"] for r in emu.requests() if r["operation"] == "CommunicationIdentity_Create")
    assert min(ms(b) - ms(a) for a, b in zip(arrivals, arrivals[1:])) < LATENCY_MS / 2, arrivals
    assert "user_id" not in result and "token" not in result


@needs_emulator
def test_single_user_with_token_is_also_returned_at_the_top(emu):
    failed, result = on_emulator(emu, token_scopes=["chat"])
    assert not failed
    assert held(emu, [result["user_id"]]) and emu.stats()["users_created"] == 1
    assert emu.verify_token(result["token"])["user_id"] == result["user_id"]
    assert result["expires_on"] == result["users"][0]["expires_on"]


@needs_emulator
def test_lost_responses_are_counted_not_resent_and_the_created_users_returned(emu):
    emu.faults(rate=0.3, kinds=["lost_response"], operations=["CommunicationIdentity_Create"], seed=LOST_SEED)
    failed, result = on_emulator(emu, count=10)
    creates = [r for r in emu.requests() if r["operation"] == "CommunicationIdentity_Create"]
    lost = len([r for r in creates if r["fault"] == "lost_response"])
    assert lost >= 1, creates
    assert failed
    assert result["ambiguous"] == lost
    assert result["created"] == 10 - lost
    assert emu.stats()["users_created"] == 10  # the service made every one; the lost ones are not returned
    assert held(emu, [u["user_id"] for u in result["users"]])
    assert result["changed"] is True
    assert "Created %d of 10 users" % (10 - lost) in result["msg"]
    assert "%d creation request(s) lost their response" % lost in result["msg"]
    assert len(result["errors"]) == lost
    # Exactly 10 creation attempts: nothing was re-sent to make up for the lost ones.
    assert len(creates) == 10


@needs_emulator
def test_a_hard_error_stops_the_batch_and_keeps_the_users_already_created(emu):
    # from the third creation on, the service refuses the key (the emulator's reply fault, after two creations)
    denied = {"error": {"code": "Denied", "message": "Denied by the test."}}
    emu.faults(rate=1, kinds=["reply"], operations=["CommunicationIdentity_Create"], after=2, reply={"status": 401, "body": denied})
    failed, result = on_emulator(emu, count=200, workers=1)
    creates = [r for r in emu.requests() if r["operation"] == "CommunicationIdentity_Create"]
    assert failed
    assert len(result["users"]) == 2 and held(emu, [u["user_id"] for u in result["users"]])
    assert "not attempted after an error" in result["msg"]
    assert "Authentication failed for CommunicationIdentity_Create (HTTP 401)" in result["msg"], result["msg"]
    assert len(creates) == 3  # the third attempt failed, the 197 others were skipped


@needs_emulator
def test_a_failed_token_keeps_its_user(emu):
    emu.faults(rate=1, kinds=["500"], operations=["CommunicationIdentity_IssueToken"])
    failed, result = on_emulator(emu, count=3, token_scopes=["chat"], workers=1, max_retries=0)
    assert failed
    assert result["created"] == 3
    assert all(u["token"] is None for u in result["users"])
    assert "3 of them without a token" in result["msg"]
    first = result["users"][0]["user_id"]
    assert any("User %s was created but its token was not issued" % first in e for e in result["errors"]), result["errors"]


@needs_emulator
def test_delete_many_reports_deleted_and_already_absent(emu):
    user = make_user(emu)
    failed, result = on_emulator(emu, state="absent", user_ids=[user, gone(user)], _ansible_diff=True)
    assert not failed
    assert result["changed"] is True
    assert result["deleted"] == [user]
    assert result["already_absent"] == [gone(user)]
    assert result["diff"] == {"before": {"user_ids": [user]}, "after": {"user_ids": []}}
    assert emu.stats()["users_deleted"] == 1


@needs_emulator
def test_deleting_users_that_are_all_gone_is_not_a_change(emu):
    user = gone(make_user(emu))
    failed, result = on_emulator(emu, state="absent", user_id=user)
    assert not failed
    assert result["changed"] is False
    assert result["already_absent"] == [user]


@needs_emulator
def test_a_failed_delete_fails_the_task_but_reports_the_others(emu):
    first, second = make_user(emu), make_user(emu)
    emu.faults(rate=1, kinds=["500"], operations=["CommunicationIdentity_Delete"], after=1)  # the second delete fails
    failed, result = on_emulator(emu, state="absent", user_ids=[first, second], workers=1, max_retries=0)
    assert failed
    assert result["deleted"] == [first]
    assert "Deleted 1 of 2 users" in result["msg"]
    assert "Could not delete user %s" % second in result["errors"][0]
    assert held(emu, [second]) and not held(emu, [first])


# -- the shared client under threads -----------------------------------------------------------------------------

class FakeRaw:
    status_code = 200
    headers = {}
    content = b'{"id": "8:acs:x_1"}'

    @staticmethod
    def json():
        return {"id": "8:acs:x_1"}


class SwitchingDict(dict):
    """A dict that lets another thread run between reading and writing a counter, as CPython 3.9 may do anyway."""

    def __getitem__(self, key):
        value = super().__getitem__(key)
        time.sleep(0)
        return value


def test_client_counters_stay_exact_when_threads_share_it():
    client = ACSClient(resolve(GOOD, None, None))
    client.wire.send = lambda *a, **k: FakeRaw()
    client.stats = SwitchingDict(client.stats)
    workers, per_worker = 12, 100

    def work():
        for dummy in range(per_worker):
            client.request("POST", "/identities", "CommunicationIdentity_Create", "2020-07-20-preview2")

    threads = [threading.Thread(target=work) for dummy in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert client.stats["requests"] == workers * per_worker


@needs_emulator
def test_a_known_user_with_token_scopes_gets_a_token_and_creates_nothing(emu):
    user = make_user(emu)
    failed, result = on_emulator(emu, user_id=user, token_scopes=["chat"])
    assert not failed, result
    assert [r["operation"] for r in emu.requests()] == ["CommunicationIdentity_IssueToken"]
    assert result["changed"] is True and result["created"] == 0
    assert result["user_id"] == user and emu.verify_token(result["token"])["user_id"] == user
    assert result["users"] == [{"user_id": user, "token": result["token"], "expires_on": result["expires_on"]}]


@needs_emulator
def test_known_users_with_token_scopes_in_check_mode_send_nothing(emu):
    user = make_user(emu)
    failed, result = on_emulator(emu, user_ids=[user, gone(user)], token_scopes=["chat"], _ansible_check_mode=True)
    assert not failed and result["changed"] is True, result
    assert emu.requests() == [] and result["stats"]["requests"] == 0


@needs_emulator
@pytest.mark.parametrize("known, exact, creates", [(0, 3, 3), (1, 3, 2), (2, 2, 0), (2, 1, 0)])
def test_exact_count_creates_only_the_users_missing_from_the_ids_given(emu, known, exact, creates):
    known = [make_user(emu) for dummy in range(known)]
    params = dict(exact_count=exact, **({"user_ids": known} if known else {}))
    failed, result = on_emulator(emu, **params)
    assert not failed, result
    assert emu.stats()["users_created"] == len(known) + creates and result["created"] == creates
    assert result["changed"] is (creates > 0)
    returned = [u["user_id"] for u in result["users"]]
    assert returned[:len(known)] == known and len(returned) == len(known) + creates and held(emu, returned)


def test_exact_count_goes_with_present_only_and_not_with_count():
    for params, fragment in ((args(exact_count=2, count=2), "mutually exclusive"),
                             (args(state="absent", user_ids=[USER], exact_count=2), "exact_count only applies to state=present"),
                             (args(exact_count=0), "exact_count must be between 1 and 1000")):
        failed, result = run_module(acs_user.main, params)
        assert failed and fragment in result["msg"], result


@needs_emulator
def test_results_say_what_was_done_in_msg_and_actions(emu):
    failed, result = on_emulator(emu, count=2)
    assert not failed and result["msg"] == "created 2 users" and result["actions"] == ["created 2 users"], result
    first, second = [u["user_id"] for u in result["users"]]
    failed, result = on_emulator(emu, user_id=first)
    assert not failed and result["actions"] == ["%s is known; nothing to create" % first], result
    failed, result = on_emulator(emu, state="absent", user_ids=[first, second])
    assert not failed and result["actions"] == ["deleted %s" % first, "deleted %s" % second], result
