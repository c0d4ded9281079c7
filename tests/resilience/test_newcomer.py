"""What a newcomer meets first (issue 13, item 13): the emulator started without its requirements says what to install."""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

from acs_resilience import EMULATOR


def test_the_emulator_without_its_requirements_says_what_to_install_in_one_sentence():
    # -S: no site-packages, as with a python3 that has none of the emulator's requirements
    proc = subprocess.run([sys.executable, "-S", str(EMULATOR), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "pip install -r tests/emulator/requirements.txt" in proc.stderr and ".venv/bin/python" in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_release_numbers_in_check_mode_does_not_say_released(collections, emulator):
    from acs_resilience import ROOT, TOLL_FREE_PLAN, ansible_env, BIN, run_module, _run  # pylint: disable=import-outside-toplevel
    run, bought = run_module(collections, "acs_phone_search", {
        "name": "to-release", "phone_plan_ids": [TOLL_FREE_PLAN], "area_code": "833", "state": "purchased",
        "api_version": "2020-07-20-preview1", "connection_string": emulator.connection_string, "ca_path": emulator.ca_path})
    assert bought and not bought.get("failed"), run.output
    env = ansible_env(collections, {"ACS_CONNECTION_STRING": emulator.connection_string, "ACS_CA_PATH": emulator.ca_path})
    run = _run([str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", "--check", "-e", "acs_confirm_release=true",
                "-e", '{"acs_release_search_names": ["to-release"]}', str(ROOT / "playbooks" / "release_numbers_legacy.yml")], env, 300)
    assert run.rc == 0, run.output
    assert "number(s) would be released" in run.stdout and "number(s) released" not in run.stdout, run.stdout
    assert emulator.stats()["releases_created"] == 0


def test_provision_names_only_the_wrong_variable_and_a_too_large_quantity_under_its_own_task(collections, emulator):
    from acs_resilience import ROOT, run_playbook  # pylint: disable=import-outside-toplevel
    run = run_playbook(collections, ROOT / "playbooks" / "provision_numbers_legacy.yml", dict(emulator.connection_vars(), acs_quantity=0))
    assert run.rc != 0
    assert "Set acs_quantity to a whole number" in run.output, run.output
    assert "acs_search_name to" not in run.output and "acs_callback_url to" not in run.output, run.output
    run = run_playbook(collections, ROOT / "playbooks" / "provision_numbers_legacy.yml", dict(emulator.connection_vars(), acs_quantity=999))
    assert run.rc != 0
    assert "TASK [Stop when the quantity is more than one search buys]" in run.stdout, run.stdout
    assert '"msg": "One search buys at most' in run.stdout, run.stdout


def _readme_block(text, marker):
    """The ```bash block of the README that contains `marker`, as its list of command lines."""
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        if marker in block:
            return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    raise AssertionError("no bash block with %r in the README" % marker)


def _emulator_pid(repo):
    """The pid of the demo's emulator from the env file the harness keeps (.state/emulator.env), or None."""
    env_file = repo / ".state" / "emulator.env"
    lines = env_file.read_text().splitlines() if env_file.exists() else []
    pids = [int(line.split("=", 1)[1]) for line in lines if line.startswith("ACS_EMULATOR_PID=")]
    return pids[0] if pids else None


def _emulator_running(repo):
    pid = _emulator_pid(repo)
    return pid is not None and _is_emulator(pid)


def _is_emulator(pid):
    try:
        return "acs-emulator" in Path("/proc/%d/cmdline" % pid).read_text(errors="replace")
    except OSError:  # it has exited
        return False


def _copy_checkout(repo):
    """The git-tracked and untracked-not-ignored files of the checkout, as a fresh clone (with local changes) has them.
    The checkout's ./.venv is linked in when it exists, to save its creation; otherwise make demo creates the copy's
    own (issue 24, item 3: the test runs from any state of the checkout)."""
    from acs_resilience import ROOT  # pylint: disable=import-outside-toplevel
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    if (ROOT / ".venv" / "bin" / "python").exists():
        (repo / ".venv").symlink_to((ROOT / ".venv").resolve())


def _in_demo_shell(repo, env, command, timeout=300):
    """`command` in a shell that followed the README: .venv activated, .state/demo.env sourced."""
    return subprocess.run(["bash", "-c", "source .venv/bin/activate && source .state/demo.env && " + command], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=timeout, check=False)


INVENTORY_WARNINGS = ("No inventory was parsed", "provided hosts list is empty")


def _check_readme_block(repo, env, pid):
    """The README's commands after make demo, run as written: the --check run shows what it would buy, consistently."""
    lines = _readme_block((repo / "README.md").read_text(), "source .state/demo.env")
    assert any(line.startswith("ansible-playbook playbooks/provision_numbers.yml --check") for line in lines), lines
    assert lines[-1].startswith("bash scripts/demo.sh stop"), lines
    run = subprocess.run(["bash", "-e", "-c", "\n".join(lines)], cwd=repo, env=env, capture_output=True, text=True,
                         timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-3000:]
    assert re.search(r"localhost\s+: ok=\d+\s+changed=1\s+unreachable=0\s+failed=0", run.stdout), run.stdout[-3000:]
    assert "reservation 'support-line': would buy 1 number(s)" in run.stdout, run.stdout[-3000:]
    assert "(would buy)" in run.stdout and "would be created" not in run.stdout and "nothing to buy" not in run.stdout
    # the demo's numbers, bought under another name, say so
    assert re.search(r"\+\d+ +another purchase ", run.stdout), run.stdout[-3000:]
    assert not [w for w in INVENTORY_WARNINGS if w in run.stdout + run.stderr], run.stderr
    assert not _is_emulator(pid) and not _emulator_running(repo) and (repo / ".state" / "emulator.sqlite").exists()


def _check_what_a_new_user_met(repo, env):
    """Issue 24, item 6, with the demo's emulator running and demo.env sourced."""
    run = _in_demo_shell(repo, env, "ansible-playbook playbooks/provision_numbers.yml --check -e acs_quantity=3 "
                                    "-e acs_search_name=support-line")
    # the error is printed by the task that failed, not repeated by the rescue, which names the way out
    rescue = run.stdout.split("TASK [Stop, and name the way out]", 1)[-1]
    assert run.returncode != 0 and "more than total 3" in run.stdout and "more than total 3" not in rescue, run.stdout[-3000:]
    assert "-e acs_total=" in rescue, run.stdout[-3000:]
    run = _in_demo_shell(repo, env, "ansible-playbook playbooks/provision_numbers.yml -e acs_quantity=two")
    assert run.returncode != 0 and "Set acs_quantity to a whole number" in run.stdout, run.stdout[-3000:]
    assert "acs_total" not in run.stdout.split("TASK [Check the quantity]", 1)[1], run.stdout[-3000:]
    run = _in_demo_shell(repo, env, "ACS_STATE_DIR=$PWD/.state/users ansible-playbook playbooks/onboard_users.yml "
                                    "-e acs_user_names=alice,bob")
    assert run.returncode == 0 and "2 user(s) created" in run.stdout, run.stdout[-3000:]
    run = _in_demo_shell(repo, env, "ansible-playbook playbooks/release_numbers.yml --check")
    assert run.returncode == 0 and "would release 2 number(s); the resource owns 2 number(s) now." in run.stdout, run.stdout[-3000:]
    assert "\\n" not in run.stdout, run.stdout[-3000:]


def _start_second_emulator(repo, env):
    """An emulator started by hand on the demo's state file: it warns."""
    second = subprocess.Popen([str(repo / ".venv" / "bin" / "python"), "tests/emulator/acs-emulator", "--port", "0",  # pylint: disable=consider-using-with
                               "--state", ".state/emulator.sqlite"], cwd=repo, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    ready = select.select([second.stderr], [], [], 30)[0]
    warning = second.stderr.readline() if ready else "(nothing on stderr within 30 s)"
    assert "another emulator" in warning and "uses the state file" in warning, warning
    return second


def test_the_readme_commands_after_make_demo_work_as_written(tmp_path):
    """Issue 13, item 13: right after `make demo`, the README's next commands run as written in a fresh shell (no
    .venv on PATH), the emulator is still there, `bash scripts/demo.sh stop` stops it and `reset` deletes its state.
    Issue 24, item 6: what a new user met on the way."""
    repo = tmp_path / "repo"
    _copy_checkout(repo)
    # a fresh shell: nothing of .venv on PATH, no ACS_ or ANSIBLE_ variables
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACS_", "ANSIBLE_", "VIRTUAL_ENV"))}
    env.update(PATH=path, HOME=str(tmp_path / "home"), DEMO_EMULATOR_ARGS="--speed 50")
    second = None
    try:
        demo = subprocess.run(["make", "demo"], cwd=repo, env=env, capture_output=True, text=True, timeout=900, check=False)
        assert demo.returncode == 0, demo.stdout[-4000:] + demo.stderr[-3000:]
        assert "bash scripts/demo.sh stop" in demo.stdout and _emulator_running(repo), demo.stdout[-2000:]
        pid = _emulator_pid(repo)

        _check_what_a_new_user_met(repo, env)
        second = _start_second_emulator(repo, env)
        sourced = tmp_path / "sourced-demo.env"
        shutil.copy2(repo / ".state" / "demo.env", sourced)
        _check_readme_block(repo, env, pid)

        # the emulator has gone: a shell that sourced demo.env before is told to start it again
        run = subprocess.run(["bash", "-c", "source .venv/bin/activate && source %s && ansible localhost -m "
                              "acs.administration.acs_country_info -a max_retries=0" % sourced], cwd=repo, env=env,
                             capture_output=True, text=True, timeout=120, check=False)
        assert "Is the emulator running?" in run.stdout and "source .state/demo.env" in run.stdout, run.stdout[-2000:]
        # demo.sh stop on an emulator that exited by itself
        exited = subprocess.Popen(["true"])  # pylint: disable=consider-using-with
        exited.wait()
        (repo / ".state" / "emulator.env").write_text("ACS_EMULATOR_PID=%d\n" % exited.pid)
        stop = subprocess.run(["bash", "scripts/demo.sh", "stop"], cwd=repo, env=env, capture_output=True, text=True,
                              timeout=60, check=False)
        assert stop.returncode == 0 and "/proc" not in stop.stderr and "had exited already" in stop.stdout, stop.stdout + stop.stderr

        # the way to start over after releasing the demo's numbers; it also stops the emulator started by hand
        assert "bash scripts/demo.sh reset" in (repo / "README.md").read_text()
        reset = subprocess.run(["bash", "scripts/demo.sh", "reset"], cwd=repo, env=env, capture_output=True, text=True,
                               timeout=120, check=False)
        assert reset.returncode == 0, reset.stdout + reset.stderr
        assert not (repo / ".state" / "emulator.sqlite").exists() and not (repo / ".state" / "demo.env").exists()
        assert second.wait(30) is not None and not _is_emulator(second.pid)
    finally:
        if _emulator_running(repo):
            subprocess.run(["bash", "scripts/demo.sh", "stop"], cwd=repo, env=env, capture_output=True, timeout=60, check=False)
        if second is not None and second.poll() is None:
            second.kill()
            second.wait(10)


def test_the_readme_answers_what_a_new_user_met():
    """Issue 24, item 6: what the README and docs/README.md must say."""
    from acs_resilience import ROOT  # pylint: disable=import-outside-toplevel
    readme = (ROOT / "README.md").read_text()
    assert "about 25 minutes" in readme and "tests/output/run-all/<step>.log" in readme  # how long, and where the output goes
    assert "could not resolve the module_defaults group acs.administration.acs" in readme and "source .state/demo.env" in readme
    hand_run = _readme_block(readme, "tests/emulator/acs-emulator")
    assert not [line for line in hand_run if "acs-emulator" in line and ".state/emulator.sqlite" in line], hand_run
    assert "Python 3.9 or newer" in readme and "python >= 3.9" in (ROOT / "plugins" / "doc_fragments" / "acs.py").read_text()
    modules = sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("acs_*.py"))
    docs = (ROOT / "docs" / "README.md").read_text()
    assert [m for m in modules if "| `%s` |" % m not in docs] == [], "docs/README.md misses modules"
