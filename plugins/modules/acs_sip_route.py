#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_sip_route
short_description: Add, update, move or remove one voice route (direct routing) of an Azure Communication Services resource
version_added: 0.1.0
description:
  - Manages one voice route of the resource's direct routing configuration, by O(name). Routes apply in order, the first
    whose number pattern matches a called number wins; the call then tries the route's trunks in order.
  - The service only takes the list of routes as a whole. The module reads it, changes this route alone and writes the
    list back; the other routes are left as they are. The API has no ETag, so after writing the module reads the list
    again, and when another writer's list replaced its own it starts again from what is there (up to 5 times), so two
    tasks adding their own route at the same time both end with their route present.
  - Checks what the service would refuse before writing (empty or too long name, a number pattern that is not a .NET
    regular expression or can match more than digits and C(+), a trunk named twice, a trunk the configuration lacks).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  name:
    description:
      - Name of the route, unique in the configuration. At most 256 characters.
    type: str
    required: true
  number_pattern:
    description:
      - The .NET regular expression a called number must match, for example V(^\\+1425\\d{7}$). It must match only
        digits with an optional leading C(+). It matches anywhere in the number unless anchored with C(^) and C($).
      - Required with O(state=present).
    type: str
  trunks:
    description:
      - FQDNs of the trunks the route tries, in order. Each must be a trunk of the configuration
        (M(acs.administration.acs_sip_trunk)).
      - When omitted, an existing route keeps its trunks and a new one has none.
    type: list
    elements: str
  description:
    description:
      - Description of the route, at most 1024 characters. When omitted, an existing route keeps its description.
    type: str
  caller_id_override:
    description:
      - Caller id that replaces the one of outgoing calls on this route. Needs O(api_version=2024-11-15-preview).
    type: str
  position:
    description:
      - Where the route goes in the list, V(first), V(last), V(before:<route name>) or V(after:<route name>).
      - A new route goes last when omitted; an existing route keeps its place unless O(position) is given.
    type: str
  state:
    description:
      - V(present) adds, updates or moves the route; V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  api_version:
    description:
      - The SIP routing API version. V(2024-11-15-preview) is needed for O(caller_id_override).
      - On V(2023-03-01) the caller id overrides of the other routes are not visible, and writing the list drops them;
        use the preview version on a resource whose routes have one.
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
- name: Route Seattle numbers to the Seattle SBC, before every other route
  acs.administration.acs_sip_route:
    connection_string: "{{ vault_acs_connection_string }}"
    name: seattle
    number_pattern: ^\+1(425|206)\d{7}$
    trunks: [sbc1.contoso.com, sbc2.contoso.com]
    description: Seattle numbers
    position: first

- name: Everything else in the US, right after the Seattle route
  acs.administration.acs_sip_route:
    name: us
    number_pattern: ^\+1\d{10}$
    trunks: [sbc2.contoso.com]
    position: after:seattle

- name: Remove a route
  acs.administration.acs_sip_route:
    name: us
    state: absent
"""

RETURN = r"""
route:
  description: The route after the task (in check mode, as it would be); null when it does not exist.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the route.
      type: str
      sample: seattle
    number_pattern:
      description: Its number pattern.
      type: str
      sample: ^\+1(425|206)\d{7}$
    trunks:
      description: The trunks it tries, in order.
      type: list
      elements: str
      sample: [sbc1.contoso.com]
    description:
      description: Its description, null when it has none.
      type: str
    caller_id_override:
      description: Its caller id override (preview API only, when it has one).
      type: str
position:
  description: The route's place in the list after the task, 1 for the first; null when it does not exist.
  returned: always
  type: int
  sample: 1
routes:
  description: The names of all routes after the task, in order.
  returned: always
  type: list
  elements: str
  sample: [seattle, us]
actions:
  description: What the task did (in check mode, would do).
  returned: always
  type: list
  elements: str
  sample: ["added route seattle at position 1"]
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
  sample: added route seattle at position 1
"""

from ansible_collections.acs.administration.plugins.module_utils.drivers import sip
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as


def validate(params):
    if params["state"] == "absent":
        return sip.name_error(params["name"])
    return (sip.version_error(params, ("caller_id_override",)) or sip.route_error(params)
            or sip.position_error(params["position"]))


def _result(module, converger):
    name = module.params["name"]
    routes = converger.after.get("routes") or []
    names = [r["name"] for r in routes]
    route = routes[names.index(name)] if name in names else None
    return sip.task_result(converger, module.diff_mode, route=sip.route_result(route) if route else None,
                           position=names.index(name) + 1 if route else None, routes=names)


def ensure_present(module):
    params = module.params
    api = sip.api_of(params)
    given = {k: v for k, v in params.items() if k in ("name", "number_pattern", "trunks", "description", "caller_id_override")}
    route = sip.route_wire(api, given)
    if params["trunks"] is None:
        del route["trunks"]  # an existing route keeps its trunks
    converger = sip.Converger(module.client, api, check_mode=module.check_mode)

    def holds(config):
        found = [r for r in config.get("routes") or [] if r["name"] == params["name"]]
        return bool(found) and all(found[0].get(k) == v for k, v in route.items())

    with failing_as("Could not set route %s" % params["name"]):
        converger.converge(lambda config: sip.plan_route(config, route, params["position"]), holds)
    return _result(module, converger)


def ensure_absent(module):
    name = module.params["name"]
    converger = sip.Converger(module.client, sip.api_of(module.params), check_mode=module.check_mode)
    with failing_as("Could not remove route %s" % name):
        converger.converge(lambda config: sip.plan_route_absent(config, name),
                           lambda config: all(r["name"] != name for r in config.get("routes") or []))
    return _result(module, converger)


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            **sip.api_version_spec(),
            name=dict(type="str", required=True),
            number_pattern=dict(type="str"),
            trunks=dict(type="list", elements="str"),
            description=dict(type="str"),
            caller_id_override=dict(type="str"),
            position=dict(type="str"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        required_if=[["state", "present", ["number_pattern"]]],
        supports_check_mode=True,
    )
    module.run(validate, {"present": ensure_present, "absent": ensure_absent}[module.params["state"]])


if __name__ == "__main__":
    main()
