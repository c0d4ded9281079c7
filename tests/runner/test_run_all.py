"""Tests of the test runner (tests/runner/run_all.py): skipped tests fail a CI run, steps wait for what they need."""

import os
import sys
import textwrap

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import run_all  # noqa: E402  pylint: disable=wrong-import-position,import-error


@pytest.fixture(autouse=True)
def logs_in_tmp(tmp_path, monkeypatch):
    """Step logs go to a temp dir, not tests/output/run-all."""
    monkeypatch.setattr(run_all, "LOGS", str(tmp_path / "logs"))


def pytest_step(tmp_path, body):
    """A step that runs pytest -rs on one test file with BODY."""
    test_file = tmp_path / "test_sample.py"
    test_file.write_text(textwrap.dedent(body))
    return run_all.Step("sample", [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(test_file)],
                        cwd=str(tmp_path), skips="pytest")


SKIPPING = """
    import pytest

    def test_runs():
        assert True

    @pytest.mark.skip(reason="the SDK is not installed")
    def test_needs_the_sdk():
        assert True
"""


def test_a_skipped_test_fails_the_run_in_ci_and_is_named(tmp_path, capsys):
    step = pytest_step(tmp_path, SKIPPING)
    ok = run_all.Scheduler([step], 1, dict(os.environ), strict=True).run()
    assert not ok
    assert step.rc == 1
    assert "CI refuses skips" in step.note and "the SDK is not installed" in step.note
    assert "test_sample.py" in step.note
    assert "FAILED" in capsys.readouterr().out


def test_a_skipped_test_is_only_noted_outside_ci(tmp_path):
    step = pytest_step(tmp_path, SKIPPING)
    assert run_all.Scheduler([step], 1, dict(os.environ), strict=False).run()
    assert step.rc == 0
    assert step.note.startswith("1 skipped:")


def test_no_skip_passes_in_ci(tmp_path):
    step = pytest_step(tmp_path, "def test_runs():\n    assert True\n")
    assert run_all.Scheduler([step], 1, dict(os.environ), strict=True).run()
    assert (step.rc, step.note) == (0, "")


@pytest.mark.parametrize("kind, line", [
    ("ansible-test", "WARNING: Skipping sanity test \"shellcheck\" due to missing \"shellcheck\" command."),
    ("ansible-test", "WARNING: Unable to find python3.11 for sanity test \"import\"."),
    ("ansible-test", "SKIPPED [1] tests/unit/plugins/modules/test_x.py:10: no SDK"),
    ("molecule", "INFO     [onboard > verify] Skipping, verifier is disabled."),
])
def test_skip_lines_of_each_tool_are_found(kind, line):
    assert run_all.skipped_tests(kind, "before\n%s\nafter\n" % line) == [line]


@pytest.mark.parametrize("kind, line", [
    ("molecule", "skipping: [localhost]"),
    ("molecule", "localhost : ok=4 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0"),
    ("ansible-test", "Running sanity test \"pylint\""),
    ("pytest", "12 passed, 0 skipped in 3.2s"),
])
def test_lines_that_are_not_skipped_tests(kind, line):
    assert not run_all.skipped_tests(kind, line)


def test_a_step_waits_for_its_needs_and_never_runs_after_a_failed_one(tmp_path):
    marker = tmp_path / "ran"
    first = run_all.Step("first", "exit 3", cwd=str(tmp_path))
    second = run_all.Step("second", "touch %s" % marker, cwd=str(tmp_path), needs=("first",))
    unrelated = run_all.Step("unrelated", "true", cwd=str(tmp_path))
    ok = run_all.Scheduler([first, second, unrelated], 2, dict(os.environ), keep_going=True).run()
    assert not ok
    assert (first.rc, second.rc, unrelated.rc) == (3, None, 0)
    assert not marker.exists()


def test_steps_share_the_slots(tmp_path):
    """Two one-slot steps run at once on two slots; a two-slot step waits for both to end."""
    steps = [run_all.Step(name, "echo start $(date +%%s%%N) >> %s/t; sleep 0.3; echo end $(date +%%s%%N) >> %s/t"
                          % (tmp_path, tmp_path), cwd=str(tmp_path), slots=slots)
             for name, slots in (("a", 1), ("b", 1), ("c", 2))]
    assert run_all.Scheduler(steps, 2, dict(os.environ)).run()
    events = [line.split() for line in (tmp_path / "t").read_text().splitlines()]
    kinds = [event[0] for event in sorted(events, key=lambda e: int(e[1]))]
    assert kinds == ["start", "start", "end", "end", "start", "end"]


def test_other_lines_run_the_targets_with_the_every_line_alias(tmp_path):
    """The other ansible-core lines run `ansible-test integration every_core_line/`, and some targets carry it."""
    targets = os.path.join(run_all.ROOT, "tests", "integration", "targets")
    tagged = sorted(t for t in os.listdir(targets)
                    if run_all.EVERY_LINE_ALIAS in open(os.path.join(targets, t, "aliases"), encoding="utf-8").read().split())
    assert "acs_user" in tagged and "acs_token" in tagged and len(tagged) < len(os.listdir(targets))
    steps, _lines = run_all.matrix_steps(str(tmp_path), strict=False)
    integration = [s for s in steps if s.name.endswith(" integration")]
    for step in integration:
        assert " integration --venv" in step.command and " every_core_line/ -vvv" in step.command
    main = [s for s in run_all.main_steps(str(tmp_path)) if s.name == "integration"]
    assert "every_core_line" not in main[0].command
