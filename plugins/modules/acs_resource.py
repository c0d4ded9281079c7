#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_resource
short_description: Create, update and delete Azure Communication Services resources (Azure Resource Manager)
version_added: 0.2.0
description:
  - Manages a C(Microsoft.Communication/communicationServices) resource through Azure Resource Manager
    (api-version C(2025-05-01)), with its data location, tags, managed identity, C(disableLocalAuth), public network access
    and linked e-mail domains.
  - A resource that does not exist is created with one C(PUT) and the module waits until its provisioning succeeds. An
    existing one is changed with one C(PATCH) that carries only what differs; when nothing differs nothing is sent and
    the task reports C(changed=false).
  - The data location cannot change after creation; a different O(data_location) fails the task in one sentence and
    sends nothing.
  - Signs in to Azure Resource Manager with Microsoft Entra ID only (O(auth_source) other than V(access_key)); the
    token is asked for the audience the cloud names. The options O(connection_string), O(endpoint) and O(access_key)
    are for the data plane and refused here.
  - To read the keys of the resource, use M(acs.administration.acs_resource_key).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  name:
    description:
      - Name of the resource, 1 to 63 letters, digits, C(-) or C(_). Names are unique across Azure.
    type: str
    required: true
  resource_group:
    description:
      - Resource group of the resource. The group must exist; this module does not manage groups.
    type: str
    required: true
  state:
    description:
      - V(present) creates the resource or brings it to the options given; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  data_location:
    description:
      - Where the resource keeps its data at rest, for example V(United States), V(Europe), V(UK). Needed to create the
        resource; it cannot change afterwards.
    type: str
  tags:
    description:
      - Tags of the resource. Not given, the tags are left alone.
    type: dict
  purge_tags:
    description:
      - With V(true), tags not in O(tags) are removed; with V(false), O(tags) are added to the existing ones.
    type: bool
    default: true
  identity:
    description:
      - The managed identity of the resource. Not given, it is left alone.
    type: dict
    suboptions:
      type:
        description:
          - V(None), V(SystemAssigned), V(UserAssigned) or V(SystemAssigned,UserAssigned).
        type: str
        required: true
        choices: [None, SystemAssigned, UserAssigned, "SystemAssigned,UserAssigned"]
      user_assigned_identities:
        description:
          - Resource ids of the user-assigned identities (with a C(UserAssigned) type).
        type: list
        elements: str
  disable_local_auth:
    description:
      - With V(true) the resource's data plane refuses access keys (connection strings); only Microsoft Entra ID tokens work.
    type: bool
  public_network_access:
    description:
      - Whether the data plane is reachable from public networks.
    type: str
    choices: [Enabled, Disabled, SecuredByPerimeter]
  linked_domains:
    description:
      - Resource ids of the e-mail domains linked to the resource (the whole list).
    type: list
    elements: str
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.resource_manager
  - acs.administration.acs.wait
  - acs.administration.acs.attributes
attributes:
  check_mode:
    description: Reads the resource and reports what would be created, changed or deleted; sends no write.
    support: full
  diff_mode:
    description: Shows the resource (no keys) before and after the task.
    support: full
seealso:
  - module: acs.administration.acs_resource_info
  - module: acs.administration.acs_resource_key
"""

EXAMPLES = r"""
- name: A resource in Europe, with a system-assigned identity and no access keys on its data plane
  acs.administration.acs_resource:
    name: contoso-acs
    resource_group: rg-communication
    data_location: Europe
    tags:
      env: production
    identity:
      type: SystemAssigned
    disable_local_auth: true
  register: acs

- name: Add a tag and keep the others
  acs.administration.acs_resource:
    name: contoso-acs
    resource_group: rg-communication
    tags:
      owner: telephony
    purge_tags: false

- name: Delete it
  acs.administration.acs_resource:
    name: contoso-acs
    resource_group: rg-communication
    state: absent
"""

RETURN = r"""
resource:
  description:
    - The resource after the task (before it, with O(state=absent)); empty when there was none. No keys.
  returned: always
  type: dict
  contains:
    id:
      description: ARM id of the resource.
      type: str
    name:
      description: Its name.
      type: str
    host_name:
      description: Host name of its data plane (the endpoint of its connection strings).
      type: str
    data_location:
      description: Where its data is kept.
      type: str
    provisioning_state:
      description: C(Succeeded) once provisioned; C(Creating), C(Updating), C(Deleting) or C(Failed).
      type: str
    immutable_resource_id:
      description: The id that never changes (the one in communication user ids).
      type: str
    identity:
      description: The managed identity (C(type), C(principal_id), C(tenant_id), C(user_assigned_identities)).
      type: dict
    tags:
      description: Its tags.
      type: dict
    disable_local_auth:
      description: Whether access keys are refused.
      type: bool
    public_network_access:
      description: C(Enabled), C(Disabled) or C(SecuredByPerimeter).
      type: str
    linked_domains:
      description: Linked e-mail domains.
      type: list
      elements: str
  sample:
    id: /subscriptions/0000/resourceGroups/rg/providers/Microsoft.Communication/CommunicationServices/contoso-acs
    name: contoso-acs
    host_name: contoso-acs.europe.communication.azure.com
    data_location: Europe
    provisioning_state: Succeeded
actions:
  description: What the task did, in order.
  returned: always
  type: list
  elements: str
waits:
  description: Each wait for a long-running operation (C(polls), C(waited_seconds), C(statuses_seen)).
  returned: always
  type: list
  elements: dict
stats:
  description: Requests, retries, polls and seconds waited (see the acs doc fragment).
  returned: always
  type: dict
"""

from ansible_collections.acs.administration.plugins.module_utils.arm_module import arm_argument_spec, arm_client
from ansible_collections.acs.administration.plugins.module_utils.drivers import resource
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule


def ensure(module):
    params = module.params
    client = arm_client(module)
    life = resource.ResourceLifecycle(client, None, module.poller, **module.lifecycle_options())
    target = resource.Target(params["subscription_id"], params["resource_group"], params["name"])
    if params["state"] == "absent":
        before, after = life.absent(target), None
    else:
        before, after = life.present(target, params)
    shown = resource.resource_result(after if after is not None else before)
    result = {"changed": life.changed, "resource": shown, "actions": life.actions, "waits": life.waits}
    if module.diff_mode:
        result["diff"] = {"before": resource.resource_result(before), "after": resource.resource_result(after)}
    return result


def main():
    spec = dict(
        name=dict(type="str", required=True),
        resource_group=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        data_location=dict(type="str"),
        tags=dict(type="dict"),
        purge_tags=dict(type="bool", default=True),
        identity=dict(type="dict", options=dict(
            type=dict(type="str", required=True, choices=["None", "SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned"]),
            user_assigned_identities=dict(type="list", elements="str"))),
        disable_local_auth=dict(type="bool"),
        public_network_access=dict(type="str", choices=["Enabled", "Disabled", "SecuredByPerimeter"]),
        linked_domains=dict(type="list", elements="str"),
    )
    spec.update(arm_argument_spec())
    module = AnsibleACSModule(argument_spec=spec, wait=True, supports_check_mode=True)
    module.run(resource.validate, ensure)


if __name__ == "__main__":
    main()
