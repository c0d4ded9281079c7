"""What a newcomer meets first (issue 13, item 13): the emulator started without its requirements says what to install."""

from __future__ import annotations

import os
import re
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


def _emulator_running(repo):
    pid = (repo / ".state" / "emulator.pid").read_text().strip() if (repo / ".state" / "emulator.pid").exists() else ""
    return pid.isdigit() and Path("/proc/%s" % pid).exists() and "acs-emulator" in Path("/proc/%s/cmdline" % pid).read_text(errors="replace")


def test_the_readme_commands_after_make_demo_work_as_written(tmp_path):
    """Issue 13, item 13: right after `make demo`, the README's next commands run as written in a fresh shell (no
    .venv on PATH), the emulator is still there, `bash scripts/demo.sh stop` stops it and `reset` deletes its state."""
    from acs_resilience import ROOT  # pylint: disable=import-outside-toplevel
    repo = tmp_path / "repo"
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    (repo / ".venv").symlink_to((ROOT / ".venv").resolve())
    # a fresh shell: nothing of .venv on PATH, no ACS_ or ANSIBLE_ variables
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACS_", "ANSIBLE_", "VIRTUAL_ENV"))}
    env.update(PATH=path, HOME=str(tmp_path / "home"), DEMO_EMULATOR_ARGS="--speed 50")
    try:
        demo = subprocess.run(["make", "demo"], cwd=repo, env=env, capture_output=True, text=True, timeout=900, check=False)
        assert demo.returncode == 0, demo.stdout[-4000:] + demo.stderr[-3000:]
        assert "bash scripts/demo.sh stop" in demo.stdout and _emulator_running(repo), demo.stdout[-2000:]

        lines = _readme_block((repo / "README.md").read_text(), "source .state/demo.env")
        assert any(line.startswith("ansible-playbook playbooks/provision_numbers.yml --check") for line in lines), lines
        assert lines[-1].startswith("bash scripts/demo.sh stop"), lines
        run = subprocess.run(["bash", "-e", "-c", "\n".join(lines)], cwd=repo, env=env, capture_output=True, text=True,
                             timeout=600, check=False)
        assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-3000:]
        assert re.search(r"localhost\s+: ok=\d+\s+changed=0\s+unreachable=0\s+failed=0", run.stdout), run.stdout[-3000:]
        assert not _emulator_running(repo) and (repo / ".state" / "emulator.sqlite").exists()

        # the way to start over after releasing the demo's numbers
        assert "bash scripts/demo.sh reset" in (repo / "README.md").read_text()
        reset = subprocess.run(["bash", "scripts/demo.sh", "reset"], cwd=repo, env=env, capture_output=True, text=True,
                               timeout=120, check=False)
        assert reset.returncode == 0, reset.stdout + reset.stderr
        assert not (repo / ".state" / "emulator.sqlite").exists() and not (repo / ".state" / "demo.env").exists()
    finally:
        if _emulator_running(repo):
            subprocess.run(["bash", "scripts/demo.sh", "stop"], cwd=repo, env=env, capture_output=True, timeout=60, check=False)
