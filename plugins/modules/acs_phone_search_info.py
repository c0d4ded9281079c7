#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_phone_search_info
short_description: List the phone number searches (reservations) of an Azure Communication Services resource
version_added: 0.1.0
description:
  - B(Current API) (V(2025-06-01), the default) - lists reservations in RV(reservations). With O(name), reads the
    reservation that name maps to (see M(acs.administration.acs_phone_search)); with O(reservation_id), that reservation;
    otherwise lists every reservation (the list carries no numbers; O(details=true) reads each one in full).
  - B(Legacy API) (O(api_version=2020-07-20-preview1)) - the rest of this description.
  - Lists the searches of the resource; a search reserves numbers, which are then purchased or released to the pool.
  - With O(search_id), reads that one search in full (its numbers, plans, area code and reservation expiry).
  - With O(name), lists the searches and reads in full each one whose display name is O(name).
  - Otherwise lists every search in summary (id, name, status, quantities); O(details=true) reads each one in full.
  - Follows every page of the list, or stops at O(limit).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  search_id:
    description:
      - Id of the search to read. The result is empty when no search has this id.
      - Mutually exclusive with O(name). Legacy API only.
    type: str
  reservation_id:
    description:
      - Id (UUID) of the reservation to read. The result is empty when there is none. Current API only.
    type: str
  name:
    description:
      - Display name of the searches to read; several searches may have the same name. Every page of the list is read
        and O(limit) counts the searches that match.
      - Mutually exclusive with O(search_id).
    type: str
  details:
    description:
      - When listing, also read each search in full, one request per search.
      - Searches picked by O(search_id) or O(name) are always read in full.
    type: bool
    default: false
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
  - acs.administration.acs.paging
  - acs.administration.acs.phone_api_version
seealso:
  - module: acs.administration.acs_phone_number_info
  - module: acs.administration.acs_release_info
"""

EXAMPLES = r"""
- name: List every reservation (current API)
  acs.administration.acs_phone_search_info:
  register: reservations

- name: The numbers held under a name
  acs.administration.acs_phone_search_info:
    name: seattle-support
    query: "reservations[0].phone_numbers"
  register: held

- name: List every search in summary (legacy API)
  acs.administration.acs_phone_search_info:
    api_version: 2020-07-20-preview1
  register: searches

- name: The numbers a search reserved, by name (legacy API)
  acs.administration.acs_phone_search_info:
    api_version: 2020-07-20-preview1
    name: seattle-support-line
    query: "searches[?status=='Reserved'].phone_numbers[]"
  register: reserved_numbers

- name: Read one search by id (legacy API)
  acs.administration.acs_phone_search_info:
    api_version: 2020-07-20-preview1
    search_id: 0cc077cd-333a-39fd-90f7-560b1e06c63e
  register: one_search

- name: When does its reservation expire?
  ansible.builtin.debug:
    msg: "{{ one_search.searches[0].reservation_expiry_date | default('no reservation') if one_search.searches else 'no such search' }}"

