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
  - B(Current API) (V(2025-06-01), the default) - O(capabilities) gives the desired C(calling) and C(sms) values;
    O(state=released) releases. Each number is one request and one long-running operation; the numbers are handled in
    parallel, at most O(workers) at once, each thread reading its number, sending its own request and polling its own
    operation. A number already in the desired state gets no request. RV(results) says per number what was done.
  - On the current API a rerun while an earlier run's release or capabilities update of a number still runs starts
    nothing new - the API shows no running operation before a request, so the service's refusal (HTTP 409, naming the
    running operation) tells; the module waits for that operation and reports the number as V(already being released)
    or V(already being updated), not changed. After an update (or a failed release) it waits for, a number that still
    differs from the task gets this task's own request. A request retried after HTTP 429 or 503 (which the service did not
    act on) never takes another run's running operation for its own.
  - All the waits of the task, of every number, share one O(wait_timeout); with many numbers, raise it with their count
    divided by O(workers).
  - On the current API a number the resource does not hold ends in one sentence naming it, "The resource does not own
    <number>; ...", whether the service refuses the request at once (a capabilities update, HTTP 403) or accepts it
    and fails its operation (a release, HTTP 202); the other numbers of the task are not affected. With
    O(state=released), a number the resource no longer holds when the task reads it is reported as V(not owned) and
    left alone (nothing to release).
  - B(Legacy API) (O(api_version=2020-07-20-preview1)) - the rest of this description.
  - With O(state=present) it adds and removes capabilities. It reads each number's current capabilities first and sends
    one update, for all the numbers, with only the difference; then it polls the update until it is C(Complete).
  - With O(state=released) it releases, with one request, the numbers that are still acquired and polls the release until
    it is C(Complete). Numbers that are no longer acquired are reported and left alone.
  - A request that may have been acted on is never re-sent blindly; the numbers (or the releases) are read again first.
  - A rerun while a release or a capabilities update of the numbers is still running sends nothing again. A release
    under way is followed; a capabilities update under way shows as C(activation_state=UpdatePending) on its numbers,
    which the task reports and, with O(wait=true), waits out before sending what is still missing.
author:
  - ACS Administration maintainers (@acs-administration)
options:
  phone_number:
    description:
      - One number in E.164 form, for example V(+18005550100). Mutually exclusive with O(phone_numbers).
    type: str
  phone_numbers:
    description:
      - Several numbers in E.164 form, handled with one request (legacy API) or in parallel (current API). Mutually exclusive with O(phone_number).
    type: list
    elements: str
  capabilities_add:
    description:
      - Capabilities the numbers must have, names of the API's Capability enum such as V(InboundCalling), V(OutboundCalling),
        V(InboundA2PSms) or V(OutboundA2PSms). Only with O(state=present). Legacy API only.
    type: list
    elements: str
    default: []
  capabilities_remove:
    description:
      - Capabilities the numbers must not have. A capability cannot be in both lists. Only with O(state=present). Legacy API only.
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
  capabilities:
    description:
      - The desired capabilities, a dictionary with C(calling) and/or C(sms), each V(none), V(inbound), V(outbound) or
        V(inbound+outbound); a key left out is not changed. The number's offering bounds what it can have
        (see M(acs.administration.acs_offering_info)). Only with O(state=present). Current API only.
    type: dict
  workers:
    description:
      - How many numbers are handled at once (current API), each with its own request and poll. 1 to 50.
    type: int
    default: 10
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.wait
  - acs.administration.acs.phone_api_version
attributes:
  check_mode:
    description: Reads the numbers and reports what would be updated or released; sends no write and does not wait.
    support: full
  diff_mode:
    description: Shows each number's acquired capabilities before and after, or whether it is acquired before and after a release.
    support: full
"""

EXAMPLES = r"""
- name: Inbound and outbound calls, no SMS, on three numbers (current API)
  acs.administration.acs_phone_number:
    phone_numbers: ["+12065551000", "+12065551001", "+12065551002"]
    capabilities:
      calling: inbound+outbound
      sms: none
  register: updated

