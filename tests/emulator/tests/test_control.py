"""Control API: faults, request log, stats, reset, clock."""

import time

import pytest
import requests

from .helpers import PN, PN_VERSION


def _faults(emu, **config):
    return emu.control("PUT", "faults", config)["faults"]


def test_fault_kinds(emu):
    assert emu.control("GET", "faults") == {"faults": None}
    config = _faults(emu, rate=1, kinds=["429"], operations=["Create"], retry_after=3)
    assert config["operations"] == ["CommunicationIdentity_Create"]
    resp = emu.ident("POST", "/identities")
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "3" and resp.json()["error"]["code"]
    assert emu.pn("GET", "/countries").status_code == 200  # other operations unaffected

    _faults(emu, rate=1, kinds=["500"], operations=["PhoneNumberAdministration_GetAllSupportedCountries"])
    assert emu.pn("GET", "/countries").status_code == 500
    _faults(emu, rate=1, kinds=["503"])
    assert emu.ident("POST", "/identities").status_code == 503
    assert emu.control("GET", "stats")["users_created"] == 0

    _faults(emu, rate=1, kinds=["drop"], operations=["Create"])
    with pytest.raises(requests.ConnectionError):
        emu.ident("POST", "/identities")
    assert emu.control("GET", "stats")["users_created"] == 0

    _faults(emu, rate=1, kinds=["lost_response"], operations=["Create"])
    with pytest.raises(requests.ConnectionError):
        emu.ident("POST", "/identities")
    assert emu.control("GET", "stats")["users_created"] == 1  # the write happened, the answer was lost

    _faults(emu, rate=1, kinds=["latency"], latency_ms=300)
    started = time.monotonic()
    assert emu.pn("GET", "/countries").status_code == 200
    assert time.monotonic() - started >= 0.3

    assert emu.control("DELETE", "faults") == {"faults": None}
    assert emu.ident("POST", "/identities").status_code == 200
    log = emu.control("GET", "requests")["requests"]
    faults = [(r["operation"].split("_", 1)[1], r["fault"], r["status"]) for r in log if r["fault"]]
    assert faults == [("Create", "429", 429), ("GetAllSupportedCountries", "500", 500), ("Create", "503", 503),
                      ("Create", "drop", None), ("Create", "lost_response", 200), ("GetAllSupportedCountries", "latency", 200)]


def test_fault_reply_answers_instead_of_the_operation(emu):
    config = _faults(emu, rate=1, kinds=["reply"], operations=["PhoneNumberAdministration_GetAllSupportedCountries"],
                     reply={"status": 404, "body": {"error": {"message": "gone"}}})
    assert config["reply"] == {"status": 404, "body": {"error": {"message": "gone"}}}
    resp = emu.pn("GET", "/countries")
    assert resp.status_code == 404 and resp.json() == {"error": {"message": "gone"}}
    _faults(emu, rate=1, kinds=["reply"], operations=["Create"], reply={"status": 201})
    resp = emu.ident("POST", "/identities")
    assert resp.status_code == 201 and resp.content == b""
    assert emu.control("GET", "stats")["users_created"] == 0  # the operation did not run
    log = emu.control("GET", "requests")["requests"]
    assert [(r["fault"], r["status"]) for r in log] == [("reply", 404), ("reply", 201)]


def test_fault_window_after_and_times(emu):
    countries = "PhoneNumberAdministration_GetAllSupportedCountries"
    config = _faults(emu, rate=1, kinds=["500"], operations=[countries], after=2)
    assert (config["after"], config["times"]) == (2, None)
    assert [emu.pn("GET", "/countries").status_code for dummy in range(4)] == [200, 200, 500, 500]
    _faults(emu, rate=1, kinds=["503"], operations=[countries], after=1, times=2)  # setting it again starts the count anew
    assert emu.ident("POST", "/identities").status_code == 200  # not a matching operation: not counted
    assert [emu.pn("GET", "/countries").status_code for dummy in range(5)] == [200, 503, 503, 200, 200]
    _faults(emu, rate=1, kinds=["reply"], operations=[countries], times=1, reply={"status": 200, "body": {"countries": []}})
    assert emu.pn("GET", "/countries").json() == {"countries": []}
    assert emu.pn("GET", "/countries").json()["countries"]


def test_fault_rate_and_seed(emu):
    def run():
        _faults(emu, rate=0.5, kinds=["500", "503"], seed=7)
        return [emu.pn("GET", "/countries").status_code for dummy in range(20)]
    first = run()
    assert run() == first
    assert 200 in first and (500 in first or 503 in first)
    assert 3 <= first.count(200) <= 17


def test_fault_validation(emu):
    for bad in ({"rate": 2}, {"kinds": ["boom"]}, {"operations": ["NoSuchOp"]}, {"seed": "x"}, {"kinds": ["reply"]},
                {"kinds": ["reply"], "reply": {"status": 99}}, {"kinds": ["reply"], "reply": {"status": 200, "headers": {}}},
                {"after": -1}, {"after": True}, {"times": 0}, {"times": 1.5}):
        resp = emu.session.put(emu.endpoint + "/_emulator/faults", json=bad, verify=emu.ca)
        assert resp.status_code == 400, bad
    assert emu.control("GET", "faults") == {"faults": None}


def test_request_log_and_stats(emu):
    emu.ident("POST", "/identities")
    emu.pn("GET", "/countries", "take=1")
    emu.call("GET", PN + "/countries", "api-version=" + PN_VERSION, sign_with="eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHg=")
    log = emu.control("GET", "requests")["requests"]
    assert [(r["method"], r["path"], r["status"], r["operation"]) for r in log] == [
        ("POST", "/identities", 200, "CommunicationIdentity_Create"),
        ("GET", PN + "/countries", 200, "PhoneNumberAdministration_GetAllSupportedCountries"),
        ("GET", PN + "/countries", 401, "PhoneNumberAdministration_GetAllSupportedCountries"),
    ]
    assert log[1]["query"] == "take=1&api-version=" + PN_VERSION
    assert log[0]["time"].endswith("Z") and len(log[0]["time"]) == 24
    stats = emu.control("GET", "stats")
    assert stats["requests"] == 3 and stats["users_created"] == 1
    assert stats["numbers_available"] > 100
    assert emu.control("DELETE", "requests") == {"requests": []}
    assert emu.control("GET", "requests") == {"requests": []}
    emu.control("POST", "reset")
    stats = emu.control("GET", "stats")
    assert stats["requests"] == 0 and stats["users_created"] == 0


def test_clock(emu):
    before = emu.control("GET", "clock")["now"]
    after = emu.advance(3600)["now"]
    assert after[:13] != before[:13]
    resp = emu.session.post(emu.endpoint + "/_emulator/clock/advance", json={"seconds": -1}, verify=emu.ca)
    assert resp.status_code == 400
    assert emu.session.get(emu.endpoint + "/_emulator/nothing", verify=emu.ca).status_code == 404


def test_reset_keeps_the_clock_unless_asked(emu):
    advanced = emu.advance(7200)["now"]
    emu.control("POST", "reset")
    assert emu.control("GET", "clock")["now"][:13] == advanced[:13]
    emu.control("POST", "reset", {"clock": True})
    now = emu.control("GET", "clock")["now"]
    assert now[:13] != advanced[:13] and now[:13] == emu.control("GET", "health")["now"][:13]
    assert emu.session.post(emu.endpoint + "/_emulator/reset", data="[]", verify=emu.ca).status_code == 400
