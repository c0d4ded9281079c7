"""The emulator as a process: ready lines, env file, TLS reuse, persistence across restarts, idle exit, signals, options."""

import concurrent.futures
import copy
import json
import os
import re
import signal
import time

import requests

from .helpers import Emulator, acquire, create_search, plan_ids


def test_ready_lines_and_env_file(tmp_path):
    emu = Emulator(tmp_path)
    try:
        conn, ca = emu.stdout_lines[0], emu.stdout_lines[1]
        assert re.match(r"^ACS_CONNECTION_STRING=endpoint=https://127\.0\.0\.1:\d+/;accesskey=YWNzLWVtdWxhdG9yLXdlbGwta25vd24tZGV2LWtleSE=$", conn)
        assert ca.startswith("ACS_EMULATOR_CA=/") and os.path.isfile(ca.split("=", 1)[1])
        port = int(conn.split(":")[2].split("/")[0])
        assert port != 8443 and port > 0
        assert emu.env["ACS_CONNECTION_STRING"] == conn.split("=", 1)[1]
        assert emu.env["ACS_EMULATOR_PID"] == str(emu.proc.pid)
        assert emu.env["ACS_EMULATOR_URL"] == "https://127.0.0.1:%d" % port
        assert emu.pn("GET", "/countries").status_code == 200
    finally:
        assert emu.stop(signal.SIGINT) == 0
    assert not os.path.exists(ca.split("=", 1)[1])  # the temporary TLS dir is removed


def test_no_tls_custom_key_and_faults(tmp_path):
    faults = tmp_path / "faults.json"
    faults.write_text(json.dumps({"rate": 1, "kinds": ["503"], "operations": ["GetAllSupportedCountries"]}))
    key = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU="
    emu = Emulator(tmp_path, "--no-tls", "--access-key", key, "--faults", "@" + str(faults))
    try:
        assert emu.stdout_lines[0].startswith("ACS_CONNECTION_STRING=endpoint=http://127.0.0.1:")
        assert emu.stdout_lines[1] == "ACS_EMULATOR_CA="
        assert emu.key == key
        assert emu.pn("GET", "/countries").status_code == 503
        assert emu.ident("POST", "/identities").status_code == 200
    finally:
        assert emu.stop() == 0


def test_idle_exit(tmp_path):
    emu = Emulator(tmp_path, "--idle-exit", "1")
    try:
        assert emu.proc.wait(timeout=10) == 0
    finally:
        emu.stop()


def test_custom_catalog(tmp_path):
    catalog = {"numbersPerAreaCode": 2, "countries": [{"countryCode": "ZZ", "localizedName": "Zedland", "dialCode": "999",
                                                       "phonePlanGroups": [{"phonePlanGroupId": "g1", "phoneNumberType": "TollFree",
                                                                            "localizedName": "TF", "localizedDescription": "d",
                                                                            "phonePlans": [{"phonePlanId": "p1", "localizedName": "P",
                                                                                            "locationType": "NotRequired", "areaCodes": ["80"],
                                                                                            "capabilities": ["Azure"], "maximumSearchSize": 5}]}]}]}
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog))
    emu = Emulator(tmp_path, "--catalog", str(path), "--speed", "100")
    try:
        assert emu.pn("GET", "/countries").json() == {"countries": [{"localizedName": "Zedland", "countryCode": "ZZ"}], "nextLink": None}
        assert emu.control("GET", "stats")["numbers_available"] == 2
        search_id = create_search(emu, "p1", "80", 3).json()["searchId"]
        emu.advance(10)
        assert emu.pn("GET", "/searches/" + search_id).json()["status"] == "Error"
        assert acquire(emu, "p1", "80", 2) == ["+999805550100", "+999805550101"]
    finally:
        assert emu.stop() == 0


def test_state_survives_restart_mid_operation(tmp_path):
    state = str(tmp_path / "state" / "acs.db")
    os.makedirs(os.path.dirname(state))
    emu = Emulator(tmp_path, "--state", state, "--speed", "1")
    try:
        ca_path = emu.ca
        assert ca_path == str(tmp_path / "state" / "tls" / "ca.pem")
        with open(ca_path, "rb") as handle:
            ca_pem = handle.read()
        user = emu.ident("POST", "/identities").json()["id"]
        tollfree = plan_ids(emu)["TollFree"][1]
        owned = acquire(emu, tollfree[0], "833", 1)
        release_id = emu.pn("POST", "/releases", body={"phoneNumbers": owned}).json()["releaseId"]
        search_id = create_search(emu, tollfree[0], "833", 2).json()["searchId"]
        emu.advance(10)
        assert emu.pn("POST", "/searches/%s/purchase" % search_id).status_code == 202
        assert emu.pn("GET", "/searches/" + search_id).json()["status"] == "Completing"
        emu.control("PUT", "faults", {"rate": 0.0, "kinds": ["500"]})
        before = emu.control("GET", "stats")
        clock = emu.control("GET", "clock")["now"]
    finally:
        assert emu.stop() == 0

    emu = Emulator(tmp_path, "--state", state, "--speed", "1")
    try:
        with open(emu.ca, "rb") as handle:
            assert handle.read() == ca_pem  # TLS material reused
        assert emu.control("GET", "clock")["now"] >= clock
        assert emu.pn("GET", "/searches/" + search_id).json()["status"] in ("Completing", "PurchasePending")
        assert emu.pn("GET", "/releases/" + release_id).json()["status"] in ("Pending", "InProgress")
        emu.advance(40)
        search = emu.pn("GET", "/searches/" + search_id).json()
        assert search["status"] == "Success"
        assert emu.pn("GET", "/releases/" + release_id).json()["status"] == "Complete"
        numbers = [n["phoneNumber"] for n in emu.pn("GET", "/phonenumbers").json()["phoneNumbers"]]
        assert numbers == search["phoneNumbers"]
        assert emu.ident("POST", "/identities/%s/token" % user.replace(":", "%3A"), {"scopes": ["chat"]}).status_code == 200
        after = emu.control("GET", "stats")
        assert after["purchases"] == before["purchases"] and after["users_created"] == 1
        assert after["requests"] > before["requests"] and after["numbers_acquired"] == 2
        assert emu.control("GET", "faults")["faults"]["rate"] == 0.0
        assert len(emu.control("GET", "requests")["requests"]) == after["requests"]
    finally:
        assert emu.stop() == 0


def test_concurrent_clients(emu):
    tollfree = plan_ids(emu)["TollFree"][1]

    def work(_i):
        client = copy.copy(emu)
        client.session = requests.Session()
        try:
            return create_search(client, tollfree[0], "833", 1).status_code
        finally:
            client.session.close()

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(work, range(24)))
    assert codes == [201] * 24
    emu.advance(10)
    reserved = [e for e in emu.pn("GET", "/searches").json()["entities"] if e["status"] == "Reserved"]
    assert len(reserved) == 24
    errors = [e for e in emu.pn("GET", "/searches", "take=100").json()["entities"] if e["status"] == "Error"]
    assert not errors
    started = time.monotonic()
    assert emu.control("GET", "stats")["numbers_reserved"] == 24
    assert time.monotonic() - started < 5
