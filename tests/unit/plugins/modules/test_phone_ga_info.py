# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The info modules on the phone numbers API 2025-06-01 (the default), against the emulator over HTTPS; and the
legacy-only modules failing there in one sentence."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import (
    acs_area_code_info, acs_country_info, acs_location_info, acs_number_config, acs_offering_info, acs_operator_info,
    acs_phone_number_info, acs_phone_plan_info, acs_phone_search, acs_plan_group_info, acs_release_info)

from .lifecycle_emulator import needs_emulator
from .utils import run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"
LEGACY = "2020-07-20-preview1"


@pytest.mark.parametrize("main, args, fragment", [
    (acs_plan_group_info.main, {"country_code": "US"}, "use acs.administration.acs_offering_info"),
    (acs_phone_plan_info.main, {"country_code": "US", "plan_group_id": "x"}, "use acs.administration.acs_offering_info"),
    (acs_release_info.main, {}, "acs.administration.acs_phone_number with state=released"),
    (acs_number_config.main, {"phone_number": "+14255550100", "callback_url": "https://x.example/cb"}, "Event Grid"),
    (acs_offering_info.main, {"country_code": "US", "api_version": LEGACY}, "use acs.administration.acs_plan_group_info"),
    (acs_operator_info.main, {"phone_numbers": ["+14255550100"], "api_version": LEGACY}, "has no operator information"),
    (acs_operator_info.main, {"phone_numbers": []}, "at least one number"),
    (acs_operator_info.main, {"phone_numbers": ["425"]}, "is not an E.164 number"),
    (acs_offering_info.main, {"country_code": "USA"}, "not an ISO 3166"),
    (acs_offering_info.main, {"country_code": "US", "phone_number_type": "TollFree"}, "value of phone_number_type must be one of"),
    (acs_area_code_info.main, {"country_code": "US"}, "phone_number_type is required with api_version 2025-06-01"),
    (acs_area_code_info.main, {"country_code": "US", "phone_number_type": "geographic", "phone_plan_id": "p"},
     "phone_plan_id does not exist in the phone numbers API 2025-06-01"),
    (acs_area_code_info.main, {"country_code": "US", "phone_number_type": "geographic", "locality": " "}, "locality must not be empty"),
    (acs_area_code_info.main, {"country_code": "US", "locality": "Seattle", "api_version": LEGACY},
     "locality does not exist in the phone numbers API 2020-07-20-preview1"),
    (acs_area_code_info.main, {"country_code": "US", "phone_number_type": "geographic", "locale": "english"}, "not a language-region pair"),
    (acs_location_info.main, {"country_code": "US", "plan_group_id": "g"}, "plan_group_id does not exist in the phone numbers API 2025-06-01"),
    (acs_location_info.main, {"country_code": "US", "api_version": LEGACY}, "plan_group_id is required with api_version 2020-07-20-preview1"),
    (acs_location_info.main, {"country_code": "US", "administrative_division": ""}, "administrative_division must not be empty"),
    (acs_phone_number_info.main, {"capabilities": ["InboundCalling"]}, "capabilities does not exist in the phone numbers API 2025-06-01"),
    (acs_phone_number_info.main, {"locale": "fr-CA"}, "locale does not exist in the phone numbers API 2025-06-01"),
    (acs_phone_number_info.main, {"phone_number": "14255550100"}, "is not an E.164 number"),
    (acs_country_info.main, {"api_version": "2025-04-01"}, "value of api_version must be one of"),
])
def test_bad_input_on_the_current_api_fails_before_anything_is_sent(main, args, fragment):
    failed, result = run_module(main, dict(args, connection_string=GOOD))
    assert failed
    assert fragment in result["msg"], result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


def _ok(main, emu, **args):
    failed, result = run_module(main, dict(emu.args, **args))
    assert not failed, result["msg"]
    assert result["changed"] is False
    return result


