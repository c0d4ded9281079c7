"""Start, query and stop one ACS emulator process (tests/emulator/acs-emulator) for a benchmark section."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import requests

from . import InvalidRun

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EMULATOR = os.path.join(ROOT, "tests", "emulator", "acs-emulator")

WRITE_OPERATIONS = frozenset((
    "CommunicationIdentity_Create", "CommunicationIdentity_Delete", "CommunicationIdentity_Update",
    "CommunicationIdentity_IssueToken", "PhoneNumberAdministration_UpdateCapabilities",
    "PhoneNumberAdministration_ConfigureNumber", "PhoneNumberAdministration_UnconfigureNumber",
    "PhoneNumberAdministration_ReleasePhoneNumbers", "PhoneNumberAdministration_CreateSearch",
    "PhoneNumberAdministration_CancelSearch", "PhoneNumberAdministration_PurchaseSearch",
    # identity 2023-10-01 and phone numbers 2025-06-01
    "CommunicationIdentity_RevokeAccessTokens", "CommunicationIdentity_IssueAccessToken",
    "PhoneNumbers_CreateOrUpdateReservation", "PhoneNumbers_DeleteReservation", "PhoneNumbers_PurchaseReservation",
    "PhoneNumbers_ReleasePhoneNumber", "PhoneNumbers_UpdateCapabilities", "PhoneNumbers_SearchAvailablePhoneNumbers",
    "PhoneNumbers_PurchasePhoneNumbers", "PhoneNumbers_CancelOperation",
))


# Status reads of a long-running operation (legacy: the resource itself; current API: the operation resource).
POLL_OPERATIONS = frozenset(("PhoneNumberAdministration_GetSearchById", "PhoneNumberAdministration_GetReleaseById",
                             "PhoneNumberAdministration_GetCapabilitiesUpdate", "PhoneNumbers_GetOperation"))


def is_write(entry):
    """A request log entry that changes state (GetAllAreaCodes and GetNumberConfiguration are POST reads)."""
    return entry.get("operation") in WRITE_OPERATIONS


def short_op(operation):
    return (operation or "?").split("_", 1)[-1]


def count_requests(task, entries):
    """Requests of one task from the emulator log: total, writes, polls, reads (non-poll), operations."""
    mine = [e for e in entries if task["start"] <= e["t"] <= task["end"]]
    writes = [e for e in mine if is_write(e)]
    first_write = min((e["t"] for e in writes), default=None)
    polls_log = [e for e in mine if e["operation"] in POLL_OPERATIONS and first_write is not None and e["t"] > first_write]
    result = task["result"]
    # Status reads after the write, from the log. (A module's own `polls` figure counts its poller's reads; the read
    # some modules make right after the write is a status read too, and is counted here.)
    polls = len(polls_log)
    reported = (result.get("stats") or {}).get("requests")
    if isinstance(reported, int) and reported != len(mine):
        raise InvalidRun("task %r reports %d requests, the emulator logged %d in its time window"
                         % (task["task"], reported, len(mine)))
    return {"total": len(mine), "writes": len(writes), "polls": polls, "reads": len(mine) - len(writes) - polls,
            "changed": result.get("changed"), "ops": [short_op(e["operation"]) for e in mine],
            "statuses": [e["status"] for e in mine]}


def parse_log_time(text):
    """Epoch seconds of a request log time (2024-05-01T10:11:12.345Z)."""
    import datetime  # pylint: disable=import-outside-toplevel
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp()


class Emulator:
    """One emulator process on a free port; `state` (an SQLite path) keeps its records readable from outside."""

    def __init__(self, workdir, speed=50.0, tls=True, state=None, name="emulator", extra_args=()):
        self.workdir = workdir
        self.speed = float(speed)
        self.tls = tls
        self.state = state
        self.name = name
        self.extra_args = list(extra_args)
        self.proc = None
        self.env = {}

    # -- process ---------------------------------------------------------------------------------------------
    def start(self, timeout=60):
        os.makedirs(self.workdir, exist_ok=True)
        env_file = os.path.join(self.workdir, self.name + ".env")
        log_file = os.path.join(self.workdir, self.name + ".log")
        if os.path.exists(env_file):
            os.remove(env_file)
        args = [sys.executable, EMULATOR, "--port", "0", "--speed", repr(self.speed), "--env-file", env_file,
                "--idle-exit", "900"]
        if not self.tls:
            args.append("--no-tls")
        args += self.extra_args
        if self.state:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(self.state + suffix):
                    os.remove(self.state + suffix)
            args += ["--state", self.state]
        with open(log_file, "wb") as log:
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)  # pylint: disable=consider-using-with
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(env_file) and os.path.getsize(env_file) > 0:
                break
            if self.proc.poll() is not None:
                raise InvalidRun("the emulator exited (rc %s) before it was ready; see %s" % (self.proc.returncode, log_file))
            time.sleep(0.1)
        else:
            self.stop()
            raise InvalidRun("the emulator was not ready after %d s; see %s" % (timeout, log_file))
        with open(env_file, encoding="utf-8") as handle:
            for line in handle:
                key, _sep, value = line.rstrip("\n").partition("=")
                if key:
                    self.env[key] = value
        return self

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- connection ------------------------------------------------------------------------------------------
    @property
    def connection_string(self):
        return self.env["ACS_CONNECTION_STRING"]

    @property
    def ca(self):
        return self.env.get("ACS_EMULATOR_CA") or None

    @property
    def url(self):
        return self.env["ACS_EMULATOR_URL"]

    def client_env(self):
        """Environment variables a module (ACS_*) or an SDK script (REQUESTS_CA_BUNDLE) reads to reach this emulator."""
        env = {"ACS_CONNECTION_STRING": self.connection_string}
        if self.ca:
            env["ACS_CA_PATH"] = self.ca
            env["REQUESTS_CA_BUNDLE"] = self.ca
        return env

    # -- control API -----------------------------------------------------------------------------------------
    def control(self, method, path, body=None):
        response = requests.request(method, self.url + "/_emulator/" + path, json=body, verify=self.ca or True, timeout=60)
        if response.status_code != 200:
            raise InvalidRun("emulator control %s %s answered %d: %s" % (method, path, response.status_code, response.text[:200]))
        return response.json()

    def reset(self):
        return self.control("POST", "reset")

    def stats(self):
        return self.control("GET", "stats")

    def requests_log(self):
        """The request log, each entry with `t` (epoch seconds) added."""
        entries = self.control("GET", "requests")["requests"]
        for entry in entries:
            entry["t"] = parse_log_time(entry["time"])
        return entries

    def clear_log(self):
        self.control("DELETE", "requests")

    def operation(self, op_id):
        """A 2025-06-01 operation's schedule (GET /_emulator/operations/{id}): `steps` [{at, status}] and `terminalAt`,
        in wall-clock epoch seconds like the request log."""
        return self.control("GET", "operations/" + op_id)

    def set_timing(self, mode, seed=None):
        body = {"mode": mode}
        if seed is not None:
            body["seed"] = seed
        return self.control("PUT", "timing", body)["timing"]

    # -- records (read-only view of the SQLite state) -------------------------------------------------------
    def record(self, kind, op_id):
        """The stored document of a search, release or capabilities update, internal fields (_start...) included."""
        if not self.state:
            raise InvalidRun("records need an emulator started with a state file")
        conn = sqlite3.connect("file:%s?mode=ro" % self.state, uri=True, timeout=10)
        try:
            row = conn.execute("SELECT data FROM ops WHERE kind = ? AND id = ?", (kind, op_id)).fetchone()
            offset = conn.execute("SELECT value FROM meta WHERE key = 'clock_offset'").fetchone()
        finally:
            conn.close()
        if row is None:
            raise InvalidRun("the emulator has no %s record %s" % (kind, op_id))
        doc = json.loads(row[0])
        doc["_clock_offset"] = float(json.loads(offset[0])) if offset else 0.0
        return doc
