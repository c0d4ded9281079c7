# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The wire (transport/wire.py) over real sockets: cookies, kept connections the server closed, proxies.

What the emulator cannot do on demand (set a cookie, close an idle kept-alive connection, stand behind a proxy) is done
by small local servers here; the requests themselves are real HTTP(S).
"""

from __future__ import annotations

import base64
import json
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport import wire
from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve
from ansible_collections.acs.administration.plugins.module_utils.transport.wire import Connections, Lost, NotSent

NO_PROXY_ENV = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy")


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch):
    for name in NO_PROXY_ENV:
        monkeypatch.delenv(name, raising=False)


class Recorder(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive; sets a cookie on the first answer; closes the connection after each answer when the
    server's `close_after_answer` is set (without saying so: a kept connection the server dropped while idle)."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802  pylint: disable=invalid-name
        self.server.seen.append((self.client_address[1], self.headers.get("Cookie")))
        body = json.dumps({"n": len(self.server.seen)}).encode()
        self.send_response(200)
        if len(self.server.seen) == 1:
            self.send_header("Set-Cookie", "ARRAffinity=abc; Path=/; HttpOnly")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        if self.server.close_after_answer:
            self.close_connection = True

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def recorder():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.seen = []
    server.close_after_answer = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def url(server, path="/x"):
    return "http://127.0.0.1:%d%s" % (server.server_address[1], path)


def test_a_cookie_the_service_sets_is_sent_back_over_the_kept_connection(recorder):
    connections = Connections(timeout=5)
    first = connections.send("GET", url(recorder), None, {"Accept": "application/json"})
    second = connections.send("GET", url(recorder), None, {"Accept": "application/json"})
    assert first.status_code == 200 and first.json() == {"n": 1} and second.json() == {"n": 2}
    assert [cookie for dummy_port, cookie in recorder.seen] == [None, "ARRAffinity=abc"]
    assert recorder.seen[0][0] == recorder.seen[1][0]  # one connection, kept open


def test_a_kept_connection_the_server_closed_while_idle_is_opened_again_and_nothing_is_lost(recorder):
    recorder.close_after_answer = True
    connections = Connections(timeout=5)
    answers = []
    for dummy in range(3):
        answers.append(connections.send("POST", url(recorder), b"{}", {"Content-Type": "application/json"}).json()["n"])
        time.sleep(0.2)  # idle: the server's close reaches the client before the next request
    assert answers == [1, 2, 3]
    assert len({port for port, dummy_cookie in recorder.seen}) == 3  # each request on a new connection


def test_nothing_listening_is_not_sent_and_a_dropped_answer_is_lost():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NotSent):
        Connections(timeout=5).send("GET", "http://127.0.0.1:%d/x" % port, None, {})
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)

        def read_and_close():
            conn, dummy_address = listener.accept()
            conn.recv(65536)
            conn.close()
        thread = threading.Thread(target=read_and_close, daemon=True)
        thread.start()
        with pytest.raises(Lost) as lost:
            Connections(timeout=5).send("POST", "http://127.0.0.1:%d/x" % listener.getsockname()[1], b"{}", {})
        thread.join(5)
    assert not lost.value.timed_out


def test_proxies_come_from_the_environment_and_no_proxy_is_honoured(monkeypatch):
    assert wire.proxy_for("https", "contoso.example") is None
    monkeypatch.setenv("HTTPS_PROXY", "proxy.corp:3128")
    assert wire.proxy_for("https", "contoso.example") == "http://proxy.corp:3128"
    monkeypatch.setenv("NO_PROXY", ".example")
    assert wire.proxy_for("https", "contoso.example") is None


class TunnelProxy:
    """A CONNECT proxy: records each CONNECT line and its Proxy-Authorization, then pipes bytes both ways."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.connects = []
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def port(self):
        return self.listener.getsockname()[1]

    def _serve(self):
        while True:
            try:
                client, dummy_address = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, client):
        head = b""
        while b"\r\n\r\n" not in head:
            head += client.recv(4096)
        lines = head.decode("latin-1").split("\r\n")
        auth = [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("proxy-authorization:")]
        self.connects.append((lines[0], auth[0] if auth else None))
        host, port = lines[0].split()[1].rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        pipe(client, upstream)

    def close(self):
        self.listener.close()


def pipe(one, other):
    sockets = [one, other]
    while True:
        ready = select.select(sockets, [], [], 10)[0]
        if not ready:
            break
        for sock in ready:
            data = sock.recv(65536)
            if not data:
                one.close()
                other.close()
                return
            (other if sock is one else one).sendall(data)


def test_an_https_endpoint_is_reached_through_the_proxy_of_the_environment(emulator, monkeypatch):
    emulator.reset()
    proxy = TunnelProxy()
    try:
        monkeypatch.setenv("HTTPS_PROXY", "http://someone:s3cret@127.0.0.1:%d" % proxy.port)
        client = ACSClient(resolve(emulator.connection_string, None, None, environ={}), ca_path=emulator.ca, timeout=10)
        countries = client.paged("/availablePhoneNumbers/countries", "PhoneNumbers_ListAvailableCountries", "2025-06-01",
                                 "countries")
    finally:
        proxy.close()
    assert any(c["countryCode"] == "US" for c in countries)
    host = emulator.url.split("://", 1)[1]
    # the request line's HTTP version is http.client's (1.0 before Python 3.12, 1.1 after): the target and the credentials count
    assert [(line.split()[:2], auth) for line, auth in proxy.connects] == [
        (["CONNECT", host], "Basic " + base64.b64encode(b"someone:s3cret").decode())]
    assert [r["operation"] for r in emulator.requests()] == ["PhoneNumbers_ListAvailableCountries"]
