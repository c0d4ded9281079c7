"""SQLite persistence: one connection, one lock, JSON documents per entity."""

import contextlib
import json
import os
import sqlite3
import threading

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, created REAL NOT NULL, deleted REAL, tokens_valid_from REAL,
                                  custom_id TEXT, last_token REAL);
CREATE TABLE IF NOT EXISTS tokens (hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, issued REAL NOT NULL);
CREATE TABLE IF NOT EXISTS ops (id TEXT PRIMARY KEY, kind TEXT NOT NULL, seq INTEGER NOT NULL, due REAL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ops_due ON ops (due);
CREATE INDEX IF NOT EXISTS ops_kind ON ops (kind, seq);
CREATE TABLE IF NOT EXISTS numbers (number TEXT PRIMARY KEY, state TEXT NOT NULL, owner TEXT, seq INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requests (seq INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);
"""

# Columns added after the first release: (table, column, type); a state file from before gets them at start.
ADDED_COLUMNS = (("users", "custom_id", "TEXT"), ("users", "last_token", "REAL"))

# Tables wiped by reset (meta keeps the resource identity, token secret and clock).
RESET_TABLES = ("counters", "users", "tokens", "ops", "numbers", "requests")


class Store:
    """Thread-safe SQLite store. Use `with store.tx():` around every unit of work."""

    def __init__(self, path=None):
        self.path = path or ":memory:"
        if path:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        self._depth = 0
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(SCHEMA)
        for table, column, kind in ADDED_COLUMNS:
            if column not in [row[1] for row in self._conn.execute("PRAGMA table_info(%s)" % table)]:
                self._conn.execute("ALTER TABLE %s ADD COLUMN %s %s" % (table, column, kind))

    @contextlib.contextmanager
    def tx(self):
        """A transaction; nested use joins the outer one. Rolls back on any exception."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if outer:
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._conn.execute("COMMIT")

    def execute(self, sql, params=()):
        """Run one statement inside the current transaction."""
        with self._lock:
            return self._conn.execute(sql, params)

    def all(self, sql, params=()):
        """All rows of a query."""
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def one(self, sql, params=()):
        """The first row of a query or None."""
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def close(self):
        """Close the connection."""
        with self._lock:
            self._conn.close()

    # meta: small JSON values
    def get_meta(self, key, default=None):
        """Read a JSON value from meta."""
        row = self.one("SELECT value FROM meta WHERE key = ?", (key,))
        return default if row is None else json.loads(row[0])

    def set_meta(self, key, value):
        """Write a JSON value to meta."""
        self.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def del_meta(self, key):
        """Remove a meta value."""
        self.execute("DELETE FROM meta WHERE key = ?", (key,))

    # counters
    def incr(self, name, by=1):
        """Increase a counter."""
        self.execute("INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + ?",
                     (name, by, by))

    def counter(self, name):
        """Read a counter (0 when unset)."""
        row = self.one("SELECT value FROM counters WHERE name = ?", (name,))
        return 0 if row is None else row[0]

    def counters(self, prefix):
        """All counters whose name starts with prefix, keyed by the rest of the name."""
        rows = self.all("SELECT name, value FROM counters WHERE substr(name, 1, ?) = ? ORDER BY name", (len(prefix), prefix))
        return {name[len(prefix):]: value for name, value in rows}

    def next_seq(self, name):
        """A monotonically increasing sequence number."""
        self.incr("seq:" + name)
        return self.counter("seq:" + name)

    # long-running operations (searches, releases, capability updates)
    def put_op(self, kind, op_id, data, due, seq=None):
        """Insert or update an operation document."""
        if seq is None:
            row = self.one("SELECT seq FROM ops WHERE id = ?", (op_id,))
            seq = row[0] if row else self.next_seq("ops")
        self.execute("INSERT OR REPLACE INTO ops (id, kind, seq, due, data) VALUES (?, ?, ?, ?, ?)",
                     (op_id, kind, seq, due, json.dumps(data)))

    def get_op(self, kind, op_id):
        """An operation document or None."""
        row = self.one("SELECT data FROM ops WHERE id = ? AND kind = ?", (op_id, kind))
        return None if row is None else json.loads(row[0])

    def list_ops(self, kind, skip, take, newest_first=False):
        """A page of operation documents in creation order, or newest first (as the 2020 service listed searches and
        releases)."""
        order = "DESC" if newest_first else "ASC"
        rows = self.all("SELECT data FROM ops WHERE kind = ? ORDER BY seq %s LIMIT ? OFFSET ?" % order, (kind, take, skip))
        return [json.loads(r[0]) for r in rows]

    def next_due(self, now):
        """The earliest operation whose next transition is due at or before now: (kind, id, due, data)."""
        row = self.one("SELECT kind, id, due, data FROM ops WHERE due IS NOT NULL AND due <= ? ORDER BY due, seq LIMIT 1", (now,))
        return None if row is None else (row[0], row[1], row[2], json.loads(row[3]))

    # numbers that are not available (reserved or acquired)
    def put_number(self, number, state, owner, data):
        """Insert or update a held number."""
        row = self.one("SELECT seq FROM numbers WHERE number = ?", (number,))
        seq = row[0] if row else self.next_seq("numbers")
        self.execute("INSERT OR REPLACE INTO numbers (number, state, owner, seq, data) VALUES (?, ?, ?, ?, ?)",
                     (number, state, owner, seq, json.dumps(data)))

    def get_number(self, number):
        """(state, owner, data) of a held number or None."""
        row = self.one("SELECT state, owner, data FROM numbers WHERE number = ?", (number,))
        return None if row is None else (row[0], row[1], json.loads(row[2]))

    def del_number(self, number):
        """Return a number to the pool."""
        self.execute("DELETE FROM numbers WHERE number = ?", (number,))

    def held_numbers(self, candidates):
        """The subset of candidates that are held."""
        held = set()
        cand = list(candidates)
        for i in range(0, len(cand), 500):
            chunk = cand[i:i + 500]
            marks = ",".join("?" * len(chunk))
            held.update(r[0] for r in self.all("SELECT number FROM numbers WHERE number IN (%s)" % marks, chunk))
        return held

    def acquired(self, skip, take):
        """A page of acquired numbers: list of (number, data)."""
        rows = self.all("SELECT number, data FROM numbers WHERE state = 'acquired' ORDER BY seq LIMIT ? OFFSET ?", (take, skip))
        return [(r[0], json.loads(r[1])) for r in rows]

    def count_numbers(self, state):
        """How many numbers are in a state."""
        return self.one("SELECT COUNT(*) FROM numbers WHERE state = ?", (state,))[0]

    # request log
    def log_request(self, entry):
        """Append a request log entry."""
        self.execute("INSERT INTO requests (data) VALUES (?)", (json.dumps(entry),))

    def requests(self):
        """The request log, oldest first."""
        return [json.loads(r[0]) for r in self.all("SELECT data FROM requests ORDER BY seq")]

    def clear_requests(self):
        """Empty the request log."""
        self.execute("DELETE FROM requests")

    def reset(self):
        """Wipe all state except the resource identity, token secret and clock."""
        for table in RESET_TABLES:
            self.execute("DELETE FROM %s" % table)
        self.del_meta("faults")
        self.del_meta("failures")
