# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every error the REST layer raises, and the one a module turns into a failed task.

ACSError                  a request failed; str() is one sentence a user can act on
  ACSAuthenticationError  401 or 403
  ACSTransportError       no HTTP answer
  ACSAmbiguousError       a create/buy request failed where the service may have acted on it
  ACSNotFoundError        404, or a 400 whose error code names an unknown id
  PollTimeout             a long-running operation did not finish within wait_timeout
TaskFailure               a desired-state function cannot reach its state; carries the partial result

No Ansible imports. No secret is ever part of a message.
"""

from __future__ import annotations


class ACSError(Exception):
    """A request failed; str() is one sentence a user can act on."""

    def __init__(self, message, status=None, code=None, operation=None, request_id=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.operation = operation
        self.request_id = request_id

    def to_result(self):
        """Details for a failed module result."""
        return {k: v for k, v in (("status", self.status), ("error_code", self.code),
                                  ("operation", self.operation), ("request_id", self.request_id)) if v is not None}


class ACSAuthenticationError(ACSError):
    """401 or 403: the key or the endpoint is wrong."""


class ACSTransportError(ACSError):
    """No HTTP answer: connection refused, TLS failure, timeout."""


class ACSAmbiguousError(ACSError):
    """A request that creates or buys something failed in a way where the service may have acted on it.

    It is never re-sent blindly: the caller reads the resource's state and decides.
    """

    NOT_RESENT = "The service may have acted on it, so it is not re-sent blindly."

    @property
    def detail(self):
        """What went wrong, without the sentence on not re-sending it (the caller says what it did instead)."""
        for tail in (" " + self.NOT_RESENT, "; " + self.NOT_RESENT[0].lower() + self.NOT_RESENT[1:]):
            if self.message.endswith(tail):
                return self.message[:-len(tail)] + "."
        return self.message


class ACSNotFoundError(ACSError):
    """Something the request named does not exist: HTTP 404, or a 400 whose error code says an id is unknown
    (InvalidPhonePlanId, ...NotFound): some operations answer an unknown id in the body with 400 rather than 404."""


class PollTimeout(ACSError):
    """The operation did not reach a terminal status within wait_timeout."""

    def __init__(self, message, last_body=None, operation=None, record=None):
        super().__init__(message, operation=operation)
        self.last_body = last_body
        self.record = record


class TaskFailure(Exception):
    """The task cannot reach its state: str() is the sentence for the user, `error` the ACSError behind it (if any),
    `result` what the task did until then (returned with the failure)."""

    def __init__(self, message, error=None, result=None):
        super().__init__(message)
        self.error = error
        self.result = result or {}


def is_not_found(status, code):
    """True when an HTTP status and error code say that something the request named does not exist."""
    if status == 404:
        return True
    code = (code or "").lower()
    return status == 400 and ("notfound" in code or (code.startswith(("invalid", "unknown")) and code.endswith("id")))


def short(exc, limit=160):
    """An error's sentence, cut to `limit` characters, for an entry of a task's actions."""
    text = str(exc)
    return text if len(text) <= limit else text[:limit] + "..."


# -- sentences that name what was not found ---------------------------------------------------------------------------

# What a request may name, outermost first: (keyword, label, words in an error code that point at it).
_NAMED = (
    ("country_code", "country", ("country",)),
    ("plan_group_id", "plan group", ("plangroup",)),
    ("phone_plan_id", "phone plan", ("phoneplan", "planid")),
    ("search_id", "search", ("search",)),
    ("release_id", "release", ("release",)),
    ("phone_number", "phone number", ("phonenumber", "number")),
)


def _culprit(code, scope):
    """The keyword of `scope` that an error code points at, or None when the code does not say."""
    code = (code or "").lower().replace("_", "")
    for keyword, _label, words in _NAMED:
        if keyword in scope and any(word in code for word in words):
            # "PhonePlanGroupNotFound" contains "phoneplan" too: the group is checked first and wins.
            return keyword
    return None


def _describe(keyword, scope):
    country, group, plan = scope.get("country_code"), scope.get("plan_group_id"), scope.get("phone_plan_id")
    if keyword == "country_code":
        return ("Country '%s' is not offered by this resource; acs.administration.acs_country_info lists the countries that are."
                % country)
    if keyword == "plan_group_id":
        return ("Plan group '%s' is not offered in country '%s'; acs.administration.acs_plan_group_info lists the plan groups."
                % (group, country))
    if keyword == "phone_plan_id":
        where = "plan group '%s' of country '%s'" % (group, country) if group else "country '%s'" % country
        return "Phone plan '%s' is not offered in %s; acs.administration.acs_phone_plan_info lists the plans." % (plan, where)
    if keyword in ("search_id", "release_id"):
        return "%s '%s' does not exist on this resource." % (keyword.split("_")[0].capitalize(), scope[keyword])
    return "Phone number '%s' is not acquired by this resource." % scope[keyword]


def not_found_message(exc, **scope):
    """A sentence naming what was not found, or None when `exc` is not an ACSNotFoundError.

    `scope` holds what the request named: country_code, plan_group_id, phone_plan_id, search_id, release_id,
    phone_number (None values are ignored). The error code decides which one is missing; when it does not say
    (the real service may answer 404 with an empty body), the sentence names every candidate.
    """
    if not isinstance(exc, ACSNotFoundError):
        return None
    scope = {k: v for k, v in scope.items() if v is not None}
    named = [(keyword, label) for keyword, label, _words in _NAMED if keyword in scope]
    if not named:
        return None
    keyword = _culprit(exc.code, scope) or (named[0][0] if len(named) == 1 else None)
    if keyword:
        return _describe(keyword, scope)
    parts = ["%s '%s'" % (label, scope[k]) for k, label in named]
    return "Not found (HTTP %s): %s or %s is not offered by this resource." % (exc.status or "?", ", ".join(parts[:-1]), parts[-1])


def error_message(exc, action, **scope):
    """The message of a failed read: the not-found sentence when that is what happened, else '<action>: <error>'."""
    return not_found_message(exc, **scope) or "%s: %s" % (action, exc)


def error_for(message, status=None, code=None, operation=None, request_id=None):
    """The ACSError subclass that an HTTP error status and error code stand for."""
    if status in (401, 403):
        cls = ACSAuthenticationError
    elif is_not_found(status, code):
        cls = ACSNotFoundError
    else:
        cls = ACSError
    return cls(message, status=status, code=code, operation=operation, request_id=request_id)
