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
operation on that number (409 ReleaseInProgress or UpdateInProgress) and names the running one; nothing new starts,
and the number is reported as already being released or updated (changed: false), after waiting for that operation.
A request that was retried (its first answer lost, say) may meet the operation it started itself, so a 409 counts as
an earlier run's only when this task's request was not retried (the client counts retries per thread).

No Ansible imports.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSError, ACSNotFoundError, PollTimeout
from ansible_collections.acs.administration.plugins.module_utils.transport.poller import Poller
from ansible_collections.acs.administration.plugins.module_utils.results import purchased_number_result

try:
    from requests.adapters import HTTPAdapter
except ImportError:  # reported by module.py
    HTTPAdapter = None

MAX_WORKERS = 50


class NumberOperations:
    """Bring each of a list of numbers to a desired state; results per number in the order given."""

    def __init__(self, client, api, check_mode=False, wait=True, wait_timeout=300, workers=10):
        self.client = client
        self.api = api
        self.check_mode = check_mode
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.workers = max(1, min(int(workers), MAX_WORKERS))
        if HTTPAdapter is not None and self.workers > 10:
            # one pooled connection per worker (requests keeps 10 per host by default)
            adapter = HTTPAdapter(pool_connections=1, pool_maxsize=self.workers)
            client.session.mount("https://", adapter)
            client.session.mount("http://", adapter)

    def run(self, numbers, one):
        """Run one(number) -> per-number result for every number, `workers` at a time."""
        if len(numbers) == 1 or self.workers == 1:
            return [one(n) for n in numbers]
        with ThreadPoolExecutor(max_workers=min(self.workers, len(numbers))) as pool:
            return list(pool.map(one, numbers))

    # -- one number ------------------------------------------------------------------------------------------------

    def _read(self, number):
        try:
            return self.api.get_phone_number(self.client, number)
        except ACSNotFoundError:
            return None

    def _start(self, start, own_code, *args):
        """start(client, *args) -> (operation, running code). A retried request that meets a running operation of its
        own kind (`own_code`) may have started it itself: that counts as started by this task (running code None)."""
        retries_before = self.client.retries_in_this_thread()
        operation, running = start(self.client, *args)
        if running == own_code and self.client.retries_in_this_thread() > retries_before:
            running = None
        return operation, running

    def _wait(self, number, operation, what):
        """Poll one operation (own Poller: each thread waits on its own); returns (status, record, error)."""
        if not self.wait or self.check_mode:
            return "accepted", None, None
        poller = Poller(self.client)
        try:
            # an operation just started is never done at once: the first read comes one poll interval later
            body, record = poller.wait(lambda: self.api.get_operation(self.client, operation), self.api.operation_status,
                                       self.api.OPERATION_DONE, self.wait_timeout, "The %s of %s" % (what, number),
                                       initial_delay=poller.first, kind="release" if what == "release" else "capabilities")
        except ACSNotFoundError:
            return "succeeded", None, None
        except PollTimeout as exc:
            return "timeout", exc.record, str(exc) + " Run the task again to keep waiting; nothing is sent twice."
        status = self.api.operation_status(body)
        error = None
        if status != "succeeded":
            detail = body.get("error") or {}
            error = "The %s of %s ended %s: %s." % (what, number, status, detail.get("message") or detail.get("code") or "no reason given")
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
            result.update(changed=True, action="released")
            if self.check_mode:
                result["owned_after"] = False
                return result
            try:
                operation, running = self._start(self.api.start_release, self.api.RELEASE_IN_PROGRESS, number)
            except ACSNotFoundError:
                # released meanwhile (a lost response to our own DELETE, or another run)
                result.update(owned_after=False, operation_status="succeeded")
                return result
            except ACSError:
                # No answer after the retries: the number's state decides (a release under way is not sent again).
                if self._read(number) is not None:
                    raise
                result.update(owned_after=False, operation_status="succeeded")
                return result
            if running:
                result.update(changed=False, action="already being released")
            status, record, error = self._wait(number, operation, "release")
            result.update(operation_status=status, error=error, polls=record.polls if record else 0,
                          owned_after=False if status == "succeeded" else (None if status in ("accepted", "timeout") else True))
        except ACSError as exc:
            result["error"] = "Could not release %s: %s" % (number, exc)
        return result

    def update_capabilities(self, number, desired):
        """Give one number the desired calling/sms values; nothing is sent when it has them already. When an update of
        the number is running already, wait for it, then send this task's own only if the number still differs."""
        result = {"phone_number": number, "changed": False, "action": "none", "operation_status": None, "error": None,
                  "before": None, "after": None, "polls": 0}
        try:
            current = self._read(number)
            if current is None:
                result["error"] = "The resource does not own %s; buy it first with acs.administration.acs_phone_search." % number
                return result
            result["before"] = purchased_number_result(current)
            for _turn in range(2):
                have = current.get("capabilities") or {}
                change = {k: v for k, v in desired.items() if v is not None and have.get(k) != v}
                if not change:
                    result["after"] = purchased_number_result(current)
                    return result
                predicted = dict(purchased_number_result(current), capabilities=dict(have, **change))
                if self.check_mode:
                    result.update(changed=True, action="updated", after=predicted)
                    return result
                operation, running = self._start(self.api.start_capabilities_update, self.api.UPDATE_IN_PROGRESS, number,
                                                 change.get("calling"), change.get("sms"))
                if running == self.api.RELEASE_IN_PROGRESS:
                    result["error"] = "%s is being released; its capabilities were not changed." % number
                    return result
                if running:
                    result["action"] = "already being updated"
                else:
                    result.update(changed=True, action="updated")
                status, record, error = self._wait(number, operation, "capabilities update")
                result.update(operation_status=status, error=error, polls=result["polls"] + (record.polls if record else 0))
                if status != "succeeded":
                    result["after"] = predicted if status == "accepted" and not running else result["before"]
                    return result
                current = self._read(number)
                if current is None:
                    result["error"] = "%s was released while its capabilities were being updated." % number
                    return result
                result["after"] = purchased_number_result(current)
                if not running:
                    return result
            result["error"] = ("Updates of the capabilities of %s by other runs kept running; %s still differs from the task. "
                               "Run the task again." % (number, number))
        except ACSError as exc:
            result["error"] = "Could not update the capabilities of %s: %s" % (number, exc)
        return result
