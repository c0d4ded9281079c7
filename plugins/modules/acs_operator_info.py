#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_operator_info
short_description: Look up the operator information of phone numbers with Azure Communication Services
version_added: 0.2.0
description:
  - Looks up phone numbers (any numbers, not only the resource's own) on the phone numbers API V(2025-06-01);
    their national and international formats and, with O(include_additional_details), their number type, country
    and operator.
  - The service answers the lookup with a POST request; the module changes nothing and runs normally in check mode.
  - The service takes one number per request, so the module sends one request per number, several at once (at most
    O(workers)); C(requests) in RV(stats) counts them. A number given twice is looked up once.
author:
  - ACS Administration maintainers (@acs-administration)
options:
  phone_numbers:
    description:
      - The numbers to look up, in E.164 form such as V(+14255550123).
    type: list
    elements: str
    required: true
  include_additional_details:
    description:
      - Also return the number type, ISO country code and operator details (name, mobile network and country codes).
      - B(This costs money:) the service bills lookups with additional operator details, so it is off by default.
    type: bool
    default: false
  workers:
    description:
      - How many lookups run at once (1 to 50).
    type: int
    default: 5
  api_version:
    description:
      - The phone numbers API version. Operator information exists only in V(2025-06-01); with V(2020-07-20-preview1)
        the task fails.
    type: str
    choices: ["2025-06-01", "2020-07-20-preview1"]
    default: "2025-06-01"
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
"""

EXAMPLES = r"""
- name: Formats of a number (free)
  acs.administration.acs_operator_info:
    phone_numbers: ["+14255550123"]
  register: formats

- name: Which operator serves these numbers (billed by the service)
  acs.administration.acs_operator_info:
    phone_numbers: ["+14255550123", "+12065551000"]
    include_additional_details: true
    query: "operators[].operator_details.name"
  register: operators
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
operators:
  description: One item per number, in the order of O(phone_numbers) (a number given twice appears once).
  returned: always
  type: list
  elements: dict
  contains:
    phone_number:
      description: The number looked up.
      type: str
      sample: "+14255550123"
    national_format:
      description: The number in national format.
      type: str
      sample: "(425) 555-0123"
    international_format:
      description: The number in international format.
      type: str
      sample: "+1 425-555-0123"
    number_type:
      description: V(unknown), V(other), V(geographic) or V(mobile). Only with O(include_additional_details).
      type: str
      sample: geographic
    iso_country_code:
      description: ISO 3166 alpha-2 code of its country. Only with O(include_additional_details).
      type: str
      sample: US
    operator_details:
      description: C(name), C(mobile_network_code), C(mobile_country_code). Only with O(include_additional_details).
      type: dict
      sample: {"name": "Microsoft", "mobile_network_code": null, "mobile_country_code": null}
query_result:
  description: The value of O(query) evaluated against C({operators}). Only when O(query) is given.
  returned: when query is given
  type: raw
  sample: ["Microsoft"]
"""

from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as, phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.results import operator_result
from ansible_collections.acs.administration.plugins.module_utils.validation import e164_error
from ansible_collections.acs.administration.plugins.module_utils.api.versions import lacking_error
from ansible_collections.acs.administration.plugins.module_utils.drivers import pool


def validate(params):
    error = lacking_error(params, "acs_operator_info")
    if error:
        return error
    if not params["phone_numbers"]:
        return "phone_numbers must name at least one number."
    error = pool.workers_error(params["workers"])
    if error:
        return error
    for number in params["phone_numbers"]:
        error = e164_error(number, "phone_numbers")
        if error:
            return error
    return None


def ensure_read(module):
    """One request per number (the service takes one at a time), at most `workers` at once, results in the order given."""
    params = module.params
    numbers = list(dict.fromkeys(params["phone_numbers"]))
    client, api = module.client, module.phone_numbers_api  # made here, once: the threads share them (and the stats)

    def look_up(number):
        return api.search_operator_information(client, number, params["include_additional_details"])

    with failing_as("Could not look up the operator information"):
        found = pool.run(params["workers"], [lambda n=n: look_up(n) for n in numbers], name="acs_operator_info")
    return dict(changed=False, operators=[operator_result(item) for item in found if item is not None])


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            phone_numbers=dict(type="list", elements="str", required=True),
            include_additional_details=dict(type="bool", default=False),
            workers=dict(type="int", default=5),
            **phone_numbers_argument_spec()
        ),
        info_module=True,
    )
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
