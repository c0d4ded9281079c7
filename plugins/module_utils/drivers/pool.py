# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One bounded worker pool for the modules that send many requests at once, and the one rule for their `workers`.

run(workers, jobs) calls each job (a callable without arguments) on at most `workers` threads and returns the results
in the order of the jobs. A job must not raise: it returns its outcome (an error included), so that one failure does
not hide what the other jobs did. One job runs on the calling thread (no pool is started for it).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

# At most this many threads, for every module that takes `workers` (acs_user, acs_phone_number, acs_operator_info):
# the client keeps one connection open per thread (transport/wire.py).
# acs_user's default is 16: on loopback the requests are CPU-bound and any number from 4 up is as fast; with 50 ms per
# request 16 threads onboard 500 users in about 2 s where 8 took 3.6 (issue 29). The service's limits (identity create
# 1000, delete 500 per 30 s) are kept by honouring its 429 Retry-After, not by fewer threads.
MAX_WORKERS = 50


def workers_error(workers, option="workers"):
    """The sentence when `workers` is outside 1..MAX_WORKERS, else None."""
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS:
        return "%s must be between 1 and %d, not %s." % (option, MAX_WORKERS, workers)
    return None


def run(workers, jobs, name="acs"):
    """Call every job, at most `workers` at a time, and return their results in order."""
    jobs = list(jobs)
    if len(jobs) == 1:
        return [jobs[0]()]
    if not jobs:
        return []
    size = max(1, min(int(workers), MAX_WORKERS, len(jobs)))
    with ThreadPoolExecutor(max_workers=size, thread_name_prefix=name) as pool:
        return list(pool.map(lambda job: job(), jobs))
