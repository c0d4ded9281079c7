"""Print the end state of an emulator's phone numbers as one JSON document, read through the collection's REST layer.

  PYTHONPATH=<dir holding ansible_collections> python snapshot.py CONNECTION_STRING CA_PATH

Only what a user can see and what a clean run must reproduce: acquired numbers with their capabilities and routing,
searches by name with status and numbers, releases with their status. Ids and dates are left out.
"""

from __future__ import annotations

import json
import sys

# pylint: disable=import-error
from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2020_07_20_preview1 as pn
from ansible_collections.acs.administration.plugins.module_utils.drivers.numbers_2020 import read_configuration
from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve


def main():
    client = ACSClient(resolve(sys.argv[1]), ca_path=sys.argv[2], timeout=10)
    numbers = []
    for item in pn.list_phone_numbers(client):
        number = item["phoneNumber"]
        config = read_configuration(client, pn, number)
        if config:  # the service's routable target id is an id of the resource's, like the others left out
            config = {k: v for k, v in config.items() if k != "azurePstnTargetId"}
        numbers.append({"number": number, "capabilities": sorted(item.get("acquiredCapabilities") or []),
                        "configuration": config})
    searches = []
    for item in pn.list_searches(client):
        search = pn.get_search(client, item["id"])
        searches.append({"name": search.get("displayName"), "status": search.get("status"),
                         "numbers": sorted(search.get("phoneNumbers") or [])})
    releases = []
    for item in pn.list_releases(client):
        release = pn.get_release(client, item["id"])
        releases.append({"status": release.get("status"),
                         "numbers": sorted((release.get("phoneNumberReleaseStatusDetails") or {}).keys())})
    json.dump({"numbers": sorted(numbers, key=lambda n: n["number"]),
               "searches": sorted(searches, key=lambda s: (s["name"] or "", s["status"] or "")),
               "releases": sorted(releases, key=lambda r: r["numbers"])}, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
