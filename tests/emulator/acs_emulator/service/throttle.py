"""The service's documented request limits: at most N requests of an operation per 30 s window per resource; over it
the service answers 429 with Retry-After (../shared/reference/recorded-service.md, "Throttling").

Off until turned on (PUT /_emulator/throttle), so that no other test meets it by chance. The limits are data (LIMITS);
a window is real time, WINDOW divided by --speed unless the configuration gives its own `window` (seconds), so that a
test can reach the documented counts without waiting 30 s. Only admitted requests count against a window (a sliding
window over the times of the admitted requests).
"""

import collections
import threading
import time

from .errors import InvalidInput

WINDOW = 30.0
# operationId -> requests per window: identity create 1000, delete 500, issue token 1000, revoke 500 (legacy names too).
LIMITS = {
    "CommunicationIdentity_Create": 1000,
    "CommunicationIdentity_Delete": 500,
    "CommunicationIdentity_IssueAccessToken": 1000,
    "CommunicationIdentity_IssueToken": 1000,
    "CommunicationIdentity_RevokeAccessTokens": 500,
    "CommunicationIdentity_Update": 500,
}


def _invalid(message):
    return InvalidInput(message, code="BadRequest")


def _valid_window(window):
    if isinstance(window, bool) or not isinstance(window, (int, float)) or window <= 0:
        raise _invalid("'window' must be a positive number of seconds.")
    return float(window)


def _valid_limits(limits):
    if not isinstance(limits, dict):
        raise _invalid("'limits' must be an object of operationId: requests per window.")
    for operation, limit in limits.items():
        if operation not in LIMITS:
            raise _invalid("No documented limit for %r; the throttled operations are %s." % (operation, ", ".join(sorted(LIMITS))))
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise _invalid("The limit of %s must be a whole number of at least 1." % operation)
    return dict(LIMITS, **limits)


class Throttle:
    """Per-operation sliding windows; admit() says whether a request may run now or how long to wait."""

    def __init__(self, speed=1.0, clock=time.monotonic):
        self.speed = float(speed)
        self._clock = clock
        self._lock = threading.Lock()
        self._config = None
        self._admitted = {}

    def get(self):
        """The active configuration ({"window", "limits"}) or None when off."""
        return self._config

    def set(self, config):
        """Turn throttling on: {} for the documented limits, optional "window" (real seconds) and "limits" overrides."""
        if not isinstance(config, dict) or set(config) - {"window", "limits"}:
            raise _invalid("The throttle configuration is an object with optional 'window' and 'limits'.")
        window = _valid_window(config["window"]) if "window" in config else WINDOW / self.speed
        limits = _valid_limits(config.get("limits", {}))
        with self._lock:
            self._config = {"window": window, "limits": limits}
            self._admitted = {}
        return self._config

    def clear(self):
        """Turn throttling off and forget the windows."""
        with self._lock:
            self._config = None
            self._admitted = {}

    def admit(self, operation):
        """None when the request may run (it is counted), else the seconds until the window has room for it."""
        config = self._config
        limit = config["limits"].get(operation) if config else None
        if limit is None:
            return None
        with self._lock:
            now = self._clock()
            times = self._admitted.setdefault(operation, collections.deque())
            while times and times[0] <= now - config["window"]:
                times.popleft()
            if len(times) >= limit:
                return times[0] + config["window"] - now
            times.append(now)
            return None
