"""Start, query and stop one ACS emulator process (tests/emulator/acs-emulator) for a benchmark section."""

import json
import os
import sqlite3
import sys

from . import InvalidRun

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "emulator"))

from acs_emulator import harness  # noqa: E402  pylint: disable=wrong-import-position,import-error

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
    # SIP routing (2023-03-01 and 2024-11-15-preview): the one write is the merge-PATCH of /sip
    "SipRouting_Update",
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


class Emulator(harness.Emulator):
    """One emulator process on a free port (acs_emulator.harness); `state` (an SQLite path, wiped at each start) keeps its
    records readable from outside. Failures raise InvalidRun."""

    error = InvalidRun

    def __init__(self, workdir, speed=50.0, tls=True, state=None, name="emulator", extra_args=()):
        args = list(extra_args) if tls else ["--no-tls"] + list(extra_args)
        super().__init__(workdir, *args, speed=float(speed), state=state, name=name)
        self.tls = tls

    def start(self, timeout=60):
        """Start afresh: the state file of an earlier run is removed first."""
        for suffix in ("", "-wal", "-shm"):
            if self.state and os.path.exists(self.state + suffix):
                os.remove(self.state + suffix)
        return super().start(timeout)

    @property
    def ca(self):
        return self.env.get("ACS_EMULATOR_CA") or None

    def requests_log(self):
        """The request log, each entry with `t` (epoch seconds) added."""
        entries = self.requests()
        for entry in entries:
            entry["t"] = parse_log_time(entry["time"])
        return entries

    def clear_log(self):
        self.clear_requests()

    # -- the bulk onboarding sections' second pass: every request delayed --------------------------------------------
    def delay_requests(self, latency_ms):
        """Delay every request by latency_ms from now on (0: none)."""
        if latency_ms:
            self.faults(rate=1.0, kinds=["latency"], latency_ms=latency_ms, seed=1)

    def check_delayed(self, label, latency_ms, count):
        """With latency_ms, all `count` requests of the run must have been delayed; then no more delay."""
        if not latency_ms:
            return
        delayed = [e for e in self.requests_log() if e.get("fault") == "latency"]
        if len(delayed) != count:
            raise InvalidRun("%s: %d of %d requests were delayed by the latency fault" % (label, len(delayed), count))
        self.clear_faults()

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
