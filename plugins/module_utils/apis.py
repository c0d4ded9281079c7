# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which API module speaks which api-version. A new version is a new file next to the others and one entry here.

Each identity module names its token SCOPES and the module OPTIONS it has; option_error() and scope_error() turn a
request for something a version lacks into one sentence that names the version that has it.
"""

from __future__ import annotations

from . import (identity_2020_07_20_preview2, identity_2023_10_01, identity_2025_03_02_preview,
               phone_numbers_2020_07_20_preview1, phone_numbers_2025_06_01)

IDENTITY = {m.API_VERSION: m for m in (identity_2023_10_01, identity_2025_03_02_preview, identity_2020_07_20_preview2)}
PHONE_NUMBERS = {m.API_VERSION: m for m in (phone_numbers_2025_06_01, phone_numbers_2020_07_20_preview1)}

DEFAULT_IDENTITY_VERSION = identity_2023_10_01.API_VERSION
# The identity version that has custom ids and GET /identities/{id}, chosen when a task needs them.
IDENTITY_READ_VERSION = identity_2025_03_02_preview.API_VERSION
LEGACY_IDENTITY_VERSION = identity_2020_07_20_preview2.API_VERSION
DEFAULT_PHONE_NUMBERS_VERSION = phone_numbers_2025_06_01.API_VERSION
LEGACY_PHONE_NUMBERS_VERSION = phone_numbers_2020_07_20_preview1.API_VERSION


def identity(version=None):
    """The identity API module of `version` (default: DEFAULT_IDENTITY_VERSION)."""
    return IDENTITY[version or DEFAULT_IDENTITY_VERSION]


def phone_numbers(version=None):
    """The phone numbers API module of `version` (default: DEFAULT_PHONE_NUMBERS_VERSION)."""
    return PHONE_NUMBERS[version or DEFAULT_PHONE_NUMBERS_VERSION]


def _having(table, wanted):
    return [v for v, m in table.items() if wanted(m)]


def option_error(table, version, option):
    """A sentence when the API module of `version` lacks `option`, naming the version(s) that have it; else None."""
    if option in table[version].OPTIONS:
        return None
    others = _having(table, lambda m: option in m.OPTIONS)
    return "%s is not available on api_version %s; it needs api_version %s." % (option, version, " or ".join(others))


def scope_error(table, version, scopes, option="scopes"):
    """A sentence when `scopes` is empty or names a scope `version` lacks (naming the version that has it); else None."""
    valid = table[version].SCOPES
    if not scopes:
        return "%s must name at least one of: %s." % (option, ", ".join(valid))
    for scope in scopes:
        if scope in valid:
            continue
        others = _having(table, lambda m, s=scope: s in m.SCOPES)
        if others:
            return "%s: scope %r is not available on api_version %s; it needs api_version %s (valid here: %s)." % (
                option, scope, version, " or ".join(others), ", ".join(valid))
        return "%s has unknown scope(s) %s; the valid scopes are %s (api_version %s)." % (
            option, ", ".join(repr(s) for s in scopes if s not in valid), ", ".join(valid), version)
    return None
