# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of user input that run before anything is sent. Each returns an error sentence, or None when the value is fine."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def e164_error(number, option="phone_number"):
    if not isinstance(number, str) or not E164.match(number):
        return "%s %r is not an E.164 number: '+', a country code and the subscriber number, digits only (e.g. +14255550123)." % (
            option, number)
    return None


def country_code_error(code, option="country_code"):
    if not isinstance(code, str) or not COUNTRY_CODE.match(code.upper()):
        return "%s %r is not an ISO 3166 alpha-2 country code such as US or CA." % (option, code)
    return None


def locale_error(locale, option="locale"):
    if not isinstance(locale, str) or not LOCALE.match(locale):
        return "%s %r is not a language-region pair such as en-US." % (option, locale)
    return None


def https_url_error(url, option="callback_url"):
    parts = urlsplit(url or "")
    if parts.scheme != "https" or not parts.hostname:
        return "%s %r must be an absolute https:// URL." % (option, url)
    return None


def parse_duration(value):
    """Seconds in '90', '90s', '30m', '1h', '2d'; None when the text is not a duration."""
    match = DURATION.match(str(value))
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2) or "s"
    return number * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]


def not_empty_error(params, *options):
    """An error sentence for the first of `options` whose value is given but blank, else None."""
    for option in options:
        if params[option] is not None and not params[option].strip():
            return "%s must not be empty." % option
    return None


# The Capability enum of the phone numbers API 2020-07-20-preview1, for validating filters and updates before anything is sent.
CAPABILITIES = (
    "UserAssignment", "FirstPartyVoiceAppAssignment", "ConferenceAssignment", "P2PSmsEnabled", "Geographic", "NonGeographic",
    "TollCalling", "TollFreeCalling", "Premium", "P2PSmsCapable", "A2PSmsCapable", "A2PSmsEnabled", "Calling", "TollFree",
    "FirstPartyAppAssignment", "ThirdPartyAppAssignment", "Azure", "Office365", "InboundCalling", "OutboundCalling",
    "InboundA2PSms", "OutboundA2PSms", "InboundP2PSms", "OutboundP2PSms",
)
