# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one ISO 8601 date-time parser: the service's dates (7 fractional digits) and the users' (tokens_valid_from).

No Ansible imports.
"""

from __future__ import annotations

import datetime
import re

_FRACTION = re.compile(r"\.(\d+)")


def parse_datetime(text):
    """An ISO 8601 date-time as an aware UTC datetime; a value without an offset is taken as UTC.

    Accepts 'Z', a space instead of 'T' and any number of fractional digits (Python before 3.11 takes at most 6;
    the service sends 7). Raises ValueError with a sentence a user can act on.
    """
    value = str(text or "").strip()
    if "T" not in value and " " in value:
        value = value.replace(" ", "T", 1)
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    value = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), value, count=1)
    try:
        when = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("%r is not an ISO 8601 date-time such as 2024-05-01T12:00:00Z." % (text,)) from None
    if "T" not in value:
        raise ValueError("%r is a date without a time; give a date-time such as 2024-05-01T12:00:00Z." % (text,))
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when.astimezone(datetime.timezone.utc)


def epoch_or_none(text):
    """Epoch seconds of an API date-time, or None when it is missing or unreadable."""
    if not isinstance(text, str):
        return None
    try:
        return parse_datetime(text).timestamp()
    except ValueError:
        return None


def wire_utc(when):
    """A datetime in the UTC form the service takes: 2020-10-10T00:00:00.000Z."""
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (when.microsecond // 1000)
