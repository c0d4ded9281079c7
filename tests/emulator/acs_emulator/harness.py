"""Start, control and stop one emulator process: the one launcher of the Python test suites and the benchmarks.

    from acs_emulator.harness import Emulator

    with Emulator("/tmp/work", speed=50) as emu:       # started on a free port, ready when the `with` body runs
        emu.connection_string, emu.ca, emu.url         # from the --env-file lines
        emu.reset()                                     # POST /_emulator/reset
        emu.faults(rate=1, kinds=["503"])               # any /_emulator/... route: emu.control(method, path, body)
    # stopped (SIGTERM, then SIGKILL after 15 s)

It needs `requests` only (the emulator process itself needs its requirements.txt).

The same from a shell (the demo, molecule's prepare, the setup_emulator integration target, make test's package step):

    PYTHONPATH=tests/emulator python -m acs_emulator.harness start --dir DIR [--speed 50] [--state FILE] [--port N]
                                                                  [--idle-exit S] [-- more emulator options]
        starts it in the background (its own session: it outlives this command), waits until it is ready and prints
        its env lines (ACS_CONNECTION_STRING=..., ACS_EMULATOR_CA=..., ACS_EMULATOR_URL=..., ACS_EMULATOR_PID=...),
        which stay in DIR/emulator.env; its log is DIR/emulator.log
    ... harness reset --dir DIR [--clock]      POST /_emulator/reset to the emulator of DIR
    ... harness stop --dir DIR                 stop the emulator of DIR (SIGTERM, SIGKILL after 15 s), remove its env file
"""

import argparse

import base64
import email.utils
import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import time

import requests

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "acs-emulator")
# POSTs of the APIs that only read (the rest of POST/PUT/PATCH/DELETE change something).
READ_POSTS = ("PhoneNumberAdministration_GetNumberConfiguration", "PhoneNumberAdministration_GetAllAreaCodes")
WRITE_METHODS = ("POST", "PATCH", "PUT", "DELETE")


class EmulatorError(RuntimeError):
    """The emulator did not start, or a control request failed."""


def read_env_file(path):
    """The KEY=value lines of an --env-file as a dict (the connection string holds ';' and '=': split once)."""
    with open(path, encoding="utf-8") as handle:
        return dict(line.rstrip("\n").split("=", 1) for line in handle if "=" in line)


def sign(key, method, path_and_query, date, host, body):
    """Return (content hash, signature) of a request the ACS way (HMAC-SHA256 with the base64 access key)."""
    content_hash = base64.b64encode(hashlib.sha256(body).digest()).decode()
    to_sign = "%s\n%s\n%s;%s;%s" % (method, path_and_query, date, host, content_hash)
    return content_hash, base64.b64encode(hmac.new(base64.b64decode(key), to_sign.encode(), hashlib.sha256).digest()).decode()


