#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_phone_number
short_description: Change the capabilities of acquired Azure Communication Services phone numbers, or release them
version_added: 0.1.0
description:
  - Works on phone numbers an Azure Communication Services resource has acquired (with M(acs.administration.acs_phone_search)).
  - With O(state=present) it adds and removes capabilities. It reads each number's current capabilities first and sends
    one update, for all the numbers, with only the difference; then it polls the update until it is C(Complete).
  - With O(state=released) it releases, with one request, the numbers that are still acquired and polls the release until
    it is C(Complete). Numbers that are no longer acquired are reported and left alone.
  - A request that may have been acted on is never re-sent blindly; the numbers (or the releases) are read again first.
author:
  - ACS Administration maintainers (@acs-administration)
options:
  phone_number:
    description:
      - One number in E.164 form, for example V(+18005550100). Mutually exclusive with O(phone_numbers).
    type: str
  phone_numbers:
    description:
      - Several numbers in E.164 form, handled with one request. Mutually exclusive with O(phone_number).
    type: list
    elements: str
  capabilities_add:
    description:
      - Capabilities the numbers must have, names of the API's Capability enum such as V(InboundCalling), V(OutboundCalling),
        V(InboundA2PSms) or V(OutboundA2PSms). Only with O(state=present).
    type: list
    elements: str
    default: []
  capabilities_remove:
    description:
      - Capabilities the numbers must not have. A capability cannot be in both lists. Only with O(state=present).
    type: list
    elements: str
    default: []
  state:
    description:
      - V(present) keeps the numbers and applies O(capabilities_add) and O(capabilities_remove). The numbers must be acquired.
      - V(released) releases them. This cannot be undone, and a released number may not be available again.
    type: str
    choices: [present, released]
    default: present
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.wait
attributes:
  check_mode:
    description: Reads the numbers and reports what would be updated or released; sends no write and does not wait.
    support: full
  diff_mode:
    description: Shows each number's acquired capabilities before and after, or whether it is acquired before and after a release.
    support: full
"""

EXAMPLES = r"""
- name: Let two numbers send and receive SMS, and stop outbound calls from one of them
  module_defaults:
    group/acs.administration.acs:
      connection_string: "{{ vault_acs_connection_string }}"
  block:
    - name: Add SMS to both numbers
      acs.administration.acs_phone_number:
        phone_numbers:
          - "+18005550100"
          - "+18005550101"
        capabilities_add:
          - InboundA2PSms
          - OutboundA2PSms

    - name: No outbound calls from the second one
      acs.administration.acs_phone_number:
        phone_number: "+18005550101"
        capabilities_remove:
          - OutboundCalling

- name: Release the numbers a purchase acquired
  acs.administration.acs_phone_number:
    phone_numbers: "{{ purchase.search.phone_numbers }}"
    state: released
  register: release

- name: Show the release
  ansible.builtin.debug:
    msg: "{{ release.released | length }} released by {{ release.release.release_id | default('nothing') }}"
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
phone_numbers:
  description:
    - The numbers of the task that are acquired at the end of it (in check mode, as they would be), with the API's fields in snake_case.
    - After a release, the numbers that are still acquired (normally none).
  returned: always
  type: list
  elements: dict
  contains:
    phone_number:
      description: The number, in E.164 form.
      type: str
      sample: "+18005550100"
    acquired_capabilities:
      description: The capabilities the number has.
      type: list
      elements: str
      sample: [Azure, InboundCalling, OutboundCalling, TollFree]
    available_capabilities:
      description: The capabilities the number can have.
      type: list
      elements: str
    assignment_status:
      description: C(Unassigned), C(UserAssigned), ...
      type: str
      sample: Unassigned
    place_name:
      description: Where the number is.
      type: str
      sample: Toll-Free, United States
    activation_state:
      description: C(Activated), C(UpdatePending), ...
      type: str
      sample: Activated
capabilities_update:
  description: The capabilities update the task sent, as the service reports it after the wait.
  returned: when capabilities were updated (not in check mode)
  type: dict
  contains:
    capabilities_update_id:
      description: Id of the update.
      type: str
    capabilities_update_status:
      description: C(Pending), C(InProgress), C(Complete) or C(Error); null with O(wait=false).
      type: str
      sample: Complete
    phone_number_capabilities_updates:
      description: What was added and removed, keyed by phone number.
      type: dict
      sample: {"+18005550100": {"add": [InboundA2PSms], "remove": []}}
release:
  description: The release the task started (or found under way after a lost response).
  returned: when numbers were released (not in check mode)
  type: dict
  contains:
    release_id:
      description: Id of the release.
      type: str
    status:
      description: C(Pending), C(InProgress), C(Complete), C(Failed) or C(Expired).
      type: str
      sample: Complete
    created_at:
      description: When the release was created.
      type: str
    error_message:
      description: The service's message when the release failed.
      type: str
    phone_number_release_status_details:
      description: Per number, its C(status) (C(Pending), C(InProgress), C(Success), C(Error)) and C(error_code).
      type: dict
      sample: {"+18005550100": {"status": Success, "error_code": null}}
released:
  description: The numbers this task released (or, in check mode, would release).
  returned: when O(state=released)
  type: list
  elements: str
  sample: ["+18005550100"]
