"""Build and install the collection the way a user does, and run playbooks / ad-hoc commands against an emulator."""

import glob
import json
import os
import shutil
import subprocess
import sys
import time

from . import InvalidRun
from .emulator import ROOT

BENCH = os.path.join(ROOT, "bench")
OUT = os.path.join(BENCH, "out")
COLLECTIONS = os.path.join(OUT, "collections")
PLAYBOOKS = os.path.join(BENCH, "playbooks")
BIN = os.path.dirname(sys.executable)


def tool(name):
    """ansible-playbook, ansible, ansible-galaxy from the interpreter's own environment (the venv)."""
    path = os.path.join(BIN, name)
    return path if os.path.exists(path) else (shutil.which(name) or name)


def install_collection():
    """ansible-galaxy collection build + install into bench/out/collections; returns the installed version."""
    dist = os.path.join(OUT, "dist")
    shutil.rmtree(dist, ignore_errors=True)
    os.makedirs(dist)
    _check([tool("ansible-galaxy"), "collection", "build", "--force", "--output-path", dist, ROOT])
    tarballs = glob.glob(os.path.join(dist, "acs-administration-*.tar.gz"))
    if len(tarballs) != 1:
        raise InvalidRun("ansible-galaxy collection build produced %r" % tarballs)
    _check([tool("ansible-galaxy"), "collection", "install", "--force", "-p", COLLECTIONS, tarballs[0]])
    with open(os.path.join(COLLECTIONS, "ansible_collections", "acs", "administration", "MANIFEST.json"), encoding="utf-8") as handle:
        return json.load(handle)["collection_info"]["version"]


def installed_modules():
    """Module names present in the installed collection."""
    path = os.path.join(COLLECTIONS, "ansible_collections", "acs", "administration", "plugins", "modules")
    return sorted(os.path.splitext(n)[0] for n in os.listdir(path) if n.endswith(".py") and not n.startswith("_"))


def _check(args):
    proc = subprocess.run(args, capture_output=True, text=True, check=False, cwd=OUT)
    if proc.returncode != 0:
        raise InvalidRun("%s failed (rc %d):\n%s%s" % (" ".join(args[:3]), proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:]))
    return proc


def ansible_env(emulator, record_file=None, extra=None):
    env = dict(os.environ)
    for key in ("ACS_ENDPOINT", "ACS_ACCESS_KEY", "ACS_CONNECTION_STRING", "ANSIBLE_CONFIG"):
        env.pop(key, None)
    env.update(emulator.client_env())
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_CALLBACK_PLUGINS": os.path.join(BENCH, "callback_plugins"),
        "ANSIBLE_CALLBACKS_ENABLED": "bench_record",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "false",
        "PATH": BIN + os.pathsep + env.get("PATH", ""),
    })
    if record_file:
        env["BENCH_RECORD_FILE"] = record_file
    env.update(extra or {})
    return env


class Run:
    """The outcome of one ansible process: wall time, start/end epoch, task records, output."""

    def __init__(self, args, rc, start, end, tasks, stdout, stderr):
        self.args = args
        self.rc = rc
        self.start = start
        self.end = end
        self.wall = end - start
        self.tasks = tasks
        self.stdout = stdout
        self.stderr = stderr

    def task(self, name):
        found = [t for t in self.tasks if t["task"] == name]
        if len(found) != 1:
            raise InvalidRun("expected one task named %r in %s, found %d" % (name, " ".join(self.args[:2]), len(found)))
        return found[0]


def run(args, emulator, record_name, expect_ok=True, timeout=3600, env=None):
    """Run an ansible command (list) with the emulator's connection (and `env`, more variables) in the environment;
    return a Run."""
    record_file = os.path.join(OUT, "records", record_name + ".jsonl")
    os.makedirs(os.path.dirname(record_file), exist_ok=True)
    if os.path.exists(record_file):
        os.remove(record_file)
    start = time.time()
    proc = subprocess.run(args, capture_output=True, text=True, check=False, cwd=OUT, env=ansible_env(emulator, record_file, env),
                          timeout=timeout)
    end = time.time()
    tasks = []
    if os.path.exists(record_file):
        with open(record_file, encoding="utf-8") as handle:
            tasks = [json.loads(line) for line in handle if line.strip()]
    result = Run(args, proc.returncode, start, end, tasks, proc.stdout, proc.stderr)
    if expect_ok:
        bad = [t for t in tasks if t["status"] not in ("ok", "skipped")]
        if proc.returncode != 0 or bad:
            detail = bad[0]["result"].get("msg") if bad else ""
            raise InvalidRun("%s exited %d (%s)\n--- stdout (tail)\n%s\n--- stderr (tail)\n%s" % (
                " ".join(os.path.basename(a) for a in args[:2]), proc.returncode, detail, proc.stdout[-3000:], proc.stderr[-2000:]))
    return result


def playbook(name, emulator, record_name, extra_vars=None, **kwargs):
    args = [tool("ansible-playbook"), os.path.join(PLAYBOOKS, name)]  # implicit localhost: the controller's python
    if extra_vars:
        args += ["-e", json.dumps(extra_vars)]
    return run(args, emulator, record_name, **kwargs)


def adhoc(module, module_args, emulator, record_name, **kwargs):
    args = [tool("ansible"), "localhost", "-m", module]
    if module_args:
        args += ["-a", module_args]
    return run(args, emulator, record_name, **kwargs)
