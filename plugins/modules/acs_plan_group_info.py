#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_plan_group_info
short_description: List the phone plan groups Azure Communication Services offers in a country
version_added: 0.1.0
description:
  - Legacy API only (O(api_version=2020-07-20-preview1)). On the current API V(2025-06-01), the default, the task
    fails - offerings replaced plan groups, use M(acs.administration.acs_offering_info).
  - Lists the phone plan groups (for example geographic and toll-free numbers) that an Azure Communication Services
    resource offers in one country, with their names in the requested locale and, on request, their monthly rate.
  - Follows every page of the list, or stops at O(limit).
  - This is the second step of the discovery chain country, plan group, plan, location, area code.
author:
  - ACS Administration maintainers (@acs-administration)
options:
  country_code:
    description:
      - ISO 3166 alpha-2 code of the country, for example V(US). Lower case is accepted.
      - M(acs.administration.acs_country_info) lists the countries the resource offers.
    type: str
    required: true
  locale:
    description:
      - Language and region of the localized names, for example V(en-US) or V(fr-CA).
    type: str
    default: en-US
  include_rate_information:
    description:
      - Also return the monthly rate of each plan group, as RV(plan_groups[].rate_information).
    type: bool
    default: false
  phone_number_type:
    description:
      - Only return the plan groups of this number type. By default every plan group is returned.
      - The filter runs on the returned list, so with it every page is read and O(limit) counts the plan groups that match.
    type: str
    choices: [Geographic, TollFree, Indirect, Unknown]
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.phone_api_version
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
  - acs.administration.acs.paging
seealso:
  - module: acs.administration.acs_country_info
  - module: acs.administration.acs_phone_plan_info
"""

EXAMPLES = r"""
# The discovery chain: country -> plan group -> plan -> location -> area code.
- name: Find a US area code to reserve numbers in
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
        phone_number_type: Geographic
        query: "plan_groups[0].phone_plan_group_id"
      register: group

    - name: Pick its first plan
      acs.administration.acs_phone_plan_info:
        api_version: 2020-07-20-preview1
        country_code: US
        plan_group_id: "{{ group.query_result }}"
      register: plans

    - name: Read the plan's locations (state, then city)
      acs.administration.acs_location_info:
        country_code: US
        plan_group_id: "{{ group.query_result }}"
        phone_plan_id: "{{ plans.phone_plans[0].phone_plan_id }}"
      register: locations

    - name: Area codes of the first location
      acs.administration.acs_area_code_info:
        country_code: US
        phone_plan_id: "{{ plans.phone_plans[0].phone_plan_id }}"
        location_type: "{{ plans.phone_plans[0].location_type }}"
        location_options: "{{ locations.location_paths[0] }}"
      register: area_codes

    - name: Show them
      ansible.builtin.debug:
        var: area_codes.primary_area_codes

- name: The toll-free plan group id, in one task
  acs.administration.acs_plan_group_info:
    api_version: 2020-07-20-preview1
    country_code: US
    query: "plan_groups[?phone_number_type=='TollFree'].phone_plan_group_id | [0]"
  register: toll_free

- name: Plan groups with their monthly rate, names in French
  acs.administration.acs_plan_group_info:
    api_version: 2020-07-20-preview1
    country_code: CA
    include_rate_information: true
    locale: fr-CA
  register: groups_fr
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
plan_groups:
  description: The plan groups offered in the country, in the order the service lists them.
  returned: always
  type: list
  elements: dict
  contains:
    phone_plan_group_id:
      description: Id of the plan group, for O(acs.administration.acs_phone_plan_info#module:plan_group_id).
      type: str
      sample: 0f31a8ee-8833-52b5-9d68-35bf2f712158
    phone_number_type:
      description: Type of the numbers of the group, V(Geographic), V(TollFree), V(Indirect) or V(Unknown).
      type: str
      sample: Geographic
    localized_name:
      description: Name of the plan group in the requested locale.
      type: str
      sample: Geographic
    localized_description:
      description: Description of the plan group in the requested locale.
      type: str
      sample: These are Toll numbers
    carrier_details:
      description: The carrier of the numbers, when the service says.
      type: dict
      returned: when the service returns it
      contains:
        name:
          description: Name of the carrier.
          type: str
        localized_name:
          description: Name of the carrier in the requested locale.
          type: str
    rate_information:
      description: The monthly rate of a number of the group.
      type: dict
      returned: when O(include_rate_information=true) and the service has a rate
      contains:
        monthly_rate:
          description: Monthly rate of one number.
          type: float
          sample: 1.0
        currency_type:
          description: Currency of the rate.
          type: str
          sample: USD
        rate_error_message:
          description: Why the rate could not be given, when it could not.
          type: str
query_result:
  description: The value of O(query) evaluated against C({plan_groups}). Only when O(query) is given.
  returned: when query is given
  type: raw
  sample: 2e5e7ab9-eef1-5855-b2ea-49707837418b
"""

from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as
from ansible_collections.acs.administration.plugins.module_utils.module import phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.api.versions import lacking_error
from ansible_collections.acs.administration.plugins.module_utils.results import snake_dict
from ansible_collections.acs.administration.plugins.module_utils.validation import country_code_error, locale_error


def validate(params):
    return lacking_error(params, "acs_plan_group_info") or country_code_error(params["country_code"]) or locale_error(params["locale"])


def ensure_read(module):
    params = module.params
    country = params["country_code"].upper()
    wanted_type = params["phone_number_type"]
    paging = module.paging()
    if wanted_type:
        # The filter runs here, so the limit counts matching groups: read every page, then cut.
        paging["limit"] = None
    with failing_as("Could not list the plan groups of %s" % country, country_code=country):
        groups = module.phone_numbers_api.list_plan_groups(module.client, country, params["locale"], params["include_rate_information"],
                                                           **paging)
    if wanted_type:
        groups = [g for g in groups if g.get("phoneNumberType") == wanted_type][:params["limit"] or None]
    return dict(changed=False, plan_groups=[snake_dict(g) for g in groups])


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            **phone_numbers_argument_spec(),
            country_code=dict(type="str", required=True),
            locale=dict(type="str", default="en-US"),
            include_rate_information=dict(type="bool", default=False),
            phone_number_type=dict(type="str", choices=["Geographic", "TollFree", "Indirect", "Unknown"]),
        ),
        info_module=True, paging=True,
    )
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