not_acquired:
  description: The numbers of the task that were not acquired when it started (already released, say); nothing is done to them.
  returned: when O(state=released)
  type: list
  elements: str
  sample: []
actions:
  description: What the task did (or, in check mode, would do), in order.
  returned: always
  type: list
  elements: str
msg:
  description: The same as RV(actions), in one sentence.
  returned: always
  type: str
waits:
  description: One entry per wait of the task, with its C(phase) (V(capabilities) or V(release)), C(polls), C(waited_seconds) and C(statuses_seen).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.acs.administration.plugins.module_utils.acquired_numbers import NumberLifecycle
from ansible_collections.acs.administration.plugins.module_utils.errors import ACSError, TaskFailure
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule
from ansible_collections.acs.administration.plugins.module_utils.results import capabilities_update_result, release_status_result, snake_dict
from ansible_collections.acs.administration.plugins.module_utils.validation import CAPABILITIES, e164_error


def task_numbers(params):
    """phone_number or phone_numbers, without duplicates, in order."""
    return list(dict.fromkeys(([params["phone_number"]] if params.get("phone_number") else []) + list(params.get("phone_numbers") or [])))


def _capabilities_error(add, remove):
    for option, names in (("capabilities_add", add), ("capabilities_remove", remove)):
        unknown = [c for c in names if c not in CAPABILITIES]
        if unknown:
            return "%s has unknown capabilities %s; the API's capabilities are %s." % (
                option, ", ".join(map(repr, unknown)), ", ".join(CAPABILITIES))
    both = [c for c in add if c in remove]
    if both:
        return "%s cannot be both in capabilities_add and in capabilities_remove." % ", ".join(both)
    return None


def validate(params):
    """An error sentence about the options, or None; runs before anything is sent."""
    numbers = task_numbers(params)
    if not numbers:
        return "phone_numbers must list at least one number."
    for number in numbers:
        error = e164_error(number, "phone_number" if params.get("phone_number") else "phone_numbers")
        if error:
            return error
    add, remove = params["capabilities_add"], params["capabilities_remove"]
    error = _capabilities_error(add, remove)
    if not error and params["state"] == "released" and (add or remove):
        error = "capabilities_add and capabilities_remove do not go with state=released."
    return error


def _report(lifecycle):
    """What the task did, for success and failure alike."""
    result = dict(changed=lifecycle.changed, actions=lifecycle.actions, waits=lifecycle.waits)
    if lifecycle.release is not None:
        result["release"] = release_status_result(lifecycle.release)
    if lifecycle.capabilities_update is not None:
        result["capabilities_update"] = capabilities_update_result(lifecycle.capabilities_update)
    return result


def _drive(module, step, failed_to):
    """Run step(lifecycle, numbers) -> (numbers as they end, extra result, diff); a failure keeps what was done."""
    numbers = task_numbers(module.params)
    lifecycle = NumberLifecycle(module.client, module.phone_numbers_api, module.poller, **module.lifecycle_options())
    try:
        after, result, diff = step(lifecycle, numbers)
    except TaskFailure as exc:
        exc.result = _report(lifecycle)
        raise
    except ACSError as exc:
        raise TaskFailure("Could not %s %s: %s" % (failed_to, ", ".join(numbers), exc), error=exc, result=_report(lifecycle)) from None
    result.update(_report(lifecycle), msg="; ".join(lifecycle.actions) or "nothing to do",
                  phone_numbers=[snake_dict(after[n]) for n in numbers if n in after])
    if module.diff_mode:
        result["diff"] = diff
    return result


def ensure_present(module):
    def step(lifecycle, numbers):
        after = lifecycle.update_capabilities(numbers, module.params["capabilities_add"], module.params["capabilities_remove"])
        diff = dict(before={n: {"acquired_capabilities": d.get("acquiredCapabilities")} for n, d in lifecycle.before.items()},
                    after={n: {"acquired_capabilities": d.get("acquiredCapabilities")} for n, d in after.items()})
        return after, {}, diff

    return _drive(module, step, "update the capabilities of")


def ensure_released(module):
    def step(lifecycle, numbers):
        released, gone = lifecycle.release_numbers(numbers)
        if module.check_mode:
            after = {n: d for n, d in lifecycle.before.items() if n not in released}
        elif released:
            after = lifecycle.read(numbers)  # with wait=false the numbers are still acquired until the release completes
        else:
            after = lifecycle.before
        diff = dict(before={n: "acquired" if n in lifecycle.before else "not acquired" for n in numbers},
                    after={n: "acquired" if n in after else "not acquired" for n in numbers})
        return after, dict(released=released, not_acquired=gone), diff

    return _drive(module, step, "release")


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            phone_number=dict(type="str"),
            phone_numbers=dict(type="list", elements="str"),
            capabilities_add=dict(type="list", elements="str", default=[]),
            capabilities_remove=dict(type="list", elements="str", default=[]),
            state=dict(type="str", choices=["present", "released"], default="present"),
        ),
        wait=True,
        mutually_exclusive=[["phone_number", "phone_numbers"]],
        required_one_of=[["phone_number", "phone_numbers"]],
        supports_check_mode=True,
    )
    module.run(validate, {"present": ensure_present, "released": ensure_released}[module.params["state"]])


if __name__ == "__main__":
    main()
