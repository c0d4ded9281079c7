# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACS HMAC-SHA256 access-key request signing.

stringToSign = METHOD "\\n" pathAndQuery "\\n" date ";" host ";" base64(sha256(body)), signed with the
base64-decoded access key. pathAndQuery is exactly what goes on the wire (percent-encoding kept).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from email.utils import formatdate

SIGNED_HEADERS = "x-ms-date;host;x-ms-content-sha256"


def content_hash(body):
    """base64(SHA-256(body)); an empty body hashes the empty string."""
    if body is None:
        body = b""
    elif isinstance(body, str):
        body = body.encode("utf-8")
    return base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")


def http_date(timestamp=None):
    """RFC 1123 date in GMT, as the x-ms-date header wants it."""
    return formatdate(timeval=timestamp, usegmt=True)


def string_to_sign(method, path_and_query, date, host, body_hash):
    return "%s\n%s\n%s;%s;%s" % (method.upper(), path_and_query, date, host, body_hash)


def signature(key, text):
    """base64(HMAC-SHA256(key, text)) with the decoded access key."""
    return base64.b64encode(hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()).decode("ascii")


def signed_headers(method, path_and_query, host, body, key, date=None):
    """The headers that authenticate one request."""
    date = date or http_date()
    body_hash = content_hash(body)
    sig = signature(key, string_to_sign(method, path_and_query, date, host, body_hash))
    return {
        "x-ms-date": date,
        "x-ms-content-sha256": body_hash,
        "Authorization": "HMAC-SHA256 SignedHeaders=%s&Signature=%s" % (SIGNED_HEADERS, sig),
    }
