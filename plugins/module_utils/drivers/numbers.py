# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-number long-running operations of the phone numbers API 2025-06-01 (release, capabilities update), run in
parallel: one thread per number, at most `workers` at once, each reading its number, sending its own request only
when the number is not in the desired state, and polling its own operation.

The API has no bulk release: each number is one DELETE and one operation. A DELETE or a capabilities PATCH states
the desired end, so re-sending it after a lost response is safe; the number is read first, so a number already in
the desired state gets no request.

An operation that is still running on a number (a rerun while an earlier run's release or update goes on) cannot be
seen before sending: 2025-06-01 lists no operations and a number carries no state. The service refuses another
operation on that number (409 ReleaseInProgress or UpdateInProgress) and names the running one; nothing new starts.
The task waits for that operation, reads the number again and, when it still differs from the task (the other run
asked for other capabilities, or its release failed), sends its own request: the number ends as the task says, and
is reported as changed only when this task's own request did it. A 409 counts as another run's unless an earlier
attempt of this task's request may have been acted on (its answer was lost, or a 500/502/504: the running operation
may be its own, and then it counts as this task's); a retry after 429 or 503, which the service did not act on,
never adopts another run's operation (Lifecycle.request_may_have_acted).

All the waits of the task, in every thread, draw on one budget, `wait_timeout` (drivers/base.py): a number whose
operation is still running when it is spent fails with a timeout, and running the task again resumes. Each wait is
in `waits`; `stats.waited_seconds` counts wall time (waits that overlap in parallel count once, see run_all).

No Ansible imports.
"""

from __future__ import annotations

import time

from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSError, ACSNotFoundError, PollTimeout
from ansible_collections.acs.administration.plugins.module_utils.transport.poller import Poller
from ansible_collections.acs.administration.plugins.module_utils.drivers import pool
from ansible_collections.acs.administration.plugins.module_utils.drivers.base import Lifecycle
from ansible_collections.acs.administration.plugins.module_utils.results import purchased_number_result

# How many operations one number may get in one task: another run's running one, then this task's own (and once more
# when a third run's operation got in between).
TURNS = 3


def not_owned_sentence(number):
    """The one sentence for a number the resource does not hold (refused at once with 403, or accepted and failed in
    its operation)."""
    return "The resource does not own %s; buy it first with acs.administration.acs_phone_search." % number


class NumberOperations(Lifecycle):
    """Bring each of a list of numbers to a desired state; results per number in the order given."""

    def __init__(self, client, api, check_mode=False, wait=True, wait_timeout=300, workers=10, poller=None):
        super().__init__(client, api, poller or Poller(client), check_mode=check_mode, wait=wait, wait_timeout=wait_timeout)
        self.workers = workers  # checked by the module (pool.workers_error); the client keeps a connection per worker

    def run(self, numbers, one):
        """Run one(number) -> per-number result for every number, `workers` at a time (the one shared worker pool)."""
        return pool.run(self.workers, [lambda n=n: one(n) for n in numbers], name="acs_phone_number")

    def run_all(self, numbers, one):
        """run(numbers, one), counting in `stats.waited_seconds` the wall time of the waits: threads that wait at the same
        time wait once (their sum would overstate the task's waits several times), so the figure never exceeds the
        duration of the whole run."""
        waited_before = self.client.stats["waited_seconds"]
        started = time.monotonic()
        try:
            return self.run(numbers, one)
        finally:
            overlap = (self.client.stats["waited_seconds"] - waited_before) - (time.monotonic() - started)
            if overlap > 0:
                self.client.count(waited_seconds=-overlap)

    # -- one number ------------------------------------------------------------------------------------------------

    def _read(self, number):
        try:
            return self.api.get_phone_number(self.client, number)
        except ACSNotFoundError:
            return None

    def _wait(self, number, operation, what):
        """Poll one operation within what is left of the task's budget; returns (status, record, error)."""
        if not self.wait or self.check_mode:
            return "accepted", None, None
        try:
            # an operation just started is never done at once: the first read comes one poll interval later
            body, record = self.wait_for(lambda: self.api.get_operation(self.client, operation), self.api.operation_status,
                                         self.api.OPERATION_DONE, "The %s of %s" % (what, number),
                                         dict(phase="capabilities" if what == "capabilities update" else what, phone_number=number),
                                         initial_delay=self.poller.first, kind="capabilities" if what == "capabilities update" else what)
        except ACSNotFoundError:
            return "succeeded", None, None
        except PollTimeout as exc:
            return "timeout", exc.record, ("The %s of %s did not finish within wait_timeout=%s s, the budget of all the waits "
                                           "of the task; its status is still %s. Run the task again to keep waiting; nothing "
                                           "is sent twice." % (what, number, self.deadline.seconds,
                                                               self.api.operation_status(exc.last_body) or "unknown"))
        status = self.api.operation_status(body)
        error = None
        if status != "succeeded":
            detail = body.get("error") or {}
            error = "The %s of %s ended %s: %s." % (what, number, status, detail.get("message") or detail.get("code") or "no reason given")
            if self.api.is_not_owned(detail):
                error = not_owned_sentence(number)
        return status, record, error

    def release(self, number):
        """Release one number unless the resource no longer owns it."""
        result = {"phone_number": number, "changed": False, "action": "none", "operation_status": None, "error": None,
                  "owned_before": None, "owned_after": None, "polls": 0}
        try:
            current = self._read(number)
            result["owned_before"] = current is not None
            if current is None:
                result.update(action="not owned", owned_after=False)
                return result
            if self.check_mode:
                result.update(changed=True, action="released", owned_after=False)
                return result
            for _turn in range(TURNS):
                if self._release_once(number, result):
                    return result
                if self._read(number) is None:
                    result["owned_after"] = False
                    return result
            result["error"] = "Releases of %s by other runs kept failing; the resource still owns it. Run the task again." % number
        except ACSError as exc:
            result["error"] = "Could not release %s: %s" % (number, exc)
        return result

    def _release_once(self, number, result):
        """Send this task's release and wait for the operation it meets; True when `result` is final, False when another
        run's release ended without releasing the number (read it again, then send this task's own)."""
        try:
            operation, running = self.api.start_release(self.client, number)
        except ACSNotFoundError:
            # released meanwhile: by this task's own DELETE whose answer was lost, or by another run
            mine = self.request_may_have_acted()
            result.update(changed=result["changed"] or mine, owned_after=False, operation_status="succeeded",
                          action="released" if mine or result["changed"] else "released by another run")
            return True
        except ACSError:
            # No answer after the retries: the number's state decides (a release under way is not sent again).
            if self._read(number) is not None:
                raise
            result.update(changed=True, action="released", owned_after=False, operation_status="succeeded")
            return True
        resent = self.request_may_have_acted()  # asked before the wait: its reads are later requests
        mine = running is None or resent
        if mine:
            result.update(changed=True, action="released")
        elif not result["changed"]:
            result["action"] = "already being released"
        status, record, error = self._wait(number, operation, "release")
        not_owned = error == not_owned_sentence(number)
        if not_owned and resent:
            # a re-sent DELETE whose earlier attempt released the number: the repeat's operation finds it gone
            status, error = "succeeded", None
        result.update(operation_status=status, polls=result["polls"] + (record.polls if record else 0))
        if status == "succeeded":
            result.update(owned_after=False, error=None)
            return True
        if status in ("accepted", "timeout") or mine:
            result.update(error=error, owned_after=None if status in ("accepted", "timeout") else not not_owned)
            return True
        return False

    def update_capabilities(self, number, desired):
        """Give one number the desired calling/sms values; nothing is sent when it has them already. When an operation
        of another run is running on the number, wait for it, then send this task's own update if the number still
        differs (see the module's docstring)."""
        result = {"phone_number": number, "changed": False, "action": "none", "operation_status": None, "error": None,
                  "before": None, "after": None, "polls": 0}
        try:
            current = self._read(number)
            if current is None:
                result["error"] = not_owned_sentence(number)
                return result
            result["before"] = purchased_number_result(current)
            for _turn in range(TURNS):
                current = self._update_once(number, desired, current, result)
                if current is None:
                    return result
            result["error"] = ("Updates of the capabilities of %s by other runs kept running; %s still differs from the task. "
                               "Run the task again." % (number, number))
        except ACSError as exc:
            result["error"] = "Could not update the capabilities of %s: %s" % (number, exc)
        return result

    def _update_once(self, number, desired, current, result):
        """One turn: send the difference and wait for the operation it meets. Returns the number as read afterwards when
        that operation was another run's (the next turn compares again), None when `result` is final."""
        have = current.get("capabilities") or {}
        change = {k: v for k, v in desired.items() if v is not None and have.get(k) != v}
        if not change:
            result["after"] = purchased_number_result(current)
            return None
        predicted = dict(purchased_number_result(current), capabilities=dict(have, **change))
        if self.check_mode:
            result.update(changed=True, action="updated", after=predicted)
            return None
        try:
            operation, running = self.api.start_capabilities_update(self.client, number, change.get("calling"), change.get("sms"))
        except ACSNotFoundError:  # 403: the resource does not hold it (released or moved since it was read)
            result["error"] = not_owned_sentence(number)
            return None
        if running == self.api.RELEASE_IN_PROGRESS:
            result["error"] = "%s is being released; its capabilities were not changed." % number
            return None
        mine = running is None or self.request_may_have_acted()
        if mine:
            result.update(changed=True, action="updated")
        elif not result["changed"]:
            result["action"] = "already being updated"
        status, record, error = self._wait(number, operation, "capabilities update")
        result.update(operation_status=status, error=error, polls=result["polls"] + (record.polls if record else 0))
        if status != "succeeded":
            result["after"] = predicted if status == "accepted" and running is None else result["before"]
            return None
        current = self._read(number)
        if current is None:
            result["error"] = "%s was released while its capabilities were being updated." % number
            return None
        result["after"] = purchased_number_result(current)
        return None if running is None else current
