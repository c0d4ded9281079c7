#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_phone_number_info
short_description: List the phone numbers an Azure Communication Services resource has acquired
version_added: 0.1.0
description:
  - Lists the phone numbers the resource has acquired (purchased).
  - On the current API (V(2025-06-01), the default) each number has its type, assignment type, capabilities
    (C(calling), C(sms)), purchase date and monthly cost; with O(phone_number) the module reads that one number
    (one GET; the list is empty when the resource does not own it).
  - On the legacy API (O(api_version=2020-07-20-preview1)) each number has its capabilities, assignment and place.
  - Follows every page of the list, or stops at O(limit).
  - O(phone_number) and O(capabilities) filter the list; with a filter every page is read and O(limit) counts the numbers
    that match.
author:
  - ACS Administration maintainers (@acs-administration)
options:
  phone_number:
    description:
      - Only return this number, in E.164 form such as V(+14255550123). The list is empty when the resource has not acquired it.
    type: str
  capabilities:
    description:
      - Only return the numbers that have every one of these acquired capabilities. Legacy API only.
    type: list
    elements: str
    choices:
      - A2PSmsCapable
      - A2PSmsEnabled
      - Azure
      - Calling
      - ConferenceAssignment
      - FirstPartyAppAssignment
      - FirstPartyVoiceAppAssignment
      - Geographic
      - InboundA2PSms
      - InboundCalling
      - InboundP2PSms
      - NonGeographic
      - Office365
      - OutboundA2PSms
      - OutboundCalling
      - OutboundP2PSms
      - P2PSmsCapable
      - P2PSmsEnabled
      - Premium
      - ThirdPartyAppAssignment
      - TollCalling
      - TollFree
      - TollFreeCalling
      - UserAssignment
  locale:
    description:
      - Language and region of the place names, for example V(en-US) or V(fr-CA). Legacy API only (default V(en-US)).
    type: str
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
  - acs.administration.acs.paging
  - acs.administration.acs.phone_api_version
"""

EXAMPLES = r"""
- name: List every acquired number (connection from ACS_CONNECTION_STRING)
  acs.administration.acs_phone_number_info:
  register: numbers

- name: Numbers that can take inbound calls
  acs.administration.acs_phone_number_info:
    query: "phone_numbers[?contains(['inbound', 'inbound+outbound'], capabilities.calling)].phone_number"
  register: inbound

- name: The monthly cost of every number
  acs.administration.acs_phone_number_info:
    query: "phone_numbers[].{number: phone_number, cost: cost.amount, currency: cost.currency_code}"
  register: costs

- name: Numbers that can take inbound calls (legacy API)
  acs.administration.acs_phone_number_info:
    api_version: 2020-07-20-preview1
    capabilities: [InboundCalling]
    query: "phone_numbers[].phone_number"
  register: inbound_legacy

- name: Has the resource acquired this number?
  acs.administration.acs_phone_number_info:
    phone_number: "+14255550123"
  register: one_number

- name: Show its capabilities
  ansible.builtin.debug:
    msg: "{{ one_number.phone_numbers[0].capabilities if one_number.phone_numbers else 'not acquired' }}"