- name: Ids of the searches that failed (legacy API)
  acs.administration.acs_phone_search_info:
    api_version: 2020-07-20-preview1
    query: "searches[?status=='Error'].search_id"
  register: failed_searches
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
searches:
  description:
    - The searches, in the order the service lists them (the one search for O(search_id)).
    - Fields marked "read in full" are only there when the search was read in full (O(search_id), O(name) or O(details=true));
      C(quantity_obtained) and C(foc_date) only come with the list.
  returned: on the legacy API
  type: list
  elements: dict
  contains:
    search_id:
      description: Id of the search.
      type: str
      sample: 0cc077cd-333a-39fd-90f7-560b1e06c63e
    display_name:
      description: Display name of the search.
      type: str
      sample: seattle-support-line
    created_at:
      description: When the search was created (ISO 8601).
      type: str
      sample: "2020-11-21T03:42:48.6019273+00:00"
    status:
      description:
        - Status of the search, for example V(Pending), V(Reserved), V(Success) (purchased), V(Cancelled), V(Expired) or V(Error).
      type: str
      sample: Reserved
    quantity:
      description: How many numbers the search asked for.
      type: int
      sample: 2
    quantity_obtained:
      description: How many numbers it obtained; the service keeps the count after the search is cancelled or expires.
      type: int
      returned: when the search comes from the list
      sample: 2
    foc_date:
      description: Firm order confirmation date, when the service gives one.
      type: str
      returned: when the service returns it
    description:
      description: Description of the search (read in full).
      type: str
      returned: when the search was read in full
    phone_plan_ids:
      description: The plans of the search (read in full).
      type: list
      elements: str
      returned: when the search was read in full
    area_code:
      description: The area code of the search (read in full).
      type: str
      returned: when the search was read in full
      sample: "425"
    location_options:
      description: The location options the search was created with (read in full).
      type: list
      elements: dict
      returned: when the search was read in full
    phone_numbers:
      description: The numbers reserved or purchased (read in full).
      type: list
      elements: str
      returned: when the search was read in full
      sample: ["+14255550100", "+14255550101"]
    reservation_expiry_date:
      description: When the reservation expires, for a reserved search (read in full).
      type: str
      returned: when the search was read in full and has a reservation
    error_code:
      description: The service's error code, for a search in status V(Error) (read in full).
      type: int
      returned: when the search was read in full and failed
reservations:
  description: The reservations (current API), each with C(id), C(name) (when read by O(name)), C(status), C(expires_at),
    C(phone_numbers) and C(details) (empty when listed without O(details)).
  returned: on the current API
  type: list
  elements: dict
  sample: [{"id": "0b0e7c43-6a41-5b8e-9a0e-3f2b35f0e0a1", "name": "seattle-support", "status": "active",
            "expires_at": "2026-11-30T17:30:00.0000000+00:00", "phone_numbers": ["+12065551000"], "details": []}]
query_result:
  description: The value of O(query) evaluated against the result (C({reservations}), legacy C({searches})). Only when O(query) is given.
  returned: when query is given
  type: raw
  sample: ["+14255550100"]
"""

import re

from ansible_collections.acs.administration.plugins.module_utils.drivers.entities import read_entities
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSNotFoundError
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as, phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.results import reservation_result
from ansible_collections.acs.administration.plugins.module_utils.validation import not_empty_error
from ansible_collections.acs.administration.plugins.module_utils.api.versions import driver, lacking_error

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def validate(params):
    error = lacking_error(params, "acs_phone_search_info")
    if error:
        return error
    if params["reservation_id"] is not None and not UUID.match(params["reservation_id"]):
        return "reservation_id %r is not a UUID such as 0b0e7c43-6a41-5b8e-9a0e-3f2b35f0e0a1." % params["reservation_id"]
    return not_empty_error(params, "search_id", "name")


def _read(module, reservation):
    try:
        return module.phone_numbers_api.get_reservation(module.client, reservation)
    except ACSNotFoundError:
        return None


def ensure_read_current(module):
    params, api = module.params, module.phone_numbers_api
    with failing_as("Could not read the reservations"):
        if params["name"] is not None or params["reservation_id"]:
            wanted = params["reservation_id"] or api.reservation_id(params["name"])
            found = [r for r in [_read(module, wanted)] if r is not None]
        else:
            found = api.list_reservations(module.client, **module.paging())
            if params["details"]:
                found = [r for r in (_read(module, item["id"]) for item in found) if r is not None]
    return dict(changed=False, reservations=[reservation_result(r, params["name"]) for r in found])


def ensure_read(module):
    return driver(module.params, current=ensure_read_current, legacy=ensure_read_legacy)(module)


def ensure_read_legacy(module):
    searches = read_entities(module, "search", entity_id=module.params["search_id"], name=module.params["name"], details=module.params["details"])
    return dict(changed=False, searches=searches)


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            search_id=dict(type="str"),
            name=dict(type="str"),
            details=dict(type="bool", default=False),
            reservation_id=dict(type="str"),
            **phone_numbers_argument_spec()
        ),
        info_module=True, paging=True,
        mutually_exclusive=[["search_id", "name"], ["reservation_id", "name"], ["search_id", "reservation_id"]],
    )
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