class Emulator:  # pylint: disable=too-many-instance-attributes
    """One emulator process on port 0 (a free port) unless told otherwise.

    workdir holds the env file and, unless `pipe` is set, the process's log (<name>.log). `args` are more command line
    options (e.g. "--no-tls", "--catalog", path). With `pipe` stdout and stderr are pipes the caller reads.
    """

    error = EmulatorError

    def __init__(self, workdir, *args, speed=None, state=None, port=0, idle_exit=900, pipe=False, name="emulator",
                 detach=False):
        self.workdir = str(workdir)
        self.extra_args = [str(a) for a in args]
        self.speed = speed
        self.state = None if state is None else str(state)
        self.port = port
        self.idle_exit = idle_exit
        self.pipe = pipe
        self.detach = detach  # a session of its own, stdin from /dev/null: it outlives the process that started it
        self.name = name
        self.env_file = os.path.join(self.workdir, name + ".env")
        self.log_file = os.path.join(self.workdir, name + ".log")
        self.proc = None
        self.env = {}
        self.session = requests.Session()

    # -- process -----------------------------------------------------------------------------------------------
    def command(self):
        """The command line of the process."""
        args = [sys.executable, SCRIPT, "--port", str(self.port), "--env-file", self.env_file]
        if self.speed is not None:
            args += ["--speed", str(self.speed)]
        if self.state is not None:
            args += ["--state", self.state]
        if self.idle_exit:
            args += ["--idle-exit", str(self.idle_exit)]
        return args + self.extra_args

    def start(self, timeout=30):
        """Start the process and wait until it is ready (its env file is written); returns self."""
        self.launch()
        return self.wait_ready(timeout)

    def launch(self):
        """Start the process without waiting."""
        os.makedirs(self.workdir, exist_ok=True)
        if os.path.exists(self.env_file):
            os.remove(self.env_file)
        if self.pipe:
            self.proc = subprocess.Popen(self.command(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,  # pylint: disable=consider-using-with
                                         text=True)
            return
        detached = {"stdin": subprocess.DEVNULL, "start_new_session": True} if self.detach else {}
        with open(self.log_file, "ab") as log:
            self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,  # pylint: disable=consider-using-with
                                         **detached)

    def wait_ready(self, timeout=30):
        """Wait for the env file (written atomically once the server listens) and read it; returns self."""
        deadline = time.monotonic() + timeout
        while not os.path.exists(self.env_file):
            if self.proc.poll() is not None:
                raise self.error("the emulator exited (rc %s) before it was ready%s" % (self.proc.returncode, self._log_hint()))
            if time.monotonic() > deadline:
                self.stop()
                raise self.error("the emulator was not ready within %s s%s" % (timeout, self._log_hint()))
            time.sleep(0.02)
        self.env = read_env_file(self.env_file)
        self.port = int(self.url.rsplit(":", 1)[1])
        return self

    def _log_hint(self):
        if self.pipe:
            return ""
        with open(self.log_file, encoding="utf-8", errors="replace") as log:
            return "; %s ends with:\n%s" % (self.log_file, log.read()[-2000:])

    def running(self):
        """Whether the process is alive."""
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Stop the process with `sig` (SIGKILL after `timeout` s); returns its exit code (None if never started)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()
        finally:
            for stream in (self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()

    def kill9(self):
        """SIGKILL: no cleanup; whatever is in flight stays in flight (and resumes after a restart on the same state)."""
        self.proc.kill()
        self.proc.wait(timeout=10)

    def restart(self, timeout=30):
        """Start again on the same port (and state file, if any), retrying while the port is still held."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.start(timeout=timeout)
            except EmulatorError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def attach(self):
        """Take the connection of the emulator that runs on this workdir's env file (started by another process);
        returns self."""
        self.env = read_env_file(self.env_file)
        self.port = int(self.url.rsplit(":", 1)[1])
        return self

    def __enter__(self):
        return self.start() if self.proc is None else self

    def __exit__(self, *exc):
        self.stop()

    # -- connection --------------------------------------------------------------------------------------------
    @property
    def url(self):
        """ACS_EMULATOR_URL: https://127.0.0.1:<port> (http with --no-tls)."""
        return self.env["ACS_EMULATOR_URL"]

    @property
    def connection_string(self):
        """ACS_CONNECTION_STRING: endpoint=...;accesskey=..."""
        return self.env["ACS_CONNECTION_STRING"]

    @property
    def ca(self):
        """ACS_EMULATOR_CA: the CA certificate path ("" with --no-tls)."""
        return self.env.get("ACS_EMULATOR_CA", "")

    @property
    def access_key(self):
        """The access key of the connection string."""
        return self.connection_string.split("accesskey=", 1)[1]

    def client_env(self):
        """Environment variables a module (ACS_*) or an SDK script (REQUESTS_CA_BUNDLE) reads to reach this emulator."""
        env = {"ACS_CONNECTION_STRING": self.connection_string}
        if self.ca:
            env["ACS_CA_PATH"] = self.ca
            env["REQUESTS_CA_BUNDLE"] = self.ca
        return env

    # -- the signed APIs --------------------------------------------------------------------------------------------
    def call(self, method, path, query=None, body=None, headers=None, raw_body=None, sign_with=None, date=None, host=None,
             sign_path=None):
        """A signed request to the emulated service; returns the requests.Response. `query` is the raw query string
        (api-version included); sign_with, date, host and sign_path replace what is signed, for tests of the signature."""
        target = path + ("?" + query if query else "")
        data = raw_body if raw_body is not None else (b"" if body is None else json.dumps(body).encode())
        date = date or email.utils.formatdate(usegmt=True)
        content_hash, signature = sign(sign_with or self.access_key, method, sign_path or target, date,
                                       host or self.url.split("://", 1)[1], data)
        hdrs = {"x-ms-date": date, "x-ms-content-sha256": content_hash,
                "Authorization": "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + signature,
                "Content-Type": "application/json"}
        hdrs.update(headers or {})
        return self.session.request(method, self.url + target, data=data, headers=hdrs, verify=self.ca or False, timeout=30)

    # -- control API (/_emulator/..., see the emulator's README) ------------------------------------------------
    def control(self, method, path, body=None, timeout=60):
        """One control request; returns its JSON body (None when empty). A status other than 2xx raises self.error."""
        response = self.session.request(method, self.url + "/_emulator/" + path, json=body, timeout=timeout,
                                        verify=self.ca or False)  # no CA: --no-tls
        if not 200 <= response.status_code < 300:
            raise self.error("emulator control %s %s answered %d: %s"
                             % (method, path, response.status_code, response.text[:500]))
        return response.json() if response.content else None

    def health(self):
        return self.control("GET", "health")

    def reset(self, clock=False):
        """Wipe users, tokens, numbers, operations, faults, failures, request log and stats; with `clock` also set the
        simulated clock back to the wall clock (as if the process had just started)."""
        return self.control("POST", "reset", {"clock": True} if clock else None)

    def stats(self):
        return self.control("GET", "stats")

    def clock(self):
        return self.control("GET", "clock")["now"]

    def advance(self, seconds):
        """Move the simulated clock forward; due transitions happen at once."""
        return self.control("POST", "clock/advance", {"seconds": seconds})

    def requests(self):
        """The request log: [{method, path, query, status, time, operation, fault, auth}]."""
        return self.control("GET", "requests")["requests"]

    def clear_requests(self):
        self.control("DELETE", "requests")

    def writes(self):
        """The logged requests that change something."""
        return [r for r in self.requests() if r["method"] in WRITE_METHODS and r["operation"] not in READ_POSTS]

    def faults(self, **config):
        """PUT /_emulator/faults (rate, kinds, operations, retry_after, latency_ms, seed); returns the normalized config."""
        return self.control("PUT", "faults", config)["faults"]

    def clear_faults(self):
        self.control("DELETE", "faults")

    def throttle(self, **config):
        """PUT /_emulator/throttle (optional window, limits): 429 + Retry-After over the documented limits."""
        return self.control("PUT", "throttle", config)["throttle"]

    def clear_throttle(self):
        """DELETE /_emulator/throttle."""
        return self.control("DELETE", "throttle")

    def failures(self, **config):
        """PUT /_emulator/failures: operations accepted that end badly (release, search, capabilities)."""
        return self.control("PUT", "failures", config)["failures"]

    def clear_failures(self):
        self.control("DELETE", "failures")

    def timing(self, mode, seed=None):
        """PUT /_emulator/timing: fixed or recorded durations of the 2025-06-01 phone number operations."""
        body = {"mode": mode} if seed is None else {"mode": mode, "seed": seed}
        return self.control("PUT", "timing", body)["timing"]

    def operation(self, op_id):
        """A 2025-06-01 operation's schedule (steps and terminalAt in wall-clock epoch seconds)."""
        return self.control("GET", "operations/" + op_id)

    def verify_token(self, token):
        """POST /_emulator/tokens/verify."""
        return self.control("POST", "tokens/verify", {"token": token})


# -- the command line ------------------------------------------------------------------------------------------------
def _is_emulator(pid):
    """Whether PID runs the emulator and has not exited (a zombie has); where /proc is missing, whether it exists."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            alive = b"acs-emulator" in handle.read()
        with open("/proc/%d/stat" % pid, encoding="utf-8") as handle:
            return alive and handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def stop_pid(pid, timeout=15):
    """Stop the emulator process PID started by another process: SIGTERM, SIGKILL after `timeout` s. True if it ran."""
    if not _is_emulator(pid):
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _is_emulator(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 5
        time.sleep(0.05)
    return True


def _start(args):
    emu = Emulator(args.dir, *args.emulator_args, speed=args.speed, state=args.state, port=args.port,
                   idle_exit=args.idle_exit, name=args.name, detach=True)
    emu.start(timeout=args.timeout)
    with open(emu.env_file, encoding="utf-8") as handle:
        sys.stdout.write(handle.read())
    return 0


def _stop(args):
    emu = Emulator(args.dir, name=args.name)
    if not os.path.exists(emu.env_file):
        print("no emulator runs on %s (no %s)" % (args.dir, emu.env_file))
        return 0
    pid = int(read_env_file(emu.env_file).get("ACS_EMULATOR_PID", 0))
    print("stopped the emulator (pid %d)" % pid if stop_pid(pid) else "the emulator (pid %d) had exited already" % pid)
    os.remove(emu.env_file)
    return 0


def _reset(args):
    print(json.dumps(Emulator(args.dir, name=args.name).attach().reset(clock=args.clock)))
    return 0


def main(argv=None):
    """python -m acs_emulator.harness start|stop|reset --dir DIR ...: see the module's docstring."""
    parser = argparse.ArgumentParser(prog="python -m acs_emulator.harness", description="Start, reset and stop one ACS emulator.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, run, text in (("start", _start, "start it in the background and print its env lines"),
                            ("stop", _stop, "stop it"), ("reset", _reset, "wipe its state")):
        command = commands.add_parser(name, help=text)
        command.set_defaults(run=run)
        command.add_argument("--dir", required=True, help="its directory: <name>.env (connection) and <name>.log")
        command.add_argument("--name", default="emulator", help="file names in DIR (default: emulator)")
    start = commands.choices["start"]
    start.add_argument("--port", type=int, default=0, help="default 0: a free port")
    start.add_argument("--speed", type=float, help="divide the simulated service delays by this factor")
    start.add_argument("--state", help="SQLite state file (default: in memory)")
    start.add_argument("--idle-exit", type=float, default=900, help="exit after this many seconds without a request (default 900)")
    start.add_argument("--timeout", type=float, default=60, help="seconds to wait until it is ready (default 60)")
    start.add_argument("emulator_args", nargs="*", help="more emulator options, after --")
    commands.choices["reset"].add_argument("--clock", action="store_true", help="also set its clock back to the wall clock")
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except EmulatorError as exc:
        print("acs_emulator.harness %s: %s" % (args.command, exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
