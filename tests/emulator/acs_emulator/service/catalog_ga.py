"""The phone numbers 2025-06-01 catalogue: countries, localities, area codes, offerings and their number pools.

Read from data/catalog_ga.json. A pool is the finite list of numbers of one offering (country, type, assignment
type) and area code: "+" dialCode areaCode stem index, the index zero-padded to the country's nationalLength.
"""

import json
import os

from .catalog import localize

DEFAULT_CATALOG_GA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "catalog_ga.json")
NUMBER_TYPES = ("geographic", "tollFree", "mobile")
ASSIGNMENT_TYPES = ("person", "application")


def names(value):
    """Every spelling of a localized value, lower-cased (for case-insensitive filters)."""
    if isinstance(value, dict):
        return {v.lower() for v in value.values()}
    return {str(value).lower()}


class CatalogGA:
    """Read-only view over catalog_ga.json."""

    def __init__(self, path=None):
        self.path = path or DEFAULT_CATALOG_GA
        with open(self.path, encoding="utf-8") as handle:
            self.data = json.load(handle)
        self.pool_size = int(self.data.get("poolSize", 10))
        self.countries = {c["countryCode"].upper(): c for c in self.data["countries"]}
        self._pools = {}
        owner = {}
        for code, country in self.countries.items():
            for offering in country["offerings"]:
                for area in self.offering_area_codes(code, offering):
                    pool = self._build_pool(country, offering, area)
                    self._pools[(code, offering["phoneNumberType"], offering["assignmentType"], area)] = pool
                    for number in pool:
                        if number in owner:
                            raise ValueError("catalogue %s: %s is in two pools" % (self.path, number))
                        owner[number] = (code, offering, area)
        self._owner = owner

    def _build_pool(self, country, offering, area):
        size = int(offering.get("poolSize", self.pool_size))
        width = int(country["nationalLength"]) - len(area) - len(offering["stem"])
        if width < len(str(max(size - 1, 0))):
            raise ValueError("catalogue %s: no room for %d numbers in %s area %s" % (self.path, size, country["countryCode"], area))
        prefix = "+" + country["dialCode"] + area + offering["stem"]
        return [prefix + str(i).zfill(width) for i in range(size)]

    # ------------------------------------------------------------------ lookups
    def country(self, code):
        """The country entry or None."""
        return self.countries.get((code or "").upper())

    def localities(self, country):
        """The localities of a country, each with its division entry: list of (locality, division)."""
        divisions = {d["abbreviatedName"]: d for d in country.get("administrativeDivisions", [])}
        return [(loc, divisions[loc["administrativeDivision"]]) for loc in country.get("localities", [])]

    def offering_area_codes(self, code, offering):
        """The area codes an offering sells numbers in, in catalogue order."""
        country = self.country(code)
        if offering["phoneNumberType"] != "geographic":
            return list(country.get("nonGeographicAreaCodes", {}).get(offering["phoneNumberType"], []))
        out = []
        for loc in country.get("localities", []):
            out.extend(a for a in loc["areaCodes"] if a not in out)
        return out

    def offerings(self, code, number_type=None, assignment_type=None):
        """The offerings of a country, optionally filtered by type and assignment type."""
        return [o for o in self.country(code)["offerings"]
                if number_type in (None, o["phoneNumberType"]) and assignment_type in (None, o["assignmentType"])]

    def pool(self, code, offering, area):
        """The numbers of one offering and area code (empty when the offering has no such area code)."""
        return self._pools.get((code.upper(), offering["phoneNumberType"], offering["assignmentType"], area), [])

    def pools(self, code, offering):
        """Every number of an offering, area code by area code."""
        out = []
        for area in self.offering_area_codes(code, offering):
            out.extend(self.pool(code, offering, area))
        return out

    def owner(self, number):
        """(countryCode, offering, areaCode) of a catalogue number, or None."""
        return self._owner.get(number)

    def country_of(self, number):
        """The country whose dial code starts the number (longest match) or None."""
        best = None
        for country in self.countries.values():
            if number.startswith("+" + country["dialCode"]) and (best is None or len(country["dialCode"]) > len(best["dialCode"])):
                best = country
        return best

    def total_numbers(self):
        """How many numbers the catalogue sells in all."""
        return len(self._owner)

    @staticmethod
    def localize(value, locale):
        """A localized catalogue text."""
        return localize(value, locale)
