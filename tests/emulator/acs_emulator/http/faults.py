"""Fault injection: a rate, a set of kinds and an optional set of operations.

The kind `reply` answers with the configured {"status", "body"} instead of running the operation: an answer the service
can give that the model never does (an object without a field, an error without a code, a resource gone between two
reads), staged over the wire for the clients' tests.

`after` and `times` make a window of the matching requests (counted from the moment the configuration is set): the
first `after` pass untouched, the next `times` (all, without it) are subject to the rate. "From the third creation on":
{"after": 2}; "only the first read": {"times": 1}."""

import errno
import random
import threading
import time

from .responses import HttpError, Reply, error_body
from .routes import canonical_operation

KINDS = ("429", "500", "503", "drop", "lost_response", "latency", "reply")


def _invalid(message):
    return HttpError(400, "BadRequest", message)


class DropConnection(ConnectionAbortedError):
    """Raised to close the connection without sending a response.

    It carries errno ECONNABORTED, which the server (cheroot) takes as "the connection is gone": it closes the socket
    quietly instead of answering 500.
    """

    def __init__(self, reason):
        super().__init__(errno.ECONNABORTED, reason)


def early_reply(fault, config):
    """Act on a fault that strikes before the operation runs: wait (latency), drop, or the Reply to send instead."""
    if fault == "latency":
        time.sleep(config["latency_ms"] / 1000.0)
        return None
    if fault == "drop":
        raise DropConnection("drop fault")
    if fault == "429":
        retry_after = config["retry_after"]
        return Reply(429, error_body("TooManyRequests", "Too many requests (injected fault)."),
                     {"Retry-After": str(int(retry_after) if float(retry_after).is_integer() else retry_after)})
    if fault in ("500", "503"):
        code = "InternalServerError" if fault == "500" else "ServiceUnavailable"
        return Reply(int(fault), error_body(code, "Injected fault %s." % fault))
    if fault == "reply":
        return Reply(config["reply"]["status"], config["reply"]["body"])
    return None


def validate(config):
    """Check and normalize a fault configuration; raise HttpError (400) when it is invalid."""
    if not isinstance(config, dict):
        raise _invalid("The fault configuration must be a JSON object.")
    rate = _valid_rate(config.get("rate", 1.0))
    kinds = _valid_kinds(config.get("kinds", ["500"]))
    operations = _valid_operations(config.get("operations"))
    out = {"rate": float(rate), "kinds": kinds, "operations": operations,
           "retry_after": config.get("retry_after", 1), "latency_ms": config.get("latency_ms", 200), "seed": config.get("seed")}
    for field in ("retry_after", "latency_ms"):
        if _not_a_number(out[field]) or out[field] < 0:
            raise _invalid("'%s' must be a non-negative number." % field)
    if out["seed"] is not None and (isinstance(out["seed"], bool) or not isinstance(out["seed"], int)):
        raise _invalid("'seed' must be an integer.")
    if "reply" in kinds:
        out["reply"] = _valid_reply(config.get("reply"))
    out["after"] = _valid_count(config.get("after", 0), "after", 0)
    out["times"] = None if config.get("times") is None else _valid_count(config["times"], "times", 1)
    return out


def _valid_count(value, name, least):
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise _invalid("'%s' must be a whole number of at least %d." % (name, least))
    return value


def _valid_reply(reply):
    """{"status": 200..599, "body": any JSON value or null (an empty body)} of the `reply` kind."""
    if not isinstance(reply, dict) or set(reply) - {"status", "body"}:
        raise _invalid("The kind 'reply' needs 'reply': {\"status\": 200..599, \"body\": JSON or null}.")
    status = reply.get("status")
    if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599:
        raise _invalid("'reply.status' must be an HTTP status from 200 to 599.")
    return {"status": status, "body": reply.get("body")}


def _not_a_number(value):
    return isinstance(value, bool) or not isinstance(value, (int, float))


def _valid_rate(rate):
    if _not_a_number(rate) or not 0 <= rate <= 1:
        raise _invalid("'rate' must be a number between 0 and 1.")
    return rate


def _valid_kinds(kinds):
    if not isinstance(kinds, list) or not kinds or any(str(k) not in KINDS for k in kinds):
        raise _invalid("'kinds' must be a non-empty list of: %s." % ", ".join(KINDS))
    return [str(k) for k in kinds]


def _valid_operations(operations):
    """The canonical operationIds of the list, or None (every operation)."""
    if operations is None:
        return None
    if not isinstance(operations, list):
        raise _invalid("'operations' must be a list of operationIds.")
    canon = []
    for name in operations:
        op = canonical_operation(name) if isinstance(name, str) else None
        if op is None:
            raise _invalid("Unknown operation %r." % (name,))
        canon.append(op)
    return canon


class Faults:
    """The active fault configuration (kept in the store) and its random source."""

    def __init__(self, store):
        self.store = store
        config = store.get_meta("faults")
        self._rng = random.Random(config.get("seed") if config else None)
        self._lock = threading.Lock()
        self._matched = 0  # requests the configuration applied to since it was set (its `after`/`times` window)

    def get(self):
        """The active configuration or None."""
        return self.store.get_meta("faults")

    def set(self, config):
        """Validate and activate a configuration."""
        config = validate(config)
        self.store.set_meta("faults", config)
        self._rng = random.Random(config["seed"])
        with self._lock:
            self._matched = 0
        return config

    def clear(self):
        """Disable fault injection."""
        self.store.del_meta("faults")

    def pick(self, operation):
        """The fault kind to inject for this request, or None."""
        config = self.get()
        if not config:
            return None, None
        if config["operations"] is not None and operation not in config["operations"]:
            return None, None
        if not self._in_window(config):
            return None, config
        if self._rng.random() >= config["rate"]:
            return None, config
        return self._rng.choice(config["kinds"]), config

    def _in_window(self, config):
        """Count this matching request; whether it falls in the configuration's `after`/`times` window."""
        with self._lock:
            self._matched += 1
            number = self._matched
        after, times = config.get("after", 0), config.get("times")
        return number > after and (times is None or number <= after + times)
