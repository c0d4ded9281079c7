# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""When to retry a request and how long to wait before the next attempt: the retry policy as a table (POLICY),
the backoff, and Retry-After. The client sends; decide() says what it does next."""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime

# Statuses that mean "try again later".
RETRYABLE_STATUSES = frozenset((429, 500, 502, 503, 504))
# Of those, the ones where the service certainly did not act on the request, so even a create or a purchase
# may be sent again. 500, 502 and 504 may come after the service acted: the caller must read state first.
REJECTED_STATUSES = frozenset((429, 503))
# A Retry-After longer than this is not waited for: the request fails with a message instead of hanging.
MAX_RETRY_AFTER = 300.0


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if value is None:
        return None
    value = str(value).strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class Backoff:
    """Exponential backoff with full jitter, capped; a server's Retry-After wins when it is given."""

    def __init__(self, base=0.5, factor=2.0, cap=30.0, rand=random.random):
        self.base = base
        self.factor = factor
        self.cap = cap
        self.rand = rand

    def delay(self, attempt, retry_after=None):
        """Seconds to sleep before retry number `attempt` (1 for the first retry)."""
        if retry_after is not None:
            return retry_after
        ceiling = min(self.cap, self.base * (self.factor ** (attempt - 1)))
        # Full jitter, but never less than a tenth of the ceiling so that retries do not hammer the service.
        return ceiling * (0.1 + 0.9 * self.rand())


# -- the retry policy: what happened to an attempt -> retry, or which error -----------------------------------------

# What happened to one attempt.
NEVER_SENT = "never sent"          # the connection could not be opened: the service cannot have seen the request
LOST = "lost"                      # sent, but no answer came back (reset, read timeout): the service may have acted
REJECTED = "rejected"              # 429 or 503: the service certainly did not act
MAY_HAVE_ACTED = "may have acted"  # 500, 502 or 504: the service may have acted before it failed
REFUSED = "refused"                # any other unexpected status: sending it again would not help

# What the client does next.
RETRY = "retry"                    # wait (Backoff, or the answer's Retry-After) and send it again
AMBIGUOUS = "ambiguous"            # the service may have acted: never re-sent (ACSAmbiguousError); the caller reads state
FAILED = "failed"                  # the answer's own error, or ACSTransportError once the attempts are used up

# (what happened, idempotent, attempts left) -> what next. None matches either value; the first matching row wins.
# A request that is not idempotent (a create, a purchase) is re-sent only when the service cannot have acted on it.
POLICY = (
    (REFUSED, None, None, FAILED),
    (REJECTED, None, True, RETRY),
    (REJECTED, None, False, FAILED),
    (MAY_HAVE_ACTED, None, False, FAILED),
    (MAY_HAVE_ACTED, True, True, RETRY),
    (MAY_HAVE_ACTED, False, True, AMBIGUOUS),
    (NEVER_SENT, None, True, RETRY),
    (NEVER_SENT, None, False, FAILED),
    (LOST, False, None, AMBIGUOUS),
    (LOST, True, True, RETRY),
    (LOST, True, False, FAILED),
)


# The outcomes after which the service may have acted on the request although it is sent again: a request retried
# after one of these may have been carried out by an earlier attempt (a create that answers 200 on its retry may be
# this run's own). After NEVER_SENT or REJECTED the service did nothing, so the final answer alone tells what happened.
ACTED = frozenset((LOST, MAY_HAVE_ACTED))


def status_outcome(status):
    """What an unexpected HTTP status says happened: REJECTED, MAY_HAVE_ACTED or REFUSED."""
    if status in REJECTED_STATUSES:
        return REJECTED
    return MAY_HAVE_ACTED if status in RETRYABLE_STATUSES else REFUSED


def decide(outcome, idempotent, attempt, max_retries):
    """RETRY, AMBIGUOUS or FAILED for attempt number `attempt` (1 for the first send) of a request."""
    left = attempt <= max_retries
    for row_outcome, row_idempotent, row_left, decision in POLICY:
        if row_outcome == outcome and row_idempotent in (None, idempotent) and row_left in (None, left):
            return decision
    raise ValueError("no retry policy row for %r" % (outcome,))
