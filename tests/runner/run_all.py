"""Run every test level of acs.administration: the steps of `make test`, up to JOBS at once.

    python tests/runner/run_all.py             (make test runs it through tests/run-all.sh, after the venv)
    python tests/runner/run_all.py --list      the steps, their order and what each waits for
    python tests/runner/run_all.py --only units --only pytest     some steps (and nothing they wait for)

The steps are the table in steps(): a name, a command, the directory it runs in, the steps it waits for, and the
slots it takes (a step that runs on two pytest workers takes two). The scheduler starts steps in table order as soon
as what they wait for has passed and enough of the JOBS slots (default: the machine's cores + 1) are free. Each step
writes its output to tests/output/run-all/<step>.log; the console gets one line when a step starts, one when it ends,
and the end of a failed step's log.

Skips: a test that a step skipped (pytest's SKIPPED lines, an ansible-test warning that it skipped a test or a
target, molecule's "Skipping") fails the step when CI is set, naming it; without CI the step passes with a note.

Ends with a table of step / rc / wall and CPU seconds, a table of each ansible-core line's sanity / units /
integration results and a last line "run-all: N passed, N failed, N skipped" (N counts steps).

Environment: JOBS (slots; default the number of cores + 1), KEEP_GOING=1 (start later steps after a failure too),
KEEP_WORK=1 (keep the work dir), MATRIX=0 (leave out the other ansible-core lines; refused when CI is set).
"""

import argparse
import os
import queue
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LOGS = os.path.join(ROOT, "tests", "output", "run-all")
COPY_REL = os.path.join("ansible_collections", "acs", "administration")
# the access key the emulator serves by default: a secret in the logs all the same (tests/security/scan_secrets.py)
EMULATOR_KEY = "YWNzLWVtdWxhdG9yLXdlbGwta25vd24tZGV2LWtleSE="
TAIL_LINES = 80
NOT_SELECTED = "not selected (--only)"


@dataclass
class Step:
    """One row of the table: COMMAND (argv, or a string for bash) run in CWD once NEEDS have passed."""

    name: str
    command: object
    cwd: str = ROOT
    needs: tuple = ()
    slots: int = 1
    env: dict = field(default_factory=dict)
    skips: str = ""  # how this step reports a skipped test: "pytest", "ansible-test", "molecule" or ""
    priority: int = 5  # the table runs in this order (lower first), then in the order it was written
    rc: object = None  # None: not run; "skip": left out; int: its exit code
    wall: float = 0.0
    cpu: float = 0.0
    note: str = ""


# ---------------------------------------------------------------------------------------------------------------
# skipped tests
# ---------------------------------------------------------------------------------------------------------------

SKIP_PATTERNS = {
    # pytest -rs / -r a: "SKIPPED [1] tests/x.py:12: reason"
    "pytest": re.compile(r"^SKIPPED \[\d+\] .*$", re.M),
    # ansible-test: "WARNING: Skipping sanity test ...", "WARNING: Skipping ... target(s) ...", "Unable to find ..."
    "ansible-test": re.compile(r"^(?:WARNING: (?:Skipping .*|Unable to find .*)|SKIPPED \[\d+\] .*)$", re.M),
    # molecule: "INFO     default ➜ idempotence: Skipping, ..."
    "molecule": re.compile(r"^.*(?:\bSkipping\b|Executed: Skipped).*$", re.M),
}


def skipped_tests(kind, text):
    """The lines of a step's output that say a test was skipped."""
    pattern = SKIP_PATTERNS.get(kind)
    return pattern.findall(text) if pattern else []


def judge_skips(step, text, strict):
    """Fail STEP (strict: CI is set) or note it when its output says that it skipped tests."""
    found = skipped_tests(step.skips, text)
    if not found:
        return
    shown = "; ".join(line.strip() for line in found[:5]) + (" ..." if len(found) > 5 else "")
    if strict:
        step.rc = step.rc or 1
        step.note = "%d skipped (CI refuses skips): %s" % (len(found), shown)
    else:
        step.note = "%d skipped: %s" % (len(found), shown)


# ---------------------------------------------------------------------------------------------------------------
# running one step
# ---------------------------------------------------------------------------------------------------------------


def log_path(step):
    """tests/output/run-all/<step name>.log"""
    return os.path.join(LOGS, slug(step.name) + ".log")


def argv_of(command):
    """A string runs in bash with errexit and pipefail; a list runs as it is."""
    if isinstance(command, str):
        return ["bash", "-o", "errexit", "-o", "pipefail", "-o", "nounset", "-c", command]
    return list(command)


