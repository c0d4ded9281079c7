"""Test helpers: start an emulator process and talk to it with signed requests."""

import base64
import email.utils
import hashlib
import hmac
import json
import os
import subprocess
import sys
import time

import requests

EMULATOR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "acs-emulator")
ID_VERSION = "2020-07-20-preview2"
PN_VERSION = "2020-07-20-preview1"
PN = "/administration/phonenumbers"


def sign(key, method, path_and_query, date, host, body):
    """Return (content hash, signature) the ACS way."""
    content_hash = base64.b64encode(hashlib.sha256(body).digest()).decode()
    to_sign = "%s\n%s\n%s;%s;%s" % (method, path_and_query, date, host, content_hash)
    return content_hash, base64.b64encode(hmac.new(base64.b64decode(key), to_sign.encode(), hashlib.sha256).digest()).decode()


class Emulator:
    """A running emulator process."""

    def __init__(self, tmp_path, *extra, wait=True):
        self.tmp_path = str(tmp_path)
        self.env_file = os.path.join(self.tmp_path, "acs-%d.env" % time.monotonic_ns())
        self.args = [sys.executable, EMULATOR, "--port", "0", "--env-file", self.env_file] + list(extra)
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # pylint: disable=consider-using-with
        self.stdout_lines = []
        self.env = {}
        if wait:
            self.wait_ready()
        self.session = requests.Session()

    def wait_ready(self, timeout=20):
        """Read the two ready lines and the env file."""
        deadline = time.monotonic() + timeout
        while len(self.stdout_lines) < 2:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("emulator exited: %s" % self.proc.stderr.read())
            self.stdout_lines.append(line.rstrip("\n"))
            if time.monotonic() > deadline:
                raise RuntimeError("emulator not ready")
        while not os.path.exists(self.env_file):
            if time.monotonic() > deadline:
                raise RuntimeError("no env file")
            time.sleep(0.02)
        with open(self.env_file, encoding="utf-8") as handle:
            self.env = dict(line.strip().split("=", 1) for line in handle if line.strip())
        conn = self.env["ACS_CONNECTION_STRING"]
        self.endpoint = conn.split(";")[0].split("=", 1)[1].rstrip("/")
        self.key = conn.split("accesskey=", 1)[1]
        self.ca = self.env["ACS_EMULATOR_CA"] or False
        self.host = self.endpoint.split("://", 1)[1]

    @property
    def connection_string(self):
        """ACS_CONNECTION_STRING."""
        return self.env["ACS_CONNECTION_STRING"]

    def call(self, method, path, query=None, body=None, headers=None, raw_body=None, sign_with=None, date=None, host=None,
             sign_path=None):
        """A signed request. `query` is a raw query string (without api-version added automatically)."""
        target = path + ("?" + query if query else "")
        data = raw_body if raw_body is not None else (b"" if body is None else json.dumps(body).encode())
        date = date or email.utils.formatdate(usegmt=True)
        content_hash, signature = sign(sign_with or self.key, method, sign_path or target, date, host or self.host, data)
        hdrs = {"x-ms-date": date, "x-ms-content-sha256": content_hash,
                "Authorization": "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + signature,
                "Content-Type": "application/json"}
        hdrs.update(headers or {})
        return self.session.request(method, self.endpoint + target, data=data, headers=hdrs, verify=self.ca, timeout=30)

    def pn(self, method, path, query="", body=None, **kw):
        """A signed phone-number request (api-version appended)."""
        query = (query + "&" if query else "") + "api-version=" + PN_VERSION
        return self.call(method, PN + path, query, body, **kw)

    def ident(self, method, path, body=None, **kw):
        """A signed identity request (api-version appended)."""
        return self.call(method, path, "api-version=" + ID_VERSION, body, **kw)

    def control(self, method, path, body=None):
        """A control API request; returns the JSON body."""
        resp = self.session.request(method, self.endpoint + "/_emulator/" + path, json=body, verify=self.ca, timeout=30)
        assert resp.status_code == 200, resp.text
        return resp.json()

    def advance(self, seconds):
        """Advance the simulated clock."""
        return self.control("POST", "clock/advance", {"seconds": seconds})

    def stop(self, sig=None):
        """Stop the process (SIGTERM by default) and return its exit code."""
        if self.proc.poll() is None:
            if sig is None:
                self.proc.terminate()
            else:
                self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=15)
        finally:
            self.session.close()
            for stream in (self.proc.stdout, self.proc.stderr):
                stream.close()


def plan_ids(emu, country="US"):
    """{group type: (group id, [plan ids])} for a country; the first group of each type (the US has two Geographic)."""
    groups = emu.pn("GET", "/countries/%s/phoneplangroups" % country).json()["phonePlanGroups"]
    out = {}
    for group in groups:
        plans = emu.pn("GET", "/countries/%s/phoneplangroups/%s/phoneplans" % (country, group["phonePlanGroupId"])).json()["phonePlans"]
        out.setdefault(group["phoneNumberType"], (group["phonePlanGroupId"], [p["phonePlanId"] for p in plans]))
    return out


def create_search(emu, plan_id, area_code="213", quantity=1, **extra):
    """Create a search; return the response."""
    body = {"displayName": "test search", "description": "test", "phonePlanIds": [plan_id], "areaCode": area_code, "quantity": quantity}
    body.update(extra)
    return emu.pn("POST", "/searches", body=body)


def acquire(emu, plan_id, area_code="213", quantity=1):
    """Reserve and purchase numbers (using the clock); return the numbers."""
    resp = create_search(emu, plan_id, area_code, quantity)
    assert resp.status_code == 201, resp.text
    search_id = resp.json()["searchId"]
    emu.advance(10)
    search = emu.pn("GET", "/searches/" + search_id).json()
    assert search["status"] == "Reserved", search
    assert emu.pn("POST", "/searches/%s/purchase" % search_id).status_code == 202
    emu.advance(60)
    search = emu.pn("GET", "/searches/" + search_id).json()
    assert search["status"] == "Success", search
    return search["phoneNumbers"]
