#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_area_code_info
short_description: List the area codes a phone plan of Azure Communication Services offers
version_added: 0.1.0
description:
  - Lists the area codes one phone plan offers numbers in, optionally narrowed to a location.
  - This is the last step of the discovery chain country, plan group, plan, location, area code; an area code is
    what a search (reservation) of numbers asks for.
  - The service answers this read with a POST request; the module changes nothing and runs normally in check mode.
author:
  - ACS Administration maintainers (@acs-administration)
options:
  country_code:
    description:
      - ISO 3166 alpha-2 code of the country, for example V(US). Lower case is accepted.
    type: str
    required: true
  phone_plan_id:
    description:
      - Id of the plan, as RV(acs.administration.acs_phone_plan_info#module:phone_plans[].phone_plan_id) returns it.
    type: str
    required: true
  location_type:
    description:
      - The location type of the plan, as RV(acs.administration.acs_phone_plan_info#module:phone_plans[].location_type)
        returns it. The service rejects a type that is not the plan's.
    type: str
    required: true
    choices: [Selection, NotRequired, CivicAddress]
  location_options:
    description:
      - The location to list the area codes of, as a path from the top of the plan's location tree, for example
        one item of RV(acs.administration.acs_location_info#module:location_paths), as is.
      - A shorter path (only the state, say) lists the area codes of every location below it.
      - Leave it out for plans that need no location.
    type: list
    elements: dict
    suboptions:
      label_id:
        description: Id of the level of the tree, for example V(state) or V(city).
        type: str
        required: true
      value:
        description: Value of the choice at that level, for example V(CA) or V(NOAM-US-CA-LA).
        type: str
        required: true
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
seealso:
  - module: acs.administration.acs_location_info
  - module: acs.administration.acs_phone_plan_info
"""

EXAMPLES = r"""
# The discovery chain: country -> plan group -> plan -> location -> area code.
- name: Find an area code of Los Angeles
  module_defaults:
    group/acs.administration.acs:
      connection_string: "{{ vault_acs_connection_string }}"
  block:
    - name: Is the US offered?
      acs.administration.acs_country_info:
        query: "countries[?country_code=='US'] | length(@) > `0`"
      register: us_offered
      failed_when: not us_offered.query_result

    - name: Pick the geographic plan group of the US
      acs.administration.acs_plan_group_info:
        country_code: US
        query: "plan_groups[?phone_number_type=='Geographic'].phone_plan_group_id | [0]"
      register: group

    - name: Pick its first plan
      acs.administration.acs_phone_plan_info:
        country_code: US
        plan_group_id: "{{ group.query_result }}"
        query: "phone_plans[0]"
      register: plan

    - name: Read the plan's locations (state, then city)
      acs.administration.acs_location_info:
        country_code: US
        plan_group_id: "{{ group.query_result }}"
        phone_plan_id: "{{ plan.query_result.phone_plan_id }}"
        query: "location_paths[?length([?value=='NOAM-US-CA-LA']) > `0`] | [0]"
      register: los_angeles

    - name: The first area code of Los Angeles
      acs.administration.acs_area_code_info:
        country_code: US
        phone_plan_id: "{{ plan.query_result.phone_plan_id }}"
        location_type: "{{ plan.query_result.location_type }}"
        location_options: "{{ los_angeles.query_result }}"
        query: "primary_area_codes[0]"
      register: area_code

- name: Every area code of California (a path that stops at the state)
  acs.administration.acs_area_code_info:
    country_code: US
    phone_plan_id: 544f7088-7166-5a47-9d17-0e36fb0f65d1
    location_type: Selection
    location_options:
      - label_id: state
        value: CA
  register: california

- name: Area codes of a toll-free plan (no location needed)
  acs.administration.acs_area_code_info:
    country_code: US
    phone_plan_id: 244d639a-b7d6-531f-8fd3-eb7ed0a667ff
    location_type: NotRequired
  register: toll_free
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
primary_area_codes:
  description: The area codes of the location (or of the plan, when no location is given).
  returned: always
  type: list
  elements: str
  sample: ["213", "818"]
secondary_area_codes:
  description: Further area codes the service suggests for the location.
  returned: always
  type: list
  elements: str
  sample: []
query_result:
  description: The value of O(query) evaluated against C({primary_area_codes, secondary_area_codes}). Only when O(query) is given.
  returned: when query is given
  type: raw
  sample: "213"
"""

from ansible_collections.acs.administration.plugins.module_utils.locations import location_path_error, location_query
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as
from ansible_collections.acs.administration.plugins.module_utils.validation import country_code_error, not_empty_error


def validate(params):
    return (country_code_error(params["country_code"]) or not_empty_error(params, "phone_plan_id")
            or (location_path_error(params["location_options"]) if params["location_options"] else None))


def ensure_read(module):
    params = module.params
    country, plan_id = params["country_code"].upper(), params["phone_plan_id"].strip()
    with failing_as("Could not list the area codes of plan %s" % plan_id, country_code=country, phone_plan_id=plan_id):
        found = module.phone_numbers_api.get_area_codes(module.client, country, params["location_type"], plan_id,
                                                        location_query(params["location_options"] or []))
    return dict(changed=False, primary_area_codes=list(found.get("primaryAreaCodes") or []),
                secondary_area_codes=list(found.get("secondaryAreaCodes") or []))


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            country_code=dict(type="str", required=True),
            phone_plan_id=dict(type="str", required=True),
            location_type=dict(type="str", required=True, choices=["Selection", "NotRequired", "CivicAddress"]),
            location_options=dict(type="list", elements="dict", options=dict(
                label_id=dict(type="str", required=True),
                value=dict(type="str", required=True),
            )),
        ),
        info_module=True,
    )
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
