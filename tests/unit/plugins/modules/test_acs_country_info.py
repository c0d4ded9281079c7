# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input validation of acs_country_info: every failure here happens before a request is sent."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.modules import acs_country_info

from .utils import run_legacy as run_module

GOOD = "endpoint=https://127.0.0.1:9/;accesskey=a2V5LWtleS1rZXkta2V5"


@pytest.mark.parametrize("args, fragment", [
    ({}, "No connection was given"),
    ({"connection_string": "endpoint=https://x/"}, "has no accesskey"),
    ({"connection_string": "endpoint=https://x/;accesskey=%%%"}, "not valid base64"),
    ({"connection_string": GOOD, "locale": "english"}, "not a language-region pair"),
    ({"connection_string": GOOD, "limit": 0}, "limit must be 1 or more"),
    ({"connection_string": GOOD, "page_size": -5}, "page_size must be 1 or more"),
    ({"connection_string": GOOD, "timeout": 0}, "timeout must be a positive number"),
    ({"connection_string": GOOD, "endpoint": "https://x"}, "mutually exclusive"),
    ({"connection_string": GOOD, "query": "countries[?"}, "not a valid JMESPath expression"),
])
def test_bad_input_fails_with_a_sentence_and_sends_nothing(args, fragment):
    failed, result = run_module(acs_country_info.main, args)
    assert failed
    assert fragment in result["msg"]
    assert result.get("stats", {}).get("requests", 0) == 0


def test_connection_string_from_environment_is_used_and_unreachable_endpoint_is_reported():
    failed, result = run_module(acs_country_info.main, {"max_retries": 0, "timeout": 2}, environ={"ACS_CONNECTION_STRING": GOOD})
    assert failed
    assert "Could not list the supported countries" in result["msg"]
    assert "refused or the host cannot be reached" in result["msg"]
    assert result["stats"]["requests"] == 1
    assert "a2V5LWtleS1rZXkta2V5" not in result["msg"]
