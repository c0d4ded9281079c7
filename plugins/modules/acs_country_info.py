#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_country_info
short_description: List the countries where Azure Communication Services offers phone numbers
version_added: 0.1.0
description:
  - Lists the countries where an Azure Communication Services resource offers phone numbers, with their names in the
    requested locale (sent as the C(accept-language) header on the current API, as the C(locale) query parameter on the
    legacy one).
  - Follows every page of the list, or stops at O(limit).
  - This is the first step of the discovery chain country, offering, locality, area code (legacy API - country, plan
    group, plan, location, area code).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  locale:
    description:
      - Language and region of the localized names, for example V(en-US) or V(fr-CA).
    type: str
    default: en-US
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
  - acs.administration.acs.paging
  - acs.administration.acs.phone_api_version
"""

EXAMPLES = r"""
- name: List the supported countries (connection from ACS_CONNECTION_STRING)
  acs.administration.acs_country_info:
  register: countries

- name: Set the connection once for every ACS task of a block
  module_defaults:
    group/acs.administration.acs:
      connection_string: "{{ vault_acs_connection_string }}"
  block:
    - name: Country names in French
      acs.administration.acs_country_info:
        locale: fr-CA
      register: countries_fr

    - name: Is Canada offered?
      acs.administration.acs_country_info:
        query: "countries[?country_code=='CA'] | length(@) > `0`"
      register: canada

    - name: Show the answer
      ansible.builtin.debug:
        msg: "Canada offered: {{ canada.query_result }}"

# The legacy discovery chain: country -> plan group -> plan -> location -> area code.
- name: Find an area code of Seattle to reserve numbers in (legacy API)
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

    - name: Pick the plan that allows inbound calls
      acs.administration.acs_phone_plan_info:
        api_version: 2020-07-20-preview1
        country_code: US
        plan_group_id: "{{ group.query_result }}"
        query: "phone_plans[?contains(capabilities, 'InboundCalling')] | [0]"
      register: plan

    - name: Pick the location path that ends in Seattle
      acs.administration.acs_location_info:
        country_code: US
        plan_group_id: "{{ group.query_result }}"
        phone_plan_id: "{{ plan.query_result.phone_plan_id }}"
        query: "location_paths[?length([?value=='NOAM-US-WA-SE']) > `0`] | [0]"
      register: seattle

    - name: The area codes of Seattle
      acs.administration.acs_area_code_info:
        country_code: US
        phone_plan_id: "{{ plan.query_result.phone_plan_id }}"
        location_type: "{{ plan.query_result.location_type }}"
        location_options: "{{ seattle.query_result }}"
      register: area_codes
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
countries:
  description: The supported countries, in the order the service lists them.
  returned: always
  type: list
  elements: dict
  contains:
    country_code:
      description: ISO 3166 alpha-2 code of the country.
      type: str
      sample: US
    localized_name:
      description: Name of the country in the requested locale.
      type: str
      sample: United States
query_result:
  description: The value of O(query) evaluated against C({countries}). Only when O(query) is given.
  returned: when query is given
  type: raw
  sample: true
"""

from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as
from ansible_collections.acs.administration.plugins.module_utils.module import phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.results import snake_dict
from ansible_collections.acs.administration.plugins.module_utils.validation import locale_error


def validate(params):
    return locale_error(params["locale"])


def ensure_read(module):
    with failing_as("Could not list the supported countries"):
        countries = module.phone_numbers_api.list_countries(module.client, module.params["locale"], **module.paging())
    return dict(changed=False, countries=[snake_dict(c) for c in countries])


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            locale=dict(type="str", default="en-US"),
            **phone_numbers_argument_spec()
        ),
        info_module=True, paging=True,
    )
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
