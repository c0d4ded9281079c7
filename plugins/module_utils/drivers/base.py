# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The base of every desired-state driver that starts long-running operations, on both phone numbers APIs:
searches_2020.py and numbers_2020.py (2020-07-20-preview1), reservations.py and numbers.py (2025-06-01).

A Lifecycle holds what a task did (`actions`, `waits`, `changed`), ONE time budget for all its waits (`deadline`,
`wait_timeout` seconds from the start of the task: a reservation's hold and purchase, the releases or capability
updates of many numbers in parallel, a search's reservation and purchase all draw on it), and polls with the shared
Poller, recording each wait in `waits` and raising TaskFailure (or, for `wait_for`, PollTimeout) when the budget runs
out. `request_may_have_acted()` is the one way a driver asks whether the service may have acted on an earlier attempt
of the request it just sent (an answer lost, a 500/502/504), as opposed to a retry after 429/503, which it did not act on.
Safe to use from several threads (numbers.py polls one operation per thread).
No Ansible imports.
"""

from __future__ import annotations

import threading
import time

from ansible_collections.acs.administration.plugins.module_utils.transport.errors import PollTimeout, TaskFailure


class Deadline:
    """One time budget shared by every wait of a task (reserve, then purchase, say)."""

    def __init__(self, seconds, clock=time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self.end = clock() + seconds

    def remaining(self):
        return max(0.0, self.end - self.clock())


class NotIn:
    """A `terminal` set for Poller.wait: every status except the given transitional ones (unknown ones included)."""

    def __init__(self, transitional):
        self.transitional = frozenset(transitional)

    def __contains__(self, status):
        return status not in self.transitional


class Lifecycle:
    """What one task did, and its waits. `api` is the API module (phone_numbers_<version>.py) to talk through."""

    def __init__(self, client, api, poller, check_mode=False, wait=True, wait_timeout=300, clock=time.monotonic):
        self.client = client
        self.api = api
        self.poller = poller
        self.check_mode = check_mode
        self.wait = wait
        self.deadline = Deadline(wait_timeout, clock=clock)
        self.actions = []
        self.waits = []
        self.changed = False
        self._lock = threading.Lock()  # waits and actions of parallel operations

    def remaining(self):
        """Seconds left of the task's one wait budget."""
        return self.deadline.remaining()

    def request_may_have_acted(self):
        """Whether the service may have acted on an earlier attempt of this thread's last request (see the docstring)."""
        return self.client.last_request_may_have_acted()

    def note(self, action):
        with self._lock:
            self.actions.append(action)

    def wait_for(self, fetch, status_of, terminal, what, record, initial_delay=None, kind=None):
        """Read fetch() until status_of(body) is in `terminal`, within what is left of the task's budget; returns
        (body, PollRecord). The wait goes into `waits` (with the keys of `record`), also when it runs out (then with
        timed_out: true, and PollTimeout is raised). `kind` picks the Poller's read schedule (poll_schedule.py)."""
        try:
            body, seen = self.poller.wait(fetch, status_of, terminal, self.remaining(), what, initial_delay=initial_delay, kind=kind)
        except PollTimeout as exc:
            if exc.record is not None:
                with self._lock:
                    self.waits.append(dict(exc.record.to_result(), timed_out=True, **record))
            raise
        with self._lock:
            self.waits.append(dict(seen.to_result(), **record))
        return body, seen

    def poll(self, fetch, status_of, terminal, what, record, on_timeout):
        """Read fetch() until status_of(body) is in `terminal`, within the task's deadline.

        What was just read need not be read again at once: the first read comes one poll interval from now. The wait
        goes into `waits` (with the keys of `record`) and `actions`. On timeout,
        on_timeout(last body) gives the sentence of the TaskFailure raised.
        """
        try:
            body, seen = self.wait_for(fetch, status_of, terminal, what, record, initial_delay=self.poller.first,
                                       kind="legacy_%s" % record.get("phase"))
        except PollTimeout as exc:
            raise TaskFailure(on_timeout(exc.last_body or {}), error=exc) from None
        self.note("waited for %s: %s" % (what[0].lower() + what[1:], " -> ".join(str(s) for s in seen.statuses)))
        return body
