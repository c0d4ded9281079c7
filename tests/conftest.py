# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""No silent skip: with the CI environment variable set, a skipped test (or a module skipped at collection, e.g. by
pytest.importorskip when a requirement is missing) is reported as a failure that names it and says why it skipped.

Loaded for every pytest suite under tests/ (unit, emulator, resilience, security). ansible-test units does not pass
CI on to pytest: there a skip stays a skip.
"""

from __future__ import annotations

import os

import pytest


def _refuse_skip(report):
    if not os.environ.get("CI") or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = "%s was skipped, which is a failure when CI is set: %s" % (report.nodeid, reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # pylint: disable=unused-argument
    outcome = yield
    _refuse_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):  # pylint: disable=unused-argument
    outcome = yield
    _refuse_skip(outcome.get_result())
