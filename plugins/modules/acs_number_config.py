#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_number_config
short_description: Route the calls of an Azure Communication Services phone number to a callback URL
version_added: 0.1.0
description:
  - Legacy API only (O(api_version=2020-07-20-preview1)). On the current API V(2025-06-01), the default, the task
    fails - incoming calls and SMS are routed with Event Grid (Call Automation), which this API does not configure.
  - Sets or removes the PSTN configuration (callback URL and application id) of a phone number an Azure Communication
    Services resource has acquired.
  - Reads the current configuration first, configures the number only when it differs, and unconfigures it only when it
    is configured.
author:
  - ACS Administration maintainers (@acs-administration)
options:
  phone_number:
    description:
      - The number, in E.164 form, for example V(+18005550100). It must be acquired by the resource.
    type: str
    required: true
  callback_url:
    description:
      - Absolute C(https://) URL the service calls for the number's events. Required with O(state=present).
      - A password in it (C(user:password@)) and the values of its query parameters (an Azure Function's C(?code=) key)
        are treated as secrets; they show as C(********) in results, diffs and logs.
    type: str
  application_id:
    description:
      - Id of the application that handles the number's calls.
      - When omitted, the application id the number has is kept. V("") removes it.
    type: str
  state:
    description:
      - V(present) configures the number; V(absent) removes its configuration.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.phone_api_version
  - acs.administration.acs.attributes
attributes:
  check_mode:
    description: Reads the configuration and reports whether it would change; sends no write.
    support: full
  diff_mode:
    description: Shows the callback URL and application id before and after.
    support: full
"""

EXAMPLES = r"""
- name: Send the events of the support line to our web hook
  acs.administration.acs_number_config:
    api_version: 2020-07-20-preview1
    connection_string: "{{ vault_acs_connection_string }}"
    phone_number: "+18005550100"
    callback_url: https://hooks.example.com/acs/support
    application_id: support-bot

- name: Configure every number a purchase acquired (connection from module_defaults)
  acs.administration.acs_number_config:
    api_version: 2020-07-20-preview1
    phone_number: "{{ item }}"
    callback_url: https://hooks.example.com/acs/inbound
  loop: "{{ purchase.search.phone_numbers }}"

- name: Remove the routing of a number
  acs.administration.acs_number_config:
    api_version: 2020-07-20-preview1
    phone_number: "+18005550100"
    state: absent
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
pstn_configuration:
  description:
    - The number's configuration as it stands after the task (in check mode, as it would be); null when it has none.
  returned: always
  type: dict
  contains:
    callback_url:
      description: The callback URL, with its password and query values masked.
      type: str
      sample: https://hooks.example.com/acs/support
    application_id:
      description: The application id, when the number has one.
      type: str
      sample: support-bot
    azure_pstn_target_id:
      description: The number's routable target id, when the service reports one (not shown in the diff).
      type: str
      sample: 5d3f8a8e-0c1b-5f6e-9a57-3f1d2e4c6b7a
msg:
  description: What the task did (or, in check mode, would do).
  returned: always
  type: str
  sample: configured +18005550100
"""

from ansible_collections.acs.administration.plugins.module_utils.drivers.numbers_2020 import read_configuration
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSNotFoundError
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, failing_as
from ansible_collections.acs.administration.plugins.module_utils.module import phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.results import number_configuration_result, url_secrets
from ansible_collections.acs.administration.plugins.module_utils.api.versions import lacking_error
from ansible_collections.acs.administration.plugins.module_utils.validation import e164_error, https_url_error


def desired(current, callback_url, application_id):
    """The PstnConfiguration the task wants: an omitted application id keeps the current one, "" removes it."""
    wanted = {"callbackUrl": callback_url}
    if application_id is None:
        application_id = (current or {}).get("applicationId")
    if application_id:
        wanted["applicationId"] = application_id
    return wanted


def same(current, wanted):
    return current is not None and current.get("callbackUrl") == wanted.get("callbackUrl") \
        and (current.get("applicationId") or None) == (wanted.get("applicationId") or None)


def validate(params):
    return (lacking_error(params, "acs_number_config") or e164_error(params["phone_number"])
            or (https_url_error(params["callback_url"]) if params["state"] == "present" else None))


def _result(module, changed, verb, current, after, unchanged):
    """The result of a configure or unconfigure; `verb` says what was (or would be) done, `unchanged` why nothing was."""
    number = module.params["phone_number"]
    msg = "%s %s" % (("would " + verb) if module.check_mode else verb + "d", number) if changed else unchanged % number
    result = dict(changed=changed, msg=msg, pstn_configuration=number_configuration_result(after))
    if module.diff_mode:
        result["diff"] = dict(before=_diffed(current), after=_diffed(after))
    return result


def _diffed(config):
    """What the diff shows of a configuration: what a task sets (the service's target id is the number's, and check mode
    cannot know it before the first configuration)."""
    shown = number_configuration_result(config) or {}
    shown.pop("azure_pstn_target_id", None)
    return shown


def ensure_present(module):
    params, api, client = module.params, module.phone_numbers_api, module.client
    number = params["phone_number"]
    with failing_as("Could not configure %s" % number):
        current = read_configuration(client, api, number)
        wanted = desired(current, params["callback_url"], params["application_id"])
        # the routable target id belongs to the number, not to the task: it stays as the service reports it
        changed, after = not same(current, wanted), dict(wanted, **{k: v for k, v in (current or {}).items() if k == "azurePstnTargetId"})
        if changed and not module.check_mode:
            api.configure_number(client, number, wanted["callbackUrl"], wanted.get("applicationId"))
            after = read_configuration(client, api, number)
    return _result(module, changed, "configure", current, after, "%s is already configured as wanted")


def ensure_absent(module):
    api, client = module.phone_numbers_api, module.client
    number = module.params["phone_number"]
    with failing_as("Could not unconfigure %s" % number):
        try:
            current = read_configuration(client, api, number)
        except ACSNotFoundError:
            # A number that is not (or no longer) acquired has no configuration to remove.
            return dict(changed=False, msg="%s is not acquired by this resource; it has no configuration" % number,
                        pstn_configuration=None, **({"diff": {"before": {}, "after": {}}} if module.diff_mode else {}))
        changed, after = current is not None, None
        if changed and not module.check_mode:
            api.unconfigure_number(client, number)
            after = read_configuration(client, api, number)
    return _result(module, changed, "unconfigure", current, after, "%s has no configuration")


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            **phone_numbers_argument_spec(),
            phone_number=dict(type="str", required=True),
            callback_url=dict(type="str"),
            application_id=dict(type="str"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        required_if=[["state", "present", ["callback_url"]]],
        supports_check_mode=True,
    )
    # a key or password inside the callback URL is a secret wherever it appears (the echoed arguments included)
    module.no_log_values.update(url_secrets(module.params["callback_url"]))
    module.run(validate, {"present": ensure_present, "absent": ensure_absent}[module.params["state"]])


if __name__ == "__main__":
    main()