- name: Release twenty numbers, ten at a time
  acs.administration.acs_phone_number:
    phone_numbers: "{{ numbers_to_release }}"
    state: released
    workers: 10
  register: released

- name: Show what happened to each number
  ansible.builtin.debug:
    msg: "{{ released.results | map(attribute='action') | list }}"

- name: Let two numbers send and receive SMS, and stop outbound calls from one of them (legacy API)
  module_defaults:
    group/acs.administration.acs:
      connection_string: "{{ vault_acs_connection_string }}"
      api_version: 2020-07-20-preview1
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

- name: Release the numbers a purchase acquired (legacy API)
  acs.administration.acs_phone_number:
    api_version: 2020-07-20-preview1
    phone_numbers: "{{ purchase.search.phone_numbers }}"
    state: released
  register: release

- name: Show the release (legacy API)
  ansible.builtin.debug:
    msg: "{{ release.released | length }} released by {{ release.release.release_id | default('nothing') }}"
"""

RETURN = r"""
stats:
  description:
    - What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
    - C(waited_seconds) is wall time - on the current API, waits of numbers handled in parallel count once, so it is never
      more than the task took.
  returned: always
  type: dict
phone_numbers:
  description:
    - The numbers of the task that are acquired at the end of it (in check mode, as they would be), with the API's fields in snake_case.
    - After a release, the numbers that are still acquired (normally none).
    - On the current API each has C(id), C(phone_number), C(country_code), C(phone_number_type), C(assignment_type),
      C(capabilities) (C(calling), C(sms)), C(purchase_date) and C(cost).
  returned: always
  type: list
  elements: dict
  contains:
    phone_number:
      description: The number, in E.164 form.
      type: str
      sample: "+18005550100"
    capabilities:
      description: Its C(calling) and C(sms) capabilities (current API).
      type: dict
      sample: {"calling": "inbound+outbound", "sms": "none"}
    acquired_capabilities:
      description: The capabilities the number has (legacy API).
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
  description: The capabilities update the task sent, as the service reports it after the wait (legacy API).
  returned: when capabilities were updated (not in check mode), on the legacy API
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
  description: The release the task started (or found under way after a lost response) (legacy API).
  returned: when numbers were released (not in check mode), on the legacy API
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
results:
  description:
    - Per number of the task, in order (current API) - C(phone_number); C(changed); C(action) (V(none), V(updated),
      V(released), V(not owned), or V(already being released) and V(already being updated) when an earlier run's
      operation was running); C(operation_status) (V(succeeded), V(failed), V(accepted) with O(wait=false) or in
      check mode, V(timeout), or null when nothing was sent); C(polls); C(error) (null, or the sentence for that number);
      for capabilities C(before) and C(after) (the number), for releases C(owned_before) and C(owned_after).
  returned: on the current API
  type: list
  elements: dict
  sample: [{"phone_number": "+12065551000", "changed": true, "action": "released", "operation_status": "succeeded",
            "polls": 4, "error": null, "owned_before": true, "owned_after": false}]
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
  description:
    - One entry per wait of the task, with its C(phase) (V(capabilities) or V(release)), C(polls), C(waited_seconds) and C(statuses_seen);
      on the current API also C(phone_number), in the order of the task's numbers, and C(timed_out=true) on a wait that ran out of O(wait_timeout).
    - All the waits of a task share one budget, O(wait_timeout), also when numbers are handled in parallel.
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.acs.administration.plugins.module_utils.drivers.numbers_2020 import NumberLifecycle
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSError, TaskFailure
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule, phone_numbers_argument_spec
from ansible_collections.acs.administration.plugins.module_utils.drivers import pool
from ansible_collections.acs.administration.plugins.module_utils.drivers.numbers import NumberOperations
from ansible_collections.acs.administration.plugins.module_utils.api.versions import capabilities_error, driver, lacking_error
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
    error = lacking_error(params, "acs_phone_number")
    if error:
        return error
    error = pool.workers_error(params["workers"])
    if error:
        return error
    numbers = task_numbers(params)
    if not numbers:
        return "phone_numbers must list at least one number."
    for number in numbers:
        error = e164_error(number, "phone_number" if params.get("phone_number") else "phone_numbers")
        if error:
            return error
    return driver(params, current=_validate_current, legacy=_validate_legacy)(params)


