# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The local record of token revocations: when acs_token last revoked the tokens of each user.

The identity API never tells whether a token was revoked: revoking changes nothing that a read returns (the
legacy API has no read at all; 2025-03-02-preview's `lastTokenIssuedAt` is the time of the last token issued, not of a
revocation). So `acs_token state=revoked` writes the time it revoked a user's tokens into a small JSON file on the host
that runs the module, and the reuse check of `state=present` refuses a token issued at or before that time.

The file maps user ids to epoch seconds: ``{"revoked": {"8:acs:...": 1714560000}}``. It never holds a token. Writes
take an exclusive lock and replace the file atomically, so parallel tasks (forks) do not lose each other's entries;
a record reached through a symbolic link is written through it. No Ansible imports.
"""

from __future__ import annotations

import email.utils
import json
import os
import tempfile

try:
    import fcntl
except ImportError:  # not POSIX: no lock; the modules run on POSIX hosts
    fcntl = None

DEFAULT_PATH = "~/.ansible/acs_revocations.json"


class RecordError(ValueError):
    """The record exists but cannot be read or written; the message names the file."""


def read(path):
    """{user_id: epoch seconds} from the record; {} when the file does not exist. Raises RecordError."""
    path = os.path.expanduser(path)
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise RecordError("the revocation record %s cannot be read (%s)" % (path, exc)) from None
    revoked = data.get("revoked") if isinstance(data, dict) else None
    if not isinstance(revoked, dict):
        raise RecordError("the revocation record %s is not a JSON object with a 'revoked' map" % path)
    return {k: v for k, v in revoked.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def revoked_at(path, user_id):
    """When the tokens of user_id were last revoked (epoch seconds), or None. Raises RecordError."""
    return read(path).get(user_id)


def check_usable(path):
    """Raise RecordError when the record exists but cannot be read, or its folder exists but cannot be written: what
    record() would fail on, told before a revocation is sent."""
    read(path)
    folder = os.path.dirname(os.path.realpath(os.path.expanduser(path))) or "."
    if os.path.isdir(folder) and not os.access(folder, os.W_OK | os.X_OK):
        raise RecordError("the folder %s of the revocation record cannot be written" % folder)


def record(path, user_id, when):
    """Write that the tokens of user_id issued up to `when` (epoch seconds) are revoked; keeps the later time. Raises RecordError.

    A path that is a symbolic link (a record shared by several hosts or projects) is written through the link: the
    lock, the temporary file and the atomic replace happen beside the file it points to, and the link stays."""
    path = os.path.realpath(os.path.expanduser(path))
    folder = os.path.dirname(path) or "."
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        with open(path + ".lock", "a", encoding="utf-8") as lock:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)
            revoked = read(path)
            revoked[user_id] = max(int(when), int(revoked.get(user_id, 0)))
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".acs_revocations.")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"revoked": revoked}, out, indent=1, sort_keys=True)
                out.write("\n")
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
    except OSError as exc:
        raise RecordError("the revocation record %s cannot be written (%s)" % (path, exc)) from None


def service_time(headers):
    """The service's clock from a response's Date header (epoch seconds), or None."""
    value = (headers or {}).get("Date")
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
