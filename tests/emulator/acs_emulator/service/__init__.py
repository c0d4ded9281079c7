"""The ACS state model (no HTTP): identity, phone numbers, clock, store."""

import base64
import os
import uuid

from .catalog import Catalog
from .catalog_ga import CatalogGA
from .clock import Clock
from .entra import EntraAuthority
from .identity import IdentityService
from .phonenumbers import PhoneNumberService
from .phonenumbers_ga import PhoneNumbersGA
from .sip import SipRouting
from .store import Store
from .throttle import Throttle


class Backend:
    """Everything the service knows, plus the lazy 'settle' step that applies due transitions."""

    def __init__(self, state_path=None, catalog_path=None, speed=1.0, catalog_ga_path=None):
        self.store = Store(state_path)
        self.catalog = Catalog(catalog_path)
        self.clock = Clock(self.store)
        with self.store.tx():
            if self.store.get_meta("resource_id") is None:
                self.store.set_meta("resource_id", str(uuid.uuid4()))
            if self.store.get_meta("jwt_secret") is None:
                self.store.set_meta("jwt_secret", base64.b64encode(os.urandom(32)).decode("ascii"))
        self.identity = IdentityService(self.store, self.clock)
        self.entra = EntraAuthority(self.store, self.clock)
        self.phone = PhoneNumberService(self.store, self.clock, self.catalog, speed)
        self.phone_ga = PhoneNumbersGA(self.store, self.clock, CatalogGA(catalog_ga_path), speed)
        self.phone_ga.failures = self.phone.failures  # one failure configuration and random source for both APIs
        self.sip = SipRouting(self.store)
        self.throttle = Throttle(speed)
        self._advance = {"search": self.phone.advance_search, "release": self.phone.advance_release,
                         "capabilities": self.phone.advance_capabilities, **self.phone_ga.advancers}

    def settle(self):
        """Apply every transition due by now, oldest first (call inside a transaction)."""
        now = self.clock.now()
        while True:
            due = self.store.next_due(now)
            if due is None:
                return
            kind, op_id, at, doc = due
            doc, next_due = self._advance[kind](doc, at)
            if next_due is not None and next_due <= at:
                next_due = at + 1e-6
            self.store.put_op(kind, op_id, doc, next_due)

    def stats(self):
        """Counters and pool figures."""
        reserved = self.store.count_numbers("reserved")
        acquired = self.store.count_numbers("acquired")
        return dict({
            "users_created": self.store.counter("users_created"),
            "users_deleted": self.store.counter("users_deleted"),
            "tokens_issued": self.store.counter("tokens_issued"),
            "searches_created": self.store.counter("searches_created"),
            "purchases": self.store.counters("purchase:"),
            "releases_created": self.store.counter("releases_created"),
            "numbers_acquired": acquired,
            "numbers_reserved": reserved,
            "numbers_available": self.catalog.total_numbers() - acquired - reserved,
            "requests": self.store.counter("requests"),
            "entra_tokens_issued": self.store.counter("entra_tokens_issued"),
        }, **self.phone_ga.stats())

    def reset(self):
        """Wipe users, searches, numbers, the SIP configuration, faults, throttling, request log and stats; keep the catalogue."""
        self.store.reset()
        self.sip.reset()
        self.throttle.clear()

    def close(self):
        """Close the store."""
        self.store.close()