def _validate_current(params):
    error = capabilities_error(params["capabilities"])
    if not error and params["state"] == "released" and params["capabilities"]:
        error = "capabilities does not go with state=released."
    if not error and params["state"] == "present" and not params["capabilities"]:
        error = "capabilities must give calling and/or sms with state=present."
    return error


def _validate_legacy(params):
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


def _current(module, released):
    """Current API: one operation per number, in parallel; fails when any number failed, with every result."""
    params = module.params
    numbers = task_numbers(params)
    operations = NumberOperations(module.client, module.phone_numbers_api, workers=params["workers"], poller=module.poller,
                                  **module.lifecycle_options())
    if released:
        results = operations.run_all(numbers, operations.release)
    else:
        results = operations.run_all(numbers, lambda number: operations.update_capabilities(number, params["capabilities"]))
    verb = "would be " if module.check_mode else ""
    actions = ["%s %s%s" % (r["phone_number"], verb, r["action"]) for r in results if r["changed"] or r["action"] != "none"]
    order = {n: i for i, n in enumerate(numbers)}
    waits = sorted(operations.waits, key=lambda w: order.get(w.get("phone_number"), len(order)))
    result = dict(changed=any(r["changed"] for r in results), results=results, actions=actions, waits=waits,
                  msg="; ".join(actions) or "every number is already in the desired state")
    result.update(_released_result(results) if released else _capabilities_result(results))
    if not module.diff_mode:
        result.pop("diff")
    failed = [r for r in results if r["error"]]
    if failed:
        result.pop("msg")
        raise TaskFailure("%d of %d number(s) failed: %s" % (len(failed), len(results), " ".join(r["error"] for r in failed)),
                          result=result)
    return result


def _released_result(results):
    """Current API, state=released: what was released, what was not owned, and the diff of ownership."""
    return dict(released=[r["phone_number"] for r in results if r["action"] == "released"],
                not_acquired=[r["phone_number"] for r in results if r["action"] == "not owned"],
                phone_numbers=[],
                diff=dict(before={r["phone_number"]: "owned" if r["owned_before"] else "not owned" for r in results},
                          after={r["phone_number"]: "owned" if r["owned_after"] else "not owned" for r in results}))


def _capabilities_result(results):
    """Current API, state=present: the numbers as they end, and the diff of their capabilities."""
    return dict(phone_numbers=[r["after"] for r in results if r["after"]],
                diff=dict(before={r["phone_number"]: (r["before"] or {}).get("capabilities") for r in results},
                          after={r["phone_number"]: (r["after"] or {}).get("capabilities") for r in results}))


def ensure_present(module):
    return driver(module.params, current=_update_current, legacy=_update_legacy)(module)


def _update_current(module):
    return _current(module, released=False)


def _update_legacy(module):
    def step(lifecycle, numbers):
        after = lifecycle.update_capabilities(numbers, module.params["capabilities_add"], module.params["capabilities_remove"])
        diff = dict(before={n: {"acquired_capabilities": d.get("acquiredCapabilities")} for n, d in lifecycle.before.items()},
                    after={n: {"acquired_capabilities": d.get("acquiredCapabilities")} for n, d in after.items()})
        return after, {}, diff

    return _drive(module, step, "update the capabilities of")


def ensure_released(module):
    return driver(module.params, current=_release_current, legacy=_release_legacy)(module)


def _release_current(module):
    return _current(module, released=True)


def _release_legacy(module):
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
            capabilities=dict(type="dict"),
            workers=dict(type="int", default=10),
            **phone_numbers_argument_spec()
        ),
        wait=True,
        mutually_exclusive=[["phone_number", "phone_numbers"]],
        required_one_of=[["phone_number", "phone_numbers"]],
        supports_check_mode=True,
    )
    module.run(validate, {"present": ensure_present, "released": ensure_released}[module.params["state"]])


if __name__ == "__main__":
    main()
