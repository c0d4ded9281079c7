# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The base of every desired-state driver that starts long-running operations (searches_2020.py, numbers_2020.py).

A Lifecycle holds what a task did (`actions`, `waits`, `changed`), one time budget for all its waits (`deadline`)
and polls with the shared Poller, recording each wait and raising TaskFailure when the budget runs out.
No Ansible imports.
"""

from __future__ import annotations

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

    def poll(self, fetch, status_of, terminal, what, record, on_timeout):
        """Read fetch() until status_of(body) is in `terminal`, within the task's deadline.

        What was just read need not be read again at once: the first read comes one poll interval from now. The wait
        goes into `waits` (with the keys of `record`) and `actions`. On timeout,
        on_timeout(last body) gives the sentence of the TaskFailure raised.
        """
        try:
            body, seen = self.poller.wait(fetch, status_of, terminal, self.deadline.remaining(), what,
                                          initial_delay=self.poller.first, kind="legacy_%s" % record.get("phase"))
        except PollTimeout as exc:
            if exc.record is not None:
                self.waits.append(dict(exc.record.to_result(), timed_out=True, **record))
            raise TaskFailure(on_timeout(exc.last_body or {}), error=exc) from None
        self.waits.append(dict(seen.to_result(), **record))
        self.actions.append("waited for %s: %s" % (what[0].lower() + what[1:], " -> ".join(str(s) for s in seen.statuses)))
        return body
