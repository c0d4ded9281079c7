# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which API module speaks which api-version. A new version is a new file next to the others and one entry here."""

from __future__ import annotations

from . import identity_2020_07_20_preview2, phone_numbers_2020_07_20_preview1, phone_numbers_2025_06_01

IDENTITY = {m.API_VERSION: m for m in (identity_2020_07_20_preview2,)}
PHONE_NUMBERS = {m.API_VERSION: m for m in (phone_numbers_2025_06_01, phone_numbers_2020_07_20_preview1)}

DEFAULT_IDENTITY_VERSION = identity_2020_07_20_preview2.API_VERSION
DEFAULT_PHONE_NUMBERS_VERSION = phone_numbers_2025_06_01.API_VERSION
LEGACY_PHONE_NUMBERS_VERSION = phone_numbers_2020_07_20_preview1.API_VERSION


def identity(version=None):
    """The identity API module of `version` (default: DEFAULT_IDENTITY_VERSION)."""
    return IDENTITY[version or DEFAULT_IDENTITY_VERSION]


def phone_numbers(version=None):
    """The phone numbers API module of `version` (default: DEFAULT_PHONE_NUMBERS_VERSION)."""
    return PHONE_NUMBERS[version or DEFAULT_PHONE_NUMBERS_VERSION]
