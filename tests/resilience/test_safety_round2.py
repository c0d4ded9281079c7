"""Issue 27, second adversarial round: each test failed before its fix. Against a real emulator over HTTPS.

Item 1 (in process): a claim (the empty merge-patch that makes a name's reservation) answered 429 or 503 and retried did not make
the reservation: when the retry answers 200, another run made it, and this run must neither hold nor buy. Driven in
process so that the rival's claim lands exactly between the refused claim and its retry (the client's sleep).

Item 10: acs_user state=absent whose DELETE answer was lost (so the re-sent DELETE answers 404) reports the user as
deleted, not as already absent.

Item 11: check mode of a purchase of numbers that need the agreement not to resell, without agree_to_not_resell,
predicts the refusal of the real run.

Item 16: a revocations_file that cannot be read fails state=revoked before the revocation is sent.
"""

from __future__ import annotations

import pytest

from acs_resilience import operations, read_json, run_module, run_playbook

from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2025_06_01 as api
from ansible_collections.acs.administration.plugins.module_utils.drivers.reservations import ReservationLifecycle, Task
from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve
from ansible_collections.acs.administration.plugins.module_utils.transport.poller import Poller

CLAIM = "PhoneNumbers_CreateOrUpdateReservation"


def _client(emulator, sleep=lambda seconds: None):
    return ACSClient(resolve(connection_string=emulator.connection_string), ca_path=emulator.ca_path, max_retries=3, sleep=sleep)


def _lifecycle(client, name, quantity=1, total=1, agree=False):
    task = Task(name, "US", "geographic", "application", quantity=quantity, total=total, agree_to_not_resell=agree)
    return ReservationLifecycle(client, api, Poller(client, sleep=lambda seconds: None), task, wait=False)


@pytest.mark.parametrize("kind", ["429", "503"])
def test_a_refused_and_retried_claim_does_not_take_the_rivals_reservation(emulator, kind):
    name = "claim-" + kind
    rival = _client(emulator)

    def rival_claims_meanwhile(_seconds):
        # the refused claim did nothing; before its retry, the other run makes the reservation
        emulator.clear_faults()
        status, _body = api.update_reservation(rival, api.reservation_id(name), {})
        assert status == 201

    lifecycle = _lifecycle(_client(emulator, sleep=rival_claims_meanwhile), name)
    emulator.set_faults(rate=1.0, kinds=[kind], retry_after=1, operations=[CLAIM])
    lifecycle.ensure_purchased()
    claims = operations(emulator.log(), "CreateOrUpdateReservation")
    assert [r["status"] for r in claims][:1] == [int(kind)], claims
    assert lifecycle.joined and not lifecycle.claimed, lifecycle.actions
    assert any("another run made reservation" in a for a in lifecycle.actions), lifecycle.actions
    # this run held nothing in the rival's reservation and bought nothing: the rival alone fills and buys it
    assert len(claims) == 3, claims  # the refused claim, the rival's, the retry; no hold
    reservation = api.get_reservation(rival, api.reservation_id(name))
    assert not reservation.get("phoneNumbers"), reservation
    assert emulator.stats()["ga_purchases"]["reservations"] == {}


def test_a_claim_whose_answer_was_lost_is_this_runs_own(emulator):
    # the lost claim made the reservation: its retry answers 200, and this run holds and buys, once
    lifecycle = _lifecycle(_client(emulator, sleep=lambda seconds: emulator.clear_faults()), "claim-lost")
    emulator.set_faults(rate=1.0, kinds=["lost_response"], operations=[CLAIM])
    lifecycle.ensure_purchased()
    assert lifecycle.claimed and not lifecycle.joined, lifecycle.actions
    stats = emulator.stats()
    assert list(stats["ga_purchases"]["reservations"].values()) == [1], stats
    assert stats["ga_numbers_purchased"] + stats["ga_numbers_held"] == 1, stats


def _args(emulator, **args):
    return dict(connection_string=emulator.connection_string, ca_path=emulator.ca_path, **args)


@pytest.mark.parametrize("broken", ["not json", "a directory"])
def test_an_unreadable_revocations_file_fails_before_the_revocation_is_sent(collections, emulator, tmp_path, broken):
    record = tmp_path / "revocations.json"
    if broken == "a directory":
        record.mkdir()
    else:
        record.write_text("{not json")
    run, user = run_module(collections, "acs_user", _args(emulator, count=1))
    assert user and not user.get("failed"), run.output
    emulator.clear_log()
    run, result = run_module(collections, "acs_token", _args(emulator, user_id=user["user_id"], state="revoked",
                                                             revocations_file=str(record)))
    assert result and result.get("failed"), run.output
    assert not operations(emulator.log(), "RevokeAccessTokens"), emulator.log()
    assert str(record) in result["msg"] and "nothing was revoked" in result["msg"].lower(), result["msg"]
    assert "revocations_file" in result["msg"], result["msg"]


USERS = 8


def test_a_user_whose_delete_answer_was_lost_is_reported_deleted(collections, emulator):
    run, made = run_module(collections, "acs_user", _args(emulator, count=USERS))
    assert made and not made.get("failed"), run.output
    ids = [u["user_id"] for u in made["users"]]
    assert len(ids) == USERS, made
    emulator.clear_log()
    emulator.set_faults(rate=0.5, kinds=["lost_response"], operations=["Delete"], seed=27)
    run, gone = run_module(collections, "acs_user", _args(emulator, user_ids=ids, state="absent", workers=1))
    log = emulator.log()
    emulator.clear_faults()
    assert gone and not gone.get("failed"), run.output
    deletes = operations(log, "Delete")
    # a lost answer, then the re-sent DELETE finds the user gone (404 on the legacy API, 401 IdentityNotOwned on the current)
    lost = [k for k, r in enumerate(deletes) if r["fault"] == "lost_response"]
    assert any(k + 1 < len(deletes) and deletes[k + 1]["status"] in (401, 404) for k in lost), [(r["status"], r["fault"]) for r in deletes]
    assert emulator.stats()["users_deleted"] == USERS
    assert gone["changed"] is True and sorted(gone["deleted"]) == sorted(ids), gone
    assert gone["already_absent"] == [], gone


def test_check_mode_warns_of_the_refusal_of_a_purchase_that_needs_the_agreement(collections, emulator):
    # issue 27 item 11 on the recorded service: 2025-06-01 answers no longer say which numbers need the agreement
    # (issue 26, D2), so check mode cannot know; it warns that the real run may be refused, which then says why
    out = emulator.dir / "agreement.json"
    run = run_playbook(collections, "purchase_needs_agreement.yml", dict(emulator.connection_vars(), out=str(out)))
    assert run.rc == 0 and not run.crash_markers(), run.output
    seen = read_json(out)
    assert seen["bought"].get("failed") and "agree_to_not_resell" in seen["bought"]["msg"], seen["bought"]
    assert not seen["predicted"].get("failed") and seen["predicted"]["changed"], seen["predicted"]
    assert "without agree_to_not_resell: true the real run may be refused with nothing bought" in " ".join(run.output.split()), run.output
    assert emulator.stats()["ga_purchases"]["reservations"] == {}
