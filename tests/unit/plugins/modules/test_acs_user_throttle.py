# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_user at the service's documented limits (identity create 1000, delete 500 per window), against the emulator's
throttle model over HTTPS: a bulk task that meets a 429 waits out its Retry-After on every worker and finishes, with
each user created or deleted once."""

from __future__ import annotations

import collections
import time

from ansible_collections.acs.administration.plugins.modules import acs_user

from .lifecycle_emulator import needs_emulator
from .utils import run_module

REAL_SLEEP = time.sleep
# The throttle window (real seconds; the service's is 30 s): long enough for 1000 creations on a loaded machine, so
# that the next ones meet the limit, short enough to wait out.
WINDOW = 10


def _outcomes(emu, operation):
    return collections.Counter(r["status"] for r in emu.requests() if r["operation"] == operation)


@needs_emulator
def test_bulk_creation_and_deletion_wait_out_the_documented_limits(emu, monkeypatch):
    monkeypatch.setattr(time, "sleep", REAL_SLEEP)  # Retry-After is real time here, not a tenth of it
    config = emu.throttle(window=WINDOW)
    assert config["limits"]["CommunicationIdentity_Create"] == 1000 and config["limits"]["CommunicationIdentity_Delete"] == 500

    started = time.monotonic()
    failed, made = run_module(acs_user.main, dict(emu.args, count=1000, token_scopes=["chat"]))
    assert not failed, made.get("msg")
    assert time.monotonic() - started < WINDOW / 2, "too slow to reach the limit within the window"
    assert made["created"] == 1000 and made["stats"]["retries"] == 0  # exactly the limit: nothing refused
    failed, more = run_module(acs_user.main, dict(emu.args, count=3, token_scopes=["chat"]))
    assert not failed, more.get("msg")
    assert more["created"] == 3 and all(u["token"] for u in more["users"])
    assert more["stats"]["retries"] >= 1 and more["stats"]["waited_seconds"] >= 1
    assert _outcomes(emu, "CommunicationIdentity_Create") == {201: 1003, 429: more["stats"]["retries"]}

    ids = [u["user_id"] for u in made["users"][:503]]
    failed, gone = run_module(acs_user.main, dict(emu.args, state="absent", user_ids=ids, api_version="2023-10-01"))
    assert not failed, gone.get("msg")
    assert sorted(gone["deleted"]) == sorted(ids) and gone["already_absent"] == []
    assert gone["stats"]["retries"] >= 1 and gone["stats"]["waited_seconds"] >= 1
    assert _outcomes(emu, "CommunicationIdentity_Delete") == {204: 503, 429: gone["stats"]["retries"]}
    stats = emu.stats()
    assert stats["users_created"] == 1003 and stats["users_deleted"] == 503
