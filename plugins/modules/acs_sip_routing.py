#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_sip_routing
short_description: Set the whole direct routing configuration (SIP trunks and voice routes) of an Azure Communication Services resource
version_added: 0.1.0
description:
  - Makes the resource's direct routing configuration exactly the one given - the listed trunks, and the listed routes
    in that order. Routes not listed are removed; trunks not listed too, unless O(purge_trunks=false).
  - Checks everything the service would refuse before writing, then applies the changes in a safe order in as few
    requests as possible - trunks added or updated, the routes, and the removal of trunks no route uses in one
    request; the removal of trunks that the routes used before in a second one.
  - The API has no ETag. After writing, the module reads the configuration again and, if another writer changed it
    meanwhile, writes again (up to 5 times).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  trunks:
    description:
      - The trunks. A trunk's flags that are left out keep their value (their default for a new trunk).
    type: list
    elements: dict
    required: true
    suboptions:
      fqdn:
        description: FQDN of the SBC; not in C(*.onmicrosoft.com) or C(*.azure.com).
        type: str
        required: true
      sip_signaling_port:
        description: SIP signaling port, 1 to 65535.
        type: int
        default: 5061
      enabled:
        description: Whether the trunk is used. Needs O(api_version=2024-11-15-preview).
        type: bool
      direct_transfer:
        description: Whether direct transfer is on. Needs O(api_version=2024-11-15-preview).
        type: bool
      privacy_header:
        description: SIP Privacy header. Needs O(api_version=2024-11-15-preview).
        type: str
        choices: [id, none]
      ip_address_version:
        description: IP address version. Needs O(api_version=2024-11-15-preview).
        type: str
        choices: [ipv4, ipv6]
  routes:
    description:
      - The routes, in the order they apply (the first whose pattern matches a number wins). V([]) removes every route.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Name of the route, unique, at most 256 characters.
        type: str
        required: true
      number_pattern:
        description: The .NET regular expression a called number must match; digits with an optional leading C(+) only.
        type: str
        required: true
      trunks:
        description: FQDNs of the trunks the route tries, in order.
        type: list
        elements: str
        default: []
      description:
        description: Description of the route, at most 1024 characters.
        type: str
      caller_id_override:
        description: Caller id that replaces the one of outgoing calls. Needs O(api_version=2024-11-15-preview).
        type: str
  purge_trunks:
    description:
      - Remove the trunks that O(trunks) does not list. With V(false) they are left alone (routes may still use them).
    type: bool
    default: true
  api_version:
    description:
      - The SIP routing API version. V(2024-11-15-preview) is needed for the trunk flags and O(routes[].caller_id_override).
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
    description: Shows the trunks and the ordered routes before and after.
    support: full
"""

EXAMPLES = r"""
- name: The whole direct routing configuration
  acs.administration.acs_sip_routing:
    connection_string: "{{ vault_acs_connection_string }}"
    trunks:
      - fqdn: sbc1.contoso.com
      - fqdn: sbc2.contoso.com
        sip_signaling_port: 5062
    routes:
      - name: seattle
        number_pattern: ^\+1(425|206)\d{7}$
        trunks: [sbc1.contoso.com, sbc2.contoso.com]
      - name: global
        number_pattern: ^\+\d+$
        trunks: [sbc2.contoso.com]

- name: Routes only, leaving the trunks other teams manage alone
  acs.administration.acs_sip_routing:
    purge_trunks: false
    trunks: []
    routes:
      - name: global
        number_pattern: ^\+\d+$
        trunks: [sbc2.contoso.com]
"""

RETURN = r"""
trunks:
  description: The trunks after the task (in check mode, as they would be), as M(acs.administration.acs_sip_info) returns them.
  returned: always
  type: list
  elements: dict
  sample: [{"fqdn": "sbc1.contoso.com", "sip_signaling_port": 5061}]
routes:
  description: The routes after the task, in order, as M(acs.administration.acs_sip_info) returns them.
  returned: always
  type: list
  elements: dict
  sample: [{"name": "global", "number_pattern": "^\\+\\d+$", "trunks": ["sbc2.contoso.com"], "description": null}]
