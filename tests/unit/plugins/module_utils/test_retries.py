# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport.retries import Backoff, parse_retry_after


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
