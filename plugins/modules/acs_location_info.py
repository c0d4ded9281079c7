#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_location_info
short_description: Read the localities (or legacy plan locations) Azure Communication Services offers numbers in
version_added: 0.1.0
description:
  - On the current API (V(2025-06-01), the default) lists the localities of a country and their administrative
    divisions, optionally filtered by O(administrative_division) and O(phone_number_type); the result is RV(localities).
  - The rest of this description is about the legacy API (O(api_version=2020-07-20-preview1)).
  - Reads the location options of one phone plan, a tree such as state, then city, with names in the requested locale.
  - Returns the tree as the service gives it, and also every path from the top of the tree to a leaf as a flat list
    of steps, each a dictionary with C(label_id) and C(value), for example state V(CA) then city V(NOAM-US-CA-LA).
    A path is what O(acs.administration.acs_area_code_info#module:location_options) takes, as is.
  - This is the fourth step of the discovery chain country, plan group, plan, location, area code.
  - Plans whose location type is V(NotRequired) (toll-free plans) have an empty tree and no paths.
author:
  - ACS Administration maintainers (@acs-administration)
options:
  country_code:
    description:
      - ISO 3166 alpha-2 code of the country, for example V(US). Lower case is accepted.
    type: str
    required: true
  plan_group_id:
    description:
      - Id of the plan group the plan belongs to.
      - Legacy API only, where it is required.
    type: str
  phone_plan_id:
    description:
      - Id of the plan, as RV(acs.administration.acs_phone_plan_info#module:phone_plans[].phone_plan_id) returns it.
      - Legacy API only, where it is required.
    type: str
  locale:
    description:
      - Language and region of the localized names, for example V(en-US) or V(fr-CA).
    type: str
    default: en-US
  administrative_division:
    description:
      - Only localities of this administrative division (its abbreviated name, for example V(WA)). Current API only.
    type: str
  phone_number_type:
    description:
      - Only localities that offer this number type. Current API only.
    type: str
    choices: [geographic, tollFree, mobile]
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
  - acs.administration.acs.paging
  - acs.administration.acs.phone_api_version
seealso:
  - module: acs.administration.acs_phone_plan_info
  - module: acs.administration.acs_area_code_info
"""

EXAMPLES = r"""
- name: The localities of Washington state where geographic numbers are offered (current API)
  acs.administration.acs_location_info:
    country_code: US
    administrative_division: WA
    phone_number_type: geographic
  register: washington

- name: Locality names in French
  acs.administration.acs_location_info:
    country_code: CA
    locale: fr-CA
    query: "localities[].localized_name"
  register: names_fr

# The discovery chain: country -> plan group -> plan -> location -> area code.
- name: Find the area codes of Los Angeles (legacy API)
  module_defaults:
    group/acs.administration.acs:
      connection_string: "{{ vault_acs_connection_string }}"
      api_version: 2020-07-20-preview1
  block:
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

    - name: Pick the path that ends in Los Angeles
      acs.administration.acs_location_info:
        country_code: US
        plan_group_id: "{{ group.query_result }}"
        phone_plan_id: "{{ plan.query_result.phone_plan_id }}"
        query: "location_paths[?length([?value=='NOAM-US-CA-LA']) > `0`] | [0]"
      register: los_angeles

    - name: Area codes of Los Angeles
      acs.administration.acs_area_code_info:
        country_code: US
        phone_plan_id: "{{ plan.query_result.phone_plan_id }}"
        location_type: "{{ plan.query_result.location_type }}"
        location_options: "{{ los_angeles.query_result }}"
      register: area_codes

- name: City names in French, with the value to use for each (legacy API)
  acs.administration.acs_location_info:
    api_version: 2020-07-20-preview1
    country_code: CA
    plan_group_id: cdab54ef-9127-5464-be5e-2845b07dbc17
    phone_plan_id: d71c0f08-3de1-5270-84ce-93dfe9ee8448
    locale: fr-CA
    query: "location_options.options[].location_options[].options[].{name: name, value: value}"
  register: cities_fr
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
localities:
  description: The localities (current API), in the order the service lists them.
  returned: on the current API
  type: list
  elements: dict
  contains:
    localized_name:
      description: Name of the locality in the requested locale.
      type: str
      sample: Seattle
    administrative_division:
      description: Its administrative division, with C(localized_name) and C(abbreviated_name).
      type: dict
      sample: {"localized_name": "WA", "abbreviated_name": "WA"}
location_options:
  description:
    - The location tree of the plan (legacy API). Each level has a label, and each of its options may hold further levels in
      RV(location_options.options[].location_options).
    - For a plan that needs no location the tree has no options.
  returned: on the legacy API
  type: dict
  contains:
    label_id:
      description: Id of the level, for example V(state), as used in RV(location_paths).
      type: str
      sample: state
    label_name:
      description: Name of the level in the requested locale.
      type: str
      sample: State
    options:
      description: The choices at this level.
      type: list
      elements: dict
      contains:
        name:
          description: Name of the choice in the requested locale.
          type: str
          sample: Los Angeles
        value:
          description: Value of the choice, as used in RV(location_paths).
          type: str
          sample: NOAM-US-CA-LA
        location_options:
          description: The levels below this choice (same shape as RV(location_options)); empty at a leaf.
          type: list
          elements: dict
  sample:
    label_id: state
    label_name: State
    options:
      - name: CA
        value: CA
        location_options:
          - label_id: city
            label_name: City
            options:
              - {name: Los Angeles, value: NOAM-US-CA-LA, location_options: []}
location_paths:
  description:
    - Every path from the top of the tree to a leaf, in the order of the tree, each a list of steps.
    - A path is what O(acs.administration.acs_area_code_info#module:location_options) takes as is.
    - When a choice has several levels below it, each level gives its own paths.
  returned: on the legacy API
  type: list
  elements: list
  sample:
    - [{label_id: state, value: CA}, {label_id: city, value: NOAM-US-CA-LA}]
    - [{label_id: state, value: CA}, {label_id: city, value: NOAM-US-CA-SF}]
query_result:
  description: The value of O(query) evaluated against the result (C({localities}), legacy C({location_options, location_paths})). Only when O(query) is given.
  returned: when query is given
  type: raw
  sample: [{label_id: state, value: CA}, {label_id: city, value: NOAM-US-CA-LA}]
"""

from ansible_collections.acs.administration.plugins.module_utils.drivers.locations import location_paths
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as, phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.results import snake_dict
from ansible_collections.acs.administration.plugins.module_utils.validation import country_code_error, locale_error, not_empty_error
from ansible_collections.acs.administration.plugins.module_utils.api.versions import driver, lacking_error, required_error


def validate(params):
    error = (country_code_error(params["country_code"]) or locale_error(params["locale"])
             or lacking_error(params, "acs_location_info"))
    return error or driver(params, current=_validate_current, legacy=_validate_legacy)(params)


def _validate_current(params):
    return not_empty_error(params, "administrative_division")


def _validate_legacy(params):
    return required_error(params, "plan_group_id", "phone_plan_id") or not_empty_error(params, "plan_group_id", "phone_plan_id")


def ensure_read(module):
    return driver(module.params, current=read_current, legacy=read_legacy)(module)


def read_current(module):
    api, client, params, paging = module.phone_numbers_api, module.client, module.params, module.paging()
    country = params["country_code"].upper()
    with failing_as("Could not list the localities of %s" % country, country_code=country):
        found = api.list_localities(
            client, country, params["administrative_division"], params["phone_number_type"], locale=params["locale"],
            **paging)
    return dict(changed=False, localities=[snake_dict(item) for item in found])


def read_legacy(module):
    api, client, params = module.phone_numbers_api, module.client, module.params
    country, group_id, plan_id = params["country_code"].upper(), params["plan_group_id"].strip(), params["phone_plan_id"].strip()
    with failing_as("Could not read the location options of plan %s" % plan_id,
                    country_code=country, plan_group_id=group_id, phone_plan_id=plan_id):
        tree = api.get_location_options(client, country, group_id, plan_id, params["locale"])
    tree = snake_dict(tree) or {}
    tree.setdefault("options", [])
    return dict(changed=False, location_options=tree, location_paths=location_paths(tree))


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            country_code=dict(type="str", required=True),
            plan_group_id=dict(type="str"),
            phone_plan_id=dict(type="str"),
            locale=dict(type="str", default="en-US"),
            administrative_division=dict(type="str"),
            phone_number_type=dict(type="str", choices=["geographic", "tollFree", "mobile"]),
            **phone_numbers_argument_spec()
        ),
        info_module=True, paging=True,
    )
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
