"""How long the phone numbers 2025-06-01 operations take and which statuses they pass through.

Each schedule is a list of (seconds since the start, status) at the real service's pace; the HTTP layer never sees
it. The statuses are the recorded ones, including the purchase's step back from running to notStarted. `fixed`
timing (the default) uses the durations below; `recorded` timing draws each operation's total duration from the
spread seen on the real service (seeded, so a run can be repeated) and stretches the steps to it. Either is then
divided by --speed.
"""

import random

from .errors import BadRequest

MODES = ("fixed", "recorded")

SCHEDULES = {
    "search": ((0.0, "notStarted"), (1.0, "running"), (4.0, "succeeded")),
    "purchase": ((0.0, "running"), (5.0, "notStarted"), (24.0, "succeeded")),
    "reservationPurchase": ((0.0, "running"), (5.0, "notStarted"), (24.0, "succeeded")),
    "updatePhoneNumberCapabilities": ((0.0, "notStarted"), (2.0, "running"), (10.0, "succeeded")),
    "releasePhoneNumber": ((0.0, "notStarted"), (5.0, "running"), (20.0, "succeeded")),
}

# The spread of the whole operation seen in the SDK teams' recordings of the real service, in seconds: on 2025-06-01
# (recorded June 2025) a search succeeded about 10 s after it was created (the 1.4-1.7 s of 2024 were earlier
# api-versions), a purchase took about 6 s, a release about 6.5 s, a capabilities update about 8.7 s
# (recorded-service.md, "Catalogue and timing, as recorded"); each figure here is that one +-15 % or so.
RECORDED_SPREAD = {
    "search": (8.5, 11.5),
    "purchase": (5.0, 7.0),
    "reservationPurchase": (5.0, 7.0),
    "updatePhoneNumberCapabilities": (8.0, 9.5),
    "releasePhoneNumber": (5.5, 7.5),
}

META_KEY = "ga_timing"


class Timing:
    """The timing setting (kept in the store, so it survives restarts) and the schedules it produces."""

    def __init__(self, store, speed=1.0):
        self.store = store
        self.speed = float(speed)

    def get(self):
        """The active setting: {"mode": "fixed"|"recorded", "seed": int}."""
        return self.store.get_meta(META_KEY, {"mode": "fixed", "seed": 0})

    def set(self, mode, seed=None):
        """Choose fixed or recorded durations; the seed makes recorded durations repeatable."""
        if mode not in MODES:
            raise BadRequest("'mode' must be one of: %s." % ", ".join(MODES), code="InvalidTiming")
        if seed is None:
            seed = self.get().get("seed", 0)
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise BadRequest("'seed' must be an integer.", code="InvalidTiming")
        value = {"mode": mode, "seed": seed}
        self.store.set_meta(META_KEY, value)
        return value

    def schedule(self, operation_type, start):
        """[[epoch seconds, status], ...] for an operation starting at `start`."""
        steps = SCHEDULES[operation_type]
        total = steps[-1][0]
        setting = self.get()
        if setting["mode"] == "recorded":
            draw = self.store.next_seq("ga_timing_draws")
            low, high = RECORDED_SPREAD[operation_type]
            total = random.Random("%s:%d" % (setting["seed"], draw)).uniform(low, high)
        stretch = total / steps[-1][0]
        return [[start + at * stretch / self.speed, status] for at, status in steps]
