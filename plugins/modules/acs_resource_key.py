#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_resource_key
short_description: Read or regenerate the access keys of an Azure Communication Services resource
version_added: 0.2.0
description:
  - With O(state=present) (the default) reads the primary and secondary keys and connection strings of a
    C(Microsoft.Communication/communicationServices) resource (Azure Resource Manager C(listKeys)); nothing changes.
  - With O(state=regenerated) replaces the key named by O(key_type) (C(regenerateKey)) and returns the new key and
    connection string; the old key stops working at once. B(This changes the resource on every run) by design, since a
    rotation is an action, not a state. Guard the task so that a rerun does not rotate again, for example with
    a C(when) condition on a variable the operator sets for a rotation (C(-e rotate=true)), or run it from a play of its own such
    as C(playbooks/rotate_keys.yml).
  - B(The result holds secrets), so set C(no_log=true) on the task (the module warns when it returns keys from a
    task without it). Failure messages never contain a key.
  - Signs in with Microsoft Entra ID only (see O(auth_source)).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  name:
    description:
      - Name of the resource.
    type: str
    required: true
  resource_group:
    description:
      - Resource group of the resource.
    type: str
    required: true
  state:
    description:
      - V(present) reads the keys; V(regenerated) regenerates the one of O(key_type).
    type: str
    choices: [present, regenerated]
    default: present
  key_type:
    description:
      - Which key to regenerate (one at a time). Required with O(state=regenerated).
    type: str
    choices: [primary, secondary]
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.resource_manager
  - acs.administration.acs.attributes
attributes:
  check_mode:
    description:
      - With O(state=present) the keys are read as in a normal run (C(listKeys) changes nothing).
      - With O(state=regenerated) nothing is regenerated; the task reports C(changed=true) and returns no keys.
    support: full
  diff_mode:
    description: Keys are never shown; the diff names the key that would be regenerated.
    support: full
seealso:
  - module: acs.administration.acs_resource
"""

EXAMPLES = r"""
- name: Read the connection string of a resource
  acs.administration.acs_resource_key:
    name: contoso-acs
    resource_group: rg-communication
  register: acs_keys
  no_log: true

- name: Use it with the data-plane modules
  acs.administration.acs_user:
    connection_string: "{{ acs_keys.primary_connection_string }}"
    custom_ids: [alice@example.com]
  no_log: true

- name: Rotate the secondary key, only when asked for (ansible-playbook ... -e rotate=true)
  acs.administration.acs_resource_key:
    name: contoso-acs
    resource_group: rg-communication
    state: regenerated
    key_type: secondary
  register: rotated
  no_log: true
  when: rotate | default(false) | bool
"""

RETURN = r"""
primary_key:
  description: The primary key (state present, or after regenerating it).
  returned: success, not in check mode
  type: str
secondary_key:
  description: The secondary key (state present, or after regenerating it).
  returned: success, not in check mode
  type: str
primary_connection_string:
  description: C(endpoint=https://<host name>/;accesskey=<primary key>).
  returned: success, not in check mode
  type: str
secondary_connection_string:
  description: C(endpoint=https://<host name>/;accesskey=<secondary key>).
  returned: success, not in check mode
  type: str
actions:
  description: What the task did.
  returned: always
  type: list
  elements: str
stats:
  description: Requests, retries, polls and seconds waited (see the acs doc fragment).
  returned: always
  type: dict
"""

from ansible_collections.acs.administration.plugins.module_utils.api import resource_manager_2025_05_01 as api
from ansible_collections.acs.administration.plugins.module_utils.arm_module import arm_argument_spec, arm_client
from ansible_collections.acs.administration.plugins.module_utils.drivers import resource
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as


def validate(params):
    if params["state"] == "regenerated" and not params.get("key_type"):
        return "state=regenerated needs key_type (primary or secondary): the keys are regenerated one at a time."
    if params["state"] == "present" and params.get("key_type"):
        return "key_type is only used with state=regenerated."
    return None


def read_keys(module, target):
    with failing_as("Reading the keys of %s" % target.name):
        body = api.list_keys(module.client, *target.args())
    return dict(resource.key_result(body), changed=False, actions=["read the keys of %s" % target.name])


def regenerate(module, target):
    kind = module.params["key_type"]
    action = "regenerated the %s key of %s" % (kind, target.name)
    result = {"changed": True, "actions": [action]}
    if module.diff_mode:
        result["diff"] = {"before": {kind + "_key": "(current)"}, "after": {kind + "_key": "(regenerated)"}}
    if module.check_mode:
        with failing_as("Reading %s" % target.name):
            api.get(module.client, *target.args())
        return result
    with failing_as("Regenerating the %s key of %s" % (kind, target.name)):
        body = api.regenerate_key(module.client, *target.args(), kind.capitalize())
    result.update(resource.key_result(body, (kind,)))
    return result


NO_LOG_WARNING = ("The result of acs_resource_key holds the resource's keys and connection strings: set no_log: true on "
                  "the task so that they are not shown.")


def ensure(module):
    arm_client(module)
    params = module.params
    target = resource.Target(params["subscription_id"], params["resource_group"], params["name"])
    result = regenerate(module, target) if params["state"] == "regenerated" else read_keys(module, target)
    if not module.no_log and any(k.endswith("_key") for k in result if k != "diff"):
        module.warn(NO_LOG_WARNING)
    return result


def main():
    spec = dict(
        name=dict(type="str", required=True),
        resource_group=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "regenerated"]),
        key_type=dict(type="str", choices=["primary", "secondary"], no_log=False),
    )
    spec.update(arm_argument_spec())
    module = AnsibleACSModule(argument_spec=spec, supports_check_mode=True)
    module.run(validate, ensure)


if __name__ == "__main__":
    main()
