"""Shared helpers of the resilience suite: a copy of the collection, emulator processes, ansible runs.

The suite drives the collection the way a user does (ansible-playbook / ansible ad-hoc against an emulator over
HTTPS) and reads what happened from the emulator's control API (request log, stats, faults).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "emulator"))

from acs_emulator import harness  # noqa: E402  pylint: disable=wrong-import-position

EMULATOR = Path(harness.SCRIPT)
PLAYBOOKS = Path(__file__).resolve().parent / "playbooks"
BIN = Path(sys.executable).parent

# The emulator's catalogue (tests/emulator/acs_emulator/data/catalog.json)
TOLL_FREE_PLAN = "244d639a-b7d6-531f-8fd3-eb7ed0a667ff"   # US toll free, maximumSearchSize 10
GEOGRAPHIC_PLAN = "544f7088-7166-5a47-9d17-0e36fb0f65d1"  # US geographic, Selection, maximumSearchSize 20
DEV_KEY = "YWNzLWVtdWxhdG9yLXdlbGwta25vd24tZGV2LWtleSE="

# What ansible prints when a module crashed instead of failing cleanly. ansible-core 2.19 hides the traceback of an
# unhandled module exception and reports it as a result whose msg is "Task failed: Module failed: <exception>"
# (a fail_json result carries the module's own msg); older versions print MODULE FAILURE / module_stderr.
CRASH_MARKERS = ("Traceback (most recent call last)", "MODULE FAILURE", "MODULE_FAILURE", "module_stderr",
                 "An exception occurred during task execution", '"msg": "Task failed: Module failed:',
                 "Module result deserialization failed")


def copy_collection(dest):
    """Copy the git-tracked + untracked-not-ignored files to dest/ansible_collections/acs/administration."""
    target = Path(dest) / "ansible_collections" / "acs" / "administration"
    target.mkdir(parents=True, exist_ok=True)
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, check=True, capture_output=True).stdout
    files = b"\0".join(f for f in listing.split(b"\0") if f and (ROOT / f.decode()).exists())
    pack = subprocess.Popen(["tar", "--null", "--no-recursion", "-T", "-", "-cf", "-"], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    unpack = subprocess.Popen(["tar", "-xf", "-", "-C", str(target)], stdin=pack.stdout)
    pack.stdout.close()
    pack.communicate(files)
    assert unpack.wait() == 0 and pack.wait() == 0, "copying the collection failed"
    return Path(dest)


class Emulator(harness.Emulator):
    """One emulator process (acs_emulator.harness) with a persistent state file, restartable on the same port and state."""

    def __init__(self, workdir, speed=50, access_key=None, extra_args=()):
        args = list(extra_args) + (["--access-key", access_key] if access_key else [])
        super().__init__(workdir, "--host", "127.0.0.1", *args, speed=speed, state=Path(workdir) / "state.sqlite")
        self.dir = Path(workdir)

    @property
    def ca_path(self):
        return self.ca

    def log(self):
        return self.requests()

    def clear_log(self):
        self.clear_requests()

    def set_faults(self, **config):
        return self.faults(**config)

    def connection_vars(self):
        return {"acs_connection_string": self.connection_string, "acs_ca_path": self.ca_path,
                "acs_emulator_url": self.url}


class Run:
    """What one ansible process did."""

    def __init__(self, args, rc, stdout, stderr, seconds):
        self.args = args
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds

    @property
    def output(self):
        return self.stdout + "\n" + self.stderr

    def crash_markers(self):
        return [m for m in CRASH_MARKERS if m in self.output]

    def recap(self):
        """The PLAY RECAP counters of localhost."""
        match = re.search(r"^localhost\s*:\s*(.*)$", self.stdout, re.MULTILINE)
        return dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", match.group(1))) if match else {}

    def __repr__(self):
        return "<Run rc=%s %.1fs>\n--- stdout\n%s\n--- stderr\n%s" % (self.rc, self.seconds, self.stdout[-6000:], self.stderr[-3000:])


def ansible_env(collections, extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACS_", "ANSIBLE_"))}
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": str(collections),
        "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_RETRY_FILES_ENABLED": "false",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_HOME": str(Path(collections) / ".ansible-home"),
        "ANSIBLE_LOCAL_TEMP": str(Path(collections) / ".ansible-tmp"),
        # the playbooks' files (acs_state_dir: ids, tokens, the record of purchases) stay out of the real home
        "ACS_STATE_DIR": str(Path(collections) / ".acs-state"),
        "PATH": "%s:%s" % (BIN, os.environ.get("PATH", "")),
    })
    env.update(extra or {})
    return env


def _run(args, env, timeout):
    started = time.monotonic()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    return Run(args, proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)


def run_playbook(collections, playbook, extra_vars=None, env=None, timeout=300, verbosity=0):
    """ansible-playbook PLAYBOOK with extra vars given as a JSON file."""
    path = PLAYBOOKS / playbook if not os.path.isabs(str(playbook)) else Path(playbook)
    vars_file = Path(collections) / (".vars-%d-%d.json" % (os.getpid(), time.monotonic_ns()))
    vars_file.write_text(json.dumps(extra_vars or {}))
    try:
        args = [str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e", "@%s" % vars_file, str(path)]
        if verbosity:
            args.append("-" + "v" * verbosity)
        return _run(args, ansible_env(collections, env), timeout)
    finally:
        vars_file.unlink()


def run_module(collections, module, module_args, env=None, timeout=120):
    """ansible localhost -m acs.administration.MODULE -a JSON; returns (Run, result dict or None)."""
    args = [str(BIN / "ansible"), "localhost", "-i", "localhost,", "-c", "local",
            "-m", "acs.administration." + module, "-a", json.dumps(module_args)]
    run = _run(args, ansible_env(collections, env), timeout)
    return run, parse_adhoc(run.stdout)


def parse_adhoc(stdout):
    """The result JSON of `ansible localhost -m ...` (localhost | FAILED! => {...}), with failed=True for a failure

    (the default callback shows the failure in the header only)."""
    match = re.search(r"^localhost \| ([A-Z]+!?)[^\n]*?=> (\{.*)", stdout, re.MULTILINE | re.DOTALL)
    if not match:
        return None
    try:
        result = json.JSONDecoder().raw_decode(match.group(2))[0]
    except ValueError:
        return None
    if match.group(1).startswith("FAILED"):
        result["failed"] = True
    return result


def read_json(path):
    return json.loads(Path(path).read_text())


SNAPSHOT = Path(__file__).resolve().parent / "snapshot.py"


def snapshot(collections, emulator):
    """The user-visible phone number state of the emulator (see snapshot.py)."""
    env = dict(os.environ, PYTHONPATH=str(collections))
    out = subprocess.run([sys.executable, str(SNAPSHOT), emulator.connection_string, emulator.ca_path], env=env,
                         capture_output=True, text=True, check=True, timeout=120).stdout
    return json.loads(out)


def converge(collections, emulator, playbook, out, attempts=5, extra_vars=None, env=None):
    """Run the playbook until it succeeds (at most `attempts` times); returns the list of runs."""
    runs = []
    for _attempt in range(attempts):
        run = run_playbook(collections, playbook, dict(emulator.connection_vars(), out=str(out), **(extra_vars or {})), env=env)
        runs.append(run)
        if run.rc == 0:
            break
    return runs


def operations(log, name):
    """Requests of the log for one operation (with or without the API prefix)."""
    return [r for r in log if (r.get("operation") or "").split("_", 1)[-1] == name]


# -- fixtures (imported by the conftest.py of tests/resilience and tests/security) -------------------------------------

@pytest.fixture(scope="session")
def collections(tmp_path_factory):
    """A copy of the collection under <tmp>/ansible_collections/acs/administration; the value is <tmp>."""
    return copy_collection(tmp_path_factory.mktemp("collections"))


@pytest.fixture
def emulator_factory(tmp_path):
    """make(name, speed=50, access_key=None, extra_args=()) -> a started Emulator, stopped at the end of the test."""
    started = []

    def make(name="emulator", **kwargs):
        emulator = Emulator(tmp_path / name, **kwargs).start()
        started.append(emulator)
        return emulator

    yield make
    for emulator in started:
        emulator.stop()


@pytest.fixture
def emulator(emulator_factory):
    return emulator_factory()
