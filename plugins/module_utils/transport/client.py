# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The REST layer every module shares: kept-alive connections (wire.py), HMAC signing (or a Microsoft Entra ID bearer
token), retries, errors and paging.

It knows no API: the API modules (identity_<version>.py, phone_numbers_<version>.py) give it paths, operation names,
the api-version, paging parameter names and extra headers.

No Ansible imports here: modules reach it through module.AnsibleACSModule, tests use it directly.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from urllib.parse import quote, urlencode, urlsplit, parse_qsl

from ansible_collections.acs.administration.plugins.module_utils.transport.credentials import CredentialError
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import (
    ACSAmbiguousError, ACSAuthenticationError, ACSError, ACSTransportError, error_for, short)
from ansible_collections.acs.administration.plugins.module_utils.transport.retries import (
    ACTED, AMBIGUOUS, FAILED, LOST, MAX_RETRY_AFTER, NEVER_SENT, Backoff, decide, parse_retry_after, status_outcome)
from ansible_collections.acs.administration.plugins.module_utils.transport.signing import signed_headers
from ansible_collections.acs.administration.plugins.module_utils.transport.wire import Connections, Lost, NotSent, TLSFailure


class Response:
    """Status, headers and decoded JSON body (None when the body is empty)."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body


class Prepared:
    """One request as it goes on the wire: method, absolute URL, body bytes (None for GET and HEAD) and headers."""

    def __init__(self, method, url, body, headers):
        self.method = method
        self.url = url
        self.body = body
        self.headers = headers


class ACSClient:
    """Signed JSON requests to one ACS resource.

    With an access key (settings.key) every request is HMAC-signed; without one, `token_source` (credentials.TokenSource)
    gives the Microsoft Entra ID token sent as `Authorization: Bearer` (requested once, on the first request).
    """

    def __init__(self, settings, validate_certs=True, ca_path=None, timeout=30.0, max_retries=5,
                 wire=None, sleep=time.sleep, backoff=None, user_agent="acs.administration", token_source=None):
        if settings.key is None and token_source is None:
            raise ValueError("a connection without an access key needs a token_source")
        self.settings = settings
        self.token_source = token_source
        self.verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        self.timeout = timeout
        self.max_retries = max(0, int(max_retries))
        self.wire = wire or Connections(self.verify, timeout)
        self.sleep = sleep
        self.backoff = backoff or Backoff()
        self.user_agent = user_agent
        # The progress figures every module returns as `stats` (the poller adds polls and its waits).
        self.stats = {"requests": 0, "retries": 0, "polls": 0, "waited_seconds": 0.0}
        # Headers of the last answered request: the poller reads a Retry-After from them.
        self.last_headers = None
        # One client may be shared by a few threads (acs_user count: N): keep the counters exact.
        self._stats_lock = threading.Lock()
        # Retries per thread, so that a thread can tell whether its own request was retried (retries_in_this_thread),
        # and whether an earlier attempt of its last request may have been acted on (last_request_may_have_acted).
        self._thread = threading.local()

    # -- building requests -------------------------------------------------------------------------------------

    @staticmethod
    def quote_segment(value):
        """Percent-encode one path segment, ':' included (identity ids are 8:acs:...)."""
        return quote(str(value), safe="")

    @staticmethod
    def encode_query(params, api_version):
        """Query string in the given order, None values left out, booleans as true/false, api-version last."""
        pairs = []
        for name, value in params or ():
            if value is None:
                continue
            if isinstance(value, bool):
                value = "true" if value else "false"
            pairs.append((name, str(value)))
        if api_version and "api-version" not in dict(pairs):
            pairs.append(("api-version", api_version))
        return urlencode(pairs, quote_via=quote)

    def _prepare(self, method, path, query, body, content_type, extra_headers, operation=None):
        target = path + ("?" + query if query else "")
        url = self.settings.endpoint + target
        data = b"" if body is None else json.dumps(body, separators=(",", ":")).encode("utf-8")
        headers = {
            "Accept": "application/json",
            "User-Agent": self.user_agent,
            "x-ms-client-request-id": str(uuid.uuid4()),
        }
        if body is not None:
            headers["Content-Type"] = content_type
        headers.update(extra_headers or {})
        if self.settings.key is None:
            headers["Authorization"] = "Bearer " + self._bearer(operation)
        else:
            # Sign exactly what goes on the wire: the path and query as sent.
            headers.update(signed_headers(method, target, self.settings.host, data, self.settings.key))
        # GET and HEAD carry no body (and no Content-Length); other methods send theirs, empty or not.
        return Prepared(method, url, data if method.upper() not in ("GET", "HEAD") else None, headers)

    def _bearer(self, operation):
        """The Entra ID token of this run; a sign-in failure is an ACSAuthenticationError raised before anything is sent."""
        try:
            return self.token_source.token()
        except CredentialError as exc:
            raise ACSAuthenticationError(str(exc), code=exc.reason, operation=operation) from None

    # -- sending -------------------------------------------------------------------------------------------------

    def request(self, method, path, operation, api_version, params=None, body=None, query=None,
                expected=(200,), idempotent=None, content_type="application/json", headers=None):
        """Send one signed request, retrying what is safe to retry, and return a Response.

        `idempotent` says whether the request may be re-sent after a failure where the service may have
        acted (a 500 or a lost response); by default every method but POST is. `headers` are sent as well (the
        signature headers are added after them).
        """
        if idempotent is None:
            idempotent = method.upper() != "POST"
        if query is None:
            query = self.encode_query(params, api_version)
        attempt = 0
        renewed = False
        self._thread.acted = False
        while True:
            attempt += 1
            prepared = self._prepare(method, path, query, body, content_type, headers, operation)
            with self._stats_lock:
                self.stats["requests"] += 1
            retry_after = None
            try:
                raw = self.wire.send(prepared.method, prepared.url, prepared.body, prepared.headers)
            except TLSFailure as exc:
                raise ACSTransportError(
                    "TLS verification of %s failed (%s). Set ca_path (or ACS_CA_PATH) to the CA certificate that "
                    "signed the endpoint's certificate; validate_certs=false turns the check off and is not safe."
                    % (self.settings.endpoint, _tls_reason(exc)), operation=operation) from None
            except (NotSent, Lost) as exc:
                never_sent = isinstance(exc, NotSent)
                outcome = NEVER_SENT if never_sent else LOST
                decision = decide(outcome, idempotent, attempt, self.max_retries)
                failure = "%s to %s failed: %s" % (operation, self.settings.endpoint, _describe_transport_error(exc))
                if decision == AMBIGUOUS:
                    raise ACSAmbiguousError(
                        failure + "; the service may have acted on it, so it is not re-sent blindly.", operation=operation) from None
                if decision == FAILED:
                    raise ACSTransportError("%s (gave up after %d attempts).%s" % (failure, attempt, _local_hint(self.settings, never_sent)),
                                            operation=operation) from None
            except (OSError, ValueError) as exc:
                # an unusable CA bundle (or ca_path) is found when the first connection is opened, before anything is sent
                raise ACSTransportError("%s was not sent: %s" % (operation, short(exc, 200)), operation=operation) from None
            else:
                status = raw.status_code
                if status in expected:
                    self.last_headers = raw.headers
                    return Response(status, raw.headers, _decode(raw, operation))
                if status == 401 and not renewed and self._renew_bearer(prepared, raw, operation):
                    renewed = True  # the refused request was not acted on: send it again with the new token
                    self.count(retries=1)
                    continue
                outcome = status_outcome(status)
                decision = decide(outcome, idempotent, attempt, self.max_retries)
                if decision == FAILED:
                    raise self._error(raw, operation, attempt)
                if decision == AMBIGUOUS:
                    error = self._error(raw, operation, attempt)
                    raise ACSAmbiguousError(
                        error.message + " " + ACSAmbiguousError.NOT_RESENT,
                        status=error.status, code=error.code, operation=operation, request_id=error.request_id)
                retry_after = parse_retry_after(raw.headers.get("Retry-After"))
                if retry_after is not None and retry_after > MAX_RETRY_AFTER:
                    raise ACSError("%s was throttled (HTTP %d) with Retry-After %.0f s, longer than the %.0f s this module waits."
                                   % (operation, status, retry_after, MAX_RETRY_AFTER), status=status, operation=operation)
            delay = self.backoff.delay(attempt, retry_after)
            with self._stats_lock:
                self.stats["retries"] += 1
                self.stats["waited_seconds"] += delay
            self._thread.retries = self.retries_in_this_thread() + 1
            self._thread.acted = self.last_request_may_have_acted() or outcome in ACTED
            self.sleep(delay)

    def _renew_bearer(self, prepared, raw, operation):
        """After a 401 to a bearer token: renew the token (it may have expired, or been revoked, during the run). True
        when there is a new token to send the request with; ACSAuthenticationError when none can be had."""
        if self.token_source is None or self.settings.key is not None or _error_code(raw) in NOT_ABOUT_THE_BEARER:
            return False
        sent = (prepared.headers.get("Authorization") or "").partition(" ")[2]
        try:
            return self.token_source.renew(sent)
        except CredentialError as exc:
            error = self._error(raw, operation, 1)
            raise ACSAuthenticationError("%s A new token could not be obtained: %s" % (error.message, exc), status=401,
                                         code=error.code, operation=operation, request_id=error.request_id) from None

    def count(self, **figures):
        """Add to the `stats` figures (polls=, waited_seconds=, ...); safe from several threads."""
        with self._stats_lock:
            for name, value in figures.items():
                self.stats[name] += value

    def retries_in_this_thread(self):
        """How many requests this thread has retried so far (the count behind stats.retries, per thread)."""
        return getattr(self._thread, "retries", 0)

    def last_request_may_have_acted(self):
        """Whether an earlier attempt of this thread's last request may have been acted on by the service (its answer
        was lost, or a 500/502/504), so that the final answer may describe the effect of that attempt. False when the
        request was answered at once or retried only after attempts the service did not act on (never sent, 429, 503)."""
        return getattr(self._thread, "acted", False)

    def paged(self, path, operation, api_version, item_key, params=None, limit=None, page_size=None,
              paging=("skip", "take"), headers=None):
        """GET every page of a pageable list (following nextLink) and return the items, at most `limit`.

        `paging` names the API's (offset, page size) query parameters; the offset name may be None.
        """
        params = list(params or [])
        offset_name, size_name = paging
        if page_size:
            params += ([(offset_name, 0)] if offset_name else []) + [(size_name, page_size)]
        query = self.encode_query(params, api_version)
        items, seen = [], set()
        while True:
            seen.add(query)
            page = self.request("GET", path, operation, api_version, query=query, headers=headers).body or {}
            batch = page.get(item_key) or []
            items.extend(batch)
            if limit and len(items) >= limit:
                return items[:limit]
            next_link = page.get("nextLink")
            if not next_link or not batch:
                return items
            query = self._next_query(next_link, path, api_version, operation)
            if query in seen:
                raise ACSError("%s returned a nextLink that repeats an earlier page; stopping." % operation, operation=operation)

    @staticmethod
    def _next_query(next_link, path, api_version, operation):
        """The query of a nextLink, always sent to our own endpoint (a signed request never goes to another host)."""
        parts = urlsplit(next_link)
        if parts.path and parts.path.rstrip("/") != path.rstrip("/"):
            raise ACSError("%s returned a nextLink for another path (%s)." % (operation, parts.path), operation=operation)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        if "api-version" not in dict(pairs):
            pairs.append(("api-version", api_version))
        return urlencode(pairs, quote_via=quote)

    # -- errors --------------------------------------------------------------------------------------------------

    def _error(self, raw, operation, attempts):
        status = raw.status_code
        code = message = None
        try:
            error = (raw.json() or {}).get("error") or {}
            code, message = error.get("code"), error.get("message")
        except (ValueError, AttributeError):
            pass
        request_id = raw.headers.get("x-ms-request-id") or raw.headers.get("MS-CV")
        said = " The service said: %s." % " - ".join(str(p).rstrip(".") for p in (code, message) if p) if (code or message) else ""
        tries = " after %d attempts" % attempts if attempts > 1 else ""
        ref = " Request id: %s." % request_id if request_id else ""
        if status == 401 and self.settings.key is None and (self.token_source.expired() or "expired" in str(message).lower()):
            expiry = self.token_source.expiry_text()
            message = ("Authentication failed for %s (HTTP %d): the Microsoft Entra ID token of auth_source=%s has expired%s "
                       "and the resource refused it.%s%s" % (operation, status, self.settings.auth_source,
                                                             " (it " + expiry + ")" if expiry else "", said, ref))
        elif status in (401, 403) and self.settings.key is None:
            message = ("Authentication failed for %s (HTTP %d): the resource refused the Microsoft Entra ID token of "
                       "auth_source=%s (the identity needs a role such as Contributor on the resource, and the token must be "
                       "for its tenant).%s%s" % (operation, status, self.settings.auth_source, said, ref))
        elif status in (401, 403):
            message = "Authentication failed for %s (HTTP %d): the access key or the endpoint is wrong.%s%s" % (operation, status, said, ref)
        else:
            message = "%s failed with HTTP %d%s.%s%s" % (operation, status, tries, said, ref)
        return error_for(message, status=status, code=code, operation=operation, request_id=request_id)


# 401 answers that are not about the bearer token: an identity of another resource, the Teams user's own token.
NOT_ABOUT_THE_BEARER = ("IdentityNotOwned", "InvalidAccessToken")


def _error_code(raw):
    """The `error.code` of an error response, or None."""
    try:
        return ((raw.json() or {}).get("error") or {}).get("code")
    except (ValueError, AttributeError):
        return None


def _decode(raw, operation):
    if not raw.content:
        return None
    try:
        return raw.json()
    except ValueError:
        raise ACSError("%s returned a body that is not JSON (HTTP %d)." % (operation, raw.status_code),
                       status=raw.status_code, operation=operation) from None


def _tls_reason(exc):
    """The OpenSSL reason of a TLS failure (e.g. 'certificate verify failed: self-signed certificate'), not the whole
    exception text."""
    found = re.search(r"\[SSL: [A-Z_]+\] ([^'\"(]+)", str(exc))
    return found.group(1).strip() if found else short(exc, 200)


def _local_hint(settings, never_sent):
    """Nothing listens on a loopback endpoint: most likely an emulator that stopped, or a shell that kept an old port."""
    if not never_sent or settings.host.rsplit(":", 1)[0].strip("[]") not in ("127.0.0.1", "localhost", "::1"):
        return ""
    return (" Is the emulator running? An emulator of make demo stops after an hour without requests, and each make demo "
            "gives it a new port: run make demo, then source .state/demo.env again.")


def _describe_transport_error(exc):
    if isinstance(exc, NotSent):
        if exc.timed_out:
            return "the connection timed out"
        return "the connection was refused or the host cannot be reached"
    if exc.timed_out:
        return "no response within the timeout"
    return "the connection was closed before a response arrived (%s)" % short(exc, 200)