actions:
  description: What the task did (in check mode, would do), one entry per trunk and route.
  returned: always
  type: list
  elements: str
  sample: ["added trunk sbc1.contoso.com", "added route global at position 1"]
patches:
  description: How many PATCH requests the task sent.
  returned: always
  type: int
  sample: 1
conflicts:
  description: How many times another writer changed the configuration after the task wrote it (the task wrote again each time).
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
  sample: added trunk sbc1.contoso.com; added route global at position 1
"""

from ansible_collections.acs.administration.plugins.module_utils.drivers import sip
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as

TRUNK_PREVIEW = ("enabled", "direct_transfer", "privacy_header", "ip_address_version")


def _trunks_error(params):
    seen = set()
    for i, trunk in enumerate(params["trunks"]):
        where = "trunks[%d]" % i
        error = (sip.version_error(dict(trunk, api_version=params["api_version"]), TRUNK_PREVIEW)
                 or sip.fqdn_error(trunk["fqdn"], where + ".fqdn") or sip.port_error(trunk["sip_signaling_port"], where + ".sip_signaling_port"))
        if error:
            return error
        if trunk["fqdn"] in seen:
            return "trunks lists %s more than once." % trunk["fqdn"]
        seen.add(trunk["fqdn"])
    return None


def _routes_error(params):
    listed = set(t["fqdn"] for t in params["trunks"])
    for i, route in enumerate(params["routes"]):
        error = (sip.version_error(dict(route, api_version=params["api_version"]), ("caller_id_override",))
                 or sip.route_error(route, where="routes[%d]" % i))
        if error:
            return error
        missing = [t for t in route["trunks"] if t not in listed]
        if missing and params["purge_trunks"]:
            return ("Route %r names trunk(s) %s that trunks does not list; list them, or set purge_trunks: false to keep trunks "
                    "managed elsewhere." % (route["name"], ", ".join(missing)))
    names = [r["name"] for r in params["routes"]]
    twice = sorted(set(n for n in names if names.count(n) > 1))
    return "Route names must be unique; %s appears more than once." % ", ".join(repr(n) for n in twice) if twice else None


def validate(params):
    return _trunks_error(params) or _routes_error(params)


def ensure(module):
    params = module.params
    api = sip.api_of(params)
    trunks = {t["fqdn"]: sip.trunk_wire(api, t) for t in params["trunks"]}
    routes = [sip.route_wire(api, r) for r in params["routes"]]
    converger = sip.Converger(module.client, api, check_mode=module.check_mode)

    def holds(config):
        current = config.get("trunks") or {}
        listed = all(fqdn in current and all(current[fqdn].get(k) == v for k, v in fields.items()) for fqdn, fields in trunks.items())
        return listed and sip.same_routes(config.get("routes"), routes) and (not params["purge_trunks"] or set(current) == set(trunks))

    with failing_as("Could not set the SIP routing configuration"):
        converger.converge(lambda config: sip.plan_routing(config, trunks, routes, params["purge_trunks"]), holds)
    return sip.task_result(converger, module.diff_mode, **sip.configuration_result({k: v for k, v in converger.after.items() if k != "domains"}))


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            **sip.api_version_spec(),
            trunks=dict(type="list", elements="dict", required=True, options=dict(
                fqdn=dict(type="str", required=True),
                sip_signaling_port=dict(type="int", default=sip.DEFAULT_PORT),
                enabled=dict(type="bool"),
                direct_transfer=dict(type="bool"),
                privacy_header=dict(type="str", choices=["id", "none"]),
                ip_address_version=dict(type="str", choices=["ipv4", "ipv6"]),
            )),
            routes=dict(type="list", elements="dict", required=True, options=dict(
                name=dict(type="str", required=True),
                number_pattern=dict(type="str", required=True),
                trunks=dict(type="list", elements="str", default=[]),
                description=dict(type="str"),
                caller_id_override=dict(type="str"),
            )),
            purge_trunks=dict(type="bool", default=True),
        ),
        supports_check_mode=True,
    )
    module.run(validate, ensure)


if __name__ == "__main__":
    main()
