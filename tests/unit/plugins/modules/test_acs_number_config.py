# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""acs_number_config: input validation (nothing sent), configure/unconfigure by difference, against the emulator over HTTPS."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_number_config, acs_phone_search

from .lifecycle_emulator import needs_emulator
from .utils import run_legacy as run_module, runner

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
TOLL_FREE_PLAN = "244d639a-b7d6-531f-8fd3-eb7ed0a667ff"
HOOK = "https://hooks.example.com/acs"


@pytest.mark.parametrize("args, fragment", [
    ({}, "missing required arguments: phone_number"),
    ({"phone_number": "+18005550100"}, "state is present but all of the following are missing: callback_url"),
    ({"phone_number": "0800 555", "callback_url": HOOK}, "is not an E.164 number"),
    ({"phone_number": "+18005550100", "callback_url": "http://hooks.example.com/"}, "must be an absolute https:// URL"),
    ({"phone_number": "+18005550100", "callback_url": "/relative"}, "must be an absolute https:// URL"),
    ({"phone_number": "+18005550100", "state": "gone"}, "value of state must be one of"),
])
def test_bad_input_fails_before_anything_is_sent(args, fragment):
    failed, result = run_module(acs_number_config.main, dict(args, connection_string=GOOD))
    assert failed
    assert fragment in result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


@pytest.mark.parametrize("current, callback, app, wanted", [
    (None, HOOK, None, {"callbackUrl": HOOK}),
    ({"callbackUrl": "https://old", "applicationId": "bot"}, HOOK, None, {"callbackUrl": HOOK, "applicationId": "bot"}),
    ({"callbackUrl": HOOK, "applicationId": "bot"}, HOOK, "", {"callbackUrl": HOOK}),
    ({"callbackUrl": HOOK}, HOOK, "app", {"callbackUrl": HOOK, "applicationId": "app"}),
])
def test_an_omitted_application_id_is_kept_and_an_empty_one_removed(current, callback, app, wanted):
    assert acs_number_config.desired(current, callback, app) == wanted


config = runner(acs_number_config.main)


@needs_emulator
def test_configure_reconfigure_and_unconfigure(emu):
    failed, bought = run_module(acs_phone_search.main, dict(emu.args, name="cfg", phone_plan_ids=[TOLL_FREE_PLAN], area_code="833",
                                                            state="purchased"))
    assert not failed
    number = bought["search"]["phone_numbers"][0]
    emu.clear_requests()

    failed, planned = config(emu, phone_number=number, callback_url=HOOK, application_id="bot", _ansible_check_mode=True,
                             _ansible_diff=True)
    assert not failed and planned["changed"]
    assert planned["diff"] == {"before": {}, "after": {"callback_url": HOOK, "application_id": "bot"}}
    assert emu.writes() == []

    failed, done = config(emu, phone_number=number, callback_url=HOOK, application_id="bot")
    assert not failed and done["changed"]
    target = done["pstn_configuration"].pop("azure_pstn_target_id")
    assert done["pstn_configuration"] == {"callback_url": HOOK, "application_id": "bot"} and target

    emu.clear_requests()
    failed, again = config(emu, phone_number=number, callback_url=HOOK)
    assert not failed and not again["changed"] and emu.writes() == []
    assert again["pstn_configuration"]["application_id"] == "bot" and again["pstn_configuration"]["azure_pstn_target_id"] == target

    failed, moved = config(emu, phone_number=number, callback_url=HOOK + "/v2", _ansible_diff=True)
    assert not failed and moved["changed"]
    assert moved["diff"]["before"]["callback_url"] == HOOK
    assert moved["pstn_configuration"] == {"callback_url": HOOK + "/v2", "application_id": "bot", "azure_pstn_target_id": target}

    failed, gone = config(emu, phone_number=number, state="absent", _ansible_diff=True)
    assert not failed and gone["changed"] and gone["pstn_configuration"] is None
    assert gone["diff"]["after"] == {}
    emu.clear_requests()
    failed, gone = config(emu, phone_number=number, state="absent")
    assert not failed and not gone["changed"] and emu.writes() == []


@needs_emulator
def test_a_number_that_is_not_acquired_fails_even_in_check_mode(emu):
    for check in (True, False):
        failed, result = config(emu, phone_number="+18005550177", callback_url=HOOK, _ansible_check_mode=check)
        assert failed and "not acquired" in result["msg"], result
    failed, result = config(emu, phone_number="+18005550177", state="absent")
    assert not failed and not result["changed"] and "not acquired" in result["msg"]
    assert emu.writes() == []


@needs_emulator
@pytest.mark.parametrize("secret_url, shown", [
    ("https://fn.example.net/api/hook?code=S3cretFunctionKey%3D%3D&clientId=default",
     "https://fn.example.net/api/hook?code=********&clientId=********"),
    ("https://ops:S3cretPassw0rd@hooks.example.com/acs", "https://ops:********@hooks.example.com/acs"),
])
def test_secrets_in_the_callback_url_are_masked_in_results_and_diffs(emu, secret_url, shown):
    failed, bought = run_module(acs_phone_search.main, dict(emu.args, name="masked", phone_plan_ids=[TOLL_FREE_PLAN], area_code="833",
                                                            state="purchased"))
    assert not failed
    number = bought["search"]["phone_numbers"][0]
    for check_mode in (True, False):
        failed, result = config(emu, phone_number=number, callback_url=secret_url, _ansible_check_mode=check_mode, _ansible_diff=True)
        assert not failed and result["changed"], result
        text = repr({k: v for k, v in result.items() if k != "invocation"})
        assert "S3cret" not in text, text
        assert result["pstn_configuration"]["callback_url"] == shown
        assert result["diff"]["after"]["callback_url"] == shown
    failed, again = config(emu, phone_number=number, callback_url=secret_url, _ansible_diff=True)
    assert not failed and not again["changed"], again  # the comparison is made on the real URL
    assert again["diff"]["before"]["callback_url"] == shown
