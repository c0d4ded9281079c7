"""Request authentication: the HMAC-SHA256 signature (the ACS access-key scheme), or a Microsoft Entra ID bearer token
checked by the local authority (service/entra.py)."""

import base64
import email.utils
import hashlib
import hmac
import re
import time
from urllib.parse import quote

from ..service.entra import TokenRejected
from .responses import HttpError

AUTH_RE = re.compile(r"^HMAC-SHA256\s+SignedHeaders=([^&]*)&Signature=(.+)$", re.IGNORECASE)
MAX_SKEW = 15 * 60


def _unauthorized(message, code="InvalidAuthenticationInfo"):
    return HttpError(401, code, message)


def content_hash(body):
    """base64(sha256(body))."""
    return base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")


def sign(key_b64, method, path_and_query, date, host, body_hash):
    """The signature a client computes."""
    string_to_sign = "%s\n%s\n%s;%s;%s" % (method.upper(), path_and_query, date, host, body_hash)
    digest = hmac.new(base64.b64decode(key_b64), string_to_sign.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def raw_path_and_query(environ):
    """The request target exactly as received on the wire."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        if "://" in raw.split("?", 1)[0]:
            raw = "/" + raw.split("://", 1)[1].partition("/")[2]
        return raw
    path = quote(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""))
    query = environ.get("QUERY_STRING", "")
    return path + ("?" + query if query else "")


def verify(environ, headers, body, key_b64, check_skew=True, bearer=None, local_auth=True):
    """Raise HttpError (401) unless the request carries a valid HMAC signature, or a bearer token that `bearer(token)`
    accepts (it raises TokenRejected otherwise).

    `key_b64` is one base64 key or a list of them (a resource's primary and secondary key: either signs);
    `local_auth=False` (the resource's disableLocalAuth) refuses every HMAC signature."""
    auth = headers.get("Authorization")
    if not auth:
        raise _unauthorized("The request is missing the Authorization header.", code="Unauthorized")
    scheme, _sep, credentials = auth.strip().partition(" ")
    if scheme.lower() == "bearer" and bearer is not None:
        try:
            bearer(credentials.strip())
        except TokenRejected as exc:
            raise _unauthorized(exc.message) from None
        return
    if not local_auth:
        raise _unauthorized("Local authentication (access keys) is disabled on this resource (disableLocalAuth); "
                            "sign in with Microsoft Entra ID.", code="LocalAuthDisabled")
    match = AUTH_RE.match(auth.strip())
    if not match:
        raise _unauthorized("The Authorization header is not in the 'HMAC-SHA256 SignedHeaders=...&Signature=...' format.")
    date = headers.get("x-ms-date") or headers.get("Date")
    if not date:
        raise _unauthorized("The request is missing the x-ms-date (or Date) header.")
    if check_skew:
        try:
            when = email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError, IndexError) as exc:
            raise _unauthorized("The date header '%s' is not a valid RFC 1123 date." % date) from exc
        if abs(when - time.time()) > MAX_SKEW:
            raise _unauthorized("The request date '%s' is more than 15 minutes away from the server time." % date)
    claimed = headers.get("x-ms-content-sha256")
    if not claimed:
        raise _unauthorized("The request is missing the x-ms-content-sha256 header.")
    actual = content_hash(body)
    if claimed != actual:
        raise _unauthorized("The x-ms-content-sha256 header does not match the request body.")
    host = headers.get("Host", "")
    given = match.group(2).strip().encode("ascii", "replace")
    keys = [key_b64] if isinstance(key_b64, str) else list(key_b64)
    if not any(hmac.compare_digest(sign(key, environ["REQUEST_METHOD"], raw_path_and_query(environ), date, host, claimed)
                                   .encode("ascii"), given) for key in keys):
        raise _unauthorized("The request signature is invalid.")
