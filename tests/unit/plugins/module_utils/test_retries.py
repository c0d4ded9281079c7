# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport.retries import (
    AMBIGUOUS, FAILED, LOST, MAY_HAVE_ACTED, NEVER_SENT, REFUSED, REJECTED, RETRY, Backoff, decide, parse_retry_after,
    status_outcome)


@pytest.mark.parametrize("value, expected", [
    ("3", 3.0), ("0.5", 0.5), (" 7 ", 7.0), ("-2", 0.0), (None, None), ("soon", None),
    ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),
])
def test_parse_retry_after(value, expected):
    # 1445412480 is Wed, 21 Oct 2015 07:28:00 GMT
    assert parse_retry_after(value, now=1445412480) == expected


def test_retry_after_wins_over_backoff():
    assert Backoff(rand=lambda: 0.0).delay(5, retry_after=2.0) == 2.0


def test_backoff_grows_and_is_capped():
    backoff = Backoff(base=0.5, factor=2, cap=4, rand=lambda: 1.0)
    assert [backoff.delay(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 4.0, 4.0]


def test_jitter_stays_within_a_tenth_and_the_ceiling():
    low = Backoff(base=1, factor=2, cap=30, rand=lambda: 0.0)
    assert low.delay(3) == pytest.approx(0.4)


# The retry policy as a table: (what happened, idempotent, attempt, max_retries) -> what the client does next.
@pytest.mark.parametrize("outcome, idempotent, attempt, max_retries, expected", [
    (REFUSED, True, 1, 3, FAILED),
    (REFUSED, False, 1, 3, FAILED),
    (REJECTED, False, 1, 3, RETRY),
    (REJECTED, True, 3, 3, RETRY),
    (REJECTED, True, 4, 3, FAILED),
    (MAY_HAVE_ACTED, True, 1, 3, RETRY),
    (MAY_HAVE_ACTED, True, 4, 3, FAILED),
    (MAY_HAVE_ACTED, False, 1, 3, AMBIGUOUS),
    (MAY_HAVE_ACTED, False, 1, 0, FAILED),
    (NEVER_SENT, False, 1, 3, RETRY),
    (NEVER_SENT, True, 4, 3, FAILED),
    (LOST, True, 1, 3, RETRY),
    (LOST, True, 4, 3, FAILED),
    (LOST, False, 1, 3, AMBIGUOUS),
    (LOST, False, 4, 3, AMBIGUOUS),
])
def test_retry_policy(outcome, idempotent, attempt, max_retries, expected):
    assert decide(outcome, idempotent, attempt, max_retries) == expected


@pytest.mark.parametrize("outcome", [MAY_HAVE_ACTED, LOST])
@pytest.mark.parametrize("attempt", [1, 2, 3, 4])
def test_a_purchase_the_service_may_have_acted_on_is_never_sent_again(outcome, attempt):
    assert decide(outcome, False, attempt, 3) != RETRY


@pytest.mark.parametrize("status, outcome", [
    (429, REJECTED), (503, REJECTED), (500, MAY_HAVE_ACTED), (502, MAY_HAVE_ACTED), (504, MAY_HAVE_ACTED),
    (400, REFUSED), (404, REFUSED), (409, REFUSED),
])
def test_status_outcome(status, outcome):
    assert status_outcome(status) == outcome
