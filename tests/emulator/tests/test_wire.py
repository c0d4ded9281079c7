"""Wire behaviour: HMAC signatures, api-version, headers, routing errors, paging links."""

import base64
import email.utils
import time

from acs_emulator.harness import sign
from acs_emulator.http import auth

from .helpers import ID_VERSION, PN, PN_VERSION

WRONG_KEY = base64.b64encode(b"x" * 32).decode()


def test_reference_signature_vectors():
    key = "bm90LWEtcmVhbC1rZXktMDEyMzQ1Njc4OWFiY2RlZg=="
    date = "Mon, 02 Nov 2020 10:00:00 GMT"
    host = "contoso.communication.azure.com"
    empty = auth.content_hash(b"")
    assert empty == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    assert auth.sign(key, "GET", "/administration/phonenumbers/countries?locale=en-US&skip=0&take=100&api-version=2020-07-20-preview1",
                     date, host, empty) == "cgBfn4MAtHRgocbDNuatyevo/mKJaVgA8EEj7b4qlPM="
    body_hash = auth.content_hash(b'{"scopes":["chat","voip"]}')
    assert body_hash == "EqW/vFkRi/EMVlRLG6+kt0X27SowO7NytIh/miHOZlY="
    path = "/identities/8%3Aacs%3A00000000-0000-0000-0000-000000000000_00000006-0000-0000-0000-000000000000/token?api-version=2020-07-20-preview2"
    assert auth.sign(key, "POST", path, date, host, body_hash) == "2DaliX6ATnqlI6ptiAuhgnyv+U4d4H3Hn8FE18L7ZW0="


def _error(resp, status, code=None):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body["error"]) >= {"code", "message"} and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body


def test_signed_request_succeeds_and_headers(emu):
    resp = emu.pn("GET", "/countries", headers={"x-ms-client-request-id": "abc-123"})
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
    assert resp.headers["x-ms-client-request-id"] == "abc-123"
    assert resp.headers["MS-CV"] and resp.headers["X-Processing-Time"].endswith("ms")
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=")
    assert resp.headers["Date"].endswith("GMT")
    assert "api-supported-versions" not in resp.headers
    ident = emu.ident("POST", "/identities")
    assert ident.headers["api-supported-versions"] == "2020-07-20-preview1, 2020-07-20-preview2"


def test_rejected_signatures(emu):
    _error(emu.pn("GET", "/countries", sign_with=WRONG_KEY), 401)
    no_auth = emu.session.get(emu.endpoint + PN + "/countries?api-version=" + PN_VERSION, verify=emu.ca)
    _error(no_auth, 401)
    # body tampered after signing: content hash mismatch
    resp = emu.call("POST", "/identities/x/token", "api-version=" + ID_VERSION, raw_body=b'{"scopes":["chat"]}',
                    headers={"x-ms-content-sha256": auth.content_hash(b"{}")})
    _error(resp, 401)
    # a date far from now
    old = email.utils.formatdate(time.time() - 3600, usegmt=True)
    _error(emu.pn("GET", "/countries", date=old), 401)
    # signed for another host
    _error(emu.pn("GET", "/countries", host="example.com"), 401)
    # signed for a decoded path while the wire carries the encoded one
    user = emu.ident("POST", "/identities").json()["id"]
    encoded = "/identities/%s/token" % user.replace(":", "%3A")
    bad = emu.call("POST", encoded, "api-version=" + ID_VERSION, {"scopes": ["chat"]},
                   sign_path="/identities/%s/token?api-version=%s" % (user, ID_VERSION))
    _error(bad, 401)
    good = emu.call("POST", encoded, "api-version=" + ID_VERSION, {"scopes": ["chat"]})
    assert good.status_code == 200
    log = emu.control("GET", "requests")["requests"]
    assert [r["status"] for r in log].count(401) == 6
    assert emu.control("GET", "stats")["tokens_issued"] == 1


def test_python_sdk_style_date_header(emu):
    date = email.utils.formatdate(usegmt=True)
    target = PN + "/countries?api-version=" + PN_VERSION
    content_hash, signature = sign(emu.key, "GET", target, date, emu.host, b"")
    headers = {"Date": date, "x-ms-content-sha256": content_hash,
               "Authorization": "HMAC-SHA256 SignedHeaders=date;host;x-ms-content-sha256&Signature=" + signature}
    assert emu.session.get(emu.endpoint + target, headers=headers, verify=emu.ca).status_code == 200


def test_api_version(emu):
    _error(emu.call("GET", PN + "/countries"), 400, "MissingApiVersionParameter")
    _error(emu.call("GET", PN + "/countries", "api-version=" + ID_VERSION), 400, "UnsupportedApiVersion")
    _error(emu.call("POST", "/identities", "api-version=" + PN_VERSION), 400, "UnsupportedApiVersion")
    assert emu.control("GET", "stats")["users_created"] == 0


def test_unknown_path_and_method(emu):
    _error(emu.pn("GET", "/nothing-here"), 404)
    _error(emu.pn("DELETE", "/countries"), 405)


def test_bad_json_and_bad_query(emu):
    _error(emu.pn("POST", "/searches", raw_body=b"{not json"), 400)
    _error(emu.pn("GET", "/countries", "skip=-1"), 400)
    _error(emu.pn("GET", "/countries", "take=abc"), 400)
    _error(emu.pn("GET", "/countries/US/phoneplangroups", "includeRateInformation=maybe"), 400)


def test_paging_next_link(emu):
    countries = emu.pn("GET", "/countries").json()
    total = len(countries["countries"])
    assert countries["nextLink"] is None and total >= 2
    first = emu.pn("GET", "/countries", "locale=en-US&skip=0&take=2").json()
    assert len(first["countries"]) == 2
    assert first["nextLink"] == "%s%s/countries?locale=en-US&skip=2&take=2&api-version=%s" % (emu.endpoint, PN, PN_VERSION)
    seen, link, pages = [], None, 0
    query = "skip=0&take=%d" % total
    while True:
        page = emu.pn("GET", "/countries", query).json() if link is None else emu.call("GET", link[len(emu.endpoint):]).json()
        pages += 1
        seen.extend(c["countryCode"] for c in page["countries"])
        link = page["nextLink"]
        if link is None:
            break
    # a full page is followed by an empty page whose nextLink is null
    assert pages == 2 and len(seen) == total
    no_skip = emu.pn("GET", "/countries", "take=1").json()
    assert no_skip["nextLink"].endswith("/countries?take=1&skip=1&api-version=" + PN_VERSION)
