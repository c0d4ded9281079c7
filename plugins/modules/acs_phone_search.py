#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_phone_search
short_description: Reserve, purchase or cancel phone numbers of Azure Communication Services
version_added: 0.1.0
description:
  - Manages a phone number search of an Azure Communication Services resource. A search reserves numbers of a phone
    plan in an area code for about 16 minutes; purchasing it acquires them (and costs money); cancelling it gives them back.
  - The search's display name O(name) is what makes the task idempotent. The module first looks for a search with this
    name and only creates one when there is none that is pending, reserved, being purchased or purchased.
  - A purchase is never sent twice. After any failure where the service may have acted (a lost response, a server error)
    the module reads the search's status before doing anything else; a search whose CreateSearch response was lost is
    found again by its name.
  - Use M(acs.administration.acs_phone_search_info) to list searches, and the catalogue modules
    (M(acs.administration.acs_plan_group_info), M(acs.administration.acs_phone_plan_info),
    M(acs.administration.acs_location_info), M(acs.administration.acs_area_code_info)) to find O(phone_plan_ids),
    O(location_options) and O(area_code).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  name:
    description:
      - Display name of the search (at most 255 characters), the key that makes the task idempotent.
      - Required unless O(search_id) is given. With both, the search O(search_id) must have this name.
      - When the newest search with this name has ended (expired, cancelled, failed), O(state=reserved) creates a new one;
        O(state=purchased) fails and says so rather than reserving different numbers without being asked, except after
        status C(Error): such a search bought nothing (the service can end a search in C(Error), error code 1011, even after
        reserving its numbers), so O(state=purchased) creates a new one too, unless one of the numbers it listed is acquired.
      - Two runs at once with the same name buy once. After creating a search the module lists the searches again; when
        another run created one with this name first, the oldest wins in both runs, and the run whose search lost cancels
        it before anything is bought and goes on with the winner.
      - A search found by name that was made with another quantity, area code or plans is not changed; with
        O(state=purchased) the task fails without buying it.
    type: str
  search_id:
    description:
      - Id of an existing search to address directly, as returned in RV(search.search_id). Nothing is created then.
    type: str
  description:
    description:
      - Description of a new search (at most 255 characters).
    type: str
    default: Reserved by acs.administration.acs_phone_search
  phone_plan_ids:
    description:
      - Ids of the phone plans to reserve numbers from, all of the same country. Required to create a search.
    type: list
    elements: str
  area_code:
    description:
      - Area code of the numbers, one the plans offer (see M(acs.administration.acs_area_code_info)). Required to create a search.
    type: str
  quantity:
    description:
      - How many numbers to reserve, at most the plan's C(maximum_search_size).
    type: int
    default: 1
  location_options:
    description:
      - Where the numbers are, for plans whose location type is C(Selection). One path from the top of the plan's location
        tree to a leaf, as a list of dictionaries with C(label_id) and C(value); for example state V(CA) then city
        V(NOAM-US-CA-LA), as in the EXAMPLES.
      - An entry of the C(location_paths) that M(acs.administration.acs_location_info) returns can be given as is;
        keys other than C(label_id) and C(value) are ignored.
    type: list
    elements: dict
  state:
    description:
      - V(reserved) finds the search with this name or creates it, and waits until its numbers are reserved. A search that is
        already being purchased or purchased also satisfies V(reserved), so a play that reserves and then purchases stays idempotent.
      - V(purchased) reserves first when there is no search yet, waits for the reservation (even with O(wait=false)), purchases it
        once and waits for C(Success). A search that is already purchased is left alone.
      - V(cancelled) cancels a pending or reserved search and waits for C(Cancelled). A search that is already cancelled or
        expired, or no search with this name at all, is left alone; a purchased search cannot be cancelled.
    type: str
    choices: [reserved, purchased, cancelled]
    default: reserved
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
  - acs.administration.acs.wait
attributes:
  check_mode:
    description: Reads the search and reports what would be created, purchased or cancelled; sends no write and does not wait.
    support: full
  diff_mode:
    description: Shows the search's id, status and numbers before and after the task.
    support: full
notes:
  - A reservation lasts about 16 minutes. The module warns when a reservation expires within a minute of its purchase.
  - A search cannot be changed. When the search found by O(name) was created with another O(area_code), O(quantity) or
    O(phone_plan_ids), the module warns and leaves it as it is.
