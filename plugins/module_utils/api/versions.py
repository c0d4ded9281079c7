# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which API module speaks which api-version. A new version is a new file next to the others and one entry here.

Which options each phone numbers API version takes: one sentence, before anything is sent, for an option the
chosen `api_version` lacks (naming what to use instead) or one it needs.

Each identity module names its token SCOPES and the module OPTIONS it has; option_error() and scope_error() turn a
request for something a version lacks into one sentence that names the version that has it.
"""

from __future__ import annotations

from ansible_collections.acs.administration.plugins.module_utils.api import (identity_2020_07_20_preview2, identity_2023_10_01, identity_2025_03_02_preview,
    phone_numbers_2020_07_20_preview1, phone_numbers_2025_06_01)
from ansible_collections.acs.administration.plugins.module_utils.api.phone_numbers_2025_06_01 import ASSIGNMENT_TYPES, CAPABILITY_VALUES, PHONE_NUMBER_TYPES

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


def is_current(params):
    return params.get("api_version", DEFAULT_PHONE_NUMBERS_VERSION) != LEGACY_PHONE_NUMBERS_VERSION


def _given(value):
    """Whether an option was given (False, the default of the boolean options, counts as not given)."""
    return value is not False and value not in (None, [], {}, "")


def lacking_error(params, current_lacks=None, legacy_lacks=None):
    """The sentence for the first given option that the chosen version lacks, else None.

    current_lacks / legacy_lacks: {option: "what to use instead"} for the current (2025-06-01) / legacy API."""
    current = is_current(params)
    lacks = (current_lacks if current else legacy_lacks) or {}
    version = params.get("api_version") or DEFAULT_PHONE_NUMBERS_VERSION
    for option, instead in lacks.items():
        if _given(params.get(option)):
            return "%s does not exist in the phone numbers API %s: %s." % (option, version, instead)
    return None


def required_error(params, *options):
    """The sentence for the first of `options` missing on the chosen version, else None."""
    version = params.get("api_version") or DEFAULT_PHONE_NUMBERS_VERSION
    for option in options:
        if params.get(option) is None:
            return "%s is required with api_version %s." % (option, version)
    return None


def replaced_error(module_name, replacement):
    """The sentence of a legacy-only module run on the current API."""
    return ("%s has no counterpart in the phone numbers API %s: %s. Set api_version to %s to use it against a resource "
            "that still serves the preview API." % (module_name, DEFAULT_PHONE_NUMBERS_VERSION, replacement, LEGACY_PHONE_NUMBERS_VERSION))


def enum_error(value, option, allowed):
    if value is not None and value not in allowed:
        hint = ""
        lowered = {a.lower(): a for a in allowed}
        if str(value).lower() in lowered:
            hint = " (the API spells it %s)" % lowered[str(value).lower()]
        return "%s %r is not one of %s%s." % (option, value, ", ".join(allowed), hint)
    return None


def phone_number_type_error(value, option="phone_number_type"):
    return enum_error(value, option, PHONE_NUMBER_TYPES)


def assignment_type_error(value, option="assignment_type"):
    return enum_error(value, option, ASSIGNMENT_TYPES)


def capabilities_error(capabilities, option="capabilities"):
    """capabilities: {calling, sms}, each one of none, inbound, outbound, inbound+outbound."""
    if capabilities is None:
        return None
    if not isinstance(capabilities, dict):
        return "%s must be a dictionary with calling and/or sms." % option
    unknown = sorted(k for k in capabilities if k not in ("calling", "sms"))
    if unknown:
        return "%s has unknown key(s) %s; it takes calling and sms." % (option, ", ".join(map(repr, unknown)))
    for key in ("calling", "sms"):
        error = enum_error(capabilities.get(key), "%s.%s" % (option, key), CAPABILITY_VALUES)
        if error:
            return error
    return None
