# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which API module speaks which api-version. A new version is a new file next to the others and one entry here.

Every API file declares, as data, what its version lacks: LACKING_MODULES (phone numbers), LACKING_OPTIONS (per module,
the options it lacks and what to use instead) and the LACKING_SENTENCE that says it. lacking_error() is the one place
that turns them into one sentence before anything is sent. Each phone numbers API file also declares its GENERATION
(the drivers modules take for it: driver()), and required_error() names an option the chosen `api_version` needs;
each identity API file names its token SCOPES, and scope_error() turns a scope the version lacks into one sentence
that names the version that has it. Modules ask here; they do not test the version.
"""

from __future__ import annotations

from ansible_collections.acs.administration.plugins.module_utils.api import (
    identity_2020_07_20_preview2, identity_2023_10_01, identity_2025_03_02_preview, phone_numbers_2020_07_20_preview1,
    phone_numbers_2025_06_01, sip_routing_2023_03_01, sip_routing_2024_11_15_preview)
from ansible_collections.acs.administration.plugins.module_utils.api.phone_numbers_2025_06_01 import CAPABILITY_VALUES

IDENTITY = {m.API_VERSION: m for m in (identity_2023_10_01, identity_2025_03_02_preview, identity_2020_07_20_preview2)}
PHONE_NUMBERS = {m.API_VERSION: m for m in (phone_numbers_2025_06_01, phone_numbers_2020_07_20_preview1)}

# SIP routing (direct routing): the stable version by default, the preview for its extra options (OPTIONS).
SIP_ROUTING = {m.API_VERSION: m for m in (sip_routing_2023_03_01, sip_routing_2024_11_15_preview)}
DEFAULT_SIP_ROUTING_VERSION = sip_routing_2023_03_01.API_VERSION

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


def sip_routing(version=None):
    """The SIP routing API module of `version` (default: DEFAULT_SIP_ROUTING_VERSION)."""
    return SIP_ROUTING[version or DEFAULT_SIP_ROUTING_VERSION]


def _having(table, wanted):
    return [v for v, m in table.items() if wanted(m)]


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


def task_phone_numbers(params):
    """The phone numbers API module of the task's api_version."""
    return phone_numbers(params.get("api_version"))


def driver(params, **drivers):
    """The one of `drivers` (keyword: the GENERATION its API file declares, current or legacy) that serves the task's
    phone numbers api_version: modules ask here instead of testing the version."""
    return drivers[task_phone_numbers(params).GENERATION]


def _given(value):
    """Whether an option was given (False, the default of the boolean options, counts as not given)."""
    return value is not False and value not in (None, [], {}, "")


def lacking_error(params, module_name, api=None):
    """The sentence when `api` (default: the task's phone numbers API) lacks the module, or one of the options given to
    it; else None. What a version lacks is data in its API file: LACKING_MODULES, LACKING_OPTIONS, LACKING_SENTENCE."""
    api = api or task_phone_numbers(params)
    if module_name in getattr(api, "LACKING_MODULES", {}):
        return api.LACKING_MODULES[module_name]
    for option, instead in api.LACKING_OPTIONS.get(module_name, {}).items():
        if _given(params.get(option)):
            return api.LACKING_SENTENCE % {"option": option, "version": api.API_VERSION, "instead": instead}
    return None


def required_error(params, *options):
    """The sentence for the first of `options` missing on the chosen version, else None."""
    version = params.get("api_version") or DEFAULT_PHONE_NUMBERS_VERSION
    for option in options:
        if params.get(option) is None:
            return "%s is required with api_version %s." % (option, version)
    return None


def enum_error(value, option, allowed):
    if value is not None and value not in allowed:
        hint = ""
        lowered = {a.lower(): a for a in allowed}
        if str(value).lower() in lowered:
            hint = " (the API spells it %s)" % lowered[str(value).lower()]
        return "%s %r is not one of %s%s." % (option, value, ", ".join(allowed), hint)
    return None


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