"""

EXAMPLES = r"""
- name: Reserve, then buy, two toll-free numbers
  module_defaults:
    group/acs.administration.acs:
      connection_string: "{{ vault_acs_connection_string }}"
  block:
    - name: Reserve two numbers in area code 833
      acs.administration.acs_phone_search:
        name: support-line
        phone_plan_ids:
          - "{{ toll_free_plan_id }}"
        area_code: "833"
        quantity: 2
        state: reserved
      register: reservation

    - name: Show what was reserved
      ansible.builtin.debug:
        msg: "Reserved {{ reservation.search.phone_numbers | join(', ') }} until {{ reservation.search.reservation_expiry_date }}"

    - name: Purchase them; a rerun is safe, the search is found by its name and bought once
      acs.administration.acs_phone_search:
        name: support-line
        phone_plan_ids:
          - "{{ toll_free_plan_id }}"
        area_code: "833"
        quantity: 2
        state: purchased
      register: purchase

- name: Reserve a geographic number in Los Angeles, using a path from acs_location_info
  acs.administration.acs_phone_search:
    name: la-office
    phone_plan_ids:
      - "{{ geographic_plan_id }}"
    area_code: "213"
    location_options:
      - label_id: state
        value: CA
      - label_id: city
        value: NOAM-US-CA-LA

- name: Give the reservation back
  acs.administration.acs_phone_search:
    name: la-office
    state: cancelled

- name: Start a purchase of a known search and return without waiting for it to finish
  acs.administration.acs_phone_search:
    search_id: "{{ reservation.search.search_id }}"
    state: purchased
    wait: false
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
search:
  description:
    - The search as the service shows it at the end of the task, with the API's fields in snake_case.
    - In check mode, when a search would be created, the options it would be created with (no C(search_id), C(status) null).
    - Null when O(state=cancelled) and there is no search with this name.
  returned: always
  type: dict
  contains:
    search_id:
      description: Id of the search.
      type: str
      sample: 0cc077cd-333a-39fd-90f7-560b1e06c63e
    display_name:
      description: Its display name (O(name)).
      type: str
      sample: support-line
    description:
      description: Its description.
      type: str
    status:
      description:
        - C(Pending), C(InProgress), C(Reserved), C(Completing), C(PurchasePending), C(Success), C(Cancelling), C(Cancelled),
          C(Expired), C(Error), or another value of the service's SearchStatus.
      type: str
      sample: Reserved
    phone_numbers:
      description: The reserved (or purchased) numbers, in E.164 form.
      type: list
      elements: str
      sample: ["+18005550100", "+18005550101"]
    reservation_expiry_date:
      description: When the reservation ends unless it is purchased.
      type: str
      sample: "2020-11-21T03:58:53.6019273+00:00"
    phone_plan_ids:
      description: The plans of the search.
      type: list
      elements: str
    area_code:
      description: The area code of the search.
      type: str
      sample: "833"
    quantity:
      description: How many numbers were asked for.
      type: int
      sample: 2
    location_options:
      description: The location path of the search, as C(name)/C(value) pairs.
      type: list
      elements: dict
    created_at:
      description: When the search was created.
      type: str
    error_code:
      description: The service's error code when the status is C(Error).
      type: int
      sample: 1000
actions:
  description: What the task did (or, in check mode, would do), in order.
  returned: always
  type: list
  elements: str
  sample: ["created search 0cc077cd-333a-39fd-90f7-560b1e06c63e ('support-line')",
           "waited for search 0cc077cd-333a-39fd-90f7-560b1e06c63e: Pending -> InProgress -> Reserved",
           "purchased search 0cc077cd-333a-39fd-90f7-560b1e06c63e",
           "waited for search 0cc077cd-333a-39fd-90f7-560b1e06c63e: Completing -> PurchasePending -> Success"]
msg:
  description: The same as RV(actions), in one sentence.
  returned: always
  type: str
waits:
  description: One entry per wait of the task.
  returned: always
  type: list
  elements: dict
  contains:
    phase:
      description: What was waited for, V(reservation), V(purchase) or V(cancellation).
      type: str
      sample: purchase
    search_id:
      description: The search polled.
      type: str
    polls:
      description: How many times the search was read.
      type: int
      sample: 4
    waited_seconds:
      description: Seconds from the first read to the last.
      type: float
      sample: 1.6
    statuses_seen:
      description: The statuses seen, in order.
      type: list
      elements: str
      sample: [Completing, PurchasePending, Success]
