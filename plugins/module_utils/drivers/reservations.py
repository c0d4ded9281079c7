# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A named hold of phone numbers on the phone numbers API 2025-06-01, built on reservations.

The name maps to a reservation id (phone_numbers_2025_06_01.reservation_id: uuid5 of a fixed namespace), so a rerun
finds its reservation with one GET. The reservation's status decides every step, so a lost response or a crash never
leads to a second purchase:

active     held; can be changed, deleted or bought
submitted  being bought (the purchase operation reservationPurchase_<id> runs)
completed  bought
expired    the hold ran out; its numbers went back to the pool

The service deletes a reservation a month after it was created, so a missing reservation does not prove that nothing
was bought: buying needs `total`, the most numbers matching the task the resource may own (see buy_guard).

Dropping a hold (state=absent) deletes the reservation and leaves a record of the drop: an empty reservation whose
id is derived from the name in another namespace (phone_numbers_2025_06_01.dropped_record_id). A deleted reservation
answers 404 like one never made, so without the record a play that holds a name and then drops it would hold it
again on every run; with it, state=reserved on a dropped name holds nothing. The service deletes the record a month
after the drop, and the name holds again then.

Two runs at once with one name: the API has no conditional create, so a new hold starts with an empty claim, a
merge-patch that adds no number. Only one run's claim makes the reservation (201); a run whose claim answers 200
finds that another run made it between its read and its claim, adds nothing, does not buy, and (state=purchased)
waits for the other run's purchase. No number of the loser is ever in the winner's reservation, so the purchase buys
only what one task asked for. A claim retried after an attempt the service may have acted on (its answer was lost, or
a 500/502/504) may have made the reservation itself, so it counts as won; one retried after a 429 or 503, which the
service did not act on, counts by its final answer like any other (Lifecycle.request_may_have_acted tells which).

Every wait of the task (another run's purchase, this task's purchase) draws on the one budget of drivers/base.py,
`wait_timeout`, and goes into `waits`.