def execute(step, env):
    """Run STEP to its end; set rc, wall and CPU seconds (its own and those of the children it waited for)."""
    path = log_path(step)
    started = time.monotonic()
    with open(path, "w", encoding="utf-8") as log:
        log.write("$ (cd %s && %s)\n" % (step.cwd, shlex.join(argv_of(step.command))))
        log.flush()
        try:
            proc = subprocess.Popen(argv_of(step.command), cwd=step.cwd, env=dict(env, **step.env),
                                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        except OSError as exc:
            log.write("could not start: %s\n" % exc)
            step.rc, step.wall = 127, 0.0
            return
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    step.rc = proc.returncode
    step.wall = time.monotonic() - started
    step.cpu = usage.ru_utime + usage.ru_stime


def tail(path, lines=TAIL_LINES):
    """The last LINES lines of a file."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        return "".join(handle.readlines()[-lines:])


def finish(step, strict):
    """After STEP ended: judge its skips and say how it went."""
    with open(log_path(step), encoding="utf-8", errors="replace") as handle:
        judge_skips(step, handle.read(), strict)
    verdict = "ok" if step.rc == 0 else "FAILED (rc=%s)" % step.rc
    say("%-22s %s in %.0f s (CPU %.0f s)%s" % (step.name, verdict, step.wall, step.cpu,
                                               "  [%s]" % step.note if step.note else ""))
    if step.rc != 0:
        where = os.path.relpath(log_path(step), ROOT)
        print("----- the end of %s -----\n%s----- (all of it: %s)" % (step.name, tail(log_path(step)), where))


def say(text):
    """One console line with the time of day."""
    print("[%s] %s" % (time.strftime("%H:%M:%S"), text), flush=True)


# ---------------------------------------------------------------------------------------------------------------
# the scheduler
# ---------------------------------------------------------------------------------------------------------------


class Scheduler:
    """Starts steps in table order once their NEEDS passed and their slots are free; stops starting after a
    failure unless keep_going."""

    def __init__(self, steps, jobs, env, strict=False, keep_going=False):
        self.steps = steps
        self.by_name = {s.name: s for s in steps}
        self.jobs = jobs
        self.env = env
        self.strict = strict
        self.keep_going = keep_going
        self.done = queue.Queue()
        self.running = {}
        self.failed = False

    def ready(self, step):
        """True when STEP has not started and every step it needs passed."""
        if step.rc is not None or step.name in self.running:
            return False
        return all(self.by_name[n].rc == 0 for n in step.needs if n in self.by_name)

    def blocked(self, step):
        """True when a step that STEP needs failed or was left out: STEP cannot run."""
        return any(self.by_name[n].rc not in (None, 0) for n in step.needs if n in self.by_name)

    def free_slots(self):
        """Slots not taken by running steps."""
        return self.jobs - sum(min(s.slots, self.jobs) for s in self.running.values())

    def start_ready(self):
        """Start the steps that can start now, in table order; a ready step that needs more slots than are free
        holds back the steps after it (so that a two-slot step is not starved by one-slot steps)."""
        if self.failed and not self.keep_going:
            return
        for step in self.steps:
            if not self.ready(step) or self.blocked(step):
                continue
            if min(step.slots, self.jobs) > self.free_slots():
                return
            self.running[step.name] = step
            say("start %s" % step.name)
            threading.Thread(target=self._run, args=(step,), daemon=True).start()

    def _run(self, step):
        try:
            execute(step, self.env)
        finally:
            self.done.put(step)

    def run(self):
        """Run the table; return True when every step passed."""
        os.makedirs(LOGS, exist_ok=True)
        self.start_ready()
        while self.running:
            step = self.done.get()
            del self.running[step.name]
            finish(step, self.strict)
            self.failed = self.failed or step.rc != 0
            self.start_ready()
        return not self.failed and all(s.rc in (0, "skip") for s in self.steps)


# ---------------------------------------------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------------------------------------------


def python_version(python):
    """X.Y.Z of an interpreter."""
    return subprocess.run([python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                          capture_output=True, text=True, check=True).stdout.strip()


def core_pin(line):
    """The ansible-core version that tests/matrix/ansible-core-LINE.txt pins."""
    with open(os.path.join(ROOT, "tests", "matrix", "ansible-core-%s.txt" % line), encoding="utf-8") as handle:
        return re.search(r"^ansible-core==(\S+)", handle.read(), re.M).group(1)


def supported_lines():
    """[(line, [Pythons])] from tests/matrix/versions.txt, oldest first."""
    with open(os.path.join(ROOT, "tests", "matrix", "versions.txt"), encoding="utf-8") as handle:
        rows = [line.split() for line in handle if line.strip() and not line.startswith("#")]
    return [(row[0], row[1:]) for row in rows]


def find_python(versions):
    """The path of the first of VERSIONS (oldest first) that the machine has (scripts/find-python.sh), or None."""
    for version in versions:
        found = subprocess.run(["bash", os.path.join(ROOT, "scripts", "find-python.sh"), version],
                               capture_output=True, text=True, check=False)
        if found.returncode == 0:
            return found.stdout.strip()
    return None


def copy_command(dest):
    """Copy the tree (tracked + untracked-not-ignored files that exist) to DEST, as ansible-test needs it."""
    return ("mkdir -p %(d)s && git -C %(r)s ls-files -z --cached --others --exclude-standard"
            " | python3 -c 'import os,sys; sys.stdout.write(\"\".join(f + \"\\0\" for f in"
            " sys.stdin.read().split(\"\\0\") if f and os.path.lexists(f)))'"
            " | tar --null --no-recursion -T - -cf - | tar -xf - -C %(d)s"
            " && echo copied $(find %(d)s -type f | wc -l) files to %(d)s") % {"d": shlex.quote(dest),
                                                                               "r": shlex.quote(ROOT)}


# The other ansible-core lines run the integration targets with this alias only: the targets whose outcome can
# differ between lines (module_defaults groups, no_log and secrets in -vvv output, check and diff mode, the failure
# path, every identity option), while the legacy catalogue and inventory targets run on ./.venv's line alone (their
# modules' code is the same on every line, and the units of every line run them through AnsibleModule).
EVERY_LINE_ALIAS = "every_core_line"


def line_steps(prefix, work, test_args, needs, venv_bin, targets=""):
    """sanity, units, integration (TARGETS: all when empty) and the secrets scan of its log, for one ansible-core
    line. Each ansible-test command runs in a copy of its own: ansible-test keeps its venvs and results in the copy
    (tests/output)."""
    env = {"PATH": venv_bin + os.pathsep + os.environ.get("PATH", ""), "VIRTUAL_ENV": os.path.dirname(venv_bin)}
    test = "ansible-test %s " + " ".join(test_args)
    integration = Step(prefix + "integration", "", needs=needs, env=env, skips="ansible-test", priority=1)
    log = os.path.join(work, slug(integration.name), "integration.log")
    # -vvv into a log for the secrets scan; ansible-core 2.21 leaves the (masked) arguments out of each result
    integration.command = in_copy(work, integration.name, (test % "integration") + (" " + targets if targets else "")
                                  + " -vvv 2>&1 | tee " + shlex.quote(log))
    return [
        Step(prefix + "sanity", in_copy(work, prefix + "sanity", test % "sanity"), needs=needs, env=env,
             skips="ansible-test", priority=3),
        Step(prefix + "units", in_copy(work, prefix + "units", test % "units"), needs=needs, env=env,
             skips="ansible-test", priority=3),
        integration,
        Step(prefix + "secrets", [sys.executable, os.path.join(ROOT, "tests", "security", "scan_secrets.py"), log,
                                  "--secret", EMULATOR_KEY], needs=(prefix + "integration",), priority=1),
    ]


def slug(name):
    """A step name as a file name: "2.19 units" -> "2.19-units"."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name)


def in_copy(work, name, command):
    """COMMAND run in a fresh copy of the tree at $WORK/<name>/ansible_collections/acs/administration: ansible-test
    and molecule need the collection under ansible_collections/<namespace>/<name>/."""
    dest = os.path.join(work, slug(name), COPY_REL)
    return copy_command(dest) + " && cd " + shlex.quote(dest) + " && " + command


def main_steps(work):
    """The steps on ./.venv's ansible-core line (it runs everything), and the rest that needs one line only."""
    py = "%d.%d" % sys.version_info[:2]
    venv_bin = os.path.dirname(sys.executable)
    args = ["--venv", "--python", py, "--color", "no"]
    # -rs: the SKIPPED lines the skip check reads; --durations: where the time of the step went
    pytest = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", "--durations=15"]
    steps = [
        Step("venv", "true", rc=0, wall=float(os.environ.get("RUN_ALL_VENV_SECONDS") or 0),
             note="scripts/ensure-venv.sh, before the runner (tests/run-all.sh)"),
        Step("tools", "command -v shellcheck && shellcheck --version | sed -n 2p", priority=0),
        Step("pip-shim", ["bash", "tests/utils/ansible-test-offline-pip.sh"], priority=0),
        Step("complexity", "out=$(radon cc -n D -s -e 'bench/out/*' plugins tests/emulator/acs_emulator tests/runner bench);"
                           " if [ -n \"$out\" ]; then echo \"complexity D or worse (radon cc -n D):\"; echo \"$out\";"
                           " exit 1; fi; echo 'no function of complexity D or worse'", priority=0),
        # pycodestyle and pyflakes (.flake8) over the tests and bench too, which sanity does not read
        Step("style", [os.path.join(venv_bin, "flake8"), "plugins", "tests", "bench"], priority=0),
    ]
    steps += line_steps("", work, args, ("pip-shim", "tools"), venv_bin)
    steps += [
        Step("pytest", pytest + ["-n", "2", "tests/emulator/tests", "tests/runner"], slots=2, skips="pytest",
             priority=2),
        # faults, kill -9, retries, bad input, secrets at -vvv, TLS; about 40 % of it is waiting: 3 workers
        Step("resilience", pytest + ["-n", "3", "tests/resilience", "tests/security"], slots=2, skips="pytest",
             priority=1),
        Step("awx", pytest + ["tests/awx"], skips="pytest", priority=3),
        Step("ansible-lint", ["ansible-lint"]),
        Step("changelog", ["antsibull-changelog", "lint"]),
        Step("docs-lint", ["bash", "scripts/docs.sh", "check", os.path.join(work, "docs")]),
        Step("package", ["bash", "tests/utils/package-check.sh", os.path.join(work, "package")]),
        # mostly waiting (emulator clocks, the SDK's fixed poll interval): started early, beside the CPU-bound steps
        Step("bench-smoke", [sys.executable, "bench/run.py", "--smoke"], priority=2),
    ]
    for scenario in molecule_scenarios():
        name = "molecule " + scenario
        steps.append(Step(name, in_copy(work, name, "molecule test -s " + scenario), skips="molecule", priority=4))
    return steps


def molecule_scenarios():
    """The scenarios under extensions/molecule (a folder with a molecule.yml)."""
    base = os.path.join(ROOT, "extensions", "molecule")
    return sorted(d for d in os.listdir(base) if os.path.isfile(os.path.join(base, d, "molecule.yml")))


def matrix_steps(work, strict):
    """Every other supported ansible-core line on the oldest of its Pythons that the machine has, in its own venv
    (.venv-matrix/ansible-core-<line>) and copy of the tree. Returns (steps, {line: (core, python, note)})."""
    main_line = ".".join(core_version().split(".")[:2])
    steps, lines = [], {}
    for line, pythons in supported_lines():
        if line == main_line:
            continue
        python = None if os.environ.get("MATRIX") == "0" and not strict else find_python(pythons)
        reason = "MATRIX=0" if os.environ.get("MATRIX") == "0" else "no Python %s on this machine" % ", ".join(pythons)
        if python is None:
            lines[line] = (core_pin(line), "-", "skipped: " + reason)
            steps.append(Step(line + " setup", "echo %s; exit %d" % (shlex.quote(reason), 1 if strict else 0),
                              rc=None if strict else "skip", note=reason))
            continue
        venv = os.path.join(ROOT, ".venv-matrix", "ansible-core-" + line)
        setup = ("bash scripts/ensure-venv.sh {v} tests/matrix/ansible-core-{l}.txt {p} && {v}/bin/python -m pip check"
                 " && {v}/bin/ansible --version | sed -n 1p && PATH={v}/bin:$PATH && command -v shellcheck"
                 " && PYTHON={v}/bin/python bash tests/utils/ansible-test-offline-pip.sh"
                 ).format(v=shlex.quote(venv), l=line, p=shlex.quote(python))
        steps.append(Step(line + " setup", setup, priority=0))
        version = python_version(python)
        args = ["--venv", "--python", ".".join(version.split(".")[:2]), "--color", "no"]
        steps += line_steps(line + " ", work, args, (line + " setup",), os.path.join(venv, "bin"), EVERY_LINE_ALIAS + "/")
        lines[line] = (core_pin(line), version, "")
    return steps, lines


def core_version():
    """The ansible-core version of the Python that runs this (./.venv's)."""
    from ansible.release import __version__  # pylint: disable=import-outside-toplevel
    return __version__


# ---------------------------------------------------------------------------------------------------------------
# the report
# ---------------------------------------------------------------------------------------------------------------


def result_of(steps, name):
    """passed / FAILED / skipped / not run for the step NAME."""
    for step in steps:
        if step.name == name:
            return {0: "passed", "skip": "skipped", None: "not run"}.get(step.rc, "FAILED")
    return "not run"


def report(steps, lines, started):
    """The step table, the ansible-core lines' table and the last line; returns the number of failed steps."""
    print("\n%-22s %5s %8s %8s  %s" % ("step", "rc", "wall s", "CPU s", ""))
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for step in steps:
        if step.note == NOT_SELECTED:
            continue
        rc = "-" if step.rc is None else step.rc
        print("%-22s %5s %8.1f %8.1f  %s" % (step.name, rc, step.wall, step.cpu, step.note))
        key = "passed" if step.rc == 0 else "skipped" if step.rc in (None, "skip") else "failed"
        counts[key] += 1
    print("\n%-14s %-8s %-8s %-8s %-12s %s" % ("ansible-core", "python", "sanity", "units", "integration", ""))
    for line in sorted(lines, key=lambda v: [int(x) for x in v.split(".")]):
        core, python, note = lines[line]
        prefix = "" if note == "./.venv: every step" else line + " "
        results = [result_of(steps, prefix + level) for level in ("sanity", "units", "integration")]
        print("%-14s %-8s %-8s %-8s %-12s %s" % tuple([core, python] + results + [note]))
    print("\nwall time %.0f s; CPU time of the steps %.0f s; logs in %s" % (
        time.monotonic() - started, sum(s.cpu for s in steps), os.path.relpath(LOGS, ROOT)))
    print("run-all: %(passed)d passed, %(failed)d failed, %(skipped)d skipped" % counts)
    return counts["failed"]


# ---------------------------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------------------------


def select(steps, only):
    """Keep the steps named in ONLY (all when empty); the others are left out of the run."""
    if not only:
        return steps
    unknown = set(only) - {s.name for s in steps}
    if unknown:
        raise SystemExit("no step named %s; --list shows them" % ", ".join(sorted(unknown)))
    for step in steps:
        if step.name not in only:
            step.rc, step.note = "skip", NOT_SELECTED
        step.needs = tuple(n for n in step.needs if n in only)
    return steps


def environment():
    """The environment every step starts from."""
    env = dict(os.environ)
    env.update(ANSIBLE_LINT_SKIP_SCHEMA_UPDATE="1", ANSIBLE_NOCOLOR="1", PY_COLORS="0", NO_COLOR="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    venv_bin = os.path.dirname(sys.executable)
    env["PATH"] = venv_bin + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = os.path.dirname(venv_bin)
    return env


def main(argv=None):
    """Run the table (or list it); exit status 1 when a step failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--list", action="store_true", help="list the steps and exit")
    parser.add_argument("--only", action="append", default=[], help="run only this step (repeatable)")
    opts = parser.parse_args(argv)
    strict = bool(os.environ.get("CI"))
    work = tempfile.mkdtemp(prefix="acs-run-all.")
    core = core_version()
    steps = main_steps(work)
    extra, lines = matrix_steps(work, strict)
    steps += extra
    lines[".".join(core.split(".")[:2])] = (core, python_version(sys.executable), "./.venv: every step")
    steps.sort(key=lambda s: s.priority)
    if opts.list:
        for step in steps:
            print("%-22s slots %d  needs %-40s %s" % (step.name, step.slots, ", ".join(step.needs) or "-",
                                                      step.cwd.replace(work, "$WORK")))
        return 0
    select(steps, opts.only)
    started = time.monotonic()
    # one slot more than cores: most steps wait for a part of their time (emulator clocks, Retry-After, polls)
    jobs = int(os.environ.get("JOBS") or (os.cpu_count() or 1) + 1)
    say("ansible-core %s on Python %s (%s); %d slots; work dir %s" % (
        core, python_version(sys.executable), sys.executable, jobs, work))
    ok = Scheduler(steps, jobs, environment(), strict, bool(os.environ.get("KEEP_GOING"))).run()
    failed = report(steps, lines, started)
    if failed or os.environ.get("KEEP_WORK"):
        print("work dir kept: %s" % work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
