#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_resource_info
short_description: Read Azure Communication Services resources (Azure Resource Manager)
version_added: 0.2.0
description:
  - Reads one C(Microsoft.Communication/communicationServices) resource by O(name), or lists every resource of a
    resource group (O(resource_group) alone) or of the subscription (neither), through Azure Resource Manager
    (api-version C(2025-05-01)). Never returns keys; see M(acs.administration.acs_resource_key).
  - Signs in with Microsoft Entra ID only (see O(auth_source)); O(connection_string), O(endpoint) and O(access_key) are
    refused here.
author:
  - ACS Administration maintainers (@acs-administration)
options:
  name:
    description:
      - Name of one resource; needs O(resource_group). A resource that does not exist gives an empty RV(resources).
    type: str
  resource_group:
    description:
      - Resource group to read, or of the resource named by O(name).
    type: str
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.resource_manager
  - acs.administration.acs.info_module
  - acs.administration.acs.attributes
seealso:
  - module: acs.administration.acs_resource
"""

EXAMPLES = r"""
- name: Every Communication Services resource of the subscription, by name and data location
  acs.administration.acs_resource_info:
    query: "resources[].{name: name, data_location: data_location}"
  register: all_resources

- name: One resource
  acs.administration.acs_resource_info:
    name: contoso-acs
    resource_group: rg-communication
  register: one

- name: Its data-plane host name
  ansible.builtin.debug:
    msg: "{{ one.resources[0].host_name }}"
"""

RETURN = r"""
resources:
  description: The resources found, each as M(acs.administration.acs_resource) returns RV(acs.administration.acs_resource#module:resource).
  returned: always
  type: list
  elements: dict
query_result:
  description: The value of O(query) against this result.
  returned: when O(query) is given
  type: raw
stats:
  description: Requests, retries, polls and seconds waited (see the acs doc fragment).
  returned: always
  type: dict
"""

from ansible_collections.acs.administration.plugins.module_utils.api import resource_manager_2025_05_01 as api
from ansible_collections.acs.administration.plugins.module_utils.arm_module import arm_argument_spec, arm_client
from ansible_collections.acs.administration.plugins.module_utils.drivers import resource
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSNotFoundError


def validate(params):
    if params.get("name") and not params.get("resource_group"):
        return "name needs resource_group."
    return None


def ensure_read(module):
    params = module.params
    client = arm_client(module)
    subscription = params["subscription_id"]
    with failing_as("Reading the Communication Services resources"):
        if params.get("name"):
            try:
                found = [api.get(client, subscription, params["resource_group"], params["name"])]
            except ACSNotFoundError:
                found = []
        else:
            found = api.list_resources(client, subscription, params.get("resource_group"))
    return {"changed": False, "resources": [resource.resource_result(r) for r in found]}


def main():
    spec = dict(name=dict(type="str"), resource_group=dict(type="str"))
    spec.update(arm_argument_spec())
    module = AnsibleACSModule(argument_spec=spec, info_module=True)
    module.run(validate, ensure_read)


if __name__ == "__main__":
    main()