No Ansible imports.
"""

from __future__ import annotations

from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSAmbiguousError, ACSError, ACSNotFoundError, PollTimeout, TaskFailure
from ansible_collections.acs.administration.plugins.module_utils.results import reservation_result
from ansible_collections.acs.administration.plugins.module_utils.drivers.base import Lifecycle

ACTIVE, SUBMITTED, COMPLETED, EXPIRED = "active", "submitted", "completed", "expired"
# How many times holding more numbers is tried when other clients take the browsed ones first (207).
HOLD_ATTEMPTS = 3
# The most numbers one browse offers (the service's limit; more are held by browsing again once these are held).
BROWSE_MAX = 20


class Task:
    """What the task asks for (the module's options, API spelling)."""

    def __init__(self, name, country_code, phone_number_type, assignment_type, capabilities=None, area_code=None, prefixes=None,
                 quantity=1, total=None, agree_to_not_resell=False):
        self.name = name
        self.country_code = country_code
        self.phone_number_type = phone_number_type
        self.assignment_type = assignment_type
        self.capabilities = dict(capabilities or {})
        self.prefixes = [area_code] if area_code else list(prefixes or [])
        self.quantity = quantity
        self.total = total
        self.agree_to_not_resell = agree_to_not_resell

    def matches(self, number):
        """Whether a held or owned number (API dict) is what this task asks for."""
        nationals = _nationals(number)
        return (number.get("countryCode", "").upper() == self.country_code
                and number.get("phoneNumberType") == self.phone_number_type
                and number.get("assignmentType") == self.assignment_type
                and (not self.prefixes or any(n.startswith(p) for n in nationals for p in self.prefixes)))


# Country calling codes, to tell the area code of a number; other countries match a prefix after 1 to 3 digits.
DIAL_CODES = {"US": "1", "CA": "1", "PR": "1", "GB": "44", "IE": "353", "FR": "33", "DE": "49", "NL": "31", "DK": "45",
              "AU": "61", "ES": "34", "IT": "39", "SE": "46", "NO": "47", "BE": "32", "CH": "41", "AT": "43", "NZ": "64"}


def _nationals(number):
    """The national significant numbers a number may have (one when its country's calling code is known)."""
    digits = (number.get("phoneNumber") or "").lstrip("+")
    dial = DIAL_CODES.get((number.get("countryCode") or "").upper())
    if dial and digits.startswith(dial):
        return [digits[len(dial):]]
    return [digits[k:] for k in (1, 2, 3)]


class ReservationLifecycle(Lifecycle):
    """Bring the reservation of one name to a state. Records actions, waits and the reservation as it goes."""

    def __init__(self, client, api, poller, task, warn=None, **options):
        super().__init__(client, api, poller, **options)
        self.task = task
        self.warn = warn or (lambda message: None)
        self.id = api.reservation_id(task.name)
        self.reservation = None
        self.before = None
        self.expired = False
        self.operation = None
        self.claimed = False  # this task made the reservation (see the module's docstring)
        self.joined = False   # another run made it between this task's read and its claim
        self.record = None    # the record of a drop (state=absent), read when the reservation is missing

    # -- reading -----------------------------------------------------------------------------------------------

    def read(self):
        try:
            self.reservation = self.api.get_reservation(self.client, self.id)
        except ACSNotFoundError:
            self.reservation = None
        return self.reservation

    def find(self):
        self.before = self.read()
        return self.before

    @property
    def status(self):
        return (self.reservation or {}).get("status")

    def held(self):
        return {k: v for k, v in ((self.reservation or {}).get("phoneNumbers") or {}).items() if v}

    @property
    def dropped(self):
        """Whether the hold of this name was dropped with state=absent (now, or before: its record exists)."""
        return self.record is not None

    def _read_record(self):
        try:
            self.record = self.api.get_reservation(self.client, self.api.dropped_record_id(self.task.name))
        except ACSNotFoundError:
            self.record = None
        return self.record

    def _report_dropped(self):
        self.actions.append("reservation %r was dropped with state=absent and holds no numbers; this name holds none again "
                            "until the service deletes the record of the drop, a month after it (give a new name to hold "
                            "numbers now)" % self.task.name)

    def result(self):
        return reservation_result(self.reservation, self.task.name) if self.reservation is not None else None

    def _fail(self, sentence, error=None):
        raise TaskFailure(sentence, error=error)

    # -- states --------------------------------------------------------------------------------------------------

    def ensure_reserved(self):
        self.find()
        if self.reservation is None:
            if self._read_record() is not None:
                self._report_dropped()
                return
            self._hold(self.task.quantity)
            return
        self._settled_or_fail("reserved")
        if self.status in (SUBMITTED, COMPLETED):
            self._refuse_bought_different(self.warn)
        if self.status != ACTIVE:
            return
        self._refuse_different()
        held = self.held()
        if len(held) < self.task.quantity:
            self._hold(self.task.quantity - len(held))
        elif len(held) > self.task.quantity:
            self._release_held(sorted(held)[self.task.quantity:])

    def ensure_purchased(self):
        self.find()
        if self.reservation is None:
            if self._read_record() is not None:
                self._fail("Reservation %r was dropped with state=absent; nothing was bought. Give the task a new name to hold "
                           "and buy numbers." % self.task.name)
            owned = self.buy_guard(self.task.quantity)
            if owned is None:
                return
            self._hold(self.task.quantity)
            if self.check_mode:
                self._check_agreement()  # the planned hold: check mode refuses what the real run would refuse
                self._plan_purchase()
                return
            if self.joined:
                self._wait_for_the_other_run()
                if self.status == ACTIVE:
                    return
        self._settled_or_fail("purchased")
        if self.status == ACTIVE:
            self._buy_hold()
        elif self.status in (SUBMITTED, COMPLETED):
            self._refuse_bought_different(self._fail)
        if self.status == SUBMITTED:
            self._wait_purchase()

    def _buy_hold(self):
        """Buy the active hold of the name. A hold with fewer numbers than `quantity` (a run that failed after its claim,
        before or while holding) is filled first; one with more is refused."""
        self._refuse_different()
        held = len(self.held())
        if held > self.task.quantity:
            self._fail("Reservation %r holds %d number(s), the task asks for quantity %d; nothing was bought. Run the task "
                       "with state=reserved to change the hold first." % (self.task.name, held, self.task.quantity))
        if self.before is not None and self.buy_guard(self.task.quantity - held, held=held) is None:
            return
        if held < self.task.quantity:
            self.actions.append("reservation %r holds %d of the %d number(s) the task asks for; holding the rest"
                                % (self.task.name, held, self.task.quantity))
            self._hold(self.task.quantity - held)
        self._check_agreement()
        self._purchase()

    def ensure_absent(self):
        """Delete an active reservation, leaving the record of the drop (see the module's docstring)."""
        self.find()
        if self.reservation is None:
            if self._read_record() is not None:
                self.actions.append("reservation %r was dropped already" % self.task.name)
            return
        if self.status == EXPIRED:
            self.expired = True
            self.actions.append("reservation %r expired at %s; nothing to delete" % (self.task.name, self.reservation.get("expiresAt")))
            return
        if self.status in (SUBMITTED, COMPLETED):
            self.warn("Reservation %r was bought (status %s); deleting it is not possible. Release its numbers with "
                      "acs.administration.acs_phone_number state=released." % (self.task.name, self.status))
            self.actions.append("reservation %r is %s; left as it is" % (self.task.name, self.status))
            return
        self.changed = True
        self.actions.append("deleted reservation %r (%s)" % (self.task.name, self.id))
        if self.check_mode:
            self.record = {}
            self.reservation = dict(self.reservation, status="deleted")
            return
        # the record first: a run stopped between the two requests leaves the hold, which the next run deletes
        _status, self.record = self.api.update_reservation(self.client, self.api.dropped_record_id(self.task.name), {})
        try:
            self.api.delete_reservation(self.client, self.id)
        except ACSNotFoundError:
            pass
        except ACSError as exc:
            if exc.status != 409:
                raise
            self.read()
            if self.status == ACTIVE:
                raise
            self.actions.append("it became %s meanwhile" % self.status)
            return
        self.reservation = dict(self.reservation, status="deleted")

    # -- steps --------------------------------------------------------------------------------------------------

    def _settled_or_fail(self, goal):
        status = self.status
        if status == EXPIRED:
            self.expired = True
            self._fail("Reservation %r (%s) expired at %s and its numbers went back to the pool; nothing was %s. Give the task "
                       "a new name to hold numbers again." % (self.task.name, self.id, self.reservation.get("expiresAt"),
                                                              "bought" if goal == "purchased" else "held"))
        if status == COMPLETED:
            self.actions.append("reservation %r was already purchased" % self.task.name)
        elif status == SUBMITTED and goal == "reserved":
            self.actions.append("reservation %r is being purchased" % self.task.name)

    def _refuse_different(self):
        different = sorted(v.get("phoneNumber") or k for k, v in self.held().items() if not self.task.matches(v))
        if different:
            self._fail("Reservation %r holds numbers that do not match the task (country, phone_number_type, assignment_type, "
                       "area code): %s; nothing was changed or bought. Delete it with state=absent or use another name."
                       % (self.task.name, ", ".join(different)))

    def _refuse_bought_different(self, say):
        """The numbers a name bought are what it stands for: a task that asks for other numbers (another country, type,
        area code or quantity) is told, as for a hold (say: fail or warn); nothing more is bought under the name."""
        bought = self.held()
        different = sorted(v.get("phoneNumber") or k for k, v in bought.items() if not self.task.matches(v))
        problems = []
        if different:
            problems.append("numbers that do not match the task (country, phone_number_type, assignment_type, area code): %s"
                            % ", ".join(different))
        if len(bought) != self.task.quantity:
            problems.append("%d number(s), the task asks for quantity %d" % (len(bought), self.task.quantity))
        if problems:
            say("Reservation %r was bought (status %s) with %s; nothing more was bought. A name buys once: give the task a "
                "new name to buy other numbers." % (self.task.name, self.status, "; and ".join(problems)))

    def buy_guard(self, adding, held=0):
        """How many matching numbers the resource owns, when buying `adding` + `held` more keeps it within `total`;
        None (and nothing to do) when it already owns `total`. Fails when `total` is missing or would be exceeded."""
        task = self.task
        if task.total is None:
            self._fail("state=purchased needs total, the most numbers matching this task the resource may own: the service "
                       "deletes reservations a month after creation, so reservation %r alone cannot prove that its numbers "
                       "were not bought already; nothing was bought." % task.name)
        owned = [n for n in self.api.list_phone_numbers(self.client) if task.matches(n)]
        buying = self._being_bought({n.get("phoneNumber") for n in owned})
        count = len(owned) + len(buying)
        said = "%d%s" % (len(owned), " and is buying %d more" % len(buying) if buying else "")
        if count >= task.total and (adding or held):
            self.actions.append("the resource owns %s matching number(s), total is %d; nothing to buy%s" % (
                said, task.total, " (the hold is left to expire)" if held else ""))
            return None
        if count + adding + held > task.total:
            self._fail("Buying %d more number(s) for %r would make %d matching numbers, more than total %d (the resource owns %s); "
                       "nothing was bought." % (adding + held, task.name, count + adding + held, task.total, said))
        return count

    def _being_bought(self, owned):
        """The numbers matching the task that other reservations are being bought with (status submitted: a purchase under
        another name, or one with wait=false, still running) and that the resource does not own yet: they count against
        `total` as owned ones do."""
        numbers = set()
        for entry in self.api.list_reservations(self.client):
            if entry.get("status") != SUBMITTED or entry.get("id") == self.id:
                continue
            try:
                reservation = self.api.get_reservation(self.client, entry["id"])
            except ACSNotFoundError:
                continue
            numbers.update(v.get("phoneNumber") for v in ((reservation or {}).get("phoneNumbers") or {}).values()
                           if v and self.task.matches(v) and v.get("phoneNumber") not in owned)
        return sorted(numbers)

    def _hold(self, count):
        """Browse and hold `count` more numbers (in check mode: show the numbers it would hold)."""
        held_now = dict(self.held())
        target = len(held_now) + count
        planned = {}
        taken = 0  # browses whose numbers other clients took first (207)
        while len(held_now) + len(planned) < target:
            missing = target - len(held_now) - len(planned)
            chosen = self._choose(dict(held_now, **planned), missing, count)
            self.changed = True
            if self.check_mode:
                # nothing is held in check mode, so a browse may offer only planned numbers again: plan what it offered
                planned.update((n["id"], n) for n in chosen)
                if not chosen:
                    self.actions.append("would browse again for the other %d number(s) once these are held" % missing)
                    break
                continue
            if self.reservation is None and not self._claim():
                return
            before = len(held_now)
            held_now = self._add_to_hold(chosen)
            if len(held_now) - before < len(chosen):
                taken += 1
                if taken >= HOLD_ATTEMPTS:
                    self._fail("Could not hold %d number(s) for %r after %d attempts: other clients took the numbers offered first."
                               % (count, self.task.name, HOLD_ATTEMPTS))
        if planned:
            self._plan_hold(held_now, list(planned.values()))

    def _choose(self, held_now, missing, count):
        """Up to `missing` free numbers that match the task and are not held yet. One browse offers at most BROWSE_MAX:
        a browse that offers that many may leave more in the pool (the next browse, once these are held, offers others);
        one that offers fewer than `missing` shows the pool as it is, and the task fails before holding any of them."""
        task = self.task
        browsed = self.api.browse(self.client, task.country_code, task.phone_number_type, task.assignment_type,
                                  task.capabilities or None, task.prefixes)
        offered = [n for n in browsed if n.get("id") not in held_now]
        if len(offered) < missing and (len(browsed) < BROWSE_MAX or not (offered or self.check_mode)):
            earlier = count - missing  # held (or planned) by this task's earlier browses
            self._fail("Only %d free number(s) match the task %r (%s %s %s%s); %d more cannot be held. %s"
                       % (earlier + len(offered), task.name, task.country_code, task.phone_number_type, task.assignment_type,
                          " area code " + ",".join(task.prefixes) if task.prefixes else "", missing - len(offered),
                          "Reservation %r holds the %d number(s) held so far; nothing was bought." % (task.name, len(held_now))
                          if earlier and not self.check_mode else "Nothing more was held."))
        return sorted(offered, key=lambda n: n.get("phoneNumber") or "")[:missing]

    def _plan_hold(self, held_now, chosen):
        """Check mode: the reservation as it would be with `chosen` held too."""
        planned = dict(held_now, **{n["id"]: dict(n, status="reserved") for n in chosen})
        self.reservation = {"id": self.id, "status": ACTIVE, "expiresAt": None, "phoneNumbers": planned}
        self.actions.append("would hold %d number(s) in reservation %r" % (len(chosen), self.task.name))

    def _add_to_hold(self, chosen):
        """Add `chosen` to the reservation; the numbers it holds afterwards (those in error left out)."""
        entries = {n["id"]: {"countryCode": n.get("countryCode"), "phoneNumberType": n.get("phoneNumberType"),
                             "assignmentType": n.get("assignmentType"), "capabilities": n.get("capabilities")} for n in chosen}
        status, body = self.api.update_reservation(self.client, self.id, entries)
        held_now = {k: v for k, v in ((body or {}).get("phoneNumbers") or {}).items() if v and v.get("status") != "error"}
        self.reservation = dict(body or {}, phoneNumbers=held_now)
        got = sorted("+" + k for k in entries if k in held_now)
        verb = "created" if status == 201 or self.claimed else "updated"
        self.actions.append("%s reservation %r (%s) holding %s" % (verb, self.task.name, self.id, ", ".join(got) or "nothing new"))
        return held_now

    def _wait_for_the_other_run(self):
        """Another run made the reservation first and buys it: wait until it is no longer active."""
        if not self.wait:
            return
        try:
            self.wait_for(self.read, lambda body: (body or {}).get("status"), (SUBMITTED, COMPLETED, EXPIRED),
                          "The purchase of reservation %r by the other run" % self.task.name, dict(phase="other run", reservation_id=self.id),
                          kind="reservation_purchase")
        except PollTimeout as exc:
            self._fail("The purchase of reservation %r by the other run did not start within wait_timeout=%s s (one budget for all "
                       "the waits of the task). Nothing was bought by this run; run the task again once the other run has ended."
                       % (self.task.name, self.deadline.seconds), error=exc)

    def _claim(self):
        """Make the reservation with an empty merge-patch; False when another run made it first (see the docstring)."""
        status, body = self.api.update_reservation(self.client, self.id, {})
        self.reservation = body
        if status == 201 or self.request_may_have_acted():
            self.claimed = True
            return True
        self.joined = True
        self.changed = False
        self.actions.append("another run made reservation %r at the same time; this run holds nothing and does not buy it"
                            % self.task.name)
        return False

    def _release_held(self, keys):
        self.changed = True
        numbers = ", ".join("+" + k for k in keys)
        self.actions.append("removed %s from reservation %r" % (numbers, self.task.name))
        if self.check_mode:
            self.reservation = dict(self.reservation, phoneNumbers={k: v for k, v in self.held().items() if k not in keys})
            return
        _status, body = self.api.update_reservation(self.client, self.id, {k: None for k in keys})
        self.reservation = body

    def _agreement_sentence(self, numbers):
        return ("Buying %s requires the agreement not to resell; set agree_to_not_resell: true to buy reservation %r. "
                "Nothing was bought." % (", ".join(numbers), self.task.name))

    def _check_agreement(self):
        """Refuse before anything is sent when the held numbers say they need the agreement to not resell (2025-04-01
        answers carried isAgreementToNotResellRequired; 2025-06-01 ones do not, D2: then the service's 400 says it,
        see _purchase, and check mode can only warn)."""
        if self.task.agree_to_not_resell:
            return
        held = self.held().values()
        needing = sorted(v.get("phoneNumber") for v in held if v.get("isAgreementToNotResellRequired"))
        if needing:
            self._fail(self._agreement_sentence(needing))
        if self.check_mode and any("isAgreementToNotResellRequired" not in v for v in held):
            self.warn("The service does not say before a purchase whether numbers need the agreement to not resell (France "
                      "toll-free numbers do); without agree_to_not_resell: true the real run may be refused with nothing bought.")

    @staticmethod
    def _agreement_refused(exc):
        """Whether a purchase error is the service's refusal for a missing agreement to not resell (400 BadRequest
        "Consent not provided to not resell the phone numbers" / "Do not resell agreement was not provided ...")."""
        return exc.status == 400 and "resell" in str(exc).lower()

    def _plan_purchase(self):
        self.changed = True
        self.actions.append("would purchase reservation %r (%d number(s))" % (self.task.name, len(self.held())))
        self.reservation = dict(self.reservation, status=COMPLETED,
                                phoneNumbers={k: dict(v, status="purchased") for k, v in self.held().items()})

    def _purchase(self):
        if self.check_mode:
            self._plan_purchase()
            return
        self.changed = True
        try:
            self.operation = self.api.start_reservation_purchase(self.client, self.id, self.task.agree_to_not_resell)
            self.actions.append("purchased reservation %r (%d number(s))" % (self.task.name, len(self.held())))
            self.reservation = dict(self.reservation, status=SUBMITTED)
        except ACSError as exc:
            if self._agreement_refused(exc) and not self.task.agree_to_not_resell:
                self._fail(self._agreement_sentence(sorted(v.get("phoneNumber") for v in self.held().values())), error=exc)
            if not isinstance(exc, ACSAmbiguousError) and exc.status != 409:
                raise
            # The service may have acted: its status decides, never a second request.
            self.read()
            if self.status == ACTIVE:
                raise
            self.actions.append("the purchase of reservation %r was accepted (status %s) although the answer was lost"
                                % (self.task.name, self.status))

    def _wait_purchase(self):
        if not self.wait or self.check_mode:
            return
        operation = self.operation or ("/phoneNumbers/operations/reservationPurchase_%s" % self.id, None)
        try:
            body, record = self.wait_for(lambda: self.api.get_operation(self.client, operation), self.api.operation_status,
                                         self.api.OPERATION_DONE, "The purchase of reservation %r" % self.task.name,
                                         dict(phase="purchase", reservation_id=self.id), kind="reservation_purchase")
        except ACSNotFoundError:
            body, record = None, None
        except PollTimeout as exc:
            self._fail("The purchase of reservation %r did not finish within wait_timeout=%s s (one budget for all the waits of "
                       "the task); its status is still %s after %d polls. Run the task again to keep waiting; it will not buy again."
                       % (self.task.name, self.deadline.seconds, self.api.operation_status(exc.last_body) or "unknown",
                          exc.record.polls if exc.record else 0), error=exc)
        self.read()
        if body is not None and self.api.operation_status(body) != "succeeded":
            error = body.get("error") or {}
            reason = error.get("message") or error.get("code") or "no reason given"
            self._fail("The purchase of reservation %r ended %s: %s." % (self.task.name, body.get("status"), reason))
        if self.status not in (COMPLETED,):
            self.warn("Reservation %r is %s after its purchase operation finished." % (self.task.name, self.status))
        self.actions.append("waited for the purchase of reservation %r: %s" % (
            self.task.name, " -> ".join(record.statuses) if record else "done"))
