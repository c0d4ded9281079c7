"""What a newcomer meets first (issue 13, item 13): the emulator started without its requirements says what to install."""

from __future__ import annotations

import subprocess
import sys

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
