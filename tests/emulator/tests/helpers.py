"""Test helpers: start an emulator process and talk to it with signed requests."""

import time

from acs_emulator import harness

ID_VERSION = "2020-07-20-preview2"
PN_VERSION = "2020-07-20-preview1"
PN = "/administration/phonenumbers"


class Emulator(harness.Emulator):
    """A running emulator process (acs_emulator.harness) with pipes for its printed lines, and signed requests of each
    API family."""

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
