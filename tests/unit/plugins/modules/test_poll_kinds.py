# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each module's wait names its kind of operation, so the Poller reads on that kind's schedule (poll_schedule.py):
the modules run against the emulator, and Poller.wait is wrapped to note the kind of each wait (and then waits)."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport import poll_schedule
from ansible_collections.acs.administration.plugins.module_utils.transport.poller import Poller
from ansible_collections.acs.administration.plugins.modules import acs_phone_number, acs_phone_search

from .lifecycle_emulator import needs_emulator
from .utils import run_legacy, run_module

SEATTLE = {"country_code": "US", "phone_number_type": "geographic", "assignment_type": "application", "area_code": "206"}
TOLL_FREE_PLAN = "244d639a-b7d6-531f-8fd3-eb7ed0a667ff"


@pytest.fixture
def kinds(monkeypatch):
    seen = []
    real_wait = Poller.wait

    def noting_wait(self, *args, **kwargs):
        seen.append(kwargs.get("kind"))
        return real_wait(self, *args, **kwargs)

    monkeypatch.setattr(Poller, "wait", noting_wait)
    return seen


def _ok(main, args, runner=run_module):
    failed, result = runner(main, args)
    assert not failed, result.get("msg")
    return result


@needs_emulator
def test_the_current_api_waits_name_their_kinds(emu, kinds):
    bought = _ok(acs_phone_search.main, dict(emu.args, name="kinds", quantity=1, total=100, state="purchased", **SEATTLE))
    assert kinds == ["reservation_purchase"]
    number = bought["reservation"]["phone_numbers"][0]
    _ok(acs_phone_number.main, dict(emu.args, phone_number=number, capabilities={"calling": "inbound"}))
    _ok(acs_phone_number.main, dict(emu.args, phone_number=number, state="released"))
    assert kinds == ["reservation_purchase", "capabilities", "release"]
    assert all(kind in poll_schedule.SCHEDULES for kind in kinds)


@needs_emulator
def test_the_legacy_waits_name_their_kinds(paced_emulator, kinds):
    emu = paced_emulator  # an operation is still under way at the first read, so each step waits
    emu.reset(clock=True)
    base = dict(emu.args, name="kinds", quantity=1, phone_plan_ids=[TOLL_FREE_PLAN], area_code="833")
    _ok(acs_phone_search.main, base, run_legacy)
    _ok(acs_phone_search.main, dict(base, state="purchased"), run_legacy)
    assert kinds == ["legacy_reservation", "legacy_purchase"]
    assert all(kind in poll_schedule.SCHEDULES for kind in kinds)
