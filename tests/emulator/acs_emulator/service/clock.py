"""A controllable clock: wall-clock time plus an offset kept in the store."""

import datetime
import time


def iso(ts):
    """Format epoch seconds the way the service does: 7 fractional digits and an offset."""
    whole = int(ts // 1)
    frac = int(round((ts - whole) * 10_000_000))
    if frac >= 10_000_000:
        whole, frac = whole + 1, frac - 10_000_000
    base = datetime.datetime.fromtimestamp(whole, tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return "%s.%07d+00:00" % (base, frac)


def iso_ms(ts):
    """Format epoch seconds with millisecond precision (request log)."""
    dt = datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (dt.microsecond // 1000) + "Z"


def parse_iso(text):
    """Parse an ISO-8601 date-time into epoch seconds; raise ValueError when it is not one."""
    if not isinstance(text, str) or "T" not in text:
        raise ValueError("not an ISO-8601 date-time: %r" % (text,))
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    # Python < 3.11 accepts at most 6 fractional digits: trim the rest.
    head, sep, tail = value.partition(".")
    if sep:
        digits = ""
        rest = tail
        while rest and rest[0].isdigit():
            digits, rest = digits + rest[0], rest[1:]
        value = head + "." + (digits[:6] or "0") + rest
    dt = datetime.datetime.fromisoformat(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt.timestamp()


class Clock:
    """Simulated time = wall clock + offset; the offset only grows (clock/advance), except when a reset has wiped
    everything the clock drives (rewind)."""

    def __init__(self, store):
        self._store = store

    def offset(self):
        """Seconds added to the wall clock."""
        return float(self._store.get_meta("clock_offset", 0.0))

    def now(self):
        """Current simulated time in epoch seconds."""
        return time.time() + self.offset()

    def rewind(self):
        """Back to the wall clock (offset 0)."""
        self._store.set_meta("clock_offset", 0.0)

    def advance(self, seconds):
        """Move the simulated clock forward."""
        self._store.set_meta("clock_offset", self.offset() + float(seconds))
        return self.now()
