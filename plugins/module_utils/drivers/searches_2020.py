# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The life of a phone number search: find it by name, reserve, purchase, cancel; safe under retries.

A purchase spends money, so nothing here re-sends a request that may have been acted on without first reading
the search again: a lost CreateSearch response is recovered by finding the search by its display name, a lost
PurchaseSearch or CancelSearch response by reading the search's status.

No Ansible imports: acs_phone_search drives SearchLifecycle; a search that cannot reach its state raises TaskFailure.
"""

from __future__ import annotations

import time

from ansible_collections.acs.administration.plugins.module_utils.transport.dates import epoch_or_none
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import (
    ACSAmbiguousError, ACSError, ACSNotFoundError, ACSTransportError, TaskFailure, short)
from ansible_collections.acs.administration.plugins.module_utils.drivers.base import Lifecycle, NotIn
from ansible_collections.acs.administration.plugins.module_utils.drivers.locations import location_details

# Search statuses (the SearchStatus enum) grouped by what a module does with them.
SEARCH_LIVE = frozenset(("Pending", "InProgress", "Reserved", "Refreshing", "Expiring"))
SEARCH_PURCHASING = frozenset(("Completing", "PurchasePending"))
SEARCH_DONE = frozenset(("Success", "Expired", "Cancelled", "Error", "Manual"))
# On the way to Reserved: wait.
RESERVING = frozenset(("Pending", "InProgress", "Refreshing"))
# A reservation that PurchaseSearch accepts.
PURCHASABLE = frozenset(("Reserved", "Expiring"))
CANCELLING = "Cancelling"
# A search that holds (or is getting, or has bought) numbers: a name with one of these needs no new search.
ACTIVE = SEARCH_LIVE | SEARCH_PURCHASING | frozenset(("Success", CANCELLING))
# Of those, the ones that keep their numbers.
HOLDING = ACTIVE - {CANCELLING}
# Warn when a reservation expires within this many seconds of the purchase.
EXPIRY_WARNING_SECONDS = 60


def create_options(name, description, phone_plan_ids, area_code, quantity, location_options):
    """The CreateSearchOptions body."""
    options = {"displayName": name, "description": description, "phonePlanIds": list(phone_plan_ids), "areaCode": area_code,
               "quantity": quantity}
    if location_options:
        options["locationOptions"] = location_details(location_options)
    return options


def _created(entity):
    return epoch_or_none(entity.get("createdAt")) or 0.0


def _age(entity):
    """Oldest first; the id breaks a tie the same way in every run."""
    return (_created(entity), entity.get("id") or entity.get("searchId") or "")


class SearchLifecycle(Lifecycle):
    """Drive one search to reserved, purchased or cancelled.

    Collects what it did (`actions`), its waits (PollRecord results), whether it changed anything and the search
    as it was found (`before`) and as it ends (`search`). In check mode it reads but never writes and never waits.
    """

    def __init__(self, client, api, poller, warn=None, now=time.time, **options):
        super().__init__(client, api, poller, **options)
        self.warn = warn or (lambda message: None)
        self.now = now
        self.before = None
        self.search = None
        self.planned = None
        self.by_id = False

    # -- finding -------------------------------------------------------------------------------------------------

    def find(self, name=None, search_id=None):
        """The search to work on: by id (must exist), else the newest active search with this name, else the newest
        search with this name whatever its status; None when the name is unknown. Sets `before`."""
        self.by_id = bool(search_id)
        if search_id:
            try:
                search = self.api.get_search(self.client, search_id)
            except ACSNotFoundError as exc:
                raise TaskFailure("Search %s was not found." % search_id, error=exc) from None
            if name and search.get("displayName") != name:
                raise TaskFailure("Search %s is named %r, not %r." % (search_id, search.get("displayName"), name))
        else:
            entity = self._pick(name)
            search = self.api.get_search(self.client, entity["id"]) if entity else None
        self.before = search
        self.search = search
        return search

    def _named(self, name):
        return [e for e in self.api.list_searches(self.client) if e.get("displayName") == name and e.get("id")]

    def _pick(self, name):
        """The search a name stands for: the oldest that holds numbers (the one a race leaves standing, see _keep_oldest),
        else the newest being cancelled, else the newest whatever its status."""
        named = sorted(self._named(name), key=_created, reverse=True)
        holding = sorted((e for e in named if e.get("status") in HOLDING), key=_age)
        if len(holding) > 1:
            self.warn("%d searches named %r are active (%s); this task uses the oldest, %s."
                      % (len(holding), name, ", ".join("%s %s" % (e["id"], e.get("status")) for e in holding), holding[0]["id"]))
        active = holding or [e for e in named if e.get("status") in ACTIVE]
        if active:
            return active[0]
        return named[0] if named else None

    def check_matches(self, options, buying=False):
        """An existing search made with other parameters than the task's cannot be changed: warn, and when the task
        would buy it, refuse (nothing that differs from the task is bought)."""
        search = self.search or {}
        differences = []
        for key, label in (("areaCode", "area_code"), ("quantity", "quantity")):
            if options.get(key) is not None and search.get(key) is not None and options[key] != search[key]:
                differences.append("%s %s (the task says %s)" % (label, search[key], options[key]))
        if options.get("phonePlanIds") and search.get("phonePlanIds") is not None \
                and sorted(options["phonePlanIds"]) != sorted(search["phonePlanIds"]):
            differences.append("phone_plan_ids %s (the task says %s)" % (", ".join(search["phonePlanIds"]), ", ".join(options["phonePlanIds"])))
        if not differences:
            return
        said = "Search %s (%s) was created with %s" % (search.get("searchId"), search.get("displayName"), "; ".join(differences))
        if buying:
            raise TaskFailure(said + "; it is not purchased. A search cannot be changed: cancel it (state=cancelled), or use another name.")
        self.warn(said + ". A search cannot be changed: cancel it, or use another name.")

    # -- the three states ------------------------------------------------------------------------------------------

    def ensure_reserved(self, options, by_id=False):
        """Reserved (or already being purchased or purchased: nothing to reserve then)."""
        search = self.search
        if search is None or search.get("status") not in ACTIVE or search.get("status") == CANCELLING:
            if by_id:
                raise TaskFailure(self._ended(search) + " A search cannot be reserved again: give a name to create a new one.")
            if search is not None:
                self.actions.append("the last search named %r is %s; creating a new one" % (search.get("displayName"), search.get("status")))
            search = self._create(options)
            if search is None:
                return None
        elif options:
            self.check_matches(options)
        if self.wait or self.check_mode:
            search = self._wait_reserved(search)
            self._require_reserved_or_later(search)
        return search

    def ensure_purchased(self, options, by_id=False):
        """Success: reserve when there is no search yet, wait for Reserved, purchase once, wait for Success."""
        search = self._search_to_purchase(by_id)
        if search is not None and search.get("status") == "Success":
            self.actions.append("search %s is already purchased" % search["searchId"])
            return search
        if search is None:
            search = self._create(options)
            if search is None:
                self.actions.append("would purchase the new search once it is Reserved")
                return None
        elif options:
            self.check_matches(options, buying=search.get("status") not in SEARCH_PURCHASING)
        search = self._reserve_and_purchase(search)
        if self.check_mode:
            return search
        return self._wait_purchased(search)

    def _search_to_purchase(self, by_id):
        """The search the task purchases: None for a new one (also when the last one of the name ended in Error);
        fails for a search that ended or is being cancelled."""
        search = self.search
        status = (search or {}).get("status")
        if status == "Error" and not by_id:
            return self._replace_failed(search)
        if search is not None and status not in ACTIVE:
            raise TaskFailure(self._ended(search) + (" Give a name to create a new search." if by_id else
                                                     " Reserve new numbers under another name (or run the task once with state=reserved to reuse this name), "
                                                     "then purchase them."))
        if status == CANCELLING:
            raise TaskFailure("Search %s is being cancelled; it cannot be purchased." % search.get("searchId"))
        return search

    def _reserve_and_purchase(self, search):
        """Wait for Reserved (a search can only be purchased once Reserved), settle a race, then purchase once."""
        if search.get("status") not in SEARCH_PURCHASING:
            # A search can only be purchased once Reserved: this wait happens even with wait=false.
            search = self._wait_reserved(search)
            self._require_reserved_or_later(search)
            if not self.by_id and not self.check_mode and search.get("status") in PURCHASABLE:
                search = self._settle_race(search)
        if search.get("status") in PURCHASABLE or (self.check_mode and search.get("status") in RESERVING):
            search = self._purchase(search)
        elif search.get("status") in SEARCH_PURCHASING:
            self.actions.append("search %s is already being purchased (%s)" % (search["searchId"], search["status"]))
        return search

    def _wait_purchased(self, search):
        """With wait: wait for Success; fails when the purchase ended otherwise."""
        if self.wait and search.get("status") != "Success":
            search = self._wait_done(search, "purchase")
        if search.get("status") not in SEARCH_PURCHASING | {"Success"}:
            raise TaskFailure(self._ended(search, "The purchase of search %s failed" % search.get("searchId")))
        return search

    def _replace_failed(self, search):
        """A search of this name that ended in Error bought nothing: the task goes on with a new search (so a rerun after
        the error converges), unless one of the numbers it listed is acquired by this resource."""
        listed = list(search.get("phoneNumbers") or [])
        if listed:
            wanted = set(listed)
            owned = sorted(n.get("phoneNumber") for n in self.api.list_phone_numbers(self.client) if n.get("phoneNumber") in wanted)
            if owned:
                raise TaskFailure("Search %s ended with status Error (error code %s), yet %s of its numbers %s acquired by this "
                                  "resource; nothing is purchased again under this name: check the numbers, then use another name."
                                  % (search.get("searchId"), search.get("errorCode"), ", ".join(owned), "is" if len(owned) == 1 else "are"))
        self.actions.append("the last search named %r (%s) ended with status Error, error code %s; creating a new one"
                            % (search.get("displayName"), search.get("searchId"), search.get("errorCode")))
        return None

    def ensure_cancelled(self):
        """Cancelled (or otherwise ended without a purchase: expired, failed)."""
        search = self.search
        if search is None:
            self.actions.append("no such search; nothing to cancel")
            return None
        status = search.get("status")
        if status in SEARCH_PURCHASING or status == "Success":
            raise TaskFailure("Search %s is %s: a purchased search cannot be cancelled; release its numbers with "
                              "acs.administration.acs_phone_number state=released instead." % (search["searchId"], status))
        if status in SEARCH_LIVE:
            search = self._cancel(search)
        elif status == CANCELLING:
            self.actions.append("search %s is already being cancelled" % search["searchId"])
        else:
            self.actions.append("search %s is already %s" % (search["searchId"], status))
            return search
        if self.check_mode:
            return search
        if self.wait and search.get("status") not in SEARCH_DONE:
            search = self._wait_done(search, "cancellation")
        return search

    # -- steps -----------------------------------------------------------------------------------------------------

    def _create(self, options):
        name = options["displayName"]
        if self.check_mode:
            self.changed = True
            # the shape of a real search, so that what reads the result runs in check mode too
            self.planned = dict(options, searchId=None, status=None, phoneNumbers=[], reservationExpiryDate=None)
            self.actions.append("would create search %r" % name)
            return None
        try:
            search_id = self.api.create_search(self.client, options)
        except ACSAmbiguousError as exc:
            search_id = self._recover_create(options, exc)
        self.changed = True
        self.actions.append("created search %s (%r)" % (search_id, name))
        self.search = self.api.get_search(self.client, search_id)
        return self._keep_oldest(self.search)

    def _keep_oldest(self, search):
        """The concurrency guard: another run may have created a search with this name between our list and our
        create. List again: the oldest search of the name that holds numbers wins in every run; a run whose own
        search lost cancels it (it never buys it) and goes on with the winner."""
        name, mine = search.get("displayName"), search["searchId"]
        rivals = [e for e in self._named(name) if e.get("status") in HOLDING and e["id"] != mine]
        winner = min(rivals + [dict(search, id=mine)], key=_age)
        if winner["id"] == mine:
            return search
        try:
            self.api.cancel_search(self.client, mine)
            self.actions.append("search %s named %r was created first by another run: cancelled search %s that this task created, "
                                "and goes on with %s" % (winner["id"], name, mine, winner["id"]))
        except ACSError as exc:
            self.warn("Search %s named %r was created first by another run; this task goes on with it, but could not cancel its "
                      "own search %s (%s): it expires unless purchased." % (winner["id"], name, mine, short(exc)))
        self.search = self.api.get_search(self.client, winner["id"])
        return self.search

    def _settle_race(self, search):
        """The guard again, just before buying: a rival run's search that was not listed yet when this run's search was
        made (its create still under way, or listed late, or made a moment earlier and stored a moment later), and is
        perhaps still Pending (not yet reserving), is listed now, seconds later. Every run of the name compares the same
        searches by the same rule (the oldest that holds numbers wins), so exactly one search of the name is bought."""
        winner = self._keep_oldest(search)
        if winner.get("searchId") == search.get("searchId"):
            return search
        if winner.get("status") not in SEARCH_PURCHASING | {"Success"}:
            winner = self._wait_reserved(winner)
            self._require_reserved_or_later(winner)
        return winner

    def _recover_create(self, options, exc):
        """CreateSearch may have been acted on: find the search by name; create it once more only when there is none."""
        name = options["displayName"]
        found = [e for e in self._named(name) if e.get("status") in SEARCH_LIVE]
        if found:
            found.sort(key=_created, reverse=True)
            self.actions.append("the CreateSearch response was lost; found the new search %s by its name" % found[0]["id"])
            return found[0]["id"]
        self.actions.append("CreateSearch failed (%s) and no search named %r is listed; creating it again" % (exc, name))
        try:
            return self.api.create_search(self.client, options)
        except ACSAmbiguousError as again:
            found = [e for e in self._named(name) if e.get("status") in SEARCH_LIVE]
            if found:
                found.sort(key=_created, reverse=True)
                return found[0]["id"]
            raise TaskFailure("Could not create search %r: %s Run the task again; it finds the search by its name if it was "
                              "created." % (name, again), error=again) from None

    def _purchase(self, search):
        search_id = search["searchId"]
        self._warn_if_expiring(search)
        if self.check_mode:
            self.changed = True
            self.actions.append("would purchase search %s" % search_id)
            return search
        exc, doubtful, current = self._send("purchase", self.api.purchase_search, search_id,
                                            went_through=SEARCH_PURCHASING | {"Success"}, unchanged=PURCHASABLE)
        if exc is not None:
            status = current["status"]
            self.changed = self.changed or doubtful
            self.actions.append("PurchaseSearch failed (%s) but search %s is now %s: the purchase went through"
                                % (short(exc), search_id, status) if doubtful else
                                "search %s was already being purchased (%s)" % (search_id, status))
        return current

    def _cancel(self, search):
        search_id = search["searchId"]
        if self.check_mode:
            self.changed = True
            self.actions.append("would cancel search %s" % search_id)
            return search
        exc, doubtful, current = self._send("cancel", self.api.cancel_search, search_id,
                                            went_through=SEARCH_DONE | {CANCELLING}, unchanged=SEARCH_LIVE)
        if exc is not None:
            status = current["status"]
            self.changed = self.changed or (doubtful and status in (CANCELLING, "Cancelled"))
            self.actions.append("CancelSearch failed (%s); search %s is now %s" % (short(exc), search_id, status))
        return current

    def _send(self, verb, send, search_id, went_through, unchanged):
        """PurchaseSearch or CancelSearch, never re-sent blindly: after a failure the search is read again. When it has
        moved on (`went_through`) that is the answer; when it is still `unchanged` after a failure where the service may
        not have acted, the request is sent once more. Returns (the error or None, whether it was doubtful, the search)."""
        operation = "%sSearch" % verb.capitalize()
        for attempt in (1, 2):
            try:
                send(self.client, search_id)
            except ACSError as exc:
                current = self.api.get_search(self.client, search_id)
                status = current.get("status")
                doubtful = isinstance(exc, (ACSAmbiguousError, ACSTransportError))
                if status in went_through:
                    self.search = current
                    return exc, doubtful, current
                if status in unchanged and doubtful and attempt == 1:
                    self.actions.append("%s failed (%s) and search %s is still %s, so the service did not act on it: sent once more"
                                        % (operation, short(getattr(exc, "detail", exc)), search_id, status))
                    continue
                raise TaskFailure(self._send_failed(verb, search_id, exc, status, twice=status in unchanged and doubtful),
                                  error=exc) from None
            self.changed = True
            self.actions.append("%s search %s" % ({"purchase": "purchased", "cancel": "cancelled"}[verb], search_id))
            self.search = self.api.get_search(self.client, search_id)
            return None, False, self.search
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _send_failed(verb, search_id, exc, status, twice):
        """The sentence of a purchase or cancellation that did not go through."""
        if not twice:
            return "Could not %s search %s: %s Its status is now %s." % (verb, search_id, exc, status)
        return ("Could not %s search %s: %sSearch failed twice, the last time with: %s Its status is now %s (unchanged), so nothing was %s. "
                "Run the task again: it reads the search's status first and never %ss twice."
                % (verb, search_id, verb.capitalize(), getattr(exc, "detail", exc), status,
                   {"purchase": "bought", "cancel": "cancelled"}[verb], verb))

    def _wait_reserved(self, search):
        if search.get("status") not in RESERVING:
            return search
        if self.check_mode:
            self.actions.append("search %s is %s; it would be waited for until Reserved" % (search["searchId"], search["status"]))
            return search
        return self._poll(search, NotIn(RESERVING), "reservation", "Reserved")

    def _wait_done(self, search, phase):
        return self._poll(search, SEARCH_DONE, phase, "Success" if phase == "purchase" else "Cancelled")

    def _poll(self, search, terminal, phase, goal):
        search_id = search["searchId"]
        if search.get("status") in terminal:
            return search

        def timed_out(last):
            self.search = last or search
            return ("Search %s did not become %s within wait_timeout=%d s; its status is still %s. Run the task again to keep "
                    "waiting: it reads the search's status first and never purchases twice."
                    % (search_id, goal, self.deadline.seconds, self.search.get("status")))

        self.search = self.poll(lambda: self.api.get_search(self.client, search_id), lambda body: body.get("status"), terminal,
                                "Search %s" % search_id, dict(phase=phase, search_id=search_id), timed_out)
        return self.search

    def _require_reserved_or_later(self, search):
        status = search.get("status")
        if status in RESERVING and self.check_mode:
            return
        if status in PURCHASABLE or status in SEARCH_PURCHASING or status == "Success":
            return
        raise TaskFailure(self._ended(search, "Search %s was not reserved" % search.get("searchId")))

    def _ended(self, search, prefix=None):
        """One sentence on why a search is of no further use."""
        search = search or {}
        search_id = search.get("searchId")
        status = search.get("status")
        head = prefix or "Search %s" % search_id
        if status == "Error" and search.get("phoneNumbers"):
            # recorded: error code 1011 after the numbers were reserved, with a reservationExpiryDate
            return ("%s: the service reports status Error with error code %s after reserving %s (reservation until %s); none of "
                    "them was purchased%s." % (head, search.get("errorCode"), ", ".join(search["phoneNumbers"]),
                                               search.get("reservationExpiryDate") or "unknown",
                                               "" if self.by_id else ", and running the task again creates a new search under this name"))
        if status == "Error":
            return ("%s: the service reports status Error with error code %s (for example, fewer numbers are available in area "
                    "code %s than the %s asked for)." % (head, search.get("errorCode"), search.get("areaCode"), search.get("quantity")))
        if status == "Expired":
            return "%s: its reservation expired%s before it was purchased." % (
                head, " at %s" % search["reservationExpiryDate"] if search.get("reservationExpiryDate") else "")
        return "%s: its status is %s." % (head, status)

    def _warn_if_expiring(self, search):
        expiry = epoch_or_none(search.get("reservationExpiryDate"))
        if expiry is None:
            return
        left = expiry - self.now()
        if left < EXPIRY_WARNING_SECONDS:
            self.warn("The reservation of search %s expires at %s (%s by this host's clock); purchasing it now."
                      % (search["searchId"], search["reservationExpiryDate"],
                         "in %d s" % left if left >= 0 else "%d s ago" % -left))
