# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One poller for every long-running operation (search, purchase, cancel, release, capabilities update).

ACS has no LRO protocol for these: the resource is read again until its status is terminal. Without a kind, the interval
starts short and backs off to a cap; with a kind, the reads follow that kind's schedule (poll_schedule.py: rarely
early, often around the usual end, backing off after it). A Retry-After on a poll response is honoured either way.
"""

from __future__ import annotations

import time

from ansible_collections.acs.administration.plugins.module_utils.transport.client import Response
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import PollTimeout
from ansible_collections.acs.administration.plugins.module_utils.transport.poll_schedule import ScheduledReads
from ansible_collections.acs.administration.plugins.module_utils.transport.retries import parse_retry_after


class PollRecord:
    """What a wait took: polls, seconds, the statuses seen in order."""

    def __init__(self):
        self.polls = 0
        self.seconds = 0.0
        self.statuses = []

    def to_result(self):
        return {"polls": self.polls, "waited_seconds": round(self.seconds, 3), "statuses_seen": list(self.statuses)}


class Poller:
    """Poll with an adaptive interval: `first` seconds, times `factor` after each poll, never more than `cap`."""

    def __init__(self, client, sleep=None, clock=time.monotonic, first=0.5, factor=1.5, cap=5.0):
        self.client = client
        self.sleep = sleep or time.sleep  # looked up when the poller is made, so a test can replace time.sleep
        self.clock = clock
        self.first = first
        self.factor = factor
        self.cap = cap

    def wait(self, fetch, status_of, terminal, timeout, what, initial_delay=None, kind=None):
        """Call fetch() until status_of(body) is in `terminal`; return (body, PollRecord).

        `kind` (poll_schedule.SCHEDULES: "search", "reservation_purchase", "release", "capabilities", "legacy_...")
        reads on that kind's schedule, counted from this call, its first read no earlier than `initial_delay`; an
        unknown kind gets the generic default. Without a kind: `first`, times `factor` after each read, up to `cap`.

        fetch() returns the body (a Retry-After is then read from the client's last response) or a Response.

        `initial_delay` is slept before the first read (default: none, the first read is immediate), never longer than
        `timeout`: a task whose one wait budget is spent reads once, at once, and times out.
        Raises PollTimeout after `timeout` seconds.
        """
        record = PollRecord()
        start = self.clock()
        delay = min(initial_delay or 0, max(timeout, 0))
        # An initial delay stands for the first interval: the schedule goes on from it rather than starting over.
        interval = min(self.cap, delay * self.factor) if delay else self.first

        scheduled = ScheduledReads(kind) if kind else None
        if scheduled:
            delay = min(max(delay, scheduled.after(0.0)), max(timeout, 0))
        while True:
            if delay > 0:
                self.sleep(delay)
            response = fetch()
            if not isinstance(response, Response):
                response = Response(200, self.client.last_headers, response)
            record.polls += 1
            body = response.body or {}
            status = status_of(body)
            if not record.statuses or record.statuses[-1] != status:
                record.statuses.append(status)
            elapsed = self.clock() - start
            record.seconds = elapsed
            if status in terminal:
                self._account(record)
                return body, record
            remaining = timeout - elapsed
            if remaining <= 0:
                self._account(record)
                raise PollTimeout("%s did not finish within %s s; its status is still %s after %d polls."
                                  % (what, _fmt(timeout), status, record.polls), last_body=body, record=record)
            retry_after = parse_retry_after(response.headers.get("Retry-After") if response.headers else None)
            if retry_after is None and scheduled:
                retry_after = scheduled.after(elapsed) - elapsed
            delay = min(retry_after if retry_after is not None else interval, remaining)
            interval = min(self.cap, interval * self.factor)

    def _account(self, record):
        self.client.count(polls=record.polls, waited_seconds=record.seconds)  # pollers of parallel operations share the client


def _fmt(seconds):
    return ("%d" % seconds) if float(seconds).is_integer() else ("%.1f" % seconds)
