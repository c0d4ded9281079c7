#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_sip_info
short_description: Read the direct routing configuration (SIP trunks and voice routes) of an Azure Communication Services resource
version_added: 0.1.0
description:
  - Returns the SIP trunks and the ordered voice routes of the resource; on the preview API also its domains and, with
    O(health=true), each trunk's health.
  - With O(test_number), also the routes a call to that number would match, in order (the first is the one used),
    evaluated the way the service does - a .NET regular expression that matches anywhere in the number unless it is
    anchored - from the configuration read, in one request.
author:
  - ACS Administration maintainers (@acs-administration)
options:
  test_number:
    description:
      - A phone number, digits with an optional leading C(+), to test the routes with; see RV(matching_routes).
    type: str
  health:
    description:
      - Include each trunk's health (TLS, SIP OPTIONS ping, overall status). Needs O(api_version=2024-11-15-preview).
    type: bool
    default: false
  api_version:
    description:
      - The SIP routing API version. V(2024-11-15-preview) adds domains, trunk flags and O(health).
    type: str
    choices: ["2023-03-01", "2024-11-15-preview"]
    default: "2023-03-01"
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.info_module
"""

EXAMPLES = r"""
- name: Read the direct routing configuration
  acs.administration.acs_sip_info:
    connection_string: "{{ vault_acs_connection_string }}"
  register: sip

- name: Which routes would a call to a Seattle number take?
  acs.administration.acs_sip_info:
    test_number: "+14255550123"
  register: tested

- name: Show the route that wins and its trunks
  ansible.builtin.debug:
    msg: "{{ tested.matching_routes[0] | default('no route matches') }}"

- name: Trunks that are not healthy (preview API)
  acs.administration.acs_sip_info:
    api_version: 2024-11-15-preview
    health: true
    query: "trunks[?health.overall.status != 'active'].fqdn"
"""

RETURN = r"""
trunks:
  description: The trunks, in the service's order.
  returned: always
  type: list
  elements: dict
  contains:
    fqdn:
      description: FQDN of the SBC.
      type: str
      sample: sbc1.contoso.com
    sip_signaling_port:
      description: SIP signaling port.
      type: int
      sample: 5061
    enabled:
      description: Whether the trunk is used (preview API only).
      type: bool
    direct_transfer:
      description: Whether direct transfer is on (preview API only).
      type: bool
    privacy_header:
      description: V(id) or V(none) (preview API only).
      type: str
    ip_address_version:
      description: V(ipv4) or V(ipv6) (preview API only).
      type: str
    health:
      description: With O(health=true), C(tls.status), C(ping.status), C(overall.status) and C(overall.reason).
      type: dict
routes:
  description: The routes, in the order they apply.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name of the route.
      type: str
      sample: seattle
    number_pattern:
      description: Its number pattern (.NET regular expression).
      type: str
      sample: ^\+1(425|206)\d{7}$
    trunks:
      description: The trunks it tries, in order.
      type: list
      elements: str
    description:
      description: Its description, null when it has none.
      type: str
    caller_id_override:
      description: Its caller id override (preview API only, when it has one).
      type: str
domains:
  description: The domains and whether each is enabled (preview API only).
  returned: with O(api_version=2024-11-15-preview)
  type: list
  elements: dict
  sample: [{"domain": "contoso.com", "enabled": true}]
matching_routes:
  description: With O(test_number), the routes (as in RV(routes)) whose pattern matches it, in order; the first is the one used.
  returned: when O(test_number) is given
  type: list
  elements: dict
query_result:
  description: The value of O(query) over this result.
  returned: when O(query) is given
  type: raw
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
"""

from ansible_collections.acs.administration.plugins.module_utils.drivers import sip
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as


def validate(params):
    if params["test_number"] is not None and sip.number_error(params["test_number"]):
        return sip.number_error(params["test_number"])
    return sip.version_error(params, ("health",) if params["health"] else ())


def read(module):
    params = module.params
    with failing_as("Could not read the SIP routing configuration"):
        config = sip.api_of(params).get_configuration(module.client, expand_health=params["health"])
    result = dict(changed=False, **sip.configuration_result(config))
    if params["test_number"] is not None:
        result["matching_routes"] = [sip.route_result(r) for r in sip.matching_routes(config, params["test_number"])]
    return result


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            **sip.api_version_spec(),
            test_number=dict(type="str"),
            health=dict(type="bool", default=False),
        ),
        info_module=True,
    )
    module.run(validate, read)


if __name__ == "__main__":
    main()