- name: Count the numbers per type, reading 50 numbers per request
  acs.administration.acs_phone_number_info:
    page_size: 50
    query: "phone_numbers[].phone_number_type"
  register: types
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
phone_numbers:
  description: The acquired numbers (those that match the filters), in the order the service lists them.
  returned: always
  type: list
  elements: dict
  contains:
    phone_number:
      description: The number, in E.164 form.
      type: str
      sample: "+14255550123"
    id:
      description: The number's id (its digits). Current API.
      type: str
      sample: "14255550123"
    country_code:
      description: ISO 3166 alpha-2 code of its country. Current API.
      type: str
      sample: US
    phone_number_type:
      description: V(geographic), V(tollFree) or V(mobile). Current API.
      type: str
      sample: geographic
    assignment_type:
      description: V(person) or V(application). Current API.
      type: str
      sample: application
    capabilities:
      description: Its C(calling) and C(sms) capabilities (V(none), V(inbound), V(outbound), V(inbound+outbound)). Current API.
      type: dict
      sample: {"calling": "inbound+outbound", "sms": "none"}
    purchase_date:
      description: When it was bought. Current API.
      type: str
      sample: "2026-11-30T17:00:00.0000000+00:00"
    cost:
      description: Its price, with C(amount), C(currency_code) and C(billing_frequency). Current API.
      type: dict
      sample: {"amount": 1.0, "currency_code": "USD", "billing_frequency": "monthly"}
    acquired_capabilities:
      description: What the number can do now. Legacy API.
      type: list
      elements: str
      sample: [Azure, InboundCalling, OutboundCalling]
    available_capabilities:
      description: Legacy API. What the number could be given with an update of its capabilities.
      type: list
      elements: str
      sample: [Azure, InboundCalling, OutboundCalling, UserAssignment]
    assignment_status:
      description: Legacy API. What the number is assigned to, for example V(Unassigned) or V(UserAssigned).
      type: str
      sample: Unassigned
    place_name:
      description: Legacy API. Where the number is, in the requested locale.
      type: str
      sample: Redmond, United States
    activation_state:
      description: Legacy API. Activation state of the number, for example V(Activated).
      type: str
      sample: Activated
query_result:
  description: The value of O(query) evaluated against C({phone_numbers}). Only when O(query) is given.
  returned: when query is given
  type: raw
  sample: ["+14255550123"]
"""

from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSNotFoundError
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as, phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.results import purchased_number_result, snake_dict
from ansible_collections.acs.administration.plugins.module_utils.api.versions import driver, lacking_error
from ansible_collections.acs.administration.plugins.module_utils.validation import CAPABILITIES, e164_error, locale_error


def matches(number, phone_number=None, capabilities=None):
    """Whether an AcquiredPhoneNumber (API dict) passes the filters."""
    if phone_number and number.get("phoneNumber") != phone_number:
        return False
    acquired = number.get("acquiredCapabilities") or []
    return all(c in acquired for c in capabilities or [])


def validate(params):
    error = lacking_error(params, "acs_phone_number_info")
    if error:
        return error
    return locale_error(params["locale"] or "en-US") or (e164_error(params["phone_number"]) if params["phone_number"] is not None else None)


def ensure_read_current(module):
    params = module.params
    if params["phone_number"]:
        with failing_as("Could not read the phone number %s" % params["phone_number"]):
            try:
                numbers = [module.phone_numbers_api.get_phone_number(module.client, params["phone_number"])]
            except ACSNotFoundError:
                numbers = []
    else:
        with failing_as("Could not list the purchased phone numbers"):
            numbers = module.phone_numbers_api.list_phone_numbers(module.client, **module.paging())
    return dict(changed=False, phone_numbers=[purchased_number_result(n) for n in numbers])


def ensure_read(module):
    return driver(module.params, current=ensure_read_current, legacy=ensure_read_legacy)(module)


def ensure_read_legacy(module):
    params = module.params
    filtered = params["phone_number"] is not None or bool(params["capabilities"])
    paging = module.paging()
    if filtered:
        # The filters run here, so the limit counts matching numbers: read every page, then cut.
        paging["limit"] = None
    with failing_as("Could not list the acquired phone numbers"):
        numbers = module.phone_numbers_api.list_phone_numbers(module.client, params["locale"] or "en-US", **paging)
    if filtered:
        numbers = [n for n in numbers if matches(n, params["phone_number"], params["capabilities"])][:params["limit"] or None]
    return dict(changed=False, phone_numbers=[snake_dict(n) for n in numbers])


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            phone_number=dict(type="str"),
            capabilities=dict(type="list", elements="str", choices=sorted(CAPABILITIES)),
            locale=dict(type="str"),
            **phone_numbers_argument_spec()
        ),
        info_module=True, paging=True,
    )
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
