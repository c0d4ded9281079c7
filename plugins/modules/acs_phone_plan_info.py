#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_phone_plan_info
short_description: List the phone plans of an Azure Communication Services plan group
version_added: 0.1.0
description:
  - Legacy API only (O(api_version=2020-07-20-preview1)). On the current API V(2025-06-01), the default, the task
    fails - offerings replaced plans, use M(acs.administration.acs_offering_info).
  - Lists the phone plans of one plan group in one country, with their location type, capabilities,
    area codes (for plans that need no location) and the most numbers one search may reserve.
  - Follows every page of the list, or stops at O(limit).
  - This is the third step of the discovery chain country, plan group, plan, location, area code.
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
      - Id of the plan group, as RV(acs.administration.acs_plan_group_info#module:plan_groups[].phone_plan_group_id) returns it.
    type: str
    required: true
  locale:
    description:
      - Language and region of the localized names, for example V(en-US) or V(fr-CA).
    type: str
    default: en-US
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.phone_api_version
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
  - acs.administration.acs.paging
seealso:
  - module: acs.administration.acs_plan_group_info
  - module: acs.administration.acs_location_info
  - module: acs.administration.acs_area_code_info
"""

EXAMPLES = r"""
# The discovery chain: country -> plan group -> plan -> location -> area code.
- name: Find the area codes of a US geographic plan
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

    - name: Pick the plan that allows inbound calls
      acs.administration.acs_phone_plan_info:
        api_version: 2020-07-20-preview1
        country_code: US
        plan_group_id: "{{ group.query_result }}"
        query: "phone_plans[?contains(capabilities, 'InboundCalling')] | [0]"
      register: plan

    - name: Read the plan's locations (state, then city)
      acs.administration.acs_location_info:
        country_code: US
        plan_group_id: "{{ group.query_result }}"
        phone_plan_id: "{{ plan.query_result.phone_plan_id }}"
      register: locations

    - name: Area codes of the first location
      acs.administration.acs_area_code_info:
        country_code: US
        phone_plan_id: "{{ plan.query_result.phone_plan_id }}"
        location_type: "{{ plan.query_result.location_type }}"
        location_options: "{{ locations.location_paths[0] }}"
      register: area_codes

- name: Toll-free plans list their area codes themselves
  acs.administration.acs_phone_plan_info:
    api_version: 2020-07-20-preview1
    country_code: US
    plan_group_id: 2e5e7ab9-eef1-5855-b2ea-49707837418b
    query: "phone_plans[0].area_codes"
  register: toll_free_area_codes
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
phone_plans:
  description: The plans of the plan group, in the order the service lists them.
  returned: always
  type: list
  elements: dict
  contains:
    phone_plan_id:
      description: Id of the plan.
      type: str
      sample: 544f7088-7166-5a47-9d17-0e36fb0f65d1
    localized_name:
      description: Name of the plan in the requested locale.
      type: str
      sample: Inbound and Outbound PSTN - Geographic
    location_type:
      description:
        - What the plan needs to know about the location of its numbers, V(Selection) (a location from
          M(acs.administration.acs_location_info)), V(NotRequired) or V(CivicAddress).
        - Pass it as is to O(acs.administration.acs_area_code_info#module:location_type).
      type: str
      sample: Selection
    area_codes:
      description: The area codes of a plan that needs no location (empty for the others).
      type: list
      elements: str
      sample: ["833"]
    capabilities:
      description: What the numbers of the plan can do.
      type: list
      elements: str
      sample: [Azure, InboundCalling, OutboundCalling, Geographic]
    maximum_search_size:
      description: The most numbers one search (reservation) of this plan may ask for.
      type: int
      sample: 20
query_result:
  description: The value of O(query) evaluated against C({phone_plans}). Only when O(query) is given.
  returned: when query is given
  type: raw
  sample: 544f7088-7166-5a47-9d17-0e36fb0f65d1
"""

from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as
from ansible_collections.acs.administration.plugins.module_utils.module import phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.api.versions import lacking_error
from ansible_collections.acs.administration.plugins.module_utils.results import snake_dict
from ansible_collections.acs.administration.plugins.module_utils.validation import country_code_error, locale_error, not_empty_error


def validate(params):
    return (lacking_error(params, "acs_phone_plan_info") or country_code_error(params["country_code"]) or locale_error(params["locale"])
            or not_empty_error(params, "plan_group_id"))


def ensure_read(module):
    params = module.params
    country, group_id = params["country_code"].upper(), params["plan_group_id"].strip()
    with failing_as("Could not list the plans of plan group %s" % group_id, country_code=country, plan_group_id=group_id):
        plans = module.phone_numbers_api.list_plans(module.client, country, group_id, params["locale"], **module.paging())
    return dict(changed=False, phone_plans=[snake_dict(p) for p in plans])


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            **phone_numbers_argument_spec(),
            country_code=dict(type="str", required=True),
            plan_group_id=dict(type="str", required=True),
            locale=dict(type="str", default="en-US"),
        ),
        info_module=True, paging=True,
    )
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
