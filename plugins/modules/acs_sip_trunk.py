#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_sip_trunk
short_description: Add, update or remove one SIP trunk (direct routing) of an Azure Communication Services resource
version_added: 0.1.0
description:
  - Manages one SIP trunk of the resource's direct routing configuration, named by the FQDN of its session border
    controller (SBC). Other trunks and the voice routes are left as they are, unless O(remove_from_routes) says otherwise.
  - Reads the configuration, changes only what differs, and checks what the service would refuse before writing (FQDN,
    port, a trunk that routes still use).
  - The API has no ETag; after writing, the module reads the configuration again and writes again when another writer's
    change undid its own (up to 5 times).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  fqdn:
    description:
      - FQDN of the SBC, for example V(sbc1.contoso.com). Its domain must be verified for the resource;
        C(*.onmicrosoft.com) and C(*.azure.com) are not allowed. At most 249 characters.
    type: str
    required: true
  sip_signaling_port:
    description:
      - SIP signaling port of the SBC, 1 to 65535.
    type: int
    default: 5061
  state:
    description:
      - V(present) adds the trunk or updates it; V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  remove_from_routes:
    description:
      - With O(state=absent), a trunk that routes still use is refused (naming the routes) unless this is true; then the
        trunk is first removed from those routes, and the trunk itself in a second request.
    type: bool
    default: false
  remove_empty_routes:
    description:
      - With O(remove_from_routes=true), a route left without trunks is removed too. Otherwise it stays, with no trunks.
    type: bool
    default: false
  enabled:
    description:
      - Whether the trunk is used for calls. Needs O(api_version=2024-11-15-preview). Left as it is when omitted.
    type: bool
  direct_transfer:
    description:
      - Whether a transferred call leaves ACS's signaling path (the SIP Refer-To header gets the trunk's FQDN).
        Needs O(api_version=2024-11-15-preview). Left as it is when omitted.
    type: bool
  privacy_header:
    description:
      - SIP Privacy header, V(id) or V(none). Needs O(api_version=2024-11-15-preview). Left as it is when omitted.
    type: str
    choices: [id, none]
  ip_address_version:
    description:
      - IP address version of the trunk. Needs O(api_version=2024-11-15-preview). Left as it is when omitted.
    type: str
    choices: [ipv4, ipv6]
  api_version:
    description:
      - The SIP routing API version. V(2024-11-15-preview) is needed for O(enabled), O(direct_transfer),
        O(privacy_header) and O(ip_address_version).
    type: str
    choices: ["2023-03-01", "2024-11-15-preview"]
    default: "2023-03-01"
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
attributes:
  check_mode:
    description: Reads the configuration and reports what would change; sends no write.
    support: full
  diff_mode:
    description: Shows the trunks and the routes before and after.
    support: full
"""

EXAMPLES = r"""
- name: Add the SBC of the Seattle office
  acs.administration.acs_sip_trunk:
    connection_string: "{{ vault_acs_connection_string }}"
    fqdn: sbc1.contoso.com
    sip_signaling_port: 5061

- name: Add a trunk that is not used for calls yet (preview API)
  acs.administration.acs_sip_trunk:
    fqdn: sbc2.contoso.com
    sip_signaling_port: 5062
    enabled: false
    api_version: 2024-11-15-preview

- name: Retire an SBC, taking it out of the routes that use it
  acs.administration.acs_sip_trunk:
    fqdn: sbc2.contoso.com
    state: absent
    remove_from_routes: true
"""

RETURN = r"""
trunk:
  description: The trunk after the task (in check mode, as it would be); null when it does not exist.
  returned: always
  type: dict
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
  sample: {"fqdn": "sbc1.contoso.com", "sip_signaling_port": 5061}
actions:
  description: What the task did (in check mode, would do), one entry per trunk and route.
  returned: always
  type: list
  elements: str
  sample: ["added trunk sbc1.contoso.com"]
patches:
  description: How many PATCH requests the task sent.
  returned: always
  type: int
  sample: 1
conflicts:
  description: How many times another writer undid what the task wrote (the task wrote again each time).
  returned: always
  type: int
  sample: 0
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
msg:
  description: What the task did (or, in check mode, would do).
  returned: always
  type: str
  sample: added trunk sbc1.contoso.com
"""

from ansible_collections.acs.administration.plugins.module_utils.drivers import sip
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as

PREVIEW_OPTIONS = ("enabled", "direct_transfer", "privacy_header", "ip_address_version")


def validate(params):
    return (sip.version_error(params, PREVIEW_OPTIONS) or sip.fqdn_error(params["fqdn"])
            or sip.port_error(params["sip_signaling_port"]))


def _result(module, converger):
    fqdn = module.params["fqdn"]
    trunk = (converger.after.get("trunks") or {}).get(fqdn)
    return sip.task_result(converger, module.diff_mode, trunk=sip.trunk_result(fqdn, trunk) if trunk is not None else None)


def ensure_present(module):
    fqdn = module.params["fqdn"]
    api = sip.api_of(module.params)
    fields = sip.trunk_wire(api, module.params)
    converger = sip.Converger(module.client, api, check_mode=module.check_mode)

    def holds(config):
        trunk = (config.get("trunks") or {}).get(fqdn)
        return trunk is not None and all(trunk.get(k) == v for k, v in fields.items())

    with failing_as("Could not set trunk %s" % fqdn):
        converger.converge(lambda config: sip.plan_trunk(config, fqdn, fields), holds)
    return _result(module, converger)


def ensure_absent(module):
    params = module.params
    fqdn = params["fqdn"]
    converger = sip.Converger(module.client, sip.api_of(params), check_mode=module.check_mode)

    def plan(config):
        return sip.plan_trunk_absent(config, fqdn, params["remove_from_routes"], params["remove_empty_routes"])

    with failing_as("Could not remove trunk %s" % fqdn):
        converger.converge(plan, lambda config: fqdn not in (config.get("trunks") or {}))
    return _result(module, converger)


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            **sip.api_version_spec(),
            fqdn=dict(type="str", required=True),
            sip_signaling_port=dict(type="int", default=sip.DEFAULT_PORT),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            remove_from_routes=dict(type="bool", default=False),
            remove_empty_routes=dict(type="bool", default=False),
            enabled=dict(type="bool"),
            direct_transfer=dict(type="bool"),
            privacy_header=dict(type="str", choices=["id", "none"]),
            ip_address_version=dict(type="str", choices=["ipv4", "ipv6"]),
        ),
        supports_check_mode=True,
    )
    module.run(validate, {"present": ensure_present, "absent": ensure_absent}[module.params["state"]])


if __name__ == "__main__":
    main()
