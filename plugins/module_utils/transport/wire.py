# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The wire: HTTP(S) connections to one service with Python's own http.client, kept open and reused.

Each thread keeps its own connection per host (a worker of acs_user or acs_phone_number sends one request after the
other over it); every connection of a client shares one TLS context, so the CA bundle is read once. Proxies come from
the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, as curl and requests read them); an https:// endpoint is reached
through the proxy with CONNECT.

Why not requests: importing it costs a module about 45 ms on every task and each request about 0.5 ms of CPU more
(issue 29: a task's overhead over `ansible -m ping`, bulk onboarding); the client needs none of what it adds.

Failures are sorted by what the service can have seen, which is what the retry rules ask (retries.py):
NotSent (the connection could not be opened: nothing reached the service), Lost (the request went out, or may have,
and no complete answer came back) and TLSFailure (the certificate was refused: nothing was sent).
No Ansible imports here.
"""

from __future__ import annotations

import base64
import http.client
import json
import select
import socket
import ssl
import threading
from urllib.parse import unquote, urlsplit
from urllib.request import getproxies, proxy_bypass

try:
    import certifi
except ImportError:  # the system's store is used
    certifi = None


class WireError(OSError):
    """A request without a complete answer. `timed_out`: the timeout ran out (rather than a refusal or a drop)."""

    def __init__(self, message, timed_out=False):
        super().__init__(message)
        self.timed_out = timed_out


class NotSent(WireError):
    """The connection could not be opened (refused, unknown host, timed out, proxy refused): nothing was sent."""


class Lost(WireError):
    """The request was sent, or may have been, and no complete answer came back."""


class TLSFailure(WireError):
    """The TLS handshake failed (the certificate was not trusted): nothing was sent."""


class RawResponse:
    """Status, headers (case-insensitive get) and body bytes of one answer."""

    def __init__(self, status, headers, content):
        self.status_code = status
        self.headers = headers
        self.content = content

    def json(self):
        return json.loads(self.content)


def tls_context(verify):
    """One TLS context: verify True (certifi's bundle when installed, else the system's), a CA file path, or False."""
    if verify is False:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    if verify is True:
        return ssl.create_default_context(cafile=certifi.where() if certifi else None)
    return ssl.create_default_context(cafile=verify)


def proxy_for(scheme, host, environ_proxies=None):
    """The proxy URL (from the environment) a request to scheme://host goes through, or None."""
    proxies = getproxies() if environ_proxies is None else environ_proxies
    proxy = proxies.get(scheme) or proxies.get("all")
    if not proxy or proxy_bypass(host):
        return None
    return proxy if "://" in proxy else "http://" + proxy


def _dropped(conn):
    """Whether a kept connection was closed by the other side while idle (it reads as ready with nothing to read)."""
    sock = conn.sock
    if sock is None:
        return False
    try:
        ready = select.select([sock], [], [], 0)[0]
    except (OSError, ValueError):
        return True
    return bool(ready)


class Connections:
    """Kept-alive connections to one endpoint, one per thread; send() returns a RawResponse or raises a WireError."""

    def __init__(self, verify=True, timeout=30.0):
        self.verify = verify
        self.timeout = timeout
        self._context = None
        self._context_lock = threading.Lock()
        self._local = threading.local()
        self.cookies = {}

    def context(self):
        with self._context_lock:
            if self._context is None:
                self._context = tls_context(self.verify)
            return self._context

    def send(self, method, url, body, headers):
        """Send one request (`url` absolute; `body` bytes or None) and read the whole answer."""
        parts = urlsplit(url)
        conn = self._connection(parts)
        target = parts.path + ("?" + parts.query if parts.query else "")
        headers = dict(headers)
        if getattr(conn, "absolute_form", False):
            target = url  # plain http through a proxy: the request line names the whole URL
            headers.update(conn.proxy_headers)
        cookies = self.cookies.copy()  # one copy, safe while another thread keeps a new cookie
        if cookies:
            headers["Cookie"] = "; ".join("%s=%s" % item for item in cookies.items())
        try:
            conn.request(method, target, body=body, headers=headers)
            answer = conn.getresponse()
            content = answer.read()
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise Lost(_reason(exc), timed_out=isinstance(exc, socket.timeout)) from None
        self._keep_cookies(answer)
        return RawResponse(answer.status, answer.headers, content)

    def _keep_cookies(self, answer):
        for line in answer.headers.get_all("Set-Cookie") or ():
            name, sep, value = line.split(";", 1)[0].partition("=")
            if sep and name.strip():
                self.cookies[name.strip()] = value.strip()

    def _connection(self, parts):
        """This thread's connection to the URL's host, opened (and TLS-negotiated) when there is none or it dropped."""
        pool = self._local.__dict__.setdefault("pool", {})
        key = (parts.scheme, parts.hostname, parts.port)
        conn = pool.get(key)
        if conn is not None and _dropped(conn):
            conn.close()
        if conn is None:
            conn = pool[key] = self._new(parts)
        if conn.sock is None:
            self._open(conn)
        return conn

    def _new(self, parts):
        https = parts.scheme == "https"
        port = parts.port or (443 if https else 80)
        proxy = proxy_for(parts.scheme, parts.hostname)
        if proxy is None:
            if https:
                return http.client.HTTPSConnection(parts.hostname, port, timeout=self.timeout, context=self.context())
            return http.client.HTTPConnection(parts.hostname, port, timeout=self.timeout)
        via = urlsplit(proxy)
        auth = {}
        if via.username:
            credentials = "%s:%s" % (unquote(via.username), unquote(via.password or ""))
            auth["Proxy-Authorization"] = "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")
        if https:
            conn = http.client.HTTPSConnection(via.hostname, via.port or 80, timeout=self.timeout, context=self.context())
            conn.set_tunnel(parts.hostname, port, headers=auth)
            return conn
        conn = http.client.HTTPConnection(via.hostname, via.port or 80, timeout=self.timeout)
        conn.absolute_form = True
        conn.proxy_headers = auth
        return conn

    def _open(self, conn):
        try:
            conn.connect()
        except ssl.SSLError as exc:
            conn.close()
            raise TLSFailure(str(exc)) from None
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise NotSent(_reason(exc), timed_out=isinstance(exc, socket.timeout)) from None

    def close(self):
        for conn in getattr(self._local, "pool", {}).values():
            conn.close()


def _reason(exc):
    text = " ".join(str(exc).split())
    return "%s: %s" % (type(exc).__name__, text) if text else type(exc).__name__
