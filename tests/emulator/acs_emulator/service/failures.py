"""Service-side failures: operations the service accepts and that end badly later, as the real 2020 service's did.

Unlike faults (http/faults.py: the request itself fails), a failure is part of the service model: the request
succeeds and the long-running operation ends in its failure state.

| kind           | what fails                                                                                   |
|----------------|----------------------------------------------------------------------------------------------|
| `release`      | a release ends `Failed` with an `errorMessage`, every number `Error` (numbers stay acquired) |
| `search`       | a search reserves its numbers, then ends `Error` with `errorCode` 1011 (numbers freed)       |
| `capabilities` | a capabilities update ends `Error` (nothing applied)                                         |
| `ownership`    | 2025-06-01: a release or capabilities update is accepted, then finds the number gone when   |
|                | its operation runs (another resource or the portal took it): the operation fails with the  |
|                | not-owned error (InsufficientPermissions, the number stays)                                  |

Configuration (`PUT /_emulator/failures`, `--failures`): per kind, `next` (the next N operations of that kind fail,
deterministic) and/or `rate` (each later one fails with that probability, from a `seed`able random source), or
`{"profile": "recorded"}` for the rates of the recorded traffic. Kept in the store, so it survives restarts.
"""

import random

from .errors import InvalidInput

KINDS = ("release", "search", "capabilities", "ownership")

# The recorded listing: 14 of 16 releases Failed. Searches and capability updates: no recorded rate; chosen here.
RECORDED = {"release": {"rate": 14 / 16.0}, "search": {"rate": 0.1}, "capabilities": {"rate": 0.1}}


def validate(config):
    """A normalized configuration {kind: {"next": int, "rate": float}, "seed": int|None}; InvalidInput when invalid."""
    if not isinstance(config, dict):
        raise InvalidInput("The failure configuration must be a JSON object.", code="BadRequest")
    config = dict(config)
    seed = config.pop("seed", None)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise InvalidInput("'seed' must be an integer.", code="BadRequest")
    profile = config.pop("profile", None)
    if profile is not None:
        if profile != "recorded":
            raise InvalidInput("'profile' must be 'recorded'.", code="BadRequest")
        config = dict({k: dict(v) for k, v in RECORDED.items()}, **config)
    out = {"seed": seed}
    for kind, rule in config.items():
        if kind not in KINDS:
            raise InvalidInput("Unknown failure kind %r; the kinds are %s." % (kind, ", ".join(KINDS)), code="BadRequest")
        if not isinstance(rule, dict) or set(rule) - {"next", "rate"}:
            raise InvalidInput("'%s' must be an object with 'next' and/or 'rate'." % kind, code="BadRequest")
        nxt = rule.get("next", 0)
        rate = rule.get("rate", 0.0)
        if isinstance(nxt, bool) or not isinstance(nxt, int) or nxt < 0:
            raise InvalidInput("'%s.next' must be a non-negative integer." % kind, code="BadRequest")
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise InvalidInput("'%s.rate' must be a number between 0 and 1." % kind, code="BadRequest")
        out[kind] = {"next": nxt, "rate": float(rate)}
    return out


class Failures:
    """The active failure configuration and its random source."""

    META = "failures"

    def __init__(self, store):
        self.store = store
        config = store.get_meta(self.META)
        self._rng = random.Random(config.get("seed") if config else None)

    def get(self):
        """The active configuration or None."""
        return self.store.get_meta(self.META)

    def set(self, config):
        """Validate and activate a configuration."""
        config = validate(config)
        self.store.set_meta(self.META, config)
        self._rng = random.Random(config["seed"])
        return config

    def clear(self):
        """No failures."""
        self.store.del_meta(self.META)

    def strikes(self, kind):
        """Whether the operation of `kind` starting now fails (uses up one `next`)."""
        config = self.get()
        rule = (config or {}).get(kind)
        if not rule:
            return False
        if rule["next"] > 0:
            rule["next"] -= 1
            self.store.set_meta(self.META, config)
            return True
        return rule["rate"] > 0 and self._rng.random() < rule["rate"]
