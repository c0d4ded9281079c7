#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_location_info
short_description: Read the locations a phone plan of Azure Communication Services offers numbers in
version_added: 0.1.0
description:
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
    type: str
    required: true
  phone_plan_id:
    description:
      - Id of the plan, as RV(acs.administration.acs_phone_plan_info#module:phone_plans[].phone_plan_id) returns it.
    type: str
    required: true
  locale:
    description:
      - Language and region of the localized names, for example V(en-US) or V(fr-CA).
    type: str
    default: en-US
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
seealso:
  - module: acs.administration.acs_phone_plan_info
  - module: acs.administration.acs_area_code_info
"""

EXAMPLES = r"""
# The discovery chain: country -> plan group -> plan -> location -> area code.
- name: Find the area codes of Los Angeles
  module_defaults:
    group/acs.administration.acs:
      connection_string: "{{ vault_acs_connection_string }}"
  block:
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

- name: City names in French, with the value to use for each
  acs.administration.acs_location_info:
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
location_options:
  description:
    - The location tree of the plan. Each level has a label, and each of its options may hold further levels in
      RV(location_options.options[].location_options).
    - For a plan that needs no location the tree has no options.
  returned: always
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
  returned: always
  type: list
  elements: list
  sample:
    - [{label_id: state, value: CA}, {label_id: city, value: NOAM-US-CA-LA}]
    - [{label_id: state, value: CA}, {label_id: city, value: NOAM-US-CA-SF}]
query_result:
  description: The value of O(query) evaluated against C({location_options, location_paths}). Only when O(query) is given.
  returned: when query is given
  type: raw
  sample: [{label_id: state, value: CA}, {label_id: city, value: NOAM-US-CA-LA}]
"""

from ansible_collections.acs.administration.plugins.module_utils.locations import location_paths
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as
from ansible_collections.acs.administration.plugins.module_utils.results import snake_dict
from ansible_collections.acs.administration.plugins.module_utils.validation import country_code_error, locale_error, not_empty_error


def validate(params):
    return (country_code_error(params["country_code"]) or locale_error(params["locale"])
            or not_empty_error(params, "plan_group_id", "phone_plan_id"))


def ensure_read(module):
    params = module.params
    country, group_id, plan_id = params["country_code"].upper(), params["plan_group_id"].strip(), params["phone_plan_id"].strip()
    with failing_as("Could not read the location options of plan %s" % plan_id,
                    country_code=country, plan_group_id=group_id, phone_plan_id=plan_id):
        tree = module.phone_numbers_api.get_location_options(module.client, country, group_id, plan_id, params["locale"])
    tree = snake_dict(tree) or {}
    tree.setdefault("options", [])
    return dict(changed=False, location_options=tree, location_paths=location_paths(tree))


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            country_code=dict(type="str", required=True),
            plan_group_id=dict(type="str", required=True),
            phone_plan_id=dict(type="str", required=True),
            locale=dict(type="str", default="en-US"),
        ),
        info_module=True,
    )
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
