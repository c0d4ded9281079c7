#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_offering_info
short_description: List the phone number offerings of a country in Azure Communication Services
version_added: 0.2.0
description:
  - Lists what an Azure Communication Services resource offers in one country on the phone numbers API V(2025-06-01);
    each offering is a number type (V(geographic), V(tollFree), V(mobile)) and an assignment type (V(person),
    V(application)) with the capabilities it allows and its monthly cost.
  - Offerings replace the plan groups and plans of the legacy API (M(acs.administration.acs_plan_group_info) and
    M(acs.administration.acs_phone_plan_info)).
  - The second step of the discovery chain country, offering, locality, area code.
author:
  - ACS Administration maintainers (@acs-administration)
options:
  country_code:
    description:
      - ISO 3166 alpha-2 code of the country, for example V(US). Lower case is accepted.
    type: str
    required: true
  phone_number_type:
    description:
      - Only offerings of this number type.
    type: str
    choices: [geographic, tollFree, mobile]
  assignment_type:
    description:
      - Only offerings of this assignment type.
    type: str
    choices: [person, application]
  locale:
    description:
      - Language and region of localized texts, sent as the C(accept-language) header.
    type: str
    default: en-US
  api_version:
    description:
      - The phone numbers API version. Offerings exist only in V(2025-06-01); with V(2020-07-20-preview1) the task fails
        and names M(acs.administration.acs_plan_group_info).
    type: str
    choices: ["2025-06-01", "2020-07-20-preview1"]
    default: "2025-06-01"
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
  - acs.administration.acs.paging
seealso:
  - module: acs.administration.acs_country_info
  - module: acs.administration.acs_area_code_info
"""

EXAMPLES = r"""
- name: Geographic offerings of the US
  acs.administration.acs_offering_info:
    country_code: US
    phone_number_type: geographic
  register: offerings

- name: The monthly cost of a toll-free number for an application
  acs.administration.acs_offering_info:
    country_code: US
    phone_number_type: tollFree
    assignment_type: application
    query: "offerings[0].cost"
  register: toll_free_cost
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
offerings:
  description: The offerings, in the order the service lists them.
  returned: always
  type: list
  elements: dict
  contains:
    phone_number_type:
      description: V(geographic), V(tollFree) or V(mobile).
      type: str
      sample: geographic
    assignment_type:
      description: V(person) or V(application).
      type: str
      sample: application
    available_capabilities:
      description: The most the offering allows for C(calling) and C(sms) (V(none), V(inbound), V(outbound), V(inbound+outbound)).
      type: dict
      sample: {"calling": "inbound+outbound", "sms": "outbound"}
    cost:
      description: Price per number, with C(amount), C(currency_code) and C(billing_frequency).
      type: dict
      sample: {"amount": 1.0, "currency_code": "USD", "billing_frequency": "monthly"}
query_result:
  description: The value of O(query) evaluated against C({offerings}). Only when O(query) is given.
  returned: when query is given
  type: raw
  sample: {"amount": 2.0, "currency_code": "USD", "billing_frequency": "monthly"}
"""

from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as, phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.results import offering_result
from ansible_collections.acs.administration.plugins.module_utils.validation import country_code_error, locale_error
from ansible_collections.acs.administration.plugins.module_utils.api.versions import lacking_error


def validate(params):
    return lacking_error(params, "acs_offering_info") or country_code_error(params["country_code"]) or locale_error(params["locale"])


def ensure_read(module):
    params = module.params
    country = params["country_code"].upper()
    with failing_as("Could not list the offerings of %s" % country, country_code=country):
        offerings = module.phone_numbers_api.list_offerings(
            module.client, country, params["phone_number_type"], params["assignment_type"], locale=params["locale"], **module.paging())
    return dict(changed=False, offerings=[offering_result(o) for o in offerings])


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            country_code=dict(type="str", required=True),
            phone_number_type=dict(type="str", choices=["geographic", "tollFree", "mobile"]),
            assignment_type=dict(type="str", choices=["person", "application"]),
            locale=dict(type="str", default="en-US"),
            **phone_numbers_argument_spec()
        ),
        info_module=True, paging=True,
    )
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
