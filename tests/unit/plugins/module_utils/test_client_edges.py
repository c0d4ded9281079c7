# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Edge cases of the REST layer that a real server cannot produce on demand: scripted answers in place of the wire.

Everything else is tested against the emulator over real HTTPS (tests/integration, tests/emulator).
"""

from __future__ import annotations

import base64
import json

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient, Response
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import (
    ACSAmbiguousError, ACSAuthenticationError, ACSError, ACSTransportError, PollTimeout)
from ansible_collections.acs.administration.plugins.module_utils.api.phone_numbers_2020_07_20_preview1 import (
    API_VERSION as PHONE_NUMBERS_API_VERSION)
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve
from ansible_collections.acs.administration.plugins.module_utils.transport.poller import Poller
from ansible_collections.acs.administration.plugins.module_utils.transport.wire import Lost, NotSent, RawResponse

KEY = base64.b64encode(b"unit-test-key-unit-test-key-1234").decode()


class Sent:
    """One request as the client handed it to the wire."""

    def __init__(self, method, url, body, headers):
        self.method, self.url, self.body, self.headers = method, url, body, headers
        self.path_url = url.split("contoso.example:8443", 1)[1]


class ScriptedWire:
    """Answers each request with the next scripted item: (status, body, headers) or an exception instance."""

    def __init__(self, script):
        self.script = list(script)
        self.sent = []

    def send(self, method, url, body, headers):
        self.sent.append(Sent(method, url, body, headers))
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        status, body, answer_headers = (item + (None, None))[:3]
        return RawResponse(status, answer_headers or {}, b"" if body is None else json.dumps(body).encode())


def make_client(script, max_retries=3):
    wire = ScriptedWire(script)
    sleeps = []
    client = ACSClient(resolve(endpoint="https://contoso.example:8443/", access_key=KEY, environ={}),
                       max_retries=max_retries, wire=wire, sleep=sleeps.append)
    return client, wire, sleeps


def refused():
    return NotSent("ConnectionRefusedError: [Errno 111] Connection refused")


def dropped():
    return Lost("ConnectionResetError: [Errno 104] Connection reset by peer")


def test_429_is_retried_after_the_servers_retry_after():
    client, adapter, sleeps = make_client([(429, None, {"Retry-After": "2"}), (200, {"ok": True})])
    assert client.request("GET", "/x", "Op", PHONE_NUMBERS_API_VERSION).body == {"ok": True}
    assert sleeps == [2.0]
    assert client.stats["requests"] == 2 and client.stats["retries"] == 1
    # each attempt is signed anew
    assert all("Signature=" in r.headers["Authorization"] for r in adapter.sent)


def test_a_create_is_not_resent_after_a_500():
    client, adapter, dummy_sleeps = make_client([(500, {"error": {"code": "InternalError", "message": "boom"}}), (201, {"searchId": "s"})])
    with pytest.raises(ACSAmbiguousError) as err:
        client.request("POST", "/administration/phonenumbers/searches", "CreateSearch", PHONE_NUMBERS_API_VERSION,
                       body={"displayName": "x"}, expected=(201,))
    assert len(adapter.sent) == 1
    assert "not re-sent blindly" in str(err.value) and err.value.status == 500


def test_a_create_is_not_resent_after_a_lost_response():
    client, adapter, dummy_sleeps = make_client([dropped(), (201, {"searchId": "s"})])
    with pytest.raises(ACSAmbiguousError):
        client.request("POST", "/s", "CreateSearch", PHONE_NUMBERS_API_VERSION, body={}, expected=(201,))
    assert len(adapter.sent) == 1


def test_a_create_is_retried_when_the_server_was_never_reached_or_throttled():
    client, adapter, dummy_sleeps = make_client([refused(), (503, None), (429, None), (201, {"searchId": "s"})])
    response = client.request("POST", "/s", "CreateSearch", PHONE_NUMBERS_API_VERSION, body={}, expected=(201,))
    assert response.status == 201 and len(adapter.sent) == 4


def test_a_read_is_retried_after_a_lost_response():
    client, adapter, dummy_sleeps = make_client([dropped(), (500, None), (200, {"a": 1})])
    assert client.request("GET", "/x", "Op", PHONE_NUMBERS_API_VERSION).body == {"a": 1}
    assert len(adapter.sent) == 3


def test_retries_are_bounded_by_max_retries():
    client, adapter, dummy_sleeps = make_client([(503, None)] * 3, max_retries=2)
    with pytest.raises(ACSError, match="HTTP 503 after 3 attempts"):
        client.request("GET", "/x", "GetThing", PHONE_NUMBERS_API_VERSION)
    assert len(adapter.sent) == 3


def test_transport_failure_gives_up_with_a_sentence():
    client, dummy_adapter, dummy_sleeps = make_client([refused()] * 2, max_retries=1)
    with pytest.raises(ACSTransportError, match="refused or the host cannot be reached .*gave up after 2 attempts"):
        client.request("GET", "/x", "GetThing", PHONE_NUMBERS_API_VERSION)


def test_a_huge_retry_after_fails_instead_of_hanging():
    client, dummy_adapter, sleeps = make_client([(429, None, {"Retry-After": "3600"})])
    with pytest.raises(ACSError, match="Retry-After 3600 s"):
        client.request("GET", "/x", "GetThing", PHONE_NUMBERS_API_VERSION)
    assert sleeps == []


def test_401_says_the_key_or_endpoint_is_wrong():
    client, dummy_adapter, dummy_sleeps = make_client([(401, {"error": {"code": "Unauthorized", "message": "bad signature"}}, {"MS-CV": "cv1"})])
    with pytest.raises(ACSAuthenticationError) as err:
        client.request("GET", "/x", "GetAllSupportedCountries", PHONE_NUMBERS_API_VERSION)
    text = str(err.value)
    assert "Authentication failed for GetAllSupportedCountries (HTTP 401)" in text
    assert "access key or the endpoint is wrong" in text and "cv1" in text and KEY not in text


def test_paging_follows_next_link_on_our_own_endpoint():
    page1 = {"countries": [{"countryCode": "US"}], "nextLink": "https://elsewhere.example/administration/phonenumbers/countries"
             "?locale=en-US&skip=1&take=1&api-version=2020-07-20-preview1"}
    page2 = {"countries": [{"countryCode": "CA"}], "nextLink": None}
    client, adapter, dummy_sleeps = make_client([(200, page1), (200, page2)])
    items = client.paged("/administration/phonenumbers/countries", "GetAllSupportedCountries", PHONE_NUMBERS_API_VERSION,
                         "countries", params=[("locale", "en-US")], page_size=1)
    assert [c["countryCode"] for c in items] == ["US", "CA"]
    assert adapter.sent[0].url.endswith("/countries?locale=en-US&skip=0&take=1&api-version=2020-07-20-preview1")
    assert adapter.sent[1].url.startswith("https://contoso.example:8443/")
    assert "skip=1" in adapter.sent[1].url


def test_paging_stops_at_limit_and_detects_loops():
    loop = {"countries": [{"countryCode": "US"}], "nextLink": "https://x/administration/phonenumbers/countries?skip=0&take=1"}
    client, adapter, dummy_sleeps = make_client([(200, loop), (200, loop)])
    assert len(client.paged("/administration/phonenumbers/countries", "Op", PHONE_NUMBERS_API_VERSION, "countries", limit=1)) == 1
    assert len(adapter.sent) == 1
    client, dummy_adapter, dummy_sleeps = make_client([(200, loop), (200, loop)])
    with pytest.raises(ACSError, match="repeats an earlier page"):
        client.paged("/administration/phonenumbers/countries", "Op", PHONE_NUMBERS_API_VERSION, "countries",
                     params=[("skip", 0), ("take", 1)])


def test_identity_ids_are_percent_encoded_in_the_signed_path():
    client, adapter, dummy_sleeps = make_client([(204, None)])
    client.request("DELETE", "/identities/" + ACSClient.quote_segment("8:acs:r_1"), "Delete", "2020-07-20-preview2", expected=(204,))
    assert adapter.sent[0].path_url == "/identities/8%3Aacs%3Ar_1?api-version=2020-07-20-preview2"


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def _poller(client, clock):
    return Poller(client, sleep=clock.sleep, clock=clock, first=0.5, factor=2, cap=2)


def test_poller_backs_off_to_its_cap_and_records_the_wait():
    client, dummy_adapter, dummy_sleeps = make_client([])
    clock = FakeClock()
    statuses = iter(["Pending", "Pending", "InProgress", "InProgress", "InProgress", "Reserved"])

    def fetch():
        return Response(200, {}, {"status": next(statuses)})

    body, record = _poller(client, clock).wait(fetch, lambda b: b["status"], {"Reserved"}, timeout=60, what="search")
    assert body["status"] == "Reserved"
    assert record.polls == 6 and record.statuses == ["Pending", "InProgress", "Reserved"]
    assert clock.now == pytest.approx(0.5 + 1 + 2 + 2 + 2)
    assert client.stats["polls"] == 6


def test_poller_honours_retry_after_and_times_out():
    client, dummy_adapter, dummy_sleeps = make_client([])
    clock = FakeClock()

    def fetch():
        return Response(200, {"Retry-After": "4"}, {"status": "Pending"})

    with pytest.raises(PollTimeout, match="did not finish within 10 s; its status is still Pending after 4 polls"):
        _poller(client, clock).wait(fetch, lambda b: b["status"], {"Reserved"}, timeout=10, what="search")
    assert clock.now == pytest.approx(10)


def test_an_initial_delay_is_the_first_interval_of_the_schedule():
    client, dummy_adapter, dummy_sleeps = make_client([])
    clock = FakeClock()
    seen = []
    statuses = iter(["Pending", "Pending", "Pending", "Complete"])

    def fetch():
        seen.append(clock.now)
        return Response(200, {}, {"status": next(statuses)})

    poller = Poller(client, sleep=clock.sleep, clock=clock, first=0.5, factor=1.5, cap=5)
    body, record = poller.wait(fetch, lambda b: b["status"], {"Complete"}, timeout=60, what="release", initial_delay=0.5)
    assert body["status"] == "Complete" and record.polls == 4
    assert seen == pytest.approx([0.5, 1.25, 2.375, 4.0625])


def test_a_request_carries_its_own_headers_signed_over_what_goes_on_the_wire():
    """The client builds each request itself (issue 29: no requests.Session): its own headers, the signature over the
    path and query as sent, the JSON body compact, and no body at all on a GET."""
    client, adapter, dummy_sleeps = make_client([(200, {"ok": True}), (200, {"ok": True})])
    client.request("POST", "/x", "Op", PHONE_NUMBERS_API_VERSION, body={"a": 1})
    sent = adapter.sent[0]
    assert sent.url == "https://contoso.example:8443/x?api-version=" + PHONE_NUMBERS_API_VERSION and sent.body == b'{"a":1}'
    assert sorted(sent.headers) == sorted(["Accept", "User-Agent", "x-ms-client-request-id", "Content-Type", "x-ms-date",
                                           "x-ms-content-sha256", "Authorization"])
    assert sent.headers["Accept"] == "application/json" and sent.headers["Content-Type"] == "application/json"
    client.request("GET", "/x", "Op", PHONE_NUMBERS_API_VERSION)
    assert adapter.sent[1].body is None and "Content-Type" not in adapter.sent[1].headers
