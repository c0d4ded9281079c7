"""Test helpers: start an emulator process and talk to it with signed requests."""

import base64
import email.utils
import hashlib
import hmac
import json
import time

from acs_emulator import harness

ID_VERSION = "2020-07-20-preview2"
PN_VERSION = "2020-07-20-preview1"
PN = "/administration/phonenumbers"


def sign(key, method, path_and_query, date, host, body):
    """Return (content hash, signature) the ACS way."""
    content_hash = base64.b64encode(hashlib.sha256(body).digest()).decode()
    to_sign = "%s\n%s\n%s;%s;%s" % (method, path_and_query, date, host, content_hash)
    return content_hash, base64.b64encode(hmac.new(base64.b64decode(key), to_sign.encode(), hashlib.sha256).digest()).decode()


class Emulator(harness.Emulator):
    """A running emulator process (acs_emulator.harness) with pipes for its printed lines, and signed requests."""

    def __init__(self, tmp_path, *extra, wait=True):
        super().__init__(tmp_path, *extra, idle_exit=None, pipe=True, name="acs-%d" % time.monotonic_ns())
        self.stdout_lines = []
        self.endpoint = self.key = self.host = None
        self.launch()
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout=20):
        """Read the two ready lines, then the env file."""
        while len(self.stdout_lines) < 2:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("emulator exited: %s" % self.proc.stderr.read())
            self.stdout_lines.append(line.rstrip("\n"))
        super().wait_ready(timeout)
        self.endpoint = self.url
        self.key = self.access_key
        self.host = self.endpoint.split("://", 1)[1]
        return self

    @property
    def ca(self):
        """The CA path, or False (requests' verify) with --no-tls."""
        return self.env.get("ACS_EMULATOR_CA") or False

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