@needs_emulator
def test_countries_with_locale_as_accept_language(emu):
    emu.clear_requests()
    english = _ok(acs_country_info.main, emu)["countries"]
    french = _ok(acs_country_info.main, emu, locale="fr-FR", page_size=2)
    assert {"country_code": "US", "localized_name": "United States"} in english
    assert sorted(c["country_code"] for c in french["countries"]) == sorted(c["country_code"] for c in english)
    assert french["countries"] != english
    assert french["stats"]["requests"] == -(-len(english) // 2)
    logged = emu.requests()
    assert all(r["operation"] == "PhoneNumbers_ListAvailableCountries" for r in logged)


@needs_emulator
def test_offerings_localities_and_area_codes_walk_the_catalogue(emu):
    offerings = _ok(acs_offering_info.main, emu, country_code="us", phone_number_type="geographic")["offerings"]
    assert {o["assignment_type"] for o in offerings} == {"application", "person"}
    first = offerings[0]
    assert set(first) == {"phone_number_type", "assignment_type", "available_capabilities", "cost"}
    assert first["cost"]["currency_code"] == "USD" and first["cost"]["billing_frequency"] == "monthly"
    assert set(first["available_capabilities"]) == {"calling", "sms"}

    localities = _ok(acs_location_info.main, emu, country_code="US", administrative_division="WA")["localities"]
    assert sorted(item["localized_name"] for item in localities) == ["Redmond", "Seattle", "Spokane", "Tacoma"]
    assert localities[0]["administrative_division"]["abbreviated_name"] == "WA"

    codes = _ok(acs_area_code_info.main, emu, country_code="US", phone_number_type="geographic", assignment_type="application",
                locality="Seattle", administrative_division="WA")
    assert "206" in codes["area_codes"] and all(isinstance(c, str) for c in codes["area_codes"])
    toll_free = _ok(acs_area_code_info.main, emu, country_code="US", phone_number_type="tollFree", query="area_codes")
    assert toll_free["query_result"] == ["888", "855"]  # as recorded


@needs_emulator
def test_a_list_longer_than_a_page_follows_the_relative_next_links(emu):
    """D4/D5: the US has more than 100 localities, paged at 100 with a relative nextLink (api-version first), the last
    page's nextLink null; purchased numbers page with a relative nextLink and no nextLink key on the last page."""
    emu.clear_requests()
    localities = _ok(acs_location_info.main, emu, country_code="US")
    assert len(localities["localities"]) > 100 and localities["localities"][0]["localized_name"] == "Anchorage"
    queries = [r["query"] for r in emu.requests() if r["operation"] == "PhoneNumbers_ListAvailableLocalities"]
    assert len(queries) == 2 and localities["stats"]["requests"] == 2
    assert queries[1].startswith("api-version=2025-06-01&skip=100&maxPageSize=100"), queries
    failed, bought = run_module(acs_phone_search.main, dict(emu.args, name="pages", quantity=5, total=200, state="purchased",
                                                            country_code="US", phone_number_type="geographic",
                                                            assignment_type="application", area_code="907"))
    assert not failed, bought["msg"]
    emu.clear_requests()
    listed = _ok(acs_phone_number_info.main, emu, page_size=2)
    assert set(bought["reservation"]["phone_numbers"]) <= {n["phone_number"] for n in listed["phone_numbers"]}
    pages = [r for r in emu.requests() if r["operation"] == "PhoneNumbers_ListPhoneNumbers"]
    assert len(pages) == -(-len(listed["phone_numbers"]) // 2) >= 3 and listed["stats"]["requests"] == len(pages)


@needs_emulator
def test_no_purchased_numbers_and_a_number_not_owned(emu):
    emu.reset()
    assert _ok(acs_phone_number_info.main, emu)["phone_numbers"] == []
    assert _ok(acs_phone_number_info.main, emu, phone_number="+12065551000")["phone_numbers"] == []


@needs_emulator
def test_operator_information_without_and_with_the_paid_details(emu):
    emu.clear_requests()
    plain = _ok(acs_operator_info.main, emu, phone_numbers=["+12065551000"])["operators"]
    assert plain[0]["phone_number"] == "+12065551000"
    assert "operator_details" not in plain[0]
    paid = _ok(acs_operator_info.main, emu, phone_numbers=["+12065551000"], include_additional_details=True)["operators"]
    assert paid[0].get("operator_details") and paid[0].get("iso_country_code") == "US"
    assert sorted(plain[0]) == ["international_format", "national_format", "phone_number"]  # the service's nulls left out


@needs_emulator
def test_operator_information_sends_one_number_per_request(emu):
    """D15: the service takes one number per request (two are 400 "Can only accept one phoneNumber"); the module sends
    one request per number, several at once, in the order given, and counts them in stats."""
    numbers = ["+1206555%04d" % n for n in range(1000, 1012)] + ["+12065551000"]  # 12 numbers, one of them twice
    emu.clear_requests()
    result = _ok(acs_operator_info.main, emu, phone_numbers=numbers, workers=4)
    assert [o["phone_number"] for o in result["operators"]] == numbers[:12]
    assert all(o["national_format"] == "(206) 555-%s" % o["phone_number"][-4:] for o in result["operators"])
    sent = [r for r in emu.requests() if r["operation"].endswith("OperatorInformationSearch")]
    assert len(sent) == 12 and all(r["status"] == 200 for r in sent)
    assert result["stats"]["requests"] == 12


def test_operator_information_workers_out_of_range_fails_before_anything_is_sent():
    failed, result = run_module(acs_operator_info.main, dict(phone_numbers=["+12065551000"], workers=0, connection_string=GOOD))
    assert failed and "workers must be between 1 and 50, not 0." in result["msg"] and result["stats"]["requests"] == 0


@needs_emulator
def test_operator_information_threads_share_one_client_and_its_stats(emu):
    # the threads of the lookups once each built the module's client on first use: stats counted one thread's requests
    for attempt in range(10):
        emu.clear_requests()
        result = _ok(acs_operator_info.main, emu, phone_numbers=["+12065551000", "+12065551001"], workers=2)
        sent = [r for r in emu.requests() if r["operation"].endswith("OperatorInformationSearch")]
        assert len(sent) == 2 and result["stats"]["requests"] == 2, (attempt, result["stats"])
