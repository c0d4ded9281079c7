# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""drivers/pool.py: the one bounded worker pool (results in order, never more than `workers` at once) and the one rule
for the `workers` option."""

from __future__ import annotations

import threading
import time

import pytest

from ansible_collections.acs.administration.plugins.module_utils.drivers import pool


def _jobs(count, running, peak, lock):
    def job(i):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return i * i
    return [lambda i=i: job(i) for i in range(count)]


@pytest.mark.parametrize("workers, expected_peak", [(1, 1), (3, 3), (50, pool.MAX_WORKERS)])
def test_results_in_order_and_never_more_than_workers_at_once(workers, expected_peak):
    running, peak, lock = [0], [0], threading.Lock()
    assert pool.run(workers, _jobs(24, running, peak, lock)) == [i * i for i in range(24)]
    assert peak[0] <= expected_peak  # the bound; reaching it depends on how fast the threads start
    assert peak[0] > 1 or expected_peak == 1


def test_one_job_runs_on_the_calling_thread_and_none_is_nothing():
    assert pool.run(8, [threading.current_thread]) == [threading.current_thread()]
    assert pool.run(8, []) == []


@pytest.mark.parametrize("value, error", [
    (1, None), (pool.MAX_WORKERS, None),
    (0, "workers must be between 1 and 50, not 0."),
    (51, "workers must be between 1 and 50, not 51."),
    (True, "workers must be between 1 and 50, not True."),
])
def test_the_workers_rule(value, error):
    assert pool.workers_error(value) == error
