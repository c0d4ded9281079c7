# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""When to retry a request and how long to wait before the next attempt."""

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
