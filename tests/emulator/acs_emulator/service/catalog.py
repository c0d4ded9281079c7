"""The catalogue: countries, plan groups, plans, location options, area codes and number pools."""

import copy
import json
import os

DEFAULT_CATALOG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "catalog.json")
DEFAULT_LOCALE = "en-US"


def localize(value, locale):
    """Pick the text for a locale from a string or a {locale: text} map (exact, then language, then en-US)."""
    if not isinstance(value, dict):
        return value
    wanted = (locale or DEFAULT_LOCALE).lower()
    lowered = {k.lower(): v for k, v in value.items()}
    if wanted in lowered:
        return lowered[wanted]
    lang = wanted.split("-")[0]
    for key, text in lowered.items():
        if key.split("-")[0] == lang:
            return text
    return lowered.get(DEFAULT_LOCALE.lower(), next(iter(value.values())))


class Catalog:
    """Read-only view over catalog.json."""

    def __init__(self, path=None):
        self.path = path or DEFAULT_CATALOG
        with open(self.path, encoding="utf-8") as handle:
            self.data = json.load(handle)
        self.pool_size = int(self.data.get("numbersPerAreaCode", 25))
        self.countries = {}
        self.plans = {}
        self.groups = {}
        for country in self.data["countries"]:
            code = country["countryCode"].upper()
            self.countries[code] = country
            for group in country.get("phonePlanGroups", []):
                self.groups[(code, group["phonePlanGroupId"])] = group
                for plan in group.get("phonePlans", []):
                    self.plans[plan["phonePlanId"]] = (code, group, plan)

    def country(self, code):
        """The country entry or None."""
        return self.countries.get((code or "").upper())

    def plan(self, plan_id):
        """(countryCode, group, plan) or None."""
        return self.plans.get(plan_id)

    @staticmethod
    def walk_locations(plan):
        """Yield (path of option values, names, area codes) for every leaf of a plan's location tree."""
        stack = [((), (), plan.get("locationOptions"))]
        while stack:
            values, names, node = stack.pop()
            if not node:
                continue
            for option in node.get("options", []):
                here = values + (option.get("value"),)
                here_names = names + (option.get("name"),)
                children = option.get("locationOptions") or []
                if "areaCodes" in option:
                    yield here, here_names, option["areaCodes"]
                for child in children:
                    stack.append((here, here_names, child))

    def plan_area_codes(self, plan):
        """All area codes a plan offers, in catalogue order."""
        codes = list(plan.get("areaCodes") or [])
        for _values, _names, area_codes in sorted(self.walk_locations(plan)):
            codes.extend(c for c in area_codes if c not in codes)
        return codes

    def place_name(self, country_code, plan, area_code, locale=None):
        """A human place name for a number, as recorded: '<city>, <country>' ("Birmingham, United States") for geographic
        plans, 'Toll-Free, <country>' otherwise."""
        country = localize(self.country(country_code)["localizedName"], locale)
        for _values, names, area_codes in sorted(self.walk_locations(plan)):
            if area_code in area_codes:
                return "%s, %s" % (localize(names[-1], locale), country)
        return "Toll-Free, %s" % country

    def localized_location_options(self, node, locale):
        """The location tree as the API returns it (names localized, area codes hidden)."""
        if not node:
            return None
        out = {"labelId": node.get("labelId"), "labelName": localize(node.get("labelName"), locale), "options": []}
        for option in node.get("options", []):
            item = {"name": localize(option.get("name"), locale), "value": option.get("value"), "locationOptions": []}
            for child in option.get("locationOptions") or []:
                item["locationOptions"].append(self.localized_location_options(child, locale))
            out["options"].append(item)
        return out

    def pool(self, country_code, area_code):
        """The finite list of numbers of an area code, in order."""
        country = self.country(country_code)
        stem = country.get("subscriberStem", "555")
        digits = int(country.get("subscriberDigits", 4))
        start = 100
        size = self.pool_size_of(country_code, area_code)
        return ["+%s%s%s%0*d" % (country["dialCode"], area_code, stem, digits, start + i) for i in range(size)]

    def pool_size_of(self, country_code, area_code):
        """How many numbers an area code has: the country's `areaCodePoolSizes` entry, else `numbersPerAreaCode`."""
        country = self.country(country_code) or {}
        return int((country.get("areaCodePoolSizes") or {}).get(area_code, self.pool_size))

    def all_pools(self):
        """Every (countryCode, areaCode) pair in the catalogue."""
        pairs = []
        for code, _group, plan in self.plans.values():
            for area in self.plan_area_codes(plan):
                if (code, area) not in pairs:
                    pairs.append((code, area))
        return pairs

    def total_numbers(self):
        """Size of the whole pool."""
        return sum(self.pool_size_of(code, area) for code, area in self.all_pools())

    @staticmethod
    def available_capabilities(group):
        """The 'availableCapabilities' of a group's numbers: the group's own list when the catalogue has one (the recorded
        toll-free numbers: Office365 and ConferenceAssignment, no UserAssignment), else what any of its plans offers."""
        if group.get("availableCapabilities"):
            return list(group["availableCapabilities"])
        caps = []
        for plan in group.get("phonePlans", []):
            caps.extend(c for c in plan.get("capabilities", []) if c not in caps)
        for extra in ("UserAssignment", "FirstPartyAppAssignment"):
            if extra not in caps:
                caps.append(extra)
        return caps

    def copy(self):
        """A deep copy of the raw data."""
        return copy.deepcopy(self.data)
