"""HTTP/1.1 keep-alive: a session's requests share one connection; a dropped connection only costs a reconnection."""

import copy

import pytest
import requests
import urllib3.connection

from .helpers import Emulator


@pytest.fixture(name="client", params=["https", "http"])
def _client(request, tmp_path, monkeypatch):
    """A fresh session on the shared HTTPS emulator, or on a dedicated --no-tls one; client.connects counts the TCP connections it opens."""
    if request.param == "https":
        emu = request.getfixturevalue("emu")
        proc = None
    else:
        emu = proc = Emulator(tmp_path, "--no-tls", "--speed", "50")
    client = copy.copy(emu)
    client.session = requests.Session()
    client.connects = []
    new_conn = urllib3.connection.HTTPConnection._new_conn  # pylint: disable=protected-access

    def counting_new_conn(conn):
        client.connects.append(conn.port)
        return new_conn(conn)

    monkeypatch.setattr(urllib3.connection.HTTPConnection, "_new_conn", counting_new_conn)
    yield client
    client.session.close()
    if proc is not None:
        assert proc.stop() == 0


def test_requests_share_one_connection(client):
    url = client.endpoint + "/_emulator/"
    responses = [client.pn("GET", "/countries", "take=1"), client.ident("POST", "/identities")]
    user = responses[-1].json()["id"].replace(":", "%3A")
    responses += [client.ident("POST", "/identities/%s/token" % user, {"scopes": ["chat"]}),
                  client.ident("DELETE", "/identities/" + user),  # 204
                  client.pn("GET", "/countries", sign_with="eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHg="),  # 401
                  client.pn("GET", "/nothing"),  # 404
                  # bodies the app never reads must not spill into the next request
                  client.session.post(url + "nothing", data=b"x" * 300000, verify=client.ca, timeout=30),
                  client.session.get(url + "health", data=b'{"ignored": true}', verify=client.ca, timeout=30),
                  client.pn("GET", "/countries", "take=1")]
    assert [r.status_code for r in responses] == [200, 200, 200, 204, 401, 404, 404, 200, 200]
    assert all(r.headers.get("Connection", "").lower() != "close" for r in responses)
    assert responses[-1].json() == responses[0].json()
    assert len(client.connects) == 1


def test_dropped_connection_then_reconnect(client):
    assert client.pn("GET", "/countries").status_code == 200
    client.control("PUT", "faults", {"rate": 1, "kinds": ["drop"], "operations": ["Create"]})
    with pytest.raises(requests.ConnectionError):
        client.ident("POST", "/identities")
    assert client.control("GET", "stats")["users_created"] == 0  # a new connection, same session
    client.control("PUT", "faults", {"rate": 1, "kinds": ["lost_response"], "operations": ["Create"]})
    with pytest.raises(requests.ConnectionError):
        client.ident("POST", "/identities")
    assert client.control("GET", "stats")["users_created"] == 1
    client.control("DELETE", "faults")
    assert [client.ident("POST", "/identities").status_code for dummy in range(3)] == [200] * 3
    assert len(client.connects) == 3
    faults = [(r["fault"], r["status"]) for r in client.control("GET", "requests")["requests"] if r["fault"]]
    assert faults == [("drop", None), ("lost_response", 200)]


def test_restart_on_the_same_port_after_kill(tmp_path):
    state = str(tmp_path / "acs.db")
    emu = Emulator(tmp_path, "--state", state)
    try:
        assert emu.pn("GET", "/countries").status_code == 200  # the session keeps this connection open
        port = emu.endpoint.rsplit(":", 1)[1]
        emu.proc.kill()
        emu.proc.wait(timeout=15)
        again = Emulator(tmp_path, "--state", state, "--port", port)
    finally:
        emu.stop()
    try:
        assert again.endpoint == emu.endpoint
        assert again.pn("GET", "/countries").status_code == 200
    finally:
        assert again.stop() == 0
