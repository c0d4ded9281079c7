# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_user: validation before any request, the paths that send nothing, and the outcome of concurrent batches.

The batch tests replace the identity functions (not HTTP) to produce exact mixes of success, lost responses and
errors; the integration target drives the same paths against the emulator over HTTPS.
"""

from __future__ import annotations

import itertools
import threading
import time
from unittest import mock

import pytest

from ansible_collections.acs.administration.plugins.module_utils.api import identity_2020_07_20_preview2 as ID_API
from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSAmbiguousError, error_for
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve
from ansible_collections.acs.administration.plugins.modules import acs_user

from .utils import run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
USER = "8:acs:9b665d53-8164-4923-ad5d-5e983b07d2e7_00000006-c6bc-a766-ea7c-5a3a0d000078"
OTHER = "8:acs:9b665d53-8164-4923-ad5d-5e983b07d2e7_00000006-0000-0000-0000-000000000002"


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
    (args(workers=0), "workers must be between 1 and 10"),
    (args(workers=11), "workers must be between 1 and 10"),
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

class FakeIdentity:
    """create_user / issue_token / delete_user stand-ins that record calls and fail on chosen call numbers."""

    def __init__(self, create_faults=None, token_faults=None, delete_results=None):
        self.counter = itertools.count(1)
        self.lock = threading.Lock()
        self.create_faults = create_faults or {}
        self.token_faults = token_faults or {}
        self.delete_results = delete_results or {}
        self.created = []
        self.token_calls = []
        self.threads = set()

    def create_user(self, client):  # pylint: disable=unused-argument
        time.sleep(0.002)  # long enough for the pool to start several workers
        with self.lock:
            n = next(self.counter)
            self.threads.add(threading.current_thread().name)
        fault = self.create_faults.get(n)
        if fault:
            raise fault
        user_id = "8:acs:res_%04d" % n
        with self.lock:
            self.created.append(user_id)
        return user_id

    def issue_token(self, client, user_id, scopes, retry_safe=False):  # pylint: disable=unused-argument
        with self.lock:
            self.token_calls.append((user_id, tuple(scopes), retry_safe))
        fault = self.token_faults.get(user_id)
        if fault:
            raise fault
        return {"id": user_id, "token": "tok-" + user_id, "expiresOn": "2030-01-01T00:00:00.0000000+00:00"}

    def delete_user(self, client, user_id):  # pylint: disable=unused-argument
        outcome = self.delete_results.get(user_id, True)
        if outcome is False:  # already gone
            outcome = error_for("CommunicationIdentity_Delete failed with HTTP 404.", status=404)
        if isinstance(outcome, Exception):
            raise outcome


def run_batch(fake, **params):
    with mock.patch.object(ID_API, "create_user", fake.create_user), \
            mock.patch.object(ID_API, "issue_token", fake.issue_token), \
            mock.patch.object(ID_API, "delete_user", fake.delete_user):
        return run_module(acs_user.main, args(**params))


def test_count_creates_every_user_concurrently_with_tokens():
    fake = FakeIdentity()
    failed, result = run_batch(fake, count=40, token_scopes=["voip", "chat", "voip"], workers=8)
    assert not failed
    assert result["changed"] is True
    assert result["created"] == 40
    assert result["ambiguous"] == 0
    assert sorted(u["user_id"] for u in result["users"]) == sorted(fake.created)
    assert all(u["token"] == "tok-" + u["user_id"] for u in result["users"])
    assert all(u["expires_on"] == "2030-01-01T00:00:00.0000000+00:00" for u in result["users"])
    # Scopes deduplicated in the given order; a token may be re-sent safely.
    assert {call[1:] for call in fake.token_calls} == {(("voip", "chat"), True)}
    assert len(fake.threads) > 1
    assert "user_id" not in result and "token" not in result


def test_single_user_with_token_is_also_returned_at_the_top():
    fake = FakeIdentity()
    failed, result = run_batch(fake, token_scopes=["chat"])
    assert not failed
    assert result["user_id"] == "8:acs:res_0001"
    assert result["token"] == "tok-8:acs:res_0001"
    assert result["expires_on"].startswith("2030-01-01")


def test_lost_responses_are_counted_not_resent_and_the_created_users_returned():
    lost = ACSAmbiguousError("CommunicationIdentity_Create failed: connection closed; not re-sent.", operation="CommunicationIdentity_Create")
    fake = FakeIdentity(create_faults={3: lost, 7: lost})
    failed, result = run_batch(fake, count=10)
    assert failed
    assert result["ambiguous"] == 2
    assert result["created"] == 8
    assert sorted(u["user_id"] for u in result["users"]) == sorted(fake.created)
    assert result["changed"] is True
    assert "Created 8 of 10 users" in result["msg"]
    assert "2 creation request(s) lost their response" in result["msg"]
    assert len(result["errors"]) == 2
    # Exactly 10 creation attempts: nothing was re-sent to make up for the lost ones.
    assert next(fake.counter) == 11


def test_a_hard_error_stops_the_batch_and_keeps_the_users_already_created():
    denied = error_for("Authentication failed for CommunicationIdentity_Create (HTTP 401).", status=401)
    fake = FakeIdentity(create_faults={n: denied for n in range(3, 1000)})
    failed, result = run_batch(fake, count=200, workers=1)
    assert failed
    assert [u["user_id"] for u in result["users"]] == ["8:acs:res_0001", "8:acs:res_0002"]
    assert "not attempted after an error" in result["msg"]
    assert "Authentication failed" in result["msg"]
    assert next(fake.counter) == 4  # the third attempt failed, the 197 others were skipped


def test_a_failed_token_keeps_its_user():
    fake = FakeIdentity(token_faults={"8:acs:res_0002": error_for("CommunicationIdentity_IssueToken failed with HTTP 500.", status=500)})
    failed, result = run_batch(fake, count=3, token_scopes=["chat"], workers=1)
    assert failed
    assert result["created"] == 3
    second = [u for u in result["users"] if u["user_id"] == "8:acs:res_0002"][0]
    assert second["token"] is None
    assert "1 of them without a token" in result["msg"]
    assert "User 8:acs:res_0002 was created but its token was not issued" in result["errors"][0]


def test_delete_many_reports_deleted_and_already_absent():
    fake = FakeIdentity(delete_results={OTHER: False})
    failed, result = run_batch(fake, state="absent", user_ids=[USER, OTHER], _ansible_diff=True)
    assert not failed
    assert result["changed"] is True
    assert result["deleted"] == [USER]
    assert result["already_absent"] == [OTHER]
    assert result["diff"] == {"before": {"user_ids": [USER]}, "after": {"user_ids": []}}


def test_deleting_users_that_are_all_gone_is_not_a_change():
    fake = FakeIdentity(delete_results={USER: False})
    failed, result = run_batch(fake, state="absent", user_id=USER)
    assert not failed
    assert result["changed"] is False
    assert result["already_absent"] == [USER]


def test_a_failed_delete_fails_the_task_but_reports_the_others():
    fake = FakeIdentity(delete_results={OTHER: error_for("CommunicationIdentity_Delete failed with HTTP 500 after 6 attempts.", status=500)})
    failed, result = run_batch(fake, state="absent", user_ids=[USER, OTHER])
    assert failed
    assert result["deleted"] == [USER]
    assert "Deleted 1 of 2 users" in result["msg"]
    assert "Could not delete user %s" % OTHER in result["errors"][0]


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
    client.session.send = lambda *a, **k: FakeRaw()
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


def test_a_known_user_with_token_scopes_gets_a_token_and_creates_nothing():
    fake = FakeIdentity()
    failed, result = run_batch(fake, user_id=USER, token_scopes=["chat"])
    assert not failed, result
    assert fake.created == [] and fake.token_calls == [(USER, ("chat",), True)]
    assert result["changed"] is True and result["created"] == 0
    assert result["user_id"] == USER and result["token"] == "tok-" + USER
    assert result["users"] == [{"user_id": USER, "token": "tok-" + USER, "expires_on": "2030-01-01T00:00:00.0000000+00:00"}]


def test_known_users_with_token_scopes_in_check_mode_send_nothing():
    fake = FakeIdentity()
    failed, result = run_batch(fake, user_ids=[USER, OTHER], token_scopes=["chat"], _ansible_check_mode=True)
    assert not failed and result["changed"] is True, result
    assert fake.token_calls == [] and result["stats"]["requests"] == 0


@pytest.mark.parametrize("known, exact, creates", [([], 3, 3), ([USER], 3, 2), ([USER, OTHER], 2, 0), ([USER, OTHER], 1, 0)])
def test_exact_count_creates_only_the_users_missing_from_the_ids_given(known, exact, creates):
    fake = FakeIdentity()
    params = dict(exact_count=exact, **({"user_ids": known} if known else {}))
    failed, result = run_batch(fake, **params)
    assert not failed, result
    assert len(fake.created) == creates and result["created"] == creates
    assert result["changed"] is (creates > 0)
    returned = [u["user_id"] for u in result["users"]]
    assert returned[:len(known)] == known and sorted(returned[len(known):]) == sorted(fake.created)


def test_exact_count_goes_with_present_only_and_not_with_count():
    for params, fragment in ((args(exact_count=2, count=2), "mutually exclusive"),
                             (args(state="absent", user_ids=[USER], exact_count=2), "exact_count only applies to state=present"),
                             (args(exact_count=0), "exact_count must be between 1 and 1000")):
        failed, result = run_module(acs_user.main, params)
        assert failed and fragment in result["msg"], result


def test_results_say_what_was_done_in_msg_and_actions():
    fake = FakeIdentity()
    failed, result = run_batch(fake, count=2)
    assert not failed and result["msg"] == "created 2 users" and result["actions"] == ["created 2 users"], result
    failed, result = run_batch(fake, user_id=USER)
    assert not failed and result["actions"] == ["%s is known; nothing to create" % USER], result
    failed, result = run_batch(fake, state="absent", user_ids=[USER, OTHER])
    assert not failed and result["actions"] == ["deleted %s" % USER, "deleted %s" % OTHER], result