"""

from ansible_collections.acs.administration.plugins.module_utils.errors import ACSError, TaskFailure
from ansible_collections.acs.administration.plugins.module_utils.locations import location_path_error
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule
from ansible_collections.acs.administration.plugins.module_utils.results import search_diff, snake_dict
from ansible_collections.acs.administration.plugins.module_utils.searches import SearchLifecycle, create_options

GOAL = {"reserved": "Reserved", "purchased": "Success", "cancelled": "Cancelled"}


def _text_error(params):
    for option in ("name", "description"):
        value = params.get(option)
        if value is not None and (not value.strip() or len(value) > 255):
            return "%s must be 1 to 255 characters long." % option
    if params.get("name") is not None and params["name"] != params["name"].strip():
        return "name %r has leading or trailing spaces; a search is found by its exact name, so remove them." % params["name"]
    if params["quantity"] < 1:
        return "quantity must be 1 or more, not %d." % params["quantity"]
    area_code = params.get("area_code")
    if area_code is not None and not area_code.isdigit():
        return "area_code %r must be digits only, such as 800 or 425." % area_code
    if params.get("phone_plan_ids") is not None and not all(p and p.strip() for p in params["phone_plan_ids"]):
        return "phone_plan_ids must not contain empty ids."
    return None


def validate(params):
    """An error sentence about the options, or None; runs before anything is sent."""
    error = _text_error(params) or (location_path_error(params["location_options"]) if params.get("location_options") is not None else None)
    if error:
        return error
    if not params.get("search_id") and params["state"] != "cancelled":
        missing = [o for o in ("phone_plan_ids", "area_code") if not params.get(o)]
        if missing:
            return "%s %s needed to create a search named %r (state=%s without search_id)." % (
                " and ".join(missing), "are" if len(missing) > 1 else "is", params["name"], params["state"])
    return None


def _options(params):
    """The CreateSearchOptions of the task, or None when it names no plans, area code or name."""
    if params.get("phone_plan_ids") and params.get("area_code") and params.get("name"):
        return create_options(params["name"], params["description"], params["phone_plan_ids"], params["area_code"],
                              params["quantity"], params.get("location_options"))
    return None


def _report(module, lifecycle):
    search = lifecycle.search
    result = dict(changed=lifecycle.changed, actions=lifecycle.actions, waits=lifecycle.waits,
                  search=snake_dict(search) if search is not None else snake_dict(lifecycle.planned))
    if module.diff_mode:
        after = search_diff(search) if search is not None else search_diff(lifecycle.planned)
        if module.check_mode and lifecycle.changed:
            after = dict(after, status=GOAL[module.params["state"]])
        result["diff"] = dict(before=search_diff(lifecycle.before), after=after)
    return result


def _drive(module, step):
    """Find the search, take `step` (a SearchLifecycle method), and return the result; a failure keeps what was done."""
    params = module.params
    lifecycle = SearchLifecycle(module.client, module.phone_numbers_api, module.poller, warn=module.warn, **module.lifecycle_options())
    try:
        lifecycle.find(name=params.get("name"), search_id=params.get("search_id"))
        step(lifecycle)
    except TaskFailure as exc:
        exc.result = _report(module, lifecycle)
        raise
    except ACSError as exc:
        what = params.get("search_id") or repr(params.get("name"))
        raise TaskFailure("Could not bring search %s to state %s: %s" % (what, params["state"], exc), error=exc,
                          result=_report(module, lifecycle)) from None
    return dict(_report(module, lifecycle), msg="; ".join(lifecycle.actions) or "nothing to do")


def ensure_reserved(module):
    return _drive(module, lambda lifecycle: lifecycle.ensure_reserved(_options(module.params), by_id=bool(module.params["search_id"])))


def ensure_purchased(module):
    return _drive(module, lambda lifecycle: lifecycle.ensure_purchased(_options(module.params), by_id=bool(module.params["search_id"])))


def ensure_cancelled(module):
    return _drive(module, lambda lifecycle: lifecycle.ensure_cancelled())


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            name=dict(type="str"),
            search_id=dict(type="str"),
            description=dict(type="str", default="Reserved by acs.administration.acs_phone_search"),
            phone_plan_ids=dict(type="list", elements="str"),
            area_code=dict(type="str"),
            quantity=dict(type="int", default=1),
            location_options=dict(type="list", elements="dict"),
            state=dict(type="str", choices=["reserved", "purchased", "cancelled"], default="reserved"),
        ),
        wait=True,
        required_one_of=[["name", "search_id"]],
        supports_check_mode=True,
    )
    ensure = {"reserved": ensure_reserved, "purchased": ensure_purchased, "cancelled": ensure_cancelled}[module.params["state"]]
    module.run(validate, ensure)


if __name__ == "__main__":
    main()
