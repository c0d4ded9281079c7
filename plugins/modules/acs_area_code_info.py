#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_area_code_info
short_description: List the area codes Azure Communication Services offers phone numbers in
version_added: 0.1.0
description:
  - On the current API (V(2025-06-01), the default) lists the area codes of a country for a number type, optionally
    narrowed by assignment type, locality and administrative division; RV(area_codes) is a list of strings.
  - On the legacy API (O(api_version=2020-07-20-preview1)) lists the area codes one phone plan offers numbers in,
    optionally narrowed to a location (O(phone_plan_id), O(location_type), O(location_options)); the service answers
    that read with a POST request; the module changes nothing and runs normally in check mode.
  - This is the last step of the discovery chain; an area code is what a reservation (or a legacy search) asks for.
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
      - Legacy API only, where it is required.
    type: str
  location_type:
    description:
      - The location type of the plan, as RV(acs.administration.acs_phone_plan_info#module:phone_plans[].location_type)
        returns it. The service rejects a type that is not the plan's.
      - Legacy API only, where it is required.
    type: str
    choices: [Selection, NotRequired, CivicAddress]
  location_options:
    description:
      - The location to list the area codes of, as a path from the top of the plan's location tree, for example
        one item of RV(acs.administration.acs_location_info#module:location_paths), as is.
      - A shorter path (only the state, say) lists the area codes of every location below it.
      - Leave it out for plans that need no location.
      - Legacy API only; on the current API use O(locality) and O(administrative_division).
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
  phone_number_type:
    description:
      - Number type of the area codes. Current API only, where it is required.
    type: str
    choices: [geographic, tollFree, mobile]
  assignment_type:
    description:
      - Only area codes of this assignment type. Current API only.
    type: str
    choices: [person, application]
  locality:
    description:
      - Only area codes of this locality, as RV(acs.administration.acs_location_info#module:localities[].localized_name)
        returns it. The API asks for it with V(geographic) numbers. Current API only.
    type: str
  administrative_division:
    description:
      - Only area codes of this administrative division (its abbreviated name, for example V(WA)). Current API only.
    type: str
  locale:
    description:
      - Language and region sent as the C(accept-language) header. Current API only.
    type: str
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
  - acs.administration.acs.paging
  - acs.administration.acs.phone_api_version
seealso:
  - module: acs.administration.acs_location_info
  - module: acs.administration.acs_phone_plan_info
"""

EXAMPLES = r"""
- name: The area codes of geographic numbers for applications in Seattle (current API)
  acs.administration.acs_area_code_info:
    country_code: US
    phone_number_type: geographic
    assignment_type: application
    locality: Seattle
    administrative_division: WA
  register: seattle

- name: Toll-free area codes of the US
  acs.administration.acs_area_code_info:
    country_code: US
    phone_number_type: tollFree
    query: "area_codes[0]"
  register: toll_free

# The legacy discovery chain: country -> plan group -> plan -> location -> area code.
- name: Find an area code of Los Angeles (legacy API)
  module_defaults:
    group/acs.administration.acs:
      connection_string: "{{ vault_acs_connection_string }}"
      api_version: 2020-07-20-preview1
  block:
    - name: Is the US offered?
      acs.administration.acs_country_info:
        query: "countries[?country_code=='US'] | length(@) > `0`"
      register: us_offered
      failed_when: not us_offered.query_result

    - name: Pick the geographic plan group of the US
      acs.administration.acs_plan_group_info:
        api_version: 2020-07-20-preview1
        country_code: US
        query: "plan_groups[?phone_number_type=='Geographic'].phone_plan_group_id | [0]"
      register: group

    - name: Pick its first plan
      acs.administration.acs_phone_plan_info:
        api_version: 2020-07-20-preview1
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
  returned: on the legacy API
  type: list
  elements: str
  sample: ["213", "818"]
secondary_area_codes:
  description: Further area codes the service suggests for the location.
  returned: on the legacy API
  type: list
  elements: str
  sample: []
area_codes:
  description: The area codes (current API).
  returned: on the current API
  type: list
  elements: str
  sample: ["206", "425"]
query_result:
  description: The value of O(query) evaluated against the result (C({area_codes}), legacy
    C({primary_area_codes, secondary_area_codes})). Only when O(query) is given.
  returned: when query is given
  type: raw
  sample: "213"
"""

from ansible_collections.acs.administration.plugins.module_utils.drivers.locations import location_path_error, location_query
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as, phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.validation import country_code_error, locale_error, not_empty_error
from ansible_collections.acs.administration.plugins.module_utils.api.versions import driver, lacking_error, required_error


def validate(params):
    error = country_code_error(params["country_code"]) or lacking_error(params, "acs_area_code_info")
    return error or driver(params, current=_validate_current, legacy=_validate_legacy)(params)


def _validate_current(params):
    return (required_error(params, "phone_number_type") or (locale_error(params["locale"]) if params["locale"] else None)
            or not_empty_error(params, "locality", "administrative_division"))


def _validate_legacy(params):
    return (required_error(params, "phone_plan_id", "location_type") or not_empty_error(params, "phone_plan_id")
            or (location_path_error(params["location_options"]) if params["location_options"] else None))


def ensure_read(module):
    return driver(module.params, current=read_current, legacy=read_legacy)(module)


def read_current(module):
    api, client, params, paging = module.phone_numbers_api, module.client, module.params, module.paging()
    country = params["country_code"].upper()
    with failing_as("Could not list the area codes of %s" % country, country_code=country):
        found = api.list_area_codes(
            client, country, params["phone_number_type"], params["assignment_type"], params["locality"],
            params["administrative_division"], locale=params["locale"], **paging)
    return dict(changed=False, area_codes=[a.get("areaCode") for a in found if a.get("areaCode")])


def read_legacy(module):
    api, client, params = module.phone_numbers_api, module.client, module.params
    country, plan_id = params["country_code"].upper(), params["phone_plan_id"].strip()
    with failing_as("Could not list the area codes of plan %s" % plan_id, country_code=country, phone_plan_id=plan_id):
        found = api.get_area_codes(client, country, params["location_type"], plan_id,
                                   location_query(params["location_options"] or []))
    return dict(changed=False, primary_area_codes=list(found.get("primaryAreaCodes") or []),
                secondary_area_codes=list(found.get("secondaryAreaCodes") or []))


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            country_code=dict(type="str", required=True),
            phone_plan_id=dict(type="str"),
            location_type=dict(type="str", choices=["Selection", "NotRequired", "CivicAddress"]),
            location_options=dict(type="list", elements="dict", options=dict(
                label_id=dict(type="str", required=True),
                value=dict(type="str", required=True),
            )),
            phone_number_type=dict(type="str", choices=["geographic", "tollFree", "mobile"]),
            assignment_type=dict(type="str", choices=["person", "application"]),
            locality=dict(type="str"),
            administrative_division=dict(type="str"),
            locale=dict(type="str"),
            **phone_numbers_argument_spec()
        ),
        info_module=True, paging=True,
    )
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
